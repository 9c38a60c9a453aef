import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("notifications", () => {
  it("signal ORs bits in and never blocks; wait takes and clears them all", () => {
    const app = {
      name: "n1",
      tasks: [
        scripted("sig", 1, [() => sys.signal(0, 1), () => sys.signal(0, 4), () => sys.signal(0, 4)], { signal: ["n"] }),
        scripted("w", 2, [() => sys.wait(0), () => sys.poll(0)]),
      ],
      notifications: [{ name: "n", owner: "w" }],
    };
    const sim = simulate(app);
    settle(sim);
    const s = recs(app, "sig");
    eq(s.length, 3);
    for (let i = 0; i < 3; i++) eq(s[i].status, Status.OK);
    const w = recs(app, "w");
    eq(w[0].kind, Kind.NOTIFICATION);
    eq(w[0].sender, 0);
    eq(w[0].w1, 5);
    // Taken and cleared: poll finds nothing.
    eq(w[1].status, Status.OK);
    eq(w[1].w1, 0);
  });

  it("wait blocks until a signal comes, then wakes with the bits", () => {
    const app = {
      name: "n2",
      tasks: [
        scripted("w", 1, [() => sys.wait(0)]),
        scripted("sig", 2, [() => sys.sleep(3), () => sys.signal(0, 0x80000000)], { signal: ["n"] }),
      ],
      notifications: [{ name: "n", owner: "w" }],
    };
    const sim = simulate(app);
    sim.runFor(10000);
    const w = recs(app, "w");
    eq(w.length, 1);
    eq(w[0].tick, 3);
    eq(w[0].w1, -2147483648);
  });

  it("a host callback can signal (never blocking), waking the waiter", () => {
    const app = {
      name: "n3",
      tasks: [scripted("w", 1, [() => sys.wait(0)])],
      notifications: [{ name: "n", owner: "w" }],
    };
    const sim = simulate(app);
    sim.signalAt(0, 6, 5000);
    sim.runFor(10000);
    const w = recs(app, "w");
    eq(w.length, 1);
    eq(w[0].w1, 6);
    eq(w[0].tick, 5);
  });
});
