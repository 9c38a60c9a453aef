/**
 * Property: random valid systems running random programs (bad syscalls and
 * throws included) keep every kernel invariant after every step, deliver
 * every message at most once (exactly once when its sender was told OK),
 * and never deliver a message whose sender got a refusal. fast-check shrinks
 * a failure to a small system. CI runs a bounded number of cases;
 * `npm run soak` runs many more.
 */
import fc from "fast-check";
import { describe, it, ok } from "#spec";
import { runSystem, systemArb } from "../lib/random-system";

describe("random systems", () => {
  it("keep the invariants and deliver every message at most once, exactly once when told OK", () => {
    let steps = 0;
    fc.assert(
      fc.property(systemArb(), (spec) => {
        steps += runSystem(spec, 60000).steps;
      }),
      { numRuns: 150, seed: 20261121 },
    );
    ok(steps > 10000, "ran " + steps + " steps");
  });
});
