/**
 * The bad-input table (README, "Bad input"): every syscall with every kind
 * of bad argument, and what it gets. One `it` per row. Each row boots a
 * fresh system, issues the one bad syscall from task `t`, and checks the
 * status code (or the fault), that `t` can go on (or is the only one
 * stopped), and — through the invariant checker after every step — that the
 * kernel's tables are intact.
 */
import { AppDesc, FaultCode, MAX_TIMEOUT, Status, Task, TaskState, faultCode, sys, taskState } from "../../kernel/index";
import { K } from "../../kernel/tables";
import { describe, eq, it } from "#spec";
import { Action, Script, recs, scripted, simulate } from "../lib/harness";

// Ids in the table's system.
const EP_MINE = 0;
const EP_THEIRS = 1;
const EP_DEAD = 2;
const N_MINE = 0;
const N_THEIRS = 1;
const IRQ_MINE = 0;
const IRQ_THEIRS = 1;
const T_OTHER = 2;
const T_DEAD = 0;

function system(action: Action, supervisor: boolean): AppDesc {
  const dead = (_t: Task<Script>) => {
    throw new Error("dead on arrival");
  };
  return {
    name: "bad-input",
    tasks: [
      { name: "dead", priority: 0, step: dead, state: new Script([]) },
      scripted("t", 1, [action, () => sys.yield()], { send: ["dead"], call: ["dead"], supervisor: supervisor }),
      scripted("other", 2, [() => sys.recv(EP_THEIRS)]),
    ],
    endpoints: [{ name: "mine", owner: "t" }, { name: "theirs", owner: "other" }, { name: "dead", owner: "dead" }],
    notifications: [{ name: "mine", owner: "t" }, { name: "theirs", owner: "other" }],
    irqs: [{ name: "mine", endpoint: "mine", priority: 0 }, { name: "theirs", endpoint: "theirs", priority: 0 }],
    downhill: [["t", "dead"]],
  };
}

/** Runs `action` as t's first step; returns t's records. */
function attempt(action: Action, supervisor: boolean): Script {
  const app = system(action, supervisor);
  const sim = simulate(app);
  sim.runFor(20000);
  // The bystander is untouched: still waiting in its receive.
  eq(taskState(T_OTHER), TaskState.RECV_BLOCKED);
  return app.tasks[1].state as Script;
}

function row(name: string, action: Action, expected: Status, supervisor?: boolean): void {
  it(name + " -> " + expected, () => {
    const s = attempt(action, supervisor === true);
    eq(s.recs[0].status, expected);
    // t carries on: its next step ran.
    eq(s.recs.length, 2);
  });
}

function faultRow(name: string, step: (t: Task<Script>) => void, code: FaultCode): void {
  it(name + " -> fault " + code, () => {
    const app = system(() => sys.yield(), false);
    app.tasks[1] = { name: "t", priority: 1, step: step, state: new Script([]) };
    const sim = simulate(app);
    sim.runFor(20000);
    eq(taskState(1), TaskState.FAULTED);
    eq(faultCode(1), code);
    eq(taskState(T_OTHER), TaskState.RECV_BLOCKED);
  });
}

const BIG = 4294967296;
const NOT_A_NUMBER = "0" as unknown as number;

