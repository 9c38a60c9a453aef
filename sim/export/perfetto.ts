/**
 * A Chrome / Perfetto trace (the Trace Event Format's JSON) of a simulated
 * run, built from the simulator's `onEvent` hook:
 *
 *     const ex = new PerfettoExporter(app, "demo on model");
 *     const sim = new Sim(app, { onEvent: (now, ev, a, b, c, d) => ex.event(now, ev, a, b, c, d) });
 *     sim.runUntil(t);
 *     const json = ex.finish(sim.now);   // JSON.stringify(json) opens in ui.perfetto.dev or chrome://tracing
 *
 * Tracks (one thread id each, named with `thread_name` metadata):
 *
 * - `host` (tid 0): the host's loop turns and its dispatch of each event
 *   (an edge, a pin level, the alarm) as complete events ("X");
 * - one per task (tid 1 + task index): each step as a complete event named
 *   after the syscall it issued (args: the state it left the task in, its
 *   status), then, when the step blocked the task, `blocked: <STATE>` until
 *   something woke it, and `ready` until its next step began;
 * - one per IRQ (tid 1000 + IRQ index): every edge as an instant event
 *   ("i", at the edge's own time, args: whether it was counted into a
 *   pending delivery), each delivery as a 1 µs `deliver` slice, and
 *   `handled` instants (args: the latency) when the handler's step starts.
 *
 * Flows ("s" / "f" pairs with one id, binding to the enclosing slices) join
 * every transfer's source to the step of the task that receives it: a
 * message or reply from the sender's step (the one that queued it, for a
 * queued message), an IRQ from its `deliver` slice, a notification from the
 * signalling step or the host's dispatch. Pin levels are counters ("C").
 * Timestamps are the simulator's virtual µs.
 */
import { AppDesc, TaskState, TraceEvent } from "../../kernel/index";
import { HostEvent } from "../sim";
import { KIND_NAMES, STATE_NAMES, STATUS_NAMES, SYS_NAMES, nameOf } from "../names";

/** One trace event (only the fields each phase needs are set). */
export interface TraceEventJson {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  dur?: number;
  id?: number;
  bp?: string;
  s?: string;
  args?: { [k: string]: unknown };
}

export interface TraceJson {
  traceEvents: TraceEventJson[];
  displayTimeUnit: string;
  otherData: { [k: string]: string };
}

export const HOST_TID = 0;
export const TASK_TID = 1;
export const IRQ_TID = 1000;
const PID = 1;

const DISPATCH_KINDS = ["alarm", "edge", "signal", "callback", "pin level"];

/** A slice a flow can start from. */
interface Anchor {
  tid: number;
  ts: number;
  dur: number;
}

/** A flow waiting for its receiver's next step. */
interface PendingEnd {
  id: number;
  name: string;
}

export class PerfettoExporter {
  private readonly events: TraceEventJson[] = [];
  private readonly app: AppDesc;
  private readonly T: number;
  private nextId = 1;
  /** The dispatch slice in progress (kernel events in it come from the host), or undefined. */
  private dispatch: Anchor | undefined = undefined;
  /** Transfers made during the step in progress: from node, to task, kind, label. */
  private buf: number[][] = [];
  /** The last kernel STEP event: (task, syscall, state, status). */
  private lastStep: number[] = [-1, 0, 0, 0];
  /** Per task: its last step slice, when it blocked (-1: not blocked), its state then, when it was woken (-1: not yet), flows ending at its next step. */
  private readonly stepOf: (Anchor | undefined)[] = [];
  private readonly blockedAt: number[] = [];
  private readonly blockedState: number[] = [];
  private readonly wokenAt: number[] = [];
  private readonly ends: PendingEnd[][] = [];
  /** Per IRQ: the first edge's time since its last delivery (-1: none). */
  private readonly firstEdge: number[] = [];

  constructor(app: AppDesc, title: string) {
    this.app = app;
    this.T = app.tasks.length;
    const irqs = app.irqs || [];
    this.meta("process_name", HOST_TID, { name: title });
    this.meta("thread_name", HOST_TID, { name: "host" });
    this.meta("thread_sort_index", HOST_TID, { sort_index: 0 });
    for (let t = 0; t < this.T; t++) {
      this.meta("thread_name", TASK_TID + t, { name: app.tasks[t].name + " (prio " + app.tasks[t].priority + ")" });
      this.meta("thread_sort_index", TASK_TID + t, { sort_index: 10 + app.tasks[t].priority * 100 + t });
      this.stepOf[t] = undefined;
      this.blockedAt.push(-1);
      this.blockedState.push(0);
      this.wokenAt.push(-1);
      this.ends.push([]);
    }
    for (let i = 0; i < irqs.length; i++) {
      this.meta("thread_name", IRQ_TID + i, { name: "irq " + irqs[i].name });
      this.meta("thread_sort_index", IRQ_TID + i, { sort_index: 1 + i });
      this.firstEdge.push(-1);
    }
  }

