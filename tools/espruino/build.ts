/**
 * The Espruino build: one app on one board, as ONE JavaScript file.
 *
 * rollup bundles a small generated entry (boot the app on the board's host
 * layer) with the kernel, drivers and app: top-level code, no module loader
 * and no function around it, one top-level statement per line (see
 * `statementPerLine`).
 * It bundles them from a copy of the project whose kernel has its
 * `@inline` calls expanded (`sourceRoot`, tools/inline.ts): the hot path
 * as straight-line code, from the one kernel source.
 * TypeScript 6 compiles to es2019 through `@rollup/plugin-typescript` with
 * boards/espruino/tsconfig.json (type errors fail the build); `#port`
 * resolves to kernel/port/js.ts. The entry names the board as a free
 * identifier, so one rollup run serves every board: each board's host part
 * is written in its place, then terser minifies for ecma 2015 (the espruino
 * CLI's own minifier is never used). The result goes to
 * `dist/espruino/<app>-<board>.js`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import type { Plugin, RollupLog } from "rollup";
import type TS from "typescript";
import { appNames, findApp } from "../../apps/index";
import { EspruinoBoard, HostBoard, boardNames, findBoard } from "../../boards/espruino/index";
import { AppDesc } from "../../kernel/index";
import { validateApp } from "../../kernel/checked";
import { cached, hashOf, sourcesHash, writeFileAtomic } from "../build-cache";
import { ESPRUINO_GLOBALS } from "./subset.js";

// TypeScript, rollup, terser and the build's own steps (tools/build-steps.ts) are loaded when a
// bundle is made, not when it is read from the build cache: a cached build starts in a moment.
const requireHere = createRequire(import.meta.url);
let steps: typeof import("../build-steps") | undefined = undefined;

/** The build's steps (tools/build-steps.ts), loaded on first use. */
async function loadSteps(): Promise<typeof import("../build-steps")> {
  if (steps === undefined) steps = await import("../build-steps");
  return steps;
}

/** The steps, once `loadSteps` has loaded them (everything that makes a bundle awaits it first). */
function loadedSteps(): typeof import("../build-steps") {
  if (steps === undefined) throw new Error("espruino build: the build's steps are not loaded");
  return steps;
}

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
export const DIST = join(ROOT, "dist/espruino");

let inlinedRoot: string | undefined = undefined;
/** The sources (`sourcesHash`) `inlinedRoot` was copied from. */
let inlinedFrom = "";

/**
 * Where bundles are made from: a copy of the project (less node_modules,
 * which it links, .git, dist and out) whose kernel has its `@inline` calls
 * expanded (tools/inline.ts), made under out/ when first needed, made
 * again when the sources have changed since (a `baton build --watch`), and
 * removed when the process exits.
 */
export function sourceRoot(): string {
  return inlinedRoot !== undefined ? inlinedRoot : freshSourceRoot();
}

/** `sourceRoot()`, made again first when the sources have changed since it was made. */
function freshSourceRoot(): string {
  const from = sourcesHash();
  if (inlinedRoot === undefined || inlinedFrom !== from) {
    if (inlinedRoot !== undefined) rmSync(inlinedRoot, { recursive: true, force: true });
    else process.on("exit", () => inlinedRoot !== undefined && rmSync(inlinedRoot, { recursive: true, force: true }));
    mkdirSync(join(ROOT, "out"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, "out", "inlined-espruino-"));
    for (const top of readdirSync(ROOT)) {
      if (top === "node_modules" || top === ".git" || top === "dist" || top === "out") continue;
      cpSync(join(ROOT, top), join(dir, top), { recursive: true });
    }
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    for (const [file, text] of loadedSteps().inlinedKernel(ROOT)) writeFileSync(join(dir, relative(ROOT, file)), text);
    inlinedRoot = dir;
    inlinedFrom = from;
    written = new Map();
  }
  return inlinedRoot;
}

/** Files of `sourceRoot()` written for the app built last, by path in the project. */
let written = new Map<string, string>();

/**
 * Makes `sourceRoot()` hold the kernel (and host layer) trimmed for one app
 * (`texts`, by path in the project; tools/trim.ts), putting back what the
 * app built before had changed.
 */
function useTexts(texts: Map<string, string>): void {
  freshSourceRoot();
  const inlined = loadedSteps().inlinedKernel(ROOT);
  for (const file of written.keys()) {
    if (texts.has(file)) continue;
    const back = inlined.get(file);
    writeFileSync(inSource(file), back !== undefined ? back : readFileSync(file, "utf8"));
  }
  for (const [file, text] of texts) writeFileSync(inSource(file), text);
  written = texts;
}

