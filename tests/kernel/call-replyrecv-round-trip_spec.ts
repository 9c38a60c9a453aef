import { Kind, Status, Task, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, settle, simulate } from "../lib/harness";

describe("call + replyRecv round trip", () => {
  it("the caller gets the server's reply; the server is back in receive and gets the next call", () => {
    const server = (t: Task<Script>) => {
      if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, t.label + 100, t.w1 * 2, 0, 0, 0);
      return sys.recv(0);
    };
    const app = {
      name: "rt",
      tasks: [
        { name: "server", priority: 1, step: server, state: new Script([]) },
        scripted("client", 2, [() => sys.call(0, 1, 21, 0, 0), () => sys.call(0, 2, 50, 0, 0)], { call: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "server" }],
    };
    const sim = simulate(app);
    settle(sim);
    const r = recs(app, "client");
    eq(r.length, 2);
    eq(r[0].status, Status.OK);
    eq(r[0].kind, Kind.REPLY);
    eq(r[0].sender, 0);
    eq(r[0].label, 101);
    eq(r[0].w1, 42);
    eq(r[1].label, 102);
    eq(r[1].w1, 100);
  });
});
