/** @noSelfInFile */
/**
 * Interrupts as senders.
 *
 * A host event (pin edge, timer) calls `raiseIrq` with the edge's time in µs.
 * An ARMED IRQ becomes PENDING and is delivered at once: to its notification
 * (OR its bit) or to its endpoint, where a waiting open receiver takes it
 * now or it waits in the send queue at its own priority, like a task. While
 * PENDING or MASKED, further edges are only counted; nothing is queued, so
 * nothing can overflow and nothing is lost. `ackIrq` unmasks, and delivers
 * again at once if edges were counted meanwhile.
 *
 * Latency, from the first edge's time to the start of the handler's step,
 * is kept per IRQ: min, max, count and a histogram of `IRQ_BUCKETS` buckets
 * (bucket 0 holds 0 µs, bucket b holds 2^(b-1) .. 2^b - 1 µs, the last one
 * everything above).
 */
import { IrqState, Status, TraceEvent } from "./codes";
import { deliverIrq, findReceiver, signalNtfn } from "./ipc";
import { qInsert, qRemove, timerRemove } from "./queue";
import { donorArrived, makeReady } from "./sched";
import { K } from "./tables";
import { HOOKS } from "#hooks";

export const IRQ_BUCKETS = 24;

/** Delivers PENDING IRQ i to its target, or queues it on its endpoint. */
function deliverOrQueue(i: number): void {
  const n = K.irqNtfn[i];
  if (n >= 0) {
    K.irqState[i] = IrqState.MASKED;
    K.irqCount[i] = 0;
    K.latPending[i] = 1;
    K.latStamp[i] = K.irqStamp[i];
    signalNtfn(n, 1 << K.irqBit[i]);
    return;
  }
  const e = K.irqEp[i];
  const r = findReceiver(e, -2);
  if (r >= 0) {
    qRemove(r);
    timerRemove(r);
    deliverIrq(i, r);
    makeReady(r);
    return;
  }
  const node = K.T + i;
  qInsert(K.qSend + e, node);
  donorArrived(K.epOwner[e], K.prio[node]);
}

/**
 * The host's entry for an edge of IRQ i at time `stamp` (µs, wrapping 32-bit;
 * a fraction is floored first: `| 0` alone truncates on JS but rounds with
 * Lua's bit library). Never blocks, never allocates. Ignores ids out of range.
 */
export function raiseIrq(i: number, stamp: number): void {
  if (!(i >= 0 && i < K.I)) return;
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

/** Acknowledges IRQ i (checked id). Result: OK, NOT_PENDING (it was not masked). */
export function ackIrq(i: number): number {
  if (K.irqState[i] !== IrqState.MASKED) return Status.NOT_PENDING;
  if (K.irqCount[i] === 0) {
    K.irqState[i] = IrqState.ARMED;
    return Status.OK;
  }
  K.irqState[i] = IrqState.PENDING;
  deliverOrQueue(i);
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
