/**
 * `baton calibrate --input <file>[,<file>...] --name <profile> [--base <P>] [--out <path>]`
 * `baton calibrate --espruino <PATH> [--runs <N>] --name <profile> [--input <file>] [--compare]`
 * `baton calibrate --build-probe [--board PICO]`
 *
 * Makes a cost profile for the simulator from measurements on a real
 * interpreter, prints it with what each figure came from, and writes it to
 * out/profiles/<name>.json (load it with `--profile file:out/profiles/<name>.json`
 * in `baton sim` and `baton bench latency`).
 *
 * Inputs (sim/calibrate.ts says what each sets): the cost probe's output
 * (apps/costs/probe.ts), the latency app's report (apps/latency, as a board
 * prints it: copy the console into a file), an IPC benchmark's round-trip
 * figure. `--espruino PATH` builds the probe (out/profiles/costs-probe.js),
 * runs it `--runs` times (default 1) on that interpreter (Espruino's Linux
 * build), keeps the median of each figure, and saves the raw output to
 * out/profiles/<name>-probe.txt. On a board: `--build-probe`, upload
 * out/profiles/costs-probe.js with the espruino CLI, save what it prints,
 * and pass that file to `--input`.
 *
 * `--base` (default espruino-linux) gives the figures nothing measured.
 * `--compare` then runs apps/latency in the simulator on the new profile
 * and prints its report's figures beside the measured ones.
 * The options are parsed and checked by tools/cli.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findApp } from "../apps/index";
import { CalibrationInput, LatencyFigures, calibrate, medianInput, parseCalibration } from "./calibrate/parse";
import { runApp } from "../sim/platform";
import { CostProfile, SYS_KEYS, profileToJson } from "../sim/profiles";
import { UsageError, die } from "./args";
import { buildProbe, runProbeOnEspruino } from "./calibrate/espruino";

function merge(into: CalibrationInput, x: CalibrationInput): void {
  for (const k of Object.keys(x.steps)) into.steps[k] = x.steps[k];
  for (const k of Object.keys(x.probe)) into.probe[k] = x.probe[k];
  if (x.runtime !== "") into.runtime = x.runtime;
  if (x.wired !== undefined) into.wired = x.wired;
  if (x.kernelIdle !== undefined) into.kernelIdle = x.kernelIdle;
  if (x.kernelBusy !== undefined) into.kernelBusy = x.kernelBusy;
  if (x.raw !== undefined) into.raw = x.raw;
  if (x.roundTripUs > 0) into.roundTripUs = x.roundTripUs;
}

export interface CalibrateRun {
  /** Only build the cost probe for a board (`board`). */
  buildProbe: boolean;
  board: string;
  /** The new profile's name. */
  name?: string;
  /** The profile that gives the figures nothing measured. */
  base: CostProfile;
  /** An Espruino interpreter to run the cost probe on. */
  espruino?: string;
  /** Runs of the probe on `espruino` (the median is kept). */
  runs: number;
  /** Measurement files. */
  input: string[];
  /** Where to write the profile (default out/profiles/<name>.json). */
  out?: string;
  /** Compare the simulator on the new profile with the measurement. */
  compare: boolean;
}

/** Makes, prints and writes a cost profile from the measurements `o` names. */
export async function calibrateCommand(o: CalibrateRun): Promise<void> {
  if (o.buildProbe) {
    const f = await buildProbe(undefined, o.board);
    console.log("written: " + f + " (upload it to a board, save what it prints, then: baton calibrate --input <that file> --name <board>)");
    return;
  }
  const name = o.name;
  if (name === undefined) throw new UsageError("--name <profile> is required (letters, digits, . _ -)");
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError("--name: bad profile name '" + name + "': use letters, digits, . _ -");
  const base = o.base;
  const input = parseCalibration("");
  const sources: string[] = [];
  const espruino = o.espruino;
  if (espruino === undefined && o.input.length === 0) throw new UsageError("nothing to calibrate from: give --input <file> or --espruino <PATH> (or --build-probe for a board)");
  mkdirSync("out/profiles", { recursive: true });
  if (espruino !== undefined) {
    const runs = o.runs;
    const parsed: CalibrationInput[] = [];
    const texts: string[] = [];
    for (let r = 0; r < runs; r++) {
      process.stderr.write("cost probe on " + espruino + ": run " + (r + 1) + " of " + runs + "\n");
      let text = "";
      try {
        text = await runProbeOnEspruino(espruino, 300000);
      } catch (e) {
        die((e as Error).message);
      }
      texts.push(text);
      parsed.push(parseCalibration(text));
    }
    const probeFile = join("out/profiles", name + "-probe.txt");
    writeFileSync(probeFile, texts.join("\n"));
    merge(input, medianInput(parsed));
    sources.push("the cost probe on " + espruino + (runs > 1 ? " (median of " + runs + " runs)" : "") + ", raw output in " + probeFile);
  }
  if (o.input.length > 0) {
    for (const f of o.input) {
      let text = "";
      try {
        text = readFileSync(f, "utf8");
      } catch (e) {
        die("cannot read " + f + ": " + (e as Error).message);
      }
      merge(input, parseCalibration(text));
      sources.push(f);
    }
  }
  const c = calibrate(base, input, name, sources.join(" and "));
  console.log("profile '" + name + "' (" + c.profile.source + ")");
  for (const n of c.notes) console.log("  " + n);
  const sys: string[] = [];
  for (let i = 1; i < SYS_KEYS.length; i++) sys.push(SYS_KEYS[i] + " " + c.profile.sysUs[i]);
  console.log("  => stepUs " + c.profile.stepUs + ", sliceUs " + c.profile.sliceUs + ", dispatchUs " + c.profile.dispatchUs + "; sysUs: " + sys.join(", "));
  const out = o.out !== undefined ? o.out : join("out/profiles", name + ".json");
  writeFileSync(out, JSON.stringify(profileToJson(c.profile), null, 2) + "\n");
  console.log("written: " + out + "  (use it with --profile file:" + out + ")");
  if (o.compare) compare(c.profile, input);
}

/** Runs apps/latency in the simulator on `profile` and prints its figures beside the measured ones. */
function compare(profile: CostProfile, input: CalibrationInput): void {
  const app = findApp("latency");
  if (app === undefined) {
    console.log("no latency app to compare with");
    return;
  }
  const report = parseCalibration(runApp(app, profile, 600000000).join("\n"));
  const row = (what: string, sim: LatencyFigures | undefined, board: LatencyFigures | undefined): string => {
    const f = (x: LatencyFigures | undefined): string => (x === undefined ? "not measured" : x.min + " / " + x.median + " / " + x.p99 + " / " + x.max);
    return "  " + what.padEnd(22) + f(sim).padStart(28) + f(board).padStart(30);
  };
  console.log("");
  console.log("apps/latency: the simulator on '" + profile.name + "' against the measurement (min / median / p99 / max, us):");
  console.log("  " + "".padEnd(22) + "simulator".padStart(28) + "measured".padStart(30));
  console.log(row("kernel path, idle", report.kernelIdle, input.kernelIdle));
  console.log(row("kernel path, busy", report.kernelBusy, input.kernelBusy));
  console.log(row("raw host callback", report.raw, input.raw));
  console.log("  (the simulator's edges are software edges; its clock starts the handler's step where the board's sample is taken a little later, inside the step)");
}
