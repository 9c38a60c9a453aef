import { AppDesc, Kind, sys } from "../../kernel/index";
import { buttonTask } from "../../drivers/button";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

function app(inputs: AppDesc["inputs"]): AppDesc {
  const waits = [];
  for (let i = 0; i < 10; i++) waits.push(() => sys.wait(0));
  return {
    name: "btn",
    tasks: [
      buttonTask({ name: "button", priority: 0, endpoint: "button", irq: "btn", pin: "BTN1", notify: "presses", bits: 2, debounceTicks: 10 }),
      scripted("user", 3, waits),
    ],
    endpoints: [{ name: "button", owner: "button" }],
    notifications: [{ name: "presses", owner: "user" }],
    irqs: [{ name: "btn", pin: "BTN1", edge: "both", endpoint: "button", priority: 0 }],
    pins: ["BTN1"],
    inputs: inputs,
  };
}

describe("the button driver", () => {
  it("a press with contact bounce is published once, after the bounce settles", () => {
    const a = app([{ pin: "BTN1", press: { at: 5000, holdUs: 80000, bounce: 4, bounceUs: 700 } }]);
    const sim = simulate(a);
    sim.runFor(200000);
    const r = recs(a, "user");
    eq(r.length, 1);
    eq(r[0].kind, Kind.NOTIFICATION);
    eq(r[0].w1, 2);
    // Last bounce edge at 5 ms + 8 x 0.7 ms = 10.6 ms; published 10 quiet ticks later.
    eq(r[0].tick, 20);
  });

  it("two separate presses are two presses; a glitch shorter than the debounce time is none", () => {
    const a = app([
      { pin: "BTN1", press: { at: 5000, holdUs: 30000, bounce: 2 } },
      { pin: "BTN1", press: { at: 100000, holdUs: 30000, bounce: 1 } },
      { pin: "BTN1", flips: [200000, 203000] },
    ]);
    const sim = simulate(a);
    sim.runFor(300000);
    eq(recs(a, "user").length, 2);
  });
});
