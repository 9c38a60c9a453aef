import { irqLatency, sys, taskIndex, taskSteps } from "../../kernel/index";
import { MODEL } from "../../sim/profiles";
import { describe, eq, it, ok } from "#spec";
import { scripted, simulate } from "../lib/harness";

/**
 * On the `model` profile a busy step costs 4 (the base step) + 1000 (the
 * task's own `stepUs`) + 8 (`yield`) = 1012 µs; after it the host pays one
 * loop turn (110 µs) and dispatches the edge (15 µs). Slices are 16 steps:
 * were the edge to wait for the slice in progress, it would wait up to
 * 16 x 1012 µs.
 */
const BUSY_STEP_US = 1012;
const LOOP_TURN_US = 110;
const DISPATCH_US = 15;
const EDGES = 100;

describe("an edge to a high-priority handler under a busy low-priority task", () => {
  it("is taken after at most one busy step (and the loop turn and dispatch), not after a slice of 16", () => {
    eq(MODEL.stepUs + MODEL.sysUs[8] + 1000, BUSY_STEP_US);
    eq(MODEL.sliceUs, LOOP_TURN_US);
    eq(MODEL.dispatchUs, DISPATCH_US);
    const acts = [];
    for (let i = 0; i < EDGES; i++) {
      acts.push(() => sys.recv(0));
      acts.push(() => sys.irqAck(0));
    }
    acts.push(() => sys.recv(0));
    const spin = [];
    for (let i = 0; i < 20000; i++) spin.push(() => sys.yield());
    const busy = scripted("busy", 6, spin);
    const app = {
      name: "busy-below-handler",
      tasks: [scripted("handler", 1, acts), { name: "busy", priority: 6, step: busy.step, state: busy.state, stepUs: 1000 }],
      endpoints: [{ name: "ep", owner: "handler" }],
      irqs: [{ name: "edge", endpoint: "ep", priority: 0 }],
      board: { sliceSteps: 16 },
    };
    const sim = simulate(app);
    // Edges 20 to 33 ms apart at irregular offsets, so they land at every point of a busy step.
    let t = 1000;
    for (let i = 0; i < EDGES; i++) {
      t += 20000 + ((i * 7919) % 13000);
      sim.edge(0, t);
    }
    sim.runFor(t + 40000);
    const lat = irqLatency(0);
    eq(lat[0], EDGES);
    // The busy task ran all along: a step per ms or so, through every edge.
    ok(taskSteps(taskIndex("busy")) > (t / 1000) * 0.8, "busy steps " + taskSteps(taskIndex("busy")));
    // Edges did wait for busy steps (the oracle can tell one step from none) ...
    ok(lat[2] > BUSY_STEP_US / 2, "max latency " + lat[2] + " us");
    // ... and never for more than one.
    ok(lat[2] <= BUSY_STEP_US + LOOP_TURN_US + DISPATCH_US, "max latency " + lat[2] + " us, one busy step and a loop turn " + (BUSY_STEP_US + LOOP_TURN_US + DISPATCH_US) + " us");
  });
});
