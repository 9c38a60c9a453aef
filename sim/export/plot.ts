/**
 * SVG plots of latency runs, written as text (no plotting library):
 *
 * - `distributionSvg`: per IRQ, one row per load: the kernel's latency
 *   histogram (power-of-two buckets on a log scale of µs) as bars, with the
 *   median, p99 and max marked, and the bound as a red line;
 * - `sweepSvg`: latency against slice size (p99 solid, max dotted, bound
 *   dashed, one colour per load), and the share of time spent in steps
 *   against slice size.
 */
import { LatencyRun, bucketTop } from "../latency";

const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];

function esc(s: string): string {
  return s.split("&").join("&amp;").split("<").join("&lt;").split(">").join("&gt;");
}

function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function text(x: number, y: number, s: string, size: number, anchor: string, fill?: string): string {
  return '<text x="' + num(x) + '" y="' + num(y) + '" font-size="' + size + '" text-anchor="' + anchor + '" fill="' + (fill !== undefined ? fill : "#222") + '">' + esc(s) + "</text>";
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: string): string {
  return '<line x1="' + num(x1) + '" y1="' + num(y1) + '" x2="' + num(x2) + '" y2="' + num(y2) + '" stroke="' + stroke + '" stroke-width="' + width + '"' + (dash !== undefined ? ' stroke-dasharray="' + dash + '"' : "") + "/>";
}

function rect(x: number, y: number, w: number, h: number, fill: string, opacity?: number): string {
  return '<rect x="' + num(x) + '" y="' + num(y) + '" width="' + num(Math.max(0, w)) + '" height="' + num(Math.max(0, h)) + '" fill="' + fill + '"' + (opacity !== undefined ? ' fill-opacity="' + opacity + '"' : "") + "/>";
}

function log10(x: number): number {
  return Math.log(x) / Math.LN10;
}

/** "1.2 ms", "350 us", "3.4 s". */
export function usLabel(us: number): string {
  if (us >= 1000000) return num(us / 1000000) + " s";
  if (us >= 1000) return num(us / 1000) + " ms";
  return Math.round(us) + " us";
}

/** Log-scale x mapping from [lo, hi] µs to [x0, x1] px (values below 1 µs sit at lo). */
function logX(v: number, lo: number, hi: number, x0: number, x1: number): number {
  const l = Math.log(Math.max(v, lo)) - Math.log(lo);
  return x0 + ((x1 - x0) * l) / (Math.log(hi) - Math.log(lo));
}

