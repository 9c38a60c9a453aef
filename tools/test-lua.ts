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
 *
 * `baton test lua FILE...`: only those specs under busted (step 2), from the
 * same compiled tree. `baton test --app NAME`: only that app's specs under
 * busted, and its bundle for every NodeMCU board on lua5.1 (step 4).
 * Every build comes through the build cache (tools/build-cache.ts).
 */
import { spawnSync } from "node:child_process";
import { appNames } from "../apps/index";
import { BOARD_MODULES } from "../boards/nodemcu/index";
import { ROOT, buildApp, buildDiff, buildRunner, buildSim, buildSpecs, nodeOnlySpecs } from "./lua/build";
import { DEFAULT_LUA_BOARD, luaBundleFile } from "./build-lua";

let failures = 0;

function fail(what: string): void {
  console.log("test:lua: FAILED: " + what);
  failures++;
}

export interface LuaTests {
  /** Only these specs (relative to the root) under busted, and nothing else. */
  files?: string[];
  /** Only these apps: their specs (`files`) under busted and their bundles for every NodeMCU board. */
  apps?: string[];
}

/** Runs the spec files `lua` (relative to the root) under busted from the compiled tree `outDir`. */
function busted(outDir: string, lua: string[] | undefined): void {
  const targets = lua === undefined ? [outDir + "/tests"] : lua.map((f) => outDir + "/" + f.replace(/\.ts$/, ".lua"));
  console.log("test:lua: busted --lua=lua5.1" + (lua === undefined ? "" : " " + lua.join(" ")));
  const b = spawnSync("busted", ["--lua=lua5.1", "--lpath=" + outDir + "/?.lua", "--output=utfTerminal", ...targets], { cwd: outDir, stdio: "inherit" });
  if (b.error !== undefined) fail("busted did not run: " + b.error.message);
  else if (b.status !== 0) fail("busted reported failures or errors (exit " + b.status + ")");
}

/** Builds and runs the Lua target's tests (or those `o` names); returns the exit code. */
export async function testLua(o: LuaTests = {}): Promise<number> {
  failures = 0;
  const nodeOnly = nodeOnlySpecs();
  const named = o.files !== undefined && o.files.length > 0 ? o.files : undefined;
  if (named !== undefined && o.apps === undefined) {
    for (const f of named) {
      if (!/^tests\/[^/]+\/[^/]+_spec\.ts$/.test(f)) throw new Error(f + " is not a spec file (tests/<area>/<name>_spec.ts)");
      if (nodeOnly[f] !== undefined) throw new Error(f + " runs under Node only (tests/lua/node-only.json: " + nodeOnly[f] + ")");
    }
  }
  const specs = buildSpecs();
  console.log("test:lua: " + specs.specs.length + " spec files compiled to Lua (" + specs.outDir.replace(ROOT + "/", "") + ")");
  if (named !== undefined || o.apps !== undefined) {
    const lua = (named || []).filter((f) => nodeOnly[f] === undefined);
    for (const f of named || []) if (nodeOnly[f] !== undefined) console.log("test:lua: not run under Lua (Node only): " + f + ": " + nodeOnly[f]);
    if (lua.length > 0) busted(specs.outDir, lua);
    if (o.apps !== undefined) {
      buildRunner();
      for (const a of o.apps) for (const board of Object.keys(BOARD_MODULES)) await runBundle(a, board, luaBundleFile(a, board));
    }
    return finish();
  }
  for (const [f, why] of specs.skipped) console.log("test:lua: not run under Lua (Node only): " + f + ": " + why);
  buildSim();
  buildRunner();
  buildDiff();
  const apps = appNames();
  for (const a of apps) await buildApp(a);

  busted(specs.outDir, undefined);

  // The differential test against the reference model, compiled to Lua, on more systems than the spec runs.
  const d = spawnSync("lua5.1", ["dist/lua/diff.lua", "--systems", "200", "--time", "200ms"], { cwd: ROOT, encoding: "utf8" });
  if (d.status !== 0) fail("dist/lua/diff.lua on lua5.1: " + (d.stdout + d.stderr).trim());
  else console.log("test:lua: dist/lua/diff.lua on lua5.1: " + d.stdout.trim());

  for (const a of apps) await runBundle(a, DEFAULT_LUA_BOARD, "dist/lua/" + a + ".lua", false);
  return finish();
}

/**
 * Runs app `a`'s bundle `file` for `board` with lua5.1 for 2 s of virtual
 * time on the simulated firmware (built first unless `build` is false):
 * it must boot, and the self-test must end with `N passed, 0 failed`.
 */
async function runBundle(a: string, board: string, file: string, build = true): Promise<void> {
  if (build) await buildApp(a, board, file);
  const args = ["dist/lua/nodemcu-sim.lua", file, "--until", "2s"];
  if (board !== DEFAULT_LUA_BOARD) args.push("--board", board);
  const r = spawnSync("lua5.1", args, { cwd: ROOT, encoding: "utf8" });
  const out = r.stdout.trimEnd().split("\n");
  const report = r.stderr.trimEnd().split("\n")[0];
  if (r.status !== 0) {
    fail(file + " on lua5.1: exit " + r.status + "\n" + r.stderr);
    return;
  }
  if (out[0].indexOf("booted") < 0) {
    fail(file + " on lua5.1 did not boot: " + out[0]);
    return;
  }
  const last = out[out.length - 1];
  if (a === "selftest" && !/^\d+ passed, 0 failed$/.test(last)) {
    fail(file + " on lua5.1 ends with: " + last);
    return;
  }
  console.log("test:lua: " + file + " on lua5.1: " + (a === "selftest" ? last + "; " : "") + report.replace("nodemcu-sim: ", ""));
}

function finish(): number {
  if (failures > 0) {
    console.log("test:lua: " + failures + " failed");
    return 1;
  }
  console.log("test:lua: all passed");
  return 0;
}
