import { Kind, Status, Task, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

describe("deferred replies", () => {
  it("a server holding two callers answers them in the other order", () => {
    const held: number[] = [];
    const server = (t: Task<Script>) => {
      if (t.kind === Kind.MESSAGE) held.push(t.sender);
      if (held.length < 2) return sys.recv(0);
      if (held.length === 2) {
        // Answer the second caller first.
        const second = held[1];
        held.push(-1);
        return sys.reply(second, 2, 1, 0, 0);
      }
      const first = held[0];
      held.splice(0, held.length);
      return sys.replyRecv(first, 1, 2, 0, 0, 0);
    };
    const app = {
      name: "dr",
      tasks: [
        { name: "server", priority: 1, step: server, state: new Script([]) },
        scripted("c1", 2, [() => sys.call(0, 0, 0, 0, 0)], { call: ["ep"] }),
        scripted("c2", 3, [() => sys.call(0, 0, 0, 0, 0)], { call: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "server" }],
    };
    const sim = simulate(app);
    sim.runFor(10000);
    const a = recs(app, "c1");
    const b = recs(app, "c2");
    eq(a[0].status, Status.OK);
    eq(a[0].label, 1);
    eq(b[0].status, Status.OK);
    eq(b[0].label, 2);
    // w1 carries the order of the replies: c2 was answered first.
    eq(b[0].w1, 1);
    eq(a[0].w1, 2);
  });

  it("reply to a task that is not waiting for this task's reply is NOT_WAITING", () => {
    const app = {
      name: "dr2",
      tasks: [scripted("s", 1, [() => sys.reply(1, 0, 0, 0, 0)]), scripted("x", 2, [() => sys.sleep(100)])],
    };
    const sim = simulate(app);
    sim.runFor(1000);
    eq(recs(app, "s")[0].status, Status.NOT_WAITING);
  });
});
