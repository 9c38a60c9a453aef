/**
 * `baton bench ipc [--espruino PATH]`: the IPC figures on Node, then one
 * table of every runtime measured. A benchmark, not a test: it prints
 * figures and writes them to out/bench/ipc-node.json and out/bench/bench.json;
 * it never fails because a machine is slow, and what it cannot measure it
 * reports as "not measured (why)". It fails (a message, exit 1) when a
 * figure would be about work that was not done: each timed run is checked
 * by its counter (tools/bench/node-ipc.ts), and the allocation count must
 * see a loop that allocates.
 *
 * - call + replyRecv round trips per second through the kernel (two steps,
 *   two syscalls, two transfers each), after which the client's counter
 *   must have grown by exactly the round trips run;
 * - the same work as a plain function call, which V8 inlines into the loop
 *   (`directRoundTrips`: a loop increment, kept for comparison), and as a
 *   real call that V8 cannot inline (`realCallRoundTrips`: a megamorphic
 *   call site, see apps/bench/app.ts), and the kernel's ratio to each;
 * - what 100,000 round trips allocate, counted while they run: the garbage
 *   collections V8 makes meanwhile and the bytes allocated on its heap
 *   (expected: 0 and 0), beside the same count for a loop of 100,000
 *   iterations that allocates an object and a string in each, which must
 *   come out as allocating.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bench, directRoundTrips, realCallRoundTrips } from "../apps/bench/app";
import { run } from "../kernel/index";
import { spawnSync } from "node:child_process";
import { EspruinoIpc, espruinoIpc } from "./bench/espruino-ipc";
import { allocatingLoop, allocation, bootBench, checkKernelCounter, clientCounter, kernelRoundTrips, timeBaseline } from "./bench/node-ipc";

function best(f: () => number, reps: number): number {
  let b = Infinity;
  for (let i = 0; i < reps; i++) b = Math.min(b, f());
  return b;
}

const N = 2000000;
const ALLOC_N = 100000;

function r1(x: number): number {
  return Math.round(x * 10) / 10;
}

function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The Node figures; throws when a counter or the allocation control is wrong. */
function measureNode() {
  bootBench(bench);
  // Warm up every path so the JIT has settled.
  kernelRoundTrips(N);
  timeBaseline("direct call (inlined)", directRoundTrips, N);
  timeBaseline("real call", realCallRoundTrips, N);
  const kernelSec = best(() => kernelRoundTrips(N), 5);
  const directSec = best(() => timeBaseline("direct call (inlined)", directRoundTrips, N * 10), 5) / 10;
  const realSec = best(() => timeBaseline("real call", realCallRoundTrips, N), 5);

  // Allocation, counted while the round trips run (the check of the counter comes after, outside the count).
  kernelRoundTrips(ALLOC_N);
  const before = clientCounter();
  const kernelAlloc = allocation(() => {
    run(ALLOC_N * 2);
  });
  checkKernelCounter(before, ALLOC_N);
  allocatingLoop(ALLOC_N);
  const control = allocation(() => {
    allocatingLoop(ALLOC_N);
  });
  if (control.bytes < ALLOC_N) {
    throw new Error("the allocation count saw " + control.bytes + " bytes and " + control.gcs + " collections in a loop that allocates an object and a string in each of its " +
      ALLOC_N + " iterations: it cannot see allocation, so its figure for the kernel would mean nothing");
  }
  return {
    runtime: "node " + process.version,
    roundTrips: N,
    counterChecked: true,
    kernelRoundTripsPerSec: Math.round(N / kernelSec),
    kernelNsPerRoundTrip: r1((kernelSec / N) * 1e9),
    inlinedCall: {
      what: "directRoundTrips: one function called in a loop; V8 inlines it, so this is a loop increment",
      callsPerSec: Math.round(N / directSec),
      nsPerCall: r2((directSec / N) * 1e9),
      ratio: r1(kernelSec / directSec),
    },
    realCall: {
      what: "realCallRoundTrips: eight functions of the same shape through one megamorphic call site, which V8 does not inline",
      callsPerSec: Math.round(N / realSec),
      nsPerCall: r2((realSec / N) * 1e9),
      ratio: r1(kernelSec / realSec),
    },
    allocation: {
      roundTrips: ALLOC_N,
      gcs: kernelAlloc.gcs,
      bytes: kernelAlloc.bytes,
      expected: "0 collections, 0 bytes",
      met: kernelAlloc.gcs === 0 && kernelAlloc.bytes === 0,
      control: { what: "a loop of " + ALLOC_N + " iterations allocating an object and a string in each", gcs: control.gcs, bytes: control.bytes },
    },
  };
}

