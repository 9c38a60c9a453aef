/**
 * A Lua build writes what its bundle's own run line needs: `baton build
 * --target lua --app APP` (here with `--out` in a temporary folder) writes
 * `nodemcu-sim.lua` beside the bundle, so that `lua5.1 <bundle>` runs the
 * app on the simulated firmware with no other build step.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, main } from "../../tools/cli";
import { describe, eq, it, ok } from "#spec";

describe("a Lua bundle runs by its own run line after a plain build", () => {
  it("baton build --target lua --app adder --out DIR/adder.lua writes DIR/nodemcu-sim.lua, and lua5.1 DIR/adder.lua boots the app", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-lua-run-"));
    try {
      const bundle = join(dir, "adder.lua");
      const err: string[] = [];
      const code = await main(["build", "--target", "lua", "--app", "adder", "--out", bundle], { out: () => {}, err: (l) => err.push(l), cwd: ROOT });
      eq(code, 0, err.join("\n"));
      ok(existsSync(bundle), bundle);
      ok(existsSync(join(dir, "nodemcu-sim.lua")), "nodemcu-sim.lua beside the bundle");
      // From another folder: the bundle finds its runner beside itself, not in the current folder.
      const r = spawnSync("lua5.1", [bundle], { cwd: tmpdir(), encoding: "utf8", timeout: 60000 });
      eq(r.status, 0, r.stdout + r.stderr);
      ok(r.stdout.indexOf("baton: 'adder' booted") >= 0, r.stdout + r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
