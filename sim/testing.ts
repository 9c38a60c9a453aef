/**
 * The test kit for apps: boot an app in the simulator, drive its pins,
 * IRQs and notifications, move virtual time, and read what its tasks saw
 * and what the kernel holds, from a spec that runs under Node and, compiled
 * to Lua, under busted.
 *
 * ```ts
 * import { bootApp, Kind } from "../../sim/testing";
 * const sim = bootApp(myApp);
 * sim.press("BTN1", { hold: "50ms", bounce: 3 });
 * sim.run("100ms");
 * eq(sim.task("ui").kind, Kind.NOTIFICATION);
 * ```
 *
 * Time has one unit: µs. Every time the kit takes is a number of µs or a
 * string with its unit, "200us", "5ms", "1.5ms", "1s" (rounded to whole
 * µs); every time it returns is in µs. The kernel itself counts ticks
 * (`tickUs` µs each): a task's timeouts and `ticks()` are in ticks.
 *
 * Drive: what the kit drives happens now, or `after` a delay from now, at
 * the next host turn, as a board's host loop would take it; `run` moves
 * time forward and lets the kernel run. A run ends the kernel's slice in
 * progress at its end time, as the host loop would: two runs of 10 ms can
 * differ from one of 20 ms by a loop turn.
 *
 * Read: names, not ids (task "server", endpoint "ep", IRQ "button"). Each
 * read returns a snapshot (numbers, names, the codes of kernel/codes.ts,
 * re-exported here), except `data`, a task's own state object, which is
 * live; the kernel's tables are read through kernel/inspect.ts, never
 * written.
 *
 * One simulation at a time: the kernel is a single instance, so `bootApp`
 * boots it afresh for its app, and a `Simulation` whose app is no longer
 * the booted one (another `bootApp`, or any boot since) throws when read
 * or driven. Boot the app again in each test; task state objects of the
 * app description are shared by its boots, and `init` resets them.
 *
 * The invariant checker runs after every step unless `check: false`.
 */
import {
  AppDesc, IRQ_BUCKETS, PRIORITIES, badHostCalls, faultCode, faultMessage, indexOf, irqBucket,
  irqLatency, taskCtx, taskPriority, taskState, taskSteps, transfers,
} from "../kernel/index";
import {
  QueueKind, basePriority, faultSyscall, faultTick, irqCount, irqHandler, irqState, notificationWord,
  queueKind, queueObject, readyList, recvQueue, sendQueue, waitQueue,
} from "../kernel/checked";
import { CostProfile } from "./profiles";
import { LogLine, Sim } from "./sim";
import { timeText } from "./time";

export { Status, Kind, TaskState, IrqState, FaultCode, Sys, FOREVER } from "../kernel/index";
export type { AppDesc } from "../kernel/index";
export type { LogLine } from "./sim";

/** A time: µs as a number, or a string with a unit: "200us", "5ms", "1s". */
export type Time = number | string;

function badTime(time: unknown): Error {
  return new Error("sim/testing: bad time '" + String(time) + "': give µs as a number, or a string with a unit: \"200us\", \"5ms\", \"1s\"");
}

/**
 * A time in whole µs: a number (µs, not negative) as it is, floored; a
 * string by its unit (sim/time.ts, the command line's rule): "200us",
 * "5ms", "1.5ms", "1s". Throws on anything else ("5", "5 ms", "-1ms", "1h").
 */
export function us(time: Time): number {
  if (typeof time === "number") {
    if (time - time !== 0 || time < 0) throw badTime(time);
    return Math.floor(time);
  }
  if (typeof time !== "string") throw badTime(time);
  const v = timeText(time);
  if (v < 0) throw badTime(time);
  return v;
}

/** How to boot: all optional. */
export interface KitOptions {
  /** Keep the text trace (`trace()`); default false. */
  trace?: boolean;
  /** Run the kernel's invariant checker after every step; default true. */
  check?: boolean;
  /** Play the app's scripted `inputs`; default true (false: the spec drives every pin itself). */
  inputs?: boolean;
  /** The cost profile (sim/profiles.ts); default `model`, fixed figures for specs. */
  profile?: CostProfile;
  /** Override the app's board settings: steps per slice, µs per tick. */
  sliceSteps?: number;
  tickUs?: number;
  /** The tick counter's value at time 0 (to test its wrap). */
  startTick?: number;
  /**
   * Simulate the pins of this board (an Espruino or NodeMCU board's name,
   * e.g. "nodemcu-devkit"): its active-low buttons rest at 1 and read 0 when
   * pressed, `press` presses to that level, and drivers read it from
   * `platform.activeLevel`. Default: no board, every pin active high.
   */
  board?: string;
}

