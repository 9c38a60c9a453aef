/**
 * The same scenario gives the same trace and the same figures under Node
 * and under Lua, byte for byte: every app of apps/index.ts (with its
 * scripted inputs) runs in the simulator for a fixed virtual time, once
 * with `baton sim` on Node and once with the simulator compiled to Lua
 * (`dist/lua/sim.lua`'s code, built here) on lua5.1, both with `--figures`,
 * and the two outputs must be equal: the trace, the summary, then every
 * figure the kernel keeps (tools/sim-figures.ts: transfers and fast
 * transfers; per task steps, state, id, fault code and message; per IRQ
 * the latency count, min, max and every histogram bucket). With
 * `--allow-faults`: the demo's server faults on purpose.
 * Also on Lua 5.3 and LuaJIT when this machine has them.
 */
import { it as nodeIt } from "node:test";
import { appNames, findApp } from "../../apps/index";
import { IRQ_BUCKETS } from "../../kernel/index";
import { PROFILES } from "../../sim/profiles";
import { buildSim } from "../../tools/lua/build";
import { describe, eq, it, ok } from "#spec";
import { describeDifference, firstDifference, hasLua, runLua, runNodeTool } from "./lua-host";

const RUN_FOR = "2s";
const SIM_LUA = "out/lua/spec/sim.lua";

describe("the comparison of two traces", () => {
  const trace = Buffer.from("        50 us  server     recv -> RECV_BLOCKED\n      1066 us  ticker     => server MESSAGE label=3\n");

  it("finds no difference between equal traces", () => {
    eq(firstDifference(trace, Buffer.from(trace)), -1);
  });

  it("finds a one-character change, a dropped character, an added one and a missing newline", () => {
    const digit = Buffer.from(trace);
    digit[trace.indexOf("1066")] = "2".charCodeAt(0);
    eq(firstDifference(trace, digit), trace.indexOf("1066"));
    const dropped = Buffer.concat([trace.subarray(0, 20), trace.subarray(21)]);
    eq(firstDifference(trace, dropped), 20);
    const added = Buffer.concat([trace, Buffer.from(" ")]);
    eq(firstDifference(trace, added), trace.length);
    eq(firstDifference(trace, trace.subarray(0, trace.length - 1)), trace.length - 1);
    const space = Buffer.from(trace);
    space[0] = "\t".charCodeAt(0);
    eq(firstDifference(trace, space), 0);
  });
});

/** Node's output for each set of arguments, made once. */
const nodeRuns = new Map<string, ReturnType<typeof runNodeTool>>();

function nodeRun(args: string[]): ReturnType<typeof runNodeTool> {
  const key = args.join(" ");
  let r = nodeRuns.get(key);
  if (r === undefined) {
    r = runNodeTool("tools/cli.ts", ["sim"].concat(args));
    nodeRuns.set(key, r);
  }
  return r;
}

const FIGURES = "figures of the kernel:\n";

/**
 * Checks that `out` ends with the kernel's figures for `app`: the heading,
 * the transfers, a line per task and a line per IRQ with all its buckets.
 * Returns where the figures start.
 */
function checkFigures(out: Buffer, app: string): number {
  const text = out.toString("latin1");
  const at = text.indexOf(FIGURES);
  ok(at > 0, "the output has the kernel's figures");
  const lines = text.slice(at + FIGURES.length).trimEnd().split("\n");
  const desc = findApp(app)!;
  const irqs = desc.irqs !== undefined ? desc.irqs.length : 0;
  eq(lines.length, 1 + desc.tasks.length + irqs, "figure lines: transfers, one per task, one per IRQ");
  ok(lines[0].startsWith("  transfers "), lines[0]);
  for (let t = 0; t < desc.tasks.length; t++) ok(lines[1 + t].startsWith("  task " + desc.tasks[t].name + ": steps "), lines[1 + t]);
  for (let i = 0; i < irqs; i++) {
    const line = lines[1 + desc.tasks.length + i];
    ok(line.startsWith("  irq " + desc.irqs![i].name + ": latency count "), line);
    eq(line.slice(line.indexOf("; buckets ") + 10).split(" ").length, IRQ_BUCKETS, "every bucket of " + desc.irqs![i].name);
  }
  return at;
}

describe("traces and the kernel's figures: Node and Lua give the same bytes", () => {
  ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed: sudo apt-get install -y lua5.1 lua-bitop");
  buildSim(SIM_LUA);
  const interpreters = ["lua5.1", "lua5.3", "luajit"];
  for (const profile of PROFILES) {
    for (const app of appNames()) {
      const args = ["--app", app, "--until", RUN_FOR, "--profile", profile.name, "--figures", "--allow-faults"];
      for (const lua of interpreters) {
        const name = "app '" + app + "', profile " + profile.name + ", " + RUN_FOR + " of virtual time: " + lua + " prints what Node prints, trace and figures, every task's and IRQ's figures there";
        const test = (): void => {
          const node = nodeRun(args);
          eq(node.status, 0, "node: " + node.stderr);
          ok(node.stdout.length > 1000, "node printed a trace");
          const figuresAt = checkFigures(node.stdout, app);
          const l = runLua(lua, SIM_LUA, args);
          eq(l.status, 0, lua + ": " + l.stderr);
          const at = firstDifference(node.stdout, l.stdout);
          eq(at, -1, at < 0 ? "" : describeDifference(node.stdout, l.stdout, at));
          // The same comparison sees one flipped bit in the trace, and one in the figures (the last bucket's count).
          for (const pos of [Math.floor(figuresAt / 2), l.stdout.length - 2]) {
            const mutated = Buffer.from(l.stdout);
            mutated[pos] = mutated[pos] ^ 1;
            eq(firstDifference(node.stdout, mutated), pos);
          }
        };
        if (lua === "lua5.1" || hasLua(lua)) it(name, test);
        else nodeIt(name, { skip: lua + " is not installed" }, test);
      }
    }
  }
});
