/**
 * The simulated board: a deterministic discrete-event host for the kernel.
 *
 * Virtual time is an integer number of µs since the start of the run. The
 * kernel runs in slices of at most `sliceSteps` steps; each step costs the
 * profile's step and syscall time (plus the task's own `stepUs`), each slice
 * one host loop turn. Host events (the alarm, pin edges, scripted callbacks)
 * are taken only between slices, like a real event loop, and each costs the
 * profile's dispatch time. An edge is raised with its own timestamp, so the
 * latency the kernel records includes the wait for the slice to end.
 *
 * Ticks are `tickBase + floor(now / tickUs)`, wrapped to 32 bits: a run can
 * start just before the tick counter wraps.
 */
import {
  AppDesc, KernelHost, Limits, boot, checkInvariants, expire, isIdle, lastSys, lastTask, raiseIrq,
  run, signalFromHost, taskCount, taskName, taskSteps, totalSteps, transfers,
} from "../kernel/index";
import { CostProfile, ESPRUINO_LINUX } from "./profiles";
import { formatEvent } from "./trace";

export interface SimOptions {
  /** Cost profile (default: espruino-linux). */
  profile?: CostProfile;
  /** Record a text trace of every kernel event. */
  trace?: boolean;
  /** Run the invariant checker after every step (default true). */
  check?: boolean;
  /** The tick counter's value at time 0 (to test the wrap). */
  startTick?: number;
  /** Override the app's board settings. */
  tickUs?: number;
  sliceSteps?: number;
  limits?: Limits;
  /** Called with every trace line as it is made. */
  onLine?: (line: string) => void;
}

/** Kinds of scheduled host events. */
const enum Ev {
  EDGE = 1,
  SIGNAL = 2,
  CALL = 3,
}

interface SimEvent {
  time: number;
  seq: number;
  kind: Ev;
  a: number;
  b: number;
  fn: (() => void) | undefined;
}

export class Sim {
  readonly app: AppDesc;
  readonly profile: CostProfile;
  /** Virtual time, µs. */
  now = 0;
  readonly tickUs: number;
  readonly sliceSteps: number;
  readonly tickBase: number;
  /** The alarm's time in µs, or -1. */
  alarmAt = -1;
  /** Text trace lines (when tracing). */
  readonly lines: string[] = [];
  slices = 0;
  hostEvents = 0;
  private events: SimEvent[] = [];
  private seq = 0;
  private stepCost: number[] = [];
  private onLine: ((line: string) => void) | undefined;

  constructor(app: AppDesc, options?: SimOptions) {
    const o: SimOptions = options !== undefined ? options : {};
    this.app = app;
    this.profile = o.profile !== undefined ? o.profile : ESPRUINO_LINUX;
    const board = app.board !== undefined ? app.board : {};
    this.tickUs = o.tickUs !== undefined ? o.tickUs : board.tickUs !== undefined ? board.tickUs : 1000;
    this.sliceSteps = o.sliceSteps !== undefined ? o.sliceSteps : board.sliceSteps !== undefined ? board.sliceSteps : 16;
    this.tickBase = o.startTick !== undefined ? o.startTick : 0;
    this.onLine = o.onLine;
    for (let i = 0; i < app.tasks.length; i++) {
      const extra = app.tasks[i].stepUs;
      this.stepCost.push(this.profile.stepUs + (extra !== undefined ? extra : 0));
    }
    const tracing = o.trace === true;
    const host: KernelHost = {
      ticks: () => this.ticks(),
      micros: () => this.now | 0,
      setAlarm: (tick: number) => this.setAlarm(tick),
      cancelAlarm: () => {
        this.alarmAt = -1;
      },
      trace: (ev: number, a: number, b: number, c: number, d: number) => this.record(ev, a, b, c, d),
      log: (line: string) => this.line(line),
    };
    boot(app, host, { trace: tracing, afterStep: o.check === false ? undefined : checkInvariants, limits: o.limits });
  }

  /** The kernel's tick counter now. */
  ticks(): number {
    return (this.tickBase + Math.floor(this.now / this.tickUs)) | 0;
  }

  private setAlarm(tick: number): void {
    let delta = (tick - this.ticks()) | 0;
    if (delta < 0) delta = 0;
    this.alarmAt = (Math.floor(this.now / this.tickUs) + delta) * this.tickUs;
  }

