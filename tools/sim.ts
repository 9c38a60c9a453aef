/**
 * `baton sim [--app <APP>] [--until <time>] [--profile <P>] [--quiet]
 *  [--figures] [--trace <out.json>] [--vcd <out.vcd>] [--allow-faults]`
 * (`npm start` runs the demo): runs an app in the simulator for a fixed
 * virtual time and prints the trace (the app's `platform.log` lines among
 * it) and a summary, which names every fault and a deadlock. A fault or a
 * deadlock makes the command fail (exit code 1) unless `--allow-faults`:
 * an app that faults on purpose (the demo's server) says so on its command
 * line. `--figures` then prints
 * every figure the kernel keeps (tools/sim-figures.ts: transfers, per task
 * steps, state, id and fault, per IRQ the latency count, min, max and
 * histogram).
 * Times take their unit: 200ms, 1s, 500us (a bare number is refused).
 *
 * `--profile` names a profile of sim/profiles.ts or a profile file
 * (`file:out/profiles/<name>.json`, as `baton calibrate` writes).
 * `--trace` also writes the run as a Chrome / Perfetto trace (open it in
 * ui.perfetto.dev or chrome://tracing; sim/export/perfetto.ts), `--vcd` as a
 * waveform of pins, task steps, IRQ waits and the host (sim/export/vcd.ts).
 * The printed trace is the same with or without them.
 * The options are parsed and checked by tools/cli.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { AppDesc } from "../kernel/index";
import { Sim } from "../sim/sim";
import { CostProfile } from "../sim/profiles";
import { PerfettoExporter } from "../sim/export/perfetto";
import { VcdRecorder } from "../sim/export/vcd";
import { kernelFigures } from "./sim-figures";
import { verdict } from "./sim-verdict";

export interface SimRun {
  app: AppDesc;
  profile: CostProfile;
  /** Virtual time to run, µs. */
  untilUs: number;
  /** Leave out the trace (the summary is printed). */
  quiet: boolean;
  /** Print every figure the kernel keeps after the summary. */
  figures: boolean;
  /** Write a Chrome / Perfetto trace here. */
  trace?: string;
  /** Write a VCD waveform here. */
  vcd?: string;
  /** Exit 0 even when a task faulted or a deadlock stopped the run. */
  allowFaults?: boolean;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stderr.write("written: " + path + "\n");
}

/**
 * Runs `o.app` in the simulator and prints its trace, summary and, when
 * asked, figures. Returns the exit code: 1 when a task faulted or a
 * deadlock stopped the run (unless `o.allowFaults`), else 0.
 */
export function simulate(o: SimRun): number {
  const app = o.app;
  const profile = o.profile;
  const perfetto = o.trace !== undefined ? new PerfettoExporter(app, "baton: " + app.name + " on " + profile.name) : undefined;
  const vcd = o.vcd !== undefined ? new VcdRecorder(app) : undefined;
  const onEvent =
    perfetto === undefined && vcd === undefined
      ? undefined
      : (now: number, ev: number, a: number, b: number, c: number, d: number) => {
          if (perfetto !== undefined) perfetto.event(now, ev, a, b, c, d);
          if (vcd !== undefined) vcd.event(now, ev, a, b, c, d);
        };

  const sim = new Sim(app, { profile: profile, trace: true, onLine: o.quiet ? undefined : (l) => console.log(l), onEvent: onEvent });
  sim.runUntil(o.untilUs);
  console.log("");
  console.log("summary of '" + app.name + "' on " + profile.name + ":");
  for (const l of sim.summary()) console.log(l);
  if (o.figures) for (const l of kernelFigures(app)) console.log(l);

  if (perfetto !== undefined && o.trace !== undefined) write(o.trace, JSON.stringify(perfetto.finish(sim.now)) + "\n");
  if (vcd !== undefined && o.vcd !== undefined) write(o.vcd, vcd.vcd(sim.pinChanges, sim.now));
  return verdict("baton sim", sim.faultedTasks(), sim.deadlock, o.allowFaults === true, (l) => process.stderr.write(l + "\n"));
}
