/** @noSelfInFile */
/**
 * The reference model of baton's kernel: the semantics of design.md written
 * a second time, for reading, not for speed.
 *
 * It shares no code with `kernel/`: it imports only the numbers tasks see
 * (result codes, kinds, states, syscall numbers) and the app-description
 * types. Tasks are plain objects, queues are plain arrays kept in order,
 * priorities are recomputed from their definition, and nothing is encoded in
 * place. It does not run task code: it is told what each step did (the
 * syscalls it issued with their arguments, whether it threw), what each
 * `init` did, and what the host did (edges, signals, alarms), and it
 * computes what every task and the host must see. `tests/lib/lockstep.ts`
 * drives the kernel and this model side by side and compares them after
 * every step.
 *
 * Where design.md leaves an order open (which of two tasks woken at once
 * runs first, where a task goes in its queue when its priority changes), the
 * rule is written here beside the code that applies it, once.
 */
import { FOREVER, FaultCode, IrqState, Kind, MAX_TIMEOUT, PRIORITIES, Status, Sys, TaskState } from "../kernel/codes";
import type { AppDesc } from "../kernel/app";

/** The registers a task reads after a syscall (its `Task` object, less its own state). */
export interface Regs {
  id: number;
  status: number;
  kind: number;
  sender: number;
  label: number;
  w1: number;
  w2: number;
  w3: number;
  len: number;
  offered: number;
  /** The task's message buffer. */
  buf: number[];
}

/** One syscall a step (or an init) issued: its number and its arguments as given. */
export interface Call {
  sys: number;
  args: unknown[];
  /** The task's `out` register and buffer when it issued the call. */
  out: unknown;
  bytes: number[];
  /** For `restart`: what the restarted task's `init` did, when the kernel ran it. */
  init?: InitOutcome;
}

/** What an `init` did: the syscalls it issued (it may issue none) and whether it threw. */
export interface InitOutcome {
  calls: number[];
  threw: boolean;
  message: string;
}

/** What a step did. */
export interface StepOutcome {
  calls: Call[];
  threw: boolean;
  message: string;
  /** The task's buffer as the task itself left it (its own writes, before its syscall). */
  buf: number[];
}

/** The host's clock, as the kernel's host gives it. */
export interface ModelClock {
  ticks(this: void): number;
  micros(this: void): number;
}

/** A node in a send queue: a task, or an IRQ object waiting as a sender. */
interface QNode {
  isIrq: boolean;
  /** Task index or IRQ index. */
  id: number;
}

interface MTask {
  name: string;
  base: number;
  /** Effective priority: see `donatedPrio`. */
  prio: number;
  state: number;
  /** The endpoint a SEND/CALL/RECV_BLOCKED task waits on. */
  ep: number;
  /** The notification an NTFN_BLOCKED task waits on. */
  ntfn: number;
  /** The server a REPLY_BLOCKED task waits for. */
  server: number;
  /** A RECV_BLOCKED task's closed-receive partner, or -1 (open receive). */
  from: number;
  /** A queued sender's message (copied when it queued). */
  msgLabel: number;
  msgW1: number;
  msgW2: number;
  msgW3: number;
  msgBytes: number[];
  /** The epoch counter of ids (23 bits), and the epoch its incarnation began at. */
  epoch: number;
  epochBase: number;
  inTimer: boolean;
  deadline: number;
  /** Order of timer insertion: equal deadlines expire first in, first out. */
  timerSeq: number;
  regs: Regs;
  cap: number;
  faultCode: number;
  faultSys: number;
  faultTick: number;
  faultMsg: string;
  steps: number;
  hasInit: boolean;
  supervisor: boolean;
}

interface MEndpoint {
  name: string;
  owner: number;
  sendQ: QNode[];
  recvQ: number[];
}

interface MNtfn {
  name: string;
  owner: number;
  bound: boolean;
  word: number;
  waitQ: number[];
}

interface MIrq {
  name: string;
  prio: number;
  ep: number;
  ntfn: number;
  bit: number;
  state: number;
  count: number;
  stamp: number;
  /** The task the IRQ was last delivered to while MASKED, or -1. */
  handler: number;
  latPending: boolean;
  latStamp: number;
  latCount: number;
  latMin: number;
  latMax: number;
  hist: number[];
}

/** Everything a task or the host can observe, in plain values (see `observe`). */
export interface Observation {
  tasks: {
    name: string;
    state: number;
    prio: number;
    regs: Regs;
    deadline: number;
    faultCode: number;
    faultSys: number;
    faultTick: number;
    faultMsg: string;
    steps: number;
    /** RECV_BLOCKED: the task index a closed receive accepts, or -1 (an open receive). -1 in other states. */
    filter: number;
    /** RECV_BLOCKED: the notification bound to the task, or -1. -1 in other states. */
    bound: number;
    /** SEND_BLOCKED, CALL_BLOCKED: the message it queued (label, w1, w2, w3, then the bytes it offers). Empty in other states. */
    queued: number[];
  }[];
  /** Ready lists by priority, most important first: "p: a b c". */
  ready: string[];
  endpoints: { name: string; sendQ: string[]; recvQ: string[] }[];
  notifications: { name: string; word: number; waitQ: string[] }[];
  irqs: { name: string; state: number; count: number; stamp: number; latCount: number; latMin: number; latMax: number; hist: number[] }[];
  /** The tick the host alarm is set for, or -1. */
  alarm: number;
  transfers: number;
  badHostCalls: number;
}

/**
 * Kinds of timeout value a syscall's check sees, for reports (see
 * `Model.timeoutsSeen`): FOREVER (or none given), 0, 1, 2..MAX_TIMEOUT - 1,
 * MAX_TIMEOUT, MAX_TIMEOUT + 1, anything else (below FOREVER, above
 * MAX_TIMEOUT + 1, a fraction, no number).
 */
export const TIMEOUT_KINDS = ["FOREVER", "0", "1", "2..MAX-1", "MAX_TIMEOUT", "MAX_TIMEOUT+1", "other"];

/** Buckets of the latency histogram: 0 µs, then [2^(b-1), 2^b) for b = 1..22, then everything above. */
export const MODEL_BUCKETS = 24;
const TWO_32 = 4294967296;
const TWO_31 = 2147483648;
const EPOCHS = 8388608;

/** A number that is an integer (no fraction, not NaN, finite). */
function isInteger(x: unknown): boolean {
  return typeof x === "number" && Math.floor(x) === x && x - x === 0;
}

/** A 32-bit word: an integer in -2^31 .. 2^32 - 1. */
function isWord(x: unknown): boolean {
  return isInteger(x) && (x as number) >= -TWO_31 && (x as number) < TWO_32;
}

/** The signed 32-bit value of a word (2^31 .. 2^32 - 1 read as negative; -0 as 0). */
function signed(x: number): number {
  if (x >= TWO_31) return x - TWO_32;
  if (x === 0) return 0;
  return x;
}

