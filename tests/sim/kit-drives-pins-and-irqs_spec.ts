/**
 * What the test kit (sim/testing.ts) drives, and what it reads of IRQs:
 * input pins (levels, presses with contact bounce) seen by the IRQs that
 * watch them; IRQ edges without a pin; an IRQ's state, coalesced count,
 * handler and latency figures; host signals and host callbacks.
 */
import { AppDesc, Kind, Task, sys } from "../../kernel/index";
import { IrqState, TaskState, bootApp } from "../../sim/testing";
import { describe, eq, it, same } from "#spec";

const EP = 0;
const N = 0;

interface Handler {
  /** The `w1` (edges) of each IRQ delivery, in order. */
  w1s: number[];
  irq: number;
  acking: boolean;
}

/** Receives IRQs; holds each one masked for 5 ticks, then acknowledges it. */
function handler(t: Task<Handler>): void {
  const s = t.state;
  if (t.kind === Kind.IRQ) {
    s.w1s.push(t.w1);
    s.irq = t.sender;
    s.acking = true;
    return sys.sleep(5);
  }
  if (s.acking) {
    s.acking = false;
    return sys.irqAck(s.irq);
  }
  return sys.recv(EP);
}

function resetHandler(t: Task<Handler>): void {
  t.state.w1s = [];
  t.state.acking = false;
}

function waiter(t: Task<{ phase: number }>): void {
  t.state.phase++;
  if (t.state.phase === 1) return sys.wait(N);
  return sys.sleep(1000);
}

const app: AppDesc = {
  name: "drives",
  tasks: [
    { name: "h", priority: 1, step: handler, state: { w1s: [], irq: -1, acking: false }, init: resetHandler },
    { name: "waiter", priority: 2, step: waiter, state: { phase: 0 }, init: (t: Task<{ phase: number }>) => { t.state.phase = 0; } },
  ],
  endpoints: [{ name: "ep", owner: "h" }],
  notifications: [{ name: "n", owner: "waiter" }],
  irqs: [
    { name: "btn", pin: "BTN", edge: "both", endpoint: "ep", priority: 0 },
    { name: "tick", endpoint: "ep", priority: 0 },
  ],
  pins: ["BTN"],
};

function sum(list: number[]): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) n += list[i];
  return n;
}

describe("the test kit drives IRQ edges and reads IRQ objects", () => {
  it("an edge is delivered; edges while masked are coalesced and delivered again at irqAck", () => {
    const sim = bootApp(app);
    sim.run("1ms");
    sim.edge("tick");
    sim.run("1ms");
    // Delivered to h, which holds it masked: h is its handler.
    let irq = sim.irq("tick");
    eq(irq.state, IrqState.MASKED);
    eq(irq.handler, "h");
    eq(irq.coalesced, 0);
    eq(irq.latency.count, 1);
    // In an idle system the handler's step starts one host dispatch (15 µs) after the edge.
    eq(irq.latency.min, 15);
    eq(irq.latency.max, 15);
    eq(irq.latency.histogram.length, 24);
    eq(irq.latency.histogram[4], 1);
    eq(sum(irq.latency.histogram), 1);
    sim.edge("tick");
    sim.edge("tick", "1ms");
    sim.edge("tick", "2ms");
    sim.run("3ms");
    irq = sim.irq("tick");
    eq(irq.state, IrqState.MASKED);
    eq(irq.coalesced, 3);
    sim.run("20ms");
    same(sim.data<Handler>("h").w1s, [1, 3]);
    irq = sim.irq("tick");
    eq(irq.state, IrqState.ARMED);
    eq(irq.handler, "");
    eq(irq.coalesced, 0);
    eq(irq.latency.count, 2);
    eq(sim.latency("tick").count, 2);
  });

  it("an edge while the handler does not receive waits in the send queue, PENDING, as \"irq:<name>\", and donates its priority", () => {
    const sim = bootApp(app);
    sim.run("1ms");
    sim.edge("tick");
    sim.run("1ms");
    // h holds tick masked and sleeps: btn's edges wait for its receive.
    sim.edge("btn");
    sim.edge("btn", "100us");
    sim.run("1ms");
    const irq = sim.irq("btn");
    eq(irq.state, IrqState.PENDING);
    eq(irq.coalesced, 2);
    eq(irq.handler, "");
    same(sim.sendQueue("ep"), ["irq:btn"]);
    eq(sim.task("h").priority, 0);
    eq(sim.task("h").basePriority, 1);
    sim.run("30ms");
    same(sim.data<Handler>("h").w1s, [1, 2]);
    same(sim.sendQueue("ep"), []);
    eq(sim.task("h").priority, 1);
  });
});

describe("the test kit drives input pins", () => {
  it("setPin changes a level now or after a delay, and the IRQ watching the pin sees each change", () => {
    const sim = bootApp(app);
    eq(sim.pin("BTN"), 0);
    sim.setPin("BTN", 1);
    sim.setPin("BTN", 0, "10ms");
    sim.run("5ms");
    eq(sim.pin("BTN"), 1);
    sim.run("50ms");
    eq(sim.pin("BTN"), 0);
    same(sim.pinChanges("BTN"), [{ time: 0, level: 1 }, { time: 10000, level: 0 }]);
    same(sim.data<Handler>("h").w1s, [1, 1]);
  });

  it("a press bouncing twice is 5 level changes at each end, 200 µs apart by default; no edge is lost", () => {
    const sim = bootApp(app);
    sim.press("BTN", { after: "1ms", hold: "20ms", bounce: 2 });
    sim.run("100ms");
    const changes = sim.pinChanges("BTN");
    eq(changes.length, 10);
    const levels: number[] = [];
    for (let i = 0; i < changes.length; i++) levels.push(changes[i].level);
    same(levels, [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    eq(changes[0].time, 1000);
    eq(changes[4].time, 1800);
    eq(changes[5].time, 21000);
    eq(sim.pin("BTN"), 0);
    // Every edge reached h: one at a time, or counted while masked and delivered together.
    eq(sum(sim.data<Handler>("h").w1s), 10);
    eq(sim.irq("btn").state, IrqState.ARMED);
  });
});

describe("the test kit drives host signals and callbacks", () => {
  it("a host signal wakes the notification's waiter with the bits", () => {
    const sim = bootApp(app);
    sim.run("1ms");
    same(sim.waiters("n"), ["waiter"]);
    sim.signal("n", 0x6, "1ms");
    sim.run("5ms");
    const w = sim.task("waiter");
    eq(w.kind, Kind.NOTIFICATION);
    eq(w.w1, 0x6);
    eq(w.state, TaskState.SLEEPING);
    eq(sim.word("n"), 0);
  });

  it("a host signal while nobody waits stays in the word", () => {
    const sim = bootApp(app);
    sim.run("1ms");
    sim.signal("n", 0x1);
    sim.run("1ms");
    sim.signal("n", 0x8);
    sim.run("1ms");
    eq(sim.word("n"), 0x8);
  });

  it("a host callback runs at its time", () => {
    const sim = bootApp(app);
    const at: number[] = [];
    sim.hostCall(() => {
      at.push(sim.now());
    }, "3ms");
    sim.run("10ms");
    same(at, [3000]);
  });
});
