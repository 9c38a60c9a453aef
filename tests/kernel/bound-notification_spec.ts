import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

function app() {
  return {
    name: "bn",
    tasks: [
      scripted("srv", 1, [() => sys.recv(0), () => sys.recv(0), () => sys.recv(0), () => sys.recvFrom(0, 2, 5)]),
      scripted("sig", 2, [() => sys.sleep(2), () => sys.signal(0, 3), () => sys.sleep(10), () => sys.signal(0, 8)], { signal: ["n"] }),
      scripted("tx", 3, [() => sys.sleep(5), () => sys.send(0, 3, 3, 0, 0)], { send: ["ep"] }),
    ],
    endpoints: [{ name: "ep", owner: "srv" }],
    notifications: [{ name: "n", owner: "srv", bind: true }],
  };
}

describe("bound notifications", () => {
  it("a signal wakes the bound task from recv; the kind tells a notification from a message", () => {
    const a = app();
    const sim = simulate(a);
    sim.runFor(9000);
    const r = recs(a, "srv");
    eq(r.length, 2);
    eq(r[0].kind, Kind.NOTIFICATION);
    eq(r[0].sender, 0);
    eq(r[0].w1, 3);
    eq(r[0].tick, 2);
    // A message whose label and word equal those bits is still a MESSAGE.
    eq(r[1].kind, Kind.MESSAGE);
    eq(r[1].label, 3);
    eq(r[1].w1, 3);
    eq(r[1].sender, 2);
  });

  it("bits signalled while the task is busy are taken by its next open recv, at once and before a message queued meanwhile", () => {
    const b = {
      name: "bn3",
      tasks: [
        scripted("srv", 1, [() => sys.sleep(5), () => sys.recv(0), () => sys.recv(0)]),
        scripted("sig", 2, [() => sys.signal(0, 8)], { signal: ["n"] }),
        scripted("tx", 3, [() => sys.send(0, 4, 0, 0, 0)], { send: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
      notifications: [{ name: "n", owner: "srv", bind: true }],
    };
    const sim = simulate(b);
    sim.runFor(20000);
    const r = recs(b, "srv");
    // srv sleeps through the signal and the send (tick 0); its first recv, at tick 5, takes the bits.
    eq(r[1].kind, Kind.NOTIFICATION);
    eq(r[1].w1, 8);
    eq(r[1].tick, 5);
    eq(r[2].kind, Kind.MESSAGE);
    eq(r[2].label, 4);
    eq(r[2].tick, 5);
  });

  it("a closed receive is not woken by the bound notification", () => {
    const b = {
      name: "bn2",
      tasks: [
        scripted("srv", 1, [() => sys.recvFrom(0, 1, 5)]),
        scripted("sig", 2, [() => sys.signal(0, 1)], { signal: ["n"] }),
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
      notifications: [{ name: "n", owner: "srv", bind: true }],
    };
    const sim = simulate(b);
    sim.runFor(10000);
    const r = recs(b, "srv");
    eq(r[0].status, Status.TIMEOUT);
    eq(r[0].tick, 5);
  });
});
