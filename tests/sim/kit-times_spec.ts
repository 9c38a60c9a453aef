/**
 * The test kit (sim/testing.ts) has one unit of time, the µs: it takes a
 * number of µs or a string with its unit everywhere, and moves virtual time
 * by exactly that.
 */
import { AppDesc, Kind, Task, sys } from "../../kernel/index";
import { bootApp, us } from "../../sim/testing";
import { describe, eq, it, ok, throws } from "#spec";

function sleeper(_t: Task): void {
  return sys.sleep(1000);
}

function handler(t: Task<{ stamp: number }>): void {
  if (t.kind === Kind.IRQ) {
    t.state.stamp = t.w2;
    return sys.irqAck(0);
  }
  return sys.recv(0);
}

const app: AppDesc = {
  name: "times",
  tasks: [
    { name: "sleeper", priority: 1, step: sleeper },
    { name: "handler", priority: 0, step: handler, state: { stamp: -1 } },
  ],
  endpoints: [{ name: "ep", owner: "handler" }],
  irqs: [{ name: "tick", endpoint: "ep", priority: 0 }],
};

describe("the test kit's times", () => {
  it("a number is µs; a string carries its unit: us, ms or s", () => {
    eq(us(250), 250);
    eq(us(2.7), 2);
    eq(us("200us"), 200);
    eq(us("5ms"), 5000);
    eq(us("1.5ms"), 1500);
    eq(us("0.25s"), 250000);
    eq(us("1s"), 1000000);
    eq(us("0us"), 0);
  });

  it("rejects a string with no unit, a space, a sign, another unit or no digits, and a negative or non-finite number", () => {
    const bad = ["5", "5 ms", "-1ms", "+1ms", "1h", "ms", "s", ".5ms", "1.ms", "1.2.3ms", ""];
    for (let i = 0; i < bad.length; i++) {
      const e = throws(() => us(bad[i])) as Error;
      ok(e.message.indexOf("bad time '" + bad[i] + "'") >= 0, e.message);
    }
    const numbers = [-1, 0 / 0, 1 / 0];
    for (let i = 0; i < numbers.length; i++) {
      const e = throws(() => us(numbers[i])) as Error;
      ok(e.message.indexOf("bad time") >= 0, e.message);
    }
  });

  it("run and runUntil move virtual time by those amounts; ticks count the kernel's ticks", () => {
    const sim = bootApp(app);
    eq(sim.tickUs, 1000);
    sim.run("5ms");
    eq(sim.now(), 5000);
    eq(sim.ticks(), 5);
    sim.run(250);
    eq(sim.now(), 5250);
    sim.runUntil("1s");
    eq(sim.now(), 1000000);
    eq(sim.ticks(), 1000);
  });

  it("a drive's delay counts from now: an edge \"2ms\" after 1 ms is stamped at 3000 µs", () => {
    const sim = bootApp(app);
    sim.run("1ms");
    sim.edge("tick", "2ms");
    sim.run("10ms");
    eq(sim.data<{ stamp: number }>("handler").stamp, 3000);
  });
});
