/**
 * What names a Lua bundle in the build cache (tools/build-cache.ts), and
 * the entry module an app's board bundle is made from, without loading
 * the compilers: tools/lua/build.ts makes bundles under these keys, and
 * `baton build --target lua` (tools/build-lua.ts) reads them back first,
 * so that building the same sources again loads neither TypeScript nor
 * typescript-to-lua.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { appNames, findApp } from "../../apps/index";
import { BOARD_MODULES, findBoard } from "../../boards/nodemcu/index";
import { AppDesc } from "../../kernel/index";
import { downhillEdges, validateApp } from "../../kernel/checked";
import { hashOf, peekCache, sourcesHash } from "../build-cache";
import type { ModuleSpan } from "./minify";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A bundle as the build cache keeps it: its text, and its modules' sizes and places (`lastModuleSpans`). */
export interface MadeBundle {
  text: string;
  moduleBytes: [string, number][];
  spans: [string, ModuleSpan][];
}

/** The cache's key of the bundle of `entry` (relative to the root); `sources`: what stands for the files on disk, named. */
export function bundleKey(entry: string, board: boolean, sources: string): string {
  return hashOf("lua-bundle", sourcesHash(), entry, String(board), sources);
}

/** The bundle under `key`, when the cache has it. */
export function cachedBundle(key: string): MadeBundle | undefined {
  return peekCache<MadeBundle>("lua-bundle", key);
}

/** Finds the module of apps/ that exports the app object named `name`, and the export's name. */
export async function findAppModule(name: string): Promise<{ file: string; exportName: string }> {
  const app = findApp(name);
  if (app === undefined) throw new Error("unknown app '" + name + "'; apps: " + appNames().join(", "));
  const appsDir = join(ROOT, "apps");
  for (const dir of readdirSync(appsDir)) {
    const d = join(appsDir, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) {
      if (!f.endsWith(".ts") || f.endsWith(".d.ts")) continue;
      const mod = (await import(join(d, f))) as Record<string, unknown>;
      for (const key of Object.keys(mod)) if (mod[key] === app) return { file: join(d, f), exportName: key };
    }
  }
  throw new Error("app '" + name + "' is listed in apps/index.ts, but no module under apps/ exports it");
}

function importPath(fromDir: string, file: string): string {
  const p = relative(fromDir, file).replace(/\\/g, "/").replace(/\.ts$/, "");
  return p.startsWith(".") ? p : "./" + p;
}

/**
 * App `name`, checked against `board`'s limits (board bundles carry no
 * validation): throws with every problem; prints each downhill call the
 * app allows. Undefined for a name apps/index.ts does not list.
 */
export function validateFor(name: string, board: string, log: (line: string) => void = console.log): AppDesc | undefined {
  if (BOARD_MODULES[board] === undefined) throw new Error("unknown board '" + board + "'; boards: " + Object.keys(BOARD_MODULES).join(", "));
  const desc = findApp(name);
  const boardDesc = findBoard(board);
  if (desc !== undefined && boardDesc !== undefined) {
    const problems = validateApp(desc, boardDesc.limits);
    if (problems.length > 0) throw new Error("app '" + name + "' is not valid for " + board + ":\n  " + problems.map((p) => p.message).join("\n  "));
    for (const edge of downhillEdges(desc)) log("lua: " + name + ": downhill call allowed: " + edge);
  }
  return desc;
}

/** The entry module of app `name`'s bundle for `board`: its file (out/lua/entry/<name>.ts), its text, and the app's module. */
export interface AppEntry {
  file: string;
  text: string;
  appFile: string;
}

export async function appEntry(name: string, board: string): Promise<AppEntry> {
  const bm = BOARD_MODULES[board];
  if (bm === undefined) throw new Error("unknown board '" + board + "'; boards: " + Object.keys(BOARD_MODULES).join(", "));
  const { file, exportName } = await findAppModule(name);
  const entryDir = join(ROOT, "out/lua/entry");
  const text = [
    "/** The NodeMCU entry of app '" + name + "' on board '" + board + "' (written by tools/lua/build.ts). */",
    "import { " + exportName + " as app } from " + JSON.stringify(importPath(entryDir, file)) + ";",
    "import { " + bm.exportName + " as board } from " + JSON.stringify(importPath(entryDir, join(ROOT, "boards/nodemcu", bm.file + ".ts"))) + ";",
    "import { nodemcuPlatform, startNodeMcu } from " + JSON.stringify(importPath(entryDir, join(ROOT, "boards/nodemcu/host.ts"))) + ";",
    "import { setPlatform } from " + JSON.stringify(importPath(entryDir, join(ROOT, "drivers/platform.ts"))) + ";",
    "",
    "setPlatform(nodemcuPlatform);",
    "export const booted = startNodeMcu(app, board);",
    "export { summary } from " + JSON.stringify(importPath(entryDir, join(ROOT, "boards/nodemcu/host.ts"))) + ";",
    "",
  ].join("\n");
  return { file: join(entryDir, name + ".ts"), text: text, appFile: file };
}

/** The key of app `name`'s board bundle made from `entry`: the kernel trimmed for it, hooks off. */
export function appBundleKey(name: string, entry: AppEntry): string {
  return bundleKey(relative(ROOT, entry.file), true, "trimmed for " + name + " from:\n" + entry.text);
}

/** The key of a bundle of `entry` (a file under the source folders) with the files on disk. */
export function plainBundleKey(entry: string, board: boolean): string {
  return bundleKey(relative(ROOT, resolve(ROOT, entry)), board, "");
}
