/**
 * The bench counts allocation while the round trips run
 * (tools/bench/node-ipc.ts's `allocation`: V8's heap in use, read without
 * collecting, plus what every collection meanwhile freed), so a kernel or a
 * step that allocates is reported as allocating, and one that does not as 0.
 */
import { bench } from "../../apps/bench/app";
import { AppDesc, Kind, Task, run, sys } from "../../kernel/index";
import { allocatingLoop, allocation, bootBench, checkKernelCounter, clientCounter } from "../../tools/bench/node-ipc";
import { describe, eq, it, ok } from "#spec";

const N = 100000;

interface Kept {
  n: number;
  last: { w: number; text: string } | undefined;
}

/** apps/bench's client, except that each step keeps the reply as a new object holding a new string. */
function allocatingClient(t: Task<Kept>): void {
  const s = t.state;
  if (t.kind === Kind.REPLY) {
    s.n = t.w1;
    s.last = { w: t.w1, text: "reply " + t.w1 };
  }
  return sys.call(0, 1, s.n, 0, 0);
}

const allocatingBench: AppDesc = {
  ...bench,
  name: "bench-allocating-client",
  tasks: [bench.tasks[0], { ...bench.tasks[1], step: allocatingClient, state: { n: 0, last: undefined } }],
};

/** What `roundTrips` round trips of the booted bench allocate, after as many to warm up; checks the client's counter. */
function roundTripAllocation(roundTrips: number): { bytes: number; gcs: number } {
  run(roundTrips * 2);
  const before = clientCounter();
  const a = allocation(() => {
    run(roundTrips * 2);
  });
  checkKernelCounter(before, roundTrips);
  return a;
}

describe("the allocation count sees allocation", () => {
  it("100,000 iterations that each allocate an object and a string count at least 100,000 bytes", () => {
    allocatingLoop(N);
    const a = allocation(() => {
      allocatingLoop(N);
    });
    ok(a.bytes >= N, a.bytes + " bytes, " + a.gcs + " collections");
  });

  it("100,000 round trips of a client whose step allocates an object and a string count at least 100,000 bytes", () => {
    bootBench(allocatingBench);
    const a = roundTripAllocation(N);
    ok(a.bytes >= N, a.bytes + " bytes, " + a.gcs + " collections");
  });
});

describe("the allocation count counts nothing where nothing is allocated", () => {
  // Under 1,000 bytes, not 0: V8 may allocate a few bytes of its own (compiled code, feedback) while a
  // busy machine runs the loop; one allocation per iteration would count at least 1,600,000.
  it("a loop of 100,000 integer additions counts under 1,000 bytes and no collection", () => {
    let c = 0;
    const add = (): void => {
      for (let i = 0; i < N; i++) c = (c + i) | 0;
    };
    add();
    const a = allocation(add);
    ok(a.bytes < 1000, a.bytes + " bytes");
    eq(a.gcs, 0);
    // 2 x (0 + 1 + ... + 99,999), wrapped to 32 bits: both loops ran.
    eq(c, 1409965408);
  });
});

describe("the kernel's round trips allocate nothing", () => {
  it("100,000 call + replyRecv round trips of apps/bench count under 1,000 bytes (none per round trip) and no collection", () => {
    bootBench(bench);
    const a = roundTripAllocation(N);
    ok(a.bytes < 1000, a.bytes + " bytes");
    eq(a.gcs, 0);
  });
});
