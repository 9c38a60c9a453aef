/**
 * Random systems for property tests and the soak run: random valid app
 * descriptions and random task programs (random syscalls, bad ones and
 * throws included), generated with fast-check so failures shrink to a small
 * scenario, within a time budget (`SHRINK_BUDGET_MS`).
 *
 * Every send and call carries a unique message id as its label; the message
 * transfers in the simulator's trace tell how often each id was delivered.
 */
import fc from "fast-check";
import { Status, sys, totalSteps } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { OPS, RIGHT_SLOTS, SystemSpec, TIMEOUT_CODES, buildApp, newLedger } from "./random-programs";

export type { Op, SystemSpec } from "./random-programs";

/**
 * The rights a task lacks on one object (see `SystemSpec.withheld`): none
 * (every right), all three (no right), or some, a third each; shrinks
 * towards every right.
 */
const withheldArb = fc.oneof(fc.constant(0), fc.constant(7), fc.integer({ min: 1, max: 6 }));

/**
 * How long shrinking a failure may take, in ms, unless told otherwise: a
 * property spec reports a failure within a minute of finding it, even on a
 * kernel so broken that every system fails.
 */
export const SHRINK_BUDGET_MS = 30000;

/**
 * `inner` with a time budget for shrinking. fast-check shrinks only after
 * a failure: from the first shrink on, candidates are offered for
 * `budgetMs`, then none, and fast-check reports the smallest failing case
 * found so far. Make one per `fc.assert`: the budget is spent once.
 */
class ShrinkBudget<T> extends fc.Arbitrary<T> {
  private start = -1;
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly budgetMs: number,
  ) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.inner.generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (this.start < 0) this.start = Date.now();
    if (this.spent()) return fc.Stream.nil();
    return this.inner.shrink(value, context).takeWhile(() => !this.spent());
  }
  private spent(): boolean {
    return Date.now() - this.start >= this.budgetMs;
  }
}

/**
 * Random systems. With `kinds`, every program op is one of those kinds and
 * most timeouts are FOREVER (IPC-heavy systems: e.g. calls, replyRecv and
 * receives, the kernel's hot path). Half of them give every task every
 * right; the other half withhold rights per task and object (`withheldArb`).
 * A failure shrinks for `shrinkMs` at most (default `SHRINK_BUDGET_MS`).
 */
export function systemArb(kinds?: number[], shrinkMs = SHRINK_BUDGET_MS): fc.Arbitrary<SystemSpec> {
  const k = kinds === undefined ? fc.integer({ min: 0, max: OPS - 1 }) : fc.constantFrom(...kinds);
  const timeouts = fc.integer({ min: 0, max: TIMEOUT_CODES - 1 });
  const c = kinds === undefined ? timeouts : fc.oneof(fc.constant(0), fc.constant(0), timeouts);
  const systems = fc.integer({ min: 2, max: 6 }).chain((T) =>
    fc.record({
      prios: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: T, maxLength: T }),
      epOwners: fc.array(fc.integer({ min: 0, max: T - 1 }), { minLength: 1, maxLength: 3 }),
      ntfnOwners: fc.array(fc.integer({ min: 0, max: T - 1 }), { minLength: 1, maxLength: 2 }),
      bind: fc.boolean(),
      irqTargets: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
      programs: fc.array(
        fc.array(fc.record({ k: k, a: fc.integer({ min: 0, max: 7 }), b: fc.integer({ min: 0, max: 7 }), c: c }), { minLength: 1, maxLength: 10 }),
        { minLength: T, maxLength: T },
      ),
      edges: fc.array(fc.integer({ min: 0, max: 200000 }), { maxLength: 30 }),
      buffers: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: T, maxLength: T }),
      inits: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: T, maxLength: T }),
      signals: fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }).map((b) => 1 << b)), fc.integer({ min: 0, max: 200000 })), { maxLength: 4 })
        .map((l) => l.flat()),
      stepUs: fc.integer({ min: 10, max: 400 }),
      startTick: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2147483447, max: 2147483647 })),
      withheld: fc.oneof(
        fc.constant(undefined),
        fc.array(fc.array(withheldArb, { minLength: RIGHT_SLOTS, maxLength: RIGHT_SLOTS }), { minLength: T, maxLength: T }),
      ),
    }),
  );
  return new ShrinkBudget(systems, shrinkMs);
}

