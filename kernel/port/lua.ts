/** @noSelfInFile */
/**
 * Lua twin of `kernel/port/js.ts` (see there for the contract). A Lua table
 * filled with zeros stands for the typed array; `pcall` calls a step without
 * creating a closure.
 */

export type Words = number[];

declare function pcall<A>(fn: (a: A) => void, arg: A): LuaMultiReturn<[boolean, unknown]>;
declare type LuaMultiReturn<T> = T & { readonly __luaMultiReturnBrand: unknown };

export function words(n: number): Words {
  const w: Words = [];
  for (let i = 0; i < n; i++) w.push(0);
  return w;
}

let caught: unknown = undefined;

export function protect<A>(fn: (a: A) => void, arg: A): boolean {
  const [ok, err] = pcall(fn, arg);
  if (ok) return false;
  caught = err;
  return true;
}

export function lastError(): string {
  const e = caught as { message?: string } | undefined;
  if (e !== undefined && e !== null && typeof e === "object" && typeof e.message === "string") return e.message;
  return String(caught);
}
