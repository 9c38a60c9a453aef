/**
 * The bad-input table (README, "Bad input"): every syscall with every kind
 * of bad argument, and what it gets. One `it` per row (a row for values
 * that are no integer tries each of them in turn). Each row boots a fresh
 * system, issues the one bad syscall from task `t`, and checks the status
 * code (or the fault), that `t` can go on (or is the only one stopped),
 * and — through the invariant checker after every step — that the kernel's
 * tables are intact. The table runs under Node and under busted on Lua,
 * where a non-number reaching a bit operation would raise.
 */
import { AppDesc, FaultCode, MAX_TIMEOUT, Status, Task, TaskState, sys } from "../../kernel/index";
import { Simulation } from "../../sim/testing";
import { describe, eq, it } from "#spec";
import { Action, Script, bootScripted, recs, scripted } from "../lib/harness";

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

function system(action: Action, supervisor: boolean, signalRight?: boolean): AppDesc {
  const dead = (_t: Task<Script>) => {
    throw new Error("dead on arrival");
  };
  return {
    name: "bad-input",
    tasks: [
      { name: "dead", priority: 0, step: dead, state: new Script([]) },
      scripted("t", 1, [action, () => sys.yield()], { send: ["dead"], call: ["dead"], supervisor: supervisor, signal: signalRight === true ? ["theirs"] : undefined }),
      scripted("other", 2, [() => sys.recv(EP_THEIRS)]),
    ],
    endpoints: [{ name: "mine", owner: "t" }, { name: "theirs", owner: "other" }, { name: "dead", owner: "dead" }],
    notifications: [{ name: "mine", owner: "t" }, { name: "theirs", owner: "other" }],
    irqs: [{ name: "mine", endpoint: "mine", priority: 0 }, { name: "theirs", endpoint: "theirs", priority: 0 }],
    downhill: [["t", "dead"]],
  };
}

/** Runs `action` as t's first step; returns t's records. */
function attempt(action: Action, supervisor: boolean, signalRight?: boolean): Script {
  const app = system(action, supervisor, signalRight);
  const sim = bootScripted(app);
  sim.run("20ms");
  // The bystander is untouched: still waiting in its receive.
  eq(sim.task("other").state, TaskState.RECV_BLOCKED);
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
    const sim = bootScripted(app);
    sim.run("20ms");
    eq(sim.task("t").state, TaskState.FAULTED);
    eq(sim.fault("t").code, code);
    eq(sim.task("other").state, TaskState.RECV_BLOCKED);
  });
}

const BIG = 4294967296;

/*
 * Values that are no integer, by index: first real non-numbers, as a task
 * could pass them by mistake (on Lua, undefined and null are both nil, the
 * numeric string "0" is coerced by arithmetic, and the bit library raises on
 * the others), then numbers that are no integer. A function, not an array:
 * a Lua array cannot hold nil.
 */
const NON_INTEGERS = 8;
/** `nonInteger(k)` for k >= NOT_NIL is neither undefined nor null: an omitted timeout (nil) means FOREVER. */
const NOT_NIL = 2;
const AN_OBJECT = { n: 0 };

function nonInteger(k: number): number {
  switch (k) {
    case 0:
      return undefined as unknown as number;
    case 1:
      return null as unknown as number;
    case 2:
      return "x" as unknown as number;
    case 3:
      return "0" as unknown as number;
    case 4:
      return AN_OBJECT as unknown as number;
    case 5:
      return 0 / 0;
    case 6:
      return 1 / 0;
    default:
      return 0.5;
  }
}

/**
 * One argument of one syscall: each value `nonInteger(k)`, k = from..NON_INTEGERS-1,
 * passed by `issue` as t's first step, gets `expected`, and t carries on.
 */
