/** @noSelfInFile */
/**
 * Interrupt latency, measured on the device: from an edge's timestamp to
 * the start of the step of the task that handles it.
 *
 * - `handler` (priority 1) owns the `edges` endpoint, where the `edge` IRQ
 *   (pin LOOP_IN, both edges) is delivered; at the start of each step that
 *   brings an IRQ it takes `micros() - stamp` as one sample, then acks.
 * - `pulser` (priority 3) makes `EDGES` edges per run, 2 to 5 ticks apart
 *   (seeded, the same on every host): it toggles LOOP_OUT when the board has
 *   a wire from LOOP_OUT to LOOP_IN (a real pin edge, stamped by the pin
 *   interrupt), otherwise it asks the host for a software edge (stamped when
 *   asked, raised from the host loop).
 * - `busy` (priority 6) is the load of the second run: steps that compute
 *   and yield, so the kernel never goes idle and every edge comes during
 *   one of its steps. The host ends a slice after each of them (a task less
 *   important than the IRQ's handler), so an edge should wait for the rest
 *   of one busy step. Each busy step times its own computation.
 * - `reporter` (priority 4) runs the kernel path idle, then under load,
 *   then asks the host for the same number of raw host-callback latencies
 *   (a plain `setWatch` callback on the wired pin, or a plain timer callback
 *   for software edges), and prints min / median / p99 / max in µs and a
 *   text histogram (power-of-two buckets) for each; then the busy run's
 *   median and p99 over the idle run's, in µs and in busy steps (the mean
 *   time of a busy step's computation, as timed by the step).
 */
import { AppDesc, Kind, Task, pinId, pinWrite, sys } from "../../kernel/index";
import { platform } from "../../drivers/platform";

/** Edges per run. */
const EDGES = 200;
const EP_EDGES = 0;
const IRQ_EDGE = 0;
const N_REPORT = 0;
const N_PULSE = 1;
const N_LOAD = 2;
/** Bits of the reporter's notification. */
const RUN_DONE = 1;
const RAW_DONE = 2;

/** Samples of the run in progress (µs), and a sorted copy for the report. */
const SAMPLES: number[] = [];
const SORTED: number[] = [];
for (let i = 0; i < EDGES; i++) {
  SAMPLES.push(0);
  SORTED.push(0);
}
/** Samples taken so far in this run; whether the load runs, and its work. */
const TAKEN: number[] = [0];
const LOAD: number[] = [0, 1];
/** Busy steps so far and their computation's total time (µs). */
const BUSY: number[] = [0, 0];
/** Median and p99 of the idle run and of the busy run (µs), for the closing comparison. */
const RUNS: number[] = [0, 0, 0, 0];

interface Handler {
  irqs: number;
}

interface Pulser {
  fired: number;
  level: number;
  seed: number;
  pin: number;
}

interface Reporter {
  phase: number;
}

function handlerStep(t: Task<Handler>): void {
  if (t.kind === Kind.IRQ) {
    const lat = (platform.micros() - t.w2) | 0;
    const k = TAKEN[0];
    if (k < EDGES) {
      SAMPLES[k] = lat < 0 ? 0 : lat;
      TAKEN[0] = k + 1;
    }
    t.state.irqs++;
    return sys.irqAck(IRQ_EDGE);
  }
  return sys.recv(EP_EDGES);
}

/**
 * Park–Miller (x * 48271 mod 2^31 - 1) by Schrage's method: every
 * intermediate fits in 32 bits, so the same gaps on every host, a Lua with
 * 32-bit integers included (48271 * x would need 47 bits).
 */
function nextSeed(x: number): number {
  // 2147483647 = 48271 * 44488 + 3399
  const y = 48271 * (x % 44488) - 3399 * Math.floor(x / 44488);
  return y > 0 ? y : y + 2147483647;
}

/** Idle: every edge of the run fired, the last one settled and reported. */
const PULSER_IDLE = EDGES + 2;

function pulserInit(t: Task<Pulser>): void {
  const s = t.state;
  s.fired = PULSER_IDLE;
  s.level = 0;
  s.seed = 12345;
  s.pin = pinId("LOOP_OUT");
}

