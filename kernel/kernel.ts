/** @noSelfInFile */
/**
 * baton's kernel: boot, the step loop (`run`), and the host's entries and
 * read-only views. The kernel objects' own state transitions are in their
 * modules: tasks and scheduling (kernel/sched.ts), endpoints
 * (kernel/endpoint.ts), notifications (kernel/notification.ts), IRQs
 * (kernel/irq.ts), timeouts and the host's alarm entry `expire`
 * (kernel/timer.ts), faults and restarts (kernel/fault.ts); syscalls enter
 * through kernel/syscalls.ts.
 *
 * Principles, in order:
 * 1. Static: every table is sized from the app description at boot; nothing
 *    is allocated after boot on any syscall, IRQ or timer path.
 * 2. Simple and clear over fast and clever; small tables, linear scans.
 * 3. A syscall does its whole work inside the call; the dispatcher then runs
 *    the most important ready task's next step.
 * 4. Values from tasks are checked once, at the syscall edge.
 * 5. No host globals: the host is handed in at boot (`KernelHost`).
 */
import { AppDesc, Limits, indexOf } from "./app";
import { FaultCode, IrqState, Kind, MAX_OBJECTS, PRIORITIES, Sys, TaskState, TraceEvent } from "./codes";
import { faultTask, runInit } from "./fault";
import { IRQ_BUCKETS, recordLatency, recordNtfnLatency } from "./irq";
import { signalNtfn } from "./notification";
import { qAppend, qRemove } from "./queue";
import { isMoreImportant, makeReady, taskId, waitingOnEndpoint, waitingOnServer } from "./sched";
import { EpRight, NtfnRight } from "./syscalls";
import { K, KernelHost, allocTables } from "./tables";
import { Task } from "./task";
import { bytes, fail, lastError, protect } from "#port";
import { HOOKS } from "#hooks";
import { FIRST_PRIO, IRQS, NOTIFICATIONS, SHARED_PRIO, TIMERS } from "./features";

export interface BootOptions {
  /** Table limits of the board (checked by `bootChecked`). */
  limits?: Limits;
  /** Call `host.trace` for every kernel event. */
  trace?: boolean;
  /** Run this after every step (tests pass the invariant checker). */
  afterStep?: (this: void) => void;
}

function addRights(table: number[], t: number, width: number, list: string[] | undefined, objs: { name: string }[] | undefined, bit: number): void {
  if (list === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const o = indexOf(objs, list[i]);
    table[t * width + o] = table[t * width + o] | bit;
  }
}

function tooMany(what: string, n: number, limit: number): void {
  const max = limit < MAX_OBJECTS ? limit : MAX_OBJECTS;
  if (n > max) fail(n + " " + what + " exceed the board's limit of " + max);
}

/**
 * Allocates every table and fills in what the description decides: counts,
 * owners, rights, priorities, bound notifications, IRQs, the fault
 * notification. Runs no task code. Throws an Error naming the table when a
 * count is over `lim` (or `MAX_OBJECTS`). A board build runs this for its
 * app at build time and writes the result into the bundle as one table of
 * words (tools/pack.ts), so a board never calls it.
 */
