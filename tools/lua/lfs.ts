/**
 * The Lua Flash Store (LFS) layout of a board bundle: the files NodeMCU's
 * cross compiler makes an LFS image from (`luac.cross -f -o lfs.img
 * FILES`), laid out as NodeMCU's LFS documentation describes. An image
 * holds modules, each named after its file (the name up to the first dot),
 * whose code and constant strings stay in flash; `node.LFS.get(name)`
 * (`node.flashindex(name)` on older firmware) gives a module's main
 * function, and an `_init` module conventionally sets up access to them.
 *
 * - `_init.lua`: the conventional `_init`: a global `LFS` table whose
 *   fields are the image's modules (`LFS.demo()`), and a `require` loader
 *   for them (`require("demo")`), after the others (NodeMCU's example puts
 *   it in the place of the C loader, which a firmware does not use; a PC's
 *   Lua does, for the `bit` library);
 * - `<app>.lua`: the entry. Calling it (`node.LFS.get("demo")()`) loads
 *   the other modules from the image as the bundle's `require` does (each
 *   once, when first required), starting with `<app>_boot`, the bundle's
 *   entry module, which boots the app on the board; it returns what the
 *   bundle returns (a table with `booted` and `summary`);
 * - one file per module of the bundle, named after it (`kernel.endpoint` ->
 *   `kernel_endpoint.lua`: a module's name cannot have a dot), holding the
 *   module's body as minified in the bundle, after the two names the
 *   bundle gave it: the `bit` library and the bundle's `require`, which
 *   the entry hands each module when it runs it.
 *
 * Each file is fitted to and checked against NodeMCU's compiler limits
 * (tools/lua/limits.ts), as a bundle is.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import luaparse from "luaparse";
import type * as ast from "luaparse";
import { checkLuaLimits, fitLuaLimits, span, upvalueNames } from "./limits";
import type { ModuleSpan } from "./minify";

export interface LfsLayout {
  /** The folder of the files. */
  dir: string;
  /** The files, in the order the command names them: `_init.lua`, the entry, the modules in the bundle's order. */
  files: string[];
  /** The module that starts the app: the app's name. */
  entry: string;
  /** Bytes of all the files. */
  bytes: number;
  /** The cross compiler's command that makes the image from them, run in `dir`. */
  command: string;
}

/** The conventional `_init` module (after NodeMCU's lua_examples/lfs/_init.lua): the LFS table and a require loader. */
const INIT = `-- _init: access to the modules of the Lua Flash Store.
-- Run it once after boot: node.LFS.get("_init")() (older firmware: node.flashindex("_init")()).
-- Then LFS.<module>() runs a module's main function, and require("<module>") finds it.
local get = node.LFS and node.LFS.get or node.flashindex
LFS = setmetatable({}, {
  __index = function(_, name) return get(name) end,
  __newindex = function(_, name) error("LFS is read-only: " .. tostring(name), 2) end,
})
local loaders = package.loaders or package.searchers
loaders[#loaders + 1] = function(name) return get(name) end
`;

/** The entry module: loads the bundle's modules from LFS by their keys, each once, and runs the app's. */
function entryText(app: string, names: [string, string][], entryKey: string): string {
  return [
    "-- " + app + ": the app '" + app + "' from the Lua Flash Store. node.LFS.get(\"" + app + "\")() boots it and returns",
    "-- a table with booted and summary(), as dofile(\"" + app + ".lua\") does with the plain bundle.",
    "local get = node.LFS and node.LFS.get or node.flashindex",
    "local names = {" + names.map(([key, name]) => "[" + JSON.stringify(key) + "]=" + JSON.stringify(name)).join(",") + "}",
    "local loaded = {}",
    "local function load(key)",
    "  local m = loaded[key]",
    "  if m == nil then",
    "    local name = names[key]",
    "    if name == nil then return require(key) end",
    "    local f = get(name)",
    "    if f == nil then error(\"baton: module '\" .. name .. \"' is not in the Lua Flash Store\") end",
    "    m = {f(load)}",
    "    loaded[key] = m",
    "  end",
    "  return m[1]",
    "end",
    "return load(" + JSON.stringify(entryKey) + ")",
    "",
  ].join("\n");
}

/** A module's LFS name: its name in the bundle with dots made underscores. */
export function lfsModuleName(module: string): string {
  return module.replace(/\./g, "_");
}

function parse(bytes: string): ast.Chunk {
  return luaparse.parse(bytes, { luaVersion: "5.1", ranges: true, comments: false, encodingMode: "pseudo-latin1" });
}

function stringValue(e: ast.Expression): string | undefined {
  if (e.type !== "StringLiteral") return undefined;
  return e.raw.slice(1, -1);
}

/**
 * Writes the LFS layout of a minified board bundle (`text`, with `spans`
 * from its minification: tools/lua/build.ts `lastModuleSpans`) for `app`
 * into `dir` (emptied first). Returns the layout and the command that
 * makes the image.
 */
