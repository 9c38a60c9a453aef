/**
 * The subset checks catch what Espruino cannot run: the ESLint config for
 * the TypeScript sources (eslint.config.js) and the check of built bundles
 * (tools/espruino/check.ts) both reject destructuring, Map, labels and `**`
 * (and more), and accept clean code.
 */
import { ESLint } from "eslint";
import { describe, eq, it, ok } from "#spec";
import { checkBundle } from "../../tools/espruino/check";

const eslint = new ESLint();

async function sourceRules(code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: "kernel/subset-probe.ts" });
  return r.messages.map((m) => (m.ruleId !== null ? m.ruleId : "parse") + ": " + m.message);
}

function bundleRules(code: string): string[] {
  return checkBundle(code).map((p) => p.rule + ": " + p.message);
}

const FORBIDDEN: { name: string; ts: string; js: string; expect: RegExp }[] = [
  { name: "destructuring", ts: "export function f(o: { a: number }): number { const { a } = o; return a; }", js: "function f(o){const{a}=o;return a}f({a:1});", expect: /Destructuring/ },
  { name: "Map", ts: "export const m = new Map<number, number>();", js: "var m=new Map();", expect: /Map/ },
  { name: "labels", ts: "export function f(): void { outer: for (;;) { for (;;) break outer; } }", js: "o:for(;;){for(;;)break o}", expect: /[Ll]abel/ },
  { name: "**", ts: "export const x = 2 ** 8;", js: "var x=2**8;", expect: /\*\*/ },
  { name: "spread", ts: "export function f(a: number[]): number { return Math.max(...a); }", js: "function f(a){return Math.max(...a)}f([1]);", expect: /Spread/ },
  { name: "default parameters", ts: "export function f(a = 1): number { return a; }", js: "function f(a=1){return a}f();", expect: /Default parameters/ },
  { name: "Math.imul", ts: "export const x = Math.imul(3, 4);", js: "var x=Math.imul(3,4);", expect: /Math\.imul/ },
  { name: "Array.from", ts: "export const x = Array.from([1]);", js: "var x=Array.from([1]);", expect: /Array\.from/ },
  { name: "Object.freeze", ts: "export const x = Object.freeze({});", js: "var x=Object.freeze({});", expect: /Object\.freeze/ },
  { name: "Number.isInteger", ts: "export const x = Number.isInteger(1);", js: "var x=Number.isInteger(1);", expect: /Number\.isInteger/ },
  { name: "computed keys", ts: "const k = 'a';\nexport const o = { [k]: 1 };", js: "var k='a',o={[k]:1};", expect: /Computed keys/ },
  { name: "generators", ts: "export function* g(): Generator<number> { yield 1; }", js: "function*g(){yield 1}g();", expect: /Generators/ },
  { name: "async", ts: "export async function f(): Promise<number> { return 1; }", js: "async function f(){return 1}f();", expect: /async/ },
  { name: "lastIndexOf", ts: "export const i = [1, 2, 1].lastIndexOf(1);", js: "var i=[1,2,1].lastIndexOf(1);", expect: /lastIndexOf/ },
  { name: "class extends Error", ts: "export class E extends Error {}", js: "class E extends Error{}new E();", expect: /extends Error/ },
];

describe("the Espruino subset checks", () => {
  for (const f of FORBIDDEN) {
    it("reject " + f.name + " in a TypeScript source", async () => {
      const found = await sourceRules(f.ts);
      ok(found.some((m) => f.expect.test(m)), "source rules found: " + found.join(" | "));
    });
    it("reject " + f.name + " in a bundle", () => {
      const found = bundleRules(f.js);
      ok(found.some((m) => f.expect.test(m)), "bundle check found: " + found.join(" | "));
    });
  }

  it("reject a function used before its declaration in the sources", async () => {
    const found = await sourceRules("export const table = [later];\nfunction later(): number { return 1; }");
    ok(found.some((m) => m.indexOf("no-use-before-define") === 0), found.join(" | "));
  });

  it("reject, in a bundle, a function used before its declaration runs, but not a call from a later-run body", () => {
    const early = bundleRules("var t=[later];function later(){return 1}");
    ok(early.some((m) => m.indexOf("baton/no-early-function-use") === 0), early.join(" | "));
    eq(bundleRules("function a(){return b()}function b(){return 1}a();").join(" | "), "");
  });

  it("reject, in a bundle, optional chaining and globals Espruino lacks", () => {
    ok(bundleRules("var o={};var x=o?.a;").some((m) => /Optional chaining/.test(m)));
    ok(bundleRules("var b=Buffer.alloc(1);").some((m) => m.indexOf("no-undef") === 0));
  });

  it("accept clean code in both", async () => {
    const ts = [
      "const T = new Int32Array(4);",
      "export class Q { n = 0; push(x: number): void { T[this.n] = x | 0; this.n++; } }",
      "export function sum(a: number[]): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }",
      "export const o = { a: 1, f: (x: number) => x + 1, s: `t${1}` };",
      "export const y = (o.a ?? 2) >>> 0;",
    ].join("\n");
    eq((await sourceRules(ts)).join(" | "), "");
    // A bundle is top-level code, a statement a line (tools/espruino/build.ts).
    const js = "const t=new Int32Array(4);\nclass Q{constructor(){this.n=0}push(x){t[this.n]=x|0;this.n++}}\nfunction s(a){let r=0;for(let i=0;i<a.length;i++)r+=a[i];return r}\nconst q=new Q();\nq.push(s([1,2]));\nprint(`n ${q.n}`);\n";
    eq(bundleRules(js).join(" | "), "");
  });

  it("refuses in a bundle a function made inside a function, and a top-level name that hides one of Espruino's globals", () => {
    ok(bundleRules("function f(){return function(){return 1}}f();").some((m) => m.indexOf("no-restricted-syntax") === 0));
    ok(bundleRules("function print(){}print();").some((m) => m.indexOf("no-redeclare") === 0));
    ok(bundleRules("const E=1;print(E);").some((m) => m.indexOf("no-redeclare") === 0));
  });
});