export function buildTables(app: AppDesc, lim: Limits | undefined): void {
  const tasks = app.tasks;
  const eps = app.endpoints || [];
  const ntfns = app.notifications || [];
  const irqs = app.irqs || [];
  const T = tasks.length;
  const E = eps.length;
  const N = ntfns.length;
  const I = irqs.length;
  tooMany("tasks", T, lim !== undefined ? lim.tasks : MAX_OBJECTS);
  tooMany("endpoints", E, lim !== undefined ? lim.endpoints : MAX_OBJECTS);
  tooMany("notifications", N, lim !== undefined ? lim.notifications : MAX_OBJECTS);
  tooMany("irqs", I, lim !== undefined ? lim.irqs : MAX_OBJECTS);
  allocTables(T, E, N, I, IRQ_BUCKETS);
  K.faultNtfn = -1;
  K.faultBits = 0;
  for (let e = 0; e < E; e++) K.epOwner[e] = indexOf(tasks, eps[e].owner);
  for (let t = 0; t < T; t++) K.bound[t] = -1;
  for (let n = 0; NOTIFICATIONS && n < N; n++) {
    const o = indexOf(tasks, ntfns[n].owner);
    K.ntfnOwner[n] = o;
    if (ntfns[n].bind === true) K.bound[o] = n;
    K.ntfnRights[o * N + n] = NtfnRight.WAIT;
  }
  for (let i = 0; IRQS && i < I; i++) {
    const q = irqs[i];
    K.irqState[i] = IrqState.ARMED;
    K.irqEp[i] = q.endpoint !== undefined ? indexOf(eps, q.endpoint) : -1;
    K.irqNtfn[i] = q.notification !== undefined ? indexOf(ntfns, q.notification) : -1;
    K.irqBit[i] = q.bit !== undefined ? q.bit : 0;
    // The owner of the object it is delivered to may acknowledge it.
    const owner = K.irqEp[i] >= 0 ? K.epOwner[K.irqEp[i]] : K.ntfnOwner[K.irqNtfn[i]];
    K.irqRights[owner * I + i] = 1;
    K.prio[T + i] = q.priority;
  }
  for (let t = 0; t < T; t++) {
    const d = tasks[t];
    K.basePrio[t] = d.priority;
    K.prio[t] = d.priority;
    K.filter[t] = -1;
    if (TIMERS) {
      K.tNext[t] = -1;
      K.tPrev[t] = -1;
    }
    for (let e = 0; e < E; e++) if (K.epOwner[e] === t) K.epRights[t * E + e] = EpRight.RECV;
    const r = d.rights;
    if (r !== undefined) {
      addRights(K.epRights, t, E, r.call, eps, EpRight.CALL);
      addRights(K.epRights, t, E, r.send, eps, EpRight.SEND);
      addRights(K.epRights, t, E, r.recv, eps, EpRight.RECV);
      if (NOTIFICATIONS) {
        addRights(K.ntfnRights, t, N, r.signal, ntfns, NtfnRight.SIGNAL);
        addRights(K.ntfnRights, t, N, r.wait, ntfns, NtfnRight.WAIT);
      }
      if (IRQS) addRights(K.irqRights, t, I, r.ack, irqs, 1);
      if (r.supervisor === true) K.supervisor[t] = 1;
    }
  }
  if (NOTIFICATIONS && app.faults !== undefined) {
    K.faultNtfn = indexOf(ntfns, app.faults.notification);
    K.faultBits = 1 << app.faults.bit;
  }
}

/**
 * Boots the kernel for `app` on `host`: builds every table (`buildTables`),
 * then task by task in the order given runs its `init` as that task
 * (`runInit`: a throw or a syscall in it faults that task alone; nothing
 * escapes `boot`) and makes it ready, unless its init faulted it.
 * Precondition: `app` passed `validateApp` for this board's limits; boot
 * itself only refuses tables over `options.limits` (throwing an Error that
 * names the table). The build checks every app it bundles, and the simulator boots through
 * `bootChecked` (kernel/checked.ts), which validates first; board bundles
 * carry no validation code.
 */
export function boot(app: AppDesc, host: KernelHost, options?: BootOptions): void {
  const tasks = app.tasks;
  const T = tasks.length;
  // The one check a board keeps: tables within its limits (the rest was checked at build).
  buildTables(app, options !== undefined ? options.limits : undefined);
  K.app = app;
  K.host = host;
  K.tracing = options !== undefined && options.trace === true;
  K.afterStep = options !== undefined ? options.afterStep : undefined;
  K.slow = K.tracing || K.afterStep !== undefined;
  K.ctx = [];
  K.faultMsg = [];
  K.stepFn = [];
  K.initFn = [];
  K.names = [];
  for (let t = 0; t < T; t++) {
    const d = tasks[t];
    const c = new Task(d.state, bytes(d.buffer !== undefined ? d.buffer : 0));
    c.id = t;
    K.ctx.push(c);
    K.stepFn.push(d.step);
    // By index, not push: on Lua, pushing `undefined` (nil) adds nothing and shifts the next task's init.
    K.initFn[t] = d.init;
    K.names.push(d.name);
    K.faultMsg.push("");
  }
  for (let t = 0; t < T; t++) {
    runInit(t);
    if (K.state[t] === TaskState.READY) makeReady(t);
  }
}

