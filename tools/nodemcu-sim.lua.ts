/**
 * Runs a board bundle on the simulated NodeMCU firmware (sim/nodemcu.ts),
 * on a PC, built to `dist/lua/nodemcu-sim.lua`:
 *
 *   lua5.1 dist/lua/nodemcu-sim.lua dist/lua/<APP>.lua [--until 10s] [--chip esp8266|esp32]
 *          [--wire OUT:IN] [--edge PIN:LEVEL@TIME ...] [--start 0us] [--quiet]
 *
 * The bundle runs unchanged: it finds `tmr`, `gpio` and `node`, boots its
 * app and returns; then the firmware's event loop plays until the app
 * stops (nothing left to do: the self-test ends so) or until `--until` of
 * virtual time. What the board prints goes to stdout; the runner's own
 * report (why it stopped, steps per task) to stderr, unless `--quiet`.
 * Pins are the firmware's numbers (ESP8266: D-index; ESP32: GPIO). Times
 * take their unit: 500us, 20ms, 2s (a bare number is refused). `--memory` reports the Lua
 * heap (`collectgarbage("count")` after full collections until it settles) before the
 * bundle is loaded, after it booted its app, and at the end.
 *
 * A bundle run directly (`lua5.1 dist/lua/<APP>.lua`) finds no firmware and
 * runs itself through this file, next to it, with `--quiet`.
 *
 *   lua5.1 dist/lua/nodemcu-sim.lua --lfs <APP> dist/lua/lfs/<APP>/*.lua [options]
 *
 * runs an app from a Lua Flash Store instead (the layout of
 * `baton build --target lua --lfs`, tools/lua/lfs.ts): the files stand in
 * for the image `luac.cross -f` would make of them. Each is a module named
 * after its file (up to the first dot), compiled before anything runs, as
 * an image holds them; `node.LFS.get(name)` (and `node.flashindex`) gives
 * a module's main function, or nil, and `node.LFS.list()` their names.
 * Then `_init` runs when there is one, and the module `<APP>` starts the
 * app. With `--memory`, the heap before the bundle is read after that
 * compilation: its figures leave the code out, as flash holds it.
 */
import { SimFirmware } from "../sim/nodemcu";
import { timeForms, timeUs } from "./lua-time.lua";
import { settledHeapKB } from "../boards/nodemcu/heap";

/**
 * Lua's command-line arguments (arg[1] is the first), read from the global
 * table: inside a bundle's module function, Lua 5.1 would give `arg` the
 * function's own varargs instead.
 */
const arg = (globalThis as unknown as { arg: string[] }).arg;
declare function dofile(this: void, path: string): unknown;

function die(message: string): never {
  io.stderr.write("nodemcu-sim: " + message + "\n");
  return os.exit(2) as never;
}

function report(line: string): void {
  io.stderr.write(line + "\n");
}

/** A time argument in µs (see tools/lua-time.lua.ts); a bad one ends the program. */
function parseTime(s: string): number {
  const us = timeUs(s);
  if (us < 0) return die(timeForms(s));
  return us;
}

function toInt(s: string, what: string): number {
  const v = tonumber(s);
  if (v === undefined || Math.floor(v) !== v) return die("bad " + what + " '" + s + "'");
  return v;
}

