import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("IRQ edges while masked are counted, not lost", () => {
  it("three edges before the handler acks are delivered once with a count of 3; the next delivery only follows the next edge after the ack", () => {
    const app = {
      name: "ic",
      tasks: [
        // The handler is busy (sleeping) when the edges come, then receives, acks, and receives again.
        scripted("h", 1, [() => sys.sleep(5), () => sys.recv(0), () => sys.irqAck(0), () => sys.recv(0, 10), () => sys.recv(0)]),
      ],
      endpoints: [{ name: "ep", owner: "h" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: 0 }],
    };
    const sim = simulate(app);
    sim.edge(0, 1000);
    sim.edge(0, 2000);
    sim.edge(0, 3000);
    sim.edge(0, 40000);
    sim.runFor(60000);
    const r = recs(app, "h");
    eq(r[1].kind, Kind.IRQ);
    eq(r[1].sender, 0);
    eq(r[1].w1, 3);
    eq(r[1].w2, 1000);
    eq(r[2].status, Status.OK);
    // No delivery between the ack and the next edge: the receive with a timeout times out.
    eq(r[3].status, Status.TIMEOUT);
    eq(r[4].kind, Kind.IRQ);
    eq(r[4].w1, 1);
    eq(r[4].w2, 40000);
  });

  it("edges that come after the delivery and before the ack are delivered again at once on ack", () => {
    const app = {
      name: "ic2",
      tasks: [scripted("h", 1, [() => sys.recv(0), () => sys.sleep(5), () => sys.irqAck(0), () => sys.recv(0, 0)])],
      endpoints: [{ name: "ep", owner: "h" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: 0 }],
    };
    const sim = simulate(app);
    sim.edge(0, 500);
    sim.edge(0, 2000);
    sim.edge(0, 2500);
    sim.runFor(20000);
    const r = recs(app, "h");
    eq(r[0].kind, Kind.IRQ);
    eq(r[0].w1, 1);
    eq(r[2].status, Status.OK);
    eq(r[3].kind, Kind.IRQ);
    eq(r[3].w1, 2);
    eq(r[3].w2, 2000);
  });

  it("irqAck of an IRQ that is not masked is NOT_PENDING", () => {
    const app = {
      name: "ic3",
      tasks: [scripted("h", 1, [() => sys.irqAck(0)])],
      endpoints: [{ name: "ep", owner: "h" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: 0 }],
    };
    const sim = simulate(app);
    sim.runFor(1000);
    eq(recs(app, "h")[0].status, Status.NOT_PENDING);
  });
});
