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
import { CodeFacts, SyscallSite, proofConstants } from "./proofs";
import { kernelTable, packState } from "./pack";
import { inlineSources } from "./inline";

/** The `sys` entries: the syscall list (kernel/syscall-names.ts, less "none") and the raw entry. */
export const SYSCALLS: string[] = [...SYSCALL_NAMES.slice(1), "raw"];

/** A task that issues a syscall its app cannot serve (the Error `appFacts` throws carries them in `problems`). */
export interface BuildProblem {
  task: string;
  syscall: string;
  message: string;
}

export interface AppFacts {
  /** Constant name (kernel/features.ts) -> value: a facility's switch, or a proof's bits (tools/proofs.ts). */
  features: Map<string, boolean | number>;
  /** The `sys` entries the bundle has: those its tasks issue (all of them when one issues `raw`). */
  syscalls: Set<string>;
  /** Syscalls issued, per task name ("" for uses no task could be told for). */
  byTask: Map<string, Set<string>>;
  /** The syscall sites and register writes the proofs read (tools/proofs.ts). */
  code?: CodeFacts;
}

/** A task's registers (kernel/task.ts) that the kernel writes with 32-bit integers only. */
const REGISTERS = ["id", "status", "kind", "sender", "label", "w1", "w2", "w3", "len", "offered"];
/** A task's fields a board build may leave out when nothing reads them: the registers, the buffer and its length to send. */
const FIELDS = REGISTERS.concat(["out", "buf"]);

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

/** Told of each `sys.<name>` use found while following task `task`'s functions (tools/check.ts reads their arguments). */
export type SysUseVisitor = (task: string, use: ts.PropertyAccessExpression, checker: ts.TypeChecker) => void;

/**
 * What app `app` (exported from module `appFile`) uses. Throws an Error
 * naming the task and the syscall when a task issues one the app cannot
 * serve. `onUse`, when given, is told of every use found task by task.
 */
export function appFacts(root: string, app: AppDesc, appFile: string, onUse?: SysUseVisitor): AppFacts {
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
  const timeoutArg = (n: ts.PropertyAccessExpression): number => paramIndex(n, "timeout");
  /** The index of the parameter named `name` of the function `sys.x` holds; -1 for none. */
  const paramIndex = (n: ts.PropertyAccessExpression, name: string): number => {
    const prop = checker.getSymbolAtLocation(n.name);
    const d = prop !== undefined ? prop.valueDeclaration : undefined;
    if (d === undefined || !ts.isPropertyAssignment(d)) return -1;
    let fn = checker.getSymbolAtLocation(d.initializer);
    if (fn !== undefined && (fn.flags & ts.SymbolFlags.Alias) !== 0) fn = checker.getAliasedSymbol(fn);
    const decl = fn !== undefined ? fn.valueDeclaration : undefined;
    if (decl === undefined || !ts.isFunctionDeclaration(decl)) return -1;
    return decl.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
  };
  /** Syscall sites found while following a task's functions, with the tasks that reach them (none: no task could be told). */
  const siteTasks = new Map<ts.PropertyAccessExpression, Set<string>>();
  let currentTask: string | undefined = undefined;
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
        if (counting) {
          const pa = n as ts.PropertyAccessExpression;
          if (!siteTasks.has(pa)) siteTasks.set(pa, new Set());
          if (currentTask !== undefined) siteTasks.get(pa)!.add(currentTask);
          if (currentTask !== undefined && onUse !== undefined) onUse(currentTask, pa, checker);
        }
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
    currentTask = t.name;
    for (const fnObj of [t.step, t.init]) {
      if (fnObj === undefined) continue;
      const decl = functions.get(fnObj.name);
      if (decl !== undefined) issued(decl, new Set(), set);
      else found = false;
    }
    currentTask = undefined;
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
  const features = new Map<string, boolean | number>();
  features.set("IRQS", irqs);
  features.set("NOTIFICATIONS", ntfns || app.faults !== undefined);
  features.set("TIMERS", timers);
  features.set("BUFFERS", app.tasks.some((t) => t.buffer !== undefined && t.buffer > 0));
  features.set("PINS", app.pins !== undefined && app.pins.length > 0);
  const syscalls = new Set(SYSCALLS.filter((name) => used.has(name) || used.has("raw")));
  const code = codeFacts(app, checker, own, siteTasks, paramIndex);
  for (const [name, value] of proofConstants(app, code, syscalls, features)) features.set(name, value);
  return { features: features, syscalls: syscalls, byTask: byTask, code: code };
}

/**
 * The facts the proofs read from the app's code (tools/proofs.ts): per
 * syscall site, its endpoint argument's value when the build can compute
 * it, which words are provably 32-bit integers, whether the timeout is
 * omitted; and whether any code writes a task's `out`.
 */
