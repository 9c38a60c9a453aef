/** @noSelfInFile */
/**
 * Notifications: a word of bits per notification, ORed by `signal` (from a
 * task, the host or an IRQ) and taken whole, cleared, by the waiter.
 *
 * `signalNtfn` never blocks: it ORs the bits in and wakes the first task in
 * the notification's wait queue, or its owner when the notification is
 * bound to it and it waits in an open receive (kernel/endpoint.ts
 * `recvIPC` takes a bound notification's bits first). `waitNtfn` takes the
 * bits or blocks (NTFN_BLOCKED, `K.partner` the notification). Handlers
 * return a result for the dispatcher (kernel/syscalls.ts), as the endpoint
 * handlers do.
 */
import { Kind, Status, TaskState, TraceEvent } from "./codes";
import { qInsert, qRemove, waitQueueOf } from "./queue";
import { BLOCKED, WRITTEN, makeReady } from "./sched";
import { K } from "./tables";
import { CLOSED_RECV } from "./features";
import { startTimeout, timerRemove } from "./timer";
import { HOOKS } from "#hooks";

/** Moves the bits of notification n into task t's registers (kind NOTIFICATION). */
export function takeBits(t: number, n: number): void {
  const c = K.ctx[t];
  c.status = Status.OK;
  c.kind = Kind.NOTIFICATION;
  c.sender = n;
  c.label = 0;
  c.w1 = K.ntfnWord[n];
  c.w2 = 0;
  c.w3 = 0;
  c.len = 0;
  c.offered = 0;
  K.ntfnWord[n] = 0;
}

/**
 * ORs bits into notification n and wakes its first waiter, or its bound
 * owner if that waits in an open receive. Never blocks; callable from a host
 * callback.
 */
export function signalNtfn(n: number, bits: number): void {
  K.ntfnWord[n] = K.ntfnWord[n] | bits;
  let w = K.qHead[waitQueueOf(n)];
  if (w < 0) {
    const o = K.ntfnOwner[n];
    if (K.bound[o] !== n || K.state[o] !== TaskState.RECV_BLOCKED || (CLOSED_RECV && K.filter[o] >= 0)) return;
    w = o;
  }
  qRemove(w);
  timerRemove(w);
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, -1 - n, w, Kind.NOTIFICATION, K.ntfnWord[n]);
  takeBits(w, n);
  makeReady(w);
}

/** Task t waits on notification n. Result: WRITTEN (bits taken), BLOCKED, WOULD_BLOCK. */
export function waitNtfn(t: number, n: number, timeout: number): number {
  if (K.ntfnWord[n] !== 0) {
    takeBits(t, n);
    return WRITTEN;
  }
  if (timeout === 0) return Status.WOULD_BLOCK;
  qRemove(t);
  K.state[t] = TaskState.NTFN_BLOCKED;
  K.partner[t] = n;
  qInsert(waitQueueOf(n), t);
  startTimeout(t, timeout);
  return BLOCKED;
}
