import { demo } from "../../apps/demo/app";
import { taskCtx, taskIndex, transfers } from "../../kernel/index";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

function count(lines: string[], text: string): number {
  let n = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].indexOf(text) >= 0) n++;
  return n;
}

function field(task: string, name: string): number {
  return (taskCtx(taskIndex(task)).state as Record<string, number>)[name];
}

describe("the demo app in the simulator", () => {
  it("runs a second with the invariant checker on; the server answers both held callers on every tick", () => {
    const sim = new Sim(demo, { trace: true, check: true });
    sim.runUntil(1000000);
    eq(sim.deadlock, undefined);
    // A TICK about every 10 ticks (10 ms plus the ticker's own work); each answers both held callers.
    const ticks = count(sim.lines, "ticker     => server MESSAGE label=3");
    ok(ticks > 60 && ticks <= 99, ticks + " ticks");
    eq(count(sim.lines, "server     => adder REPLY label=3"), ticks);
    eq(count(sim.lines, "server     => waiter REPLY label=3"), ticks);
    ok(transfers() > 500);
  });

  it("two bouncy button presses become exactly two presses, and each changes the LED's blink rate", () => {
    const sim = new Sim(demo, { trace: true, check: true });
    sim.runUntil(1000000);
    eq(field("button", "presses"), 2);
    ok(field("button", "edges") >= 10);
    eq(field("ui", "presses"), 2);
    eq(field("led", "period"), 5);
    // The LED toggles every 100 ms before the first press, every 25 ms after it, every 5 ms after the second.
    ok(count(sim.lines, "LED1       pin -> ") > 20);
    // The heartbeat from the timer service: every 50 ms.
    eq(field("ui", "heartbeats"), 19);
  });

  it("the server crashes on its unlucky input; the supervisor restarts it once and the clients carry on", () => {
    const sim = new Sim(demo, { trace: true, check: true });
    sim.runUntil(1000000);
    eq(field("supervisor", "restarts"), 1);
    eq(count(sim.lines, "server     FAULT THREW"), 1);
    eq(count(sim.lines, "server     restarted, generation 1"), 1);
    // The adder skipped 13 and went on adding.
    ok(field("adder", "sum") > 40);
    // The waiter went on being answered: the crash came at about 130 ms, 13 ticks in.
    ok(field("waiter", "ticks") > 60, "waiter ticks " + field("waiter", "ticks"));
  });

  it("is deterministic: two runs print the same trace", () => {
    const a = new Sim(demo, { trace: true });
    a.runUntil(700000);
    const la = a.lines.join("\n");
    const b = new Sim(demo, { trace: true });
    b.runUntil(700000);
    eq(b.lines.join("\n"), la);
  });
});