  private line(text: string): void {
    this.lines.push(text);
    if (this.onLine !== undefined) this.onLine(text);
  }

  private record(ev: number, a: number, b: number, c: number, d: number): void {
    this.line(formatEvent(this.now, ev, a, b, c, d));
  }

  private schedule(time: number, kind: Ev, a: number, b: number, fn: (() => void) | undefined): void {
    const e: SimEvent = { time: time, seq: this.seq, kind: kind, a: a, b: b, fn: fn };
    this.seq++;
    const q = this.events;
    let i = q.length;
    while (i > 0 && q[i - 1].time > time) i--;
    q.splice(i, 0, e);
  }

  /** An edge of IRQ `irq` at virtual time `time` (µs). */
  edge(irq: number, time: number): void {
    this.schedule(time, Ev.EDGE, irq, 0, undefined);
  }

  /** A host callback signals notification `n` with `bits` at `time`. */
  signalAt(n: number, bits: number, time: number): void {
    this.schedule(time, Ev.SIGNAL, n, bits, undefined);
  }

  /** Runs `fn` as a host callback at `time`. */
  at(time: number, fn: () => void): void {
    this.schedule(time, Ev.CALL, 0, 0, fn);
  }

  /** Takes the host events due now, in time order, each costing the dispatch time. */
  private dispatchHost(): void {
    for (;;) {
      const q = this.events;
      const ev = q.length > 0 && q[0].time <= this.now ? q[0] : undefined;
      const alarmDue = this.alarmAt >= 0 && this.alarmAt <= this.now;
      if (ev === undefined && !alarmDue) return;
      this.hostEvents++;
      if (alarmDue && (ev === undefined || this.alarmAt <= ev.time)) {
        this.alarmAt = -1;
        expire();
      } else if (ev !== undefined) {
        q.shift();
        if (ev.kind === Ev.EDGE) raiseIrq(ev.a, ev.time | 0);
        else if (ev.kind === Ev.SIGNAL) signalFromHost(ev.a, ev.b);
        else if (ev.fn !== undefined) ev.fn();
      }
      this.now += this.profile.dispatchUs;
    }
  }

  /** Runs one slice of up to `sliceSteps` steps, then one host loop turn. */
  private slice(until: number): void {
    for (let i = 0; i < this.sliceSteps && !isIdle() && this.now < until; i++) {
      run(1);
      this.now += this.stepCost[lastTask()] + this.profile.sysUs[lastSys()];
    }
    this.slices++;
    this.now += this.profile.sliceUs;
  }

  /** The time of the next host event or alarm, or -1. */
  private nextEventTime(): number {
    let t = this.events.length > 0 ? this.events[0].time : -1;
    if (this.alarmAt >= 0 && (t < 0 || this.alarmAt < t)) t = this.alarmAt;
    return t;
  }

  /** Runs the board until virtual time `until` (µs). */
  runUntil(until: number): void {
    for (;;) {
      this.dispatchHost();
      if (this.now >= until) return;
      if (!isIdle()) {
        this.slice(until);
        continue;
      }
      const next = this.nextEventTime();
      if (next < 0 || next >= until) {
        this.now = until;
        return;
      }
      if (next > this.now) this.now = next;
    }
  }

  /** Runs for `us` more µs. */
  runFor(us: number): void {
    this.runUntil(this.now + us);
  }

  /** Runs until no task is ready and no host event is due before `limit` µs from now; returns true if it went idle. */
  runUntilIdle(limit: number): boolean {
    const end = this.now + limit;
    for (;;) {
      this.dispatchHost();
      if (!isIdle()) {
        if (this.now >= end) return false;
        this.slice(end);
        continue;
      }
      return true;
    }
  }

  /** A summary of the run: steps per task, transfers, virtual time. */
  summary(): string[] {
    const out: string[] = [];
    out.push("virtual time " + this.now + " us, " + totalSteps() + " steps, " + transfers() + " transfers, " + this.slices + " slices, " + this.hostEvents + " host events");
    const T = taskCount();
    for (let t = 0; t < T; t++) out.push("  " + taskName(t) + ": " + taskSteps(t) + " steps");
    return out;
  }
}
