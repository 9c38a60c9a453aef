/** @noSelfInFile */
/**
 * The on-board self-test: the kernel's behaviour, checked on the device.
 *
 * Four actor tasks (A, B, C, D) play scripted parts and a runner task
 * drives them, one check at a time:
 *
 * 1. the runner signals each actor taking part, in the check's order (the
 *    actors are all more important than the runner, so each runs until it
 *    blocks before the next one starts: the order is the scenario);
 * 2. each actor runs its script, one action per step; an action issues
 *    exactly one syscall, and the actor records what it brought (status,
 *    kind, sender, label, words, a global step number and the time);
 * 3. each actor signals the runner's `done` notification when its script
 *    ends; the runner waits for all of them (with a time limit), runs its
 *    own supervisor actions if the check has any, judges the records and
 *    prints `ok` or `FAIL` with the check's name.
 *
 * The last check makes 10,000 call + replyRecv round trips and compares the
 * host's memory in use before and after (Espruino: `process.memory().usage`):
 * the growth must be 0. The check before it runs the same round trips
 * 4,096 times, as a warm-up (see `WARMUP`). Then the runner prints
 * `N passed, M failed`, lights LED1 if anything failed, and ends the
 * program where the host can (`quit()` on Espruino's Linux build).
 *
 * Portable: output goes through the host's log (`platform.log`), software
 * edges through `platform.softEdge`, memory through `platform.memoryUsed`;
 * storage is plain arrays filled at load time. Runs on Espruino, on Lua and
 * in the simulator.
 */
import { AppDesc, FaultCode, Kind, Status, Sys, Task, indexOf, pinId, pinWrite, sys } from "../../kernel/index";
import { platform } from "../../drivers/platform";

/** Actor numbers (also their task indexes: they come first in the description). */
const A = 0;
const B = 1;
const C = 2;
const D = 3;
/** The runner's record slot. */
const R = 4;
const ACTORS = 4;

/** Records: per actor (and the runner), RECS results of FIELDS numbers. */
const RECS = 8;
const FIELDS = 9;
const F_STATUS = 0;
const F_KIND = 1;
const F_SENDER = 2;
const F_LABEL = 3;
const F_W1 = 4;
const F_W2 = 5;
const F_SEQ = 7;
const F_US = 8;

/** The tick length the app asks for, µs. */
const TICK_US = 1000;
/** Round trips of the memory check. */
const ROUND_TRIPS = 10000;
/**
 * Round trips of the warm-up check that runs just before the memory check,
 * on the same tasks, code and record slots, so that the memory check's
 * "before" sees the state its "after" will see. Espruino keeps an integer
 * property or array element inside its name's variable only while it fits
 * a variable reference (-2^(b-1) .. 2^(b-1)-1, b the reference bits: 12 for
 * up to 4,095 variables, 13 up to 8,191, 14 up to 16,383, 16 above, 32 on
 * the Linux build that grows); beyond, the number takes a variable of its
 * own. The kernel's transfer counter grows by 2 a round trip and never
 * falls: over the 10,000 round trips it would cross such a bound (4,095 on
 * a 5,100-variable build) and the check would count that one variable as a
 * growth. 4,096 round trips take it past 8,191 first (every bound below
 * 16-bit references), and the 20,002 transfers measured then stay below
 * 32,767 (the 16-bit one).
 */
const WARMUP = 4096;
/** Default time limit of a check, ticks. */
const LIMIT = 3000;
/** Ticks a task sleeps so that the host loop surely raises the edges it asked for (generous: slow boards). */
const SETTLE = 50;
/** Labels of the memory check's loop. */
const LOOP = 1;
const STOP = 2;

const REC: number[] = [];
for (let i = 0; i < (ACTORS + 1) * RECS * FIELDS; i++) REC.push(0);
/** Each actor's current id (written at every step: restarts change it). */
const IDS: number[] = [0, 0, 0, 0];
/** The time each actor started its script, µs. */
const START: number[] = [0, 0, 0, 0];
/** A's id before the fault check restarted it. */
const OLD: number[] = [0];
/** The global step number. */
const SEQ: number[] = [0];
/** Index of the check running. */
const CUR: number[] = [0];
/** The first failed expectation of the check being judged. */
let why = "";

type Action = (t: Task<Actor>) => void;

interface Actor {
  me: number;
  go: number;
  /** Next action; -1 when idle. */
  pc: number;
  script: Action[] | undefined;
  /** Values an action keeps for a later one (ids), and a loop count. */
  saved: number;
  saved2: number;
  count: number;
}

interface Check {
  name: string;
  /** Actors to start, in order. */
  order: number[];
  /** Each actor's script (an empty list: not taking part). */
  scripts: Action[][];
  /** Bits of the actors expected to finish (default: every actor started). */
  finish?: number;
  /** The runner's own actions after the actors finish (supervisor syscalls). */
  boss?: Action[];
  /** Time limit in ticks. */
  limit?: number;
  /** Round trips `callMany` makes. */
  trips?: number;
  verify: (this: void) => boolean;
}