function everyNonInteger(name: string, from: number, issue: (t: Task<Script>, v: number) => void, expected: Status, supervisor?: boolean, signalRight?: boolean): void {
  it(name + " -> " + expected, () => {
    for (let k = from; k < NON_INTEGERS; k++) {
      const s = attempt((t) => issue(t, nonInteger(k)), supervisor === true, signalRight);
      eq(s.recs[0].status, expected, name + ", value " + k);
      eq(s.recs.length, 2, name + ", value " + k + ": t's next step ran");
    }
  });
}

describe("bad input: send", () => {
  row("endpoint id out of range", () => sys.send(99, 0, 0, 0, 0), Status.BAD_ID);
  row("negative endpoint id", () => sys.send(-1, 0, 0, 0, 0), Status.BAD_ID);
  row("fractional endpoint id", () => sys.send(0.5, 0, 0, 0, 0), Status.BAD_ID);
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
  row("endpoint id out of range", () => sys.replyRecv(T_OTHER, 0, 0, 0, 0, 9), Status.BAD_ID);
  row("task id out of range (no receive)", () => sys.replyRecv(300, 0, 0, 0, 0, EP_MINE), Status.BAD_ID);
  // That nothing is sent in these cases is checked in tests/kernel/reply-recv-all-or-nothing_spec.ts.
  row("endpoint without the receive right", () => sys.replyRecv(T_OTHER, 0, 0, 0, 0, EP_THEIRS), Status.NO_RIGHTS);
  row("timeout out of range", () => sys.replyRecv(T_OTHER, 0, 0, 0, 0, EP_MINE, -3), Status.BAD_ARG);
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
      const sim = bootScripted(app);
      sim.run("20ms");
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

describe("bad input: a value that is no integer (undefined, null, \"x\", \"0\", an object, NaN, Infinity, 0.5), for every argument of every syscall", () => {
  const ALL = 0;
  // A timeout that is undefined or null is an omitted one: FOREVER.
  const TIMEOUT = NOT_NIL;
  everyNonInteger("send: endpoint id", ALL, (_t, v) => sys.send(v, 0, 0, 0, 0), Status.BAD_ID);
  everyNonInteger("send: label", ALL, (_t, v) => sys.send(EP_DEAD, v, 0, 0, 0), Status.BAD_ARG);
  everyNonInteger("send: w1", ALL, (_t, v) => sys.send(EP_DEAD, 0, v, 0, 0), Status.BAD_ARG);
  everyNonInteger("send: w2", ALL, (_t, v) => sys.send(EP_DEAD, 0, 0, v, 0), Status.BAD_ARG);
  everyNonInteger("send: w3", ALL, (_t, v) => sys.send(EP_DEAD, 0, 0, 0, v), Status.BAD_ARG);
  everyNonInteger("send: timeout", TIMEOUT, (_t, v) => sys.send(EP_DEAD, 0, 0, 0, 0, v), Status.BAD_ARG);
  everyNonInteger("send: out", ALL, (t, v) => {
    t.out = v;
    sys.send(EP_DEAD, 0, 0, 0, 0);
  }, Status.BAD_ARG);
  everyNonInteger("call: endpoint id", ALL, (_t, v) => sys.call(v, 0, 0, 0, 0), Status.BAD_ID);
  everyNonInteger("call: label", ALL, (_t, v) => sys.call(EP_DEAD, v, 0, 0, 0), Status.BAD_ARG);
  everyNonInteger("call: w1", ALL, (_t, v) => sys.call(EP_DEAD, 0, v, 0, 0), Status.BAD_ARG);
  everyNonInteger("call: w2", ALL, (_t, v) => sys.call(EP_DEAD, 0, 0, v, 0), Status.BAD_ARG);
  everyNonInteger("call: w3", ALL, (_t, v) => sys.call(EP_DEAD, 0, 0, 0, v), Status.BAD_ARG);
  everyNonInteger("call: timeout", TIMEOUT, (_t, v) => sys.call(EP_DEAD, 0, 0, 0, 0, v), Status.BAD_ARG);
  everyNonInteger("call: out", ALL, (t, v) => {
    t.out = v;
    sys.call(EP_DEAD, 0, 0, 0, 0);
  }, Status.BAD_ARG);
  everyNonInteger("recv: endpoint id", ALL, (_t, v) => sys.recv(v), Status.BAD_ID);
  everyNonInteger("recv: timeout", TIMEOUT, (_t, v) => sys.recv(EP_MINE, v), Status.BAD_ARG);
  everyNonInteger("recvFrom: endpoint id", ALL, (_t, v) => sys.recvFrom(v, T_OTHER), Status.BAD_ID);
  everyNonInteger("recvFrom: task id", ALL, (_t, v) => sys.recvFrom(EP_MINE, v), Status.BAD_ID);
  everyNonInteger("recvFrom: timeout", TIMEOUT, (_t, v) => sys.recvFrom(EP_MINE, T_OTHER, v), Status.BAD_ARG);
  everyNonInteger("reply: task id", ALL, (_t, v) => sys.reply(v, 0, 0, 0, 0), Status.BAD_ID);
  everyNonInteger("reply: label", ALL, (_t, v) => sys.reply(T_OTHER, v, 0, 0, 0), Status.BAD_ARG);
  everyNonInteger("reply: w1", ALL, (_t, v) => sys.reply(T_OTHER, 0, v, 0, 0), Status.BAD_ARG);
  everyNonInteger("reply: w2", ALL, (_t, v) => sys.reply(T_OTHER, 0, 0, v, 0), Status.BAD_ARG);
  everyNonInteger("reply: w3", ALL, (_t, v) => sys.reply(T_OTHER, 0, 0, 0, v), Status.BAD_ARG);
  everyNonInteger("reply: out", ALL, (t, v) => {
    t.out = v;
    sys.reply(T_OTHER, 0, 0, 0, 0);
  }, Status.BAD_ARG);
  everyNonInteger("replyRecv: task id", ALL, (_t, v) => sys.replyRecv(v, 0, 0, 0, 0, EP_MINE), Status.BAD_ID);
  everyNonInteger("replyRecv: label", ALL, (_t, v) => sys.replyRecv(T_OTHER, v, 0, 0, 0, EP_MINE), Status.BAD_ARG);
  everyNonInteger("replyRecv: w1", ALL, (_t, v) => sys.replyRecv(T_OTHER, 0, v, 0, 0, EP_MINE), Status.BAD_ARG);
  everyNonInteger("replyRecv: w2", ALL, (_t, v) => sys.replyRecv(T_OTHER, 0, 0, v, 0, EP_MINE), Status.BAD_ARG);
  everyNonInteger("replyRecv: w3", ALL, (_t, v) => sys.replyRecv(T_OTHER, 0, 0, 0, v, EP_MINE), Status.BAD_ARG);
  everyNonInteger("replyRecv: endpoint id", ALL, (_t, v) => sys.replyRecv(T_OTHER, 0, 0, 0, 0, v), Status.BAD_ID);
  everyNonInteger("replyRecv: timeout", TIMEOUT, (_t, v) => sys.replyRecv(T_OTHER, 0, 0, 0, 0, EP_MINE, v), Status.BAD_ARG);
  everyNonInteger("replyRecv: out", ALL, (t, v) => {
    t.out = v;
    sys.replyRecv(T_OTHER, 0, 0, 0, 0, EP_MINE);
  }, Status.BAD_ARG);
  everyNonInteger("sleep: ticks", ALL, (_t, v) => sys.sleep(v), Status.BAD_ARG);
  everyNonInteger("signal: notification id", ALL, (_t, v) => sys.signal(v, 1), Status.BAD_ID);
  everyNonInteger("signal: bits", ALL, (_t, v) => sys.signal(N_THEIRS, v), Status.BAD_ARG, false, true);
  everyNonInteger("wait: notification id", ALL, (_t, v) => sys.wait(v), Status.BAD_ID);
  everyNonInteger("wait: timeout", TIMEOUT, (_t, v) => sys.wait(N_MINE, v), Status.BAD_ARG);
  everyNonInteger("poll: notification id", ALL, (_t, v) => sys.poll(v), Status.BAD_ID);
  everyNonInteger("irqAck: IRQ id", ALL, (_t, v) => sys.irqAck(v), Status.BAD_ID);
  everyNonInteger("restart: task id", ALL, (_t, v) => sys.restart(v), Status.BAD_ID, true);
  everyNonInteger("faultInfo: task id", ALL, (_t, v) => sys.faultInfo(v), Status.BAD_ID, true);
});

describe("bad input: a word that is no integer, in the IPC round trip's common case (a call to an owner waiting in receive, a replyRecv to a waiting caller)", () => {
  const EP_S = 0;
  const C = 1;
  /** Calls `f` with v as word w (0: label) and 0 as the others. Not `w === 0 ? v : 0`: on Lua that gives 0 for a nil v. */
  function withWord(w: number, v: number, f: (label: number, w1: number, w2: number, w3: number) => void): void {
    if (w === 0) return f(v, 0, 0, 0);
    if (w === 1) return f(0, v, 0, 0);
    if (w === 2) return f(0, 0, v, 0);
    return f(0, 0, 0, v);
  }

  /** The server takes the client's first call; returns the records of both, and the simulation. */
  function fastCase(client: Action[], server: Action[]): { c: Script; s: Script; sim: Simulation } {
    const app: AppDesc = {
      name: "bad-input-fast",
      tasks: [scripted("s", 1, server), scripted("c", 2, client, { call: ["s"] })],
      endpoints: [{ name: "s", owner: "s" }],
    };
    const sim = bootScripted(app);
    sim.run("20ms");
    return { c: app.tasks[C].state as Script, s: app.tasks[0].state as Script, sim: sim };
  }

  it("call: a label or word that is no integer -> " + Status.BAD_ARG + "; the server still waits in receive", () => {
    for (let w = 0; w < 4; w++) {
      for (let k = 0; k < NON_INTEGERS; k++) {
        const v = nonInteger(k);
        const call = () => withWord(w, v, (label, w1, w2, w3) => sys.call(EP_S, label, w1, w2, w3));
        const r = fastCase([call], [() => sys.recv(EP_S)]);
        eq(r.c.recs[0].status, Status.BAD_ARG, "word " + w + ", value " + k);
        eq(r.s.recs.length, 0, "word " + w + ", value " + k + ": the server received nothing");
        eq(r.sim.task("s").state, TaskState.RECV_BLOCKED);
      }
    }
  });

  it("replyRecv: a label or word that is no integer -> " + Status.BAD_ARG + "; the caller still waits for the reply", () => {
    for (let w = 0; w < 4; w++) {
      for (let k = 0; k < NON_INTEGERS; k++) {
        const v = nonInteger(k);
        const reply = (t: Task<Script>) => withWord(w, v, (label, w1, w2, w3) => sys.replyRecv(t.sender, label, w1, w2, w3, EP_S));
        const r = fastCase([() => sys.call(EP_S, 0, 0, 0, 0)], [() => sys.recv(EP_S), reply]);
        eq(r.s.recs[1].status, Status.BAD_ARG, "word " + w + ", value " + k);
        eq(r.c.recs.length, 0, "word " + w + ", value " + k + ": the caller got no reply");
        eq(r.sim.task("c").state, TaskState.REPLY_BLOCKED);
      }
    }
  });
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
    const sim = bootScripted(app);
    sim.hostCall(() => sys.send(EP_THEIRS, 1, 2, 3, 4), "5ms");
    sim.run("20ms");
    eq(sim.task("t").state, TaskState.RECV_BLOCKED);
    eq(sim.task("other").state, TaskState.RECV_BLOCKED);
    eq(sim.transfers(), 0);
    eq(recs(app, "t").length, 0);
  });
});
