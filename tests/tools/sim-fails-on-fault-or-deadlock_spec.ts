/**
 * `baton sim` fails (exit code 1) when a task faults or a deadlock stops
 * the run, and its summary names the fault: the task, the fault code and
 * its message; `--allow-faults` accepts both (exit code 0). An app that
 * runs cleanly exits with 0.
 */
import { AppDesc, FaultCode, Kind, Task, sys } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { MODEL } from "../../sim/profiles";
import { ROOT, main } from "../../tools/cli";
import { simulate } from "../../tools/sim";
import { describe, eq, it, ok } from "#spec";

interface Ticks {
  n: number;
}

/** Sleeps 10 ticks twice, then throws. */
function ticker(t: Task<Ticks>): void {
  t.state.n++;
  if (t.state.n === 3) throw new Error("ticker gave up");
  return sys.sleep(10);
}

function resetTicks(t: Task<Ticks>): void {
  t.state.n = 0;
}

/** Sleeps forever in steps of 10 ticks. */
function steady(t: Task): void {
  if (t.kind === Kind.NONE) return sys.sleep(10);
  return sys.sleep(10);
}

const faulting: AppDesc = {
  name: "faulting",
  tasks: [
    { name: "ticker", priority: 1, step: ticker, init: resetTicks, state: { n: 0 } },
    { name: "steady", priority: 2, step: steady },
  ],
};

const calm: AppDesc = { name: "calm", tasks: [{ name: "steady", priority: 2, step: steady }] };

function alpha(_t: Task): void {
  return sys.call(1, 0, 0, 0, 0);
}
function beta(_t: Task): void {
  return sys.call(0, 0, 0, 0, 0);
}

const cycle: AppDesc = {
  name: "cycle",
  tasks: [
    { name: "alpha", priority: 1, step: alpha, rights: { call: ["b"] } },
    { name: "beta", priority: 2, step: beta, rights: { call: ["a"] } },
  ],
  endpoints: [{ name: "a", owner: "alpha" }, { name: "b", owner: "beta" }],
  downhill: [["alpha", "b"]],
};

function run(app: AppDesc, allowFaults: boolean): number {
  return simulate({ app: app, profile: MODEL, untilUs: 100000, quiet: true, figures: false, allowFaults: allowFaults });
}

describe("baton sim fails on a fault or a deadlock, unless --allow-faults", () => {
  it("a task that throws: exit code 1; 0 with --allow-faults", () => {
    eq(run(faulting, false), 1);
    eq(run(faulting, true), 0);
  });

  it("the summary names the faulted task, its fault code and message", () => {
    const sim = new Sim(faulting, { profile: MODEL, trace: true });
    sim.runUntil(100000);
    eq(sim.faults.length, 1);
    eq(sim.faults[0].task, "ticker");
    eq(sim.faults[0].code, FaultCode.THREW);
    ok(sim.faults[0].message.indexOf("ticker gave up") >= 0, sim.faults[0].message);
    eq(sim.faults[0].restartedAt, -1);
    const summary = sim.summary().join("\n");
    ok(summary.indexOf("  ticker: 3 steps, FAULTED\n    fault at ") >= 0, summary);
    ok(summary.indexOf("THREW") >= 0 && summary.indexOf("ticker gave up") >= 0, summary);
  });

  it("a cycle of calls: exit code 1; 0 with --allow-faults", () => {
    eq(run(cycle, false), 1);
    eq(run(cycle, true), 0);
  });

  it("an app that neither faults nor deadlocks: exit code 0", () => {
    eq(run(calm, false), 0);
  });

  it("the demo, whose server faults on purpose, fails without --allow-faults and passes with it", async () => {
    const quiet = { out: () => {}, err: () => {}, cwd: ROOT };
    eq(await main(["sim", "--app", "demo", "--until", "300ms", "--quiet"], quiet), 1);
    eq(await main(["sim", "--app", "demo", "--until", "300ms", "--quiet", "--allow-faults"], quiet), 0);
  });
});