/** A path of the project as it is in `sourceRoot()`. */
function inSource(file: string): string {
  return file.startsWith(ROOT + "/") ? join(sourceRoot(), relative(ROOT, file)) : file;
}
const ENTRY_ID = "\0baton-espruino-entry";

export interface BuildResult {
  app: string;
  board: EspruinoBoard;
  file: string;
  code: string;
  bytes: number;
  fit: Fit;
  /** Read from the build cache (tools/build-cache.ts), not made afresh. */
  cached: boolean;
}

/** How the bundle compares with the board's memory (see `estimateFit`). */
export interface Fit {
  /** Variables the code's text takes in RAM (bytes / characters per variable). */
  codeVars: number;
  /** Variables for everything else the bundle makes at boot: function objects, names, tables, task state. */
  restVars: number;
  /** Variables a RAM upload needs at its peak: what the upload leaves in use, and the longest line's text. */
  peakVars: number;
  /** Variables a `--save` upload needs once booted (its code stays in flash). */
  savedVars: number;
  /** The board's variables (0: grows as needed). */
  vars: number;
  /** A RAM upload (the default) fits. */
  ram: boolean;
  /** An upload with `--save` fits the board's flash for saved code, and its variables. */
  save: boolean;
}

/** Bytes of minified code per variable of objects, names and tables once booted from flash (see `estimateFit`). */
export const BYTES_PER_REST_VAR = 11;
/** Bytes of minified code per variable in use right after a RAM upload, on a board of 9 characters a string variable (see `estimateFit`). */
export const BYTES_PER_UPLOADED_VAR = 7;

/**
 * Memory estimate for a bundle `code` on `board`, calibrated on Espruino
 * 2v29 with a Pico's 5,100 variables (9 characters of text in a string
 * variable):
 * - run from flash (`--save`: the code in Storage, only objects, names and
 *   tables in variables), on the Linux build: one variable per 11 to 18
 *   bytes of bundle (adder 5,474 bytes: 298 variables above the empty
 *   loader's; demo 24,636: 1,439; latency 16,451: 1,364; selftest 35,077:
 *   3,115, which runs out of memory on a 2,630-variable build);
 * - right after a RAM upload, on the Pico's own firmware: one variable per
 *   6.6 to 7.9 bytes, text and objects together (adder 6,163 bytes: 793;
 *   demo 25,475: 3,229; latency 16,656: 2,528).
 * A RAM upload (the default) runs the bundle a line, one top-level
 * statement, at a time: at its peak it holds what the upload leaves plus
 * the text of its longest line. Either fits when it leaves 10% of the
 * board's variables free.
 */
export function estimateFit(code: string, board: EspruinoBoard): Fit {
  const bytes = Buffer.byteLength(code, "utf8");
  const longest = Math.max(0, ...code.split("\n").map((l) => l.length));
  const codeVars = Math.ceil(bytes / board.charsPerVar);
  const restVars = Math.ceil(bytes / BYTES_PER_REST_VAR);
  const peakVars = Math.ceil(((bytes / BYTES_PER_UPLOADED_VAR) * 9) / board.charsPerVar) + Math.ceil(longest / board.charsPerVar);
  const room = Math.floor(board.vars * 0.9);
  return {
    codeVars: codeVars,
    restVars: restVars,
    peakVars: peakVars,
    savedVars: restVars,
    vars: board.vars,
    ram: board.vars === 0 || peakVars <= room,
    save: bytes <= board.storageBytes && (board.vars === 0 || restVars <= room),
  };
}

/** The module of apps/ that exports app `name`, and the export's name. */
export async function findAppModule(name: string): Promise<{ file: string; exportName: string; app: AppDesc }> {
  const app = findApp(name);
  if (app === undefined) throw new Error("unknown app '" + name + "'; apps: " + appNames().join(", "));
  const appsDir = join(ROOT, "apps");
  for (const dir of readdirSync(appsDir).sort()) {
    const d = join(appsDir, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) {
      if (!f.endsWith(".ts") || f.endsWith(".d.ts") || f.endsWith(".lua.ts")) continue;
      const mod = (await import(join(d, f))) as Record<string, unknown>;
      for (const key of Object.keys(mod)) if (mod[key] === app) return { file: join(d, f), exportName: key, app: app };
    }
  }
  throw new Error("app '" + name + "' is listed in apps/index.ts, but no module under apps/ exports it");
}

