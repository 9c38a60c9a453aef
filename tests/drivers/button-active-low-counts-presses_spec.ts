/**
 * The button driver reads its button's active level from the board
 * (`platform.activeLevel`: the board's `activeLow`, as devicetree's
 * GPIO_ACTIVE_LOW), so the same app counts presses, not releases, where a
 * pressed button reads 0 (BTN1 on the NodeMCU DevKit and the ESP32 boards)
 * and where it reads 1 (the Pico). On the NodeMCU host layer with the
 * simulated firmware, where BTN1 (D3) rests at 1, and in the test kit with
 * its `board` option, whose `press` presses to the board's level. Runs
 * under Node and, compiled, under busted.
 */
import { AppDesc, Kind, Task, sys } from "../../kernel/index";
import { NODEMCU_DEVKIT } from "../../boards/nodemcu/devkit";
import { nodemcuPlatform, startNodeMcu } from "../../boards/nodemcu/host";
import { setPlatform } from "../../drivers/platform";
import { ButtonState, buttonTask } from "../../drivers/button";
import { SimFirmware } from "../../sim/nodemcu";
import { bootApp } from "../../sim/testing";
import { describe, eq, it } from "#spec";

const PRESS = 1;

interface Count {
  presses: number;
}

/** Counts the PRESS bits it is signalled. */
function counter(t: Task<Count>): void {
  if (t.kind === Kind.NOTIFICATION && (t.w1 & PRESS) !== 0) t.state.presses++;
  return sys.wait(0);
}

function resetCount(t: Task<Count>): void {
  t.state.presses = 0;
}

function app(): AppDesc {
  return {
    name: "buttons",
    tasks: [
      buttonTask({ name: "button", priority: 0, endpoint: "button", irq: "button", pin: "BTN1", notify: "ui", bits: PRESS, debounceTicks: 20 }),
      { name: "ui", priority: 2, step: counter, init: resetCount, state: { presses: 0 } },
    ],
    endpoints: [{ name: "button", owner: "button" }],
    notifications: [{ name: "ui", owner: "ui" }],
    irqs: [{ name: "button", pin: "BTN1", edge: "both", endpoint: "button", priority: 0 }],
    pins: ["BTN1"],
  };
}

describe("an active-low button is pressed once per press", () => {
  it("on the NodeMCU DevKit (simulated firmware): BTN1 (D3) going to 0 is a press, counted while held; its release is none", () => {
    const fw = new SimFirmware({ chip: "esp8266" });
    fw.install();
    (globalThis as unknown as { print: (this: void, line: string) => void }).print = (_line: string) => {};
    const a = app();
    // As a board bundle's entry does: the host's services for apps, then the app.
    setPlatform(nodemcuPlatform);
    startNodeMcu(a, NODEMCU_DEVKIT);
    const d3 = NODEMCU_DEVKIT.pins["BTN1"];
    fw.edge(d3, 0, 100000);
    fw.edge(d3, 1, 200000);
    fw.runUntil(150000);
    eq((a.tasks[0].state as ButtonState).presses, 1, "held down");
    eq((a.tasks[1].state as Count).presses, 1);
    fw.runUntil(300000);
    eq((a.tasks[0].state as ButtonState).presses, 1, "released");
    fw.edge(d3, 0, 400000);
    fw.edge(d3, 1, 450000);
    fw.runUntil(600000);
    eq((a.tasks[0].state as ButtonState).presses, 2, "after two");
    eq((a.tasks[1].state as Count).presses, 2);
    fw.uninstall();
  });

  it("in the test kit on nodemcu-devkit: BTN1 rests at 1, a press goes to 0, one press is one PRESS", () => {
    const sim = bootApp(app(), { board: "nodemcu-devkit" });
    eq(sim.pin("BTN1"), 1);
    sim.press("BTN1", { hold: "100ms", bounce: 2 });
    sim.run("50ms");
    eq(sim.pin("BTN1"), 0, "held down");
    eq(sim.data<ButtonState>("button").presses, 1, "counted while held");
    sim.run("150ms");
    eq(sim.pin("BTN1"), 1, "released");
    eq(sim.data<ButtonState>("button").presses, 1);
    eq(sim.data<Count>("ui").presses, 1);
  });

  it("in the test kit on the Pico (active high): BTN1 rests at 0, one press is one PRESS", () => {
    const sim = bootApp(app(), { board: "PICO" });
    eq(sim.pin("BTN1"), 0);
    sim.press("BTN1", { hold: "100ms", bounce: 2 });
    sim.run("50ms");
    eq(sim.pin("BTN1"), 1, "held down");
    eq(sim.data<ButtonState>("button").presses, 1, "counted while held");
    sim.run("150ms");
    eq(sim.data<ButtonState>("button").presses, 1);
    eq(sim.data<Count>("ui").presses, 1);
  });
});
