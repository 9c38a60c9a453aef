/**
 * A board bundle returns to `dofile` what docs/lua.md says: `booted` and
 * `summary()`, under those names, though the build's minifier renames the
 * program's own table fields. The simulated firmware reads both: it prints
 * the steps of every task only when `summary` is there.
 */
import { describe, eq, it, ok } from "#spec";
import { buildApp, buildRunner } from "../../tools/lua/build";
import { hasLua, runLua } from "./lua-host";

describe("a board bundle's exports keep their names", () => {
  it("the demo's bundle returns booted and a summary that lists every task's steps", async () => {
    if (!hasLua("lua5.1")) return;
    buildRunner();
    await buildApp("demo");
    const r = runLua("lua5.1", "dist/lua/nodemcu-sim.lua", ["dist/lua/demo.lua", "--until", "200ms"]);
    eq(r.status, 0);
    const text = r.stdout + r.stderr;
    ok(text.indexOf("booted") >= 0, "booted");
    for (const task of ["server", "adder", "waiter", "ticker", "button", "led", "timer", "supervisor", "ui"]) {
      ok(text.indexOf("  " + task + ": ") >= 0, task + "'s steps in the summary");
    }
  });
});
