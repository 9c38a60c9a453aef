/**
 * `baton build --target lua [--app <APP> | --all] [--board nodemcu-devkit|esp32-devkit]`
 * writes `dist/lua/<APP>.lua`: one Lua 5.1 file with the kernel, the app and
 * the NodeMCU host layer, which starts the app when loaded. `--all` builds
 * every app for every board (or for `--board` when given); a bundle for a
 * board other than nodemcu-devkit, the default, is
 * `dist/lua/<APP>-<BOARD>.lua`.
 *
 * Other targets: `--sim` (dist/lua/sim.lua, the simulator's command line in
 * Lua), `--runner` (dist/lua/nodemcu-sim.lua, a simulated NodeMCU that runs a
 * board bundle on a host), `--specs` (out/lua/tree, the specs for busted).
 * The options are parsed and checked by tools/cli.ts.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "./build-cache";
import { MadeBundle, appBundleKey, appEntry, cachedBundle, plainBundleKey, validateFor } from "./lua/keys";

/** The board a bare `dist/lua/<APP>.lua` is for. */
export const DEFAULT_LUA_BOARD = "nodemcu-devkit";

export interface LuaBuild {
  apps: string[];
  boards: string[];
  /** The bundle's file, for one app on one board. */
  out?: string;
  sim: boolean;
  runner: boolean;
  specs: boolean;
  /** Also write each bundle's Lua Flash Store layout (dist/lua/lfs/<APP>/) and print the command that makes its image. */
  lfs: boolean;
  /** The firmware's cross compiler (luac.cross): run that command with it (dist/lua/lfs/<APP>/lfs.img). */
  luac?: string;
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1) + " KB";
}

/** Where the bundle of `app` for `board` goes: dist/lua/<app>.lua for the default board, else dist/lua/<app>-<board>.lua. */
export function luaBundleFile(app: string, board: string): string {
  return "dist/lua/" + app + (board === DEFAULT_LUA_BOARD ? "" : "-" + board) + ".lua";
}

/**
 * The Lua Flash Store layout of the bundle just built (tools/lua/lfs.ts):
 * `dist/lua/lfs/<APP>/` beside `dist/lua/<APP>.lua`. Prints the cross
 * compiler's command that makes the image; runs it with `luac`.
 */
async function lfsCommand(app: string, file: string, luac: string | undefined): Promise<void> {
  const { lastModuleSpans } = await import("./lua/build");
  const { buildLfsImage, writeLfs } = await import("./lua/lfs");
  const dir = join(dirname(file), "lfs", basename(file, ".lua"));
  const lfs = writeLfs(readFileSync(file, "utf8"), lastModuleSpans(), app, dir);
  const where = relative(process.cwd(), dir);
  console.log("lua: " + where + "/: " + lfs.files.length + " files for a Lua Flash Store image (" + lfs.bytes + " bytes of source); make the image with your firmware's cross compiler:");
  console.log("  cd " + where + " && " + lfs.command);
  if (luac !== undefined) {
    const img = buildLfsImage(lfs, luac);
    console.log("lua: " + relative(process.cwd(), img.file) + " (" + img.bytes + " bytes, " + kb(img.bytes) + ", made by " + luac + ")");
  }
  console.log("  on the board: node.LFS.reload(\"lfs.img\") (older firmware: node.flashreload), then node.LFS.get(\"" + app + "\")() starts the app (docs/lua.md)");
}

/**
 * Builds what `o` asks for and prints each file and its size. A bundle
 * comes with what its own run line needs: `lua5.1 <bundle>` runs it on the
 * simulated firmware, `nodemcu-sim.lua`, which is written beside it.
 */
export async function buildLuaCommand(o: LuaBuild): Promise<void> {
  if (!o.lfs && !o.sim && !o.specs && (await fromCache(o))) return;
  const { buildApp, buildRunner, buildSim, buildSpecs } = await import("./lua/build");
  const runners: string[] = [];
  for (const board of o.boards) {
    for (const name of o.apps) {
      const r = await buildApp(name, board, o.out !== undefined ? o.out : luaBundleFile(name, board));
      console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + r.bytes + " bytes, " + kb(r.bytes) + ", board " + board + ")");
      if (o.lfs) await lfsCommand(name, r.file, o.luac);
      const runner = join(dirname(r.file), "nodemcu-sim.lua");
      if (runners.indexOf(runner) < 0) runners.push(runner);
    }
  }
  for (const runner of runners) {
    const r = buildRunner(runner);
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + kb(r.bytes) + "; lua5.1 on a bundle beside it runs the bundle on it)");
  }
  if (o.sim) {
    const r = buildSim();
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + kb(r.bytes) + ")");
  }
  if (o.runner && runners.indexOf(resolve("dist/lua/nodemcu-sim.lua")) < 0) {
    const r = buildRunner();
    console.log("lua: " + r.file.replace(process.cwd() + "/", "") + " (" + kb(r.bytes) + ")");
  }
  if (o.specs) {
    const r = buildSpecs();
    console.log("lua: " + r.specs.length + " specs in " + r.outDir.replace(process.cwd() + "/", ""));
    for (const [f, why] of r.skipped) console.log("lua: not run under Lua (Node only): " + f + " — " + why);
  }
}

/**
 * The bundles (and their runners) `o` asks for, written from the build
 * cache when it holds every one of them, with the lines `buildLuaCommand`
 * prints: true then. Loads neither TypeScript nor typescript-to-lua.
 */
async function fromCache(o: LuaBuild): Promise<boolean> {
  const writes: { file: string; made: MadeBundle; line: string }[] = [];
  const runners: string[] = [];
  for (const board of o.boards) {
    for (const name of o.apps) {
      validateFor(name, board, () => {});
      const made = cachedBundle(appBundleKey(name, await appEntry(name, board)));
      if (made === undefined) return false;
      const file = resolve(o.out !== undefined ? o.out : luaBundleFile(name, board));
      const bytes = Buffer.byteLength(made.text, "utf8");
      writes.push({ file: file, made: made, line: "lua: " + file.replace(process.cwd() + "/", "") + " (" + bytes + " bytes, " + kb(bytes) + ", board " + board + ")" });
      const runner = join(dirname(file), "nodemcu-sim.lua");
      if (runners.indexOf(runner) < 0) runners.push(runner);
    }
  }
  const beside = runners.length;
  if (o.runner && runners.indexOf(resolve("dist/lua/nodemcu-sim.lua")) < 0) runners.push(resolve("dist/lua/nodemcu-sim.lua"));
  const runner = runners.length > 0 ? cachedBundle(plainBundleKey("tools/nodemcu-sim.lua.ts", false)) : undefined;
  if (runners.length > 0 && runner === undefined) return false;
  // Each app's check and downhill lines, as the build prints them.
  for (const board of o.boards) for (const name of o.apps) validateFor(name, board);
  for (const w of writes) {
    writeFileAtomic(w.file, w.made.text);
    console.log(w.line);
  }
  runners.forEach((r, i) => {
    writeFileAtomic(r, (runner as MadeBundle).text);
    const bytes = Buffer.byteLength((runner as MadeBundle).text, "utf8");
    console.log("lua: " + r.replace(process.cwd() + "/", "") + " (" + kb(bytes) + (i < beside ? "; lua5.1 on a bundle beside it runs the bundle on it" : "") + ")");
  });
  return true;
}
