/**
 * The on-board self-test app (apps/selftest) run in the simulator: every
 * check passes, in the same order and with the same names as on a board.
 * The simulator cannot measure memory, so the memory check is skipped here
 * (it runs on Espruino: `npm run bench:espruino` and the docs).
 */
import { raiseIrq } from "../../kernel/index";
import { setPlatform } from "../../drivers/platform";
import { selftest } from "../../apps/selftest/app";
import { Sim } from "../../sim/sim";
import { describe, eq, it, ok } from "#spec";

describe("the self-test app in the simulator", () => {
  it("runs every check, all pass, and ends with the summary line", () => {
    const lines: string[] = [];
    let quitted = false;
    let sim: Sim | undefined = undefined;
    setPlatform({
      log: (line: string) => {
        lines.push(line);
      },
      micros: () => (sim !== undefined ? sim.now | 0 : 0),
      memoryUsed: () => -1,
      quit: () => {
        quitted = true;
      },
      softEdge: (irq: number, count: number) => {
        const s = sim as Sim;
        const stamp = s.now | 0;
        s.at(s.now, () => {
          for (let k = 0; k < count; k++) raiseIrq(irq, stamp);
        });
      },
      activeLevel: (_pin: number) => 1,
      loopWired: () => false,
      rawProbe: (_samples: number[], _n: number, _ntfn: number, _bits: number) => -1,
    });
    sim = new Sim(selftest, { check: true, platform: false });
    for (let i = 0; i < 600 && !quitted; i++) sim.runFor(100000);
    ok(quitted, "the runner reached the end");
    const fails = lines.filter((l) => l.indexOf("FAIL") === 0);
    eq(fails.join("\n"), "");
    const last = lines[lines.length - 1];
    const m = /^(\d+) passed, (\d+) failed$/.exec(last);
    ok(m !== null, "last line: " + last);
    if (m !== null) {
      ok(Number(m[1]) >= 25, "at least 25 checks passed");
      eq(m[2], "0");
    }
  });
});
