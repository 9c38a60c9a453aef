/**
 * `baton soak [--seed S] [--runs N] [--time T] [--quiet] [--no-shrink]`: the
 * differential test at length. Random valid systems run random programs
 * (bad syscalls, throws, restarts, inits that fault, buffers, IRQ edges and
 * host signals, bad ones included; partial rights and values at the edges
 * of what syscalls accept; a quarter IPC-heavy, a quarter around peers
 * that die: closed receives, restarts, throws, and a quarter of servers at
 * shared priorities, `sharedPrioritySystemArb`) on the kernel and on
 * the reference model (model/model.ts) side by side, and after every step and host event everything a
 * task or the host can observe is compared (tests/lib/lockstep.ts); the
 * kernel's invariant checker runs after every step too. The first
 * difference is shrunk by fast-check to a small system (for two minutes at
 * most) and printed with the seed that reproduces it; the exit code is
 * then 1.
 * Prints how many systems, steps and observations it compared, and per
 * syscall how often it was refused with NO_RIGHTS and which timeouts its
 * check saw (FOREVER, 0, 1, MAX_TIMEOUT, MAX_TIMEOUT + 1, ...), naming
 * every NO_RIGHTS path or timeout boundary the run did not take; writes
 * out/bench/soak.json. Then `soakProofs`: as many systems again,
 * on kernels as the build's proofs (tools/proofs.ts) decide them for each
 * (tests/lib/proof-variants.ts), so a proof that wrongly removes work is a
 * difference too. The options are parsed and checked by tools/cli.ts.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SYSCALL_NAMES } from "../kernel/syscall-names";
import { Sys } from "../kernel/codes";
import { TIMEOUT_KINDS } from "../model/model";
import { lockstep } from "../tests/lib/lockstep";
import { IPC_KINDS, PEER_KINDS } from "../tests/lib/random-programs";
import { sharedPrioritySystemArb, systemArb } from "../tests/lib/random-system";

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

/** How long the soak shrinks a difference, in ms. */
const SHRINK_MS = 120000;

/** The syscalls that check a right (each has a NO_RIGHTS path). */
export const RIGHTS_CHECKED = [Sys.SEND, Sys.RECV, Sys.RECV_FROM, Sys.CALL, Sys.REPLY_RECV, Sys.SIGNAL, Sys.WAIT, Sys.POLL, Sys.IRQ_ACK, Sys.RESTART, Sys.FAULT_INFO];
/** The syscalls that take a timeout (sleep's ticks are one). */
export const TIMEOUT_TAKEN = [Sys.SEND, Sys.RECV, Sys.RECV_FROM, Sys.CALL, Sys.REPLY_RECV, Sys.SLEEP, Sys.WAIT];
/** The timeout kinds (`TIMEOUT_KINDS`) at the boundaries: FOREVER, 0, 1, MAX_TIMEOUT, MAX_TIMEOUT + 1. */
export const TIMEOUT_BOUNDARIES = [0, 1, 2, 4, 5];

/** Per syscall: NO_RIGHTS results, and the timeouts its check saw by kind; the paths and boundaries never taken. */
export interface Coverage {
  noRights: Record<string, number>;
  timeouts: Record<string, Record<string, number>>;
  /** "recv NO_RIGHTS", "sleep MAX_TIMEOUT", ...: what the systems run never took. */
  missed: string[];
}

/** The coverage of systems whose summed counts (`LockstepResult.noRights`, `.timeouts`) are given. */
export function coverage(noRights: number[], timeouts: number[]): Coverage {
  const K = TIMEOUT_KINDS.length;
  const out: Coverage = { noRights: {}, timeouts: {}, missed: [] };
  for (const n of RIGHTS_CHECKED) {
    out.noRights[SYSCALL_NAMES[n]] = noRights[n];
    if (noRights[n] === 0) out.missed.push(SYSCALL_NAMES[n] + " NO_RIGHTS");
  }
  for (const n of TIMEOUT_TAKEN) {
    const row: Record<string, number> = {};
    for (let k = 0; k < K; k++) row[TIMEOUT_KINDS[k]] = timeouts[n * K + k];
    out.timeouts[SYSCALL_NAMES[n]] = row;
    for (const k of TIMEOUT_BOUNDARIES) if (timeouts[n * K + k] === 0) out.missed.push(SYSCALL_NAMES[n] + " " + TIMEOUT_KINDS[k]);
  }
  return out;
}