/** Notes the start of task t's step for the IRQ latency it ends. */
function startLatency(t: number, c: Task): void {
  if (c.kind === Kind.IRQ) {
    const i = c.sender;
    if (K.latPending[i] !== 0) {
      recordLatency(i, t);
    }
  } else if (c.kind === Kind.NOTIFICATION && K.I > 0) {
    recordNtfnLatency(c.sender, c.w1, t);
  }
}

/** Task t's step threw, or issued no syscall: fault it. */
function stepFault(t: number, threw: boolean): void {
  // `lastSys` is written by `enter`: clear the previous step's when this one issued none.
  if (K.current >= 0) K.lastSys = Sys.NONE;
  if (threw) {
    faultTask(t, FaultCode.THREW, K.lastSys, lastError());
    if (HOOKS && K.tracing) K.host.log("task '" + K.names[t] + "' threw: " + K.faultMsg[t]);
  } else {
    faultTask(t, FaultCode.NO_SYSCALL, Sys.NONE, "a step with no syscall");
  }
}

/** After a step, with tracing on or a checker installed. */
function afterStep(t: number, c: Task): void {
  if (HOOKS && K.tracing) K.host.trace(TraceEvent.STEP, t, K.lastSys, K.state[t], c.status);
  const after = K.afterStep;
  if (after !== undefined) after();
}

/**
 * Runs steps of the most important ready tasks until none is ready,
 * `maxSteps` steps have run, or a step has run of a task picked at a
 * priority less important than `urgent`; returns the number of steps run.
 * A step that throws or issues no syscall faults its task; equal priorities
 * take turns step by step.
 *
 * `urgent` is for the host's slices (boards/espruino/host.ts): the most
 * important priority an IRQ's handler runs at (`urgentPriority`). After a
 * step of a less important task, an edge that came during it may have made
 * a more important task ready: the host takes its events before the next
 * step. Without it (or with `PRIORITIES`) only `maxSteps` ends a run early.
 * @hot
 */
export function run(maxSteps: number, urgent?: number): number {
  // A host entry: a count that is no number is ignored and counted (on Lua, `<` on it would raise).
  if (typeof maxSteps !== "number") {
    K.badHostCalls++;
    return 0;
  }
  const u = typeof urgent === "number" ? urgent : PRIORITIES;
  let n = 0;
  while (n < maxSteps) {
    const bits = K.readyBits;
    if (bits === 0) break;
    let p = FIRST_PRIO;
    while (((bits >>> p) & 1) === 0) p++;
    const t = K.qHead[p];
    const c = K.ctx[t];
    if (IRQS && c.kind >= Kind.NOTIFICATION) startLatency(t, c);
    K.current = t;
    const threw = protect(K.stepFn[t], c);
    K.lastTask = t;
    K.steps[t]++;
    n++;
    // `current` is still t when the step issued no syscall (see `enter`).
    if (threw || K.current >= 0) stepFault(t, threw);
    K.current = -1;
    // Still ready: to the back of its priority (behind tasks its step woke there too).
    // (Without shared priorities a ready list holds the task alone.)
    if (SHARED_PRIO && K.state[t] === TaskState.READY && K.next[t] >= 0) {
      const q = K.inQueue[t];
      qRemove(t);
      qAppend(q, t);
    }
    if (HOOKS && K.slow) afterStep(t, c);
    if (isMoreImportant(u, p)) break;
  }
  return n;
}

/**
 * The host's entry to signal notification `n` from a callback. Never blocks,
 * never throws. `n` must be an integer in 0..N-1 and `bits` a finite number
 * (a fraction is floored first, as in `raiseIrq`); anything else (a string,
 * even "0", undefined, a fraction, NaN, Infinity) is ignored and counted
 * (`badHostCalls`). Bits that floor to 0 signal nothing and are not counted.
 */
export function signalFromHost(n: number, bits: number): void {
  // typeof first: on Lua a bit operation on a non-number raises into the host. `x - x` is 0 only for a finite x.
  if (typeof n !== "number" || (n | 0) !== n || n < 0 || n >= K.N || typeof bits !== "number" || bits - bits !== 0) {
    K.badHostCalls++;
    return;
  }
  const b = Math.floor(bits) | 0;
  if (b !== 0) {
    signalNtfn(n, b);
    if (HOOKS && K.tracing) K.host.trace(TraceEvent.SIGNAL, n, b, 0, 0);
  }
}

