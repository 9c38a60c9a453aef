/**
 * The IPC figures on an Espruino interpreter (for `npm run bench -- --espruino PATH`):
 *
 * - the kernel's call + replyRecv round trips per second, on apps/bench
 *   booted on a bare host, bundled as a board build is (`buildCustom` of
 *   tools/espruino/build.ts, for the Linux board) into out/bench/ipc-espruino.js;
 * - a direct function call doing the same work (a loop iteration and the
 *   call), timed in a plain (not minified) script, out/bench/direct-espruino.js, because terser would
 *   inline it;
 * - `process.memory().usage` (variables in use, after a garbage collection)
 *   before and after 10,000 round trips.
 *
 * Times are the best of five batches. Each script prints `key value` lines; both run with a time limit, and any
 * failure comes back as a reason, never as an exception.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildCustom } from "../espruino/build";

export interface EspruinoIpc {
  runtime: string;
  roundTripsPerSec: number;
  usPerRoundTrip: number;
  directCallsPerSec: number;
  usPerDirectCall: number;
  ratio: number;
  memoryUsageBefore: number;
  memoryUsageAfter: number;
  memoryGrowthOver10kRoundTrips: number;
}

const N = 2000;
const MEM_N = 10000;

function ipcEntry(): string {
  return [
    "import { bench } from " + JSON.stringify(join(ROOT, "apps/bench/app.ts")) + ";",
    "import { boot, run } from " + JSON.stringify(join(ROOT, "kernel/index.ts")) + ";",
    "function zero() { return 0; }",
    "function none() {}",
    "const host = { ticks: zero, micros: zero, setAlarm: none, cancelAlarm: none, trace: none, log: none, pinWrite: none, pinRead: zero };",
    "boot(bench, host);",
    "run(200);",
    // The best of five batches: the machine's noise only ever adds time.
    "let sec = 1e9;",
    "for (let k = 0; k < 5; k++) { const t0 = getTime(); run(" + 2 * N + "); sec = Math.min(sec, getTime() - t0); }",
    'console.log("runtime espruino " + process.version + " (" + board.name + ")");',
    'console.log("usPerRoundTrip " + (sec * 1e6 / ' + N + "));",
    // Both variables exist before the first reading, so that creating them is not counted.
    "let before = 0;",
    "let after = 0;",
    "before = process.memory().usage;",
    "run(" + 2 * MEM_N + ");",
    "after = process.memory().usage;",
    'console.log("memoryUsageBefore " + before);',
    'console.log("memoryUsageAfter " + after);',
    'console.log("done 1");',
    'if (typeof quit === "function") quit();',
    "",
  ].join("\n");
}

const DIRECT = [
  "function serve(label, w1) { return label > 0 ? (w1 + 1) | 0 : w1; }",
  "function loop(n) { var c = 0; for (var i = 0; i < n; i++) c = serve(1, c); return c; }",
  "function empty(n) { var c = 0; for (var i = 0; i < n; i++) c = (c + 1) | 0; return c; }",
  "var n = 20000; var best = 1e9; var bestEmpty = 1e9;",
  "for (var k = 0; k < 5; k++) { var t0 = getTime(); loop(n); var t1 = getTime(); empty(n); var t2 = getTime(); best = Math.min(best, t1 - t0); bestEmpty = Math.min(bestEmpty, t2 - t1); }",
  'console.log("usPerDirectCall " + (best * 1e6 / n));',
  'console.log("usPerEmptyIteration " + (bestEmpty * 1e6 / n));',
  'console.log("done 1");',
  'if (typeof quit === "function") quit();',
  "",
].join("\n");

function figures(text: string): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^(?:\s|>|\x1b\[[0-9;]*[A-Za-z])+/, "");
    const sp = line.indexOf(" ");
    if (sp > 0) out[line.slice(0, sp)] = line.slice(sp + 1).trim();
  }
  return out;
}

function runScript(path: string, file: string, timeoutMs: number): { [k: string]: string } | string {
  const r = spawnSync(path, [file], { encoding: "utf8", timeout: timeoutMs });
  if (r.error !== undefined) return "could not run " + path + ": " + r.error.message;
  const f = figures(r.stdout !== null ? r.stdout : "");
  if (f.done === undefined) return path + " did not finish " + file + " in " + timeoutMs / 1000 + " s (exit " + r.status + ")";
  return f;
}

/** The figures, or a sentence saying why they could not be measured. */
export async function espruinoIpc(path: string, timeoutMs: number): Promise<EspruinoIpc | string> {
  mkdirSync(join(ROOT, "out/bench"), { recursive: true });
  const ipcFile = join(ROOT, "out/bench/ipc-espruino.js");
  const directFile = join(ROOT, "out/bench/direct-espruino.js");
  try {
    await buildCustom(ipcEntry(), "LINUX", ipcFile);
  } catch (e) {
    return "the bench bundle did not build: " + (e as Error).message;
  }
  writeFileSync(directFile, DIRECT);
  const a = runScript(path, ipcFile, timeoutMs);
  if (typeof a === "string") return a;
  const b = runScript(path, directFile, timeoutMs);
  if (typeof b === "string") return b;
  const us = Number(a.usPerRoundTrip);
  const direct = Number(b.usPerDirectCall);
  const before = Number(a.memoryUsageBefore);
  const after = Number(a.memoryUsageAfter);
  if (!(us > 0) || !(direct > 0)) return "the interpreter printed no usable figures";
  return {
    runtime: a.runtime !== undefined ? a.runtime : "espruino",
    roundTripsPerSec: Math.round(1e6 / us),
    usPerRoundTrip: Math.round(us * 10) / 10,
    directCallsPerSec: Math.round(1e6 / direct),
    usPerDirectCall: Math.round(direct * 100) / 100,
    ratio: Math.round((us / direct) * 10) / 10,
    memoryUsageBefore: before,
    memoryUsageAfter: after,
    memoryGrowthOver10kRoundTrips: after - before,
  };
}
