/**
 * A board's kernel state as one table of words, computed by the build.
 *
 * The kernel's source keeps its state as named tables on the object `K`
 * (kernel/tables.ts: `K.state[t]`, `K.qHead[q]`, ...), allocated and filled
 * at boot by `buildTables` (kernel/kernel.ts) from the app's description. On
 * a board each of those tables is objects of its own (Espruino: the field's
 * name, the typed array and its buffer, about 6 variables; Lua: a field and
 * a table), so an app's state would cost more the more tables its kernel
 * reads. For a board build (`trimSources` with an app and the debug hooks
 * off), `packState`:
 *
 * - runs the project's own `buildTables` for the app, here, at build time;
 * - lays the tables the trimmed kernel still names end to end in two
 *   tables (kernel/tables.ts), in the order `K` declares them: `S` of
 *   32-bit words, and `H` of 16-bit ones for the tables of ids, states and
 *   rights (`HALF_WORDS`); and writes their contents after `buildTables`
 *   into the bundle as their initial values (`wordsOf([...])`,
 *   `halvesOf([...])`, kernel/port/);
 * - rewrites every `K.x[i]` to `S[o + i]` (or `H[o + i]`), o being x's
 *   offset as a literal (folded with the index's constant terms);
 * - puts in place of every read of a count or other number on `K` that
 *   only `buildTables` writes (`K.T`, `K.qSend`, `K.faultNtfn`, ...) its
 *   value for the app, and starts every other number on `K` at its value
 *   after `buildTables`;
 * - removes the call of `buildTables` from `boot`: the trimmer then drops it
 *   and what only it used (the allocation, the rights lists, the limits).
 *
 * The kernel's state is then `S`, `H` and `K` (the numbers the kernel
 * writes as it runs, and the objects: tasks, step functions), whatever the
 * number of tables. A table named in any other way than `K.x[i]` (handed on whole,
 * its length read) cannot be packed: the build stops and names the place.
 */
import ts from "typescript";
import { relative, resolve, dirname } from "node:path";
import type { AppDesc } from "../kernel/index";
import { K as BuildK } from "../kernel/tables";
import { buildTables } from "../kernel/kernel";

/**
 * Tables whose every value is an id (of a task, node, queue, endpoint,
 * notification or IRQ: below MAX_OBJECTS' few hundred), -1, a state, a
 * priority, a code or a small set of rights bits: they go in the second
 * table, `H`, of 16-bit words (an Int16Array on JavaScript hosts: half the
 * bytes). Every other table, and any new one until it is listed here, holds
 * 32-bit words in `S` (message words, epochs, ticks, bits, counts, stamps).
 */
const HALF_WORDS = new Set([
  "state", "basePrio", "prio", "partner", "filter", "tNext", "tPrev", "inTimer", "bound", "epRights", "ntfnRights", "irqRights", "supervisor",
  "faultCode", "faultSys", "next", "prev", "inQueue", "qHead", "qTail", "epOwner", "ntfnOwner", "irqState", "irqEp", "irqNtfn", "irqHandler",
]);

/** Functions that only build the tables; their uses of `K` go with them. */
const BOOT_ONLY = new Set(["buildTables", "allocTables", "addRights", "tooMany"]);

/** What `packState` decided, for the specs and the build's report. */
export interface Packed {
  /** Table name -> the table it is in ("S" or "H"), its offset there, and length. */
  layout: Map<string, { table: string; offset: number; length: number }>;
  /** S's initial words (32-bit), and H's (16-bit). */
  words: number[];
  halves: number[];
  /** Numbers of K put in place as literals. */
  constants: Map<string, number>;
}

/** The table object's fields after `buildTables(app)` on the project's own kernel, K left as it was found. */
function builtState(app: AppDesc): Record<string, unknown> {
  const k = BuildK as unknown as Record<string, unknown>;
  const saved: Record<string, unknown> = {};
  for (const name of Object.keys(k)) saved[name] = k[name];
  try {
    buildTables(app, undefined);
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(k)) out[name] = k[name];
    return out;
  } finally {
    for (const name of Object.keys(saved)) k[name] = saved[name];
  }
}

