/** @noSelfInFile */
/**
 * IRQs: interrupts as senders, their states, delivery, donation and latency.
 *
 * A host event (pin edge, timer) calls `raiseIrq` with the edge's time in µs.
 * An ARMED IRQ becomes PENDING and is delivered at once: to its notification
 * (OR its bit) or to its endpoint, where a waiting open receiver takes it
 * now or it waits in the send queue at its own priority, like a task (the
 * hand-over to a receiver, `deliverIrq`, is kernel/endpoint.ts's). While
 * PENDING or MASKED, further edges are only counted; nothing is queued, so
 * nothing can overflow and nothing is lost. `ackIrq` unmasks, and delivers
 * again at once if edges were counted meanwhile.
 *
 * Delivery makes the IRQ MASKED with a handler (`K.irqHandler`): for an
 * endpoint IRQ the task that took it (the receiver found waiting, or the
 * task whose receive took it from the send queue), for a notification IRQ
 * the notification's owner. While MASKED the IRQ donates its priority
 * (`K.prio[T + i]`) to its handler, as a caller waiting for its reply
 * donates to the server (kernel/sched.ts), so the step that handles it runs
 * at the IRQ's priority; the donation ends at `irqAck`. While PENDING in a
 * send queue it donates to the endpoint's owner like any queued sender.
 *
 * A handler never goes deaf: when it faults or is restarted
 * (`unmaskIrqsOf`, called by kernel/fault.ts), each IRQ MASKED with it as
 * handler is unmasked as `irqAck` would: ARMED when no edge was counted
 * meanwhile, else delivered again at once (to a notification whose owner is
 * faulted the bit waits for the next incarnation; on an endpoint with no
 * receiver waiting it waits in the send queue for the next incarnation's
 * receive).
 *
 * Latency, from the first edge's time to the start of the handler's step,
 * is kept per IRQ: min, max, count and a histogram of `IRQ_BUCKETS` buckets
 * (bucket 0 holds 0 µs, bucket b holds 2^(b-1) .. 2^b - 1 µs, the last one
 * everything above).
 */
import { IrqState, PRIORITIES, Status, TraceEvent } from "./codes";
import { deliverIrq, findReceiver } from "./endpoint";
import { signalNtfn } from "./notification";
import { qInsert, qRemove, recvQueueOf, sendQueueOf } from "./queue";
import { donorArrived, donorLeft, isMoreImportant, makeReady } from "./sched";
import { K } from "./tables";
import { timerRemove } from "./timer";
import { HOOKS } from "#hooks";
import { CLOSED_RECV, IRQS, NOTIFICATIONS } from "./features";

export const IRQ_BUCKETS = 24;

/**
 * Delivers PENDING IRQ i to its target, or queues it on its endpoint. In
 * this order: to a notification, OR its bit (waking a waiter), then MASKED
 * with the notification's owner as handler, which gets the donation; to an
 * endpoint, the first open receiver waiting takes it (MASKED, handler the
 * receiver, donation, then ready at the tail of its priority), else it is
 * queued in the send queue at its priority and donates to the owner.
 */
function deliverOrQueue(i: number): void {
  const node = K.T + i;
  const n = K.irqNtfn[i];
  if (NOTIFICATIONS && n >= 0) {
    K.irqCount[i] = 0;
    K.latPending[i] = 1;
    K.latStamp[i] = K.irqStamp[i];
    signalNtfn(n, 1 << K.irqBit[i]);
    const o = K.ntfnOwner[n];
    K.irqState[i] = IrqState.MASKED;
    K.irqHandler[i] = o;
    donorArrived(o, K.prio[node]);
    return;
  }
  const e = K.irqEp[i];
  const r = CLOSED_RECV ? findReceiver(e, -2) : K.qHead[recvQueueOf(e)];
  if (r >= 0) {
    qRemove(r);
    timerRemove(r);
    deliverIrq(i, r);
    donorArrived(r, K.prio[node]);
    makeReady(r);
    return;
  }
  qInsert(sendQueueOf(e), node);
  donorArrived(K.epOwner[e], K.prio[node]);
}

/**
 * Unmasks MASKED IRQ i: its donation to its handler is withdrawn; ARMED when
 * no edge was counted meanwhile, else PENDING and delivered again at once.
 */
function unmask(i: number): void {
  const h = K.irqHandler[i];
  K.irqHandler[i] = -1;
  K.irqState[i] = K.irqCount[i] === 0 ? IrqState.ARMED : IrqState.PENDING;
  donorLeft(h, K.prio[K.T + i]);
  if (K.irqState[i] === IrqState.PENDING) deliverOrQueue(i);
}

