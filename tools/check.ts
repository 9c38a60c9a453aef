/**
 * `baton check`: the mistakes in an app that its description and its
 * tasks' code show before any board runs it, each named with the task, the
 * file and line, and a fix. The build runs it first (`baton build`,
 * `baton flash`) and refuses an app with a problem.
 *
 * It reads what the build reads (tools/trim.ts's `appFacts`: the `sys.<name>`
 * uses each task's step and init reach, following the app's own functions),
 * and for each use the arguments the build can compute: a literal, a
 * `const`, an enum member, `indexOf(app.endpoints, "name")` (and
 * `.notifications`, `.irqs`, `.tasks`), `endpointId("name")`,
 * `notificationId`, `irqId`, `taskIndex`, `pinId` and `pinIndex(app, "name")`
 * with a literal name. Then:
 *
 * - `UNKNOWN_NAME`: a name looked up in the app that is not there: the id
 *   is -1, and every syscall given it returns `BAD_ID` (a task that loops
 *   on one never blocks). The fix names the closest names the app has.
 * - `NO_RIGHT`: a syscall on a constant id the task has no right to (it
 *   would return `NO_RIGHTS`): the right to add, as boot gives rights
 *   (kernel/kernel.ts: owners receive on their endpoints and wait on their
 *   notifications, an IRQ's handler acknowledges it).
 * - `STARVED`: a task that can never run: a more important task never
 *   blocks (each of its syscalls is one that cannot block, or is refused at
 *   once: a bad id, a missing right, a timeout of 0), and nothing lifts the
 *   starved task to that priority (a call or send from a task that runs
 *   there, or an IRQ of that priority delivered to it, donates).
 * - `UNKNOWN_PIN`: a pin of the app's `pins` that no board knows (one that
 *   only some boards lack is left to the host's line at boot).
 * - `CANNOT_SERVE`: a syscall the app cannot serve (tools/trim.ts: `irqAck`
 *   with no IRQs, ...); `INVALID_APP`: what kernel/validate.ts refuses
 *   (duplicate names, unknown references, downhill calls, ...).
 *
 * Only what the build can see: an id computed at run time is not judged.
 */
import ts from "typescript";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { AppDesc, Rights } from "../kernel/index";
import { DEFAULT_LIMITS, validateApp } from "../kernel/checked";
import { BOARDS as ESPRUINO_BOARDS } from "../boards/espruino/index";
import { BOARDS as NODEMCU_BOARDS } from "../boards/nodemcu/index";
import { BuildProblem, appFacts } from "./trim";

export type CheckCode = "UNKNOWN_NAME" | "NO_RIGHT" | "STARVED" | "UNKNOWN_PIN" | "CANNOT_SERVE" | "INVALID_APP";

/** One mistake: what, in which task, where, and how to fix it. */
export interface CheckProblem {
  code: CheckCode;
  /** The task it is about ("" when none: an app-wide problem). */
  task: string;
  /** The offending name: the unknown name, the object without the right, the starved task, the pin. */
  name: string;
  /** Where: a file relative to the project's root, and a 1-based line (0 when unknown). */
  file: string;
  line: number;
  /** The syscall concerned ("" when none). */
  syscall: string;
  message: string;
  fix: string;
}

/** The lists of an app description a name can be looked up in. */
type ListName = "endpoints" | "notifications" | "irqs" | "tasks" | "pins";

/** A lookup of a name in the app, as the code writes it: `indexOf(app.endpoints, "log")`, `notificationId("ui")`. */
interface Lookup {
  list: ListName;
  name: string;
  node: ts.Node;
}

/** A value the build computed, with the lookups it went through. */
interface Value {
  value: number;
  lookups: Lookup[];
}

