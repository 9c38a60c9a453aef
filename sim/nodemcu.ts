/**
 * A simulated NodeMCU firmware: the `tmr`, `gpio` and `node` modules the
 * NodeMCU host layer uses (boards/nodemcu/nodemcu.d.ts), on a virtual µs
 * clock, so that a board bundle runs unchanged on a host: under lua5.1 on a
 * PC (dist/lua/nodemcu-sim.lua runs `dist/lua/<app>.lua`), or under Node
 * and busted in the specs.
 *
 * - Virtual time is an integer number of µs. Every callback the firmware
 *   makes (a timer, a posted task, a pin interrupt) costs `callbackUs` of
 *   virtual time (default 100 µs: a round figure for an ESP8266 running a
 *   short Lua callback, not a measurement), so a program that never idles
 *   still moves the clock forward.
 * - Callbacks run one at a time, in the order their events happened: a
 *   posted task from the time it was posted, a timer from the time it fell
 *   due, a pin interrupt from the time of the edge (as the firmware queues
 *   them all as tasks). Task priorities are not modelled: one FIFO.
 * - `chip` "esp8266": `tmr.now()` (31 bits), `gpio.mode`, `gpio.trig(pin,
 *   "up" | "down" | "both", fn(level, when, eventcount))`, pins 0..12.
 *   "esp32": `node.uptime()`, `gpio.config`, `gpio.trig(pin, gpio.INTR_*,
 *   fn(pin, level))`, pins 0..39.
 * - Scripted inputs: `edge(pin, level, at)` changes an input's level at a
 *   virtual time; `wire(out, in)` joins two pins (a write to `out` drives
 *   `in`), like a jumper between LOOP_OUT and LOOP_IN.
 * - `node.heap()` answers a fixed 40960 bytes: the heap of a PC's Lua says
 *   nothing about an ESP8266's (`npm run bench:lua` measures the bundle's).
 *
 * `install()` puts the three modules in the global table; `runUntil(us)`
 * plays the firmware's event loop until that time or until nothing is left
 * to do.
 */
import type { Esp32TrigCallback, Esp8266TrigCallback, NodeMcuGpio, NodeMcuNode, NodeMcuTimer, NodeMcuTmr } from "../boards/nodemcu/nodemcu";

const ALARM_SINGLE = 0;
const ALARM_AUTO = 2;
const HEAP_BYTES = 40960;
const PINS = 40;
/** gpio constants: the ESP8266 firmware's values, and the ESP32's. */
const INPUT = 0;
const OUTPUT = 1;
const INT = 2;
const INTR_UP = 1;
const INTR_DOWN = 2;
const INTR_UP_DOWN = 3;

export interface FirmwareOptions {
  /** "esp8266" (default) or "esp32". */
  chip?: string;
  /** Virtual time at start, µs (to test the 31-bit wrap of `tmr.now()`). */
  startUs?: number;
  /** Virtual cost of each callback, µs (default 100). */
  callbackUs?: number;
}

/** A timer object of the simulated `tmr` module (methods called with `:` as on the firmware). */
export class SimTimer implements NodeMcuTimer {
  private fw: SimFirmware;
  intervalMs = 0;
  mode = ALARM_SINGLE;
  fn: ((this: void, t: NodeMcuTimer) => void) | undefined = undefined;
  running = false;
  due = 0;
  seq = 0;
  constructor(fw: SimFirmware) {
    this.fw = fw;
  }
  register(intervalMs: number, mode: number, fn: (this: void, t: NodeMcuTimer) => void): void {
    this.intervalMs = intervalMs;
    this.mode = mode;
    this.fn = fn;
  }
  alarm(intervalMs: number, mode: number, fn: (this: void, t: NodeMcuTimer) => void): boolean {
    this.register(intervalMs, mode, fn);
    return this.start();
  }
  start(): boolean {
    if (this.fn === undefined) return false;
    this.running = true;
    this.due = this.fw.now + Math.floor(this.intervalMs) * 1000;
    this.seq = this.fw.nextSeq();
    return true;
  }
  stop(): boolean {
    const was = this.running;
    this.running = false;
    return was;
  }
  unregister(): void {
    this.running = false;
    this.fn = undefined;
  }
}

interface PinEdge {
  time: number;
  seq: number;
  pin: number;
  level: number;
}

interface Posted {
  time: number;
  seq: number;
  fn: (this: void) => void;
}

