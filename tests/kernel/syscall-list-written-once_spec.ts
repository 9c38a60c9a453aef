/**
 * The syscall list is written once (kernel/syscall-names.ts) and the rest
 * follows it: each `Sys` number is the index of its name (the enum member
 * is the name in capitals, words split by "_"), the `sys` object has the
 * names in that order and then `raw`, the raw entry dispatches every
 * number to the entry of that name, and the names in traces, profiles and
 * the build's list are the same list.
 */
import ts from "typescript";
import { readFileSync } from "node:fs";
import { describe, eq, it, same } from "#spec";
import { SYSCALL_NAMES } from "../../kernel/syscall-names";
import { sys } from "../../kernel/sys";
import { SYS_NAMES } from "../../sim/names";
import { SYS_KEYS } from "../../sim/profiles";
import { PROBE_SYS_NAMES } from "../../apps/costs/probe";
import { SYSCALLS } from "../../tools/trim";

/** "recvFrom" -> "RECV_FROM". */
function upper(name: string): string {
  return name.replace(/([A-Z])/g, "_$1").toUpperCase();
}

/** A `const enum`'s members and values, read from its source. */
function enumMembers(file: string, name: string): Map<string, number> {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2019, true);
  const out = new Map<string, number>();
  sf.forEachChild((n) => {
    if (!ts.isEnumDeclaration(n) || n.name.text !== name) return;
    for (const m of n.members) {
      if (m.initializer !== undefined && ts.isNumericLiteral(m.initializer) && ts.isIdentifier(m.name)) out.set(m.name.text, Number(m.initializer.text));
    }
  });
  return out;
}

/** The `case Sys.X: return f(...)` pairs of the raw entry's switch, read from kernel/sys.ts. */
function rawCases(): Map<string, string> {
  const file = "kernel/sys.ts";
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2019, true);
  const out = new Map<string, string>();
  const walk = (n: ts.Node): void => {
    if (ts.isCaseClause(n) && ts.isPropertyAccessExpression(n.expression)) {
      const ret = n.statements[0];
      if (ret !== undefined && ts.isReturnStatement(ret) && ret.expression !== undefined && ts.isCallExpression(ret.expression) && ts.isIdentifier(ret.expression.expression)) {
        out.set(n.expression.name.text, ret.expression.expression.text);
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return out;
}

describe("the syscall list, written once", () => {
  it("gives every Sys number: the member named after the syscall has its index", () => {
    const members = enumMembers("kernel/codes.ts", "Sys");
    eq(members.get("NONE"), 0);
    for (let i = 1; i < SYSCALL_NAMES.length; i++) eq(members.get(upper(SYSCALL_NAMES[i])), i, SYSCALL_NAMES[i]);
    eq(members.get("COUNT"), SYSCALL_NAMES.length);
  });

  it("gives the sys object its entries, in order, then raw", () => {
    same(Object.keys(sys), [...SYSCALL_NAMES.slice(1), "raw"]);
  });

  it("gives the raw entry its cases: number i calls the entry of name i", () => {
    const cases = rawCases();
    eq(cases.size, SYSCALL_NAMES.length - 1);
    for (let i = 1; i < SYSCALL_NAMES.length; i++) {
      const n = SYSCALL_NAMES[i];
      eq(cases.get(upper(n)), (sys as Record<string, { name: string }>)[n].name, n);
    }
  });

  it("is the list of names in traces, cost profiles, the probe and the build", () => {
    same(SYS_NAMES.slice(1), SYSCALL_NAMES.slice(1));
    eq(SYS_NAMES[0], "step");
    same(SYS_KEYS, SYSCALL_NAMES);
    same(PROBE_SYS_NAMES, SYSCALL_NAMES);
    same(SYSCALLS, [...SYSCALL_NAMES.slice(1), "raw"]);
  });
});
