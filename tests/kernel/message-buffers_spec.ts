import { Kind, Status, Task, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, recs, scripted, simulate } from "../lib/harness";

function fill(t: Task<Script>, text: string): void {
  for (let i = 0; i < text.length; i++) t.buf[i] = text.charCodeAt(i);
  t.out = text.length;
}

function text(t: Task<Script>): string {
  let s = "";
  for (let i = 0; i < t.len; i++) s += String.fromCharCode(t.buf[i]);
  return s;
}

describe("message buffers", () => {
  it("bytes of the sender's buffer are copied into the receiver's, up to its size; truncation is reported", () => {
    const got: string[] = [];
    const rx = (t: Task<Script>) => {
      t.state.next++;
      if (t.kind === Kind.MESSAGE) {
        got.push(text(t) + "/" + t.len + "/" + t.offered);
        // Reply with a longer text than the caller's buffer holds.
        fill(t, "a reply of 24 bytes ....");
        return sys.replyRecv(t.sender, 0, 0, 0, 0, 0);
      }
      return sys.recv(0);
    };
    const tx = (t: Task<Script>) => {
      t.state.next++;
      if (t.state.next === 1) {
        fill(t, "hello, baton");
        return sys.call(0, 1, 0, 0, 0);
      }
      if (t.kind === Kind.REPLY) got.push(text(t) + "/" + t.len + "/" + t.offered);
      t.out = 0;
      if (t.state.next === 2) return sys.call(0, 2, 0, 0, 0);
      return sys.sleep(100);
    };
    const app = {
      name: "buf",
      tasks: [
        { name: "rx", priority: 1, step: rx, state: new Script([]), buffer: 24 },
        { name: "tx", priority: 2, step: tx, state: new Script([]), buffer: 12, rights: { call: ["ep"] } },
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    sim.runFor(5000);
    eq(got[0], "hello, baton/12/12");
    eq(got[1], "a reply of 2/12/24");
    // A message without bytes leaves len 0.
    eq(got[2], "/0/0");
  });

  it("an out count larger than the task's own buffer is BAD_ARG, and nothing is sent", () => {
    const tx = (t: Task<Script>) => {
      t.state.next++;
      if (t.state.next === 1) {
        t.out = 5;
        return sys.send(0, 0, 0, 0, 0, 0);
      }
      t.state.recs.push({ status: t.status, kind: t.kind, sender: 0, label: 0, w1: 0, w2: 0, w3: 0, tick: 0, us: 0 });
      return sys.sleep(100);
    };
    const app = {
      name: "buf2",
      tasks: [scripted("rx", 1, [() => sys.recv(0)]), { name: "tx", priority: 2, step: tx, state: new Script([]), buffer: 4, rights: { send: ["ep"] } }],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    sim.runFor(5000);
    eq((app.tasks[1].state as Script).recs[0].status, Status.BAD_ARG);
    eq(recs(app, "rx").length, 0);
  });
});
