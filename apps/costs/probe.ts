/** @noSelfInFile */
/**
 * The cost probe: times each kind of kernel step on the runtime it runs on,
 * for the simulator's cost profiles (sim/profiles.ts; `npm run calibrate`
 * turns its output into a profile).
 *
 * Eight tiny systems are booted one after the other on a bare host (a clock
 * the probe turns itself); each runs `n` steps, one `run(1)` at a time, and
 * every step's time is added to the syscall it issued (`lastSys()`), less
 * the cost of reading the clock twice around a `run(0)`. So a step's figure
 * is the whole step: the dispatcher picking the task, the step function,
 * and the syscall doing its work. The host's own entries are timed the same
 * way: `raiseIrq` (an edge arriving) and `expire` (the alarm). The loop
 * turn (a `setTimeout(.., 0)` round trip) is timed last, through `defer`.
 *
 * Output, one line each, numbers in µs (mean per event), then `done`
 * (an interpreter may put its prompt before a line: readers look for
 * `baton-costs` anywhere in it):
 *
 *     baton-costs runtime <text>
 *     baton-costs clock <µs to read the clock twice and run(0)>
 *     baton-costs step <syscall name> <µs> <count>      (one per syscall seen)
 *     baton-costs roundtrip <µs>                        (call + replyRecv, two steps)
 *     baton-costs raise <µs>
 *     baton-costs expire <µs>
 *     baton-costs loop <µs>                             (absent if no defer)
 *     baton-costs done
 *
 * Run it with `npm run calibrate -- --probe` (Node, for the format) or on
 * an Espruino interpreter (`npm run calibrate -- --espruino PATH`).
 */
import { AppDesc, KernelHost, Kind, Sys, Task, boot, expire, lastSys, raiseIrq, run, sys } from "../../kernel/index";
import { SYSCALL_NAMES } from "../../kernel/syscall-names";

export type ProbeClock = (this: void) => number;
export type ProbePrint = (this: void, line: string) => void;
export type ProbeDefer = (this: void, fn: (this: void) => void) => void;

/** Syscall names in `Sys` order (the probe's output names them). */
export const PROBE_SYS_NAMES = SYSCALL_NAMES;

let hostTicks = 0;
let hostMicros = 0;

function hTicks(): number {
  return hostTicks;
}
function hMicros(): number {
  return hostMicros;
}
function hAlarm(_tick: number): void {}
function hCancel(): void {}
function hTrace(_e: number, _a: number, _b: number, _c: number, _d: number): void {}
function hLog(_line: string): void {}
function hWrite(_pin: number, _level: number): void {}
function hRead(_pin: number): number {
  return 0;
}

const HOST: KernelHost = {
  ticks: hTicks,
  micros: hMicros,
  setAlarm: hAlarm,
  cancelAlarm: hCancel,
  trace: hTrace,
  log: hLog,
  pinWrite: hWrite,
  pinRead: hRead,
};

interface Empty {
  n: number;
}

function yieldStep(_t: Task<Empty>): void {
  return sys.yield();
}

function pollStep(_t: Task<Empty>): void {
  return sys.poll(0);
}

function sleepStep(_t: Task<Empty>): void {
  return sys.sleep(1);
}

function serverReplyRecv(t: Task<Empty>): void {
  if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, 1, t.w1, 0, 0, 0);
  return sys.recv(0);
}

function serverReply(t: Task<Empty>): void {
  if (t.kind === Kind.MESSAGE) return sys.reply(t.sender, 1, t.w1, 0, 0);
  return sys.recv(0);
}

function clientCall(t: Task<Empty>): void {
  return sys.call(0, 1, t.state.n, 0, 0);
}

function receiverRecv(_t: Task<Empty>): void {
  return sys.recv(0);
}

function receiverRecvFrom(_t: Task<Empty>): void {
  return sys.recvFrom(0, 1);
}

function senderSend(t: Task<Empty>): void {
  return sys.send(0, 1, t.state.n, 0, 0);
}

function waiterWait(_t: Task<Empty>): void {
  return sys.wait(0);
}

function signallerSignal(_t: Task<Empty>): void {
  return sys.signal(0, 1);
}

function irqHandler(t: Task<Empty>): void {
  if (t.kind === Kind.IRQ) return sys.irqAck(0);
  return sys.recv(0);
}

function task(name: string, priority: number, step: (this: void, t: Task<Empty>) => void): AppDesc["tasks"][0] {
  return { name: name, priority: priority, step: step, state: { n: 0 } };
}