interface Runner {
  check: number;
  phase: number;
  k: number;
  acc: number;
  want: number;
  passed: number;
  failed: number;
  skipped: number;
  memBefore: number;
  memAfter: number;
  bossPc: number;
  /** Verdicts printed so far. */
  number: number;
  /** The memory check's measurements: 0 not yet, 1 before is due, 2 taken, 3 after is due, 4 taken. */
  mem: number;
}

const P_START = 0;
const P_SIGNAL = 1;
const P_WAIT = 2;
const P_BOSS = 3;
const P_JUDGE = 4;
const P_RESTART = 5;
const P_END = 6;
const P_DONE = 7;

/* ---- object ids (indexes in the description at the end) ---- */

const EP_A = 0;
const EP_B = 1;
const GO_A = 0;
const DONE = 4;
const N_A = 5;
const N_B = 6;
const IRQ_EP = 0;
const IRQ_N = 1;
const IRQ_N_BIT = 3;

/* ---- records ---- */

function at(a: number, i: number, f: number): number {
  return REC[(a * RECS + i) * FIELDS + f];
}

function record(a: number, i: number, t: Task<unknown>): void {
  if (i < 0 || i >= RECS) return;
  const b = (a * RECS + i) * FIELDS;
  REC[b + F_STATUS] = t.status;
  REC[b + F_KIND] = t.kind;
  REC[b + F_SENDER] = t.sender;
  REC[b + F_LABEL] = t.label;
  REC[b + F_W1] = t.w1;
  REC[b + F_W2] = t.w2;
  REC[b + 6] = t.w3;
  REC[b + F_SEQ] = SEQ[0];
  REC[b + F_US] = platform.micros();
  SEQ[0] = SEQ[0] + 1;
}

function clearRecords(): void {
  for (let i = 0; i < REC.length; i++) REC[i] = 0;
}

/** Notes the first failed expectation; returns `cond`. */
function expect(cond: boolean, what: string): boolean {
  if (!cond && why === "") why = what;
  return cond;
}

function statusIs(a: number, i: number, s: number, what: string): boolean {
  return expect(at(a, i, F_STATUS) === s, what + ": status " + at(a, i, F_STATUS) + ", expected " + s);
}

/** Record i of actor a is a message from `from` with `label`. */
function gotMessage(a: number, i: number, from: number, label: number): boolean {
  return (
    statusIs(a, i, Status.OK, "message") &&
    expect(at(a, i, F_KIND) === Kind.MESSAGE, "kind " + at(a, i, F_KIND) + ", expected MESSAGE") &&
    expect(at(a, i, F_SENDER) === IDS[from], "sender " + at(a, i, F_SENDER) + ", expected " + IDS[from]) &&
    expect(at(a, i, F_LABEL) === label, "label " + at(a, i, F_LABEL) + ", expected " + label)
  );
}

function gotReply(a: number, i: number, label: number, w1: number): boolean {
  return (
    statusIs(a, i, Status.OK, "reply") &&
    expect(at(a, i, F_KIND) === Kind.REPLY, "kind " + at(a, i, F_KIND) + ", expected REPLY") &&
    expect(at(a, i, F_LABEL) === label, "reply label " + at(a, i, F_LABEL) + ", expected " + label) &&
    expect(at(a, i, F_W1) === w1, "reply w1 " + at(a, i, F_W1) + ", expected " + w1)
  );
}

function gotIrq(a: number, i: number, irq: number, count: number): boolean {
  return (
    statusIs(a, i, Status.OK, "irq") &&
    expect(at(a, i, F_KIND) === Kind.IRQ, "kind " + at(a, i, F_KIND) + ", expected IRQ") &&
    expect(at(a, i, F_SENDER) === irq, "irq id " + at(a, i, F_SENDER) + ", expected " + irq) &&
    expect(at(a, i, F_W1) === count, "edge count " + at(a, i, F_W1) + ", expected " + count)
  );
}

function gotBits(a: number, i: number, bits: number): boolean {
  return (
    statusIs(a, i, Status.OK, "notification") &&
    expect(at(a, i, F_KIND) === Kind.NOTIFICATION, "kind " + at(a, i, F_KIND) + ", expected NOTIFICATION") &&
    expect(at(a, i, F_W1) === bits, "bits " + at(a, i, F_W1) + ", expected " + bits)
  );
}

/** µs from actor a's start to its record i, at least `ticks` ticks (less one for the tick in progress). */
function tookTicks(a: number, i: number, ticks: number): boolean {
  const us = (at(a, i, F_US) - START[a]) | 0;
  return expect(us >= (ticks - 1) * TICK_US, "took " + us + " us, expected at least " + (ticks - 1) * TICK_US);
}

function before(a: number, i: number, b: number, j: number): boolean {
  return expect(at(a, i, F_SEQ) < at(b, j, F_SEQ), "step order: " + a + "/" + i + " should come before " + b + "/" + j);
}

/* ---- actions: each issues exactly one syscall ---- */

