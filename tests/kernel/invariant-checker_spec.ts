/**
 * White-box: breaks the kernel's tables (K) behind its back — a queue link,
 * a ready bit, a priority, a task's state — to show that the invariant
 * checker names each break. The test kit (sim/testing.ts) only reads, so
 * these specs reach into the tables themselves.
 */
import { Task, sys } from "../../kernel/index";
import { checkInvariants } from "../../kernel/checked";
import { K } from "../../kernel/tables";
import { describe, eq, it, throws } from "#spec";
import { Script, scripted, settle, simulate } from "../lib/harness";

/**
 * Boots a small system: the receiver rx sleeps while tx, tx2 and tx3
 * (priorities 1, 2, 5) are queued on its endpoint in that order, and spin
 * sleeps after two yields.
 */
function busy() {
  const app = {
    name: "inv",
    tasks: [
      scripted("rx", 3, [() => sys.sleep(50), () => sys.recv(0)]),
      scripted("tx", 1, [() => sys.send(0, 1, 0, 0, 0)], { send: ["ep"] }),
      scripted("tx2", 2, [() => sys.send(0, 2, 0, 0, 0)], { send: ["ep"] }),
      scripted("spin", 4, [() => sys.yield(), () => sys.yield()]),
      scripted("tx3", 5, [() => sys.send(0, 3, 0, 0, 0)], { send: ["ep"] }),
    ],
    endpoints: [{ name: "ep", owner: "rx" }],
  };
  const sim = simulate(app);
  settle(sim);
  checkInvariants();
  return sim;
}

describe("the invariant checker", () => {
  it("passes on a consistent kernel", () => {
    busy();
    checkInvariants();
  });

  it("catches a blocked task missing from its queue", () => {
    busy();
    // tx3, the tail, is unlinked: the head (and so rx's donated priority) is unchanged.
    const q = K.inQueue[4];
    eq(K.qTail[q], 4);
    const p = K.prev[4];
    K.next[p] = -1;
    K.qTail[q] = p;
    K.prev[4] = -1;
    K.inQueue[4] = -1;
    throws(() => checkInvariants());
  });

  it("catches a send queue out of priority order", () => {
    busy();
    // Relinked as tx, tx3, tx2: every link consistent, the head unchanged, priorities 1, 5, 2.
    const q = K.inQueue[1];
    eq(K.qHead[q], 1);
    K.next[1] = 4;
    K.prev[4] = 1;
    K.next[4] = 2;
    K.prev[2] = 4;
    K.next[2] = -1;
    K.qTail[q] = 2;
    throws(() => checkInvariants());
  });

  it("catches a lost wake-up: a receiver waiting while a sender is queued", () => {
    const app = {
      name: "lost",
      tasks: [scripted("rx", 1, [() => sys.recv(0)]), scripted("idle", 2, [() => sys.sleep(5)])],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    settle(sim);
    // Queue task 1 on the endpoint by hand, as a broken send would.
    const q = K.qSend;
    K.inQueue[1] = q;
    K.qHead[q] = 1;
    K.qTail[q] = 1;
    K.state[1] = 1;
    K.partner[1] = 0;
    K.inTimer[1] = 0;
    K.timerHead = -1;
    throws(() => checkInvariants());
  });

  it("catches a wrong effective priority", () => {
    busy();
    K.prio[3] = 0;
    throws(() => checkInvariants());
  });

  it("runs after every step: a step that corrupts the tables stops the run at once", () => {
    let steps = 0;
    const vandal = (_t: Task<Script>) => {
      steps++;
      if (steps === 3) K.readyBits = 0;
      return sys.yield();
    };
    const app = { name: "v", tasks: [{ name: "v", priority: 1, step: vandal, state: new Script([]) }] };
    const sim = simulate(app);
    throws(() => sim.runFor(1000));
    eq(steps, 3);
  });
});
