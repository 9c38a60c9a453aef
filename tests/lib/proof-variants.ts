/**
 * The differential test of the build's proofs (tools/proofs.ts): random
 * systems drawn in classes where a proof's fact holds and where it does not;
 * for each, the proofs decide the kernel's constants (kernel/features.ts) as
 * a build would decide them for that app, and a kernel whose constants can
 * be set at run time (`switchableTree`) runs with exactly those values, in
 * lockstep with the reference model (tests/lib/lockstep.ts). A proof that
 * wrongly removes work (it turns a constant off for an app where the work
 * matters) makes the kernel differ from the model.
 *
 * The systems are the endpoint-only ones of `leanSpec` (no notifications,
 * IRQs, buffers or pins), half with the timeouts of every other system (a
 * finite timeout turns TIMERS on), reshaped per system by a random subset of:
 * - uphill: no task may send or call on an endpoint whose owner is less
 *   important, and no task may receive from an endpoint that a more
 *   important task may call (the fact of `noDonation`);
 * - owners only: only an endpoint's owner may receive from it (the fact of
 *   `oneReceiverPerEndpoint`);
 * - open receives: closed receives become open ones (the fact of
 *   `openReceivesOnly`), or else, for half the others, open receives
 *   become closed ones (so that a closed receive meets other senders);
 * - one per priority: every task gets a priority of its own (with uphill,
 *   the fact of `onePerPriority`).
 * The syscalls a build would find are those the drawn programs issue; the
 * syscalls' arguments are drawn at run time, so no argument check is
 * proven here (`provenArguments` is checked on apps by
 * tests/tools/build-time-proofs_spec.ts).
 *
 * Runs in a copy of the project (its kernel, its tools/proofs.ts), so that
 * `baton mutate` can plant a wrong proof there.
 */
import { rmSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lockstep } from "./lockstep";
import { Op, RIGHT_SLOTS, SpecRand, SystemSpec, buildApp, leanSpec, newLedger, timeoutOf } from "./random-programs";
import { proofConstants } from "../../tools/proofs";
import { MAX_TIMEOUT, sys } from "../../kernel/index";
import { writeInlinedTree } from "../../tools/inline";

/** Operation kinds of a closed receive (`recvFrom`), and the open receive that stands for one in the open-receives class. */
const CLOSED_KINDS = [4, 21];
const OPEN_KIND = 2;
/** The syscall each operation kind of the endpoint-only systems issues (tests/lib/random-programs.ts, `programStep`). */
const SYSCALL_OF_KIND: Record<number, string> = {
  0: "send", 1: "call", 2: "recv", 3: "recv", 4: "recvFrom", 5: "reply", 6: "replyRecv", 8: "yield", 15: "yield", 16: "yield",
  18: "send", 19: "send", 20: "reply", 21: "recvFrom", 22: "call", 23: "reply", 24: "reply", 25: "replyRecv", 26: "call", 28: "replyRecv",
};

/**
 * A copy of the project at `dir`, its kernel with its `@inline` calls
 * expanded (as boards have it), whose kernel/features.ts constants are
 * variables set by `setFeatures` (exported from that file).
 */
export function switchableTree(root: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  writeInlinedTree(root, dir);
  const file = join(dir, "kernel/features.ts");
  let text = readFileSync(file, "utf8").replace(/export const (\w+): (boolean|number) = /g, "export let $1: $2 = ");
  const names = [...text.matchAll(/export let (\w+): /g)].map((m) => m[1]);
  text += "\n/** Sets the constants above (a test's switchable kernel only). */\nexport function setFeatures(v: Map<string, boolean | number>): void {\n";
  for (const n of names) text += "  if (v.has(" + JSON.stringify(n) + ")) " + n + " = v.get(" + JSON.stringify(n) + ") as typeof " + n + ";\n";
  text += "}\n";
  writeFileSync(file, text);
}

/** `spec` reshaped so that no task may lend a more important priority (see the module comment). */
function uphill(spec: SystemSpec): void {
  const T = spec.prios.length;
  const E = spec.epOwners.length;
  const w = withheldOf(spec);
  for (let e = 0; e < E; e++) {
    const owner = spec.epOwners[e];
    for (let t = 0; t < T; t++) if (spec.prios[t] < spec.prios[owner]) w[t][e] |= 3;
    for (let r = 0; r < T; r++) {
      if (r === owner) continue;
      for (let c = 0; c < T; c++) if ((w[c][e] & 2) === 0 && spec.prios[c] < spec.prios[r]) w[r][e] |= 4;
    }
  }
}

