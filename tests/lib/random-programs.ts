/** @noSelfInFile */
/**
 * Random systems as plain data, and the task program they run: shared by
 * the property tests (tests/lib/random-system.ts draws specs with
 * fast-check), the differential test against the reference model
 * (tests/lib/lockstep.ts) and its Lua run (specs drawn by `randomSpec`
 * with a seeded generator, since fast-check is a Node library).
 *
 * A program is a list of operations, run one per step, round and round:
 * every syscall with good and bad arguments (bad ids, stale ids, words out
 * of range, -0, bytes over the buffer), throws, steps with no syscall or
 * two, and an `init` that, on some restarts, throws or issues a syscall.
 * Every send and call carries a unique message id as its label.
 *
 * Values at the edges of what a syscall accepts are drawn as often as any
 * value between them: timeouts FOREVER, 0, 1, MAX_TIMEOUT and
 * MAX_TIMEOUT + 1 (`timeoutOf`); words at -2^31, 2^31 - 1, 2^31 and
 * 2^32 - 1 and one past each end (`EDGE_WORDS`, `EDGE_BITS`); object ids
 * one past the table and -1 (`objectId`); task ids of the last epoch, of
 * the index one past the table, -1 and 2^31 (`taskRef`, `taskIdAt`).
 *
 * Rights: half the systems give every task every right; in the other half
 * each task holds, per object, every right, none, or some (`withheld`), so
 * that programs, which name objects regardless of rights, take every
 * NO_RIGHTS path, and a right checked in place of another shows.
 */
import { AppDesc, FOREVER, Kind, MAX_TIMEOUT, Task, sys } from "../../kernel/index";

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
  /** Per task: message buffer size in bytes (0: none). Absent: no buffers. */
  buffers?: number[];
  /** Per task: 0 (or more than 2) a plain init; 1 init throws on every third run (boot is the first); 2 init issues a syscall on every third run. */
  inits?: number[];
  /** Host signals: [notification, bits, time µs] triples, flattened; bad ids and bits included. */
  signals?: number[];
  /** Virtual µs a step takes (lockstep runs). */
  stepUs?: number;
  /** The tick counter at time 0 (lockstep runs start some just before it wraps). */
  startTick?: number;
  /**
   * Per task, the rights it does not hold, per object: a bit set for
   * endpoint e at [e] (1 send, 2 call, 4 recv), notification n at [E + n]
   * (1 signal, 2 wait), IRQ i at [E + N + i] (1 ack). Absent, or an entry
   * missing: every right. An owner's own rights (receive on its endpoint,
   * wait on its notification, ack the IRQs delivered to it) are the
   * kernel's and cannot be withheld.
   */
  withheld?: number[][];
}

/** Operation kinds. */
export const OPS = 30;

/** Values of an op's `c` field: timeouts (`timeoutOf`). */
export const TIMEOUT_CODES = 10;

/** Entries of `SystemSpec.withheld` per task: room for 3 endpoints, 2 notifications and 2 IRQs (what the generators draw). */
export const RIGHT_SLOTS = 7;

/**
 * Words by an op field (0..7): both ends of the signed and the unsigned
 * range, one past each end (-2^31 - 1, 2^32: BAD_ARG), -0, and 1.
 */
export const EDGE_WORDS = [-0, 2147483647, 2147483648, -2147483648, 4294967295, -2147483649, 4294967296, 1];

/** Notification bits by an op field (0..7): bit 31 both ways, every bit, and bad ones (0, 2^32, -2^31 - 1). */
export const EDGE_BITS = [0, 2147483648, -2147483648, 4294967295, 4294967296, -2147483649, 1 << 24, 1 << 30];

/**
 * IPC-heavy programs: calls, replyRecv and receives, mostly without
 * timeouts (the kernel's hot path), with some sends, replies,
 * late replies, yields, restarts, throws, -0 and edge words, and bytes.
 */
export const IPC_KINDS = [1, 1, 1, 6, 6, 6, 2, 0, 5, 8, 13, 15, 20, 26, 26, 22, 24, 4];

/**
 * Programs around peers that die: closed receives, calls and replies while
 * the supervisor restarts tasks and steps throw (inits that fault included).
 */
export const PEER_KINDS = [4, 4, 1, 6, 2, 0, 13, 13, 15, 8, 5, 24];

/**
 * Programs for a kernel built for an app with endpoints only: sends, calls,
 * receives, replies and replyRecv (late, stale and bad ones too), yields,
 * throws and steps with no syscall; no sleep, notification, IRQ or restart.
 * With `leanSpec` (no notifications, IRQs, buffers or finite timeouts).
 */
export const LEAN_KINDS = [0, 1, 1, 2, 3, 4, 5, 6, 6, 8, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 26, 28];

