/** @noSelfInFile */
/**
 * The syscall layer: the only place that checks what a task passes in and
 * the only place that writes a syscall's status or faults its caller.
 *
 * Every entry (i) claims the step's one syscall (`enter`), (ii) checks ids,
 * rights and arguments, which are allegations from the task, (iii) calls a
 * handler of the object's module with checked values (kernel/endpoint.ts,
 * kernel/notification.ts, kernel/irq.ts, kernel/timer.ts for a sleep,
 * kernel/fault.ts for a restart), and (iv) hands the handler's result to
 * `finish`. A handler returns a `Status` (written with kind NONE), BLOCKED,
 * WRITTEN, or `FAULTED_BASE - code` (the task faults).
 *
 * Arguments that are merely wrong get a status; only what can only be a bug
 * faults: a second syscall in a step (TWO_SYSCALLS), a syscall outside a step
 * (ignored, nothing to fault), a step that throws or issues none
 * (see `kernel.ts`).
 */
import { FOREVER, FaultCode, Kind, MAX_TIMEOUT, Proven, Status, Sys, TaskState } from "./codes";
import { faultTask, restartTask } from "./fault";
import { recvIPC, replyIPC, sendIPC } from "./endpoint";
import { ackIrq } from "./irq";
import { signalNtfn, takeBits, waitNtfn } from "./notification";
import { BLOCKED, FAULTED_BASE, WRITTEN, issued, issuer, sameIncarnation, taskId } from "./sched";
import { qRemove } from "./queue";
import { K } from "./tables";
import { startTimeout } from "./timer";
import { BUFFERS, PROVEN_CALL, PROVEN_RECV, PROVEN_REPLY, PROVEN_REPLY_RECV, PROVEN_SEND } from "./features";

/** Rights bits per (task, endpoint). */
export const enum EpRight {
  SEND = 1,
  CALL = 2,
  RECV = 4,
}
/** Rights bits per (task, notification). */
export const enum NtfnRight {
  SIGNAL = 1,
  WAIT = 2,
}

/**
 * Claims the current step's syscall. Returns the task index, or -1 when the
 * syscall must not run. During a step `K.current` is the task's index until
 * its first syscall, then `issued(index)`; outside steps it is -1 (see
 * kernel/tables.ts).
 * @inline
 */
function enter(sys: Sys): number {
  const t = K.current;
  if (t >= 0) {
    K.current = issued(t);
    K.lastSys = sys;
    return t;
  }
  if (t <= -2) faultTask(issuer(t), FaultCode.TWO_SYSCALLS, sys, "a second syscall in one step");
  return -1;
}

/**
 * Writes a handler's result for task t (see the module comment).
 * @inline
 */
function finish(t: number, r: number, sys: Sys): void {
  if (r >= 0) {
    const c = K.ctx[t];
    c.status = r;
    c.kind = Kind.NONE;
  } else if (r <= FAULTED_BASE) {
    faultTask(t, FAULTED_BASE - r, sys, "unknown syscall");
  }
}

/*
 * The argument checks below test `typeof x === "number"` before any bit
 * operation, so that a value that is no number (undefined, null, a string,
 * even a numeric one such as "0", an object) gets the same code on every
 * target: on Lua the bit library raises on a non-number (or coerces a
 * numeric string), which would fault the task where JS returns a status.
 * NaN, the infinities and fractions are numbers and fail `(x | 0) === x`.
 */

/**
 * A 32-bit word, signed or unsigned: the same test on every target (`>>>`
 * gives JS's unsigned answer on Lua too). Not a number: false.
 * @inline
 */
function isWord(x: number): boolean {
  return typeof x === "number" && ((x | 0) === x || x >>> 0 === x);
}

/**
 * Some word is not a 32-bit word; those `proven` (bits of `Proven`) are not checked.
 * @inline
 */
function badWords(label: number, w1: number, w2: number, w3: number, proven: number): boolean {
  return !(((proven & Proven.LABEL) !== 0 || isWord(label)) && ((proven & Proven.W1) !== 0 || isWord(w1)) && ((proven & Proven.W2) !== 0 || isWord(w2)) && ((proven & Proven.W3) !== 0 || isWord(w3)));
}

/**
 * Task t's `out` is not a byte count within its buffer (a non-number is bad, 0 is none).
 * @inline
 */