function recvA(_t: Task<Actor>): void {
  return sys.recv(EP_A);
}
function recvA0(_t: Task<Actor>): void {
  return sys.recv(EP_A, 0);
}
function recvA5(_t: Task<Actor>): void {
  return sys.recv(EP_A, 5);
}
function recvB(_t: Task<Actor>): void {
  return sys.recv(EP_B);
}
function recvFromC(_t: Task<Actor>): void {
  return sys.recvFrom(EP_A, IDS[C]);
}
function sendA2(_t: Task<Actor>): void {
  return sys.send(EP_A, 2, 0, 0, 0);
}
function sendA3(_t: Task<Actor>): void {
  return sys.send(EP_A, 3, 0, 0, 0);
}
function sendA5(_t: Task<Actor>): void {
  return sys.send(EP_A, 5, 0, 0, 0);
}
function sendA6(_t: Task<Actor>): void {
  return sys.send(EP_A, 6, 0, 0, 0);
}
function sendA7(_t: Task<Actor>): void {
  return sys.send(EP_A, 7, 11, 22, 33);
}
function sendA0(_t: Task<Actor>): void {
  return sys.send(EP_A, 1, 0, 0, 0, 0);
}
function sendA5t(_t: Task<Actor>): void {
  return sys.send(EP_A, 1, 0, 0, 0, 5);
}
function sendB1(_t: Task<Actor>): void {
  return sys.send(EP_B, 1, 0, 0, 0);
}
function call41(_t: Task<Actor>): void {
  return sys.call(EP_A, 1, 41, 0, 0);
}
function call21(_t: Task<Actor>): void {
  return sys.call(EP_A, 1, 21, 0, 0);
}
function call1(_t: Task<Actor>): void {
  return sys.call(EP_A, 1, 0, 0, 0);
}
function call2(_t: Task<Actor>): void {
  return sys.call(EP_A, 2, 0, 0, 0);
}
function call5t(_t: Task<Actor>): void {
  return sys.call(EP_A, 1, 0, 0, 0, 5);
}
function callB(_t: Task<Actor>): void {
  return sys.call(EP_B, 1, 0, 0, 0);
}
function replyPlus1(t: Task<Actor>): void {
  return sys.reply(t.sender, 8, (t.w1 + 1) | 0, 0, 0);
}
function replyRecvTwice(t: Task<Actor>): void {
  return sys.replyRecv(t.sender, t.label + 100, (t.w1 * 2) | 0, 0, 0, EP_A);
}
function saveAndRecv(t: Task<Actor>): void {
  t.state.saved = t.sender;
  return sys.recv(EP_A);
}
function saveAndReplySecond(t: Task<Actor>): void {
  t.state.saved2 = t.sender;
  return sys.reply(t.state.saved2, 20, 0, 0, 0);
}
function replyFirst(t: Task<Actor>): void {
  return sys.reply(t.state.saved, 10, 0, 0, 0);
}
function saveAndSleep8(t: Task<Actor>): void {
  t.state.saved = t.sender;
  return sys.sleep(8);
}
function replySaved(t: Task<Actor>): void {
  return sys.reply(t.state.saved, 9, 0, 0, 0);
}
function replyToB(_t: Task<Actor>): void {
  return sys.reply(IDS[B], 1, 0, 0, 0);
}
/** Sleeps well past the other actor's 5-tick timeout, so a busy host cannot turn the order round. */
function sleep40(_t: Task<Actor>): void {
  return sys.sleep(40);
}
function sleep10(_t: Task<Actor>): void {
  return sys.sleep(10);
}
function yieldNow(_t: Task<Actor>): void {
  return sys.yield();
}
function signalA1(_t: Task<Actor>): void {
  return sys.signal(N_A, 1);
}
function signalA2(_t: Task<Actor>): void {
  return sys.signal(N_A, 2);
}
function signalA4(_t: Task<Actor>): void {
  return sys.signal(N_A, 4);
}
function signalB4(_t: Task<Actor>): void {
  return sys.signal(N_B, 4);
}
function signalGoA(_t: Task<Actor>): void {
  return sys.signal(GO_A, 1);
}
function waitA(_t: Task<Actor>): void {
  return sys.wait(N_A);
}
function waitA0(_t: Task<Actor>): void {
  return sys.wait(N_A, 0);
}
function pollA(_t: Task<Actor>): void {
  return sys.poll(N_A);
}
function ackEp(_t: Task<Actor>): void {
  return sys.irqAck(IRQ_EP);
}
function ackN(_t: Task<Actor>): void {
  return sys.irqAck(IRQ_N);
}
function edgeEp1(_t: Task<Actor>): void {
  platform.softEdge(IRQ_EP, 1);
  return sys.sleep(2);
}
/** Asks for 2 (or 3) edges, then sleeps long enough for the host loop to raise them: causal, not a race. */
function edgeEp2Sleep(_t: Task<Actor>): void {
  platform.softEdge(IRQ_EP, 2);
  return sys.sleep(SETTLE);
}
function edgeEp3Sleep(_t: Task<Actor>): void {
  platform.softEdge(IRQ_EP, 3);
  return sys.sleep(SETTLE);
}
function edgeEp1Sleep(_t: Task<Actor>): void {
  platform.softEdge(IRQ_EP, 1);
  return sys.sleep(SETTLE);
}
function edgeN1(_t: Task<Actor>): void {
  platform.softEdge(IRQ_N, 1);
  return sys.sleep(1);
}
function sendBadEp(_t: Task<Actor>): void {
  return sys.send(99, 1, 0, 0, 0);
}
function waitBadNtfn(_t: Task<Actor>): void {
  return sys.wait(99);
}
function replyBadTask(_t: Task<Actor>): void {
  return sys.reply(0xfe, 1, 0, 0, 0);
}
function ackBadIrq(_t: Task<Actor>): void {
  return sys.irqAck(99);
}
function restartA(_t: Task<Actor>): void {
  return sys.restart(IDS[A]);
}
function faultInfoA(_t: Task<Actor>): void {
  return sys.faultInfo(IDS[A]);
}
function faultInfoC(_t: Task<Actor>): void {
  return sys.faultInfo(IDS[C]);
}
function restartC(_t: Task<Actor>): void {
  return sys.restart(IDS[C]);
}
function recvFromOldA(_t: Task<Actor>): void {
  return sys.recvFrom(EP_B, OLD[0]);
}
function throwNow(_t: Task<Actor>): void {
  throw new Error("selftest: a step that throws");
}
function twoSyscalls(_t: Task<Actor>): void {
  sys.yield();
  return sys.yield();
}
/** Serves LOOP calls with replyRecv (repeating itself) until STOP, which it answers with a plain reply. */
function serveMany(t: Task<Actor>): void {
  const s = t.state;
  if (t.kind === Kind.MESSAGE && t.label === LOOP) {
    s.pc--;
    return sys.replyRecv(t.sender, LOOP, (t.w1 + 1) | 0, 0, 0, EP_A);
  }
  if (t.kind === Kind.MESSAGE && t.label === STOP) return sys.reply(t.sender, STOP, 0, 0, 0);
  s.pc--;
  return sys.recv(EP_A);
}
/** Calls LOOP as many times as the check's `trips` says (repeating itself), then STOP. */
function callMany(t: Task<Actor>): void {
  const s = t.state;
  const trips = CHECKS[CUR[0]].trips;
  if (trips !== undefined && s.count < trips) {
    s.count++;
    s.pc--;
    return sys.call(EP_A, LOOP, s.count, 0, 0);
  }
  s.count = 0;
  return sys.call(EP_A, STOP, 0, 0, 0);
}

