/**
 * `npm run bench`: the IPC figures on Node. A benchmark, not a test: it
 * prints figures and writes them to out/bench/ipc-node.json; it never fails
 * because a machine is slow.
 *
 * - call + replyRecv round trips per second through the kernel (two steps,
 *   two syscalls, two transfers each);
 * - the same work as a direct function call, and the ratio;
 * - heap growth over 100,000 round trips after warm-up (run with
 *   --expose-gc, which the npm script does, so the heap is measured after a
 *   full collection).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { bench, directRoundTrips } from "../apps/bench/app";
import { boot, run, taskCtx } from "../kernel/index";
import { bareHost } from "../boards/bare";

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
