/**
 * The worst-case latency bound (sim/bound.ts) holds on every simulated run:
 * the demo under each load profile, at several slice sizes and seeds, on
 * the fixed `model` profile, the measured `espruino-linux` one and the
 * derived `espruino-pico` one (where the demo overloads the board), with
 * edges ten times denser than the bench's default so that bursts happen;
 * on a handler below a spinner that its IRQ outranks (the IRQ donates
 * its priority to the handler until irqAck); and under a busy task below
 * the handler (apps/latency's long-step load), where the rest of a slice is
 * one busy step.
 */
import { demo } from "../../apps/demo/app";
import { latency } from "../../apps/latency/app";
import { latencyBound } from "../../sim/bound";
import { runLatency } from "../../sim/latency";
import { LOAD_NAMES, defaultRate, withLoad } from "../../sim/loads";
import { ESPRUINO_LINUX, ESPRUINO_PICO, MODEL } from "../../sim/profiles";
import { irqLatency, sys } from "../../kernel/index";
import { describe, eq, it, ok } from "#spec";
import { scripted, simulate } from "../lib/harness";

const SLICES = [1, 3, 16];
const SEEDS = [1, 2];

describe("the IRQ latency bound", () => {
  const profiles = [MODEL, ESPRUINO_LINUX, ESPRUINO_PICO];
  for (let p = 0; p < profiles.length; p++) {
    for (let l = 0; l < LOAD_NAMES.length; l++) {
      const profile = profiles[p];
      const load = LOAD_NAMES[l];
      it("is never exceeded: demo, " + profile.name + ", load " + load + ", slices 1, 3, 16, seeds 1, 2", () => {
        for (let s = 0; s < SLICES.length; s++) {
          for (let k = 0; k < SEEDS.length; k++) {
            const rate = 10 * defaultRate(profile);
            const r = runLatency(demo, { profile: profile, load: load, sliceSteps: SLICES[s], durationUs: Math.ceil(400 / rate) * 1000000, loadOptions: { rate: rate, seed: SEEDS[k] } });
            const q = r.irqs[0];
            const what = load + ", slice " + SLICES[s] + ", seed " + SEEDS[k] + ": max " + q.latency.max + " us, bound " + q.bound.totalUs + " us";
            ok(q.latency.count > 50, what + ": handled " + q.latency.count);
            ok(q.bound.totalUs < Infinity, what);
            ok(q.latency.max <= q.bound.totalUs, what);
            eq(r.deadlock, "");
          }
        }
      });
    }
  }

  it("counts the handler's own steps, the tasks that can be as important, and the loop turns between them", () => {
    const loaded = withLoad(demo, "idle", MODEL, { rate: 1000 });
    const one = latencyBound(loaded.app, MODEL, 1, 0, { sources: loaded.sources });
    // The supervisor shares the button driver's priority: one step ahead.
    eq(one.ahead.join(","), "supervisor");
    // irqAck and recv, then the supervisor's step: three steps, one per slice.
    eq(one.extraTurns, 3);
    ok(one.handlerUs > 0);
    const many = latencyBound(loaded.app, MODEL, 16, 0, { sources: loaded.sources });
    eq(many.extraTurns, 0);
    // A batch holds every event of a window, not one per IRQ: the bouncing button makes several.
    ok(many.events > (demo.irqs || []).length + 1, "events in a batch: " + many.events);
  });

  it("counts no task between the handler's priority and the IRQ's, and holds: a spinner there does not delay the handling step", () => {
    // The IRQ (priority 1) donates to its handler (6) until irqAck, so the spinner (3) never runs ahead of the handling step.
    const acts = [];
    for (let i = 0; i < 100; i++) {
      acts.push(() => sys.recv(0));
      acts.push(() => sys.irqAck(0));
    }
    const spin = [];
    for (let i = 0; i < 5000; i++) spin.push(() => sys.yield());
    const app = {
      name: "between",
      tasks: [scripted("handler", 6, acts), scripted("spinner", 3, spin)],
      endpoints: [{ name: "ep", owner: "handler" }],
      irqs: [{ name: "tick", endpoint: "ep", priority: 1 }],
      board: { sliceSteps: 4 },
    };
    const sim = simulate(app);
    let t = 1000;
    for (let i = 0; i < 80; i++) {
      t += 1700 + ((i * 7919) % 1300);
      sim.edge(0, t);
    }
    sim.runFor(t + 20000);
    const lat = irqLatency(0);
    const bound = latencyBound(app, sim.profile, 4, 0);
    eq(bound.ahead.length, 0);
    eq(lat[0], 80);
    ok(lat[2] <= bound.totalUs, "max latency " + lat[2] + " us, bound " + bound.totalUs + " us");
  });

  it("under a busy task below the handler counts one step of it (and the handler's), not a slice, and is never exceeded: apps/latency, long-step, espruino-linux, slices 1, 3, 16", () => {
    for (let s = 0; s < SLICES.length; s++) {
      const r = runLatency(latency, { profile: ESPRUINO_LINUX, load: "long-step", sliceSteps: SLICES[s], loadOptions: { seed: 1 } });
      const b = r.irqs[0].bound;
      const what = "slice " + SLICES[s] + ": max " + r.irqs[0].latency.max + " us, bound " + b.totalUs + " us";
      // The busy task (crunch, the least important) takes the longest step; only the handler can run at the IRQ's priority.
      eq(b.longestTask, "crunch");
      eq(b.urgentTasks.join(","), "handler");
      ok(b.longestStepUs > 10 * ESPRUINO_LINUX.stepUs, what + ": crunch's step " + b.longestStepUs + " us");
      eq(b.sliceUs, SLICES[s] === 1 ? b.longestStepUs : b.longestStepUs + b.urgentStepsUs);
      ok(b.sliceUs < 2 * b.longestStepUs, what);
      ok(r.irqs[0].latency.max <= b.totalUs, what);
      // Each edge meets the busy task: the median is past the idle dispatch, and under one busy step and the loop turn.
      ok(r.irqs[0].latency.median > 4 * ESPRUINO_LINUX.dispatchUs / 3, what + ", median " + r.irqs[0].latency.median + " us");
      ok(r.irqs[0].latency.median < b.longestStepUs + ESPRUINO_LINUX.sliceUs, what + ", median " + r.irqs[0].latency.median + " us");
    }
  });

  it("is Infinity when host events come faster than they are dispatched", () => {
    const loaded = withLoad(demo, "idle", MODEL, { rate: 1000000 / MODEL.dispatchUs });
    const b = latencyBound(loaded.app, MODEL, 16, 0, { sources: loaded.sources });
    eq(b.totalUs, Infinity);
  });
});
