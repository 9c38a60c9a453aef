/**
 * `baton test lua`: the Lua target's tests.
 *
 * 1. Builds the shared specs (tests/<area>/<name>_spec.ts, less those
 *    tests/lua/node-only.json lists, which are named here) to out/lua/tree,
 *    the simulator (dist/lua/sim.lua), the simulated NodeMCU firmware
 *    (dist/lua/nodemcu-sim.lua), the differential test (dist/lua/diff.lua)
 *    and a board bundle of every app (dist/lua/<app>.lua).
 * 2. Runs the specs under busted on Lua 5.1 (`busted --lua=lua5.1`), whose
 *    closing line gives the counts.
 * 3. Runs the differential test against the reference model on lua5.1
 *    (dist/lua/diff.lua: 200 seeded random systems).
 * 4. Runs every app's board bundle with lua5.1 for 2 s of virtual time on
 *    the simulated firmware; the self-test, when there is one, must end
 *    with `N passed, 0 failed`.
 *
 * Exits non-zero when anything fails. `baton test lua` first checks for
 * (or installs) lua5.1, lua-bitop and busted: tools/ensure-deps.mjs --lua.
 */
import { spawnSync } from "node:child_process";
import { appNames } from "../apps/index";
import { ROOT, buildApp, buildDiff, buildRunner, buildSim, buildSpecs } from "./lua/build";

let failures = 0;

function fail(what: string): void {
  console.log("test:lua: FAILED: " + what);
  failures++;
}

/** Builds and runs the Lua target's tests; returns the exit code. */
export async function testLua(): Promise<number> {
  const specs = buildSpecs();
  console.log("test:lua: " + specs.specs.length + " spec files compiled to Lua (" + specs.outDir.replace(ROOT + "/", "") + ")");
  for (const [f, why] of specs.skipped) console.log("test:lua: not run under Lua (Node only): " + f + ": " + why);
  buildSim();
  buildRunner();
  buildDiff();
  const apps = appNames();
  for (const a of apps) await buildApp(a);

  console.log("test:lua: busted --lua=lua5.1");
  const b = spawnSync("busted", ["--lua=lua5.1", "--lpath=" + specs.outDir + "/?.lua", "--output=utfTerminal", specs.outDir + "/tests"], { cwd: specs.outDir, stdio: "inherit" });
  if (b.error !== undefined) fail("busted did not run: " + b.error.message);
  else if (b.status !== 0) fail("busted reported failures or errors (exit " + b.status + ")");

  // The differential test against the reference model, compiled to Lua, on more systems than the spec runs.
  const d = spawnSync("lua5.1", ["dist/lua/diff.lua", "--systems", "200", "--time", "200ms"], { cwd: ROOT, encoding: "utf8" });
  if (d.status !== 0) fail("dist/lua/diff.lua on lua5.1: " + (d.stdout + d.stderr).trim());
  else console.log("test:lua: dist/lua/diff.lua on lua5.1: " + d.stdout.trim());

  for (const a of apps) {
    const r = spawnSync("lua5.1", ["dist/lua/nodemcu-sim.lua", "dist/lua/" + a + ".lua", "--until", "2s"], { cwd: ROOT, encoding: "utf8" });
    const out = r.stdout.trimEnd().split("\n");
    const report = r.stderr.trimEnd().split("\n")[0];
    if (r.status !== 0) {
      fail("dist/lua/" + a + ".lua on lua5.1: exit " + r.status + "\n" + r.stderr);
      continue;
    }
    if (out[0].indexOf("booted") < 0) {
      fail("dist/lua/" + a + ".lua on lua5.1 did not boot: " + out[0]);
      continue;
    }
    const last = out[out.length - 1];
    if (a === "selftest" && !/^\d+ passed, 0 failed$/.test(last)) {
      fail("dist/lua/selftest.lua on lua5.1 ends with: " + last);
      continue;
    }
    console.log("test:lua: dist/lua/" + a + ".lua on lua5.1: " + (a === "selftest" ? last + "; " : "") + report.replace("nodemcu-sim: ", ""));
  }
  if (failures > 0) {
    console.log("test:lua: " + failures + " failed");
    return 1;
  }
  console.log("test:lua: all passed");
  return 0;
}
