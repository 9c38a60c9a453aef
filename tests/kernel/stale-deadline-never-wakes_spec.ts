import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("stale deadlines", () => {
  it("a task served before its timeout is never woken later by that deadline", () => {
    const app = {
      name: "st",
      tasks: [
        // Waits with timeout 10, is served at tick 2, then waits forever.
        scripted("rx", 1, [() => sys.recv(0, 10), () => sys.recv(0)]),
        scripted("tx", 2, [() => sys.sleep(2), () => sys.send(0, 4, 0, 0, 0)], { send: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    sim.runFor(50000);
    const r = recs(app, "rx");
    // Exactly one result: the message. No TIMEOUT at tick 10 for the second receive.
    eq(r.length, 1);
    eq(r[0].status, Status.OK);
    eq(r[0].kind, Kind.MESSAGE);
    eq(r[0].tick, 2);
  });

  it("a sleeper whose deadline passed once is not woken again by an old alarm", () => {
    const app = {
      name: "st2",
      tasks: [scripted("s", 1, [() => sys.sleep(3), () => sys.sleep(20)])],
    };
    const sim = simulate(app);
    sim.runFor(15000);
    eq(recs(app, "s").length, 1);
    sim.runFor(10000);
    eq(recs(app, "s").length, 2);
    eq(recs(app, "s")[1].tick, 23);
  });
});
