/** @noSelfInFile */
/**
 * Endpoints: synchronous IPC, send, receive (open and closed), call, reply,
 * and the delivery of IRQs to receivers.
 *
 * An endpoint has an owner (the task that receives on it) and two queues:
 * its send queue (`sendQueueOf`: SEND_BLOCKED and CALL_BLOCKED tasks, and
 * PENDING IRQs, by priority) and its receive queue (`recvQueueOf`:
 * RECV_BLOCKED tasks). A blocked task's `K.partner` is the endpoint; a
 * caller whose message was taken is REPLY_BLOCKED with `K.partner` the
 * server (see kernel/tables.ts).
 *
 * Handlers run for the current task t, which is READY (in a ready list)
 * and leaves it when it blocks. Every handler here takes checked arguments (ids already validated by the
 * syscall layer), does the whole transfer at once, and returns a result for
 * the dispatcher: a `Status` to write, `BLOCKED` (the task waits; its result
 * is written when it wakes) or `WRITTEN` (the handler wrote the result).
 *
 * A call's timeout bounds the whole call: the wait for a receiver and the
 * wait for the reply. Timeout 0 only refuses to wait for a receiver; once
 * the message is taken, the reply is awaited without limit.
 */
import { IrqState, Kind, Proven, Status, TaskState, TraceEvent } from "./codes";
import { takeBits } from "./notification";
import { qClear, qInsert, qRemove, qSet, recvQueueOf, sendQueueOf } from "./queue";
import { BLOCKED, WRITTEN, donorArrived, donorLeft, makeReady, makeReadyFirst, taskId, unready, waitingOnServer } from "./sched";
import { K } from "./tables";
import { startTimeout, timerRemove } from "./timer";
import { HOOKS } from "#hooks";
import { BUFFERS, CLOSED_RECV, DONATION, EPOCHS, IRQS, NOTIFICATIONS, SHARED_RECV } from "./features";

/**
 * Copies the `out` bytes of task src's buffer into task dst's buffer, up to
 * its size, and sets dst's `len` and `offered` (truncation is len < offered).
 * @inline
 */
export function copyBytes(src: number, dst: number): void {
  const d = K.ctx[dst];
  if (!BUFFERS) {
    // No task has a buffer: the syscall layer let only an `out` of 0 through.
    d.offered = 0;
    d.len = 0;
    return;
  }
  const s = K.ctx[src];
  const n = s.out;
  d.offered = n;
  if (n === 0) {
    d.len = 0;
    return;
  }
  const cap = d.buf.length;
  const m = n < cap ? n : cap;
  const from = s.buf;
  const to = d.buf;
  for (let i = 0; i < m; i++) to[i] = from[i] & 255;
  d.len = m;
}

/**
 * Hands IRQ i to receiver t: kind IRQ, `sender` the IRQ id, `w1` the edges
 * coalesced into this delivery, `w2` the first edge's time in µs. The IRQ
 * stays masked until it is acknowledged, with t as its handler
 * (`K.irqHandler`); the caller makes the IRQ's donation to t (kernel/irq.ts).
 */
export function deliverIrq(i: number, t: number): void {
  const c = K.ctx[t];
  c.status = Status.OK;
  c.kind = Kind.IRQ;
  c.sender = i;
  c.label = 0;
  c.w1 = K.irqCount[i];
  c.w2 = K.irqStamp[i];
  c.w3 = 0;
  c.len = 0;
  c.offered = 0;
  K.irqCount[i] = 0;
  K.irqState[i] = IrqState.MASKED;
  K.irqHandler[i] = t;
  K.latPending[i] = 1;
  K.latStamp[i] = c.w2;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, K.T + i, t, Kind.IRQ, c.w1);
}

/**
 * The first task in endpoint e's receive queue that accepts a message from
 * task index s (or, s = -2, an IRQ), or -1. Without closed receives every
 * receiver accepts any sender, and callers take the first one.
 * @inline
 */
