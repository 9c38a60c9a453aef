/**
 * The NodeMCU host layer: the kernel's `KernelHost` on the firmware's `tmr`,
 * `gpio` and `node` modules, and the driving loop around `run`. Compiled to
 * Lua into the board bundle (`npm run build:lua -- --app <APP>`).
 *
 * - Clock: the ESP8266's `tmr.now()` or the ESP32's `node.uptime()`, taken
 *   as 31 bits (the ESP8266 counter wraps at 2^31 µs, about 35 minutes) and
 *   extended by differences into the kernel's wrapping 32-bit µs clock and
 *   its tick counter (`tickUs` per tick: the app's board setting, else the
 *   board's). A repeating 10-minute timer reads the clock, so no wrap is
 *   ever missed while the kernel sleeps.
 * - The one alarm: one `tmr` object, re-armed for the earliest deadline
 *   (`ALARM_SINGLE`, whole ms, at least 1, at most 10 minutes: an early
 *   alarm only re-arms); its callback calls `expire()`.
 * - Pin IRQs: `gpio.trig` on the pin each IRQ names (the app's `pins`,
 *   mapped through the board's pin map), with a pull-up. ESP8266: the
 *   callback's `when` (stamped in the interrupt) becomes the IRQ's stamp and
 *   its `eventcount` the number of edges raised. ESP32: the callback is
 *   stamped when it runs. `debounceMs` drops edges closer than that to the
 *   last edge taken. Callbacks are fixed module-level functions, one per
 *   slot: no closures.
 * - Pins: `gpio.write` / `gpio.read`; a pin becomes an output at its first
 *   write and an input at its first read (a pin an IRQ watches is an input).
 * - Slices: every host entry (an edge, the alarm) runs one slice at once;
 *   while tasks are still ready, the next slice is posted with
 *   `node.task.post` (medium priority), so the firmware runs its own events
 *   (WiFi, timers, other edges) between slices. A slice is at most
 *   `sliceSteps` steps, and ends after the first step of a task less
 *   important than the most important priority an IRQ's handler runs at
 *   (`urgentPriority`), so an edge for a more important task waits for one
 *   step, not a slice. The firmware posts a pin interrupt's callback as a
 *   high-priority task (the ESP8266's `platform_gpio_intr_dispatcher`), so
 *   it runs before the next slice, which waits at medium priority.
 * - Log: `print`; the boot line says how much heap is left (`node.heap()`).
 *   Memory in use (for the apps' `platform.memoryUsed`): the Lua heap
 *   (`collectgarbage("count")`, after full collections), in bytes.
 *
 * The layer also runs under Node, on the simulated firmware (sim/nodemcu.ts)
 * with `print` supplied, so the specs exercise it on both runtimes.
 *
 * Nothing here allocates after boot on the edge, alarm or slice paths.
 */
import { AppDesc, IRQS, KernelHost, NOTIFICATIONS, PINS, PRIORITIES, TIMERS, boot, expire, isIdle, raiseIrq, run, signalFromHost, taskCount, taskName, taskSteps, urgentPriority } from "../../kernel/index";
import { NodeMcuBoard } from "./board";
import { settledHeapKB } from "./heap";
import type { NodeMcuGpio, NodeMcuNode, NodeMcuTimer, NodeMcuTmr } from "./nodemcu";

// The firmware's globals (ambient: the Lua code reads the globals).
declare const tmr: NodeMcuTmr;
declare const gpio: NodeMcuGpio;
declare const node: NodeMcuNode;
declare function print(this: void, line: string): void;
declare function dofile(this: void, path: string): unknown;

const SLOTS = 8;
const WRAP31 = 2147483648;
/** Longest alarm, and the period of the clock-keeping timer, ms. */
const MAX_ALARM_MS = 600000;
const IN = 1;
const OUT = 2;

