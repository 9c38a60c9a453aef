import { sys } from "../../kernel/index";
import { describe, eq, ok, it } from "#spec";
import { scripted, simulate } from "../lib/harness";

describe("run-time deadlock detection", () => {
  it("a cycle of calls is reported by task names, and the run stops there", () => {
    const app = {
      name: "cyc",
      tasks: [
        scripted("alpha", 1, [() => sys.call(1, 0, 0, 0, 0)], { call: ["b"] }),
        scripted("beta", 2, [() => sys.call(0, 0, 0, 0, 0)], { call: ["a"] }),
        scripted("ticker", 3, [() => sys.sleep(1), () => sys.sleep(1), () => sys.sleep(1)]),
      ],
      endpoints: [{ name: "a", owner: "alpha" }, { name: "b", owner: "beta" }],
      downhill: [["alpha", "b"]],
    };
    const sim = simulate(app, { trace: true });
    sim.runFor(100000);
    const d = sim.deadlock as string;
    ok(d !== undefined);
    ok(d.indexOf("alpha -> beta -> alpha") >= 0 || d.indexOf("beta -> alpha -> beta") >= 0, d);
    ok(sim.now < 100000);
  });

  it("every task blocked on a peer with nothing pending is reported as a stall", () => {
    const app = {
      name: "stall",
      tasks: [
        scripted("srv", 1, [() => sys.recv(0), () => sys.wait(0)]),
        scripted("cli", 2, [() => sys.call(0, 0, 0, 0, 0)], { call: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
      notifications: [{ name: "n", owner: "srv" }],
    };
    const sim = simulate(app);
    sim.runFor(100000);
    ok((sim.deadlock as string).indexOf("cli waits on srv") >= 0);
  });

  it("a system waiting for input is not a deadlock", () => {
    const app = {
      name: "quiet",
      tasks: [scripted("srv", 1, [() => sys.recv(0)]), scripted("w", 2, [() => sys.wait(0)])],
      endpoints: [{ name: "ep", owner: "srv" }],
      notifications: [{ name: "n", owner: "w" }],
    };
    const sim = simulate(app);
    sim.runFor(100000);
    eq(sim.deadlock, undefined);
  });
});
