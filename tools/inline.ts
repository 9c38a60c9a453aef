/**
 * The build's inlining step: expands calls of functions marked `@inline`
 * (a JSDoc tag) into their callers as statements, so that a board bundle's
 * hot path is straight-line code made from the one kernel source, with no
 * hand-written second copy.
 *
 * Why a build step of our own: on Espruino the cost is per function call,
 * per name looked up and per source token, and on Lua a call costs a frame;
 * terser inlines only functions used once or made of a single expression,
 * and typescript-to-lua inlines nothing. Closures or IIFEs would allocate on
 * Espruino, so the expansion is plain statements in a block.
 *
 * Where: as statements, only inside functions marked `@hot` (the IPC path);
 * a call of an `@inline` function elsewhere stays a call, so cold code
 * (boot, faults, restarts) is not made larger for nothing, except a pure
 * single-return helper's in an expression (below), which is no larger than
 * the call: once no call is left the helper goes, and with it a function
 * object (on Espruino, variables for its name, code and parameters).
 *
 * `inlineSources(program, targets, only)` expands instead the calls of the
 * functions in `only`, as statements in any function: a board build gives it
 * the functions its trimmed kernel calls from one place (tools/trim.ts), so
 * that each goes with its function object, and no code is copied.
 *
 * What it expands (`inlineSources`):
 * - a call statement `f(a, b);`, `return f(a, b);`, `x = f(a, b);` and
 *   `const x = f(a, b);` of a function declared `@inline` at the top level
 *   of a module: becomes a block that binds each parameter to its argument
 *   (an argument that is a local of the caller, a module-level `const`, a
 *   `const enum` member or a literal, is used as is
 *   when the body never assigns the parameter), then the body with its
 *   locals renamed apart. A `return` that is not the body's last statement
 *   makes the block a `do { ... } while (false)` left with `break` (a
 *   `return` inside a loop or a switch of the body keeps the call);
 * - a call in any expression of an `@inline` function whose body is one
 *   `return e;`, when every argument is free of side effects (a name, a
 *   literal, a property read): the call becomes `(e)` with the arguments in
 *   place of the parameters;
 * - inside the expanded body, calls of other `@inline` functions, the same
 *   way (to a fixed depth).
 * Names the body takes from its module are imported into the caller's
 * module (from the same module specifier, so `#port` stays an alias);
 * members of `const enum`s become their numbers. A call it cannot expand
 * stays a call (the function is kept), so the result is always a program
 * with the same behaviour; the build type-checks it again.
 */
import ts from "typescript";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const MAX_DEPTH = 6;

/**
 * A deep copy with no source positions. An expansion mixes nodes of the
 * callee's file with nodes of the caller's, and the printer reads a
 * positioned node's text from the file it prints: every expanded node must
 * be synthesized. `factory.cloneNode` (in TypeScript's factory at run time,
 * though not in its typings; TypeScript is pinned, 6.0.2) copies one node.
 */
const cloneNode = (ts.factory as unknown as { cloneNode<T extends ts.Node>(node: T): T }).cloneNode;
const NO_RANGE: ts.TextRange = { pos: -1, end: -1 };
function synthesized<T extends ts.Node>(node: T): T {
  const visit = (n: ts.Node): ts.Node => {
    const c = ts.visitEachChild(n, visit, undefined);
    return ts.setTextRange(c === n ? cloneNode(n) : c, NO_RANGE);
  };
  return visit(node) as T;
}

/** Per expansion: the callee, its locals' new names. */
interface Expansion {
  fn: ts.FunctionDeclaration;
  /** Symbols of the callee's parameters and locals -> the expression that stands for them. */
  names: Map<ts.Symbol, ts.Expression>;
  /** The variable that receives the result (early returns), or undefined. */
  result: ts.Identifier | undefined;
  /** The body has a return before its end: returns become `break`. */
  early: boolean;
  /**
   * Instead of `break` (and without a do-while): "return" keeps each return as
   * the caller's own (the call was `return f(..)`); "assign" makes it an
   * assignment of its value to `target` (or its call, or nothing), the body
   * having been restructured so that every return ends its branch (`structure`).
   */
  returnAs?: "return" | "assign";
  /** With `returnAs` "assign": the caller's variable that receives the value. */
  target?: string;
  depth: number;
}

export interface InlineResult {
  /** New text per file (absolute path) that changed. */
  files: Map<string, string>;
  /** Calls expanded, per file. */
  expanded: Map<string, number>;
}

function hasTag(fn: ts.FunctionDeclaration, name: string): boolean {
  for (const tag of ts.getJSDocTags(fn)) if (tag.tagName.text === name) return true;
  return false;
}

function isInline(fn: ts.FunctionDeclaration): boolean {
  return hasTag(fn, "inline");
}

/** The function's statements, when its body is one `return e;`: e. */
function singleReturn(fn: ts.FunctionDeclaration): ts.Expression | undefined {
  const b = fn.body;
  if (b === undefined || b.statements.length !== 1) return undefined;
  const s = b.statements[0];
  return ts.isReturnStatement(s) && s.expression !== undefined ? s.expression : undefined;
}

