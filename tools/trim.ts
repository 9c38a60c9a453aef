/**
 * A kernel built for its app: the facts the build reads from an app (the
 * object kinds its description declares, the syscalls its tasks' code
 * issues), and the kernel's source trimmed to them.
 *
 * `appFacts` reads the description and scans the code of the app's modules
 * (everything the app module imports, less kernel/ and boards/) for
 * `sys.<name>` uses, task by task where the step function can be found.
 * A task that issues a syscall its app cannot serve is refused, with the
 * task's name: `irqAck` in an app with no IRQs, `signal`/`wait`/`poll` with
 * no notifications, `restart`/`faultInfo` in an app with no supervisor.
 *
 * `trimSources` writes kernel/features.ts with those facts, puts each
 * constant's value in place of its uses in the kernel and the host layers
 * (`IRQS` reads `false`), folds what that decides (`if (false) ...`,
 * `false && x`, `c ? a : b`, a loop whose condition is `false`), and drops
 * every top-level function and import of kernel/ that nothing in the
 * bundle names any more, until nothing changes. Espruino's bundlers would
 * do most of this themselves (rollup's tree-shaking, terser's dead code);
 * typescript-to-lua does none of it, and both targets are given the same
 * trimmed source, so they carry the same kernel.
 */
import ts from "typescript";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { AppDesc } from "../kernel/index";
import { SYSCALL_NAMES } from "../kernel/syscall-names";

/** The `sys` entries: the syscall list (kernel/syscall-names.ts, less "none") and the raw entry. */
export const SYSCALLS: string[] = [...SYSCALL_NAMES.slice(1), "raw"];

/** A task that issues a syscall its app cannot serve (the Error `appFacts` throws carries them in `problems`). */
export interface BuildProblem {
  task: string;
  syscall: string;
  message: string;
}

export interface AppFacts {
  /** Constant name (kernel/features.ts) -> value. */
  features: Map<string, boolean>;
  /** The `sys` entries the bundle has: those its tasks issue (all of them when one issues `raw`). */
  syscalls: Set<string>;
  /** Syscalls issued, per task name ("" for uses no task could be told for). */
  byTask: Map<string, Set<string>>;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error("trim: cannot read " + join(root, "tsconfig.json"));
  return { ...parsed.options, noEmit: true };
}

/**
 * What app `app` (exported from module `appFile`) uses. Throws an Error
 * naming the task and the syscall when a task issues one the app cannot
 * serve.
 */
