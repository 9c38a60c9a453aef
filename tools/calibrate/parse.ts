/**
 * Calibration: a cost profile from measurements made on a real interpreter.
 *
 * Three kinds of input are read (any mix, in one text):
 *
 * 1. The cost probe's lines (apps/costs/probe.ts): `baton-costs step <syscall> <µs> <count>`,
 *    `baton-costs loop <µs>`, `baton-costs raise <µs>`, ... (`baton-costs` may
 *    follow an interpreter's prompt on the same line).
 * 2. The latency app's report (apps/latency/app.ts):
 *
 *        latency: 200 edges per run, pin edges through the LOOP_OUT -> LOOP_IN wire
 *        kernel, idle (edge -> handler step): 200 edges
 *          min 61 us, median 70 us, p99 95 us, max 120 us
 *        kernel, busy task running (edge -> handler step): 200 edges
 *          min ..., median ..., p99 ..., max ...
 *        raw host callback (edge -> callback): 200 edges
 *          min ..., median ..., p99 ..., max ...
 *
 *    ("software edges" instead of the wire when the board has none).
 * 3. An IPC benchmark's round-trip figure: a line `call+replyRecv round
 *    trips/s : 12,345` (tools/bench.ts's wording), a line `round trip <µs> us`,
 *    or JSON with `kernelRoundTripsPerSec` or `usPerRoundTrip`.
 *
 * Plain string handling, no regular expressions: the specs that read these
 * formats run under Lua too.
 *
 * What each sets, on top of a base profile:
 *
 * - the probe sets the whole step table: `stepUs` is the cheapest step (one
 *   that yields), each syscall's cost is its step's mean less that; `sliceUs`
 *   is the loop turn; the kernel's part of `dispatchUs` is `raise`;
 * - the latency app, with pin edges: `dispatchUs` is the idle kernel path's
 *   median (an edge on an idle board costs exactly one dispatch in the
 *   simulator, from the edge to the handler's step); with software edges:
 *   `sliceUs` is the raw timer callback's median (a software edge waits for
 *   one loop turn), and `dispatchUs` keeps the base's host part plus the
 *   probe's `raise` when there is one;
 * - a round trip alone (no probe) scales the base's step and syscall costs
 *   so that 2 x stepUs + call + replyRecv equals it.
 *
 * All figures are rounded to whole µs.
 */
import { CostProfile, ESPRUINO_LINUX, LINUX_RAW_DISPATCH_US, SYS_KEYS } from "../../sim/profiles";

export interface LatencyFigures {
  count: number;
  min: number;
  median: number;
  p99: number;
  max: number;
}

export interface CalibrationInput {
  /** Probe: mean µs per step, by syscall name; and loop, raise, expire, roundtrip, clock (µs), runtime. */
  steps: { [sys: string]: number };
  probe: { [k: string]: number };
  runtime: string;
  /** Latency app: whether edges came through a wire, and each path's figures. */
  wired: boolean | undefined;
  kernelIdle: LatencyFigures | undefined;
  kernelBusy: LatencyFigures | undefined;
  raw: LatencyFigures | undefined;
  /** µs per call + replyRecv round trip from an IPC benchmark, or -1. */
  roundTripUs: number;
}

/** The number right after `key` in `line` (skipping spaces), or NaN. */
function numberAfter(line: string, key: string): number {
  const i = line.indexOf(key);
  if (i < 0) return NaN;
  let j = i + key.length;
  while (j < line.length && line.charAt(j) === " ") j++;
  let k = j;
  while (k < line.length && "-0123456789.,".indexOf(line.charAt(k)) >= 0) k++;
  if (k === j) return NaN;
  return Number(line.slice(j, k).split(",").join(""));
}

/** "min A us, median B us, p99 C us, max D us", or undefined. */
function parseFigures(line: string, count: number): LatencyFigures | undefined {
  if (line.indexOf("min ") !== 0 || line.indexOf("median ") < 0) return undefined;
  const f: LatencyFigures = { count: count, min: numberAfter(line, "min "), median: numberAfter(line, "median "), p99: numberAfter(line, "p99 "), max: numberAfter(line, "max ") };
  return isNaN(f.min) || isNaN(f.median) || isNaN(f.p99) || isNaN(f.max) ? undefined : f;
}