export function findReceiver(e: number, s: number): number {
  let r = K.qHead[recvQueueOf(e)];
  while (r >= 0) {
    const f = K.filter[r];
    if (f < 0 || f === s) return r;
    r = K.next[r];
  }
  return -1;
}

/**
 * Task t sends (or calls, when `isCall`) on endpoint e. `proven`: the
 * words the build proved are 32-bit integers already (bits of `Proven`).
 * Result: OK (send delivered), BLOCKED (queued, or waiting for the reply), WOULD_BLOCK.
 * @hot
 * @inline
 */
export function sendIPC(t: number, e: number, isCall: boolean, label: number, w1: number, w2: number, w3: number, timeout: number, proven: number): number {
  const r = CLOSED_RECV ? findReceiver(e, t) : K.qHead[recvQueueOf(e)];
  if (r >= 0) {
    if (SHARED_RECV) qRemove(r);
    else qClear(recvQueueOf(e), r);
    timerRemove(r);
    const c = K.ctx[r];
    c.status = Status.OK;
    c.kind = Kind.MESSAGE;
    c.sender = taskId(t);
    c.label = (proven & Proven.LABEL) !== 0 ? label : label | 0;
    c.w1 = (proven & Proven.W1) !== 0 ? w1 : w1 | 0;
    c.w2 = (proven & Proven.W2) !== 0 ? w2 : w2 | 0;
    c.w3 = (proven & Proven.W3) !== 0 ? w3 : w3 | 0;
    copyBytes(t, r);
    K.transfers++;
    if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, t, r, Kind.MESSAGE, c.label);
    if (!isCall) {
      makeReady(r);
      return Status.OK;
    }
    unready(t);
    K.state[t] = TaskState.REPLY_BLOCKED;
    K.partner[t] = r;
    startTimeout(t, timeout);
    // READY before it is queued: a donation's priority update sees a ready task.
    if (DONATION) K.state[r] = TaskState.READY;
    donorArrived(r, K.prio[t]);
    makeReadyFirst(r);
    return BLOCKED;
  }
  if (timeout === 0) return Status.WOULD_BLOCK;
  unready(t);
  K.outLabel[t] = (proven & Proven.LABEL) !== 0 ? label : label | 0;
  K.outW1[t] = (proven & Proven.W1) !== 0 ? w1 : w1 | 0;
  K.outW2[t] = (proven & Proven.W2) !== 0 ? w2 : w2 | 0;
  K.outW3[t] = (proven & Proven.W3) !== 0 ? w3 : w3 | 0;
  K.state[t] = isCall ? TaskState.CALL_BLOCKED : TaskState.SEND_BLOCKED;
  K.partner[t] = e;
  qInsert(sendQueueOf(e), t);
  startTimeout(t, timeout);
  donorArrived(K.epOwner[e], K.prio[t]);
  return BLOCKED;
}

/**
 * Takes queued sender node s (a task or an IRQ) off endpoint e and delivers
 * its message to receiver t, which is running or about to run. The donation
 * of s moves from the endpoint's owner to t: a caller now waits for t's
 * reply, an IRQ is now MASKED with t as its handler (until `irqAck`).
 * @hot
 * @inline
 */
export function takeSender(t: number, e: number, s: number): void {
  qRemove(s);
  const owner = K.epOwner[e];
  const sp = K.prio[s];
  if (IRQS && s >= K.T) {
    deliverIrq(s - K.T, t);
    if (owner !== t) {
      donorLeft(owner, sp);
      donorArrived(t, sp);
    }
    return;
  }
  const c = K.ctx[t];
  c.status = Status.OK;
  c.kind = Kind.MESSAGE;
  c.sender = taskId(s);
  c.label = K.outLabel[s];
  c.w1 = K.outW1[s];
  c.w2 = K.outW2[s];
  c.w3 = K.outW3[s];
  copyBytes(s, t);
  K.transfers++;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, s, t, Kind.MESSAGE, c.label);
  if (K.state[s] === TaskState.CALL_BLOCKED) {
    K.state[s] = TaskState.REPLY_BLOCKED;
    K.partner[s] = t;
    if (owner !== t) {
      donorLeft(owner, sp);
      donorArrived(t, sp);
    }
    return;
  }
  timerRemove(s);
  const sc = K.ctx[s];
  sc.status = Status.OK;
  sc.kind = Kind.NONE;
  makeReady(s);
  donorLeft(owner, sp);
}

