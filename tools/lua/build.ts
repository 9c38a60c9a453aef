/**
 * Builds the Lua target with typescript-to-lua (TSTL) and `tsconfig.lua.json`
 * (`#port` → kernel/port/lua.ts, `#spec` → tests/lib/spec.lua.ts), plus the
 * bit plugin (tools/lua/bit-plugin.ts).
 *
 * - `buildApp(name, board)`: `dist/lua/<name>.lua`, one file: the kernel, the
 *   app and the NodeMCU host layer, started on load (`dofile("<name>.lua")`).
 * - `buildSim()`: `dist/lua/sim.lua`, the simulator and every app, with the
 *   command line of tools/sim.ts (tools/sim.lua.ts).
 * - `buildRunner()`: `dist/lua/nodemcu-sim.lua`, the simulated NodeMCU
 *   firmware that runs a board bundle on a host (sim/nodemcu.ts).
 * - `buildDiff()`: `dist/lua/diff.lua`, the kernel and the reference model
 *   side by side on random systems (tools/diff.lua.ts).
 * - `buildSpecs()`: `out/lua/tree/`, one Lua module per TypeScript file, with
 *   every shared spec (tests/<area>/<name>_spec.ts) except those listed in
 *   tests/lua/node-only.json, for busted.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import * as tstl from "typescript-to-lua";
import { bitPlugin } from "./bit-plugin";
import { cachedSync, hashOf, sourcesHash, SOURCE_DIRS, textsHash, writeFileAtomic } from "../build-cache";
import { inlinedKernel, trimmedFor } from "../build-steps";
import { MadeBundle, appBundleKey, appEntry, bundleKey, validateFor } from "./keys";
import { hooksOffPlugin } from "./hooks-plugin";
import { checkLuaLimits, fitLuaLimits } from "./limits";
import { ModuleSpan, minifyLua } from "./minify";

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const CONFIG = join(ROOT, "tsconfig.lua.json");

/** An import of a package (not a project file, not a `#` alias): Lua has none of them. */
const PACKAGE_IMPORT = /\bfrom\s+["']([^.#"'][^"']*)["']/;

function formatDiagnostics(diags: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diags, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
}

function loadOptions(): tstl.CompilerOptions {
  const parsed = tstl.parseConfigFileWithSystem(CONFIG);
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error("tsconfig.lua.json:\n" + formatDiagnostics(errors));
  return parsed.options as tstl.CompilerOptions;
}

/** The files of the Lua project (tsconfig.lua.json's include and exclude). */
function projectFiles(): string[] {
  return tstl.parseConfigFileWithSystem(CONFIG).fileNames;
}

/**
 * Compiles `rootNames` (and whatever they import) to Lua. Throws with every
 * diagnostic (TypeScript's and TSTL's) when there is any error.
 */
function transpile(rootNames: string[], extra: tstl.CompilerOptions, more: tstl.Plugin[] = [], sources?: Map<string, string>): void {
  const plugins = [bitPlugin, ...more].map((p) => ({ plugin: p }));
  const options: tstl.CompilerOptions = { ...loadOptions(), ...extra, luaPlugins: plugins };
  // `sources`: texts that stand for files on disk (the kernel with its @inline calls expanded, and
  // trimmed to an app: a constant folded away can leave a local unused, which is no error there).
  if (sources !== undefined) {
    options.noUnusedLocals = false;
    options.noUnusedParameters = false;
  }
  const host = ts.createCompilerHost(options);
  if (sources !== undefined) {
    const read = host.getSourceFile;
    host.getSourceFile = (fileName, language, onError, shouldCreate) => {
      const text = sources.get(resolve(fileName));
      return text !== undefined ? ts.createSourceFile(fileName, text, language) : read.call(host, fileName, language, onError, shouldCreate);
    };
  }
  const program = ts.createProgram({ rootNames, options, host });
  const pre = ts.getPreEmitDiagnostics(program);
  const { diagnostics } = new tstl.Transpiler().emit({ program });
  const errors = [...pre, ...diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error("Lua build failed:\n" + formatDiagnostics(errors));
}

/**
 * Modules a board bundle leaves out, each replaced by a stub that fails
 * loudly if called: the debug invariant checker runs after every step in
 * tests and in the simulator, never on a board.
 */
const BOARD_STUBS: { file: string; code: string }[] = [
  {
    file: "kernel/check.ts",
    code: 'local ____exports = {}\nfunction ____exports.checkInvariants() error("baton: the invariant checker is not in board builds") end\nreturn ____exports\n',
  },
];

const stubPlugin: tstl.Plugin = {
  afterPrint(_program, _options, _host, files) {
    for (const f of files) {
      for (const stub of BOARD_STUBS) {
        if (f.fileName === join(ROOT, stub.file)) {
          f.code = stub.code;
          f.sourceMapNode = undefined;
        }
      }
    }
  },
};

/** Whether the last bundle was read from the build cache (tools/build-cache.ts), not made afresh. */
export let lastBundleCached = false;

/**
 * Bundles `entry` into the single file `outFile`. `board`: minify (see
 * tools/lua/minify.ts) and leave out what only tests use (BOARD_STUBS).
 * `sources`: texts that stand for files on disk; by default, for board
 * bundles, the kernel with its `@inline` calls expanded (tools/inline.ts).
 * Every bundle is fitted to the limits of NodeMCU's Lua compiler (50
 * locals, 60 upvalues per function: tools/lua/limits.ts), then checked
 * against them with a Lua parser; one over a limit is refused with the
 * function's position and count. Returns the file's size in bytes.
 *
 * An entry under the source folders (tools/build-cache.ts `SOURCE_DIRS`) is
 * bundled through the build cache: once per content of the sources, whatever
 * `outFile`. The file is written whole (a process reading it meanwhile sees
 * the old content or the new).
 */
export function bundle(entry: string, outFile: string, board: boolean, sources: Map<string, string> | undefined = board ? inlinedKernel(ROOT) : undefined): number {
  const rel = relative(ROOT, resolve(ROOT, entry));
  const cacheable = SOURCE_DIRS.some((d) => rel.startsWith(d + "/"));
  return bundleAs(cacheable ? bundleKey(rel, board, sources !== undefined ? textsHash(sources) : "") : undefined, entry, outFile, board, () => sources);
}

/**
 * `bundle`, through the build cache under `key` when given (tools/lua/keys.ts);
 * `sources` is called only when the bundle is made.
 */
function bundleAs(key: string | undefined, entry: string, outFile: string, board: boolean, sources: () => Map<string, string> | undefined): number {
  const out = resolve(ROOT, outFile);
  const make = (): MadeBundle => {
    // TypeScript-to-Lua writes its bundle beside the file, under a name of its own: no reader of `out` sees it.
    const tmp = out + "." + process.pid + ".tstl.lua";
    mkdirSync(dirname(out), { recursive: true });
    let raw: string;
    try {
      transpile(
        [resolve(ROOT, entry)],
        { luaBundle: relative(ROOT, tmp), luaBundleEntry: resolve(ROOT, entry), outDir: ROOT, sourceMap: false },
        board ? [stubPlugin, hooksOffPlugin] : [],
        sources(),
      );
      raw = readFileSync(tmp, "utf8");
    } finally {
      rmSync(tmp, { force: true });
    }
    const moduleBytes = new Map<string, number>();
    const spans = new Map<string, ModuleSpan>();
    let text = fitLuaLimits(raw).text;
    if (board) text = minifyLua(text, { moduleBytes: moduleBytes, moduleSpans: spans, renameFields: true });
    try {
      checkLuaLimits(relative(ROOT, out), text);
    } catch (e) {
      // Refused: no bundle, but the text the positions refer to, beside it.
      rmSync(out, { force: true });
      writeFileAtomic(out + ".refused", text);
      throw new Error((e as Error).message + "\n(the refused text: " + relative(ROOT, out) + ".refused)");
    }
    return { text: text, moduleBytes: [...moduleBytes], spans: [...spans] };
  };
  let made: MadeBundle;
  if (key !== undefined) {
    const r = cachedSync("lua-bundle", key, make);
    made = r.value;
    lastBundleCached = r.hit;
  } else {
    made = make();
    lastBundleCached = false;
  }
  lastModuleBytes = new Map(made.moduleBytes);
  lastSpans = new Map(made.spans);
  writeFileAtomic(out, made.text);
  rmSync(out + ".refused", { force: true });
  return Buffer.byteLength(made.text, "utf8");
}

/** Bytes per module of the last minified bundle (module names as in `require`: "kernel.endpoint"). */
let lastModuleBytes = new Map<string, number>();
let lastSpans = new Map<string, ModuleSpan>();

/** The part of a bundle a module belongs to (module names as in `require`). */
export function partOf(module: string): "kernel" | "host" | "app" | "lualib" {
  if (module.startsWith("kernel.")) return "kernel";
  if (module.startsWith("boards.")) return "host";
  if (module === "lualib_bundle") return "lualib";
  return "app";
}

/** Where each module of the last minified bundle sits in it (see `ModuleSpan`). */
export function lastModuleSpans(): Map<string, ModuleSpan> {
  return new Map(lastSpans);
}

export interface BundleParts {
  kernel: number;
  host: number;
  app: number;
  lualib: number;
  other: number;
}

/** What the last minified bundle holds, in bytes: the kernel, the NodeMCU host layer, the app and its drivers, TSTL's helpers, the rest (the bundle's own loader). */
export function lastBundleParts(total: number): BundleParts {
  const p: BundleParts = { kernel: 0, host: 0, app: 0, lualib: 0, other: 0 };
  for (const [name, bytes] of lastModuleBytes) p[partOf(name)] += bytes;
  p.other = total - p.kernel - p.host - p.app - p.lualib;
  return p;
}

/**
 * Builds `dist/lua/<name>.lua` for a NodeMCU board (`nodemcu-devkit`, an
 * ESP8266, or `esp32-devkit`). Returns the file and its size in bytes.
 * Through the build cache (tools/lua/keys.ts): made once per content of the
 * sources, the kernel trimmed for the app only then.
 */
export async function buildApp(name: string, board = "nodemcu-devkit", outFile?: string): Promise<{ file: string; bytes: number }> {
  // Board bundles carry no validation: the app is checked here, against the board's limits.
  const desc = validateFor(name, board);
  const entry = await appEntry(name, board);
  writeFileAtomic(entry.file, entry.text);
  const out = outFile !== undefined ? resolve(ROOT, outFile) : join(ROOT, "dist/lua", name + ".lua");
  // A kernel built for the app: what it does not use is left out (tools/trim.ts), from the kernel with its @inline calls expanded.
  const sources = (): Map<string, string> => (desc !== undefined ? trimmedFor(ROOT, desc, entry.appFile, [entry.file], false).texts : inlinedKernel(ROOT));
  return { file: out, bytes: bundleAs(appBundleKey(name, entry), entry.file, out, true, sources) };
}

/** Builds `dist/lua/sim.lua` (or `outFile`): the simulator's command line in Lua. */
export function buildSim(outFile = "dist/lua/sim.lua"): { file: string; bytes: number } {
  const out = resolve(ROOT, outFile);
  return { file: out, bytes: bundle("tools/sim.lua.ts", out, false) };
}

/** Builds `dist/lua/nodemcu-sim.lua` (or `outFile`): the simulated NodeMCU firmware that runs a board bundle. */
export function buildRunner(outFile = "dist/lua/nodemcu-sim.lua"): { file: string; bytes: number } {
  const out = resolve(ROOT, outFile);
  return { file: out, bytes: bundle("tools/nodemcu-sim.lua.ts", out, false) };
}

/**
 * Builds `dist/lua/diff.lua` (or `outFile`): the differential test of the
 * kernel against the reference model, in Lua (tools/diff.lua.ts), on the
 * kernel as board bundles have it: its `@inline` calls expanded.
 */
export function buildDiff(outFile = "dist/lua/diff.lua"): { file: string; bytes: number } {
  const out = resolve(ROOT, outFile);
  return { file: out, bytes: bundleAs(bundleKey("tools/diff.lua.ts", false, "the inlined kernel"), "tools/diff.lua.ts", out, false, () => inlinedKernel(ROOT)) };
}

/** Every file under `dir`, by path relative to it, with its text. */
function filesOf(dir: string, under = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const name of readdirSync(join(dir, under)).sort()) {
    const rel = under === "" ? name : under + "/" + name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...filesOf(dir, rel));
    else out.push([rel, readFileSync(join(dir, rel), "utf8")]);
  }
  return out;
}

