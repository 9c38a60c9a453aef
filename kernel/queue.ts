/** @noSelfInFile */
/**
 * Intrusive queues over node links, and the queue ids.
 *
 * Every queue is a doubly linked list threaded through `K.next`/`K.prev`;
 * `K.inQueue[n]` names the queue a node is in. Ready lists are plain FIFOs;
 * endpoint and notification queues are sorted by priority, FIFO among equal
 * priorities. These helpers also keep `K.readyBits` in step with the ready
 * lists, so no caller can forget it.
 *
 * Queue ids (see kernel/tables.ts): the ready list of priority p is queue p
 * (ids below PRIORITIES are ready lists); then the endpoints' send queues
 * (`sendQueueOf`), their receive queues (`recvQueueOf`) and the
 * notifications' wait queues (`waitQueueOf`). The objects own what waits in
 * their queues (kernel/endpoint.ts, kernel/notification.ts); this module
 * owns only the links.
 */
import { PRIORITIES } from "./codes";
import { K } from "./tables";

/**
 * The id of endpoint e's send queue (tasks and IRQs waiting to be received).
 * @inline
 */
export function sendQueueOf(e: number): number {
  return K.qSend + e;
}

/**
 * The id of endpoint e's receive queue (tasks waiting in a receive).
 * @inline
 */
export function recvQueueOf(e: number): number {
  return K.qRecv + e;
}

/**
 * The id of notification n's wait queue (tasks waiting for its bits).
 * @inline
 */
export function waitQueueOf(n: number): number {
  return K.qNtfn + n;
}

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

/*
 * Queues the build proved hold one node at most (kernel/features.ts:
 * SHARED_PRIO off for ready lists, SHARED_RECV off for receive queues):
 * no generic insert ever reaches them, so their tail is never read and not
 * kept (it stays -1, as every `qRemove` leaves it there); a node in one has
 * its links at -1. The ready list's version keeps `K.readyBits`.
 */

/**
 * Puts node n into queue q (a receive queue holding one task at most); q is empty, n in no queue.
 * @inline
 */
export function qSet(q: number, n: number): void {
  K.qHead[q] = n;
  K.inQueue[n] = q;
}

/**
 * Takes node n out of queue q (a receive queue holding one task at most, so only n).
 * @inline
 */
export function qClear(q: number, n: number): void {
  K.qHead[q] = -1;
  K.inQueue[n] = -1;
}

/**
 * Puts task t into the ready list of priority p, which holds no other task.
 * @inline
 */
export function readySet(p: number, t: number): void {
  K.qHead[p] = t;
  K.inQueue[t] = p;
  K.readyBits = K.readyBits | (1 << p);
}

/**
 * Takes task t out of the ready list of priority p, which holds only t.
 * @inline
 */
export function readyClear(p: number, t: number): void {
  K.qHead[p] = -1;
  K.inQueue[t] = -1;
  K.readyBits = K.readyBits & ~(1 << p);
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
