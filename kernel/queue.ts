/** @noSelfInFile */
/**
 * Intrusive queues over node links, and the timer list.
 *
 * Every queue is a doubly linked list threaded through `K.next`/`K.prev`;
 * `K.inQueue[n]` names the queue a node is in. Ready lists are plain FIFOs;
 * endpoint and notification queues are sorted by priority, FIFO among equal
 * priorities. These helpers also keep `K.readyBits` in step with the ready
 * lists, so no caller can forget it.
 */
import { PRIORITIES } from "./codes";
import { K } from "./tables";
import { TIMERS } from "./features";

/**
 * Appends node n at the tail of queue q. Precondition: n is in no queue.
 * @inline
 */
export function qAppend(q: number, n: number): void {
  const tail = K.qTail[q];
  K.prev[n] = tail;
  K.next[n] = -1;
  if (tail < 0) K.qHead[q] = n;
  else K.next[tail] = n;
  K.qTail[q] = n;
  K.inQueue[n] = q;
  if (q < PRIORITIES) K.readyBits = K.readyBits | (1 << q);
}

/**
 * Puts node n at the head of queue q. Precondition: n is in no queue.
 * @inline
 */
export function qPush(q: number, n: number): void {
  const head = K.qHead[q];
  K.next[n] = head;
  K.prev[n] = -1;
  if (head < 0) K.qTail[q] = n;
  else K.prev[head] = n;
  K.qHead[q] = n;
  K.inQueue[n] = q;
  if (q < PRIORITIES) K.readyBits = K.readyBits | (1 << q);
}

/**
 * Inserts node n into queue q after every node at least as important as it
 * (`K.prio`): priority order, FIFO among equals. Precondition: n is in no queue.
 */
export function qInsert(q: number, n: number): void {
  const p = K.prio[n];
  let at = K.qTail[q];
  while (at >= 0 && K.prio[at] > p) at = K.prev[at];
  if (at < 0) {
    qPush(q, n);
    return;
  }
  const after = K.next[at];
  K.prev[n] = at;
  K.next[n] = after;
  K.next[at] = n;
  if (after < 0) K.qTail[q] = n;
  else K.prev[after] = n;
  K.inQueue[n] = q;
}

/**
 * Takes node n out of whatever queue it is in (no-op when in none).
 * @inline
 */
export function qRemove(n: number): void {
  const q = K.inQueue[n];
  if (q < 0) return;
  const p = K.prev[n];
  const x = K.next[n];
  if (p < 0) K.qHead[q] = x;
  else K.next[p] = x;
  if (x < 0) K.qTail[q] = p;
  else K.prev[x] = p;
  K.next[n] = -1;
  K.prev[n] = -1;
  K.inQueue[n] = -1;
  if (q < PRIORITIES && K.qHead[q] < 0) K.readyBits = K.readyBits & ~(1 << q);
}

/** Tells the host about the earliest deadline, when it changed. One alarm, tickless. */
export function armAlarm(): void {
  if (!TIMERS) return;
  const h = K.timerHead;
  if (h < 0) {
    if (K.alarmSet !== 0) {
      K.alarmSet = 0;
      K.host.cancelAlarm();
    }
    return;
  }
  const d = K.deadline[h];
  if (K.alarmSet === 0 || K.alarmTick !== d) {
    K.alarmSet = 1;
    K.alarmTick = d;
    K.host.setAlarm(d);
  }
}

/**
 * Puts task t in the timer list at `tick`, kept sorted by deadline with
 * wrap-safe comparisons (all deadlines lie within 2^30 ticks of now).
 * Precondition: t is not in the timer list.
 */
export function timerInsert(t: number, tick: number): void {
  // An app without timeouts passes none (the build checked): this is never reached there.
  if (!TIMERS) return;
  K.deadline[t] = tick;
  K.inTimer[t] = 1;
  let prev = -1;
  let at = K.timerHead;
  while (at >= 0 && ((K.deadline[at] - tick) | 0) <= 0) {
    prev = at;
    at = K.tNext[at];
  }
  K.tPrev[t] = prev;
  K.tNext[t] = at;
  if (at >= 0) K.tPrev[at] = t;
  if (prev < 0) {
    K.timerHead = t;
    armAlarm();
  } else {
    K.tNext[prev] = t;
  }
}

/**
 * Takes task t out of the timer list (no-op when it is not in it).
 * @inline
 */
export function timerRemove(t: number): void {
  if (!TIMERS) return;
  if (K.inTimer[t] === 0) return;
  const p = K.tPrev[t];
  const x = K.tNext[t];
  if (x >= 0) K.tPrev[x] = p;
  if (p >= 0) {
    K.tNext[p] = x;
  } else {
    K.timerHead = x;
    armAlarm();
  }
  K.inTimer[t] = 0;
  K.tNext[t] = -1;
  K.tPrev[t] = -1;
}

