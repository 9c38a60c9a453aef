/**
 * Runs a Lua program on fengari (npm), a Lua 5.3 written in JavaScript
 * whose integers are 32-bit (its floats are doubles), as NodeMCU's Lua 5.3
 * firmware keeps them (`LUA_INT_TYPE LUA_INT_INT`): integer arithmetic
 * wraps at 32 bits, and a decimal literal beyond 32 bits is a float.
 *
 *   node --import tsx tools/lua/fengari.ts [--lua-bit] FILE [ARGS...]
 *
 * runs FILE with `arg` set as the `lua` command sets it; what it prints
 * goes to stdout, an error to stderr with exit code 1.
 *
 * fengari has no `bit` library; the program finds one here, written in Lua
 * 5.3 after NodeMCU's own (`app/modules/bit.c`): each argument must be an
 * integer, or a float with an exact 32-bit integer value
 * (`luaL_checkinteger`), else it raises "number has no integer
 * representation"; a shift count outside 0..31 is an error too (in C it is
 * undefined). Results are 32-bit integers: `rshift` is logical, `arshift`
 * fills with the sign.
 */
import { createRequire } from "node:module";

/** What this file uses of fengari's C-like API. */
interface Fengari {
  lua: {
    LUA_OK: number;
    lua_gettop(L: unknown): number;
    lua_tointegerx(L: unknown, idx: number): number | false;
    lua_pushinteger(L: unknown, n: number): void;
    lua_pushjsfunction(L: unknown, fn: (L: unknown) => number): void;
    lua_setfield(L: unknown, idx: number, k: Uint8Array): void;
    lua_getglobal(L: unknown, name: Uint8Array): number;
    lua_getfield(L: unknown, idx: number, k: Uint8Array): number;
    lua_pop(L: unknown, n: number): void;
    lua_pushstring(L: unknown, s: Uint8Array): void;
    lua_createtable(L: unknown, narr: number, nrec: number): void;
    lua_rawseti(L: unknown, idx: number, n: number): void;
    lua_setglobal(L: unknown, name: Uint8Array): void;
    lua_pcall(L: unknown, nargs: number, nresults: number, msgh: number): number;
    lua_tojsstring(L: unknown, idx: number): string;
  };
  lauxlib: {
    luaL_error(L: unknown, fmt: Uint8Array, ...args: unknown[]): number;
    luaL_tolstring(L: unknown, idx: number): Uint8Array;
    luaL_newstate(): unknown;
    luaL_loadfile(L: unknown, file: Uint8Array): number;
    luaL_loadstring(L: unknown, s: Uint8Array): number;
  };
  lualib: { luaL_openlibs(L: unknown): void };
  to_luastring(s: string): Uint8Array;
}

/**
 * NodeMCU's `bit` module, in Lua 5.3 (see the file's comment): the
 * reference for `BIT_FUNCTIONS`, which do the same in JavaScript, without
 * a Lua call (with its varargs) per operation: fengari spends most of a
 * simulation's time in those calls otherwise. `runOnFengari(.., { luaBit:
 * true })` runs a program with this one.
 */
export const BIT_MODULE = `
local function int(x)
  local i = math.tointeger(x)
  if i == nil then error("bad argument to a bit function (number has no integer representation: " .. tostring(x) .. ")", 3) end
  return i
end
local function count(n)
  local i = int(n)
  if i < 0 or i > 31 then error("bad shift count " .. tostring(n), 3) end
  return i
end
local bit = {}
function bit.bnot(x) return ~int(x) end
function bit.band(x, ...) local w = int(x) for i = 1, select("#", ...) do w = w & int((select(i, ...))) end return w end
function bit.bor(x, ...) local w = int(x) for i = 1, select("#", ...) do w = w | int((select(i, ...))) end return w end
function bit.bxor(x, ...) local w = int(x) for i = 1, select("#", ...) do w = w ~ int((select(i, ...))) end return w end
function bit.lshift(x, n) return int(x) << count(n) end
function bit.rshift(x, n) return int(x) >> count(n) end
function bit.arshift(x, n)
  local v, k = int(x), count(n)
  if v >= 0 then return v >> k end
  return ~((~v) >> k)
end
return bit
`;

/**
 * The `bit` module's functions on fengari's API, as BIT_MODULE has them:
 * each argument converted as `math.tointeger` converts it (an integer, a
 * float with an exact 32-bit integer value, a string of one), else the
 * same error; a shift count outside 0..31 refused alike; results 32-bit
 * integers, `rshift` logical, `arshift` filling with the sign.
 */