/* ---- verdicts ---- */

function vRendezvous(): boolean {
  return (
    gotMessage(A, 0, B, 7) &&
    expect(at(A, 0, F_W1) === 11 && at(A, 0, F_W2) === 22 && at(A, 0, 6) === 33, "words not copied") &&
    statusIs(B, 0, Status.OK, "send") &&
    expect(at(B, 0, F_KIND) === Kind.NONE, "the sender got a message kind")
  );
}
function vCall(): boolean {
  return gotMessage(A, 0, B, 1) && gotReply(B, 0, 8, 42) && expect(at(B, 0, F_SENDER) === IDS[A], "reply sender");
}
function vReplyRecv(): boolean {
  return gotReply(B, 0, 101, 42) && gotMessage(A, 1, B, 2);
}
function vClosed(): boolean {
  return gotMessage(A, 0, C, 3) && gotMessage(A, 1, B, 2);
}
function vPriorityOrder(): boolean {
  return gotMessage(A, 0, B, 5) && gotMessage(A, 1, D, 6);
}
function vFifo(): boolean {
  return gotMessage(A, 0, C, 3) && gotMessage(A, 1, B, 2);
}
function vTurns(): boolean {
  return (
    gotMessage(B, 0, C, 1) &&
    before(B, 0, C, 0) && before(C, 0, B, 1) && before(B, 1, C, 1) && before(C, 1, B, 2) && before(B, 2, C, 2)
  );
}
function vSendZero(): boolean {
  return statusIs(B, 0, Status.WOULD_BLOCK, "send with timeout 0");
}
function vRecvZero(): boolean {
  return statusIs(A, 0, Status.WOULD_BLOCK, "recv with timeout 0");
}
function vRecvTimeout(): boolean {
  return statusIs(A, 0, Status.TIMEOUT, "recv with timeout 5") && tookTicks(A, 0, 5);
}
function vSendTimeout(): boolean {
  return statusIs(B, 0, Status.TIMEOUT, "send with timeout 5") && tookTicks(B, 0, 5) && statusIs(A, 1, Status.WOULD_BLOCK, "the timed-out message was left queued");
}
function vCallTimeout(): boolean {
  return statusIs(B, 0, Status.TIMEOUT, "call with timeout 5") && tookTicks(B, 0, 5) && statusIs(A, 2, Status.NOT_WAITING, "late reply");
}
function vSleep(): boolean {
  return statusIs(B, 0, Status.OK, "sleep") && tookTicks(B, 0, 10);
}
function vSignalFirst(): boolean {
  return gotBits(A, 0, 5) && expect(at(A, 0, F_SENDER) === N_A, "notification id");
}
function vWaitFirst(): boolean {
  return gotBits(A, 0, 2) && gotBits(A, 1, 0);
}
function vPoll(): boolean {
  return gotBits(A, 0, 0) && gotMessage(A, 1, D, 2) && gotBits(A, 2, 1);
}
function vWaitZero(): boolean {
  return statusIs(A, 0, Status.WOULD_BLOCK, "wait with timeout 0");
}
function vBound(): boolean {
  return gotBits(B, 0, 4) && expect(at(B, 0, F_SENDER) === N_B, "bound notification id");
}
function vIrqEp(): boolean {
  const lat = (at(A, 0, F_US) - at(A, 0, F_W2)) | 0;
  return gotIrq(A, 0, IRQ_EP, 1) && expect(lat >= 0 && lat < 1000000, "latency " + lat + " us from the stamp") && statusIs(A, 1, Status.OK, "irqAck");
}
function vIrqN(): boolean {
  return gotBits(A, 0, 1 << IRQ_N_BIT) && statusIs(A, 1, Status.OK, "irqAck");
}
function vCoalesce(): boolean {
  return gotIrq(A, 1, IRQ_EP, 3) && statusIs(A, 2, Status.OK, "irqAck");
}
function vRedeliver(): boolean {
  return (
    gotIrq(A, 0, IRQ_EP, 1) &&
    statusIs(A, 2, Status.OK, "irqAck") &&
    gotIrq(A, 3, IRQ_EP, 2) &&
    expect(at(A, 3, F_SEQ) === at(A, 2, F_SEQ) + 1, "the redelivery waited") &&
    statusIs(A, 4, Status.OK, "second irqAck")
  );
}
function vNotPending(): boolean {
  return statusIs(A, 0, Status.NOT_PENDING, "irqAck of an armed IRQ");
}
function vIrqQueue(): boolean {
  return gotIrq(A, 1, IRQ_EP, 1) && gotMessage(A, 2, D, 6) && statusIs(A, 3, Status.OK, "irqAck");
}
function vDeferred(): boolean {
  return gotMessage(A, 0, B, 1) && gotMessage(A, 1, C, 2) && gotReply(C, 0, 20, 0) && gotReply(B, 0, 10, 0) && before(C, 0, B, 0);
}
function vBadIds(): boolean {
  return (
    statusIs(B, 0, Status.BAD_ID, "send to endpoint 99") &&
    statusIs(B, 1, Status.BAD_ID, "wait on notification 99") &&
    statusIs(B, 2, Status.BAD_ID, "reply to task 254") &&
    statusIs(B, 3, Status.BAD_ID, "irqAck of IRQ 99")
  );
}
function vNoRights(): boolean {
  return (
    statusIs(D, 0, Status.NO_RIGHTS, "call without the right") &&
    statusIs(D, 1, Status.NO_RIGHTS, "signal without the right") &&
    statusIs(D, 2, Status.NO_RIGHTS, "irqAck of another task's IRQ")
  );
}
function vSupervisorOnly(): boolean {
  return statusIs(D, 0, Status.NO_RIGHTS, "restart by a task") && statusIs(D, 1, Status.NO_RIGHTS, "faultInfo by a task");
}
function vNotWaiting(): boolean {
  return statusIs(A, 0, Status.NOT_WAITING, "reply to a task that did not call");
}
function vFault(): boolean {
  return (
    statusIs(B, 0, Status.PEER_DEAD, "caller of a faulted server") &&
    expect(at(B, 0, F_SENDER) === OLD[0], "PEER_DEAD carries the server's id") &&
    statusIs(R, 0, Status.OK, "faultInfo") &&
    expect(at(R, 0, F_W1) === FaultCode.THREW, "fault code " + at(R, 0, F_W1) + ", expected THREW") &&
    statusIs(R, 1, Status.OK, "restart") &&
    expect(at(R, 1, F_W1) !== OLD[0] && (at(R, 1, F_W1) & 0xff) === A, "restart gives a new id of the same task")
  );
}
function vOldId(): boolean {
  return statusIs(B, 0, Status.PEER_DEAD, "an old generation's id") && expect(at(B, 0, F_SENDER) === IDS[A], "PEER_DEAD carries the current id");
}
function vTwoSyscalls(): boolean {
  return (
    statusIs(R, 0, Status.OK, "faultInfo") &&
    expect(at(R, 0, F_W1) === FaultCode.TWO_SYSCALLS, "fault code " + at(R, 0, F_W1) + ", expected TWO_SYSCALLS") &&
    expect(at(R, 0, F_W2) === Sys.YIELD, "the fault names the second syscall") &&
    statusIs(R, 1, Status.OK, "restart")
  );
}
function vRoundTrips(): boolean {
  return gotReply(B, 0, STOP, 0);
}

