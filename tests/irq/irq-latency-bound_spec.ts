import { irqLatency, sys } from "../../kernel/index";
import { latencyBound } from "../../sim/bound";
import { describe, eq, it, ok } from "#spec";
import { scripted, simulate } from "../lib/harness";

describe("IRQ latency under a long-step low-priority task", () => {
  it("a high-priority handler's latency stays within the bound computed from the cost model", () => {
    const acts = [];
    for (let i = 0; i < 200; i++) {
      acts.push(() => sys.recv(0));
      acts.push(() => sys.irqAck(0));
    }
    const spin = [];
    for (let i = 0; i < 5000; i++) spin.push(() => sys.yield());
    const app = {
      name: "lat",
      tasks: [
        scripted("handler", 0, acts),
        { name: "cruncher", priority: 7, step: scripted("x", 7, spin).step, state: scripted("x", 7, spin).state, stepUs: 400 },
      ],
      endpoints: [{ name: "ep", owner: "handler" }],
      irqs: [{ name: "tick", endpoint: "ep", priority: 0 }],
      board: { sliceSteps: 4 },
    };
    const sim = simulate(app);
    // Edges at irregular times, so they land at every point of a slice.
    let t = 1000;
    for (let i = 0; i < 150; i++) {
      t += 1700 + ((i * 7919) % 1300);
      sim.edge(0, t);
    }
    sim.runFor(t + 20000);
    const lat = irqLatency(0);
    const bound = latencyBound(app, sim.profile, 4, 0);
    console.log("    latency over " + lat[0] + " edges: min " + lat[1] + " us, max " + lat[2] + " us; bound " + bound.totalUs + " us");
    eq(lat[0], 150);
    ok(lat[2] <= bound.totalUs, "max latency " + lat[2] + " within bound " + bound.totalUs);
    // The long steps do show: the worst case is well above the idle latency.
    ok(lat[2] > lat[1] + 400);
  });
});
