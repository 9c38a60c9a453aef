/**
 * A delivered, unacknowledged IRQ donates its priority to its handler until
 * `irqAck`, as a caller waiting for its reply does: the step that handles it
 * runs at the IRQ's priority, so a task more important than the handler but
 * less important than the IRQ (here a spinner that yields in a loop) does
 * not delay it; after the ack the handler is back at its own priority.
 */
import { Kind, Status, sys, taskPriority } from "../../kernel/index";
import { describe, eq, it, ok } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const H = 0;
const HANDLER_PRIO = 6;
const SPINNER_PRIO = 3;
const IRQ_PRIO = 1;
const EDGE_US = 2000;

describe("a delivered IRQ donates its priority to its handler until irqAck", () => {
  it("the handling step runs at the IRQ's priority, before the spinner's next step; after irqAck the handler is at its own priority", () => {
    const seen: number[] = [];
    const spin = [];
    for (let i = 0; i < 200; i++) spin.push(() => sys.yield());
    const a = {
      name: "don",
      tasks: [
        scripted("h", HANDLER_PRIO, [
          () => sys.recv(0),
          () => {
            seen.push(taskPriority(H));
            return sys.irqAck(0);
          },
          () => {
            seen.push(taskPriority(H));
            return sys.recv(0);
          },
        ]),
        scripted("spin", SPINNER_PRIO, spin),
      ],
      endpoints: [{ name: "ep", owner: "h" }],
      irqs: [{ name: "irq", endpoint: "ep", priority: IRQ_PRIO }],
      // One step per slice: the host takes the edge right after the step it falls in.
      board: { sliceSteps: 1 },
    };
    const sim = simulate(a);
    sim.edge(0, EDGE_US);
    sim.runFor(100000);
    const r = recs(a, "h");
    eq(r[0].kind, Kind.IRQ);
    eq(r[0].w1, 1);
    eq(r[0].w2, EDGE_US);
    // The handling step ran at the IRQ's priority; the ack ended the donation.
    eq(seen[0], IRQ_PRIO);
    eq(r[1].status, Status.OK);
    eq(seen[1], HANDLER_PRIO);
    eq(taskPriority(H), HANDLER_PRIO);
    // No step of the spinner started between the edge and the handling step.
    const s = recs(a, "spin");
    let next = -1;
    for (let i = 0; i < s.length && next < 0; i++) if (s[i].us >= EDGE_US) next = s[i].us;
    ok(next > r[0].us, "the spinner's next step at " + next + " us, the handling step at " + r[0].us + " us");
    // The handler's step after the ack waited for the spinner (it is back below it).
    ok(r[1].us > s[s.length - 1].us);
  });
});