let bundle = "";
let lfsStart = "";
const lfsFiles: string[] = [];
let until = 10000000;
let start = 0;
let chip = "esp8266";
let quiet = false;
let memory = false;
const wires: number[][] = [];
const edges: number[][] = [];
for (let i = 0; i < arg.length; i++) {
  const a = arg[i];
  const next = i + 1 < arg.length ? arg[i + 1] : "";
  if (a === "--until") until = parseTime(next);
  else if (a === "--start") start = parseTime(next);
  else if (a === "--chip") chip = next;
  else if (a === "--lfs") lfsStart = next;
  else if (a === "--quiet" || a === "--memory") {
    if (a === "--quiet") quiet = true;
    else memory = true;
    continue;
  } else if (a === "--wire") {
    const c = next.indexOf(":");
    if (c < 0) die("--wire wants OUT:IN");
    wires.push([toInt(next.slice(0, c), "pin"), toInt(next.slice(c + 1), "pin")]);
  } else if (a === "--edge") {
    const c = next.indexOf(":");
    const at = next.indexOf("@");
    if (c < 0 || at < c) die("--edge wants PIN:LEVEL@TIME");
    edges.push([toInt(next.slice(0, c), "pin"), toInt(next.slice(c + 1, at), "level"), parseTime(next.slice(at + 1))]);
  } else if (a.startsWith("--")) {
    die("unknown option " + a);
  } else {
    if (bundle === "") bundle = a;
    lfsFiles.push(a);
    continue;
  }
  i++;
}
if (lfsStart === "" && lfsFiles.length > 1) die("one bundle at a time (several files: an LFS image's, with --lfs <APP>)");
if (bundle === "") die("usage: lua5.1 dist/lua/nodemcu-sim.lua dist/lua/<APP>.lua [--until 10s] [--chip esp8266|esp32] [--wire OUT:IN] [--edge PIN:LEVEL@TIME] [--quiet] [--memory]\n" +
  "   or: lua5.1 dist/lua/nodemcu-sim.lua --lfs <APP> dist/lua/lfs/<APP>/*.lua [options]");
if (chip !== "esp8266" && chip !== "esp32") die("--chip is esp8266 or esp32");

const fw = new SimFirmware({ chip: chip, startUs: start });
for (let i = 0; i < wires.length; i++) fw.wire(wires[i][0], wires[i][1]);
for (let i = 0; i < edges.length; i++) fw.edge(edges[i][0], edges[i][1], start + edges[i][2]);
fw.install();

/** A module's name in an LFS image: its file's name up to the first dot (as luac.cross names it). */
function moduleName(file: string): string {
  let start = 0;
  for (let i = 0; i < file.length; i++) if (file.charAt(i) === "/" || file.charAt(i) === "\\") start = i + 1;
  while (file.charAt(start) === ".") start++;
  const dot = file.indexOf(".", start);
  return dot < 0 ? file.slice(start) : file.slice(start, dot);
}

type Main = (this: void, ...args: unknown[]) => unknown;

/** Compiles the LFS files and puts the stand-in for the image's access functions in `node`. */
function installLfs(): void {
  const modules = new LuaTable<string, Main>();
  const names: string[] = [];
  for (let i = 0; i < lfsFiles.length; i++) {
    const name = moduleName(lfsFiles[i]);
    if (modules.has(name)) die("two LFS files make the module '" + name + "'");
    const [fn, err] = loadfile(lfsFiles[i]);
    if (fn === undefined) die("LFS: " + err);
    modules.set(name, fn as Main);
    names.push(name);
  }
  const get = (name: string): Main | undefined => modules.get(name);
  const node = (globalThis as unknown as { node: { LFS?: unknown; flashindex?: unknown } }).node;
  node.LFS = { get: get, list: () => names };
  node.flashindex = get;
}

function runLfs(): unknown {
  const node = (globalThis as unknown as { node: { LFS: { get: (this: void, name: string) => Main | undefined } } }).node;
  const init = node.LFS.get("_init");
  if (init !== undefined) init();
  const start = node.LFS.get(lfsStart);
  if (start === undefined) return die("LFS: no module '" + lfsStart + "' among the files");
  return start();
}

if (lfsStart !== "") installLfs();
/** The heap, KB, after full collections until it settles (Lua shrinks its string table and buffers one step per cycle). */
const heapBefore = memory ? settledHeapKB() : 0;
const mod = (lfsStart !== "" ? runLfs() : dofile(bundle)) as { summary?: (this: void) => string[] } | undefined;
const heapBooted = memory ? settledHeapKB() : 0;
const idle = fw.runUntil(start + until);
if (memory) {
  report("memory before-bundle-kb " + heapBefore);
  report("memory after-boot-kb " + heapBooted);
  report("memory at-end-kb " + settledHeapKB());
}
if (!quiet) {
  report("nodemcu-sim: " + (idle ? "nothing left to do" : "time limit") + " at " + (fw.now - start) + " us of virtual time, " + fw.callbacks + " callbacks (" + chip + ")");
  if (mod !== undefined && mod.summary !== undefined) {
    const lines = mod.summary();
    for (let i = 0; i < lines.length; i++) report(lines[i]);
  }
}