/** What a program may record about message ids (the ledger of tests/lib/random-system.ts). */
export interface Ledger {
  nextId: number;
  outcome: number[];
  replied: boolean[];
  isCall: boolean[];
}

export interface ProgState {
  ops: Op[];
  pc: number;
  /** The id of this task's send or call in flight, or 0. */
  pending: number;
  lastSender: number;
  /** The sender before `lastSender` (for late replies to an earlier call). */
  prevSender: number;
  ledger: Ledger;
  T: number;
  E: number;
  N: number;
  I: number;
  /** The syscalls the program issues: the kernel's `sys`, or a recorder around it. */
  sys: typeof sys;
  initMode: number;
  restarts: number;
}

/**
 * A timeout by an op's `c` field (0..9): FOREVER, 0, 1..5 ticks,
 * MAX_TIMEOUT, MAX_TIMEOUT + 1 (BAD_ARG) and -2 (BAD_ARG), each as often
 * as the others.
 */
export function timeoutOf(c: number): number {
  if (c === 0) return FOREVER;
  if (c <= 6) return c - 1;
  return c === 7 ? MAX_TIMEOUT : c === 8 ? MAX_TIMEOUT + 1 : -2;
}

/**
 * An object id by an op field a (0..7) in a table of n objects: mostly
 * a % n, and the edges about as often as any one object: n (one past the
 * last) and -1. With no objects, 0 (one past the end too).
 */
export function objectId(a: number, n: number): number {
  if (a === 6) return n;
  if (a === 7) return -1;
  return n > 0 ? a % n : 0;
}

/**
 * A task named by op fields for restart and faultInfo (index or id; the
 * epoch is not checked): mostly index b % T; index T (none), or task a's
 * id at the last epoch (2^31 - 256 + a: the largest ids).
 */
function taskRef(a: number, b: number, T: number): number {
  if (b === 6) return T;
  if (b === 7) return 0x7fffff * 256 + (a % T);
  return b % T;
}

/**
 * A task id at an epoch, by op fields: epoch b (7: the last one, 2^23 - 1,
 * which comes before epoch 0) above index a % T; a = 6 names index T (no
 * task); a = 7 is -1 or 2^31 (no id).
 */
function taskIdAt(a: number, b: number, T: number): number {
  if (a === 7) return b % 2 === 0 ? -1 : 2147483648;
  return (b === 7 ? 0x7fffff : b) * 256 + (a === 6 ? T : a % T);
}

/** Fills the first n bytes of the task's buffer and sets `out` to n (n may exceed the buffer: BAD_ARG). */
function fill(t: Task<ProgState>, n: number, seed: number): void {
  const cap = t.buf.length;
  for (let k = 0; k < n && k < cap; k++) t.buf[k] = (seed * 7 + k * 13) & 255;
  t.out = n;
}

