/**
 * Worst-case interrupt latency from the cost model and the app description.
 *
 * In the simulator (as on Espruino) the host takes edges only between
 * slices: after a slice it pays one loop turn (`sliceUs`), then dispatches
 * every host event due, each costing `dispatchUs` (time goes on while it
 * dispatches, so events arriving then join the same batch). A slice is at
 * most `sliceSteps` steps, and ends after the first step of a task picked
 * at a priority less important than `urgent`, the most important priority
 * an IRQ's handler runs at (`urgentPriority`). The latency of an edge is
 * measured from its time to the start of the handler's step that sees it.
 *
 * The worst case, for IRQ i handled by task h:
 *
 *   W  = R + sliceUs + D             an edge just after a step started waits for
 *                                    the rest of its slice, the loop turn and its batch
 *   R  = min(S x L, L + U)           the rest of the slice: one step (the longest
 *                                    step, L, of whichever task it is: the busy
 *                                    task's, under load), and the steps of the
 *                                    tasks that can run at `urgent` or above
 *                                    (U: the handlers' m steps, other tasks'
 *                                    one each), which do not end a slice; never
 *                                    more than a whole slice of the longest step
 *   D  = events(W) x dispatchUs      the batch: every host event that can arrive
 *                                    in a window of W (a fixed point: the batch
 *                                    makes the window longer)
 * + m x Lh                          the handler's own steps before the one that
 *                                    sees the edge: when the edge was counted while
 *                                    the IRQ was masked, h must still acknowledge
 *                                    the last delivery and receive again (m = 2)
 * + A                                the tasks that can run before h: every task
 *                                    that can be as important as the priority h
 *                                    runs at while the edge waits (its priority,
 *                                    or one donated to it by callers, senders or
 *                                    IRQs), one step each
 * + k x (sliceUs + D)                the loop turns and batches among those steps:
 *                                    none while they fit in one slice, so
 *                                    k = floor((m + ahead) / S), when h runs at
 *                                    `urgent`; when h runs at a less important
 *                                    priority, each of them can end a slice, so
 *                                    k = m + ahead
 *
 * where S = sliceSteps, L the dearest step of any task (the profile's base
 * step, the task's own `stepUs`, the dearest syscall), Lh that of h, and
 * events(W) counts, per source of host events, at most ceil(W / its shortest
 * gap) events (and no more than it makes), plus the alarms: at most
 * ceil(W / tickUs), and at most T + S + 1 (a deadline per task, one per step
 * of the slice, one stale alarm).
 *
 * The priority h runs at while the edge waits is the more important of its
 * own and the IRQ's: a delivered IRQ donates its priority to its handler
 * until `irqAck` (and a PENDING one queued on h's endpoint donates to h as a
 * queued sender), so from the delivery to the step that handles it, and
 * through the acknowledge-and-receive-again steps of a coalesced edge, h
 * runs at least at the IRQ's priority. A task more important than h but
 * less important than the IRQ does not run ahead of the handling step, and
 * is not counted in A.
 *
 * Assumptions (the bound does not hold without them): h blocks only in an
 * open receive (or wait) for its IRQ, and takes at most m steps between
 * seeing a delivery and receiving again; tasks that can be as important as
 * the priority h runs at run at most one step while the edge waits (true of handlers and servers;
 * a task that computes in a loop of yields at that priority has no bound);
 * host events come no faster than their sources' shortest gaps. When the
 * batch never ends (events arrive faster than they are dispatched) the
 * bound is Infinity.
 *
 * Before slices ended at a step below `urgent`, R was S x L: under a busy
 * low-priority task (apps/latency's long-step load on espruino-linux) a
 * whole slice of its steps, 16 x 2,240 µs.
 *
 * The first version of this bound counted (IRQs + 1) x dispatchUs for the
 * batch and nothing for the handler's own steps or for slices ending
 * between them: it held for one edge at a time on a waiting handler, but a
 * pin that bounces faster than a slice puts several events of one IRQ in a
 * batch, and an edge coalesced while the IRQ was masked waits for two more
 * handler steps (and, with small slices, more loop turns).
 */
