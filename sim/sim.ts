/**
 * The simulated board: a deterministic discrete-event host for the kernel.
 *
 * Virtual time is an integer number of µs since the start of the run. The
 * kernel runs in slices of at most `sliceSteps` steps, as the board hosts
 * do: a slice also ends after a step of a task picked at a priority less
 * important than the most important one an IRQ's handler runs at
 * (`urgentPriority`), so an edge for a more important task waits for one
 * such step, not for a slice. Each step costs the profile's step and
 * syscall time (plus the task's own `stepUs`), each slice one host loop
 * turn. Host events (the alarm, pin edges, scripted callbacks)
 * are taken only between slices, like a real event loop, and each costs the
 * profile's dispatch time. An edge is raised with its own timestamp, so the
 * latency the kernel records includes the wait for the slice to end.
 *
 * Ticks are `tickBase + floor(now / tickUs)`, wrapped to 32 bits: a run can
 * start just before the tick counter wraps.
 */
import {
  AppDesc, KernelHost, Limits, PRIORITIES, SimInput, TaskState, TraceEvent, expire, faultCode, faultMessage, isIdle, lastSys, lastTask, raiseIrq,
  readyPriority, run, signalFromHost, taskCount, taskName, taskState, taskSteps, totalSteps, transfers, urgentPriority, waitsOn,
} from "../kernel/index";
import { bootChecked, bootedHost, checkInvariants } from "../kernel/checked";
import { setPlatform } from "../drivers/platform";
import { BOARDS as ESPRUINO_BOARDS } from "../boards/espruino/index";
import { BOARDS as NODEMCU_BOARDS } from "../boards/nodemcu/index";
import { FAULT_NAMES, SYS_NAMES, nameOf } from "./names";
import { CostProfile, MODEL } from "./profiles";
import { formatEvent, pad, padRight } from "./trace";

export interface SimOptions {
  /** Cost profile (default: `model`, fixed figures for specs; tools name a board's profile). */
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
  /** Play the app's scripted `inputs` (default true). */
  inputs?: boolean;
  /**
   * Simulate the pins of this board (an Espruino or NodeMCU board's name):
   * a pin it marks active low (`activeLow`, its buttons) rests at 1, as
   * pulled up, and reads 0 when pressed; `platform.activeLevel` answers
   * from it, and a scripted press without a `level` presses to it. Without
   * a board every pin is active high and rests at 0.
   */
  board?: string;
  /**
   * Install the simulator's host services for apps (drivers/platform.ts)
   * before boot: `platform.log` lines go to `logs` (and the trace), and
   * `platform.micros` reads the virtual clock; the other services answer as
   * on a host without them (no edges, no memory figure, no probe). Default
   * true; false leaves the services a caller installed (sim/platform.ts).
   */
  platform?: boolean;
  /** Called with every trace line as it is made. */
  onLine?: (this: void, line: string) => void;
  /**
   * Called with every kernel event (`TraceEvent`, the numbers the text trace
   * is made from) and every host event (`HostEvent`) as it happens, at
   * virtual time `now` (µs). Turns the kernel's trace on; the text trace is
   * made only when `trace` is set, and is the same with or without this hook.
   */
  onEvent?: (this: void, now: number, ev: number, a: number, b: number, c: number, d: number) => void;
}

/**
 * The simulated host's own events, passed to `SimOptions.onEvent` beside
 * the kernel's `TraceEvent`s (numbered apart from them). Each carries its
 * virtual cost, so a viewer can draw it as a span from `now`.
 */
export const enum HostEvent {
  /** A step ran from `now`: (task, syscall, cost µs, 0). Comes after the kernel's events of that step. */
  STEP = 100,
  /** A host loop turn after a slice: (steps in the slice, cost µs, 0, 0). */
  LOOP = 101,
  /** The host dispatches one event: (kind: 0 alarm, 1 edge, 2 signal, 3 callback, 4 pin level; a; b; cost µs). */
  DISPATCH = 102,
  /** A pin changes level: (pin, level, 1 driven by a task / 0 input, 0). */
  PIN = 103,
}

