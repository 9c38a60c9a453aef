/**
 * What the build proves about an app, so that the board never does the
 * work: each proof is a named step that reads facts from the app's
 * description and from its tasks' code (the syscall sites tools/trim.ts
 * finds), and decides one constant of kernel/features.ts. A constant left on
 * keeps the work; a proof turns it off (or, for a syscall's arguments, sets
 * the bits of the checks no call site needs) only where the fact holds for
 * the whole app, so what reaches the kernel unproven is still checked and
 * gets the documented code. The trimmer then folds what the constants
 * decide out of the kernel built for the app.
 *
 * | proof | constant | the fact |
 * |---|---|---|
 * | `noDonation` | DONATION | no task that may send or call on an endpoint, and no IRQ, is more important than a task that may receive from it (its owner included), or than a notification IRQ's owner: no one ever lends a priority |
 * | `fixedEpochs` | EPOCHS | no task issues `restart` and no timeout is finite (TIMERS off): no id ever changes epoch |
 * | `openReceivesOnly` | CLOSED_RECV | no task issues `recvFrom`: every receiver takes any sender |
 * | `onePerPriority` | SHARED_PRIO | no two tasks share a priority, and no donation (DONATION off): each ready list holds one task at most |
 * | `firstPriority` | FIRST_PRIO | the most important priority a task can run at: its tasks' own, and without donation no other |
 * | `oneReceiverPerEndpoint` | SHARED_RECV | each endpoint has one task that may receive from it (its owner): its receive queue holds one task at most |
 * | `provenArguments` | PROVEN_SEND, PROVEN_CALL, PROVEN_RECV, PROVEN_REPLY, PROVEN_REPLY_RECV | per syscall, the argument checks that no call site needs: a constant endpoint id every task reaching the site holds the right for, words that are signed 32-bit integers already, an omitted timeout, an `out` no code writes, a reply to the `sender` register where only tasks send and ids keep epoch 0 |
 */
import type { AppDesc } from "../kernel/index";
import { Proven } from "../kernel/codes";

/** A `sys.<name>` use found in the app's code, as tools/trim.ts reads it. */
export interface SyscallSite {
  /** The `sys` entry (kernel/syscall-names.ts's name, or "raw"). */
  syscall: string;
  /** The tasks whose step or init reaches the site; empty when none could be told. */
  tasks: string[];
  /** False when the entry is named without being called there (passed as a value): nothing about its arguments is known. */
  called: boolean;
  /** The endpoint argument's value, when the build can compute it (a literal, a constant, `indexOf(app.endpoints, "name")`). */
  ep: number | undefined;
  /** The label, w1, w2 and w3 arguments: each provably a 32-bit integer (or not passed). */
  words: boolean[];
  /** The timeout is omitted, or the literal FOREVER. */
  noTimeout: boolean;
  /** The task id (of `reply`, `replyRecv`) is a read of the `sender` register, which no code of the app writes. */
  taskIsSender: boolean;
}

/** What the build read from the app's code. */
export interface CodeFacts {
  sites: SyscallSite[];
  /** Some code assigns a task's `out` register. */
  outWritten: boolean;
}

/** The syscalls whose argument checks `provenArguments` decides, with their constant. */
export const PROVEN_CONSTANTS: [string, string][] = [
  ["send", "PROVEN_SEND"],
  ["call", "PROVEN_CALL"],
  ["recv", "PROVEN_RECV"],
  ["reply", "PROVEN_REPLY"],
  ["replyRecv", "PROVEN_REPLY_RECV"],
];

function prio(app: AppDesc, task: string): number {
  for (const t of app.tasks) if (t.name === task) return t.priority;
  return -1;
}

/** Whether task `task` may `right` ("send", "call" or "recv") on endpoint number e, as boot gives rights (kernel/kernel.ts). */
export function hasEpRight(app: AppDesc, task: string, e: number, right: "send" | "call" | "recv"): boolean {
  const eps = app.endpoints || [];
  if (e < 0 || e >= eps.length || (e | 0) !== e) return false;
  const desc = app.tasks.find((t) => t.name === task);
  if (desc === undefined) return false;
  if (right === "recv" && eps[e].owner === task) return true;
  const list = desc.rights !== undefined ? desc.rights[right] : undefined;
  return list !== undefined && list.indexOf(eps[e].name) >= 0;
}

/** The tasks that may receive from endpoint e (its owner, and those with the `recv` right). */
function receivers(app: AppDesc, e: number): string[] {
  return app.tasks.filter((t) => hasEpRight(app, t.name, e, "recv")).map((t) => t.name);
}

/**
 * DONATION: false when no donor can ever be more important than the task it
 * would lend to. Donors (kernel/sched.ts): a sender or caller queued on an
 * endpoint lends to its owner; a caller whose message was taken lends to
 * whichever task received it; an IRQ lends to its endpoint's owner while
 * queued, to the receiver it is delivered to, and to a notification's
 * owner. If every such donor's own priority is no more important than the
 * task's own, no effective priority ever leaves its base one (by induction
 * over the steps), so donation and its withdrawal never change anything.
 */
