/**
 * A line an app prints with `platform.log` (drivers/platform.ts) reaches
 * the test kit: `logs()` gives each one with its time and the task whose
 * step printed it, with or without the text trace; with the trace, it is a
 * trace line too, as `baton sim` prints it.
 */
import { AppDesc, Task, sys } from "../../kernel/index";
import { platform } from "../../drivers/platform";
import { bootApp } from "../../sim/testing";
import { describe, eq, it, ok } from "#spec";

interface Counter {
  n: number;
}

/** Prints its count every step, then sleeps 10 ticks. */
function talker(t: Task<Counter>): void {
  t.state.n++;
  platform.log("count " + t.state.n);
  return sys.sleep(10);
}

function resetCounter(t: Task<Counter>): void {
  t.state.n = 0;
}

const app: AppDesc = {
  name: "talk",
  tasks: [{ name: "talker", priority: 1, step: talker, init: resetCounter, state: { n: 0 } }],
};

describe("the test kit reads the app's platform.log lines", () => {
  it("three steps print three lines, each with its task and time", () => {
    const sim = bootApp(app);
    sim.run("25ms");
    const logs = sim.logs();
    eq(logs.length, 3);
    for (let i = 0; i < 3; i++) {
      eq(logs[i].task, "talker");
      eq(logs[i].line, "count " + (i + 1));
    }
    eq(logs[0].time, 0);
    ok(logs[1].time >= 10000 && logs[1].time < 11000, "the second line 10 ticks later: " + logs[1].time + " us");
  });

  it("with the trace on, each line is a trace line too", () => {
    const sim = bootApp(app, { trace: true });
    sim.run("5ms");
    let found = 0;
    const trace = sim.trace();
    for (let i = 0; i < trace.length; i++) if (trace[i].indexOf("talker     log: count 1") >= 0) found++;
    eq(found, 1);
  });
});