const NONE: Action[] = [];

/** The checks, in the order they run. The memory check is the last one. */
const CHECKS: Check[] = [
  { name: "rendezvous, receiver first", order: [A, B], scripts: [[recvA], [sendA7], NONE, NONE], verify: vRendezvous },
  { name: "rendezvous, sender first (queued)", order: [B, A], scripts: [[recvA], [sendA7], NONE, NONE], verify: vRendezvous },
  { name: "call and reply", order: [A, B], scripts: [[recvA, replyPlus1], [call41], NONE, NONE], verify: vCall },
  { name: "replyRecv answers and receives the next", order: [A, B], scripts: [[recvA, replyRecvTwice], [call21, sendA2], NONE, NONE], verify: vReplyRecv },
  { name: "closed receive takes only the named sender", order: [B, C, A], scripts: [[recvFromC, recvA], [sendA2], [sendA3], NONE], verify: vClosed },
  { name: "send queue in priority order", order: [D, B, A], scripts: [[recvA, recvA], [sendA5], NONE, [sendA6]], verify: vPriorityOrder },
  { name: "send queue FIFO among equal priorities", order: [C, B, A], scripts: [[recvA, recvA], [sendA2], [sendA3], NONE], verify: vFifo },
  { name: "equal priorities take turns; yield goes to the back", order: [B, C], scripts: [NONE, [recvB, yieldNow, yieldNow], [sendB1, yieldNow, yieldNow], NONE], verify: vTurns },
  { name: "send with timeout 0: WOULD_BLOCK", order: [B], scripts: [NONE, [sendA0], NONE, NONE], verify: vSendZero },
  { name: "recv with timeout 0: WOULD_BLOCK", order: [A], scripts: [[recvA0], NONE, NONE, NONE], verify: vRecvZero },
  { name: "recv with a finite timeout: TIMEOUT", order: [A], scripts: [[recvA5], NONE, NONE, NONE], verify: vRecvTimeout },
  { name: "send with a finite timeout: TIMEOUT, message withdrawn", order: [A, B], scripts: [[sleep40, recvA0], [sendA5t], NONE, NONE], verify: vSendTimeout },
  { name: "call times out waiting for the reply; a late reply: NOT_WAITING", order: [A, B], scripts: [[recvA, saveAndSleep8, replySaved], [call5t], NONE, NONE], verify: vCallTimeout },
  { name: "sleep", order: [B], scripts: [NONE, [sleep10], NONE, NONE], verify: vSleep },
  { name: "signal before wait: bits ORed, taken at once", order: [D, A], scripts: [[waitA], NONE, NONE, [signalA1, signalA4]], verify: vSignalFirst },
  { name: "wait blocks until a signal; bits are cleared", order: [A, D], scripts: [[waitA, pollA], NONE, NONE, [signalA2]], verify: vWaitFirst },
  { name: "poll never blocks", order: [A, D], scripts: [[pollA, recvA, pollA], NONE, NONE, [signalA1, sendA2]], verify: vPoll },
  { name: "wait with timeout 0: WOULD_BLOCK", order: [A], scripts: [[waitA0], NONE, NONE, NONE], verify: vWaitZero },
  { name: "bound notification ends an open receive", order: [B, D], scripts: [NONE, [recvB], NONE, [signalB4]], verify: vBound },
  { name: "IRQ to an endpoint (software edge)", order: [A, D], scripts: [[recvA, ackEp], NONE, NONE, [edgeEp1]], verify: vIrqEp },
  { name: "IRQ to a notification (software edge)", order: [A, D], scripts: [[waitA, ackN], NONE, NONE, [edgeN1]], verify: vIrqN },
  { name: "IRQ coalescing: 3 edges, one delivery, count 3", order: [A], scripts: [[edgeEp3Sleep, recvA, ackEp], NONE, NONE, NONE], verify: vCoalesce },
  { name: "irqAck redelivers edges counted while masked", order: [A, D], scripts: [[recvA, edgeEp2Sleep, ackEp, recvA, ackEp], NONE, NONE, [edgeEp1]], verify: vRedeliver },
  { name: "irqAck of an armed IRQ: NOT_PENDING", order: [A], scripts: [[ackEp], NONE, NONE, NONE], verify: vNotPending },
  { name: "an IRQ queues at its own priority", order: [A, D], scripts: [[edgeEp1Sleep, recvA, recvA, ackEp], NONE, NONE, [sendA6]], verify: vIrqQueue },
  { name: "deferred replies, answered out of order", order: [A, B, C], scripts: [[recvA, saveAndRecv, saveAndReplySecond, replyFirst], [call1], [call2], NONE], verify: vDeferred },
  { name: "bad ids: BAD_ID", order: [B], scripts: [NONE, [sendBadEp, waitBadNtfn, replyBadTask, ackBadIrq], NONE, NONE], verify: vBadIds },
  { name: "no rights: NO_RIGHTS", order: [D], scripts: [NONE, NONE, NONE, [callB, signalGoA, ackEp]], verify: vNoRights },
  { name: "restart and faultInfo are the supervisor's", order: [D], scripts: [NONE, NONE, NONE, [restartA, faultInfoA]], verify: vSupervisorOnly },
  { name: "reply to a task that is not waiting: NOT_WAITING", order: [A], scripts: [[replyToB], NONE, NONE, NONE], verify: vNotWaiting },
  {
    name: "a step that throws faults its task; its caller gets PEER_DEAD",
    order: [A, B], scripts: [[recvA, throwNow], [call1], NONE, NONE], finish: 1 << B, boss: [faultInfoA, restartA], verify: vFault,
  },
  { name: "an old generation's id: PEER_DEAD with the current id", order: [B], scripts: [NONE, [recvFromOldA], NONE, NONE], verify: vOldId },
  { name: "two syscalls in one step fault the task", order: [C], scripts: [NONE, NONE, [twoSyscalls], NONE], finish: 0, boss: [faultInfoC, restartC], verify: vTwoSyscalls },
  {
    name: WARMUP + " call+replyRecv round trips (the memory check's warm-up)",
    order: [A, B], scripts: [[serveMany], [callMany], NONE, NONE], limit: 600000, trips: WARMUP, verify: vRoundTrips,
  },
  {
    name: ROUND_TRIPS + " call+replyRecv round trips",
    order: [A, B], scripts: [[serveMany], [callMany], NONE, NONE], limit: 600000, trips: ROUND_TRIPS, verify: vRoundTrips,
  },
];