/** Where the body returns: "none", "tail" (only its last statement), "early", or "nested" (inside a loop or switch: cannot expand). */
function returnShape(fn: ts.FunctionDeclaration): string {
  const body = fn.body!;
  let shape = "none";
  const walk = (n: ts.Node, inLoop: boolean): void => {
    if (ts.isFunctionLike(n) && n !== fn) return;
    if (ts.isReturnStatement(n)) {
      if (inLoop) shape = "nested";
      else if (shape !== "nested") {
        const last = body.statements[body.statements.length - 1];
        if (n === last) {
          if (shape === "none") shape = "tail";
        } else shape = "early";
      }
    }
    const loop = inLoop || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => walk(c, loop));
  };
  for (const s of body.statements) walk(s, false);
  return shape;
}

/** Holds a return statement (outside nested functions). */
function hasReturn(n: ts.Node): boolean {
  if (ts.isReturnStatement(n)) return true;
  if (ts.isFunctionLike(n)) return false;
  return ts.forEachChild(n, (c) => (hasReturn(c) ? true : undefined)) === true;
}

/** Returns on every path: a return, a block that reaches one, an if whose two branches both do. */
function leaves(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s)) return true;
  if (ts.isBlock(s)) return s.statements.some(leaves);
  if (ts.isIfStatement(s)) return s.elseStatement !== undefined && leaves(s.thenStatement) && leaves(s.elseStatement);
  return false;
}

/** A branch whose statements may join the ones after it in one list: not a block, or a block that declares nothing. */
function opens(b: ts.Statement): boolean {
  return !ts.isBlock(b) || !b.statements.some((s) => ts.isVariableStatement(s) || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s));
}

/**
 * A body's statements rearranged so that every return is the last thing its
 * branch does, or undefined when that cannot be done without copying code:
 * `if (c) return a; rest` becomes `if (c) { return a; } else { rest }`.
 * A branch that holds a return must return on every path; the statements
 * after the if then go into the other branch. Blocks keep their scopes (a
 * branch that falls through stays a block of its own before the rest).
 * The expansion then turns each return into an assignment: no loop, no
 * `break` (on Espruino a do-while left with break costs as much as the
 * call it replaces).
 */
function structure(stmts: readonly ts.Statement[]): ts.Statement[] | undefined {
  const f = ts.factory;
  const out: ts.Statement[] = [];
  const asList = (b: ts.Statement): ts.Statement[] | undefined => structure(ts.isBlock(b) ? b.statements : [b]);
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i];
    if (!hasReturn(st)) {
      out.push(st);
      continue;
    }
    if (ts.isReturnStatement(st)) {
      out.push(st);
      return out;
    }
    if (ts.isBlock(st) && leaves(st)) {
      const inner = structure(st.statements);
      if (inner === undefined) return undefined;
      out.push(f.createBlock(inner, true));
      return out;
    }
    if (!ts.isIfStatement(st)) return undefined;
    const rest = stmts.slice(i + 1);
    const el = st.elseStatement;
    const thenLeaves = leaves(st.thenStatement);
    const elseLeaves = el !== undefined && leaves(el);
    let thenPart: ts.Statement[] | undefined;
    let elsePart: ts.Statement[] | undefined;
    if (thenLeaves && elseLeaves) {
      thenPart = asList(st.thenStatement);
      elsePart = asList(el!);
    } else if (thenLeaves && (el === undefined || !hasReturn(el))) {
      thenPart = asList(st.thenStatement);
      const after = structure(rest);
      elsePart = after === undefined ? undefined : el !== undefined ? [el, ...after] : after;
    } else if (thenLeaves && el !== undefined && opens(el)) {
      // An else that may return or fall through (`else if (c) return x;`): it and the rest, as one list.
      thenPart = asList(st.thenStatement);
      elsePart = structure([...(ts.isBlock(el) ? el.statements : [el]), ...rest]);
    } else if (elseLeaves && !hasReturn(st.thenStatement)) {
      const after = structure(rest);
      thenPart = after === undefined ? undefined : [st.thenStatement, ...after];
      elsePart = asList(el!);
    } else return undefined;
    if (thenPart === undefined || elsePart === undefined) return undefined;
    out.push(f.createIfStatement(st.expression, f.createBlock(thenPart, true), elsePart.length > 0 ? f.createBlock(elsePart, true) : undefined));
    return out;
  }
  return out;
}

/** An argument that may be read more than once: a name, a literal, a property read of such. */
function isPure(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isPure(e.expression);
  if (ts.isIdentifier(e) || ts.isNumericLiteral(e) || ts.isStringLiteral(e)) return true;
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) return isPure(e.operand);
  if (ts.isPropertyAccessExpression(e)) return isPure(e.expression);
  if (ts.isElementAccessExpression(e)) return isPure(e.expression) && isPure(e.argumentExpression);
  return false;
}

