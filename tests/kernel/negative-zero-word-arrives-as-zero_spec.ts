/**
 * A label or word of -0 is the 32-bit word 0: it arrives as +0 on every
 * path (send to a waiting receiver, send queued first, call, reply,
 * replyRecv). `1 / w` tells +0
 * (Infinity) from -0 (-Infinity) on Node and on Lua alike.
 */
import { AppDesc, Kind, Status, Task, sys } from "../../kernel/index";
import { describe, eq, it, ok } from "#spec";
import { Rec, Script, recs, scripted, simulate } from "../lib/harness";

/** -0 made at run time (Lua 5.1 may fold a literal -0 into the constant 0). */
function negate(x: number): number {
  return -x;
}
const NZ = negate(0);
const EP = 0;

/** label and w1..w3 of `r` are all +0. */
function allPlusZero(r: Rec): void {
  eq(1 / r.label, 1 / 0, "label");
  eq(1 / r.w1, 1 / 0, "w1");
  eq(1 / r.w2, 1 / 0, "w2");
  eq(1 / r.w3, 1 / 0, "w3");
}

/** Runs a server "s" (priority 1, owns the endpoint) and a client "c" (priority 2). */
function run(server: ((t: Task<Script>) => void)[], client: ((t: Task<Script>) => void)[]): AppDesc {
  const app: AppDesc = {
    name: "negative-zero",
    tasks: [scripted("s", 1, server), scripted("c", 2, client, { call: ["s"], send: ["s"] })],
    endpoints: [{ name: "s", owner: "s" }],
  };
  simulate(app).runFor(20000);
  return app;
}

describe("a word of -0 arrives as +0 on every path", () => {
  it("the test value is -0 on this host", () => {
    ok(NZ === 0, "-0 === 0");
    eq(1 / NZ, -1 / 0);
  });

  {
    const paths = "";

    it("send to a waiting receiver" + paths, () => {
      const app = run([() => sys.recv(EP)], [() => sys.send(EP, NZ, NZ, NZ, NZ)]);
      const r = recs(app, "s");
      eq(r[0].kind, Kind.MESSAGE);
      allPlusZero(r[0]);
    });

    it("send queued before the receiver comes" + paths, () => {
      const app = run([() => sys.sleep(1), () => sys.recv(EP)], [() => sys.send(EP, NZ, NZ, NZ, NZ)]);
      const r = recs(app, "s");
      eq(r[1].kind, Kind.MESSAGE);
      allPlusZero(r[1]);
    });

    it("call to a server waiting in receive, then replyRecv to the caller" + paths, () => {
      const app = run(
        [() => sys.recv(EP), (t) => sys.replyRecv(t.sender, NZ, NZ, NZ, NZ, EP)],
        [() => sys.call(EP, NZ, NZ, NZ, NZ)],
      );
      const s = recs(app, "s");
      eq(s[0].kind, Kind.MESSAGE);
      allPlusZero(s[0]);
      const c = recs(app, "c");
      eq(c[0].status, Status.OK);
      eq(c[0].kind, Kind.REPLY);
      allPlusZero(c[0]);
    });

    it("call queued before the server receives, then reply" + paths, () => {
      const app = run(
        [() => sys.sleep(1), () => sys.recv(EP), (t) => sys.reply(t.sender, NZ, NZ, NZ, NZ)],
        [() => sys.call(EP, NZ, NZ, NZ, NZ)],
      );
      const s = recs(app, "s");
      eq(s[1].kind, Kind.MESSAGE);
      allPlusZero(s[1]);
      const c = recs(app, "c");
      eq(c[0].kind, Kind.REPLY);
      allPlusZero(c[0]);
      eq(s[2].status, Status.OK, "the reply was delivered");
    });
  }
});
