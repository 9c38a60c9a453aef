/**
 * `npm run bench [-- --espruino PATH]`: the IPC figures on Node, then one
 * table of every runtime measured. A benchmark, not a test: it prints
 * figures and writes them to out/bench/ipc-node.json and out/bench/bench.json;
 * it never fails because a machine is slow, and what it cannot measure it
 * reports as "not measured (why)".
 *
 * - call + replyRecv round trips per second through the kernel (two steps,
 *   two syscalls, two transfers each);
 * - the same work as a direct function call, and the ratio;
 * - heap growth over 100,000 round trips after warm-up (run with
 *   --expose-gc, which the npm script does, so the heap is measured after a
 *   full collection).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bench, directRoundTrips } from "../apps/bench/app";
import { boot, run, taskCtx } from "../kernel/index";
import { bareHost } from "../boards/bare";
import { spawnSync } from "node:child_process";
import { argOptional } from "./args";
import { EspruinoIpc, espruinoIpc } from "./bench/espruino-ipc";

const host = bareHost();

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

function timeKernel(roundTrips: number): number {
  const t0 = process.hrtime.bigint();
  run(roundTrips * 2);
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0) / 1e9;
}

function timeDirect(roundTrips: number): number {
  const t0 = process.hrtime.bigint();
  const c = directRoundTrips(roundTrips);
  const t1 = process.hrtime.bigint();
  if (c !== roundTrips) throw new Error("direct baseline miscounted");
  return Number(t1 - t0) / 1e9;
}

function best(f: (n: number) => number, n: number, reps: number): number {
  let b = Infinity;
  for (let i = 0; i < reps; i++) b = Math.min(b, f(n));
  return b;
}

boot(bench, host);
const N = 2000000;
// Warm up both paths so the JIT has settled.
timeKernel(N);
timeDirect(N);
const kernelSec = best(timeKernel, N, 5);
const directSec = best(timeDirect, N * 10, 5) / 10;
const client = taskCtx(1).state as { n: number };
const counted = client.n;

const HEAP_N = 100000;
run(HEAP_N * 2);
const before = heapUsed();
run(HEAP_N * 2);
const after = heapUsed();
const before10k = heapUsed();
run(10000 * 2);
const after10k = heapUsed();

const result = {
  runtime: "node " + process.version,
  roundTrips: N,
  kernelRoundTripsPerSec: Math.round(N / kernelSec),
  kernelNsPerRoundTrip: Math.round((kernelSec / N) * 1e9 * 10) / 10,
  directCallsPerSec: Math.round(N / directSec),
  directNsPerCall: Math.round((directSec / N) * 1e9 * 100) / 100,
  ratio: Math.round((kernelSec / directSec) * 10) / 10,
  heapBytesBefore: before,
  heapBytesAfter: after,
  heapGrowthBytesOver100kRoundTrips: after - before,
  heapGrowthBytesOver10kRoundTrips: after10k - before10k,
  gcExposed: gc !== undefined,
  counterCheck: counted,
};

console.log("baton IPC benchmark (Node)");
console.log("  call+replyRecv round trips/s : " + result.kernelRoundTripsPerSec.toLocaleString("en-US") + "  (" + result.kernelNsPerRoundTrip + " ns each)");
console.log("  direct function calls/s      : " + result.directCallsPerSec.toLocaleString("en-US") + "  (" + result.directNsPerCall + " ns each)");
console.log("  ratio kernel / direct        : " + result.ratio + "x");
console.log("  heap growth, 100,000 round trips: " + result.heapGrowthBytesOver100kRoundTrips + " bytes" + (gc === undefined ? " (no --expose-gc: includes garbage)" : ""));
mkdirSync("out/bench", { recursive: true });
writeFileSync("out/bench/ipc-node.json", JSON.stringify(result, null, 2) + "\n");
console.log("  written: out/bench/ipc-node.json");

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
    const j = JSON.parse(readFileSync(f, "utf8")) as { ipc?: { interpreter: string; runtime: string; kernelRoundTripsPerSec: number; kernelNsPerRoundTrip: number; ratio: number; heapGrowthBytesOver100kRoundTrips: number }[] };
    const rows: Row[] = [];
    for (const r of j.ipc || []) {
      rows.push({
        runtime: r.runtime + " (" + r.interpreter + ")",
        roundTripsPerSec: r.kernelRoundTripsPerSec,
        usPerRoundTrip: Math.round(r.kernelNsPerRoundTrip / 100) / 10,
        ratio: r.ratio,
        memoryGrowth: r.heapGrowthBytesOver100kRoundTrips + " bytes of Lua heap / 100,000",
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

async function table(): Promise<void> {
  const rows: Row[] = [];
  rows.push({
    runtime: result.runtime,
    roundTripsPerSec: result.kernelRoundTripsPerSec,
    usPerRoundTrip: Math.round(result.kernelNsPerRoundTrip / 100) / 10,
    ratio: result.ratio,
    memoryGrowth: result.heapGrowthBytesOver10kRoundTrips + " bytes of heap / 10,000" + (gc === undefined ? " (no --expose-gc)" : ""),
  });
  const lua = luaRows();
  for (const r of lua.rows) rows.push(r);
  const path = argOptional("--espruino");
  let esp: EspruinoIpc | string = "give --espruino PATH (an Espruino interpreter, e.g. the Linux build)";
  let espTool: unknown = undefined;
  if (path !== undefined) {
    // The Espruino figures of tools/bench-espruino.ts (plain and pretokenised), then the memory growth over 10,000 round trips.
    process.stderr.write("measuring on " + path + " (tools/bench-espruino.ts, then 10,000 round trips for memory) ...\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "tools/bench-espruino.ts", "--espruino", path], { encoding: "utf8", timeout: 600000 });
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
  console.log("baton IPC: call + replyRecv round trips through the kernel, against a direct function call doing the same work");
  console.log(cell("runtime", 26) + cell("round trips/s", 16) + cell("us each", 10) + cell("x direct call", 15) + "  memory growth over the round trips");
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

table().catch((e: unknown) => {
  console.log("the table could not be made: " + (e instanceof Error ? e.message : String(e)));
});