/**
 * Drops what the expansion left unused, so the file still compiles with
 * `noUnusedLocals`: imported names no longer named, and module-private
 * `@inline` functions no longer called.
 */
function tidy(statements: ts.Statement[]): ts.Statement[] {
  const f = ts.factory;
  for (;;) {
    const used = new Set<string>();
    const collect = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) used.add(n.text);
      ts.forEachChild(n, collect);
    };
    for (const st of statements) {
      if (ts.isImportDeclaration(st)) continue;
      if (ts.isFunctionDeclaration(st) && st.body !== undefined) ts.forEachChild(st.body, collect);
      else collect(st);
      if (ts.isFunctionDeclaration(st)) {
        for (const p of st.parameters) collect(p);
        // A name used only in the return type is still used (a type import).
        if (st.type !== undefined) collect(st.type);
      }
    }
    let changed = false;
    const out: ts.Statement[] = [];
    for (const st of statements) {
      if (ts.isImportDeclaration(st) && st.importClause !== undefined && st.importClause.namedBindings !== undefined && ts.isNamedImports(st.importClause.namedBindings) && st.importClause.name === undefined) {
        const keep = st.importClause.namedBindings.elements.filter((el) => used.has(el.name.text));
        if (keep.length === st.importClause.namedBindings.elements.length) out.push(st);
        else {
          changed = true;
          if (keep.length > 0) {
            out.push(f.updateImportDeclaration(st, st.modifiers, f.updateImportClause(st.importClause, st.importClause.phaseModifier, undefined, f.updateNamedImports(st.importClause.namedBindings, keep)), st.moduleSpecifier, st.attributes));
          }
        }
        continue;
      }
      const exported = ts.canHaveModifiers(st) && (ts.getModifiers(st) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (ts.isFunctionDeclaration(st) && st.name !== undefined && !exported && isInline(st) && !used.has(st.name.text)) {
        changed = true;
        continue;
      }
      out.push(st);
    }
    statements = out;
    if (!changed) return statements;
  }
}