let esp32 = false;
let tickUs = 1000;
let sliceSteps = 16;
/** The most important priority an IRQ's handler runs at: a slice ends after a step of a less important task. */
let urgent = PRIORITIES;
let stopped = false;
/** The clock: last raw reading (31 bits), the 32-bit µs clock, ticks, and µs since the last tick. */
let lastRaw = 0;
let micros32 = 0;
let ticks32 = 0;
let tickAcc = 0;
let alarmTimer: NodeMcuTimer | undefined = undefined;
let clockTimer: NodeMcuTimer | undefined = undefined;
let slicePending = false;
/** Per app pin: the firmware pin (-1: not on this board) and its direction (0 unset, IN, OUT). */
let pinOf: number[] = [];
let pinDir: number[] = [];
/** Per app pin: the level it reads when active (0 for the board's `activeLow`, else 1). */
let pinActive: number[] = [];
/** Per trigger slot: the IRQ, the firmware pin, the debounce (µs), the last edge taken (stamp) and whether there was one. */
const slotIrq: number[] = [];
const slotDebounce: number[] = [];
const slotLast: number[] = [];
const slotSeen: number[] = [];
let slots = 0;
/** Software edges waiting for the firmware's loop: count and stamp per IRQ. */
let softCount: number[] = [];
let softStamp: number[] = [];
let softPending = false;
let wired = false;
/** The raw latency probe (see `rawProbe`). */
let probeBuf: number[] = [];
let probeN = 0;
let probeK = 0;
let probeNtfn = -1;
let probeBits = 0;
let probeStamp = 0;

function rawNow(): number {
  const t = esp32 || tmr.now === undefined ? (node.uptime as () => number)() : tmr.now();
  return Math.floor(t) % WRAP31;
}

/** Brings the 32-bit µs clock and the tick counter up to the firmware's counter. */
function advance(): void {
  const raw = rawNow();
  let d = raw - lastRaw;
  if (d < 0) d += WRAP31;
  lastRaw = raw;
  micros32 = (micros32 + d) | 0;
  tickAcc += d;
  if (tickAcc >= tickUs) {
    const n = Math.floor(tickAcc / tickUs);
    ticks32 = (ticks32 + n) | 0;
    tickAcc -= n * tickUs;
  }
}

function ticks(): number {
  advance();
  return ticks32;
}

function micros(): number {
  advance();
  return micros32;
}

/** The 32-bit µs stamp of a 31-bit firmware time `when` (ESP8266 `gpio.trig`), or now. */
function stampOf(when: number | undefined): number {
  const now = micros();
  if (when === undefined) return now;
  let ago = lastRaw - Math.floor(when) % WRAP31;
  if (ago < 0) ago += WRAP31;
  return (now - ago) | 0;
}

function log(line: string): void {
  print(line);
}

function noTrace(_ev: number, _a: number, _b: number, _c: number, _d: number): void {}

/** Runs one slice; posts the next while tasks are ready. */
function slice(): void {
  if (stopped) return;
  run(sliceSteps, urgent);
  if (!slicePending && !isIdle()) {
    slicePending = true;
    node.task.post(node.task.MEDIUM_PRIORITY, nextSlice);
  }
}

function nextSlice(): void {
  slicePending = false;
  slice();
}

function onAlarm(): void {
  expire();
  slice();
}

function setAlarm(tick: number): void {
  if (!TIMERS) return;
  let d = (tick - ticks()) | 0;
  let ms = 1;
  if (d > 0) {
    // The next tick starts in tickUs - tickAcc µs; the deadline d - 1 ticks later.
    ms = Math.ceil(((d - 1) * tickUs + tickUs - tickAcc) / 1000);
    if (ms < 1) ms = 1;
    if (ms > MAX_ALARM_MS) ms = MAX_ALARM_MS;
  }
  (alarmTimer as NodeMcuTimer).alarm(ms, tmr.ALARM_SINGLE, onAlarm);
}

function cancelAlarm(): void {
  if (!TIMERS) return;
  (alarmTimer as NodeMcuTimer).stop();
}

function setDir(pin: number, dir: number): void {
  const p = pinOf[pin];
  pinDir[pin] = dir;
  if (esp32) (gpio.config as (cfg: { gpio: number; dir: number }) => void)({ gpio: p, dir: dir === OUT ? (gpio.OUT as number) : (gpio.IN as number) });
  else (gpio.mode as (pin: number, mode: number) => void)(p, dir === OUT ? (gpio.OUTPUT as number) : (gpio.INPUT as number));
}

function pinWrite(pin: number, level: number): void {
  if (!PINS) return;
  if (!(pin >= 0 && pin < pinOf.length) || pinOf[pin] < 0) return;
  if (pinDir[pin] !== OUT) setDir(pin, OUT);
  gpio.write(pinOf[pin], level !== 0 ? gpio.HIGH : gpio.LOW);
}

