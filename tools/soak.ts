/**
 * `baton soak [--seed S] [--runs N] [--time T] [--quiet] [--no-shrink]`: the
 * differential test at length. Random valid systems run random programs
 * (bad syscalls, throws, restarts, inits that fault, buffers, IRQ edges and
 * host signals, bad ones included; a third IPC-heavy, a third around
 * peers that die: closed receives, restarts, throws) on the kernel and on
 * the reference model (model/model.ts) side by side, and after every step and host event everything a
 * task or the host can observe is compared (tests/lib/lockstep.ts); the
 * kernel's invariant checker runs after every step too. The first
 * difference is shrunk by fast-check to a small system and printed with the
 * seed that reproduces it; the exit code is then 1.
 * Prints how many systems, steps and observations it compared; writes
 * out/bench/soak.json. The options are parsed and checked by tools/cli.ts.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { lockstep } from "../tests/lib/lockstep";
import { IPC_KINDS, PEER_KINDS } from "../tests/lib/random-programs";
import { systemArb } from "../tests/lib/random-system";

export interface SoakRun {
  seed: number;
  /** Random systems to run. */
  runs: number;
  /** Virtual time per system, µs. */
  timeUs: number;
  /** No progress lines on stderr. */
  quiet: boolean;
  /** Stop at the first difference without shrinking it (the mutation check only needs to know). */
  noShrink: boolean;
}

/** Runs the differential test at length; returns the exit code: 0, or 1 at the first difference. */
export function soak(o: SoakRun): number {
  const seed = o.seed;
  const runs = o.runs;
  const us = o.timeUs;
  const quiet = o.quiet;
  let systems = 0;
  let tasks = 0;
  let steps = 0;
  let compared = 0;
  let transfers = 0;
  let faults = 0;
  let restarts = 0;
  let irqs = 0;
  let shown = 0;
  const t0 = Date.now();

  try {
    fc.assert(
      fc.property(fc.oneof(systemArb(), systemArb(IPC_KINDS), systemArb(PEER_KINDS)), (spec) => {
        const r = lockstep(spec, us);
        systems++;
        tasks += spec.prios.length;
        steps += r.steps;
        compared += r.compared;
        transfers += r.transfers;
        faults += r.faults;
        restarts += r.restarts;
        irqs += r.irqsHandled;
        if (!quiet && systems - shown >= Math.max(1, Math.floor(runs / 20))) {
          shown = systems;
          process.stderr.write("  " + systems + "/" + runs + " systems, " + steps + " steps compared\n");
        }
      }),
      { numRuns: runs, seed: seed, endOnFailure: o.noShrink },
    );
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    console.log(String((e as Error).message));
    if (cause !== undefined) console.log("\n" + String((cause as Error).message !== undefined ? (cause as Error).message : cause));
    return 1;
  }

  const seconds = (Date.now() - t0) / 1000;
  const result = { seed: seed, systems: systems, tasks: tasks, stepsCompared: steps, observationsCompared: compared, transfers: transfers, faults: faults, restarts: restarts, irqsHandled: irqs, differences: 0, virtualTimePerSystemUs: us, seconds: seconds };
  console.log(
    "soak (seed " + seed + "): " + systems + " random systems (" + tasks + " task programs), " + steps + " steps compared with the reference model, " +
      compared + " observations, " + transfers + " transfers, " + faults + " faults, " + restarts + " restarts, " + irqs + " IRQs handled; 0 differences",
  );
  mkdirSync("out/bench", { recursive: true });
  writeFileSync("out/bench/soak.json", JSON.stringify(result, null, 2) + "\n");
  return 0;
}
