import { Status, TaskState, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("timeout 0", () => {
  it("send, call, recv and wait with timeout 0 return WOULD_BLOCK at once and never block", () => {
    const app = {
      name: "t0",
      tasks: [
        scripted("t", 1, [
          () => sys.send(0, 1, 0, 0, 0, 0),
          () => sys.call(0, 1, 0, 0, 0, 0),
          () => sys.recv(1, 0),
          () => sys.wait(0, 0),
        ], { send: ["ep"], call: ["ep"] }),
        scripted("owner", 2, [() => sys.sleep(100)]),
      ],
      endpoints: [{ name: "ep", owner: "owner" }, { name: "mine", owner: "t" }],
      notifications: [{ name: "n", owner: "t" }],
      downhill: [["t", "ep"]],
    };
    const sim = simulate(app);
    sim.runFor(500);
    const r = recs(app, "t");
    eq(r.length, 4);
    for (let i = 0; i < 4; i++) eq(r[i].status, Status.WOULD_BLOCK);
    // All four results came in the first tick: nothing waited.
    eq(r[3].tick, 0);
    settle(sim);
    eq(taskState(0), TaskState.SLEEPING);
  });
});
