/**
 * Runs a Lua program on fengari (npm), a Lua 5.3 written in JavaScript
 * whose integers are 32-bit (its floats are doubles), as NodeMCU's Lua 5.3
 * firmware keeps them (`LUA_INT_TYPE LUA_INT_INT`): integer arithmetic
 * wraps at 32 bits, and a decimal literal beyond 32 bits is a float.
 *
 *   node --import tsx tools/lua/fengari.ts FILE [ARGS...]
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
    lua_pushstring(L: unknown, s: Uint8Array): void;
    lua_createtable(L: unknown, narr: number, nrec: number): void;
    lua_rawseti(L: unknown, idx: number, n: number): void;
    lua_setglobal(L: unknown, name: Uint8Array): void;
    lua_pcall(L: unknown, nargs: number, nresults: number, msgh: number): number;
    lua_tojsstring(L: unknown, idx: number): string;
  };
  lauxlib: {
    luaL_newstate(): unknown;
    luaL_loadfile(L: unknown, file: Uint8Array): number;
    luaL_loadstring(L: unknown, s: Uint8Array): number;
  };
  lualib: { luaL_openlibs(L: unknown): void };
  to_luastring(s: string): Uint8Array;
}

/** NodeMCU's `bit` module, in Lua 5.3 (see the file's comment). */
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

/** Loads fengari (a CommonJS package). */
export function loadFengari(): Fengari {
  return createRequire(import.meta.url)("fengari") as Fengari;
}

/**
 * Runs `file` with `args` on fengari in this process (what it prints goes
 * to this process's stdout). Returns the error message, or undefined when
 * it ran to its end.
 */
export function runOnFengari(file: string, args: string[]): string | undefined {
  const f = loadFengari();
  const { lua, lauxlib, lualib, to_luastring } = f;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  // package.preload.bit: the module above, for `require("bit")`.
  if (lauxlib.luaL_loadstring(L, to_luastring("package.preload.bit = assert(load(...))")) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
  lua.lua_pushstring(L, to_luastring(BIT_MODULE));
  if (lua.lua_pcall(L, 1, 0, 0) !== lua.LUA_OK) return lua.lua_tojsstring(L, -1);
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
  const file = process.argv[2];
  if (file === undefined) {
    console.error("usage: node --import tsx tools/lua/fengari.ts FILE [ARGS...]");
    process.exit(2);
  }
  const err = runOnFengari(file, process.argv.slice(3));
  if (err !== undefined) {
    process.stderr.write("fengari: " + err + "\n");
    process.exit(1);
  }
}
