import { sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { recs, scripted, settle, simulate } from "../lib/harness";

describe("send queue order", () => {
  it("queued senders are served most important first, FIFO among equal priorities", () => {
    const send = (label: number) => () => sys.send(0, label, 0, 0, 0);
    const r = { send: ["ep"] };
    const app = {
      name: "sq",
      tasks: [
        // The receiver is the least important, so every sender queues first.
        scripted("rx", 9, [() => sys.recv(0), () => sys.recv(0), () => sys.recv(0), () => sys.recv(0), () => sys.recv(0)]),
        scripted("low1", 5, [send(51)], r),
        scripted("high", 2, [send(20)], r),
        scripted("low2", 5, [send(52)], r),
        scripted("mid", 3, [send(30)], r),
        scripted("low3", 5, [send(53)], r),
      ],
      endpoints: [{ name: "ep", owner: "rx" }],
    };
    const sim = simulate(app);
    settle(sim);
    const labels: number[] = [];
    const got = recs(app, "rx");
    for (let i = 0; i < got.length; i++) labels.push(got[i].label);
    eq(labels.join(","), "20,30,51,52,53");
  });
});
