import { Kind, Status, TaskState, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("rendezvous, sender first", () => {
  it("a sender with no receiver waits in the send queue and is delivered when the receiver comes", () => {
    const app = {
      name: "rv2",
      tasks: [
        scripted("tx", 1, [() => sys.send(0, 5, 1, 2, 3)], { send: ["ep"] }),
        scripted("rx", 2, [() => sys.sleep(3), () => sys.recv(0)]),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    sim.runFor(1500);
    // The receiver sleeps; the sender is queued, not lost.
    eq(taskState(0), TaskState.SEND_BLOCKED);
    eq(recs(app, "tx").length, 0);
    settle(sim);
    sim.runFor(5000);
    const r = recs(app, "rx");
    eq(r.length, 2);
    eq(r[1].kind, Kind.MESSAGE);
    eq(r[1].label, 5);
    eq(r[1].w3, 3);
    const s = recs(app, "tx");
    eq(s.length, 1);
    eq(s[0].status, Status.OK);
    eq(s[0].tick, 3);
  });
});