/** Every shared spec file, relative to the root: tests/<area>/<name>_spec.ts. */
export function allSpecs(): string[] {
  const out: string[] = [];
  const tests = join(ROOT, "tests");
  for (const area of readdirSync(tests).sort()) {
    const d = join(tests, area);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith("_spec.ts")) out.push("tests/" + area + "/" + f);
  }
  return out;
}

/** The specs that run only under Node, with the reason (tests/lua/node-only.json). */
export function nodeOnlySpecs(): Record<string, string> {
  return JSON.parse(readFileSync(join(ROOT, "tests/lua/node-only.json"), "utf8")) as Record<string, string>;
}

export interface SpecBuild {
  outDir: string;
  /** Spec files compiled to Lua. */
  specs: string[];
  /** Spec files left to Node, with the reason. */
  skipped: [string, string][];
}

/**
 * Compiles every shared spec not listed in tests/lua/node-only.json to
 * `outDir` (one Lua module per file, for busted). Fails when the list names
 * a file that does not exist, or when an unlisted spec imports a module that
 * only Node has: no spec is left out silently.
 */
export function buildSpecs(outDir = "out/lua/tree"): SpecBuild {
  const nodeOnly = nodeOnlySpecs();
  const specs = allSpecs();
  for (const f of Object.keys(nodeOnly)) {
    if (specs.indexOf(f) < 0) throw new Error("tests/lua/node-only.json lists " + f + ", which is not a spec file (tests/<area>/<name>_spec.ts)");
  }
  const lua = specs.filter((f) => nodeOnly[f] === undefined);
  for (const f of lua) {
    const m = PACKAGE_IMPORT.exec(readFileSync(join(ROOT, f), "utf8"));
    if (m !== null) {
      throw new Error(f + " imports the package '" + m[1] + "', which Lua does not have: list the spec in tests/lua/node-only.json with the reason, or drop the import");
    }
  }
  const out = resolve(ROOT, outDir);
  // Through the build cache: the tree is made once per content of the sources and of tests/.
  const key = hashOf("lua-specs", sourcesHash(ROOT, [...SOURCE_DIRS, "tests"]), ...lua);
  const tree = cachedSync("lua-specs", key, () => {
    const tmp = out + "." + process.pid + ".tmp";
    rmSync(tmp, { recursive: true, force: true });
    try {
      transpile([...projectFiles(), ...lua.map((f) => join(ROOT, f))], { outDir: tmp, sourceMap: false });
      return filesOf(tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  if (existsSync(out)) rmSync(out, { recursive: true });
  for (const [f, text] of tree.value) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    writeFileSync(join(out, f), text);
  }
  return { outDir: out, specs: lua, skipped: Object.keys(nodeOnly).map((f) => [f, nodeOnly[f]] as [string, string]) };
}

