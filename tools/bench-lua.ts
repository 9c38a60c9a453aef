/**
 * `baton bench lua [--lua32 LUA [--luac32 LUAC]]`: the Lua target's
 * figures. A benchmark, not a test: it prints figures and writes them to
 * out/bench/lua.json; it never fails because a machine is slow.
 *
 * - IPC: call + replyRecv round trips per second through the kernel, the
 *   direct-call baseline and the ratio, and the Lua heap allocated over
 *   100,000 round trips, counted with the collector stopped
 *   (tools/bench.lua.ts, which checks its counters; built as board bundles are: minified,
 *   no debug hooks, the kernel built for apps/bench with the build's proofs), on lua5.1 and on LuaJIT and Lua 5.3 when installed;
 * - size: the demo's board bundle (dist/lua/demo.lua, minified), and how
 *   much of it is the kernel, the NodeMCU host layer and the app;
 * - memory: the Lua heap after the demo's bundle is loaded and its app
 *   booted, on the simulated NodeMCU firmware under lua5.1, less the heap
 *   before the bundle was loaded (the interpreter and the simulated
 *   firmware), and after 1 s of virtual time; and the same for the bundle
 *   compiled without debug information (`luac5.1 -s`), when luac5.1 is
 *   installed, and the code each part of the bundle brings (the kernel,
 *   the host layer, the app, the helpers: `codeHeapByPart`). With
 *   `--lua32 LUA` (and `--luac32 LUAC`, else LUA's name with luac for lua),
 *   the same under a 32-bit Lua 5.1, an ESP8266's pointer size;
 * - LFS: the demo from its Lua Flash Store layout (tools/lua/lfs.ts): the
 *   data heap after boot with the code left out, as flash holds it (target
 *   16 KB, on a 32-bit Lua), and the code the image holds (`lfsFigures`).
 *   Measured on a 64-bit PC: pointers there are twice an ESP8266's.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { ROOT, buildApp, buildRunner, bundle, lastBundleParts, lastModuleSpans, partOf } from "./lua/build";
import { LfsLayout, writeLfs } from "./lua/lfs";
import { trimmedFor } from "./build-steps";
import { bench } from "../apps/bench/app";

const LUAS = ["lua5.1", "luajit", "lua5.3"];
const BUDGET_BUNDLE = 20 * 1024;
const BUDGET_HEAP_KB = 64;
/** The demo's data heap with its code in LFS: what an ESP8266's ~40 KB leaves an app beside the firmware's own. */
const BUDGET_LFS_DATA_KB = 16;

function has(lua: string): boolean {
  const r = spawnSync(lua, ["-e", "require('bit')"], { stdio: "ignore" });
  return r.error === undefined && r.status === 0;
}

function figures(text: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    const sp = rest.indexOf(" ");
    if (sp > 0) out[rest.slice(0, sp)] = rest.slice(sp + 1);
  }
  return out;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** The Lua heap around loading `file` on the simulated firmware under `lua` (a Lua 5.1; KB). */
function heap(file: string, lua: string): { interpreter: string; heapBeforeBundleKB: number; heapAfterBootKB: number; batonAfterBootKB: number; heapAfter1sKB: number; batonAfter1sKB: number } {
  const m = spawnSync(lua, ["dist/lua/nodemcu-sim.lua", file, "--until", "1s", "--memory", "--quiet"], { cwd: ROOT, encoding: "utf8" });
  if (m.status !== 0) throw new Error(file + " on the simulated firmware failed: " + m.stderr);
  const mem = figures(m.stderr, "memory ");
  const before = Number(mem["before-bundle-kb"]);
  const booted = Number(mem["after-boot-kb"]);
  const end = Number(mem["at-end-kb"]);
  return {
    interpreter: lua,
    heapBeforeBundleKB: r1(before),
    heapAfterBootKB: r1(booted),
    batonAfterBootKB: r1(booted - before),
    heapAfter1sKB: r1(end),
    batonAfter1sKB: r1(end - before),
  };
}