function badOut(t: number): boolean {
  const c = K.ctx[t];
  const n = c.out;
  // No task has a buffer: only 0 is a byte count within one (a non-number is not 0).
  if (!BUFFERS) return n !== 0;
  if (typeof n !== "number") return true;
  return n !== 0 && !((n | 0) === n && n > 0 && n <= c.buf.length);
}

/**
 * FOREVER, 0 or 1..MAX_TIMEOUT ticks; -2 when out of range or not a number.
 * An omitted timeout is FOREVER. So is `null`: Lua has one nil for both
 * `undefined` and `null`, so the two must mean the same on every target.
 * @inline
 */
function checkTimeout(timeout: number | undefined): number {
  if (timeout === undefined || (timeout as unknown) === null || timeout === FOREVER) return FOREVER;
  if (typeof timeout === "number" && (timeout | 0) === timeout && timeout >= 0 && timeout <= MAX_TIMEOUT) return timeout;
  return -2;
}

/**
 * An integer in 0..n-1 (not a number: false).
 * @inline
 */
function isIndex(x: number, n: number): boolean {
  return typeof x === "number" && (x | 0) === x && x >= 0 && x < n;
}

/**
 * Resolves a task id X passed by task t (reply, replyRecv's reply,
 * recvFrom): returns its index x = X & 0xff, or a status for the caller (as
 * `-1 - status`). Not a non-negative 32-bit integer, or x >= T: BAD_ID. An
 * id of an earlier incarnation of x (stale: its epoch X >>> 8 is not one of
 * the current incarnation's, see `sameIncarnation` and "Epochs" in
 * kernel/tables.ts) is PEER_DEAD, and t's `sender` register gets x's current
 * id so it can retry at once. Any id of the current incarnation passes,
 * current or not; `reply` then also wants the current epoch (`replyIPC`).
 * @inline
 */
function checkTask(t: number, id: number): number {
  if (typeof id !== "number" || (id | 0) !== id || id < 0) return -1 - Status.BAD_ID;
  const x = id & 0xff;
  if (x >= K.T) return -1 - Status.BAD_ID;
  const g = id >>> 8;
  if (!sameIncarnation(x, g)) {
    K.ctx[t].sender = taskId(x);
    return -1 - Status.PEER_DEAD;
  }
  return x;
}

/**
 * `send` or `call`; `proven`: the checks the build proved unnecessary (bits of `Proven`).
 * @inline
 */
function doSend(t: number, ep: number, isCall: boolean, label: number, w1: number, w2: number, w3: number, timeout: number | undefined, proven: number): number {
  if ((proven & Proven.EP) === 0 && !isIndex(ep, K.E)) return Status.BAD_ID;
  if ((proven & Proven.EP) === 0 && (K.epRights[t * K.E + ep] & (isCall ? EpRight.CALL : EpRight.SEND)) === 0) return Status.NO_RIGHTS;
  const to: number = (proven & Proven.NO_TIMEOUT) !== 0 ? FOREVER : checkTimeout(timeout);
  if (to === -2 || badWords(label, w1, w2, w3, proven) || ((proven & Proven.OUT) === 0 && badOut(t))) return Status.BAD_ARG;
  if (K.state[K.epOwner[ep]] === TaskState.FAULTED) {
    K.ctx[t].sender = taskId(K.epOwner[ep]);
    return Status.PEER_DEAD;
  }
  return sendIPC(t, ep, isCall, label, w1, w2, w3, to, proven);
}

/** Sends a message on endpoint `ep`; blocks until a receiver takes it.
 * @param ep endpoint id (the caller needs the `send` right)
 * @param label, w1, w2, w3 the message: 32-bit integers
 * @param timeout FOREVER (default), 0, or ticks
 * @returns OK delivered · WOULD_BLOCK timeout 0 and no receiver waits · TIMEOUT ·
 *   PEER_DEAD the endpoint's owner faulted while the message was queued ·
 *   NO_RIGHTS · BAD_ID ep is not an endpoint · BAD_ARG a word or the timeout is out of range
 * @hot
 */
export function sysSend(ep: number, label: number, w1: number, w2: number, w3: number, timeout?: number): void {
  const t = enter(Sys.SEND);
  if (t < 0) return;
  const r = doSend(t, ep, false, label, w1, w2, w3, timeout, PROVEN_SEND);
  finish(t, r, Sys.SEND);
}

