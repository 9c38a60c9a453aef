/**
 * NodeMCU's Lua 5.1 compiler allows 50 locals and 60 upvalues per function
 * (`LUAI_MAXVARS`, `LUAI_MAXUPVALUES` in its app/lua/luaconf.h); stock Lua
 * allows 200 locals, so Debian's lua5.1 cannot see a bundle over the first.
 * The build counts both with a Lua parser (tools/lua/limits.ts) and refuses
 * a bundle over either; it fits the modules TypeScript-to-Lua writes (every
 * import, constant and function a local of the module's body) within them
 * first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { it as nodeIt } from "node:test";
import { appNames } from "../../apps/index";
import { ROOT, buildApp, bundle } from "../../tools/lua/build";
import { NODEMCU_LIMITS, checkLuaLimits, fitLuaLimits, luaFunctionFigures } from "../../tools/lua/limits";
import { describe, eq, it, ok, throws } from "#spec";
import { firstDifference, hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/limits/";
// The specs write their Lua files here; a fresh clone has no out/ yet.
mkdirSync(join(ROOT, DIR), { recursive: true });

function names(prefix: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(prefix + i);
  return out;
}

/** A function (line 2) with `n` locals, one `local` statement each, and a line that uses them all. */
function withLocals(n: number): string {
  const v = names("v", n);
  return "local x = 1\nlocal function f()\n" + v.map((x, i) => "  local " + x + " = " + i + "\n").join("") + "  return " + v.join(" + ") + "\nend\nprint(f())\n";
}

/**
 * A function (line 4) referring to `n` locals: 30 of the chunk's and the
 * rest of the function around it (line 2), through a function inside it
 * (line 5), which refers to them all too.
 */
function withUpvalues(n: number): string {
  const a = names("a", 30);
  const b = names("b", n - 30);
  return "local " + a.join(", ") + " = " + a.map((_x, i) => String(i)).join(", ") + "\n" +
    "local function h()\n  local " + b.join(", ") + " = " + b.map((_x, i) => String(i)).join(", ") + "\n" +
    "  return function()\n    return function() return " + a.concat(b).join(" + ") + " end\n  end\nend\nprint(h()()())\n";
}

function message(fn: () => void): string {
  const e = throws(fn);
  return e instanceof Error ? e.message : String(e);
}

describe("the limit check refuses a function with 51 locals or 61 upvalues, with its position and count, and accepts 50 and 60", () => {
  it("51 locals: refused at the function's line, with the count and the name that went over", () => {
    const m = message(() => checkLuaLimits("over.lua", withLocals(51)));
    ok(m.indexOf("over.lua:53:9: function at line 2 (column 1) has 51 local variables active at once, more than NodeMCU's limit of 50") >= 0, m);
    ok(m.indexOf("'v51'") > 0, m);
  });

  it("61 upvalues: refused, the function and the one inside it both named with their count", () => {
    const m = message(() => checkLuaLimits("over.lua", withUpvalues(61)));
    ok(m.indexOf("function at line 4 (column 10) has 61 upvalues, more than NodeMCU's limit of 60") >= 0, m);
    ok(m.indexOf("function at line 5 (column 12) has 61 upvalues") >= 0, m);
    ok(m.indexOf("function at line 2") < 0, "the function around them has 30: " + m);
  });

  it("50 locals and 60 upvalues: accepted, and counted as that many", () => {
    const a = checkLuaLimits("ok.lua", withLocals(50));
    eq(Math.max(...a.map((f) => f.maxLocals)), 50);
    const b = checkLuaLimits("ok.lua", withUpvalues(60));
    eq(Math.max(...b.map((f) => f.upvalues)), 60);
  });

  it("a main chunk over the limit is named so", () => {
    const m = message(() => checkLuaLimits("main.lua", names("m", 51).map((x) => "local " + x + " = 1\n").join("")));
    ok(m.indexOf("main function has 51 local variables") >= 0, m);
  });
});

/**
 * Programs at and one past stock Lua's 200 locals, each reaching the count
 * through one of the compiler's rules: parameters, `self`, the `arg` of a
 * vararg function, a loop's hidden variables, locals of a finished block
 * that no longer count, several names in one statement.
 */
