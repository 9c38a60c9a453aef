/**
 * Worst-case interrupt latency from the cost model and the app description.
 *
 * In the simulator (as on Espruino) an edge is taken by the host only
 * between slices. The worst case for IRQ i's handler h is an edge just after
 * a slice started:
 *
 *   the rest of that slice     sliceSteps x (longest step of any task)
 * + one host loop turn         sliceUs
 * + the host's dispatch        (IRQs + 1 alarm) x dispatchUs, every source pending at once
 * + more important tasks       one step each (the longest), ahead of h in the next slice
 *
 * A step's cost is the profile's base step cost, the task's own `stepUs` and
 * the dearest syscall. The last term assumes more important tasks run one
 * step per event (true of IRQ handlers and servers); a more important task
 * that computes in a loop of yields has no bound, and this one would not hold.
 */
import { AppDesc } from "../kernel/index";
import { CostProfile } from "./profiles";

export interface BoundParts {
  irq: string;
  handler: string;
  sliceUs: number;
  hostTurnUs: number;
  dispatchUs: number;
  aheadUs: number;
  totalUs: number;
}

function maxOf(a: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

function stepCost(app: AppDesc, profile: CostProfile, t: number): number {
  const extra = app.tasks[t].stepUs;
  return profile.stepUs + (extra !== undefined ? extra : 0) + maxOf(profile.sysUs);
}

/** The task that handles IRQ i: its endpoint's or notification's owner. */
export function handlerOf(app: AppDesc, i: number): number {
  const q = (app.irqs || [])[i];
  let owner = "";
  const eps = app.endpoints || [];
  const ns = app.notifications || [];
  for (let e = 0; e < eps.length; e++) if (eps[e].name === q.endpoint) owner = eps[e].owner;
  for (let n = 0; n < ns.length; n++) if (ns[n].name === q.notification) owner = ns[n].owner;
  for (let t = 0; t < app.tasks.length; t++) if (app.tasks[t].name === owner) return t;
  return -1;
}

/** The worst-case latency of IRQ i (µs) on `profile` with `sliceSteps`, and its parts. */
export function latencyBound(app: AppDesc, profile: CostProfile, sliceSteps: number, i: number): BoundParts {
  const T = app.tasks.length;
  let longest = 0;
  for (let t = 0; t < T; t++) longest = Math.max(longest, stepCost(app, profile, t));
  const h = handlerOf(app, i);
  let ahead = 0;
  for (let t = 0; t < T; t++) {
    if (t !== h && h >= 0 && app.tasks[t].priority < app.tasks[h].priority) ahead += stepCost(app, profile, t);
  }
  const irqs = app.irqs !== undefined ? app.irqs.length : 0;
  const parts: BoundParts = {
    irq: (app.irqs || [])[i].name,
    handler: h >= 0 ? app.tasks[h].name : "?",
    sliceUs: sliceSteps * longest,
    hostTurnUs: profile.sliceUs,
    dispatchUs: (irqs + 1) * profile.dispatchUs,
    aheadUs: ahead,
    totalUs: 0,
  };
  parts.totalUs = parts.sliceUs + parts.hostTurnUs + parts.dispatchUs + parts.aheadUs;
  return parts;
}
