/**
 * A reply reaches only the call it answers. A client's call times out after
 * the server took it; the client calls the same server again, and the
 * server takes the new call: the server's late reply to the first call
 * (naming the `sender` it arrived with) gets NOT_WAITING, and the reply to
 * the second call (a new id: a new epoch) is the one the client gets.
 */
import { Kind, Status, currentId, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const CLI = 1;

describe("a late reply to a call that has ended gets NOT_WAITING", () => {
  it("even when the same caller has called again and waits for this server's reply", () => {
    const a = {
      name: "lr",
      tasks: [
        scripted("srv", 1, [
          () => sys.recv(0),
          // Too slow: the call times out at tick 3, and the client calls again.
          () => sys.sleep(5),
          () => sys.recv(0),
          (t) => sys.reply(t.state.recs[0].sender, 11, 0, 0, 0),
          (t) => sys.reply(t.state.recs[2].sender, 22, 0, 0, 0),
        ]),
        scripted("cli", 2, [() => sys.call(0, 1, 0, 0, 0, 3), () => sys.call(0, 2, 0, 0, 0)], { call: ["ep"] }),
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
    };
    const sim = simulate(a);
    sim.runFor(50000);
    const s = recs(a, "srv");
    const c = recs(a, "cli");
    eq(s[0].kind, Kind.MESSAGE);
    eq(s[0].label, 1);
    eq(s[0].sender, CLI);
    eq(c[0].status, Status.TIMEOUT);
    // The second call carries the caller's new id.
    eq(s[2].kind, Kind.MESSAGE);
    eq(s[2].label, 2);
    eq(s[2].sender, (1 << 8) | CLI);
    eq(currentId(CLI), (1 << 8) | CLI);
    // The late reply to the first call: NOT_WAITING; the reply to the second: OK.
    eq(s[3].status, Status.NOT_WAITING);
    eq(s[4].status, Status.OK);
    eq(c[1].status, Status.OK);
    eq(c[1].kind, Kind.REPLY);
    eq(c[1].label, 22);
    eq(c[1].sender, 0);
  });
});