/** Wraps an integer to a signed 32-bit value. */
function wrap32(x: number): number {
  let v = x % TWO_32;
  if (v < 0) v += TWO_32;
  return signed(v);
}

function isIndex(x: unknown, n: number): boolean {
  return isInteger(x) && (x as number) >= 0 && (x as number) < n;
}

export class Model {
  readonly app: AppDesc;
  private readonly clock: ModelClock;
  readonly tasks: MTask[] = [];
  readonly eps: MEndpoint[] = [];
  readonly ntfns: MNtfn[] = [];
  readonly irqs: MIrq[] = [];
  /** Ready lists, one per priority; index 0 is the most important. */
  readonly ready: number[][] = [];
  /** rights[t][kind][object]: kind 0 send, 1 call, 2 recv (endpoints), 3 signal, 4 wait (notifications), 5 ack (IRQs). */
  private readonly rights: boolean[][][] = [];
  transfers = 0;
  badHostCalls = 0;
  /** Faults and restarts so far (for reports). */
  faults = 0;
  restarts = 0;
  /** NO_RIGHTS results so far, by syscall number (for reports). */
  readonly noRights: number[] = [];
  /** Timeouts the syscalls' checks saw so far (for reports): `[sys * TIMEOUT_KINDS.length + kind]`, kinds as in `TIMEOUT_KINDS`. */
  readonly timeoutsSeen: number[] = [];
  private timerSeq = 0;
  private faultNtfn = -1;
  private faultBit = 0;
  /** The syscall the running step issued first (NONE before it issued one). */
  private firstSys = Sys.NONE;
  /** Calls the running step issued so far. */
  private issued = 0;

  /**
   * Boots `app`: every object in its initial state, then, task by task,
   * its `init` (what it did is `inits[t]`) and, unless that faulted it, the
   * task made ready at the tail of its priority.
   */
  constructor(app: AppDesc, clock: ModelClock, inits: (InitOutcome | undefined)[]) {
    this.app = app;
    this.clock = clock;
    for (let p = 0; p < PRIORITIES; p++) this.ready.push([]);
    for (let k = 0; k < Sys.COUNT; k++) this.noRights.push(0);
    for (let k = 0; k < Sys.COUNT * TIMEOUT_KINDS.length; k++) this.timeoutsSeen.push(0);
    const tasks = app.tasks;
    const eps = app.endpoints !== undefined ? app.endpoints : [];
    const ntfns = app.notifications !== undefined ? app.notifications : [];
    const irqs = app.irqs !== undefined ? app.irqs : [];
    const taskIx = (name: string): number => {
      for (let i = 0; i < tasks.length; i++) if (tasks[i].name === name) return i;
      return -1;
    };
    const named = (list: { name: string }[], name: string): number => {
      for (let i = 0; i < list.length; i++) if (list[i].name === name) return i;
      return -1;
    };
    for (let e = 0; e < eps.length; e++) this.eps.push({ name: eps[e].name, owner: taskIx(eps[e].owner), sendQ: [], recvQ: [] });
    for (let n = 0; n < ntfns.length; n++) {
      this.ntfns.push({ name: ntfns[n].name, owner: taskIx(ntfns[n].owner), bound: ntfns[n].bind === true, word: 0, waitQ: [] });
    }
    for (let i = 0; i < irqs.length; i++) {
      const q = irqs[i];
      const hist: number[] = [];
      for (let b = 0; b < MODEL_BUCKETS; b++) hist.push(0);
      this.irqs.push({
        name: q.name, prio: q.priority,
        ep: q.endpoint !== undefined ? named(eps, q.endpoint) : -1,
        ntfn: q.notification !== undefined ? named(ntfns, q.notification) : -1,
        bit: q.bit !== undefined ? q.bit : 0,
        state: IrqState.ARMED, count: 0, stamp: 0, handler: -1,
        latPending: false, latStamp: 0, latCount: 0, latMin: 0, latMax: 0, hist: hist,
      });
    }
    for (let t = 0; t < tasks.length; t++) {
      const d = tasks[t];
      const cap = d.buffer !== undefined ? d.buffer : 0;
      const buf: number[] = [];
      for (let b = 0; b < cap; b++) buf.push(0);
      this.tasks.push({
        name: d.name, base: d.priority, prio: d.priority, state: TaskState.READY,
        ep: -1, ntfn: -1, server: -1, from: -1,
        msgLabel: 0, msgW1: 0, msgW2: 0, msgW3: 0, msgBytes: [],
        epoch: 0, epochBase: 0, inTimer: false, deadline: 0, timerSeq: 0,
        regs: { id: t, status: 0, kind: 0, sender: 0, label: 0, w1: 0, w2: 0, w3: 0, len: 0, offered: 0, buf: buf },
        cap: cap, faultCode: FaultCode.NONE, faultSys: 0, faultTick: 0, faultMsg: "", steps: 0,
        hasInit: d.init !== undefined,
        supervisor: d.rights !== undefined && d.rights.supervisor === true,
      });
      // Rights: an endpoint's owner may receive on it, a notification's owner wait on it,
      // an IRQ's target's owner acknowledge it; the description grants the rest.
      const r: boolean[][] = [[], [], [], [], [], []];
      for (let e = 0; e < eps.length; e++) {
        r[0].push(false);
        r[1].push(false);
        r[2].push(this.eps[e].owner === t);
      }
      for (let n = 0; n < ntfns.length; n++) {
        r[3].push(false);
        r[4].push(this.ntfns[n].owner === t);
      }
      for (let i = 0; i < irqs.length; i++) {
        const q = this.irqs[i];
        const owner = q.ep >= 0 ? this.eps[q.ep].owner : this.ntfns[q.ntfn].owner;
        r[5].push(owner === t);
      }
      const g = d.rights;
      if (g !== undefined) {
        const grant = (kind: number, names: string[] | undefined, list: { name: string }[]): void => {
          if (names === undefined) return;
          for (let k = 0; k < names.length; k++) r[kind][named(list, names[k])] = true;
        };
        grant(0, g.send, eps);
        grant(1, g.call, eps);
        grant(2, g.recv, eps);
        grant(3, g.signal, ntfns);
        grant(4, g.wait, ntfns);
        grant(5, g.ack, irqs);
      }
      this.rights.push(r);
    }
    if (app.faults !== undefined) {
      this.faultNtfn = named(ntfns, app.faults.notification);
      this.faultBit = app.faults.bit;
    }
    for (let t = 0; t < tasks.length; t++) {
      const x = this.tasks[t];
      if (x.hasInit) this.runInit(t, inits[t]);
      if (x.state === TaskState.READY) this.readyAtTail(t);
    }
  }

  // ---------------------------------------------------------------- ids