function bitFunctions(f: Fengari): [string, (L: unknown) => number][] {
  const { lua, lauxlib, to_luastring } = f;
  const int = (L: unknown, i: number): number => {
    const v = i <= lua.lua_gettop(L) ? lua.lua_tointegerx(L, i) : false;
    if (v === false) {
      const shown = i <= lua.lua_gettop(L) ? lauxlib.luaL_tolstring(L, i) : to_luastring("nil");
      lauxlib.luaL_error(L, to_luastring("bad argument to a bit function (number has no integer representation: %s)"), shown);
    }
    return v as number;
  };
  const count = (L: unknown, i: number): number => {
    const n = int(L, i);
    if (n < 0 || n > 31) lauxlib.luaL_error(L, to_luastring("bad shift count %s"), lauxlib.luaL_tolstring(L, i));
    return n;
  };
  const fold = (op: (a: number, b: number) => number) => (L: unknown): number => {
    let w = int(L, 1);
    const top = lua.lua_gettop(L);
    for (let i = 2; i <= top; i++) w = op(w, int(L, i));
    lua.lua_pushinteger(L, w);
    return 1;
  };
  const one = (fn: (L: unknown) => number) => (L: unknown): number => {
    lua.lua_pushinteger(L, fn(L));
    return 1;
  };
  return [
    ["bnot", one((L) => ~int(L, 1))],
    ["band", fold((a, b) => a & b)],
    ["bor", fold((a, b) => a | b)],
    ["bxor", fold((a, b) => a ^ b)],
    ["lshift", one((L) => int(L, 1) << count(L, 2))],
    ["rshift", one((L) => (int(L, 1) >>> count(L, 2)) | 0)],
    ["arshift", one((L) => int(L, 1) >> count(L, 2))],
  ];
}

/** Loads fengari (a CommonJS package). */
export function loadFengari(): Fengari {
  return createRequire(import.meta.url)("fengari") as Fengari;
}

/**
 * Runs `file` with `args` on fengari in this process (what it prints goes
 * to this process's stdout). Returns the error message, or undefined when
 * it ran to its end. `luaBit`: the `bit` module written in Lua
 * (BIT_MODULE), not its JavaScript twin.
 */
export function runOnFengari(file: string, args: string[], o: { luaBit?: boolean } = {}): string | undefined {
  const f = loadFengari();
  const { lua, lauxlib, lualib, to_luastring } = f;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  if (o.luaBit === true) {
    // package.preload.bit: the module above, for `require("bit")`.
    if (lauxlib.luaL_loadstring(L, to_luastring("package.preload.bit = assert(load(...))")) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
    lua.lua_pushstring(L, to_luastring(BIT_MODULE));
    if (lua.lua_pcall(L, 1, 0, 0) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
  } else {
    // package.preload.bit: a loader returning the table of BIT_FUNCTIONS.
    lua.lua_getglobal(L, to_luastring("package"));
    lua.lua_getfield(L, -1, to_luastring("preload"));
    lua.lua_pushjsfunction(L, (S: unknown): number => {
      lua.lua_createtable(S, 0, 7);
      for (const [name, fn] of bitFunctions(f)) {
        lua.lua_pushjsfunction(S, fn);
        lua.lua_setfield(S, -2, to_luastring(name));
      }
      return 1;
    });
    lua.lua_setfield(L, -2, to_luastring("bit"));
    lua.lua_pop(L, 2);
  }
  // arg, as the lua command sets it.
  lua.lua_createtable(L, args.length, 1);
  lua.lua_pushstring(L, to_luastring(file));
  lua.lua_rawseti(L, -2, 0);
  for (let i = 0; i < args.length; i++) {
    lua.lua_pushstring(L, to_luastring(args[i]));
    lua.lua_rawseti(L, -2, i + 1);
  }
  lua.lua_setglobal(L, to_luastring("arg"));
  if (lauxlib.luaL_loadfile(L, to_luastring(file)) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
  for (const a of args) lua.lua_pushstring(L, to_luastring(a));
  if (lua.lua_pcall(L, args.length, 0, 0) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
  return undefined;
}

if (process.argv[1] !== undefined && process.argv[1].endsWith("fengari.ts")) {
  const luaBit = process.argv[2] === "--lua-bit";
  const file = process.argv[luaBit ? 3 : 2];
  if (file === undefined) {
    console.error("usage: node --import tsx tools/lua/fengari.ts [--lua-bit] FILE [ARGS...]");
    process.exit(2);
  }
  const err = runOnFengari(luaBit ? process.argv[3] : file, process.argv.slice(luaBit ? 4 : 3), { luaBit: luaBit });
  if (err !== undefined) {
    process.stderr.write("fengari: " + err + "\n");
    process.exit(1);
  }
}
