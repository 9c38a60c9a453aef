/** @noSelfInFile */
/**
 * The kernel's tables: struct-of-arrays of 32-bit words, indexed by object id,
 * allocated once by `allocTables` at boot and never resized.
 *
 * Ids:
 * - task index t in 0..T-1; a task id seen by tasks is `gen << 8 | t` (`taskId`),
 *   where `gen[t]` is t's current epoch (see "Epochs" below);
 * - queue nodes: tasks are nodes 0..T-1, IRQ objects are nodes T..T+I-1, so
 *   that an IRQ can wait in an endpoint's send queue exactly like a task;
 * - queues: ready list of priority p is queue p; endpoint e's send queue is
 *   PRIORITIES + e (`K.qSend + e`, `sendQueueOf(e)`), its receive queue
 *   PRIORITIES + E + e (`K.qRecv + e`, `recvQueueOf(e)`); notification n's
 *   wait queue PRIORITIES + 2E + n (`K.qNtfn + n`, `waitQueueOf(n)`). The
 *   queue ids are kernel/queue.ts's; what waits in an endpoint's queues is
 *   kernel/endpoint.ts's, in a notification's kernel/notification.ts's.
 *
 * A node is in at most one queue (`inQueue`, -1 for none); its state says
 * which kind of queue that must be (checked by `kernel/check.ts`).
 *
 * `partner[t]`, by task t's state (the readers are kernel/sched.ts's):
 * - REPLY_BLOCKED: the index of the server whose reply t waits for
 *   (`waitingOnServer(t)`);
 * - SEND_BLOCKED, CALL_BLOCKED, RECV_BLOCKED: the endpoint t waits on
 *   (`waitingOnEndpoint(t)`);
 * - NTFN_BLOCKED: the notification t waits on (`waitingOnNotification(t)`);
 * - any other state: nothing (a stale value, never read).
 *
 * `current`, the running step (written by the step loop `run` in
 * kernel/kernel.ts, by `enter` in kernel/syscalls.ts and by `runInit` in
 * kernel/fault.ts): task t's index while its step runs and has issued no
 * syscall; `issued(t)` = -2 - t once it has (and while t's `init` runs), so
 * that a second syscall is told from a first; -1 outside steps.
 * `issuer(c)` = -2 - c gives t back (both in kernel/sched.ts).
 *
 * Epochs (generations). `gen[t]` is a 23-bit counter that advances
 * (`(g + 1) & GEN_MASK`) when t is restarted, and when a call of t ends
 * after its message was delivered but before its reply (a REPLY_BLOCKED
 * caller whose timeout expires): so each call carries the id of its epoch,
 * and a late reply to an ended call can be told from a reply to the next
 * one. `genBase[t]` is the epoch at which t's current incarnation began (its
 * last restart). An id X names index x = X & 0xff at epoch g = X >>> 8:
 * - current: g === gen[x];
 * - same incarnation: (g - genBase[x]) & GEN_MASK <= (gen[x] - genBase[x]) & GEN_MASK,
 *   i.e. g is one of the epochs genBase[x] .. gen[x] (cyclically);
 * - stale otherwise: an id of an earlier incarnation (PEER_DEAD).
 * The limit of the wrap: the counter is 23 bits, so an id of an earlier
 * incarnation is taken for one of the current incarnation exactly when its
 * epoch value equals one of genBase[x] .. gen[x]. With k = (gen[x] -
 * genBase[x]) & GEN_MASK epochs in the current incarnation so far, that
 * happens only when the counter advanced at least 2^23 - k times from the
 * epoch at which the stale id was current to the start of the current
 * incarnation (2^23 times or more in all, up to now); one advance fewer and
 * it is stale. At one restart per millisecond and no timed-out calls that
 * is about 2.3 hours of restarts between the id's use and its reuse
 * (tests/faults/generation-wrap-limit_spec.ts checks the limit).
 */
import { PRIORITIES } from "./codes";
import { Task } from "./task";
import type { AppDesc } from "./app";
import { Words, words } from "#port";
import { IRQS, NOTIFICATIONS, TIMERS } from "./features";

