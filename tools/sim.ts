/**
 * `npm run sim -- --app <APP> [--until <time>] [--profile <P>] [--quiet]
 *  [--figures] [--trace <out.json>] [--vcd <out.vcd>]`
 * (`npm start` runs the demo): runs an app in the simulator for a fixed
 * virtual time and prints the trace and a summary; `--figures` then prints
 * every figure the kernel keeps (tools/sim-figures.ts: transfers, per task
 * steps, state, id and fault, per IRQ the latency count, min, max and
 * histogram).
 * Times take a unit: 200ms, 1s, 500us (default ms).
 *
 * `--profile` names a profile of sim/profiles.ts or a profile file
 * (`file:out/profiles/<name>.json`, as `npm run calibrate` writes).
 * `--trace` also writes the run as a Chrome / Perfetto trace (open it in
 * ui.perfetto.dev or chrome://tracing; sim/export/perfetto.ts), `--vcd` as a
 * waveform of pins, task steps, IRQ waits and the host (sim/export/vcd.ts).
 * The printed trace is the same with or without them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { findApp, appNames } from "../apps/index";
import { Sim } from "../sim/sim";
import { CostProfile } from "../sim/profiles";
import { PerfettoExporter } from "../sim/export/perfetto";
import { VcdRecorder } from "../sim/export/vcd";
import { argOptional, argValue, hasFlag, parseTime, die } from "./args";
import { resolveProfile } from "./profile-arg";
import { kernelFigures } from "./sim-figures";

const appName = argValue("--app", "demo");
const app = findApp(appName);
if (app === undefined) die("unknown app '" + appName + "'; apps: " + appNames().join(", "));
let profile: CostProfile;
try {
  profile = resolveProfile(argValue("--profile", "espruino-linux"));
} catch (e) {
  die((e as Error).message);
}
const until = parseTime(argValue("--until", "100ms"));
const quiet = hasFlag("--quiet");
const tracePath = argOptional("--trace");
const vcdPath = argOptional("--vcd");

const perfetto = tracePath !== undefined ? new PerfettoExporter(app!, "baton: " + app!.name + " on " + profile!.name) : undefined;
const vcd = vcdPath !== undefined ? new VcdRecorder(app!) : undefined;
const onEvent =
  perfetto === undefined && vcd === undefined
    ? undefined
    : (now: number, ev: number, a: number, b: number, c: number, d: number) => {
        if (perfetto !== undefined) perfetto.event(now, ev, a, b, c, d);
        if (vcd !== undefined) vcd.event(now, ev, a, b, c, d);
      };

const sim = new Sim(app!, { profile: profile!, trace: true, onLine: quiet ? undefined : (l) => console.log(l), onEvent: onEvent });
sim.runUntil(until);
console.log("");
console.log("summary of '" + app!.name + "' on " + profile!.name + ":");
for (const l of sim.summary()) console.log(l);
if (hasFlag("--figures")) for (const l of kernelFigures(app!)) console.log(l);

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stderr.write("written: " + path + "\n");
}

if (perfetto !== undefined && tracePath !== undefined) write(tracePath, JSON.stringify(perfetto.finish(sim.now)) + "\n");
if (vcd !== undefined && vcdPath !== undefined) write(vcdPath, vcd.vcd(sim.pinChanges, sim.now));