/**
 * Unmasks every IRQ MASKED with task t as its handler, in index order, as
 * `ackIrq` does (see the module comment): t faulted or is being restarted.
 */
export function unmaskIrqsOf(t: number): void {
  const I = K.I;
  for (let i = 0; i < I; i++) {
    if (K.irqState[i] === IrqState.MASKED && K.irqHandler[i] === t) unmask(i);
  }
}

/**
 * The host's entry for an edge of IRQ i at time `stamp` (µs, wrapping 32-bit;
 * a fraction is floored first: `| 0` alone truncates on JS but rounds with
 * Lua's bit library). Never blocks, never allocates, never throws. `i` must
 * be an integer in 0..I-1 and `stamp` a finite number; anything else (a
 * string, even "0", undefined, a fraction, NaN, Infinity) is ignored and
 * counted (`badHostCalls`).
 */
export function raiseIrq(i: number, stamp: number): void {
  // typeof first: on Lua a bit operation on a non-number raises into the host. `x - x` is 0 only for a finite x.
  if (typeof i !== "number" || (i | 0) !== i || i < 0 || i >= K.I || typeof stamp !== "number" || stamp - stamp !== 0) {
    K.badHostCalls++;
    return;
  }
  const st = K.irqState[i];
  const us = Math.floor(stamp) | 0;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.IRQ, i, us, st, 0);
  if (st !== IrqState.ARMED) {
    if (K.irqCount[i] === 0) K.irqStamp[i] = us;
    K.irqCount[i] = (K.irqCount[i] + 1) | 0;
    return;
  }
  K.irqState[i] = IrqState.PENDING;
  K.irqCount[i] = 1;
  K.irqStamp[i] = us;
  deliverOrQueue(i);
}

/**
 * Acknowledges IRQ i (checked id): its donation to its handler ends; edges
 * counted meanwhile are delivered again at once (and donate to their new
 * handler). Result: OK, NOT_PENDING (it was not masked).
 */
export function ackIrq(i: number): number {
  if (K.irqState[i] !== IrqState.MASKED) return Status.NOT_PENDING;
  unmask(i);
  return Status.OK;
}

/** Records the latency of IRQ i, whose handler t's step starts now. */
export function recordLatency(i: number, t: number): void {
  K.latPending[i] = 0;
  let lat = (K.host.micros() - K.latStamp[i]) | 0;
  if (lat < 0) lat = 0;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.IRQ_HANDLED, i, lat, t, 0);
  if (K.latCount[i] === 0 || lat < K.latMin[i]) K.latMin[i] = lat;
  if (lat > K.latMax[i]) K.latMax[i] = lat;
  K.latCount[i] = (K.latCount[i] + 1) | 0;
  let b = 0;
  let v = lat;
  while (v > 0 && b < IRQ_BUCKETS - 1) {
    v = Math.floor(v / 2);
    b++;
  }
  const h = i * IRQ_BUCKETS + b;
  K.latHist[h] = (K.latHist[h] + 1) | 0;
}

/** Records latencies for the IRQs whose bits of notification n task t's step brings. */
export function recordNtfnLatency(n: number, bits: number, t: number): void {
  const I = K.I;
  for (let i = 0; i < I; i++) {
    if (K.latPending[i] !== 0 && K.irqNtfn[i] === n && ((bits >>> K.irqBit[i]) & 1) === 1) recordLatency(i, t);
  }
}

/**
 * The most important priority an IRQ's delivery can make its handler run
 * at: for each IRQ, the more important of its own priority and its
 * handler's (the owner of the endpoint or notification it is delivered to:
 * a delivered IRQ donates its priority until `irqAck`), the most important
 * of those over the app's IRQs; `PRIORITIES` without IRQs. Read from the
 * tables, so call it after `boot` (before any donation). A step of a task
 * picked at a less important priority may be followed by a handler's
 * step: the hosts end a slice after it (`run`'s `urgent`).
 */
export function urgentPriority(): number {
  let u = PRIORITIES;
  const I = K.I;
  for (let i = 0; IRQS && i < I; i++) {
    const e = K.irqEp[i];
    const h = e >= 0 ? K.epOwner[e] : K.ntfnOwner[K.irqNtfn[i]];
    let p = K.prio[K.T + i];
    if (isMoreImportant(K.prio[h], p)) p = K.prio[h];
    if (isMoreImportant(p, u)) u = p;
  }
  return u;
}