/**
 * Task t receives on endpoint e: from anyone (`from` = -1) or only from task
 * index `from` (closed receive; IRQs and other senders stay queued; when
 * `from` faults or is restarted, t wakes with PEER_DEAD: see `detach` in
 * kernel/fault.ts). A bound notification with bits set is taken first.
 * Result: WRITTEN (a message, IRQ or notification arrived), BLOCKED, WOULD_BLOCK.
 * @hot
 * @inline
 */
export function recvIPC(t: number, e: number, from: number, timeout: number): number {
  // (One if that returns: the build expands this body into the syscall's without a loop.)
  if (NOTIFICATIONS && K.bound[t] >= 0 && from < 0 && K.ntfnWord[K.bound[t]] !== 0) {
    takeBits(t, K.bound[t]);
    return WRITTEN;
  }
  let s = -1;
  if (!CLOSED_RECV || from < 0) s = K.qHead[sendQueueOf(e)];
  else if (K.inQueue[from] === sendQueueOf(e)) s = from;
  if (s >= 0) {
    takeSender(t, e, s);
    return WRITTEN;
  }
  if (timeout === 0) return Status.WOULD_BLOCK;
  unready(t);
  K.state[t] = TaskState.RECV_BLOCKED;
  K.partner[t] = e;
  K.filter[t] = from;
  // A queue that can hold one task at most has no order to keep.
  if (SHARED_RECV) qInsert(recvQueueOf(e), t);
  else qSet(recvQueueOf(e), t);
  startTimeout(t, timeout);
  return BLOCKED;
}

/**
 * Task t replies to task index c, named by `id`, an id of epoch g = id >>> 8
 * of c's current incarnation (the syscall layer turned away stale ids). A reply reaches
 * only the call it answers: that call's caller sent with the id of its
 * epoch then, and the epoch advances when a delivered call ends without a
 * reply (timeout), so an id that is not c's current one names a call that
 * has ended, even if c has called t again since.
 * Result, in this order: PEER_DEAD (c faulted), NOT_WAITING (g is not c's
 * current epoch, or c is not waiting for t's reply), OK. `proven`: the
 * words the build proved are 32-bit integers already (bits of `Proven`).
 * @hot
 * @inline
 */
export function replyIPC(t: number, c: number, id: number, label: number, w1: number, w2: number, w3: number, proven: number): number {
  if (K.state[c] === TaskState.FAULTED) return Status.PEER_DEAD;
  // Without epochs every id's epoch is 0, which the syscall layer let through: the current one.
  if ((EPOCHS && id >>> 8 !== K.gen[c]) || K.state[c] !== TaskState.REPLY_BLOCKED || waitingOnServer(c) !== t) return Status.NOT_WAITING;
  timerRemove(c);
  const x = K.ctx[c];
  x.status = Status.OK;
  x.kind = Kind.REPLY;
  x.sender = taskId(t);
  x.label = (proven & Proven.LABEL) !== 0 ? label : label | 0;
  x.w1 = (proven & Proven.W1) !== 0 ? w1 : w1 | 0;
  x.w2 = (proven & Proven.W2) !== 0 ? w2 : w2 | 0;
  x.w3 = (proven & Proven.W3) !== 0 ? w3 : w3 | 0;
  copyBytes(t, c);
  K.transfers++;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, t, c, Kind.REPLY, x.label);
  makeReady(c);
  donorLeft(t, K.prio[c]);
  return Status.OK;
}