const MEMORY_CHECK = CHECKS.length - 1;

/* ---- the tasks ---- */

function actorInit(t: Task<Actor>): void {
  const s = t.state;
  s.pc = -1;
  s.script = undefined;
  s.saved = 0;
  s.saved2 = 0;
  s.count = 0;
}

function actorStep(t: Task<Actor>): void {
  const s = t.state;
  IDS[s.me] = t.id;
  if (s.pc < 0) {
    if (t.kind !== Kind.NOTIFICATION || t.sender !== s.go) return sys.wait(s.go);
    s.pc = 0;
    s.script = CHECKS[CUR[0]].scripts[s.me];
    START[s.me] = platform.micros();
  } else {
    record(s.me, s.pc - 1, t);
  }
  const script = s.script;
  if (script !== undefined && s.pc < script.length) {
    const act = script[s.pc];
    s.pc++;
    return act(t);
  }
  s.pc = -1;
  s.script = undefined;
  return sys.signal(DONE, 1 << s.me);
}

function runnerInit(t: Task<Runner>): void {
  const s = t.state;
  s.check = 0;
  s.phase = P_START;
  s.k = 0;
  s.acc = 0;
  s.want = 0;
  s.passed = 0;
  s.failed = 0;
  s.skipped = 0;
  s.memBefore = 0;
  s.memAfter = 0;
  s.bossPc = 0;
  s.number = 0;
  s.mem = 0;
}

