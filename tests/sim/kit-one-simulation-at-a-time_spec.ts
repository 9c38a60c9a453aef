/**
 * The kernel is one instance, so the test kit (sim/testing.ts) runs one
 * simulation at a time: a `Simulation` whose app is no longer the booted one
 * throws a clear error when read or driven, rather than showing another
 * app's kernel.
 */
import { AppDesc, Task, sys } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { Simulation, bootApp } from "../../sim/testing";
import { describe, eq, it, ok, throws } from "#spec";

function sleeper(_t: Task): void {
  return sys.sleep(10);
}

function app(name: string): AppDesc {
  return {
    name: name,
    tasks: [{ name: "sleeper", priority: 1, step: sleeper }],
    endpoints: [{ name: "ep", owner: "sleeper" }],
    notifications: [{ name: "n", owner: "sleeper" }],
    irqs: [{ name: "irq", endpoint: "ep", priority: 0, pin: "P" }],
    pins: ["P"],
  };
}

/** Every read and drive of `sim`, each of which must throw naming `name`. */
function expectStale(sim: Simulation, name: string): void {
  const uses: (() => unknown)[] = [
    () => sim.now(), () => sim.ticks(), () => sim.run("1ms"), () => sim.runUntil("1s"), () => sim.runUntilIdle(),
    () => sim.setPin("P", 1), () => sim.press("P"), () => sim.edge("irq"), () => sim.signal("n", 1), () => sim.hostCall(() => {}),
    () => sim.task("sleeper"), () => sim.data("sleeper"), () => sim.fault("sleeper"), () => sim.ready(), () => sim.readyAt(1),
    () => sim.sendQueue("ep"), () => sim.recvQueue("ep"), () => sim.waiters("n"), () => sim.word("n"), () => sim.irq("irq"),
    () => sim.latency("irq"), () => sim.pin("P"), () => sim.pinChanges("P"), () => sim.trace(), () => sim.deadlock(),
    () => sim.transfers(), () => sim.badHostCalls(), () => sim.simulator(),
  ];
  for (let i = 0; i < uses.length; i++) {
    const e = throws(() => {
      uses[i]();
    }) as Error;
    ok(e.message.indexOf("simulation of app '" + name + "' is no longer the booted one") >= 0, "use " + i + ": " + e.message);
  }
}

describe("one simulation at a time", () => {
  it("booting another app stops the earlier Simulation: its every read and drive throws, naming its app", () => {
    const first = bootApp(app("first"));
    first.run("5ms");
    const second = bootApp(app("second"));
    expectStale(first, "first");
    second.run("5ms");
    eq(second.now(), 5000);
    eq(second.task("sleeper").steps, 1);
  });

  it("booting the same app again stops the earlier Simulation; the new one reads the fresh boot", () => {
    const a = app("again");
    const first = bootApp(a);
    first.run("50ms");
    eq(first.task("sleeper").steps, 5);
    const second = bootApp(a);
    expectStale(first, "again");
    eq(second.task("sleeper").steps, 0);
    eq(second.now(), 0);
  });

  it("a boot outside the kit (the simulator itself) stops it too", () => {
    const sim = bootApp(app("kit"));
    new Sim(app("direct"));
    expectStale(sim, "kit");
  });

  it("an app that fails validation boots nothing: the running Simulation goes on", () => {
    const sim = bootApp(app("good"));
    const bad = app("bad");
    bad.tasks[0].priority = -1;
    const e = throws(() => bootApp(bad)) as Error;
    ok(e.message.indexOf("app 'bad' is not valid") >= 0, e.message);
    sim.run("5ms");
    eq(sim.now(), 5000);
  });
});
