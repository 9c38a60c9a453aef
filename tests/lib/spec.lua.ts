/**
 * The spec facade for Lua, chosen by the `#spec` alias in tsconfig.lua.json:
 * the same `describe`, `it` and assertions as tests/lib/spec.ts, mapped to
 * busted's `describe` and `it` and to luassert. `what` is shown when an
 * assertion fails, as under Node.
 */

/** busted's API: `describe` and `it` of the running file, and luassert. */
interface Busted {
  describe(this: void, name: string, fn: (this: void) => void): void;
  it(this: void, name: string, fn: (this: void) => void): void;
  assert: {
    are: {
      equal(this: void, expected: unknown, actual: unknown, message?: string): void;
      same(this: void, expected: unknown, actual: unknown, message?: string): void;
    };
    is_true(this: void, value: unknown, message?: string): void;
  };
}

// A module required by a spec file does not see the file's environment,
// where busted puts `describe` and `it`; `require("busted")` gives the same API.
const busted = require("busted") as Busted;
const assert = busted.assert;

// Specs may print a figure with `console.log`; Lua has `print`.
declare global {
  const console: { log(this: void, ...args: unknown[]): void };
}
function log(...args: unknown[]): void {
  let line = "";
  for (let i = 0; i < args.length; i++) line += (i > 0 ? " " : "") + tostring(args[i]);
  print(line);
}
(_G as unknown as Record<string, unknown>)["console"] = { log: log };

export function describe(name: string, fn: () => void): void {
  busted.describe(name, fn);
}

export function it(name: string, fn: () => void): void {
  busted.it(name, fn);
}

/** actual === expected */
export function eq(actual: unknown, expected: unknown, what?: string): void {
  assert.are.equal(expected, actual, what);
}

/** Deep equality of arrays of numbers or strings. */
export function same(actual: unknown[], expected: unknown[], what?: string): void {
  assert.are.same(expected, actual, what);
}

export function ok(cond: boolean, what?: string): void {
  assert.is_true(cond, what);
}

/** Runs fn, which must throw; returns what it threw. */
export function throws(fn: () => void): unknown {
  const [good, err] = pcall(fn);
  assert.is_true(!good, "expected a throw");
  return err;
}
