/**
 * `baton test lint` (second half, after ESLint): checks the syntax of every
 * built Espruino bundle (dist/espruino/*.js, or the files named) against
 * what Espruino 2v29 accepts (tools/espruino/check.ts). Exit code 1 on any
 * problem. With no bundle built yet it says so and passes:
 * `baton test espruino` builds them all and runs this check.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { checkBundle, formatProblems } from "./espruino/check";
import { DIST, ROOT } from "./espruino/build";

/** Checks the bundles `named` (default: every one built); returns the exit code. */
export function checkBundles(named: string[]): number {
  const files = named.length > 0 ? named : existsSync(DIST) ? readdirSync(DIST).filter((f) => f.endsWith(".js")).sort().map((f) => join(DIST, f)) : [];
  if (files.length === 0) {
    console.log("espruino bundles: none built yet (baton test espruino builds and checks them)");
    return 0;
  }
  let bad = 0;
  for (const f of files) {
    const problems = checkBundle(readFileSync(f, "utf8"));
    if (problems.length > 0) {
      bad++;
      for (const line of formatProblems(relative(ROOT, f), problems)) console.error(line);
    }
  }
  console.log("espruino bundles: " + files.length + " checked, " + (files.length - bad) + " in the subset" + (bad > 0 ? ", " + bad + " NOT" : ""));
  return bad > 0 ? 1 : 0;
}