/** One edge per step, then a sleep of 2 to 5 ticks; after the run, a settling sleep and RUN_DONE to the reporter. */
function pulserStep(t: Task<Pulser>): void {
  const s = t.state;
  if (t.kind === Kind.NOTIFICATION && t.sender === N_PULSE) s.fired = 0;
  if (s.fired < EDGES) {
    if (platform.loopWired()) {
      s.level = 1 - s.level;
      pinWrite(s.pin, s.level);
    } else {
      platform.softEdge(IRQ_EDGE, 1);
    }
    s.fired++;
    s.seed = nextSeed(s.seed);
    return sys.sleep(2 + (s.seed % 4));
  }
  if (s.fired === EDGES) {
    s.fired++;
    return sys.sleep(10);
  }
  if (s.fired === EDGES + 1) {
    s.fired++;
    return sys.signal(N_REPORT, RUN_DONE);
  }
  return sys.wait(N_PULSE);
}

/** The load: a little arithmetic per step, then yield; waits while the load is off. */
function busyStep(_t: Task<Handler>): void {
  if (LOAD[0] === 0) return sys.wait(N_LOAD);
  const t0 = platform.micros();
  let x = LOAD[1];
  for (let i = 0; i < 20; i++) x = nextSeed(x);
  LOAD[1] = x;
  BUSY[0]++;
  BUSY[1] += (platform.micros() - t0) | 0;
  return sys.yield();
}

/** A time in busy steps of `step` µs, one decimal; "-" where a step takes no time on this clock (the simulator's, within a step). */
function inSteps(us: number, step: number): string {
  return step > 0 ? String(Math.round((10 * us) / step) / 10) : "-";
}

/** The busy run over the idle one: its median and p99 minus idle's, in µs and in busy steps (one decimal). */
function reportExcess(): void {
  if (BUSY[0] === 0) return;
  const step = BUSY[1] / BUSY[0];
  const dm = RUNS[2] - RUNS[0];
  const dp = RUNS[3] - RUNS[1];
  platform.log("busy over idle: median +" + dm + " us = " + inSteps(dm, step) + " busy steps, p99 +" + dp + " us = " + inSteps(dp, step) + " busy steps (a busy step computes for " + Math.round(step) + " us, mean of " + BUSY[0] + ")");
}

/** Sorts the first n samples into SORTED (insertion sort: n is small, and it runs after the measurement). */
function sortSamples(n: number): void {
  for (let i = 0; i < n; i++) {
    const v = SAMPLES[i];
    let j = i - 1;
    while (j >= 0 && SORTED[j] > v) {
      SORTED[j + 1] = SORTED[j];
      j--;
    }
    SORTED[j + 1] = v;
  }
}

/** The power-of-two bucket of v: 0 holds 0..1 µs, b holds 2^b .. 2^(b+1) - 1. */
function bucketOf(v: number): number {
  let b = 0;
  let x = v;
  while (x > 1) {
    x = Math.floor(x / 2);
    b++;
  }
  return b;
}

function padLeft(s: string, n: number): string {
  let out = s;
  while (out.length < n) out = " " + out;
  return out;
}

function bar(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out = out + "#";
  return out;
}

function countIn(n: number, b: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (bucketOf(SORTED[i]) === b) c++;
  return c;
}

/** Prints min / median / p99 / max and the histogram of the first n samples; keeps median and p99 in RUNS[at], RUNS[at + 1]. */
function report(title: string, n: number, at: number): void {
  platform.log(title + ": " + n + " edges");
  if (n === 0) return;
  sortSamples(n);
  const p99 = SORTED[Math.floor((99 * (n - 1)) / 100)];
  if (at >= 0) {
    RUNS[at] = SORTED[Math.floor(n / 2)];
    RUNS[at + 1] = p99;
  }
  platform.log("  min " + SORTED[0] + " us, median " + SORTED[Math.floor(n / 2)] + " us, p99 " + p99 + " us, max " + SORTED[n - 1] + " us");
  const lo = bucketOf(SORTED[0]);
  const hi = bucketOf(SORTED[n - 1]);
  let most = 1;
  for (let b = lo; b <= hi; b++) most = Math.max(most, countIn(n, b));
  for (let b = lo; b <= hi; b++) {
    const c = countIn(n, b);
    const from = b === 0 ? 0 : Math.pow(2, b);
    const to = Math.pow(2, b + 1) - 1;
    platform.log("  " + padLeft(from + "..", 9) + padLeft(String(to), 7) + " us |" + bar(Math.ceil((c * 40) / most)) + " " + c);
  }
}

