import { demo } from "../../apps/demo/app";
import { taskSteps, transfers } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

describe("the demo app in the simulator", () => {
  it("runs with the invariant checker on; the server answers both held callers on every tick", () => {
    const sim = new Sim(demo, { trace: true, check: true });
    sim.runUntil(100000);
    // 10 ticks of 10 ms: the ticker sent 9 TICKs (the 10th at 100 ms is not reached).
    let replies = 0;
    for (let i = 0; i < sim.lines.length; i++) if (sim.lines[i].indexOf("REPLY label=3") >= 0) replies++;
    eq(replies, 18);
    ok(taskSteps(3) >= 18);
    ok(transfers() > 50);
  });

  it("is deterministic: two runs print the same trace", () => {
    const a = new Sim(demo, { trace: true });
    a.runUntil(50000);
    const la = a.lines.join("\n");
    const b = new Sim(demo, { trace: true });
    b.runUntil(50000);
    eq(b.lines.join("\n"), la);
  });
});
