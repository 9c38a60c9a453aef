/**
 * `npm run bench:latency -- --app demo` prints the same numbers every time:
 * two benchmark runs in one process (every load, the default slice and
 * edge rate) give equal results, field by field, and equal report text.
 */
import { demo } from "../../apps/demo/app";
import { LatencyRun, benchLatency, durationFor, runText } from "../../sim/latency";
import { LOAD_NAMES, defaultRate } from "../../sim/loads";
import { ESPRUINO_LINUX } from "../../sim/profiles";
import { describe, eq, it, ok } from "#spec";

/** A JSON-like text of `x` with object keys sorted (the same on every runtime, without JSON). */
function canonical(x: unknown): string {
  if (x === null || x === undefined) return "null";
  if (typeof x === "number") return x === Infinity ? "Infinity" : String(x);
  if (typeof x === "string") return '"' + x + '"';
  if (typeof x === "boolean") return x ? "true" : "false";
  if (Array.isArray(x)) {
    const parts: string[] = [];
    for (let i = 0; i < x.length; i++) parts.push(canonical(x[i]));
    return "[" + parts.join(",") + "]";
  }
  const o = x as { [k: string]: unknown };
  const keys = Object.keys(o);
  keys.sort();
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i++) parts.push('"' + keys[i] + '":' + canonical(o[keys[i]]));
  return "{" + parts.join(",") + "}";
}

function bench(): LatencyRun[] {
  const rate = defaultRate(ESPRUINO_LINUX);
  return benchLatency({ app: demo, profile: ESPRUINO_LINUX, loads: LOAD_NAMES, slices: [16], rate: rate, seed: 1, durationUs: durationFor(300, rate) });
}

describe("the latency benchmark", () => {
  it("gives the same numbers on a second run in the same process", () => {
    const a = bench();
    const b = bench();
    eq(a.length, LOAD_NAMES.length);
    for (let i = 0; i < a.length; i++) {
      ok(a[i].irqs[0].latency.count > 100, a[i].load + ": enough edges handled");
      eq(canonical(b[i]), canonical(a[i]), a[i].load);
      eq(runText(b[i]).join("\n"), runText(a[i]).join("\n"));
    }
  });
});