/** The priority of the next step: the most important priority with a ready task, or `PRIORITIES` when none is ready. */
export function readyPriority(): number {
  const bits = K.readyBits;
  if (bits === 0) return PRIORITIES;
  let p = 0;
  while (((bits >>> p) & 1) === 0) p++;
  return p;
}

/** True when no task is ready (the host may sleep until its alarm or an edge). */
export function isIdle(): boolean {
  return K.readyBits === 0;
}

/** The task that ran the last step, and the syscall it issued (for cost models). */
export function lastTask(): number {
  return K.lastTask;
}
export function lastSys(): number {
  return K.lastSys;
}

/**
 * The task that task t waits on and cannot proceed without, or -1: the
 * server whose reply it waits for, the owner of the endpoint it is queued
 * on, the task a closed receive names. A wait with a deadline waits on no
 * one (time will end it). Used by deadlock detection. It never names a
 * FAULTED task: those waiting on a task wake with PEER_DEAD when it faults
 * or is restarted (kernel/fault.ts `detach`).
 */
export function waitsOn(t: number): number {
  if (K.inTimer[t] !== 0) return -1;
  const st = K.state[t];
  if (st === TaskState.REPLY_BLOCKED) return waitingOnServer(t);
  if (st === TaskState.SEND_BLOCKED || st === TaskState.CALL_BLOCKED) return K.epOwner[waitingOnEndpoint(t)];
  if (st === TaskState.RECV_BLOCKED) return K.filter[t];
  return -1;
}

/**
 * Ids by name, for a task's `init` (boot and restart time only: it compares
 * strings). Returns -1 for an unknown name.
 */
export function endpointId(name: string): number {
  return indexOf(K.app.endpoints, name);
}
export function notificationId(name: string): number {
  return indexOf(K.app.notifications, name);
}
export function irqId(name: string): number {
  return indexOf(K.app.irqs, name);
}
export function taskIndex(name: string): number {
  return indexOf(K.app.tasks, name);
}
export function pinId(name: string): number {
  return K.app.pins === undefined ? -1 : K.app.pins.indexOf(name);
}

/** The kernel's tick counter now (for tasks computing deadlines). */
export function ticksNow(): number {
  return K.host.ticks() | 0;
}

/** Device access for drivers: drive pin `pin` (an index into the app's `pins`) to `level`. */
export function pinWrite(pin: number, level: number): void {
  K.host.pinWrite(pin, level);
}

/** Device access for drivers: the level of pin `pin`. */
export function pinRead(pin: number): number {
  return K.host.pinRead(pin);
}

/** Read-only views for hosts, tools and tests. */
export function taskCount(): number {
  return K.T;
}
export function taskName(t: number): string {
  return K.names[t];
}
export function irqName(i: number): string {
  return K.app.irqs !== undefined && i >= 0 && i < K.I ? K.app.irqs[i].name : "irq" + i;
}
export function notificationName(n: number): string {
  return K.app.notifications !== undefined && n >= 0 && n < K.N ? K.app.notifications[n].name : "ntfn" + n;
}
export function taskState(t: number): number {
  return K.state[t];
}
export function taskPriority(t: number): number {
  return K.prio[t];
}
export function taskSteps(t: number): number {
  return K.steps[t];
}
export function taskCtx(t: number): Task {
  return K.ctx[t];
}
export function currentId(t: number): number {
  return taskId(t);
}
/** Task t's fault record: its message (empty when it has not faulted). */
export function faultMessage(t: number): string {
  return K.faultMsg[t];
}
/** Task t's fault code (`FaultCode`, NONE when it has not faulted). */
export function faultCode(t: number): number {
  return K.faultCode[t];
}
export function totalSteps(): number {
  let n = 0;
  for (let t = 0; t < K.T; t++) n += K.steps[t];
  return n;
}
export function transfers(): number {
  return K.transfers;
}
/** Host entry calls ignored for a bad argument since boot (`signalFromHost`, `raiseIrq`, `expire`, `run`). */
export function badHostCalls(): number {
  return K.badHostCalls;
}
/** The latency figures of IRQ i: [count, min, max] (µs). */
export function irqLatency(i: number): number[] {
  return [K.latCount[i], K.latMin[i], K.latMax[i]];
}
/** Count in latency bucket b of IRQ i. */
export function irqBucket(i: number, b: number): number {
  return K.latHist[i * IRQ_BUCKETS + b];
}
