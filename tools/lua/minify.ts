/**
 * The Lua minifier of the board bundles (typescript-to-lua's output is
 * readable, and an ESP8266 has tens of KB of heap), built on npm's `luamin`:
 * luamin parses the program with `luaparse` and prints it again as one line,
 * without comments or spaces that separate nothing, its local variables,
 * parameters and local functions renamed to short names (one for each
 * distinct name, in the order it meets them; globals, table fields and keys
 * keep theirs).
 *
 * What luamin cannot do is done here, on luaparse's syntax tree before
 * luamin prints it, and on what it printed:
 *
 * - renaming the program's own table fields (`renameFields`): luamin keeps
 *   every field name, as it cannot tell the program's fields from those of
 *   Lua's libraries and of the NodeMCU firmware (`string.format`,
 *   `tmr.create():alarm`); here they are told apart (see `renameFields`);
 * - shortening a bundle's module names (`["kernel.syscalls"]` and the
 *   `require` calls naming them): to luamin they are strings;
 * - giving a name of its own to a local named like a global
 *   (`local bit = bit or require("bit")`), which luamin would leave long:
 *   it keeps the names of globals wherever they occur
 *   (`freeLocalsNamedLikeGlobals`);
 * - reporting where each module sits in the output (`moduleSpans`,
 *   `moduleBytes`, for tools/bench-lua.ts): luamin returns one line of text;
 * - refusing what luamin would print with another meaning (`refuseChanged`):
 *   it drops the parentheses that cut a call or `...` to one value, and
 *   those around a `*` or `/` on the right of a `*`; it joins a statement
 *   that begins with `(` to the one before it as a call. typescript-to-lua's
 *   output has none of these; the error names the line. luamin also drops
 *   the parentheses of `a + (b + c)` and `a + (b - c)`: the same number for
 *   the whole numbers below 2^53 this project computes with (32-bit values,
 *   µs), so that is let through.
 *
 * The syntax tree comes from the luaparse that luamin depends on (0.2):
 * luaparse 0.3, which tools/lua/limits.ts uses, no longer marks the
 * expressions written in parentheses (`inParens`), and without that mark
 * luamin prints `(a or b).c` as `a or b.c`.
 */
import { createRequire } from "node:module";

/** A node of luaparse's syntax tree (luaparse 0.2, as luamin reads it). */
interface Node {
  type: string;
  [field: string]: unknown;
}

interface Identifier extends Node {
  name: string;
  isLocal?: boolean;
}

interface StringLiteral extends Node {
  raw: string;
}

interface Chunk extends Node {
  body: Node[];
  globals: Identifier[];
}

interface LuaParse {
  parse(code: string, options: { scope?: boolean; comments?: boolean; ranges?: boolean; locations?: boolean }): Chunk;
}

interface LuaMin {
  minify(code: string | Chunk): string;
}

const require = createRequire(import.meta.url);
const luamin = require("luamin") as LuaMin;
/** luamin's own luaparse (see the module comment). */
const luaparse = createRequire(require.resolve("luamin"))("luaparse") as LuaParse;

const KEYWORDS = [
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/** Calls `visit` on every node of the tree under `node`, with the field of its parent that holds it. */
function walk(node: unknown, field: string, visit: (n: Node, field: string) => void): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, field, visit);
    return;
  }
  const n = node as Node;
  if (typeof n.type !== "string") return;
  visit(n, field);
  for (const key of Object.keys(n)) if (key !== "globals" && key !== "range" && key !== "loc") walk(n[key], key, visit);
}

function lineOf(n: Node): string {
  const loc = n.loc as { start: { line: number } } | undefined;
  return loc !== undefined ? "line " + loc.start.line : "somewhere";
}

const CALLS = ["CallExpression", "StringCallExpression", "TableCallExpression"];
/** Expressions luamin prints in parentheses when they were written so as the base of a call, index or field. */
const KEPT_AS_BASE = ["BinaryExpression", "LogicalExpression", "FunctionDeclaration", "TableConstructorExpression", "StringLiteral"];
/** Bases that need no parentheses. */
const PLAIN_BASES = ["Identifier", "MemberExpression", "IndexExpression", ...CALLS];

