/**
 * Board bundles for Lua leave the kernel's debug hooks out
 * (tools/lua/hooks-plugin.ts), as the Espruino bundles do: with `HOOKS`
 * off, `if (HOOKS && ...)` disappears (its `else` stays), `x || (HOOKS &&
 * ...)` is `x`, and a local named HOOKS is untouched. The same program
 * built for the simulator keeps every hook.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, bundle } from "../../tools/lua/build";
import { describe, eq, it, ok } from "#spec";
import { hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/hooks";

const PROGRAM = `import { HOOKS } from "#hooks";
let traced = 0;
function trace(): void {
  traced++;
}
function localHooks(): void {
  const HOOKS = true;
  if (HOOKS) print("local HOOKS kept");
}
if (HOOKS && traced >= 0) trace();
if (HOOKS) trace();
else print("else branch");
const a = traced > 100 || (HOOKS && traced >= 0);
print("a " + String(a));
localHooks();
print("traced " + String(traced));
`;

function lines(board: boolean, program = PROGRAM, name = "hooks"): string[] {
  mkdirSync(join(ROOT, DIR), { recursive: true });
  const src = join(DIR, name + ".ts");
  writeFileSync(join(ROOT, src), program);
  const out = join(DIR, name + (board ? "-board.lua" : "-sim.lua"));
  bundle(src, out, board);
  const r = runLua("lua5.1", out, []);
  eq(r.status, 0, r.stderr);
  return r.stdout.toString("utf8").trimEnd().split("\n");
}

describe("Lua board bundles leave the debug hooks out", () => {
  it("a board bundle runs no hook code and keeps else branches and locals named HOOKS", () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed: sudo apt-get install -y lua5.1 lua-bitop");
    eq(lines(true).join("|"), "else branch|a false|local HOOKS kept|traced 0");
  });
  it("the simulator's build of the same program keeps every hook", () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed");
    eq(lines(false).join("|"), "a true|local HOOKS kept|traced 2");
  });
  it("a bare HOOKS reads false in a board bundle, true in the simulator's build", () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed");
    const bare = 'import { HOOKS } from "#hooks";\nconst on: boolean = HOOKS;\nprint("hooks " + String(on));\n';
    eq(lines(true, bare, "bare").join("|"), "hooks false");
    eq(lines(false, bare, "bare").join("|"), "hooks true");
  });
});
