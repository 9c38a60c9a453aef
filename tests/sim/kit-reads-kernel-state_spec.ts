/**
 * What the test kit (sim/testing.ts) reads, by name, through the kernel's
 * read-only views (kernel/inspect.ts): a task's result registers, state,
 * steps and queue; ready lists, send, receive and wait queues in order;
 * effective priorities; notification words; fault records.
 */
import { AppDesc, Kind, Task, TaskState, sys } from "../../kernel/index";
import { FaultCode, Status, Sys, bootApp } from "../../sim/testing";
import { describe, eq, it, ok, same } from "#spec";

const EP = 0;
const N = 0;

function server(t: Task): void {
  if (t.kind === Kind.MESSAGE) {
    t.buf[0] = 7;
    t.buf[1] = 8;
    t.buf[2] = 9;
    t.out = 3;
    return sys.replyRecv(t.sender, t.label + 1, t.w1 + 1, t.w2 + 2, t.w3 + 3, EP);
  }
  return sys.recv(EP);
}

function client(t: Task<{ called: boolean }>): void {
  if (t.state.called) return sys.wait(N);
  t.state.called = true;
  return sys.call(EP, 7, 10, 20, 30);
}

const callApp: AppDesc = {
  name: "registers",
  tasks: [
    { name: "server", priority: 1, step: server, buffer: 8 },
    { name: "client", priority: 2, step: client, state: { called: false }, init: (t: Task<{ called: boolean }>) => { t.state.called = false; }, rights: { call: ["ep"] }, buffer: 4 },
  ],
  endpoints: [{ name: "ep", owner: "server" }],
  notifications: [{ name: "n", owner: "client" }],
};

describe("the test kit reads a task's registers, state, steps and queue", () => {
  it("a client after its call's reply: the reply's registers, waiting on its notification, 2 steps", () => {
    const sim = bootApp(callApp);
    sim.run("10ms");
    const c = sim.task("client");
    eq(c.name, "client");
    eq(c.index, 1);
    eq(c.id, 1);
    eq(c.status, Status.OK);
    eq(c.kind, Kind.REPLY);
    eq(c.sender, sim.task("server").id);
    eq(c.label, 8);
    eq(c.w1, 11);
    eq(c.w2, 22);
    eq(c.w3, 33);
    eq(c.len, 3);
    eq(c.offered, 3);
    eq(c.state, TaskState.NTFN_BLOCKED);
    eq(c.queue, "wait n");
    eq(c.steps, 2);
    eq(c.priority, 2);
    eq(c.basePriority, 2);
    const s = sim.task("server");
    eq(s.state, TaskState.RECV_BLOCKED);
    eq(s.queue, "recv ep");
    eq(s.kind, Kind.MESSAGE);
    eq(s.label, 7);
    eq(s.steps, 2);
    eq(sim.transfers(), 2);
  });

  it("right after boot no step has run: every task is ready, in its ready list", () => {
    const sim = bootApp(callApp);
    eq(sim.task("client").state, TaskState.READY);
    eq(sim.task("client").queue, "ready 2");
    eq(sim.task("client").steps, 0);
    eq(sim.task("server").queue, "ready 1");
  });

  it("names no task of the app: throws, listing the app's tasks", () => {
    const sim = bootApp(callApp);
    let message = "";
    try {
      sim.task("nobody");
    } catch (e) {
      message = (e as Error).message;
    }
    eq(message, "sim/testing: app 'registers' has no task 'nobody' (tasks: server, client)");
  });
});

interface Order {
  got: number[];
  phase: number;
}

/** Sleeps 5 ticks, then receives forever, noting each message's label. */
function receiver(t: Task<Order>): void {
  const s = t.state;
  if (t.kind === Kind.MESSAGE) s.got.push(t.label);
  if (s.phase === 0) {
    s.phase = 1;
    return sys.sleep(5);
  }
  return sys.recv(EP);
}

/** Sends its label once, after sleeping `delay` ticks when given; then sleeps. */
function sender(label: number, delay: number): (t: Task<Order>) => void {
  return (t: Task<Order>) => {
    const s = t.state;
    s.phase++;
    if (s.phase === 1 && delay > 0) return sys.sleep(delay);
    if (s.phase === (delay > 0 ? 2 : 1)) return sys.send(EP, label, 0, 0, 0);
    return sys.sleep(1000);
  };
}

function waitOn(delay: number): (t: Task<Order>) => void {
  return (t: Task<Order>) => {
    const s = t.state;
    s.phase++;
    if (s.phase === 1 && delay > 0) return sys.sleep(delay);
    return sys.wait(N);
  };
}

function order(): Order {
  return { got: [], phase: 0 };
}

function reset(t: Task<Order>): void {
  t.state.got = [];
  t.state.phase = 0;
}