type NodeFigures = ReturnType<typeof measureNode>;

export interface IpcBench {
  /** An Espruino interpreter to measure too (the Linux build). */
  espruino?: string;
}

/** Measures the Node figures, then prints the table of every runtime; returns the exit code (1 when a check fails). */
export async function benchIpc(o: IpcBench): Promise<number> {
  let result: NodeFigures;
  try {
    result = measureNode();
  } catch (e) {
    console.error("bench: " + (e instanceof Error ? e.message : String(e)));
    return 1;
  }

  const alloc = result.allocation;
  console.log("baton IPC benchmark (Node)");
  console.log("  call+replyRecv round trips/s : " + result.kernelRoundTripsPerSec.toLocaleString("en-US") + "  (" + result.kernelNsPerRoundTrip + " ns each; the client's counter checked)");
  console.log("  inlined direct call/s        : " + result.inlinedCall.callsPerSec.toLocaleString("en-US") + "  (" + result.inlinedCall.nsPerCall + " ns each; V8 inlines it: a loop increment)");
  console.log("  real function call/s         : " + result.realCall.callsPerSec.toLocaleString("en-US") + "  (" + result.realCall.nsPerCall + " ns each; a megamorphic call site, not inlined)");
  console.log("  ratio kernel / inlined call  : " + result.inlinedCall.ratio + "x");
  console.log("  ratio kernel / real call     : " + result.realCall.ratio + "x");
  console.log("  allocation over " + ALLOC_N.toLocaleString("en-US") + " round trips: " + alloc.gcs + " garbage collections, " + alloc.bytes.toLocaleString("en-US") + " bytes (expected 0 and 0: " + (alloc.met ? "met" : "NOT met") + ")");
  console.log("    the same count for a loop allocating an object and a string per iteration: " + alloc.control.gcs + " collections, " + alloc.control.bytes.toLocaleString("en-US") + " bytes");
  mkdirSync("out/bench", { recursive: true });
  writeFileSync("out/bench/ipc-node.json", JSON.stringify(result, null, 2) + "\n");
  console.log("  written: out/bench/ipc-node.json");
  try {
    await table(result, o.espruino);
  } catch (e) {
    console.log("the table could not be made: " + (e instanceof Error ? e.message : String(e)));
  }
  return 0;
}

// ---- One table of every runtime: Node (above), Lua (from `npm run bench:lua`), Espruino (--espruino PATH).

interface Row {
  runtime: string;
  roundTripsPerSec: number | string;
  usPerRoundTrip: number | string;
  ratio: number | string;
  memoryGrowth: string;
}

function notMeasured(runtime: string, why: string): Row {
  return { runtime: runtime, roundTripsPerSec: "not measured (" + why + ")", usPerRoundTrip: "", ratio: "", memoryGrowth: "" };
}

