/**
 * `baton check` (tools/check.ts) refuses an id looked up by a name the app
 * does not have: `indexOf(typo.endpoints, "lgo")` is -1, and the logger
 * that receives on it gets BAD_ID at every step. The problem names the
 * task, the name, the line of the lookup, and a fix naming the endpoint the
 * app has. The same app spelled right passes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli";
import { checkApp } from "../../tools/check";
import { spelled, typo } from "./fixtures/check/apps";
import { describe, eq, it, ok } from "#spec";

const FILE = join(ROOT, "tests/tools/fixtures/check/apps.ts");

/** The 1-based line of the first line of the fixture holding `text`. */
function lineOf(text: string): number {
  return readFileSync(FILE, "utf8").split("\n").findIndex((l) => l.indexOf(text) >= 0) + 1;
}

describe("baton check refuses an unknown endpoint name", () => {
  it("indexOf(typo.endpoints, \"lgo\"): UNKNOWN_NAME in task logger, at the lookup's line, the fix naming 'log'", () => {
    const problems = checkApp(ROOT, typo, FILE).filter((p) => p.code === "UNKNOWN_NAME");
    eq(problems.length, 1, JSON.stringify(problems));
    const p = problems[0];
    eq(p.task, "logger");
    eq(p.name, "lgo");
    eq(p.syscall, "recv");
    eq(p.file, "tests/tools/fixtures/check/apps.ts");
    eq(p.line, lineOf('indexOf(typo.endpoints, "lgo")'));
    ok(p.fix.indexOf("'log'") >= 0, p.fix);
  });

  it("the same app with the name spelled right has no problem", () => {
    eq(checkApp(ROOT, spelled, FILE).length, 0);
  });
});
