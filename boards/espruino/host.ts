/**
 * The Espruino host layer: the kernel's `KernelHost` on Espruino's globals,
 * and the driving loop around `run`.
 *
 * - Ticks: `getTime()` (seconds, µs resolution) since boot, in ticks of
 *   `tickUs` (the app's board setting, else the board's; 1000 µs by default),
 *   wrapped to 32 bits.
 * - Micros: `getTime()` in µs, wrapped to 32 bits; a watch event's `time`
 *   is converted the same way, so IRQ stamps and latencies share one clock.
 * - The one alarm: a `setTimeout` for the earliest deadline (replaced or
 *   cleared when the kernel asks) whose callback calls `expire()`.
 * - Pin IRQs: `setWatch` on the pin each IRQ names (the app's `pins`,
 *   mapped through the board's pin map); the callback calls
 *   `raiseIrq(irq, e.time in µs)`. Callbacks are fixed module-level
 *   functions, one per watch slot: no closures.
 * - Pins: `digitalWrite` / `digitalRead` on the mapped pins; pins the board
 *   lacks read 0 and ignore writes (a warning at boot).
 * - Slices: every host entry (an edge, the alarm) runs one slice at once;
 *   while tasks are still ready, a repeating timer runs the next slices
 *   from the event loop, so edges and timers get in between slices. A
 *   slice is at most `sliceSteps` steps, and ends after the first step of a
 *   task less important than the most important priority an IRQ's handler
 *   runs at (`urgentPriority`): an edge that came during that step may be
 *   for a more important task, and Espruino's event loop delivers it only
 *   once the slice has returned. So an edge waits for one step of a less
 *   important task, not for a slice. The timer is a `setInterval` of 0.1 ms
 *   (Espruino's least), set when tasks become ready and cleared when none
 *   is: Espruino counts an interval's next time from when it was due, so
 *   an interval whose slices take longer than 0.1 ms is due again at the
 *   very next turn of the loop, where a `setTimeout(.., 0)` set at the end
 *   of each slice waits 0.1 ms from then (`TIMER_MIN_INTERVAL` in its
 *   jsinteractive.h) and costs a timer record each time: measured on
 *   Espruino's Linux build, a round trip of tasks below an IRQ's handler
 *   (a loop turn after every step) cost 1.75x the one of slices of 16
 *   steps with `setTimeout`, and about 1.1x with the interval.
 * - Software edges (`softEdge`, asked for from a task's step) are raised
 *   at the start of the next slice, or from a `setTimeout(.., 0)` when no
 *   slice comes (the kernel idle): either way from the event loop, after
 *   the step that asked. Otherwise `jsiIdle` (Espruino's loop pass), which
 *   runs the timers that are due in the order they were set, would run the
 *   slice interval, set before the edge's timer, first: one more step of
 *   the busy task before each edge.
 * - Log: `console.log`.
 *
 * Nothing here allocates after boot on the edge, alarm or slice paths
 * (Espruino's own timer and event records aside).
 */
import { AppDesc, IRQS, KernelHost, NOTIFICATIONS, PINS, PRIORITIES, TIMERS, boot, expire, isIdle, raiseIrq, run, signalFromHost, urgentPriority } from "../../kernel/index";
import { HostBoard } from "./board";

/** Watch slots: one callback function per slot, below. */
const SLOTS = 8;
const SECOND = 1000000;
/** The slice interval's period, ms: Espruino's least (see the module comment). */
const SLICE_MS = 0.1;

