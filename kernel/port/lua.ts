/** @noSelfInFile */
/**
 * Lua twin of `kernel/port/js.ts` (see there for the contract), chosen by
 * the `#port` alias in tsconfig.lua.json.
 *
 * - `words(n)`: a Lua table holding n zeros stands for the typed array. It
 *   stores numbers as given (no 32-bit wrap on write): the kernel masks
 *   every value that can leave the 32-bit range itself.
 * - `protect(fn, arg)`: `pcall(fn, arg)` calls a step without creating a
 *   closure. What a step throws is an Error object (a table with `message`)
 *   when TypeScript code threw it, or a string when Lua itself raised it
 *   ("attempt to index a nil value"); `lastError` gives the text of either.
 */

export type Words = number[];

export function words(n: number): Words {
  const w: Words = [];
  for (let i = 0; i < n; i++) w[i] = 0;
  return w;
}

/** The words `list` holds, as a table of words: the list itself. */
export function wordsOf(list: number[]): Words {
  return list;
}

/** The 16-bit words `list` holds: the list itself (Lua keeps numbers as given). */
export function halvesOf(list: number[]): Words {
  return list;
}

/** n bytes, all 0: a table like `words`. */
export function bytes(n: number): Words {
  return words(n);
}

let caught: unknown = undefined;

export function protect<A>(fn: (a: A) => void, arg: A): boolean {
  const [ok, err] = pcall(fn, arg);
  if (ok) return false;
  caught = err;
  return true;
}

/** Text of the last error `protect` caught (only read on the fault path). */
export function lastError(): string {
  const e = caught as { message?: string } | undefined;
  if (e !== undefined && e !== null && typeof e === "object" && typeof e.message === "string") return e.message;
  return String(caught);
}

/**
 * Raises an error carrying `message` (what `throw new Error(message)` does
 * in the JS twin), without the Error class: a board bundle then carries
 * none of typescript-to-lua's error classes. Catchers read the text as
 * `message` or the value itself (`lastError`, the hosts' boot).
 */
export function fail(message: string): never {
  error({ message: message } as unknown as string, 0);
}
