/**
 * The build cache (tools/build-cache.ts): a second build of the same
 * sources is read back, byte for byte what the first wrote, for both
 * targets; a build after an edit of a kernel file is made again, and its
 * bundle carries the edit. Keys change with the content of every file of
 * the source folders, not with dates, and not with files outside them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedSync, hashOf, sourcesHash } from "../../tools/build-cache";
import { buildEspruino } from "../../tools/espruino/build";
import * as luaBuild from "../../tools/lua/build";
import { copyProject } from "../../tools/mutate";
import { describe, eq, it, ok } from "#spec";

function build(cwd: string, args: string[], cache: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, [join(cwd, "bin/baton.mjs"), "build", ...args], { cwd: cwd, encoding: "utf8", timeout: 300000, env: { ...process.env, BATON_CACHE_DIR: cache } });
  return { code: r.status === null ? -1 : r.status, out: (r.stdout || "") + (r.stderr || "") };
}

describe("the build cache", () => {
  it("a second Espruino build of the same sources is read from the cache, the same bytes", async () => {
    const out = mkdtempSync(join(tmpdir(), "baton-cache-"));
    try {
      const first = await buildEspruino("LINUX", "adder", join(out, "a.js"));
      const second = await buildEspruino("LINUX", "adder", join(out, "b.js"));
      ok(second.cached, "the second build comes from the cache");
      eq(second.code, first.code);
      eq(readFileSync(join(out, "b.js"), "utf8"), readFileSync(join(out, "a.js"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("a second Lua build of the same sources is read from the cache, the same bytes and module places", async () => {
    const out = mkdtempSync(join(tmpdir(), "baton-cache-"));
    try {
      await luaBuild.buildApp("adder", "nodemcu-devkit", join(out, "a.lua"));
      const spans = luaBuild.lastModuleSpans();
      await luaBuild.buildApp("adder", "nodemcu-devkit", join(out, "b.lua"));
      ok(luaBuild.lastBundleCached, "the second build comes from the cache");
      eq(readFileSync(join(out, "b.lua"), "utf8"), readFileSync(join(out, "a.lua"), "utf8"));
      eq(JSON.stringify([...luaBuild.lastModuleSpans()]), JSON.stringify([...spans]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("an entry is made once per key, and a value made for a key is what later reads give", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-cache-dir-"));
    const before = process.env.BATON_CACHE_DIR;
    process.env.BATON_CACHE_DIR = dir;
    try {
      let made = 0;
      const key = hashOf("spec", "one");
      const a = cachedSync("spec", key, () => ++made);
      const b = cachedSync("spec", key, () => ++made);
      const c = cachedSync("spec", hashOf("spec", "two"), () => ++made);
      eq([a.hit, b.hit, c.hit].join(" "), "false true false");
      eq([a.value, b.value, c.value].join(" "), "1 1 2");
      eq(made, 2);
      ok(hashOf("ab", "c") !== hashOf("a", "bc"), "parts are kept apart");
    } finally {
      if (before === undefined) delete process.env.BATON_CACHE_DIR;
      else process.env.BATON_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("editing a kernel file changes the sources' hash and the bundle, which is built again; editing a file outside the sources changes neither", async () => {
    const dir = copyProject("baton-cache-");
    const cache = mkdtempSync(join(tmpdir(), "baton-cache-dir-"));
    try {
      const original = (await buildEspruino("LINUX", "adder", join(cache, "original.js"))).code;
      const hash = sourcesHash(dir);
      writeFileSync(join(dir, "docs/note.md"), "not a source\n");
      eq(sourcesHash(dir), hash, "a file outside the source folders is not part of the key");

      // An edit of kernel/ that every board bundle carries: the state's one table made from a copy of its initial words.
      const file = "kernel/port/js.ts";
      const before = "return new Int32Array(list) as unknown as Words;";
      const path = join(dir, file);
      const source = readFileSync(path, "utf8");
      ok(source.indexOf(before) >= 0, file + " makes the state's table as the spec expects");
      eq(original.indexOf(".concat([])"), -1);
      writeFileSync(path, source.split(before).join("return new Int32Array(list.concat([])) as unknown as Words;"));
      ok(sourcesHash(dir) !== hash, "the edit of " + file + " changes the key");

      const r = build(dir, ["--target", "espruino", "--board", "LINUX", "--app", "adder", "--out", "out/adder.js"], cache);
      eq(r.code, 0, r.out);
      ok(r.out.indexOf("from the build cache") < 0, "made again:\n" + r.out);
      const edited = readFileSync(join(dir, "out/adder.js"), "utf8");
      ok(edited.indexOf(".concat([])") >= 0, "the bundle carries the edit of " + file);
      ok(edited !== original, "the bundle changed");

      const again = build(dir, ["--target", "espruino", "--board", "LINUX", "--app", "adder", "--out", "out/adder2.js"], cache);
      eq(again.code, 0, again.out);
      ok(again.out.indexOf("from the build cache") >= 0, "read back:\n" + again.out);
      eq(readFileSync(join(dir, "out/adder2.js"), "utf8"), edited);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