/** A host hook the kernel calls with numbers only (see `kernel/host.ts`). */
export interface KernelHost {
  /** Current time in ticks, a wrapping 32-bit integer. */
  ticks(this: void): number;
  /** A fine clock in µs, a wrapping 32-bit integer (used for IRQ latency). */
  micros(this: void): number;
  /** Ask for `alarm()` at tick `tick` (replaces any earlier request). */
  setAlarm(this: void, tick: number): void;
  /** No deadline is pending. */
  cancelAlarm(this: void): void;
  /** Receives kernel events when tracing is on (see `TraceEvent`). */
  trace(this: void, ev: number, a: number, b: number, c: number, d: number): void;
  /** A line of text for the user (faults, with tracing on). */
  log(this: void, line: string): void;
  /** Drives pin `pin` (an index into the app's `pins`) to `level` (0 or 1). */
  pinWrite(this: void, pin: number, level: number): void;
  /** Reads pin `pin`'s level (0 or 1). */
  pinRead(this: void, pin: number): number;
}

export const K = {
  /** Counts. */
  T: 0,
  E: 0,
  N: 0,
  I: 0,
  /** Queue ids of the first send queue, first receive queue, first notification queue. */
  qSend: 0,
  qRecv: 0,
  qNtfn: 0,

  // ---- tasks (size T)
  state: [] as Words,
  basePrio: [] as Words,
  /** The current epoch, 23 bits (see "Epochs" above). */
  gen: [] as Words,
  /** The epoch at which the current incarnation began (its last restart; 0 before any). */
  genBase: [] as Words,
  /** REPLY_BLOCKED: the server's index. SEND/CALL/RECV_BLOCKED: the endpoint. NTFN_BLOCKED: the notification (see "partner" above). */
  partner: [] as Words,
  /** RECV_BLOCKED: the only task index accepted (closed receive), or -1. */
  filter: [] as Words,
  /** A queued sender's message. */
  outLabel: [] as Words,
  outW1: [] as Words,
  outW2: [] as Words,
  outW3: [] as Words,
  /** Timer list (kernel/timer.ts): deadline tick, links, and whether the task is in it (0/1). */
  deadline: [] as Words,
  tNext: [] as Words,
  tPrev: [] as Words,
  inTimer: [] as Words,
  /** Notification bound to the task, or -1. */
  bound: [] as Words,
  /** Rights bit sets (see `Right`): per task, per endpoint / notification / IRQ. */
  epRights: [] as Words,
  ntfnRights: [] as Words,
  irqRights: [] as Words,
  supervisor: [] as Words,
  /** Fault record: code, syscall, time (ticks). */
  faultCode: [] as Words,
  faultSys: [] as Words,
  faultTick: [] as Words,
  /** Fault message (the error's text for THREW); set on the fault path only. */
  faultMsg: [] as string[],
  /** Steps run, per task. */
  steps: [] as Words,

  // ---- queue nodes (size T + I)
  /** Effective priority for tasks (after donation); sender priority for IRQs. */
  prio: [] as Words,
  next: [] as Words,
  prev: [] as Words,
  inQueue: [] as Words,

  // ---- queues
  qHead: [] as Words,
  qTail: [] as Words,
  /** Bit p set when ready list p is not empty. */
  readyBits: 0,

  // ---- endpoints (size E)
  epOwner: [] as Words,

  // ---- notifications (size N)
  ntfnWord: [] as Words,
  ntfnOwner: [] as Words,

  // ---- IRQs (size I)
  irqState: [] as Words,
  irqCount: [] as Words,
  irqStamp: [] as Words,
  irqEp: [] as Words,
  irqNtfn: [] as Words,
  irqBit: [] as Words,
  /**
   * The task a MASKED IRQ was delivered to, which it donates its priority to
   * until `irqAck`: for an endpoint IRQ the receiver that took it, for a
   * notification IRQ the notification's owner. -1 while the IRQ is not MASKED.
   */
  irqHandler: [] as Words,
  /** Latency: handler-step starts pending (stamp), min, max, count, histogram (IRQ_BUCKETS per IRQ). */
  latPending: [] as Words,
  latStamp: [] as Words,
  latMin: [] as Words,
  latMax: [] as Words,
  latCount: [] as Words,
  latHist: [] as Words,

  /** Notification and bits signalled when a task faults (-1: none). */
  faultNtfn: -1,
  faultBits: 0,

  // ---- timer list (kernel/timer.ts)
  timerHead: -1,
  alarmSet: 0,
  alarmTick: 0,

  // ---- the running step
  /** Index of the task whose step runs and has issued no syscall yet; `issued(index)` (-2 - index) once it has; -1 outside steps (see "current" above). */
  current: -1,
  /** The syscall the last step issued, and the task that ran it. */
  lastSys: 0,
  lastTask: -1,
  /** Message transfers (messages and replies). */
  transfers: 0,
  /** Host entries ignored for a bad argument (see `signalFromHost`, `raiseIrq`, `expire`, `run`). */
  badHostCalls: 0,
  /** Call `host.trace` for kernel events. */
  tracing: false,
  /** Tracing is on or `afterStep` is set. */
  slow: false,
  /** Run after every step when set (the debug invariant checker). */
  afterStep: undefined as (() => void) | undefined,

  // ---- host-facing objects, created once at boot
  ctx: [] as Task[],
  stepFn: [] as ((t: Task) => void)[],
  initFn: [] as (((t: Task) => void) | undefined)[],
  names: [] as string[],
  /** The app booted (names are looked up only at boot and restart). */
  app: undefined as unknown as AppDesc,
  host: undefined as unknown as KernelHost,
};

