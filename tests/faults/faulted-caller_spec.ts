import { Status, Task, TaskState, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

describe("a caller that faults", () => {
  it("its server gets PEER_DEAD from reply and is not faulted", () => {
    // The caller calls with a timeout, times out, then throws; the server replies late.
    const caller = (t: Task<Script>) => {
      t.state.next++;
      if (t.state.next === 1) return sys.call(0, 1, 0, 0, 0, 2);
      throw new Error("caller dies");
    };
    const app = {
      name: "fc",
      tasks: [
        scripted("srv", 1, [() => sys.recv(0), () => sys.sleep(5), () => sys.reply(1, 0, 0, 0, 0), () => sys.yield()]),
        { name: "cli", priority: 2, step: caller, state: new Script([]), rights: { call: ["ep"] } },
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
    };
    const sim = simulate(app);
    sim.runFor(20000);
    eq(taskState(1), TaskState.FAULTED);
    const r = recs(app, "srv");
    eq(r[2].status, Status.PEER_DEAD);
    eq(r[3].status, Status.OK);
    eq(taskState(0) === TaskState.FAULTED, false);
  });

  it("a fault never faults another task: every other task keeps running", () => {
    const bad = (_t: Task<Script>) => {
      throw new Error("x");
    };
    const app = {
      name: "fc2",
      tasks: [
        { name: "bad", priority: 0, step: bad, state: new Script([]) },
        scripted("a", 1, [() => sys.sleep(1), () => sys.sleep(1)]),
        scripted("b", 2, [() => sys.yield(), () => sys.yield()]),
      ],
    };
    const sim = simulate(app);
    sim.runFor(20000);
    eq(taskState(0), TaskState.FAULTED);
    eq(recs(app, "a").length, 2);
    eq(recs(app, "b").length, 2);
  });
});
