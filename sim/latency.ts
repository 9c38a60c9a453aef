/**
 * Interrupt-latency runs in the simulator: every latency recorded, its
 * distribution, the bound beside it, and the run's throughput.
 *
 * The kernel keeps, per IRQ, a count, min, max and a fixed histogram
 * (`irqLatency`, `irqBucket`) without allocating. The median and the 99th
 * percentile need every value: `LatencyRecorder` takes them from the
 * `IRQ_HANDLED` trace events (through the simulator's `onEvent` hook), so
 * the kernel stays as it is. Percentiles are nearest-rank: the p-th of n
 * sorted values is the ceil(p/100 x n)-th (the median is the lower one).
 *
 * A run is a pure function of its inputs (app, load, profile, slice size,
 * seed, length): the same inputs give the same numbers, on every machine.
 */
import { AppDesc, IRQ_BUCKETS, IrqState, TraceEvent, irqBucket, irqLatency, totalSteps, transfers } from "../kernel/index";
import { BoundParts, latencyBound } from "./bound";
import { LoadOptions, withLoad } from "./loads";
import { CostProfile } from "./profiles";
import { HostEvent, Sim } from "./sim";

/** Min, median, 99th percentile and max of a list of µs (0s when empty). */
export interface Distribution {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile `p` (0..100) of `sorted` (ascending). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  let k = Math.ceil((p / 100) * sorted.length);
  if (k < 1) k = 1;
  return sorted[k - 1];
}

export function distribution(values: number[]): Distribution {
  const s: number[] = [];
  for (let i = 0; i < values.length; i++) s.push(values[i]);
  s.sort((a, b) => a - b);
  return { count: s.length, min: s.length > 0 ? s[0] : 0, median: percentile(s, 50), p99: percentile(s, 99), max: s.length > 0 ? s[s.length - 1] : 0 };
}

/** Collects every IRQ latency and edge of a run from the simulator's events. */
export class LatencyRecorder {
  /** Per IRQ: every latency (µs), in the order handled. */
  readonly samples: number[][] = [];
  /** Per IRQ: edges raised, and those that came while it was pending or masked (counted into a later delivery). */
  readonly edges: number[] = [];
  readonly coalesced: number[] = [];
  /** Per task index: the virtual µs its steps took. */
  readonly busyUs: number[] = [];

  constructor(irqs: number, tasks: number) {
    for (let i = 0; i < irqs; i++) {
      this.samples.push([]);
      this.edges.push(0);
      this.coalesced.push(0);
    }
    for (let t = 0; t < tasks; t++) this.busyUs.push(0);
  }

  /** The `onEvent` hook: pass `(now, ev, a, b, c) => recorder.event(ev, a, b, c)`. */
  event(ev: number, a: number, b: number, c: number): void {
    if (ev === TraceEvent.IRQ_HANDLED) {
      if (a >= 0 && a < this.samples.length) this.samples[a].push(b);
    } else if (ev === TraceEvent.IRQ) {
      if (a >= 0 && a < this.edges.length) {
        this.edges[a]++;
        if (c !== IrqState.ARMED) this.coalesced[a]++;
      }
    } else if (ev === HostEvent.STEP) {
      if (a >= 0 && a < this.busyUs.length) this.busyUs[a] += c;
    }
  }
}

export interface IrqResult {
  irq: string;
  handler: string;
  /** Latency distribution (µs) from every handled delivery. */
  latency: Distribution;
  /** True when some deliveries were not traced (IRQs to notifications): the median and p99 then come from the kernel's histogram (upper bucket edges). */
  approximate: boolean;
  /** The kernel's own figures: count, min, max, and its histogram (bucket 0 holds 0 µs, bucket b holds 2^(b-1) .. 2^b - 1 µs). */
  kernel: { count: number; min: number; max: number; histogram: number[] };
  edges: number;
  coalesced: number;
  bound: BoundParts;
}

export interface LatencyRunOptions {
  profile: CostProfile;
  load: string;
  /** Steps per slice (default: the app's board setting, else 16). */
  sliceSteps?: number;
  /** Virtual time to run (µs, default 10 s). */
  durationUs?: number;
  loadOptions?: LoadOptions;
}

export interface LatencyRun {
  app: string;
  profile: string;
  load: string;
  sliceSteps: number;
  seed: number;
  rate: number;
  durationUs: number;
  /** The app's own IRQs (the load's are left out). */
  irqs: IrqResult[];
  steps: number;
  transfers: number;
  stepsPerSec: number;
  transfersPerSec: number;
  /** Share of the virtual time spent in steps (the rest: loop turns, dispatch, idle), in %. */
  busyPct: number;
  slices: number;
  hostEvents: number;
  /** A deadlock the run stopped at, if any. */
  deadlock: string;
}

/** The kernel's latency histogram of IRQ i. */
export function kernelHistogram(i: number): number[] {
  const h: number[] = [];
  for (let b = 0; b < IRQ_BUCKETS; b++) h.push(irqBucket(i, b));
  return h;
}

/** The upper edge (µs) of histogram bucket b. */
export function bucketTop(b: number): number {
  return b === 0 ? 0 : Math.pow(2, b) - 1;
}

