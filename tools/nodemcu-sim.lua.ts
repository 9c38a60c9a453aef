/**
 * Runs a board bundle on the simulated NodeMCU firmware (sim/nodemcu.ts),
 * on a PC, built to `dist/lua/nodemcu-sim.lua`:
 *
 *   lua5.1 dist/lua/nodemcu-sim.lua dist/lua/<APP>.lua [--until 10s] [--board nodemcu-devkit|esp32-devkit]
 *          [--wire OUT:IN] [--edge PIN:LEVEL@TIME ...] [--press PIN@TIME[+HOLD] ...] [--start 0us] [--quiet]
 *   lua5.1 dist/lua/nodemcu-sim.lua --help
 *
 * The bundle runs unchanged: it finds `tmr`, `gpio` and `node`, boots its
 * app and returns; then the firmware's event loop plays until the app
 * stops (nothing left to do: the self-test ends so) or until `--until` of
 * virtual time. What the board prints goes to stdout; the runner's own
 * report (why it stopped, steps per task) to stderr, unless `--quiet`.
 * Pins are named as apps and the board's pin map name them (BTN1, LED1,
 * LOOP_IN, D3), or given as the firmware's numbers (ESP8266: D-index;
 * ESP32: GPIO). `--press` presses a button: to its active level (0 for a
 * pin the board marks active low, as BTN1), and back after HOLD (default
 * 50ms). `--chip esp32` is `--board esp32-devkit`. Times
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
import { BOARDS, NodeMcuBoard, findBoard } from "../boards/nodemcu/index";
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

const USAGE = [
  "usage: lua5.1 dist/lua/nodemcu-sim.lua dist/lua/<APP>.lua [options]",
  "   or: lua5.1 dist/lua/nodemcu-sim.lua --lfs <APP> dist/lua/lfs/<APP>/*.lua [options]",
  "runs a NodeMCU board bundle on a simulated NodeMCU firmware (sim/nodemcu.ts)",
  "options:",
  "  --board NAME           the board: " + boardNames() + " (default nodemcu-devkit)",
  "  --chip esp8266|esp32   the same as --board nodemcu-devkit / esp32-devkit",
  "  --until TIME           virtual time to run, with its unit (default 10s)",
  "  --start TIME           the firmware's clock at the start (default 0us)",
  "  --edge PIN:LEVEL@TIME  input PIN goes to LEVEL (0 or 1) at TIME",
  "  --press PIN@TIME[+HOLD] a press of the button on PIN at TIME: to its active level (0 for the board's",
  "                         active-low pins, as BTN1), back after HOLD (default 50ms)",
  "  --wire OUT:IN          a jumper: what is written to OUT drives IN",
  "  --memory               report the Lua heap before the bundle, after boot and at the end",
  "  --quiet                no report on stderr",
  "  --lfs APP              run APP from the Lua Flash Store files given",
  "  -h, --help             this help",
  "PIN: a name of the board's pin map (BTN1, LED1, LOOP_IN, D3) or a firmware pin number.",
  "TIME: a number with its unit: 500us, 20ms, 2s.",
  "example: lua5.1 dist/lua/nodemcu-sim.lua dist/lua/demo.lua --until 2s --press BTN1@250ms",
];

function boardNames(): string {
  let out = "";
  for (let i = 0; i < BOARDS.length; i++) out += (i > 0 ? ", " : "") + BOARDS[i].name;
  return out;
}

let bundle = "";
let lfsStart = "";
const lfsFiles: string[] = [];
let until = 10000000;
let start = 0;
let boardName = "nodemcu-devkit";
let quiet = false;
let memory = false;
/** Pins as given (names or numbers), resolved once the board is known. */
const wires: string[][] = [];
const edges: string[][] = [];
/** Presses: pin, time, hold. */
const presses: string[][] = [];
for (let i = 0; i < arg.length; i++) {
  const a = arg[i];
  const next = i + 1 < arg.length ? arg[i + 1] : "";
  if (a === "--help" || a === "-h") {
    for (let k = 0; k < USAGE.length; k++) print(USAGE[k]);
    os.exit(0);
  }
  const takesValue = a === "--until" || a === "--start" || a === "--chip" || a === "--board" || a === "--lfs" || a === "--wire" || a === "--edge" || a === "--press";
  if (takesValue && i + 1 >= arg.length) die(a + " needs a value (--help lists the options)");
  if (a === "--until") until = parseTime(next);
  else if (a === "--start") start = parseTime(next);
  else if (a === "--chip") {
    if (next !== "esp8266" && next !== "esp32") die("--chip is esp8266 or esp32");
    boardName = next === "esp32" ? "esp32-devkit" : "nodemcu-devkit";
  } else if (a === "--board") boardName = next;
  else if (a === "--lfs") lfsStart = next;
  else if (a === "--quiet" || a === "--memory") {
    if (a === "--quiet") quiet = true;
    else memory = true;
    continue;
  } else if (a === "--wire") {
    const c = next.indexOf(":");
    if (c < 0) die("--wire wants OUT:IN");
    wires.push([next.slice(0, c), next.slice(c + 1)]);
  } else if (a === "--edge") {
    const c = next.indexOf(":");
    const at = next.indexOf("@");
    if (c < 0 || at < c) die("--edge wants PIN:LEVEL@TIME");
    edges.push([next.slice(0, c), next.slice(c + 1, at), next.slice(at + 1)]);
  } else if (a === "--press") {
    const at = next.indexOf("@");
    if (at < 0) die("--press wants PIN@TIME or PIN@TIME+HOLD");
    const plus = next.indexOf("+", at);
    presses.push([next.slice(0, at), plus < 0 ? next.slice(at + 1) : next.slice(at + 1, plus), plus < 0 ? "50ms" : next.slice(plus + 1)]);
  } else if (a.startsWith("-")) {
    die("unknown option " + a + " (--help lists the options)");
  } else {
    if (bundle === "") bundle = a;
    lfsFiles.push(a);
    continue;
  }
  i++;
}
if (lfsStart === "" && lfsFiles.length > 1) die("one bundle at a time (several files: an LFS image's, with --lfs <APP>)");
if (bundle === "") die(USAGE[0] + "\n" + USAGE[1] + "\n(--help lists the options)");
const found = findBoard(boardName);
if (found === undefined) die("--board: unknown board '" + boardName + "'; boards: " + boardNames());
const board = found as NodeMcuBoard;