import { AppDesc, PRIORITIES, SimInput } from "../kernel/index";
import { CostProfile } from "./profiles";

/** One source of host events: the shortest gap between two of its events (µs), and how many it makes at most (-1: no limit; gapUs -1: at most one per batch). */
export interface EventSource {
  name: string;
  gapUs: number;
  count: number;
}

export interface BoundOptions {
  /** Every source of host events. Default: the app's scripted inputs, and each IRQ at most once per batch. */
  sources?: EventSource[];
  /** Steps the handler takes from seeing a delivery to receiving again (default 2: `irqAck`, then `recv`). */
  handlerSteps?: number;
  /** Steps each task ahead of the handler may run while an edge waits (default 1). */
  aheadSteps?: number;
  /** Tick length (default: the app's board setting, else 1000 µs). */
  tickUs?: number;
}

export interface BoundParts {
  irq: string;
  handler: string;
  /** R: the rest of the slice the edge arrived in (at most S x L). */
  sliceUs: number;
  /** L: the longest step of any task, and the task that takes it (under a busy load, the busy task). */
  longestStepUs: number;
  longestTask: string;
  /** The steps in R of tasks that can run at `urgent` or above (they do not end a slice), and those tasks. */
  urgentStepsUs: number;
  urgentTasks: string[];
  /** S x L: a whole slice of the longest step (R's ceiling). */
  wholeSliceUs: number;
  /** One loop turn. */
  hostTurnUs: number;
  /** D: one batch of host events (`events` of them). */
  dispatchUs: number;
  events: number;
  /** W = sliceUs + hostTurnUs + dispatchUs. */
  windowUs: number;
  /** m x Lh: the handler's own steps. */
  handlerUs: number;
  /** A: tasks ahead of the handler, one step each (their names in `ahead`). */
  aheadUs: number;
  ahead: string[];
  /** k more loop turns and batches, and their cost. */
  extraTurns: number;
  extraUs: number;
  totalUs: number;
}