export function noDonation(app: AppDesc): boolean {
  const eps = app.endpoints || [];
  for (let e = 0; e < eps.length; e++) {
    const owner = prio(app, eps[e].owner);
    const recv = receivers(app, e).map((n) => prio(app, n));
    for (const t of app.tasks) {
      const sends = hasEpRight(app, t.name, e, "send");
      const calls = hasEpRight(app, t.name, e, "call");
      if ((sends || calls) && t.priority < owner) return false;
      if (calls && recv.some((p) => t.priority < p)) return false;
    }
  }
  for (const irq of app.irqs || []) {
    if (irq.endpoint !== undefined) {
      const e = eps.findIndex((x) => x.name === irq.endpoint);
      if (e >= 0 && (irq.priority < prio(app, eps[e].owner) || receivers(app, e).some((n) => irq.priority < prio(app, n)))) return false;
    }
    if (irq.notification !== undefined) {
      const n = (app.notifications || []).find((x) => x.name === irq.notification);
      if (n !== undefined && irq.priority < prio(app, n.owner)) return false;
    }
  }
  return true;
}

/** EPOCHS: false when ids keep epoch 0: no `restart` is built and no timeout is finite (kernel/tables.ts, "Epochs"). */
export function fixedEpochs(syscalls: Set<string>, timers: boolean): boolean {
  return !syscalls.has("restart") && !timers;
}

/** CLOSED_RECV: false when no task issues `recvFrom`, so every receive is open. */
export function openReceivesOnly(syscalls: Set<string>): boolean {
  return !syscalls.has("recvFrom");
}

/**
 * SHARED_PRIO: false when each priority's ready list can hold one task at
 * most: no two tasks share a base priority, and no one ever runs at
 * another (no donation).
 */
export function onePerPriority(app: AppDesc, donation: boolean): boolean {
  if (donation) return false;
  const seen = new Set<number>();
  for (const t of app.tasks) {
    if (seen.has(t.priority)) return false;
    seen.add(t.priority);
  }
  return true;
}

/**
 * FIRST_PRIO: the most important priority any task can ever run at, where
 * the step loop's search of the ready lists starts: the most important of
 * the tasks' own priorities and, when donation can happen, of the IRQs'
 * (a delivered IRQ lends its priority to its handler).
 */
export function firstPriority(app: AppDesc, donation: boolean): number {
  let p = 31;
  for (const t of app.tasks) if (t.priority < p) p = t.priority;
  if (donation) for (const i of app.irqs || []) if (i.priority < p) p = i.priority;
  return p < 0 ? 0 : p;
}

/** SHARED_RECV: false when at most one task may receive from each endpoint. */
export function oneReceiverPerEndpoint(app: AppDesc): boolean {
  const eps = app.endpoints || [];
  for (let e = 0; e < eps.length; e++) if (receivers(app, e).length > 1) return false;
  return true;
}

/**
 * The bits of `Proven` for syscall `name`: the checks each of its call sites
 * makes unnecessary. Nothing, when `raw` is built (it reaches every entry
 * with any arguments), or when the entry is named anywhere without being
 * called. EP: the endpoint argument is a constant, a valid endpoint, and
 * every task reaching the site holds the right the syscall needs on it.
 */
export function provenArguments(app: AppDesc, code: CodeFacts, syscalls: Set<string>, name: string, kernel: Map<string, boolean | number>): number {
  if (syscalls.has("raw")) return 0;
  const sites = code.sites.filter((s) => s.syscall === name);
  if (sites.length === 0 || sites.some((s) => !s.called)) return 0;
  let bits = 0;
  const right = name === "send" ? "send" : name === "call" ? "call" : "recv";
  if (name !== "reply" && sites.every((s) => s.ep !== undefined && s.tasks.length > 0 && s.tasks.every((t) => hasEpRight(app, t, s.ep!, right)))) bits |= Proven.EP;
  if (name !== "recv") {
    const wordBits = [Proven.LABEL, Proven.W1, Proven.W2, Proven.W3];
    for (let i = 0; i < 4; i++) if (sites.every((s) => s.words[i])) bits |= wordBits[i];
    if (!code.outWritten) bits |= Proven.OUT;
  }
  if (name !== "reply" && sites.every((s) => s.noTimeout)) bits |= Proven.NO_TIMEOUT;
  // `sender` as the kernel writes it: a task's current id, an IRQ's or a notification's number, or 0. With
  // neither IRQs nor notifications, and ids that keep epoch 0, it is always the index of a task: no check can refuse it.
  const onlyTasks = kernel.get("IRQS") === false && kernel.get("NOTIFICATIONS") === false && kernel.get("EPOCHS") === false;
  if ((name === "reply" || name === "replyRecv") && onlyTasks && sites.every((s) => s.taskIsSender)) bits |= Proven.TASK;
  return bits;
}

/**
 * Every proof's constant for an app: kernel/features.ts's names and values.
 * `facilities`: the constants of the object kinds it uses (IRQS,
 * NOTIFICATIONS, TIMERS ...), as tools/trim.ts reads them.
 */
export function proofConstants(app: AppDesc, code: CodeFacts, syscalls: Set<string>, facilities: Map<string, boolean | number>): Map<string, boolean | number> {
  const out = new Map<string, boolean | number>();
  const timers = facilities.get("TIMERS") !== false;
  const donation = !noDonation(app);
  out.set("DONATION", donation);
  out.set("SHARED_PRIO", !onePerPriority(app, donation));
  out.set("FIRST_PRIO", firstPriority(app, donation));
  out.set("EPOCHS", !fixedEpochs(syscalls, timers));
  out.set("CLOSED_RECV", !openReceivesOnly(syscalls));
  out.set("SHARED_RECV", !oneReceiverPerEndpoint(app));
  const kernel = new Map([...facilities, ...out]);
  for (const [name, constant] of PROVEN_CONSTANTS) out.set(constant, provenArguments(app, code, syscalls, name, kernel));
  return out;
}
