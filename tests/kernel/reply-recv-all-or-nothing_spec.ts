/**
 * replyRecv is all or nothing: its receive half (endpoint, receive right,
 * timeout) is checked before the reply is sent, so a refused receive sends
 * nothing and the caller still waits for the reply; the receive half is
 * checked before the reply's own arguments.
 */
import { AppDesc, Kind, Status, Task, TaskState, sys, taskState } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

const EP_S = 0;
const EP_O = 1;
const C = 1;

/** The client's state when the server's step after the refused replyRecv starts. */
let clientAfter = -1;

/**
 * The server takes the client's call, issues `bad` (a replyRecv that must be
 * refused), then notes the client's state and replies with label 8. Returns
 * the app after the run.
 */
function run(bad: (t: Task<Script>) => void): AppDesc {
  clientAfter = -1;
  const then = (t: Task<Script>) => {
    clientAfter = taskState(C);
    sys.reply(t.state.recs[0].sender, 8, 0, 0, 0);
  };
  const app: AppDesc = {
    name: "reply-recv-all-or-nothing",
    tasks: [
      scripted("s", 1, [() => sys.recv(EP_S), bad, then]),
      scripted("c", 2, [() => sys.call(EP_S, 1, 0, 0, 0)], { call: ["s"] }),
      scripted("o", 3, [() => sys.recv(EP_O)]),
    ],
    endpoints: [{ name: "s", owner: "s" }, { name: "o", owner: "o" }],
  };
  const sim = simulate(app);
  sim.runFor(20000);
  return app;
}

/** The refused replyRecv gets `code`; the caller got no reply from it, and the later reply reached it. */
function refused(bad: (t: Task<Script>) => void, code: Status): void {
  const app = run(bad);
  const s = recs(app, "s");
  eq(s[1].status, code);
  eq(s[1].kind, Kind.NONE);
  eq(clientAfter, TaskState.REPLY_BLOCKED);
  // The later plain reply found the caller still waiting.
  eq(s[2].status, Status.OK);
  const c = recs(app, "c");
  eq(c.length, 1);
  eq(c[0].kind, Kind.REPLY);
  eq(c[0].label, 8);
}

describe("replyRecv is all or nothing: a refused replyRecv sends nothing, and the caller still waits", () => {
  {
    const paths = "";
    it("an endpoint id out of range -> BAD_ID" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 7, 0, 0, 0, 5), Status.BAD_ID);
    });
    it("an endpoint without the receive right -> NO_RIGHTS" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 7, 0, 0, 0, EP_O), Status.NO_RIGHTS);
    });
    it("a timeout below FOREVER -> BAD_ARG" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 7, 0, 0, 0, EP_S, -5), Status.BAD_ARG);
    });
    it("a fractional timeout -> BAD_ARG" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 7, 0, 0, 0, EP_S, 1.5), Status.BAD_ARG);
    });
    it("the receive half is checked first: no receive right and a bad word -> NO_RIGHTS" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 0.5, 0, 0, 0, EP_O), Status.NO_RIGHTS);
    });
    it("the receive half is checked first: a bad timeout and a task id out of range -> BAD_ARG" + paths, () => {
      refused((_t) => sys.replyRecv(300, 7, 0, 0, 0, EP_S, -5), Status.BAD_ARG);
    });
    it("the reply half is checked before anything is sent: a bad word -> BAD_ARG" + paths, () => {
      refused((t) => sys.replyRecv(t.sender, 7, 0.5, 0, 0, EP_S), Status.BAD_ARG);
    });
  }
});
