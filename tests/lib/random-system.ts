/**
 * Random systems for property tests and the soak run: random valid app
 * descriptions and random task programs (random syscalls, bad ones and
 * throws included), generated with fast-check so failures shrink to a small
 * scenario.
 *
 * Every send and call carries a unique message id as its label; the message
 * transfers in the simulator's trace tell how often each id was delivered.
 */
import fc from "fast-check";
import { AppDesc, FOREVER, Kind, Status, Task, fastTransfers, sys, totalSteps } from "../../kernel/index";
import { Sim } from "../../sim/sim";

export interface Op {
  k: number;
  a: number;
  b: number;
  c: number;
}

export interface SystemSpec {
  prios: number[];
  epOwners: number[];
  ntfnOwners: number[];
  bind: boolean;
  irqTargets: number[];
  programs: Op[][];
  edges: number[];
}

/** Operation kinds. */
const OPS = 22;

/**
 * Random systems. With `kinds`, every program op is one of those kinds and
 * most timeouts are FOREVER (IPC-heavy systems: e.g. calls, replyRecv and
 * receives, the kernel's fast paths).
 */
export function systemArb(kinds?: number[]): fc.Arbitrary<SystemSpec> {
  const k = kinds === undefined ? fc.integer({ min: 0, max: OPS - 1 }) : fc.constantFrom(...kinds);
  const c = kinds === undefined ? fc.integer({ min: 0, max: 6 }) : fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 6 }));
  return fc.integer({ min: 2, max: 6 }).chain((T) =>
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
      edges: fc.array(fc.integer({ min: 0, max: 200000 }), { maxLength: 12 }),
    }),
  );
}

/** What happened to each message id. */
export class Ledger {
  nextId = 1;
  /** Outcome of the send or call that carried the id: status, and whether it was a call answered with a reply. */
  outcome: number[] = [];
  replied: boolean[] = [];
  isCall: boolean[] = [];
  faults = 0;
  restarts = 0;
}

interface ProgState {
  ops: Op[];
  pc: number;
  /** The id of this task's send or call in flight, or 0. */
  pending: number;
  lastSender: number;
  ledger: Ledger;
  T: number;
  E: number;
  N: number;
  I: number;
}

function timeoutOf(c: number): number {
  return c === 0 ? FOREVER : c === 1 ? 0 : c - 1;
}

function programStep(t: Task<ProgState>): void {
  const s = t.state;
  const L = s.ledger;
  if (s.pending > 0) {
    L.outcome[s.pending] = t.status;
    L.replied[s.pending] = t.kind === Kind.REPLY && t.status === Status.OK;
    s.pending = 0;
  }
  if (t.kind === Kind.MESSAGE) s.lastSender = t.sender;
  const op = s.ops[s.pc % s.ops.length];
  s.pc++;
  const ep = op.a % s.E;
  const n = op.a % s.N;
  const to = timeoutOf(op.c);
  switch (op.k) {
    case 0:
    case 1: {
      const id = L.nextId++;
      s.pending = id;
      L.isCall[id] = op.k === 1;
      L.outcome[id] = -1;
      return op.k === 1 ? sys.call(ep, id, t.id, 0, 0, to) : sys.send(ep, id, t.id, 0, 0, to);
    }
    case 2:
    case 3:
      return sys.recv(ep, to);
    case 4:
      return sys.recvFrom(ep, op.b % s.T, to);
    case 5:
      return sys.reply(s.lastSender, 0, 0, 0, 0);
    case 6:
      return sys.replyRecv(s.lastSender, 0, 0, 0, 0, ep, to);
    case 7:
      return sys.sleep(op.c);
    case 8:
      return sys.yield();
    case 9:
      return sys.signal(n, 1 << op.b);
    case 10:
      return sys.wait(n, to);
    case 11:
      return sys.poll(n);
    case 12:
      return sys.irqAck(op.a % (s.I + 1));
    case 13:
      return sys.restart(op.b % s.T);
    case 14:
      return sys.faultInfo(op.b % s.T);
    case 15:
      if (op.b === 0) throw new Error("program throws");
      return sys.yield();
    case 16:
      if (op.b === 0) return;
      return sys.yield();
    case 17:
      sys.yield();
      if (op.b === 0) sys.yield();
      return;
    case 18:
      return sys.send(99, 0, 0, 0, 0, to);
    case 19:
      return sys.send(ep, 0, 1.5, 0, 0, to);
    case 20:
      return sys.reply(op.b * 256 + (op.a % s.T), 0, 0, 0, 0);
    default:
      return sys.recvFrom(ep, op.b * 256 + (op.a % s.T), to);
  }
}