export function appFacts(root: string, app: AppDesc, appFile: string): AppFacts {
  const program = ts.createProgram([appFile], compilerOptions(root));
  const checker = program.getTypeChecker();
  const sysFile = resolve(root, "kernel/sys.ts");
  const own = program.getSourceFiles().filter((f) => {
    const rel = relative(root, f.fileName);
    return !rel.startsWith("..") && !rel.startsWith("kernel/") && !rel.startsWith("boards/") && !rel.startsWith("node_modules/") && !f.isDeclarationFile;
  });
  /** `sys.x` where `sys` is the kernel's: "x". */
  const sysName = (n: ts.Node): string | undefined => {
    if (!ts.isPropertyAccessExpression(n) || !ts.isIdentifier(n.expression)) return undefined;
    let s = checker.getSymbolAtLocation(n.expression);
    if (s === undefined) return undefined;
    if ((s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
    const d = s.valueDeclaration;
    return d !== undefined && resolve(d.getSourceFile().fileName) === sysFile ? n.name.text : undefined;
  };
  const functions = new Map<string, ts.FunctionDeclaration>();
  for (const f of own) f.forEachChild((n) => {
    if (ts.isFunctionDeclaration(n) && n.name !== undefined) functions.set(n.name.text, n);
  });
  /**
   * Where the entry `sys.x` names takes its timeout: the index of its parameter
   * named `timeout`, read from the function the `sys` object holds (kernel/syscalls.ts); -1 for none.
   */
  const timeoutArg = (n: ts.PropertyAccessExpression): number => {
    const prop = checker.getSymbolAtLocation(n.name);
    const d = prop !== undefined ? prop.valueDeclaration : undefined;
    if (d === undefined || !ts.isPropertyAssignment(d)) return -1;
    let fn = checker.getSymbolAtLocation(d.initializer);
    if (fn !== undefined && (fn.flags & ts.SymbolFlags.Alias) !== 0) fn = checker.getAliasedSymbol(fn);
    const decl = fn !== undefined ? fn.valueDeclaration : undefined;
    if (decl === undefined || !ts.isFunctionDeclaration(decl)) return -1;
    return decl.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "timeout");
  };
  /** Whether some use of a syscall may start a timer: sleep, raw, a timeout that is not 0 or FOREVER, a syscall not called where it is named. */
  let timers = false;
  /** Timer uses count only while following a task's functions (or all the app's files, when a task's cannot be found). */
  let counting = false;
  const timerUse = (n: ts.PropertyAccessExpression, x: string): void => {
    if (!counting) return;
    if (x === "sleep" || x === "raw") {
      timers = true;
      return;
    }
    const at = timeoutArg(n);
    if (at < 0) return;
    const call = n.parent;
    if (!ts.isCallExpression(call) || call.expression !== n) {
      timers = true;
      return;
    }
    if (call.arguments.length <= at) return;
    const t = checker.getTypeAtLocation(call.arguments[at]);
    if (!(t.isNumberLiteral() && (t.value === 0 || t.value === -1))) timers = true;
  };
  /** Syscalls a function issues, following calls of the app's own functions. */
  const issued = (fn: ts.Node, seen: Set<ts.Node>, into: Set<string>): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    const walk = (n: ts.Node): void => {
      const x = sysName(n);
      if (x !== undefined) {
        into.add(x);
        timerUse(n as ts.PropertyAccessExpression, x);
      }
      // Any function of the app's named here (called, or passed as a value: a script in a table) counts.
      if (ts.isIdentifier(n) && !(ts.isFunctionDeclaration(n.parent) && n.parent.name === n)) {
        let s = checker.getSymbolAtLocation(n);
        if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        const d = s !== undefined ? s.valueDeclaration : undefined;
        if (d !== undefined && own.indexOf(d.getSourceFile()) >= 0) {
          // A function, or a module-level constant whose value holds functions (a table of scripts).
          if (ts.isFunctionDeclaration(d) || ts.isArrowFunction(d) || ts.isFunctionExpression(d)) issued(d, seen, into);
          else if (ts.isVariableDeclaration(d) && d.initializer !== undefined && ts.isSourceFile(d.parent.parent.parent) && !isAppDescription(d.initializer)) issued(d, seen, into);
        }
      }
      ts.forEachChild(n, walk);
    };
    walk(fn);
  };
  const all = new Set<string>();
  for (const f of own) issued(f, new Set(), all);
  // Task by task, from its step and init functions; when one cannot be found by its name (an
  // anonymous function), every use in the app's files counts, as no task's in particular.
  const byTask = new Map<string, Set<string>>();
  let told = new Set<string>();
  let found = true;
  counting = true;
  for (const t of app.tasks) {
    const set = new Set<string>();
    for (const fnObj of [t.step, t.init]) {
      if (fnObj === undefined) continue;
      const decl = functions.get(fnObj.name);
      if (decl !== undefined) issued(decl, new Set(), set);
      else found = false;
    }
    byTask.set(t.name, set);
    told = new Set([...told, ...set]);
  }
  const rest = new Set<string>();
  if (!found) for (const x of all) if (!told.has(x)) rest.add(x);
  if (!found) for (const f of own) issued(f, new Set(), new Set());
  byTask.set("", rest);
  const used = new Set([...told, ...rest]);

  const irqs = app.irqs !== undefined && app.irqs.length > 0;
  const ntfns = app.notifications !== undefined && app.notifications.length > 0;
  let supervised = false;
  for (const t of app.tasks) if (t.rights !== undefined && t.rights.supervisor === true) supervised = true;
  // A task's uses are found by following what its functions name: a table shared by several tasks
  // gives each all of the table's syscalls, so what depends on the task itself (the supervisor
  // right) is checked at run time (NO_RIGHTS), and only what the app as a whole lacks is refused here.
  const problems: BuildProblem[] = [];
  for (const t of app.tasks) {
    const uses = byTask.get(t.name)!;
    if (uses.has("irqAck") && !irqs) problems.push({ task: t.name, syscall: "irqAck", message: "task '" + t.name + "' issues irqAck, but app '" + app.name + "' declares no IRQs" });
    for (const x of ["signal", "wait", "poll"]) {
      if (uses.has(x) && !ntfns) problems.push({ task: t.name, syscall: x, message: "task '" + t.name + "' issues " + x + ", but app '" + app.name + "' declares no notifications" });
    }
    for (const x of ["restart", "faultInfo"]) {
      if (uses.has(x) && !supervised) problems.push({ task: t.name, syscall: x, message: "task '" + t.name + "' issues " + x + ", but app '" + app.name + "' has no supervisor" });
    }
  }
  if (problems.length > 0) {
    const e = new Error("app '" + app.name + "' cannot be built:\n  " + problems.map((p) => p.message).join("\n  ")) as Error & { problems: BuildProblem[] };
    e.problems = problems;
    throw e;
  }
  const features = new Map<string, boolean>();
  features.set("IRQS", irqs);
  features.set("NOTIFICATIONS", ntfns || app.faults !== undefined);
  features.set("TIMERS", timers);
  features.set("BUFFERS", app.tasks.some((t) => t.buffer !== undefined && t.buffer > 0));
  features.set("PINS", app.pins !== undefined && app.pins.length > 0);
  const syscalls = new Set(SYSCALLS.filter((name) => used.has(name) || used.has("raw")));
  return { features: features, syscalls: syscalls, byTask: byTask };
}