const queueApp: AppDesc = {
  name: "queues",
  tasks: [
    { name: "srv", priority: 4, step: receiver, state: order(), init: reset },
    // a and c send at once; b, more important, after a tick: it goes ahead of them.
    { name: "a", priority: 3, step: sender(1, 0), state: order(), init: reset, rights: { send: ["ep"] } },
    { name: "b", priority: 2, step: sender(2, 1), state: order(), init: reset, rights: { send: ["ep"] } },
    { name: "c", priority: 3, step: sender(3, 0), state: order(), init: reset, rights: { send: ["ep"] } },
    // rx1 then rx2 wait to receive on ep2.
    { name: "rx1", priority: 5, step: (_t: Task) => sys.recv(1), rights: { recv: ["ep2"] } },
    { name: "rx2", priority: 6, step: (_t: Task) => sys.recv(1) },
    // w1 waits at once; w2, more important, after a tick: it goes ahead.
    { name: "w1", priority: 7, step: waitOn(0), state: order(), init: reset },
    { name: "w2", priority: 6, step: waitOn(1), state: order(), init: reset, rights: { wait: ["n"] } },
  ],
  endpoints: [{ name: "ep", owner: "srv" }, { name: "ep2", owner: "rx2" }],
  notifications: [{ name: "n", owner: "w1" }],
};

describe("the test kit reads queues in order, by name", () => {
  it("after boot, the ready tasks by priority, then place; one ready list by its priority", () => {
    const sim = bootApp(queueApp);
    same(sim.ready(), ["b", "a", "c", "srv", "rx1", "rx2", "w2", "w1"]);
    same(sim.readyAt(3), ["a", "c"]);
    same(sim.readyAt(0), []);
  });

  it("an endpoint's send queue by priority, FIFO among equals; its receive queue; a notification's waiters", () => {
    const sim = bootApp(queueApp);
    sim.run("3ms");
    same(sim.sendQueue("ep"), ["b", "a", "c"]);
    same(sim.recvQueue("ep2"), ["rx1", "rx2"]);
    same(sim.waiters("n"), ["w2", "w1"]);
    same(sim.ready(), []);
    eq(sim.task("a").queue, "send ep");
    eq(sim.task("rx2").queue, "recv ep2");
    // The receiver sleeps in no queue; the head of its send queue donates priority 2 to it.
    eq(sim.task("srv").queue, "none");
    eq(sim.task("srv").state, TaskState.SLEEPING);
    eq(sim.task("srv").priority, 2);
    eq(sim.task("srv").basePriority, 4);
    sim.run("10ms");
    same(sim.data<Order>("srv").got, [2, 1, 3]);
    same(sim.sendQueue("ep"), []);
    eq(sim.task("srv").priority, 4);
  });
});

function signaller(t: Task<Order>): void {
  t.state.phase++;
  if (t.state.phase === 1) return sys.signal(N, 0x5);
  if (t.state.phase === 2) return sys.signal(N, 0x8);
  return sys.sleep(1000);
}

function holder(t: Task<Order>): void {
  t.state.phase++;
  if (t.state.phase === 1) return sys.sleep(5);
  if (t.state.phase === 2) return sys.poll(N);
  return sys.sleep(1000);
}

describe("the test kit reads notification words", () => {
  it("bits signalled while the owner sleeps are in the word; the owner's poll takes them", () => {
    const sim = bootApp({
      name: "words",
      tasks: [
        { name: "holder", priority: 2, step: holder, state: order(), init: reset },
        { name: "sig", priority: 1, step: signaller, state: order(), init: reset, rights: { signal: ["n"] } },
      ],
      notifications: [{ name: "n", owner: "holder" }],
    });
    sim.run("2ms");
    eq(sim.word("n"), 0xd);
    sim.run("10ms");
    eq(sim.word("n"), 0);
    eq(sim.task("holder").kind, Kind.NOTIFICATION);
    eq(sim.task("holder").w1, 0xd);
  });
});

function thrower(t: Task<Order>): void {
  t.state.phase++;
  if (t.state.phase === 1) return sys.sleep(3);
  throw new Error("boom");
}

function twice(_t: Task): void {
  sys.yield();
  sys.yield();
}

describe("the test kit reads fault records", () => {
  it("code, syscall, message and tick of faulted tasks; NONE for a task that has not faulted", () => {
    const sim = bootApp({
      name: "faults",
      tasks: [
        { name: "thrower", priority: 1, step: thrower, state: order(), init: reset },
        { name: "twice", priority: 2, step: twice },
        { name: "fine", priority: 3, step: (_t: Task) => sys.sleep(1000) },
      ],
    });
    sim.run("10ms");
    const f = sim.fault("thrower");
    eq(f.code, FaultCode.THREW);
    eq(f.syscall, Sys.NONE);
    ok(f.message.indexOf("boom") >= 0, f.message);
    eq(f.tick, 3);
    eq(sim.task("thrower").state, TaskState.FAULTED);
    eq(sim.task("thrower").queue, "none");
    const g = sim.fault("twice");
    eq(g.code, FaultCode.TWO_SYSCALLS);
    eq(g.syscall, Sys.YIELD);
    eq(g.tick, 0);
    const h = sim.fault("fine");
    eq(h.code, FaultCode.NONE);
    eq(h.syscall, Sys.NONE);
    eq(h.message, "");
    eq(h.tick, 0);
  });
});
