/**
 * The IPC benchmark in Lua (built to out/lua/bench.lua by
 * `npm run bench:lua`, which runs it under each Lua it finds): the Lua twin
 * of tools/bench.ts, on the same app (apps/bench) and a bare host.
 *
 * - call + replyRecv round trips per second through the kernel;
 * - the same work as a direct function call, and the ratio;
 * - what 100,000 round trips allocate: the Lua heap
 *   (`collectgarbage("count")`) read without collecting before and after
 *   them, with the collector stopped meanwhile, so that nothing allocated
 *   can be freed unseen: zero means the syscall path allocates nothing.
 *   The same count for a loop that allocates a table and a string in each
 *   of 100,000 iterations must come out as allocating.
 *
 * Every timed run is checked: the client's counter must grow by exactly
 * the round trips run, and each baseline must return its count; a wrong
 * one (calls that fail, a count that sees no allocation) ends the program
 * with an error and no figures.
 *
 * Prints one `key value` line per figure, for the Node side to collect.
 */
import { BENCH_CLIENT, bench, directRoundTrips } from "../apps/bench/app";
import { boot, run, taskCtx } from "../kernel/index";
import { bareHost } from "../boards/bare";
import { STATUS_NAMES, nameOf } from "../sim/names";

/** LuaJIT's `jit` table (undefined on PUC Lua). */
declare const jit: { version: string } | undefined;

function counter(): number {
  return (taskCtx(BENCH_CLIENT).state as { n: number }).n;
}

/** Ends the program unless the client's counter grew from `before` by exactly `roundTrips`. */
function checkCounter(before: number, roundTrips: number): void {
  const after = counter();
  const expected = (before + roundTrips) | 0;
  if (after !== expected) {
    error("kernel round trips: the counter went from " + before + " to " + after + " over " + roundTrips + " round trips; expected " + expected +
      " (the client's last call returned " + nameOf(STATUS_NAMES, taskCtx(BENCH_CLIENT).status) + "): no figure is reported for a run that did not do its work", 0);
  }
}

function timeKernel(roundTrips: number): number {
  const before = counter();
  const t0 = os.clock();
  run(roundTrips * 2);
  const t = os.clock() - t0;
  checkCounter(before, roundTrips);
  return t;
}

/**
 * Bytes allocated on the Lua heap while `f` runs: the heap read before
 * and after without collecting, the collector stopped meanwhile.
 */
function allocatedBytes(f: (this: void) => void): number {
  collectgarbage("collect");
  collectgarbage("stop");
  const before = collectgarbage("count");
  f();
  const after = collectgarbage("count");
  collectgarbage("restart");
  return Math.floor((after - before) * 1024 + 0.5);
}

/** Where `allocatingLoop` keeps what it allocates. */
const sink: { i: number; s: string }[] = [];

/** A loop that allocates a table and a string in each of `n` iterations: the control for `allocatedBytes`. */
function allocatingLoop(n: number): void {
  for (let i = 0; i < n; i++) sink[i % 8] = { i: i, s: "call " + i };
}

function nothing(this: void): void {}

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
// The server's first receive, the client's first call and its reply: from here every two steps are one round trip the client counts.
run(3);
timeKernel(N / 4);
timeDirect(N);
const kernelSec = best(timeKernel, N, 3);
const directSec = best(timeDirect, N * 10, 3) / 10;
const ALLOC_N = 100000;
timeKernel(ALLOC_N);
const overhead = allocatedBytes(nothing);
const counted = counter();
const allocated = allocatedBytes(() => {
  run(ALLOC_N * 2);
}) - overhead;
checkCounter(counted, ALLOC_N);
const control = allocatedBytes(() => {
  allocatingLoop(ALLOC_N);
}) - overhead;
if (control < ALLOC_N) error("the allocation count saw " + control + " bytes in a loop that allocates a table and a string in each of its " + ALLOC_N + " iterations: it cannot see allocation", 0);

print("runtime " + (jit !== undefined ? jit.version : _VERSION));
print("roundTrips " + N);
print("kernelRoundTripsPerSec " + Math.floor(N / kernelSec + 0.5));
print("kernelNsPerRoundTrip " + Math.floor((kernelSec / N) * 1e10 + 0.5) / 10);
print("directCallsPerSec " + Math.floor(N / directSec + 0.5));
print("directNsPerCall " + Math.floor((directSec / N) * 1e11 + 0.5) / 100);
print("ratio " + Math.floor((kernelSec / directSec) * 10 + 0.5) / 10);
print("allocatedBytesOver100kRoundTrips " + allocated);
print("allocatedBytesControl " + control);
print("counterCheck " + counter());
