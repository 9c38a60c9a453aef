/** @noSelfInFile */
/**
 * Scheduling: ready lists, waking tasks, and priority donation.
 *
 * Priorities are compared through `isMoreImportant` only: 0 is the most
 * important, and a lower number wins.
 *
 * Donation: a task runs at the most important of its own priority, the
 * priorities of the callers whose replies it holds (REPLY_BLOCKED on it),
 * the priority of the head of the send queue of each endpoint it owns, and
 * the priority of each MASKED IRQ delivered to it (`K.irqHandler`): a
 * delivered IRQ donates until `irqAck`, as a caller waiting for its reply
 * does. The effective priority is `K.prio[t]`; `updatePrio` recomputes it
 * and follows the chain of blocked tasks, so donation is transitive. A
 * FAULTED task runs at its base priority and nothing donates to it.
 *
 * Also here, as the task's own encodings (kernel/tables.ts documents them):
 * task ids and epochs (`taskId`, `advanceEpoch`, `sameIncarnation`), the
 * running step's `K.current` (`issued`, `issuer`) and what a blocked task's
 * `K.partner` names in each state (`waitingOnServer`, `waitingOnEndpoint`,
 * `waitingOnNotification`).
 */
import { GEN_MASK, IrqState, PRIORITIES, TaskState } from "./codes";
import { qAppend, qInsert, qPush, qRemove, readyClear, readySet, sendQueueOf } from "./queue";
import { K } from "./tables";
import { DONATION, EPOCHS, IRQS, SHARED_PRIO, SHARED_RECV } from "./features";

/**
 * True when priority a is more important than priority b.
 * @inline
 */
export function isMoreImportant(a: number, b: number): boolean {
  return a < b;
}

/**
 * The id tasks see for task index t: its current epoch (generation) and index.
 * @inline
 */
export function taskId(t: number): number {
  return EPOCHS ? (K.gen[t] << 8) | t : t;
}

/** Advances task t's epoch (see kernel/tables.ts, "Epochs") and keeps its `id` register equal to `taskId(t)`. */
export function advanceEpoch(t: number): void {
  K.gen[t] = (K.gen[t] + 1) & GEN_MASK;
  K.ctx[t].id = taskId(t);
}

/**
 * The value of `K.current` once task t's step has issued its syscall (or
 * while t's `init` runs): `-2 - t`, so -2 and below. Before the step's
 * syscall `K.current` is t itself (0 and above); outside steps it is -1.
 * @inline
 */
export function issued(t: number): number {
  return -2 - t;
}

/**
 * The task whose step has issued its syscall, from a `K.current` of -2 or
 * below (the inverse of `issued`).
 * @inline
 */
export function issuer(current: number): number {
  return -2 - current;
}

/**
 * REPLY_BLOCKED task t: the index of the server whose reply it waits for (`K.partner`).
 * @inline
 */
export function waitingOnServer(t: number): number {
  return K.partner[t];
}

/**
 * SEND_BLOCKED, CALL_BLOCKED or RECV_BLOCKED task t: the endpoint it waits on (`K.partner`).
 * @inline
 */
export function waitingOnEndpoint(t: number): number {
  return K.partner[t];
}

/**
 * NTFN_BLOCKED task t: the notification it waits on (`K.partner`).
 * @inline
 */
export function waitingOnNotification(t: number): number {
  return K.partner[t];
}

/**
 * True when epoch g of task index x belongs to x's current incarnation: one
 * of the epochs genBase[x] .. gen[x], counted cyclically (the current epoch
 * included). False: an id of an earlier incarnation (stale). Without
 * epochs every incarnation's only epoch is 0.
 * @inline
 */
export function sameIncarnation(x: number, g: number): boolean {
  return EPOCHS ? ((g - K.genBase[x]) & GEN_MASK) <= ((K.gen[x] - K.genBase[x]) & GEN_MASK) : g === 0;
}

/**
 * Makes blocked task t ready at the tail of its priority. Precondition: t is in no queue.
 * @inline
 */
export function makeReady(t: number): void {
  K.state[t] = TaskState.READY;
  if (SHARED_PRIO) qAppend(K.prio[t], t);
  else readySet(K.prio[t], t);
}

