/**
 * The `baton check` command and the build that runs it, on a copy of the
 * project with an app whose logger receives on a typo'd endpoint name
 * ("lgo" for "log"): `baton check --app typo` exits with 1 and names the
 * task, the unknown name and the task it starves; `baton build` of that app
 * exits with 1 and writes no bundle. (Every app of apps/ passes `baton
 * check`: the README's `npx baton check`, run by
 * tests/tools/documented-commands-run_spec.ts.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyProject } from "../../tools/mutate";
import { describe, eq, it, ok } from "#spec";

const TYPO = `import { AppDesc, Task, indexOf, sys } from "../../kernel/index";

export const typo: AppDesc = {
  name: "typo",
  tasks: [
    { name: "logger", priority: 1, step: loggerStep },
    { name: "worker", priority: 2, step: workerStep },
  ],
  endpoints: [{ name: "log", owner: "logger" }],
};
const EP_LOG = indexOf(typo.endpoints, "lgo");

function loggerStep(_t: Task): void {
  return sys.recv(EP_LOG);
}

function workerStep(_t: Task): void {
  return sys.sleep(10);
}
`;

function baton(dir: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(dir, "bin/baton.mjs"), ...args], { cwd: dir, encoding: "utf8", timeout: 300000 });
  return { code: r.status === null ? -1 : r.status, out: r.stdout || "", err: r.stderr || "" };
}

describe("baton check and the build refuse an app with a typo'd endpoint name", () => {
  it("check exits with 1 naming logger, lgo and worker; build exits with 1 and writes nothing", () => {
    const dir = copyProject("baton-check-");
    try {
      // baton new registers the app; its file is then replaced by the typo'd one.
      eq(baton(dir, ["new", "typo"]).code, 0);
      writeFileSync(join(dir, "apps/typo/app.ts"), TYPO);

      const check = baton(dir, ["check", "--app", "typo"]);
      eq(check.code, 1, check.out + check.err);
      for (const name of ["UNKNOWN_NAME", "'logger'", "'lgo'", "STARVED", "'worker'", "apps/typo/app.ts:11"]) ok(check.err.indexOf(name) >= 0, name + " in: " + check.err);

      const build = baton(dir, ["build", "--target", "lua", "--app", "typo"]);
      eq(build.code, 1, build.out + build.err);
      ok(build.err.indexOf("'lgo'") >= 0, build.err);
      ok(!existsSync(join(dir, "dist/lua/typo.lua")), "no bundle written");

    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