function report(s: Runner, ok: boolean, name: string, note: string): void {
  s.number++;
  if (ok) s.passed++;
  else s.failed++;
  platform.log((ok ? "ok   " : "FAIL ") + (s.number < 10 ? " " : "") + s.number + " " + name + (note.length > 0 ? " (" + note + ")" : ""));
}

/**
 * Judges the check that just ran; then the runner moves on. The memory
 * check adds a verdict of its own, printed but not numbered, so that every
 * host (those that can measure memory and those that cannot) counts the
 * same N checks; a growth counts as a failure.
 */
function judge(s: Runner): void {
  const c = CHECKS[s.check];
  why = "";
  report(s, c.verify(), c.name, why);
  if (s.check !== MEMORY_CHECK) return;
  const name = "memory in use unchanged by " + ROUND_TRIPS + " round trips";
  if (s.memBefore < 0 || s.memAfter < 0) {
    s.skipped++;
    platform.log("skip    " + name + " (this host cannot measure memory)");
    return;
  }
  const growth = s.memAfter - s.memBefore;
  platform.log("memory in use: " + s.memBefore + " before, " + s.memAfter + " after, growth " + growth);
  if (growth === 0) {
    platform.log("ok       " + name);
  } else {
    s.failed++;
    platform.log("FAIL     " + name + " (grew by " + growth + ")");
  }
}

