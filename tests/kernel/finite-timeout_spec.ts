import { Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

describe("finite timeout", () => {
  it("recv, send, call and wait return TIMEOUT at exactly the tick the timeout ends", () => {
    const app = {
      name: "tf",
      tasks: [
        scripted("t", 1, [
          () => sys.recv(1, 5),
          () => sys.send(0, 1, 0, 0, 0, 7),
          () => sys.call(0, 1, 0, 0, 0, 3),
          () => sys.wait(0, 4),
        ], { send: ["ep"], call: ["ep"] }),
        scripted("owner", 2, [() => sys.sleep(1000)]),
      ],
      endpoints: [{ name: "ep", owner: "owner" }, { name: "mine", owner: "t" }],
      notifications: [{ name: "n", owner: "t" }],
      downhill: [["t", "ep"]],
    };
    const sim = simulate(app);
    sim.runFor(30000);
    const r = recs(app, "t");
    eq(r.length, 4);
    for (let i = 0; i < 4; i++) eq(r[i].status, Status.TIMEOUT);
    eq(r[0].tick, 5);
    eq(r[1].tick, 12);
    eq(r[2].tick, 15);
    eq(r[3].tick, 19);
  });

  it("a call's timeout covers the wait for the reply too", () => {
    const app = {
      name: "tc",
      tasks: [
        // The server takes the call and never replies.
        scripted("server", 1, [() => sys.recv(0), () => sys.sleep(1000)]),
        scripted("client", 2, [() => sys.call(0, 1, 0, 0, 0, 6), () => sys.yield()], { call: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "server" }],
    };
    const sim = simulate(app);
    sim.runFor(20000);
    const c = recs(app, "client");
    eq(c[0].status, Status.TIMEOUT);
    eq(c[0].tick, 6);
    eq(recs(app, "server").length, 1);
  });
});
