/** @noSelfInFile */
/**
 * The differential test: the kernel and the reference model (model/model.ts)
 * run the same random system side by side, and after boot, after every step
 * and after every host event everything a task or the host can observe is
 * compared: every task's registers (status, kind, sender, label, w1..w3,
 * len, offered, id, and its buffer's bytes), state, effective priority,
 * deadline, fault record and step count; what a blocked task holds that
 * shows later (a queued sender's message, as it queues, not only once it
 * is delivered; a receiver's closed-receive filter and bound
 * notification); every ready list, send queue,
 * receive queue and notification wait queue in order; notification words;
 * IRQ states, coalesced counts, first-edge stamps and latency figures; the
 * host alarm; the transfer count; bad host calls counted. The first
 * difference throws an Error naming the step, the task or object, the
 * field, and both values. The kernel's invariant checker runs after each
 * comparison (after it, so that what the model can tell is reported as a
 * difference from the model).
 *
 * The kernel runs the programs; a recorder around `sys` notes what each step
 * and each `init` issued (with the `out` register and buffer at the time)
 * and whether it threw, and the model is handed exactly that. The host is a
 * small event loop of its own: a virtual clock in µs, a tick of 1 ms, the
 * kernel's alarm requests, IRQ edges and host signals (bad ones included)
 * at scripted times, and a fixed cost per step.
 *
 * White-box: the kernel's state is read from its tables (K), beyond what
 * the test kit shows (deadlines, the alarm, first-edge stamps); queues,
 * notification words, IRQ states and counts and fault records through the
 * read-only views of kernel/inspect.ts, which this comparison thereby checks
 * too. This file is a test of the kernel, not part of it.
 */
import { KernelHost, PRIORITIES, Sys, Task, TaskState, expire, isIdle, lastTask, raiseIrq, run, signalFromHost, sys } from "../../kernel/index";
import {
  bootChecked, checkInvariants, faultSyscall, faultTick, irqCount, irqState, notificationWord, readyList, recvQueue, sendQueue, waitQueue,
} from "../../kernel/checked";
import { K } from "../../kernel/tables";
import { IRQ_BUCKETS } from "../../kernel/irq";
import { Call, InitOutcome, Model, Observation, Regs, StepOutcome } from "../../model/model";
import { ProgState, SystemSpec, buildApp, newLedger } from "./random-programs";

/** Notes what steps and inits issue, then passes each syscall to the kernel. */
class Recorder {
  /** The task whose step or init runs. */
  cur: Task<ProgState> | undefined = undefined;
  calls: Call[] = [];
  threw = false;
  message = "";
  /** While an init runs: what it issues. */
  init: InitOutcome | undefined = undefined;
  /** The last init that ran (attached to the restart that ran it). */
  lastInit: InitOutcome | undefined = undefined;
  bootInits: (InitOutcome | undefined)[] = [];
  booting = true;

  note(n: number, args: unknown[]): Call {
    const c = this.cur;
    const bytes: number[] = [];
    if (c !== undefined) for (let k = 0; k < c.buf.length; k++) bytes.push(c.buf[k]);
    const call: Call = { sys: n, args: args, out: c !== undefined ? c.out : 0, bytes: bytes };
    if (this.init !== undefined) this.init.calls.push(n);
    else this.calls.push(call);
    return call;
  }

  begin(t: Task<ProgState>): void {
    this.cur = t;
    this.calls = [];
    this.threw = false;
    this.message = "";
  }

  outcome(): StepOutcome {
    let buf = this.calls.length > 0 ? this.calls[0].bytes : undefined;
    if (buf === undefined) {
      buf = [];
      const c = this.cur;
      if (c !== undefined) for (let k = 0; k < c.buf.length; k++) buf.push(c.buf[k]);
    }
    return { calls: this.calls, threw: this.threw, message: this.message, buf: buf };
  }
}

function errorText(e: unknown): string {
  const x = e as { message?: string } | undefined;
  if (x !== undefined && x !== null && typeof x === "object" && typeof x.message === "string") return x.message;
  return String(e);
}

let rec = new Recorder();

/** Arguments as given, stored by index (an undefined argument must not shift the rest on Lua). */
function args(n: number, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown): unknown[] {
  const r: unknown[] = [];
  if (n > 0) r[0] = a;
  if (n > 1) r[1] = b;
  if (n > 2) r[2] = c;
  if (n > 3) r[3] = d;
  if (n > 4) r[4] = e;
  if (n > 5) r[5] = f;
  if (n > 6) r[6] = g;
  return r;
}