export function programStep(t: Task<ProgState>): void {
  const s = t.state;
  const L = s.ledger;
  const S = s.sys;
  if (s.pending > 0) {
    L.outcome[s.pending] = t.status;
    L.replied[s.pending] = t.kind === Kind.REPLY && t.status === 0;
    s.pending = 0;
  }
  if (t.kind === Kind.MESSAGE) {
    s.prevSender = s.lastSender;
    s.lastSender = t.sender;
  }
  const op = s.ops[s.pc % s.ops.length];
  s.pc++;
  const ep = objectId(op.a, s.E);
  const n = objectId(op.a, s.N);
  const to = timeoutOf(op.c);
  t.out = 0;
  // A handler acknowledges most IRQs it gets (and some of a notification's) at once.
  if (t.kind === Kind.IRQ && op.c < 7) return S.irqAck(t.sender);
  if (t.kind === Kind.NOTIFICATION && s.I > 0 && op.c < 4) return S.irqAck(op.a % s.I);
  switch (op.k) {
    case 0:
    case 1: {
      const id = L.nextId++;
      s.pending = id;
      L.isCall[id] = op.k === 1;
      L.outcome[id] = -1;
      return op.k === 1 ? S.call(ep, id, t.id, 0, 0, to) : S.send(ep, id, t.id, 0, 0, to);
    }
    case 2:
    case 3:
      return S.recv(ep, to);
    case 4:
      // A closed receive naming a task by index (its first id) or by the id it last sent with.
      return S.recvFrom(ep, op.b % 2 === 0 || s.lastSender === 0 ? op.b % s.T : s.lastSender, to);
    case 5:
      return S.reply(s.lastSender, 0, 0, 0, 0);
    case 6:
      return S.replyRecv(s.lastSender, 0, 0, 0, 0, ep, to);
    case 7:
      return S.sleep(to);
    case 8:
      return S.yield();
    case 9:
      return S.signal(n, 1 << op.b);
    case 10:
      return S.wait(n, to);
    case 11:
      return S.poll(n);
    case 12:
      return S.irqAck(objectId(op.a, s.I));
    case 13:
      return S.restart(taskRef(op.a, op.b, s.T));
    case 14:
      return S.faultInfo(taskRef(op.a, op.b, s.T));
    case 15:
      if (op.b === 0) throw new Error("program throws");
      return S.yield();
    case 16:
      if (op.b === 0) return;
      return S.yield();
    case 17:
      S.yield();
      if (op.b === 0) S.yield();
      return;
    case 18:
      return S.send(99, 0, 0, 0, 0, to);
    case 19:
      return S.send(ep, 0, 1.5, 0, 0, to);
    case 20:
      return S.reply(taskIdAt(op.a, op.b, s.T), 0, 0, 0, 0);
    case 21:
      return S.recvFrom(ep, taskIdAt(op.a, op.b, s.T), to);
    case 22: {
      // A call carrying bytes (sometimes more than the buffer holds).
      const id = L.nextId++;
      s.pending = id;
      L.isCall[id] = true;
      L.outcome[id] = -1;
      fill(t, op.b, id);
      return S.call(ep, id, t.id, op.b, 0, to);
    }
    case 23:
      fill(t, op.b, op.a);
      return S.reply(s.lastSender, 3, op.b, EDGE_WORDS[op.a], 0);
    case 24:
      // A late reply: to the sender before the last one (maybe an ended call).
      return S.reply(s.prevSender, 4, 0, 0, 0);
    case 25:
      return S.replyRecv(s.prevSender, 5, 0, 0, 0, op.b < 6 ? ep : 9, to);
    case 26: {
      // Words at the edges of the 32-bit range (one past them too), and -0.
      const id = L.nextId++;
      s.pending = id;
      L.isCall[id] = op.b % 2 === 1;
      L.outcome[id] = -1;
      const w = EDGE_WORDS[op.b];
      return op.b % 2 === 1 ? S.call(ep, id, -0, w, 0, to) : S.send(ep, id, w, 0, -0, to);
    }
    case 27:
      return S.signal(n, EDGE_BITS[op.b]);
    case 28:
      return S.replyRecv(s.lastSender, 6, 0, 0, 0, ep, op.b === 0 ? -5 : to);
    default:
      // Sleeps of 1..5 ticks, MAX_TIMEOUT, MAX_TIMEOUT + 1 and -2.
      return S.sleep(timeoutOf(op.b + 2));
  }
}

/**
 * At boot and restart: a restarted task's send or call in flight was cut
 * off, its outcome stays unknown. With init mode 1 or 2, every third
 * restart's init throws, or issues a syscall (both fault the task).
 */
export function programInit(t: Task<ProgState>): void {
  const s = t.state;
  s.pending = 0;
  s.lastSender = 0;
  s.prevSender = 0;
  s.restarts++;
  if (s.restarts % 3 === 0 && s.initMode === 1) throw new Error("init throws");
  if (s.restarts % 3 === 0 && s.initMode === 2) s.sys.yield();
}

/** The names in `names` whose entry in `withheld` (from `at`) lacks `bit` (no entries: every name). */
function granted(names: string[], withheld: number[] | undefined, at: number, bit: number): string[] {
  if (withheld === undefined) return names;
  const out: string[] = [];
  for (let k = 0; k < names.length; k++) {
    const w = at + k < withheld.length ? withheld[at + k] : 0;
    if ((w & bit) === 0) out.push(names[k]);
  }
  return out;
}

/**
 * The app description of a random system: the rights `spec.withheld`
 * leaves (every right without it), downhill calls allowed, task 0
 * supervises. `S` is the `sys` the programs issue their syscalls through.
 */
export function buildApp(spec: SystemSpec, ledger: Ledger, S: typeof sys): AppDesc {
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
  const E = epNames.length;
  const N = nNames.length;
  for (let t = 0; t < T; t++) {
    const state: ProgState = {
      ops: spec.programs[t], pc: 0, pending: 0, lastSender: 0, prevSender: 0, ledger: ledger,
      T: T, E: E, N: N, I: irqs.length, sys: S,
      initMode: spec.inits !== undefined ? spec.inits[t] : 0, restarts: 0,
    };
    const w = spec.withheld !== undefined && t < spec.withheld.length ? spec.withheld[t] : undefined;
    tasks.push({
      name: "t" + t,
      priority: spec.prios[t],
      step: programStep,
      init: programInit,
      state: state,
      buffer: spec.buffers !== undefined && spec.buffers[t] > 0 ? spec.buffers[t] : undefined,
      rights: {
        send: granted(epNames, w, 0, 1), call: granted(epNames, w, 0, 2), recv: granted(epNames, w, 0, 4),
        signal: granted(nNames, w, E, 1), wait: granted(nNames, w, E, 2), ack: granted(irqNames, w, E + N, 1),
        supervisor: t === 0,
      },
    });
    for (let e = 0; e < epNames.length; e++) downhill.push(["t" + t, epNames[e]]);
  }
  // The fault notification is n0 (a system without notifications has none).
  const faults = ntfns.length > 0 ? { notification: "n0", bit: 31 } : undefined;
  return { name: "random", tasks: tasks, endpoints: eps, notifications: ntfns, irqs: irqs, downhill: downhill, faults: faults };
}

