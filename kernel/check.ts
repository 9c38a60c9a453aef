/** @noSelfInFile */
/**
 * The debug invariant checker: run after every step in tests and the
 * simulator's debug mode. Throws an Error naming the first broken invariant.
 *
 * - every node is in exactly the queue its state implies, and queue links,
 *   heads, tails and `readyBits` agree;
 * - endpoint and notification queues are sorted by priority;
 * - the timer list is sorted and holds exactly the tasks with a deadline,
 *   and the host alarm is set for its head;
 * - effective priorities equal what donation implies (callers, queued
 *   senders, MASKED IRQs; a FAULTED task at its base priority);
 * - each task's `id` register is its current id;
 * - no message is lost: no receiver waits while a sender it would accept is
 *   queued, no waiter sleeps on a notification with bits set, no caller
 *   waits on a faulted server, no closed receive names a faulted task, and
 *   IRQ states match where the IRQ is;
 * - an IRQ has a handler exactly when it is MASKED: a task, the
 *   notification's owner for a notification IRQ.
 */
import { IrqState, PRIORITIES, TaskState } from "./codes";
import { recvQueueOf, sendQueueOf, waitQueueOf } from "./queue";
import { effectivePrio, taskId, waitingOnEndpoint, waitingOnNotification, waitingOnServer } from "./sched";
import { K } from "./tables";
import { SHARED_PRIO, SHARED_RECV } from "./features";

function fail(what: string): void {
  throw new Error("kernel invariant broken: " + what);
}

function checkQueue(q: number): void {
  let n = K.qHead[q];
  let prev = -1;
  let count = 0;
  const max = K.T + K.I;
  while (n >= 0) {
    if (K.inQueue[n] !== q) fail("node " + n + " linked in queue " + q + " but inQueue says " + K.inQueue[n]);
    if (K.prev[n] !== prev) fail("node " + n + " in queue " + q + " has prev " + K.prev[n] + ", expected " + prev);
    if (q >= PRIORITIES && prev >= 0 && K.prio[prev] > K.prio[n]) fail("queue " + q + " not sorted at node " + n);
    count++;
    if (count > max) fail("queue " + q + " has a cycle");
    prev = n;
    n = K.next[n];
  }
  // A queue the build proved holds one node at most keeps no tail (kernel/queue.ts).
  const single = (q < PRIORITIES && !SHARED_PRIO) || (q >= K.qRecv && q < K.qRecv + K.E && !SHARED_RECV);
  if (K.qTail[q] !== (single ? -1 : prev)) fail("queue " + q + " tail " + K.qTail[q] + ", expected " + (single ? -1 : prev));
  if (q < PRIORITIES) {
    const bit = (K.readyBits >>> q) & 1;
    if ((bit === 1) !== (K.qHead[q] >= 0)) fail("readyBits disagree with ready list " + q);
  }
}

function expectQueue(t: number, q: number, name: string): void {
  if (K.inQueue[t] !== q) fail("task " + name + " in state " + K.state[t] + " should be in queue " + q + " but is in " + K.inQueue[t]);
}