export function inlineSources(program: ts.Program, targets: string[], only?: Set<ts.FunctionDeclaration>): InlineResult {
  const checker = program.getTypeChecker();
  const f = ts.factory;
  const out: InlineResult = { files: new Map(), expanded: new Map() };

  function resolve(sym: ts.Symbol): ts.Symbol {
    return (sym.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(sym) : sym;
  }

  /** The `@inline` function a call calls, if any. */
  function callee(call: ts.CallExpression): ts.FunctionDeclaration | undefined {
    if (!ts.isIdentifier(call.expression)) return undefined;
    const s = checker.getSymbolAtLocation(call.expression);
    if (s === undefined) return undefined;
    const d = resolve(s).valueDeclaration;
    if (d === undefined || !ts.isFunctionDeclaration(d) || d.body === undefined || !(only !== undefined ? only.has(d) : isInline(d))) return undefined;
    return d;
  }

  for (const file of targets) {
    const sf = program.getSourceFile(file);
    if (sf === undefined) throw new Error("inline: " + file + " is not in the program");
    let count = 0;
    let serial = 0;
    /** Imports to add: "specifier\0name" -> local name. */
    const added = new Map<string, string>();
    const topNames = new Set<string>();
    sf.forEachChild((n) => {
      if (ts.isImportDeclaration(n) && n.importClause !== undefined) {
        const ic = n.importClause;
        if (ic.name !== undefined) topNames.add(ic.name.text);
        if (ic.namedBindings !== undefined && ts.isNamedImports(ic.namedBindings)) for (const el of ic.namedBindings.elements) topNames.add(el.name.text);
      } else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name !== undefined) topNames.add(n.name.text);
      else if (ts.isVariableStatement(n)) for (const d of n.declarationList.declarations) if (ts.isIdentifier(d.name)) topNames.add(d.name.text);
    });

    /** The name this file uses for a module-level symbol the callee's module knows as `id`; undefined if it cannot. */
    function nameHere(id: ts.Identifier, fn: ts.FunctionDeclaration): ts.Expression | undefined {
      const sym = checker.getSymbolAtLocation(id);
      if (sym === undefined) return undefined;
      const target = resolve(sym);
      // Already bound in this file (imported, or declared here)?
      for (const name of topNames) {
        const local = lookupTop(name);
        if (local !== undefined && resolve(local) === target) return f.createIdentifier(name);
      }
      // Imported, or declared at the top of the callee's module: import it here the same way.
      const decl = sym.declarations !== undefined ? sym.declarations[0] : undefined;
      if (decl === undefined) return undefined;
      let spec: string;
      let exported: string;
      if (ts.isImportSpecifier(decl)) {
        const modSpec = (decl.parent.parent.parent as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral;
        exported = (decl.propertyName !== undefined ? decl.propertyName : decl.name).text;
        spec = modSpec.text.startsWith(".") ? relSpec(dirname(fn.getSourceFile().fileName) + "/" + modSpec.text) : modSpec.text;
      } else if (decl.getSourceFile() === fn.getSourceFile() && decl.parent !== undefined && (ts.isSourceFile(decl.parent) || ts.isSourceFile(decl.parent.parent?.parent ?? decl))) {
        const modSym = checker.getSymbolAtLocation(fn.getSourceFile());
        if (modSym === undefined || modSym.exports === undefined || !modSym.exports.has(id.text as ts.__String)) return undefined;
        exported = id.text;
        spec = relSpec(fn.getSourceFile().fileName.replace(/\.ts$/, ""));
      } else return undefined;
      const key = spec + "\0" + exported;
      let local = added.get(key);
      if (local === undefined) {
        local = topNames.has(exported) ? exported + "_inl" : exported;
        while (topNames.has(local)) local += "_";
        topNames.add(local);
        added.set(key, local);
      }
      return f.createIdentifier(local);
    }

    function lookupTop(name: string): ts.Symbol | undefined {
      const syms = checker.getSymbolsInScope(sf!, ts.SymbolFlags.Value | ts.SymbolFlags.Alias);
      for (const s of syms) if (s.name === name) return s;
      return undefined;
    }

    function relSpec(absNoExt: string): string {
      let r = relative(dirname(sf!.fileName), absNoExt.replace(/\.ts$/, "")).replace(/\\/g, "/");
      if (!r.startsWith(".")) r = "./" + r;
      return r;
    }

    /** Names declared anywhere in the function enclosing `n` (to keep inlined names apart). */
    function callerNames(n: ts.Node): Set<string> {
      const names = new Set<string>();
      let fn: ts.Node | undefined = n;
      while (fn !== undefined && !ts.isFunctionLike(fn)) fn = fn.parent;
      if (fn === undefined) return names;
      const walk = (x: ts.Node): void => {
        if ((ts.isVariableDeclaration(x) || ts.isParameter(x)) && ts.isIdentifier(x.name)) names.add(x.name.text);
        ts.forEachChild(x, walk);
      };
      walk(fn);
      return names;
    }

    /** True when `fn`'s body refers to a module-level name this file cannot reach, or one a caller's local hides. */
    function reachable(fn: ts.FunctionDeclaration, at: ts.Node): boolean {
      const hidden = callerNames(at);
      let ok = true;
      const own = localsOf(fn);
      const walk = (n: ts.Node): void => {
        if (!ok) return;
        if (ts.isPropertyAccessExpression(n) && checker.getConstantValue(n) !== undefined) return;
        if (ts.isIdentifier(n) && isValueRef(n)) {
          const s = checker.getSymbolAtLocation(n);
          if (s !== undefined && !own.has(s)) {
            const here = nameHere(n, fn);
            if (here === undefined || (ts.isIdentifier(here) && hidden.has(here.text))) ok = false;
          }
        }
        ts.forEachChild(n, walk);
      };
      walk(fn.body!);
      return ok;
    }

    function localsOf(fn: ts.FunctionDeclaration): Set<ts.Symbol> {
      const set = new Set<ts.Symbol>();
      const walk = (n: ts.Node): void => {
        if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name)) {
          const s = checker.getSymbolAtLocation(n.name);
          if (s !== undefined) set.add(s);
        }
        ts.forEachChild(n, walk);
      };
      walk(fn);
      return set;
    }

    /** An identifier that reads or writes a value (not a property name, a declaration's name, a type). */
    function isValueRef(n: ts.Identifier): boolean {
      const p = n.parent;
      if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
      if (ts.isPropertyAssignment(p) && p.name === n) return false;
      if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p)) && p.name === n) return false;
      if (ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
      return true;
    }

    function assigned(fn: ts.FunctionDeclaration, sym: ts.Symbol): boolean {
      let yes = false;
      const walk = (n: ts.Node): void => {
        if (yes) return;
        if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && ts.isIdentifier(n.left)) {
          if (checker.getSymbolAtLocation(n.left) === sym) yes = true;
        }
        if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && ts.isIdentifier(n.operand)) {
          if ((n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && checker.getSymbolAtLocation(n.operand) === sym) yes = true;
        }
        ts.forEachChild(n, walk);
      };
      walk(fn.body!);
      return yes;
    }

    /** A caller's local or parameter (so its value cannot change while the body runs, unless the body assigns it). */
    function isCallerLocal(e: ts.Expression): boolean {
      if (!ts.isIdentifier(e)) return false;
      const s = checker.getSymbolAtLocation(e);
      const d = s !== undefined && s.valueDeclaration !== undefined ? s.valueDeclaration : undefined;
      if (d === undefined) return false;
      let p: ts.Node | undefined = d.parent;
      while (p !== undefined && !ts.isFunctionLike(p) && !ts.isSourceFile(p)) p = p.parent;
      return p !== undefined && ts.isFunctionLike(p);
    }

    /** A name of a module-level `const` in the caller's scope (a feature constant): it reads the same wherever it is read. */
    function isCallerConst(e: ts.Expression): boolean {
      if (!ts.isIdentifier(e)) return false;
      let s = checker.getSymbolAtLocation(e);
      if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
      const d = s !== undefined ? s.valueDeclaration : undefined;
      return d !== undefined && ts.isVariableDeclaration(d) && (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) !== 0 && ts.isSourceFile(d.parent.parent.parent);
    }

    /** A member of a `const enum` (`Sys.CALL`): a number. */
    function isEnumMember(e: ts.Expression): boolean {
      return ts.isPropertyAccessExpression(e) && typeof checker.getConstantValue(e) === "number";
    }

    function isLiteral(e: ts.Expression): boolean {
      return ts.isNumericLiteral(e) || ts.isStringLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword;
    }

    /** Rewrites an original node of a callee's body for expansion `x`. */
    function rewrite(node: ts.Node, x: Expansion): ts.Node {
      const visit = (n: ts.Node): ts.Node | ts.Node[] | undefined => {
        if (ts.isPropertyAccessExpression(n)) {
          const v = checker.getConstantValue(n);
          // `as number`: the member's literal type would make TypeScript see a comparison with another member as impossible.
          if (typeof v === "number") return f.createParenthesizedExpression(f.createAsExpression(v < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-v)) : f.createNumericLiteral(v), f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword)));
          if (typeof v === "string") return f.createStringLiteral(v);
        }
        if (ts.isIdentifier(n)) {
          if (!isValueRef(n)) {
            // A declaration's own name: renamed with its symbol.
            const p = n.parent;
            if ((ts.isVariableDeclaration(p) || ts.isParameter(p)) && p.name === n) {
              const s = checker.getSymbolAtLocation(n);
              const to = s !== undefined ? x.names.get(s) : undefined;
              if (to !== undefined && ts.isIdentifier(to)) return f.createIdentifier(to.text);
            }
            return f.createIdentifier(n.text);
          }
          const s = checker.getSymbolAtLocation(n);
          if (s !== undefined) {
            const to = x.names.get(s);
            if (to !== undefined) return ts.isIdentifier(to) ? f.createIdentifier(to.text) : to;
            const here = nameHere(n, x.fn);
            if (here !== undefined) return here;
          }
          return f.createIdentifier(n.text);
        }
        if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) return visit(n.expression);
        if (ts.isVariableDeclaration(n) && n.type !== undefined) {
          // A type that names nothing (number, boolean, string) stays: it may widen a literal's type.
          const k = n.type.kind;
          const keep = k === ts.SyntaxKind.NumberKeyword || k === ts.SyntaxKind.BooleanKeyword || k === ts.SyntaxKind.StringKeyword ? f.createKeywordTypeNode(k) : undefined;
          return f.updateVariableDeclaration(n, visit(n.name) as ts.BindingName, undefined, keep, n.initializer !== undefined ? (visit(n.initializer) as ts.Expression) : undefined);
        }
        if (ts.isReturnStatement(n) && x.returnAs === "return") return f.createReturnStatement(n.expression !== undefined ? (visit(n.expression) as ts.Expression) : undefined);
        if (ts.isReturnStatement(n) && x.returnAs === "assign" && x.target !== undefined && n.expression !== undefined && ts.isCallExpression(n.expression) && x.depth < MAX_DEPTH) {
          const st = expandStatementAt(n, x.depth + 1, (e) => visit(e) as ts.Expression, (id) => id.text, x.target);
          if (st !== undefined) return st;
        }
        if (ts.isReturnStatement(n) && x.returnAs === "assign") {
          if (n.expression === undefined) return f.createEmptyStatement();
          const v = visit(n.expression) as ts.Expression;
          if (x.target !== undefined) return f.createExpressionStatement(f.createAssignment(f.createIdentifier(x.target), v));
          return ts.isCallExpression(n.expression) ? f.createExpressionStatement(v) : f.createEmptyStatement();
        }
        if (ts.isReturnStatement(n) && x.early) {
          const parts: ts.Statement[] = [];
          if (n.expression !== undefined && x.result !== undefined) parts.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(x.result.text), visit(n.expression) as ts.Expression)));
          else if (n.expression !== undefined && ts.isCallExpression(n.expression)) parts.push(f.createExpressionStatement(visit(n.expression) as ts.Expression));
          parts.push(f.createBreakStatement());
          return f.createBlock(parts, true);
        }
        if (x.depth < MAX_DEPTH) {
          const st = expandStatementAt(n, x.depth + 1, (e) => visit(e) as ts.Expression, (id) => {
            // A target that is the callee's own local goes by its new name.
            const sym = checker.getSymbolAtLocation(id);
            const to = sym !== undefined ? x.names.get(sym) : undefined;
            return to !== undefined && ts.isIdentifier(to) ? to.text : id.text;
          });
          if (st !== undefined) {
            // `const x = f()` came back as `{ let x; { ... } }`: its two statements replace it in place, so x stays in scope.
            if (ts.isVariableStatement(n) && ts.isBlock(st)) return st.statements.slice();
            return st;
          }
          if (ts.isCallExpression(n)) {
            const e = expandExpression(n, x.depth + 1, (a) => visit(a) as ts.Expression);
            if (e !== undefined) return e;
          }
        }
        return ts.visitEachChild(n, visit, undefined);
      };
      return visit(node) as ts.Node;
    }

    /** An argument put in a parameter's place keeps the parameter's type when that is a keyword type (`x as number`), not its own narrower one. */
    function widened(p: ts.ParameterDeclaration, a: ts.Expression, original: ts.Expression | undefined): ts.Expression {
      const t = p.type;
      if (t === undefined || !(t.kind === ts.SyntaxKind.NumberKeyword || t.kind === ts.SyntaxKind.BooleanKeyword || t.kind === ts.SyntaxKind.StringKeyword)) return a;
      if (original !== undefined && (checker.getTypeAtLocation(original).flags & (ts.TypeFlags.Literal | ts.TypeFlags.EnumLike | ts.TypeFlags.BooleanLiteral)) === 0) return a;
      return f.createAsExpression(a, f.createKeywordTypeNode(t.kind));
    }

    /** `(e)` for a call of a single-return `@inline` function with pure arguments, else undefined. */
    function expandExpression(call: ts.CallExpression, depth: number, arg: (e: ts.Expression) => ts.Expression): ts.Expression | undefined {
      const fn = callee(call);
      if (fn === undefined) return undefined;
      const e = singleReturn(fn);
      if (e === undefined || call.arguments.length > fn.parameters.length) return undefined;
      for (const a of call.arguments) if (!isPure(a)) return undefined;
      if (!reachable(fn, call)) return undefined;
      const names = new Map<ts.Symbol, ts.Expression>();
      for (let i = 0; i < fn.parameters.length; i++) {
        const p = fn.parameters[i];
        const s = checker.getSymbolAtLocation(p.name);
        if (s === undefined) return undefined;
        names.set(s, f.createParenthesizedExpression(widened(p, i < call.arguments.length ? arg(call.arguments[i]) : f.createIdentifier("undefined"), call.arguments[i])));
      }
      count++;
      return synthesized(f.createParenthesizedExpression(rewrite(e, { fn: fn, names: names, result: undefined, early: false, depth: depth }) as ts.Expression));
    }

    /**
     * Expands a statement that is a call of an `@inline` function (`f(..);`,
     * `return f(..);`, `x = f(..);`, `const x = f(..);`): the statements
     * that replace it, or undefined.
     */
    function expandStatementAt(st: ts.Node, depth: number, arg: (e: ts.Expression) => ts.Expression, nameOf: (id: ts.Identifier) => string, assignTo?: string): ts.Statement | undefined {
      let call: ts.CallExpression | undefined;
      let mode = "";
      let target: ts.Identifier | undefined;
      let declType: ts.TypeNode | undefined;
      if (assignTo !== undefined) {
        // `return f(..)` of a body being expanded into `x = ...`: as `x = f(..)`.
        if (!ts.isReturnStatement(st) || st.expression === undefined || !ts.isCallExpression(st.expression)) return undefined;
        call = st.expression;
        mode = "assign";
        const name = assignTo;
        nameOf = () => name;
        target = f.createIdentifier(name);
      } else if (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression)) {
        call = st.expression;
        mode = "stmt";
      } else if (ts.isReturnStatement(st) && st.expression !== undefined && ts.isCallExpression(st.expression)) {
        call = st.expression;
        mode = "return";
      } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(st.expression.left) && ts.isCallExpression(st.expression.right)) {
        call = st.expression.right;
        mode = "assign";
        target = st.expression.left;
      } else if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1) {
        const d = st.declarationList.declarations[0];
        if (ts.isIdentifier(d.name) && d.initializer !== undefined && ts.isCallExpression(d.initializer)) {
          call = d.initializer;
          mode = "declare";
          target = d.name;
          declType = checker.typeToTypeNode(checker.getTypeAtLocation(d.name), undefined, ts.NodeBuilderFlags.NoTruncation);
        }
      }
      if (call === undefined) return undefined;
      const target0 = (): ts.Identifier => target!;
      const fn = callee(call);
      if (fn === undefined || call.arguments.length > fn.parameters.length) return undefined;
      const shape = returnShape(fn);
      if (shape === "nested") return undefined;
      if (!reachable(fn, st)) return undefined;
      const n = ++serial;
      const names = new Map<ts.Symbol, ts.Expression>();
      const binds: ts.Statement[] = [];
      for (let i = 0; i < fn.parameters.length; i++) {
        const p = fn.parameters[i];
        if (!ts.isIdentifier(p.name)) return undefined;
        const s = checker.getSymbolAtLocation(p.name);
        if (s === undefined) return undefined;
        const a = i < call.arguments.length ? call.arguments[i] : undefined;
        if (a !== undefined && (isLiteral(a) || isCallerLocal(a) || isCallerConst(a) || isEnumMember(a)) && !assigned(fn, s)) {
          const w = widened(p, arg(a), a);
          names.set(s, ts.isAsExpression(w) ? f.createParenthesizedExpression(w) : w);
          continue;
        }
        const local = f.createIdentifier(p.name.text + "_" + n);
        names.set(s, local);
        binds.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(local, undefined, undefined, a !== undefined ? arg(a) : f.createIdentifier("undefined"))], ts.NodeFlags.Let)));
      }
      // The body's own locals, renamed apart.
      for (const s of localsOf(fn)) if (!names.has(s) && s.valueDeclaration !== undefined && ts.isVariableDeclaration(s.valueDeclaration)) names.set(s, f.createIdentifier(s.name + "_" + n));
      const wantsValue = mode !== "stmt";
      // Early returns without a loop: kept as the caller's own returns when the call was `return f(..)`;
      // else, when the body can be rearranged so that each return ends its branch, assignments.
      const plan = shape === "early" && mode !== "return" ? structure(fn.body!.statements) : undefined;
      if (shape === "early" && (mode === "return" || plan !== undefined)) {
        const target = mode === "assign" || mode === "declare" ? nameOf(target0()) : undefined;
        const y: Expansion = { fn: fn, names: names, result: undefined, early: false, returnAs: mode === "return" ? "return" : "assign", target: target, depth: depth };
        const body: ts.Statement[] = [...binds];
        for (const st of plan !== undefined ? plan : fn.body!.statements) {
          const r = rewrite(st, y) as ts.Node | ts.Node[];
          if (Array.isArray(r)) body.push(...(r as ts.Statement[]));
          else body.push(r as ts.Statement);
        }
        if (mode === "return" && !leaves(fn.body!)) body.push(f.createReturnStatement());
        count++;
        const block = f.createBlock(body, true);
        if (mode === "declare") {
          const decl = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(f.createIdentifier(target!), undefined, declType)], ts.NodeFlags.Let));
          return synthesized(f.createBlock([decl, block], true));
        }
        return synthesized(block);
      }
      const early = shape === "early";
      // The result's name: none of the body's locals is renamed to it (they become `name_n`).
      let base = "r";
      while ([...localsOf(fn)].some((l) => l.name === base)) base = base + "r";
      const result = early && wantsValue ? f.createIdentifier(base + "_" + n) : undefined;
      const x: Expansion = { fn: fn, names: names, result: result, early: early, depth: depth };
      const body: ts.Statement[] = [];
      const stmts = fn.body!.statements;
      for (let i = 0; i < stmts.length; i++) {
        const s = stmts[i];
        if (early && i === stmts.length - 1 && ts.isReturnStatement(s)) {
          // The last statement needs no break: the do-while ends there.
          if (s.expression !== undefined && result !== undefined) body.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(result.text), rewrite(s.expression, x) as ts.Expression)));
          else if (s.expression !== undefined && ts.isCallExpression(s.expression)) body.push(f.createExpressionStatement(rewrite(s.expression, x) as ts.Expression));
          continue;
        }
        if (!early && i === stmts.length - 1 && ts.isReturnStatement(s)) {
          // The tail return: its value goes where the call's went.
          if (s.expression !== undefined) {
            const v = rewrite(s.expression, x) as ts.Expression;
            if (mode === "return") body.push(f.createReturnStatement(v));
            else if (mode === "assign" || mode === "declare") body.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(nameOf(target!)), v)));
            else if (ts.isCallExpression(s.expression)) body.push(f.createExpressionStatement(v));
          } else if (mode === "return") body.push(f.createReturnStatement());
          continue;
        }
        const r = rewrite(s, x) as ts.Node | ts.Node[];
        if (Array.isArray(r)) body.push(...(r as ts.Statement[]));
        else body.push(r as ts.Statement);
      }
      count++;
      const inner: ts.Statement[] = [...binds];
      if (early) {
        if (result !== undefined) inner.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(result)], ts.NodeFlags.Let)));
        inner.push(f.createDoStatement(f.createBlock(body, true), f.createFalse()));
        if (mode === "return") inner.push(f.createReturnStatement(result !== undefined ? f.createIdentifier(result.text) : undefined));
        else if (mode === "assign" || mode === "declare") inner.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(nameOf(target!)), f.createIdentifier(result!.text))));
      } else {
        inner.push(...body);
        if (mode === "return" && (stmts.length === 0 || !ts.isReturnStatement(stmts[stmts.length - 1]))) inner.push(f.createReturnStatement());
      }
      const block = f.createBlock(inner, true);
      if (mode === "declare") {
        const decl = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(f.createIdentifier(nameOf(target!)), undefined, declType)], ts.NodeFlags.Let));
        return synthesized(f.createBlock([decl, block], true));
      }
      return synthesized(block);
    }

    const visitCold = (n: ts.Node): ts.Node => {
      if (ts.isCallExpression(n)) {
        const e = expandExpression(n, 0, (a) => ts.visitNode(a, visitCold) as ts.Expression);
        if (e !== undefined) return e;
      }
      return ts.visitEachChild(n, visitCold, undefined);
    };

    const visitTop = (n: ts.Node): ts.Node | ts.Node[] => {
      if (ts.isFunctionDeclaration(n) && (only !== undefined ? only.has(n) : isInline(n))) {
        // An inline function's own body is left as written (it stays callable where a call is not expanded).
        return n;
      }
      // Only the hot path is expanded as statements: the bodies of functions marked `@hot`. Elsewhere only
      // single-return helpers are expanded, in expressions (no larger than their calls: the helper can go).
      // With `only` (functions called from one place), every function's calls of them are expanded.
      if (ts.isFunctionDeclaration(n) && only === undefined && !hasTag(n, "hot")) return ts.visitEachChild(n, visitCold, undefined);
      const st = expandStatementAt(n, 0, (e) => ts.visitNode(e, visitTop) as ts.Expression, (id) => id.text);
      if (st !== undefined) {
        // `const x = f()` came back as `{ let x; { ... } }`: its two statements replace it in place, so x stays in scope.
        if (ts.isVariableStatement(n) && ts.isBlock(st)) return st.statements.slice() as unknown as ts.Node[];
        return st;
      }
      if (ts.isCallExpression(n)) {
        const e = expandExpression(n, 0, (a) => ts.visitNode(a, visitTop) as ts.Expression);
        if (e !== undefined) return e;
      }
      return ts.visitEachChild(n, visitTop, undefined);
    };

    const result = ts.visitEachChild(sf, visitTop, undefined);
    if (count === 0) continue;
    const imports: ts.Statement[] = [];
    for (const [key, local] of added) {
      const [spec, name] = key.split("\0");
      imports.push(
        f.createImportDeclaration(
          undefined,
          f.createImportClause(false, undefined, f.createNamedImports([f.createImportSpecifier(false, name === local ? undefined : f.createIdentifier(name), f.createIdentifier(local))])),
          f.createStringLiteral(spec),
        ),
      );
    }
    // After the file's own imports, so that its first statement (and a leading `@noSelfInFile`) stays first.
    let at = 0;
    while (at < result.statements.length && ts.isImportDeclaration(result.statements[at])) at++;
    const final = f.updateSourceFile(result, tidy([...result.statements.slice(0, at), ...imports, ...result.statements.slice(at)]));
    // No comments: an expanded node's comment would be read at its old position in another file. The
    // file-level annotations typescript-to-lua reads (`@noSelfInFile`) are put back at the top.
    const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
    const head = sf.text.indexOf("@noSelfInFile") >= 0 && sf.text.indexOf("@noSelfInFile") < sf.text.indexOf("import") ? "/** @noSelfInFile */\n" : "";
    out.files.set(file, head + printer.printFile(final));
    out.expanded.set(file, count);
  }
  return out;
}