/** At boot and restart: a restarted task's send or call in flight was cut off; its outcome stays unknown. */
function programInit(t: Task<ProgState>): void {
  t.state.pending = 0;
  t.state.lastSender = 0;
}

/** The app description of a random system. Rights to everything, downhill calls allowed, task 0 supervises. */
export function buildApp(spec: SystemSpec, ledger: Ledger): AppDesc {
  const T = spec.prios.length;
  const eps: AppDesc["endpoints"] = [];
  const epNames: string[] = [];
  for (let e = 0; e < spec.epOwners.length; e++) {
    eps.push({ name: "ep" + e, owner: "t" + spec.epOwners[e] });
    epNames.push("ep" + e);
  }
  const ntfns: AppDesc["notifications"] = [];
  const nNames: string[] = [];
  for (let n = 0; n < spec.ntfnOwners.length; n++) {
    ntfns.push({ name: "n" + n, owner: "t" + spec.ntfnOwners[n], bind: n === 0 && spec.bind });
    nNames.push("n" + n);
  }
  const irqs: AppDesc["irqs"] = [];
  const irqNames: string[] = [];
  for (let i = 0; i < spec.irqTargets.length; i++) {
    const x = spec.irqTargets[i];
    if (x % 2 === 0) irqs.push({ name: "irq" + i, endpoint: "ep" + (x % eps.length), priority: x });
    else irqs.push({ name: "irq" + i, notification: "n" + (x % ntfns.length), bit: 20 + i, priority: x });
    irqNames.push("irq" + i);
  }
  const tasks: AppDesc["tasks"] = [];
  const downhill: string[][] = [];
  for (let t = 0; t < T; t++) {
    const state: ProgState = { ops: spec.programs[t], pc: 0, pending: 0, lastSender: 0, ledger: ledger, T: T, E: eps.length, N: ntfns.length, I: irqs.length };
    tasks.push({
      name: "t" + t,
      priority: spec.prios[t],
      step: programStep,
      init: programInit,
      state: state,
      rights: { call: epNames, send: epNames, recv: epNames, signal: nNames, wait: nNames, ack: irqNames, supervisor: t === 0 },
    });
    for (let e = 0; e < epNames.length; e++) downhill.push(["t" + t, epNames[e]]);
  }
  return { name: "random", tasks: tasks, endpoints: eps, notifications: ntfns, irqs: irqs, downhill: downhill, faults: { notification: "n0", bit: 31 } };
}

export interface RunResult {
  /** The simulator's text trace. */
  lines: string[];
  /** Transfers made by the kernel's IPC fast paths. */
  fast: number;
  steps: number;
  messages: number;
  faults: number;
  restarts: number;
}

/**
 * Runs a random system for `us` virtual µs with the invariant checker after
 * every step, then checks message accounting. Throws on any violation.
 */
export function runSystem(spec: SystemSpec, us: number, generalOnly?: boolean): RunResult {
  const ledger = new Ledger();
  const app = buildApp(spec, ledger);
  const sim = new Sim(app, { trace: true, check: true, sliceSteps: 8, generalOnly: generalOnly === true });
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
  return { lines: sim.lines, fast: fastTransfers(), steps: totalSteps(), messages: ledger.nextId - 1, faults: faults, restarts: restarts };
}