function pinRead(pin: number): number {
  if (!PINS) return 0;
  if (!(pin >= 0 && pin < pinOf.length) || pinOf[pin] < 0) return 0;
  if (pinDir[pin] === 0) setDir(pin, IN);
  return gpio.read(pinOf[pin]);
}

const HOST: KernelHost = {
  ticks: ticks,
  micros: micros,
  setAlarm: setAlarm,
  cancelAlarm: cancelAlarm,
  trace: noTrace,
  log: log,
  pinWrite: pinWrite,
  pinRead: pinRead,
};

/** An edge on slot s: ESP8266 (level, when, eventcount), ESP32 (pin, level). */
function onEdge(s: number, when: number | undefined, count: number | undefined): void {
  const stamp = esp32 ? micros() : stampOf(when);
  const db = slotDebounce[s];
  if (db > 0) {
    if (slotSeen[s] !== 0 && ((stamp - slotLast[s]) | 0) < db) return;
    slotSeen[s] = 1;
    slotLast[s] = stamp;
  }
  let n = !esp32 && count !== undefined && count > 0 ? count : 1;
  while (n > 0) {
    if (IRQS) raiseIrq(slotIrq[s], stamp);
    n--;
  }
  slice();
}
function trig0(_a: number, b?: number, c?: number): void {
  onEdge(0, b, c);
}
function trig1(_a: number, b?: number, c?: number): void {
  onEdge(1, b, c);
}
function trig2(_a: number, b?: number, c?: number): void {
  onEdge(2, b, c);
}
function trig3(_a: number, b?: number, c?: number): void {
  onEdge(3, b, c);
}
function trig4(_a: number, b?: number, c?: number): void {
  onEdge(4, b, c);
}
function trig5(_a: number, b?: number, c?: number): void {
  onEdge(5, b, c);
}
function trig6(_a: number, b?: number, c?: number): void {
  onEdge(6, b, c);
}
function trig7(_a: number, b?: number, c?: number): void {
  onEdge(7, b, c);
}
const TRIG_FNS = [trig0, trig1, trig2, trig3, trig4, trig5, trig6, trig7];

/** Raises the software edges waiting since `softEdge`, then runs a slice. */
function fireSoftEdges(): void {
  softPending = false;
  for (let i = 0; i < softCount.length; i++) {
    let c = softCount[i];
    softCount[i] = 0;
    while (c > 0) {
      if (IRQS) raiseIrq(i, softStamp[i]);
      c--;
    }
  }
  slice();
}

function softEdge(irq: number, count: number): void {
  if (!(irq >= 0 && irq < softCount.length) || !(count > 0)) return;
  if (softCount[irq] === 0) softStamp[irq] = micros();
  softCount[irq] = softCount[irq] + count;
  if (!softPending) {
    softPending = true;
    node.task.post(node.task.MEDIUM_PRIORITY, fireSoftEdges);
  }
}

function loopWired(): boolean {
  return wired;
}

/** The Lua heap in use, bytes (-1 under Node: see `settledHeapKB`). */
function memoryUsed(): number {
  const kb = settledHeapKB();
  return kb < 0 ? -1 : Math.floor(kb * 1024);
}

/** Stops the host loop: no more slices, alarms or clock reads (nothing is left pending). */
function quit(): void {
  stopped = true;
  if (alarmTimer !== undefined) alarmTimer.unregister();
  if (clockTimer !== undefined) clockTimer.unregister();
}

function probeFire(): void {
  probeBuf[probeK] = (micros() - probeStamp) | 0;
  probeK++;
  if (probeK < probeN) {
    probeStamp = micros();
    node.task.post(node.task.MEDIUM_PRIORITY, probeFire);
  } else {
    if (NOTIFICATIONS) signalFromHost(probeNtfn, probeBits);
    slice();
  }
}

/**
 * The firmware's own event latency, without the kernel: `n` posted tasks,
 * each timed from its posting to its start (µs, into `samples`); then
 * signals `ntfn` with `bits`. Returns 0 (software events).
 */
function rawProbe(samples: number[], n: number, ntfn: number, bits: number): number {
  probeBuf = samples;
  probeN = n;
  probeK = 0;
  probeNtfn = ntfn;
  probeBits = bits;
  probeStamp = micros();
  node.task.post(node.task.MEDIUM_PRIORITY, probeFire);
  return 0;
}