/** A press of a button on an input pin. */
export interface Press {
  /** When it starts, from now; default now. */
  after?: Time;
  /** How long it is held; default "50ms". */
  hold?: Time;
  /** Contact bounce: at each end the level goes back and forth this many times before it settles; default 0. */
  bounce?: number;
  /** The time between bounce edges; default "200us". */
  bounceGap?: Time;
  /** The level of a pressed button; default the board's for the pin (0 for an active-low button, else 1). */
  level?: number;
}

/** What a task saw and where it is, at the time of the read. */
export interface TaskView {
  name: string;
  /** Its index in the app's `tasks`, and its current id (index and generation). */
  index: number;
  id: number;
  /** Its state (`TaskState`). */
  state: number;
  /** Its effective priority (after donation), and the one in the description. */
  priority: number;
  basePriority: number;
  /** Steps it has run since boot. */
  steps: number;
  /** Its result registers: what its last syscall left (`Status`, `Kind`, ...). */
  status: number;
  kind: number;
  sender: number;
  label: number;
  w1: number;
  w2: number;
  w3: number;
  len: number;
  offered: number;
  /** The queue it waits in: "none", "ready <priority>", "send <endpoint>", "recv <endpoint>", "wait <notification>". */
  queue: string;
}

/** A task's fault record (code `FaultCode.NONE` when it has not faulted). */
export interface FaultView {
  /** `FaultCode`. */
  code: number;
  /** The syscall its faulting step issued (`Sys`; NONE for none). */
  syscall: number;
  message: string;
  /** The tick it faulted at. */
  tick: number;
}

/** An IRQ's interrupt latency figures, in µs: from an edge to the start of its handler's step. */
export interface LatencyView {
  count: number;
  min: number;
  max: number;
  /** Deliveries per bucket: bucket 0 holds 0 µs, bucket b holds 2^(b-1) .. 2^b - 1 µs, the last everything above. */
  histogram: number[];
}

/** An IRQ object. */
export interface IrqView {
  name: string;
  /** `IrqState`: ARMED, PENDING, MASKED. */
  state: number;
  /**
   * Edges counted and not yet handed to a handler: while PENDING those of
   * the delivery that waits, the first included; while MASKED those that
   * came since its delivery (delivered again at `irqAck`); 0 when ARMED.
   */
  coalesced: number;
  /** The task a MASKED IRQ was delivered to (it donates its priority until `irqAck`), or "". */
  handler: string;
  latency: LatencyView;
}

/** A level change of a pin, at `time` µs. */
export interface PinLevel {
  time: number;
  level: number;
}

/** The simulation the kernel runs now (the last `bootApp`), if any. */
let booted: Simulation | undefined = undefined;

function namesOf(list: { name: string }[] | undefined): string {
  if (list === undefined || list.length === 0) return "none";
  let s = "";
  for (let i = 0; i < list.length; i++) s += (i > 0 ? ", " : "") + list[i].name;
  return s;
}

/** An app booted in the simulator (see the module comment). */
export class Simulation {
  readonly app: AppDesc;
  /** The length of a kernel tick in µs. */
  readonly tickUs: number;
  private readonly s: Sim;

  constructor(app: AppDesc, options?: KitOptions) {
    const o: KitOptions = options !== undefined ? options : {};
    this.app = app;
    this.s = new Sim(app, {
      trace: o.trace === true, check: o.check !== false, inputs: o.inputs !== false, profile: o.profile,
      sliceSteps: o.sliceSteps, tickUs: o.tickUs, startTick: o.startTick, board: o.board,
    });
    this.tickUs = this.s.tickUs;
    booted = this;
  }

  /** Throws unless the kernel runs this simulation. */
  private live(): Sim {
    if (booted !== this || !this.s.isBooted()) {
      throw new Error("sim/testing: this simulation of app '" + this.app.name + "' is no longer the booted one: another was booted since, and the kernel runs one at a time; boot the app again");
    }
    return this.s;
  }

  private find(list: { name: string }[] | undefined, what: string, name: string): number {
    const i = indexOf(list, name);
    if (i < 0) throw new Error("sim/testing: app '" + this.app.name + "' has no " + what + " '" + name + "' (" + what + "s: " + namesOf(list) + ")");
    return i;
  }

  private taskAt(name: string): number {
    this.live();
    return this.find(this.app.tasks, "task", name);
  }

  private endpointAt(name: string): number {
    this.live();
    return this.find(this.app.endpoints, "endpoint", name);
  }

  private notificationAt(name: string): number {
    this.live();
    return this.find(this.app.notifications, "notification", name);
  }