let board: HostBoard | undefined = undefined;
let t0 = 0;
let ticksPerSecond = 1000;
let msPerTick = 1;
let sliceSteps = 16;
/** The most important priority an IRQ's handler runs at: a slice ends after a step of a less important task. */
let urgent = PRIORITIES;
let alarmArmed = false;
let alarmId = 0;
/** The interval that runs slices while tasks are ready, or -1. */
let sliceTimer = -1;
/** The app's pins, resolved: the firmware pin for pin id i, or undefined; and the level each reads when active (the board's `activeLow`). */
let pinOf: (Pin | undefined)[] = [];
let pinActive: number[] = [];
/** Per watch slot: the IRQ it raises, its pin, its watch id (-1: none), its options. */
const slotIrq = new Int32Array(SLOTS);
const slotWatch = new Int32Array(SLOTS);
let slotPin: (Pin | undefined)[] = [];
let slotOptions: { edge: "rising" | "falling" | "both"; repeat: boolean; debounce: number }[] = [];
let slots = 0;
/** LOOP_OUT and LOOP_IN of the board, and whether a wire joins them. */
let loopOut: Pin | undefined = undefined;
let loopIn: Pin | undefined = undefined;
let wired = false;
/** Software edges waiting for the host loop: count and stamp per IRQ. */
let softCount = new Int32Array(1);
let softStamp = new Int32Array(1);
let softPending = false;
/** The raw latency probe (see `rawProbe`). */
let probeBuf: number[] = [];
let probeN = 0;
let probeK = 0;
let probeNtfn = -1;
let probeBits = 0;
let probeStamp = 0;
let probeLevel = 0;
let probeWatch = -1;

function ticks(): number {
  return Math.floor((getTime() - t0) * ticksPerSecond) | 0;
}

function micros(): number {
  return (getTime() * SECOND) | 0;
}

function log(line: string): void {
  console.log(line);
}

function noTrace(_ev: number, _a: number, _b: number, _c: number, _d: number): void {}

/** Raises the software edges waiting since `softEdge`. */
function raiseSoftEdges(): void {
  softPending = false;
  const n = softCount.length;
  for (let i = 0; i < n; i++) {
    let c = softCount[i];
    softCount[i] = 0;
    while (c > 0) {
      if (IRQS) raiseIrq(i, softStamp[i]);
      c--;
    }
  }
}

/**
 * Runs one slice (after raising the software edges waiting, if any);
 * while tasks are still ready, the slice interval runs the next one.
 */
function slice(): void {
  if (IRQS && softPending) raiseSoftEdges();
  run(sliceSteps, urgent);
  if (isIdle()) {
    if (sliceTimer >= 0) {
      clearInterval(sliceTimer);
      sliceTimer = -1;
    }
  } else if (sliceTimer < 0) sliceTimer = setInterval(slice, SLICE_MS);
}

function onAlarm(): void {
  alarmArmed = false;
  expire();
  slice();
}

function setAlarm(tick: number): void {
  if (!TIMERS) return;
  if (alarmArmed) clearTimeout(alarmId);
  let d = (tick - ticks()) | 0;
  if (d < 0) d = 0;
  alarmArmed = true;
  alarmId = setTimeout(onAlarm, d * msPerTick);
}

function cancelAlarm(): void {
  if (!TIMERS) return;
  if (alarmArmed) {
    alarmArmed = false;
    clearTimeout(alarmId);
  }
}

function pinWrite(pin: number, level: number): void {
  if (!PINS) return;
  const p = pinOf[pin];
  if (p !== undefined) digitalWrite(p, level);
}

