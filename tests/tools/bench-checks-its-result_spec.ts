/**
 * `npm run bench` checks what it times (tools/bench/node-ipc.ts): after the
 * kernel's round trips the client's counter must have grown by exactly the
 * round trips run, and a baseline loop must return its count; otherwise the
 * measurement throws and the bench stops with that message and exit 1,
 * instead of printing a figure for work that was not done.
 */
import { bench, directRoundTrips, realCallRoundTrips } from "../../apps/bench/app";
import { AppDesc, Status, taskCtx } from "../../kernel/index";
import { bootBench, clientCounter, kernelRoundTrips, timeBaseline } from "../../tools/bench/node-ipc";
import { describe, eq, it, ok, throws } from "#spec";

/** apps/bench with the client's right to call the server taken away: each of its calls returns NO_RIGHTS. */
const noCallRight: AppDesc = { ...bench, name: "bench-no-call-right", tasks: [bench.tasks[0], { ...bench.tasks[1], rights: {} }] };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

describe("the bench refuses round trips whose calls fail", () => {
  it("a client without the call right gets NO_RIGHTS, its counter stays 0, and the measurement throws naming NO_RIGHTS and the expected 1000", () => {
    bootBench(noCallRight);
    const e = message(throws(() => kernelRoundTrips(1000)));
    eq(taskCtx(1).status, Status.NO_RIGHTS);
    eq(clientCounter(), 0);
    ok(e.indexOf("returned NO_RIGHTS") >= 0, e);
    ok(e.indexOf("from 0 to 0 over 1000 round trips; expected 1000") >= 0, e);
  });
});

describe("the bench accepts the round trips of its own app", () => {
  it("1000 round trips of apps/bench grow the client's counter by 1000, twice, and each measurement returns a time of 0 s or more", () => {
    bootBench(bench);
    const start = clientCounter();
    ok(kernelRoundTrips(1000) >= 0);
    eq(clientCounter(), start + 1000);
    ok(kernelRoundTrips(1000) >= 0);
    eq(clientCounter(), start + 2000);
    eq(taskCtx(1).status, Status.OK);
  });
});

describe("the bench refuses a baseline that does not return its count", () => {
  it("a loop returning one less than its count throws, naming the baseline and the expected count; the two baselines of apps/bench return theirs", () => {
    const e = message(throws(() => timeBaseline("short loop", (n: number) => n - 1, 1000)));
    ok(e.indexOf("short loop: the counter went from 0 to 999 over 1000 round trips; expected 1000") >= 0, e);
    eq(directRoundTrips(1000), 1000);
    eq(realCallRoundTrips(1000), 1000);
    ok(timeBaseline("real call", realCallRoundTrips, 1000) >= 0);
  });
});