function codeFacts(app: AppDesc, checker: ts.TypeChecker, own: readonly ts.SourceFile[], siteTasks: Map<ts.PropertyAccessExpression, Set<string>>, paramIndex: (n: ts.PropertyAccessExpression, name: string) => number): CodeFacts {
  const resolveSym = (n: ts.Node): ts.Symbol | undefined => {
    let s = checker.getSymbolAtLocation(n);
    if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
    return s;
  };
  /** The initializer of the `const` an identifier names, if it is one. */
  const constInit = (e: ts.Identifier): ts.Expression | undefined => {
    const s = resolveSym(e);
    const d = s !== undefined ? s.valueDeclaration : undefined;
    if (d === undefined || !ts.isVariableDeclaration(d) || d.initializer === undefined) return undefined;
    return (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) !== 0 ? d.initializer : undefined;
  };
  const isTaskType = (e: ts.Expression): boolean => {
    const t = checker.getTypeAtLocation(e);
    if ((t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return true;
    const sym = t.getSymbol();
    const d = sym !== undefined && sym.declarations !== undefined ? sym.declarations[0] : undefined;
    return sym !== undefined && sym.getName() === "Task" && d !== undefined && d.getSourceFile().fileName.endsWith("kernel/task.ts");
  };
  // Registers some code of the app writes (on a Task, or on a value of unknown type): those are not proven words.
  const written = new Set<string>();
  const target = (e: ts.Expression): void => {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (ts.isPropertyAccessExpression(e) && isTaskType(e.expression)) written.add(e.name.text);
    if (ts.isElementAccessExpression(e) && isTaskType(e.expression)) for (const r of REGISTERS.concat(["out"])) written.add(r);
  };
  for (const f of own) {
    const walk = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) target(n.left);
      if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) target(n.operand);
      ts.forEachChild(n, walk);
    };
    walk(f);
  }
  /**
   * The value of a constant expression the build can compute: a number
   * literal, a `const`, `indexOf(desc.endpoints, "name")` on this app's
   * description or on another's whose list is written out (the value run
   * time computes from that list).
   */
  const constNumber = (e: ts.Expression, depth: number): number | undefined => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (depth > 8) return undefined;
    const t = checker.getTypeAtLocation(e);
    if (t.isNumberLiteral()) return t.value;
    if (ts.isIdentifier(e)) {
      const init = constInit(e);
      return init !== undefined ? constNumber(init, depth + 1) : undefined;
    }
    if (ts.isCallExpression(e) && e.arguments.length === 2 && ts.isIdentifier(e.expression)) {
      const callee = resolveSym(e.expression);
      const d = callee !== undefined ? callee.valueDeclaration : undefined;
      const list = e.arguments[0];
      const name = e.arguments[1];
      if (d === undefined || !d.getSourceFile().fileName.endsWith("kernel/app.ts") || callee!.getName() !== "indexOf") return undefined;
      if (!ts.isPropertyAccessExpression(list) || !ts.isIdentifier(list.expression) || !ts.isStringLiteral(name)) return undefined;
      const desc = constInit(list.expression);
      if (desc === undefined || !ts.isObjectLiteralExpression(desc)) return undefined;
      const kind = list.name.text;
      if (kind !== "endpoints" && kind !== "notifications" && kind !== "irqs" && kind !== "tasks") return undefined;
      const named = desc.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "name" && ts.isStringLiteral(p.initializer) && p.initializer.text === app.name);
      if (named) {
        const objs = (app as unknown as Record<string, { name: string }[] | undefined>)[kind];
        return objs === undefined ? -1 : objs.findIndex((o) => o.name === name.text);
      }
      // Another app's description: the index in its own list, when the list is written out with literal names.
      const prop = desc.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === kind);
      if (prop === undefined || !ts.isPropertyAssignment(prop) || !ts.isArrayLiteralExpression(prop.initializer)) return undefined;
      const names = prop.initializer.elements.map((el) => {
        if (!ts.isObjectLiteralExpression(el)) return undefined;
        const n = el.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "name");
        return n !== undefined && ts.isPropertyAssignment(n) && ts.isStringLiteral(n.initializer) ? n.initializer.text : undefined;
      });
      return names.some((n) => n === undefined) ? undefined : names.indexOf(name.text);
    }
    return undefined;
  };
  /** A number that is a signed 32-bit integer as the kernel stores one (not -0). */
  const int32 = (v: number): boolean => (v | 0) === v && !(v === 0 && 1 / v < 0);
  /**
   * Whether an expression is a signed 32-bit integer (not -0) whatever runs:
   * a literal, a `const enum` member, a bitwise result other than `>>>`, a
   * register no code writes, a `const` of one.
   */
  const isWord = (e: ts.Expression, depth: number): boolean => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (depth > 8) return false;
    if (ts.isNumericLiteral(e)) return int32(Number(e.text));
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return int32(-Number(e.operand.text));
    if (ts.isBinaryExpression(e)) {
      const k = e.operatorToken.kind;
      return k === ts.SyntaxKind.BarToken || k === ts.SyntaxKind.AmpersandToken || k === ts.SyntaxKind.CaretToken || k === ts.SyntaxKind.LessThanLessThanToken || k === ts.SyntaxKind.GreaterThanGreaterThanToken;
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.TildeToken) return true;
    if (ts.isConditionalExpression(e)) return isWord(e.whenTrue, depth + 1) && isWord(e.whenFalse, depth + 1);
    if (ts.isIdentifier(e)) {
      const init = constInit(e);
      return init !== undefined && isWord(init, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e)) {
      const v = checker.getConstantValue(e);
      if (typeof v === "number") return int32(v);
    }
    return isRegister(e);
  };
  /** A read of a register (kernel/task.ts) on a task, that no code of the app writes: the kernel's value. */
  const isRegister = (e: ts.Expression, name?: string): boolean => {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isPropertyAccessExpression(e) || REGISTERS.indexOf(e.name.text) < 0 || written.has(e.name.text)) return false;
    if (name !== undefined && e.name.text !== name) return false;
    const rt = checker.getTypeAtLocation(e.expression);
    return (rt.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0 && isTaskType(e.expression);
  };
  const sites: SyscallSite[] = [];
  for (const [pa, tasks] of siteTasks) {
    const call = pa.parent;
    const called = ts.isCallExpression(call) && call.expression === pa;
    const args = called ? (call as ts.CallExpression).arguments : ts.factory.createNodeArray<ts.Expression>([]);
    const at = (name: string): ts.Expression | undefined => {
      const i = paramIndex(pa, name);
      return i >= 0 && i < args.length ? args[i] : undefined;
    };
    const ep = at("ep");
    const timeout = at("timeout");
    const task = at("task");
    const words = ["label", "w1", "w2", "w3"].map((w) => {
      const a = at(w);
      return a !== undefined && isWord(a, 0);
    });
    sites.push({
      syscall: pa.name.text,
      tasks: [...tasks],
      called: called,
      ep: ep !== undefined ? constNumber(ep, 0) : undefined,
      words: words,
      noTimeout: called && (timeout === undefined || constNumber(timeout, 0) === -1),
      taskIsSender: task !== undefined && isRegister(task, "sender"),
    });
  }
  return { sites: sites, outWritten: written.has("out") };
}