/** Powers of ten between lo and hi, for axis ticks. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= hi * 1.0001; d *= 10) if (d >= lo) out.push(d);
  return out;
}

/** The latency distribution of each run (one row per run, one panel per IRQ). */
export function distributionSvg(runs: LatencyRun[], title: string): string {
  const W = 900;
  const rowH = 70;
  const left = 120;
  const right = W - 30;
  const irqCount = runs.length > 0 ? runs[0].irqs.length : 0;
  let lo = 1e18;
  let hi = 1;
  for (const r of runs) {
    for (const q of r.irqs) {
      if (q.latency.count > 0) lo = Math.min(lo, Math.max(1, q.latency.min));
      hi = Math.max(hi, q.latency.max, q.bound.totalUs === Infinity ? 0 : q.bound.totalUs);
    }
  }
  if (lo > hi) lo = 1;
  lo = Math.pow(10, Math.floor(log10(lo) + 1e-9));
  hi = Math.pow(10, Math.ceil(log10(hi * 1.05) - 1e-9));
  const panelH = 40 + rowH * runs.length + 40;
  const H = 50 + panelH * Math.max(1, irqCount) + 30;
  const out: string[] = [];
  out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H + '" font-family="Helvetica, Arial, sans-serif">');
  out.push(rect(0, 0, W, H, "#ffffff"));
  out.push(text(W / 2, 26, title, 16, "middle"));
  for (let i = 0; i < irqCount; i++) {
    const top = 50 + i * panelH;
    const name = runs[0].irqs[i].irq;
    out.push(text(left, top + 16, "IRQ " + name + " (handler " + runs[0].irqs[i].handler + "): latency histogram per load; | median, p99, max; red: bound", 12, "start"));
    const axisY = top + 30 + rowH * runs.length;
    for (const d of decades(lo, hi)) {
      const x = logX(d, lo, hi, left, right);
      out.push(line(x, top + 26, x, axisY, "#dddddd", 1));
      out.push(text(x, axisY + 14, usLabel(d), 10, "middle"));
    }
    out.push(line(left, axisY, right, axisY, "#444444", 1));
    for (let k = 0; k < runs.length; k++) {
      const r = runs[k];
      const q = r.irqs[i];
      const y0 = top + 30 + k * rowH;
      const colour = COLOURS[k % COLOURS.length];
      out.push(text(left - 8, y0 + rowH / 2, r.load, 12, "end"));
      out.push(text(left - 8, y0 + rowH / 2 + 13, "slice " + r.sliceSteps, 9, "end", "#666666"));
      const h = q.kernel.histogram;
      let most = 1;
      for (let b = 0; b < h.length; b++) most = Math.max(most, h[b]);
      for (let b = 0; b < h.length; b++) {
        if (h[b] === 0) continue;
        const from = b === 0 ? lo : Math.pow(2, b - 1);
        const to = Math.max(bucketTop(b) + 1, from * 1.01);
        const x1 = logX(from, lo, hi, left, right);
        const x2 = logX(to, lo, hi, left, right);
        const bh = ((rowH - 14) * h[b]) / most;
        out.push(rect(x1, y0 + rowH - 6 - bh, Math.max(1.5, x2 - x1 - 1), bh, colour, 0.75));
      }
      const marks = [q.latency.median, q.latency.p99, q.latency.max];
      const names = ["median", "p99", "max"];
      for (let m = 0; m < 3; m++) {
        const x = logX(marks[m], lo, hi, left, right);
        out.push(line(x, y0 + 4, x, y0 + rowH - 6, "#111111", m === 2 ? 2 : 1));
        out.push(text(x + 2, y0 + 12 + m * 10, names[m] + " " + usLabel(marks[m]), 9, "start", "#111111"));
      }
      if (q.bound.totalUs !== Infinity) {
        const x = logX(q.bound.totalUs, lo, hi, left, right);
        out.push(line(x, y0 + 2, x, y0 + rowH - 4, "#d62728", 2, "4,3"));
        out.push(text(x - 2, y0 + rowH - 8, "bound " + usLabel(q.bound.totalUs), 9, "end", "#d62728"));
      }
    }
  }
  out.push(text(W / 2, H - 10, "latency (log scale), from the edge to the start of the handler's step", 11, "middle", "#444444"));
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** Latency (p99, max, bound) and throughput against slice size, one colour per load. */
export function sweepSvg(runs: LatencyRun[], irq: number, title: string): string {
  const W = 900;
  const H = 620;
  const left = 90;
  const right = W - 180;
  const loads: string[] = [];
  const slices: number[] = [];
  for (const r of runs) {
    if (loads.indexOf(r.load) < 0) loads.push(r.load);
    if (slices.indexOf(r.sliceSteps) < 0) slices.push(r.sliceSteps);
  }
  slices.sort((a, b) => a - b);
  let lo = 1e18;
  let hi = 1;
  let tmax = 100;
  for (const r of runs) {
    const q = r.irqs[irq];
    if (q.latency.count > 0) lo = Math.min(lo, Math.max(1, q.latency.p99));
    hi = Math.max(hi, q.latency.max, q.bound.totalUs === Infinity ? 0 : q.bound.totalUs);
    tmax = Math.max(tmax, r.busyPct);
  }
  if (lo > hi) lo = 1;
  lo = Math.pow(10, Math.floor(log10(lo) + 1e-9));
  hi = Math.pow(10, Math.ceil(log10(hi * 1.05) - 1e-9));
  const sx = (s: number): number => {
    const a = Math.log(slices[0]);
    const b = Math.log(slices[slices.length - 1]);
    return b > a ? left + ((right - left) * (Math.log(s) - a)) / (b - a) : (left + right) / 2;
  };
  const top1 = 50;
  const bottom1 = 350;
  const top2 = 410;
  const bottom2 = 570;
  const ly = (v: number): number => bottom1 - ((bottom1 - top1) * (Math.log(Math.max(v, lo)) - Math.log(lo))) / (Math.log(hi) - Math.log(lo));
  const ty = (v: number): number => bottom2 - ((bottom2 - top2) * v) / tmax;
  const out: string[] = [];
  out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H + '" font-family="Helvetica, Arial, sans-serif">');
  out.push(rect(0, 0, W, H, "#ffffff"));
  out.push(text(W / 2, 26, title, 16, "middle"));
  for (const d of decades(lo, hi)) {
    out.push(line(left, ly(d), right, ly(d), "#dddddd", 1));
    out.push(text(left - 6, ly(d) + 4, usLabel(d), 10, "end"));
  }
  for (const s of slices) {
    out.push(line(sx(s), top1, sx(s), bottom1, "#eeeeee", 1));
    out.push(line(sx(s), top2, sx(s), bottom2, "#eeeeee", 1));
    out.push(text(sx(s), bottom1 + 14, String(s), 10, "middle"));
    out.push(text(sx(s), bottom2 + 14, String(s), 10, "middle"));
  }
  out.push(text((left + right) / 2, bottom1 + 30, "slice (steps before the host loop gets a turn)", 11, "middle", "#444444"));
  out.push(text(20, (top1 + bottom1) / 2, "latency", 11, "middle", "#444444"));
  out.push(text(left, top1 - 8, "IRQ " + runs[0].irqs[irq].irq + ": p99 (solid), max (dotted), bound (dashed)", 12, "start"));
  out.push(text(left, top2 - 8, "busy: share of time in steps (the rest goes to loop turns, dispatch, idle), %", 12, "start"));
  for (let k = 0; k <= 4; k++) {
    const v = (tmax * k) / 4;
    out.push(line(left, ty(v), right, ty(v), "#dddddd", 1));
    out.push(text(left - 6, ty(v) + 4, String(Math.round(v)), 10, "end"));
  }
  for (let l = 0; l < loads.length; l++) {
    const colour = COLOURS[l % COLOURS.length];
    const mine: LatencyRun[] = [];
    for (const r of runs) if (r.load === loads[l]) mine.push(r);
    mine.sort((a, b) => a.sliceSteps - b.sliceSteps);
    const series = [0, 1, 2];
    for (const sIdx of series) {
      const pts: string[] = [];
      for (const r of mine) {
        const q = r.irqs[irq];
        const v = sIdx === 0 ? q.latency.p99 : sIdx === 1 ? q.latency.max : q.bound.totalUs;
        if (v === Infinity) continue;
        pts.push(num(sx(r.sliceSteps)) + "," + num(ly(v)));
      }
      const dash = sIdx === 0 ? "" : sIdx === 1 ? ' stroke-dasharray="2,3"' : ' stroke-dasharray="7,4"';
      if (pts.length > 0) out.push('<polyline fill="none" stroke="' + colour + '" stroke-width="' + (sIdx === 0 ? 2.5 : 1.5) + '"' + dash + ' points="' + pts.join(" ") + '"/>');
    }
    const tp: string[] = [];
    for (const r of mine) tp.push(num(sx(r.sliceSteps)) + "," + num(ty(r.busyPct)));
    out.push('<polyline fill="none" stroke="' + colour + '" stroke-width="2" points="' + tp.join(" ") + '"/>');
    out.push(rect(right + 20, top1 + 10 + l * 20, 14, 10, colour));
    out.push(text(right + 40, top1 + 19 + l * 20, loads[l], 12, "start"));
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}
