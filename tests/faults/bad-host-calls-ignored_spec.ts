/**
 * The host's entries (`signalFromHost`, `raiseIrq`, `expire`, `run`) accept
 * only integer ids in range and finite numbers: anything else is ignored
 * and counted (`badHostCalls`), nothing is thrown into the host, and the
 * kernel's tables are intact: pending timers fire at their time, queued
 * senders stay queued, later signals and edges are delivered as usual, and
 * the invariant checker passes.
 */
import { AppDesc, Kind, KernelHost, MAX_TIMEOUT, TaskState, badHostCalls, boot, expire, raiseIrq, run, signalFromHost, sys, taskState, taskSteps } from "../../kernel/index";
import { checkInvariants } from "../../kernel/checked";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const N_W = 0;
const IRQ_H = 0;
const EP_H = 0;
const EP_Q = 1;
const TX = 3;

/** Casts a value that is no number to the parameter type of a host entry. */
function bad(v: unknown): number {
  return v as number;
}

/**
 * Runs a system with a sleeper (deadline tick 10), a waiter on a
 * notification, an IRQ handler waiting in receive and a sender queued on an
 * endpoint whose owner never receives; the host makes `call` at 2 ms, then a
 * good signal (bits 4) and a good edge (stamp 5000) at 5 ms.
 */
function hostCallIgnored(call: () => void): void {
  const app: AppDesc = {
    name: "bad-host-calls",
    tasks: [
      scripted("handler", 1, [() => sys.recv(EP_H)]),
      scripted("waiter", 2, [() => sys.wait(N_W)]),
      scripted("sleeper", 3, [() => sys.sleep(10)]),
      scripted("tx", 4, [() => sys.send(EP_Q, 1, 2, 3, 4)], { send: ["q"] }),
      scripted("owner", 5, [() => sys.sleep(MAX_TIMEOUT)]),
    ],
    endpoints: [{ name: "h", owner: "handler" }, { name: "q", owner: "owner" }],
    notifications: [{ name: "w", owner: "waiter" }],
    irqs: [{ name: "irq", endpoint: "h", priority: 0 }],
  };
  const sim = simulate(app);
  let threw = false;
  let counted = -1;
  sim.at(2000, () => {
    const before = badHostCalls();
    try {
      call();
    } catch (_e) {
      threw = true;
    }
    counted = badHostCalls() - before;
    checkInvariants();
  });
  sim.at(5000, () => {
    signalFromHost(N_W, 4);
    raiseIrq(IRQ_H, 5000);
  });
  sim.runFor(20000);
  eq(threw, false, "nothing thrown into the host");
  eq(counted, 1, "counted once");
  // The later good signal and edge arrive as usual, and only they.
  const w = recs(app, "waiter");
  eq(w[0].kind, Kind.NOTIFICATION);
  eq(w[0].w1, 4);
  eq(w[0].tick, 5);
  const h = recs(app, "handler");
  eq(h[0].kind, Kind.IRQ);
  eq(h[0].sender, IRQ_H);
  eq(h[0].w1, 1);
  eq(h[0].w2, 5000);
  // The pending timer fires at its time.
  eq(recs(app, "sleeper")[0].tick, 10);
  // The queued sender is still queued.
  eq(taskState(TX), TaskState.SEND_BLOCKED);
  checkInvariants();
}

describe("signalFromHost with a bad notification id or bits is ignored and counted; nothing else changes", () => {
  it("signalFromHost(0.5, 1)", () => hostCallIgnored(() => signalFromHost(0.5, 1)));
  it("signalFromHost(\"0\", 1)", () => hostCallIgnored(() => signalFromHost(bad("0"), 1)));
  it("signalFromHost(undefined, 1)", () => hostCallIgnored(() => signalFromHost(bad(undefined), 1)));
  it("signalFromHost(an object, 1)", () => hostCallIgnored(() => signalFromHost(bad({ n: 0 }), 1)));
  it("signalFromHost(-1, 1)", () => hostCallIgnored(() => signalFromHost(-1, 1)));
  it("signalFromHost(1, 1): one past the last notification", () => hostCallIgnored(() => signalFromHost(1, 1)));
  it("signalFromHost(NaN, 1)", () => hostCallIgnored(() => signalFromHost(0 / 0, 1)));
  it("signalFromHost(0, \"x\")", () => hostCallIgnored(() => signalFromHost(N_W, bad("x"))));
  it("signalFromHost(0, \"1\")", () => hostCallIgnored(() => signalFromHost(N_W, bad("1"))));
  it("signalFromHost(0, undefined)", () => hostCallIgnored(() => signalFromHost(N_W, bad(undefined))));
  it("signalFromHost(0, NaN)", () => hostCallIgnored(() => signalFromHost(N_W, 0 / 0)));
  it("signalFromHost(0, Infinity)", () => hostCallIgnored(() => signalFromHost(N_W, 1 / 0)));
});

