/** @noSelfInFile */
/**
 * The per-target primitives the kernel needs, for JavaScript hosts (Node,
 * Espruino). Chosen by the `#port` path alias; `kernel/port/lua.ts` is the Lua
 * twin. Both keep the same contract:
 *
 * - `words(n)`: a fixed-length array of n 32-bit words, all 0, indexed 0..n-1.
 *   Created only at boot. Values written are kept as 32-bit integers on JS
 *   (Int32Array); on Lua they are kept as given, so the kernel masks every
 *   value that can leave the 32-bit range itself.
 * - `wordsOf(list)`: the same holding `list`'s words (a board's initial
 *   state, written into the bundle by the build: tools/pack.ts).
 * - `bytes(n)`: the same for n bytes (values 0..255 on JS; the kernel masks
 *   what it copies, so Lua gives the same bytes).
 * - `protect(fn, arg)`: call `fn(arg)`; return true if it threw. The thrown
 *   value is kept for `lastError()`. Creates nothing on either target.
 */

export type Words = number[];

export function words(n: number): Words {
  return new Int32Array(n) as unknown as Words;
}

/** The words `list` holds, as a fixed-length array of words (a board's initial state, written by the build). */
export function wordsOf(list: number[]): Words {
  return new Int32Array(list) as unknown as Words;
}

/** The 16-bit words `list` holds, as a fixed-length array (a board's tables of ids and states, written by the build). */
export function halvesOf(list: number[]): Words {
  return new Int16Array(list) as unknown as Words;
}

/** A fixed-length array of n bytes, all 0 (a task's message buffer). */
export function bytes(n: number): Words {
  return new Uint8Array(n) as unknown as Words;
}

let caught: unknown = undefined;

export function protect<A>(fn: (a: A) => void, arg: A): boolean {
  try {
    fn(arg);
    return false;
  } catch (e) {
    caught = e;
    return true;
  }
}

/** Text of the last error `protect` caught (only read on the fault path). */
export function lastError(): string {
  const e = caught as { message?: string } | undefined;
  if (e !== undefined && e !== null && typeof e === "object" && typeof e.message === "string") return e.message;
  return String(caught);
}

/** Throws an Error carrying `message` (the Lua twin raises a table with `message`, without Error's code). */
export function fail(message: string): never {
  throw new Error(message);
}