export function writeLfs(text: string, spans: Map<string, ModuleSpan>, app: string, dir: string): LfsLayout {
  const bytes = Buffer.from(text, "utf8").toString("latin1");
  const chunk = parse(bytes);
  const moduleOfKey = new Map<string, string>();
  for (const [name, sp] of spans) moduleOfKey.set(sp.key.slice(2, -2), name);

  // The bundle: `local <bit>=bit or require("bit")`, the loader, `<modules>={[key]=function(...) ... end, ...}`, `local e=<require>(key, ...)`.
  let bitName: string | undefined = undefined;
  let requireName: string | undefined = undefined;
  let entryKey: string | undefined = undefined;
  let table: ast.TableConstructorExpression | undefined = undefined;
  for (const st of chunk.body) {
    if (st.type === "LocalStatement" && st.init.length === 1) {
      const e = st.init[0];
      if (e.type === "LogicalExpression" && e.left.type === "Identifier" && e.left.name === "bit") bitName = st.variables[0].name;
      if (e.type === "CallExpression" && e.base.type === "Identifier" && e.arguments.length > 0 && stringValue(e.arguments[0]) !== undefined) {
        requireName = e.base.name;
        entryKey = stringValue(e.arguments[0]);
      }
    }
    if (st.type === "AssignmentStatement" && st.init.length === 1 && st.init[0].type === "TableConstructorExpression") {
      const t = st.init[0];
      if (t.fields.length > 0 && t.fields.every((f) => f.type === "TableKey" && stringValue(f.key) !== undefined && f.value.type === "FunctionDeclaration")) table = t;
    }
  }
  if (bitName === undefined || requireName === undefined || entryKey === undefined || table === undefined) {
    throw new Error("LFS: the bundle is not laid out as expected (the bit library, the module table, the entry's require)");
  }

  const ups = upvalueNames(text);
  const modules: { key: string; name: string; text: string }[] = [];
  for (const field of table.fields) {
    const f = field as ast.TableKey;
    const key = stringValue(f.key) as string;
    const fn = f.value as ast.FunctionDeclaration;
    const module = moduleOfKey.get(key);
    if (module === undefined) throw new Error("LFS: no module name for the bundle's key '" + key + "'");
    // The bundle's entry module (it installs the host's services and boots the app) is `<app>_boot`.
    const name = key === entryKey ? app + "_boot" : lfsModuleName(module);
    const used = ups.get(span(fn)[0]) || [];
    for (const u of used) if (u !== bitName && u !== requireName) throw new Error("LFS: module " + module + " uses '" + u + "' of the bundle's main chunk");
    // The module's body after the names it takes from the bundle: `bit`, and the entry's loader as its `require`.
    const prologue = (used.indexOf(bitName) >= 0 ? "local " + bitName + "=bit or require(\"bit\") " : "") + (used.indexOf(requireName) >= 0 ? "local " + requireName + "=... " : "");
    const body = fn.body.length === 0 ? "" : bytes.slice(span(fn.body[0])[0], span(fn.body[fn.body.length - 1])[1]);
    modules.push({ key: key, name: name, text: prologue + body + "\n" });
  }
  const starter = entryText(app, modules.map((m) => [m.key, m.name] as [string, string]), entryKey);

  const seen = new Set<string>(["_init", app]);
  for (const m of modules) {
    if (!/^[A-Za-z0-9_-]+$/.test(m.name)) throw new Error("LFS: module name '" + m.name + "' is not a plain file name");
    if (seen.has(m.name)) throw new Error("LFS: two modules named '" + m.name + "'");
    seen.add(m.name);
  }

  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith(".lua") || f === "lfs.img") rmSync(join(dir, f));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let total = 0;
  const write = (name: string, latin1: string): void => {
    const file = name + ".lua";
    const fitted = fitLuaLimits(Buffer.from(latin1, "latin1").toString("utf8")).text;
    checkLuaLimits(join(dir, file), fitted);
    writeFileSync(join(dir, file), fitted);
    files.push(file);
    total += statSync(join(dir, file)).size;
  };
  write("_init", INIT);
  write(app, starter);
  for (const m of modules) write(m.name, m.text);
  return { dir: dir, files: files, entry: app, bytes: total, command: "luac.cross -f -o lfs.img " + files.join(" ") };
}

/**
 * Runs the cross compiler `luac` (the user's `luac.cross`, from their
 * firmware build) on the layout, in its folder: `lfs.img` there. Returns
 * the image's file and size; throws with the compiler's message when it
 * fails.
 */
export function buildLfsImage(layout: LfsLayout, luac: string): { file: string; bytes: number } {
  const r = spawnSync(luac, ["-f", "-o", "lfs.img", ...layout.files], { cwd: layout.dir, encoding: "utf8" });
  if (r.error !== undefined) throw new Error(luac + " did not run: " + r.error.message);
  if (r.status !== 0) throw new Error(luac + " -f failed in " + layout.dir + ":\n" + (r.stdout + r.stderr).trim());
  const file = join(layout.dir, "lfs.img");
  return { file: file, bytes: statSync(file).size };
}
