/**
 * A handler that faults (or is restarted) after a delivery and before
 * `irqAck` does not leave its IRQ masked: the IRQ is unmasked, edges counted
 * meanwhile are delivered to the new incarnation at once, and otherwise the
 * next edge is.
 */
import { Kind, Status, TaskState, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Action, recs, scripted, simulate } from "../lib/harness";

const H = 0;

function die(): void {
  throw new Error("handler dies");
}

/** A handler running `acts`, its IRQ on its endpoint, and a supervisor that restarts it on a fault (or after `restartAfter` ticks). */
function app(acts: Action[], restartAfter?: number) {
  const sup: Action[] = restartAfter !== undefined ? [() => sys.sleep(restartAfter), () => sys.restart(H)] : [() => sys.wait(0), () => sys.restart(H)];
  return {
    name: "hr",
    tasks: [scripted("h", 2, acts), scripted("sup", 0, sup, { supervisor: true })],
    endpoints: [{ name: "ep", owner: "h" }],
    notifications: [{ name: "faults", owner: "sup" }],
    faults: { notification: "faults", bit: 0 },
    irqs: [{ name: "irq", endpoint: "ep", priority: 1 }],
  };
}

describe("a handler's restart leaves its IRQs able to deliver", () => {
  it("an edge counted between the delivery and the handler's fault is delivered to the restarted handler, which acknowledges it", () => {
    // recv (the delivery), sleep, throw; after the restart: recv, irqAck.
    const a = app([() => sys.recv(0), () => sys.sleep(5), die, () => sys.recv(0), () => sys.irqAck(0)]);
    const sim = simulate(a);
    sim.edge(0, 1000);
    sim.edge(0, 2500);
    sim.runFor(30000);
    const r = recs(a, "h");
    eq(r[0].kind, Kind.IRQ);
    eq(r[0].w1, 1);
    eq(r[0].w2, 1000);
    eq(recs(a, "sup")[1].status, Status.OK);
    eq(r.length, 5);
    eq(r[3].status, Status.OK);
    eq(r[3].kind, Kind.IRQ);
    eq(r[3].sender, 0);
    eq(r[3].w1, 1);
    eq(r[3].w2, 2500);
    eq(r[4].status, Status.OK);
  });

  it("with no edge counted meanwhile, the IRQ is armed again: the next edge is delivered to the restarted handler", () => {
    const a = app([() => sys.recv(0), die, () => sys.recv(0), () => sys.irqAck(0)]);
    const sim = simulate(a);
    sim.edge(0, 1000);
    sim.edge(0, 20000);
    sim.runFor(40000);
    const r = recs(a, "h");
    eq(r[0].kind, Kind.IRQ);
    eq(r.length, 4);
    eq(r[2].kind, Kind.IRQ);
    eq(r[2].w1, 1);
    eq(r[2].w2, 20000);
    eq(r[3].status, Status.OK);
  });

  it("a handler restarted (not faulted) while it holds a delivery: the edges counted meanwhile go to the new incarnation", () => {
    // The supervisor restarts h at tick 3, while h sleeps with the IRQ unacknowledged.
    const a = app([() => sys.recv(0), () => sys.sleep(50), () => sys.recv(0), () => sys.irqAck(0)], 3);
    const sim = simulate(a);
    sim.edge(0, 1000);
    sim.edge(0, 2000);
    sim.edge(0, 2200);
    sim.runFor(40000);
    const r = recs(a, "h");
    eq(r[0].kind, Kind.IRQ);
    eq(r[0].w1, 1);
    eq(recs(a, "sup")[1].status, Status.OK);
    eq(r.length, 4);
    eq(r[2].kind, Kind.IRQ);
    eq(r[2].w1, 2);
    eq(r[2].w2, 2000);
    eq(r[3].status, Status.OK);
    eq(taskState(H), TaskState.SLEEPING);
  });
});
