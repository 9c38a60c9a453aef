/**
 * The same traces and figures with 32-bit Lua integers: NodeMCU's Lua 5.3
 * firmware keeps integers in 32 bits, where a product such as
 * `x * 48271` wraps. fengari (npm) is a Lua 5.3 whose integers are 32-bit
 * (tools/lua/fengari.ts, with a `bit` library after NodeMCU's, written in
 * JavaScript, and in Lua as the reference it is checked against); every app
 * runs in the Lua simulator on it, with its scripted inputs, on every cost
 * profile, and prints byte for byte what `baton sim` prints under Node:
 * the trace, the summary and the kernel's figures.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it as nodeIt } from "node:test";
import { appNames } from "../../apps/index";
import { PROFILES } from "../../sim/profiles";
import { ROOT, buildSim } from "../../tools/lua/build";
import { describe, eq, ok } from "#spec";
import { RunResult, capturedStdout, describeDifference, firstDifference } from "./lua-host";
import { runOnFengari } from "../../tools/lua/fengari";

const DIR = "out/lua/spec/int32/";
const SIM_LUA = DIR + "sim.lua";
/** fengari runs Lua about sixty times slower than lua5.1: one second of virtual time per run. */
const RUN_FOR = "1s";

/**
 * Runs a TypeScript tool under Node in a child process, its output going to
 * a file (a pipe would hold a long trace back while this process waits).
 */
function runTool(tool: string, args: string[], out: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const fd = openSync(join(ROOT, out), "w");
    const p = spawn(process.execPath, ["--import", "tsx", tool, ...args], { cwd: ROOT, stdio: ["ignore", fd, "pipe"] });
    let err = "";
    if (p.stderr !== null) p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", (e) => {
      closeSync(fd);
      reject(e);
    });
    p.on("close", (code) => {
      closeSync(fd);
      resolve({ status: code === null ? -1 : code, stdout: readFileSync(join(ROOT, out)), stderr: err });
    });
  });
}

/** Runs `file` with `args` on fengari (32-bit integers); `luaBit`: with the `bit` module written in Lua, not its JavaScript twin. */
function fengari(file: string, args: string[], out: string, luaBit = false): Promise<RunResult> {
  return runTool("tools/lua/fengari.ts", [...(luaBit ? ["--lua-bit"] : []), file, ...args], out);
}

/** Runs `fn` on each item, at most `width` at once; the results in order. */
function pooled<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R>[] {
  const results: Promise<R>[] = [];
  const slots: Promise<unknown>[] = [];
  for (let i = 0; i < items.length; i++) {
    const before = i >= width ? slots[i - width] : Promise.resolve();
    const r = before.then(() => fn(items[i]));
    results.push(r);
    slots.push(r.catch(() => undefined));
  }
  return results;
}

/** A Lua snippet's output on fengari. */
async function fengariPrints(name: string, code: string, luaBit = false): Promise<string> {
  writeFileSync(join(ROOT, DIR + name), code);
  const r = await fengari(DIR + name, [], DIR + name + ".out", luaBit);
  eq(r.status, 0, r.stderr);
  return r.stdout.toString();
}

describe("fengari: 32-bit integers, and NodeMCU's bit library", () => {
  nodeIt("integer sums and products wrap at 32 bits; a literal past them is a float", async () => {
    buildSimOnce();
    eq(await fengariPrints("wrap.lua", "print(2147483647 + 1, 65536 * 65536, 12345 * 48271, math.type(4294967296))\n"), "-2147483648\t0\t595905495\tfloat\n");
  });

  nodeIt("Park–Miller's x * 48271 mod 2^31 - 1 goes wrong there, and Schrage's method gives JavaScript's numbers", async () => {
    const lua = [
      "local a, b = 12345, 12345",
      "for i = 1, 1000 do",
      "  a = (a * 48271) % 2147483647",
      "  local y = 48271 * (b % 44488) - 3399 * math.floor(b / 44488)",
      "  b = y > 0 and y or y + 2147483647",
      "end",
      "print(a, b)",
      "",
    ].join("\n");
    let x = 12345;
    for (let i = 0; i < 1000; i++) x = (x * 48271) % 2147483647;
    const [a, b] = (await fengariPrints("park-miller.lua", lua)).trim().split("\t");
    ok(a !== String(x), "the plain product differs: " + a);
    eq(b, String(x));
  });

  for (const luaBit of [false, true]) {
    nodeIt("bit" + (luaBit ? " (the module written in Lua, which the JavaScript one follows)" : "") + ": signed 32-bit results, rshift logical, arshift filling with the sign; a fraction or a value past 32 bits is refused", async () => {
      const lua = [
        'local bit = require("bit")',
        "print(bit.bor(2147483647, 0), bit.band(-1, 255), bit.bxor(5, 3), bit.bnot(0))",
        "print(bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2), bit.rshift(-1, 0) % 4294967296)",
        "print(pcall(bit.bor, 1.5, 0))",
        "print(pcall(bit.bor, 4294967295, 0))",
        "print(pcall(bit.lshift, 1, 32))",
        "",
      ].join("\n");
      const lines = (await fengariPrints(luaBit ? "bit-lua.lua" : "bit.lua", lua, luaBit)).split("\n");
      eq(lines[0], "2147483647\t255\t6\t-1");
      eq(lines[1], "-2147483648\t15\t-4\t4294967295.0");
      ok(lines[2].startsWith("false\t") && lines[2].indexOf("no integer representation") > 0, lines[2]);
      ok(lines[3].startsWith("false\t") && lines[3].indexOf("no integer representation") > 0, lines[3]);
      ok(lines[4].startsWith("false\t") && lines[4].indexOf("shift count") > 0, lines[4]);
    });
  }
});

let simBuilt = false;

function buildSimOnce(): void {
  if (!simBuilt) buildSim(SIM_LUA);
  simBuilt = true;
}

describe("every app on every profile: fengari (32-bit integers) prints what Node prints, trace, summary and figures", () => {
  const runs: { app: string; profile: string; args: string[] }[] = [];
  for (const profile of PROFILES) for (const app of appNames()) runs.push({ app: app, profile: profile.name, args: ["--app", app, "--until", RUN_FOR, "--profile", profile.name, "--figures", "--allow-faults"] });
  let results: Promise<RunResult>[] | undefined = undefined;
  const start = (): Promise<RunResult>[] => {
    if (results === undefined) {
      buildSimOnce();
      // `baton sim` in child processes, two at a time (an app's module keeps its tasks' state objects
      // from one run to the next, so each run needs a process of its own); fengari in this process.
      results = pooled(runs, 2, (r) => runTool("tools/cli.ts", ["sim"].concat(r.args), DIR + r.app + "-" + r.profile + ".node.txt"));
    }
    return results;
  };
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    nodeIt("app '" + r.app + "', profile " + r.profile + ", " + RUN_FOR + " of virtual time", async () => {
      const node = await start()[i];
      eq(node.status, 0, "node: " + node.stderr);
      ok(node.stdout.toString("latin1").indexOf("figures of the kernel:") > 0, "node printed the figures");
      // A fresh Lua state per run, in this process (no fengari to load again): what it prints, captured.
      let error: string | undefined = undefined;
      const lua = capturedStdout(() => {
        error = runOnFengari(SIM_LUA, r.args);
      });
      writeFileSync(join(ROOT, DIR + r.app + "-" + r.profile + ".fengari.txt"), lua);
      eq(error, undefined, "fengari");
      const at = firstDifference(node.stdout, lua);
      eq(at, -1, at < 0 ? "" : describeDifference(node.stdout, lua, at));
    });
  }
});
