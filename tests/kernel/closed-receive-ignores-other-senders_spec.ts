import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("closed receive", () => {
  it("recvFrom takes only the named task's message; other queued senders stay queued, in order", () => {
    const app = {
      name: "cr",
      tasks: [
        scripted("a", 1, [() => sys.send(0, 1, 0, 0, 0)], { send: ["ep"] }),
        scripted("b", 2, [() => sys.send(0, 2, 0, 0, 0)], { send: ["ep"] }),
        scripted("rx", 3, [() => sys.recvFrom(0, 1), () => sys.recv(0)]),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    settle(sim);
    const r = recs(app, "rx");
    eq(r.length, 2);
    eq(r[0].sender, 1);
    eq(r[0].label, 2);
    eq(r[1].sender, 0);
    eq(r[1].label, 1);
    eq(recs(app, "a")[0].status, Status.OK);
  });

  it("a receiver closed on one task is not woken by another; it is when that task sends", () => {
    const app = {
      name: "cr2",
      tasks: [
        scripted("rx", 1, [() => sys.recvFrom(0, 2)]),
        scripted("other", 2, [() => sys.send(0, 9, 0, 0, 0, 0)], { send: ["ep"] }),
        scripted("friend", 3, [() => sys.sleep(2), () => sys.send(0, 8, 0, 0, 0)], { send: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    settle(sim);
    eq(recs(app, "other")[0].status, Status.WOULD_BLOCK);
    eq(recs(app, "rx").length, 0);
    sim.runFor(3000);
    const r = recs(app, "rx");
    eq(r.length, 1);
    eq(r[0].kind, Kind.MESSAGE);
    eq(r[0].label, 8);
  });
});
