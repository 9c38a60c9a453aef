/**
 * `baton trace [--app demo --profile espruino-linux --from 249.8ms --to 256.5ms --chromium PATH]`
 *
 * The documentation's trace picture: runs the app in the simulator with the
 * Perfetto exporter (as `baton sim --trace` does), writes the trace to
 * out/trace/<app>.json, reads that file back and draws one window of it
 * with sim/export/timeline.ts (the tracks, slices, instants, flows and
 * counters a trace viewer would show) to an SVG file (`--out`, default
 * out/trace/<app>.svg; the README's picture is `--out docs/trace.svg`, what
 * `npm run trace:shot` writes), then has headless Chromium render it to a
 * PNG of the same name beside it. Without Chromium (or with `--svg-only`)
 * only the SVG is written. The options are parsed and checked by
 * tools/cli.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { AppDesc } from "../kernel/index";
import { Sim } from "../sim/sim";
import { CostProfile } from "../sim/profiles";
import { PerfettoExporter, TraceJson } from "../sim/export/perfetto";
import { timelineSvg } from "../sim/export/timeline";
import { die } from "./args";

export interface TraceShot {
  app: AppDesc;
  profile: CostProfile;
  /** The window drawn, µs of virtual time. */
  fromUs: number;
  toUs: number;
  /** The picture's width in pixels. */
  width: number;
  /** Chromium to render the PNG with (else the usual places are tried). */
  chromium?: string;
  /** Write the SVG only. */
  svgOnly: boolean;
  /** The SVG's path (the PNG goes beside it, named alike); default out/trace/<app>.svg. */
  out?: string;
}

function findChromium(given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) if (existsSync(p)) return p;
  return undefined;
}

/** Draws the trace picture: out/trace/<app>.json, the SVG (`o.out`) and, with Chromium, the PNG beside it. */
export function traceShot(o: TraceShot): void {
  const app = o.app;
  const profile = o.profile;
  const from = o.fromUs;
  const to = o.toUs;
  const width = o.width;
  const ex = new PerfettoExporter(app, "baton: " + app.name + " on " + profile.name);
  const sim = new Sim(app, { profile: profile, onEvent: (now, ev, a, b, c, d) => ex.event(now, ev, a, b, c, d) });
  sim.runUntil(to + 1000);
  mkdirSync("out/trace", { recursive: true });
  const jsonPath = "out/trace/" + app.name + ".json";
  writeFileSync(jsonPath, JSON.stringify(ex.finish(sim.now)) + "\n");
  const trace = JSON.parse(readFileSync(jsonPath, "utf8")) as TraceJson;
  const title = "baton " + app.name + " on " + profile.name + ": " + (from / 1000) + " to " + (to / 1000) + " ms of virtual time (" + jsonPath + ", drawn by sim/export/timeline.ts)";
  const svg = timelineSvg(trace, { fromUs: from, toUs: to, width: width, title: title });
  const svgPath = resolve(o.out !== undefined ? o.out : "out/trace/" + app.name + ".svg");
  const pngPath = svgPath.endsWith(".svg") ? svgPath.slice(0, svgPath.length - 4) + ".png" : svgPath + ".png";
  const shown = (p: string): string => (relative(process.cwd(), p).startsWith("..") ? p : relative(process.cwd(), p));
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, svg);
  console.log("written: " + jsonPath + ", " + shown(svgPath));

  if (o.svgOnly) return;
  const chromium = findChromium(o.chromium);
  if (chromium === undefined) {
    console.log("no Chromium: " + shown(pngPath) + " not rendered (apt-get install -y chromium, or --chromium PATH)");
  } else {
    const m = /height="(\d+)"/.exec(svg);
    const height = m !== null ? Number(m[1]) : 600;
    const html = "out/trace/shot.html";
    writeFileSync(html, '<!doctype html><html><body style="margin:0;background:#fff">' + svg + "</body></html>\n");
    const r = spawnSync(chromium, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
      "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height, "--screenshot=" + pngPath, "file://" + resolve(html),
    ], { encoding: "utf8", timeout: 120000 });
    if (r.status !== 0 || !existsSync(pngPath)) die("Chromium failed (" + r.status + "): " + (r.stderr || "").slice(-600));
    const kb = Math.round(statSync(pngPath).size / 1024);
    console.log("written: " + shown(pngPath) + " (" + kb + " KB)");
    if (kb >= 200) console.log("warning: " + shown(pngPath) + " is " + kb + " KB; narrow the window (--from/--to) or --width");
  }
}
