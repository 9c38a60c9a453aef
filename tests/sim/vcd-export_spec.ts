/**
 * The demo's run as a VCD waveform (sim/export/vcd.ts): a header declaring
 * a wire per pin, task, IRQ and the host, initial values, then value
 * changes in time order that follow the pins and the steps.
 */
import { demo } from "../../apps/demo/app";
import { VcdRecorder, vcdId } from "../../sim/export/vcd";
import { MODEL } from "../../sim/profiles";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

function demoVcd(): { text: string; sim: Sim } {
  const rec = new VcdRecorder(demo);
  const sim = new Sim(demo, { profile: MODEL, onEvent: (now, ev, a, b, c, d) => rec.event(now, ev, a, b, c, d) });
  sim.runUntil(1000000);
  return { text: rec.vcd(sim.pinChanges, sim.now), sim: sim };
}

describe("the VCD waveform of the demo", () => {
  const run = demoVcd();
  const lines = run.text.split("\n");

  it("declares the timescale and one wire per pin, task, IRQ and the host", () => {
    ok(lines.indexOf("$timescale 1us $end") >= 0);
    const vars: string[] = [];
    for (const l of lines) if (l.indexOf("$var wire 1 ") === 0) vars.push(l);
    eq(vars.length, 2 + demo.tasks.length + 1 + 1);
    ok(vars[0].indexOf(" LED1 $end") > 0 && vars[1].indexOf(" BTN1 $end") > 0);
    ok(lines.indexOf("$enddefinitions $end") > 0);
    ok(lines.indexOf("$dumpvars") > 0);
  });

  it("gives identifiers of printable characters, unique", () => {
    const seen: string[] = [];
    for (let n = 0; n < 500; n++) {
      const id = vcdId(n);
      ok(seen.indexOf(id) < 0);
      for (let k = 0; k < id.length; k++) ok(id.charCodeAt(k) >= 33 && id.charCodeAt(k) <= 126);
      seen.push(id);
    }
  });

  it("changes values in time order, following the button pin and the steps", () => {
    let t = -1;
    let btn = 0;
    let tasks = 0;
    const btnId = vcdId(1);
    const serverId = vcdId(2);
    for (const l of lines) {
      if (l.indexOf("#") === 0) {
        const now = Number(l.slice(1));
        ok(now >= t, "time goes forward");
        t = now;
      } else if (t >= 0 && l === "1" + btnId) btn++;
      else if (t >= 0 && l === "1" + serverId) tasks++;
    }
    // BTN1 rises in the waveform exactly when the simulator saw it rise.
    let rises = 0;
    for (const c of run.sim.pinChanges) if (c.pin === 1 && c.level === 1) rises++;
    eq(btn, rises);
    ok(tasks > 10, "the server ran: " + tasks);
    eq(lines[lines.length - 2], "#" + run.sim.now);
  });
});