/** Calls a server: sends on `ep` and waits for the reply, atomically.
 * @param timeout bounds the whole call; 0 refuses only to wait for a receiver
 * @returns OK with kind REPLY and the reply in label/w1..w3 · WOULD_BLOCK · TIMEOUT ·
 *   PEER_DEAD the server faulted or restarted (sender: its current id) · NO_RIGHTS · BAD_ID · BAD_ARG
 * @hot
 */
export function sysCall(ep: number, label: number, w1: number, w2: number, w3: number, timeout?: number): void {
  const t = enter(Sys.CALL);
  if (t < 0) return;
  const r = doSend(t, ep, true, label, w1, w2, w3, timeout, PROVEN_CALL);
  finish(t, r, Sys.CALL);
}

/**
 * `recv` or `recvFrom`; `proven`: the checks the build proved unnecessary (bits of `Proven`).
 * @inline
 */
function doRecv(t: number, ep: number, from: number, timeout: number | undefined, proven: number): number {
  if ((proven & Proven.EP) === 0 && !isIndex(ep, K.E)) return Status.BAD_ID;
  if ((proven & Proven.EP) === 0 && (K.epRights[t * K.E + ep] & EpRight.RECV) === 0) return Status.NO_RIGHTS;
  const to: number = (proven & Proven.NO_TIMEOUT) !== 0 ? FOREVER : checkTimeout(timeout);
  if (to === -2) return Status.BAD_ARG;
  return recvIPC(t, ep, from, to);
}

/** Open receive on `ep`: a message from any sender, an IRQ, or the bits of the task's bound notification.
 * @returns OK with kind MESSAGE / IRQ / NOTIFICATION · WOULD_BLOCK · TIMEOUT · NO_RIGHTS · BAD_ID · BAD_ARG
 * @hot
 */
export function sysRecv(ep: number, timeout?: number): void {
  const t = enter(Sys.RECV);
  if (t < 0) return;
  const r = doRecv(t, ep, -1, timeout, PROVEN_RECV);
  finish(t, r, Sys.RECV);
}

/** Closed receive: only a message from `task` on `ep`; others (IRQs too) stay queued.
 * `task` may be any id of the task's current incarnation (an epoch passed by a timed-out call included).
 * @returns OK with kind MESSAGE · WOULD_BLOCK · TIMEOUT ·
 *   PEER_DEAD `task` names an earlier incarnation, is faulted, or faults or is restarted while this task waits
 *   (sender = its current id) · NO_RIGHTS · BAD_ID · BAD_ARG
 */
export function sysRecvFrom(ep: number, task: number, timeout?: number): void {
  const t = enter(Sys.RECV_FROM);
  if (t < 0) return;
  const x = checkTask(t, task);
  if (x < 0) return finish(t, -1 - x, Sys.RECV_FROM);
  if (K.state[x] === TaskState.FAULTED) {
    K.ctx[t].sender = taskId(x);
    return finish(t, Status.PEER_DEAD, Sys.RECV_FROM);
  }
  finish(t, doRecv(t, ep, x, timeout, 0), Sys.RECV_FROM);
}

/**
 * The reply half of `reply` and `replyRecv`; `task >>> 8` is the epoch of the call it answers (see `replyIPC`).
 * `proven`: the checks the build proved unnecessary (bits of `Proven`).
 * @inline
 */
function doReply(t: number, task: number, label: number, w1: number, w2: number, w3: number, proven: number): number {
  let x = task;
  if ((proven & Proven.TASK) === 0) x = checkTask(t, task);
  if (x < 0) return -1 - x;
  if (badWords(label, w1, w2, w3, proven) || ((proven & Proven.OUT) === 0 && badOut(t))) return Status.BAD_ARG;
  return replyIPC(t, x, task, label, w1, w2, w3, proven);
}

/** Replies to the call `task` names: `task` is the `sender` value the call arrived with. Never blocks.
 * A reply reaches only the call it answers: a caller's id changes (a new epoch) when its call ends
 * after delivery without a reply (it timed out), or when it is restarted, so a late reply to a call
 * that has ended gets NOT_WAITING, even if the same caller has called this task again since and
 * waits for the reply to that new call (which carries the new id). Checked in this order:
 * @returns BAD_ID `task` is not a non-negative 32-bit integer, or names no task ·
 *   PEER_DEAD `task` names an earlier incarnation (restarted since): `sender` = its current id ·
 *   BAD_ARG a word or `out` is out of range ·
 *   PEER_DEAD the task is faulted ·
 *   NOT_WAITING `task` names a call that has ended (timed out), or the task is not waiting for this task's reply ·
 *   OK delivered: the caller gets kind REPLY
 * @hot
 */