function pinRead(pin: number): number {
  if (!PINS) return 0;
  const p = pinOf[pin];
  return p !== undefined ? digitalRead(p) : 0;
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

function onWatch(slot: number, e: WatchEvent): void {
  if (IRQS) raiseIrq(slotIrq[slot], (e.time * SECOND) | 0);
  slice();
}
/**
 * Per watch slot: its callback, `onWatch` bound to the slot, made at boot
 * for the slots the app's IRQs take (each a function object on Espruino:
 * an app with one IRQ pays for one).
 */
let slotFn: ((e: WatchEvent) => void)[] = [];

function startWatch(s: number): void {
  const p = slotPin[s];
  if (p !== undefined) slotWatch[s] = setWatch(slotFn[s], p, slotOptions[s]) as unknown as number;
}

function stopWatch(s: number): void {
  if (slotWatch[s] >= 0) clearWatch(slotWatch[s]);
  slotWatch[s] = -1;
}

/** The timer of `softEdge`: raises the software edges no slice has raised yet, and runs a slice. */
function fireSoftEdges(): void {
  slice();
}

function softEdge(irq: number, count: number): void {
  if (!(irq >= 0 && irq < softCount.length) || !(count > 0)) return;
  if (softCount[irq] === 0) softStamp[irq] = micros();
  softCount[irq] = softCount[irq] + count;
  if (!softPending) {
    softPending = true;
    setTimeout(fireSoftEdges, 0);
  }
}

function loopWired(): boolean {
  return wired;
}

function memoryUsed(): number {
  return process.memory().usage;
}

function quitIfAble(): void {
  if (board !== undefined && board.canQuit && typeof quit === "function") quit();
}

/** Ends the probe: hands the pin back to the IRQ watches, signals the app. */
function probeDone(): void {
  if (probeWatch >= 0) {
    clearWatch(probeWatch);
    probeWatch = -1;
    for (let s = 0; s < slots; s++) if (slotPin[s] === loopIn) startWatch(s);
  }
  if (NOTIFICATIONS) signalFromHost(probeNtfn, probeBits);
  slice();
}

/** A software probe edge: `stamp` 1 stamps it and asks for the callback; 0 is that callback. */
function probeSoft(stamp: number): void {
  if (stamp === 1) {
    probeStamp = micros();
    setTimeout(probeSoft, 0, 0);
    return;
  }
  probeBuf[probeK] = (micros() - probeStamp) | 0;
  probeK++;
  if (probeK < probeN) setTimeout(probeSoft, 2, 1);
  else probeDone();
}

function probePinWatch(e: WatchEvent): void {
  if (probeK >= probeN) return;
  probeBuf[probeK] = (micros() - ((e.time * SECOND) | 0)) | 0;
  probeK++;
  if (probeK >= probeN) probeDone();
}

function probeToggle(): void {
  if (probeK >= probeN || loopOut === undefined) return;
  probeLevel = 1 - probeLevel;
  digitalWrite(loopOut, probeLevel);
  setTimeout(probeToggle, 3);
}

function rawProbe(samples: number[], n: number, ntfn: number, bits: number): number {
  probeBuf = samples;
  probeN = n;
  probeK = 0;
  probeNtfn = ntfn;
  probeBits = bits;
  if (wired && loopIn !== undefined) {
    for (let s = 0; s < slots; s++) if (slotPin[s] === loopIn) stopWatch(s);
    probeWatch = setWatch(probePinWatch, loopIn, { edge: "both", repeat: true, debounce: 0 }) as unknown as number;
    setTimeout(probeToggle, 3);
    return 1;
  }
  setTimeout(probeSoft, 2, 1);
  return 0;
}

/** The level app pin `pin` reads when active: 0 for a pin the board marks active low, else 1. */
function activeLevel(pin: number): number {
  return pin >= 0 && pin < pinActive.length ? pinActive[pin] : 1;
}

/** The services apps reach through `drivers/platform.ts` on this host. */
export const espruinoPlatform = {
  log: log,
  micros: micros,
  memoryUsed: memoryUsed,
  quit: quitIfAble,
  softEdge: softEdge,
  activeLevel: activeLevel,
  loopWired: loopWired,
  rawProbe: rawProbe,
};

/** The firmware pin for logical pin `name` on the board, or undefined. */
function resolvePin(b: HostBoard, name: string): Pin | undefined {
  const fw = b.pins[name];
  if (fw === undefined) return undefined;
  return Pin(fw);
}

/** Checks whether a wire joins LOOP_OUT to LOOP_IN: LOOP_IN must follow LOOP_OUT both ways. */
function checkLoop(b: HostBoard): void {
  loopOut = resolvePin(b, "LOOP_OUT");
  loopIn = resolvePin(b, "LOOP_IN");
  wired = false;
  if (loopOut === undefined || loopIn === undefined) return;
  pinMode(loopIn, "input_pulldown", false);
  digitalWrite(loopOut, 1);
  const high = digitalRead(loopIn);
  digitalWrite(loopOut, 0);
  const low = digitalRead(loopIn);
  wired = high === 1 && low === 0;
}

/** Resolves the app's pins (before boot: drivers write pins in their `init`). */
function resolvePins(a: AppDesc, b: HostBoard): void {
  const names = a.pins !== undefined ? a.pins : [];
  pinOf = [];
  pinActive = [];
  for (let i = 0; i < names.length; i++) {
    const p = resolvePin(b, names[i]);
    if (p === undefined) log("baton: pin " + names[i] + " is not on " + b.title + ": writes do nothing, reads give 0");
    pinOf.push(p);
    pinActive.push(b.activeLow.indexOf(names[i]) >= 0 ? 0 : 1);
  }
}

/** Starts a watch for every IRQ with a pin (after boot: the callbacks raise IRQs). */
function startWatches(a: AppDesc, b: HostBoard): void {
  const names = a.pins !== undefined ? a.pins : [];
  const irqs = a.irqs !== undefined ? a.irqs : [];
  slotPin = [];
  slotOptions = [];
  slotFn = [];
  slots = 0;
  for (let i = 0; i < irqs.length; i++) {
    const q = irqs[i];
    if (q.pin === undefined) continue;
    const id = names.indexOf(q.pin);
    const p = id >= 0 ? pinOf[id] : undefined;
    if (p === undefined) {
      log("baton: irq " + q.name + " has no pin on " + b.title + ": only software edges reach it");
      continue;
    }
    if (slots >= SLOTS || slots >= b.watches) {
      log("baton: irq " + q.name + ": no pin watch left on " + b.title + " (" + b.watches + " at most)");
      continue;
    }
    const edge = q.edge === "rising" || q.edge === "falling" ? q.edge : "both";
    slotIrq[slots] = i;
    slotWatch[slots] = -1;
    slotPin.push(p);
    slotOptions.push({ edge: edge, repeat: true, debounce: q.debounceMs !== undefined ? q.debounceMs : 0 });
    slotFn.push(onWatch.bind(undefined, slots));
    startWatch(slots);
    slots++;
  }
}

/**
 * Boots `theApp` on `theBoard`: validates it against the board's limits,
 * sets up pins and watches, and runs the first slice from the event loop.
 * Returns false (after logging why) when the app does not boot.
 */
export function startEspruino(theApp: AppDesc, theBoard: HostBoard): boolean {
  board = theBoard;
  const settings = theApp.board;
  const tickUs = settings !== undefined && settings.tickUs !== undefined ? settings.tickUs : theBoard.tickUs;
  sliceSteps = settings !== undefined && settings.sliceSteps !== undefined ? settings.sliceSteps : theBoard.sliceSteps;
  ticksPerSecond = SECOND / tickUs;
  msPerTick = tickUs / 1000;
  t0 = getTime();
  const irqCount = theApp.irqs !== undefined ? theApp.irqs.length : 0;
  if (IRQS) {
    softCount = new Int32Array(irqCount > 0 ? irqCount : 1);
    softStamp = new Int32Array(irqCount > 0 ? irqCount : 1);
  }
  wired = false;
  if (PINS && theApp.pins !== undefined && theApp.pins.indexOf("LOOP_IN") >= 0) checkLoop(theBoard);
  if (PINS) resolvePins(theApp, theBoard);
  try {
    boot(theApp, HOST, { limits: theBoard.limits });
  } catch (e) {
    log("baton: " + (e as Error).message);
    return false;
  }
  urgent = urgentPriority();
  if (IRQS && PINS) startWatches(theApp, theBoard);
  log("baton: '" + theApp.name + "' booted on " + theBoard.title + " (" + (wired ? "loopback wired" : "software edges") + ")");
  sliceTimer = setInterval(slice, SLICE_MS);
  return true;
}
