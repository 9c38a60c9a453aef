/**
 * A reply reaches only a caller waiting for this very task's reply. A
 * client calls a server, which holds the reply; a third task, one the call
 * never reached, replies to the client's id: it gets NOT_WAITING, and the
 * client still waits, then gets its server's reply. So too when the third
 * task did receive a message from the client before (a send, not this
 * call).
 */
import { Kind, Status, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const SRV = 0;
const CLI = 1;

describe("a reply from a task the caller does not wait for gets NOT_WAITING", () => {
  it("and the caller keeps waiting for its server's reply", () => {
    const a = {
      name: "third",
      tasks: [
        scripted("srv", 1, [
          () => sys.recv(0),
          // Hold the reply while the third task replies.
          () => sys.sleep(2),
          (t) => sys.reply(t.state.recs[0].sender, 11, 1, 2, 3),
        ]),
        scripted("cli", 2, [() => sys.call(0, 5, 0, 0, 0)], { call: ["ep"] }),
        scripted("other", 3, [() => sys.reply(CLI, 99, 9, 9, 9)]),
      ],
      endpoints: [{ name: "ep", owner: "srv" }],
    };
    const sim = simulate(a);
    sim.runFor(20000);
    const s = recs(a, "srv");
    const c = recs(a, "cli");
    const o = recs(a, "other");
    eq(s[0].kind, Kind.MESSAGE);
    eq(s[0].sender, CLI);
    eq(o[0].status, Status.NOT_WAITING);
    // The client's one result is its server's reply, which came after the third task's.
    eq(s[2].status, Status.OK);
    eq(c[0].status, Status.OK);
    eq(c[0].kind, Kind.REPLY);
    eq(c[0].sender, SRV);
    eq(c[0].label, 11);
    eq(c[0].w1, 1);
    eq(o[0].tick < s[2].tick, true, "the third task replied first");
  });

  it("even when that task received a message from the caller before", () => {
    const a = {
      name: "third2",
      tasks: [
        scripted("srv", 1, [
          () => sys.recv(0),
          () => sys.sleep(2),
          (t) => sys.reply(t.state.recs[0].sender, 11, 0, 0, 0),
        ]),
        scripted("cli", 2, [() => sys.send(1, 7, 0, 0, 0), () => sys.call(0, 5, 0, 0, 0)], { send: ["ep2"], call: ["ep"] }),
        scripted("other", 3, [() => sys.recv(1), (t) => sys.reply(t.state.recs[0].sender, 99, 0, 0, 0)]),
      ],
      endpoints: [
        { name: "ep", owner: "srv" },
        { name: "ep2", owner: "other" },
      ],
    };
    const sim = simulate(a);
    sim.runFor(20000);
    const s = recs(a, "srv");
    const c = recs(a, "cli");
    const o = recs(a, "other");
    eq(o[0].kind, Kind.MESSAGE);
    eq(o[0].sender, CLI);
    eq(o[0].label, 7);
    eq(o[1].status, Status.NOT_WAITING);
    eq(c[0].status, Status.OK);
    eq(c[1].status, Status.OK);
    eq(c[1].kind, Kind.REPLY);
    eq(c[1].sender, SRV);
    eq(c[1].label, 11);
    eq(o[1].tick < s[2].tick, true, "the third task replied first");
  });
});