/** An app description's literal (it names every task's functions: following it from one task would reach them all). */
function isAppDescription(e: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(e) && e.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "tasks");
}

/** kernel/features.ts for these facts. */
export function featuresSource(root: string, facts: AppFacts): string {
  let text = readFileSync(join(root, "kernel/features.ts"), "utf8");
  for (const [name, value] of facts.features) {
    const re = new RegExp("export const " + name + ": boolean = (true|false);");
    if (!re.test(text)) throw new Error("trim: kernel/features.ts has no constant " + name);
    text = text.replace(re, "export const " + name + ": boolean = " + value + ";");
  }
  return text;
}

/**
 * kernel/sys.ts with `NOT_BUILT` in place of each entry of the `sys` object
 * that is not in `keep` (its function then goes with the rest of what nothing names).
 */
export function sysSource(text: string, keep: Set<string>): string {
  const sf = ts.createSourceFile("sys.ts", text, ts.ScriptTarget.ES2019, true);
  let found = false;
  const f = ts.factory;
  const visit = (n: ts.Node): ts.Node => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === "sys" && n.initializer !== undefined && ts.isObjectLiteralExpression(n.initializer)) {
      found = true;
      const props = n.initializer.properties.map((p) => {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) throw new Error("trim: kernel/sys.ts: an entry of `sys` that is not `name: function`");
        return keep.has(p.name.text) ? p : f.updatePropertyAssignment(p, p.name, f.createIdentifier("NOT_BUILT"));
      });
      return f.updateVariableDeclaration(n, n.name, n.exclamationToken, n.type, f.updateObjectLiteralExpression(n.initializer, props));
    }
    return ts.visitEachChild(n, visit, undefined);
  };
  const out = ts.visitEachChild(sf, visit, undefined);
  if (!found) throw new Error("trim: kernel/sys.ts has no `sys` object");
  return headOf(sf) + ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(out);
}

/** A program over `files` where `texts` stand for what is on disk. */
function programOver(files: string[], options: ts.CompilerOptions, texts: Map<string, string>): ts.Program {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = texts.get(resolve(fileName));
    return text !== undefined ? ts.createSourceFile(fileName, text, language, true) : read.call(host, fileName, language, onError, shouldCreate);
  };
  return ts.createProgram({ rootNames: files, options: options, host: host });
}

