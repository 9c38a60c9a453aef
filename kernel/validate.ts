/** @noSelfInFile */
/**
 * Validation of app descriptions: the build and the simulator run it before
 * booting (see `bootChecked`); board bundles boot an app the build already
 * checked, and carry none of this code.
 */
import { AppErrorCode, MAX_OBJECTS, PRIORITIES } from "./codes";
import { indexOf } from "./app";
import type { AppDesc, Limits } from "./app";


/** The largest message buffer a task may have, in bytes. */
export const MAX_BUFFER = 4096;

export const DEFAULT_LIMITS: Limits = { tasks: 32, endpoints: 32, notifications: 32, irqs: 32 };

export interface Problem {
  code: AppErrorCode;
  /** The offending names, most specific first. */
  names: string[];
  message: string;
}

function problem(out: Problem[], code: AppErrorCode, names: string[], message: string): void {
  out.push({ code: code, names: names, message: message });
}

function checkUnique(out: Problem[], what: string, list: { name: string }[]): void {
  for (let i = 0; i < list.length; i++) {
    const n = list[i].name;
    if (typeof n !== "string" || n.length === 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [String(n)], what + " #" + i + " has no name");
      continue;
    }
    for (let j = 0; j < i; j++) {
      if (list[j].name === n) problem(out, AppErrorCode.DUPLICATE_NAME, [n], "duplicate " + what + " name '" + n + "'");
    }
  }
}

function checkCount(out: Problem[], what: string, n: number, limit: number): void {
  if (n > limit || n > MAX_OBJECTS) {
    problem(out, AppErrorCode.TOO_MANY, [what], n + " " + what + " exceed the board's limit of " + Math.min(limit, MAX_OBJECTS));
  }
}

function checkRefs(out: Problem[], owner: string, kind: string, names: string[] | undefined, list: { name: string }[]): void {
  if (names === undefined) return;
  for (let i = 0; i < names.length; i++) {
    if (indexOf(list, names[i]) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [owner, names[i]], "task '" + owner + "' names unknown " + kind + " '" + names[i] + "'");
    }
  }
}

function validPriority(p: number): boolean {
  return typeof p === "number" && Math.floor(p) === p && p >= 0 && p < PRIORITIES;
}

function isDownhillAllowed(app: AppDesc, caller: string, ep: string): boolean {
  const d = app.downhill;
  if (d === undefined) return false;
  for (let i = 0; i < d.length; i++) if (d[i][0] === caller && d[i][1] === ep) return true;
  return false;
}

/**
 * Checks an app description against the kernel's rules and a board's limits.
 * Returns every problem found (empty when the app is valid); each names the
 * offending tasks or objects in `names`.
 */
