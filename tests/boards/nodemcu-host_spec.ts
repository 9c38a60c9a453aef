/**
 * The NodeMCU host layer (boards/nodemcu/host.ts) on the simulated firmware
 * (sim/nodemcu.ts): the alarm, pin edges and their stamps across the
 * ESP8266 counter's 31-bit wrap, pin writes, slices that let the firmware's
 * own events in, the loopback check and the end of the program. Runs under
 * Node and, compiled, under busted on Lua 5.1: the layer is the same code
 * on both.
 */
import { AppDesc, Kind, Status, Task, pinRead, pinWrite, sys } from "../../kernel/index";
import { NODEMCU_DEVKIT } from "../../boards/nodemcu/devkit";
import { ESP32_DEVKIT } from "../../boards/nodemcu/esp32";
import { nodemcuPlatform, startNodeMcu } from "../../boards/nodemcu/host";
import { SimFirmware } from "../../sim/nodemcu";
import { describe, eq, it, ok, same } from "#spec";

/** What a probe task saw: the firmware's time, and its registers, at each step. */
interface Seen {
  us: number[];
  status: number[];
  kind: number[];
  w1: number[];
  w2: number[];
}

function seen(): Seen {
  return { us: [], status: [], kind: [], w1: [], w2: [] };
}

let fw: SimFirmware = new SimFirmware();
const printed: string[] = [];

/** Installs a fresh simulated firmware (and a `print` that keeps the lines). */
function firmware(chip: string, startUs: number): SimFirmware {
  fw = new SimFirmware({ chip: chip, startUs: startUs });
  fw.install();
  printed.length = 0;
  (globalThis as unknown as { print: (this: void, line: string) => void }).print = (line: string) => {
    printed.push(line);
  };
  return fw;
}

function note(t: Task<Seen>): void {
  const s = t.state;
  s.us.push(fw.now);
  s.status.push(t.status);
  s.kind.push(t.kind);
  s.w1.push(t.w1);
  s.w2.push(t.w2);
}

/** A task that sleeps `ticks`, then waits on its endpoint for IRQs, acking each. */
function sleeperStep(t: Task<Seen>): void {
  note(t);
  const n = t.state.us.length;
  if (n === 1) return sys.sleep(5);
  if (t.kind === Kind.IRQ) return sys.irqAck(t.sender);
  return sys.recv(0);
}

function app(): AppDesc {
  return {
    name: "nm",
    tasks: [{ name: "probe", priority: 1, step: sleeperStep, state: seen() }],
    endpoints: [{ name: "ep", owner: "probe" }],
    irqs: [{ name: "btn", pin: "BTN1", edge: "falling", endpoint: "ep", priority: 0 }],
    pins: ["LED1", "BTN1"],
    board: { tickUs: 1000, sliceSteps: 4 },
  };
}

function state(a: AppDesc): Seen {
  return a.tasks[0].state as Seen;
}