/** kernel/tables.ts's table object `K`: its file, its object literal and statement, and a test for a name that is `K`. */
export interface KernelTable {
  tablesFile: string;
  tables: ts.SourceFile;
  literal: ts.ObjectLiteralExpression;
  kStatement: ts.VariableStatement;
  isK: (e: ts.Expression) => boolean;
}

/** Finds `K` in the program's kernel/tables.ts; undefined when it has none. */
export function kernelTable(root: string, program: ts.Program, checker: ts.TypeChecker): KernelTable | undefined {
  const tablesFile = resolve(root, "kernel/tables.ts");
  const tables = program.getSourceFile(tablesFile);
  if (tables === undefined) return undefined;
  for (const st of tables.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== "K" || d.initializer === undefined || !ts.isObjectLiteralExpression(d.initializer)) continue;
      const kSym = checker.getSymbolAtLocation(d.name);
      if (kSym === undefined) return undefined;
      const isK = (e: ts.Expression): boolean => {
        if (!ts.isIdentifier(e)) return false;
        let s = checker.getSymbolAtLocation(e);
        if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        return s === kSym;
      };
      return { tablesFile: tablesFile, tables: tables, literal: d.initializer, kStatement: st, isK: isK };
    }
  }
  return undefined;
}

/**
 * Packs the kernel state of the program's bundle for `app` (see above),
 * writing the changed files into `texts`. Returns what it decided, or
 * undefined when kernel/tables.ts has no `K` (nothing to pack). Throws when
 * a table is named other than as `K.x[i]` outside `buildTables`.
 */
