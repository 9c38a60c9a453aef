/**
 * A timeline picture (SVG text) of a trace in the Trace Event Format, as
 * `PerfettoExporter` writes it: the same tracks, slices, instants, flows
 * and counters a trace viewer shows, drawn for one window of time. Used for
 * the documentation's screenshot (tools/trace-shot.ts), where no trace
 * viewer can run.
 *
 * One row per track in `thread_sort_index` order, named from `thread_name`;
 * complete events ("X") as boxes (steps coloured by syscall, `blocked:`
 * spans hatched grey, `ready` spans pale), instants ("i") as diamonds, flows
 * ("s" to "f" with one id) as arrows, counters ("C") as step lines in their
 * own rows.
 */
import { TraceEventJson, TraceJson } from "./perfetto";

export interface TimelineOptions {
  /** The window, in trace µs. */
  fromUs: number;
  toUs: number;
  width?: number;
  title?: string;
}

interface Track {
  tid: number;
  name: string;
  sort: number;
}

const STEP_COLOURS: { [k: string]: string } = {
  call: "#4e79a7",
  replyRecv: "#59a14f",
  reply: "#8cd17d",
  recv: "#f28e2b",
  recvFrom: "#ffbe7d",
  send: "#76b7b2",
  irqAck: "#e15759",
  signal: "#b07aa1",
  wait: "#d4a6c8",
  sleep: "#9d7660",
  yield: "#bab0ac",
  poll: "#d7b5a6",
};

function esc(s: string): string {
  return s.split("&").join("&amp;").split("<").join("&lt;").split(">").join("&gt;");
}

