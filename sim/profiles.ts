/**
 * Cost-model profiles: how much virtual time each kernel operation and each
 * task step takes on a board, so that simulated latencies mean something and
 * are the same on every run.
 *
 * A step costs `stepUs` + the task's own `stepUs` + `sysUs[its syscall]`;
 * every slice ends with a host loop turn (`sliceUs`); every host event (an
 * edge, the alarm, a callback) costs `dispatchUs` before the kernel sees
 * it. All figures are whole µs, so that traces print the same under Node
 * and Lua.
 *
 * Where the figures come from:
 *
 * - `espruino-linux` is measured: the cost probe (apps/costs/probe.ts) run
 *   on Espruino 2v29's Linux build, x86-64, with
 *   `npm run calibrate -- --espruino /path/to/espruino --runs 3 --name espruino-linux`
 *   (median of three runs). Each step was timed alone around `run(1)`:
 *   the dispatcher, the step function and the syscall's work together. The
 *   cheapest step (one that yields) is `stepUs`; each syscall's figure is
 *   what its step costs beyond that. The loop turn is a measured
 *   `setTimeout(.., 0)` round trip. The dispatch is the raw `setWatch`
 *   dispatch of the target notes (15 µs; the Linux build has no pins to
 *   measure it on) plus the measured `raiseIrq`.
 * - The boards are derived from it, until `npm run calibrate` is run on
 *   them (see "Calibrating a profile" in README.md): interpreted work scales by a factor per
 *   board, and the loop turn keeps Espruino's 100 µs floor for a timer
 *   (`TIMER_MIN_INTERVAL` is 0.1 ms in src/jsinteractive.h, so a
 *   `setTimeout(.., 0)` never fires sooner), with only the rest scaled:
 *     sliceUs(board) = 100 + (sliceUs(linux) - 100) x factor.
 *   Factors: Pico (STM32F401, 84 MHz Cortex-M4) x100, from the target
 *   notes ("divide by about 100 for a Pico or nRF52": rates divide, costs
 *   multiply); nRF52832 (Puck.js, MDBT42Q; 64 MHz Cortex-M4F) x131, the
 *   Pico's factor times the clock ratio 84/64; ESP32 (240 MHz Xtensa LX6,
 *   code run from flash through its cache) x40, the Pico's factor over 2.5
 *   (the clock ratio 2.9, less the flash cache): an estimate. A cross-check
 *   from espruino.com/Performance (an older board, older firmware: a
 *   two-call pin-toggle loop at about 4 kHz) suggests a factor nearer 30
 *   for plain loops, so the board profiles lean towards the slow side:
 *   their latencies are upper estimates.
 */
import { Sys } from "../kernel/index";
import { SYSCALL_NAMES } from "../kernel/syscall-names";

export interface CostProfile {
  name: string;
  /** Where the numbers come from. */
  source: string;
  /** Base cost of one task step (the step function's call and its dispatch, with the cheapest syscall), µs. */
  stepUs: number;
  /** Cost of each syscall beyond the base step, indexed by `Sys`, µs. */
  sysUs: number[];
  /** One turn of the host's event loop, paid after every slice, µs. */
  sliceUs: number;
  /** The host's own dispatch of one event (pin edge, alarm) to the kernel, µs. */
  dispatchUs: number;
}

/** Syscall names in `Sys` order, as profile files spell them. */
/** Syscall names by number, "none" first (kernel/syscall-names.ts). */
export const SYS_KEYS = SYSCALL_NAMES;

/** A syscall cost table from figures in `SYS_KEYS` order (none, send, recv, ...). */
function sysTable(figures: number[]): number[] {
  const t: number[] = [];
  for (let i = 0; i < Sys.COUNT; i++) t.push(i < figures.length ? figures[i] : 0);
  return t;
}

/**
 * The simulator's default: round figures, fixed, so that specs keep their
 * timings when board profiles are recalibrated. They come from the target
 * notes' measurements of a kernel-shaped prototype on the Linux build
 * (function call 3.4 µs, a round trip about 10 calls, loop turn 110 µs,
 * `setWatch` dispatch 15 µs), not from this kernel: see `espruino-linux`.
 */
export const MODEL: CostProfile = {
  name: "model",
  source: "fixed round figures for specs (target notes: a kernel-shaped prototype on the Espruino Linux build); not a measurement of this kernel",
  stepUs: 4,
  sysUs: sysTable([8, 14, 12, 12, 16, 12, 20, 8, 8, 8, 8, 8, 8, 8, 8]),
  sliceUs: 110,
  dispatchUs: 15,
};

/** Measured figures of the Linux build (µs), in `SYS_KEYS` order; restart and faultInfo were not probed: taken as recv. */
const LINUX_SYS = [0, 109, 66, 76, 55, 84, 64, 48, 0, 61, 59, 18, 43, 66, 66];
const LINUX_STEP = 31;
const LINUX_LOOP = 108;
/** Raw `setWatch` dispatch on the Linux build (target notes; it has no pins to measure it on here). */
export const LINUX_RAW_DISPATCH_US = 15;
const LINUX_RAISE = 69;

/**
 * The Espruino interpreter's Linux build (2v29, -O2, x86-64): measured (see
 * the module comment).
 */
export const ESPRUINO_LINUX: CostProfile = {
  name: "espruino-linux",
  source:
    "measured: apps/costs/probe.ts on Espruino 2v29 Linux x86-64 (npm run calibrate -- --espruino PATH --runs 3), median of 3 runs; " +
    "dispatch = raw setWatch 15 us (target notes) + measured raiseIrq 69 us",
  stepUs: LINUX_STEP,
  sysUs: sysTable(LINUX_SYS),
  sliceUs: LINUX_LOOP,
  dispatchUs: LINUX_RAW_DISPATCH_US + LINUX_RAISE,
};

