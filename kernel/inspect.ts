/** @noSelfInFile */
/**
 * Read-only views of the kernel's tables for the simulator's test kit
 * (sim/testing.ts), the differential test and the tools: queue contents in
 * order, notification words, IRQ states and counts, fault records, where a
 * task waits, and which host the kernel was booted on. Nothing here writes
 * a table. Board bundles leave this module out: it is reached through
 * kernel/checked.ts, as validation and the invariant checker are.
 *
 * Queue contents are queue nodes, head first: a task index t, or T + i for
 * IRQ i waiting in an endpoint's send queue (`taskCount()` is T).
 */
import { PRIORITIES } from "./codes";
import { recvQueueOf, sendQueueOf, waitQueueOf } from "./queue";
import { K, KernelHost } from "./tables";

/** Where a task waits: the kind of queue it is in (see `queueKind`). */
export const enum QueueKind {
  NONE = 0,
  READY = 1,
  SEND = 2,
  RECV = 3,
  WAIT = 4,
}

/**
 * The nodes of queue q, head first (a fresh array). A queue holds each node
 * at most once; links broken into a cycle stop after one node more than
 * there are (which the invariant checker reports), never hang the reader.
 */
function nodesOf(q: number): number[] {
  const out: number[] = [];
  const max = K.T + K.I;
  let n = K.qHead[q];
  while (n >= 0 && out.length <= max) {
    out.push(n);
    n = K.next[n];
  }
  return out;
}

/** The tasks in the ready list of priority p (0..PRIORITIES-1), head first: the next to run first. */
export function readyList(p: number): number[] {
  return nodesOf(p);
}

/** The senders queued on endpoint e, in the order they will be received. */
export function sendQueue(e: number): number[] {
  return nodesOf(sendQueueOf(e));
}

/** The tasks waiting to receive on endpoint e, in the order they came. */
export function recvQueue(e: number): number[] {
  return nodesOf(recvQueueOf(e));
}

/** The tasks waiting on notification n, in the order they will be woken. */
export function waitQueue(n: number): number[] {
  return nodesOf(waitQueueOf(n));
}

/** The kind of queue task t is in (`QueueKind`). */
export function queueKind(t: number): number {
  const q = K.inQueue[t];
  if (q < 0) return QueueKind.NONE;
  if (q < PRIORITIES) return QueueKind.READY;
  if (q < K.qRecv) return QueueKind.SEND;
  if (q < K.qNtfn) return QueueKind.RECV;
  return QueueKind.WAIT;
}

/** The object of the queue task t is in: the priority of a ready list, the endpoint, the notification; -1 for none. */
export function queueObject(t: number): number {
  const q = K.inQueue[t];
  if (q < 0) return -1;
  if (q < PRIORITIES) return q;
  if (q < K.qRecv) return q - K.qSend;
  if (q < K.qNtfn) return q - K.qRecv;
  return q - K.qNtfn;
}

/** Task t's priority from the app description (`taskPriority` is the effective one, after donation). */
export function basePriority(t: number): number {
  return K.basePrio[t];
}

/** The bits set in notification n's word, not yet taken. */
export function notificationWord(n: number): number {
  return K.ntfnWord[n];
}

/** IRQ i's state (`IrqState`). */
export function irqState(i: number): number {
  return K.irqState[i];
}

/**
 * The edges IRQ i has counted and not yet handed to a handler: while
 * PENDING, those of the delivery that waits (the first included); while
 * MASKED, those that came since its delivery (delivered again at `irqAck`);
 * 0 when ARMED.
 */
export function irqCount(i: number): number {
  return K.irqCount[i];
}

/** The task a MASKED IRQ i was delivered to and donates its priority to until `irqAck`, or -1. */
export function irqHandler(i: number): number {
  return K.irqHandler[i];
}

/** Task t's fault record: the syscall its faulting step issued (`Sys`, NONE for none). */
export function faultSyscall(t: number): number {
  return K.faultSys[t];
}

/** Task t's fault record: the tick it faulted at. */
export function faultTick(t: number): number {
  return K.faultTick[t];
}

/** The host the kernel was last booted on (one kernel runs at a time: the latest boot's). */
export function bootedHost(): KernelHost {
  return K.host;
}