  private meta(name: string, tid: number, args: { [k: string]: unknown }): void {
    this.events.push({ name: name, ph: "M", ts: 0, pid: PID, tid: tid, args: args });
  }

  private nodeName(n: number): string {
    if (n < 0) {
      const ns = this.app.notifications || [];
      return -1 - n < ns.length ? ns[-1 - n].name : "ntfn" + (-1 - n);
    }
    if (n < this.T) return this.app.tasks[n].name;
    const irqs = this.app.irqs || [];
    return n - this.T < irqs.length ? irqs[n - this.T].name : "irq" + (n - this.T);
  }

  /** Starts a flow in `from` towards task `to`'s next step. */
  private flowFrom(from: Anchor, to: number, kind: number, label: number): void {
    if (to < 0 || to >= this.T) return;
    const id = this.nextId++;
    const name = nameOf(KIND_NAMES, kind).toLowerCase();
    this.events.push({ name: name, cat: "ipc", ph: "s", id: id, ts: from.ts + from.dur / 2, pid: PID, tid: from.tid, args: { label: label } });
    this.ends[to].push({ id: id, name: name });
  }

  /** The simulator's `onEvent` hook. */
  event(now: number, ev: number, a: number, b: number, c: number, d: number): void {
    switch (ev) {
      case TraceEvent.STEP:
        this.lastStep = [a, b, c, d];
        return;
      case TraceEvent.TRANSFER:
        if (b >= 0 && b < this.T && this.blockedAt[b] >= 0 && this.wokenAt[b] < 0) this.wokenAt[b] = now;
        if (a >= this.T) this.irqDelivered(now, a - this.T, b, c, d);
        else if (this.dispatch !== undefined) this.flowFrom(this.dispatch, b, c, d);
        else this.buf.push([a, b, c, d]);
        return;
      case TraceEvent.TIMEOUT:
        if (a >= 0 && a < this.T && this.blockedAt[a] >= 0 && this.wokenAt[a] < 0) this.wokenAt[a] = now;
        return;
      case TraceEvent.IRQ:
        if (a >= 0 && a < this.firstEdge.length && this.firstEdge[a] < 0) this.firstEdge[a] = b;
        this.events.push({ name: c !== 0 ? "edge (counted)" : "edge", cat: "irq", ph: "i", s: "t", ts: b, pid: PID, tid: IRQ_TID + a, args: { dispatched_at: now } });
        return;
      case TraceEvent.IRQ_HANDLED:
        this.events.push({ name: "handled", cat: "irq", ph: "i", s: "t", ts: now, pid: PID, tid: IRQ_TID + a, args: { latency_us: b, task: this.nodeName(c) } });
        return;
      case TraceEvent.SIGNAL:
        this.events.push({ name: "signal " + this.nodeName(-1 - a), cat: "notification", ph: "i", s: "t", ts: now, pid: PID, tid: HOST_TID, args: { bits: b } });
        return;
      case TraceEvent.FAULT:
        this.events.push({ name: "FAULT", cat: "fault", ph: "i", s: "t", ts: now, pid: PID, tid: TASK_TID + a, args: { code: b, syscall: nameOf(SYS_NAMES, c) } });
        return;
      case TraceEvent.RESTART:
        this.events.push({ name: "restart", cat: "fault", ph: "i", s: "t", ts: now, pid: PID, tid: TASK_TID + a, args: { generation: b } });
        return;
      case HostEvent.STEP:
        this.step(now, a, b, c);
        return;
      case HostEvent.LOOP:
        this.dispatch = undefined;
        this.events.push({ name: "loop turn", cat: "host", ph: "X", ts: now, dur: b, pid: PID, tid: HOST_TID, args: { steps: a } });
        return;
      case HostEvent.DISPATCH:
        this.dispatch = { tid: HOST_TID, ts: now, dur: d };
        this.events.push({ name: "dispatch " + (a >= 0 && a < DISPATCH_KINDS.length ? DISPATCH_KINDS[a] : "#" + a), cat: "host", ph: "X", ts: now, dur: d, pid: PID, tid: HOST_TID });
        return;
      case HostEvent.PIN: {
        const pins = this.app.pins || [];
        this.events.push({ name: "pin " + (a < pins.length ? pins[a] : "#" + a), cat: "pin", ph: "C", ts: now, pid: PID, tid: HOST_TID, args: { level: b } });
        return;
      }
      default:
        return;
    }
  }