/** The Lua heap (KB) that loading `luaFile` takes under `lua`: its code (function prototypes and constants), nothing run. */
function loadHeapKB(luaFile: string, lua: string): number {
  const settle = 'local function kb() local last, now = -1, 0 for i = 1, 8 do if now == last then break end last = now collectgarbage("collect") now = collectgarbage("count") end return now end ';
  const script = settle + 'local a = kb() local f = assert(loadfile(' + JSON.stringify(luaFile) + ')) print(kb() - a)';
  const r = spawnSync(lua, ["-e", script], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(lua + " could not load " + luaFile + ": " + r.stderr);
  return Number(r.stdout.trim());
}

type Part = "kernel" | "host" | "app" | "lualib";
const PARTS: Part[] = ["kernel", "host", "app", "lualib"];

/**
 * What each part of the demo's bundle costs in heap as code, stripped of
 * debug information (`luac -s`, as an LFS image or node.stripdebug(3)
 * leaves it): the heap of loading the whole bundle (in a fresh interpreter,
 * nothing run) less the heap of loading it with that part's modules emptied
 * (`function()end`). Strings two parts share count in neither; `shared` is
 * the rest (those strings, the loader). Loading holds all of the code;
 * after boot the main chunk and the module bodies, which run once, are
 * garbage, so the heap after boot can be less than this plus the data.
 */
function codeHeapByPart(text: string, spans: ReturnType<typeof lastModuleSpans>, lua: string, luac: string): { wholeKB: number; parts: Record<Part, number>; shared: number; withoutKernelKB: number } {
  const stripped = (name: string, code: string): number => {
    const src = "out/lua/parts/" + name + ".lua";
    const bin = "out/lua/parts/" + name + ".luac";
    mkdirSync(ROOT + "/out/lua/parts", { recursive: true });
    writeFileSync(ROOT + "/" + src, code);
    const c = spawnSync(luac, ["-s", "-o", bin, src], { cwd: ROOT, encoding: "utf8" });
    if (c.status !== 0) throw new Error(luac + " failed on " + src + ": " + c.stderr);
    return loadHeapKB(bin, lua);
  };
  const without = (part: Part): string => {
    const mods = [...spans].filter(([name]) => partOf(name) === part).map(([, sp]) => sp).sort((a, b) => b.start - a.start);
    let out = text;
    for (const sp of mods) out = out.slice(0, sp.start) + sp.key + "=function()end" + out.slice(sp.end);
    return out;
  };
  const whole = stripped("whole", text);
  const parts = { kernel: 0, host: 0, app: 0, lualib: 0 };
  let withoutKernel = 0;
  for (const p of PARTS) {
    const rest = stripped("without-" + p, without(p));
    parts[p] = r1(whole - rest);
    if (p === "kernel") withoutKernel = r1(rest);
  }
  const shared = r1(whole - parts.kernel - parts.host - parts.app - parts.lualib);
  return { wholeKB: r1(whole), parts: parts, shared: shared, withoutKernelKB: withoutKernel };
}

function r1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * The demo's heap figures under one Lua 5.1 (`lua`, with `luac` its
 * compiler): after boot and after 1 s, as built and stripped of debug
 * information, and the stripped code by part.
 */
function memoryFigures(text: string, spans: ReturnType<typeof lastModuleSpans>, lua: string, luac: string, label: string): {
  heap: ReturnType<typeof heap>;
  stripped: ReturnType<typeof heap> | undefined;
  code: ReturnType<typeof codeHeapByPart> | undefined;
} {
  const memory = heap("dist/lua/demo.lua", lua);
  console.log("  demo on " + label + ": Lua heap " + memory.heapAfterBootKB + " KB after boot, of which the bundle and its app " + memory.batonAfterBootKB +
    " KB (target " + BUDGET_HEAP_KB + " KB: " + (memory.batonAfterBootKB <= BUDGET_HEAP_KB ? "met" : "not met") + "); " + memory.batonAfter1sKB + " KB after 1 s of running");
  if (spawnSync(luac, ["-v"], { stdio: "ignore" }).status !== 0) {
    console.log("    " + luac + " not found: no figures without debug information");
    return { heap: memory, stripped: undefined, code: undefined };
  }
  // The same code without its debug information (what node.stripdebug(3) or an LFS image gives a board).
  const c = spawnSync(luac, ["-s", "-o", "out/lua/demo.stripped.luac", "dist/lua/demo.lua"], { cwd: ROOT, encoding: "utf8" });
  if (c.status !== 0) throw new Error(luac + " failed: " + c.stderr);
  const stripped = heap("out/lua/demo.stripped.luac", lua);
  console.log("    stripped of debug information (" + luac + " -s): the bundle and its app " + stripped.batonAfterBootKB + " KB after boot (target " + BUDGET_HEAP_KB + " KB: " +
    (stripped.batonAfterBootKB <= BUDGET_HEAP_KB ? "met" : "not met") + ")");
  const code = codeHeapByPart(text, spans, lua, luac);
  // Loading holds every function; after boot the chunk and the module bodies, run once, are garbage.
  console.log("    its code, loaded (stripped): " + code.wholeKB + " KB: kernel " + code.parts.kernel + ", NodeMCU host layer " + code.parts.host + ", app and drivers " + code.parts.app +
    ", lualib " + code.parts.lualib + ", shared strings and loader " + code.shared + "; without the kernel " + code.withoutKernelKB + " KB");
  return { heap: memory, stripped: stripped, code: code };
}