const R_START = 0;
const R_IDLE_GO = 1;
const R_IDLE_WAIT = 2;
const R_LOAD_ON = 3;
const R_LOAD_GO = 4;
const R_LOAD_WAIT = 5;
const R_RAW_WAIT = 6;
const R_END = 7;
const R_DONE = 8;

function reporterInit(t: Task<Reporter>): void {
  t.state.phase = R_START;
}

function reporterStep(t: Task<Reporter>): void {
  const s = t.state;
  switch (s.phase) {
    case R_START:
      platform.log("latency: " + EDGES + " edges per run, " + (platform.loopWired() ? "pin edges through the LOOP_OUT -> LOOP_IN wire" : "software edges"));
      TAKEN[0] = 0;
      s.phase = R_IDLE_GO;
      return sys.signal(N_PULSE, 1);
    case R_IDLE_GO:
      s.phase = R_IDLE_WAIT;
      return sys.wait(N_REPORT);
    case R_IDLE_WAIT:
      report("kernel, idle (edge -> handler step)", TAKEN[0], 0);
      TAKEN[0] = 0;
      LOAD[0] = 1;
      s.phase = R_LOAD_ON;
      return sys.signal(N_LOAD, 1);
    case R_LOAD_ON:
      s.phase = R_LOAD_GO;
      return sys.signal(N_PULSE, 1);
    case R_LOAD_GO:
      s.phase = R_LOAD_WAIT;
      return sys.wait(N_REPORT);
    case R_LOAD_WAIT: {
      LOAD[0] = 0;
      report("kernel, busy task running (edge -> handler step)", TAKEN[0], 2);
      reportExcess();
      const way = platform.rawProbe(SAMPLES, EDGES, N_REPORT, RAW_DONE);
      if (way >= 0) {
        platform.log("raw host callback, no kernel (" + (way === 1 ? "setWatch on the wired pin" : "a timer callback per software edge") + "):");
        s.phase = R_RAW_WAIT;
        return sys.wait(N_REPORT);
      }
      platform.log("raw host callback: not available on this host");
      s.phase = R_END;
      return sys.yield();
    }
    case R_RAW_WAIT:
      report("raw host callback (edge -> callback)", EDGES, -1);
      s.phase = R_END;
      return sys.yield();
    case R_END:
      s.phase = R_DONE;
      platform.quit();
      return sys.wait(N_REPORT);
    default:
      return sys.wait(N_REPORT);
  }
}

export const latency: AppDesc = {
  name: "latency",
  tasks: [
    { name: "handler", priority: 1, step: handlerStep, state: { irqs: 0 } },
    { name: "pulser", priority: 3, step: pulserStep, init: pulserInit, state: { fired: 0, level: 0, seed: 0, pin: -1 }, rights: { signal: ["report"] } },
    { name: "reporter", priority: 4, step: reporterStep, init: reporterInit, state: { phase: 0 }, rights: { signal: ["pulse", "load"] } },
    { name: "busy", priority: 6, step: busyStep, state: { irqs: 0 } },
  ],
  endpoints: [{ name: "edges", owner: "handler" }],
  notifications: [
    { name: "report", owner: "reporter" },
    { name: "pulse", owner: "pulser" },
    { name: "load", owner: "busy" },
  ],
  irqs: [{ name: "edge", pin: "LOOP_IN", edge: "both", endpoint: "edges", priority: 0 }],
  pins: ["LOOP_OUT", "LOOP_IN"],
  board: { tickUs: 1000, sliceSteps: 16 },
};