/** The syscalls that never block. */
const NEVER_BLOCK = ["yield", "signal", "poll", "reply", "irqAck", "restart", "faultInfo"];
/** For each syscall, the right each object parameter needs (parameter names of kernel/syscalls.ts's entries). */
const NEEDS: { [syscall: string]: { [param: string]: string } } = {
  send: { ep: "send" },
  call: { ep: "call" },
  recv: { ep: "recv" },
  recvFrom: { ep: "recv" },
  replyRecv: { ep: "recv" },
  signal: { ntfn: "signal" },
  wait: { ntfn: "wait" },
  poll: { ntfn: "wait" },
  irqAck: { irq: "ack" },
};
/** The list an object parameter's id indexes. */
const PARAM_LIST: { [param: string]: ListName } = { ep: "endpoints", ntfn: "notifications", irq: "irqs" };
const NOUN: { [list: string]: string } = { endpoints: "endpoint", notifications: "notification", irqs: "IRQ", tasks: "task", pins: "pin" };
/** The kernel's lookups by name: function -> the list it searches. */
const BY_NAME: { [fn: string]: ListName } = { endpointId: "endpoints", notificationId: "notifications", irqId: "irqs", taskIndex: "tasks", pinId: "pins" };

function names(app: AppDesc, list: ListName): string[] {
  if (list === "pins") return app.pins !== undefined ? app.pins : [];
  const objs = (app as unknown as Record<string, { name: string }[] | undefined>)[list];
  return objs !== undefined ? objs.map((o) => o.name) : [];
}

/** Edit distance, for suggestions. */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0].push(j);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      d[i].push(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** "did you mean 'log'?" for the closest of `known` to `name`, or "". */
function suggest(name: string, known: string[]): string {
  let best = "";
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) {
      best = k;
      bestD = dd;
    }
  }
  return best !== "" && bestD <= Math.max(2, Math.floor(name.length / 3)) ? "did you mean '" + best + "'? " : "";
}

function listText(known: string[]): string {
  return known.length > 0 ? known.join(", ") : "none";
}

/** Every pin name a board knows (the Espruino and NodeMCU boards' pin maps). */
function boardPins(): Set<string> {
  const known = new Set<string>();
  for (const b of ESPRUINO_BOARDS) for (const p of Object.keys(b.pins)) known.add(p);
  for (const b of NODEMCU_BOARDS) for (const p of Object.keys(b.pins)) known.add(p);
  return known;
}

/** Whether task `task` holds `right` on object `id` of `list`, as boot gives rights (kernel/kernel.ts). */
function hasRight(app: AppDesc, task: string, list: ListName, id: number, right: string): boolean {
  const desc = app.tasks.find((t) => t.name === task);
  if (desc === undefined) return false;
  const r: Rights = desc.rights !== undefined ? desc.rights : {};
  const given = (l: string[] | undefined, name: string): boolean => l !== undefined && l.indexOf(name) >= 0;
  if (list === "endpoints") {
    const ep = (app.endpoints || [])[id];
    if (right === "recv" && ep.owner === task) return true;
    return given((r as Record<string, string[] | undefined>)[right], ep.name);
  }
  if (list === "notifications") {
    const n = (app.notifications || [])[id];
    if (right === "wait" && n.owner === task) return true;
    return given((r as Record<string, string[] | undefined>)[right], n.name);
  }
  if (list === "irqs") {
    const q = (app.irqs || [])[id];
    const eps = app.endpoints || [];
    const ntfns = app.notifications || [];
    const ep = q.endpoint !== undefined ? eps.find((e) => e.name === q.endpoint) : undefined;
    const n = q.notification !== undefined ? ntfns.find((x) => x.name === q.notification) : undefined;
    if ((ep !== undefined && ep.owner === task) || (n !== undefined && n.owner === task)) return true;
    return given(r.ack, q.name);
  }
  return true;
}

/** A syscall use, its task, and what the build computed of its arguments. */
interface Use {
  task: string;
  syscall: string;
  node: ts.PropertyAccessExpression;
  /** Called where it is named (else nothing is known of its arguments). */
  called: boolean;
  /** Parameter name -> computed value (only those computed). */
  values: Map<string, Value>;
  /** Lookups found anywhere in its arguments (a name passed as a word too). */
  lookups: Lookup[];
  /**
   * The task's own: written in its step or init function, or in a function
   * they call by name. A use the task reaches only through a value (a table
   * of scripts several tasks share) may belong to another task: its rights
   * and constant ids are not judged for this one.
   */
  own: boolean;
}