function stockCases(): { name: string; src: (n: number) => string }[] {
  const locals = (n: number, p = "a"): string => names(p, n).map((x) => "local " + x + "\n").join("");
  return [
    { name: "plain locals", src: (n) => "local function f()\n" + locals(n) + "end\n" },
    { name: "parameters", src: (n) => "local function f(" + names("p", 10).join(", ") + ")\n" + locals(n - 10) + "end\n" },
    { name: "self of a method", src: (n) => "local t = {}\nfunction t:m()\n" + locals(n - 1) + "end\n" },
    { name: "arg of a vararg function", src: (n) => "local function f(...)\n" + locals(n - 1) + "end\n" },
    { name: "a main chunk (no arg)", src: (n) => locals(n) },
    { name: "a numeric for's hidden variables", src: (n) => "local function f()\n" + locals(n - 4) + "for i = 1, 2 do end\nend\n" },
    { name: "a generic for's hidden variables", src: (n) => "local function f()\n" + locals(n - 5) + "for k, v in pairs({}) do end\nend\n" },
    { name: "a finished block's locals", src: (n) => "local function f()\ndo\n" + locals(150, "b") + "end\n" + locals(n) + "end\n" },
    { name: "names declared in one statement", src: (n) => "local function f()\n" + locals(n - 20) + "local " + names("c", 20).join(", ") + " = 1\nend\n" },
    { name: "a repeat's locals seen by its condition", src: (n) => "local function f()\n" + locals(n - 1) + "repeat local r = 1 until r\nend\n" },
  ];
}

describe("the limit check counts as Lua 5.1's compiler does (checked against lua5.1's own at its 200 locals and 60 upvalues)", () => {
  nodeIt("each way of reaching the count: 200 accepted by both, 201 refused by both", () => {
    ok(hasLua("lua5.1"), "lua5.1 is needed");
    const stock = { locals: 200, upvalues: 60 };
    for (const c of stockCases()) {
      for (const n of [200, 201]) {
        const src = c.src(n);
        const file = join(ROOT, DIR + "stock.lua");
        writeFileSync(file, src);
        const lua = spawnSync("luac5.1", ["-p", file], { encoding: "utf8" });
        const luaRefuses = lua.status !== 0;
        const refuses = luaFunctionFigures(src, stock).problems.length > 0;
        eq(luaRefuses, n > 200, c.name + ", " + n + ": luac5.1 says " + (lua.stderr || "ok"));
        eq(refuses, luaRefuses, c.name + ", " + n + " locals: the check and luac5.1 disagree (" + (lua.stderr || "ok") + ")");
      }
    }
    for (const n of [60, 61]) {
      const src = withUpvalues(n);
      writeFileSync(join(ROOT, DIR + "stock.lua"), src);
      const lua = spawnSync("luac5.1", ["-p", join(ROOT, DIR + "stock.lua")], { encoding: "utf8" });
      eq(lua.status !== 0, n > 60, "luac5.1, " + n + " upvalues");
      eq(luaFunctionFigures(src, stock).problems.length > 0, n > 60, "the check, " + n + " upvalues");
    }
  });
});

