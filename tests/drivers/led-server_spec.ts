import { AppDesc, Kind, sys } from "../../kernel/index";
import { LED_BAD_LABEL, LED_BLINK, LED_SET, LED_TOGGLE, ledServer } from "../../drivers/led";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

function app(actions: (() => void)[]): AppDesc {
  return {
    name: "led",
    tasks: [ledServer({ name: "led", priority: 1, endpoint: "led", pin: "LED1" }), scripted("user", 2, actions, { call: ["led"] })],
    endpoints: [{ name: "led", owner: "led" }],
    pins: ["LED1"],
  };
}

describe("the LED server", () => {
  it("set and toggle drive the pin and reply with the level", () => {
    const a = app([() => sys.call(0, LED_SET, 1, 0, 0), () => sys.call(0, LED_TOGGLE, 0, 0, 0), () => sys.call(0, LED_TOGGLE, 0, 0, 0), () => sys.call(0, 77, 0, 0, 0)]);
    const sim = simulate(a);
    sim.runFor(10000);
    const r = recs(a, "user");
    eq(r[0].kind, Kind.REPLY);
    eq(r[0].w1, 1);
    eq(r[1].w1, 0);
    eq(r[2].w1, 1);
    eq(r[3].label, LED_BAD_LABEL);
    eq(sim.levels[0], 1);
  });

  it("blink toggles the pin every half-period on its receive timeout, and stops on 0", () => {
    const a = app([() => sys.call(0, LED_BLINK, 10, 0, 0), () => sys.sleep(55), () => sys.call(0, LED_BLINK, 0, 0, 0)]);
    const sim = simulate(a);
    sim.runFor(200000);
    const changes = sim.pinChanges;
    // Toggles at 10, 20, 30, 40, 50 ms, then off at the stop (55 ms): on, off, on, off, on, off.
    eq(changes.length, 6);
    eq(Math.floor(changes[0].time / 1000), 10);
    eq(Math.floor(changes[4].time / 1000), 50);
    eq(sim.levels[0], 0);
  });
});