export function sysReply(task: number, label: number, w1: number, w2: number, w3: number): void {
  const t = enter(Sys.REPLY);
  if (t < 0) return;
  const r = doReply(t, task, label, w1, w2, w3, PROVEN_REPLY);
  finish(t, r, Sys.REPLY);
}

/** Replies to `task`, then receives on `ep` (the server loop's one syscall).
 * All or nothing: the receive half is checked first (endpoint, receive right, timeout), then
 * the reply's own arguments (task id, words, `out`); a refusal there sends and receives
 * nothing, and the caller waiting for the reply still waits. A reply that cannot be delivered
 * (NOT_WAITING, PEER_DEAD) is dropped and the receive goes on.
 * @returns OK with kind MESSAGE / IRQ / NOTIFICATION, as `recv`
 *   WOULD_BLOCK timeout 0 and nothing to receive (the reply, if deliverable, was sent)
 *   TIMEOUT nothing arrived in time (the reply, if deliverable, was sent)
 *   BAD_ID ep is not an endpoint, or task is not a task id: nothing sent or received
 *   NO_RIGHTS no receive right on ep: nothing sent or received
 *   BAD_ARG the timeout, a word or `out` is out of range: nothing sent or received
 * @hot
 */
export function sysReplyRecv(task: number, label: number, w1: number, w2: number, w3: number, ep: number, timeout?: number): void {
  const t = enter(Sys.REPLY_RECV);
  if (t < 0) return;
  // The receive half's checks come first, so that a refused receive sends nothing.
  if ((PROVEN_REPLY_RECV & Proven.EP) === 0 && !isIndex(ep, K.E)) return finish(t, Status.BAD_ID, Sys.REPLY_RECV);
  if ((PROVEN_REPLY_RECV & Proven.EP) === 0 && (K.epRights[t * K.E + ep] & EpRight.RECV) === 0) return finish(t, Status.NO_RIGHTS, Sys.REPLY_RECV);
  const to: number = (PROVEN_REPLY_RECV & Proven.NO_TIMEOUT) !== 0 ? FOREVER : checkTimeout(timeout);
  if (to === -2) return finish(t, Status.BAD_ARG, Sys.REPLY_RECV);
  const r = doReply(t, task, label, w1, w2, w3, PROVEN_REPLY_RECV);
  if (r === Status.BAD_ID || r === Status.BAD_ARG) return finish(t, r, Sys.REPLY_RECV);
  const got = recvIPC(t, ep, -1, to);
  finish(t, got, Sys.REPLY_RECV);
}

/** Sleeps `ticks` ticks (0: just yield).
 * @returns OK when the time is up · BAD_ARG ticks is not in 0..MAX_TIMEOUT
 */
export function sysSleep(ticks: number): void {
  const t = enter(Sys.SLEEP);
  if (t < 0) return;
  const to = checkTimeout(ticks);
  if (to < 0) return finish(t, Status.BAD_ARG, Sys.SLEEP);
  if (to === 0) return finish(t, Status.OK, Sys.SLEEP);
  qRemove(t);
  K.state[t] = TaskState.SLEEPING;
  startTimeout(t, to);
  finish(t, BLOCKED, Sys.SLEEP);
}

/** Goes to the back of its priority. @returns OK */
export function sysYield(): void {
  const t = enter(Sys.YIELD);
  if (t < 0) return;
  finish(t, Status.OK, Sys.YIELD);
}

/** ORs `bits` into notification `ntfn`; never blocks.
 * @returns OK · NO_RIGHTS · BAD_ID · BAD_ARG bits is 0 or not a 32-bit word
 */
export function sysSignal(ntfn: number, bits: number): void {
  const t = enter(Sys.SIGNAL);
  if (t < 0) return;
  if (!isIndex(ntfn, K.N)) return finish(t, Status.BAD_ID, Sys.SIGNAL);
  if ((K.ntfnRights[t * K.N + ntfn] & NtfnRight.SIGNAL) === 0) return finish(t, Status.NO_RIGHTS, Sys.SIGNAL);
  if (!isWord(bits) || bits === 0) return finish(t, Status.BAD_ARG, Sys.SIGNAL);
  signalNtfn(ntfn, bits | 0);
  finish(t, Status.OK, Sys.SIGNAL);
}

