/**
 * Boot runs each task's `init` as that task: an init that throws faults that
 * task alone (nothing escapes `boot`), and the others run.
 */
import { FaultCode, Kind, Status, Sys, TaskState, faultCode, faultMessage, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("an init that throws at boot faults only its task", () => {
  it("the task is FAULTED with THREW and the error's text; the supervisor hears of it and faultInfo reads it; the other tasks run", () => {
    const broken = scripted("broken", 2, [() => sys.yield()]);
    broken.init = () => {
      throw new Error("no init for me");
    };
    const a = {
      name: "bi",
      tasks: [scripted("sup", 0, [() => sys.wait(0), () => sys.faultInfo(1)], { supervisor: true }), broken, scripted("other", 3, [() => sys.yield()])],
      notifications: [{ name: "faults", owner: "sup" }],
      faults: { notification: "faults", bit: 2 },
    };
    const sim = simulate(a);
    sim.runFor(5000);
    eq(taskState(1), TaskState.FAULTED);
    eq(faultCode(1), FaultCode.THREW);
    eq(faultMessage(1), "no init for me");
    eq(recs(a, "broken").length, 0);
    const s = recs(a, "sup");
    eq(s[0].kind, Kind.NOTIFICATION);
    eq(s[0].w1, 4);
    eq(s[1].status, Status.OK);
    eq(s[1].w1, FaultCode.THREW);
    eq(s[1].w2, Sys.NONE);
    eq(recs(a, "other")[0].status, Status.OK);
  });
});