  /** IRQ i is handed to task `to`: a 1 µs `deliver` slice on its track, and a flow from it. */
  private irqDelivered(now: number, i: number, to: number, kind: number, count: number): void {
    const tid = IRQ_TID + i;
    this.events.push({ name: "deliver", cat: "irq", ph: "X", ts: now, dur: 1, pid: PID, tid: tid, args: { edges: count, first_edge_at: i < this.firstEdge.length ? this.firstEdge[i] : -1 } });
    if (i < this.firstEdge.length) this.firstEdge[i] = -1;
    this.flowFrom({ tid: tid, ts: now, dur: 1 }, to, kind, count);
  }

  /** Task t's step from `now`, costing `cost`: its slice, the spans before it, its flows. */
  private step(now: number, t: number, sys: number, cost: number): void {
    this.dispatch = undefined;
    if (t < 0 || t >= this.T) return;
    const tid = TASK_TID + t;
    if (this.blockedAt[t] >= 0) {
      const woke = this.wokenAt[t] >= 0 ? this.wokenAt[t] : now;
      if (woke > this.blockedAt[t]) {
        this.events.push({ name: "blocked: " + nameOf(STATE_NAMES, this.blockedState[t]), cat: "blocked", ph: "X", ts: this.blockedAt[t], dur: woke - this.blockedAt[t], pid: PID, tid: tid });
      }
      if (now > woke) this.events.push({ name: "ready", cat: "ready", ph: "X", ts: woke, dur: now - woke, pid: PID, tid: tid });
      this.blockedAt[t] = -1;
      this.wokenAt[t] = -1;
    }
    const st = this.lastStep[0] === t ? this.lastStep[2] : TaskState.READY;
    const status = this.lastStep[0] === t ? this.lastStep[3] : 0;
    const slice: Anchor = { tid: tid, ts: now, dur: cost };
    this.events.push({
      name: nameOf(SYS_NAMES, sys), cat: "step", ph: "X", ts: now, dur: cost, pid: PID, tid: tid,
      args: { state: nameOf(STATE_NAMES, st), status: st === TaskState.READY ? nameOf(STATUS_NAMES, status) : "-" },
    });
    const ends = this.ends[t];
    for (let k = 0; k < ends.length; k++) {
      this.events.push({ name: ends[k].name, cat: "ipc", ph: "f", bp: "e", id: ends[k].id, ts: now + cost / 2, pid: PID, tid: tid });
    }
    this.ends[t] = [];
    for (let k = 0; k < this.buf.length; k++) {
      const x = this.buf[k];
      let from: Anchor | undefined = slice;
      if (x[0] >= 0 && x[0] !== t) from = this.stepOf[x[0]];
      if (from !== undefined) this.flowFrom(from, x[1], x[2], x[3]);
    }
    this.buf = [];
    this.stepOf[t] = slice;
    if (st !== TaskState.READY) {
      this.blockedAt[t] = now + cost;
      this.blockedState[t] = st;
      this.wokenAt[t] = -1;
    }
  }

  /** The trace so far, with blocked spans still open closed at `endUs`. */
  finish(endUs: number): TraceJson {
    const out: TraceEventJson[] = [];
    for (let k = 0; k < this.events.length; k++) out.push(this.events[k]);
    for (let t = 0; t < this.T; t++) {
      if (this.blockedAt[t] >= 0 && endUs > this.blockedAt[t]) {
        const woke = this.wokenAt[t] >= 0 ? this.wokenAt[t] : endUs;
        out.push({ name: "blocked: " + nameOf(STATE_NAMES, this.blockedState[t]), cat: "blocked", ph: "X", ts: this.blockedAt[t], dur: woke - this.blockedAt[t], pid: PID, tid: TASK_TID + t });
      }
    }
    return { traceEvents: out, displayTimeUnit: "ms", otherData: { app: this.app.name, clock: "virtual microseconds of the baton simulator" } };
  }
}