function maxOf(a: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** The dearest step task t can take on `profile`, µs. */
export function stepCost(app: AppDesc, profile: CostProfile, t: number): number {
  const extra = app.tasks[t].stepUs;
  return profile.stepUs + (extra !== undefined ? extra : 0) + maxOf(profile.sysUs);
}

function taskIndexOf(app: AppDesc, name: string): number {
  for (let t = 0; t < app.tasks.length; t++) if (app.tasks[t].name === name) return t;
  return -1;
}

/** The task that handles IRQ i: its endpoint's or notification's owner, or -1. */
export function handlerOf(app: AppDesc, i: number): number {
  const q = (app.irqs || [])[i];
  let owner = "";
  const eps = app.endpoints || [];
  const ns = app.notifications || [];
  for (let e = 0; e < eps.length; e++) if (eps[e].name === q.endpoint) owner = eps[e].owner;
  for (let n = 0; n < ns.length; n++) if (ns[n].name === q.notification) owner = ns[n].owner;
  return taskIndexOf(app, owner);
}

function has(list: string[] | undefined, name: string): boolean {
  return list !== undefined && list.indexOf(name) >= 0;
}

/**
 * The most important priority each task can run at: its own, or one donated
 * by a task that may call or send on an endpoint it owns or receives from,
 * by an IRQ delivered to such an endpoint, or by an IRQ delivered to a
 * notification it owns (transitively).
 */
export function bestPriorities(app: AppDesc): number[] {
  const T = app.tasks.length;
  const best: number[] = [];
  for (let t = 0; t < T; t++) best.push(app.tasks[t].priority);
  const eps = app.endpoints || [];
  const ns = app.notifications || [];
  const irqs = app.irqs || [];
  for (let i = 0; i < irqs.length; i++) {
    for (let n = 0; n < ns.length; n++) {
      const o = taskIndexOf(app, ns[n].owner);
      if (irqs[i].notification === ns[n].name && o >= 0 && irqs[i].priority < best[o]) best[o] = irqs[i].priority;
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (let e = 0; e < eps.length; e++) {
      let donor = 1000;
      for (let c = 0; c < T; c++) {
        const r = app.tasks[c].rights;
        if (r !== undefined && (has(r.call, eps[e].name) || has(r.send, eps[e].name)) && best[c] < donor) donor = best[c];
      }
      for (let i = 0; i < irqs.length; i++) if (irqs[i].endpoint === eps[e].name && irqs[i].priority < donor) donor = irqs[i].priority;
      for (let t = 0; t < T; t++) {
        const r = app.tasks[t].rights;
        const receives = app.tasks[t].name === eps[e].owner || (r !== undefined && has(r.recv, eps[e].name));
        if (receives && donor < best[t]) {
          best[t] = donor;
          changed = true;
        }
      }
    }
  }
  return best;
}

/**
 * The most important priority an IRQ's handler runs at, from the
 * description (as the kernel's `urgentPriority` reads it from the tables):
 * for each IRQ the more important of its priority and its handler's; a
 * slice ends after a step of a less important task. `PRIORITIES` without IRQs.
 */
export function urgentOf(app: AppDesc): number {
  const irqs = app.irqs || [];
  let u = PRIORITIES;
  for (let i = 0; i < irqs.length; i++) {
    const h = handlerOf(app, i);
    const p = h >= 0 ? Math.min(irqs[i].priority, app.tasks[h].priority) : irqs[i].priority;
    if (p < u) u = p;
  }
  return u;
}

/** The shortest gap between two level changes a scripted input makes, and how many it makes. */
export function inputSource(input: SimInput, name: string): EventSource {
  if (input.random !== undefined) {
    // Gaps of 1 µs are possible: only the run's length limits the count.
    return { name: name, gapUs: 1, count: -1 };
  }
  const times: number[] = [];
  const pr = input.press;
  if (pr !== undefined) {
    const bounce = pr.bounce !== undefined ? pr.bounce : 0;
    const gap = pr.bounceUs !== undefined ? pr.bounceUs : 200;
    for (let i = 0; i < 1 + 2 * bounce; i++) times.push(pr.at + i * gap);
    for (let i = 0; i < 1 + 2 * bounce; i++) times.push(pr.at + pr.holdUs + i * gap);
  }
  const sq = input.square;
  if (sq !== undefined) {
    const half = Math.floor(sq.periodUs / 2);
    for (let i = 0; i < sq.count; i++) {
      times.push(sq.at + i * sq.periodUs);
      times.push(sq.at + i * sq.periodUs + half);
    }
  }
  const flips = input.flips;
  if (flips !== undefined) for (let i = 0; i < flips.length; i++) times.push(flips[i]);
  times.sort((a, b) => a - b);
  let gap = -1;
  for (let i = 1; i < times.length; i++) {
    const g = Math.floor(times[i]) - Math.floor(times[i - 1]);
    if (gap < 0 || g < gap) gap = g;
  }
  return { name: name, gapUs: gap < 1 ? 1 : gap, count: times.length };
}

/** The sources assumed when none are given: the app's inputs, and each IRQ at most once per batch. */
export function defaultSources(app: AppDesc): EventSource[] {
  const out: EventSource[] = [];
  const inputs = app.inputs || [];
  for (let i = 0; i < inputs.length; i++) out.push(inputSource(inputs[i], "input " + i));
  const irqs = app.irqs || [];
  for (let i = 0; i < irqs.length; i++) out.push({ name: irqs[i].name, gapUs: -1, count: -1 });
  return out;
}

/**
 * Host events that can arrive in a window of `w` µs. Alarms: at most one
 * per tick boundary, and at most one per deadline that can fall due: one
 * per task (each has at most one), one per step of the slice (a step sets
 * at most one), and a stale one.
 */
function eventsIn(sources: EventSource[], w: number, tickUs: number, deadlines: number): number {
  let n = Math.min(Math.ceil(w / tickUs), deadlines);
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s];
    if (src.gapUs < 0) {
      n += 1;
      continue;
    }
    const k = Math.ceil(w / Math.max(1, src.gapUs));
    n += src.count >= 0 && src.count < k ? src.count : k;
  }
  return n;
}

