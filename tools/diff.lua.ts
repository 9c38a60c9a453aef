/** @noSelfInFile */
/**
 * The differential test on Lua, built to `dist/lua/diff.lua` (tools/lua/build.ts `buildDiff`):
 * `lua5.1 dist/lua/diff.lua [--systems N] [--seed S] [--time T]` runs N
 * random systems (drawn with a seeded generator: fast-check is a Node
 * library) on the kernel and the reference model side by side, compiled to
 * Lua, and compares them after every
 * step (tests/lib/lockstep.ts). Prints the counts, or the first difference
 * and exits 1.
 */
import { lockstep } from "../tests/lib/lockstep";
import { IPC_KINDS, PEER_KINDS, SpecRand, randomSpec } from "../tests/lib/random-programs";
import { timeUs } from "./lua-time.lua";

const arg = (globalThis as unknown as { arg: string[] }).arg;

function argValue(name: string, fallback: string): string {
  for (let i = 0; i < arg.length; i++) if (arg[i] === name && i + 1 < arg.length) return arg[i + 1];
  return fallback;
}

const systems = tonumber(argValue("--systems", "100"));
const seed = tonumber(argValue("--seed", "1"));
const us = timeUs(argValue("--time", "100ms"));
if (systems === undefined || seed === undefined || us < 0) {
  io.stderr.write("error: --systems and --seed take numbers, --time a time with its unit (100ms)\n");
  os.exit(2);
}
let steps = 0;
let compared = 0;
for (let s = 0; s < systems!; s++) {
  const family = s % 3;
  const spec = randomSpec(new SpecRand(seed! * 100003 + s), family === 1 ? IPC_KINDS : family === 2 ? PEER_KINDS : undefined);
  const [ok, err] = pcall(() => {
    const r = lockstep(spec, us);
    steps += r.steps;
    compared += r.compared;
  });
  if (!ok) {
    const e = err as { message?: string };
    print("system " + s + " (seed " + seed + "): " + (typeof e === "object" && e.message !== undefined ? e.message : tostring(err)));
    os.exit(1);
  }
}
print("diff: " + systems + " systems, " + steps + " steps compared with the reference model, " + compared + " observations; 0 differences");