function recSend(ep: number, label: number, w1: number, w2: number, w3: number, timeout?: number): void {
  rec.note(Sys.SEND, args(6, ep, label, w1, w2, w3, timeout));
  return sys.send(ep, label, w1, w2, w3, timeout);
}
function recCall(ep: number, label: number, w1: number, w2: number, w3: number, timeout?: number): void {
  rec.note(Sys.CALL, args(6, ep, label, w1, w2, w3, timeout));
  return sys.call(ep, label, w1, w2, w3, timeout);
}
function recRecv(ep: number, timeout?: number): void {
  rec.note(Sys.RECV, args(2, ep, timeout));
  return sys.recv(ep, timeout);
}
function recRecvFrom(ep: number, task: number, timeout?: number): void {
  rec.note(Sys.RECV_FROM, args(3, ep, task, timeout));
  return sys.recvFrom(ep, task, timeout);
}
function recReply(task: number, label: number, w1: number, w2: number, w3: number): void {
  rec.note(Sys.REPLY, args(5, task, label, w1, w2, w3));
  return sys.reply(task, label, w1, w2, w3);
}
function recReplyRecv(task: number, label: number, w1: number, w2: number, w3: number, ep: number, timeout?: number): void {
  rec.note(Sys.REPLY_RECV, args(7, task, label, w1, w2, w3, ep, timeout));
  return sys.replyRecv(task, label, w1, w2, w3, ep, timeout);
}
function recSleep(ticks: number): void {
  rec.note(Sys.SLEEP, args(1, ticks));
  return sys.sleep(ticks);
}
function recYield(): void {
  rec.note(Sys.YIELD, args(0));
  return sys.yield();
}
function recSignal(n: number, bits: number): void {
  rec.note(Sys.SIGNAL, args(2, n, bits));
  return sys.signal(n, bits);
}
function recWait(n: number, timeout?: number): void {
  rec.note(Sys.WAIT, args(2, n, timeout));
  return sys.wait(n, timeout);
}
function recPoll(n: number): void {
  rec.note(Sys.POLL, args(1, n));
  return sys.poll(n);
}
function recIrqAck(i: number): void {
  rec.note(Sys.IRQ_ACK, args(1, i));
  return sys.irqAck(i);
}
function recRestart(task: number): void {
  const call = rec.note(Sys.RESTART, args(1, task));
  rec.lastInit = undefined;
  sys.restart(task);
  call.init = rec.lastInit;
}
function recFaultInfo(task: number): void {
  rec.note(Sys.FAULT_INFO, args(1, task));
  return sys.faultInfo(task);
}
function recRaw(n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
  rec.note(n, args(7, a, b, c, d, e, f, g));
  return sys.raw(n, a, b, c, d, e, f, g);
}

/** The recorder as a `sys` object (what the random programs call). */
export const recordingSys: typeof sys = {
  send: recSend, recv: recRecv, recvFrom: recRecvFrom, call: recCall, reply: recReply, replyRecv: recReplyRecv,
  sleep: recSleep, yield: recYield, signal: recSignal, wait: recWait, poll: recPoll, irqAck: recIrqAck,
  restart: recRestart, faultInfo: recFaultInfo, raw: recRaw,
};

/** A task's step, recorded: what it issued and whether it threw (the throw goes on to the kernel). */
function recordedStep(step: (t: Task<ProgState>) => void): (t: Task<ProgState>) => void {
  return (t: Task<ProgState>) => {
    rec.begin(t);
    try {
      step(t);
    } catch (e) {
      rec.threw = true;
      rec.message = errorText(e);
      throw e;
    }
  };
}

/** A task's init, recorded as an `InitOutcome` (at boot, by task; at restart, for the restart call). */
function recordedInit(init: (t: Task<ProgState>) => void, index: number): (t: Task<ProgState>) => void {
  return (t: Task<ProgState>) => {
    const o: InitOutcome = { calls: [], threw: false, message: "" };
    const saved = rec.cur;
    rec.cur = t;
    rec.init = o;
    if (rec.booting) rec.bootInits[index] = o;
    else rec.lastInit = o;
    try {
      init(t);
    } catch (e) {
      o.threw = true;
      o.message = errorText(e);
      throw e;
    } finally {
      rec.init = undefined;
      rec.cur = saved;
    }
  };
}

// ------------------------------------------------------------------ the kernel's view

