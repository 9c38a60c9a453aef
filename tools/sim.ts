/**
 * `npm run sim -- --app <APP> [--until <time>] [--profile <P>] [--quiet]`
 * (`npm start` runs the demo): runs an app in the simulator for a fixed
 * virtual time and prints the trace and a summary.
 * Times take a unit: 200ms, 1s, 500us (default ms).
 */
import { findApp, appNames } from "../apps/index";
import { Sim } from "../sim/sim";
import { findProfile, PROFILES } from "../sim/profiles";
import { argValue, hasFlag, parseTime, die } from "./args";

const appName = argValue("--app", "demo");
const app = findApp(appName);
if (app === undefined) die("unknown app '" + appName + "'; apps: " + appNames().join(", "));
const profileName = argValue("--profile", "espruino-linux");
const profile = findProfile(profileName);
if (profile === undefined) die("unknown profile '" + profileName + "'; profiles: " + PROFILES.map((p) => p.name).join(", "));
const until = parseTime(argValue("--until", "100ms"));
const quiet = hasFlag("--quiet");

const sim = new Sim(app!, { profile: profile, trace: true, onLine: quiet ? undefined : (l) => console.log(l) });
sim.runUntil(until);
console.log("");
console.log("summary of '" + app!.name + "' on " + profile!.name + ":");
for (const l of sim.summary()) console.log(l);
