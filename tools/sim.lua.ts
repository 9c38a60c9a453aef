/**
 * Lua twin of tools/sim.ts, built to `dist/lua/sim.lua`:
 * `lua5.1 dist/lua/sim.lua --app <APP> [--until <time>] [--profile <P>] [--quiet] [--figures] [--allow-faults]`
 * runs an app in the simulator (compiled to Lua) for a fixed virtual time
 * and prints the trace and a summary, and with `--figures` every figure the
 * kernel keeps (tools/sim-figures.ts): the same bytes as `npm run sim` with
 * the same arguments, and the same exit code (a fault or a deadlock: 1,
 * unless `--allow-faults`; tools/sim-verdict.ts). Times take their unit: 200ms, 1s, 500us (a bare number is refused).
 */
import { findApp, appNames } from "../apps/index";
import { Sim } from "../sim/sim";
import { findProfile, PROFILES } from "../sim/profiles";
import { timeForms, timeUs } from "./lua-time.lua";
import { kernelFigures } from "./sim-figures";
import { verdict } from "./sim-verdict";

/**
 * Lua's command-line arguments (arg[1] is the first), read from the global
 * table: inside a bundle's module function, Lua 5.1 would give `arg` the
 * function's own varargs instead.
 */
const arg = (globalThis as unknown as { arg: string[] }).arg;

function die(message: string): never {
  io.stderr.write("error: " + message + "\n");
  return os.exit(2) as never;
}

function argValue(name: string, fallback: string): string {
  for (let i = 0; i < arg.length; i++) {
    const a = arg[i];
    if (a === name && i + 1 < arg.length) return arg[i + 1];
    if (a.startsWith(name + "=")) return a.slice(name.length + 1);
  }
  return fallback;
}

function hasFlag(name: string): boolean {
  for (let i = 0; i < arg.length; i++) if (arg[i] === name) return true;
  return false;
}

/** A time argument in µs (see tools/lua-time.lua.ts); a bad one ends the program. */
function parseTime(s: string): number {
  const us = timeUs(s);
  if (us < 0) return die(timeForms(s));
  return us;
}

const appName = argValue("--app", "demo");
const app = findApp(appName);
if (app === undefined) die("unknown app '" + appName + "'; apps: " + appNames().join(", "));
const profileName = argValue("--profile", "espruino-linux");
const profile = findProfile(profileName);
if (profile === undefined) die("unknown profile '" + profileName + "'; profiles: " + PROFILES.map((p) => p.name).join(", "));
const until = parseTime(argValue("--until", "100ms"));
const quiet = hasFlag("--quiet");

const sim = new Sim(app!, { profile: profile, trace: true, onLine: quiet ? undefined : (l: string) => print(l) });
sim.runUntil(until);
print("");
print("summary of '" + app!.name + "' on " + profile!.name + ":");
const summary = sim.summary();
for (let i = 0; i < summary.length; i++) print(summary[i]);
if (hasFlag("--figures")) {
  const figures = kernelFigures(app!);
  for (let i = 0; i < figures.length; i++) print(figures[i]);
}
const code = verdict("sim.lua", sim.faultedTasks(), sim.deadlock, hasFlag("--allow-faults"), (l: string) => io.stderr.write(l + "\n"));
if (code !== 0) os.exit(code);
