/**
 * A closed receive (`recvFrom`) naming a task wakes at once with PEER_DEAD
 * when that task faults, and when it is restarted (sender = its id then: at
 * a restart, the new one); it never takes the new incarnation's message,
 * and nothing is left waiting on the dead task.
 */
import { Kind, Status, TaskState, sys, taskState, waitsOn } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const RX = 0;
const X = 1;

describe("a closed receive naming a task that faults or is restarted wakes with PEER_DEAD", () => {
  it("the named task faults: the receiver wakes at once with PEER_DEAD, sender = the task's id", () => {
    const a = {
      name: "cf",
      tasks: [
        scripted("rx", 1, [() => sys.recvFrom(0, X)]),
        scripted("x", 2, [
          () => sys.sleep(2),
          () => {
            throw new Error("x dies");
          },
        ], { send: ["mine"] }),
      ],
      endpoints: [{ name: "mine", owner: "rx" }],
    };
    const sim = simulate(a);
    sim.runFor(20000);
    eq(taskState(X), TaskState.FAULTED);
    const r = recs(a, "rx");
    eq(r.length, 1);
    eq(r[0].status, Status.PEER_DEAD);
    eq(r[0].kind, Kind.NONE);
    eq(r[0].sender, X);
    eq(r[0].tick, 2);
    // rx waits on no one any more (it parked in a sleep).
    eq(waitsOn(RX), -1);
    eq(sim.deadlock, undefined);
  });

  it("the named task is restarted: the receiver wakes at once with PEER_DEAD, sender = the new id, and does not take the new incarnation's message", () => {
    const a = {
      name: "cr",
      tasks: [
        scripted("rx", 1, [() => sys.recvFrom(0, X)]),
        // x sleeps until the restart, then sends: to its new incarnation the receiver is gone.
        scripted("x", 2, [() => sys.sleep(10), () => sys.send(0, 7, 0, 0, 0, 0)], { send: ["mine"] }),
        scripted("sup", 0, [() => sys.sleep(2), () => sys.restart(X)], { supervisor: true }),
      ],
      endpoints: [{ name: "mine", owner: "rx" }],
    };
    const sim = simulate(a);
    sim.runFor(20000);
    eq(recs(a, "sup")[1].status, Status.OK);
    const r = recs(a, "rx");
    eq(r.length, 1);
    eq(r[0].status, Status.PEER_DEAD);
    eq(r[0].sender, (1 << 8) | X);
    eq(r[0].tick, 2);
    // The new incarnation's send finds no receiver.
    eq(recs(a, "x")[1].status, Status.WOULD_BLOCK);
  });
});
