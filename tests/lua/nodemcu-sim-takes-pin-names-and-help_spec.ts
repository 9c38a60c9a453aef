/**
 * The simulated NodeMCU firmware's command line (`dist/lua/nodemcu-sim.lua`,
 * tools/nodemcu-sim.lua.ts) takes pins by the names of the board's pin map
 * (BTN1, D5) as well as firmware numbers; `--press` presses a button to
 * the board's active level (0 for the NodeMCU DevKit's active-low BTN1)
 * and releases it; `--help` lists the options (exit code 0); an unknown pin
 * or option is refused (exit code 2) with its name. The "bundle" here is a
 * small Lua file that watches the firmware's pins and prints what it sees.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildRunner } from "../../tools/lua/build";
import { describe, eq, it, ok } from "#spec";
import { hasLua, runLua } from "./lua-host";

const DIR = "out/lua/nodemcu-sim-cli/";

/** Watches D3 (BTN1 on the DevKit) and D5 and prints each level change with its pin. */
const WATCHER = [
  "for _, pin in ipairs({ 3, 5 }) do",
  "  gpio.mode(pin, gpio.INT, gpio.PULLUP)",
  "  gpio.trig(pin, 'both', function(level) print('pin ' .. pin .. ' -> ' .. level) end)",
  "end",
].join("\n");

describe("nodemcu-sim.lua takes pin names, presses to the active level, and has --help", () => {
  ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed: sudo apt-get install -y lua5.1 lua-bitop");
  mkdirSync(join(ROOT, DIR), { recursive: true });
  buildRunner(DIR + "nodemcu-sim.lua");
  writeFileSync(join(ROOT, DIR + "watch.lua"), WATCHER + "\n");
  const sim = DIR + "nodemcu-sim.lua";

  it("--press BTN1@10ms+20ms on the DevKit: D3 goes to 0, then back to 1; --edge D5:0@50ms reaches D5", () => {
    const r = runLua("lua5.1", sim, [DIR + "watch.lua", "--until", "100ms", "--quiet", "--press", "BTN1@10ms+20ms", "--edge", "D5:0@50ms"]);
    eq(r.status, 0, r.stderr);
    eq(r.stdout.toString("utf8"), "pin 3 -> 0\npin 3 -> 1\npin 5 -> 0\n");
  });

  it("a firmware pin number is still taken", () => {
    const r = runLua("lua5.1", sim, [DIR + "watch.lua", "--until", "100ms", "--quiet", "--edge", "5:0@10ms"]);
    eq(r.status, 0, r.stderr);
    eq(r.stdout.toString("utf8"), "pin 5 -> 0\n");
  });

  it("--help lists the options and exits with 0", () => {
    const r = runLua("lua5.1", sim, ["--help"]);
    eq(r.status, 0, r.stderr);
    const text = r.stdout.toString("utf8");
    for (const opt of ["--board", "--until", "--edge", "--press", "--wire", "--memory", "--quiet", "--lfs"]) ok(text.indexOf(opt) >= 0, opt + " in: " + text);
  });

  it("an unknown pin name exits with 2 and names it; so does an unknown option", () => {
    const pin = runLua("lua5.1", sim, [DIR + "watch.lua", "--press", "BTN9@10ms"]);
    eq(pin.status, 2);
    ok(pin.stderr.indexOf("unknown pin 'BTN9'") >= 0, pin.stderr);
    const opt = runLua("lua5.1", sim, [DIR + "watch.lua", "--frob"]);
    eq(opt.status, 2);
    ok(opt.stderr.indexOf("--frob") >= 0, opt.stderr);
  });
});