function runnerStep(t: Task<Runner>): void {
  const s = t.state;
  // Memory is read first thing in a step that follows a yield, before and
  // after the round trips: the same code, the same locals, the same state.
  // "Before" is read twice: the second reading sees memBefore holding a
  // reading already, as "after" will (on Espruino a large number can take
  // a variable that 0 does not: see WARMUP).
  if (s.mem === 1 || s.mem === 3) {
    if (s.mem === 1) {
      s.memBefore = platform.memoryUsed();
      s.memBefore = platform.memoryUsed();
    } else s.memAfter = platform.memoryUsed();
    s.mem++;
  }
  for (;;) {
    if (s.phase === P_START) {
      if (s.check >= CHECKS.length) {
        s.phase = P_END;
        continue;
      }
      if (s.check === MEMORY_CHECK && s.mem === 0) {
        s.mem = 1;
        return sys.yield();
      }
      CUR[0] = s.check;
      clearRecords();
      const c = CHECKS[s.check];
      s.k = 0;
      s.acc = 0;
      s.bossPc = 0;
      let want = 0;
      for (let i = 0; i < c.order.length; i++) want = want | (1 << c.order[i]);
      s.want = c.finish !== undefined ? c.finish : want;
      s.phase = P_SIGNAL;
      continue;
    }
    if (s.phase === P_SIGNAL) {
      const c = CHECKS[s.check];
      if (s.k < c.order.length) {
        const a = c.order[s.k];
        s.k++;
        return sys.signal(GO_A + a, 1);
      }
      s.phase = P_WAIT;
      if (s.want === 0) {
        s.phase = P_BOSS;
        continue;
      }
      return sys.wait(DONE, c.limit !== undefined ? c.limit : LIMIT);
    }
    if (s.phase === P_WAIT) {
      if (t.kind === Kind.NOTIFICATION) s.acc = s.acc | t.w1;
      if ((s.acc & s.want) === s.want) {
        s.phase = P_BOSS;
        continue;
      }
      if (t.status === Status.TIMEOUT) {
        report(s, false, CHECKS[s.check].name, "timed out; actors done: " + s.acc + " of " + s.want);
        s.phase = P_RESTART;
        s.k = 0;
        continue;
      }
      const c = CHECKS[s.check];
      return sys.wait(DONE, c.limit !== undefined ? c.limit : LIMIT);
    }
    if (s.phase === P_BOSS) {
      const boss = CHECKS[s.check].boss;
      if (s.bossPc > 0) record(R, s.bossPc - 1, t);
      if (boss !== undefined && s.bossPc < boss.length) {
        if (s.bossPc === 0) OLD[0] = IDS[A];
        const act = boss[s.bossPc];
        s.bossPc++;
        return act(t as unknown as Task<Actor>);
      }
      s.phase = P_JUDGE;
      continue;
    }
    if (s.phase === P_JUDGE) {
      if (s.check === MEMORY_CHECK && s.mem === 2) {
        s.mem = 3;
        return sys.yield();
      }
      judge(s);
      s.check++;
      s.phase = P_START;
      continue;
    }
    if (s.phase === P_RESTART) {
      if (s.k < ACTORS) {
        const a = s.k;
        s.k++;
        return sys.restart(IDS[a]);
      }
      s.check++;
      s.phase = P_START;
      continue;
    }
    if (s.phase === P_END) {
      if (s.skipped > 0) platform.log(s.skipped + " skipped");
      platform.log(s.passed + " passed, " + s.failed + " failed");
      if (s.failed > 0) pinWrite(pinId("LED1"), 1);
      s.phase = P_DONE;
      platform.quit();
    }
    return sys.wait(DONE);
  }
}

function actor(name: string, me: number, priority: number, rights: AppDesc["tasks"][0]["rights"]): AppDesc["tasks"][0] {
  return {
    name: name,
    priority: priority,
    step: actorStep,
    init: actorInit,
    state: { me: me, go: GO_A + me, pc: -1, script: undefined, saved: 0, saved2: 0, count: 0 },
    rights: rights,
  };
}

export const selftest: AppDesc = {
  name: "selftest",
  tasks: [
    actor("A", A, 2, { signal: ["done"] }),
    actor("B", B, 5, { call: ["epA"], send: ["epA"], signal: ["done"] }),
    actor("C", C, 5, { call: ["epA"], send: ["epA", "epB"], signal: ["done"] }),
    actor("D", D, 6, { send: ["epA"], signal: ["done", "nA", "nB"] }),
    {
      name: "runner",
      priority: 10,
      step: runnerStep,
      init: runnerInit,
      state: { check: 0, phase: 0, k: 0, acc: 0, want: 0, passed: 0, failed: 0, skipped: 0, memBefore: 0, memAfter: 0, bossPc: 0, number: 0, mem: 0 },
      rights: { signal: ["goA", "goB", "goC", "goD"], supervisor: true },
    },
  ],
  endpoints: [
    { name: "epA", owner: "A" },
    { name: "epB", owner: "B" },
  ],
  notifications: [
    { name: "goA", owner: "A" },
    { name: "goB", owner: "B" },
    { name: "goC", owner: "C" },
    { name: "goD", owner: "D" },
    { name: "done", owner: "runner" },
    { name: "nA", owner: "A" },
    { name: "nB", owner: "B", bind: true },
  ],
  irqs: [
    { name: "soft", priority: 3, endpoint: "epA" },
    { name: "softN", priority: 3, notification: "nA", bit: IRQ_N_BIT },
  ],
  pins: ["LED1"],
  board: { tickUs: TICK_US, sliceSteps: 16 },
};

/** The ids above are the description's indexes; a mismatch is a bug in this file. */
function checkIds(): void {
  const ok =
    indexOf(selftest.endpoints, "epA") === EP_A && indexOf(selftest.endpoints, "epB") === EP_B &&
    indexOf(selftest.notifications, "goA") === GO_A && indexOf(selftest.notifications, "done") === DONE &&
    indexOf(selftest.notifications, "nA") === N_A && indexOf(selftest.notifications, "nB") === N_B &&
    indexOf(selftest.irqs, "soft") === IRQ_EP && indexOf(selftest.irqs, "softN") === IRQ_N;
  if (!ok) throw new Error("selftest: object ids out of step with the description");
}
checkIds();
