/**
 * The build's inlining step (tools/inline.ts) on a fixture
 * (tests/tools/fixtures/inline/): inside `@hot` functions, calls of
 * `@inline` functions in statement
 * position (plain, `return f()`, `x = f()`, `const x = f()`, with early
 * returns, nested) and in expressions (single-return functions, pure
 * arguments) are expanded; a call it must not expand (a return inside a
 * loop, an impure argument in an expression, a caller's local hiding a name
 * the body uses, a multi-statement function in an expression, any call
 * outside a `@hot` function) stays a call;
 * the result type-checks and computes the same values as the original.
 */
import ts from "typescript";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, eq, it, same } from "#spec";
import { inlineSources } from "../../tools/inline";

const DIR = resolve("tests/tools/fixtures/inline");
const OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2019, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, noEmit: true, skipLibCheck: true, types: [] };

function calls(text: string, name: string): number {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2019, true);
  let n = 0;
  const walk = (x: ts.Node): void => {
    if (ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === name) n++;
    ts.forEachChild(x, walk);
  };
  walk(sf);
  return n;
}

interface Fixture {
  run(x: number): number[];
  early(x: number): number;
  shadow(x: number): number;
  nested(x: number): number;
  cold(x: number): number;
  deep(x: number): number;
}

describe("the inlining step", () => {
  const program = ts.createProgram([join(DIR, "lib.ts"), join(DIR, "user.ts")], OPTIONS);
  const result = inlineSources(program, [join(DIR, "user.ts")]);
  const text = result.files.get(join(DIR, "user.ts"))!;

  it("expands the calls in statement position and pure single-return calls inside @hot functions, and no others", () => {
    eq(result.expanded.get(join(DIR, "user.ts")), 11);
    eq(calls(text, "sumClamp"), 0);
    // Left as calls: in `shadow` (a local hides T) and in `cold` (not marked @hot).
    eq(calls(text, "clampAdd"), 1);
    eq(calls(text, "bump"), 2);
    eq(calls(text, "isRed"), 1);
    eq(calls(text, "twice"), 1);
    eq(calls(text, "loopy"), 1);
    eq(calls(text, "reassigns"), 1);
  });

  it("writes a program that type-checks and computes what the original computes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-inline-"));
    try {
      cpSync(DIR, join(dir, "orig"), { recursive: true });
      cpSync(DIR, join(dir, "inl"), { recursive: true });
      writeFileSync(join(dir, "inl", "user.ts"), text);
      const check = ts.createProgram([join(dir, "inl", "lib.ts"), join(dir, "inl", "user.ts")], OPTIONS);
      const errors = ts.getPreEmitDiagnostics(check).filter((d) => d.category === ts.DiagnosticCategory.Error);
      eq(errors.length, 0, ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" }));
      const a = (await import(join(dir, "orig", "user.ts"))) as Fixture;
      const b = (await import(join(dir, "inl", "user.ts"))) as Fixture;
      for (let x = -60; x <= 120; x += 7) {
        same(b.run(x), a.run(x), "run(" + x + ")");
        eq(b.early(x), a.early(x), "early(" + x + ")");
        eq(b.shadow(x), a.shadow(x), "shadow(" + x + ")");
        eq(b.nested(x), a.nested(x), "nested(" + x + ")");
        eq(b.cold(x), a.cold(x), "cold(" + x + ")");
        eq(b.deep(x), a.deep(x), "deep(" + x + ")");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
