import { Kind, Task, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, settle, simulate } from "../lib/harness";

describe("direct switch", () => {
  it("a call to a waiting server runs the server next, ahead of a ready task of the caller's priority", () => {
    const order: string[] = [];
    const server = (t: Task<Script>) => {
      order.push("server");
      if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, 0, 0, 0, 0, 0);
      return sys.recv(0);
    };
    const other = (_t: Task<Script>) => {
      order.push("other");
      return sys.sleep(1000);
    };
    const client = (t: Task<Script>) => {
      order.push("client");
      if (t.kind === Kind.REPLY) return sys.sleep(1000);
      return sys.call(0, 0, 0, 0, 0);
    };
    const app = {
      name: "ds",
      tasks: [
        { name: "server", priority: 1, step: server, state: new Script([]) },
        { name: "client", priority: 2, step: client, state: new Script([]), rights: { call: ["ep"] } },
        { name: "other", priority: 2, step: other, state: new Script([]) },
      ],
      endpoints: [{ name: "ep", owner: "server" }],
    };
    const sim = simulate(app);
    settle(sim);
    eq(order.join(","), "server,client,server,other,client");
    eq(recs(app, "server").length, 0);
  });
});