/** The firmware pin `name` stands for on the board: a name of its pin map, or a number. */
function pinOf(name: string, what: string): number {
  const p = board.pins[name];
  if (p !== undefined) return p;
  const v = tonumber(name);
  if (v !== undefined && Math.floor(v) === v && v >= 0) return v;
  let names = "";
  for (const n in board.pins) names += (names !== "" ? ", " : "") + n;
  return die(what + ": unknown pin '" + name + "' on " + board.title + "; pins: " + names + ", or a firmware pin number");
}

const fw = new SimFirmware({ chip: board.chip, startUs: start });
for (let i = 0; i < wires.length; i++) fw.wire(pinOf(wires[i][0], "--wire"), pinOf(wires[i][1], "--wire"));
for (let i = 0; i < edges.length; i++) fw.edge(pinOf(edges[i][0], "--edge"), toInt(edges[i][1], "level"), start + parseTime(edges[i][2]));
for (let i = 0; i < presses.length; i++) {
  const pin = pinOf(presses[i][0], "--press");
  const active = board.activeLow.indexOf(presses[i][0]) >= 0 ? 0 : 1;
  const at = start + parseTime(presses[i][1]);
  fw.edge(pin, active, at);
  fw.edge(pin, 1 - active, at + parseTime(presses[i][2]));
}
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
  report("nodemcu-sim: " + (idle ? "nothing left to do" : "time limit") + " at " + (fw.now - start) + " us of virtual time, " + fw.callbacks + " callbacks (" + board.name + ")");
  if (mod !== undefined && mod.summary !== undefined) {
    const lines = mod.summary();
    for (let i = 0; i < lines.length; i++) report(lines[i]);
  }
}