/** The board named `name`, or an Error listing the boards. */
export function boardOrThrow(name: string): EspruinoBoard {
  const b = findBoard(name);
  if (b === undefined) throw new Error("unknown board '" + name + "'; boards: " + boardNames().join(", "));
  return b;
}

/** The part of a board the host layer reads on the device. */
export function hostBoard(b: EspruinoBoard): HostBoard {
  return { name: b.name, title: b.title, pins: b.pins, activeLow: b.activeLow, limits: b.limits, watches: b.watches, tickUs: b.tickUs, sliceSteps: b.sliceSteps, canQuit: b.canQuit };
}

/** The identifier the entry uses for the board; each board's host part replaces it. */
const BOARD_SLOT = "__BATON_BOARD__";

/** The generated entry: install the host's services, boot the app on the board. */
export function entrySource(appFile: string, exportName: string, extra: string): string {
  return [
    "import { " + exportName + " as app } from " + JSON.stringify(inSource(appFile)) + ";",
    "import { espruinoPlatform, startEspruino } from " + JSON.stringify(join(sourceRoot(), "boards/espruino/host.ts")) + ";",
    "import { setPlatform } from " + JSON.stringify(join(sourceRoot(), "drivers/platform.ts")) + ";",
    "const board = " + BOARD_SLOT + ";",
    "setPlatform(espruinoPlatform);",
    extra.length > 0 ? extra : "startEspruino(app, board);",
    "",
  ].join("\n");
}

function entryPlugin(source: string): Plugin {
  return {
    name: "baton-entry",
    resolveId(id) {
      return id === ENTRY_ID ? ENTRY_ID : null;
    },
    load(id) {
      return id === ENTRY_ID ? source : null;
    },
  };
}

/** Resolves the `#port` alias to the JavaScript primitives, and `#hooks` to no debug hooks. */
function portPlugin(): Plugin {
  return {
    name: "baton-port",
    resolveId(id) {
      if (id === "#port") return join(sourceRoot(), "kernel/port/js.ts");
      if (id === "#hooks") return join(sourceRoot(), "kernel/port/hooks-off.ts");
      return null;
    },
  };
}

/**
 * Bundles `entry` (the entry module's source) with rollup: top-level code, not
 * minified, the board still a free identifier. `files` (paths in the
 * project): type-check only these, the files an app's trimmed kernel
 * reaches (the rest of the folder may name what was trimmed away).
 */
export async function bundleEntry(entry: string, files?: string[]): Promise<string> {
  await loadSteps();
  let tsconfig = join(sourceRoot(), "boards/espruino/tsconfig.json");
  if (files !== undefined) {
    tsconfig = join(sourceRoot(), "boards/espruino/tsconfig.bundle.json");
    const list = files.filter((f) => f.endsWith(".ts")).map((f) => relative(join(ROOT, "boards/espruino"), f));
    writeFileSync(tsconfig, JSON.stringify({ extends: "./tsconfig.json", include: [], files: ["./host.ts", "./globals.d.ts", ...list] }, null, 2));
  }
  const { rollup } = await import("rollup");
  const typescript = (await import("@rollup/plugin-typescript")).default;
  const warnings: string[] = [];
  const bundle = await rollup({
    input: ENTRY_ID,
    plugins: [
      entryPlugin(entry),
      portPlugin(),
      typescript({
        tsconfig: tsconfig,
        // A constant folded away for the app (tools/trim.ts) can leave a local unused: no error in a bundle.
        compilerOptions: { noEmit: false, target: "ES2019", module: "ESNext", sourceMap: false, declaration: false, removeComments: true, noUnusedLocals: false, noUnusedParameters: false },
        noEmitOnError: true,
        outputToFilesystem: false,
      }),
    ],
    onwarn(w: RollupLog) {
      if (w.code === "MISSING_GLOBAL_NAME" || (w.code === "UNRESOLVED_IMPORT" && w.exporter === BOARD_SLOT)) return;
      warnings.push(w.message);
    },
  });
  const out = await bundle.generate({ format: "es" });
  await bundle.close();
  if (warnings.length > 0) throw new Error("the Espruino build warned:\n  " + warnings.join("\n  "));
  const code = out.output[0].code;
  if (code.split(BOARD_SLOT).length !== 2) throw new Error("the Espruino entry's board slot is missing or repeated in the bundle");
  return code;
}

/**
 * The properties of the kernel's table object (`K`, kernel/tables.ts) that
 * nothing else in the bundle names: every access is `K.name`, and no other
 * object, member access or string spells `name`. terser may shorten those
 * (shorter source is also faster on Espruino, which reads the source as it
 * runs). Names are found, not listed, so kernel changes stay safe.
 */