/** An app description's literal (it names every task's functions: following it from one task would reach them all). */
function isAppDescription(e: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(e) && e.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "tasks");
}

/** kernel/features.ts for these facts. */
export function featuresSource(root: string, facts: AppFacts): string {
  let text = readFileSync(join(root, "kernel/features.ts"), "utf8");
  for (const [name, value] of facts.features) {
    const type = typeof value === "number" ? "number" : "boolean";
    const re = new RegExp("export const " + name + ": " + type + " = (true|false|\\d+);");
    if (!re.test(text)) throw new Error("trim: kernel/features.ts has no " + type + " constant " + name);
    text = text.replace(re, "export const " + name + ": " + type + " = " + value + ";");
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
/**
 * Parsed files by path and text, shared by the programs of every round and
 * every build in the process: a file whose text did not change (the
 * TypeScript libraries, most of the kernel) is parsed once.
 */
const parsed = new Map<string, { text: string; sf: ts.SourceFile }>();

function programOver(files: string[], options: ts.CompilerOptions, texts: Map<string, string>): ts.Program {
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (fileName, language, onError) => {
    const path = resolve(fileName);
    let text = texts.get(path);
    if (text === undefined) {
      const disk = ts.sys.readFile(fileName);
      if (disk === undefined) {
        if (onError !== undefined) onError("cannot read " + fileName);
        return undefined;
      }
      text = disk;
    }
    const had = parsed.get(path);
    if (had !== undefined && had.text === text) return had.sf;
    const sf = ts.createSourceFile(fileName, text, language, true);
    parsed.set(path, { text: text, sf: sf });
    return sf;
  };
  return ts.createProgram({ rootNames: files, options: options, host: host });
}

function literalOf(e: ts.Expression): boolean | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/**
 * The kernel (and the host layers) of `root` trimmed to `facts`: new texts
 * by absolute path, starting from `base` (texts that stand for files on
 * disk, e.g. the kernel with its @inline calls expanded). `entries` are the
 * bundle's roots (the app module, the host layer): what they reach is kept.
 * `hooks`: when given, the value of the debug hooks' switch (`HOOKS` of
 * `#hooks`), folded like a feature: false for a board bundle, whose code
 * never traces, so what only a trace reads goes too.
 */
export interface Trimmed {
  /** New texts by absolute path. */
  texts: Map<string, string>;
  /** The project's files the bundle reaches (absolute paths): all a build needs to type-check. */
  reached: string[];
  /** A board's state packed (tools/pack.ts): each table's name, offset, length and the table it is in ("S" or "H"), in order; undefined when not packed. */
  packed?: [string, number, number, string][];
}

export function trimSources(root: string, facts: AppFacts, entries: string[], base?: Map<string, string>, hooks?: boolean, app?: AppDesc): Trimmed {
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
  let packed = app === undefined || hooks !== false;
  /** A board build for an app: its state is packed, and then what only building the tables read goes too. */
  const board = app !== undefined && hooks === false;
  let layout: [string, number, number, string][] | undefined = undefined;
  for (let round = 0; round < 40; round++) {
    const program = programOver(entries, options, texts);
    const checker = program.getTypeChecker();
    let changed = false;
    // 1. Constants in place, and what they decide folded.
    for (const sf of program.getSourceFiles()) {
      if (!trimmable(sf.fileName) || resolve(sf.fileName) === featuresFile) continue;
      let edits = 0;
      /** A number the expression is known to be: a literal, or a const enum member. */
      const numberOf = (e: ts.Expression): number | undefined => {
        while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
        if (ts.isNumericLiteral(e)) return Number(e.text);
        if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
        if (ts.isPropertyAccessExpression(e) && e.pos >= 0) {
          const v = checker.getConstantValue(e);
          if (typeof v === "number") return v;
        }
        return undefined;
      };
      const numberNode = (v: number): ts.Expression => (v < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-v)) : f.createNumericLiteral(v));
      const value = (e: ts.Node): boolean | number | undefined => {
        if (!ts.isIdentifier(e)) return undefined;
        let s = checker.getSymbolAtLocation(e);
        if (s === undefined) return undefined;
        if ((s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        const d = s.valueDeclaration;
        if (d !== undefined && hooks !== undefined && s.name === "HOOKS" && relative(root, d.getSourceFile().fileName).startsWith("kernel/port/hooks-")) return hooks;
        if (d === undefined || resolve(d.getSourceFile().fileName) !== featuresFile) return undefined;
        return facts.features.get(s.name);
      };
      const visit = (n: ts.Node): ts.Node | ts.Node[] | undefined => {
        const v = value(n);
        if (v !== undefined && ts.isIdentifier(n) && !(ts.isImportSpecifier(n.parent) || ts.isExportSpecifier(n.parent))) {
          edits++;
          if (typeof v === "number") return numberNode(v);
          return v ? f.createTrue() : f.createFalse();
        }
        const m = ts.visitEachChild(n, visit, undefined);
        // A proof's bits, tested: `(BITS & Proven.X) === 0` folds to a literal.
        if (ts.isBinaryExpression(m) && m !== n) {
          const a = numberOf(m.left);
          const b = numberOf(m.right);
          if (a !== undefined && b !== undefined) {
            switch (m.operatorToken.kind) {
              case ts.SyntaxKind.AmpersandToken:
                return numberNode(a & b);
              case ts.SyntaxKind.EqualsEqualsEqualsToken:
                return a === b ? f.createTrue() : f.createFalse();
              case ts.SyntaxKind.ExclamationEqualsEqualsToken:
                return a !== b ? f.createTrue() : f.createFalse();
            }
          }
        }
        if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
          const l = literalOf(m.left);
          if (l === false) return f.createFalse();
          if (l === true) return m.right;
          if (literalOf(m.right) === true) return m.left;
        }
        if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
          const l = literalOf(m.left);
          if (l === true) return f.createTrue();
          if (l === false) return m.right;
          if (literalOf(m.right) === false) return m.left;
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
          // Nothing left: an empty block where a statement must stay (the body of another if, a loop).
          if (l === false) return m.elseStatement !== undefined ? m.elseStatement : n.parent !== undefined && (ts.isBlock(n.parent) || ts.isSourceFile(n.parent)) ? f.createEmptyStatement() : f.createBlock([]);
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
        // The port's functions stay until the state is packed, which calls one of them (tools/pack.ts).
        const portKept = !packed && relative(root, sf.fileName).startsWith("kernel/port/");
        if ((inKernel || (inHost && !exported)) && !portKept && ts.isFunctionDeclaration(st) && st.name !== undefined && st.body !== undefined) {
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
    if (!changed) changed = dropUncalledHostMethods(program, checker, texts);
    if (!changed) changed = dropUnreadRegisters(root, program, checker, texts, trimmable);
    if (!changed && packed && board) changed = dropUnreadDescriptionFields(root, program, checker, texts);
    if (!changed && packed && board) changed = expandSingleCalls(program, checker, texts, trimmable);
    if (!changed && !packed) {
      // Settled: a board's state as one table (tools/pack.ts), then whatever that leaves unused.
      packed = true;
      const p = packState(root, program, checker, texts, trimmable, app!, headOf);
      if (p !== undefined) layout = [...p.layout].map(([name, at]) => [name, at.offset, at.length, at.table] as [string, number, number, string]);
      changed = p !== undefined;
    }
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
      return { texts: texts, reached: files, packed: layout };
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
  if (ts.isConditionalExpression(e)) return droppable(e.condition) && droppable(e.whenTrue) && droppable(e.whenFalse);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return droppable(e.left) && droppable(e.right);
  if (ts.isPropertyAccessExpression(e)) return droppable(e.expression);
  if (ts.isElementAccessExpression(e)) return droppable(e.expression) && droppable(e.argumentExpression);
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
  const found = kernelTable(root, program, checker);
  if (found === undefined) return false;
  const { literal, isK } = found;
  /**
   * A statement that only writes table x and may go with it: `K.x = v;`,
   * `K.x[i] = v;`, `K.x.push(v);`, or a count kept and never read,
   * `K.x++;`, `K.x[i]++;`, `K.x += v;`; x's name, else undefined.
   */
  const assignment = (st: ts.Node): string | undefined => {
    if (!ts.isExpressionStatement(st)) return undefined;
    const e = st.expression;
    // `K.x.push(v)`: a table built at boot one element at a time.
    if (ts.isCallExpression(e) && e.arguments.length === 1 && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "push") {
      const t = e.expression.expression;
      return ts.isPropertyAccessExpression(t) && isK(t.expression) ? t.name.text : undefined;
    }
    let l: ts.Expression | undefined = undefined;
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.EqualsToken || e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)) l = e.left;
    else if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) l = e.operand;
    if (l === undefined) return undefined;
    if (ts.isElementAccessExpression(l) && droppable(l.argumentExpression)) l = l.expression;
    return ts.isPropertyAccessExpression(l) && isK(l.expression) ? l.name.text : undefined;
  };
  /** What an assignment statement computes besides the write: its value, for `=` and `+=`. */
  const rhsOf = (st: ts.Node): ts.Expression | undefined => {
    const e = (st as ts.ExpressionStatement).expression;
    if (ts.isCallExpression(e)) return e.arguments[0];
    return ts.isBinaryExpression(e) ? e.right : undefined;
  };
  const read = new Set<string>();
  const keepWrite = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const walk = (n: ts.Node): void => {
      const w = assignment(n);
      if (w !== undefined) {
        const rhs = rhsOf(n);
        if (rhs !== undefined && !droppable(rhs)) keepWrite.add(w);
        if (rhs !== undefined) walk(rhs);
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
        return ts.isBlock(n.parent) || ts.isSourceFile(n.parent) ? undefined : f.createBlock([]);
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

/** The description's interfaces (kernel/app.ts) whose fields a board build may leave out. */
const DESCRIPTIONS = ["AppDesc", "TaskDesc", "EndpointDesc", "NotificationDesc", "IrqDesc", "BoardSettings", "SimInput"];

/**
 * Fields of an app's description that nothing in a board bundle reads once
 * its tables are computed at build time (tools/pack.ts): a task's
 * `priority` and `rights`, an endpoint's `owner`, the simulator's `inputs`,
 * ... go from the object literals that spell them (in the app, its
 * drivers), and the field becomes optional in kernel/app.ts so that the
 * bundle still type-checks. A field counts as read when a property access
 * names it on a value of that description type, or on a value whose type
 * is not a named type of the project's own (an anonymous `{ name: string }`,
 * `any`: it may be a description), or a string names it; nothing goes when
 * the bundle lists an object's keys (`Object.keys`, `for ... in`,
 * `JSON.stringify`, a spread). On Espruino each field is variables of its
 * own for as long as the app runs; on Lua a table slot. Returns true when
 * it changed a text.
 */
function dropUnreadDescriptionFields(root: string, program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>): boolean {
  const appFile = resolve(root, "kernel/app.ts");
  const own = (sf: ts.SourceFile): boolean => !sf.isDeclarationFile && !relative(root, sf.fileName).startsWith("..") && !relative(root, sf.fileName).startsWith("node_modules");
  const descOf = (t: ts.Type | undefined): string | undefined => {
    if (t === undefined) return undefined;
    const u = checker.getNonNullableType(t);
    const sym = u.aliasSymbol !== undefined ? u.aliasSymbol : u.getSymbol();
    if (sym === undefined || DESCRIPTIONS.indexOf(sym.name) < 0) return undefined;
    const d = sym.declarations !== undefined ? sym.declarations[0] : undefined;
    return d !== undefined && resolve(d.getSourceFile().fileName) === appFile ? sym.name : undefined;
  };
  const named = new Set<string>();
  /** "Interface.field" read on a value of a description type. */
  const readOn = new Set<string>();
  let listsKeys = false;
  /** A type of the project's own, declared by name outside kernel/app.ts (a driver's configuration): no description. */
  const otherNamed = (t: ts.Type): boolean => {
    if (t.isUnionOrIntersection() || (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) !== 0) return false;
    const sym = t.aliasSymbol !== undefined ? t.aliasSymbol : t.getSymbol();
    const d = sym !== undefined && sym.declarations !== undefined ? sym.declarations[0] : undefined;
    if (d === undefined || !(ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d) || ts.isTypeAliasDeclaration(d))) return false;
    const f = d.getSourceFile();
    return own(f) && resolve(f.fileName) !== appFile;
  };
  for (const sf of program.getSourceFiles()) {
    if (!own(sf)) continue;
    const walk = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n)) {
        const t = checker.getNonNullableType(checker.getTypeAtLocation(n.expression));
        const desc = descOf(t);
        if (desc !== undefined) readOn.add(desc + "." + n.name.text);
        else if (!otherNamed(t)) named.add(n.name.text);
      }
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) named.add(n.text);
      if (ts.isForInStatement(n) || ts.isSpreadAssignment(n) || ts.isObjectBindingPattern(n)) listsKeys = true;
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && ((n.expression.text === "Object" && (n.name.text === "keys" || n.name.text === "entries" || n.name.text === "values" || n.name.text === "assign")) || (n.expression.text === "JSON" && n.name.text === "stringify"))) listsKeys = true;
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  if (listsKeys) return false;
  /** Interface name -> fields to leave out. */
  const gone = new Map<string, Set<string>>();
  const sfApp = program.getSourceFile(appFile);
  if (sfApp === undefined) return false;
  for (const st of sfApp.statements) {
    if (!ts.isInterfaceDeclaration(st) || DESCRIPTIONS.indexOf(st.name.text) < 0) continue;
    const set = new Set<string>();
    for (const m of st.members) if (ts.isPropertySignature(m) && ts.isIdentifier(m.name) && !named.has(m.name.text) && !readOn.has(st.name.text + "." + m.name.text)) set.add(m.name.text);
    if (set.size > 0) gone.set(st.name.text, set);
  }
  if (gone.size === 0) return false;
  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  let changed = false;
  for (const sf of program.getSourceFiles()) {
    if (!own(sf)) continue;
    let edits = 0;
    const visit = (n: ts.Node): ts.Node | undefined => {
      if (ts.isObjectLiteralExpression(n)) {
        const desc = descOf(checker.getContextualType(n));
        const drop = desc !== undefined ? gone.get(desc) : undefined;
        if (drop !== undefined) {
          const kept = n.properties.filter((p) => !((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && drop.has(p.name.text)));
          if (kept.length !== n.properties.length) {
            edits++;
            return f.updateObjectLiteralExpression(n, kept.map((p) => ts.visitNode(p, visit) as ts.ObjectLiteralElementLike));
          }
        }
      }
      if (resolve(sf.fileName) === appFile && ts.isPropertySignature(n) && ts.isIdentifier(n.name) && n.questionToken === undefined && ts.isInterfaceDeclaration(n.parent)) {
        const drop = gone.get(n.parent.name.text);
        if (drop !== undefined && drop.has(n.name.text)) {
          edits++;
          return f.updatePropertySignature(n, n.modifiers, n.name, f.createToken(ts.SyntaxKind.QuestionToken), n.type);
        }
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    const out = ts.visitEachChild(sf, visit, undefined);
    if (edits > 0) {
      texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(out));
      changed = true;
    }
  }
  return changed;
}

/**
 * A board build's functions of kernel/ and boards/ called from exactly one
 * place (and named nowhere else, not exported) are expanded there, as
 * statements (tools/inline.ts, with such functions as its `only`): each
 * goes, and with it a function object (on Espruino its name, code and
 * parameters are variables for as long as the app runs; on Lua a closure
 * and its upvalues), and no code is copied. A call the inliner cannot
 * expand stays a call. Returns true when it changed a text.
 */
function expandSingleCalls(program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>, trimmable: (f: string) => boolean): boolean {
  const refs = new Map<ts.Symbol, { calls: number; other: number }>();
  const decls = new Map<ts.Symbol, ts.FunctionDeclaration>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    if (trimmable(sf.fileName)) {
      for (const st of sf.statements) {
        if (!ts.isFunctionDeclaration(st) || st.name === undefined || st.body === undefined) continue;
        const exported = (ts.getModifiers(st) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        const s = checker.getSymbolAtLocation(st.name);
        if (s !== undefined && !exported) decls.set(s, st);
      }
    }
  }
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const walk = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && !(ts.isFunctionDeclaration(n.parent) && n.parent.name === n)) {
        let s = checker.getSymbolAtLocation(n);
        if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        if (s !== undefined && decls.has(s)) {
          const r = refs.get(s) || { calls: 0, other: 0 };
          if (ts.isCallExpression(n.parent) && n.parent.expression === n && ts.isExpressionStatement(n.parent.parent)) r.calls++;
          else if (!ts.isImportSpecifier(n.parent) && !ts.isExportSpecifier(n.parent)) r.other++;
          refs.set(s, r);
        }
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  const only = new Set<ts.FunctionDeclaration>();
  for (const [s, d] of decls) {
    const r = refs.get(s);
    // Called once, as a statement, from outside itself.
    if (r === undefined || r.calls !== 1 || r.other !== 0) continue;
    let self = false;
    const inside = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && n.text === d.name!.text) self = true;
      ts.forEachChild(n, inside);
    };
    inside(d.body!);
    if (!self) only.add(d);
  }
  if (only.size === 0) return false;
  const targets = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && trimmable(sf.fileName)).map((sf) => sf.fileName);
  const r = inlineSources(program, targets, only);
  let changed = false;
  for (const [file, text] of r.files) {
    if ((r.expanded.get(file) || 0) === 0) continue;
    texts.set(resolve(file), text);
    changed = true;
  }
  return changed;
}

