/**
 * A kernel built for an app, as board bundles have it, against the
 * reference model: the kernel with its `@inline` calls expanded
 * (tools/inline.ts) and trimmed (tools/trim.ts) for an app with endpoints
 * only (no IRQs, notifications, timers, message buffers or pins; only the
 * IPC syscalls and yield) is written to a copy of the project, and the
 * differential test (tests/lib/lockstep.ts) runs there on seeded random
 * systems of that kind (`leanSpec`). The full kernel runs the same systems
 * in tests/model/kernel-matches-model-seeded_spec.ts's families.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, eq, it, ok } from "#spec";
import { writeInlinedTree } from "../../tools/inline";
import { AppFacts, trimSources } from "../../tools/trim";

describe("a kernel built for an app with endpoints only, against the reference model", () => {
  it("leaves out what the app lacks, and agrees after every step on seeded random systems", async () => {
    const root = resolve(".");
    const dir = mkdtempSync(join(root, "out", "app-kernel-spec-"));
    try {
      writeInlinedTree(root, dir);
      const facts: AppFacts = {
        features: new Map([["IRQS", false], ["NOTIFICATIONS", false], ["TIMERS", false], ["BUFFERS", false], ["PINS", false]]),
        syscalls: new Set(["send", "recv", "recvFrom", "call", "reply", "replyRecv", "yield"]),
        byTask: new Map(),
      };
      const trimmed = trimSources(dir, facts, [join(dir, "tests/lib/lockstep.ts"), join(dir, "tests/lib/random-programs.ts")]);
      for (const [file, text] of trimmed.texts) writeFileSync(file, text);
      // It is trimmed: the constants are off, the unissued syscalls are not built, the timer list is gone.
      const sys = trimmed.texts.get(join(dir, "kernel/sys.ts")) || "";
      eq(/signal: NOT_BUILT/.test(sys) && /sleep: NOT_BUILT/.test(sys) && /call: sysCall/.test(sys), true, "sys entries");
      eq(/IRQS: boolean = false/.test(trimmed.texts.get(join(dir, "kernel/features.ts")) || ""), true, "IRQS off");
      eq((trimmed.texts.get(join(dir, "kernel/timer.ts")) || "").indexOf("K.timerHead = t") < 0, true, "no timer list");
      const ls = (await import(join(dir, "tests/lib/lockstep.ts"))) as typeof import("../lib/lockstep");
      const rp = (await import(join(dir, "tests/lib/random-programs.ts"))) as typeof import("../lib/random-programs");
      let steps = 0;
      for (let s = 0; s < 120; s++) steps += ls.lockstep(rp.leanSpec(new rp.SpecRand(4242 + s)), 100000).steps;
      ok(steps > 20000, steps + " steps compared");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