/** Allocates every table for the given counts. Only `boot` calls it. */
export function allocTables(T: number, E: number, N: number, I: number, histBuckets: number): void {
  K.T = T;
  K.E = E;
  K.N = N;
  K.I = I;
  K.qSend = PRIORITIES;
  K.qRecv = PRIORITIES + E;
  K.qNtfn = PRIORITIES + 2 * E;
  const Q = PRIORITIES + 2 * E + N;
  const nodes = T + I;
  K.state = words(T);
  K.basePrio = words(T);
  K.gen = words(T);
  K.genBase = words(T);
  K.partner = words(T);
  K.filter = words(T);
  K.outLabel = words(T);
  K.outW1 = words(T);
  K.outW2 = words(T);
  K.outW3 = words(T);
  if (TIMERS) {
    K.deadline = words(T);
    K.tNext = words(T);
    K.tPrev = words(T);
  }
  K.inTimer = words(T);
  K.bound = words(T);
  K.epRights = words(T * E + 1);
  if (NOTIFICATIONS) K.ntfnRights = words(T * N + 1);
  if (IRQS) K.irqRights = words(T * I + 1);
  K.supervisor = words(T);
  K.faultCode = words(T);
  K.faultSys = words(T);
  K.faultTick = words(T);
  K.steps = words(T);
  K.prio = words(nodes);
  K.next = words(nodes);
  K.prev = words(nodes);
  K.inQueue = words(nodes);
  K.qHead = words(Q);
  K.qTail = words(Q);
  K.epOwner = words(E + 1);
  if (NOTIFICATIONS) {
    K.ntfnWord = words(N + 1);
    K.ntfnOwner = words(N + 1);
  }
  if (IRQS) {
    K.irqState = words(I + 1);
    K.irqCount = words(I + 1);
    K.irqStamp = words(I + 1);
    K.irqEp = words(I + 1);
    K.irqNtfn = words(I + 1);
    K.irqBit = words(I + 1);
    K.irqHandler = words(I + 1);
    K.latPending = words(I + 1);
    K.latStamp = words(I + 1);
    K.latMin = words(I + 1);
    K.latMax = words(I + 1);
    K.latCount = words(I + 1);
    K.latHist = words(I * histBuckets + 1);
  }
  for (let i = 0; i < Q; i++) {
    K.qHead[i] = -1;
    K.qTail[i] = -1;
  }
  for (let i = 0; IRQS && i <= I; i++) K.irqHandler[i] = -1;
  for (let i = 0; i < nodes; i++) {
    K.next[i] = -1;
    K.prev[i] = -1;
    K.inQueue[i] = -1;
  }
  K.readyBits = 0;
  K.timerHead = -1;
  K.alarmSet = 0;
  K.current = -1;
  K.transfers = 0;
  K.badHostCalls = 0;
}