export function checkInvariants(): void {
  const T = K.T;
  const Q = PRIORITIES + 2 * K.E + K.N;
  for (let q = 0; q < Q; q++) checkQueue(q);
  for (let t = 0; t < T; t++) {
    const name = K.names[t];
    const st = K.state[t];
    switch (st) {
      case TaskState.READY:
        expectQueue(t, K.prio[t], name);
        if (K.inTimer[t] !== 0) fail("ready task " + name + " is in the timer list");
        break;
      case TaskState.SEND_BLOCKED:
      case TaskState.CALL_BLOCKED:
        expectQueue(t, sendQueueOf(waitingOnEndpoint(t)), name);
        break;
      case TaskState.RECV_BLOCKED: {
        const e = waitingOnEndpoint(t);
        expectQueue(t, recvQueueOf(e), name);
        const f = K.filter[t];
        const h = K.qHead[sendQueueOf(e)];
        if (f < 0 && h >= 0) fail("task " + name + " waits in open receive while node " + h + " is queued");
        if (f >= 0 && K.inQueue[f] === sendQueueOf(e)) fail("task " + name + " waits for task " + f + " which is queued");
        if (f >= 0 && K.state[f] === TaskState.FAULTED) fail("task " + name + " waits in a closed receive for faulted task " + K.names[f]);
        const b = K.bound[t];
        if (f < 0 && b >= 0 && K.ntfnWord[b] !== 0) fail("task " + name + " waits in receive while its bound notification has bits");
        break;
      }
      case TaskState.NTFN_BLOCKED: {
        const n = waitingOnNotification(t);
        expectQueue(t, waitQueueOf(n), name);
        if (K.ntfnWord[n] !== 0) fail("task " + name + " waits on notification " + n + " which has bits");
        break;
      }
      case TaskState.REPLY_BLOCKED: {
        const p = waitingOnServer(t);
        expectQueue(t, -1, name);
        if (p < 0 || p >= T) fail("task " + name + " waits for the reply of bad task " + p);
        else if (K.state[p] === TaskState.FAULTED) fail("task " + name + " waits for the reply of faulted task " + K.names[p]);
        break;
      }
      case TaskState.SLEEPING:
        expectQueue(t, -1, name);
        if (K.inTimer[t] === 0) fail("sleeping task " + name + " is not in the timer list");
        break;
      case TaskState.FAULTED:
        expectQueue(t, -1, name);
        if (K.inTimer[t] !== 0) fail("faulted task " + name + " is in the timer list");
        break;
      default:
        fail("task " + name + " in impossible state " + st);
    }
    if (K.prio[t] !== effectivePrio(t)) {
      fail("task " + name + " runs at priority " + K.prio[t] + " but donation implies " + effectivePrio(t));
    }
    if (K.ctx[t].id !== taskId(t)) fail("task " + name + " has id " + K.ctx[t].id + " but its current id is " + taskId(t));
  }
  for (let i = 0; i < K.I; i++) {
    const node = K.T + i;
    const st = K.irqState[i];
    const queued = K.inQueue[node] >= 0;
    if (queued && (st !== IrqState.PENDING || K.inQueue[node] !== sendQueueOf(K.irqEp[i]))) fail("irq " + i + " queued in state " + st);
    if (st === IrqState.PENDING && !queued) fail("irq " + i + " pending but not queued");
    if (st === IrqState.ARMED && K.irqCount[i] !== 0) fail("armed irq " + i + " has a count");
    const h = K.irqHandler[i];
    if (st === IrqState.MASKED) {
      if (h < 0 || h >= T) fail("masked irq " + i + " has no handler");
      else if (K.irqNtfn[i] >= 0 && h !== K.ntfnOwner[K.irqNtfn[i]]) fail("masked irq " + i + " has handler " + K.names[h] + ", not its notification's owner");
    } else if (h !== -1) {
      fail("irq " + i + " in state " + st + " has handler " + h);
    }
  }
  let n = K.timerHead;
  let prev = -1;
  let count = 0;
  while (n >= 0) {
    if (K.inTimer[n] !== 1) fail("task " + n + " linked in the timer list but not marked");
    if (K.tPrev[n] !== prev) fail("timer list link broken at task " + n);
    if (prev >= 0 && ((K.deadline[n] - K.deadline[prev]) | 0) < 0) fail("timer list not sorted at task " + n);
    count++;
    if (count > T) fail("timer list has a cycle");
    prev = n;
    n = K.tNext[n];
  }
  let marked = 0;
  for (let t = 0; t < T; t++) marked += K.inTimer[t];
  if (marked !== count) fail("timer marks (" + marked + ") disagree with the timer list (" + count + ")");
  if (K.timerHead >= 0 && (K.alarmSet === 0 || K.alarmTick !== K.deadline[K.timerHead])) fail("alarm not set for the earliest deadline");
}