export function newLedger(): Ledger {
  return { nextId: 1, outcome: [], replied: [], isCall: [] };
}

/** A seeded generator (Park–Miller), the same numbers on every host. */
export class SpecRand {
  private x: number;
  constructor(seed: number) {
    this.x = (Math.floor(Math.abs(seed)) % 2147483646) + 1;
  }
  /** A whole number in lo..hi. */
  int(lo: number, hi: number): number {
    // 48271 * x stays below 2^47: exact in doubles.
    this.x = (this.x * 48271) % 2147483647;
    return lo + (this.x % (hi - lo + 1));
  }
}

function ints(r: SpecRand, n: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.int(lo, hi));
  return out;
}

/**
 * The rights a task lacks on one object, as drawn (see
 * `SystemSpec.withheld`): none (every right), all three (no right), or
 * some, a third each.
 */
function drawWithheld(r: SpecRand): number {
  const x = r.int(0, 2);
  return x === 0 ? 0 : x === 1 ? 7 : r.int(1, 6);
}

/** Half the time no `withheld` (every right), else per task and object a draw of `drawWithheld`. */
function withheldRights(r: SpecRand, T: number): number[][] | undefined {
  if (r.int(0, 1) === 0) return undefined;
  const out: number[][] = [];
  for (let t = 0; t < T; t++) {
    const w: number[] = [];
    for (let k = 0; k < RIGHT_SLOTS; k++) w.push(drawWithheld(r));
    out.push(w);
  }
  return out;
}

/**
 * A random system drawn with a seeded generator (for hosts without
 * fast-check). With `kinds`, every operation is one of those kinds.
 */
export function randomSpec(r: SpecRand, kinds?: number[]): SystemSpec {
  const T = r.int(2, 6);
  const programs: Op[][] = [];
  for (let t = 0; t < T; t++) {
    const ops: Op[] = [];
    const len = r.int(1, 10);
    for (let i = 0; i < len; i++) {
      const k = kinds === undefined ? r.int(0, OPS - 1) : kinds[r.int(0, kinds.length - 1)];
      ops.push({ k: k, a: r.int(0, 7), b: r.int(0, 7), c: r.int(0, TIMEOUT_CODES - 1) });
    }
    programs.push(ops);
  }
  const signals: number[] = [];
  const ns = r.int(0, 4);
  for (let i = 0; i < ns; i++) {
    signals.push(r.int(-1, 3));
    signals.push(r.int(0, 3) === 0 ? 0 : 1 << r.int(0, 30));
    signals.push(r.int(0, 100000));
  }
  return {
    prios: ints(r, T, 0, 5),
    epOwners: ints(r, r.int(1, 3), 0, T - 1),
    ntfnOwners: ints(r, r.int(1, 2), 0, T - 1),
    bind: r.int(0, 1) === 1,
    irqTargets: ints(r, r.int(0, 2), 0, 5),
    programs: programs,
    edges: ints(r, r.int(0, 30), 0, 200000),
    buffers: ints(r, T, 0, 6),
    inits: ints(r, T, 0, 5),
    signals: signals,
    stepUs: r.int(10, 400),
    startTick: r.int(0, 1) === 1 ? 2147483647 - r.int(0, 200) : r.int(0, 1000),
    withheld: withheldRights(r, T),
  };
}

/** Timeout codes (`timeoutOf`) that start no timer: FOREVER, 0, and the refused MAX_TIMEOUT + 1 and -2. */
const LEAN_TIMEOUT_CODES = [0, 1, 0, 1, 8, 9];

/**
 * A random system for a kernel built for an app with endpoints only (see
 * `LEAN_KINDS`): no notifications, IRQs, edges, host signals or message
 * buffers, and timeouts only FOREVER and 0 (and refused ones), so that no
 * timer starts; with `everyTimeout`, every kind of timeout (a finite one
 * starts a timer).
 */
export function leanSpec(r: SpecRand, everyTimeout = false): SystemSpec {
  const spec = randomSpec(r, LEAN_KINDS);
  if (!everyTimeout) for (const ops of spec.programs) for (const op of ops) op.c = LEAN_TIMEOUT_CODES[op.c % LEAN_TIMEOUT_CODES.length];
  spec.ntfnOwners = [];
  spec.bind = false;
  spec.irqTargets = [];
  spec.edges = [];
  spec.signals = [];
  spec.buffers = undefined;
  return spec;
}
