/**
 * `baton check` (tools/check.ts) refuses a syscall on a constant id the
 * task has no right to: the client calls the server's endpoint without
 * `rights: { call: ["server"] }` and would get NO_RIGHTS at every step.
 * The problem names the task, the endpoint, the syscall and the line of
 * the call, and the fix names the right to add. With the right, no problem.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli";
import { checkApp } from "../../tools/check";
import { noRight, withRight } from "./fixtures/check/apps";
import { describe, eq, it, ok } from "#spec";

const FILE = join(ROOT, "tests/tools/fixtures/check/apps.ts");

function lineOf(text: string): number {
  return readFileSync(FILE, "utf8").split("\n").findIndex((l) => l.indexOf(text) >= 0) + 1;
}

describe("baton check refuses a syscall without the right", () => {
  it("client calls endpoint server without the call right: NO_RIGHT, at the call's line, the fix adding call: [\"server\"]", () => {
    const problems = checkApp(ROOT, noRight, FILE);
    eq(problems.length, 1, JSON.stringify(problems));
    const p = problems[0];
    eq(p.code, "NO_RIGHT");
    eq(p.task, "client");
    eq(p.name, "server");
    eq(p.syscall, "call");
    eq(p.line, lineOf("return sys.call(EP_SERVER, 1, 2, 0, 0);"));
    ok(p.fix.indexOf('call: ["server"]') >= 0, p.fix);
  });

  it("with rights: { call: [\"server\"] } there is no problem", () => {
    eq(checkApp(ROOT, withRight, FILE).length, 0);
  });
});