/** The top-level function a node is written in, or undefined (a module-level table, say). */
function topFunction(n: ts.Node): ts.FunctionDeclaration | undefined {
  let fn: ts.FunctionDeclaration | undefined;
  for (let p: ts.Node | undefined = n; p !== undefined; p = p.parent) {
    if (ts.isFunctionDeclaration(p) && ts.isSourceFile(p.parent)) fn = p;
  }
  return fn;
}

/** The names of the functions `fn` calls by name (one level). */
function callees(fn: ts.FunctionDeclaration): Set<string> {
  const out = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) out.add(n.expression.text);
    ts.forEachChild(n, walk);
  };
  if (fn.body !== undefined) walk(fn.body);
  return out;
}

/** Whether the use at `pa` is task `task`'s own (see `Use.own`). */
function isOwn(app: AppDesc, task: string, pa: ts.Node): boolean {
  const desc = app.tasks.find((t) => t.name === task);
  const fn = topFunction(pa);
  if (desc === undefined || fn === undefined || fn.name === undefined) return false;
  const own = [desc.step.name, desc.init !== undefined ? desc.init.name : ""].filter((x) => x !== "");
  if (own.indexOf(fn.name.text) >= 0) return true;
  // A helper the step or init calls by name, in the same file.
  for (const st of fn.getSourceFile().statements) {
    if (ts.isFunctionDeclaration(st) && st.name !== undefined && own.indexOf(st.name.text) >= 0 && callees(st).has(fn.name.text)) return true;
  }
  return false;
}

/** Reads the app's code for the check: every use of every task, with its arguments computed. */
function readUses(root: string, app: AppDesc, appFile: string): { uses: Use[]; serve: BuildProblem[] } {
  const uses: Use[] = [];
  const seen = new Set<string>();
  const visit = (task: string, pa: ts.PropertyAccessExpression, checker: ts.TypeChecker): void => {
    const key = task + "@" + pa.getSourceFile().fileName + ":" + pa.getStart();
    if (seen.has(key)) return;
    seen.add(key);
    const call = pa.parent;
    const called = ts.isCallExpression(call) && call.expression === pa;
    const params = entryParams(pa, checker);
    const values = new Map<string, Value>();
    const lookups: Lookup[] = [];
    if (called) {
      const args = (call as ts.CallExpression).arguments;
      for (let i = 0; i < args.length; i++) {
        const v = evaluate(args[i], checker, app, 0);
        if (v !== undefined && i < params.length) values.set(params[i], v);
        findLookups(args[i], checker, lookups, new Set());
      }
    }
    uses.push({ task: task, syscall: pa.name.text, node: pa, called: called, values: values, lookups: lookups, own: isOwn(app, task, pa) });
  };
  let serve: BuildProblem[] = [];
  try {
    appFacts(root, app, appFile, visit);
  } catch (e) {
    const p = (e as { problems?: BuildProblem[] }).problems;
    if (p === undefined) throw e;
    serve = p;
  }
  return { uses: uses, serve: serve };
}

function resolveSym(checker: ts.TypeChecker, n: ts.Node): ts.Symbol | undefined {
  let s = checker.getSymbolAtLocation(n);
  if (s !== undefined && (s.flags & ts.SymbolFlags.Alias) !== 0) s = checker.getAliasedSymbol(s);
  return s;
}

/** The parameter names of the kernel entry `sys.x` names (kernel/syscalls.ts), in order. */
function entryParams(pa: ts.PropertyAccessExpression, checker: ts.TypeChecker): string[] {
  const prop = checker.getSymbolAtLocation(pa.name);
  const d = prop !== undefined ? prop.valueDeclaration : undefined;
  if (d === undefined || !ts.isPropertyAssignment(d)) return [];
  const fn = resolveSym(checker, d.initializer);
  const decl = fn !== undefined ? fn.valueDeclaration : undefined;
  if (decl === undefined || !ts.isFunctionDeclaration(decl)) return [];
  return decl.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));
}

