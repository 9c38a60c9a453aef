/**
 * Property: random systems running random programs (see
 * tests/lib/random-system.ts) give the same trace with the kernel's IPC
 * fast paths as with the general path only, line for line: systems of
 * every kind of program, and IPC-heavy ones (calls, replyRecv and receives
 * mostly without timeouts, with some sends, replies, yields, restarts and
 * throws) where the fast paths run often.
 */
import fc from "fast-check";
import { describe, eq, it, ok } from "#spec";
import { runSystem, systemArb } from "../lib/random-system";

function sameTraces(arb: ReturnType<typeof systemArb>, runs: number): number {
  let fast = 0;
  fc.assert(
    fc.property(arb, (spec) => {
      const g = runSystem(spec, 40000, true);
      const f = runSystem(spec, 40000, false);
      eq(g.fast, 0);
      eq(f.lines.length, g.lines.length);
      for (let l = 0; l < g.lines.length; l++) if (f.lines[l] !== g.lines[l]) eq(f.lines[l], g.lines[l]);
      fast += f.fast;
    }),
    { numRuns: runs, seed: 20261121 },
  );
  return fast;
}

describe("IPC fast paths on random systems", () => {
  it("give the same trace as the general path on systems of every kind of program", () => {
    sameTraces(systemArb(), 60);
  });
  it("give the same trace as the general path on IPC-heavy systems, where they run often", () => {
    // 1 call, 6 replyRecv, 2 recv, 0 send, 5 reply, 8 yield, 13 restart, 15 throw, 20 reply to a bad id.
    const fast = sameTraces(systemArb([1, 1, 1, 6, 6, 6, 2, 0, 5, 8, 13, 15, 20]), 120);
    ok(fast > 200, fast + " fast transfers");
  });
});