describe("fitting a module body within the limits keeps what the program prints", () => {
  /**
   * A module as TypeScript-to-Lua writes one: 120 locals in its body
   * (constants, functions using them), a table of every function at the
   * end (90 of them: more than 60 upvalues for any piece after a cut).
   */
  function module(): string {
    const lines: string[] = ["local M = (function(...)", "local ____exports = {}"];
    for (let i = 1; i <= 30; i++) lines.push("local K" + i + " = " + i);
    for (let i = 1; i <= 90; i++) lines.push("local function f" + i + "(x) return x + K" + (1 + (i % 30)) + " end");
    lines.push("____exports.all = {" + names("f", 90).join(", ") + "}");
    lines.push("function ____exports.sum() local s = 0 for i = 1, #____exports.all do s = s + ____exports.all[i](i) end return s + f7(K3) end");
    lines.push("return ____exports", "end)('m')", "print(M.sum(), #M.all)", "");
    return lines.join("\n");
  }

  nodeIt("120 locals and a table of 90 functions: over the limits before, within after, and lua5.1 prints the same", () => {
    ok(hasLua("lua5.1"), "lua5.1 is needed");
    const src = module();
    ok(luaFunctionFigures(src, NODEMCU_LIMITS).problems.length > 0, "over before");
    const fit = fitLuaLimits(src);
    ok(fit.cuts >= 1, "cut: " + fit.cuts);
    ok(fit.spilled > 0, "spilled: " + fit.spilled);
    checkLuaLimits("fitted.lua", fit.text);
    writeFileSync(join(ROOT, DIR + "module.lua"), src);
    writeFileSync(join(ROOT, DIR + "module.fit.lua"), fit.text);
    const a = runLua("lua5.1", DIR + "module.lua", []);
    const b = runLua("lua5.1", DIR + "module.fit.lua", []);
    eq(a.status, 0, a.stderr);
    eq(b.status, 0, b.stderr);
    ok(a.stdout.toString().endsWith("\t90\n"), a.stdout.toString());
    eq(firstDifference(a.stdout, b.stdout), -1);
  });
});

describe("fitting a body that uses its varargs after the cut passes them on", () => {
  nodeIt("60 locals, then ... : within the limits after, and lua5.1 prints the same", () => {
    ok(hasLua("lua5.1"), "lua5.1 is needed");
    const v = names("v", 60);
    const src = "local function f(...)\n" + v.map((x, i) => "  local " + x + " = " + i + "\n").join("") + "  return select('#', ...), ..., " + v.join(" + ") + "\nend\nprint(f(7, 8, 9))\n";
    const fit = fitLuaLimits(src);
    eq(fit.cuts, 1);
    ok(fit.text.indexOf("return(function(...)") > 0, "the rest takes ...");
    checkLuaLimits("vararg.lua", fit.text);
    writeFileSync(join(ROOT, DIR + "vararg.lua"), src);
    writeFileSync(join(ROOT, DIR + "vararg.fit.lua"), fit.text);
    const a = runLua("lua5.1", DIR + "vararg.lua", []);
    const b = runLua("lua5.1", DIR + "vararg.fit.lua", []);
    eq(a.stdout.toString(), "3\t7\t1770\n");
    eq(b.stdout.toString(), a.stdout.toString(), b.stderr);
  });
});

describe("the build refuses a bundle over a limit, and writes every app's within them", () => {
  nodeIt("a function of 51 parameters (no cut can help): refused with its position and count", () => {
    const entry = join(ROOT, DIR + "params.ts");
    writeFileSync(entry, "/** 51 parameters. */\nexport function wide(" + names("p", 51).map((p) => p + ": number").join(", ") + "): number {\n  return " + names("p", 51).join(" + ") + ";\n}\n");
    const m = message(() => bundle(DIR + "params.ts", DIR + "params.lua", false));
    ok(m.indexOf(DIR + "params.lua is over the limits of NodeMCU's Lua compiler") === 0, m);
    ok(/params\.lua:\d+:\d+: function at line \d+ \(column \d+\) has 51 local variables active at once, more than NodeMCU's limit of 50/.test(m), m);
    ok(!existsSync(join(ROOT, DIR + "params.lua")), "no bundle written");
    ok(existsSync(join(ROOT, DIR + "params.lua.refused")), "the refused text beside it");
  });

  for (const app of appNames()) {
    nodeIt("app '" + app + "': its board bundle has at most 50 locals and 60 upvalues in every function", async () => {
      const r = await buildApp(app, "nodemcu-devkit", DIR + app + ".lua");
      const { figures, problems } = luaFunctionFigures(readFileSync(r.file, "utf8"), NODEMCU_LIMITS);
      eq(problems.length, 0);
      ok(Math.max(...figures.map((f) => f.maxLocals)) <= 50);
      ok(Math.max(...figures.map((f) => f.upvalues)) <= 60);
    });
  }
});
