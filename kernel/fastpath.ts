/** @noSelfInFile */
/**
 * The IPC fast paths: the common round trip (a call to a server that waits
 * in an open receive, and the server's replyRecv to a caller that waits for
 * it) as straight-line code.
 *
 * Why: on Espruino the cost is per function call, per name looked up and
 * per source token, not per data operation (targets.md), and the general
 * path (kernel/syscalls.ts -> ipc.ts -> queue.ts, sched.ts) spends most of a
 * round trip in helper calls. Each entry here tests the conditions of the
 * common case first, with no side effect; when one fails it hands the
 * syscall to the general entry (kernel/syscalls.ts), which decides
 * everything itself. Otherwise it does exactly what the general path would
 * do: the same registers, queues, states, counters and trace events in the
 * same order (tests/kernel/fast-path-same-trace_spec.ts and
 * tests/property/fast-path-equivalence_spec.ts run apps and random systems
 * both ways and compare their traces line by line).
 *
 * The common case: no timeout given (FOREVER), words that are signed 32-bit
 * integers (stored as `x | 0`, as the general path does, so that -0 arrives
 * as 0 on every path), no buffer bytes to send (`out` = 0), the receiver is the
 * endpoint's owner at the head of its receive queue in an open receive, and
 * no donation to add (call) or withdraw (replyRecv). An id or word that is
 * no number goes to the general entry before any bit operation touches it
 * (on Lua the bit library raises on a non-number): `typeof` first.
 */
import { FOREVER, Kind, Status, Sys, TaskState, TraceEvent } from "./codes";
import { EpRight, sysCall, sysReplyRecv } from "./syscalls";
import { timerRemove } from "./queue";
import { K } from "./tables";
import { HOOKS } from "#hooks";

/**
 * `sys.call` (contract: `sysCall` in kernel/syscalls.ts). Fast path: the
 * message goes to the owner, the caller waits for the reply, the owner is
 * at the head of its ready list.
 */
export function fastCallEntry(ep: number, label: number, w1: number, w2: number, w3: number, timeout?: number): void {
  const t = K.current;
  if (t < 0 || (timeout !== undefined && timeout !== FOREVER) || (HOOKS && !K.fast) || typeof ep !== "number" || (ep | 0) !== ep || ep < 0 || ep >= K.E) return sysCall(ep, label, w1, w2, w3, timeout);
  const r = K.qHead[K.qRecv + ep];
  if (r < 0 || r !== K.epOwner[ep] || K.filter[r] >= 0 || (K.epRights[t * K.E + ep] & EpRight.CALL) === 0) return sysCall(ep, label, w1, w2, w3, timeout);
  if (typeof label !== "number" || typeof w1 !== "number" || typeof w2 !== "number" || typeof w3 !== "number") return sysCall(ep, label, w1, w2, w3, timeout);
  if ((label | 0) !== label || (w1 | 0) !== w1 || (w2 | 0) !== w2 || (w3 | 0) !== w3) return sysCall(ep, label, w1, w2, w3, timeout);
  const pr = K.prio[r];
  if (K.prio[t] < pr || K.ctx[t].out !== 0) return sysCall(ep, label, w1, w2, w3, timeout);
  K.current = -2 - t;
  K.lastSys = Sys.CALL;
  // The owner leaves its receive queue (it is the head) and its timer.
  const rq = K.qRecv + ep;
  const after = K.next[r];
  K.qHead[rq] = after;
  if (after < 0) K.qTail[rq] = -1;
  else K.prev[after] = -1;
  K.next[r] = -1;
  K.inQueue[r] = -1;
  if (K.inTimer[r] !== 0) timerRemove(r);
  const c = K.ctx[r];
  c.status = Status.OK;
  c.kind = Kind.MESSAGE;
  c.sender = (K.gen[t] << 8) | t;
  c.label = label | 0;
  c.w1 = w1 | 0;
  c.w2 = w2 | 0;
  c.w3 = w3 | 0;
  c.offered = 0;
  c.len = 0;
  K.fastTransfers++;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, t, r, Kind.MESSAGE, c.label);
  // The caller leaves its ready list and waits for the reply.
  const q = K.inQueue[t];
  const p = K.prev[t];
  const n = K.next[t];
  if (p < 0) K.qHead[q] = n;
  else K.next[p] = n;
  if (n < 0) K.qTail[q] = p;
  else K.prev[n] = p;
  K.next[t] = -1;
  K.prev[t] = -1;
  K.inQueue[t] = -1;
  if (K.qHead[q] < 0) K.readyBits = K.readyBits & ~(1 << q);
  K.state[t] = TaskState.REPLY_BLOCKED;
  K.partner[t] = r;
  // The owner runs next: the head of its ready list.
  K.state[r] = TaskState.READY;
  const h = K.qHead[pr];
  K.next[r] = h;
  if (h < 0) K.qTail[pr] = r;
  else K.prev[h] = r;
  K.qHead[pr] = r;
  K.inQueue[r] = pr;
  K.readyBits = K.readyBits | (1 << pr);
}