/** Queue nodes by name: tasks by their name, IRQs as "irq:<name>". */
function queueNames(nodes: number[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    out.push(n < K.T ? K.names[n] : "irq:" + K.app.irqs![n - K.T].name);
  }
  return out;
}

function kernelRegs(t: number): Regs {
  const c = K.ctx[t];
  const buf: number[] = [];
  for (let k = 0; k < c.buf.length; k++) buf.push(c.buf[k]);
  return { id: c.id, status: c.status, kind: c.kind, sender: c.sender, label: c.label, w1: c.w1, w2: c.w2, w3: c.w3, len: c.len, offered: c.offered, buf: buf };
}

/** A queued sender's message: label and words as the kernel stored them, then the bytes its `out` offers (read from its buffer at delivery). */
function kernelQueued(t: number): number[] {
  const st = K.state[t];
  if (st !== TaskState.SEND_BLOCKED && st !== TaskState.CALL_BLOCKED) return [];
  const q = [K.outLabel[t], K.outW1[t], K.outW2[t], K.outW3[t]];
  const c = K.ctx[t];
  const n = typeof c.out === "number" ? c.out : 0;
  for (let k = 0; k < n && k < c.buf.length; k++) q.push(c.buf[k] & 255);
  return q;
}

/** What the kernel shows, in the model's terms. */
export function observeKernel(): Observation {
  const tasks: Observation["tasks"] = [];
  for (let t = 0; t < K.T; t++) {
    const receiving = K.state[t] === TaskState.RECV_BLOCKED;
    tasks.push({
      name: K.names[t], state: K.state[t], prio: K.prio[t], regs: kernelRegs(t),
      deadline: K.inTimer[t] !== 0 ? K.deadline[t] : -1,
      faultCode: K.faultCode[t], faultSys: faultSyscall(t), faultTick: faultTick(t), faultMsg: K.faultMsg[t], steps: K.steps[t],
      filter: receiving ? K.filter[t] : -1, bound: receiving ? K.bound[t] : -1, queued: kernelQueued(t),
    });
  }
  const ready: string[] = [];
  for (let p = 0; p < PRIORITIES; p++) {
    // An empty list (no head) is skipped without building its view.
    if (K.qHead[p] < 0) continue;
    const names = queueNames(readyList(p));
    let line = p + ":";
    for (let k = 0; k < names.length; k++) line += " " + names[k];
    ready.push(line);
  }
  const endpoints: Observation["endpoints"] = [];
  const eps = K.app.endpoints !== undefined ? K.app.endpoints : [];
  for (let e = 0; e < K.E; e++) endpoints.push({ name: eps[e].name, sendQ: queueNames(sendQueue(e)), recvQ: queueNames(recvQueue(e)) });
  const notifications: Observation["notifications"] = [];
  const ns = K.app.notifications !== undefined ? K.app.notifications : [];
  for (let n = 0; n < K.N; n++) notifications.push({ name: ns[n].name, word: notificationWord(n), waitQ: queueNames(waitQueue(n)) });
  const irqs: Observation["irqs"] = [];
  const iq = K.app.irqs !== undefined ? K.app.irqs : [];
  for (let i = 0; i < K.I; i++) {
    const hist: number[] = [];
    for (let b = 0; b < IRQ_BUCKETS; b++) hist.push(K.latHist[i * IRQ_BUCKETS + b]);
    irqs.push({
      name: iq[i].name, state: irqState(i), count: irqCount(i), stamp: K.irqCount[i] > 0 ? K.irqStamp[i] : 0,
      latCount: K.latCount[i], latMin: K.latMin[i], latMax: K.latMax[i], hist: hist,
    });
  }
  const bad = (K as unknown as { badHostCalls?: number }).badHostCalls;
  return {
    tasks: tasks, ready: ready, endpoints: endpoints, notifications: notifications, irqs: irqs,
    alarm: K.alarmSet !== 0 ? K.alarmTick : -1,
    transfers: K.transfers,
    badHostCalls: bad !== undefined ? bad : 0,
  };
}

// ------------------------------------------------------------------ comparison

function show(v: unknown): string {
  if (typeof v === "string") return '"' + v + '"';
  if (v === 0 && 1 / v < 0) return "-0";
  return String(v);
}

/** The error a difference throws: its message says where and both values; `field` names what differs. */
export interface DifferenceError extends Error {
  field: string;
}

/** When a comparison happens ("step 12 at 340 us, after t1: ..."), made into text only when a difference is reported. */
export type When = () => string;