function literalOf(e: ts.Expression): boolean | undefined {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/**
 * The kernel (and the host layers) of `root` trimmed to `facts`: new texts
 * by absolute path, starting from `base` (texts that stand for files on
 * disk, e.g. the kernel with its @inline calls expanded). `entries` are the
 * bundle's roots (the app module, the host layer): what they reach is kept.
 */
export interface Trimmed {
  /** New texts by absolute path. */
  texts: Map<string, string>;
  /** The project's files the bundle reaches (absolute paths): all a build needs to type-check. */
  reached: string[];
}

export function trimSources(root: string, facts: AppFacts, entries: string[], base?: Map<string, string>): Trimmed {
  const options = compilerOptions(root);
  const texts = new Map<string, string>(base !== undefined ? base : []);
  const featuresFile = resolve(root, "kernel/features.ts");
  texts.set(featuresFile, featuresSource(root, facts));
  const sysFile = resolve(root, "kernel/sys.ts");
  texts.set(sysFile, sysSource(texts.has(sysFile) ? texts.get(sysFile)! : readFileSync(sysFile, "utf8"), facts.syscalls));
  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  const trimmable = (file: string): boolean => {
    const rel = relative(root, file);
    return rel.startsWith("kernel/") || rel.startsWith("boards/");
  };
  for (let round = 0; round < 40; round++) {
    const program = programOver(entries, options, texts);
    const checker = program.getTypeChecker();
    let changed = false;
    // 1. Constants in place, and what they decide folded.
    for (const sf of program.getSourceFiles()) {
      if (!trimmable(sf.fileName) || resolve(sf.fileName) === featuresFile) continue;
      let edits = 0;
      const value = (e: ts.Node): boolean | undefined => {
        if (!ts.isIdentifier(e)) return undefined;
        let s = checker.getSymbolAtLocation(e);
        if (s === undefined) return undefined;
        if ((s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        const d = s.valueDeclaration;
        if (d === undefined || resolve(d.getSourceFile().fileName) !== featuresFile) return undefined;
        return facts.features.get(s.name);
      };
      const visit = (n: ts.Node): ts.Node | ts.Node[] | undefined => {
        const v = value(n);
        if (v !== undefined && ts.isIdentifier(n) && !(ts.isImportSpecifier(n.parent) || ts.isExportSpecifier(n.parent))) {
          edits++;
          return v ? f.createTrue() : f.createFalse();
        }
        const m = ts.visitEachChild(n, visit, undefined);
        if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
          const l = literalOf(m.left);
          if (l === false) return f.createFalse();
          if (l === true) return m.right;
        }
        if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
          const l = literalOf(m.left);
          if (l === true) return f.createTrue();
          if (l === false) return m.right;
        }
        if (ts.isPrefixUnaryExpression(m) && m.operator === ts.SyntaxKind.ExclamationToken) {
          const l = literalOf(m.operand);
          if (l !== undefined) return l ? f.createFalse() : f.createTrue();
        }
        if (ts.isConditionalExpression(m)) {
          const l = literalOf(m.condition);
          if (l !== undefined) return l ? m.whenTrue : m.whenFalse;
        }
        if (ts.isIfStatement(m)) {
          const l = literalOf(m.expression);
          if (l === true) return m.thenStatement;
          if (l === false) return m.elseStatement !== undefined ? m.elseStatement : f.createEmptyStatement();
        }
        if (ts.isBlock(m)) {
          // What follows a return or throw in the same block never runs (an `if (!X) return;` folded to `return;`).
          const end = m.statements.findIndex(alwaysLeaves);
          if (end >= 0 && end < m.statements.length - 1 && !m.statements.slice(end + 1).some((st) => ts.isFunctionDeclaration(st))) {
            return f.updateBlock(m, m.statements.slice(0, end + 1));
          }
        }
        if (ts.isForStatement(m) && m.condition !== undefined && literalOf(m.condition) === false) {
          // The initializer still runs once; a `let` in it is gone with the loop.
          if (m.initializer !== undefined && !ts.isVariableDeclarationList(m.initializer)) return f.createExpressionStatement(m.initializer);
          return f.createEmptyStatement();
        }
        return m;
      };
      const out = ts.visitEachChild(sf, visit, undefined);
      if (edits > 0) {
        texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(out));
        changed = true;
      }
    }
    if (changed) continue;
    // 2. Top-level functions of kernel/, and imports of kernel/ and boards/, that nothing names any more.
    const used = new Set<ts.Symbol>();
    for (const sf of program.getSourceFiles()) {
      if (sf.isDeclarationFile) continue;
      const walk = (n: ts.Node, inDecl: ts.Symbol | undefined): void => {
        // A re-export (`export { x } from ...`) is no use: it goes when x goes.
        if (ts.isIdentifier(n) && !ts.isImportSpecifier(n.parent) && !ts.isImportClause(n.parent) && !ts.isExportSpecifier(n.parent)) {
          let s = checker.getSymbolAtLocation(n);
          if (s !== undefined) {
            if ((s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
            const isOwnName = (ts.isFunctionDeclaration(n.parent) || ts.isVariableDeclaration(n.parent)) && n.parent.name === n;
            if (!isOwnName && s !== inDecl) used.add(s);
          }
        }
        let next = inDecl;
        if (ts.isFunctionDeclaration(n) && n.name !== undefined && ts.isSourceFile(n.parent)) next = checker.getSymbolAtLocation(n.name);
        ts.forEachChild(n, (c) => walk(c, next));
      };
      walk(sf, undefined);
    }
    for (const sf of program.getSourceFiles()) {
      if (!trimmable(sf.fileName)) continue;
      const inKernel = relative(root, sf.fileName).startsWith("kernel/");
      // In a host layer, its private functions too (pin watches, triggers, probes for what the app lacks);
      // its exports are the bundle's entry points.
      const inHost = !inKernel;
      let drops = 0;
      const keep: ts.Statement[] = [];
      for (const st of sf.statements) {
        const exported = ts.canHaveModifiers(st) && (ts.getModifiers(st) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if ((inKernel || (inHost && !exported)) && ts.isFunctionDeclaration(st) && st.name !== undefined && st.body !== undefined) {
          const s = checker.getSymbolAtLocation(st.name);
          if (s !== undefined && !used.has(s)) {
            drops++;
            continue;
          }
        }
        if (ts.isImportDeclaration(st) && st.importClause !== undefined && st.importClause.namedBindings !== undefined && ts.isNamedImports(st.importClause.namedBindings) && st.importClause.name === undefined) {
          const live = st.importClause.namedBindings.elements.filter((el) => namesIn(sf).has(el.name.text));
          if (live.length !== st.importClause.namedBindings.elements.length) {
            drops++;
            if (live.length > 0) keep.push(f.updateImportDeclaration(st, st.modifiers, f.updateImportClause(st.importClause, st.importClause.phaseModifier, undefined, f.updateNamedImports(st.importClause.namedBindings, live)), st.moduleSpecifier, st.attributes));
            continue;
          }
        }
        if (inKernel && ts.isExportDeclaration(st) && st.moduleSpecifier !== undefined && !st.isTypeOnly && st.exportClause !== undefined && ts.isNamedExports(st.exportClause)) {
          const live = st.exportClause.elements.filter((el) => {
            let sym = checker.getSymbolAtLocation(el.name);
            if (sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = checker.getAliasedSymbol(sym);
            // Only functions go; constants, classes and types stay.
            const d = sym !== undefined ? sym.valueDeclaration : undefined;
            return d === undefined || !ts.isFunctionDeclaration(d) || used.has(sym!);
          });
          if (live.length !== st.exportClause.elements.length) {
            drops++;
            if (live.length > 0) keep.push(f.updateExportDeclaration(st, st.modifiers, st.isTypeOnly, f.updateNamedExports(st.exportClause, live), st.moduleSpecifier, st.attributes));
            continue;
          }
        }
        keep.push(st);
      }
      if (drops > 0) {
        texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(f.updateSourceFile(sf, keep)));
        changed = true;
      }
    }
    if (!changed) changed = dropUnreadTables(root, program, checker, texts, trimmable);
    if (!changed) {
      // Kernel files the bundle does not reach (the invariant checker, validation, what was trimmed
      // away) are emptied: a build that type-checks the whole folder must not see them name what is gone.
      const reached = new Set(program.getSourceFiles().map((sf) => resolve(sf.fileName)));
      for (const dir of ["kernel"]) {
        for (const name of readdirSync(join(root, dir))) {
          const file = resolve(root, dir, name);
          if (name.endsWith(".ts") && !reached.has(file) && !name.endsWith(".d.ts")) texts.set(file, "export {};\n");
        }
      }
      const files = [...reached].filter((f) => !relative(root, f).startsWith("..") && !relative(root, f).startsWith("node_modules"));
      return { texts: texts, reached: files };
    }
  }
  throw new Error("trim: did not settle");
}

/** A value whose computation can be dropped with its assignment: a literal, a name, a property read, a new table. */
function droppable(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isIdentifier(e) || ts.isLiteralExpression(e) || ts.isArrayLiteralExpression(e) && e.elements.length === 0) return true;
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(e)) return droppable(e.operand);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return droppable(e.left) && droppable(e.right);
  if (ts.isPropertyAccessExpression(e)) return droppable(e.expression);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && (e.expression.text === "words" || e.expression.text === "bytes")) return e.arguments.every(droppable);
  return false;
}