  /** The id tasks see for task t now: its epoch above its index. */
  idOf(t: number): number {
    return this.tasks[t].epoch * 256 + t;
  }

  /** Moves task t's id to its next epoch (restart, or a call abandoned after delivery). */
  private nextEpoch(t: number): void {
    const x = this.tasks[t];
    x.epoch = (x.epoch + 1) % EPOCHS;
    x.regs.id = this.idOf(t);
  }

  /**
   * What an id from a task names: "bad" (no task), "current" (the task's id
   * now), "same" (an earlier id of the same incarnation: a call of it that
   * ended), or "stale" (an id of an earlier incarnation). Epochs count modulo
   * 2^23: an id is of the current incarnation when its epoch lies between
   * the incarnation's first epoch and its current one, going forward.
   */
  private resolve(id: unknown): string {
    if (!isInteger(id) || (id as number) < 0 || (id as number) >= TWO_31) return "bad";
    const v = id as number;
    const t = v % 256;
    if (t >= this.tasks.length) return "bad";
    const g = Math.floor(v / 256);
    const x = this.tasks[t];
    if (g === x.epoch) return "current";
    const since = (g - x.epochBase + EPOCHS) % EPOCHS;
    const now = (x.epoch - x.epochBase + EPOCHS) % EPOCHS;
    return since <= now ? "same" : "stale";
  }

  // ---------------------------------------------------------------- priorities

  private nodePrio(n: QNode): number {
    return n.isIrq ? this.irqs[n.id].prio : this.tasks[n.id].prio;
  }

  /**
   * The priority task t must run at: the most important of its own, that of
   * every caller waiting for its reply, that of the first node queued on each
   * endpoint it owns (queues are sorted, so the first is the most
   * important), and that of every delivered, unacknowledged IRQ it handles.
   * A faulted task runs nothing: its own priority.
   */
  private donatedPrio(t: number): number {
    const x = this.tasks[t];
    let p = x.base;
    if (x.state === TaskState.FAULTED) return p;
    for (let c = 0; c < this.tasks.length; c++) {
      const y = this.tasks[c];
      if (y.state === TaskState.REPLY_BLOCKED && y.server === t && y.prio < p) p = y.prio;
    }
    for (let e = 0; e < this.eps.length; e++) {
      const ep = this.eps[e];
      if (ep.owner === t && ep.sendQ.length > 0 && this.nodePrio(ep.sendQ[0]) < p) p = this.nodePrio(ep.sendQ[0]);
    }
    for (let i = 0; i < this.irqs.length; i++) {
      const q = this.irqs[i];
      if (q.state === IrqState.MASKED && q.handler === t && q.prio < p) p = q.prio;
    }
    return p;
  }

  /** The task t waits on so that its priority reaches it: its server, or the owner of the endpoint it is queued on. */
  private donee(t: number): number {
    const x = this.tasks[t];
    if (x.state === TaskState.REPLY_BLOCKED) return x.server;
    if (x.state === TaskState.SEND_BLOCKED || x.state === TaskState.CALL_BLOCKED) return this.eps[x.ep].owner;
    return -1;
  }

  /**
   * Something that donates to task t came or went: recompute t's priority;
   * when it changed, t moves (a ready task to the tail of its new ready
   * list, a queued one behind every node at least as important in its
   * queue), and the change passes on to whom t waits on, and so on along
   * the chain, until a priority does not change.
   */
  private reprioritise(t: number): void {
    let hops = this.tasks.length;
    while (t >= 0 && hops > 0) {
      hops--;
      const x = this.tasks[t];
      const p = this.donatedPrio(t);
      if (p === x.prio) return;
      const wasIn = this.whereQueued(t);
      this.unqueue(t);
      x.prio = p;
      if (wasIn === "ready") this.ready[p].push(t);
      else if (wasIn === "send") this.insertSorted(this.eps[x.ep].sendQ, { isIrq: false, id: t });
      else if (wasIn === "recv") this.insertTask(this.eps[x.ep].recvQ, t);
      else if (wasIn === "ntfn") this.insertTask(this.ntfns[x.ntfn].waitQ, t);
      t = this.donee(t);
    }
  }

  // ---------------------------------------------------------------- queues

  /** Which queue task t is in: "ready", "send", "recv", "ntfn" or "" (none). */
  private whereQueued(t: number): string {
    const x = this.tasks[t];
    if (x.state === TaskState.READY) return this.ready[x.prio].indexOf(t) >= 0 ? "ready" : "";
    if (x.state === TaskState.SEND_BLOCKED || x.state === TaskState.CALL_BLOCKED) {
      const q = this.eps[x.ep].sendQ;
      for (let k = 0; k < q.length; k++) if (!q[k].isIrq && q[k].id === t) return "send";
      return "";
    }
    if (x.state === TaskState.RECV_BLOCKED) return this.eps[x.ep].recvQ.indexOf(t) >= 0 ? "recv" : "";
    if (x.state === TaskState.NTFN_BLOCKED) return this.ntfns[x.ntfn].waitQ.indexOf(t) >= 0 ? "ntfn" : "";
    return "";
  }

  private removeFrom(list: number[], t: number): void {
    const at = list.indexOf(t);
    if (at >= 0) list.splice(at, 1);
  }

  /** Takes task t out of the one queue its state puts it in (if any). */
  private unqueue(t: number): void {
    const x = this.tasks[t];
    const where = this.whereQueued(t);
    if (where === "ready") this.removeFrom(this.ready[x.prio], t);
    else if (where === "send") {
      const q = this.eps[x.ep].sendQ;
      for (let k = 0; k < q.length; k++) {
        if (!q[k].isIrq && q[k].id === t) {
          q.splice(k, 1);
          break;
        }
      }
    } else if (where === "recv") this.removeFrom(this.eps[x.ep].recvQ, t);
    else if (where === "ntfn") this.removeFrom(this.ntfns[x.ntfn].waitQ, t);
  }

  /** Inserts node n behind every node at least as important: priority order, first come first served among equals. */
  private insertSorted(q: QNode[], n: QNode): void {
    const p = this.nodePrio(n);
    let at = q.length;
    while (at > 0 && this.nodePrio(q[at - 1]) > p) at--;
    q.splice(at, 0, n);
  }

  private insertTask(q: number[], t: number): void {
    const p = this.tasks[t].prio;
    let at = q.length;
    while (at > 0 && this.tasks[q[at - 1]].prio > p) at--;
    q.splice(at, 0, t);
  }

  private readyAtTail(t: number): void {
    const x = this.tasks[t];
    x.state = TaskState.READY;
    this.ready[x.prio].push(t);
  }

  /** Direct switch: t runs next if it is the most important ready task. */
  private readyAtHead(t: number): void {
    const x = this.tasks[t];
    x.state = TaskState.READY;
    this.ready[x.prio].unshift(t);
  }