export class SimFirmware {
  readonly chip: string;
  /** Virtual time, µs. */
  now: number;
  readonly callbackUs: number;
  /** Callbacks made so far. */
  callbacks = 0;
  readonly tmr: NodeMcuTmr;
  readonly gpio: NodeMcuGpio;
  readonly node: NodeMcuNode;
  private seq = 0;
  private timers: SimTimer[] = [];
  /** Posted tasks (and pin callbacks), in the order they were posted. */
  private tasks: Posted[] = [];
  private edges: PinEdge[] = [];
  private level: number[] = [];
  private dir: number[] = [];
  private trigType: number[] = [];
  private trigFn: (Esp8266TrigCallback | Esp32TrigCallback | boolean)[] = [];
  private wires: number[] = [];

  constructor(options?: FirmwareOptions) {
    const o: FirmwareOptions = options !== undefined ? options : {};
    this.chip = o.chip !== undefined ? o.chip : "esp8266";
    this.now = o.startUs !== undefined ? Math.floor(o.startUs) : 0;
    this.callbackUs = o.callbackUs !== undefined ? Math.floor(o.callbackUs) : 100;
    for (let p = 0; p < PINS; p++) {
      this.level.push(1);
      this.dir.push(INPUT);
      this.trigType.push(0);
      this.trigFn.push(false);
      this.wires.push(-1);
    }
    const esp32 = this.chip === "esp32";
    this.tmr = {
      ALARM_SINGLE: ALARM_SINGLE,
      ALARM_AUTO: ALARM_AUTO,
      create: () => this.createTimer(),
      now: esp32 ? undefined : () => this.now % 2147483648,
    };
    this.gpio = {
      HIGH: 1,
      LOW: 0,
      OUTPUT: esp32 ? undefined : OUTPUT,
      INPUT: esp32 ? undefined : INPUT,
      INT: esp32 ? undefined : INT,
      PULLUP: esp32 ? undefined : 1,
      FLOAT: esp32 ? undefined : 0,
      mode: esp32 ? undefined : (pin: number, mode: number) => this.setDir(pin, mode),
      IN: esp32 ? INPUT : undefined,
      OUT: esp32 ? OUTPUT : undefined,
      PULL_UP: esp32 ? 1 : undefined,
      INTR_UP: esp32 ? INTR_UP : undefined,
      INTR_DOWN: esp32 ? INTR_DOWN : undefined,
      INTR_UP_DOWN: esp32 ? INTR_UP_DOWN : undefined,
      config: esp32 ? (cfg: { gpio: number; dir: number }) => this.setDir(cfg.gpio, cfg.dir) : undefined,
      read: (pin: number) => this.read(pin),
      write: (pin: number, level: number) => this.write(pin, level),
      trig: (pin: number, type: string | number, fn: Esp8266TrigCallback | Esp32TrigCallback) => this.trig(pin, type, fn),
    };
    this.node = {
      heap: () => this.heap(),
      uptime: esp32 ? () => this.now : undefined,
      task: {
        LOW_PRIORITY: 0,
        MEDIUM_PRIORITY: 1,
        HIGH_PRIORITY: 2,
        post: (priority: number, fn: () => void) => this.post(priority, fn),
      },
    };
  }

  /** Puts `tmr`, `gpio` and `node` in the global table, where firmware code finds them. */
  install(): void {
    const g = globalThis as unknown as { tmr: NodeMcuTmr; gpio: NodeMcuGpio; node: NodeMcuNode };
    g.tmr = this.tmr;
    g.gpio = this.gpio;
    g.node = this.node;
  }

  /** Takes them out again. */
  uninstall(): void {
    const g = globalThis as unknown as { tmr: unknown; gpio: unknown; node: unknown };
    g.tmr = undefined;
    g.gpio = undefined;
    g.node = undefined;
  }

  nextSeq(): number {
    this.seq++;
    return this.seq;
  }

  private createTimer(): SimTimer {
    const t = new SimTimer(this);
    this.timers.push(t);
    return t;
  }

  private post(_priority: number, fn: () => void): void {
    this.tasks.push({ time: this.now, seq: this.nextSeq(), fn: fn });
  }

  private heap(): number {
    return HEAP_BYTES;
  }

  private setDir(pin: number, mode: number): void {
    if (pin < 0 || pin >= PINS) throw new Error("gpio: bad pin " + pin);
    this.dir[pin] = mode;
  }

  private read(pin: number): number {
    if (pin < 0 || pin >= PINS) throw new Error("gpio: bad pin " + pin);
    return this.level[pin];
  }

  private write(pin: number, level: number): void {
    if (pin < 0 || pin >= PINS) throw new Error("gpio: bad pin " + pin);
    if (this.dir[pin] !== OUTPUT) throw new Error("gpio.write: pin " + pin + " is not an output");
    this.level[pin] = level !== 0 ? 1 : 0;
    const to = this.wires[pin];
    if (to >= 0) this.setLevel(to, level);
  }

