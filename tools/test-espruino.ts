/**
 * `baton test espruino`: the Espruino stage of `npm test`. No board and no
 * interpreter needed.
 *
 * 1. typechecks the device code with the Espruino globals
 *    (boards/espruino/tsconfig.json);
 * 2. builds every app of apps/index.ts for every board;
 * 3. checks every bundle's syntax against what Espruino 2v29 accepts
 *    (tools/espruino/check.ts);
 * 4. runs each app's LINUX bundle under Node with stand-in Espruino globals
 *    (tools/espruino/fake.ts): the self-test must end with
 *    `N passed, 0 failed`, the latency app must report, the demo must run;
 * 5. prints a table of bundle sizes and fits.
 * Exit code 1 on any failure.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { appNames } from "../apps/index";
import { boardNames } from "../boards/espruino/index";
import { BuildResult, ROOT, buildEspruino } from "./espruino/build";
import { checkBundle, formatProblems } from "./espruino/check";
import { runFake } from "./espruino/fake";
import { cachedSync, hashOf, sourcesHash } from "./build-cache";

const failures: string[] = [];

function fail(what: string): void {
  failures.push(what);
  console.error("FAIL " + what);
}

/** What each app's LINUX bundle must print in the stand-in run. */
function judgeRun(app: string, lines: string[], quitted: boolean): string | undefined {
  const text = lines.join("\n");
  if (app === "selftest") {
    const last = lines[lines.length - 1];
    const m = last !== undefined ? /^(\d+) passed, (\d+) failed$/.exec(last) : null;
    if (m === null || !quitted) return "no summary line (last: " + last + ")";
    if (m[2] !== "0" || Number(m[1]) < 25) return last + "\n" + lines.filter((l) => l.startsWith("FAIL")).join("\n");
    return undefined;
  }
  if (app === "latency") {
    if (!quitted || text.indexOf("kernel, idle") < 0 || text.indexOf("raw host callback") < 0) return "no latency report:\n" + text;
    return undefined;
  }
  if (text.indexOf("booted") < 0) return "did not boot:\n" + text;
  return undefined;
}

/** Runs the Espruino stage; returns the exit code. */
export async function testEspruino(only?: string[]): Promise<number> {
  const apps = only !== undefined ? only : appNames();
  // A pass is kept in the build cache (tools/build-cache.ts) with the sources it was for; a failure never is.
  let typeErrors = "";
  try {
    cachedSync("typecheck", hashOf("typecheck", sourcesHash(), "boards/espruino/tsconfig.json"), () => {
      const tsc = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "boards/espruino/tsconfig.json")], { encoding: "utf8" });
      if (tsc.status !== 0) throw new Error(tsc.stdout + tsc.stderr);
      return true;
    });
  } catch (e) {
    typeErrors = (e as Error).message;
  }
  if (typeErrors !== "") fail("typecheck of the Espruino device code:\n" + typeErrors);
  else console.log("ok   typecheck of the Espruino device code (boards/espruino/tsconfig.json)");

  const results: BuildResult[] = [];
  for (const app of apps) {
    for (const board of boardNames()) {
      try {
        const r = await buildEspruino(board, app);
        results.push(r);
        const problems = checkBundle(r.code);
        if (problems.length > 0) fail(app + "-" + board + ": not in the Espruino subset:\n  " + formatProblems(r.file, problems).join("\n  "));
      } catch (e) {
        fail(app + "-" + board + ": build failed: " + (e instanceof Error ? e.message : String(e)));
      }
    }
  }
  console.log("ok   built and checked " + results.length + " bundles (" + apps.length + " apps x " + boardNames().length + " boards)");

  for (const r of results) {
    if (r.board.name !== "LINUX") continue;
    const run = runFake(r.code, 120);
    const bad = run.error !== undefined ? "threw: " + run.error : judgeRun(r.app, run.lines, run.quitted);
    if (bad !== undefined) fail(r.app + "-LINUX under the stand-in Espruino globals: " + bad);
    else console.log("ok   " + r.app + "-LINUX runs under stand-in Espruino globals" + (r.app === "selftest" ? ": " + run.lines[run.lines.length - 1] : ""));
  }

  console.log("");
  console.log("bundle sizes (bytes) and fit: RAM upload / --save upload");
  console.log("  " + "board".padEnd(14) + apps.map((a) => a.padStart(22)).join(""));
  for (const b of boardNames()) {
    let line = "  " + b.padEnd(14);
    for (const a of apps) {
      const r = results.find((x) => x.app === a && x.board.name === b);
      line += (r === undefined ? "-" : r.bytes + " " + (r.fit.ram ? "yes" : "no") + "/" + (r.fit.save ? "yes" : "no")).padStart(22);
    }
    console.log(line);
  }
  if (failures.length > 0) {
    console.error("\n" + failures.length + " Espruino check(s) failed");
    return 1;
  }
  return 0;
}
