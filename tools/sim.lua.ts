/**
 * Lua twin of tools/sim.ts, built to `dist/lua/sim.lua`:
 * `lua5.1 dist/lua/sim.lua --app <APP> [--until <time>] [--profile <P>] [--quiet]`
 * runs an app in the simulator (compiled to Lua) for a fixed virtual time
 * and prints the trace and a summary: the same bytes as `npm run sim` with
 * the same arguments. Times take a unit: 200ms, 1s, 500us (default ms).
 */
import { findApp, appNames } from "../apps/index";
import { Sim } from "../sim/sim";
import { findProfile, PROFILES } from "../sim/profiles";

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

/** "200ms", "1s", "500us", "250" (ms) → µs, as tools/args.ts's parseTime. */
function parseTime(s: string): number {
  let num = s;
  let scale = 1000;
  if (s.endsWith("us")) {
    num = s.slice(0, s.length - 2);
    scale = 1;
  } else if (s.endsWith("ms")) {
    num = s.slice(0, s.length - 2);
  } else if (s.endsWith("s")) {
    num = s.slice(0, s.length - 1);
    scale = 1000000;
  }
  const v = tonumber(num);
  if (v === undefined || v < 0) return die("bad time '" + s + "': use a number with us, ms or s");
  return Math.floor(v * scale + 0.5);
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
