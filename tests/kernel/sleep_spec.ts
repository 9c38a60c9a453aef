import { Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("sleep", () => {
  it("sleep(n) wakes the task at tick now + n with OK; sleep(0) returns at once", () => {
    const app = {
      name: "sl",
      tasks: [scripted("s", 1, [() => sys.sleep(4), () => sys.sleep(0), () => sys.sleep(6)])],
    };
    const sim = simulate(app);
    sim.runFor(20000);
    const r = recs(app, "s");
    eq(r.length, 3);
    eq(r[0].status, Status.OK);
    eq(r[0].tick, 4);
    eq(r[1].tick, 4);
    eq(r[2].tick, 10);
  });

  it("sleeping is tickless: the host sees one alarm per wake-up, not one per tick", () => {
    const app = {
      name: "sl2",
      tasks: [scripted("s", 1, [() => sys.sleep(500)])],
    };
    const sim = simulate(app);
    sim.runFor(1000000);
    eq(recs(app, "s").length, 1);
    eq(sim.hostEvents, 1);
  });
});
