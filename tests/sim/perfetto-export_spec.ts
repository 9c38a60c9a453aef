/**
 * The demo's run as a Chrome / Perfetto trace (sim/export/perfetto.ts):
 * the JSON names a track per task, shows steps as complete events, IRQ
 * edges as instant events on the IRQ's track, and joins every transfer's
 * source to its receiver with a flow whose start and finish pair up; and
 * the text trace is the same with the exporter attached.
 */
import { demo } from "../../apps/demo/app";
import { HOST_TID, IRQ_TID, PerfettoExporter, TASK_TID, TraceEventJson, TraceJson } from "../../sim/export/perfetto";
import { MODEL } from "../../sim/profiles";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

const UNTIL = 1000000;

/** The trace as a reader gets it: through JSON text where the runtime has JSON. */
function parsed(t: TraceJson): TraceJson {
  return typeof JSON !== "undefined" ? (JSON.parse(JSON.stringify(t)) as TraceJson) : t;
}

function demoTrace(): { trace: TraceJson; lines: string[] } {
  const ex = new PerfettoExporter(demo, "demo");
  const sim = new Sim(demo, { profile: MODEL, trace: true, onEvent: (now, ev, a, b, c, d) => ex.event(now, ev, a, b, c, d) });
  sim.runUntil(UNTIL);
  return { trace: parsed(ex.finish(sim.now)), lines: sim.lines };
}

function named(events: TraceEventJson[], tid: number): string {
  for (const e of events) if (e.ph === "M" && e.name === "thread_name" && e.tid === tid && e.args !== undefined) return String(e.args.name);
  return "";
}

describe("the Perfetto trace of the demo", () => {
  const run = demoTrace();
  const events = run.trace.traceEvents;

  it("names a track for the host, each task and each IRQ", () => {
    eq(named(events, HOST_TID), "host");
    for (let t = 0; t < demo.tasks.length; t++) ok(named(events, TASK_TID + t).indexOf(demo.tasks[t].name) === 0, "track of " + demo.tasks[t].name);
    eq(named(events, IRQ_TID), "irq button");
  });

  it("shows every step as a complete event on its task's track, in the trace's time", () => {
    let steps = 0;
    for (const e of events) {
      if (e.ph !== "X" || e.cat !== "step") continue;
      steps++;
      ok(e.tid >= TASK_TID && e.tid < TASK_TID + demo.tasks.length, "step on a task track");
      ok(e.dur !== undefined && e.dur > 0, "a step has a duration");
      ok(e.ts >= 0 && e.ts < UNTIL, "within the run");
    }
    let textSteps = 0;
    // Step lines read "<task> <syscall> -> <STATE>"; pin lines "<pin> pin -> 1" or "<pin> input -> 0".
    for (const l of run.lines) if (l.indexOf(" -> ") > 0 && l.indexOf(" pin -> ") < 0 && l.indexOf(" input -> ") < 0) textSteps++;
    eq(steps, textSteps, "one slice per step of the text trace");
  });

  it("shows the button's edges as instant events on its IRQ track", () => {
    let edges = 0;
    let handled = 0;
    for (const e of events) {
      if (e.ph === "i" && e.tid === IRQ_TID && e.name.indexOf("edge") === 0) edges++;
      if (e.ph === "i" && e.tid === IRQ_TID && e.name === "handled") handled++;
    }
    // Two presses with bounce 3 and 2: 14 and 10 level changes.
    eq(edges, 24);
    ok(handled > 0 && handled <= edges);
  });

  it("pairs every flow start with one finish of the same id and name, later or at once, on another track", () => {
    const starts: { [k: string]: TraceEventJson } = {};
    let n = 0;
    for (const e of events) {
      if (e.ph !== "s") continue;
      ok(e.id !== undefined && starts[String(e.id)] === undefined, "flow ids are unique");
      starts[String(e.id)] = e;
      n++;
    }
    ok(n > 100, "flows: " + n);
    let finished = 0;
    for (const e of events) {
      if (e.ph !== "f") continue;
      const s = starts[String(e.id)];
      ok(s !== undefined, "a finish has its start");
      eq(e.name, s.name);
      eq(e.bp, "e");
      ok(e.ts >= s.ts, "finish after start");
      ok(e.tid !== s.tid, "between tracks");
      finished++;
    }
    // A flow whose receiver has not stepped again by the end stays open.
    ok(finished >= n - demo.tasks.length && finished <= n, finished + " of " + n + " flows finished");
  });

  it("leaves the text trace as it is", () => {
    const plain = new Sim(demo, { profile: MODEL, trace: true });
    plain.runUntil(UNTIL);
    eq(run.lines.join("\n"), plain.lines.join("\n"));
  });
});
