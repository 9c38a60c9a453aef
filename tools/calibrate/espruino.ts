/**
 * Runs the cost probe (apps/costs/probe.ts) on an Espruino interpreter: the
 * probe and the kernel are bundled exactly as a board build is (rollup,
 * TypeScript, terser: tools/espruino/build.ts), written to
 * out/profiles/costs-probe.js and run with the interpreter given, whose
 * standard output is returned. For the Linux build of Espruino; on a board,
 * upload the same file and paste what it prints into a file for
 * `npm run calibrate -- --input`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildCustom } from "../espruino/build";

export const PROBE_FILE = "out/profiles/costs-probe.js";

/** Steps timed per probe system on the interpreter. */
const STEPS = 2000;

/** The probe's entry: Espruino's clock in µs, console output, `quit()` at the end where there is one. */
function probeEntry(steps: number): string {
  return [
    "import { probeCosts } from " + JSON.stringify(join(ROOT, "apps/costs/probe.ts")) + ";",
    "function clock() { return getTime() * 1000000; }",
    'function print(line) { console.log(line); if (line === "baton-costs done" && typeof quit === "function") quit(); }',
    "function defer(fn) { setTimeout(fn, 0); }",
    'probeCosts(clock, print, ' + steps + ', "espruino " + process.version + " (" + board.name + ")", defer, 500);',
    "",
  ].join("\n");
}

/** Builds the probe bundle for `board` (default LINUX; the probe needs nothing of a board but its name); returns its path (relative to the root). */
export async function buildProbe(steps?: number, board?: string): Promise<string> {
  mkdirSync(join(ROOT, "out/profiles"), { recursive: true });
  await buildCustom(probeEntry(steps !== undefined ? steps : STEPS), board !== undefined ? board : "LINUX", join(ROOT, PROBE_FILE));
  return PROBE_FILE;
}

/** Runs the probe on the interpreter at `path` (at most `timeoutMs`); returns its output, or throws saying why not. */
export async function runProbeOnEspruino(path: string, timeoutMs: number): Promise<string> {
  const file = await buildProbe();
  const r = spawnSync(path, [join(ROOT, file)], { encoding: "utf8", timeout: timeoutMs });
  if (r.error !== undefined) throw new Error("could not run " + path + ": " + r.error.message);
  const out = r.stdout !== null ? r.stdout : "";
  if (out.indexOf("baton-costs done") < 0) throw new Error(path + " did not finish the probe (exit " + r.status + "):\n" + out.slice(-800) + (r.stderr !== null ? r.stderr.slice(-400) : ""));
  return out;
}