describe("raiseIrq with a bad IRQ id or stamp is ignored and counted; nothing else changes", () => {
  it("raiseIrq(\"0\", 0)", () => hostCallIgnored(() => raiseIrq(bad("0"), 0)));
  it("raiseIrq(0.5, 0)", () => hostCallIgnored(() => raiseIrq(0.5, 0)));
  it("raiseIrq(-1, 0)", () => hostCallIgnored(() => raiseIrq(-1, 0)));
  it("raiseIrq(1, 0): one past the last IRQ", () => hostCallIgnored(() => raiseIrq(1, 0)));
  it("raiseIrq(undefined, 0)", () => hostCallIgnored(() => raiseIrq(bad(undefined), 0)));
  it("raiseIrq(an object, 0)", () => hostCallIgnored(() => raiseIrq(bad({ n: 0 }), 0)));
  it("raiseIrq(NaN, 0)", () => hostCallIgnored(() => raiseIrq(0 / 0, 0)));
  it("raiseIrq(0, \"x\")", () => hostCallIgnored(() => raiseIrq(IRQ_H, bad("x"))));
  it("raiseIrq(0, \"5\")", () => hostCallIgnored(() => raiseIrq(IRQ_H, bad("5"))));
  it("raiseIrq(0, undefined)", () => hostCallIgnored(() => raiseIrq(IRQ_H, bad(undefined))));
  it("raiseIrq(0, NaN)", () => hostCallIgnored(() => raiseIrq(IRQ_H, 0 / 0)));
  it("raiseIrq(0, -Infinity)", () => hostCallIgnored(() => raiseIrq(IRQ_H, -1 / 0)));
});

/** The value the bare host's clock reads (set by the spec; may be no number). */
let clock: unknown = 0;

function clockHost(): KernelHost {
  return {
    ticks: () => clock as number,
    micros: () => 0,
    setAlarm: (_tick: number) => {},
    cancelAlarm: () => {},
    trace: (_e: number, _a: number, _b: number, _c: number, _d: number) => {},
    log: (_line: string) => {},
    pinWrite: (_pin: number, _level: number) => {},
    pinRead: (_pin: number) => 0,
  };
}

/** Boots a sleeper whose deadline is tick 10 on a host clock reading 0. */
function bootSleeper(): AppDesc {
  clock = 0;
  const app: AppDesc = { name: "bad-clock", tasks: [scripted("sleeper", 1, [() => sys.sleep(10)])] };
  boot(app, clockHost(), { afterStep: checkInvariants });
  run(10);
  eq(taskState(0), TaskState.SLEEPING);
  return app;
}

describe("expire with a host clock that reads no finite number is ignored and counted; the timer still fires at its time", () => {
  function clockIgnored(v: unknown): void {
    bootSleeper();
    clock = v;
    const before = badHostCalls();
    let threw = false;
    try {
      expire();
    } catch (_e) {
      threw = true;
    }
    eq(threw, false, "nothing thrown into the host");
    eq(badHostCalls() - before, 1);
    eq(taskState(0), TaskState.SLEEPING);
    checkInvariants();
    clock = 9;
    expire();
    eq(taskState(0), TaskState.SLEEPING);
    clock = 10;
    expire();
    eq(taskState(0), TaskState.READY);
    eq(badHostCalls() - before, 1);
  }
  it("the numeric string \"1000000\"", () => clockIgnored("1000000"));
  it("the string \"x\"", () => clockIgnored("x"));
  it("undefined", () => clockIgnored(undefined));
  it("an object", () => clockIgnored({ n: 0 }));
  it("NaN", () => clockIgnored(0 / 0));
  it("Infinity", () => clockIgnored(1 / 0));
});

describe("run with a step count that is no number is ignored and counted; no step runs", () => {
  function countIgnored(v: unknown): void {
    bootSleeper();
    clock = 10;
    expire();
    const before = badHostCalls();
    const steps = taskSteps(0);
    let threw = false;
    let ran = -1;
    try {
      ran = run(bad(v));
    } catch (_e) {
      threw = true;
    }
    eq(threw, false, "nothing thrown into the host");
    eq(ran, 0);
    eq(taskSteps(0), steps);
    eq(badHostCalls() - before, 1);
    eq(taskState(0), TaskState.READY);
    eq(run(1), 1);
  }
  it("the string \"5\"", () => countIgnored("5"));
  it("undefined", () => countIgnored(undefined));
  it("an object", () => countIgnored({ n: 0 }));
});
