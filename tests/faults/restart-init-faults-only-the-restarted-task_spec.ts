/**
 * `restart` runs the restarted task's `init` as that task: an init that
 * throws, or issues a syscall, faults the restarted task alone, with its own
 * fault record; the supervisor's restart returns OK with the new id and the
 * supervisor carries on.
 */
import { FaultCode, Kind, Status, Sys, Task, TaskState, faultMessage, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

interface Victim {
  boots: number;
}

const VICTIM = 1;

describe("restart runs init as the restarted task", () => {
  // The victim faults on its first step; its init is fine at boot and does `again` on its second run.
  function app(again: (t: Task<Victim>) => void) {
    return {
      name: "ri",
      tasks: [
        scripted("sup", 0, [() => sys.wait(0), () => sys.restart(VICTIM), () => sys.faultInfo(VICTIM), () => sys.wait(0)], { supervisor: true }),
        {
          name: "victim",
          priority: 2,
          state: { boots: 0 },
          step: (_t: Task<Victim>) => {
            throw new Error("first fault");
          },
          init: (t: Task<Victim>) => {
            t.state.boots++;
            if (t.state.boots === 2) again(t);
          },
        },
      ],
      notifications: [{ name: "faults", owner: "sup" }],
      faults: { notification: "faults", bit: 0 },
    };
  }

  it("an init that throws faults the restarted task (THREW, syscall NONE, the error's text); the supervisor gets OK with the new id and carries on", () => {
    const a = app(() => {
      throw new Error("init fails");
    });
    const sim = simulate(a);
    sim.runFor(20000);
    const s = recs(a, "sup");
    // restart: OK, the new id (generation 1) in w1.
    eq(s[1].status, Status.OK);
    eq(s[1].w1, (1 << 8) | VICTIM);
    // faultInfo: the victim's own record of its init's fault.
    eq(s[2].status, Status.OK);
    eq(s[2].sender, (1 << 8) | VICTIM);
    eq(s[2].w1, FaultCode.THREW);
    eq(s[2].w2, Sys.NONE);
    eq(faultMessage(VICTIM), "init fails");
    eq(taskState(VICTIM), TaskState.FAULTED);
    // The supervisor was not faulted: its last wait took the fault bit the init's fault signalled.
    eq(s[3].status, Status.OK);
    eq(s[3].kind, Kind.NOTIFICATION);
    eq(s[3].w1, 1);
    eq(taskState(0), TaskState.SLEEPING);
  });

  it("an init that issues a syscall faults the restarted task with TWO_SYSCALLS; the supervisor gets OK and carries on", () => {
    const a = app(() => sys.yield());
    const sim = simulate(a);
    sim.runFor(20000);
    const s = recs(a, "sup");
    eq(s[1].status, Status.OK);
    eq(s[1].w1, (1 << 8) | VICTIM);
    eq(s[2].w1, FaultCode.TWO_SYSCALLS);
    eq(s[2].w2, Sys.YIELD);
    eq(taskState(VICTIM), TaskState.FAULTED);
    eq(s[3].status, Status.OK);
    eq(s[3].kind, Kind.NOTIFICATION);
    eq(taskState(0), TaskState.SLEEPING);
  });
});
