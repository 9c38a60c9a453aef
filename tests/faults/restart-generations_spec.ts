import { FaultCode, Kind, Status, Sys, Task, TaskState, faultMessage, sys, taskState } from "../../kernel/index";
import { describe, eq, it, ok } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

interface Srv {
  calls: number;
  boots: number;
}

describe("restart under a new generation", () => {
  function app() {
    // The server crashes on its second call; it counts its boots in init.
    const server = (t: Task<Srv>) => {
      if (t.kind === Kind.MESSAGE) {
        t.state.calls++;
        if (t.state.calls === 2 && t.state.boots === 1) throw new Error("second call kills me");
        return sys.replyRecv(t.sender, t.state.boots, 0, 0, 0, 0);
      }
      return sys.recv(0);
    };
    const init = (t: Task<Srv>) => {
      t.state.calls = 0;
      t.state.boots++;
    };
    return {
      name: "rs",
      tasks: [
        { name: "sup", priority: 0, step: supStep, state: new Script([]), rights: { supervisor: true } },
        { name: "srv", priority: 1, step: server, init: init, state: { calls: 0, boots: 0 } },
        scripted("cli", 2, [() => sys.call(0, 0, 0, 0, 0), () => sys.call(0, 0, 0, 0, 0), () => sys.sleep(3), () => sys.call(0, 0, 0, 0, 0), () => sys.recvFrom(1, 1 << 8 | 1, 0)], { call: ["ep"], recv: ["mine"] }),
      ],
      endpoints: [{ name: "ep", owner: "srv" }, { name: "mine", owner: "cli" }],
      notifications: [{ name: "faults", owner: "sup" }],
      faults: { notification: "faults", bit: 3 },
    };
  }

  // The supervisor: wait for the fault bit, read the record, restart.
  let message = "";
  function supStep(t: Task<Script>): void {
    const s = t.state;
    s.next++;
    s.recs.push({ status: t.status, kind: t.kind, sender: t.sender, label: t.label, w1: t.w1, w2: t.w2, w3: t.w3, tick: 0, us: 0 });
    if (s.next === 1) return sys.wait(0);
    if (s.next === 2) return sys.faultInfo(1);
    if (s.next === 3) {
      message = faultMessage(1);
      return sys.restart(1);
    }
    return sys.wait(0);
  }

  it("a fault signals the supervisor's bit; faultInfo gives code, syscall and message", () => {
    const a = app();
    const sim = simulate(a);
    sim.runFor(2000);
    const s = (a.tasks[0].state as Script).recs;
    eq(s[1].kind, Kind.NOTIFICATION);
    eq(s[1].w1, 8);
    eq(s[2].status, Status.OK);
    eq(s[2].w1, FaultCode.THREW);
    eq(s[2].w2, Sys.NONE);
    eq(s[2].sender, 1);
    eq(message, "second call kills me");
  });

  it("restart gives a fresh task under generation + 1; a client gets PEER_DEAD, retries once and is served", () => {
    const a = app();
    const sim = simulate(a);
    sim.runFor(20000);
    const s = (a.tasks[0].state as Script).recs;
    eq(s[3].status, Status.OK);
    eq(s[3].w1, (1 << 8) | 1);
    const c = recs(a, "cli");
    eq(c[0].label, 1);
    eq(c[1].status, Status.PEER_DEAD);
    eq(c[1].sender, 1);
    // The retry is served by the restarted server, whose init ran again.
    eq(c[3].status, Status.OK);
    eq(c[3].label, 2);
    eq(taskState(1), TaskState.RECV_BLOCKED);
  });

  it("a syscall naming the old generation gets PEER_DEAD with the new id", () => {
    const a = app();
    a.tasks[2] = scripted("cli", 2, [() => sys.call(0, 0, 0, 0, 0), () => sys.call(0, 0, 0, 0, 0), () => sys.sleep(3), () => sys.recvFrom(1, 1, 0), () => sys.recvFrom(1, (1 << 8) | 1, 0)], { call: ["ep"], recv: ["mine"] });
    const sim = simulate(a);
    sim.runFor(20000);
    const c = recs(a, "cli");
    eq(c[3].status, Status.PEER_DEAD);
    eq(c[3].sender, (1 << 8) | 1);
    // With the new id the syscall goes through (nothing queued: WOULD_BLOCK).
    eq(c[4].status, Status.WOULD_BLOCK);
    ok(c.length === 5);
  });
});