/**
 * `sys.replyRecv` (contract: `sysReplyRecv` in kernel/syscalls.ts). Fast
 * path: the caller is ready with the reply, the server waits in ep's
 * receive queue (nothing was queued for it).
 */
export function fastReplyRecvEntry(task: number, label: number, w1: number, w2: number, w3: number, ep: number, timeout?: number): void {
  const t = K.current;
  if (t < 0 || (timeout !== undefined && timeout !== FOREVER) || (HOOKS && !K.fast) || typeof ep !== "number" || (ep | 0) !== ep || ep < 0 || ep >= K.E || typeof task !== "number" || (task | 0) !== task || task < 0) {
    return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  }
  const x = task & 0xff;
  // Only the current id of a caller waiting for t's reply: an id of an ended call (an earlier
  // epoch of the same incarnation: NOT_WAITING) or of an earlier incarnation (PEER_DEAD) is the general path's.
  if (x >= K.T || task >>> 8 !== K.gen[x] || K.state[x] !== TaskState.REPLY_BLOCKED || K.partner[x] !== t) return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  if (typeof label !== "number" || typeof w1 !== "number" || typeof w2 !== "number" || typeof w3 !== "number") return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  if ((label | 0) !== label || (w1 | 0) !== w1 || (w2 | 0) !== w2 || (w3 | 0) !== w3) return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  if (K.prio[t] !== K.basePrio[t] || K.ctx[t].out !== 0 || (K.epRights[t * K.E + ep] & EpRight.RECV) === 0) return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  if (K.qHead[K.qSend + ep] >= 0 || (K.bound[t] >= 0 && K.ntfnWord[K.bound[t]] !== 0)) return sysReplyRecv(task, label, w1, w2, w3, ep, timeout);
  K.current = -2 - t;
  K.lastSys = Sys.REPLY_RECV;
  // The reply.
  if (K.inTimer[x] !== 0) timerRemove(x);
  const c = K.ctx[x];
  c.status = Status.OK;
  c.kind = Kind.REPLY;
  c.sender = (K.gen[t] << 8) | t;
  c.label = label | 0;
  c.w1 = w1 | 0;
  c.w2 = w2 | 0;
  c.w3 = w3 | 0;
  c.offered = 0;
  c.len = 0;
  K.fastTransfers++;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TRANSFER, t, x, Kind.REPLY, c.label);
  // The caller goes to the tail of its ready list.
  K.state[x] = TaskState.READY;
  const px = K.prio[x];
  const tail = K.qTail[px];
  K.prev[x] = tail;
  K.next[x] = -1;
  if (tail < 0) K.qHead[px] = x;
  else K.next[tail] = x;
  K.qTail[px] = x;
  K.inQueue[x] = px;
  K.readyBits = K.readyBits | (1 << px);
  // The server leaves its ready list and waits in ep's receive queue.
  const q = K.inQueue[t];
  const p = K.prev[t];
  const n = K.next[t];
  if (p < 0) K.qHead[q] = n;
  else K.next[p] = n;
  if (n < 0) K.qTail[q] = p;
  else K.prev[n] = p;
  if (K.qHead[q] < 0) K.readyBits = K.readyBits & ~(1 << q);
  K.state[t] = TaskState.RECV_BLOCKED;
  K.partner[t] = ep;
  K.filter[t] = -1;
  // Sorted by priority, FIFO among equals: after every receiver at least as important.
  const rq = K.qRecv + ep;
  const pt = K.prio[t];
  let at = K.qTail[rq];
  while (at >= 0 && K.prio[at] > pt) at = K.prev[at];
  const next = at < 0 ? K.qHead[rq] : K.next[at];
  K.prev[t] = at;
  K.next[t] = next;
  if (at < 0) K.qHead[rq] = t;
  else K.next[at] = t;
  if (next < 0) K.qTail[rq] = t;
  else K.prev[next] = t;
  K.inQueue[t] = rq;
}
