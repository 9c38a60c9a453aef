/** @noSelfInFile */
/**
 * Timeouts: the timer list, the host's one alarm, and what happens when a
 * deadline passes.
 *
 * The timer list holds every task with a deadline (`K.deadline`), sorted by
 * it with wrap-safe comparisons, threaded through `K.tNext`/`K.tPrev`
 * (`K.inTimer[t]` is 1 while t is in it). Its head's deadline is the one
 * alarm asked of the host (`armAlarm`: tickless). A blocked task's wait
 * with a finite timeout starts here (`startTimeout`); when the host's alarm
 * fires (`expire`), each task whose deadline passed ends its wait
 * (`timeoutTask`): TIMEOUT, or OK for a sleep.
 */
import { Kind, Status, TaskState, TraceEvent } from "./codes";
import { qRemove } from "./queue";
import { advanceEpoch, donorLeft, makeReady, waitingOnEndpoint, waitingOnServer } from "./sched";
import { K } from "./tables";
import { fail } from "#port";
import { HOOKS } from "#hooks";
import { TIMERS } from "./features";

/** Tells the host about the earliest deadline, when it changed. One alarm, tickless. */
export function armAlarm(): void {
  if (!TIMERS) return;
  const h = K.timerHead;
  if (h < 0) {
    if (K.alarmSet !== 0) {
      K.alarmSet = 0;
      K.host.cancelAlarm();
    }
    return;
  }
  const d = K.deadline[h];
  if (K.alarmSet === 0 || K.alarmTick !== d) {
    K.alarmSet = 1;
    K.alarmTick = d;
    K.host.setAlarm(d);
  }
}

/**
 * Puts task t in the timer list at `tick`, kept sorted by deadline with
 * wrap-safe comparisons (all deadlines lie within 2^30 ticks of now).
 * Precondition: t is not in the timer list.
 */
export function timerInsert(t: number, tick: number): void {
  // An app without timeouts passes none (the build checked): this is never reached there.
  if (!TIMERS) return;
  K.deadline[t] = tick;
  K.inTimer[t] = 1;
  let prev = -1;
  let at = K.timerHead;
  while (at >= 0 && ((K.deadline[at] - tick) | 0) <= 0) {
    prev = at;
    at = K.tNext[at];
  }
  K.tPrev[t] = prev;
  K.tNext[t] = at;
  if (at >= 0) K.tPrev[at] = t;
  if (prev < 0) {
    K.timerHead = t;
    armAlarm();
  } else {
    K.tNext[prev] = t;
  }
}

/**
 * Takes task t out of the timer list (no-op when it is not in it).
 * @inline
 */
export function timerRemove(t: number): void {
  if (!TIMERS) return;
  if (K.inTimer[t] === 0) return;
  const p = K.tPrev[t];
  const x = K.tNext[t];
  if (x >= 0) K.tPrev[x] = p;
  if (p >= 0) {
    K.tNext[p] = x;
  } else {
    K.timerHead = x;
    armAlarm();
  }
  K.inTimer[t] = 0;
  K.tNext[t] = -1;
  K.tPrev[t] = -1;
}

/**
 * Starts task t's timeout, if it has a finite one.
 * @inline
 */
export function startTimeout(t: number, timeout: number): void {
  if (TIMERS && timeout > 0) timerInsert(t, (K.host.ticks() + timeout) | 0);
}

/**
 * Ends task t's wait because its deadline passed. A call that ends waiting
 * for its reply (REPLY_BLOCKED: its message was delivered) advances t's
 * epoch, so that the server's late reply to it, which names the old id,
 * gets NOT_WAITING even once t has called again (kernel/endpoint.ts
 * `replyIPC`). A call that times out still queued (CALL_BLOCKED) keeps the
 * epoch: no one holds its id.
 */
function timeoutTask(t: number): void {
  const st = K.state[t];
  const c = K.ctx[t];
  c.kind = Kind.NONE;
  c.status = st === TaskState.SLEEPING ? Status.OK : Status.TIMEOUT;
  if (st < TaskState.SEND_BLOCKED || st > TaskState.SLEEPING) {
    fail("kernel: task " + t + " in the timer list in state " + st);
  }
  // Out of its queue and READY (not yet in a ready list) before donation is
  // withdrawn, so the priority update sees it as no one's donor.
  qRemove(t);
  K.state[t] = TaskState.READY;
  if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) donorLeft(K.epOwner[waitingOnEndpoint(t)], K.prio[t]);
  else if (st === TaskState.REPLY_BLOCKED) {
    donorLeft(waitingOnServer(t), K.prio[t]);
    advanceEpoch(t);
  }
  makeReady(t);
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.TIMEOUT, t, st, 0, 0);
}

/**
 * The host's entry when its alarm fires (calling it early is harmless):
 * wakes every task whose deadline has passed, then asks for the next alarm.
 * A host clock that reads no finite number (undefined, a string, NaN,
 * Infinity) is a host bug: the call is ignored and counted (`badHostCalls`)
 * and changes nothing; a fraction is floored.
 */
export function expire(): void {
  // No timeouts in this app: no alarm is ever asked for, and no deadline can pass.
  if (!TIMERS) return;
  const ticks = K.host.ticks();
  // typeof first: on Lua a bit operation on a non-number raises into the host. `x - x` is 0 only for a finite x.
  if (typeof ticks !== "number" || ticks - ticks !== 0) {
    K.badHostCalls++;
    return;
  }
  const now = Math.floor(ticks) | 0;
  K.alarmSet = 0;
  let h = K.timerHead;
  while (h >= 0 && ((K.deadline[h] - now) | 0) <= 0) {
    timerRemove(h);
    timeoutTask(h);
    h = K.timerHead;
  }
  armAlarm();
}
