/**
 * The Lua minifier of the board bundles (tools/lua/minify.ts) keeps the
 * program the same: the whole simulator compiled to Lua, minified, prints
 * byte for byte what the unminified one prints (locals and the program's own
 * table fields renamed, as in board bundles); the constructs where a
 * renamer or a space-dropper could go wrong keep their meaning; and what
 * luamin would print with another meaning is refused.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appNames } from "../../apps/index";
import { ROOT, buildSim } from "../../tools/lua/build";
import { ModuleSpan, minifyLua } from "../../tools/lua/minify";
import { describe, eq, it, ok, throws } from "#spec";
import { firstDifference, hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/minify/";

function luaPrints(code: string, name: string): string {
  writeFileSync(join(ROOT, DIR + name), code);
  const r = runLua("lua5.1", DIR + name, []);
  eq(r.status, 0, r.stderr);
  return r.stdout.toString("utf8");
}

describe("the Lua minifier", () => {
  it("the minified simulator prints exactly what the unminified one prints, for every app", () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed");
    const full = buildSim(DIR + "sim.lua");
    const min = minifyLua(readFileSync(full.file, "utf8"), { renameFields: true });
    writeFileSync(join(ROOT, DIR + "sim.min.lua"), min);
    ok(min.length < full.bytes * 0.6, "smaller: " + min.length + " of " + full.bytes + " bytes");
    for (const app of appNames()) {
      const args = ["--app", app, "--until", "1s", "--allow-faults"];
      const a = runLua("lua5.1", DIR + "sim.lua", args);
      const b = runLua("lua5.1", DIR + "sim.min.lua", args);
      eq(a.status, 0, a.stderr);
      eq(b.status, 0, b.stderr);
      eq(firstDifference(a.stdout, b.stdout), -1, app);
    }
  });

  it("renames the program's own fields, and keeps the host's, the globals' and those a string spells", () => {
    const src = [
      "local box = { counter = 1, label = 'x', format = 'f' }",
      "box.counter = box.counter + 1",
      "function box.describe(self) return self.label .. self.counter end",
      "local g = _G g.arg = { [0] = 'renamed?' }",
      "local viaString = { keyword = 5 } print(viaString['keyword'], rawget(viaString, 'keyword'))",
      "local timer = { start = function() return 'started' end }",
      "print(box.counter, box:describe(), string.format('%s', box.format), timer.start(), arg[0])",
    ].join("\n");
    const want = luaPrints(src, "fields.lua");
    const min = minifyLua(src, { renameFields: true });
    eq(luaPrints(min, "fields.min.lua"), want);
    // Renamed: the program's own fields; kept: a host name, a global's, one a string spells.
    ok(min.indexOf("counter") < 0 && min.indexOf("describe") < 0 && min.indexOf("label") < 0, min);
    ok(min.indexOf(".format") >= 0 && min.indexOf(".arg") >= 0 && min.indexOf("keyword=") >= 0 && min.indexOf("start=") >= 0, min);
  });

  it("keeps shadowing, upvalues, fields and keys, globals, varargs, numbers and operators apart", () => {
    const src = [
      "local x = 1",
      "local function f(x, ...) local n = select('#', ...) return x + n end",
      "do local x = x + 10 print('inner', x) end",
      "print('outer', x, f(5, 'a', 'b'))",
      "local t = { x = 2, ['y'] = 3, x + 4 }",
      "print(t.x, t.y, t[1], #t)",
      "local function counter() local c = 0 return function() c = c + 1 return c end end",
      "local k = counter() k() print('upvalue', k())",
      "for i = 1, 2 do local j = i * 2 print('for', i, j) end",
      "for key, value in pairs({ only = 1 }) do print('pairs', key, value) end",
      "local r = 0 repeat local z = r r = r + 1 until z >= 2 print('repeat', r)",
      "print(1 .. 2, 2 - -1, 10 / 4, 0x10, 1e2, - -3)",
      "local s = 'a' .. \"b\\\"\" .. [[c]] print(s, #s)",
      "local obj = { v = 7 } function obj.get(self) return self.v end function obj:get2() return self.v end",
      "print('method', obj:get(), obj.get2(obj))",
      "local string = 'shadowed' print(type(string))",
      "print(type(math.floor), x, not nil, 1 < 2 and 'y' or 'n')",
      "local o = nil print((o or { v = 5 }).v, ('x'):rep(3), (2 - 3) - 4, 2 - (3 - 4), 2 ^ -1, (-2) ^ 2, -2 ^ 2, not (1 == 2))",
      "print('a' .. ('b' .. 'c'), ('a' .. 'b') .. 'c', (function() return 'iife' end)(), 12 / (2 * 3), 12 / 2 * 3)",
    ].join("\n");
    const want = luaPrints(src, "constructs.lua");
    const got = luaPrints(minifyLua(src), "constructs.min.lua");
    eq(got, want);
    ok(want.indexOf("inner\t11") >= 0 && want.indexOf("upvalue\t2") >= 0, want);
  });

  it("gives a local named like a global a short name; the global keeps its name, and so does every self", () => {
    const src = [
      "local bit = bit or { name = 'stand-in' }",
      "local function get(self) return self.value end",
      "local t = { value = 4 }",
      "function t:twice() return self.value * 2 end",
      "print(type(bit), bit.name, get(t), t:twice())",
    ].join("\n");
    const want = luaPrints(src, "shadows.lua");
    const min = minifyLua(src);
    eq(luaPrints(min, "shadows.min.lua"), want);
    ok(min.indexOf("local bit=") < 0 && min.indexOf("=bit or") >= 0, min);
    ok(min.indexOf("(self)return self.value end") >= 0 && min.indexOf("return self.value*2") >= 0, min);
  });

  it("refuses what luamin would print with another meaning, naming the line", () => {
    const cases: [string, string][] = [
      ["local function f() return 1, 2 end\nprint((f()))", "line 2: a call or `...` in parentheses"],
      ["local function f(...) return (...) end", "line 1: a call or `...` in parentheses"],
      ["local a, b, c = 1, 2, 3\nlocal d = a * (b / c)", "line 2: `a * (b / c)`"],
      ["local t = {}\nlocal x = 1\n(print or error)(x)", "line 3: a statement that begins with `(`"],
      ["local t = {}\n({}).x = 1", "line 2: a statement that begins with `(`"],
    ];
    for (const [src, message] of cases) {
      const e = throws(() => minifyLua(src)) as Error;
      ok(e.message.indexOf(message) >= 0, src + ": " + e.message);
    }
  });

  it("finds where each module of a bundle sits, so a benchmark can empty one and the rest still loads", () => {
    const src = [
      "local ____modules = {}",
      "local function require(name) return ____modules[name]() end",
      "____modules = {",
      '["lib.a"] = function(...) local t = {} function t.f(x) if x then do return 1 end end repeat x = x - 1 until x < 0 return 2 end return t end,',
      '["lib.b"] = function(...) local a = require("lib.a") for i = 1, 2 do print(i) end return { g = function() return a.f(true) end } end,',
      "}",
      'print(require("lib.b").g())',
    ].join("\n");
    const want = luaPrints(src, "spans.lua");
    const spans = new Map<string, ModuleSpan>();
    const min = minifyLua(src, { moduleSpans: spans });
    eq(luaPrints(min, "spans.min.lua"), want);
    eq([...spans.keys()].join(","), "lib.a,lib.b");
    for (const sp of spans.values()) {
      const text = min.slice(sp.start, sp.end);
      ok(text.startsWith(sp.key + "=function(...)") && text.endsWith("end"), text);
    }
    // Emptied, lib.a leaves a bundle that still loads and runs up to the call into it.
    const a = spans.get("lib.a") as ModuleSpan;
    const emptied = min.slice(0, a.start) + a.key + "=function()end" + min.slice(a.end);
    writeFileSync(join(ROOT, DIR + "spans.emptied.lua"), emptied);
    const r = runLua("lua5.1", DIR + "spans.emptied.lua", []);
    ok(r.status !== 0 && r.stderr.indexOf("attempt to index") >= 0, r.stderr);
  });
});
