/**
 * The on-board self-test (apps/selftest) from its Lua bundle: built like any
 * board bundle, run with `lua5.1 selftest.lua` (no firmware on a PC, so the
 * bundle runs itself on the simulated NodeMCU firmware next to it), it
 * prints one line per check and ends with `N passed, M failed`. The same
 * app, host layer and simulated firmware run here under Node print the
 * same lines, in the same order, and the same N. The one difference: Lua can
 * read its heap, so the memory verdict (not numbered) is printed there and
 * must find no growth; under Node it is skipped.
 */
import { it as nodeIt } from "node:test";
import { appNames, findApp } from "../../apps/index";
import { NODEMCU_DEVKIT } from "../../boards/nodemcu/devkit";
import { nodemcuPlatform, startNodeMcu } from "../../boards/nodemcu/host";
import { setPlatform } from "../../drivers/platform";
import { SimFirmware } from "../../sim/nodemcu";
import { buildApp, buildRunner } from "../../tools/lua/build";
import { describe, eq, it, ok } from "#spec";
import { hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/selftest/";

/** "35 passed, 0 failed" → [35, 0], or undefined. */
function counts(line: string | undefined): number[] | undefined {
  if (line === undefined) return undefined;
  const parts = line.split(" ");
  if (parts.length !== 4 || parts[1] !== "passed," || parts[3] !== "failed") return undefined;
  return [Number(parts[0]), Number(parts[2])];
}

/** The self-test under Node: the same host layer on the same simulated firmware. */
function runUnderNode(): string[] {
  const app = findApp("selftest");
  if (app === undefined) throw new Error("no selftest app");
  const lines: string[] = [];
  const fw = new SimFirmware({ chip: "esp8266" });
  fw.install();
  (globalThis as unknown as { print: (line: string) => void }).print = (line: string) => {
    lines.push(line);
  };
  setPlatform(nodemcuPlatform);
  startNodeMcu(app, NODEMCU_DEVKIT);
  fw.runUntil(600000000);
  fw.uninstall();
  return lines;
}

/** The lines both runtimes must print alike: not the memory figures (free heap, heap in use), not the skip notes. */
function common(lines: string[]): string[] {
  return lines
    .map((l) => l.replace(/, \d+ bytes of heap free$/, ""))
    .filter((l) => l.indexOf("memory in use") < 0 && l.indexOf("skip") !== 0 && !/^\d+ skipped$/.test(l) && counts(l) === undefined);
}

describe("the self-test app from its Lua bundle", () => {
  const present = appNames().indexOf("selftest") >= 0;
  const name = "lua5.1 selftest.lua prints the checks Node prints, and the same count of passes";
  if (!present) {
    nodeIt(name, { skip: "apps/index.ts lists no selftest app" }, () => {});
    return;
  }
  it(name, () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed: sudo apt-get install -y lua5.1 lua-bitop");
    buildRunner(DIR + "nodemcu-sim.lua");
    return buildApp("selftest", "nodemcu-devkit", DIR + "selftest.lua").then(() => {
      const r = runLua("lua5.1", DIR + "selftest.lua", []);
      eq(r.status, 0, r.stderr);
      const lua = r.stdout.toString("utf8").trimEnd().split("\n");
      const node = runUnderNode();
      const nodeCounts = counts(node[node.length - 1]);
      const luaCounts = counts(lua[lua.length - 1]);
      ok(nodeCounts !== undefined, "node's last line: " + node[node.length - 1]);
      ok(luaCounts !== undefined, "lua's last line: " + lua[lua.length - 1]);
      const a = common(node);
      const b = common(lua);
      eq(b.join("\n"), a.join("\n"));
      eq((luaCounts as number[])[0], (nodeCounts as number[])[0], "the same N passed under Lua and Node");
      ok(lua.filter((l) => l.indexOf("ok       memory in use unchanged") === 0).length === 1, "lua measured no memory growth");
      eq((luaCounts as number[])[1], 0, "lua: no check failed");
      eq((nodeCounts as number[])[1], 0, "node: no check failed");
      ok((luaCounts as number[])[0] >= 25, "at least 25 checks");
    });
  });
});