/** What the demo's LFS image would leave in RAM and hold in flash (tools/lua/lfs.ts). */
interface LfsFigures {
  interpreter: string;
  /** Heap after boot less the heap with the image's code loaded (its data: tables, closures, upvalues, strings made at run time). */
  dataAfterBootKB: number;
  dataAfter1sKB: number;
  /** The heap the image's code takes when loaded, stripped of debug information (what flash holds instead). */
  codeHeapKB: number;
  /** Its size as stripped bytecode (`luac -s`), summed over the image's files. */
  codeBytecodeBytes: number;
  targetDataKB: number;
}

/**
 * The demo from its LFS layout (`layout`) on the simulated firmware under
 * `lua` (a Lua 5.1), with the stand-in image of `nodemcu-sim.lua --lfs`:
 * it compiles every file before the heap is first read, so the heap after
 * boot less that reading is the data alone, the code being in flash on a
 * board. And the code itself: the heap of loading the files stripped of
 * debug information (`luac -s`, as the image keeps them) and their size.
 */
function lfsFigures(layout: LfsLayout, lua: string, luac: string, label: string): LfsFigures | undefined {
  const dir = relative(ROOT, layout.dir);
  const files = layout.files.map((f) => dir + "/" + f);
  const m = spawnSync(lua, ["dist/lua/nodemcu-sim.lua", "--lfs", layout.entry, ...files, "--until", "1s", "--memory", "--quiet"], { cwd: ROOT, encoding: "utf8" });
  if (m.status !== 0) throw new Error("the demo from its LFS layout failed under " + lua + ": " + m.stderr);
  const mem = figures(m.stderr, "memory ");
  const before = Number(mem["before-bundle-kb"]);
  const data = r1(Number(mem["after-boot-kb"]) - before);
  const data1s = r1(Number(mem["at-end-kb"]) - before);
  if (spawnSync(luac, ["-v"], { stdio: "ignore" }).status !== 0) {
    console.log("    from LFS (" + dir + "): data heap after boot " + data + " KB (target " + BUDGET_LFS_DATA_KB + " KB: " + (data <= BUDGET_LFS_DATA_KB ? "met" : "not met") + "); " + luac + " not found: no code figures");
    return undefined;
  }
  const out = "out/lua/lfs-code/" + label.replace(/[^a-z0-9]+/gi, "-");
  mkdirSync(join(ROOT, out), { recursive: true });
  let bytes = 0;
  const compiled: string[] = [];
  for (const f of files) {
    const bin = out + "/" + basename(f, ".lua") + ".luac";
    const c = spawnSync(luac, ["-s", "-o", bin, f], { cwd: ROOT, encoding: "utf8" });
    if (c.status !== 0) throw new Error(luac + " failed on " + f + ": " + c.stderr);
    bytes += statSync(join(ROOT, bin)).size;
    compiled.push(bin);
  }
  const settle = 'local function kb() local last, now = -1, 0 for i = 1, 8 do if now == last then break end last = now collectgarbage("collect") now = collectgarbage("count") end return now end ';
  const script = settle + "local keep = {} local a = kb() for _, f in ipairs({" + compiled.map((f) => JSON.stringify(f)).join(",") + "}) do keep[#keep + 1] = assert(loadfile(f)) end print(kb() - a)";
  const r = spawnSync(lua, ["-e", script], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(lua + " could not load the LFS files: " + r.stderr);
  const code = r1(Number(r.stdout.trim()));
  console.log("    from LFS (" + dir + ", code in flash): data heap after boot " + data + " KB (target " + BUDGET_LFS_DATA_KB + " KB: " + (data <= BUDGET_LFS_DATA_KB ? "met" : "not met") + "), " +
    data1s + " KB after 1 s; the image's code: " + code + " KB of heap when loaded, " + fmt(bytes) + " bytes of stripped bytecode (" + luac + " -s)");
  return { interpreter: lua, dataAfterBootKB: data, dataAfter1sKB: data1s, codeHeapKB: code, codeBytecodeBytes: bytes, targetDataKB: BUDGET_LFS_DATA_KB };
}

export interface LuaBench {
  /** A 32-bit Lua 5.1 to measure the heap under too. */
  lua32?: string;
  /** Its compiler (default: LUA's name with luac for lua). */
  luac32?: string;
}

/** Measures the Lua figures and writes out/bench/lua.json. */
export async function benchLua(o: LuaBench): Promise<void> {
  console.log("baton on Lua: figures");
  // Built as a board bundle is (minified, no debug hooks, the kernel built for apps/bench with the
  // build's proofs, tools/trim.ts): the figures are what a board runs.
  const entry = join(ROOT, "tools/bench.lua.ts");
  bundle("tools/bench.lua.ts", "out/lua/bench.lua", true, trimmedFor(ROOT, bench, join(ROOT, "apps/bench/app.ts"), [entry], false).texts);
  const ipc: Record<string, unknown>[] = [];
  for (const lua of LUAS) {
    if (!has(lua)) {
      console.log("  " + lua + ": not installed, skipped");
      continue;
    }
    const r = spawnSync(lua, ["out/lua/bench.lua"], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(lua + " failed: " + r.stderr);
    const f = figures(r.stdout);
    const row = {
      interpreter: lua,
      runtime: f.runtime,
      roundTrips: Number(f.roundTrips),
      kernelRoundTripsPerSec: Number(f.kernelRoundTripsPerSec),
      kernelNsPerRoundTrip: Number(f.kernelNsPerRoundTrip),
      directCallsPerSec: Number(f.directCallsPerSec),
      directNsPerCall: Number(f.directNsPerCall),
      ratio: Number(f.ratio),
      allocatedBytesOver100kRoundTrips: Number(f.allocatedBytesOver100kRoundTrips),
      allocatedBytesControl: Number(f.allocatedBytesControl),
      counterCheck: Number(f.counterCheck),
    };
    ipc.push(row);
    console.log("  " + lua + " (" + row.runtime + "): " + fmt(row.kernelRoundTripsPerSec) + " call+replyRecv round trips/s (" + row.kernelNsPerRoundTrip + " ns each), " +
      row.ratio + "x a direct call; Lua heap allocated over 100,000 round trips (collector stopped): " + row.allocatedBytesOver100kRoundTrips +
      " bytes (expected 0; a loop allocating a table and a string per iteration: " + fmt(row.allocatedBytesControl) + " bytes)");
  }

  const demo = await buildApp("demo");
  const parts = lastBundleParts(demo.bytes);
  const spans = lastModuleSpans();
  console.log("  dist/lua/demo.lua: " + fmt(demo.bytes) + " bytes (" + (demo.bytes / 1024).toFixed(1) + " KB; target " + BUDGET_BUNDLE / 1024 + " KB: " + (demo.bytes <= BUDGET_BUNDLE ? "met" : "not met") + ")");
  console.log("    kernel " + fmt(parts.kernel) + ", NodeMCU host layer " + fmt(parts.host) + ", app and drivers " + fmt(parts.app) + ", lualib " + fmt(parts.lualib) + ", bundle glue " + fmt(parts.other) + " bytes; without the kernel " + fmt(demo.bytes - parts.kernel) + " bytes");

  buildRunner();
  const text = readFileSync(demo.file, "utf8");
  // The demo's Lua Flash Store layout, as `baton build --target lua --app demo --lfs` writes it.
  const layout = writeLfs(text, spans, "demo", join(ROOT, "out/lua/lfs/demo"));
  const memory = memoryFigures(text, spans, "lua5.1", "luac5.1", "lua5.1 (simulated NodeMCU, 64-bit host)");
  const lfs = lfsFigures(layout, "lua5.1", "luac5.1", "lua5.1");
  // A 32-bit Lua 5.1 (an ESP8266's pointer size), when given.
  const lua32 = o.lua32;
  let memory32: ReturnType<typeof memoryFigures> | undefined = undefined;
  let lfs32: LfsFigures | undefined = undefined;
  if (lua32 !== undefined) {
    const luac32 = o.luac32 !== undefined ? o.luac32 : lua32.replace(/lua([^/\\]*)$/, "luac$1");
    memory32 = memoryFigures(text, spans, lua32, luac32, "a 32-bit lua5.1 (" + lua32 + ")");
    lfs32 = lfsFigures(layout, lua32, luac32, "lua32");
  }

  const result = {
    ipc: ipc,
    bundle: { file: "dist/lua/demo.lua", bytes: demo.bytes, parts: parts, targetBytes: BUDGET_BUNDLE },
    memory: memory.heap,
    memoryStripped: memory.stripped,
    codeHeapStrippedKB: memory.code,
    memory32: memory32,
    targetHeapKB: BUDGET_HEAP_KB,
    lfs: lfs,
    lfs32: lfs32,
  };
  mkdirSync(ROOT + "/out/bench", { recursive: true });
  writeFileSync(ROOT + "/out/bench/lua.json", JSON.stringify(result, null, 2) + "\n");
  console.log("  written: out/bench/lua.json");
}