  // ---------------------------------------------------------------- time

  private startTimeout(t: number, timeout: number): void {
    if (timeout <= 0) return;
    const x = this.tasks[t];
    x.inTimer = true;
    x.deadline = wrap32(this.clock.ticks() + timeout);
    x.timerSeq = this.timerSeq++;
  }

  private stopTimeout(t: number): void {
    this.tasks[t].inTimer = false;
  }

  /** The task whose deadline comes first (wrap-safe; equal deadlines in the order they were set), or -1. */
  private firstDeadline(): number {
    let best = -1;
    for (let t = 0; t < this.tasks.length; t++) {
      const x = this.tasks[t];
      if (!x.inTimer) continue;
      if (best < 0) {
        best = t;
        continue;
      }
      const b = this.tasks[best];
      const d = wrap32(x.deadline - b.deadline);
      if (d < 0 || (d === 0 && x.timerSeq < b.timerSeq)) best = t;
    }
    return best;
  }

  /** The host's alarm fired: every task whose deadline has passed wakes, earliest first. */
  expire(): void {
    const now = this.clock.ticks();
    if (typeof now !== "number") {
      this.badHostCalls++;
      return;
    }
    for (;;) {
      const t = this.firstDeadline();
      if (t < 0 || wrap32(this.tasks[t].deadline - now) > 0) return;
      this.stopTimeout(t);
      this.timeOut(t);
    }
  }

