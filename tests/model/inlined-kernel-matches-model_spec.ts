/**
 * The kernel as board bundles have it, with its `@inline` calls expanded
 * (tools/inline.ts), against the reference model: the expansion is written
 * to a copy of the project and the differential test (tests/lib/lockstep.ts)
 * runs there on seeded random systems. (The Lua
 * build of the differential test, dist/lua/diff.lua, runs the expanded
 * kernel too.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it, ok } from "#spec";
import { writeInlinedTree } from "../../tools/inline";

describe("the kernel with its @inline calls expanded, against the reference model", () => {
  it("agrees after every step on seeded random systems", async () => {
    const root = resolve(".");
    const dir = mkdtempSync(join(root, "out", "inlined-spec-"));
    try {
      const expanded = writeInlinedTree(root, dir);
      ok(expanded > 20, expanded + " calls expanded");
      const ls = (await import(join(dir, "tests/lib/lockstep.ts"))) as typeof import("../lib/lockstep");
      const rp = (await import(join(dir, "tests/lib/random-programs.ts"))) as typeof import("../lib/random-programs");
      let steps = 0;
      for (let s = 0; s < 120; s++) {
        const spec = rp.randomSpec(new rp.SpecRand(31337 + s), s % 2 === 0 ? rp.IPC_KINDS : undefined);
        steps += ls.lockstep(spec, 100000).steps;
      }
      ok(steps > 30000, steps + " steps compared");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