/** The level app pin `pin` reads when active: 0 for a pin the board marks active low, else 1. */
function activeLevel(pin: number): number {
  return pin >= 0 && pin < pinActive.length ? pinActive[pin] : 1;
}

/** The services apps reach through `drivers/platform.ts` on this host. */
export const nodemcuPlatform = {
  log: log,
  micros: micros,
  memoryUsed: memoryUsed,
  quit: quit,
  softEdge: softEdge,
  activeLevel: activeLevel,
  loopWired: loopWired,
  rawProbe: rawProbe,
};

/** True when LOOP_IN follows LOOP_OUT both ways (a jumper joins them). */
function checkLoop(b: NodeMcuBoard): boolean {
  const out = b.pins["LOOP_OUT"];
  const inp = b.pins["LOOP_IN"];
  if (out === undefined || inp === undefined) return false;
  if (esp32) {
    const config = gpio.config as (cfg: { gpio: number; dir: number; pull?: number }) => void;
    config({ gpio: out, dir: gpio.OUT as number });
    config({ gpio: inp, dir: gpio.IN as number, pull: gpio.PULL_UP });
  } else {
    const mode = gpio.mode as (pin: number, mode: number, pull?: number) => void;
    mode(out, gpio.OUTPUT as number);
    mode(inp, gpio.INPUT as number, gpio.PULLUP);
  }
  gpio.write(out, gpio.HIGH);
  const high = gpio.read(inp);
  gpio.write(out, gpio.LOW);
  const low = gpio.read(inp);
  return high === 1 && low === 0;
}

/** Maps the app's pins onto the board (before boot: drivers write pins in their `init`). */
function resolvePins(a: AppDesc, b: NodeMcuBoard): void {
  const names = a.pins !== undefined ? a.pins : [];
  pinOf = [];
  pinDir = [];
  pinActive = [];
  for (let i = 0; i < names.length; i++) {
    const p = b.pins[names[i]];
    if (p === undefined) log("baton: pin " + names[i] + " is not on " + b.title + ": writes do nothing, reads give 0");
    pinOf.push(p !== undefined ? p : -1);
    pinDir.push(0);
    pinActive.push(b.activeLow.indexOf(names[i]) >= 0 ? 0 : 1);
  }
}

/** Sets up `gpio.trig` for every IRQ with a pin (after boot: the callbacks raise IRQs). */
function startTriggers(a: AppDesc, b: NodeMcuBoard): void {
  const names = a.pins !== undefined ? a.pins : [];
  const irqs = a.irqs !== undefined ? a.irqs : [];
  slots = 0;
  for (let i = 0; i < irqs.length; i++) {
    const q = irqs[i];
    if (q.pin === undefined) continue;
    const id = names.indexOf(q.pin);
    const p = id >= 0 ? pinOf[id] : -1;
    if (p < 0 || b.noInterrupt.indexOf(p) >= 0) {
      log("baton: irq " + q.name + " has no interrupt pin on " + b.title + ": only software edges reach it");
      continue;
    }
    if (slots >= SLOTS) {
      log("baton: irq " + q.name + ": no trigger slot left (" + SLOTS + " at most)");
      continue;
    }
    const s = slots;
    slotIrq[s] = i;
    slotDebounce[s] = q.debounceMs !== undefined ? q.debounceMs * 1000 : 0;
    slotLast[s] = 0;
    slotSeen[s] = 0;
    pinDir[id] = IN;
    const edge = q.edge === "rising" ? 1 : q.edge === "falling" ? 2 : 3;
    if (esp32) {
      (gpio.config as (cfg: { gpio: number; dir: number; pull?: number }) => void)({ gpio: p, dir: gpio.IN as number, pull: gpio.PULL_UP });
      gpio.trig(p, (edge === 1 ? gpio.INTR_UP : edge === 2 ? gpio.INTR_DOWN : gpio.INTR_UP_DOWN) as number, TRIG_FNS[s]);
    } else {
      (gpio.mode as (pin: number, mode: number, pull?: number) => void)(p, gpio.INT as number, gpio.PULLUP);
      gpio.trig(p, edge === 1 ? "up" : edge === 2 ? "down" : "both", TRIG_FNS[s]);
    }
    slots++;
  }
}

