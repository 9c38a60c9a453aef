/** @noSelfInFile */
/**
 * Faults and restarts: a task's failure never spreads.
 *
 * `faultTask` stops a task and settles everyone who depended on it: callers
 * waiting for its reply and senders queued on its endpoints wake at once
 * with PEER_DEAD; a server holding its call drops the donation and gets
 * PEER_DEAD when it replies. The supervisor's fault notification, if the app
 * names one, is signalled. `restartTask` gives the task a fresh start under
 * a new generation.
 */
import { FaultCode, Status, TaskState, TraceEvent } from "./codes";
import { signalNtfn } from "./ipc";
import { qRemove, timerRemove } from "./queue";
import { donorLeft, effectivePrio, makeReady, taskId, wakeWith } from "./sched";
import { K } from "./tables";
import { HOOKS } from "#hooks";

/** Takes task t out of every queue, withdraws the donation it gave, and wakes those waiting on it with PEER_DEAD. */
function detach(t: number): void {
  const st = K.state[t];
  qRemove(t);
  timerRemove(t);
  K.state[t] = TaskState.FAULTED;
  if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) donorLeft(K.epOwner[K.partner[t]], K.prio[t]);
  else if (st === TaskState.REPLY_BLOCKED) donorLeft(K.partner[t], K.prio[t]);
  const id = taskId(t);
  const T = K.T;
  for (let c = 0; c < T; c++) {
    if (K.state[c] === TaskState.REPLY_BLOCKED && K.partner[c] === t) wakeWith(c, Status.PEER_DEAD, id);
  }
  const E = K.E;
  for (let e = 0; e < E; e++) {
    if (K.epOwner[e] !== t) continue;
    let n = K.qHead[K.qSend + e];
    while (n >= 0) {
      const x = K.next[n];
      if (n < T) wakeWith(n, Status.PEER_DEAD, id);
      n = x;
    }
  }
  K.prio[t] = K.basePrio[t];
}

/**
 * Stops task t with a fault record. Safe at any point of a step or between
 * steps; a task already FAULTED keeps its first record.
 */
export function faultTask(t: number, code: FaultCode, sys: number, message: string): void {
  if (K.state[t] === TaskState.FAULTED) return;
  detach(t);
  K.faultCode[t] = code;
  K.faultSys[t] = sys;
  K.faultTick[t] = K.host.ticks() | 0;
  K.faultMsg[t] = message;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.FAULT, t, code, sys, 0);
  const n = K.faultNtfn;
  if (n >= 0) signalNtfn(n, K.faultBits);
}

/**
 * Restarts task t: out of every queue (those waiting on it get PEER_DEAD),
 * generation + 1, registers cleared, its `init` run, ready at its base
 * priority. Returns the new id.
 */
export function restartTask(t: number): number {
  // The new generation first, so those woken with PEER_DEAD learn the new id.
  K.gen[t] = (K.gen[t] + 1) & 0x7fffff;
  if (K.state[t] !== TaskState.FAULTED) detach(t);
  K.faultCode[t] = FaultCode.NONE;
  K.faultSys[t] = 0;
  K.faultTick[t] = 0;
  K.faultMsg[t] = "";
  const c = K.ctx[t];
  c.id = taskId(t);
  c.status = Status.OK;
  c.kind = 0;
  c.sender = 0;
  c.label = 0;
  c.w1 = 0;
  c.w2 = 0;
  c.w3 = 0;
  c.out = 0;
  c.len = 0;
  c.offered = 0;
  const init = K.initFn[t];
  if (init !== undefined) init(c);
  // IRQs may still wait on its endpoints and donate their priority.
  K.prio[t] = effectivePrio(t);
  makeReady(t);
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.RESTART, t, K.gen[t], 0, 0);
  return c.id;
}