export function validateApp(app: AppDesc, limits: Limits): Problem[] {
  const out: Problem[] = [];
  const tasks = app.tasks || [];
  const eps = app.endpoints || [];
  const ntfns = app.notifications || [];
  const irqs = app.irqs || [];
  if (tasks.length === 0) problem(out, AppErrorCode.TOO_MANY, [app.name], "app '" + app.name + "' has no tasks");
  checkCount(out, "tasks", tasks.length, limits.tasks);
  checkCount(out, "endpoints", eps.length, limits.endpoints);
  checkCount(out, "notifications", ntfns.length, limits.notifications);
  checkCount(out, "irqs", irqs.length, limits.irqs);
  checkUnique(out, "task", tasks);
  checkUnique(out, "endpoint", eps);
  checkUnique(out, "notification", ntfns);
  checkUnique(out, "irq", irqs);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    if (!validPriority(t.priority)) {
      problem(out, AppErrorCode.BAD_PRIORITY, [t.name], "task '" + t.name + "' has priority " + t.priority + ", not an integer in 0.." + (PRIORITIES - 1));
    }
    if (t.buffer !== undefined && !(typeof t.buffer === "number" && Math.floor(t.buffer) === t.buffer && t.buffer >= 0 && t.buffer <= MAX_BUFFER)) {
      problem(out, AppErrorCode.BAD_SETTING, [t.name], "task '" + t.name + "' has buffer " + t.buffer + ", not a whole number of bytes in 0.." + MAX_BUFFER);
    }
    if (typeof t.step !== "function") problem(out, AppErrorCode.MISSING_STEP, [t.name], "task '" + t.name + "' has no step function");
    const r = t.rights;
    if (r !== undefined) {
      checkRefs(out, t.name, "endpoint", r.call, eps);
      checkRefs(out, t.name, "endpoint", r.send, eps);
      checkRefs(out, t.name, "endpoint", r.recv, eps);
      checkRefs(out, t.name, "notification", r.signal, ntfns);
      checkRefs(out, t.name, "notification", r.wait, ntfns);
      checkRefs(out, t.name, "irq", r.ack, irqs);
    }
  }
  for (let i = 0; i < eps.length; i++) {
    if (indexOf(tasks, eps[i].owner) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [eps[i].name, eps[i].owner], "endpoint '" + eps[i].name + "' is owned by unknown task '" + eps[i].owner + "'");
    }
  }
  for (let i = 0; i < ntfns.length; i++) {
    const n = ntfns[i];
    if (indexOf(tasks, n.owner) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [n.name, n.owner], "notification '" + n.name + "' is owned by unknown task '" + n.owner + "'");
    }
    if (n.bind) {
      for (let j = 0; j < i; j++) {
        if (ntfns[j].bind && ntfns[j].owner === n.owner) {
          problem(out, AppErrorCode.DUPLICATE_NAME, [n.owner, ntfns[j].name, n.name], "task '" + n.owner + "' is bound to two notifications");
        }
      }
    }
  }
  const pins = app.pins || [];
  for (let i = 0; i < pins.length; i++) {
    for (let j = 0; j < i; j++) if (pins[j] === pins[i]) problem(out, AppErrorCode.DUPLICATE_NAME, [pins[i]], "duplicate pin '" + pins[i] + "'");
  }
  const inputs = app.inputs || [];
  for (let i = 0; i < inputs.length; i++) {
    if (pins.indexOf(inputs[i].pin) < 0) problem(out, AppErrorCode.UNKNOWN_REFERENCE, [inputs[i].pin], "input names unknown pin '" + inputs[i].pin + "' (not in pins)");
  }
  for (let i = 0; i < irqs.length; i++) {
    const q = irqs[i];
    if (q.pin !== undefined && pins.indexOf(q.pin) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [q.name, q.pin], "irq '" + q.name + "' watches unknown pin '" + q.pin + "' (not in pins)");
    }
    if (q.edge !== undefined && q.edge !== "rising" && q.edge !== "falling" && q.edge !== "both") {
      problem(out, AppErrorCode.BAD_SETTING, [q.name, q.edge], "irq '" + q.name + "' has edge '" + q.edge + "': use rising, falling or both");
    }
    if (!validPriority(q.priority)) {
      problem(out, AppErrorCode.BAD_PRIORITY, [q.name], "irq '" + q.name + "' has priority " + q.priority + ", not an integer in 0.." + (PRIORITIES - 1));
    }
    const toEp = q.endpoint !== undefined;
    const toN = q.notification !== undefined;
    if (toEp === toN) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [q.name], "irq '" + q.name + "' must name exactly one of endpoint or notification");
    } else if (toEp && indexOf(eps, q.endpoint as string) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [q.name, q.endpoint as string], "irq '" + q.name + "' targets unknown endpoint '" + q.endpoint + "'");
    } else if (toN) {
      if (indexOf(ntfns, q.notification as string) < 0) {
        problem(out, AppErrorCode.UNKNOWN_REFERENCE, [q.name, q.notification as string], "irq '" + q.name + "' targets unknown notification '" + q.notification + "'");
      }
      const b = q.bit;
      if (typeof b !== "number" || Math.floor(b) !== b || b < 0 || b > 31) {
        problem(out, AppErrorCode.BAD_SETTING, [q.name], "irq '" + q.name + "' needs a bit in 0..31");
      }
    }
  }
  // The uphill send rule: a caller must be less important than the endpoint's owner.
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    const calls = t.rights !== undefined ? t.rights.call : undefined;
    if (calls === undefined || !validPriority(t.priority)) continue;
    for (let j = 0; j < calls.length; j++) {
      const e = indexOf(eps, calls[j]);
      if (e < 0) continue;
      const owner = indexOf(tasks, eps[e].owner);
      if (owner < 0 || owner === i) continue;
      const p = tasks[owner].priority;
      if (validPriority(p) && t.priority <= p && !isDownhillAllowed(app, t.name, calls[j])) {
        problem(out, AppErrorCode.DOWNHILL_CALL, [t.name, tasks[owner].name, calls[j]],
          "task '" + t.name + "' (priority " + t.priority + ") calls '" + calls[j] + "' owned by '" + tasks[owner].name +
          "' (priority " + p + "): calls must go uphill; list the edge in `downhill` to allow it");
      }
    }
  }
  const f = app.faults;
  if (f !== undefined) {
    if (indexOf(ntfns, f.notification) < 0) {
      problem(out, AppErrorCode.UNKNOWN_REFERENCE, [f.notification], "faults names unknown notification '" + f.notification + "'");
    }
    if (typeof f.bit !== "number" || Math.floor(f.bit) !== f.bit || f.bit < 0 || f.bit > 31) {
      problem(out, AppErrorCode.BAD_SETTING, ["faults"], "faults needs a bit in 0..31");
    }
  }
  const b = app.board;
  if (b !== undefined) {
    if (b.sliceSteps !== undefined && !(b.sliceSteps >= 1 && Math.floor(b.sliceSteps) === b.sliceSteps)) {
      problem(out, AppErrorCode.BAD_SETTING, ["sliceSteps"], "board setting sliceSteps must be a whole number >= 1");
    }
    if (b.tickUs !== undefined && !(b.tickUs >= 1 && Math.floor(b.tickUs) === b.tickUs)) {
      problem(out, AppErrorCode.BAD_SETTING, ["tickUs"], "board setting tickUs must be a whole number >= 1");
    }
  }
  return out;
}

/** The downhill edges an app allows, as "caller -> endpoint" lines (reported by the build). */
export function downhillEdges(app: AppDesc): string[] {
  const out: string[] = [];
  const d = app.downhill || [];
  for (let i = 0; i < d.length; i++) out.push(d[i][0] + " -> " + d[i][1]);
  return out;
}

