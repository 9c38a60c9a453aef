/**
 * A calls B, B calls C, and B dies while C works: A wakes at once with
 * PEER_DEAD; when C replies to B, C gets PEER_DEAD and carries on; senders
 * queued on B's endpoint wake with PEER_DEAD.
 */
import { Kind, Status, Task, TaskState, currentId, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

const EP_B = 0;
const EP_C = 1;

describe("a server that dies in the middle of a call chain", () => {
  function chain(bDies: (t: Task<Script>) => void) {
    const c = (t: Task<Script>) => {
      const s = t.state;
      s.next++;
      if (s.next === 1) return sys.recv(EP_C);
      // C works for 10 ticks, then replies to B.
      if (s.next === 2) {
        s.recs.push({ status: t.status, kind: t.kind, sender: t.sender, label: t.label, w1: 0, w2: 0, w3: 0, tick: 0, us: 0 });
        return sys.sleep(10);
      }
      if (s.next === 3) return sys.reply(s.recs[0].sender, 0, 0, 0, 0);
      s.recs.push({ status: t.status, kind: t.kind, sender: t.sender, label: t.label, w1: 0, w2: 0, w3: 0, tick: 0, us: 0 });
      return sys.sleep(1000);
    };
    return {
      name: "chain",
      tasks: [
        scripted("A", 5, [() => sys.call(EP_B, 1, 0, 0, 0)], { call: ["B"] }),
        { name: "B", priority: 3, step: bDies, state: new Script([]), rights: { call: ["C"] } },
        { name: "C", priority: 1, step: c, state: new Script([]) },
        scripted("D", 6, [() => sys.sleep(2), () => sys.send(EP_B, 9, 0, 0, 0)], { send: ["B"] }),
        scripted("sup", 0, [() => sys.sleep(4), () => sys.restart(1)], { supervisor: true }),
      ],
      endpoints: [{ name: "B", owner: "B" }, { name: "C", owner: "C" }],
    };
  }

  // B takes A's call and calls C with a timeout of 3 ticks; when that times out, B throws.
  function bTimesOutThenThrows(t: Task<Script>): void {
    const s = t.state;
    s.next++;
    if (s.next === 1) return sys.recv(EP_B);
    if (s.next === 2) return sys.call(EP_C, 2, 0, 0, 0, 3);
    throw new Error("B gives up");
  }

  // B takes A's call and calls C forever; the supervisor restarts B at tick 4.
  function bWaitsForever(t: Task<Script>): void {
    const s = t.state;
    s.next++;
    if (s.next === 1) return sys.recv(EP_B);
    if (s.next === 2) return sys.call(EP_C, 2, 0, 0, 0);
    return sys.sleep(1000);
  }

  it("B faults while C works: A wakes at once with PEER_DEAD, and so does D queued on B's endpoint", () => {
    const app = chain(bTimesOutThenThrows);
    app.tasks[4] = scripted("sup", 0, [() => sys.sleep(1000)], { supervisor: true });
    const sim = simulate(app);
    sim.runFor(5000);
    eq(taskState(1), TaskState.FAULTED);
    const a = recs(app, "A");
    eq(a.length, 1);
    eq(a[0].status, Status.PEER_DEAD);
    // B's call to C timed out after C took it: B's epoch advanced, so its id is (1 << 8) | 1.
    eq(a[0].sender, (1 << 8) | 1);
    eq(a[0].tick, 3);
    // D sent on B's endpoint at tick 2, while B waited for C: it was queued, and wakes with A.
    const d = recs(app, "D");
    eq(d.length, 2);
    eq(d[1].status, Status.PEER_DEAD);
    eq(d[1].sender, currentId(1));
    eq(d[1].tick, 3);
  });

  it("when C replies to the dead B, C gets PEER_DEAD and carries on; C is not faulted", () => {
    const app = chain(bTimesOutThenThrows);
    app.tasks[4] = scripted("sup", 0, [() => sys.sleep(1000)], { supervisor: true });
    const sim = simulate(app);
    sim.runFor(30000);
    const c = (app.tasks[2].state as Script).recs;
    eq(c[0].kind, Kind.MESSAGE);
    eq(c[1].status, Status.PEER_DEAD);
    eq(taskState(2), TaskState.SLEEPING);
  });

  it("B restarted by the supervisor while waiting for C: A and the queued D wake with PEER_DEAD; C's reply to the old B gets PEER_DEAD", () => {
    const app = chain(bWaitsForever);
    const sim = simulate(app);
    sim.runFor(30000);
    const a = recs(app, "A");
    eq(a[0].status, Status.PEER_DEAD);
    eq(a[0].tick, 4);
    // The id A sees is B's new one: generation 1.
    eq(a[0].sender, (1 << 8) | 1);
    const d = recs(app, "D");
    eq(d[1].status, Status.PEER_DEAD);
    eq(d[1].tick, 4);
    const c = (app.tasks[2].state as Script).recs;
    eq(c[1].status, Status.PEER_DEAD);
    eq(recs(app, "sup")[1].status, Status.OK);
  });
});