/** Kinds of scheduled host events. */
const enum Ev {
  EDGE = 1,
  SIGNAL = 2,
  CALL = 3,
  /** An input pin changes level (a = pin, b = level). */
  LEVEL = 4,
}

/** A line an app printed with `platform.log`: when, from which task's step ("" outside a step), and the text. */
export interface LogLine {
  time: number;
  task: string;
  line: string;
}

/** A fault seen in a run (recorded while the kernel traces: with `trace` or `onEvent`). */
export interface SimFault {
  task: string;
  /** `FaultCode`, and the syscall its step issued (`Sys`). */
  code: number;
  syscall: number;
  message: string;
  /** Virtual time of the fault, and of the restart that ended it (-1: none before the run ended). */
  time: number;
  restartedAt: number;
}

/** A pin's level change, for waveform export. */
export interface PinChange {
  time: number;
  pin: number;
  level: number;
}

/**
 * A seeded pseudo-random generator (Park–Miller, x * 48271 mod 2^31 - 1):
 * the same numbers in Node and Lua. Computed by Schrage's method, whose
 * every intermediate fits in 32 bits (48271 * x would need 47), so a Lua
 * with 32-bit integers (NodeMCU's Lua 5.3) gets them too.
 */
export class Rand {
  private x: number;
  constructor(seed: number) {
    this.x = (Math.floor(Math.abs(seed)) % 2147483646) + 1;
  }
  /** The next number in 1..2147483646. */
  next(): number {
    // 2147483647 = 48271 * 44488 + 3399
    const x = 48271 * (this.x % 44488) - 3399 * Math.floor(this.x / 44488);
    this.x = x > 0 ? x : x + 2147483647;
    return this.x;
  }
  /** A whole number in 0..n-1. */
  below(n: number): number {
    return this.next() % n;
  }
}

interface SimEvent {
  time: number;
  seq: number;
  kind: Ev;
  a: number;
  b: number;
  fn: (() => void) | undefined;
}

/** The active-low pins of the Espruino or NodeMCU board named `name`; throws naming the boards for an unknown one. */
function boardActiveLow(name: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < ESPRUINO_BOARDS.length; i++) {
    if (ESPRUINO_BOARDS[i].name === name) return ESPRUINO_BOARDS[i].activeLow;
    names.push(ESPRUINO_BOARDS[i].name);
  }
  for (let i = 0; i < NODEMCU_BOARDS.length; i++) {
    if (NODEMCU_BOARDS[i].name === name) return NODEMCU_BOARDS[i].activeLow;
    names.push(NODEMCU_BOARDS[i].name);
  }
  throw new Error("sim: unknown board '" + name + "'; boards: " + names.join(", "));
}