/** The initializer of the `const` an identifier names, if it is one. */
function constInit(checker: ts.TypeChecker, e: ts.Identifier): ts.Expression | undefined {
  const s = resolveSym(checker, e);
  const d = s !== undefined ? s.valueDeclaration : undefined;
  if (d === undefined || !ts.isVariableDeclaration(d) || d.initializer === undefined) return undefined;
  return (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const) !== 0 ? d.initializer : undefined;
}

/** `e` as a lookup of a name in the app, when it is one the check knows (see the module comment). */
function lookupOf(e: ts.Node, checker: ts.TypeChecker): Lookup | undefined {
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression)) return undefined;
  const callee = resolveSym(checker, e.expression);
  const d = callee !== undefined ? callee.valueDeclaration : undefined;
  if (d === undefined) return undefined;
  const from = d.getSourceFile().fileName;
  const fn = callee!.getName();
  const last = e.arguments[e.arguments.length - 1];
  if (last === undefined || !ts.isStringLiteral(last)) return undefined;
  if (from.endsWith("kernel/app.ts") && fn === "indexOf" && e.arguments.length === 2) {
    const list = e.arguments[0];
    if (!ts.isPropertyAccessExpression(list)) return undefined;
    const l = list.name.text;
    if (l !== "endpoints" && l !== "notifications" && l !== "irqs" && l !== "tasks") return undefined;
    return { list: l, name: last.text, node: e };
  }
  if (from.endsWith("kernel/app.ts") && fn === "pinIndex" && e.arguments.length === 2) return { list: "pins", name: last.text, node: e };
  if (from.endsWith("kernel/kernel.ts") && BY_NAME[fn] !== undefined && e.arguments.length === 1) return { list: BY_NAME[fn], name: last.text, node: e };
  return undefined;
}

/** The value of `e` when the build can compute it (see the module comment). */
function evaluate(e: ts.Expression, checker: ts.TypeChecker, app: AppDesc, depth: number): Value | undefined {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (depth > 8) return undefined;
  const look = lookupOf(e, checker);
  if (look !== undefined) return { value: names(app, look.list).indexOf(look.name), lookups: [look] };
  if (ts.isIdentifier(e)) {
    const init = constInit(checker, e);
    if (init !== undefined) return evaluate(init, checker, app, depth + 1);
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
    const v = evaluate(e.operand, checker, app, depth + 1);
    return v !== undefined ? { value: -v.value, lookups: v.lookups } : undefined;
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const c = checker.getConstantValue(e);
    if (typeof c === "number") return { value: c, lookups: [] };
  }
  const t = checker.getTypeAtLocation(e);
  if (t.isNumberLiteral()) return { value: t.value, lookups: [] };
  return undefined;
}

/** Every lookup in `e`, following the `const`s it names. */
function findLookups(e: ts.Node, checker: ts.TypeChecker, out: Lookup[], seen: Set<ts.Node>): void {
  if (seen.has(e)) return;
  seen.add(e);
  const look = lookupOf(e, checker);
  if (look !== undefined) {
    out.push(look);
    return;
  }
  if (ts.isIdentifier(e)) {
    const init = constInit(checker, e);
    if (init !== undefined && !init.getSourceFile().isDeclarationFile) findLookups(init, checker, out, seen);
    return;
  }
  ts.forEachChild(e, (c) => findLookups(c, checker, out, seen));
}

/** Where a node is: its file from the root, its 1-based line. */
function where(root: string, n: ts.Node): { file: string; line: number } {
  const sf = n.getSourceFile();
  return { file: relative(root, sf.fileName), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 };
}

