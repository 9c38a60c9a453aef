/** @noSelfInFile */
/**
 * Faults and restarts: a task's failure never spreads.
 *
 * `faultTask` stops a task and settles everyone who depended on it (see
 * `detach`): callers waiting for its reply, tasks in a closed receive naming
 * it, and senders queued on its endpoints wake at once with PEER_DEAD; a
 * server holding its call drops the donation and gets PEER_DEAD when it
 * replies; its IRQs are unmasked. The supervisor's fault notification, if
 * the app names one, is signalled. `restartTask` gives the task a fresh
 * start as a new incarnation, under a new epoch, and runs its `init` as that
 * task (`runInit`), never as the supervisor.
 *
 * Ids and the wrap of the 23-bit epoch counter: see "Epochs" in
 * kernel/tables.ts. In short, an id of an earlier incarnation is taken for
 * one of the current incarnation only when the task's epoch counter has
 * advanced at least 2^23 - k times between the epoch at which that id was
 * current and the restart that began the current incarnation, k being the
 * epochs of the current incarnation so far (`gen - genBase`); with fewer
 * advances it is stale and gets PEER_DEAD.
 */
import { FaultCode, Kind, Status, Sys, TaskState, TraceEvent } from "./codes";
import { unmaskIrqsOf } from "./irq";
import { signalNtfn } from "./notification";
import { qRemove, sendQueueOf } from "./queue";
import { advanceEpoch, donorLeft, effectivePrio, issued, makeReady, taskId, waitingOnEndpoint, waitingOnServer } from "./sched";
import { K } from "./tables";
import { timerRemove } from "./timer";
import { lastError, protect } from "#port";
import { HOOKS } from "#hooks";
import { CLOSED_RECV, DONATION, IRQS, NOTIFICATIONS } from "./features";

/**
 * Ends whatever task t is blocked in: takes it out of its queue and the
 * timer list, writes a result with no message, and makes it ready. The
 * donation it gave (if any) must be withdrawn by the caller.
 */
function wakeWith(t: number, status: number, sender: number): void {
  qRemove(t);
  timerRemove(t);
  const c = K.ctx[t];
  c.status = status;
  c.kind = Kind.NONE;
  c.sender = sender;
  makeReady(t);
}

/**
 * Takes task t out of everything it takes part in, state FAULTED. In this
 * order: (1) out of its queue and the timer list, FAULTED, the donation it
 * gave withdrawn; (2) for c = 0..T-1 in index order, c REPLY_BLOCKED on t,
 * or RECV_BLOCKED in a closed receive naming t, wakes with PEER_DEAD, sender
 * = t's id now (at a restart, already the new one); (3) for each endpoint t
 * owns, in index order, every task queued in its send queue wakes, in queue
 * order, with PEER_DEAD (IRQs stay queued); (4) t's priority is its base
 * one; (5) its IRQs are unmasked (`unmaskIrqsOf`). So nothing waits on a
 * dead task, and the deadlock detector (`waitsOn`) sees no one waiting on it.
 */
function detach(t: number): void {
  const st = K.state[t];
  qRemove(t);
  timerRemove(t);
  K.state[t] = TaskState.FAULTED;
  if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) donorLeft(K.epOwner[waitingOnEndpoint(t)], K.prio[t]);
  else if (st === TaskState.REPLY_BLOCKED) donorLeft(waitingOnServer(t), K.prio[t]);
  const id = taskId(t);
  const T = K.T;
  for (let c = 0; c < T; c++) {
    const sc = K.state[c];
    if ((sc === TaskState.REPLY_BLOCKED && waitingOnServer(c) === t) || (CLOSED_RECV && sc === TaskState.RECV_BLOCKED && K.filter[c] === t)) wakeWith(c, Status.PEER_DEAD, id);
  }
  const E = K.E;
  for (let e = 0; e < E; e++) {
    if (K.epOwner[e] !== t) continue;
    let n = K.qHead[sendQueueOf(e)];
    while (n >= 0) {
      const x = K.next[n];
      if (n < T) wakeWith(n, Status.PEER_DEAD, id);
      n = x;
    }
  }
  K.prio[t] = K.basePrio[t];
  if (IRQS) unmaskIrqsOf(t);
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
  if (NOTIFICATIONS && n >= 0) signalNtfn(n, K.faultBits);
}

/**
 * Runs task t's `init` (if it has one) as task t, at boot and at restart:
 * `K.current` is `issued(t)` meanwhile, as after a step's syscall, so a syscall
 * inside init faults t (TWO_SYSCALLS, by `enter`), and a throw faults t
 * (THREW, syscall NONE, the error's text). Whoever was running (the
 * supervisor, at a restart) is never blamed. Restores `K.current`.
 */
export function runInit(t: number): void {
  const init = K.initFn[t];
  if (init === undefined) return;
  const running = K.current;
  K.current = issued(t);
  if (protect(init, K.ctx[t])) {
    faultTask(t, FaultCode.THREW, Sys.NONE, lastError());
    if (HOOKS && K.tracing) K.host.log("task '" + K.names[t] + "' threw in init: " + K.faultMsg[t]);
  }
  K.current = running;
}

/**
 * Restarts task t, in this order: a new epoch, which begins the new
 * incarnation (`genBase`), with `id` updated; if t is not FAULTED it is
 * detached (those waiting on it get PEER_DEAD with the new id), else only
 * its IRQs are unmasked; its fault record and registers are cleared; it is
 * READY (in no queue yet) while its `init` runs as itself (`runInit`); if
 * init did not fault it, it gets its effective priority (IRQs may wait on
 * its endpoints, or be MASKED with it as handler) and is ready at the tail
 * of that priority. Returns the new id, whatever init did.
 */
export function restartTask(t: number): number {
  // The new epoch first, so those woken with PEER_DEAD learn the new id.
  advanceEpoch(t);
  K.genBase[t] = K.gen[t];
  if (K.state[t] !== TaskState.FAULTED) detach(t);
  else if (IRQS) unmaskIrqsOf(t);
  K.faultCode[t] = FaultCode.NONE;
  K.faultSys[t] = 0;
  K.faultTick[t] = 0;
  K.faultMsg[t] = "";
  const c = K.ctx[t];
  const id = c.id;
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
  K.state[t] = TaskState.READY;
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.RESTART, t, K.gen[t], 0, 0);
  runInit(t);
  if (K.state[t] === TaskState.READY) {
    K.prio[t] = DONATION ? effectivePrio(t) : K.basePrio[t];
    makeReady(t);
  }
  return id;
}