describe("bad input: send", () => {
  row("endpoint id out of range", () => sys.send(99, 0, 0, 0, 0), Status.BAD_ID);
  row("negative endpoint id", () => sys.send(-1, 0, 0, 0, 0), Status.BAD_ID);
  row("fractional endpoint id", () => sys.send(0.5, 0, 0, 0, 0), Status.BAD_ID);
  row("endpoint id not a number", () => sys.send(NOT_A_NUMBER, 0, 0, 0, 0), Status.BAD_ID);
  row("no send right", () => sys.send(EP_THEIRS, 0, 0, 0, 0), Status.NO_RIGHTS);
  row("label out of 32 bits", () => sys.send(EP_DEAD, BIG, 0, 0, 0), Status.BAD_ARG);
  row("fractional word", () => sys.send(EP_DEAD, 0, 1.5, 0, 0), Status.BAD_ARG);
  row("NaN word", () => sys.send(EP_DEAD, 0, 0, 0 / 0, 0), Status.BAD_ARG);
  row("negative word out of range", () => sys.send(EP_DEAD, 0, 0, 0, -2147483649), Status.BAD_ARG);
  row("timeout below FOREVER", () => sys.send(EP_DEAD, 0, 0, 0, 0, -2), Status.BAD_ARG);
  row("timeout above MAX_TIMEOUT", () => sys.send(EP_DEAD, 0, 0, 0, 0, MAX_TIMEOUT + 1), Status.BAD_ARG);
  row("fractional timeout", () => sys.send(EP_DEAD, 0, 0, 0, 0, 1.5), Status.BAD_ARG);
  row("owner of the endpoint faulted", () => sys.send(EP_DEAD, 0, 0, 0, 0), Status.PEER_DEAD);
});

describe("bad input: call", () => {
  row("endpoint id out of range", () => sys.call(3, 0, 0, 0, 0), Status.BAD_ID);
  row("no call right", () => sys.call(EP_THEIRS, 0, 0, 0, 0), Status.NO_RIGHTS);
  row("word out of 32 bits", () => sys.call(EP_DEAD, 0, 0, BIG, 0), Status.BAD_ARG);
  row("timeout out of range", () => sys.call(EP_DEAD, 0, 0, 0, 0, -7), Status.BAD_ARG);
  row("owner of the endpoint faulted", () => sys.call(EP_DEAD, 0, 0, 0, 0), Status.PEER_DEAD);
});

describe("bad input: recv", () => {
  row("endpoint id out of range", () => sys.recv(42), Status.BAD_ID);
  row("another task's endpoint without the right", () => sys.recv(EP_THEIRS), Status.NO_RIGHTS);
  row("timeout out of range", () => sys.recv(EP_MINE, MAX_TIMEOUT + 1), Status.BAD_ARG);
});

describe("bad input: recvFrom", () => {
  row("task id out of range", () => sys.recvFrom(EP_MINE, 200), Status.BAD_ID);
  row("negative task id", () => sys.recvFrom(EP_MINE, -3), Status.BAD_ID);
  row("task id of an old generation", () => sys.recvFrom(EP_MINE, (5 << 8) | T_OTHER), Status.PEER_DEAD);
  row("a faulted task", () => sys.recvFrom(EP_MINE, T_DEAD), Status.PEER_DEAD);
  row("endpoint without the right", () => sys.recvFrom(EP_THEIRS, T_OTHER), Status.NO_RIGHTS);
});

describe("bad input: reply", () => {
  row("task id out of range", () => sys.reply(77, 0, 0, 0, 0), Status.BAD_ID);
  row("a task that is not waiting for this task's reply", () => sys.reply(T_OTHER, 0, 0, 0, 0), Status.NOT_WAITING);
  row("task id of an old generation", () => sys.reply((3 << 8) | T_OTHER, 0, 0, 0, 0), Status.PEER_DEAD);
  row("a faulted task", () => sys.reply(T_DEAD, 0, 0, 0, 0), Status.PEER_DEAD);
  row("word out of 32 bits", () => sys.reply(T_OTHER, 0, 0, 0, -BIG), Status.BAD_ARG);
});

describe("bad input: replyRecv", () => {
  row("endpoint id out of range (no reply, no receive)", () => sys.replyRecv(T_OTHER, 0, 0, 0, 0, 9), Status.BAD_ID);
  row("task id out of range (no receive)", () => sys.replyRecv(300, 0, 0, 0, 0, EP_MINE), Status.BAD_ID);
  row("a task not waiting: the reply is dropped, the receive goes on", () => sys.replyRecv(T_OTHER, 0, 0, 0, 0, EP_MINE, 0), Status.WOULD_BLOCK);
});

describe("bad input: sleep", () => {
  row("FOREVER", () => sys.sleep(-1), Status.BAD_ARG);
  row("negative ticks", () => sys.sleep(-5), Status.BAD_ARG);
  row("fractional ticks", () => sys.sleep(2.5), Status.BAD_ARG);
  row("more than MAX_TIMEOUT", () => sys.sleep(2147483648), Status.BAD_ARG);
});

