import { Kind, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("an IRQ in an endpoint's send queue", () => {
  it("is served after more important task senders and before less important ones", () => {
    const r = { send: ["ep"] };
    const app = {
      name: "iq",
      tasks: [
        scripted("rx", 9, [() => sys.sleep(5), () => sys.recv(0), () => sys.recv(0), () => sys.recv(0)]),
        scripted("hi", 1, [() => sys.send(0, 1, 0, 0, 0)], r),
        scripted("lo", 5, [() => sys.send(0, 5, 0, 0, 0)], r),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: 3 }],
    };
    const sim = simulate(app);
    sim.edge(0, 1000);
    sim.runFor(20000);
    const got = recs(app, "rx");
    eq(got[1].kind, Kind.MESSAGE);
    eq(got[1].label, 1);
    eq(got[2].kind, Kind.IRQ);
    eq(got[3].kind, Kind.MESSAGE);
    eq(got[3].label, 5);
  });

  it("a closed receive leaves the queued IRQ for the next open receive", () => {
    const app = {
      name: "iq2",
      tasks: [
        scripted("rx", 9, [() => sys.sleep(5), () => sys.recvFrom(0, 1), () => sys.recv(0)]),
        scripted("tx", 5, [() => sys.send(0, 5, 0, 0, 0)], { send: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: 0 }],
    };
    const sim = simulate(app);
    sim.edge(0, 1000);
    sim.runFor(20000);
    const got = recs(app, "rx");
    eq(got[1].kind, Kind.MESSAGE);
    eq(got[2].kind, Kind.IRQ);
  });

  it("an IRQ delivered to a notification sets its bit and wakes the waiter", () => {
    const app = {
      name: "iq3",
      tasks: [scripted("w", 1, [() => sys.wait(0), () => sys.irqAck(0)])],
      notifications: [{ name: "n", owner: "w" }],
      irqs: [{ name: "irq", notification: "n", bit: 4, priority: 0 }],
    };
    const sim = simulate(app);
    sim.edge(0, 3000);
    sim.runFor(20000);
    const got = recs(app, "w");
    eq(got[0].kind, Kind.NOTIFICATION);
    eq(got[0].w1, 16);
    eq(got[1].status, 0);
  });
});
