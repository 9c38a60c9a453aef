/**
 * The build's steps that both targets share, through the build cache
 * (tools/build-cache.ts): the kernel with its `@inline` calls expanded
 * (tools/inline.ts), and the kernel trimmed for an app (tools/trim.ts).
 * Each is made once per content of the sources and kept: a second build,
 * in this process or another, reads it back.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { AppDesc } from "../kernel/index";
import { hashOf, cachedSync, sourcesHash, textsFromJson, textsHash, textsToJson } from "./build-cache";
import { inlineKernel } from "./inline";
import { Trimmed, appFacts, trimSources } from "./trim";

const inlined = new Map<string, { key: string; texts: Map<string, string> }>();

/**
 * The sources the expanded kernel is made from: kernel/, the inlining step
 * and the configuration files; all the sources should a kernel file import
 * a file outside kernel/ (the README's rule says none does).
 */
function kernelSourcesHash(root: string): string {
  const kernel = join(root, "kernel");
  for (const dir of [kernel, join(kernel, "port")]) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith(".ts")) continue;
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/\bfrom\s+["'](\.[^"']*)["']/g)) {
        const target = resolve(dir, m[1]);
        if (!(target + "/").startsWith(kernel + "/")) return sourcesHash(root);
      }
    }
  }
  return sourcesHash(root, ["kernel", "tools/inline.ts", "tools/build-steps.ts", "tools/build-cache.ts"]);
}

/**
 * `inlineKernel(root).files` (tools/inline.ts): the kernel's files with
 * their `@inline` calls expanded, by absolute path; from the cache when
 * kernel/ (and the inlining step) are the same.
 */
export function inlinedKernel(root: string): Map<string, string> {
  const key = hashOf("inlined-kernel", kernelSourcesHash(root));
  const had = inlined.get(root);
  if (had !== undefined && had.key === key) return had.texts;
  const r = cachedSync("inlined-kernel", key, () => textsToJson(inlineKernel(root).files, root));
  const texts = textsFromJson(r.value, root);
  inlined.set(root, { key: key, texts: texts });
  return texts;
}

/**
 * The kernel trimmed for app `app` of module `appFile` (tools/trim.ts:
 * `appFacts`, then `trimSources` from the expanded kernel), the bundle's
 * roots being `entries`; `hooks` as `trimSources` takes it; a board build
 * (`hooks` false) has its state packed into one table (tools/pack.ts)
 * unless `pack` is false. From the cache
 * when the sources (and each entry outside them, by content) are the same.
 * Throws as `appFacts` does for a task that issues a syscall its app
 * cannot serve.
 */
export function trimmedFor(root: string, app: AppDesc, appFile: string, entries: string[], hooks?: boolean, pack = true): Trimmed {
  const parts = ["trimmed", sourcesHash(root), app.name, relative(root, appFile), String(hooks), String(pack)];
  // An entry may be written by the build outside the source folders (out/lua/entry/): its content counts.
  for (const e of entries) parts.push(relative(root, e), readFileSync(e, "utf8"));
  const base = inlinedKernel(root);
  const r = cachedSync("trimmed", hashOf(...parts, textsHash(base, root)), () => {
    const t = trimSources(root, appFacts(root, app, appFile), entries, base, hooks, pack ? app : undefined);
    return { texts: textsToJson(t.texts, root), reached: t.reached.map((f) => relative(root, f)), packed: t.packed };
  });
  return { texts: textsFromJson(r.value.texts, root), reached: r.value.reached.map((f) => resolve(root, f)), packed: r.value.packed };
}