/** Host event a comes before b: earlier time, or the same time and scheduled first. */
function earlier(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class Sim {
  readonly app: AppDesc;
  readonly profile: CostProfile;
  /** Virtual time, µs. */
  now = 0;
  readonly tickUs: number;
  readonly sliceSteps: number;
  /** The most important priority an IRQ's handler runs at (`urgentPriority`): a slice ends after a step of a less important task. */
  readonly urgent: number = PRIORITIES;
  readonly tickBase: number;
  /** The alarm's time in µs, or -1. */
  alarmAt = -1;
  /** Text trace lines (when tracing). */
  readonly lines: string[] = [];
  slices = 0;
  hostEvents = 0;
  /** Pin levels, by pin id (index into the app's `pins`), and every change. */
  readonly levels: number[] = [];
  readonly pinChanges: PinChange[] = [];
  readonly pinNames: string[];
  /** A deadlock report ("a -> b -> a"), once one is found; the run stops there. */
  deadlock: string | undefined = undefined;
  /** Every `platform.log` line so far (with the `platform` option, the default). */
  readonly logs: LogLine[] = [];
  /** Every fault so far, in order (recorded while the kernel traces: with `trace` or `onEvent`). */
  readonly faults: SimFault[] = [];
  /** Log lines of the step running now, named after its task once it has run. */
  private stepLogs: string[] = [];
  private inStep = false;
  /** Scheduled host events: a binary min-heap (see `schedule`). */
  private events: SimEvent[] = [];
  private seq = 0;
  private stepCost: number[] = [];
  private onLine: ((line: string) => void) | undefined;
  private onEvent: ((this: void, now: number, ev: number, a: number, b: number, c: number, d: number) => void) | undefined;

  constructor(app: AppDesc, options?: SimOptions) {
    const o: SimOptions = options !== undefined ? options : {};
    this.app = app;
    this.profile = o.profile !== undefined ? o.profile : MODEL;
    const board = app.board !== undefined ? app.board : {};
    this.tickUs = o.tickUs !== undefined ? o.tickUs : board.tickUs !== undefined ? board.tickUs : 1000;
    this.sliceSteps = o.sliceSteps !== undefined ? o.sliceSteps : board.sliceSteps !== undefined ? board.sliceSteps : 16;
    this.tickBase = o.startTick !== undefined ? o.startTick : 0;
    this.onLine = o.onLine;
    this.onEvent = o.onEvent;
    for (let i = 0; i < app.tasks.length; i++) {
      const extra = app.tasks[i].stepUs;
      this.stepCost.push(this.profile.stepUs + (extra !== undefined ? extra : 0));
    }
    this.pinNames = app.pins !== undefined ? app.pins : [];
    this.activeLow = o.board !== undefined ? boardActiveLow(o.board) : [];
    // An active-low pin rests at 1 (pulled up), every other pin at 0.
    for (let i = 0; i < this.pinNames.length; i++) this.levels.push(this.activeLevel(i) === 0 ? 1 : 0);
    const tracing = o.trace === true;
    const host: KernelHost = {
      ticks: () => this.ticks(),
      micros: () => this.now | 0,
      setAlarm: (tick: number) => this.setAlarm(tick),
      cancelAlarm: () => {
        this.alarmAt = -1;
      },
      trace: (ev: number, a: number, b: number, c: number, d: number) => this.record(ev, a, b, c, d),
      log: (line: string) => {
        if (this.tracing) this.line(pad(String(this.now), 10) + " us  " + line);
      },
      pinWrite: (pin: number, level: number) => this.setLevel(pin, level, true),
      pinRead: (pin: number) => (pin >= 0 && pin < this.levels.length ? this.levels[pin] : 0),
    };
    this.tracing = tracing;
    this.host = host;
    if (o.platform !== false) {
      setPlatform({
        log: (line: string) => this.appLog(line),
        micros: () => this.now | 0,
        memoryUsed: () => -1,
        quit: () => {},
        softEdge: (_irq: number, _count: number) => {},
        activeLevel: (pin: number) => this.activeLevel(pin),
        loopWired: () => false,
        rawProbe: (_samples: number[], _n: number, _ntfn: number, _bits: number) => -1,
      });
    }
    bootChecked(app, host, { trace: tracing || o.onEvent !== undefined, afterStep: o.check === false ? undefined : checkInvariants, limits: o.limits });
    this.urgent = urgentPriority();
    const inputs = app.inputs !== undefined && o.inputs !== false ? app.inputs : [];
    for (let i = 0; i < inputs.length; i++) this.play(inputs[i]);
  }

  private readonly tracing: boolean;
  private readonly host: KernelHost;

  /** True while the kernel runs this simulation: no other boot since this one (the kernel is one instance). */
  isBooted(): boolean {
    return bootedHost() === this.host;
  }

  /** The pins of the simulated board that are active low (its `board` option's `activeLow`). */
  readonly activeLow: string[];

  /** The level pin `pin` (an app pin id) reads when active, a button pressed: 0 when the board marks it active low, else 1. */
  activeLevel(pin: number): number {
    return pin >= 0 && pin < this.pinNames.length && this.activeLow.indexOf(this.pinNames[pin]) >= 0 ? 0 : 1;
  }

  /** Id of the named pin, or -1. */
  pin(name: string): number {
    return this.pinNames.indexOf(name);
  }

  /** Sets pin `pin` to `level` now; `driven`: written by a task (traced as output). */
  private setLevel(pin: number, level: number, driven: boolean): void {
    if (pin < 0 || pin >= this.levels.length) return;
    const l = level !== 0 ? 1 : 0;
    if (this.levels[pin] === l) return;
    this.levels[pin] = l;
    this.pinChanges.push({ time: this.now, pin: pin, level: l });
    if (this.onEvent !== undefined) this.onEvent(this.now, HostEvent.PIN, pin, l, driven ? 1 : 0, 0);
    if (this.tracing) this.line(pad(String(this.now), 10) + " us  " + padRight(this.pinNames[pin], 10) + (driven ? " pin -> " : " input -> ") + l);
  }

  /** Schedules a level change of input pin `pin` at `time`. */
  level(pin: number, level: number, time: number): void {
    this.schedule(time, Ev.LEVEL, pin, level, undefined);
  }

  /** Schedules the level changes of a scripted input. */
  play(input: SimInput): void {
    const p = this.pin(input.pin);
    if (p < 0) throw new Error("sim: input names unknown pin '" + input.pin + "'");
    const pr = input.press;
    if (pr !== undefined) {
      const on = pr.level !== undefined ? pr.level : this.activeLevel(p);
      const bounce = pr.bounce !== undefined ? pr.bounce : 0;
      const gap = pr.bounceUs !== undefined ? pr.bounceUs : 200;
      // Contact bounce: at each end the level goes back and forth `bounce`
      // times, `gap` apart, before it settles: 1 + 2 * bounce changes.
      let t = pr.at;
      for (let i = 0; i < 1 + 2 * bounce; i++) {
        this.level(p, i % 2 === 0 ? on : 1 - on, t);
        t += gap;
      }
      t = pr.at + pr.holdUs;
      for (let i = 0; i < 1 + 2 * bounce; i++) {
        this.level(p, i % 2 === 0 ? 1 - on : on, t);
        t += gap;
      }
    }
    const sq = input.square;
    if (sq !== undefined) {
      const half = Math.floor(sq.periodUs / 2);
      for (let i = 0; i < sq.count; i++) {
        this.level(p, 1, sq.at + i * sq.periodUs);
        this.level(p, 0, sq.at + i * sq.periodUs + half);
      }
    }
    const rnd = input.random;
    if (rnd !== undefined) {
      const r = new Rand(rnd.seed);
      let t = rnd.at;
      let l = 0;
      for (;;) {
        t += 1 + r.below(2 * rnd.meanGapUs);
        if (t >= rnd.until) break;
        l = 1 - l;
        this.level(p, l, t);
      }
    }
    const flips = input.flips;
    if (flips !== undefined) {
      for (let i = 0; i < flips.length; i++) this.level(p, i % 2 === 0 ? 1 : 0, flips[i]);
    }
  }

  /** Raises the IRQs watching pin `pin` for a change to `level` at `time`. */
  private watch(pin: number, level: number, time: number): void {
    const irqs = this.app.irqs;
    if (irqs === undefined) return;
    const name = this.pinNames[pin];
    for (let i = 0; i < irqs.length; i++) {
      const q = irqs[i];
      if (q.pin !== name) continue;
      const edge = q.edge !== undefined ? q.edge : "both";
      if (edge === "both" || (edge === "rising") === (level === 1)) raiseIrq(i, time | 0);
    }
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

  /** A `platform.log` line: kept, and traced, under the task whose step printed it. */
  private appLog(line: string): void {
    if (this.inStep) {
      this.stepLogs.push(line);
      return;
    }
    this.keepLog("", line);
  }

  private keepLog(task: string, line: string): void {
    this.logs.push({ time: this.now, task: task, line: line });
    if (this.tracing) this.line(pad(String(this.now), 10) + " us  " + padRight(task !== "" ? task : "log", 10) + " log: " + line);
  }

  private record(ev: number, a: number, b: number, c: number, d: number): void {
    if (ev === TraceEvent.FAULT) {
      this.faults.push({ task: taskName(a), code: b, syscall: c, message: faultMessage(a), time: this.now, restartedAt: -1 });
    } else if (ev === TraceEvent.RESTART) {
      const name = taskName(a);
      for (let i = this.faults.length - 1; i >= 0; i--) {
        if (this.faults[i].task === name && this.faults[i].restartedAt < 0) {
          this.faults[i].restartedAt = this.now;
          break;
        }
      }
    }
    if (this.tracing) this.line(formatEvent(this.now, ev, a, b, c, d));
    if (this.onEvent !== undefined) this.onEvent(this.now, ev, a, b, c, d);
  }

  private schedule(time: number, kind: Ev, a: number, b: number, fn: (() => void) | undefined): void {
    // Whole µs: `| 0` and printing give the same answers on JS and Lua only for integers.
    const at = Math.floor(time);
    const e: SimEvent = { time: at, seq: this.seq, kind: kind, a: a, b: b, fn: fn };
    this.seq++;
    // The queue is a binary min-heap on (time, seq): equal times keep the order they were
    // scheduled in, and thousands of scripted edges cost O(log n) each, on Lua too.
    const q = this.events;
    let i = q.length;
    q.push(e);
    while (i > 0) {
      const p = Math.floor((i - 1) / 2);
      if (!earlier(q[i], q[p])) break;
      q[i] = q[p];
      q[p] = e;
      i = p;
    }
  }

  /** Takes the first host event off the queue (which must not be empty). */
  private takeEvent(): SimEvent {
    const q = this.events;
    const first = q[0];
    const last = q.pop() as SimEvent;
    const n = q.length;
    if (n === 0) return first;
    q[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && earlier(q[l + 1], q[l]) ? l + 1 : l;
      if (!earlier(q[c], last)) break;
      q[i] = q[c];
      q[c] = last;
      i = c;
    }
    return first;
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
        if (this.onEvent !== undefined) this.onEvent(this.now, HostEvent.DISPATCH, 0, 0, 0, this.profile.dispatchUs);
        expire();
      } else if (ev !== undefined) {
        this.takeEvent();
        if (this.onEvent !== undefined) this.onEvent(this.now, HostEvent.DISPATCH, ev.kind, ev.a, ev.b, this.profile.dispatchUs);
        if (ev.kind === Ev.EDGE) raiseIrq(ev.a, ev.time | 0);
        else if (ev.kind === Ev.LEVEL) {
          const before = this.levels[ev.a];
          this.setLevel(ev.a, ev.b, false);
          if (before !== this.levels[ev.a]) this.watch(ev.a, this.levels[ev.a], ev.time);
        }
        else if (ev.kind === Ev.SIGNAL) signalFromHost(ev.a, ev.b);
        else if (ev.fn !== undefined) ev.fn();
      }
      this.now += this.profile.dispatchUs;
    }
  }

  /** Runs one slice (up to `sliceSteps` steps, ending after a step picked at a priority less important than `urgent`), then one host loop turn. */
  private slice(until: number): void {
    let steps = 0;
    let last = false;
    for (let i = 0; i < this.sliceSteps && !last && !isIdle() && this.now < until; i++) {
      // The step's priority as it is picked (a donation can end in the step): the board's `run` tests the same.
      last = this.urgent < readyPriority();
      this.inStep = true;
      run(1);
      this.inStep = false;
      if (this.stepLogs.length > 0) {
        const task = taskName(lastTask());
        for (let k = 0; k < this.stepLogs.length; k++) this.keepLog(task, this.stepLogs[k]);
        this.stepLogs = [];
      }
      const cost = this.stepCost[lastTask()] + this.profile.sysUs[lastSys()];
      if (this.onEvent !== undefined) this.onEvent(this.now, HostEvent.STEP, lastTask(), lastSys(), cost, 0);
      this.now += cost;
      steps++;
    }
    this.slices++;
    if (this.onEvent !== undefined) this.onEvent(this.now, HostEvent.LOOP, steps, this.profile.sliceUs, 0, 0);
    this.now += this.profile.sliceUs;
    this.findDeadlock();
  }

  /**
   * Looks for a cycle of waits (each task waiting, with no deadline, on the
   * next), and, when no task is ready and nothing is pending, for tasks
   * stalled on a peer. Records the first report in `deadlock`.
   */
  findDeadlock(): string | undefined {
    if (this.deadlock !== undefined) return this.deadlock;
    const T = taskCount();
    for (let start = 0; start < T; start++) {
      let t = start;
      let hops = 0;
      while (hops <= T) {
        t = waitsOn(t);
        if (t < 0) break;
        hops++;
        if (t === start) {
          let report = taskName(start);
          let x = start;
          for (let i = 0; i < hops; i++) {
            x = waitsOn(x);
            report += " -> " + taskName(x);
          }
          return this.reportDeadlock("cycle of waits: " + report);
        }
      }
    }
    if (isIdle() && this.nextEventTime() < 0) {
      let report = "";
      for (let t = 0; t < T; t++) {
        const st = taskState(t);
        if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED || st === TaskState.REPLY_BLOCKED) {
          const w = waitsOn(t);
          report += (report.length > 0 ? ", " : "") + taskName(t) + " waits on " + (w >= 0 ? taskName(w) : "a peer");
        }
      }
      if (report.length > 0) return this.reportDeadlock("every task blocked, nothing pending: " + report);
    }
    return undefined;
  }

  private reportDeadlock(report: string): string {
    this.deadlock = report;
    if (this.tracing) this.line(pad(String(this.now), 10) + " us  DEADLOCK " + report);
    return report;
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
      if (this.now >= until || this.deadlock !== undefined) return;
      if (!isIdle()) {
        this.slice(until);
        continue;
      }
      const next = this.nextEventTime();
      if (next < 0 || next >= until) {
        if (next < 0 && this.findDeadlock() !== undefined) return;
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
        if (this.now >= end || this.deadlock !== undefined) return false;
        this.slice(end);
        continue;
      }
      return true;
    }
  }

  /** The names of the tasks that faulted in the run (each once, in task order): those recorded, and any FAULTED now. */
  faultedTasks(): string[] {
    const out: string[] = [];
    const T = taskCount();
    for (let t = 0; t < T; t++) {
      const name = taskName(t);
      let seen = taskState(t) === TaskState.FAULTED;
      for (let i = 0; i < this.faults.length && !seen; i++) if (this.faults[i].task === name) seen = true;
      if (seen) out.push(name);
    }
    return out;
  }

  /**
   * A summary of the run: virtual time, steps, transfers; a line per task
   * with its steps, and with its faults: each one recorded (code, the
   * syscall of the step, the message, when, and whether it was restarted),
   * or, for a task FAULTED now when none was recorded, its fault record;
   * then the deadlock, when one stopped the run.
   */
  summary(): string[] {
    const out: string[] = [];
    out.push("virtual time " + this.now + " us, " + totalSteps() + " steps, " + transfers() + " transfers, " + this.slices + " slices, " + this.hostEvents + " host events");
    const T = taskCount();
    for (let t = 0; t < T; t++) {
      const name = taskName(t);
      out.push("  " + name + ": " + taskSteps(t) + " steps" + (taskState(t) === TaskState.FAULTED ? ", FAULTED" : ""));
      let recorded = 0;
      for (let i = 0; i < this.faults.length; i++) {
        const f = this.faults[i];
        if (f.task !== name) continue;
        recorded++;
        out.push("    fault at " + f.time + " us: " + nameOf(FAULT_NAMES, f.code) + (f.syscall !== 0 ? " in " + nameOf(SYS_NAMES, f.syscall) : "") + (f.message !== "" ? ": " + f.message : "") + (f.restartedAt >= 0 ? " (restarted at " + f.restartedAt + " us)" : ""));
      }
      if (recorded === 0 && taskState(t) === TaskState.FAULTED) {
        const m = faultMessage(t);
        out.push("    fault: " + nameOf(FAULT_NAMES, faultCode(t)) + (m !== "" ? ": " + m : ""));
      }
    }
    if (this.deadlock !== undefined) out.push("  DEADLOCK " + this.deadlock);
    return out;
  }
}
