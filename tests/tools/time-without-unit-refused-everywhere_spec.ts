/**
 * One rule for times typed as text (sim/time.ts): a number with its unit,
 * and a number without one refused, on the `baton` command line, on the
 * Lua command lines and in the test kit's strings alike. A plain number in
 * the test kit's code is µs, the unit of every time it returns.
 */
import { main } from "../../tools/cli";
import { ROOT } from "../../tools/cli";
import { timeUs } from "../../tools/lua-time.lua";
import { us } from "../../sim/testing";
import { describe, eq, it, ok, throws } from "#spec";

async function baton(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (l) => err.push(l), cwd: ROOT });
  return { code: code, err: err.join("\n") };
}

describe("a time without its unit is refused everywhere", () => {
  it("baton sim --until 2 exits with 2, naming --until and the forms with a unit", async () => {
    const r = await baton(["sim", "--until", "2"]);
    eq(r.code, 2, r.err);
    ok(r.err.indexOf("--until: bad time '2'") >= 0, r.err);
    for (const form of ["2us", "2ms", "2s"]) ok(r.err.indexOf(form) >= 0, form + " in: " + r.err);
  });

  it("every time option of baton refuses a bare number", async () => {
    for (const argv of [["soak", "--time", "5"], ["bench", "latency", "--duration", "5"], ["trace", "--from", "5"]]) {
      const r = await baton(argv);
      eq(r.code, 2, argv.join(" ") + ": " + r.err);
      ok(r.err.indexOf(argv[argv.length - 2] + ": bad time '5'") >= 0, r.err);
    }
  });

  it("the Lua command lines' parser refuses it (-1) and reads the same forms", () => {
    eq(timeUs("2"), -1);
    eq(timeUs("2us"), 2);
    eq(timeUs("2ms"), 2000);
    eq(timeUs("1.5ms"), 1500);
    eq(timeUs("2s"), 2000000);
  });

  it("the test kit refuses the string '2' and reads the number 2 as 2 µs", () => {
    ok(throws(() => us("2")) instanceof Error);
    eq(us(2), 2);
    eq(us("2us"), 2);
    eq(us("2ms"), 2000);
    eq(us("2s"), 2000000);
  });
});