/**
 * Fields of the kernel's table object (`K`, kernel/tables.ts) that nothing
 * in the bundle reads: dropped from the object with every assignment to them
 * (`K.x = words(n);`), when each such assignment computes nothing else. On
 * Espruino each field is variables of its own (its name, the array), so a
 * kernel per app also carries only the tables its app reads. Returns true
 * when it changed a text.
 */
function dropUnreadTables(root: string, program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>, trimmable: (f: string) => boolean): boolean {
  const tablesFile = resolve(root, "kernel/tables.ts");
  const tables = program.getSourceFile(tablesFile);
  if (tables === undefined) return false;
  let literal: ts.ObjectLiteralExpression | undefined;
  let kSym: ts.Symbol | undefined;
  for (const st of tables.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === "K" && d.initializer !== undefined && ts.isObjectLiteralExpression(d.initializer)) {
        literal = d.initializer;
        kSym = checker.getSymbolAtLocation(d.name);
      }
    }
  }
  if (literal === undefined || kSym === undefined) return false;
  const isK = (e: ts.Expression): boolean => {
    if (!ts.isIdentifier(e)) return false;
    let s = checker.getSymbolAtLocation(e);
    if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
    return s === kSym;
  };
  /** A plain assignment statement `K.x = v;` that may go with x: x's name, else undefined. */
  const assignment = (st: ts.Node): string | undefined => {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const l = st.expression.left;
    return ts.isPropertyAccessExpression(l) && isK(l.expression) ? l.name.text : undefined;
  };
  const read = new Set<string>();
  const keepWrite = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const walk = (n: ts.Node): void => {
      const w = assignment(n);
      if (w !== undefined) {
        const rhs = ((n as ts.ExpressionStatement).expression as ts.BinaryExpression).right;
        if (!droppable(rhs)) keepWrite.add(w);
        walk(rhs);
        return;
      }
      if (ts.isPropertyAccessExpression(n) && isK(n.expression)) read.add(n.name.text);
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  const gone = new Set<string>();
  for (const p of literal.properties) {
    const name = p.name !== undefined && ts.isIdentifier(p.name) ? p.name.text : undefined;
    if (name !== undefined && !read.has(name) && !keepWrite.has(name)) gone.add(name);
  }
  if (gone.size === 0) return false;
  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  for (const sf of program.getSourceFiles()) {
    if (!trimmable(sf.fileName)) continue;
    let edits = 0;
    const visit = (n: ts.Node): ts.Node | undefined => {
      const w = assignment(n);
      if (w !== undefined && gone.has(w)) {
        edits++;
        return ts.isBlock(n.parent) || ts.isSourceFile(n.parent) ? undefined : f.createEmptyStatement();
      }
      if (n === literal) {
        edits++;
        return f.updateObjectLiteralExpression(literal, literal.properties.filter((p) => !(p.name !== undefined && ts.isIdentifier(p.name) && gone.has(p.name.text))));
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    const out = ts.visitEachChild(sf, visit, undefined);
    if (edits > 0) texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(out));
  }
  return true;
}

/** A statement after which the rest of its block never runs: a return, a throw, or a plain block holding one. */
function alwaysLeaves(st: ts.Statement): boolean {
  return ts.isReturnStatement(st) || ts.isThrowStatement(st) || (ts.isBlock(st) && st.statements.some(alwaysLeaves));
}

/** The identifiers a file names outside its imports. */
function namesIn(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, walk);
  };
  for (const st of sf.statements) if (!ts.isImportDeclaration(st)) walk(st);
  return names;
}

/** The file-level annotation typescript-to-lua reads, kept at the top when a file is reprinted without comments. */
function headOf(sf: ts.SourceFile): string {
  const at = sf.text.indexOf("@noSelfInFile");
  return at >= 0 && (sf.statements.length === 0 || at < sf.statements[0].getStart(sf)) ? "/** @noSelfInFile */\n" : "";
}