function doWait(t: number, ntfn: number, timeout: number | undefined): number {
  if (!isIndex(ntfn, K.N)) return Status.BAD_ID;
  if ((K.ntfnRights[t * K.N + ntfn] & NtfnRight.WAIT) === 0) return Status.NO_RIGHTS;
  const to = checkTimeout(timeout);
  if (to === -2) return Status.BAD_ARG;
  return waitNtfn(t, ntfn, to);
}

/** Waits until some bits of `ntfn` are set, then takes and clears them.
 * @returns OK with kind NOTIFICATION and the bits in w1 · WOULD_BLOCK · TIMEOUT · NO_RIGHTS · BAD_ID · BAD_ARG
 */
export function sysWait(ntfn: number, timeout?: number): void {
  const t = enter(Sys.WAIT);
  if (t < 0) return;
  finish(t, doWait(t, ntfn, timeout), Sys.WAIT);
}

/** Takes and clears the bits of `ntfn` without blocking.
 * @returns OK with kind NOTIFICATION and the bits (maybe 0) in w1 · NO_RIGHTS · BAD_ID
 */
export function sysPoll(ntfn: number): void {
  const t = enter(Sys.POLL);
  if (t < 0) return;
  if (!isIndex(ntfn, K.N)) return finish(t, Status.BAD_ID, Sys.POLL);
  if ((K.ntfnRights[t * K.N + ntfn] & NtfnRight.WAIT) === 0) return finish(t, Status.NO_RIGHTS, Sys.POLL);
  takeBits(t, ntfn);
  finish(t, WRITTEN, Sys.POLL);
}

/** Acknowledges IRQ `irq`: unmasks it; edges counted meanwhile are delivered again at once.
 * @returns OK · NOT_PENDING the IRQ was not delivered and unacknowledged · NO_RIGHTS · BAD_ID
 */
export function sysIrqAck(irq: number): void {
  const t = enter(Sys.IRQ_ACK);
  if (t < 0) return;
  if (!isIndex(irq, K.I)) return finish(t, Status.BAD_ID, Sys.IRQ_ACK);
  if (K.irqRights[t * K.I + irq] === 0) return finish(t, Status.NO_RIGHTS, Sys.IRQ_ACK);
  finish(t, ackIrq(irq), Sys.IRQ_ACK);
}

/** Supervisor only: restarts `task` (a task index or id; the generation is not checked) as a new
 * incarnation under a new epoch. The task's `init` runs as that task: if it throws or issues a
 * syscall, that task faults (its own fault record), never the supervisor (kernel/fault.ts).
 * @returns OK with the new id in w1, whatever init did · NO_RIGHTS not the supervisor · BAD_ID
 */
export function sysRestart(task: number): void {
  const t = enter(Sys.RESTART);
  if (t < 0) return;
  if (K.supervisor[t] === 0) return finish(t, Status.NO_RIGHTS, Sys.RESTART);
  if (!isIndex(task, 0x7fffffff) || !isIndex(task & 0xff, K.T) || (task & 0xff) === t) return finish(t, Status.BAD_ID, Sys.RESTART);
  const id = restartTask(task & 0xff);
  finish(t, Status.OK, Sys.RESTART);
  K.ctx[t].w1 = id;
}

/** Supervisor only: reads `task`'s fault record (a task index or id; the generation is not checked).
 * @returns OK with sender = its current id, w1 = fault code (0: not faulted), w2 = syscall, w3 = tick ·
 *   NO_RIGHTS · BAD_ID
 */
export function sysFaultInfo(task: number): void {
  const t = enter(Sys.FAULT_INFO);
  if (t < 0) return;
  if (K.supervisor[t] === 0) return finish(t, Status.NO_RIGHTS, Sys.FAULT_INFO);
  if (!isIndex(task, 0x7fffffff) || !isIndex(task & 0xff, K.T)) return finish(t, Status.BAD_ID, Sys.FAULT_INFO);
  const x = task & 0xff;
  const c = K.ctx[t];
  finish(t, Status.OK, Sys.FAULT_INFO);
  c.sender = taskId(x);
  c.w1 = K.faultCode[x];
  c.w2 = K.faultSys[x];
  c.w3 = K.faultTick[x];
}

/** A syscall number that is none (from `sys.raw`), or a syscall the kernel was not built with (kernel/features.ts): faults the task (UNKNOWN_SYSCALL). */
export function sysUnknown(): void {
  const t = enter(Sys.NONE);
  if (t >= 0) finish(t, FAULTED_BASE - FaultCode.UNKNOWN_SYSCALL, Sys.NONE);
}
