/**
 * The spec facade shared by every `*_spec.ts`: `describe`, `it` and a few
 * assertions. Under Node it maps to `node:test` and `node:assert`; the Lua
 * build maps the `#spec` alias to `tests/lib/spec.lua.ts` (busted).
 */
import { describe as nodeDescribe, it as nodeIt } from "node:test";
import assert from "node:assert/strict";

export function describe(name: string, fn: () => void): void {
  nodeDescribe(name, fn);
}

export function it(name: string, fn: () => void): void {
  nodeIt(name, fn);
}

/** actual === expected */
export function eq(actual: unknown, expected: unknown, what?: string): void {
  assert.strictEqual(actual, expected, what);
}

/** Deep equality of arrays of numbers or strings. */
export function same(actual: unknown[], expected: unknown[], what?: string): void {
  assert.deepStrictEqual(actual, expected, what);
}

export function ok(cond: boolean, what?: string): void {
  assert.ok(cond, what);
}

/** Runs fn, which must throw; returns what it threw. */
export function throws(fn: () => void): unknown {
  let caught: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    caught = e;
  }
  assert.ok(threw, "expected a throw");
  return caught;
}