/** `raw` without an interpreter's prompt and terminal codes in front (Espruino: ">" and ESC [ J), trimmed. */
function clean(raw: string): string {
  let i = 0;
  for (;;) {
    const ch = raw.charAt(i);
    if (ch === " " || ch === "\t" || ch === ">" || ch === "\r") {
      i++;
    } else if (ch === "\u001b" && raw.charAt(i + 1) === "[") {
      i += 2;
      while (i < raw.length && "0123456789;".indexOf(raw.charAt(i)) >= 0) i++;
      i++;
    } else {
      break;
    }
  }
  return raw.slice(i).trim();
}

/** The words of `s`, split at runs of spaces. */
function words(s: string): string[] {
  const out: string[] = [];
  const parts = s.split(" ");
  for (let i = 0; i < parts.length; i++) if (parts[i] !== "") out.push(parts[i]);
  return out;
}

/** Reads every measurement it recognises in `text` (see the module comment). */
export function parseCalibration(text: string): CalibrationInput {
  const out: CalibrationInput = { steps: {}, probe: {}, runtime: "", wired: undefined, kernelIdle: undefined, kernelBusy: undefined, raw: undefined, roundTripUs: -1 };
  const trimmed = text.trim();
  if (trimmed.indexOf("{") === 0 && typeof JSON !== "undefined") {
    try {
      const j = JSON.parse(trimmed) as { [k: string]: unknown };
      if (typeof j.usPerRoundTrip === "number") out.roundTripUs = j.usPerRoundTrip;
      else if (typeof j.kernelRoundTripsPerSec === "number" && j.kernelRoundTripsPerSec > 0) out.roundTripUs = 1e6 / j.kernelRoundTripsPerSec;
    } catch (e) {
      // Not JSON after all: read it as text.
    }
  }
  const lines = text.split("\n");
  let section = "";
  let count = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = clean(lines[n]);
    const c = line.indexOf("baton-costs ");
    if (c >= 0) {
      const f = words(line.slice(c + 12));
      if (f[0] === "step" && f.length >= 3) out.steps[f[1]] = Number(f[2]);
      else if (f[0] === "runtime") out.runtime = f.slice(1).join(" ");
      else if (f.length >= 2 && !isNaN(Number(f[1]))) out.probe[f[0]] = Number(f[1]);
      continue;
    }
    if (line.indexOf("latency: ") === 0 && line.indexOf("edges per run") > 0) {
      out.wired = line.indexOf("wire") >= 0 && line.indexOf("software") < 0;
      continue;
    }
    const colon = line.indexOf("):");
    const isHead = colon > 0 && line.indexOf(" edges", colon) > 0;
    if (isHead && (line.indexOf("kernel, idle") === 0 || line.indexOf("kernel, busy") === 0 || line.indexOf("raw host callback") === 0)) {
      section = line.indexOf("kernel, idle") === 0 ? "idle" : line.indexOf("kernel, busy") === 0 ? "busy" : "raw";
      count = numberAfter(line, "):");
      continue;
    }
    const fig = parseFigures(line, count);
    if (fig !== undefined && section !== "") {
      if (section === "idle") out.kernelIdle = fig;
      else if (section === "busy") out.kernelBusy = fig;
      else out.raw = fig;
      section = "";
      continue;
    }
    if (line.indexOf("replyRecv round trips/s") >= 0) {
      const perSec = numberAfter(line, ":");
      if (perSec > 0) out.roundTripUs = 1e6 / perSec;
      continue;
    }
    if (line.indexOf("round trip ") === 0 && out.roundTripUs < 0) {
      const us = numberAfter(line, "round trip ");
      if (us > 0) out.roundTripUs = us;
    }
  }
  return out;
}

/** The median of each probe figure over several runs' inputs (for `--runs`). */
export function medianInput(runs: CalibrationInput[]): CalibrationInput {
  const med = (xs: number[]): number => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
  };
  const out = runs[0];
  for (const key of Object.keys(out.steps)) out.steps[key] = med(runs.map((r) => r.steps[key]).filter((x) => x !== undefined));
  for (const key of Object.keys(out.probe)) out.probe[key] = med(runs.map((r) => r.probe[key]).filter((x) => x !== undefined));
  return out;
}

export interface Calibration {
  profile: CostProfile;
  /** One line per figure set: what it was, what it is, where from. */
  notes: string[];
}

