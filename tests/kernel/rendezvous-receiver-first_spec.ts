import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("rendezvous, receiver first", () => {
  it("a receiver waiting in recv gets the message the moment a sender sends", () => {
    const app = {
      name: "rv1",
      tasks: [
        scripted("rx", 1, [() => sys.recv(0)]),
        scripted("tx", 2, [() => sys.send(0, 7, 11, 22, 33)], { send: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    settle(sim);
    const r = recs(app, "rx");
    eq(r.length, 1);
    eq(r[0].status, Status.OK);
    eq(r[0].kind, Kind.MESSAGE);
    eq(r[0].sender, 1);
    eq(r[0].label, 7);
    eq(r[0].w1, 11);
    eq(r[0].w2, 22);
    eq(r[0].w3, 33);
    const s = recs(app, "tx");
    eq(s[0].status, Status.OK);
    eq(s[0].kind, Kind.NONE);
  });
});
