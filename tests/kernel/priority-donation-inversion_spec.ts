import { Kind, Task, sys, taskPriority } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

/**
 * The classic inversion: high (0) calls a server of low priority (5) while a
 * busy medium task (3) is ready. Without donation the medium task would run
 * before the server and delay high; with donation the server runs at high's
 * priority and high gets its reply first.
 */
describe("priority donation", () => {
  function build(log: string[]) {
    const server = (t: Task<Script>) => {
      log.push("server@" + taskPriority(0));
      if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, 1, 0, 0, 0, 0);
      return sys.recv(0);
    };
    const medium = (t: Task<Script>) => {
      log.push("medium");
      t.state.next++;
      if (t.state.next < 20) return sys.yield();
      return sys.sleep(1000);
    };
    const high = (t: Task<Script>) => {
      if (t.kind === Kind.REPLY) {
        log.push("high got reply");
        return sys.sleep(1000);
      }
      log.push("high calls");
      return sys.call(0, 1, 0, 0, 0);
    };
    return {
      name: "inv",
      tasks: [
        { name: "server", priority: 5, step: server, state: new Script([]) },
        { name: "high", priority: 0, step: high, state: new Script([]), rights: { call: ["ep"] } },
        { name: "medium", priority: 3, step: medium, state: new Script([]) },
        scripted("starter", 4, [() => sys.sleep(1000)]),
      ],
      endpoints: [{ name: "ep", owner: "server" }],
      downhill: [["high", "ep"]],
    };
  }

  it("a high task calling a low server is not delayed by a busy medium task", () => {
    const log: string[] = [];
    const app = build(log);
    const sim = simulate(app);
    // high runs first and calls while the server has not yet reached recv:
    // high waits in the send queue and donates priority 0 to the server.
    sim.runFor(100000);
    const iHigh = log.indexOf("high got reply");
    const iMed = log.indexOf("medium");
    eq(log[0], "high calls");
    eq(log[1], "server@0");
    eq(iHigh >= 0 && iHigh < iMed, true);
  });

  it("the server is back at its own priority once the reply is sent", () => {
    const log: string[] = [];
    const app = build(log);
    const sim = simulate(app);
    sim.runFor(100000);
    eq(taskPriority(0), 5);
  });

  it("donation follows a chain: a caller queued on front's endpoint while front waits for back's reply raises back too; both drop back after the replies", () => {
    // back's priority, and front's, when back's step after its sleep starts.
    const seen: number[] = [];
    const back = (t: Task<Script>) => {
      const s = t.state;
      s.next++;
      if (s.next === 1) return sys.recv(1);
      if (s.next === 2) {
        s.recs.push({ status: t.status, kind: t.kind, sender: t.sender, label: t.label, w1: 0, w2: 0, w3: 0, tick: 0, us: 0 });
        // Holds front's call while high arrives at tick 1.
        return sys.sleep(2);
      }
      if (s.next === 3) {
        seen.push(taskPriority(0));
        seen.push(taskPriority(1));
        return sys.reply(s.recs[0].sender, 0, 0, 0, 0);
      }
      return sys.recv(1);
    };
    const front = (t: Task<Script>) => {
      const s = t.state;
      s.next++;
      if (s.next === 1) return sys.call(1, 0, 0, 0, 0);
      if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, 0, 0, 0, 0, 0);
      return sys.recv(0);
    };
    const app = {
      name: "chain",
      tasks: [
        { name: "back", priority: 6, step: back, state: new Script([]) },
        { name: "front", priority: 5, step: front, state: new Script([]), rights: { call: ["back"] } },
        scripted("high", 0, [() => sys.sleep(1), () => sys.call(0, 0, 0, 0, 0)], { call: ["front"] }),
      ],
      endpoints: [{ name: "front", owner: "front" }, { name: "back", owner: "back" }],
      downhill: [["high", "front"], ["front", "back"]],
    };
    const sim = simulate(app);
    sim.runFor(100000);
    // high waits on front, which waits on back: back runs at high's priority 0, and so does front.
    eq(seen[0], 0);
    eq(seen[1], 0);
    eq(taskPriority(0), 6);
    eq(taskPriority(1), 5);
    const h = recs(app, "high");
    eq(h.length, 2);
    eq(h[1].kind, Kind.REPLY);
  });
});