/** The probe's systems, in the order they run. */
export const PROBE_APPS: AppDesc[] = [
  { name: "yield", tasks: [task("y", 1, yieldStep)] },
  { name: "poll", tasks: [task("p", 1, pollStep)], notifications: [{ name: "n", owner: "p" }] },
  {
    name: "call",
    tasks: [task("server", 1, serverReplyRecv), { name: "client", priority: 2, step: clientCall, state: { n: 0 }, rights: { call: ["ep"] } }],
    endpoints: [{ name: "ep", owner: "server" }],
  },
  {
    name: "reply",
    tasks: [task("server", 1, serverReply), { name: "client", priority: 2, step: clientCall, state: { n: 0 }, rights: { call: ["ep"] } }],
    endpoints: [{ name: "ep", owner: "server" }],
  },
  {
    name: "send",
    tasks: [task("receiver", 1, receiverRecv), { name: "sender", priority: 2, step: senderSend, state: { n: 0 }, rights: { send: ["ep"] } }],
    endpoints: [{ name: "ep", owner: "receiver" }],
  },
  {
    name: "recvFrom",
    tasks: [task("receiver", 1, receiverRecvFrom), { name: "sender", priority: 2, step: senderSend, state: { n: 0 }, rights: { send: ["ep"] } }],
    endpoints: [{ name: "ep", owner: "receiver" }],
  },
  {
    name: "signal",
    tasks: [task("waiter", 1, waiterWait), { name: "signaller", priority: 2, step: signallerSignal, state: { n: 0 }, rights: { signal: ["n"] } }],
    notifications: [{ name: "n", owner: "waiter" }],
  },
  {
    name: "irq",
    tasks: [task("handler", 0, irqHandler)],
    endpoints: [{ name: "ep", owner: "handler" }],
    irqs: [{ name: "edge", endpoint: "ep", priority: 0 }],
  },
  { name: "sleep", tasks: [task("s", 1, sleepStep)] },
];

/** Sums and counts per syscall, and the host entries' sums (filled by `probeCosts`). */
const sums: number[] = [];
const counts: number[] = [];
for (let i = 0; i < Sys.COUNT; i++) {
  sums.push(0);
  counts.push(0);
}
let raiseSum = 0;
let raiseCount = 0;
let expireSum = 0;
let expireCount = 0;
let roundTripSum = 0;
let roundTripCount = 0;

/** µs to read the clock twice around `run(0)` (subtracted from every step). */
function clockCost(clock: ProbeClock, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t0 = clock();
    run(0);
    total += clock() - t0;
  }
  return total / n;
}

/** Runs `n` timed steps of the booted system; `app` says what the host does between steps. */
function timeSteps(clock: ProbeClock, app: string, n: number, overhead: number): void {
  for (let i = 0; i < n; i++) {
    const t0 = clock();
    const ran = run(1);
    const d = clock() - t0 - overhead;
    if (ran === 0) {
      // Nothing ready: the host's turn.
      if (app === "irq") {
        const r0 = clock();
        raiseIrq(0, hostMicros);
        raiseSum += clock() - r0 - overhead;
        raiseCount++;
      } else if (app === "sleep") {
        hostTicks = (hostTicks + 1) | 0;
        const e0 = clock();
        expire();
        expireSum += clock() - e0 - overhead;
        expireCount++;
      } else {
        return;
      }
      continue;
    }
    const s = lastSys();
    sums[s] += d;
    counts[s]++;
    if (app === "call") {
      roundTripSum += d;
      if (s === Sys.REPLY_RECV) roundTripCount++;
    }
  }
}

function fmt(x: number): string {
  return String(Math.round(x * 100) / 100);
}

let loopClock: ProbeClock | undefined = undefined;
let loopPrint: ProbePrint | undefined = undefined;
let loopDefer: ProbeDefer | undefined = undefined;
let loopLeft = 0;
let loopN = 0;
let loopStart = 0;

function loopTurn(): void {
  loopLeft--;
  if (loopLeft > 0 && loopDefer !== undefined) {
    loopDefer(loopTurn);
    return;
  }
  if (loopClock === undefined || loopPrint === undefined) return;
  loopPrint("baton-costs loop " + fmt((loopClock() - loopStart) / loopN));
  loopPrint("baton-costs done");
}

/**
 * Times `n` steps of each probe system and prints the figures with `print`;
 * then, when `defer` is given, times `loops` loop turns through it and
 * prints them, then `done`. `runtime` names the interpreter in the output.
 */
export function probeCosts(clock: ProbeClock, print: ProbePrint, n: number, runtime: string, defer?: ProbeDefer, loops?: number): void {
  const overhead = clockCost(clock, n);
  print("baton-costs runtime " + runtime);
  print("baton-costs clock " + fmt(overhead));
  for (let a = 0; a < PROBE_APPS.length; a++) {
    hostTicks = 0;
    hostMicros = 0;
    boot(PROBE_APPS[a], HOST);
    timeSteps(clock, PROBE_APPS[a].name, n, overhead);
  }
  for (let s = 1; s < Sys.COUNT; s++) {
    if (counts[s] > 0) print("baton-costs step " + PROBE_SYS_NAMES[s] + " " + fmt(sums[s] / counts[s]) + " " + counts[s]);
  }
  if (roundTripCount > 0) print("baton-costs roundtrip " + fmt(roundTripSum / roundTripCount));
  if (raiseCount > 0) print("baton-costs raise " + fmt(raiseSum / raiseCount));
  if (expireCount > 0) print("baton-costs expire " + fmt(expireSum / expireCount));
  if (defer === undefined) {
    print("baton-costs done");
    return;
  }
  loopClock = clock;
  loopPrint = print;
  loopDefer = defer;
  loopLeft = loops !== undefined ? loops : 200;
  loopN = loopLeft;
  loopStart = clock();
  defer(loopTurn);
}