/** Where the app description names `text` as a string literal (under a property `prop` when given): for problems of the description itself. */
function findInDescription(root: string, appFile: string, text: string, prop: string | undefined): { file: string; line: number } {
  const sf = ts.createSourceFile(appFile, readFileSync(appFile, "utf8"), ts.ScriptTarget.ES2019, true);
  let found: ts.Node | undefined;
  const walk = (n: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isStringLiteral(n) && n.text === text) {
      const p = n.parent;
      const under = prop === undefined || (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === prop) || (ts.isArrayLiteralExpression(p) && ts.isPropertyAssignment(p.parent) && ts.isIdentifier(p.parent.name) && p.parent.name.text === prop);
      if (under) found = n;
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  if (found === undefined) return { file: relative(root, appFile), line: 0 };
  return { file: relative(root, appFile), line: sf.getLineAndCharacterOfPosition(found.getStart(sf)).line + 1 };
}

/** Why a use never blocks ("" when it may block). */
function neverBlocks(app: AppDesc, u: Use): string {
  if (NEVER_BLOCK.indexOf(u.syscall) >= 0) return u.syscall + " never blocks";
  if (!u.called || u.syscall === "raw") return "";
  if (u.syscall === "sleep") {
    const t = u.values.get("ticks");
    return t !== undefined && t.value <= 0 ? "sleep(" + t.value + ") returns at once" : "";
  }
  const needs = NEEDS[u.syscall];
  if (needs !== undefined) {
    for (const param of Object.keys(needs)) {
      const v = u.values.get(param);
      if (v === undefined) continue;
      const list = PARAM_LIST[param];
      const n = names(app, list).length;
      if (!(v.value >= 0 && v.value < n && Math.floor(v.value) === v.value)) return u.syscall + " on " + NOUN[list] + " id " + v.value + " returns BAD_ID at once";
      if (!hasRight(app, u.task, list, v.value, needs[param])) return u.syscall + " on " + NOUN[list] + " '" + names(app, list)[v.value] + "' without the right returns NO_RIGHTS at once";
    }
  }
  const timeout = u.values.get("timeout");
  if (timeout !== undefined && timeout.value === 0) return u.syscall + " with timeout 0 never blocks";
  return "";
}

/**
 * The problems of app `app`, exported by module `appFile` (absolute), in a
 * project rooted at `root`: empty when the check finds none.
 */
export function checkApp(root: string, app: AppDesc, appFile: string): CheckProblem[] {
  const out: CheckProblem[] = [];
  const appRel = relative(root, appFile);
  for (const p of validateApp(app, DEFAULT_LIMITS)) {
    const at = findInDescription(root, appFile, p.names[p.names.length - 1], undefined);
    out.push({ code: "INVALID_APP", task: app.tasks.some((t) => t.name === p.names[0]) ? p.names[0] : "", name: p.names[p.names.length - 1], file: at.file, line: at.line, syscall: "", message: p.message, fix: "correct the app description (" + appRel + ")" });
  }
  if (out.length > 0) return out;
  const { uses, serve } = readUses(root, app, appFile);
  const firstUse = (task: string, syscall: string): Use | undefined => uses.find((u) => u.task === task && u.syscall === syscall);
  for (const p of serve) {
    const u = firstUse(p.task, p.syscall);
    const at = u !== undefined ? where(root, u.node) : { file: appRel, line: 0 };
    out.push({ code: "CANNOT_SERVE", task: p.task, name: p.syscall, file: at.file, line: at.line, syscall: p.syscall, message: p.message, fix: "declare what " + p.syscall + " needs in the app description, or take the syscall out of task '" + p.task + "'" });
  }

  // Names looked up that the app does not have: one problem per place, naming the tasks that reach it (their own first).
  const lookupTasks = new Map<ts.Node, { look: Lookup; tasks: string[]; use: Use }>();
  for (const u of uses) {
    for (const look of u.lookups) {
      if (names(app, look.list).indexOf(look.name) >= 0) continue;
      const seen = lookupTasks.get(look.node);
      if (seen === undefined) lookupTasks.set(look.node, { look: look, tasks: [u.task], use: u });
      else if (seen.tasks.indexOf(u.task) < 0) {
        if (u.own && !seen.use.own) {
          seen.tasks.unshift(u.task);
          seen.use = u;
        } else seen.tasks.push(u.task);
      }
    }
  }
  for (const { look, tasks, use: u } of lookupTasks.values()) {
    const known = names(app, look.list);
    const at = where(root, look.node);
    const use = where(root, u.node);
    const who = tasks.length === 1 ? "task '" + tasks[0] + "'" : "tasks " + tasks.map((t) => "'" + t + "'").join(", ");
    out.push({
      code: "UNKNOWN_NAME", task: tasks[0], name: look.name, file: at.file, line: at.line, syscall: u.syscall,
      message: who + " pass" + (tasks.length === 1 ? "es" : "") + " the id of " + NOUN[look.list] + " '" + look.name + "' to " + u.syscall + " (" + use.file + ":" + use.line + "), but app '" + app.name + "' has no " + NOUN[look.list] + " '" + look.name + "': the id is -1 and the syscall gets BAD_ID",
      fix: suggest(look.name, known) + NOUN[look.list] + "s of app '" + app.name + "': " + listText(known),
    });
  }

  // Syscalls on constant ids without the right, in the task's own code.
  for (const u of uses) {
    if (!u.called || !u.own) continue;
    const needs = NEEDS[u.syscall];
    if (needs === undefined) continue;
    for (const param of Object.keys(needs)) {
      const v = u.values.get(param);
      if (v === undefined) continue;
      const list = PARAM_LIST[param];
      const known = names(app, list);
      if (!(v.value >= 0 && v.value < known.length && Math.floor(v.value) === v.value)) {
        if (v.lookups.length === 0) {
          const at = where(root, u.node);
          out.push({ code: "UNKNOWN_NAME", task: u.task, name: String(v.value), file: at.file, line: at.line, syscall: u.syscall, message: "task '" + u.task + "' passes " + NOUN[list] + " id " + v.value + " to " + u.syscall + ", but app '" + app.name + "' has " + known.length + " " + NOUN[list] + "s: the syscall gets BAD_ID", fix: "name the " + NOUN[list] + " with indexOf(app." + list + ", \"name\"); " + NOUN[list] + "s: " + listText(known) });
        }
        continue;
      }
      if (hasRight(app, u.task, list, v.value, needs[param])) continue;
      const name = known[v.value];
      const at = where(root, u.node);
      const key = needs[param];
      const fix = list === "irqs"
        ? "add rights: { ack: [\"" + name + "\"] } to task '" + u.task + "', or deliver IRQ '" + name + "' to an endpoint or notification it owns"
        : "add rights: { " + key + ": [\"" + name + "\"] } to task '" + u.task + "' in the app description (" + appRel + ")";
      out.push({
        code: "NO_RIGHT", task: u.task, name: name, file: at.file, line: at.line, syscall: u.syscall,
        message: "task '" + u.task + "' issues " + u.syscall + " on " + NOUN[list] + " '" + name + "' without the " + key + " right: it gets NO_RIGHTS",
        fix: fix,
      });
    }
  }

  // Tasks that can never run.
  out.push(...starved(root, app, appFile, uses));

  // Pins no board knows (a pin only some boards lack is the host's to say at boot).
  const known = boardPins();
  for (const p of app.pins || []) {
    if (known.has(p)) continue;
    const at = findInDescription(root, appFile, p, "pins");
    out.push({ code: "UNKNOWN_PIN", task: "", name: p, file: at.file, line: at.line, syscall: "", message: "app '" + app.name + "' names pin '" + p + "', which no board knows: on a board it reads 0 and writes do nothing", fix: suggest(p, [...known]) + "pins the boards know: " + [...known].sort().join(", ") });
  }
  return out;
}

/** The STARVED problems: tasks a more important task that never blocks keeps from ever running. */
function starved(root: string, app: AppDesc, appFile: string, uses: Use[]): CheckProblem[] {
  const out: CheckProblem[] = [];
  const byTask = new Map<string, Use[]>();
  for (const u of uses) {
    if (!byTask.has(u.task)) byTask.set(u.task, []);
    byTask.get(u.task)!.push(u);
  }
  const hogs: { task: string; priority: number; why: string[] }[] = [];
  for (const t of app.tasks) {
    const us = byTask.get(t.name);
    if (us === undefined || us.length === 0) continue;
    const why: string[] = [];
    for (const u of us) {
      const w = neverBlocks(app, u);
      if (w === "") {
        why.length = 0;
        break;
      }
      const at = where(root, u.node);
      why.push(w + " (" + at.file + ":" + at.line + ")");
    }
    if (why.length > 0) hogs.push({ task: t.name, priority: t.priority, why: why });
  }
  hogs.sort((a, b) => a.priority - b.priority);
  const gone = new Set<string>();
  const eps = app.endpoints || [];
  const ntfns = app.notifications || [];
  const irqs = app.irqs || [];
  for (const h of hogs) {
    if (gone.has(h.task)) continue;
    // Tasks that run at h's priority or above: the more important and the equal ones, then those a runner lifts.
    const runs = new Set<string>();
    for (const t of app.tasks) if (t.priority <= h.priority) runs.add(t.name);
    for (const q of irqs) {
      if (q.priority > h.priority) continue;
      const ep = q.endpoint !== undefined ? eps.find((e) => e.name === q.endpoint) : undefined;
      const n = q.notification !== undefined ? ntfns.find((x) => x.name === q.notification) : undefined;
      if (ep !== undefined) runs.add(ep.owner);
      if (n !== undefined) runs.add(n.owner);
    }
    // A call or send from a task that runs there donates its priority to the endpoint's owner (h never calls: it never blocks).
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of app.tasks) {
        if (!runs.has(t.name) || t.name === h.task || t.rights === undefined) continue;
        for (const name of [...(t.rights.call || []), ...(t.rights.send || [])]) {
          const ep = eps.find((e) => e.name === name);
          if (ep !== undefined && !runs.has(ep.owner)) {
            runs.add(ep.owner);
            changed = true;
          }
        }
      }
    }
    for (const t of app.tasks) {
      if (runs.has(t.name) || gone.has(t.name)) continue;
      gone.add(t.name);
      const at = findInDescription(root, appFile, t.name, "name");
      out.push({
        code: "STARVED", task: t.name, name: t.name, file: at.file, line: at.line, syscall: "",
        message: "task '" + t.name + "' (priority " + t.priority + ") can never run: task '" + h.task + "' (priority " + h.priority + ") never blocks: " + h.why.join("; "),
        fix: "make task '" + h.task + "' block (a receive, wait or sleep on an id it has and the right to), or make '" + t.name + "' as important as '" + h.task + "' (priority " + h.priority + ")",
      });
    }
  }
  return out;
}