/** The Lua rows from out/bench/lua.json, as `npm run bench:lua` writes it. */
function luaRows(): { rows: Row[]; json: unknown } {
  const f = "out/bench/lua.json";
  if (!existsSync(f)) return { rows: [notMeasured("Lua", "no out/bench/lua.json: run npm run bench:lua first")], json: { notMeasured: "no out/bench/lua.json" } };
  try {
    const j = JSON.parse(readFileSync(f, "utf8")) as { ipc?: { interpreter: string; runtime: string; kernelRoundTripsPerSec: number; kernelNsPerRoundTrip: number; ratio: number; allocatedBytesOver100kRoundTrips?: number }[] };
    const rows: Row[] = [];
    for (const r of j.ipc || []) {
      rows.push({
        runtime: r.runtime + " (" + r.interpreter + ")",
        roundTripsPerSec: r.kernelRoundTripsPerSec,
        usPerRoundTrip: Math.round(r.kernelNsPerRoundTrip / 100) / 10,
        ratio: r.ratio,
        memoryGrowth: r.allocatedBytesOver100kRoundTrips !== undefined ? r.allocatedBytesOver100kRoundTrips + " bytes of Lua heap allocated (collector stopped) / 100,000" : "not counted (an older out/bench/lua.json: rerun npm run bench:lua)",
      });
    }
    if (rows.length === 0) rows.push(notMeasured("Lua", "out/bench/lua.json has no IPC figures"));
    return { rows: rows, json: { from: f, writtenAt: statSync(f).mtime.toISOString(), ipc: j.ipc } };
  } catch (e) {
    return { rows: [notMeasured("Lua", "out/bench/lua.json unreadable: " + (e as Error).message)], json: { notMeasured: (e as Error).message } };
  }
}

/** Sizes of the built bundles (dist/espruino, dist/lua). */
function bundleSizes(): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  for (const d of ["dist/espruino", "dist/lua"]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) {
      if (!f.endsWith(".js") && !f.endsWith(".lua")) continue;
      out.push({ file: join(d, f), bytes: statSync(join(d, f)).size });
    }
  }
  return out;
}

/** One line per Espruino app (its Pico build, and the range over boards) and per Lua file. */
function sizeLines(sizes: { file: string; bytes: number }[]): string[] {
  const out: string[] = [];
  const apps: string[] = [];
  for (const s of sizes) {
    const m = /^dist\/espruino\/(.+)-([A-Z0-9]+)\.js$/.exec(s.file);
    if (m !== null && apps.indexOf(m[1]) < 0) apps.push(m[1]);
  }
  const kb = (b: number): string => (b / 1024).toFixed(1) + " KB";
  for (const a of apps) {
    const mine = sizes.filter((s) => s.file.startsWith("dist/espruino/" + a + "-"));
    const pico = mine.find((s) => s.file.endsWith("-PICO.js"));
    const lo = Math.min(...mine.map((s) => s.bytes));
    const hi = Math.max(...mine.map((s) => s.bytes));
    out.push("Espruino " + a + ": " + (pico !== undefined ? pico.bytes.toLocaleString("en-US") + " bytes for the Pico; " : "") + mine.length + " board build(s), " + kb(lo) + (kb(hi) !== kb(lo) ? " to " + kb(hi) : ""));
  }
  for (const s of sizes) if (s.file.startsWith("dist/lua/")) out.push("Lua " + s.file.slice(9) + ": " + s.bytes.toLocaleString("en-US") + " bytes (" + kb(s.bytes) + ")");
  return out;
}

