/**
 * `baton new <name>` in a copy of the project (tools/mutate.ts's copy: no
 * .git, dist or out; node_modules linked): writes the app, registers it and
 * writes its spec; then `baton sim --app <name>` runs it and its spec
 * passes, with nothing else done. A second `baton new` of the same name is
 * refused (exit code 2) and changes nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { copyProject } from "../../tools/mutate";
import { describe, eq, it, ok } from "#spec";

function run(cwd: string, args: string[]): { code: number; out: string } {
  // Without node:test's mark of a child it runs itself, so that the copy's `node --test` runs its file.
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, args, { cwd: cwd, encoding: "utf8", timeout: 120000, env: env });
  return { code: r.status === null ? -1 : r.status, out: (r.stdout || "") + (r.stderr || "") };
}

describe("baton new makes an app that simulates and passes its own spec", () => {
  it("blinky: written, registered, simulated, its spec passing; a second blinky refused", () => {
    const dir = copyProject("baton-new-");
    try {
      // Started from a folder inside the project: the files still go to the project's root.
      const made = run(join(dir, "apps"), [join(dir, "bin/baton.mjs"), "new", "blinky"]);
      eq(made.code, 0, made.out);
      ok(existsSync(join(dir, "apps/blinky/app.ts")), "apps/blinky/app.ts");
      ok(existsSync(join(dir, "tests/apps/blinky_spec.ts")), "tests/apps/blinky_spec.ts");
      const index = readFileSync(join(dir, "apps/index.ts"), "utf8");
      ok(index.indexOf('import { blinky } from "./blinky/app";') >= 0, index);
      ok(/export const APPS: AppDesc\[\] = \[[^\]]*, blinky\];/.test(index), index);

      const sim = run(dir, [join(dir, "bin/baton.mjs"), "sim", "--app", "blinky", "--until", "1s"]);
      eq(sim.code, 0, sim.out);
      ok(sim.out.indexOf("LED1       pin -> 1") >= 0, sim.out);
      ok(sim.out.indexOf("summary of 'blinky'") >= 0, sim.out);
      ok(sim.out.indexOf("blink: 4 steps") >= 0, sim.out);

      const spec = run(dir, ["--import", "tsx", "--test", "tests/apps/blinky_spec.ts"]);
      eq(spec.code, 0, spec.out);
      ok(/# pass 1\n/.test(spec.out) && /# fail 0\n/.test(spec.out), spec.out);

      const again = run(dir, [join(dir, "bin/baton.mjs"), "new", "blinky"]);
      eq(again.code, 2, again.out);
      ok(again.out.indexOf("baton new: there is an app 'blinky' already") >= 0, again.out);
      eq(readFileSync(join(dir, "apps/index.ts"), "utf8"), index, "apps/index.ts unchanged");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
