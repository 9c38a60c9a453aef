/**
 * `baton check` (tools/check.ts) refuses a pin name no board knows (on a
 * board it would read 0 and ignore writes): the problem names the pin and
 * its line in the description, and the fix names the pin it resembles.
 */
import { join } from "node:path";
import { ROOT } from "../../tools/cli";
import { checkApp } from "../../tools/check";
import { badPin } from "./fixtures/check/apps";
import { describe, eq, it, ok } from "#spec";

const FILE = join(ROOT, "tests/tools/fixtures/check/apps.ts");

describe("baton check refuses an unknown pin name", () => {
  it("pins: [\"LED1\", \"BTN_1\"]: UNKNOWN_PIN for BTN_1 only, the fix naming BTN1", () => {
    const problems = checkApp(ROOT, badPin, FILE);
    eq(problems.length, 1, JSON.stringify(problems));
    eq(problems[0].code, "UNKNOWN_PIN");
    eq(problems[0].name, "BTN_1");
    ok(problems[0].line > 0, "a line");
    ok(problems[0].fix.indexOf("'BTN1'") >= 0, problems[0].fix);
  });
});