export function packState(root: string, program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>, trimmable: (f: string) => boolean, app: AppDesc, headOf: (sf: ts.SourceFile) => string): Packed | undefined {
  const found = kernelTable(root, program, checker);
  if (found === undefined) return undefined;
  const { tablesFile, tables, literal, kStatement, isK } = found;
  const built = builtState(app);

  // The tables (`x: [] as Words`) and the numbers (`x: 0`) K declares, in order.
  const tableNames: string[] = [];
  const numberNames: string[] = [];
  for (const p of literal.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    let init = p.initializer;
    if (ts.isAsExpression(init) && init.type.getText(tables) === "Words" && ts.isArrayLiteralExpression(init.expression) && init.expression.elements.length === 0) tableNames.push(p.name.text);
    else {
      while (ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isNumericLiteral(init) || (ts.isPrefixUnaryExpression(init) && ts.isNumericLiteral(init.operand))) numberNames.push(p.name.text);
    }
  }

  const insideBootOnly = (n: ts.Node): boolean => {
    for (let p: ts.Node | undefined = n; p !== undefined; p = p.parent) {
      if (ts.isFunctionDeclaration(p) && p.name !== undefined && BOOT_ONLY.has(p.name.text)) return true;
    }
    return false;
  };
  /** The K field a statement or expression writes (`K.x = v`, `K.x += v`, `K.x++`), else undefined. */
  const written = (n: ts.Node): string | undefined => {
    let l: ts.Expression | undefined = undefined;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) l = n.left;
    else if ((ts.isPostfixUnaryExpression(n) || ts.isPrefixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) l = n.operand;
    return l !== undefined && ts.isPropertyAccessExpression(l) && isK(l.expression) ? l.name.text : undefined;
  };
  const writtenAtRun = new Set<string>();
  /** Fields of K named in files the build does not rewrite (outside kernel/ and boards/), and where. */
  const namedOutside = new Map<string, string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const own = trimmable(sf.fileName);
    const walk = (n: ts.Node): void => {
      const w = written(n);
      if (w !== undefined && !insideBootOnly(n)) writtenAtRun.add(w);
      if (!own && ts.isPropertyAccessExpression(n) && isK(n.expression)) namedOutside.set(n.name.text, where(sf, n));
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  const constants = new Map<string, number>();
  for (const name of numberNames) {
    const v = built[name];
    if (!writtenAtRun.has(name) && typeof v === "number") constants.set(name, v);
  }

  for (const [name, at] of namedOutside) {
    if (constants.has(name) || tableNames.indexOf(name) >= 0) throw new Error("pack: K." + name + " is named outside kernel/ and boards/, at " + at + ": the kernel's state cannot be one table");
  }

  // The layout: each table K still declares, end to end.
  const layout = new Map<string, { table: string; offset: number; length: number }>();
  const words: number[] = [];
  const halves: number[] = [];
  for (const name of tableNames) {
    const t = built[name] as ArrayLike<number> | undefined;
    if (t === undefined || typeof t.length !== "number") throw new Error("pack: buildTables left K." + name + " without a table");
    const into = HALF_WORDS.has(name) ? halves : words;
    layout.set(name, { table: into === halves ? "H" : "S", offset: into.length, length: t.length });
    for (let i = 0; i < t.length; i++) {
      const v = t[i] | 0;
      if (into === halves && (v < -32768 || v > 32767)) throw new Error("pack: K." + name + "[" + i + "] starts at " + v + ", past 16 bits");
      into.push(v);
    }
  }

  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  const numberNode = (v: number): ts.Expression => (v < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-v)) : f.createNumericLiteral(v));
  /** A number the (original) expression is known to be: a literal, a const enum member, a constant of K. */
  const numberOf = (e: ts.Expression): number | undefined => {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
    if (ts.isPropertyAccessExpression(e) && e.pos >= 0) {
      if (isK(e.expression) && constants.has(e.name.text)) return constants.get(e.name.text);
      const v = checker.getConstantValue(e);
      if (typeof v === "number") return v;
    }
    return undefined;
  };
  /** The terms of a sum `a + b + ...` (original nodes). */
  const terms = (e: ts.Expression, out: ts.Expression[]): void => {
    let x = e;
    while (ts.isParenthesizedExpression(x)) x = x.expression;
    if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      terms(x.left, out);
      terms(x.right, out);
    } else out.push(e);
  };

  let usesS = false;
  const files = new Map<string, ts.SourceFile>();
  for (const sf of program.getSourceFiles()) if (!sf.isDeclarationFile && trimmable(sf.fileName)) files.set(resolve(sf.fileName), sf);
  for (const [file, sf] of files) {
    let edits = 0;
    let fileUsesS = false;
    let fileUsesH = false;
    const visit = (n: ts.Node): ts.Node | undefined => {
      // `buildTables(...)` in boot: the build has run it.
      if (ts.isExpressionStatement(n) && ts.isCallExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === "buildTables" && !insideBootOnly(n)) {
        edits++;
        return ts.isBlock(n.parent) || ts.isSourceFile(n.parent) ? undefined : f.createBlock([]);
      }
      if (n === literal) {
        edits++;
        const kept: ts.ObjectLiteralElementLike[] = [];
        for (const p of literal.properties) {
          const name = p.name !== undefined && ts.isIdentifier(p.name) ? p.name.text : "";
          if (layout.has(name) || constants.has(name)) continue;
          if (numberNames.indexOf(name) >= 0 && typeof built[name] === "number" && ts.isPropertyAssignment(p)) kept.push(f.updatePropertyAssignment(p, p.name, numberNode(built[name] as number)));
          else kept.push(p);
        }
        return f.updateObjectLiteralExpression(literal, kept);
      }
      if (ts.isPropertyAccessExpression(n) && isK(n.expression) && !insideBootOnly(n)) {
        const name = n.name.text;
        if (constants.has(name)) {
          edits++;
          return numberNode(constants.get(name)!);
        }
        if (layout.has(name)) {
          const parent = n.parent;
          if (!ts.isElementAccessExpression(parent) || parent.expression !== n) throw new Error("pack: K." + name + " is not read or written as K." + name + "[i] at " + where(sf, n) + ": the kernel's state cannot be one table");
          // Handled at the element access (below).
          return n;
        }
      }
      if (ts.isElementAccessExpression(n) && ts.isPropertyAccessExpression(n.expression) && isK(n.expression.expression) && layout.has(n.expression.name.text) && !insideBootOnly(n)) {
        const at = layout.get(n.expression.name.text)!;
        edits++;
        const parts: ts.Expression[] = [];
        terms(n.argumentExpression, parts);
        let sum = at.offset;
        const rest: ts.Expression[] = [];
        for (const p of parts) {
          const v = numberOf(p);
          if (v !== undefined) sum += v;
          else rest.push(ts.visitNode(p, visit) as ts.Expression);
        }
        let index: ts.Expression | undefined = undefined;
        for (const r of rest) index = index === undefined ? r : f.createBinaryExpression(index, ts.SyntaxKind.PlusToken, r);
        if (index === undefined) index = numberNode(sum);
        else if (sum !== 0) index = sum > 0 ? f.createBinaryExpression(index, ts.SyntaxKind.PlusToken, numberNode(sum)) : f.createBinaryExpression(index, ts.SyntaxKind.MinusToken, numberNode(-sum));
        if (at.table === "H") fileUsesH = true;
        else fileUsesS = true;
        return f.createElementAccessExpression(f.createIdentifier(at.table), index);
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    let out = ts.visitEachChild(sf, visit, undefined);
    if (file === resolve(tablesFile)) {
      // S, after K: its initial words, and wordsOf from the port.
      edits++;
      const table = (name: string, maker: string, list: number[]): ts.Statement =>
        f.createVariableStatement(
          [f.createModifier(ts.SyntaxKind.ExportKeyword)],
          f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, f.createTypeReferenceNode("Words"), f.createCallExpression(f.createIdentifier(maker), undefined, [f.createArrayLiteralExpression(list.map(numberNode), false)]))], ts.NodeFlags.Const),
        );
      const decls = [table("S", "wordsOf", words), table("H", "halvesOf", halves)];
      const statements: ts.Statement[] = [];
      for (const st of out.statements) {
        if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text === "#port") {
          statements.push(f.createImportDeclaration(undefined, f.createImportClause(undefined, undefined, f.createNamedImports([f.createImportSpecifier(true, undefined, f.createIdentifier("Words")), f.createImportSpecifier(false, undefined, f.createIdentifier("words")), f.createImportSpecifier(false, undefined, f.createIdentifier("wordsOf")), f.createImportSpecifier(false, undefined, f.createIdentifier("halvesOf"))])), f.createStringLiteral("#port")));
          continue;
        }
        statements.push(st);
        if (st === kStatement || (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === "K"))) statements.push(...decls);
      }
      out = f.updateSourceFile(out, statements);
      usesS = true;
    } else if (fileUsesS || fileUsesH) {
      usesS = true;
      let spec = relative(dirname(file), resolve(tablesFile)).replace(/\.ts$/, "");
      if (!spec.startsWith(".")) spec = "./" + spec;
      const names = (fileUsesS ? ["S"] : []).concat(fileUsesH ? ["H"] : []);
      const imp = f.createImportDeclaration(undefined, f.createImportClause(undefined, undefined, f.createNamedImports(names.map((n) => f.createImportSpecifier(false, undefined, f.createIdentifier(n))))), f.createStringLiteral(spec));
      out = f.updateSourceFile(out, [imp, ...out.statements]);
    }
    if (edits > 0) texts.set(file, headOf(sf) + printer.printFile(out));
  }
  if (!usesS) return undefined;
  return { layout: layout, words: words, halves: halves, constants: constants };
}

function where(sf: ts.SourceFile, n: ts.Node): string {
  const p = sf.getLineAndCharacterOfPosition(n.getStart(sf));
  return sf.fileName + ":" + (p.line + 1);
}
