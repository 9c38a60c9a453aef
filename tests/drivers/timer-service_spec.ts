import { AppDesc, Kind, sys } from "../../kernel/index";
import { TIMER_FULL, TIMER_OK, TIMER_SUBSCRIBE, timerService } from "../../drivers/timer";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("the timer service", () => {
  it("signals each subscriber's notification every period; a full table says so", () => {
    const waits = [];
    const waitsB = [];
    for (let i = 0; i < 6; i++) {
      waits.push(() => sys.wait(0));
      waitsB.push(() => sys.wait(1));
    }
    const a: AppDesc = {
      name: "tm",
      tasks: [
        timerService({ name: "timer", priority: 1, endpoint: "timer", slots: 2, notifications: ["a", "b"] }),
        scripted("a", 2, [() => sys.call(0, TIMER_SUBSCRIBE, 0, 1, 7)].concat(waits), { call: ["timer"] }),
        scripted("b", 2, [() => sys.call(0, TIMER_SUBSCRIBE, 1, 4, 10), () => sys.call(0, TIMER_SUBSCRIBE, 1, 4, 10)].concat(waitsB), { call: ["timer"] }),
      ],
      endpoints: [{ name: "timer", owner: "timer" }],
      notifications: [{ name: "a", owner: "a" }, { name: "b", owner: "b" }],
    };
    const sim = simulate(a);
    sim.runFor(45000);
    const ra = recs(a, "a");
    eq(ra[0].label, TIMER_OK);
    eq(ra[1].kind, Kind.NOTIFICATION);
    eq(ra[1].w1, 1);
    eq(ra[1].tick, 7);
    eq(ra[2].tick, 14);
    eq(ra.length, 7);
    const rb = recs(a, "b");
    eq(rb[0].label, TIMER_OK);
    eq(rb[1].label, TIMER_FULL);
    eq(rb[2].w1, 4);
    eq(rb[2].tick, 10);
    eq(rb[5].tick, 40);
  });
});