export function kernelOnlyProperties(code: string): string[] {
  const ts = requireHere("typescript") as typeof TS;
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  let table: TS.ObjectLiteralExpression | undefined = undefined;
  let tableName = "";
  const onK = new Set<string>();
  const elsewhere = new Set<string>();
  function find(node: TS.Node): void {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /^K(\$\d+)?$/.test(node.name.text) && node.initializer !== undefined && ts.isObjectLiteralExpression(node.initializer)) {
      const keys = node.initializer.properties.map((p) => (p.name !== undefined && ts.isIdentifier(p.name) ? p.name.text : ""));
      if (keys.indexOf("ctx") >= 0 && keys.indexOf("stepFn") >= 0) {
        table = node.initializer;
        tableName = node.name.text;
      }
    }
    ts.forEachChild(node, find);
  }
  function scan(node: TS.Node): void {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (ts.isIdentifier(node.expression) && node.expression.text === tableName) onK.add(name);
      else elsewhere.add(name);
    } else if (node.parent !== table && (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isPropertyDeclaration(node))) {
      if (node.name !== undefined && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) elsewhere.add(node.name.text);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      elsewhere.add(node.text);
    }
    ts.forEachChild(node, scan);
  }
  find(file);
  if (table === undefined) return [];
  scan(file);
  const out: string[] = [];
  for (const name of onK) if (name.length > 2 && !elsewhere.has(name)) out.push(name);
  return out.sort();
}

/** Writes `board`'s host part into a bundle from `bundleEntry` and minifies it with terser (ecma 2015). */
export async function finishFor(code: string, board: EspruinoBoard): Promise<string> {
  const filled = code.replace(BOARD_SLOT, JSON.stringify(hostBoard(board)));
  const props = kernelOnlyProperties(filled);
  const { minify } = await import("terser");
  const out = await minify(filled, {
    ecma: 2015,
    module: false,
    // reduce_funcs off: terser would turn single-use functions into function
    // expressions at their call site, and on Espruino every evaluation of a
    // function expression creates a function object and copies its source.
    // pure_getters: no object in a bundle has a getter, so a property read whose
    // value nothing uses (a local the build's proofs left unread) goes too.
    compress: { ecma: 2015, passes: 2, unsafe_arrows: false, hoist_funs: false, reduce_funcs: false, pure_getters: true },
    toplevel: true,
    mangle: { toplevel: true, reserved: RESERVED_NAMES, properties: props.length > 0 ? { regex: new RegExp("^(" + props.join("|") + ")$") } : false },
    format: { ecma: 2015, comments: false },
  });
  if (out.code === undefined) throw new Error("terser produced no code");
  return statementPerLine(out.code);
}

/**
 * Names a bundle's own top-level names never take: Espruino's globals and
 * its pins' names (A0, D13, LED1, ...), which a top-level name would hide
 * from the board's code and from the user at the REPL.
 */
const RESERVED_NAMES: string[] = Object.keys(ESPRUINO_GLOBALS).concat(
  ..."ABCDEFGH".split("").map((l) => Array.from({ length: 32 }, (_, i) => l + i)),
  ["LED", "LED1", "LED2", "LED3", "BTN", "BTN1", "BTN2", "BTN3", "BTN4"],
);

/**
 * One top-level statement per line. A bundle is top-level code, not one
 * function around it: sent to the board's REPL (a RAM upload), each line
 * runs as soon as it has arrived and its text is freed, so the board holds
 * one statement's text at a time beside what it defines, where one function
 * around the whole bundle would be held whole while it is parsed.
 */
export function statementPerLine(code: string): string {
  const ts = requireHere("typescript") as typeof TS;
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  return file.statements.map((s) => code.slice(s.getStart(file), s.end)).join("\n") + "\n";
}

/**
 * Builds app `appName` for board `boardName` into `dist/espruino/<app>-<board>.js`
 * (or `outFile`). `extra` replaces the entry's last line (the benchmark uses it).
 * Through the build cache (tools/build-cache.ts): the bundle, and the rollup
 * run every board of the same app shares, are made once per content of the
 * sources; the file is written whole (another process never reads half of it).
 */