/** `base` with the figures `input` measures (see the module comment), named `name`. */
export function calibrate(base: CostProfile, input: CalibrationInput, name: string, inputName: string): Calibration {
  const p: CostProfile = { name: name, source: "", stepUs: base.stepUs, sysUs: base.sysUs.slice(), sliceUs: base.sliceUs, dispatchUs: base.dispatchUs };
  const notes: string[] = [];
  const used: string[] = [];
  const set = (what: string, before: number, after: number, from: string): number => {
    const v = Math.max(0, Math.round(after));
    notes.push(what + ": " + before + " -> " + v + " us (" + from + ")");
    return v;
  };
  const yieldUs = input.steps["yield"];
  if (yieldUs !== undefined) {
    used.push("cost probe" + (input.runtime !== "" ? " on " + input.runtime : ""));
    p.stepUs = set("stepUs", base.stepUs, yieldUs, "probe: a step that yields");
    for (let i = 1; i < SYS_KEYS.length; i++) {
      const m = input.steps[SYS_KEYS[i]];
      if (m !== undefined) p.sysUs[i] = set("sysUs." + SYS_KEYS[i], base.sysUs[i], m - yieldUs, "probe: its step less a yielding step");
    }
    const recv = input.steps["recv"];
    for (const k of ["restart", "faultInfo"]) {
      const i = SYS_KEYS.indexOf(k);
      if (input.steps[k] === undefined && recv !== undefined) p.sysUs[i] = set("sysUs." + k, base.sysUs[i], recv - yieldUs, "not probed: taken as recv");
    }
    if (input.probe["loop"] !== undefined) p.sliceUs = set("sliceUs", base.sliceUs, input.probe["loop"], "probe: a setTimeout(.., 0) round trip");
  } else if (input.roundTripUs > 0) {
    used.push("IPC round trip " + Math.round(input.roundTripUs * 10) / 10 + " us");
    const baseRt = 2 * base.stepUs + base.sysUs[4] + base.sysUs[6];
    const f = input.roundTripUs / baseRt;
    p.stepUs = set("stepUs", base.stepUs, base.stepUs * f, "scaled x" + Math.round(f * 100) / 100 + " to the round trip");
    for (let i = 0; i < p.sysUs.length; i++) p.sysUs[i] = Math.round(base.sysUs[i] * f);
    notes.push("sysUs: every syscall scaled x" + Math.round(f * 100) / 100);
  }
  const raise = input.probe["raise"];
  if (input.kernelIdle !== undefined && input.wired === true) {
    used.push("latency app (pin edges)");
    p.dispatchUs = set("dispatchUs", base.dispatchUs, input.kernelIdle.median, "latency app: idle kernel path median, edge to handler step");
  } else if (input.raw !== undefined && input.wired === false) {
    used.push("latency app (software edges)");
    p.sliceUs = set("sliceUs", base.sliceUs, input.raw.median, "latency app: raw timer callback median (one loop turn)");
    if (raise !== undefined) p.dispatchUs = set("dispatchUs", base.dispatchUs, hostDispatch(base) + raise, "the base's host part (" + hostDispatch(base) + " us) + probe: raiseIrq");
  } else if (raise !== undefined) {
    p.dispatchUs = set("dispatchUs", base.dispatchUs, hostDispatch(base) + raise, "the base's host part (" + hostDispatch(base) + " us) + probe: raiseIrq");
  }
  if (input.kernelIdle !== undefined) notes.push("measured kernel path, idle: min " + input.kernelIdle.min + ", median " + input.kernelIdle.median + ", p99 " + input.kernelIdle.p99 + ", max " + input.kernelIdle.max + " us");
  if (input.kernelBusy !== undefined) notes.push("measured kernel path, busy: min " + input.kernelBusy.min + ", median " + input.kernelBusy.median + ", p99 " + input.kernelBusy.p99 + ", max " + input.kernelBusy.max + " us");
  if (input.raw !== undefined) notes.push("measured raw host callback: min " + input.raw.min + ", median " + input.raw.median + ", p99 " + input.raw.p99 + ", max " + input.raw.max + " us");
  p.source = "calibrated from " + inputName + " (" + (used.length > 0 ? used.join("; ") : "nothing recognised") + ") on top of " + base.name;
  return { profile: p, notes: notes };
}

/** The host's own part of a profile's dispatch (without the kernel's `raiseIrq`): the share it has in espruino-linux's. */
function hostDispatch(base: CostProfile): number {
  return Math.max(1, Math.round((base.dispatchUs * LINUX_RAW_DISPATCH_US) / ESPRUINO_LINUX.dispatchUs));
}