/** One line per problem: `file:line: task 'x': message; fix: ...`. */
export function describeProblem(p: CheckProblem): string {
  return p.file + (p.line > 0 ? ":" + p.line : "") + ": " + p.code + (p.task !== "" ? " in task '" + p.task + "'" : "") + ": " + p.message + "\n    fix: " + p.fix;
}

/** The module under apps/ that exports app `name` (absolute path). */
export async function appModule(root: string, name: string): Promise<string> {
  const m = await import("./espruino/build");
  const mod = await m.findAppModule(name);
  return resolve(root, mod.file);
}

/**
 * Checks the apps named and prints what it finds: a line per app without
 * problems to `out`, each problem (with its fix) to `err`. Returns the
 * number of problems.
 */
export async function checkApps(root: string, appNames: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { findApp } = await import("../apps/index");
  let total = 0;
  for (const name of appNames) {
    const app = findApp(name);
    if (app === undefined) throw new Error("unknown app '" + name + "'");
    const problems = checkApp(root, app, await appModule(root, name));
    total += problems.length;
    if (problems.length === 0) {
      out("check: app '" + name + "': no problems");
      continue;
    }
    err("check: app '" + name + "': " + problems.length + (problems.length === 1 ? " problem" : " problems"));
    for (const p of problems) err(describeProblem(p));
  }
  return total;
}
