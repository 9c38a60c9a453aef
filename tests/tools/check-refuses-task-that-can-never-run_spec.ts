/**
 * `baton check` (tools/check.ts) refuses a task that can never run: a more
 * important task never blocks (it only yields; or it receives on an id
 * that is -1, BAD_ID at once), and nothing lifts the starved task to its
 * priority. A task at the same priority takes turns and is not starved; a
 * server a more important task calls is lifted by donation and is not
 * either.
 */
import { join } from "node:path";
import { ROOT } from "../../tools/cli";
import { checkApp } from "../../tools/check";
import { lifted, starving, typo } from "./fixtures/check/apps";
import { describe, eq, it, ok } from "#spec";

const FILE = join(ROOT, "tests/tools/fixtures/check/apps.ts");

describe("baton check refuses a task that can never run", () => {
  it("a spinner at priority 1 that only yields: blinker (priority 3) is STARVED, peer (priority 1) is not", () => {
    const problems = checkApp(ROOT, starving, FILE);
    eq(problems.length, 1, JSON.stringify(problems));
    eq(problems[0].code, "STARVED");
    eq(problems[0].task, "blinker");
    eq(problems[0].name, "blinker");
    ok(problems[0].message.indexOf("'spinner'") >= 0, problems[0].message);
    ok(problems[0].line > 0, "a line");
  });

  it("the typo'd logger, whose recv gets BAD_ID at once, starves the worker", () => {
    const starved = checkApp(ROOT, typo, FILE).filter((p) => p.code === "STARVED");
    eq(starved.length, 1, JSON.stringify(starved));
    eq(starved[0].task, "worker");
    ok(starved[0].message.indexOf("'logger'") >= 0, starved[0].message);
  });

  it("a server below the spinner that a more important task calls is lifted by donation: no problem", () => {
    eq(checkApp(ROOT, lifted, FILE).length, 0);
  });
});