export async function buildEspruino(boardName: string, appName: string, outFile?: string, extra?: string): Promise<BuildResult> {
  const board = boardOrThrow(boardName);
  const app = findApp(appName);
  if (app === undefined) throw new Error("unknown app '" + appName + "'; apps: " + appNames().join(", "));
  const problems = validateApp(app, board.limits);
  if (problems.length > 0) {
    throw new Error("app '" + appName + "' does not fit " + board.title + " or is not valid:\n  " + problems.map((p) => p.message).join("\n  "));
  }
  const tail = extra !== undefined ? extra : "";
  const sources = sourcesHash();
  const made = await cached("espruino-bundle", hashOf("espruino-bundle", sources, appName, tail, JSON.stringify(hostBoard(board))), async () => {
    const compiled = await cached("espruino-rollup", hashOf("espruino-rollup", sources, appName, tail), async () => {
      const mod = await findAppModule(appName);
      // A kernel built for the app (tools/trim.ts): what it does not use is left out.
      const entries = [mod.file, join(ROOT, "boards/espruino/host.ts"), join(ROOT, "drivers/platform.ts")];
      const trimmed = (await loadSteps()).trimmedFor(ROOT, app, mod.file, entries, false);
      useTexts(trimmed.texts);
      return bundleEntry(entrySource(mod.file, mod.exportName, tail), trimmed.reached);
    });
    return finishFor(compiled.value, board);
  });
  const code = made.value;
  const file = outFile !== undefined ? resolve(ROOT, outFile) : join(DIST, appName + "-" + board.name + ".js");
  writeFileAtomic(file, code);
  const bytes = Buffer.byteLength(code, "utf8");
  return { app: appName, board: board, file: file, code: code, bytes: bytes, fit: estimateFit(code, board), cached: made.hit };
}

/** The kernel `buildCustom` bundles: trimmed for one app, as a board build trims it for its app. */
export interface CustomKernel {
  /** The app the kernel is trimmed for (tools/trim.ts). */
  app: AppDesc;
  /** The module that exports it. */
  appFile: string;
}

/**
 * Builds a bundle from a hand-written entry (`entry`: module source with
 * absolute imports, the board as `board`) for `boardName` into `file`, for
 * tools that wrap an app in their own code (the benchmark). Returns the code.
 * The kernel is the whole one, its `@inline` calls expanded; with `trimFor`,
 * it is also trimmed for that app, as `buildEspruino` trims it (the entry
 * counts as one of the bundle's roots: what it names is kept).
 */
export async function buildCustom(entry: string, boardName: string, file: string, trimFor?: CustomKernel): Promise<string> {
  const board = boardOrThrow(boardName);
  const source = "const board = " + BOARD_SLOT + ";\n" + entry;
  let files: string[] | undefined = undefined;
  const { inlinedKernel } = await loadSteps();
  const { appFacts, trimSources } = await import("../trim");
  freshSourceRoot();
  if (trimFor === undefined) {
    // The entry's absolute imports name the project: bundle them from the same copy as the rest, with the whole kernel.
    useTexts(new Map());
  } else {
    // The trimmer reads the entry as a file of the project, beside the app and the host layer (whose
    // imports a bundle's type check reads, as in `buildEspruino`).
    mkdirSync(join(ROOT, "out"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, "out", "custom-entry-"));
    const entryFile = join(dir, "entry.ts");
    try {
      writeFileSync(entryFile, source);
      const entries = [entryFile, trimFor.appFile, join(ROOT, "boards/espruino/host.ts"), join(ROOT, "drivers/platform.ts")];
      const trimmed = trimSources(ROOT, appFacts(ROOT, trimFor.app, trimFor.appFile), entries, inlinedKernel(ROOT), false, trimFor.app);
      useTexts(trimmed.texts);
      files = trimmed.reached.filter((f) => f !== entryFile);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const code = await finishFor(await bundleEntry(source.split(ROOT + "/").join(sourceRoot() + "/"), files), board);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return code;
}

/** One line about a build: size and fit. */
export function describeBuild(r: BuildResult): string {
  const rel = r.file.startsWith(ROOT + "/") ? r.file.slice(ROOT.length + 1) : r.file;
  const head = rel + ": " + r.bytes + " bytes (" + (r.bytes / 1024).toFixed(1) + " KB) for " + r.board.title;
  if (r.board.vars === 0) return head + ": variables grow as needed: fits";
  return (
    head + " (" + r.board.vars + " variables): RAM upload " + (r.fit.ram ? "fits" : "DOES NOT FIT") + " (about " + r.fit.peakVars +
    " variables at its peak); --save " + (r.fit.save ? "fits" : "DOES NOT FIT") + " (about " + r.fit.savedVars + " variables, " +
    Math.round(r.bytes / 1024) + " of " + Math.round(r.board.storageBytes / 1024) + " KB of flash)"
  );
}