describe("bad input: signal", () => {
  row("notification id out of range", () => sys.signal(5, 1), Status.BAD_ID);
  row("no signal right", () => sys.signal(N_THEIRS, 1), Status.NO_RIGHTS);
  row("its own notification, without the signal right", () => sys.signal(N_MINE, 1), Status.NO_RIGHTS);
});

describe("bad input: signal with the right", () => {
  function withRight(action: Action, expected: Status): void {
    it("bits " + String(action) + " -> " + expected, () => {
      const app = system(action, false);
      app.tasks[1].rights = { signal: ["theirs"] };
      const sim = simulate(app);
      sim.runFor(20000);
      eq((app.tasks[1].state as Script).recs[0].status, expected);
    });
  }
  withRight(() => sys.signal(N_THEIRS, 0), Status.BAD_ARG);
  withRight(() => sys.signal(N_THEIRS, BIG), Status.BAD_ARG);
  withRight(() => sys.signal(N_THEIRS, 0.5), Status.BAD_ARG);
  withRight(() => sys.signal(N_THEIRS, 0xffffffff), Status.OK);
});

describe("bad input: wait and poll", () => {
  row("wait: notification id out of range", () => sys.wait(2), Status.BAD_ID);
  row("wait: another task's notification", () => sys.wait(N_THEIRS), Status.NO_RIGHTS);
  row("wait: timeout out of range", () => sys.wait(N_MINE, -9), Status.BAD_ARG);
  row("poll: notification id out of range", () => sys.poll(-1), Status.BAD_ID);
  row("poll: another task's notification", () => sys.poll(N_THEIRS), Status.NO_RIGHTS);
});

describe("bad input: irqAck", () => {
  row("IRQ id out of range", () => sys.irqAck(2), Status.BAD_ID);
  row("an IRQ the task does not own", () => sys.irqAck(IRQ_THEIRS), Status.NO_RIGHTS);
  row("an IRQ that is not pending", () => sys.irqAck(IRQ_MINE), Status.NOT_PENDING);
});

describe("bad input: restart and faultInfo", () => {
  row("restart by a task that is not the supervisor", () => sys.restart(T_DEAD), Status.NO_RIGHTS);
  row("faultInfo by a task that is not the supervisor", () => sys.faultInfo(T_DEAD), Status.NO_RIGHTS);
  row("restart: task id out of range", () => sys.restart(99), Status.BAD_ID, true);
  row("restart: itself", () => sys.restart(1), Status.BAD_ID, true);
  row("restart: itself, by an id with a generation", () => sys.restart((4 << 8) | 1), Status.BAD_ID, true);
  row("faultInfo: task id out of range", () => sys.faultInfo(-1), Status.BAD_ID, true);
});

describe("bad input that can only be a bug faults the task, and only it", () => {
  faultRow("an unknown syscall number", (_t) => sys.raw(99, 0, 0, 0, 0, 0, 0, 0), FaultCode.UNKNOWN_SYSCALL);
  faultRow("two syscalls in one step", (_t) => {
    sys.yield();
    sys.yield();
  }, FaultCode.TWO_SYSCALLS);
  faultRow("no syscall in a step", (_t) => {}, FaultCode.NO_SYSCALL);
  faultRow("a step that throws", (_t) => {
    throw new Error("bad");
  }, FaultCode.THREW);
});

describe("bad input: a syscall from outside any step", () => {
  it("is ignored: nothing changes, nobody faults", () => {
    const app = system(() => sys.recv(EP_MINE), false);
    const sim = simulate(app);
    sim.at(5000, () => sys.send(EP_THEIRS, 1, 2, 3, 4));
    sim.runFor(20000);
    eq(taskState(1), TaskState.RECV_BLOCKED);
    eq(taskState(T_OTHER), TaskState.RECV_BLOCKED);
    eq(K.transfers, 0);
    eq(recs(app, "t").length, 0);
  });
});
