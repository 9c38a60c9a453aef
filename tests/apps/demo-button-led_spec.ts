/**
 * The demo's button -> LED path, through the test kit only (sim/testing.ts):
 * a bouncing press of BTN1 reaches the button driver as IRQ edges, becomes
 * one PRESS for the ui task once the driver's quiet window has passed, and
 * ui's call to the LED server changes LED1's blink from every 100 ms to
 * every 25 ms. README.md ("Testing your app") shows this file.
 */
import { demo } from "../../apps/demo/app";
import { ButtonState } from "../../drivers/button";
import { LED_BLINK, LedState } from "../../drivers/led";
import { IrqState, Kind, PinLevel, TaskState, bootApp } from "../../sim/testing";
import { describe, eq, it, ok } from "#spec";

/** The time between each level change that came after `since` (µs) and the next one. */
function gapsAfter(changes: PinLevel[], since: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < changes.length; i++) if (changes[i - 1].time >= since) out.push(changes[i].time - changes[i - 1].time);
  return out;
}

describe("the demo: a button press changes the LED's blink rate", () => {
  it("a press bouncing 3 times is one PRESS, after which LED1 changes every 25 ms instead of every 100 ms", () => {
    // No scripted inputs: the spec presses the button itself.
    const sim = bootApp(demo, { inputs: false });
    sim.run("350ms");
    eq(sim.pinChanges("LED1").length, 3);
    for (const gap of gapsAfter(sim.pinChanges("LED1"), 0)) ok(gap >= 100000 && gap < 101000, "a change " + gap + " us after the one before");

    // Pressed now and held for 150 ms; each end bounces 3 times, 300 µs apart: 7 edges.
    const pressed = sim.now();
    sim.press("BTN1", { hold: "150ms", bounce: 3, bounceGap: "300us" });
    sim.run("5ms");
    // Every edge reached the driver, which now waits out its quiet window (20 ticks) before it reads the pin.
    const irq = sim.irq("button");
    eq(irq.state, IrqState.ARMED);
    eq(irq.latency.count, 7);
    eq(sim.data<ButtonState>("button").edges, 7);
    eq(sim.task("button").state, TaskState.RECV_BLOCKED);
    eq(sim.task("button").queue, "recv button");
    eq(sim.data<ButtonState>("button").presses, 0);

    sim.run("30ms");
    // One press, published to ui, which called the LED server and waits again.
    eq(sim.data<ButtonState>("button").presses, 1);
    const ui = sim.task("ui");
    eq(ui.kind, Kind.REPLY);
    eq(ui.label, LED_BLINK);
    eq(ui.queue, "wait ui");
    eq(sim.data<LedState>("led").period, 25);

    sim.run("150ms");
    const after = gapsAfter(sim.pinChanges("LED1"), pressed);
    ok(after.length >= 4, after.length + " changes after the press");
    for (const gap of after) ok(gap > 24000 && gap < 26000, "a change " + gap + " us after the one before");
  });
});