/** The coverage as a table, one line per syscall. */
export function coverageTable(c: Coverage): string[] {
  const pad = (x: string, n: number): string => (x.length >= n ? x : " ".repeat(n - x.length) + x);
  const lines: string[] = [];
  let head = pad("syscall", 10) + pad("NO_RIGHTS", 11);
  for (const k of TIMEOUT_KINDS) head += pad(k, Math.max(9, k.length + 2));
  lines.push(head);
  for (let n = 1; n < Sys.COUNT; n++) {
    const name = SYSCALL_NAMES[n];
    const nr = c.noRights[name];
    const row = c.timeouts[name];
    if (nr === undefined && row === undefined) continue;
    let line = pad(name, 10) + pad(nr !== undefined ? String(nr) : "-", 11);
    for (const k of TIMEOUT_KINDS) line += pad(row !== undefined ? String(row[k]) : "-", Math.max(9, k.length + 2));
    lines.push(line);
  }
  return lines;
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
  const noRights: number[] = [];
  const timeouts: number[] = [];
  const t0 = Date.now();

  try {
    fc.assert(
      fc.property(fc.oneof(systemArb(undefined, SHRINK_MS), systemArb(IPC_KINDS, SHRINK_MS), systemArb(PEER_KINDS, SHRINK_MS), sharedPrioritySystemArb(SHRINK_MS)), (spec) => {
        const r = lockstep(spec, us);
        systems++;
        tasks += spec.prios.length;
        steps += r.steps;
        compared += r.compared;
        transfers += r.transfers;
        faults += r.faults;
        restarts += r.restarts;
        irqs += r.irqsHandled;
        for (let k = 0; k < r.noRights.length; k++) noRights[k] = (noRights[k] || 0) + r.noRights[k];
        for (let k = 0; k < r.timeouts.length; k++) timeouts[k] = (timeouts[k] || 0) + r.timeouts[k];
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
  const cov = coverage(noRights, timeouts);
  const result = {
    seed: seed, systems: systems, tasks: tasks, stepsCompared: steps, observationsCompared: compared, transfers: transfers, faults: faults, restarts: restarts, irqsHandled: irqs,
    differences: 0, virtualTimePerSystemUs: us, seconds: seconds,
    noRightsBySyscall: cov.noRights, timeoutsBySyscall: cov.timeouts, notTaken: cov.missed,
  };
  console.log(
    "soak (seed " + seed + "): " + systems + " random systems (" + tasks + " task programs), " + steps + " steps compared with the reference model, " +
      compared + " observations, " + transfers + " transfers, " + faults + " faults, " + restarts + " restarts, " + irqs + " IRQs handled; 0 differences",
  );
  console.log("");
  console.log("NO_RIGHTS results and the timeouts each syscall's check saw:");
  for (const line of coverageTable(cov)) console.log(line);
  console.log(cov.missed.length === 0 ? "every NO_RIGHTS path and every timeout boundary taken" : "not taken: " + cov.missed.join(", "));
  mkdirSync("out/bench", { recursive: true });
  writeFileSync("out/bench/soak.json", JSON.stringify(result, null, 2) + "\n");
  return 0;
}

/**
 * The differential test of the build's proofs: `o.runs` systems (at
 * least 40) of the proofs' classes, each on the kernel with the constants
 * the proofs decide for it, in lockstep with the model
 * (tests/lib/proof-variants.ts; the switchable kernel is written to
 * out/soak-proofs). Returns 0, or 1 at the first difference.
 */
export async function soakProofs(o: SoakRun): Promise<number> {
  const root = resolve(".");
  const dir = join(root, "out", "soak-proofs");
  const pv0 = await import("../tests/lib/proof-variants");
  pv0.switchableTree(root, dir);
  const features = (await import(join(dir, "kernel/features.ts"))) as { setFeatures: (v: Map<string, boolean | number>) => void };
  const pv = (await import(join(dir, "tests/lib/proof-variants.ts"))) as typeof import("../tests/lib/proof-variants");
  const count = Math.max(40, o.runs);
  let run;
  try {
    run = pv.runProofSystems(features.setFeatures, o.seed * 7919, count, Math.min(o.timeUs, 200000));
  } catch (e) {
    console.log(String((e as Error).message));
    return 1;
  }
  const parts = pv.PROOF_SWITCHES.map((k) => k + " off in " + run.off.get(k) + ", on in " + run.on.get(k));
  console.log("soak of the build's proofs: " + count + " systems on kernels as the proofs decide them (" + parts.join("; ") + "), " + run.steps + " steps compared; 0 differences");
  return 0;
}
