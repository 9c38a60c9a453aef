/**
 * The IPC fast paths (kernel/fastpath.ts) do exactly what the general path
 * does: every app, run for two virtual seconds with the fast paths and with
 * the general path only, gives the same text trace, line for line; and the
 * fast paths did carry messages (so the comparison is not empty).
 */
import { APPS } from "../../apps/index";
import { bench } from "../../apps/bench/app";
import { fastTransfers, transfers } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

function traceOf(app: typeof bench, generalOnly: boolean): { lines: string[]; fast: number; all: number } {
  const sim = new Sim(app, { trace: true, check: true, generalOnly: generalOnly });
  sim.runUntil(2000000);
  return { lines: sim.lines, fast: fastTransfers(), all: transfers() };
}

describe("IPC fast paths", () => {
  const apps = [bench];
  for (let i = 0; i < APPS.length; i++) apps.push(APPS[i]);
  for (let i = 0; i < apps.length; i++) {
    const app = apps[i];
    it("leave the trace of app '" + app.name + "' unchanged", () => {
      const general = traceOf(app, true);
      const fast = traceOf(app, false);
      eq(general.fast, 0);
      eq(fast.all, general.all);
      eq(fast.lines.length, general.lines.length);
      for (let l = 0; l < general.lines.length; l++) eq(fast.lines[l], general.lines[l]);
      if (app.name === "bench" || app.name === "demo") ok(fast.fast > 0, app.name + ": " + fast.fast + " fast transfers");
    });
  }
});