function n1(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** The trace's tracks, by sort index then id. */
function tracksOf(events: TraceEventJson[]): Track[] {
  const byTid: { [k: string]: Track } = {};
  const out: Track[] = [];
  for (const e of events) {
    const key = String(e.tid);
    if (byTid[key] === undefined) {
      byTid[key] = { tid: e.tid, name: "thread " + e.tid, sort: e.tid };
      out.push(byTid[key]);
    }
    if (e.ph === "M" && e.name === "thread_name" && e.args !== undefined) byTid[key].name = String(e.args.name);
    if (e.ph === "M" && e.name === "thread_sort_index" && e.args !== undefined) byTid[key].sort = Number(e.args.sort_index);
  }
  out.sort((a, b) => (a.sort !== b.sort ? a.sort - b.sort : a.tid - b.tid));
  return out;
}

/** "12.345 ms" for a time in µs. */
function msLabel(us: number): string {
  return (Math.round(us) / 1000).toFixed(us % 1000 === 0 ? 0 : 1) + " ms";
}

export function timelineSvg(trace: TraceJson, o: TimelineOptions): string {
  const W = o.width !== undefined ? o.width : 1400;
  const labelW = 170;
  const rowH = 24;
  const top = o.title !== undefined ? 62 : 36;
  const events = trace.traceEvents;
  const tracks = tracksOf(events);
  const counters: string[] = [];
  for (const e of events) if (e.ph === "C" && counters.indexOf(e.name) < 0) counters.push(e.name);
  counters.sort();
  const rowOf: { [k: string]: number } = {};
  for (let i = 0; i < tracks.length; i++) rowOf[String(tracks[i].tid)] = i;
  const rows = tracks.length + counters.length;
  const H = top + rows * rowH + 50;
  const x0 = labelW;
  const x1 = W - 16;
  const span = o.toUs - o.fromUs;
  const X = (t: number): number => x0 + ((x1 - x0) * (t - o.fromUs)) / span;
  const visible = (a: number, b: number): boolean => b >= o.fromUs && a <= o.toUs;
  const clampX = (t: number): number => Math.max(x0, Math.min(x1, X(t)));
  const out: string[] = [];
  out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H + '" font-family="Helvetica, Arial, sans-serif">');
  out.push("<defs>");
  out.push('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d0d0d0" stroke-width="2"/></pattern>');
  out.push('<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker>');
  out.push("</defs>");
  out.push('<rect x="0" y="0" width="' + W + '" height="' + H + '" fill="#ffffff"/>');
  if (o.title !== undefined) out.push('<text x="' + W / 2 + '" y="24" font-size="16" text-anchor="middle" fill="#222">' + esc(o.title) + "</text>");
  // Time axis.
  const stepUs = span > 20000 ? 5000 : span > 8000 ? 1000 : span > 3000 ? 500 : 200;
  for (let t = Math.ceil(o.fromUs / stepUs) * stepUs; t <= o.toUs; t += stepUs) {
    out.push('<line x1="' + n1(X(t)) + '" y1="' + (top - 6) + '" x2="' + n1(X(t)) + '" y2="' + (top + rows * rowH) + '" stroke="#eeeeee"/>');
    out.push('<text x="' + n1(X(t)) + '" y="' + (top - 10) + '" font-size="10" text-anchor="middle" fill="#555">' + esc(msLabel(t)) + "</text>");
  }
  // Rows.
  for (let i = 0; i < rows; i++) {
    const y = top + i * rowH;
    if (i % 2 === 1) out.push('<rect x="0" y="' + y + '" width="' + W + '" height="' + rowH + '" fill="#fafafa"/>');
    const name = i < tracks.length ? tracks[i].name : counters[i - tracks.length];
    out.push('<text x="8" y="' + (y + 16) + '" font-size="12" fill="#222">' + esc(name) + "</text>");
  }
  out.push('<line x1="' + x0 + '" y1="' + top + '" x2="' + x0 + '" y2="' + (top + rows * rowH) + '" stroke="#999"/>');
  // Slices.
  for (const e of events) {
    if (e.ph !== "X" || e.dur === undefined || !visible(e.ts, e.ts + e.dur)) continue;
    const row = rowOf[String(e.tid)];
    if (row === undefined) continue;
    const y = top + row * rowH;
    const a = clampX(e.ts);
    const b = clampX(e.ts + e.dur);
    const w = Math.max(1, b - a);
    let fill = "#7f7f7f";
    let h = rowH - 6;
    let yy = y + 3;
    if (e.cat === "blocked") {
      fill = "url(#hatch)";
      h = rowH - 12;
      yy = y + 6;
    } else if (e.cat === "ready") {
      fill = "#fff3b0";
      h = rowH - 12;
      yy = y + 6;
    } else if (e.cat === "step") {
      fill = STEP_COLOURS[e.name] !== undefined ? STEP_COLOURS[e.name] : "#7f7f7f";
    } else if (e.name === "loop turn") {
      fill = "#c7c7c7";
    } else if (e.cat === "host") {
      fill = "#17becf";
    } else if (e.cat === "irq") {
      fill = "#d62728";
    }
    out.push('<rect x="' + n1(a) + '" y="' + yy + '" width="' + n1(w) + '" height="' + h + '" fill="' + fill + '" stroke="' + (e.cat === "step" ? "#ffffff" : "none") + '" stroke-width="0.5"/>');
    const label = e.cat === "blocked" || e.cat === "ready" ? e.name.replace("blocked: ", "") : e.name.replace("dispatch ", "");
    if (w > label.length * 6 + 6) {
      out.push('<text x="' + n1(a + 3) + '" y="' + (y + 16) + '" font-size="10" fill="' + (e.cat === "step" || e.cat === "host" ? "#ffffff" : "#555555") + '">' + esc(label) + "</text>");
    }
  }
  // Counters: step lines.
  for (let c = 0; c < counters.length; c++) {
    const y = top + (tracks.length + c) * rowH;
    let level = 0;
    let last = o.fromUs;
    const pts: string[] = [];
    const seen: TraceEventJson[] = [];
    for (const e of events) if (e.ph === "C" && e.name === counters[c]) seen.push(e);
    seen.sort((p, q) => p.ts - q.ts);
    for (const e of seen) {
      const v = e.args !== undefined ? Number(e.args.level) : 0;
      if (e.ts <= o.fromUs) {
        level = v;
        continue;
      }
      if (e.ts > o.toUs) break;
      pts.push(n1(X(last)) + "," + n1(y + rowH - 5 - level * (rowH - 10)));
      pts.push(n1(X(e.ts)) + "," + n1(y + rowH - 5 - level * (rowH - 10)));
      level = v;
      last = e.ts;
    }
    pts.push(n1(X(last)) + "," + n1(y + rowH - 5 - level * (rowH - 10)));
    pts.push(n1(X(o.toUs)) + "," + n1(y + rowH - 5 - level * (rowH - 10)));
    out.push('<polyline fill="none" stroke="#2ca02c" stroke-width="1.5" points="' + pts.join(" ") + '"/>');
  }
  // Instants.
  for (const e of events) {
    if (e.ph !== "i" || e.ts < o.fromUs || e.ts > o.toUs) continue;
    const row = rowOf[String(e.tid)];
    if (row === undefined) continue;
    const y = top + row * rowH + rowH / 2;
    const x = X(e.ts);
    const fill = e.name === "handled" ? "#2ca02c" : e.name.indexOf("counted") >= 0 ? "#ff9896" : e.cat === "fault" ? "#000000" : "#d62728";
    out.push('<path d="M ' + n1(x) + " " + n1(y - 6) + " L " + n1(x + 5) + " " + n1(y) + " L " + n1(x) + " " + n1(y + 6) + " L " + n1(x - 5) + " " + n1(y) + ' z" fill="' + fill + '" stroke="#ffffff" stroke-width="0.5"/>');
  }
  // Flows: each "s" to the "f" with its id.
  const starts: { [k: string]: TraceEventJson } = {};
  for (const e of events) if (e.ph === "s" && e.id !== undefined) starts[String(e.id)] = e;
  for (const e of events) {
    if (e.ph !== "f" || e.id === undefined) continue;
    const s = starts[String(e.id)];
    if (s === undefined || !visible(Math.min(s.ts, e.ts), Math.max(s.ts, e.ts))) continue;
    const r1 = rowOf[String(s.tid)];
    const r2 = rowOf[String(e.tid)];
    if (r1 === undefined || r2 === undefined) continue;
    const ya = top + r1 * rowH + rowH / 2;
    const yb = top + r2 * rowH + rowH / 2;
    out.push('<path d="M ' + n1(X(s.ts)) + " " + n1(ya) + " C " + n1(X(s.ts) + 12) + " " + n1(ya) + ", " + n1(X(e.ts) - 12) + " " + n1(yb) + ", " + n1(X(e.ts)) + " " + n1(yb) +
      '" fill="none" stroke="#333333" stroke-width="1" marker-end="url(#arrow)" opacity="0.75"/>');
  }
  // Legend.
  const ly = top + rows * rowH + 22;
  const legend: string[][] = [["call", STEP_COLOURS.call], ["replyRecv", STEP_COLOURS.replyRecv], ["recv", STEP_COLOURS.recv], ["send", STEP_COLOURS.send], ["irqAck", STEP_COLOURS.irqAck], ["signal", STEP_COLOURS.signal], ["wait", STEP_COLOURS.wait], ["sleep", STEP_COLOURS.sleep], ["dispatch", "#17becf"], ["loop turn", "#c7c7c7"], ["ready", "#fff3b0"]];
  let lx = x0;
  for (const [name, colour] of legend) {
    out.push('<rect x="' + lx + '" y="' + (ly - 9) + '" width="12" height="10" fill="' + colour + '"/>');
    out.push('<text x="' + (lx + 16) + '" y="' + ly + '" font-size="11" fill="#333">' + esc(name) + "</text>");
    lx += 22 + name.length * 6.5;
  }
  out.push('<rect x="' + lx + '" y="' + (ly - 9) + '" width="12" height="10" fill="url(#hatch)" stroke="#ccc"/>');
  out.push('<text x="' + (lx + 16) + '" y="' + ly + '" font-size="11" fill="#333">blocked</text>');
  lx += 70;
  out.push('<text x="' + lx + '" y="' + ly + '" font-size="11" fill="#333">◆ edge / handled · arrows: transfers (message, reply, IRQ, notification)</text>');
  out.push("</svg>");
  return out.join("\n") + "\n";
}
