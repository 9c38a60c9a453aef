import { Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("the tick counter wrapping past 2^32", () => {
  it("a sleep across the wrap wakes after exactly its ticks", () => {
    const app = { name: "w1", tasks: [scripted("s", 1, [() => sys.sleep(10), () => sys.sleep(1)])] };
    // Start 4 ticks before the counter wraps from 0x7fffffff... to -0x80000000 and on to 0.
    const sim = simulate(app, { startTick: -4 });
    sim.runFor(20000);
    const r = recs(app, "s");
    eq(r.length, 2);
    eq(r[0].status, Status.OK);
    eq(r[0].tick, 6);
    eq(r[1].tick, 7);
  });

  it("a sleep across the signed wrap (0x7fffffff to -0x80000000) also wakes on time", () => {
    const app = { name: "w2", tasks: [scripted("s", 1, [() => sys.sleep(10)])] };
    const sim = simulate(app, { startTick: 0x7ffffffc });
    sim.runFor(20000);
    const r = recs(app, "s");
    eq(r.length, 1);
    eq(r[0].tick, -2147483642);
  });

  it("a receive timeout across the wrap returns TIMEOUT at the right tick", () => {
    const app = {
      name: "w3",
      tasks: [scripted("rx", 1, [() => sys.recv(0, 8)])],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app, { startTick: -3 });
    sim.runFor(20000);
    const r = recs(app, "rx");
    eq(r.length, 1);
    eq(r[0].status, Status.TIMEOUT);
    eq(r[0].tick, 5);
  });

  it("deadlines on both sides of the wrap fire in order", () => {
    const app = {
      name: "w4",
      tasks: [scripted("a", 1, [() => sys.sleep(6)]), scripted("b", 1, [() => sys.sleep(2)])],
    };
    const sim = simulate(app, { startTick: 0x7ffffffd });
    sim.runFor(20000);
    eq(recs(app, "b")[0].tick, 0x7fffffff);
    eq(recs(app, "a")[0].tick, -2147483645);
  });
});
