/**
 * Property: the kernel and the reference model (model/model.ts), run side
 * by side on random systems (tests/lib/lockstep.ts), agree after boot,
 * every step and every host event on everything a task or the host can
 * observe: registers and buffers, states, effective priorities, every queue
 * in order, notification words, IRQ states, counts and latency figures,
 * deadlines and the alarm, fault records, transfers, bad host calls. Systems
 * of every kind of program, IPC-heavy ones, and ones whose peers die.
 * fast-check shrinks a difference to a
 * small system. `npm run soak` runs the same at length.
 */
import fc from "fast-check";
import { describe, it, ok } from "#spec";
import { lockstep } from "../lib/lockstep";
import { IPC_KINDS, PEER_KINDS } from "../lib/random-programs";
import { systemArb } from "../lib/random-system";

function agree(arb: ReturnType<typeof systemArb>, runs: number): number {
  let steps = 0;
  fc.assert(
    fc.property(arb, (spec) => {
      steps += lockstep(spec, 100000).steps;
    }),
    { numRuns: runs, seed: 20261130 },
  );
  return steps;
}

describe("the kernel and the reference model on random systems", () => {
  it("agree after every step on systems of every kind of program", () => {
    const steps = agree(systemArb(), 200);
    ok(steps > 100000, steps + " steps compared");
  });
  it("agree after every step on IPC-heavy systems", () => {
    const steps = agree(systemArb(IPC_KINDS), 200);
    ok(steps > 50000, steps + " steps compared");
  });
  it("agree after every step on systems whose peers die (closed receives, restarts, throws)", () => {
    const steps = agree(systemArb(PEER_KINDS), 150);
    ok(steps > 30000, steps + " steps compared");
  });
});