/** Throws the difference in field `what` of the object `kind` `name` (", task " "t1"; both "" for the system as a whole). */
function differ(when: When, kind: string, name: string, what: string, k: unknown, m: unknown): never {
  const e = new Error("kernel and model differ: " + when() + kind + name + ": " + what + ": kernel " + show(k) + ", model " + show(m)) as DifferenceError;
  e.field = what;
  throw e;
}

function sameList(when: When, kind: string, name: string, what: string, k: unknown[], m: unknown[]): void {
  let same = k.length === m.length;
  for (let i = 0; same && i < k.length; i++) same = k[i] === m[i];
  if (same) return;
  let ks = "[";
  for (let i = 0; i < k.length; i++) ks += (i > 0 ? " " : "") + String(k[i]);
  let ms = "[";
  for (let i = 0; i < m.length; i++) ms += (i > 0 ? " " : "") + String(m[i]);
  differ(when, kind, name, what, ks + "]", ms + "]");
}

/** The same register value: -0 and 0 differ for a task (1 / w), so they are told apart. */
function sameWord(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

const TASK = ", task ";

/** Compares two observations; throws at the first field that differs. */
export function compare(when: When, k: Observation, m: Observation): void {
  for (let t = 0; t < m.tasks.length; t++) {
    const a = k.tasks[t];
    const b = m.tasks[t];
    const n = b.name;
    if (a.state !== b.state) differ(when, TASK, n, "state", a.state, b.state);
    if (a.prio !== b.prio) differ(when, TASK, n, "effective priority", a.prio, b.prio);
    const ar = a.regs;
    const br = b.regs;
    if (!sameWord(ar.id, br.id)) differ(when, TASK, n, "id", ar.id, br.id);
    if (!sameWord(ar.status, br.status)) differ(when, TASK, n, "status", ar.status, br.status);
    if (!sameWord(ar.kind, br.kind)) differ(when, TASK, n, "kind", ar.kind, br.kind);
    if (!sameWord(ar.sender, br.sender)) differ(when, TASK, n, "sender", ar.sender, br.sender);
    if (!sameWord(ar.label, br.label)) differ(when, TASK, n, "label", ar.label, br.label);
    if (!sameWord(ar.w1, br.w1)) differ(when, TASK, n, "w1", ar.w1, br.w1);
    if (!sameWord(ar.w2, br.w2)) differ(when, TASK, n, "w2", ar.w2, br.w2);
    if (!sameWord(ar.w3, br.w3)) differ(when, TASK, n, "w3", ar.w3, br.w3);
    if (!sameWord(ar.len, br.len)) differ(when, TASK, n, "len", ar.len, br.len);
    if (!sameWord(ar.offered, br.offered)) differ(when, TASK, n, "offered", ar.offered, br.offered);
    sameList(when, TASK, n, "buffer", ar.buf, br.buf);
    if (a.deadline !== b.deadline) differ(when, TASK, n, "deadline", a.deadline, b.deadline);
    if (a.faultCode !== b.faultCode) differ(when, TASK, n, "fault code", a.faultCode, b.faultCode);
    if (a.faultSys !== b.faultSys) differ(when, TASK, n, "fault syscall", a.faultSys, b.faultSys);
    if (a.faultTick !== b.faultTick) differ(when, TASK, n, "fault tick", a.faultTick, b.faultTick);
    if (a.faultMsg !== b.faultMsg) differ(when, TASK, n, "fault message", a.faultMsg, b.faultMsg);
    if (a.steps !== b.steps) differ(when, TASK, n, "steps", a.steps, b.steps);
    if (a.filter !== b.filter) differ(when, TASK, n, "closed-receive filter", a.filter, b.filter);
    if (a.bound !== b.bound) differ(when, TASK, n, "bound notification", a.bound, b.bound);
    sameList(when, TASK, n, "queued message", a.queued, b.queued);
  }
  sameList(when, "", "", "ready lists", k.ready, m.ready);
  for (let e = 0; e < m.endpoints.length; e++) {
    const n = m.endpoints[e].name;
    sameList(when, ", endpoint ", n, "send queue", k.endpoints[e].sendQ, m.endpoints[e].sendQ);
    sameList(when, ", endpoint ", n, "receive queue", k.endpoints[e].recvQ, m.endpoints[e].recvQ);
  }
  for (let i = 0; i < m.notifications.length; i++) {
    const a = k.notifications[i];
    const b = m.notifications[i];
    if (a.word !== b.word) differ(when, ", notification ", b.name, "word", a.word, b.word);
    sameList(when, ", notification ", b.name, "wait queue", a.waitQ, b.waitQ);
  }
  for (let i = 0; i < m.irqs.length; i++) {
    const a = k.irqs[i];
    const b = m.irqs[i];
    const n = b.name;
    if (a.state !== b.state) differ(when, ", IRQ ", n, "state", a.state, b.state);
    if (a.count !== b.count) differ(when, ", IRQ ", n, "coalesced count", a.count, b.count);
    if (a.stamp !== b.stamp) differ(when, ", IRQ ", n, "first edge's stamp", a.stamp, b.stamp);
    if (a.latCount !== b.latCount) differ(when, ", IRQ ", n, "latency count", a.latCount, b.latCount);
    if (a.latMin !== b.latMin) differ(when, ", IRQ ", n, "latency min", a.latMin, b.latMin);
    if (a.latMax !== b.latMax) differ(when, ", IRQ ", n, "latency max", a.latMax, b.latMax);
    sameList(when, ", IRQ ", n, "latency histogram", a.hist, b.hist);
  }
  if (k.alarm !== m.alarm) differ(when, "", "", "host alarm", k.alarm, m.alarm);
  if (k.transfers !== m.transfers) differ(when, "", "", "transfers", k.transfers, m.transfers);
  if (k.badHostCalls !== m.badHostCalls) differ(when, "", "", "bad host calls counted", k.badHostCalls, m.badHostCalls);
}

// ------------------------------------------------------------------ the run

export interface LockstepResult {
  steps: number;
  /** Observations compared (after boot, every step and every host event). */
  compared: number;
  /** Messages and replies transferred. */
  transfers: number;
  faults: number;
  restarts: number;
  irqsHandled: number;
  /** NO_RIGHTS results by syscall number (the model's `noRights`). */
  noRights: number[];
  /** Timeouts the syscalls' checks saw, by syscall number and kind (the model's `timeoutsSeen`, kinds as in `TIMEOUT_KINDS`). */
  timeouts: number[];
}

/** Host events: IRQ edges, host signals, bad calls from the host. */
const enum HostEv {
  EDGE = 0,
  SIGNAL = 1,
  BAD_IRQ = 2,
  BAD_SIGNAL = 3,
}

interface Scheduled {
  time: number;
  /** Order of making, to settle equal times (sort is not stable on every host). */
  seq: number;
  kind: HostEv;
  a: number;
  b: number;
}

function describeCall(c: Call): string {
  let s = "sys " + c.sys + "(";
  for (let i = 0; i < c.args.length; i++) s += (i > 0 ? ", " : "") + String(c.args[i]);
  return s + ")";
}

function describeOutcome(o: StepOutcome): string {
  let s = "";
  for (let i = 0; i < o.calls.length; i++) s += (i > 0 ? "; " : "") + describeCall(o.calls[i]);
  if (o.threw) s += (s.length > 0 ? "; " : "") + "threw";
  return s.length > 0 ? s : "no syscall";
}

/** A bad value a host might pass, by number (the model and the kernel must ignore each and count it). */
function badValue(k: number): unknown {
  switch (k % 6) {
    case 0:
      return 0.5;
    case 1:
      return "0";
    case 2:
      return -1;
    case 3:
      return undefined;
    case 4:
      return 99;
    default:
      return 1 / 0;
  }
}

/**
 * Runs `spec` on the kernel and the model side by side for `us` virtual µs
 * and compares them after boot, every step and every host event. Throws
 * at the first difference. `tamper`, for the specs that show the comparison can
 * fail, runs after each kernel step, before the comparison.
 */
export function lockstep(spec: SystemSpec, us: number, tamper?: (step: number) => void): LockstepResult {
  rec = new Recorder();
  const app = buildApp(spec, newLedger(), recordingSys);
  for (let t = 0; t < app.tasks.length; t++) {
    const d = app.tasks[t];
    d.step = recordedStep(d.step);
    if (d.init !== undefined) d.init = recordedInit(d.init, t);
  }
  const tickUs = 1000;
  const tickBase = spec.startTick !== undefined ? spec.startTick : 0;
  const stepUs = spec.stepUs !== undefined ? spec.stepUs : 100;
  let now = 0;
  let alarmOn = false;
  let alarmTick = 0;
  const ticks = (): number => (tickBase + Math.floor(now / tickUs)) | 0;
  const host: KernelHost = {
    ticks: ticks,
    micros: () => now | 0,
    setAlarm: (tick: number) => {
      alarmOn = true;
      alarmTick = tick;
    },
    cancelAlarm: () => {
      alarmOn = false;
    },
    trace: (_e: number, _a: number, _b: number, _c: number, _d: number) => {},
    log: (_line: string) => {},
    pinWrite: (_p: number, _l: number) => {},
    pinRead: (_p: number) => 0,
  };
  bootChecked(app, host);
  rec.booting = false;
  const model = new Model(app, { ticks: ticks, micros: () => now | 0 }, rec.bootInits);
  let compared = 0;
  const check = (when: When): void => {
    compare(when, observeKernel(), model.observe());
    checkInvariants();
    compared++;
  };
  check(() => "after boot");

  // Host events in time order (a stable sort by time: equal times keep their order).
  // The spec's edges and signals repeat every 200 ms, so long runs keep their host traffic.
  const events: Scheduled[] = [];
  const I = spec.irqTargets.length;
  const sig = spec.signals !== undefined ? spec.signals : [];
  for (let base = 0; base < us; base += 200000) {
    for (let i = 0; i < spec.edges.length; i++) {
      if (I > 0) events.push({ time: base + spec.edges[i], seq: events.length, kind: HostEv.EDGE, a: i % I, b: 0 });
      else events.push({ time: base + spec.edges[i], seq: events.length, kind: HostEv.BAD_IRQ, a: i, b: 0 });
    }
    for (let i = 0; i + 2 < sig.length; i += 3) {
      events.push({ time: base + sig[i + 2], seq: events.length, kind: sig[i] < 0 ? HostEv.BAD_SIGNAL : HostEv.SIGNAL, a: sig[i], b: sig[i + 1] });
    }
  }
  events.sort((x, y) => (x.time !== y.time ? x.time - y.time : x.seq - y.seq));
  let next = 0;
  let steps = 0;
  const alarmDue = (): boolean => alarmOn && ((ticks() - alarmTick) | 0) >= 0;
  while (now < us) {
    // Host events due now, then the alarm.
    while (next < events.length && events[next].time <= now) {
      const ev = events[next];
      next++;
      let what = "";
      if (ev.kind === HostEv.EDGE) {
        raiseIrq(ev.a, ev.time);
        model.raiseIrq(ev.a, ev.time);
        what = "edge of IRQ " + ev.a;
      } else if (ev.kind === HostEv.SIGNAL) {
        signalFromHost(ev.a % Math.max(1, K.N), ev.b);
        model.signalFromHost(ev.a % Math.max(1, K.N), ev.b);
        what = "host signal";
      } else if (ev.kind === HostEv.BAD_IRQ) {
        const v = badValue(ev.a);
        raiseIrq(v as number, ev.time);
        model.raiseIrq(v, ev.time);
        what = "raiseIrq(" + String(v) + ")";
      } else {
        const v = badValue(ev.b);
        signalFromHost(v as number, 1);
        model.signalFromHost(v, 1);
        what = "signalFromHost(" + String(v) + ")";
      }
      check(() => "at " + now + " us, after " + what);
    }
    if (alarmDue()) {
      alarmOn = false;
      expire();
      model.expire();
      check(() => "at " + now + " us, after the alarm");
    }
    const expect = model.next();
    if (expect < 0 !== isIdle()) differ(() => "at " + now + " us", "", "", "a task ready", !isIdle(), expect >= 0);
    if (expect < 0) {
      // Idle: on to the next host event or the alarm.
      let t = us;
      if (next < events.length && events[next].time < t) t = events[next].time;
      if (alarmOn) {
        const at = (Math.floor(now / tickUs) + ((alarmTick - ticks()) | 0)) * tickUs;
        if (at < t) t = at;
      }
      now = t > now ? t : now + 1;
      continue;
    }
    run(1);
    steps++;
    const ran = lastTask();
    const name = app.tasks[expect].name;
    if (ran !== expect) differ(() => "step " + steps + " at " + now + " us", "", "", "task run", app.tasks[ran].name, name);
    const outcome = rec.outcome();
    model.step(expect, outcome);
    if (tamper !== undefined) tamper(steps);
    check(() => "step " + steps + " at " + now + " us, after " + name + ": " + describeOutcome(outcome));
    now += stepUs;
  }
  let handled = 0;
  for (let i = 0; i < K.I; i++) handled += K.latCount[i];
  return {
    steps: steps, compared: compared, transfers: K.transfers, faults: model.faults, restarts: model.restarts, irqsHandled: handled,
    noRights: model.noRights, timeouts: model.timeoutsSeen,
  };
}
