/**
 * `npm run build:lua -- --app <APP> [--board nodemcu-devkit|esp32-devkit]`
 * writes `dist/lua/<APP>.lua`: one Lua 5.1 file with the kernel, the app and
 * the NodeMCU host layer, which starts the app when loaded.
 *
 * Other targets: `--sim` (dist/lua/sim.lua, the simulator's command line in
 * Lua), `--runner` (dist/lua/nodemcu-sim.lua, a simulated NodeMCU that runs a
 * board bundle on a host), `--specs` (out/lua/tree, the specs for busted),
 * `--all` (all of these, and a bundle of every app).
 */
import { appNames } from "../apps/index";
import { argOptional, argValue, die, hasFlag } from "./args";
import { buildApp, buildRunner, buildSim, buildSpecs } from "./lua/build";

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1) + " KB";
}

async function main(): Promise<void> {
  const all = hasFlag("--all");
  const app = argOptional("--app");
  const board = argValue("--board", "nodemcu-devkit");
  if (!all && app === undefined && !hasFlag("--sim") && !hasFlag("--runner") && !hasFlag("--specs")) {
    die("say what to build: --app <APP> [--board B], --sim, --runner, --specs or --all; apps: " + appNames().join(", "));
  }
  const apps = all ? appNames() : app !== undefined ? [app] : [];
  for (const name of apps) {
    const r = await buildApp(name, board);
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + r.bytes + " bytes, " + kb(r.bytes) + ", board " + board + ")");
  }
  if (all || hasFlag("--sim")) {
    const r = buildSim();
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + kb(r.bytes) + ")");
  }
  if (all || hasFlag("--runner")) {
    const r = buildRunner();
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + kb(r.bytes) + ")");
  }
  if (all || hasFlag("--specs")) {
    const r = buildSpecs();
    console.log("lua: " + r.specs.length + " specs in " + r.outDir.replace(process.cwd() + "/", ""));
    for (const [f, why] of r.skipped) console.log("lua: not run under Lua (Node only): " + f + " — " + why);
  }
}

main().catch((e: unknown) => die(e instanceof Error ? e.message : String(e)));
