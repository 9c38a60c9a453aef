/**
 * The bit plugin (tools/lua/bit-plugin.ts): JavaScript's bitwise operators,
 * compiled for Lua 5.1 with it, give JavaScript's 32-bit answers. One
 * program is run twice, as JavaScript in Node and as Lua in lua5.1 (and
 * Lua 5.3 and LuaJIT when installed); every line it prints must be equal.
 */
import { it as nodeIt } from "node:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { DIAG_COMPOUND_TARGET, DIAG_IMPLICIT_SELF } from "../../tools/lua/bit-plugin";
import { ROOT, bundle } from "../../tools/lua/build";
import { describe, eq, it, ok, throws } from "#spec";
import { hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/plugin";

/** Operands: signs, 31/32/33 (shift counts wrap at 32), the 32-bit edges, and numbers past 32 bits. */
const PROGRAM = `
const xs = [0, 1, -1, 2, 5, -5, 7, 31, 32, 33, 255, 0x7fffffff, -0x7fffffff, -2147483648, 2147483648, 4294967295,
  4294967296, 4294967299, -4294967297, 123456789, -987654321, 0x55555555, 0xaaaaaaaa, 0xdeadbeef];
for (let i = 0; i < xs.length; i++) {
  const a = xs[i];
  print("~" + String(a) + " = " + String(~a) + ", >>> 0 = " + String(a >>> 0) + ", | 0 = " + String(a | 0));
  for (let j = 0; j < xs.length; j++) {
    const b = xs[j];
    print(String(a) + " " + String(b) + ": " + String(a & b) + " " + String(a | b) + " " + String(a ^ b) + " " +
      String(a << b) + " " + String(a >> b) + " " + String(a >>> b) + " " + String((a >>> b) & 0xff) + " " + String((a >>> b) | 0) +
      " " + String(~(a >>> b)) + " " + String(((a >>> b)) >>> 1));
  }
}
let x = 5;
x |= 0x80000000;
print("x |= " + String(x));
x >>>= 1;
print("x >>>= " + String(x));
x >>= 30;
print("x >>= " + String(x));
x <<= 31;
print("x <<= " + String(x));
x ^= -1;
print("x ^= " + String(x));
x &= 0xff;
print("x &= " + String(x));
const arr = [1, 2, 3];
let k = 1;
arr[k] <<= 31;
arr[0] >>>= 1;
print("arr " + String(arr[0]) + " " + String(arr[1]) + " " + String(arr[2]));
const o = { f: -1, g: { h: 6 } };
o.f >>>= 4;
o.g.h ^= 3;
print("o " + String(o.f) + " " + String(o.g.h));
const y = (x |= 0x100) + 1;
print("expr " + String(x) + " " + String(y));
let n = 0;
const z = (n = n + 1) | (n = n * 10);
print("order " + String(n) + " " + String(z));
`;

/** Runs PROGRAM as JavaScript, collecting what it prints. */
function runAsJs(): string {
  const js = ts.transpileModule(PROGRAM, { compilerOptions: { target: ts.ScriptTarget.ES2019 } }).outputText;
  const lines: string[] = [];
  new Function("print", js)((s: string) => lines.push(s));
  return lines.join("\n") + "\n";
}

function writeProgram(name: string, source: string): string {
  mkdirSync(join(ROOT, DIR), { recursive: true });
  const file = join(DIR, name + ".ts");
  writeFileSync(join(ROOT, file), source);
  return file;
}

describe("the bit plugin", () => {
  const lua = join(DIR, "bits.lua");
  const js = runAsJs();
  const bytes = bundle(writeProgram("bits", PROGRAM), lua, false);
  ok(bytes > 0);

  for (const interp of ["lua5.1", "lua5.3", "luajit"]) {
    const name = "every bitwise operator gives JavaScript's answer on " + interp + " (" + js.split("\n").length + " lines compared)";
    const test = (): void => {
      const r = runLua(interp, lua, []);
      eq(r.status, 0, r.stderr);
      const got = r.stdout.toString("utf8").split("\n");
      const want = js.split("\n");
      for (let i = 0; i < want.length; i++) eq(got[i], want[i], "line " + (i + 1));
      eq(got.length, want.length);
    };
    if (interp === "lua5.1" || hasLua(interp)) it(name, test);
    else nodeIt(name, { skip: interp + " is not installed" }, test);
  }

  it("maps each operator to the bit library, and converts only a >>> whose value is used as a number", () => {
    const src = writeProgram("shape", "export function f(a: number, b: number): number[] {\n  return [a & b, a | b, a ^ b, a << b, a >> b, a >>> b, (a >>> b) & 1, ~a];\n}\n");
    const out = join(DIR, "shape.lua");
    bundle(src, out, false);
    const code = readFileSync(join(ROOT, out), "utf8");
    ok(code.startsWith('local bit = bit or require("bit")'), "the prelude comes first");
    for (const fn of ["band", "bor", "bxor", "lshift", "arshift", "bnot"]) ok(code.indexOf("bit." + fn + "(") >= 0, "uses bit." + fn);
    eq(code.split("bit.rshift(a, b) % 4294967296").length - 1, 1, "one >>> converted to unsigned");
    const flat = code.replace(/\s+/g, "");
    ok(flat.indexOf("bit.band(bit.rshift(a,b),1)") >= 0, "the >>> under & is not converted");
  });

  it("rejects a compound assignment whose target has side effects (code " + DIAG_COMPOUND_TARGET + ")", () => {
    const src = writeProgram("side", "const a = [0, 0];\nlet i = 0;\nfunction next(): number {\n  i++;\n  return i;\n}\na[next()] |= 1;\nprint(String(a[1]));\n");
    const e = throws(() => bundle(src, join(DIR, "side.lua"), false)) as Error;
    ok(String(e.message).indexOf("TS" + DIAG_COMPOUND_TARGET) >= 0, String(e.message));
  });

  it("rejects a property typed as a function without `this` (code " + DIAG_IMPLICIT_SELF + ")", () => {
    const src = writeProgram("self", "export interface Hooks {\n  onLine: (line: string) => void;\n}\nexport const h: Hooks = { onLine: (l: string) => print(l) };\n");
    const e = throws(() => bundle(src, join(DIR, "self.lua"), false)) as Error;
    ok(String(e.message).indexOf("TS" + DIAG_IMPLICIT_SELF) >= 0, String(e.message));
  });
});