/** Throws, naming the line, when luamin would print part of the program with another meaning (see the module comment). */
function refuseChanged(ast: Chunk): void {
  walk(ast.body, "body", (n, field) => {
    const paren = n.inParens === true;
    if (paren && field !== "base" && (CALLS.indexOf(n.type) >= 0 || n.type === "VarargLiteral")) {
      throw new Error("minifyLua: " + lineOf(n) + ": a call or `...` in parentheses (one value): luamin drops the parentheses");
    }
    if (paren && field === "base" && KEPT_AS_BASE.indexOf(n.type) < 0 && PLAIN_BASES.indexOf(n.type) < 0) {
      throw new Error("minifyLua: " + lineOf(n) + ": a " + n.type + " in parentheses before a call, index or field: luamin drops the parentheses");
    }
    if (n.type === "BinaryExpression" && n.operator === "*") {
      const r = n.right as Node;
      if (r.type === "BinaryExpression" && (r.operator === "*" || r.operator === "/")) {
        throw new Error("minifyLua: " + lineOf(n) + ": `a * (b " + String(r.operator) + " c)`: luamin drops the parentheses, and the product of numbers with fractions depends on them");
      }
    }
    if (n.type === "CallStatement" || n.type === "AssignmentStatement") {
      let e = (n.type === "CallStatement" ? n.expression : (n.variables as Node[])[0]) as Node | undefined;
      while (e !== undefined) {
        if (e.inParens === true && KEPT_AS_BASE.indexOf(e.type) >= 0) {
          throw new Error("minifyLua: " + lineOf(n) + ": a statement that begins with `(`: luamin joins it to the statement before as a call");
        }
        e = e.base as Node | undefined;
      }
    }
  });
}

/**
 * luamin gives each name one short name, and keeps the names of globals: a
 * local that shares a global's name would keep it too (the bundle's
 * `local bit = bit or require("bit")`, its own `require`). Such locals get a
 * name of their own first, which no variable of the program has, and
 * luamin shortens that. `self` keeps its name everywhere: luaparse marks a
 * method's implicit `self` local, and luamin keeps every `self` for it.
 */
function freeLocalsNamedLikeGlobals(ast: Chunk): void {
  const kept = new Set<string>(ast.globals.map((g) => g.name));
  kept.delete("self");
  const used = new Set<string>();
  walk(ast.body, "body", (n) => {
    if (n.type === "Identifier") used.add((n as Identifier).name);
  });
  const fresh = new Map<string, string>();
  walk(ast.body, "body", (n) => {
    const id = n as Identifier;
    if (n.type !== "Identifier" || id.isLocal !== true || !kept.has(id.name)) return;
    let name = fresh.get(id.name);
    if (name === undefined) {
      let k = 0;
      while (used.has(id.name + "_" + k)) k++;
      name = id.name + "_" + k;
      used.add(name);
      fresh.set(id.name, name);
    }
    id.name = name;
  });
}

const FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
const REST = FIRST + "0123456789";

/** The short names in order, a..Z_, then aa, ab, ..., skipping keywords and `taken`; `count` of them. */
function shortNames(count: number, taken: Set<string>): string[] {
  const out: string[] = [];
  for (let len = 1; out.length < count; len++) {
    const idx: number[] = new Array(len).fill(0);
    for (;;) {
      let s = FIRST[idx[0]];
      for (let k = 1; k < len; k++) s += REST[idx[k]];
      if (KEYWORDS.indexOf(s) < 0 && !taken.has(s)) {
        out.push(s);
        if (out.length === count) return out;
      }
      let k = len - 1;
      while (k >= 0) {
        idx[k]++;
        if (idx[k] < (k === 0 ? FIRST.length : REST.length)) break;
        idx[k] = 0;
        k--;
      }
      if (k < 0) break;
    }
  }
  return out;
}

/** The module keys of a bundle, in order: the strings `k` of every `["k"] = function ... end` table entry (quotes included). */
function moduleKeys(ast: Chunk): string[] {
  const keys: string[] = [];
  walk(ast.body, "body", (n) => {
    if (n.type !== "TableKey") return;
    const key = n.key as Node;
    if (key.type === "StringLiteral" && (n.value as Node).type === "FunctionDeclaration") {
      const raw = (key as StringLiteral).raw;
      if (keys.indexOf(raw) < 0) keys.push(raw);
    }
  });
  return keys;
}

