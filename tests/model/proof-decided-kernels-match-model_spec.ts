/**
 * The build's proofs (tools/proofs.ts) against the reference model: random
 * endpoint-only systems, drawn in classes where each proof's fact holds and
 * where it does not (tests/lib/proof-variants.ts), run on the kernel with
 * its `@inline` calls expanded and the constants the proofs decide for each
 * system, in lockstep with the model. Every proof's switch is off for some
 * systems and on for others.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it, ok } from "#spec";
import { PROOF_SWITCHES, switchableTree } from "../lib/proof-variants";

describe("kernels as the build's proofs decide them, against the reference model", () => {
  it("agree after every step on seeded random systems, with each proof's work left out for some and kept for others", async () => {
    const root = resolve(".");
    mkdirSync(join(root, "out"), { recursive: true });
    const dir = join(root, "out", "proof-variants-spec");
    switchableTree(root, dir);
    const features = (await import(join(dir, "kernel/features.ts"))) as { setFeatures: (v: Map<string, boolean | number>) => void };
    const pv = (await import(join(dir, "tests/lib/proof-variants.ts"))) as typeof import("../lib/proof-variants");
    const run = pv.runProofSystems(features.setFeatures, 7100, 120, 60000);
    for (const k of PROOF_SWITCHES) {
      ok(run.off.get(k)! >= 10, k + " off in " + run.off.get(k) + " systems");
      ok(run.on.get(k)! >= 10, k + " on in " + run.on.get(k) + " systems");
    }
    ok(run.steps > 10000, run.steps + " steps compared");
  });
});
