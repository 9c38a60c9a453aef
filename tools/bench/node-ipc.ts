/**
 * The measurements of `npm run bench` on Node (tools/bench.ts), in a module
 * of their own so that specs can run them on other apps and loops
 * (tests/tools/):
 *
 * - `kernelRoundTrips`: round trips through the kernel, timed, then checked:
 *   the client's counter must have grown by exactly the round trips run,
 *   or it throws (a run whose calls fail is an error, not a figure);
 * - `timeBaseline`: a baseline loop (apps/bench/app.ts), timed, its counter
 *   checked the same way, so it does the work and is not optimised away;
 * - `allocation`: the bytes a function allocates on V8's heap and the
 *   garbage collections it causes, counted while it runs (not the heap
 *   after full collections, which is the same whatever was allocated and
 *   collected in between).
 */
import v8 from "node:v8";
import { BENCH_CLIENT } from "../../apps/bench/app";
import { bareHost } from "../../boards/bare";
import { AppDesc, boot, run, taskCtx } from "../../kernel/index";
import { STATUS_NAMES, nameOf } from "../../sim/names";

/**
 * Boots `app` (apps/bench's `bench`, or a variant of it with the client at
 * `BENCH_CLIENT`) on a bare host and runs its first three steps: the
 * server's first receive, the client's first call and the server's reply.
 * From there every two steps are one round trip that the client counts.
 */
export function bootBench(app: AppDesc): void {
  boot(app, bareHost());
  run(3);
}

/** The client's counter: the word of the last reply it received. */
export function clientCounter(): number {
  return (taskCtx(BENCH_CLIENT).state as { n: number }).n;
}

/**
 * Throws unless a counter that was `before` is `before + roundTrips`
 * (32-bit, as the server computes it) after `roundTrips` round trips.
 */
export function checkCounter(what: string, before: number, after: number, roundTrips: number): void {
  const expected = (before + roundTrips) | 0;
  if (after !== expected) {
    throw new Error(what + ": the counter went from " + before + " to " + after + " over " + roundTrips + " round trips; expected " + expected +
      " (" + (after - before) + " round trips answered): no figure is reported for a run that did not do its work");
  }
}

/** Throws unless the client's counter is `before + roundTrips`, naming the client's last status. */
export function checkKernelCounter(before: number, roundTrips: number): void {
  const after = clientCounter();
  if (after !== ((before + roundTrips) | 0)) {
    checkCounter("kernel round trips (the client's last call returned " + nameOf(STATUS_NAMES, taskCtx(BENCH_CLIENT).status) + ")", before, after, roundTrips);
  }
}

/**
 * Runs `roundTrips` call + replyRecv round trips (two steps each) through
 * the booted kernel; returns the seconds they took. Throws when fewer steps
 * ran or the client's counter did not grow by exactly `roundTrips`.
 */
export function kernelRoundTrips(roundTrips: number): number {
  const before = clientCounter();
  const t0 = process.hrtime.bigint();
  const steps = run(roundTrips * 2);
  const t1 = process.hrtime.bigint();
  if (steps !== roundTrips * 2) throw new Error("kernel: " + steps + " steps ran of " + roundTrips * 2 + ": the system went idle");
  checkKernelCounter(before, roundTrips);
  return Number(t1 - t0) / 1e9;
}

/** Runs a baseline loop of `n` round trips (it returns its counter, which must be `n`); returns the seconds it took. */
export function timeBaseline(name: string, loop: (n: number) => number, n: number): number {
  const t0 = process.hrtime.bigint();
  const c = loop(n);
  const t1 = process.hrtime.bigint();
  checkCounter(name, 0, c, n);
  return Number(t1 - t0) / 1e9;
}

export interface Allocation {
  /** Bytes allocated on V8's heap while the function ran. */
  bytes: number;
  /** Garbage collections that ran meanwhile (each is caused by allocation). */
  gcs: number;
}

/**
 * Bytes used on V8's heap now, read without collecting. Between two
 * readings with no collection in between, the difference is what was
 * allocated (new objects are bump-allocated and nothing is freed).
 */
function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/**
 * One reading of what `f` allocates: the heap in use before and after it,
 * plus what every collection that ran meanwhile freed (V8's `GCProfiler`
 * gives the heap in use before and after each one). Includes the reading's
 * own few hundred bytes (the statistics objects).
 */
function window(f: () => void): Allocation {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = usedHeap();
  f();
  const after = usedHeap();
  const stats = profiler.stop();
  let freed = 0;
  for (const g of stats.statistics) freed += g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize;
  return { bytes: after - before + freed, gcs: stats.statistics.length };
}

function nothing(): void {}

/**
 * What `f` allocates while it runs: bytes on V8's heap, less what the
 * reading itself allocates (a reading of a function that does nothing,
 * taken just before), and the collections that ran meanwhile.
 */
export function allocation(f: () => void): Allocation {
  window(nothing);
  const base = window(nothing);
  const w = window(f);
  return { bytes: w.bytes - base.bytes, gcs: w.gcs };
}

/** Where `allocatingLoop` keeps what it allocates, so that it escapes and is really allocated. */
const sink: { i: number; s: string }[] = [];

/**
 * A loop of `n` iterations that allocates an object and a string in each
 * (as a kernel that built a result object and a message per call would):
 * the control that shows `allocation` sees allocation.
 */
export function allocatingLoop(n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) {
    sink[i & 7] = { i: i, s: "call " + i };
    c = (c + 1) | 0;
  }
  return c;
}