/** Percentile p of a histogram, as the upper edge of the bucket that holds it. */
function histogramPercentile(h: number[], p: number): number {
  let n = 0;
  for (let b = 0; b < h.length; b++) n += h[b];
  if (n === 0) return 0;
  let k = Math.ceil((p / 100) * n);
  if (k < 1) k = 1;
  let seen = 0;
  for (let b = 0; b < h.length; b++) {
    seen += h[b];
    if (seen >= k) return bucketTop(b);
  }
  return bucketTop(h.length - 1);
}

/**
 * Runs `app` under a load in a fresh simulator (invariant checks off) and
 * returns the latency of each of the app's IRQs, its bound, and the
 * throughput. Deterministic.
 */
export function runLatency(app: AppDesc, o: LatencyRunOptions): LatencyRun {
  const lo: LoadOptions = o.loadOptions !== undefined ? o.loadOptions : {};
  const loaded = withLoad(app, o.load, o.profile, lo);
  const board = app.board !== undefined ? app.board : {};
  const slice = o.sliceSteps !== undefined ? o.sliceSteps : board.sliceSteps !== undefined ? board.sliceSteps : 16;
  const duration = o.durationUs !== undefined ? o.durationUs : 10000000;
  const irqCount = loaded.app.irqs !== undefined ? loaded.app.irqs.length : 0;
  const rec = new LatencyRecorder(irqCount, loaded.app.tasks.length);
  const sim = new Sim(loaded.app, {
    profile: o.profile,
    sliceSteps: slice,
    check: false,
    onEvent: (_now: number, ev: number, a: number, b: number, c: number) => rec.event(ev, a, b, c),
  });
  loaded.drive(sim, duration);
  sim.runUntil(duration);
  const irqs: IrqResult[] = [];
  for (let i = 0; i < loaded.appIrqs; i++) {
    const k = irqLatency(i);
    const hist = kernelHistogram(i);
    const d = distribution(rec.samples[i]);
    const approximate = d.count < k[0];
    if (approximate) {
      d.count = k[0];
      d.min = k[1];
      d.max = k[2];
      d.median = Math.min(k[2], histogramPercentile(hist, 50));
      d.p99 = Math.min(k[2], histogramPercentile(hist, 99));
    }
    const bound = latencyBound(loaded.app, o.profile, slice, i, { sources: loaded.sources });
    irqs.push({
      irq: bound.irq,
      handler: bound.handler,
      latency: d,
      approximate: approximate,
      kernel: { count: k[0], min: k[1], max: k[2], histogram: hist },
      edges: rec.edges[i],
      coalesced: rec.coalesced[i],
      bound: bound,
    });
  }
  const seconds = sim.now / 1000000;
  let busy = 0;
  for (let t = 0; t < rec.busyUs.length; t++) busy += rec.busyUs[t];
  return {
    app: app.name,
    profile: o.profile.name,
    load: o.load,
    sliceSteps: slice,
    seed: lo.seed !== undefined ? lo.seed : 1,
    rate: lo.rate !== undefined ? lo.rate : 100,
    durationUs: sim.now,
    irqs: irqs,
    steps: totalSteps(),
    transfers: transfers(),
    stepsPerSec: seconds > 0 ? Math.round(totalSteps() / seconds) : 0,
    transfersPerSec: seconds > 0 ? Math.round(transfers() / seconds) : 0,
    busyPct: sim.now > 0 ? Math.round((1000 * busy) / sim.now) / 10 : 0,
    slices: sim.slices,
    hostEvents: sim.hostEvents,
    deadlock: sim.deadlock !== undefined ? sim.deadlock : "",
  };
}

export interface BenchLatencyOptions {
  app: AppDesc;
  profile: CostProfile;
  loads: string[];
  slices: number[];
  rate: number;
  seed: number;
  durationUs: number;
  /** Called before each run (progress). */
  progress?: (this: void, done: number, total: number, load: string, slice: number) => void;
}

/** The run's length for `edges` edges at `rate` per second, at least 10 s (µs). */
export function durationFor(edges: number, rate: number): number {
  const s = rate > 0 ? Math.ceil(edges / rate) : 10;
  return Math.max(10, s) * 1000000;
}

/** Runs every load at every slice size; the runs, load by load. */
export function benchLatency(o: BenchLatencyOptions): LatencyRun[] {
  const runs: LatencyRun[] = [];
  const total = o.loads.length * o.slices.length;
  for (let l = 0; l < o.loads.length; l++) {
    for (let k = 0; k < o.slices.length; k++) {
      const load = o.loads[l];
      const slice = o.slices[k];
      if (o.progress !== undefined) o.progress(runs.length, total, load, slice);
      runs.push(runLatency(o.app, { profile: o.profile, load: load, sliceSteps: slice, durationUs: o.durationUs, loadOptions: { rate: o.rate, seed: o.seed } }));
    }
  }
  return runs;
}

