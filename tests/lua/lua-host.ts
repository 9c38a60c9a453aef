/**
 * Node-side helpers for the specs that run Lua: which interpreters this
 * machine has, running one, and comparing outputs byte for byte.
 */
import { spawnSync } from "node:child_process";
import { ROOT } from "../../tools/lua/build";

/** True when `cmd` runs and can load the `bit` library (lua5.1/lua5.3 need lua-bitop; LuaJIT has it built in). */
export function hasLua(cmd: string): boolean {
  const r = spawnSync(cmd, ["-e", "require('bit')"], { stdio: "ignore" });
  return r.error === undefined && r.status === 0;
}

export interface RunResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

function result(r: ReturnType<typeof spawnSync>): RunResult {
  if (r.error !== undefined) throw r.error;
  return { status: r.status === null ? -1 : r.status, stdout: r.stdout as Buffer, stderr: String(r.stderr) };
}

/** Runs `lua` (lua5.1, lua5.3, luajit) on `file` with `args`, from the project root. */
export function runLua(lua: string, file: string, args: string[], input?: string): RunResult {
  return result(spawnSync(lua, [file, ...args], { cwd: ROOT, input: input, maxBuffer: 256 * 1024 * 1024 }));
}

/** Runs a TypeScript tool under Node (tsx), from the project root. */
export function runNodeTool(file: string, args: string[]): RunResult {
  return result(spawnSync(process.execPath, ["--import", "tsx", file, ...args], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 }));
}

/** The offset of the first byte where a and b differ (a shorter one differs where it ends), or -1 when they are equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** The line around byte `at` in both texts, for a failure message. */
export function describeDifference(a: Buffer, b: Buffer, at: number): string {
  const line = a.subarray(0, at).toString("latin1").split("\n").length;
  const pick = (x: Buffer): string => x.toString("latin1").split("\n")[line - 1];
  return "first difference at byte " + at + ", line " + line + ":\n  node: " + JSON.stringify(pick(a)) + "\n  lua:  " + JSON.stringify(pick(b));
}

/**
 * Runs `fn` (synchronous) with this process's stdout written into a buffer
 * instead: what `console.log` and fengari's `print` write while it runs, as
 * bytes, as a child process would have written them to a file.
 */
export function capturedStdout(fn: () => void): Buffer {
  const chunks: Buffer[] = [];
  const write = process.stdout.write;
  const into = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), done?: (e?: Error | null) => void): boolean => {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk));
    const cb = typeof encoding === "function" ? encoding : done;
    if (cb !== undefined) cb();
    return true;
  };
  process.stdout.write = into as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return Buffer.concat(chunks);
}