/**
 * A host layer's `KernelHost` object (`const HOST: KernelHost = {...}`), and
 * the drivers' `Platform` objects (drivers/platform.ts's and the host's),
 * keep only the methods the bundle calls: a method nothing names on a value
 * of that type (`K.host.setAlarm`, `platform.rawProbe`) goes, and with it
 * the function it named when nothing else does (on Espruino a function
 * object and its name are variables; on Lua a closure). The object is then
 * typed by assertion (`{...} as KernelHost`). Returns true when it changed
 * a text.
 */
function dropUncalledHostMethods(program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>): boolean {
  let changed = false;
  for (const iface of HOST_INTERFACES) if (dropUncalledMethods(iface, program, checker, texts)) changed = true;
  return changed;
}

/** The host objects whose methods a board build keeps only when called: the kernel's host, the drivers' platform. */
const HOST_INTERFACES = ["KernelHost", "Platform"];

/**
 * `dropUncalledHostMethods` for one interface: a method counts as called
 * when something reads it on a value of that type, other than to copy it
 * into another (`platform.log = p.log`, drivers/platform.ts's
 * `setPlatform`); such copies of an uncalled method go too.
 */
function dropUncalledMethods(iface: string, program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>): boolean {
  const isType = (t: ts.Type): boolean => {
    const s = t.aliasSymbol !== undefined ? t.aliasSymbol : t.getSymbol();
    return s !== undefined && s.name === iface;
  };
  const onType = (n: ts.Node): n is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(n) && isType(checker.getTypeAtLocation(n.expression));
  /** `a.x = b.x;` on two objects of the type: the name, else undefined. */
  const copy = (n: ts.Node): string | undefined => {
    if (!ts.isExpressionStatement(n) || !ts.isBinaryExpression(n.expression) || n.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const { left, right } = n.expression;
    return onType(left) && onType(right) && left.name.text === right.name.text ? left.name.text : undefined;
  };
  const own = (sf: ts.SourceFile): boolean => !sf.fileName.includes("/node_modules/");
  const called = new Set<string>();
  const objects: ts.VariableDeclaration[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const walk = (n: ts.Node): void => {
      if (copy(n) !== undefined) return;
      if (onType(n)) {
        const write = ts.isBinaryExpression(n.parent) && n.parent.left === n && n.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
        if (!write) called.add(n.name.text);
      }
      if (ts.isElementAccessExpression(n) && isType(checker.getTypeAtLocation(n.expression))) called.add("*");
      if (ts.isVariableDeclaration(n) && n.type !== undefined && ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(sf) === iface && n.initializer !== undefined && ts.isObjectLiteralExpression(n.initializer) && own(sf)) objects.push(n);
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  if (called.has("*")) return false;
  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  const files = new Set<ts.SourceFile>();
  for (const d of objects) {
    const literal = d.initializer as ts.ObjectLiteralExpression;
    if (literal.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && !called.has(p.name.text))) files.add(d.getSourceFile());
  }
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !own(sf)) continue;
    let has = false;
    const find = (n: ts.Node): void => {
      const c = copy(n);
      if (c !== undefined && !called.has(c)) has = true;
      ts.forEachChild(n, find);
    };
    find(sf);
    if (has) files.add(sf);
  }
  for (const sf of files) {
    const visit = (n: ts.Node): ts.Node | undefined => {
      const c = copy(n);
      if (c !== undefined && !called.has(c)) return ts.isBlock(n.parent) || ts.isSourceFile(n.parent) ? undefined : f.createBlock([]);
      if (ts.isVariableDeclaration(n) && objects.indexOf(n) >= 0) {
        const literal = n.initializer as ts.ObjectLiteralExpression;
        const kept = literal.properties.filter((p) => p.name === undefined || !ts.isIdentifier(p.name) || called.has(p.name.text));
        if (kept.length !== literal.properties.length) return f.updateVariableDeclaration(n, n.name, n.exclamationToken, undefined, f.createAsExpression(f.updateObjectLiteralExpression(literal, kept), n.type!));
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(ts.visitEachChild(sf, visit, undefined)));
  }
  return files.size > 0;
}

/**
 * The proof `unreadRegisters`: a task's registers (kernel/task.ts) that no
 * code in the bundle reads (the app's tasks, drivers, the host layer and
 * the kernel itself) are never written: each `x.reg = v;` on a task goes
 * when `v` computes nothing else. Reads are found by the checker: a
 * property access of that name on a value of type Task (or of unknown
 * type). When a task object may be read in a way the build cannot follow
 * (handed where a Task is not expected, spread, cast), every register is
 * kept. A register nothing reads whose every store went is then no field of
 * the Task class either. The simulator and the test kit run the full
 * kernel, so every register is written there. Returns true when it changed
 * a text.
 */
function dropUnreadRegisters(root: string, program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>, trimmable: (f: string) => boolean): boolean {
  const taskFile = resolve(root, "kernel/task.ts");
  const isTask = (t: ts.Type): boolean => {
    const sym = t.getSymbol();
    const d = sym !== undefined && sym.declarations !== undefined ? sym.declarations[0] : undefined;
    return d !== undefined && sym!.getName() === "Task" && resolve(d.getSourceFile().fileName) === taskFile;
  };
  const vague = (t: ts.Type): boolean => (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  const read = new Set<string>();
  /** Registers stored where the store stays: outside kernel/ and boards/, or of a value that computes more. */
  const kept = new Set<string>();
  let escapes = false;
  /** `x.reg = v;` on a task: the register's name. */
  const store = (n: ts.Node): string | undefined => {
    if (!ts.isExpressionStatement(n) || !ts.isBinaryExpression(n.expression) || n.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const l = n.expression.left;
    if (!ts.isPropertyAccessExpression(l) || FIELDS.indexOf(l.name.text) < 0) return undefined;
    // `this.buf = buf` in Task's own constructor, or a store on a task.
    const own = l.expression.kind === ts.SyntaxKind.ThisKeyword && resolve(n.getSourceFile().fileName) === taskFile;
    if (!own && !isTask(checker.getTypeAtLocation(l.expression))) return undefined;
    return l.name.text;
  };
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const walk = (n: ts.Node): void => {
      const st = store(n);
      if (st !== undefined && (!trimmable(sf.fileName) || !droppable(((n as ts.ExpressionStatement).expression as ts.BinaryExpression).right))) kept.add(st);
      if (ts.isPropertyAccessExpression(n) && FIELDS.indexOf(n.name.text) >= 0) {
        const isStoreTarget = ts.isBinaryExpression(n.parent) && n.parent.left === n && n.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
        const t = checker.getTypeAtLocation(n.expression);
        if (!isStoreTarget && (isTask(t) || vague(t))) read.add(n.name.text);
      }
      if (ts.isElementAccessExpression(n) && !ts.isNumericLiteral(n.argumentExpression) && isTask(checker.getTypeAtLocation(n.expression))) escapes = true;
      const inType = n.parent === undefined || ts.isTypeReferenceNode(n.parent) || ts.isImportSpecifier(n.parent) || ts.isExportSpecifier(n.parent) || ts.isClassDeclaration(n.parent) || ts.isQualifiedName(n.parent) || ts.isExpressionWithTypeArguments(n.parent) || (ts.isNewExpression(n.parent) && n.parent.expression === n);
      if (ts.isExpression(n) && !inType && !ts.isPropertyAccessExpression(n.parent) && isTask(checker.getTypeAtLocation(n))) {
        const p = n.parent;
        const plain = ts.isVariableDeclaration(p) || ts.isReturnStatement(p) || ts.isParameter(p) || ts.isExpressionStatement(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken) || ts.isParenthesizedExpression(p) || ts.isElementAccessExpression(p) || ts.isConditionalExpression(p);
        if (!plain) {
          const ctx = checker.getContextualType(n);
          if (ctx === undefined || !isTask(ctx)) escapes = true;
        }
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  if (escapes) return false;
  const gone = new Set(FIELDS.filter((r) => !read.has(r)));
  if (gone.size === 0) return false;
  if (dropUnusedTaskArguments(program, checker, texts, trimmable, taskFile)) return true;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  let changed = false;
  for (const sf of program.getSourceFiles()) {
    if (!trimmable(sf.fileName)) continue;
    let edits = 0;
    const visit = (n: ts.Node): ts.Node | undefined => {
      const r = store(n);
      if (r !== undefined && gone.has(r) && droppable(((n as ts.ExpressionStatement).expression as ts.BinaryExpression).right)) {
        edits++;
        return ts.isBlock(n.parent) || ts.isSourceFile(n.parent) ? undefined : ts.factory.createBlock([]);
      }
      // A register nothing reads and no store keeps is not a field of a task at all (one variable less per task on Espruino).
      if (ts.isPropertyDeclaration(n) && ts.isIdentifier(n.name) && gone.has(n.name.text) && !kept.has(n.name.text) && resolve(sf.fileName) === taskFile && ts.isClassDeclaration(n.parent)) {
        edits++;
        return undefined;
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    const out = ts.visitEachChild(sf, visit, undefined);
    if (edits > 0) {
      texts.set(resolve(sf.fileName), headOf(sf) + printer.printFile(out));
      changed = true;
    }
  }
  return changed;
}

/**
 * A parameter of Task's constructor its body no longer names (the buffer,
 * once no code reads a task's `buf`) goes, with the argument of every `new
 * Task(...)`, when each such argument computes nothing else (the
 * `bytes(n)` it was given is then never allocated). Returns true when it
 * changed a text.
 */
function dropUnusedTaskArguments(program: ts.Program, checker: ts.TypeChecker, texts: Map<string, string>, trimmable: (f: string) => boolean, taskFile: string): boolean {
  const sf = program.getSourceFile(taskFile);
  if (sf === undefined) return false;
  let ctor: ts.ConstructorDeclaration | undefined = undefined;
  let cls: ts.ClassDeclaration | undefined = undefined;
  for (const st of sf.statements) {
    if (ts.isClassDeclaration(st) && st.name !== undefined && st.name.text === "Task") {
      cls = st;
      for (const m of st.members) if (ts.isConstructorDeclaration(m) && m.body !== undefined) ctor = m;
    }
  }
  if (ctor === undefined || cls === undefined) return false;
  const named = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) named.add(n.text);
    ts.forEachChild(n, walk);
  };
  walk(ctor.body!);
  const unused: number[] = [];
  ctor.parameters.forEach((p, i) => {
    if (ts.isIdentifier(p.name) && !named.has(p.name.text) && p.modifiers === undefined) unused.push(i);
  });
  if (unused.length === 0) return false;
  const clsSym = checker.getSymbolAtLocation(cls.name!);
  const sites: ts.NewExpression[] = [];
  for (const f of program.getSourceFiles()) {
    if (f.isDeclarationFile) continue;
    const find = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression)) {
        let s = checker.getSymbolAtLocation(n.expression);
        if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
        if (s === clsSym) sites.push(n);
      }
      ts.forEachChild(n, find);
    };
    find(f);
  }
  const ok = sites.every((n) => trimmable(n.getSourceFile().fileName) && unused.every((i) => n.arguments === undefined || n.arguments[i] === undefined || droppable(n.arguments[i])));
  if (!ok) return false;
  const f = ts.factory;
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  const files = new Set<ts.SourceFile>([sf, ...sites.map((n) => n.getSourceFile())]);
  for (const file of files) {
    const visit = (n: ts.Node): ts.Node => {
      if (n === ctor) return f.updateConstructorDeclaration(ctor, ctor.modifiers, ctor.parameters.filter((_, i) => unused.indexOf(i) < 0), ts.visitNode(ctor.body, visit) as ts.Block);
      if (ts.isNewExpression(n) && sites.indexOf(n) >= 0 && n.arguments !== undefined) {
        return f.updateNewExpression(n, n.expression, n.typeArguments, n.arguments.filter((_, i) => unused.indexOf(i) < 0).map((a) => ts.visitNode(a, visit) as ts.Expression));
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    texts.set(resolve(file.fileName), headOf(file) + printer.printFile(ts.visitEachChild(file, visit, undefined)));
  }
  return true;
}

/** A statement after which the rest of its block never runs: a return, a throw, or a plain block holding one. */
function alwaysLeaves(st: ts.Statement): boolean {
  return ts.isReturnStatement(st) || ts.isThrowStatement(st) || (ts.isBlock(st) && st.statements.some(alwaysLeaves));
}

/** The identifiers a file names outside its imports (not a property's name: `x.indexOf` names no `indexOf`). */
function namesIn(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n)) names.add(n.text);
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