function onClock(): void {
  advance();
}

/**
 * Not on a board (no `tmr`): a bundle run with `lua5.1 <app>.lua` runs
 * itself on the simulated firmware, `nodemcu-sim.lua` next to it, which
 * loads this file again with the firmware in place.
 */
function runOnSimulatedFirmware(boardName: string): void {
  // Lua's script arguments, arg[0] the script: from the global table (in a
  // module function Lua 5.1 would read the function's own varargs).
  const g = globalThis as unknown as { arg: { [i: number]: string | undefined } | undefined };
  const arg = g.arg;
  const script = arg !== undefined ? arg[0] : undefined;
  if (script === undefined) {
    log("baton: no NodeMCU firmware here (no tmr, gpio, node)");
    return;
  }
  let dir = "";
  for (let i = script.length - 1; i >= 0 && dir === ""; i--) {
    const c = script.charAt(i);
    if (c === "/" || c === "\\") dir = script.slice(0, i + 1);
  }
  const args: { [i: number]: string | undefined } = { 0: dir + "nodemcu-sim.lua", 1: script, 2: "--board", 3: boardName, 4: "--quiet" };
  for (let i = 1; arg !== undefined && arg[i] !== undefined; i++) args[4 + i] = arg[i];
  g.arg = args;
  dofile(dir + "nodemcu-sim.lua");
}

/**
 * Boots `theApp` on `theBoard` (the build validated it against the board's
 * limits: tools/lua/build.ts), sets up pins and triggers, and runs the first slice from the firmware's
 * task queue. Returns false (after logging why) when the app does not boot,
 * or when there is no firmware (see `runOnSimulatedFirmware`).
 */
export function startNodeMcu(theApp: AppDesc, theBoard: NodeMcuBoard): boolean {
  if (typeof tmr === "undefined") {
    runOnSimulatedFirmware(theBoard.name);
    return false;
  }
  esp32 = theBoard.chip === "esp32";
  const settings = theApp.board;
  tickUs = settings !== undefined && settings.tickUs !== undefined ? settings.tickUs : theBoard.tickUs;
  sliceSteps = settings !== undefined && settings.sliceSteps !== undefined ? settings.sliceSteps : theBoard.sliceSteps;
  stopped = false;
  slicePending = false;
  softPending = false;
  lastRaw = rawNow();
  micros32 = lastRaw;
  ticks32 = 0;
  tickAcc = 0;
  const irqCount = theApp.irqs !== undefined ? theApp.irqs.length : 0;
  softCount = [];
  softStamp = [];
  for (let i = 0; IRQS && i < irqCount; i++) {
    softCount.push(0);
    softStamp.push(0);
  }
  alarmTimer = tmr.create();
  clockTimer = tmr.create();
  clockTimer.alarm(MAX_ALARM_MS, tmr.ALARM_AUTO, onClock);
  wired = PINS && theApp.pins !== undefined && theApp.pins.indexOf("LOOP_IN") >= 0 && checkLoop(theBoard);
  if (PINS) resolvePins(theApp, theBoard);
  const limits = theBoard.limits;
  const problem = bootOrMessage(theApp, limits);
  if (problem !== "") {
    log("baton: " + problem);
    quit();
    return false;
  }
  urgent = urgentPriority();
  if (IRQS && PINS) startTriggers(theApp, theBoard);
  log("baton: '" + theApp.name + "' booted on " + theBoard.title + " (" + (wired ? "loopback wired" : "software edges") + "), " + node.heap() + " bytes of heap free");
  slicePending = true;
  node.task.post(node.task.MEDIUM_PRIORITY, nextSlice);
  return true;
}

function bootOrMessage(theApp: AppDesc, limits: NodeMcuBoard["limits"]): string {
  try {
    boot(theApp, HOST, { limits: limits });
  } catch (e) {
    const m = (e as { message?: string }).message;
    return m !== undefined ? m : String(e);
  }
  return "";
}

/** Steps per task so far, one line each (for a host runner's summary). */
export function summary(): string[] {
  const out: string[] = [];
  const T = taskCount();
  for (let t = 0; t < T; t++) out.push("  " + taskName(t) + ": " + taskSteps(t) + " steps");
  return out;
}