/** Operation kinds of `sharedPrioritySystemArb`: send, call, replyRecv and yield. */
export const SHARED_PRIORITY_KINDS = [0, 1, 6, 8];

/**
 * Servers at shared priorities: 4 to 6 tasks at priorities 0 and 1 around
 * one endpoint, every right, sending, calling, replying and receiving
 * (`replyRecv`) and yielding. Ready lists hold several tasks while
 * donations come and go: e.g. a server replies to a more important caller
 * (back to its own priority, at the tail) and at once takes a queued
 * sender of its own priority (readied behind it), so the task that ran is
 * in the middle of its ready list and must still go to its back. Of the
 * other systems about one in a few thousand reaches such an order; of these
 * about one in twenty-five.
 */
export function sharedPrioritySystemArb(shrinkMs = SHRINK_BUDGET_MS): fc.Arbitrary<SystemSpec> {
  return systemArb(SHARED_PRIORITY_KINDS, shrinkMs)
    .filter((spec) => spec.prios.length >= 4)
    .map((spec) => {
      const prios: number[] = [];
      for (const p of spec.prios) prios.push(p % 2);
      return { ...spec, prios: prios, epOwners: [spec.epOwners[0]], withheld: undefined };
    });
}

export interface RunResult {
  /** The simulator's text trace. */
  lines: string[];
  steps: number;
  messages: number;
  faults: number;
  restarts: number;
}

/**
 * Runs a random system for `us` virtual µs with the invariant checker after
 * every step, then checks message accounting. Throws on any violation.
 */
export function runSystem(spec: SystemSpec, us: number): RunResult {
  const ledger = newLedger();
  const app = buildApp(spec, ledger, sys);
  const sim = new Sim(app, { trace: true, check: true, sliceSteps: 8 });
  for (let i = 0; i < spec.edges.length; i++) sim.edge(i % Math.max(1, spec.irqTargets.length), spec.edges[i]);
  sim.runUntil(us);
  const delivered: number[] = [];
  let faults = 0;
  let restarts = 0;
  for (let i = 0; i < sim.lines.length; i++) {
    const line = sim.lines[i];
    const at = line.indexOf(" MESSAGE label=");
    if (at >= 0) {
      const id = parseInt(line.slice(at + 15), 10);
      delivered[id] = (delivered[id] || 0) + 1;
    }
    if (line.indexOf(" FAULT ") >= 0) faults++;
    if (line.indexOf(" restarted, generation ") >= 0) restarts++;
  }
  for (let id = 1; id < ledger.nextId; id++) {
    const d = delivered[id] || 0;
    if (d > 1) throw new Error("message " + id + " delivered " + d + " times");
    const o = ledger.outcome[id];
    if (o === -1 || o === undefined) continue;
    if (o === Status.OK && !ledger.isCall[id] && d !== 1) throw new Error("send " + id + " returned OK but was delivered " + d + " times");
    if (ledger.replied[id] && d !== 1) throw new Error("call " + id + " got a reply but was delivered " + d + " times");
    if (!ledger.isCall[id] && o !== Status.OK && d !== 0) throw new Error("send " + id + " failed with " + o + " but was delivered");
    if (ledger.isCall[id] && (o === Status.WOULD_BLOCK || o === Status.BAD_ARG || o === Status.BAD_ID || o === Status.NO_RIGHTS) && d !== 0) {
      throw new Error("call " + id + " refused with " + o + " but was delivered");
    }
  }
  return { lines: sim.lines, steps: totalSteps(), messages: ledger.nextId - 1, faults: faults, restarts: restarts };
}