  private irqAt(name: string): number {
    this.live();
    return this.find(this.app.irqs, "irq", name);
  }

  private pinAt(name: string): number {
    const p = this.live().pin(name);
    if (p < 0) throw new Error("sim/testing: app '" + this.app.name + "' has no pin '" + name + "' (pins: " + (this.app.pins !== undefined && this.app.pins.length > 0 ? this.app.pins.join(", ") : "none") + ")");
    return p;
  }

  /** The virtual time `after` from now, in µs. */
  private later(after: Time | undefined): number {
    const s = this.live();
    return s.now + (after !== undefined ? us(after) : 0);
  }

  /** Queue nodes by name: tasks by their name, IRQs as "irq:<name>". */
  private names(nodes: number[]): string[] {
    const out: string[] = [];
    const T = this.app.tasks.length;
    const irqs = this.app.irqs !== undefined ? this.app.irqs : [];
    for (let i = 0; i < nodes.length; i++) out.push(nodes[i] < T ? this.app.tasks[nodes[i]].name : "irq:" + irqs[nodes[i] - T].name);
    return out;
  }

  // ---- time

  /** Virtual time now, µs since boot. */
  now(): number {
    return this.live().now;
  }

  /** The kernel's tick counter now. */
  ticks(): number {
    return this.live().ticks();
  }

  /** Runs for `time` more (host events, the alarm, the kernel's steps); stops early at a deadlock (see `deadlock`). */
  run(time: Time): void {
    const s = this.live();
    s.runFor(us(time));
  }

  /** Runs until virtual time `time` (since boot); nothing when it has passed. */
  runUntil(time: Time): void {
    this.live().runUntil(us(time));
  }

  /** Runs until no task is ready and no host event is due, for at most `limit` (default "10s"); true if it got there. */
  runUntilIdle(limit?: Time): boolean {
    return this.live().runUntilIdle(limit !== undefined ? us(limit) : 10000000);
  }

  // ---- driving

  /** Input pin `pin` goes to `level` (0 or 1), now or `after` a delay; IRQs watching the pin see the edge. */
  setPin(pin: string, level: number, after?: Time): void {
    const p = this.pinAt(pin);
    this.live().level(p, level !== 0 ? 1 : 0, this.later(after));
  }

  /** A press of the button on input pin `pin` (see `Press`): 1 + 2 x bounce level changes at each end. */
  press(pin: string, press?: Press): void {
    const o: Press = press !== undefined ? press : {};
    const p = this.pinAt(pin);
    this.live().play({
      pin: this.app.pins !== undefined ? this.app.pins[p] : pin,
      press: {
        at: this.later(o.after),
        holdUs: o.hold !== undefined ? us(o.hold) : 50000,
        bounce: o.bounce !== undefined ? o.bounce : 0,
        bounceUs: o.bounceGap !== undefined ? us(o.bounceGap) : 200,
        level: o.level,
      },
    });
  }

  /** An edge of IRQ `irq`, stamped now or `after` a delay (for IRQs with or without a pin). */
  edge(irq: string, after?: Time): void {
    const i = this.irqAt(irq);
    this.live().edge(i, this.later(after));
  }

  /** A host callback signals notification `notification` with `bits`, now or `after` a delay. */
  signal(notification: string, bits: number, after?: Time): void {
    const n = this.notificationAt(notification);
    this.live().signalAt(n, bits, this.later(after));
  }

  /** Runs `fn` as a host callback, now or `after` a delay (the kernel ignores syscalls from it: no step runs). */
  hostCall(fn: () => void, after?: Time): void {
    this.live().at(this.later(after), fn);
  }

  // ---- reading

  /** What task `name` saw (its result registers) and where it is. */
  task(name: string): TaskView {
    const t = this.taskAt(name);
    const c = taskCtx(t);
    const k = queueKind(t);
    const o = queueObject(t);
    let queue = "none";
    if (k === QueueKind.READY) queue = "ready " + o;
    else if (k === QueueKind.SEND) queue = "send " + (this.app.endpoints as { name: string }[])[o].name;
    else if (k === QueueKind.RECV) queue = "recv " + (this.app.endpoints as { name: string }[])[o].name;
    else if (k === QueueKind.WAIT) queue = "wait " + (this.app.notifications as { name: string }[])[o].name;
    return {
      name: name, index: t, id: c.id, state: taskState(t), priority: taskPriority(t), basePriority: basePriority(t), steps: taskSteps(t),
      status: c.status, kind: c.kind, sender: c.sender, label: c.label, w1: c.w1, w2: c.w2, w3: c.w3, len: c.len, offered: c.offered,
      queue: queue,
    };
  }

