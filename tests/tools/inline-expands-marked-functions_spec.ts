/**
 * The build's inlining step (tools/inline.ts) on a fixture
 * (tests/tools/fixtures/inline/): inside `@hot` functions, calls of
 * `@inline` functions in statement
 * position (plain, `return f()`, `x = f()`, `const x = f()`, with early
 * returns, rearranged into branches or, where that would copy code, left
 * in a do-while; nested) and in expressions (single-return functions, pure
 * arguments) are expanded; a call it must not expand (a return inside a
 * loop, an impure argument in an expression, a caller's local hiding a name
 * the body uses, a multi-statement function in an expression, a call in
 * statement position outside a `@hot` function) stays a call; outside
 * `@hot` functions pure single-return calls are expanded in expressions;
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
  shapes(x: number): number;
  passOn(x: number): number;
}

/** The text of exported function `name` in `text`. */
function bodyOf(text: string, name: string): string {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2019, true);
  const fn = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name !== undefined && s.name.text === name);
  return fn !== undefined ? fn.getText(sf) : "";
}

describe("the inlining step", () => {
  const program = ts.createProgram([join(DIR, "lib.ts"), join(DIR, "user.ts")], OPTIONS);
  const result = inlineSources(program, [join(DIR, "user.ts")]);
  const text = result.files.get(join(DIR, "user.ts"))!;

  it("expands the calls in statement position and pure single-return calls inside @hot functions, and only the latter elsewhere", () => {
    eq(result.expanded.get(join(DIR, "user.ts")), 17);
    eq(calls(bodyOf(text, "cold"), "isRed"), 0);
    eq(calls(bodyOf(text, "cold"), "bump"), 1);
    eq(calls(bodyOf(text, "cold"), "clampAdd"), 1);
    eq(calls(text, "branches"), 0);
    eq(calls(text, "tangled"), 0);
    eq(calls(text, "sumClamp"), 0);
    // Left as calls: in `shadow` (a local hides T) and in `cold` (not marked @hot).
    eq(calls(text, "clampAdd"), 1);
    eq(calls(text, "bump"), 2);
    eq(calls(text, "isRed"), 1);
    eq(calls(text, "twice"), 1);
    eq(calls(text, "loopy"), 1);
    eq(calls(text, "reassigns"), 1);
  });

  it("rearranges early returns into branches where no code is copied, and keeps a do-while where it would be", () => {
    // `early` and `passOn` return the call's value: the body's returns stay returns.
    eq(/\bdo\b/.test(bodyOf(text, "early")), false);
    eq(/\bdo\b/.test(bodyOf(text, "passOn")), false);
    // In `shapes`, `branches` (twice) becomes if/else; `tangled` (a return in a branch that can fall through) a do-while.
    eq((bodyOf(text, "shapes").match(/\bdo\b/g) || []).length, 1);
    eq((bodyOf(text, "shapes").match(/\bbreak\b/g) || []).length, 2);
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
        eq(b.shapes(x), a.shapes(x), "shapes(" + x + ")");
        eq(b.passOn(x), a.passOn(x), "passOn(" + x + ")");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
