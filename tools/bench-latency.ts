/**
 * `baton bench latency [--app <APP>] [--profile <P>] [--load <L>] [--slice <N>]
 *  [--rate <edges/s>] [--seed <N>] [--duration <time>] [--edges <N>] [--sweep] [--slices 1,2,4] [--out <dir>]`
 *
 * Interrupt latency in the simulator: runs the app under each named load
 * (sim/loads.ts: idle, long-step, irq-flood, ipc-heavy; `--load` picks one)
 * and prints, for each of the app's IRQs, the count, min, median, p99 and
 * max latency (µs, from the edge to the start of the handler's step), the
 * worst-case bound (sim/bound.ts) beside the measured max, the edges and
 * how many were coalesced, and the kernel's histogram.
 *
 * IRQ traffic: every app IRQ gets edges at `--rate` per second (default 100,
 * or less on a slow profile: see `defaultRate`), at seeded random gaps of
 * 0.5 to 1.5 times the mean; an IRQ with a pin gets them as level flips of
 * the pin. The run lasts `--duration` (default: long enough for `--edges`
 * edges, 1000, and at least 10 s of virtual time).
 *
 * `--sweep` runs every load at every slice size (`--slices`, default
 * 1,2,4,8,16,32,64) and prints the latency / throughput trade-off: p99, max
 * and bound against steps and transfers per virtual second. Progress goes
 * to stderr.
 *
 * Results: out/bench/latency-<app>-<profile>.json and .svg (histograms per
 * load), or latency-sweep-<app>-<profile>.json and .svg. The same arguments
 * print the same numbers on every run and machine. The options are parsed
 * and checked by tools/cli.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppDesc } from "../kernel/index";
import { LatencyRun, benchLatency, durationFor, runText, sweepTable } from "../sim/latency";
import { defaultRate } from "../sim/loads";
import { CostProfile } from "../sim/profiles";
import { distributionSvg, sweepSvg } from "../sim/export/plot";
import { UsageError } from "./args";

/** Whether any measured latency went past its bound (printed, and a non-zero exit). */
function overBound(runs: LatencyRun[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    for (const q of r.irqs) {
      if (q.latency.max > q.bound.totalUs) out.push(r.load + ", slice " + r.sliceSteps + ", IRQ " + q.irq + ": max " + q.latency.max + " us > bound " + q.bound.totalUs + " us");
    }
  }
  return out;
}

export interface LatencyBench {
  app: AppDesc;
  profile: CostProfile;
  /** The loads to run under (sim/loads.ts). */
  loads: string[];
  /** The slice size, when not the app's board setting. */
  slice?: number;
  /** Run every load at every size of `slices`. */
  sweep: boolean;
  slices: number[];
  /** Edges per second per IRQ, when not the profile's default. */
  rate?: number;
  seed: number;
  /** Edges to measure (sets the duration when `durationUs` is not given). */
  edges: number;
  durationUs?: number;
  /** Folder for the JSON and SVG results. */
  outDir: string;
}

/** Measures and prints the app's interrupt latency; returns the exit code: 1 when a latency went past its bound. */
export function benchLatencyCommand(o: LatencyBench): number {
  const app = o.app;
  if ((app.irqs || []).length === 0) throw new UsageError("--app: app '" + app.name + "' has no IRQs: nothing to measure");
  const profile = o.profile;
  const loads = o.loads;
  const sweep = o.sweep;
  const board = app.board !== undefined ? app.board : {};
  const slices = sweep ? o.slices : [o.slice !== undefined ? o.slice : board.sliceSteps !== undefined ? board.sliceSteps : 16];
  const rate = o.rate !== undefined ? o.rate : defaultRate(profile);
  const seed = o.seed;
  const durationUs = o.durationUs !== undefined ? o.durationUs : durationFor(o.edges, rate);
  const outDir = o.outDir;
  const runs = benchLatency({
    app: app,
    profile: profile,
    loads: loads,
    slices: slices,
    rate: rate,
    seed: seed,
    durationUs: durationUs,
    progress: (done, total, load, slice) => {
      if (total > 1) process.stderr.write("[" + (done + 1) + "/" + total + "] " + load + ", slice " + slice + "\n");
    },
  });
  const base = (sweep ? "latency-sweep-" : "latency-") + app.name + "-" + profile.name;
  console.log("interrupt latency of '" + app.name + "' on " + profile.name + " (" + profile.source + ")");
  console.log("");
  if (sweep) {
    for (let i = 0; i < runs[0].irqs.length; i++) for (const l of sweepTable(runs, i)) console.log(l);
  } else {
    for (const r of runs) {
      for (const l of runText(r)) console.log(l);
      console.log("");
    }
  }
  const over = overBound(runs);
  for (const l of over) console.log("OVER THE BOUND: " + l);
  mkdirSync(outDir, { recursive: true });
  const json = { app: app.name, profile: profile.name, profileSource: profile.source, sweep: sweep, rate: rate, seed: seed, durationUs: durationUs, runs: runs };
  writeFileSync(join(outDir, base + ".json"), JSON.stringify(json, null, 2) + "\n");
  const title = "IRQ latency of '" + app.name + "' on " + profile.name;
  writeFileSync(join(outDir, base + ".svg"), sweep ? sweepSvg(runs, 0, title + ": latency and busy share against slice size") : distributionSvg(runs, title + ", per load"));
  console.log("written: " + join(outDir, base + ".json") + ", " + join(outDir, base + ".svg"));
  return over.length > 0 ? 1 : 0;
}