/** Shortens module names: the keys of the bundle's modules and every string naming one. Returns short → long (with quotes). */
function shortenModules(ast: Chunk): Map<string, string> {
  const keys = moduleKeys(ast);
  const names = shortNames(keys.length, new Set<string>());
  const short = new Map<string, string>();
  const back = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    short.set(keys[i], '"' + names[i] + '"');
    back.set('"' + names[i] + '"', keys[i]);
  }
  walk(ast.body, "body", (n) => {
    if (n.type !== "StringLiteral") return;
    const s = short.get((n as StringLiteral).raw);
    if (s !== undefined) (n as StringLiteral).raw = s;
  });
  return back;
}

/**
 * Field names a bundle may read from or pass to the outside world without
 * a global in front of them: Lua's libraries (also as string and file
 * methods), NodeMCU's modules and the methods of their objects (a
 * `tmr.create()` timer), the host's own hooks, and what a bundle returns.
 * Never renamed.
 */
const HOST_FIELDS = new Set<string>([
  // string, table, math, os, io, file handles, coroutine
  "byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper",
  "concat", "insert", "maxn", "remove", "sort", "unpack", "pack", "n", "move",
  "abs", "ceil", "floor", "fmod", "huge", "max", "min", "modf", "pi", "pow", "random", "randomseed", "sqrt", "log", "exp", "frexp", "ldexp", "maxinteger", "mininteger", "tointeger", "type",
  "clock", "date", "difftime", "exit", "getenv", "time", "close", "flush", "lines", "open", "read", "seek", "setvbuf", "write", "stdout", "stderr", "stdin", "output", "input",
  "create", "resume", "running", "status", "wrap", "yield", "traceback", "getinfo",
  // bit (NodeMCU's and lua-bitop)
  "band", "bor", "bxor", "bnot", "lshift", "rshift", "arshift", "tobit", "tohex", "bit", "clear", "set", "isset", "isclear",
  // tmr and its timer objects, gpio, node, uart, file
  "alarm", "register", "start", "stop", "unregister", "interval", "state", "now", "delay", "wdclr", "softwd", "ALARM_SINGLE", "ALARM_SEMI", "ALARM_AUTO",
  "mode", "trig", "serout", "pulse", "OUTPUT", "INPUT", "INT", "OPENDRAIN", "HIGH", "LOW", "PULLUP", "FLOAT",
  "arg", "heap", "task", "post", "restart", "chipid", "info", "egc", "LOW_PRIORITY", "MEDIUM_PRIORITY", "HIGH_PRIORITY", "on", "setup",
  // What a board bundle returns to `dofile` (docs/lua.md): whether the app booted, and its summary.
  "booted", "summary",
]);

/**
 * Renames table fields the program owns to short names, consistently
 * everywhere they appear: a field is the program's when the program stores
 * it (a table key, an assignment target or a function statement names it),
 * it is not the name of a global the program uses (`_G.arg`), no string in
 * the program spells it (no `t["f"]`, `rawget(t, "f")`), it is never read
 * straight off a global (`string.format`) and it is not a name of the
 * host's (`HOST_FIELDS`, and `__` metamethods). Fields of one or two
 * characters keep their names, and short names never repeat a field name
 * that keeps its name or any string, so two fields of one table cannot meet.
 */