/** The Espruino timer floor: `setTimeout(.., 0)` waits at least 0.1 ms (src/jsinteractive.h). */
export const ESPRUINO_TIMER_FLOOR_US = 100;

/** `base` with interpreted work scaled by `factor` and the loop turn's timer floor kept (see the module comment). */
export function scaleProfile(base: CostProfile, factor: number, name: string, source: string): CostProfile {
  const sys: number[] = [];
  for (let i = 0; i < base.sysUs.length; i++) sys.push(Math.round(base.sysUs[i] * factor));
  const floor = Math.min(ESPRUINO_TIMER_FLOOR_US, base.sliceUs);
  return {
    name: name,
    source: source,
    stepUs: Math.round(base.stepUs * factor),
    sysUs: sys,
    sliceUs: floor + Math.round((base.sliceUs - floor) * factor),
    dispatchUs: Math.round(base.dispatchUs * factor),
  };
}

/** Espruino Pico (STM32F401, 84 MHz): the Linux figures x100. */
export const ESPRUINO_PICO = scaleProfile(
  ESPRUINO_LINUX, 100, "espruino-pico",
  "derived: espruino-linux x100 (target notes: a Pico runs interpreted code about 100x slower than the Linux build), loop turn 100 us timer floor + the rest x100; not yet calibrated on a board",
);

/** nRF52832 boards (Puck.js, MDBT42Q, Pixl.js; 64 MHz): the Pico's factor times 84/64. */
export const ESPRUINO_NRF52 = scaleProfile(
  ESPRUINO_LINUX, 131, "espruino-nrf52",
  "derived: espruino-linux x131 (the Pico's x100 times the clock ratio 84/64 MHz, same Cortex-M4 core), loop turn 100 us floor + the rest x131; not yet calibrated on a board",
);

/** ESP32 (Espruino's ESP32 port, 240 MHz): an estimate. */
export const ESPRUINO_ESP32 = scaleProfile(
  ESPRUINO_LINUX, 40, "espruino-esp32",
  "estimate: espruino-linux x40 (the Pico's x100 over 2.5: clock ratio 240/84 = 2.9, less for code run from flash through the cache), loop turn 100 us floor + the rest x40; not yet calibrated on a board",
);

export const PROFILES: CostProfile[] = [MODEL, ESPRUINO_LINUX, ESPRUINO_PICO, ESPRUINO_NRF52, ESPRUINO_ESP32];

export function findProfile(name: string): CostProfile | undefined {
  for (let i = 0; i < PROFILES.length; i++) if (PROFILES[i].name === name) return PROFILES[i];
  return undefined;
}

/** A whole number of µs, at least 0, or -1 when `x` is not a number. */
function micros(x: unknown): number {
  if (typeof x !== "number" || !(x >= 0) || x === Infinity) return -1;
  return Math.round(x);
}

/**
 * A profile from parsed JSON (a profile file: `{ name, source, stepUs, sysUs,
 * sliceUs, dispatchUs }`, `sysUs` either an array in `Sys` order or an
 * object keyed by `SYS_KEYS`; missing syscalls cost 0). Figures are rounded
 * to whole µs. Throws an Error naming what is wrong.
 */
export function profileFromJson(obj: unknown, fallbackName: string): CostProfile {
  if (typeof obj !== "object" || obj === null) throw new Error("a profile must be a JSON object");
  const o = obj as { [k: string]: unknown };
  const name = typeof o.name === "string" ? o.name : fallbackName;
  const source = typeof o.source === "string" ? o.source : "from a file";
  const stepUs = micros(o.stepUs);
  const sliceUs = micros(o.sliceUs);
  const dispatchUs = micros(o.dispatchUs);
  if (stepUs < 0 || sliceUs < 0 || dispatchUs < 0) throw new Error("profile '" + name + "' needs stepUs, sliceUs and dispatchUs: numbers of µs, at least 0");
  const sys: number[] = [];
  for (let i = 0; i < Sys.COUNT; i++) sys.push(0);
  const s = o.sysUs;
  if (Array.isArray(s)) {
    for (let i = 0; i < s.length && i < Sys.COUNT; i++) {
      const v = micros(s[i]);
      if (v < 0) throw new Error("profile '" + name + "': sysUs[" + i + "] is not a number of µs");
      sys[i] = v;
    }
  } else if (typeof s === "object" && s !== null) {
    const m = s as { [k: string]: unknown };
    const keys = Object.keys(m);
    for (let k = 0; k < keys.length; k++) {
      const i = SYS_KEYS.indexOf(keys[k]);
      if (i < 0) throw new Error("profile '" + name + "': sysUs names unknown syscall '" + keys[k] + "'; syscalls: " + SYS_KEYS.join(", "));
      const v = micros(m[keys[k]]);
      if (v < 0) throw new Error("profile '" + name + "': sysUs." + keys[k] + " is not a number of µs");
      sys[i] = v;
    }
  } else {
    throw new Error("profile '" + name + "' needs sysUs: an array in syscall order or an object keyed by syscall name");
  }
  return { name: name, source: source, stepUs: stepUs, sysUs: sys, sliceUs: sliceUs, dispatchUs: dispatchUs };
}

/** A profile as plain data for a profile file (`sysUs` keyed by syscall name). */
export function profileToJson(p: CostProfile): { [k: string]: unknown } {
  const sys: { [k: string]: number } = {};
  for (let i = 0; i < p.sysUs.length && i < SYS_KEYS.length; i++) sys[SYS_KEYS[i]] = p.sysUs[i];
  return { name: p.name, source: p.source, stepUs: p.stepUs, sysUs: sys, sliceUs: p.sliceUs, dispatchUs: p.dispatchUs };
}
