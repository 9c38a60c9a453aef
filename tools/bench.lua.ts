/**
 * The IPC benchmark in Lua (built to out/lua/bench.lua by
 * `npm run bench:lua`, which runs it under each Lua it finds): the Lua twin
 * of tools/bench.ts, on the same app (apps/bench) and a bare host.
 *
 * - call + replyRecv round trips per second through the kernel;
 * - the same work as a direct function call, and the ratio;
 * - Lua heap growth over 100,000 round trips after warm-up, after full
 *   collections (`collectgarbage("count")`): zero means the syscall path
 *   allocates nothing.
 *
 * Prints one `key value` line per figure, for the Node side to collect.
 */
import { bench, directRoundTrips } from "../apps/bench/app";
import { boot, run, taskCtx } from "../kernel/index";
import { bareHost } from "../boards/bare";
import { settledHeapKB } from "../boards/nodemcu/heap";

/** LuaJIT's `jit` table (undefined on PUC Lua). */
declare const jit: { version: string } | undefined;

/** The Lua heap in use, bytes, settled (see `settledHeapKB`). */
function heapBytes(): number {
  return Math.floor(settledHeapKB() * 1024);
}

function timeKernel(roundTrips: number): number {
  const t0 = os.clock();
  run(roundTrips * 2);
  return os.clock() - t0;
}

function timeDirect(calls: number): number {
  const t0 = os.clock();
  const c = directRoundTrips(calls);
  const t = os.clock() - t0;
  if (c !== calls) error("direct baseline miscounted");
  return t;
}

function best(f: (n: number) => number, n: number, reps: number): number {
  let b = 1e9;
  for (let i = 0; i < reps; i++) b = Math.min(b, f(n));
  return b;
}

const N = 200000;
boot(bench, bareHost());
timeKernel(N / 4);
timeDirect(N);
const kernelSec = best(timeKernel, N, 3);
const directSec = best(timeDirect, N * 10, 3) / 10;
const HEAP_N = 100000;
run(HEAP_N * 2);
const before = heapBytes();
run(HEAP_N * 2);
const after = heapBytes();
const client = taskCtx(1).state as { n: number };

print("runtime " + (jit !== undefined ? jit.version : _VERSION));
print("roundTrips " + N);
print("kernelRoundTripsPerSec " + Math.floor(N / kernelSec + 0.5));
print("kernelNsPerRoundTrip " + Math.floor((kernelSec / N) * 1e10 + 0.5) / 10);
print("directCallsPerSec " + Math.floor(N / directSec + 0.5));
print("directNsPerCall " + Math.floor((directSec / N) * 1e11 + 0.5) / 100);
print("ratio " + Math.floor((kernelSec / directSec) * 10 + 0.5) / 10);
print("heapBytesBefore " + before);
print("heapBytesAfter " + after);
print("heapGrowthBytesOver100kRoundTrips " + (after - before));
print("counterCheck " + client.n);