describe("the NodeMCU host layer on the simulated firmware", () => {
  it("boots, and a sleep of 5 ticks wakes on the firmware's alarm 5 ms later", () => {
    firmware("esp8266", 0);
    const a = app();
    ok(startNodeMcu(a, NODEMCU_DEVKIT), "booted");
    ok(printed[0].indexOf("baton: 'nm' booted on NodeMCU DevKit (ESP8266) (software edges), ") === 0 && printed[0].indexOf(" bytes of heap free") > 0, printed[0]);
    fw.runUntil(20000);
    const s = state(a);
    ok(s.us.length >= 2, "woke up");
    eq(s.status[1], Status.OK);
    const slept = s.us[1] - s.us[0];
    ok(slept >= 5000 && slept <= 6500, "slept " + slept + " us");
  });

  it("an ESP8266 edge is stamped with the interrupt's time, across tmr.now()'s wrap at 2^31 us", () => {
    const start = 2147483648 - 3000;
    firmware("esp8266", start);
    const a = app();
    startNodeMcu(a, NODEMCU_DEVKIT);
    fw.edge(3, 0, start + 8000);
    fw.edge(3, 1, start + 9000);
    fw.runUntil(start + 20000);
    const s = state(a);
    const k = s.kind.indexOf(Kind.IRQ);
    ok(k > 0, "the IRQ arrived");
    eq(s.w1[k], 1, "one edge");
    // The kernel's µs clock started at tmr.now() = 2^31 - 3000; the edge came 8000 us later.
    eq((s.w2[k] - start) | 0, 8000);
  });

  it("an ESP32 edge (gpio.INTR_DOWN on GPIO0) reaches the IRQ, stamped when its callback runs", () => {
    firmware("esp32", 0);
    const a = app();
    startNodeMcu(a, ESP32_DEVKIT);
    fw.edge(0, 0, 12000);
    fw.runUntil(30000);
    const s = state(a);
    const k = s.kind.indexOf(Kind.IRQ);
    ok(k > 0, "the IRQ arrived");
    ok(s.w2[k] >= 12000 && s.w2[k] < 13000, "stamp " + s.w2[k]);
  });

  it("pin writes drive the board's pin (LED1 is D4 on the DevKit, GPIO2 on the ESP32); reads read it", () => {
    for (let b = 0; b < 2; b++) {
      firmware(b === 0 ? "esp8266" : "esp32", 0);
      const led = b === 0 ? 4 : 2;
      const levels: number[] = [];
      const a: AppDesc = {
        name: "led",
        tasks: [{
          name: "blink", priority: 1, state: seen(),
          step: (t: Task<Seen>) => {
            note(t);
            const n = t.state.us.length;
            if (n > 1) levels.push(fw.pinLevel(led), pinRead(0));
            if (n > 4) return sys.sleep(1000);
            pinWrite(0, n % 2);
            return sys.sleep(1);
          },
        }],
        pins: ["LED1"],
      };
      startNodeMcu(a, b === 0 ? NODEMCU_DEVKIT : ESP32_DEVKIT);
      fw.runUntil(10000);
      same(levels, [1, 1, 0, 0, 1, 1, 0, 0], b === 0 ? "esp8266" : "esp32");
    }
  });

  it("a task that never blocks still lets the firmware's timers in between slices", () => {
    firmware("esp8266", 0);
    let spins = 0;
    const a: AppDesc = {
      name: "busy",
      tasks: [
        { name: "sleeper", priority: 1, step: sleeperStep, state: seen() },
        { name: "spinner", priority: 2, step: () => {
          spins++;
          return sys.yield();
        } },
      ],
      endpoints: [{ name: "ep", owner: "sleeper" }],
      board: { sliceSteps: 8 },
    };
    startNodeMcu(a, NODEMCU_DEVKIT);
    fw.runUntil(50000);
    const s = state(a);
    ok(spins > 100, "the spinner ran (" + spins + " steps)");
    ok(s.us.length >= 2, "the sleeper woke while the spinner spun");
    ok(s.us[1] - s.us[0] < 7000, "on time: " + (s.us[1] - s.us[0]) + " us");
  });

  it("the loopback check finds the jumper; quit leaves the firmware nothing to do", () => {
    firmware("esp8266", 0);
    fw.wire(5, 6);
    const a: AppDesc = {
      name: "loop",
      tasks: [{ name: "t", priority: 1, state: seen(), step: (t: Task<Seen>) => {
        note(t);
        return sys.sleep(2);
      } }],
      pins: ["LOOP_OUT", "LOOP_IN"],
    };
    startNodeMcu(a, NODEMCU_DEVKIT);
    ok(nodemcuPlatform.loopWired(), "wired");
    ok(printed[0].indexOf("baton: 'loop' booted on NodeMCU DevKit (ESP8266) (loopback wired), ") === 0, printed[0]);
    eq(fw.runUntil(10000), false, "a sleeping task keeps the alarm going");
    nodemcuPlatform.quit();
    eq(fw.runUntil(20000), true, "after quit nothing is left");
  });

  it("an app the board cannot hold does not boot, and says why", () => {
    firmware("esp8266", 0);
    const tasks: AppDesc["tasks"] = [];
    for (let i = 0; i < 17; i++) tasks.push({ name: "t" + i, priority: 1, step: () => sys.yield() });
    eq(startNodeMcu({ name: "big", tasks: tasks }, NODEMCU_DEVKIT), false);
    ok(printed.length === 1 && printed[0].indexOf("17 tasks exceed the board's limit of 16") >= 0, printed.join(" / "));
    eq(fw.runUntil(1000), true);
  });
});