/**
 * Makes task t ready at the head of its priority: it runs next if it is the most important (direct switch).
 * @inline
 */
export function makeReadyFirst(t: number): void {
  K.state[t] = TaskState.READY;
  if (SHARED_PRIO) qPush(K.prio[t], t);
  else readySet(K.prio[t], t);
}

/**
 * Takes the running task t (READY, in the ready list of its priority) out of its ready list.
 * @inline
 */
export function unready(t: number): void {
  if (SHARED_PRIO) qRemove(t);
  else readyClear(K.prio[t], t);
}

/** The priority task t should run at now (see the module comment). */
export function effectivePrio(t: number): number {
  let p = K.basePrio[t];
  if (K.state[t] === TaskState.FAULTED) return p;
  const T = K.T;
  for (let c = 0; c < T; c++) {
    if (K.state[c] === TaskState.REPLY_BLOCKED && waitingOnServer(c) === t && isMoreImportant(K.prio[c], p)) p = K.prio[c];
  }
  const E = K.E;
  for (let e = 0; e < E; e++) {
    if (K.epOwner[e] !== t) continue;
    const h = K.qHead[sendQueueOf(e)];
    if (h >= 0 && isMoreImportant(K.prio[h], p)) p = K.prio[h];
  }
  const I = K.I;
  for (let i = 0; IRQS && i < I; i++) {
    if (K.irqState[i] === IrqState.MASKED && K.irqHandler[i] === t && isMoreImportant(K.prio[T + i], p)) p = K.prio[T + i];
  }
  return p;
}

/**
 * Recomputes task t's effective priority and moves it in its queue; then
 * does the same for the task it is blocked on, as far as priorities change.
 * A FAULTED task is left as it is (its priority is its base one, set by
 * `detach`), and so is the rest of the chain.
 */
export function updatePrio(t: number): void {
  let hops = K.T;
  while (t >= 0 && hops > 0) {
    hops--;
    if (K.state[t] === TaskState.FAULTED) return;
    const p = effectivePrio(t);
    if (p === K.prio[t]) return;
    K.prio[t] = p;
    const st = K.state[t];
    let next = -1;
    if (st === TaskState.READY) {
      // A task being woken by a call is READY before it is queued.
      if (K.inQueue[t] >= 0) {
        qRemove(t);
        qAppend(p, t);
      }
    } else if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED || st === TaskState.RECV_BLOCKED || st === TaskState.NTFN_BLOCKED) {
      // Keep the wait queue sorted; a sender's new priority reaches the endpoint's owner.
      // (A receive queue that holds one task at most has no order to keep.)
      const q = K.inQueue[t];
      if (q >= 0 && (SHARED_RECV || st !== TaskState.RECV_BLOCKED)) {
        qRemove(t);
        qInsert(q, t);
      }
      if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) next = K.epOwner[waitingOnEndpoint(t)];
    } else if (st === TaskState.REPLY_BLOCKED) {
      next = waitingOnServer(t);
    }
    t = next;
  }
}

/**
 * A donor of priority p now waits on server s (queued on its endpoint, holding for its reply, or an IRQ delivered to it).
 * @inline
 */
export function donorArrived(s: number, p: number): void {
  if (DONATION && isMoreImportant(p, K.prio[s])) updatePrio(s);
}

/**
 * A donor of priority p no longer waits on server s.
 * @inline
 */
export function donorLeft(s: number, p: number): void {
  if (DONATION && K.prio[s] !== K.basePrio[s] && !isMoreImportant(K.prio[s], p)) updatePrio(s);
}

/** Checks a priority value from an app description or a test. */
export function validPrio(p: number): boolean {
  return p >= 0 && p < PRIORITIES;
}

/** Status helper so handlers can say "no status to write: the task blocked". */
export const BLOCKED = -1;
/** The handler wrote the whole result (status, kind, message) itself. */
export const WRITTEN = -2;
/** Status values at or below FAULTED_BASE are faults: FAULTED_BASE - code. */
export const FAULTED_BASE = -100;