  /** An input changes level now; a matching trigger's callback is queued, stamped now. */
  private setLevel(pin: number, level: number): void {
    const l = level !== 0 ? 1 : 0;
    const was = this.level[pin];
    this.level[pin] = l;
    const type = this.trigType[pin];
    if (was === l || type === 0) return;
    if ((type === INTR_UP && l === 0) || (type === INTR_DOWN && l === 1)) return;
    const fn = this.trigFn[pin];
    if (fn === false) return;
    const when = this.now % 2147483648;
    if (this.chip === "esp32") this.post(2, () => (fn as Esp32TrigCallback)(pin, l));
    else this.post(2, () => (fn as Esp8266TrigCallback)(l, when, 1));
  }

  private trig(pin: number, type: string | number, fn: Esp8266TrigCallback | Esp32TrigCallback): void {
    if (pin < 0 || pin >= PINS) throw new Error("gpio.trig: bad pin " + pin);
    let t = 0;
    if (type === "up" || type === INTR_UP) t = INTR_UP;
    else if (type === "down" || type === INTR_DOWN) t = INTR_DOWN;
    else if (type === "both" || type === INTR_UP_DOWN) t = INTR_UP_DOWN;
    if (this.chip !== "esp32" && t !== 0 && this.dir[pin] !== INT) throw new Error("gpio.trig: pin " + pin + " is not in gpio.INT mode");
    this.trigType[pin] = t;
    this.trigFn[pin] = t !== 0 ? fn : false;
  }

  /** Scripted input: pin `pin` goes to `level` at virtual time `at` (µs). */
  edge(pin: number, level: number, at: number): void {
    const e: PinEdge = { time: Math.floor(at), seq: this.nextSeq(), pin: pin, level: level !== 0 ? 1 : 0 };
    const q = this.edges;
    let i = q.length;
    while (i > 0 && q[i - 1].time > e.time) i--;
    q.splice(i, 0, e);
  }

  /** Joins output `from` to input `to`: what is written to one drives the other. */
  wire(from: number, to: number): void {
    this.wires[from] = to;
  }

  /** The level of a pin now. */
  pinLevel(pin: number): number {
    return this.level[pin];
  }

  private costOf(): void {
    this.callbacks++;
    this.now += this.callbackUs;
  }

  /** The running timer due first (earliest time, then earliest start), or undefined. */
  private nextTimer(): SimTimer | undefined {
    let best: SimTimer | undefined = undefined;
    for (let i = 0; i < this.timers.length; i++) {
      const t = this.timers[i];
      if (!t.running) continue;
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private fireTimer(t: SimTimer): void {
    const fn = t.fn;
    if (t.mode === ALARM_AUTO) {
      t.due = t.due + Math.max(1, Math.floor(t.intervalMs)) * 1000;
      t.seq = this.nextSeq();
    } else {
      t.running = false;
      if (t.mode === ALARM_SINGLE) t.fn = undefined;
    }
    if (fn === undefined) return;
    this.costOf();
    fn(t);
  }

  /** True when no task is posted, no timer runs and no edge is scheduled. */
  idle(): boolean {
    return this.tasks.length === 0 && this.edges.length === 0 && this.nextTimer() === undefined;
  }

  /**
   * Plays the event loop until virtual time `until` (µs), or until nothing
   * is left to do. Returns true when it stopped because nothing was left.
   */
  runUntil(until: number): boolean {
    for (;;) {
      if (this.now >= until) return false;
      const task = this.tasks.length > 0 ? this.tasks[0] : undefined;
      const t = this.nextTimer();
      const e = this.edges.length > 0 ? this.edges[0] : undefined;
      // The event that happened first: a task when it was posted, a timer when due, an edge when it comes.
      let kind = 0;
      let at = 0;
      let seq = 0;
      if (task !== undefined) {
        kind = 1;
        at = task.time;
        seq = task.seq;
      }
      if (e !== undefined && (kind === 0 || e.time < at || (e.time === at && e.seq < seq))) {
        kind = 2;
        at = e.time;
        seq = e.seq;
      }
      if (t !== undefined && (kind === 0 || t.due < at || (t.due === at && t.seq < seq))) {
        kind = 3;
        at = t.due;
      }
      if (kind === 0) return true;
      if (at > this.now) {
        if (at > until) {
          this.now = until;
          return false;
        }
        this.now = at;
      }
      if (kind === 1) {
        this.tasks.shift();
        this.costOf();
        (task as Posted).fn();
      } else if (kind === 2) {
        this.edges.shift();
        this.setLevel((e as PinEdge).pin, (e as PinEdge).level);
      } else {
        this.fireTimer(t as SimTimer);
      }
    }
  }
}
