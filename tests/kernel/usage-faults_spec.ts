import { FaultCode, Status, Sys, Task, TaskState, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, bootScripted, recs, scripted } from "../lib/harness";

describe("usage faults", () => {
  it("a step that issues no syscall faults its task, and only its task", () => {
    const lazy = (_t: Task<Script>) => {};
    const app = {
      name: "f1",
      tasks: [{ name: "lazy", priority: 1, step: lazy, state: new Script([]) }, scripted("ok", 2, [() => sys.sleep(1)])],
    };
    const sim = bootScripted(app);
    sim.run("5ms");
    eq(sim.task("lazy").state, TaskState.FAULTED);
    eq(sim.fault("lazy").code, FaultCode.NO_SYSCALL);
    eq(recs(app, "ok")[0].status, Status.OK);
  });

  it("a step that issues two syscalls faults its task; the first syscall's effect is undone", () => {
    const twice = (_t: Task<Script>) => {
      sys.recv(0);
      sys.yield();
    };
    const app = {
      name: "f2",
      tasks: [{ name: "twice", priority: 1, step: twice, state: new Script([]) }, scripted("tx", 2, [() => sys.send(0, 1, 0, 0, 0, 0)], { send: ["ep"] })],
      endpoints: [{ name: "ep", owner: "twice" }],
    };
    const sim = bootScripted(app);
    sim.runUntilIdle();
    eq(sim.task("twice").state, TaskState.FAULTED);
    eq(sim.fault("twice").code, FaultCode.TWO_SYSCALLS);
    eq(sim.fault("twice").syscall, Sys.YIELD);
    // The receive is undone: the faulted receiver is in no queue; the sender gets PEER_DEAD, not a delivery.
    eq(sim.task("twice").queue, "none");
    eq(recs(app, "tx")[0].status, Status.PEER_DEAD);
  });

  it("a step that throws faults its task with THREW", () => {
    const bad = (_t: Task<Script>) => {
      throw new Error("boom");
    };
    const app = { name: "f3", tasks: [{ name: "bad", priority: 1, step: bad, state: new Script([]) }, scripted("ok", 2, [() => sys.sleep(1)])] };
    const sim = bootScripted(app);
    sim.run("5ms");
    eq(sim.task("bad").state, TaskState.FAULTED);
    eq(sim.fault("bad").code, FaultCode.THREW);
    eq(recs(app, "ok").length, 1);
  });
});