/** The sweep's table for IRQ i: one row per load and slice size. */
export function sweepTable(runs: LatencyRun[], i: number): string[] {
  const out: string[] = [];
  out.push("IRQ " + runs[0].irqs[i].irq + " (handler " + runs[0].irqs[i].handler + "), latencies in us:");
  out.push(padL("load", 10) + padL("slice", 7) + padL("median", 10) + padL("p99", 10) + padL("max", 10) + padL("bound", 10) + padL("steps/s", 10) + padL("transfers/s", 13) + padL("busy %", 8) + padL("coalesced", 11));
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k];
    const q = r.irqs[i];
    out.push(
      padL(r.load, 10) + padL(String(r.sliceSteps), 7) + padL(String(q.latency.median), 10) + padL(String(q.latency.p99), 10) + padL(String(q.latency.max), 10) +
      padL(String(q.bound.totalUs), 10) + padL(String(r.stepsPerSec), 10) + padL(String(r.transfersPerSec), 13) + padL(String(r.busyPct), 8) + padL(q.coalesced + "/" + q.edges, 11),
    );
  }
  return out;
}

function padL(s: string, n: number): string {
  let out = s;
  while (out.length < n) out = " " + out;
  return out;
}

function padR(s: string, n: number): string {
  let out = s;
  while (out.length < n) out = out + " ";
  return out;
}

/**
 * A text histogram of the kernel's buckets, from the first non-empty one to
 * the last: one line per bucket, its µs range, its count and a bar of up to
 * `width` characters.
 */
export function histogramText(h: number[], width: number): string[] {
  let first = -1;
  let last = -1;
  let most = 0;
  for (let b = 0; b < h.length; b++) {
    if (h[b] > 0) {
      if (first < 0) first = b;
      last = b;
      if (h[b] > most) most = h[b];
    }
  }
  const out: string[] = [];
  if (first < 0) return out;
  for (let b = first; b <= last; b++) {
    const lo = b === 0 ? 0 : Math.pow(2, b - 1);
    const range = b === 0 ? "0" : b === h.length - 1 ? lo + "+" : lo + "-" + bucketTop(b);
    let bar = "";
    const n = h[b] > 0 ? Math.max(1, Math.round((h[b] * width) / most)) : 0;
    for (let k = 0; k < n; k++) bar += "#";
    out.push(padL(range, 15) + " us " + padL(String(h[b]), 7) + " " + bar);
  }
  return out;
}

/** The report of one run: a line per IRQ with its figures and bound, then its histogram. */
export function runText(r: LatencyRun): string[] {
  const out: string[] = [];
  out.push(
    "app " + r.app + ", profile " + r.profile + ", load " + r.load + ", slice " + r.sliceSteps + " steps, " + r.rate + " edges/s per IRQ, seed " + r.seed +
    ", " + r.durationUs / 1000000 + " s virtual",
  );
  out.push("  " + r.steps + " steps (" + r.stepsPerSec + "/s), " + r.transfers + " transfers (" + r.transfersPerSec + "/s), busy " + r.busyPct + "%, " + r.slices + " slices, " + r.hostEvents + " host events" + (r.deadlock.length > 0 ? ", DEADLOCK " + r.deadlock : ""));
  out.push("  " + padR("irq", 10) + padL("count", 7) + padL("min", 9) + padL("median", 9) + padL("p99", 9) + padL("max", 9) + padL("bound", 9) + padL("edges", 8) + padL("coalesced", 10) + "  (us)");
  for (let i = 0; i < r.irqs.length; i++) {
    const q = r.irqs[i];
    const l = q.latency;
    out.push(
      "  " + padR(q.irq, 10) + padL(String(l.count), 7) + padL(String(l.min), 9) + padL(String(l.median) + (q.approximate ? "~" : ""), 9) +
      padL(String(l.p99) + (q.approximate ? "~" : ""), 9) + padL(String(l.max), 9) + padL(String(q.bound.totalUs), 9) + padL(String(q.edges), 8) + padL(String(q.coalesced), 10),
    );
  }
  for (let i = 0; i < r.irqs.length; i++) {
    const q = r.irqs[i];
    const b = q.bound;
    const rest = b.sliceUs === b.wholeSliceUs && b.sliceUs !== b.longestStepUs ? "a whole slice of " + b.longestTask + "'s longest step " + b.longestStepUs
      : "one step of " + b.longestTask + " " + b.longestStepUs + (b.urgentStepsUs > 0 ? " + steps of " + b.urgentTasks.join(", ") + " " + b.urgentStepsUs : "");
    out.push("  " + q.irq + " (handler " + q.handler + "): bound " + b.totalUs + " us = slice " + b.sliceUs + " (" + rest + ") + loop turn " + b.hostTurnUs + " + batch " + b.dispatchUs +
      " (" + b.events + " events) + handler steps " + b.handlerUs + " + ahead " + b.aheadUs + (b.ahead.length > 0 ? " (" + b.ahead.join(", ") + ")" : "") +
      " + extra turns " + b.extraUs + " (" + b.extraTurns + ")");
    const lines = histogramText(q.kernel.histogram, 40);
    for (let k = 0; k < lines.length; k++) out.push("  " + lines[k]);
  }
  return out;
}