  /** Task `name`'s own state object (its `state` in the app description), live. */
  data<S = Record<string, unknown>>(name: string): S {
    return taskCtx(this.taskAt(name)).state as S;
  }

  /** Task `name`'s fault record. */
  fault(name: string): FaultView {
    const t = this.taskAt(name);
    return { code: faultCode(t), syscall: faultSyscall(t), message: faultMessage(t), tick: faultTick(t) };
  }

  /** The ready tasks in the order they will run: by priority, then place in their ready list. */
  ready(): string[] {
    this.live();
    let out: string[] = [];
    for (let p = 0; p < PRIORITIES; p++) out = out.concat(this.names(readyList(p)));
    return out;
  }

  /** The tasks in the ready list of `priority`, head first. */
  readyAt(priority: number): string[] {
    this.live();
    if (priority < 0 || priority >= PRIORITIES || Math.floor(priority) !== priority) throw new Error("sim/testing: no priority " + priority + " (0.." + (PRIORITIES - 1) + ")");
    return this.names(readyList(priority));
  }

  /** The senders queued on endpoint `endpoint`, in the order they will be received (an IRQ as "irq:<name>"). */
  sendQueue(endpoint: string): string[] {
    return this.names(sendQueue(this.endpointAt(endpoint)));
  }

  /** The tasks waiting to receive on endpoint `endpoint`, in the order they came. */
  recvQueue(endpoint: string): string[] {
    return this.names(recvQueue(this.endpointAt(endpoint)));
  }

  /** The tasks waiting on notification `notification`, in the order they will be woken. */
  waiters(notification: string): string[] {
    return this.names(waitQueue(this.notificationAt(notification)));
  }

  /** The bits set in notification `notification`'s word, not yet taken. */
  word(notification: string): number {
    return notificationWord(this.notificationAt(notification));
  }

  /** IRQ `name`: its state, edges counted, handler and latency figures. */
  irq(name: string): IrqView {
    const i = this.irqAt(name);
    const h = irqHandler(i);
    return { name: name, state: irqState(i), coalesced: irqCount(i), handler: h >= 0 ? this.app.tasks[h].name : "", latency: this.latency(name) };
  }

  /** IRQ `name`'s latency figures (µs). */
  latency(irq: string): LatencyView {
    const i = this.irqAt(irq);
    const f = irqLatency(i);
    const histogram: number[] = [];
    for (let b = 0; b < IRQ_BUCKETS; b++) histogram.push(irqBucket(i, b));
    return { count: f[0], min: f[1], max: f[2], histogram: histogram };
  }

  /** The level of pin `pin` now (0 or 1). */
  pin(pin: string): number {
    return this.live().levels[this.pinAt(pin)];
  }

  /** Every level change of pin `pin` since boot, in time order (driven by a task or by an input). */
  pinChanges(pin: string): PinLevel[] {
    const p = this.pinAt(pin);
    const all = this.live().pinChanges;
    const out: PinLevel[] = [];
    for (let i = 0; i < all.length; i++) if (all[i].pin === p) out.push({ time: all[i].time, level: all[i].level });
    return out;
  }

  /**
   * Every line the app printed with `platform.log` (drivers/platform.ts)
   * since boot, in order: its time (µs), the task whose step printed it
   * ("" for an `init` or a host callback) and the text. Kept with or
   * without `trace`; with it, each is a trace line too.
   */
  logs(): LogLine[] {
    const all = this.live().logs;
    const out: LogLine[] = [];
    for (let i = 0; i < all.length; i++) out.push({ time: all[i].time, task: all[i].task, line: all[i].line });
    return out;
  }

  /** The text trace so far (with `trace: true`; otherwise empty). */
  trace(): string[] {
    return this.live().lines.slice();
  }

  /** The deadlock report that stopped the run ("cycle of waits: a -> b -> a"), or undefined. */
  deadlock(): string | undefined {
    return this.live().deadlock;
  }

  /** Messages and replies transferred since boot (IRQ deliveries and notification bits are not counted). */
  transfers(): number {
    this.live();
    return transfers();
  }

  /** Host calls the kernel ignored for a bad argument since boot. */
  badHostCalls(): number {
    this.live();
    return badHostCalls();
  }

  /** The simulator underneath (sim/sim.ts), for what the kit does not cover: cost figures, trace hooks. */
  simulator(): Sim {
    return this.live();
  }
}

/** Boots `app` in the simulator: the kernel runs it from now on, and every earlier `Simulation` stops working. */
export function bootApp(app: AppDesc, options?: KitOptions): Simulation {
  return new Simulation(app, options);
}