function cell(x: number | string, n: number): string {
  const s = typeof x === "number" ? x.toLocaleString("en-US") : x;
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

async function table(result: NodeFigures, path: string | undefined): Promise<void> {
  const alloc = result.allocation;
  const rows: Row[] = [];
  rows.push({
    runtime: result.runtime,
    roundTripsPerSec: result.kernelRoundTripsPerSec,
    usPerRoundTrip: Math.round(result.kernelNsPerRoundTrip / 100) / 10,
    ratio: result.realCall.ratio,
    memoryGrowth: alloc.bytes + " bytes allocated, " + alloc.gcs + " collections / 100,000",
  });
  const lua = luaRows();
  for (const r of lua.rows) rows.push(r);
  let esp: EspruinoIpc | string = "give --espruino PATH (an Espruino interpreter, e.g. the Linux build)";
  let espTool: unknown = undefined;
  if (path !== undefined) {
    // The Espruino figures of tools/bench-espruino.ts (plain and pretokenised), then the memory growth over 10,000 round trips.
    process.stderr.write("measuring on " + path + " (tools/bench-espruino.ts, then 10,000 round trips for memory) ...\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli.ts", "bench", "espruino", "--espruino", path], { encoding: "utf8", timeout: 600000 });
    if (r.status === 0 && existsSync("out/bench/espruino.json")) {
      try {
        espTool = JSON.parse(readFileSync("out/bench/espruino.json", "utf8"));
      } catch (e) {
        espTool = undefined;
      }
    } else {
      process.stderr.write("tools/bench-espruino.ts did not finish (" + r.status + "): " + (r.stderr || "").slice(-300) + "\n");
    }
    esp = await espruinoIpc(path, 300000);
  }
  const ipc = espTool !== undefined ? (espTool as { ipc?: { plain?: { kernelUs: number; ratio: number }; pretokenised?: { kernelUs: number; ratio: number } } }).ipc : undefined;
  if (typeof esp === "string") {
    rows.push(notMeasured("Espruino", esp));
  } else {
    const growth = esp.memoryGrowthOver10kRoundTrips + " variables (process.memory().usage) / 10,000";
    const plain = ipc !== undefined ? ipc.plain : undefined;
    const pretok = ipc !== undefined ? ipc.pretokenised : undefined;
    rows.push({
      runtime: esp.runtime,
      roundTripsPerSec: plain !== undefined ? Math.round(1e6 / plain.kernelUs) : esp.roundTripsPerSec,
      usPerRoundTrip: plain !== undefined ? Math.round(plain.kernelUs * 10) / 10 : esp.usPerRoundTrip,
      ratio: plain !== undefined ? Math.round(plain.ratio * 10) / 10 : esp.ratio,
      memoryGrowth: growth,
    });
    if (pretok !== undefined) {
      rows.push({ runtime: "  pretokenised", roundTripsPerSec: Math.round(1e6 / pretok.kernelUs), usPerRoundTrip: Math.round(pretok.kernelUs * 10) / 10, ratio: Math.round(pretok.ratio * 10) / 10, memoryGrowth: "" });
    }
    if (plain === undefined) rows.push({ runtime: "", roundTripsPerSec: "(tools/bench-espruino.ts gave no figures: these are tools/bench/espruino-ipc.ts's)", usPerRoundTrip: "", ratio: "", memoryGrowth: "" });
  }
  const sizes = bundleSizes();
  const luaJson = lua.json as { from?: string; writtenAt?: string };
  console.log("");
  console.log("baton IPC: call + replyRecv round trips through the kernel, against a function call doing the same work (on Node, the call V8 cannot inline)");
  console.log(cell("runtime", 26) + cell("round trips/s", 16) + cell("us each", 10) + cell("x a call", 15) + "  memory over the round trips");
  for (const r of rows) {
    if (r.usPerRoundTrip === "") console.log(cell(r.runtime, 26) + "  " + r.roundTripsPerSec);
    else console.log(cell(r.runtime, 26) + cell(r.roundTripsPerSec, 16) + cell(r.usPerRoundTrip, 10) + cell(r.ratio, 15) + "  " + r.memoryGrowth);
  }
  if (luaJson.from !== undefined) console.log("(Lua rows: " + luaJson.from + ", written by npm run bench:lua at " + luaJson.writtenAt + ")");
  console.log("");
  if (sizes.length === 0) console.log("bundle sizes: not measured (nothing built: npm run build:espruino, npm run build:lua)");
  else {
    console.log("bundle sizes (dist/):");
    for (const l of sizeLines(sizes)) console.log("  " + l);
  }
  const json = { node: result, lua: lua.json, espruino: typeof esp === "string" ? { notMeasured: esp } : { memory: esp, benchEspruino: espTool }, bundles: sizes, table: rows };
  writeFileSync("out/bench/bench.json", JSON.stringify(json, null, 2) + "\n");
  console.log("  written: out/bench/bench.json");
}
