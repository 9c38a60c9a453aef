/**
 * `baton test [types|lint|espruino|lua|node]`: the test suite, or one of
 * its parts. `baton test` (what `npm test` runs) runs the parts in this
 * order and stops at the first that fails:
 *
 * 1. `types`: the TypeScript compiler on the whole project (`tsc -p .`);
 * 2. `lint`: ESLint (the subset the device code may use), then the syntax
 *    of every Espruino bundle already built (tools/check-espruino.ts);
 * 3. `espruino`: every app built for every Espruino board and run under
 *    stand-in Espruino globals (tools/test-espruino.ts);
 * 4. `lua`: the specs under busted on Lua 5.1, the differential test and
 *    every app's bundle on lua5.1 (tools/test-lua.ts), after checking for
 *    (or installing) the Debian packages it needs (tools/ensure-deps.mjs --lua);
 * 5. `node`: every spec, `tests/<area>/<name>_spec.ts`, under `node --test`
 *    (or the spec files named).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every spec file, relative to the root: tests/<area>/<name>_spec.ts. */
export function specFiles(): string[] {
  const out: string[] = [];
  for (const area of readdirSync(join(ROOT, "tests")).sort()) {
    if (!statSync(join(ROOT, "tests", area)).isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, "tests", area)).sort()) if (f.endsWith("_spec.ts")) out.push("tests/" + area + "/" + f);
  }
  return out;
}

/** Runs a program in the project's folder with the output shown; returns its exit code. */
function run(program: string, args: string[]): number {
  const r = spawnSync(program, args, { cwd: ROOT, stdio: "inherit" });
  if (r.error !== undefined) {
    console.error("baton test: " + program + " did not run: " + r.error.message);
    return 1;
  }
  return r.status === null ? 1 : r.status;
}

function bin(name: string): string {
  return join(ROOT, "node_modules/.bin", name);
}

export function testTypes(): number {
  return run(bin("tsc"), ["-p", "."]);
}

export async function testLint(): Promise<number> {
  const code = run(bin("eslint"), ["."]);
  if (code !== 0) return code;
  const m = await import("./check-espruino");
  return m.checkBundles([]);
}

export async function testEspruinoPart(): Promise<number> {
  const m = await import("./test-espruino");
  return m.testEspruino();
}

export async function testLuaPart(): Promise<number> {
  const deps = run(process.execPath, [join(ROOT, "tools/ensure-deps.mjs"), "--lua"]);
  if (deps !== 0) return deps;
  const m = await import("./test-lua");
  return m.testLua();
}

/** Runs `files` (default: every spec) under `node --test`. */
export function testNode(files: string[]): number {
  return run(process.execPath, ["--import", "tsx", "--test"].concat(files.length > 0 ? files : specFiles()));
}

/** The parts of `baton test`, in the order it runs them. */
export const TEST_PARTS: [string, () => number | Promise<number>][] = [
  ["types", testTypes],
  ["lint", testLint],
  ["espruino", testEspruinoPart],
  ["lua", testLuaPart],
  ["node", () => testNode([])],
];

/** Runs every part in order, stopping at the first that fails; returns its exit code. */
export async function testAll(): Promise<number> {
  for (const [name, part] of TEST_PARTS) {
    console.log("baton test: " + name);
    const code = await part();
    if (code !== 0) {
      console.error("baton test: " + name + " failed (exit code " + code + ")");
      return code;
    }
  }
  return 0;
}
