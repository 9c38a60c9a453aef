/**
 * The build cache: what a build makes, kept under a key made from the
 * content of everything it was made from, so that building the same
 * sources again is a copy. The Espruino and Lua builds (tools/espruino/
 * build.ts, tools/lua/build.ts) keep their bundles, their intermediate
 * results (the rollup output per app, the compiled specs' tree) and the
 * kernel with its `@inline` calls expanded here; the test suite's parts
 * and specs, which build the same bundles many times, share them.
 *
 * Never stale: every key holds the SHA-256 of the content of every file
 * under the source folders (`SOURCE_DIRS`: kernel, boards, drivers, apps,
 * sim, model, tools, tests/lib), of the project's configuration files
 * (package-lock.json pins the versions of TypeScript, rollup, terser and
 * typescript-to-lua) and the Node version, plus the build's own options.
 * A change to any of them, even one a build does not read, makes a new key:
 * it is rebuilt. Nothing is compared by date. The project's folder is not
 * in the key (what is kept names files relative to it): a copy of the
 * project with the same sources, as specs make, reads the same entries.
 *
 * Where: node_modules/.cache/baton/ (the usual place for a package's
 * cache; `rm -rf node_modules/.cache/baton` empties it). `BATON_CACHE_DIR`
 * puts it elsewhere; `BATON_CACHE=off` builds everything afresh.
 *
 * Entries are written whole (to a temporary file, then renamed), so that
 * processes running side by side (the test suite's specs) never read half
 * of one; while one process makes an entry, another asking for the same
 * key waits for it rather than making it twice (a lock folder holding the
 * maker's process id, taken over when that process is gone).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The folders whose every file is part of every key. */
export const SOURCE_DIRS = ["kernel", "boards", "drivers", "apps", "sim", "model", "tools", "tests/lib"];

/** The project's files outside them that are part of every key. */
export const ROOT_FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.lua.json"];

/** The cache's folder, or undefined when it is off (`BATON_CACHE=off`). */
export function cacheDir(): string | undefined {
  if (process.env.BATON_CACHE === "off" || process.env.BATON_CACHE === "0") return undefined;
  const dir = process.env.BATON_CACHE_DIR;
  return dir !== undefined && dir !== "" ? resolve(dir) : join(ROOT, "node_modules/.cache/baton");
}

/** SHA-256 of the parts, each length-prefixed (so that no two lists of parts give the same text). */
export function hashOf(...parts: (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const p of parts) {
    h.update(String(typeof p === "string" ? Buffer.byteLength(p) : p.length) + ":");
    h.update(p);
  }
  return h.digest("hex");
}

/** A file's content hash, remembered in this process while its size and times stay the same (a long-running watch). */
const fileHashes = new Map<string, { stamp: string; hash: string }>();

function fileHash(file: string): string {
  const st = statSync(file);
  const stamp = st.size + ":" + st.mtimeMs + ":" + st.ctimeMs + ":" + st.ino;
  const had = fileHashes.get(file);
  if (had !== undefined && had.stamp === stamp) return had.hash;
  const hash = createHash("sha256").update(readFileSync(file)).digest("hex");
  fileHashes.set(file, { stamp: stamp, hash: hash });
  return hash;
}

/** Every file under `dir` (absolute paths, sorted), less node_modules and dot-folders; `dir` itself when it is a file. */
function filesUnder(dir: string, out: string[]): void {
  let names: string[];
  try {
    if (statSync(dir).isFile()) {
      out.push(dir);
      return;
    }
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) filesUnder(p, out);
    else if (st.isFile()) out.push(p);
  }
}

/**
 * The hash of the sources under `root`: every file of `dirs` (default
 * `SOURCE_DIRS`; a folder, or a file) and `ROOT_FILES`, by path and
 * content, with the Node version. Part of every key. The folder itself is
 * not: every value kept names files relative to it, so two copies of the
 * same sources (a spec's copy of the project) share their builds.
 */
export function sourcesHash(root = ROOT, dirs = SOURCE_DIRS): string {
  const files: string[] = [];
  for (const d of dirs) filesUnder(join(root, d), files);
  for (const f of ROOT_FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash("sha256");
  h.update(process.version + "\0");
  for (const f of files) h.update(relative(root, f) + "\0" + fileHash(f) + "\0");
  return h.digest("hex");
}

/** Writes `file` whole: a reader (another process) sees the old content or the new, never a part. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = file + "." + process.pid + "." + Math.random().toString(36).slice(2) + ".tmp";
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** How the cache served this process: entries found, entries made. */
export const cacheStats = { hits: 0, misses: 0 };

function entryFile(dir: string, kind: string, key: string): string {
  return join(dir, kind, key + ".json");
}

function readEntry<T>(file: string): T | undefined {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { value: T }).value;
  } catch {
    return undefined;
  }
}

