/**
 * Load profiles for latency benchmarks, and the edge source that gives an
 * app's IRQs traffic.
 *
 * `withLoad(app, load, options)` returns a copy of an app description with
 * the load's tasks, endpoints and IRQs appended (the app's own objects keep
 * their ids, so its code, which looks ids up by name at load time, still
 * works), and `drive(sim, until)` schedules the load's and the edge source's
 * events on a simulator booted with that copy. The app's task descriptions
 * are shared with the original (their state objects too): each boot resets
 * a task's state through its `init`.
 *
 * Loads (all less important than every IRQ handler of the app, so that they
 * delay a handler only the way a step kernel must: a step runs to its end,
 * and edges wait for the slice to end):
 *
 * - `idle`: the app alone.
 * - `long-step`: a `crunch` task at the least important priority that yields
 *   forever, each step costing `longStepFactor` x the profile's base step
 *   (default 50: 2.1 ms on espruino-linux): a long computation cut in steps.
 * - `irq-flood`: `floodIrqs` (default 4) more IRQs with no pin, delivered to
 *   one `flood` task's endpoint; it acknowledges each and receives again.
 *   Their priority (as senders, and the task's) is one less important than
 *   the app's least important IRQ handler. Edges come at random (seeded)
 *   intervals, so that handling them would take about `floodShare`
 *   (default 0.3) of the host's time: a mean gap per IRQ of
 *   floodIrqs x (dispatch + 2 steps + recv + irqAck) / floodShare.
 * - `ipc-heavy`: an `ipcsrv` / `ipccli` pair at the two least important
 *   priorities doing call + replyRecv round trips forever.
 *
 * The edge source: every app IRQ gets edges at `rate` per second (default
 * 100), each gap drawn (seeded) uniformly from 0.5 to 1.5 times the mean, so
 * edges land at every point of a slice. An IRQ with a pin gets them as level
 * flips of that pin (an IRQ watching one edge only sees every other flip);
 * an IRQ without one gets them raised directly. `rate` 0 turns it off; the
 * app's own scripted inputs play either way.
 */
import { AppDesc, IrqDesc, Kind, PRIORITIES, Sys, Task, TaskDesc, endpointId, sys } from "../kernel/index";
import { EventSource, handlerOf, inputSource } from "./bound";
import { CostProfile } from "./profiles";
import { Rand, Sim } from "./sim";

export const LOAD_NAMES = ["idle", "long-step", "irq-flood", "ipc-heavy"];

export interface LoadOptions {
  /** Edges per second on each of the app's IRQs (default 100; 0: none but the app's own inputs). */
  rate?: number;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** long-step: a step of the crunch task costs this many base steps (default 50). */
  longStepFactor?: number;
  /** irq-flood: how many IRQs (default 4) and the share of host time handling them would take (default 0.3). */
  floodIrqs?: number;
  floodShare?: number;
}

export interface LoadedApp {
  app: AppDesc;
  load: string;
  /** How many of `app.irqs` are the app's own (the rest are the load's). */
  appIrqs: number;
  /** Every source of host events the run will have (scripted inputs, the edge source, the load). */
  sources: EventSource[];
  /** Schedules the edge source and the load's edges on `sim` (booted with `app`) up to `until` µs. */
  drive: (this: void, sim: Sim, until: number) => void;
}

interface Spin {
  n: number;
}

/** A load task that uses an endpoint: its name, and its id (looked up at boot). */
interface Served {
  n: number;
  epName: string;
  ep: number;
}

function crunchStep(_t: Task<Spin>): void {
  return sys.yield();
}

function floodStep(t: Task<Served>): void {
  if (t.kind === Kind.IRQ) return sys.irqAck(t.sender);
  return sys.recv(t.state.ep);
}

function ipcServerStep(t: Task<Served>): void {
  if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, t.label, (t.w1 + 1) | 0, 0, 0, t.state.ep);
  return sys.recv(t.state.ep);
}

function ipcClientStep(t: Task<Served>): void {
  if (t.kind === Kind.REPLY) t.state.n = t.w1;
  return sys.call(t.state.ep, 1, t.state.n, 0, 0);
}

function resetSpin(t: Task<Spin>): void {
  t.state.n = 0;
}

function resetServed(t: Task<Served>): void {
  t.state.n = 0;
  t.state.ep = endpointId(t.state.epName);
}

function copyList<T>(list: T[] | undefined): T[] {
  const out: T[] = [];
  if (list !== undefined) for (let i = 0; i < list.length; i++) out.push(list[i]);
  return out;
}

/** `name`, or `name` with underscores added until no task, endpoint or IRQ has it. */
function freeName(app: AppDesc, name: string): string {
  let n = name;
  for (;;) {
    let taken = false;
    for (let i = 0; i < app.tasks.length; i++) if (app.tasks[i].name === n) taken = true;
    const eps = app.endpoints || [];
    for (let i = 0; i < eps.length; i++) if (eps[i].name === n) taken = true;
    const irqs = app.irqs || [];
    for (let i = 0; i < irqs.length; i++) if (irqs[i].name === n) taken = true;
    if (!taken) return n;
    n = n + "_";
  }
}

/** The least important priority of the app's IRQ handlers (0 when it has none). */
function handlersFloor(app: AppDesc): number {
  let p = 0;
  const irqs = app.irqs || [];
  for (let i = 0; i < irqs.length; i++) {
    const h = handlerOf(app, i);
    if (h >= 0 && app.tasks[h].priority > p) p = app.tasks[h].priority;
  }
  return p;
}