  /** Task t's wait ended because its deadline passed. */
  private timeOut(t: number): void {
    const x = this.tasks[t];
    const st = x.state;
    x.regs.kind = Kind.NONE;
    x.regs.status = st === TaskState.SLEEPING ? Status.OK : Status.TIMEOUT;
    this.unqueue(t);
    x.state = TaskState.READY;
    if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) this.reprioritise(this.eps[x.ep].owner);
    else if (st === TaskState.REPLY_BLOCKED) {
      // The call ended without its reply: the caller's id moves on, so the
      // server's late reply to it cannot reach a later call.
      this.nextEpoch(t);
      this.reprioritise(x.server);
    }
    this.readyAtTail(t);
  }

  // ---------------------------------------------------------------- scheduling

  /** The task that runs the next step: the first of the most important non-empty ready list; -1 when none is ready. */
  next(): number {
    for (let p = 0; p < PRIORITIES; p++) if (this.ready[p].length > 0) return this.ready[p][0];
    return -1;
  }

  /**
   * Task t ran a step that did `outcome`. The step's start ends the latency
   * of the IRQ it is about to handle; its first syscall runs, a second one
   * faults it; a throw, or no syscall, faults it; a task still ready after
   * its step goes to the back of its priority.
   */
  step(t: number, outcome: StepOutcome): void {
    const x = this.tasks[t];
    this.startLatency(t);
    x.steps++;
    for (let k = 0; k < x.cap && k < outcome.buf.length; k++) x.regs.buf[k] = outcome.buf[k];
    this.issued = 0;
    this.firstSys = Sys.NONE;
    for (let k = 0; k < outcome.calls.length; k++) {
      const c = outcome.calls[k];
      if (this.issued === 0) {
        this.issued = 1;
        this.firstSys = c.sys;
        this.syscall(t, c);
      } else {
        this.fault(t, FaultCode.TWO_SYSCALLS, c.sys, "a second syscall in one step");
      }
    }
    if (outcome.threw) this.fault(t, FaultCode.THREW, this.firstSys, outcome.message);
    else if (this.issued === 0) this.fault(t, FaultCode.NO_SYSCALL, Sys.NONE, "a step with no syscall");
    if (x.state === TaskState.READY) {
      this.removeFrom(this.ready[x.prio], t);
      this.ready[x.prio].push(t);
    }
  }

  // ---------------------------------------------------------------- results

  /** A result with no message: status and kind NONE; the other registers keep their values. */
  private result(t: number, status: number): void {
    if (status === Status.NO_RIGHTS) this.noRights[this.firstSys]++;
    const r = this.tasks[t].regs;
    r.status = status;
    r.kind = Kind.NONE;
  }

  /** A result the task's id check gave: PEER_DEAD also names the peer's current id. */
  private peerDead(t: number, peer: number): void {
    this.tasks[t].regs.sender = this.idOf(peer);
    this.result(t, Status.PEER_DEAD);
  }

  /** FOREVER when absent (undefined or null: Lua has one nil for both), 0, or 1..MAX_TIMEOUT ticks; -2 otherwise. */
  private checkTimeout(x: unknown): number {
    this.timeoutsSeen[this.firstSys * TIMEOUT_KINDS.length + this.timeoutKind(x)]++;
    if (x === undefined || x === null || x === FOREVER) return FOREVER;
    if (isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_TIMEOUT) return x as number;
    return -2;
  }

  /** Which of `TIMEOUT_KINDS` timeout value x is. */
  private timeoutKind(x: unknown): number {
    if (x === undefined || x === null || x === FOREVER) return 0;
    if (!isInteger(x)) return 6;
    const v = x as number;
    if (v === 0 || v === 1) return v + 1;
    if (v > 1 && v < MAX_TIMEOUT) return 3;
    if (v === MAX_TIMEOUT) return 4;
    return v === MAX_TIMEOUT + 1 ? 5 : 6;
  }

  /** The `out` register is 0, or a byte count within the buffer. */
  private goodOut(t: number, out: unknown): boolean {
    if (out === 0) return true;
    return isInteger(out) && (out as number) > 0 && (out as number) <= this.tasks[t].cap;
  }

  private goodWords(a: unknown[], from: number): boolean {
    for (let k = from; k < from + 4; k++) if (!isWord(a[k])) return false;
    return true;
  }

  // ---------------------------------------------------------------- syscalls

  private syscall(t: number, c: Call): void {
    const a = c.args;
    switch (c.sys) {
      case Sys.SEND:
        return this.sysSend(t, c, false);
      case Sys.CALL:
        return this.sysSend(t, c, true);
      case Sys.RECV:
        return this.sysRecv(t, a[0], -1, a[1]);
      case Sys.RECV_FROM:
        return this.sysRecvFrom(t, a[0], a[1], a[2]);
      case Sys.REPLY:
        return this.sysReply(t, c);
      case Sys.REPLY_RECV:
        return this.sysReplyRecv(t, c);
      case Sys.SLEEP:
        return this.sysSleep(t, a[0]);
      case Sys.YIELD:
        return this.result(t, Status.OK);
      case Sys.SIGNAL:
        return this.sysSignal(t, a[0], a[1]);
      case Sys.WAIT:
        return this.sysWait(t, a[0], a[1]);
      case Sys.POLL:
        return this.sysPoll(t, a[0]);
      case Sys.IRQ_ACK:
        return this.sysIrqAck(t, a[0]);
      case Sys.RESTART:
        return this.sysRestart(t, c);
      case Sys.FAULT_INFO:
        return this.sysFaultInfo(t, a[0]);
      default:
        return this.fault(t, FaultCode.UNKNOWN_SYSCALL, Sys.NONE, "unknown syscall");
    }
  }

  /** send / call: endpoint, right, arguments, a dead owner, then the transfer. */
  private sysSend(t: number, c: Call, isCall: boolean): void {
    const a = c.args;
    const e = a[0];
    if (!isIndex(e, this.eps.length)) return this.result(t, Status.BAD_ID);
    const ep = this.eps[e as number];
    if (!this.rights[t][isCall ? 1 : 0][e as number]) return this.result(t, Status.NO_RIGHTS);
    const timeout = this.checkTimeout(a[5]);
    if (timeout === -2 || !this.goodWords(a, 1) || !this.goodOut(t, c.out)) return this.result(t, Status.BAD_ARG);
    if (this.tasks[ep.owner].state === TaskState.FAULTED) return this.peerDead(t, ep.owner);
    const x = this.tasks[t];
    const label = signed(a[1] as number);
    const w1 = signed(a[2] as number);
    const w2 = signed(a[3] as number);
    const w3 = signed(a[4] as number);
    const bytes = this.outBytes(c);
    // The first receiver waiting on the endpoint that takes a message from t.
    let r = -1;
    for (let k = 0; k < ep.recvQ.length; k++) {
      const y = this.tasks[ep.recvQ[k]];
      if (y.from < 0 || y.from === t) {
        r = ep.recvQ[k];
        break;
      }
    }
    if (r >= 0) {
      this.unqueue(r);
      this.stopTimeout(r);
      this.deliverMessage(r, Kind.MESSAGE, this.idOf(t), label, w1, w2, w3, bytes);
      if (!isCall) {
        this.readyAtTail(r);
        return this.result(t, Status.OK);
      }
      // The caller waits for the reply; the receiver runs next, on the caller's priority if that is higher.
      this.unqueue(t);
      x.state = TaskState.REPLY_BLOCKED;
      x.server = r;
      this.startTimeout(t, timeout);
      this.tasks[r].state = TaskState.READY;
      this.reprioritise(r);
      this.readyAtHead(r);
      return;
    }
    if (timeout === 0) return this.result(t, Status.WOULD_BLOCK);
    this.unqueue(t);
    x.msgLabel = label;
    x.msgW1 = w1;
    x.msgW2 = w2;
    x.msgW3 = w3;
    x.msgBytes = bytes;
    x.state = isCall ? TaskState.CALL_BLOCKED : TaskState.SEND_BLOCKED;
    x.ep = e as number;
    this.insertSorted(ep.sendQ, { isIrq: false, id: t });
    this.startTimeout(t, timeout);
    this.reprioritise(ep.owner);
  }

  /** The bytes a call sends: the first `out` bytes of the buffer, as bytes. */
  private outBytes(c: Call): number[] {
    const n = c.out as number;
    const b: number[] = [];
    for (let k = 0; k < n; k++) b.push(((c.bytes[k] % 256) + 256) % 256);
    return b;
  }

  /** A message or reply arrives in task r's registers; its bytes are copied up to r's buffer size. */
  private deliverMessage(r: number, kind: number, sender: number, label: number, w1: number, w2: number, w3: number, bytes: number[]): void {
    const g = this.tasks[r].regs;
    g.status = Status.OK;
    g.kind = kind;
    g.sender = sender;
    g.label = label;
    g.w1 = w1;
    g.w2 = w2;
    g.w3 = w3;
    g.offered = bytes.length;
    const m = bytes.length < this.tasks[r].cap ? bytes.length : this.tasks[r].cap;
    for (let k = 0; k < m; k++) g.buf[k] = bytes[k];
    g.len = m;
    this.transfers++;
  }

  private sysRecvFrom(t: number, e: unknown, from: unknown, timeout: unknown): void {
    const who = this.resolve(from);
    if (who === "bad") return this.result(t, Status.BAD_ID);
    const f = (from as number) % 256;
    if (who === "stale") return this.peerDead(t, f);
    if (this.tasks[f].state === TaskState.FAULTED) return this.peerDead(t, f);
    this.sysRecv(t, e, f, timeout);
  }

  /** recv / recvFrom's receive: endpoint, right, timeout, then the bound notification, a queued sender, or wait. */
  private sysRecv(t: number, e: unknown, from: number, timeout: unknown): void {
    if (!isIndex(e, this.eps.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][2][e as number]) return this.result(t, Status.NO_RIGHTS);
    const to = this.checkTimeout(timeout);
    if (to === -2) return this.result(t, Status.BAD_ARG);
    this.receive(t, e as number, from, to);
  }

  /** The notification bound to task t (the last one the description binds to it), or -1. */
  private boundTo(t: number): number {
    let b = -1;
    for (let n = 0; n < this.ntfns.length; n++) if (this.ntfns[n].bound && this.ntfns[n].owner === t) b = n;
    return b;
  }

  private receive(t: number, e: number, from: number, timeout: number): void {
    const x = this.tasks[t];
    const ep = this.eps[e];
    const b = this.boundTo(t);
    if (from < 0 && b >= 0 && this.ntfns[b].word !== 0) return this.takeBits(t, b);
    let s = -1;
    if (from < 0 && ep.sendQ.length > 0) s = 0;
    for (let k = 0; from >= 0 && k < ep.sendQ.length; k++) if (!ep.sendQ[k].isIrq && ep.sendQ[k].id === from) s = k;
    if (s >= 0) return this.takeSender(t, e, ep.sendQ[s]);
    if (timeout === 0) return this.result(t, Status.WOULD_BLOCK);
    this.unqueue(t);
    x.state = TaskState.RECV_BLOCKED;
    x.ep = e;
    x.from = from;
    this.insertTask(ep.recvQ, t);
    this.startTimeout(t, timeout);
  }

  /** Receiver t takes queued node n off endpoint e. */
  private takeSender(t: number, e: number, n: QNode): void {
    const ep = this.eps[e];
    ep.sendQ.splice(ep.sendQ.indexOf(n), 1);
    if (n.isIrq) {
      // Its donation moves from the endpoint's owner to its handler.
      this.deliverIrq(n.id, t);
      this.reprioritise(ep.owner);
      this.reprioritise(t);
      return;
    }
    const s = n.id;
    const y = this.tasks[s];
    this.deliverMessage(t, Kind.MESSAGE, this.idOf(s), y.msgLabel, y.msgW1, y.msgW2, y.msgW3, y.msgBytes);
    if (y.state === TaskState.CALL_BLOCKED) {
      // The caller now waits for t's reply (still within its call's timeout) and donates to t.
      y.state = TaskState.REPLY_BLOCKED;
      y.server = t;
      if (ep.owner !== t) {
        this.reprioritise(ep.owner);
        this.reprioritise(t);
      }
      return;
    }
    this.stopTimeout(s);
    this.result(s, Status.OK);
    this.readyAtTail(s);
    this.reprioritise(ep.owner);
  }

  private takeBits(t: number, n: number): void {
    const g = this.tasks[t].regs;
    const ntfn = this.ntfns[n];
    g.status = Status.OK;
    g.kind = Kind.NOTIFICATION;
    g.sender = n;
    g.label = 0;
    g.w1 = ntfn.word;
    g.w2 = 0;
    g.w3 = 0;
    g.len = 0;
    g.offered = 0;
    ntfn.word = 0;
  }

  /** reply: the id, the arguments, then the caller, which must wait for this task's reply to that very call. */
  private replyTo(t: number, c: Call): number {
    const a = c.args;
    const who = this.resolve(a[0]);
    if (who === "bad") return Status.BAD_ID;
    const x = (a[0] as number) % 256;
    if (who === "stale") {
      this.tasks[t].regs.sender = this.idOf(x);
      return Status.PEER_DEAD;
    }
    if (!this.goodWords(a, 1) || !this.goodOut(t, c.out)) return Status.BAD_ARG;
    const y = this.tasks[x];
    if (who !== "current" || y.state !== TaskState.REPLY_BLOCKED || y.server !== t) {
      return y.state === TaskState.FAULTED ? Status.PEER_DEAD : Status.NOT_WAITING;
    }
    this.stopTimeout(x);
    this.deliverMessage(x, Kind.REPLY, this.idOf(t), signed(a[1] as number), signed(a[2] as number), signed(a[3] as number), signed(a[4] as number), this.outBytes(c));
    this.readyAtTail(x);
    this.reprioritise(t);
    return Status.OK;
  }

  private sysReply(t: number, c: Call): void {
    this.result(t, this.replyTo(t, c));
  }

  /**
   * replyRecv: all or nothing. The receive half's endpoint, right and
   * timeout are checked first: if one is refused nothing is sent. A reply
   * with a bad id or bad arguments is refused and nothing is received; one
   * that finds no caller waiting (NOT_WAITING, PEER_DEAD) is dropped and the
   * receive goes on.
   */
  private sysReplyRecv(t: number, c: Call): void {
    const a = c.args;
    const e = a[5];
    if (!isIndex(e, this.eps.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][2][e as number]) return this.result(t, Status.NO_RIGHTS);
    const to = this.checkTimeout(a[6]);
    if (to === -2) return this.result(t, Status.BAD_ARG);
    const r = this.replyTo(t, c);
    if (r === Status.BAD_ID || r === Status.BAD_ARG) return this.result(t, r);
    this.receive(t, e as number, -1, to);
  }

  private sysSleep(t: number, ticks: unknown): void {
    const to = this.checkTimeout(ticks);
    if (to < 0) return this.result(t, Status.BAD_ARG);
    if (to === 0) return this.result(t, Status.OK);
    const x = this.tasks[t];
    this.unqueue(t);
    x.state = TaskState.SLEEPING;
    this.startTimeout(t, to);
  }

  private sysSignal(t: number, n: unknown, bits: unknown): void {
    if (!isIndex(n, this.ntfns.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][3][n as number]) return this.result(t, Status.NO_RIGHTS);
    if (!isWord(bits) || bits === 0) return this.result(t, Status.BAD_ARG);
    this.signal(n as number, signed(bits as number));
    this.result(t, Status.OK);
  }

  /** ORs bits into notification n; its first waiter, or else its bound owner in an open receive, takes them. */
  private signal(n: number, bits: number): void {
    const ntfn = this.ntfns[n];
    ntfn.word = signed(this.or32(ntfn.word, bits));
    let w = -1;
    if (ntfn.waitQ.length > 0) w = ntfn.waitQ[0];
    else {
      const o = this.tasks[ntfn.owner];
      if (this.boundTo(ntfn.owner) === n && o.state === TaskState.RECV_BLOCKED && o.from < 0) w = ntfn.owner;
    }
    if (w < 0) return;
    this.unqueue(w);
    this.stopTimeout(w);
    this.takeBits(w, n);
    this.readyAtTail(w);
  }

  /** Bitwise OR of two 32-bit words, bit by bit (unsigned result). */
  private or32(a: number, b: number): number {
    let x = a < 0 ? a + TWO_32 : a;
    let y = b < 0 ? b + TWO_32 : b;
    let r = 0;
    let m = 1;
    for (let k = 0; k < 32; k++) {
      if (x % 2 === 1 || y % 2 === 1) r += m;
      x = Math.floor(x / 2);
      y = Math.floor(y / 2);
      m *= 2;
    }
    return r;
  }

  private sysWait(t: number, n: unknown, timeout: unknown): void {
    if (!isIndex(n, this.ntfns.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][4][n as number]) return this.result(t, Status.NO_RIGHTS);
    const to = this.checkTimeout(timeout);
    if (to === -2) return this.result(t, Status.BAD_ARG);
    const ntfn = this.ntfns[n as number];
    if (ntfn.word !== 0) return this.takeBits(t, n as number);
    if (to === 0) return this.result(t, Status.WOULD_BLOCK);
    const x = this.tasks[t];
    this.unqueue(t);
    x.state = TaskState.NTFN_BLOCKED;
    x.ntfn = n as number;
    this.insertTask(ntfn.waitQ, t);
    this.startTimeout(t, to);
  }

  private sysPoll(t: number, n: unknown): void {
    if (!isIndex(n, this.ntfns.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][4][n as number]) return this.result(t, Status.NO_RIGHTS);
    this.takeBits(t, n as number);
  }

  // ---------------------------------------------------------------- IRQs

  /** The host's edge of IRQ i at `stamp` µs. Bad ids and stamps are ignored and counted. */
  raiseIrq(i: unknown, stamp: unknown): void {
    if (!isIndex(i, this.irqs.length) || typeof stamp !== "number" || stamp - stamp !== 0) {
      this.badHostCalls++;
      return;
    }
    const q = this.irqs[i as number];
    const us = wrap32(Math.floor(stamp));
    if (q.state !== IrqState.ARMED) {
      // Masked or waiting: counted, never lost; the stamp is the first uncounted edge's.
      if (q.count === 0) q.stamp = us;
      q.count = wrap32(q.count + 1);
      return;
    }
    q.state = IrqState.PENDING;
    q.count = 1;
    q.stamp = us;
    this.deliverOrQueue(i as number);
  }

  /** A PENDING IRQ goes to its notification (its bit), to a receiver waiting in an open receive, or waits in its endpoint's send queue. */
  private deliverOrQueue(i: number): void {
    const q = this.irqs[i];
    if (q.ntfn >= 0) {
      // Its bit first (waking a waiter), then masked, donating to the notification's owner.
      q.count = 0;
      q.latPending = true;
      q.latStamp = q.stamp;
      this.signal(q.ntfn, this.bitOf(q.bit));
      q.state = IrqState.MASKED;
      q.handler = this.ntfns[q.ntfn].owner;
      this.reprioritise(q.handler);
      return;
    }
    const ep = this.eps[q.ep];
    let r = -1;
    for (let k = 0; k < ep.recvQ.length; k++) {
      if (this.tasks[ep.recvQ[k]].from < 0) {
        r = ep.recvQ[k];
        break;
      }
    }
    if (r >= 0) {
      this.unqueue(r);
      this.stopTimeout(r);
      this.tasks[r].state = TaskState.READY;
      this.deliverIrq(i, r);
      this.reprioritise(r);
      this.readyAtTail(r);
      return;
    }
    this.insertSorted(ep.sendQ, { isIrq: true, id: i });
    this.reprioritise(ep.owner);
  }

  private bitOf(b: number): number {
    let v = 1;
    for (let k = 0; k < b; k++) v *= 2;
    return signed(v);
  }

  /**
   * IRQ i reaches task t: kind IRQ, its id, the edges counted, the first
   * edge's time. It stays masked until acknowledged, with t as its handler:
   * the caller then gives t its donation.
   */
  private deliverIrq(i: number, t: number): void {
    const q = this.irqs[i];
    const g = this.tasks[t].regs;
    g.status = Status.OK;
    g.kind = Kind.IRQ;
    g.sender = i;
    g.label = 0;
    g.w1 = q.count;
    g.w2 = q.stamp;
    g.w3 = 0;
    g.len = 0;
    g.offered = 0;
    q.count = 0;
    q.state = IrqState.MASKED;
    q.latPending = true;
    q.latStamp = q.stamp;
    q.handler = t;
  }

  private sysIrqAck(t: number, i: unknown): void {
    if (!isIndex(i, this.irqs.length)) return this.result(t, Status.BAD_ID);
    if (!this.rights[t][5][i as number]) return this.result(t, Status.NO_RIGHTS);
    const q = this.irqs[i as number];
    if (q.state !== IrqState.MASKED) return this.result(t, Status.NOT_PENDING);
    this.unmask(i as number);
    this.result(t, Status.OK);
  }

  /** Unmasks MASKED IRQ i: its donation ends; edges counted meanwhile are delivered again at once. */
  private unmask(i: number): void {
    const q = this.irqs[i];
    const h = q.handler;
    q.handler = -1;
    if (q.count === 0) {
      q.state = IrqState.ARMED;
      if (h >= 0) this.reprioritise(h);
      return;
    }
    q.state = IrqState.PENDING;
    if (h >= 0) this.reprioritise(h);
    this.deliverOrQueue(i);
  }

  /** The start of task t's step ends the latency of what it is about to handle. */
  private startLatency(t: number): void {
    const g = this.tasks[t].regs;
    if (g.kind === Kind.IRQ) {
      if (this.irqs[g.sender].latPending) this.recordLatency(g.sender);
    } else if (g.kind === Kind.NOTIFICATION) {
      for (let i = 0; i < this.irqs.length; i++) {
        const q = this.irqs[i];
        if (q.latPending && q.ntfn === g.sender && this.hasBit(g.w1, q.bit)) this.recordLatency(i);
      }
    }
  }

  private hasBit(word: number, b: number): boolean {
    const u = word < 0 ? word + TWO_32 : word;
    return Math.floor(u / this.bitOfUnsigned(b)) % 2 === 1;
  }

  private bitOfUnsigned(b: number): number {
    let v = 1;
    for (let k = 0; k < b; k++) v *= 2;
    return v;
  }

  /** Latency of IRQ i: from its first edge to now (µs, wrapping; never negative); min, max, count and a histogram by powers of two. */
  private recordLatency(i: number): void {
    const q = this.irqs[i];
    q.latPending = false;
    let lat = wrap32(this.clock.micros() - q.latStamp);
    if (lat < 0) lat = 0;
    if (q.latCount === 0 || lat < q.latMin) q.latMin = lat;
    if (lat > q.latMax) q.latMax = lat;
    q.latCount++;
    // Bucket b holds 2^(b-1) <= lat < 2^b; bucket 0 holds 0; the last holds everything above.
    let b = 0;
    let limit = 1;
    while (lat >= limit && b < MODEL_BUCKETS - 1) {
      b++;
      limit *= 2;
    }
    q.hist[b]++;
  }

  // ---------------------------------------------------------------- host signals

  /** A host callback signals notification n. Bad ids and bits are ignored and counted; no bits, nothing happens. */
  signalFromHost(n: unknown, bits: unknown): void {
    if (!isIndex(n, this.ntfns.length) || typeof bits !== "number" || bits - bits !== 0) {
      this.badHostCalls++;
      return;
    }
    const b = wrap32(Math.floor(bits));
    if (b !== 0) this.signal(n as number, b);
  }

  // ---------------------------------------------------------------- faults and restarts

  /** Stops task t with a fault record, unless it is stopped already (the first record stays). */
  fault(t: number, code: number, sys: number, message: string): void {
    const x = this.tasks[t];
    if (x.state === TaskState.FAULTED) return;
    this.faults++;
    this.detach(t);
    x.faultCode = code;
    x.faultSys = sys;
    x.faultTick = this.clock.ticks();
    x.faultMsg = message;
    if (this.faultNtfn >= 0) this.signal(this.faultNtfn, this.bitOf(this.faultBit));
  }

  /**
   * Task t stops (a fault, or a restart of a live task): out of its queue
   * and the timer; the donation it gave ends; in task order, every caller
   * waiting for its reply and every closed receive naming it wakes with
   * PEER_DEAD; then every task queued on an endpoint it owns, endpoint by
   * endpoint, in queue order; it drops to its own priority; the IRQs it was
   * handling are unmasked.
   */
  private detach(t: number): void {
    const x = this.tasks[t];
    const st = x.state;
    const donee = this.donee(t);
    this.unqueue(t);
    this.stopTimeout(t);
    x.state = TaskState.FAULTED;
    if (donee >= 0 && (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED || st === TaskState.REPLY_BLOCKED)) this.reprioritise(donee);
    const id = this.idOf(t);
    for (let c = 0; c < this.tasks.length; c++) {
      const y = this.tasks[c];
      const waitsReply = y.state === TaskState.REPLY_BLOCKED && y.server === t;
      const waitsFrom = y.state === TaskState.RECV_BLOCKED && y.from === t;
      if (waitsReply || waitsFrom) this.wakeDead(c, id);
    }
    for (let e = 0; e < this.eps.length; e++) {
      const ep = this.eps[e];
      if (ep.owner !== t) continue;
      const queued = ep.sendQ.slice();
      for (let k = 0; k < queued.length; k++) if (!queued[k].isIrq) this.wakeDead(queued[k].id, id);
    }
    x.prio = x.base;
    this.unmaskHandled(t);
  }

  private wakeDead(c: number, id: number): void {
    this.unqueue(c);
    this.stopTimeout(c);
    const g = this.tasks[c].regs;
    g.status = Status.PEER_DEAD;
    g.kind = Kind.NONE;
    g.sender = id;
    this.readyAtTail(c);
  }

  /** The IRQs delivered to t and not acknowledged are unmasked: a handler never goes deaf. */
  private unmaskHandled(t: number): void {
    for (let i = 0; i < this.irqs.length; i++) {
      const q = this.irqs[i];
      if (q.state === IrqState.MASKED && q.handler === t) this.unmask(i);
    }
  }

  /** Runs task t's `init` as t: a syscall in it, or a throw, faults t (a syscall first). */
  private runInit(t: number, o: InitOutcome | undefined): void {
    if (o === undefined) return;
    if (o.calls.length > 0) this.fault(t, FaultCode.TWO_SYSCALLS, o.calls[0], "a second syscall in one step");
    if (o.threw) this.fault(t, FaultCode.THREW, Sys.NONE, o.message);
  }

  private sysRestart(t: number, c: Call): void {
    const v = c.args[0];
    if (!this.tasks[t].supervisor) return this.result(t, Status.NO_RIGHTS);
    if (!isIndex(v, 0x7fffffff) || (v as number) % 256 >= this.tasks.length || (v as number) % 256 === t) return this.result(t, Status.BAD_ID);
    const x = (v as number) % 256;
    const y = this.tasks[x];
    this.restarts++;
    // A new incarnation under the next epoch; those woken learn its id.
    this.nextEpoch(x);
    y.epochBase = y.epoch;
    if (y.state !== TaskState.FAULTED) this.detach(x);
    else this.unmaskHandled(x);
    y.faultCode = FaultCode.NONE;
    y.faultSys = 0;
    y.faultTick = 0;
    y.faultMsg = "";
    const g = y.regs;
    g.status = Status.OK;
    g.kind = Kind.NONE;
    g.sender = 0;
    g.label = 0;
    g.w1 = 0;
    g.w2 = 0;
    g.w3 = 0;
    g.len = 0;
    g.offered = 0;
    y.state = TaskState.READY;
    if (y.hasInit) this.runInit(x, c.init !== undefined ? c.init : { calls: [], threw: false, message: "" });
    if (y.state === TaskState.READY) {
      y.prio = this.donatedPrio(x);
      this.readyAtTail(x);
    }
    this.result(t, Status.OK);
    this.tasks[t].regs.w1 = this.idOf(x);
  }

  private sysFaultInfo(t: number, v: unknown): void {
    if (!this.tasks[t].supervisor) return this.result(t, Status.NO_RIGHTS);
    if (!isIndex(v, 0x7fffffff) || (v as number) % 256 >= this.tasks.length) return this.result(t, Status.BAD_ID);
    const x = (v as number) % 256;
    const y = this.tasks[x];
    this.result(t, Status.OK);
    const g = this.tasks[t].regs;
    g.sender = this.idOf(x);
    g.w1 = y.faultCode;
    g.w2 = y.faultSys;
    g.w3 = y.faultTick;
  }

  // ---------------------------------------------------------------- what can be seen

  private nodeName(n: QNode): string {
    return n.isIrq ? "irq:" + this.irqs[n.id].name : this.tasks[n.id].name;
  }

  /** Everything a task or the host can observe now. */
  observe(): Observation {
    const tasks: Observation["tasks"] = [];
    for (let t = 0; t < this.tasks.length; t++) {
      const x = this.tasks[t];
      const g = x.regs;
      const receiving = x.state === TaskState.RECV_BLOCKED;
      const queued: number[] = [];
      if (x.state === TaskState.SEND_BLOCKED || x.state === TaskState.CALL_BLOCKED) {
        queued.push(x.msgLabel, x.msgW1, x.msgW2, x.msgW3);
        for (let k = 0; k < x.msgBytes.length; k++) queued.push(x.msgBytes[k]);
      }
      tasks.push({
        name: x.name, state: x.state, prio: x.prio,
        regs: { id: g.id, status: g.status, kind: g.kind, sender: g.sender, label: g.label, w1: g.w1, w2: g.w2, w3: g.w3, len: g.len, offered: g.offered, buf: g.buf.slice() },
        deadline: x.inTimer ? x.deadline : -1,
        faultCode: x.faultCode, faultSys: x.faultSys, faultTick: x.faultTick, faultMsg: x.faultMsg, steps: x.steps,
        filter: receiving ? x.from : -1, bound: receiving ? this.boundTo(t) : -1, queued: queued,
      });
    }
    const ready: string[] = [];
    for (let p = 0; p < PRIORITIES; p++) {
      if (this.ready[p].length === 0) continue;
      let line = p + ":";
      for (let k = 0; k < this.ready[p].length; k++) line += " " + this.tasks[this.ready[p][k]].name;
      ready.push(line);
    }
    const endpoints: Observation["endpoints"] = [];
    for (let e = 0; e < this.eps.length; e++) {
      const ep = this.eps[e];
      const s: string[] = [];
      for (let k = 0; k < ep.sendQ.length; k++) s.push(this.nodeName(ep.sendQ[k]));
      const r: string[] = [];
      for (let k = 0; k < ep.recvQ.length; k++) r.push(this.tasks[ep.recvQ[k]].name);
      endpoints.push({ name: ep.name, sendQ: s, recvQ: r });
    }
    const notifications: Observation["notifications"] = [];
    for (let n = 0; n < this.ntfns.length; n++) {
      const w: string[] = [];
      for (let k = 0; k < this.ntfns[n].waitQ.length; k++) w.push(this.tasks[this.ntfns[n].waitQ[k]].name);
      notifications.push({ name: this.ntfns[n].name, word: this.ntfns[n].word, waitQ: w });
    }
    const irqs: Observation["irqs"] = [];
    for (let i = 0; i < this.irqs.length; i++) {
      const q = this.irqs[i];
      irqs.push({
        name: q.name, state: q.state, count: q.count, stamp: q.count > 0 ? q.stamp : 0,
        latCount: q.latCount, latMin: q.latMin, latMax: q.latMax, hist: q.hist.slice(),
      });
    }
    const first = this.firstDeadline();
    return {
      tasks: tasks, ready: ready, endpoints: endpoints, notifications: notifications, irqs: irqs,
      alarm: first >= 0 ? this.tasks[first].deadline : -1,
      transfers: this.transfers, badHostCalls: this.badHostCalls,
    };
  }
}