/** The kernel's files under `root` (kernel/*.ts and kernel/port/*.ts). */
function kernelFiles(root: string): string[] {
  const out: string[] = [];
  for (const dir of ["kernel", "kernel/port"]) {
    for (const f of readdirSync(join(root, dir)).sort()) if (f.endsWith(".ts")) out.push(join(root, dir, f));
  }
  return out;
}

/**
 * Expands the `@inline` calls of every file of `root`'s kernel/ (the program
 * is the root tsconfig's, `#port` and `#hooks` as there). Throws when the
 * kernel does not type-check.
 */
export function inlineKernel(root: string): InlineResult {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error("inline: cannot read " + join(root, "tsconfig.json"));
  const files = kernelFiles(root).filter((f) => !f.endsWith("/port/lua.ts") && !f.endsWith("/port/hooks-off.ts"));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return inlineSources(program, files);
}

/**
 * A copy of the project at `dest` (less node_modules, which it links, .git,
 * dist and out) whose kernel/ has its `@inline` calls expanded: the board
 * builds bundle from it, and the differential test runs on it. Returns the
 * calls expanded.
 */
export function writeInlinedTree(root: string, dest: string): number {
  if (existsSync(dest)) rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const top of readdirSync(root)) {
    if (top === "node_modules" || top === ".git" || top === "dist" || top === "out") continue;
    cpSync(join(root, top), join(dest, top), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(dest, "node_modules"));
  const r = inlineKernel(root);
  let n = 0;
  for (const [file, text] of r.files) {
    writeFileSync(join(dest, relative(root, file)), text);
    n += r.expanded.get(file) || 0;
  }
  return n;
}

const kernelTexts = new Map<string, Map<string, string>>();

/** `inlineKernel(root).files`, made once per process. */
export function inlinedKernelTexts(root: string): Map<string, string> {
  let t = kernelTexts.get(root);
  if (t === undefined) {
    t = inlineKernel(root).files;
    kernelTexts.set(root, t);
  }
  return t;
}