/**
 * The edge rate (per second, per IRQ) benchmarks use unless told: 100, or
 * less on a slow profile, so that handling one IRQ's edges (a dispatch and
 * two steps: receive, acknowledge) takes at most 5% of the host's time.
 */
export function defaultRate(profile: CostProfile): number {
  const perEdge = profile.dispatchUs + 2 * profile.stepUs + profile.sysUs[Sys.RECV] + profile.sysUs[Sys.IRQ_ACK];
  return Math.min(100, Math.floor((50000 / Math.max(1, perEdge)) * 100) / 100);
}

/** Mean gap (µs) between one flood IRQ's edges (see the module comment). */
export function floodGapUs(profile: CostProfile, irqs: number, share: number): number {
  const perEdge = profile.dispatchUs + 2 * profile.stepUs + profile.sysUs[Sys.RECV] + profile.sysUs[Sys.IRQ_ACK];
  return Math.max(2, Math.round((irqs * perEdge) / share));
}

/** Schedules edges for IRQ `irq` of `app` from `from` to `until`, `mean` µs apart on average (0.5 to 1.5 times). */
function scheduleEdges(sim: Sim, app: AppDesc, irq: number, mean: number, from: number, until: number, r: Rand): void {
  const q = (app.irqs || [])[irq];
  const pin = q.pin !== undefined ? sim.pin(q.pin) : -1;
  const half = Math.floor(mean / 2);
  let t = from;
  let level = 0;
  for (;;) {
    t += half + r.below(2 * half + 1);
    if (t >= until) return;
    if (pin >= 0) {
      level = 1 - level;
      sim.level(pin, level, t);
    } else {
      sim.edge(irq, t);
    }
  }
}

/**
 * `app` with load `load` added (see the module comment). Throws on an
 * unknown load name, listing the loads.
 */
export function withLoad(app: AppDesc, load: string, profile: CostProfile, options?: LoadOptions): LoadedApp {
  if (LOAD_NAMES.indexOf(load) < 0) throw new Error("unknown load '" + load + "'; loads: " + LOAD_NAMES.join(", "));
  const o: LoadOptions = options !== undefined ? options : {};
  const rate = o.rate !== undefined ? o.rate : 100;
  const seed = o.seed !== undefined ? o.seed : 1;
  const tasks: TaskDesc[] = copyList(app.tasks);
  const endpoints = copyList(app.endpoints);
  const irqs: IrqDesc[] = copyList(app.irqs);
  const appIrqs = irqs.length;
  const copy: AppDesc = {
    name: app.name,
    tasks: tasks,
    pins: app.pins,
    inputs: app.inputs,
    endpoints: endpoints,
    notifications: app.notifications,
    irqs: irqs,
    board: app.board,
    faults: app.faults,
    downhill: app.downhill,
  };
  const sources: EventSource[] = [];
  const inputs = app.inputs || [];
  for (let i = 0; i < inputs.length; i++) sources.push(inputSource(inputs[i], "input " + i + " (" + inputs[i].pin + ")"));
  const edgeMean = rate > 0 ? Math.max(2, Math.round(1000000 / rate)) : 0;
  if (edgeMean > 0) {
    for (let i = 0; i < appIrqs; i++) sources.push({ name: "edges on " + irqs[i].name, gapUs: Math.floor(edgeMean / 2), count: -1 });
  }
  const least = PRIORITIES - 1;
  let floodMean = 0;
  let floodCount = 0;
  if (load === "long-step") {
    const factor = o.longStepFactor !== undefined ? o.longStepFactor : 50;
    tasks.push({ name: freeName(copy, "crunch"), priority: least, step: crunchStep, state: { n: 0 }, init: resetSpin, stepUs: Math.round(profile.stepUs * (factor - 1)) });
  } else if (load === "irq-flood") {
    floodCount = o.floodIrqs !== undefined ? o.floodIrqs : 4;
    const share = o.floodShare !== undefined ? o.floodShare : 0.3;
    floodMean = floodGapUs(profile, floodCount, share);
    const p = Math.min(least, handlersFloor(app) + 1);
    const taskName = freeName(copy, "flood");
    const epName = freeName(copy, "flood");
    tasks.push({ name: taskName, priority: p, step: floodStep, state: { n: 0, epName: epName, ep: -1 }, init: resetServed });
    endpoints.push({ name: epName, owner: taskName });
    for (let k = 0; k < floodCount; k++) {
      irqs.push({ name: freeName(copy, "flood" + k), endpoint: epName, priority: p });
      sources.push({ name: "flood" + k, gapUs: Math.floor(floodMean / 2), count: -1 });
    }
  } else if (load === "ipc-heavy") {
    const srv = freeName(copy, "ipcsrv");
    const ep = freeName(copy, "ipc");
    tasks.push({ name: srv, priority: least - 1, step: ipcServerStep, state: { n: 0, epName: ep, ep: -1 }, init: resetServed });
    tasks.push({ name: freeName(copy, "ipccli"), priority: least, step: ipcClientStep, state: { n: 0, epName: ep, ep: -1 }, init: resetServed, rights: { call: [ep] } });
    endpoints.push({ name: ep, owner: srv });
  }
  return {
    app: copy,
    load: load,
    appIrqs: appIrqs,
    sources: sources,
    drive: (sim: Sim, until: number) => {
      const r = new Rand(seed);
      if (edgeMean > 0) for (let i = 0; i < appIrqs; i++) scheduleEdges(sim, copy, i, edgeMean, 0, until, r);
      for (let k = 0; k < floodCount; k++) scheduleEdges(sim, copy, appIrqs + k, floodMean, 0, until, r);
    },
  };
}
