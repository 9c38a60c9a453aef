/**
 * A task still ready after its step goes to the back of its priority, even
 * when its step moved it there from another priority and woke a task of
 * that priority behind it: equal priorities take turns.
 *
 * Server s (priority 5) holds the call of h (priority 0), so it runs at 0;
 * x (5) is ready and z (5) waits in s's send queue. s's replyRecv answers h
 * (s drops back to 5, to the tail of priority 5, behind x) and takes z's
 * message (z wakes, behind s). s is still ready, so it goes behind z: the
 * order at priority 5 is x, z, s.
 */
import { Kind, Status, Task, sys } from "../../kernel/index";
import { describe, eq, it, same } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

const EP = 0;

describe("a task still ready after its step goes to the back of its priority", () => {
  it("behind a task its own step woke at that priority", () => {
    const order: string[] = [];
    const log = (name: string, act: (t: Task<Script>) => void) => (t: Task<Script>) => {
      order.push(name);
      act(t);
    };
    const app = {
      name: "back",
      tasks: [
        scripted("h", 0, [log("h", () => sys.sleep(1)), log("h", () => sys.call(EP, 1, 0, 0, 0)), log("h", () => sys.sleep(1000))], { call: ["e"] }),
        scripted("s", 5, [
          log("s", () => sys.sleep(2)),
          log("s", () => sys.recv(EP)),
          log("s", (t) => sys.replyRecv(t.sender, 2, 0, 0, 0, EP)),
          log("s", () => sys.sleep(1000)),
        ]),
        scripted("z", 5, [log("z", () => sys.send(EP, 3, 0, 0, 0)), log("z", () => sys.sleep(1000))], { send: ["e"] }),
        scripted("x", 5, [log("x", () => sys.sleep(2)), log("x", () => sys.yield()), log("x", () => sys.sleep(1000))]),
      ],
      endpoints: [{ name: "e", owner: "s" }],
      downhill: [["h", "e"]],
    };
    const sim = simulate(app);
    sim.runFor(20000);
    // s took h's call, then z's message in its replyRecv.
    eq(recs(app, "s")[1].kind, Kind.MESSAGE);
    eq(recs(app, "s")[1].label, 1);
    eq(recs(app, "s")[2].kind, Kind.MESSAGE);
    eq(recs(app, "s")[2].label, 3);
    eq(recs(app, "h")[1].kind, Kind.REPLY);
    eq(recs(app, "z")[0].status, Status.OK);
    // After s's replyRecv: h (priority 0), then x, z, s at priority 5.
    // h, s, z (queued), x; tick 1: h calls (queued first); tick 2: s takes h's call, then its replyRecv.
    same(order.slice(0, 7), ["h", "s", "z", "x", "h", "s", "s"]);
    same(order.slice(7, 11), ["h", "x", "z", "s"]);
  });
});