/** `spec` reshaped so that only an endpoint's owner may receive from it. */
function ownersOnly(spec: SystemSpec): void {
  const w = withheldOf(spec);
  for (let e = 0; e < spec.epOwners.length; e++) for (let t = 0; t < spec.prios.length; t++) if (t !== spec.epOwners[e]) w[t][e] |= 4;
}

function withheldOf(spec: SystemSpec): number[][] {
  if (spec.withheld === undefined) spec.withheld = [];
  for (let t = 0; t < spec.prios.length; t++) {
    if (spec.withheld[t] === undefined) spec.withheld[t] = [];
    for (let k = 0; k < RIGHT_SLOTS; k++) if (spec.withheld[t][k] === undefined) spec.withheld[t][k] = 0;
  }
  return spec.withheld;
}

export interface ProofSystem {
  spec: SystemSpec;
  /** The kernel's constants for it, as the proofs decide them. */
  features: Map<string, boolean | number>;
}

/** A random system of the proofs' classes and the constants a build would give its kernel. */
export function proofSystem(r: SpecRand): ProofSystem {
  // Half with every kind of timeout: a finite one starts a timer.
  const spec = leanSpec(r, r.int(0, 1) === 1);
  if (r.int(0, 1) === 1) spec.prios = spec.prios.map((_, t) => t + r.int(0, 1) * (5 - 2 * t));
  if (r.int(0, 1) === 1) uphill(spec);
  if (r.int(0, 1) === 1) ownersOnly(spec);
  if (r.int(0, 1) === 1) {
    for (const ops of spec.programs) for (const op of ops) if (CLOSED_KINDS.indexOf(op.k) >= 0) op.k = OPEN_KIND;
  } else if (r.int(0, 1) === 1) {
    for (const ops of spec.programs) for (const op of ops) if (op.k === OPEN_KIND || op.k === 3) op.k = CLOSED_KINDS[0];
  }
  const syscalls = new Set<string>();
  let timers = false;
  for (const ops of spec.programs) {
    for (const op of ops as Op[]) {
      const s = SYSCALL_OF_KIND[op.k];
      if (s !== undefined) syscalls.add(s);
      const to = timeoutOf(op.c);
      if (s !== undefined && s !== "yield" && s !== "reply" && to > 0 && to <= MAX_TIMEOUT) timers = true;
    }
  }
  const app = buildApp(spec, newLedger(), sys);
  const features = new Map<string, boolean | number>([["IRQS", false], ["NOTIFICATIONS", false], ["BUFFERS", false], ["PINS", false], ["TIMERS", timers]]);
  for (const [k, v] of proofConstants(app, { sites: [], outWritten: true }, syscalls, features)) features.set(k, v);
  return { spec: spec, features: features };
}

/** How many systems ran with each of the proofs' switches off (and on), and the steps compared. */
export interface ProofRun {
  off: Map<string, number>;
  on: Map<string, number>;
  steps: number;
}

/** The proofs' switches: kernel/features.ts's constants a proof may turn off (FIRST_PRIO: set past 0). */
export const PROOF_SWITCHES = ["DONATION", "EPOCHS", "CLOSED_RECV", "SHARED_PRIO", "SHARED_RECV", "FIRST_PRIO"];

/**
 * Runs `count` systems from seed `seed` in lockstep with the model, each
 * with the constants the proofs decide, set by `setFeatures` (the
 * switchable kernel's); throws at the first difference. `us`: virtual time
 * per system.
 */
export function runProofSystems(setFeatures: (v: Map<string, boolean | number>) => void, seed: number, count: number, us: number): ProofRun {
  const off = new Map<string, number>();
  const on = new Map<string, number>();
  for (const k of PROOF_SWITCHES) {
    off.set(k, 0);
    on.set(k, 0);
  }
  let steps = 0;
  for (let i = 0; i < count; i++) {
    const p = proofSystem(new SpecRand(seed + i));
    setFeatures(p.features);
    for (const k of PROOF_SWITCHES) {
      // Off: the work left out (a switch off, or a search that starts past priority 0).
      const v = p.features.get(k);
      const m = v === false || (typeof v === "number" && v > 0) ? off : on;
      m.set(k, m.get(k)! + 1);
    }
    try {
      steps += lockstep(p.spec, us).steps;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error("system seed " + (seed + i) + " with " + [...p.features].map(([k, v]) => k + "=" + v).join(" ") + ": " + msg);
    }
  }
  return { off: off, on: on, steps: steps };
}