/** The entry of `kind` under `key` when there is one (counted as found), without making it. */
export function peekCache<T>(kind: string, key: string): T | undefined {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const found = readEntry<T>(entryFile(dir, kind, key));
  if (found !== undefined) cacheStats.hits++;
  return found;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock older than this is taken over whatever its holder (a build never takes so long). */
const STALE_LOCK_MS = 10 * 60 * 1000;

/** Takes the lock of an entry (a folder), or returns false when a live process holds it. */
function tryLock(lock: string): boolean {
  mkdirSync(dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, "pid"), String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  let pid = NaN;
  let age = 0;
  try {
    pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    // Just made, its pid not yet written: held.
    return false;
  }
  if ((Number.isInteger(pid) && !alive(pid)) || age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
  return false;
}

/** Keeps at most this many entries of a kind: the oldest go first. */
const MAX_ENTRIES = 400;

function prune(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return;
  }
  if (names.length <= MAX_ENTRIES) return;
  const dated = names.map((n) => {
    try {
      return { n: n, t: statSync(join(dir, n)).mtimeMs };
    } catch {
      return { n: n, t: 0 };
    }
  });
  dated.sort((a, b) => a.t - b.t);
  for (const d of dated.slice(0, names.length - MAX_ENTRIES / 2)) {
    try {
      unlinkSync(join(dir, d.n));
    } catch {
      // Gone already (another process pruning).
    }
  }
}

export interface Cached<T> {
  value: T;
  /** Found in the cache (else made now). */
  hit: boolean;
}

/**
 * The entry of `kind` under `key` (a hash of everything the value depends
 * on, `sourcesHash()` among them), made with `make` when there is none.
 * The value must survive JSON. With the cache off, `make` runs every time.
 */
export function cachedSync<T>(kind: string, key: string, make: () => T): Cached<T> {
  const dir = cacheDir();
  if (dir === undefined) {
    cacheStats.misses++;
    return { value: make(), hit: false };
  }
  const file = entryFile(dir, kind, key);
  const lock = file.slice(0, -".json".length) + ".lock";
  for (;;) {
    const found = readEntry<T>(file);
    if (found !== undefined) {
      cacheStats.hits++;
      return { value: found, hit: true };
    }
    if (tryLock(lock)) break;
    sleepMs(100);
  }
  try {
    // Made by another process between the look and the lock.
    const found = readEntry<T>(file);
    if (found !== undefined) {
      cacheStats.hits++;
      return { value: found, hit: true };
    }
    const before = sourcesHash();
    const value = make();
    // A source edited while the value was made (a save during a watched build): it is not kept.
    if (sourcesHash() === before) writeFileAtomic(file, JSON.stringify({ kind: kind, made: new Date().toISOString(), value: value }));
    cacheStats.misses++;
    prune(join(dir, kind));
    return { value: value, hit: false };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `cachedSync` for a value made asynchronously. */
export async function cached<T>(kind: string, key: string, make: () => Promise<T>): Promise<Cached<T>> {
  const dir = cacheDir();
  if (dir === undefined) {
    cacheStats.misses++;
    return { value: await make(), hit: false };
  }
  const file = entryFile(dir, kind, key);
  const lock = file.slice(0, -".json".length) + ".lock";
  for (;;) {
    const found = readEntry<T>(file);
    if (found !== undefined) {
      cacheStats.hits++;
      return { value: found, hit: true };
    }
    if (tryLock(lock)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    const found = readEntry<T>(file);
    if (found !== undefined) {
      cacheStats.hits++;
      return { value: found, hit: true };
    }
    const before = sourcesHash();
    const value = await make();
    if (sourcesHash() === before) writeFileAtomic(file, JSON.stringify({ kind: kind, made: new Date().toISOString(), value: value }));
    cacheStats.misses++;
    prune(join(dir, kind));
    return { value: value, hit: false };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A Map of texts as a JSON value (sorted by key) and back. */
export function textsToJson(m: Map<string, string>, root = ROOT): [string, string][] {
  return [...m].map(([k, v]) => [relative(root, k), v] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function textsFromJson(list: [string, string][], root = ROOT): Map<string, string> {
  return new Map(list.map(([k, v]) => [resolve(root, k), v] as [string, string]));
}

/** The hash of a Map of texts (as `textsToJson` orders it). */
export function textsHash(m: Map<string, string>, root = ROOT): string {
  const h = createHash("sha256");
  for (const [k, v] of textsToJson(m, root)) h.update(k + "\0" + hashOf(v) + "\0");
  return h.digest("hex");
}