/** A window past which the batch is taken never to end (events come faster than they are dispatched). */
const NEVER = 1e12;

/** The worst-case latency of IRQ i (µs) on `profile` with `sliceSteps`, and its parts (see the module comment). */
export function latencyBound(app: AppDesc, profile: CostProfile, sliceSteps: number, i: number, options?: BoundOptions): BoundParts {
  const o: BoundOptions = options !== undefined ? options : {};
  const T = app.tasks.length;
  const S = Math.max(1, sliceSteps);
  const m = o.handlerSteps !== undefined ? o.handlerSteps : 2;
  const aheadSteps = o.aheadSteps !== undefined ? o.aheadSteps : 1;
  const tickUs = o.tickUs !== undefined ? o.tickUs : app.board !== undefined && app.board.tickUs !== undefined ? app.board.tickUs : 1000;
  const sources = o.sources !== undefined ? o.sources : defaultSources(app);
  const h = handlerOf(app, i);
  const best = bestPriorities(app);
  const urgent = urgentOf(app);
  // The longest step, named after a task that ends a slice when one of those takes it (the busy task's, under load).
  let longest = 0;
  let longestTask = "";
  for (let t = 0; t < T; t++) {
    const c = stepCost(app, profile, t);
    if (c > longest || (c === longest && best[t] > urgent)) {
      longest = c;
      longestTask = app.tasks[t].name;
    }
  }
  // The tasks whose steps do not end a slice: they can run at `urgent` or above.
  const urgentTasks: string[] = [];
  let urgentStepsUs = 0;
  const handlers: number[] = [];
  for (let k = 0; k < (app.irqs || []).length; k++) handlers.push(handlerOf(app, k));
  for (let t = 0; t < T; t++) {
    if (best[t] > urgent) continue;
    urgentTasks.push(app.tasks[t].name);
    urgentStepsUs += (handlers.indexOf(t) >= 0 ? m : aheadSteps) * stepCost(app, profile, t);
  }
  const ahead: string[] = [];
  let aheadUs = 0;
  if (h >= 0) {
    // The handler runs at the more important of its own priority and the IRQ's (donated until irqAck).
    const runsAt = Math.min(app.tasks[h].priority, (app.irqs || [])[i].priority);
    for (let t = 0; t < T; t++) {
      if (t !== h && best[t] <= runsAt) {
        ahead.push(app.tasks[t].name);
        aheadUs += aheadSteps * stepCost(app, profile, t);
      }
    }
  }
  const sliceUs = Math.min(S * longest, longest + urgentStepsUs);
  let w = sliceUs + profile.sliceUs;
  let events = 0;
  for (;;) {
    events = eventsIn(sources, w, tickUs, T + S + 1);
    const next = sliceUs + profile.sliceUs + events * profile.dispatchUs;
    if (next <= w) break;
    w = next;
    if (w > NEVER) break;
  }
  const parts: BoundParts = {
    irq: (app.irqs || [])[i].name,
    handler: h >= 0 ? app.tasks[h].name : "?",
    sliceUs: sliceUs,
    longestStepUs: longest,
    longestTask: longestTask,
    urgentStepsUs: urgentStepsUs,
    urgentTasks: urgentTasks,
    wholeSliceUs: S * longest,
    hostTurnUs: profile.sliceUs,
    dispatchUs: events * profile.dispatchUs,
    events: events,
    windowUs: w,
    handlerUs: h >= 0 ? m * stepCost(app, profile, h) : 0,
    aheadUs: aheadUs,
    ahead: ahead,
    extraTurns: h >= 0 && Math.min(app.tasks[h].priority, (app.irqs || [])[i].priority) > urgent ? m + aheadSteps * ahead.length : Math.floor((m + aheadSteps * ahead.length) / S),
    extraUs: 0,
    totalUs: 0,
  };
  parts.extraUs = parts.extraTurns * (profile.sliceUs + parts.dispatchUs);
  parts.totalUs = h < 0 || w > NEVER ? Infinity : w + parts.handlerUs + parts.aheadUs + parts.extraUs;
  return parts;
}
