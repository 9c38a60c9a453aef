/**
 * `npm run trace:shot [-- --app demo --profile espruino-linux --from 249.8ms --to 256.5ms --chromium PATH]`
 *
 * The documentation's trace picture: runs the app in the simulator with the
 * Perfetto exporter (as `npm run sim -- --trace` does), writes the trace to
 * out/trace/<app>.json, reads that file back and draws one window of it
 * with sim/export/timeline.ts (the tracks, slices, instants, flows and
 * counters a trace viewer would show) to docs/trace.svg, then has headless
 * Chromium render the SVG to docs/trace.png. Without Chromium (or with
 * `--svg-only`) only the SVG is written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { appNames, findApp } from "../apps/index";
import { Sim } from "../sim/sim";
import { PerfettoExporter, TraceJson } from "../sim/export/perfetto";
import { timelineSvg } from "../sim/export/timeline";
import { argOptional, argValue, die, hasFlag, parseTime } from "./args";
import { resolveProfile } from "./profile-arg";

const appName = argValue("--app", "demo");
const app = findApp(appName);
if (app === undefined) die("unknown app '" + appName + "'; apps: " + appNames().join(", "));
const profile = resolveProfile(argValue("--profile", "espruino-linux"));
const from = parseTime(argValue("--from", "249.8ms"));
const to = parseTime(argValue("--to", "256.5ms"));
const width = Number(argValue("--width", "1400"));

const ex = new PerfettoExporter(app!, "baton: " + app!.name + " on " + profile.name);
const sim = new Sim(app!, { profile: profile, onEvent: (now, ev, a, b, c, d) => ex.event(now, ev, a, b, c, d) });
sim.runUntil(to + 1000);
mkdirSync("out/trace", { recursive: true });
const jsonPath = "out/trace/" + app!.name + ".json";
writeFileSync(jsonPath, JSON.stringify(ex.finish(sim.now)) + "\n");
const trace = JSON.parse(readFileSync(jsonPath, "utf8")) as TraceJson;
const title = "baton " + app!.name + " on " + profile.name + ": " + (from / 1000) + " to " + (to / 1000) + " ms of virtual time (" + jsonPath + ", drawn by sim/export/timeline.ts)";
const svg = timelineSvg(trace, { fromUs: from, toUs: to, width: width, title: title });
mkdirSync("docs", { recursive: true });
writeFileSync("docs/trace.svg", svg);
console.log("written: " + jsonPath + ", docs/trace.svg");

function findChromium(): string | undefined {
  const given = argOptional("--chromium");
  if (given !== undefined) return given;
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) if (existsSync(p)) return p;
  return undefined;
}

const chromium = hasFlag("--svg-only") ? undefined : findChromium();
if (chromium === undefined) {
  console.log("no Chromium: docs/trace.png not rendered (apt-get install -y chromium, or --chromium PATH)");
} else {
  const m = /height="(\d+)"/.exec(svg);
  const height = m !== null ? Number(m[1]) : 600;
  const html = "out/trace/shot.html";
  writeFileSync(html, '<!doctype html><html><body style="margin:0;background:#fff">' + svg + "</body></html>\n");
  const r = spawnSync(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height, "--screenshot=" + resolve("docs/trace.png"), "file://" + resolve(html),
  ], { encoding: "utf8", timeout: 120000 });
  if (r.status !== 0 || !existsSync("docs/trace.png")) die("Chromium failed (" + r.status + "): " + (r.stderr || "").slice(-600));
  const kb = Math.round(statSync("docs/trace.png").size / 1024);
  console.log("written: docs/trace.png (" + kb + " KB)");
  if (kb >= 200) console.log("warning: docs/trace.png is " + kb + " KB; narrow the window (--from/--to) or --width");
}