function renameFields(ast: Chunk): void {
  const fields = new Map<string, Identifier[]>();
  const stored = new Set<string>();
  const globalFields = new Set<string>();
  const strings = new Set<string>();
  const globals = new Set<string>(ast.globals.map((g) => g.name));
  const field = (id: Identifier): void => {
    const list = fields.get(id.name);
    if (list !== undefined) list.push(id);
    else fields.set(id.name, [id]);
  };
  walk(ast.body, "body", (n) => {
    if (n.type === "MemberExpression") {
      const id = n.identifier as Identifier;
      field(id);
      const base = n.base as Identifier;
      if (base.type === "Identifier" && base.isLocal !== true) globalFields.add(id.name);
    } else if (n.type === "TableKeyString") {
      const key = n.key as Identifier;
      field(key);
      stored.add(key.name);
    } else if (n.type === "AssignmentStatement") {
      for (const v of n.variables as Node[]) if (v.type === "MemberExpression") stored.add((v.identifier as Identifier).name);
    } else if (n.type === "FunctionDeclaration") {
      let id = n.identifier as Node | null;
      while (id !== null && id.type === "MemberExpression") {
        stored.add((id.identifier as Identifier).name);
        id = id.base as Node;
      }
    } else if (n.type === "StringLiteral") {
      const raw = (n as StringLiteral).raw;
      if (raw[0] === '"' || raw[0] === "'") strings.add(raw.slice(1, -1));
    }
  });
  const renamed: { name: string; ids: Identifier[] }[] = [];
  const taken = new Set<string>(strings);
  for (const [name, ids] of fields) {
    const own = name.length > 2 && stored.has(name) && !strings.has(name) && !globalFields.has(name) && !globals.has(name) && !HOST_FIELDS.has(name) && name[0] !== "_";
    if (own) renamed.push({ name: name, ids: ids });
    else taken.add(name);
  }
  renamed.sort((a, b) => b.ids.length - a.ids.length);
  const names = shortNames(renamed.length, taken);
  for (let i = 0; i < renamed.length; i++) {
    // Names of one or two characters keep theirs (in `taken`), so a short name is never one of them.
    if (names[i].length > 2) throw new Error("minifyLua: more fields than two-character names");
    for (const id of renamed[i].ids) id.name = names[i];
  }
}

export interface MinifyOptions {
  /** Rename the program's own table fields (see `renameFields`; default false: only whole programs may). */
  renameFields?: boolean;
  /** Filled with the bytes each module of a bundle takes in the output, by its original name. */
  moduleBytes?: Map<string, number>;
  /**
   * Filled with where each module of a bundle sits in the output, by its
   * original name: `["k"]=function(...) ... end` from `start` to `end`
   * (character offsets), and its key (`["k"]`).
   */
  moduleSpans?: Map<string, ModuleSpan>;
}

export interface ModuleSpan {
  start: number;
  end: number;
  key: string;
}

/** Where each module of `back` (short key → long key) sits in the minified program `out`, in order. */
function findModules(out: string, back: Map<string, string>): { name: string; span: ModuleSpan }[] {
  const found: { name: string; span: ModuleSpan }[] = [];
  walk(luaparse.parse(out, { comments: false, ranges: true }).body, "body", (n) => {
    if (n.type !== "TableKey" || (n.value as Node).type !== "FunctionDeclaration") return;
    const key = n.key as StringLiteral;
    const long = key.type === "StringLiteral" ? back.get(key.raw) : undefined;
    if (long === undefined) return;
    const range = n.range as [number, number];
    found.push({ name: long.slice(1, -1), span: { start: range[0], end: range[1], key: "[" + key.raw + "]" } });
  });
  found.sort((a, b) => a.span.start - b.span.start);
  return found;
}

/** Minifies the Lua 5.1 program `src` (see the module comment); the result is one line of code. */
export function minifyLua(src: string, options?: MinifyOptions): string {
  const ast = luaparse.parse(src, { scope: true, comments: false, locations: true });
  refuseChanged(ast);
  const back = shortenModules(ast);
  if (options !== undefined && options.renameFields === true) renameFields(ast);
  freeLocalsNamedLikeGlobals(ast);
  const out = luamin.minify(ast);
  const sizes = options !== undefined ? options.moduleBytes : undefined;
  const spans = options !== undefined ? options.moduleSpans : undefined;
  if (sizes !== undefined || spans !== undefined) {
    const found = findModules(out, back);
    for (let i = 0; i < found.length; i++) {
      const f = found[i];
      if (spans !== undefined) spans.set(f.name, f.span);
      // A module's bytes run to the next module's start; the last one's, to the end of the program.
      if (sizes !== undefined) sizes.set(f.name, (i + 1 < found.length ? found[i + 1].span.start : out.length) - f.span.start);
    }
  }
  return out + "\n";
}
