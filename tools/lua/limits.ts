/**
 * The limits of NodeMCU's Lua 5.1 compiler, checked on a Lua program with a
 * real Lua parser (luaparse), counting as Lua's own compiler (lparser.c)
 * counts:
 *
 * - **locals** (`LUAI_MAXVARS`, 50 in NodeMCU's `app/lua/luaconf.h`, 200 in
 *   stock Lua): the local variables of one function active at once,
 *   counted when each is declared (`new_localvar`: the active ones plus
 *   those the same statement declared so far). They are the parameters,
 *   the implicit `self` of `function a:b()`, the implicit `arg` of a vararg
 *   function (`LUA_COMPAT_VARARG`, on in NodeMCU's build; a main chunk has
 *   none), every `local` name and `local function`, and the hidden control
 *   variables of a loop (three for a numeric `for`, three for a generic
 *   `for`, beside the loop's own names). A block's locals end with it; a
 *   `repeat` body's last until its condition.
 * - **upvalues** (`LUAI_MAXUPVALUES`, 60 in NodeMCU's and in stock Lua):
 *   the distinct locals of enclosing functions that a function refers to,
 *   itself or through a function nested in it (Lua hands an upvalue down
 *   through every function in between).
 *
 * A function over a limit makes NodeMCU's compiler stop with `function at
 * line N has more than 50 local variables` (or `main function has ...`);
 * `checkLuaLimits` reports it with its line and column, its count, and the
 * name at which the count went over. `fitLuaLimits` rewrites a program
 * whose functions pile up locals in their bodies (a bundle's modules) so
 * that it stays within them.
 */
import luaparse from "luaparse";
import type * as ast from "luaparse";

/** NodeMCU's Lua 5.1 limits (`app/lua/luaconf.h`). */
export const NODEMCU_LIMITS = { locals: 50, upvalues: 60 };

export interface Limits {
  locals: number;
  upvalues: number;
}

export interface LimitProblem {
  kind: "locals" | "upvalues";
  /** Where the function starts (its `function` keyword; 1:1 for a main chunk), 1-based. */
  line: number;
  column: number;
  /** Whether it is the file's main chunk. */
  main: boolean;
  /** The most locals active at once, or the upvalues it refers to. */
  count: number;
  limit: number;
  /** The local whose declaration went over the limit, or the upvalue that did. */
  name: string;
  /** Where that name is (1-based line and column). */
  atLine: number;
  atColumn: number;
}

/** One function's figures: its position, the most locals active at once, its upvalues. */
export interface FunctionFigures {
  line: number;
  column: number;
  main: boolean;
  maxLocals: number;
  upvalues: number;
}

/** A statement of a function's body (not of a block in it), with its locals. */
interface BodyStatement {
  node: ast.Statement;
  /** Locals active before it. */
  before: number;
  /** The most locals active at once during it (at least `before`). */
  peak: number;
  /** The locals it declares in the body (a `local` statement or a `local function`). */
  declares: Local[];
  /** Locals declared outside it that it refers to, itself or in functions nested in it. */
  refs: Set<Local>;
  /** Whether it uses the function's own `...` (not a nested function's). */
  vararg: boolean;
}

interface Func {
  node: ast.FunctionDeclaration | undefined;
  parent: Func | undefined;
  /** Locals active now, as Lua's `nactvar`. */
  active: number;
  maxLocals: number;
  /** The first declaration that went over the locals limit. */
  overAt: { name: string; node: ast.Node } | undefined;
  upvalues: Set<Local>;
  /** The first upvalue past the limit. */
  upOverAt: { name: string; node: ast.Node } | undefined;
  /** The most locals active at once since the body statement now walked began. */
  peak: number;
  /** Its body's statements. */
  body: BodyStatement[];
  /** The scope of its body (where body-level locals go). */
  scope: Scope | undefined;
}

interface Local {
  name: string;
  func: Func;
  /** Index of the body statement declaring it; -1 for a parameter; undefined for a local of a block inside a statement. */
  bodyIndex: number | undefined;
  /** Every identifier that refers to it (not its declaration). */
  refs: ast.Identifier[];
}

class Scope {
  readonly names = new Map<string, Local>();
  constructor(readonly parent: Scope | undefined, readonly func: Func) {}
  find(name: string): Local | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      const l = s.names.get(name);
      if (l !== undefined) return l;
    }
    return undefined;
  }
}

type Name = { name: string; node: ast.Node };

/** Where a node is in the text (luaparse's `ranges` option): [start, end) offsets. */
export function span(n: ast.Node): [number, number] {
  return (n as unknown as { range: [number, number] }).range;
}

function pos(n: ast.Node | undefined): { line: number; column: number } {
  if (n === undefined || n.loc === undefined) return { line: 1, column: 1 };
  return { line: n.loc.start.line, column: n.loc.start.column + 1 };
}

/** Walks a chunk as Lua's parser does, keeping each function's active locals, upvalues and body statements. */
class Counter {
  readonly funcs: Func[] = [];

  constructor(private readonly limits: Limits) {}

  /**
   * Declares `names` in one statement (Lua's `new_localvar` for each, then
   * `adjustlocalvars`): counted as pending first, active after `between`
   * (the statement's expressions, which do not see them) has run.
   */
  private declare(scope: Scope, names: Name[], between?: () => void, bodyIndex?: number): Local[] {
    const f = scope.func;
    for (let i = 0; i < names.length; i++) {
      const n = f.active + i + 1;
      if (n > f.maxLocals) f.maxLocals = n;
      if (n > f.peak) f.peak = n;
      if (n > this.limits.locals && f.overAt === undefined) f.overAt = names[i];
    }
    if (between !== undefined) between();
    const out: Local[] = [];
    for (const n of names) {
      const l: Local = { name: n.name, func: f, bodyIndex: bodyIndex, refs: [] };
      scope.names.set(n.name, l);
      out.push(l);
    }
    f.active += names.length;
    return out;
  }

  /** A statement's declaration is at body level when it is in the function's own body, not a block in it. */
  private bodyIndex(scope: Scope): number | undefined {
    return scope === scope.func.scope ? scope.func.body.length : undefined;
  }

  /** A block: its locals end with it. */
  private block(body: ast.Statement[], parent: Scope, tail?: (s: Scope) => void): void {
    const scope = new Scope(parent, parent.func);
    const before = scope.func.active;
    for (const st of body) this.statement(st, scope);
    if (tail !== undefined) tail(scope);
    scope.func.active = before;
  }

  /** A `for` loop: its variables declared (pending while `head` runs), active in the body, gone after it. */
  private loop(scope: Scope, vars: Name[], body: ast.Statement[], head: () => void): void {
    const inner = new Scope(scope, scope.func);
    const before = scope.func.active;
    this.declare(inner, vars, head);
    for (const st of body) this.statement(st, inner);
    scope.func.active = before;
  }

  private reference(node: ast.Identifier, scope: Scope): void {
    const l = scope.find(node.name);
    if (l === undefined) return;
    l.refs.push(node);
    for (let f: Func | undefined = scope.func; f !== undefined; f = f.parent) {
      const current = f.body.length < 1 ? undefined : f.body[f.body.length - 1];
      if (f === l.func) {
        // A parameter, or a local of an earlier statement of the body.
        if (current !== undefined && l.bodyIndex !== undefined && l.bodyIndex < f.body.length - 1) current.refs.add(l);
        return;
      }
      if (current !== undefined) current.refs.add(l);
      if (!f.upvalues.has(l)) {
        f.upvalues.add(l);
        if (f.upvalues.size > this.limits.upvalues && f.upOverAt === undefined) f.upOverAt = { name: node.name, node: node };
      }
    }
  }

  /** A function: `self` first for a method, then the parameters, `arg` for a vararg one; then its body. */
  function(node: ast.FunctionDeclaration | ast.Chunk, scope: Scope | undefined, method: boolean): void {
    const f: Func = {
      node: node.type === "Chunk" ? undefined : node, parent: scope !== undefined ? scope.func : undefined, active: 0, maxLocals: 0,
      overAt: undefined, upvalues: new Set<Local>(), upOverAt: undefined, peak: 0, body: [], scope: undefined,
    };
    this.funcs.push(f);
    const inner = new Scope(scope, f);
    if (method) this.declare(inner, [{ name: "self", node: node }], undefined, -1);
    if (node.type === "FunctionDeclaration") {
      const params: Name[] = [];
      for (const p of node.parameters) params.push({ name: p.type === "Identifier" ? p.name : "arg", node: p });
      this.declare(inner, params, undefined, -1);
    }
    f.scope = inner;
    for (const st of node.body) {
      // The statement is pushed first, so that references inside it find it as the current one.
      const entry: BodyStatement = { node: st, before: f.active, peak: f.active, declares: [], refs: new Set<Local>(), vararg: false };
      f.body.push(entry);
      f.peak = f.active;
      entry.declares = this.statement(st, inner);
      entry.peak = f.peak;
    }
  }

  /** Walks a statement; returns the locals it declares in `scope`. */
  statement(st: ast.Statement, scope: Scope): Local[] {
    switch (st.type) {
      case "LocalStatement": {
        const at = this.bodyIndex(scope);
        return this.declare(scope, st.variables.map((v) => ({ name: v.name, node: v as ast.Node })), () => {
          for (const e of st.init) this.expression(e, scope);
        }, at !== undefined ? at - 1 : undefined);
      }
      case "AssignmentStatement":
        for (const v of st.variables) this.expression(v, scope);
        for (const e of st.init) this.expression(e, scope);
        return [];
      case "CallStatement":
        this.expression(st.expression, scope);
        return [];
      case "FunctionDeclaration": {
        const id = st.identifier;
        if (st.isLocal && id !== null && id.type === "Identifier") {
          // `local function f`: f is in scope in its own body.
          const at = this.bodyIndex(scope);
          const declared = this.declare(scope, [{ name: id.name, node: id }], undefined, at !== undefined ? at - 1 : undefined);
          this.function(st, scope, false);
          return declared;
        }
        let method = false;
        if (id !== null) {
          this.expression(id, scope);
          method = id.type === "MemberExpression" && id.indexer === ":";
        }
        this.function(st, scope, method);
        return [];
      }
      case "ReturnStatement":
        for (const e of st.arguments) this.expression(e, scope);
        return [];
      case "IfStatement":
        for (const c of st.clauses) {
          if (c.type !== "ElseClause") this.expression(c.condition, scope);
          this.block(c.body, scope);
        }
        return [];
      case "WhileStatement":
        this.expression(st.condition, scope);
        this.block(st.body, scope);
        return [];
      case "DoStatement":
        this.block(st.body, scope);
        return [];
      case "RepeatStatement":
        // The condition sees the body's locals.
        this.block(st.body, scope, (inner) => this.expression(st.condition, inner));
        return [];
      case "ForNumericStatement": {
        // Three hidden control variables and the loop's name, declared before the bounds (which do not see them).
        const hidden = ["(for index)", "(for limit)", "(for step)"].map((n) => ({ name: n, node: st as ast.Node }));
        this.loop(scope, hidden.concat([{ name: st.variable.name, node: st.variable }]), st.body, () => {
          this.expression(st.start, scope);
          this.expression(st.end, scope);
          if (st.step !== null) this.expression(st.step, scope);
        });
        return [];
      }
      case "ForGenericStatement": {
        const hidden = ["(for generator)", "(for state)", "(for control)"].map((n) => ({ name: n, node: st as ast.Node }));
        this.loop(scope, hidden.concat(st.variables.map((v) => ({ name: v.name, node: v as ast.Node }))), st.body, () => {
          for (const e of st.iterators) this.expression(e, scope);
        });
        return [];
      }
      default:
        return []; // break, goto, labels
    }
  }

  expression(e: ast.Expression, scope: Scope): void {
    switch (e.type) {
      case "Identifier":
        this.reference(e, scope);
        return;
      case "FunctionDeclaration":
        this.function(e, scope, false);
        return;
      case "MemberExpression":
        this.expression(e.base, scope);
        return;
      case "IndexExpression":
        this.expression(e.base, scope);
        this.expression(e.index, scope);
        return;
      case "CallExpression":
        this.expression(e.base, scope);
        for (const a of e.arguments) this.expression(a, scope);
        return;
      case "TableCallExpression":
        this.expression(e.base, scope);
        this.expression(e.arguments, scope);
        return;
      case "StringCallExpression":
        this.expression(e.base, scope);
        return;
      case "TableConstructorExpression":
        for (const f of e.fields) {
          if (f.type === "TableKey") this.expression(f.key, scope);
          this.expression(f.value, scope);
        }
        return;
      case "BinaryExpression":
      case "LogicalExpression":
        this.expression(e.left, scope);
        this.expression(e.right, scope);
        return;
      case "UnaryExpression":
        this.expression(e.argument, scope);
        return;
      case "VarargLiteral": {
        const body = scope.func.body;
        if (body.length > 0) body[body.length - 1].vararg = true;
        return;
      }
      default:
        return; // literals
    }
  }
}

/** Lua reads bytes: one character per byte, so positions and columns are Lua's. */
function asBytes(src: string): string {
  return Buffer.from(src, "utf8").toString("latin1");
}

/** Parses `bytes` as Lua 5.1 and counts every function's locals and upvalues (the main chunk first). */
function count(bytes: string, limits: Limits): Func[] {
  const chunk = luaparse.parse(bytes, { luaVersion: "5.1", locations: true, ranges: true, comments: false, encodingMode: "pseudo-latin1" });
  const c = new Counter(limits);
  c.function(chunk, undefined, false);
  return c.funcs;
}

/** Every function's figures, and the functions over a limit (the main chunk first). */
export function luaFunctionFigures(src: string, limits: Limits = NODEMCU_LIMITS): { figures: FunctionFigures[]; problems: LimitProblem[] } {
  const figures: FunctionFigures[] = [];
  const problems: LimitProblem[] = [];
  for (const f of count(asBytes(src), limits)) {
    const at = pos(f.node);
    const main = f.node === undefined;
    figures.push({ line: at.line, column: at.column, main: main, maxLocals: f.maxLocals, upvalues: f.upvalues.size });
    if (f.overAt !== undefined) {
      const w = pos(f.overAt.node);
      problems.push({ kind: "locals", line: at.line, column: at.column, main: main, count: f.maxLocals, limit: limits.locals, name: f.overAt.name, atLine: w.line, atColumn: w.column });
    }
    if (f.upOverAt !== undefined) {
      const w = pos(f.upOverAt.node);
      problems.push({ kind: "upvalues", line: at.line, column: at.column, main: main, count: f.upvalues.size, limit: limits.upvalues, name: f.upOverAt.name, atLine: w.line, atColumn: w.column });
    }
  }
  return { figures: figures, problems: problems };
}

/**
 * Each function's upvalues by name, keyed by where the function starts
 * (its offset in `src` read as bytes, as luaparse's `range` gives it).
 */
export function upvalueNames(src: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of count(asBytes(src), NODEMCU_LIMITS)) {
    if (f.node !== undefined) out.set(span(f.node)[0], [...f.upvalues].map((l) => l.name));
  }
  return out;
}

/** One line per problem, `file:line:column: ...`, in the words of Lua's own message. */
export function describeLimitProblem(file: string, p: LimitProblem): string {
  const what = p.kind === "locals" ? "local variables active at once" : "upvalues";
  const fn = p.main ? "main function" : "function at line " + p.line + " (column " + p.column + ")";
  return file + ":" + p.atLine + ":" + p.atColumn + ": " + fn + " has " + p.count + " " + what + ", more than NodeMCU's limit of " + p.limit +
    " (" + (p.kind === "locals" ? "LUAI_MAXVARS" : "LUAI_MAXUPVALUES") + "); it goes over at '" + p.name + "'";
}

/**
 * Checks a Lua program against NodeMCU's limits; throws with one line per
 * function over a limit (see `describeLimitProblem`). Returns every
 * function's figures.
 */
export function checkLuaLimits(file: string, src: string, limits: Limits = NODEMCU_LIMITS): FunctionFigures[] {
  const r = luaFunctionFigures(src, limits);
  if (r.problems.length > 0) {
    throw new Error(file + " is over the limits of NodeMCU's Lua compiler:\n  " + r.problems.map((p) => describeLimitProblem(file, p)).join("\n  "));
  }
  return r.figures;
}

/** A change to the program's text: `text` in place of [start, end). */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** How one function's body is rewritten: where it is cut, and which of its statements' locals move into a table. */
interface Plan {
  cuts: number[];
  spilled: Set<number>;
}

/**
 * Plans the cuts of `f`'s body: before the statement that would take the
 * piece over the locals limit (a piece after a cut starts with none, or
 * with the `arg` of a vararg function when it passes `...` on). Then checks each piece's upvalues: the
 * locals before its cut that it and the pieces after it refer to, its
 * function's parameters and upvalues they refer to, and the spill table.
 * When a piece has too many, the statements declaring the earliest of
 * them are spilled (their locals become entries of a table: the least
 * used ones, such as functions only listed once) and the plan
 * starts again. Returns undefined when spilling cannot help.
 */
function plan(f: Func, limits: Limits): Plan | undefined {
  const spilled = new Set<number>();
  const vararg = varargFrom(f);
  for (let round = 0; round < 1000; round++) {
    const table = spilled.size > 0 ? 1 : 0;
    const cuts: number[] = [];
    let gone = 0;
    let base = 0;
    let from = 0;
    for (let i = 0; i < f.body.length; i++) {
      const st = f.body[i];
      const own = spilled.has(i) ? st.declares.length : 0;
      const before = st.before - gone + table;
      const peak = st.peak - gone - own + table;
      if (i === 0) {
        base = before;
        from = before;
      } else if (base + (peak - from) > limits.locals) {
        cuts.push(i);
        base = vararg[i] ? 1 : 0;
        from = before;
      }
      gone += own;
    }
    let over: Local[] | undefined = undefined;
    for (const c of cuts) {
      const ups = new Set<Local | "table">();
      for (let j = c; j < f.body.length; j++) {
        if (spilled.has(j)) ups.add("table");
        for (const l of f.body[j].refs) {
          // A piece that passes `...` on is a vararg function, whose implicit `arg` would hide an outer one.
          if (vararg[c] && l.name === "arg") return undefined;
          if (l.func !== f || l.bodyIndex === -1) ups.add(l);
          else if (l.bodyIndex !== undefined && spilled.has(l.bodyIndex)) ups.add("table");
          else if (l.bodyIndex !== undefined && l.bodyIndex < c) ups.add(l);
        }
      }
      if (ups.size > limits.upvalues) {
        const candidates = [...ups].filter((l): l is Local => l !== "table" && l.func === f && l.bodyIndex !== undefined && l.bodyIndex >= 0);
        // The least used first (a function the body only lists), then the earliest.
        candidates.sort((a, b) => a.refs.length - b.refs.length || (a.bodyIndex as number) - (b.bodyIndex as number));
        const need = ups.size - limits.upvalues + (ups.has("table") ? 0 : 1);
        if (candidates.length < need) return undefined;
        over = candidates.slice(0, need);
        break;
      }
    }
    if (over === undefined) return { cuts: cuts, spilled: spilled };
    for (const l of over) spilled.add(l.bodyIndex as number);
  }
  return undefined;
}

/** For each statement of `f`'s body: whether it or one after it uses the function's `...` (a piece from there must pass it on). */
function varargFrom(f: Func): boolean[] {
  const out: boolean[] = [];
  let any = false;
  for (let i = f.body.length - 1; i >= 0; i--) {
    any = any || f.body[i].vararg;
    out[i] = any;
  }
  return out;
}

/** A name no identifier of the program has. */
function freshName(bytes: string, base: string): string {
  let name = base;
  for (let i = 1; new RegExp("\\b" + name + "\\b").test(bytes); i++) name = base + i;
  return name;
}

/** The edits that carry out `p` on `f`'s body. */
function edits(f: Func, p: Plan, table: string): Edit[] {
  const out: Edit[] = [];
  const body = f.body;
  if (p.spilled.size > 0) {
    const start = span(body[0].node)[0];
    out.push({ start: start, end: start, text: "local " + table + "={} " });
    let key = 0;
    const slots = new Map<Local, string>();
    for (const i of [...p.spilled].sort((a, b) => a - b)) for (const l of body[i].declares) slots.set(l, table + "[" + ++key + "]");
    for (const [l, slot] of slots) for (const r of l.refs) out.push({ start: span(r)[0], end: span(r)[1], text: slot });
    for (const i of p.spilled) {
      const st = body[i].node;
      if (st.type === "LocalStatement") {
        const names = body[i].declares.map((l) => slots.get(l) as string).join(",");
        // `local a, b = e, f` becomes `T[1],T[2]=e,f`; `local a` (no value) goes: the entry is nil already.
        if (st.init.length === 0) out.push({ start: span(st)[0], end: span(st)[1], text: " " });
        else out.push({ start: span(st)[0], end: span(st.variables[st.variables.length - 1])[1], text: " " + names });
      } else if (st.type === "FunctionDeclaration" && st.identifier !== null) {
        // `local function f(...)` becomes `T[3]=function(...)`.
        out.push({ start: span(st)[0], end: span(st.identifier)[1], text: " " + slots.get(body[i].declares[0]) + "=function" });
      }
    }
  }
  // A piece takes the function's `...` only when it, or a piece after it, uses it.
  const vararg = varargFrom(f);
  for (const c of p.cuts) out.push({ start: span(body[c].node)[0], end: span(body[c].node)[0], text: vararg[c] ? " return(function(...) " : " return(function() " });
  if (p.cuts.length > 0) {
    const end = span(body[body.length - 1].node)[1];
    out.push({ start: end, end: end, text: p.cuts.slice().reverse().map((c) => (vararg[c] ? " end)(...)" : " end)()")).join("") });
  }
  return out;
}

/**
 * Rewrites a Lua 5.1 program so that no function has more locals active at
 * once than `limits.locals`, where the locals pile up in a function's body
 * itself (a bundle's module, in whose body TypeScript-to-Lua declares
 * every import, constant and function of the module). The body is cut
 * before the statement that would go over, and the rest of it becomes a
 * function, called at once with the same arguments, whose result is
 * returned:
 *
 *     local a ... local z  return(function(...) local a2 ... return m end)(...)
 *
 * (`function()` and `()` when the rest does not use the body's `...`.)
 * The rest sees the locals before the cut as upvalues. The functions the
 * body defines saw them as upvalues already, so they run as before; only
 * the body's own statements, which run once, reach them one step further
 * off. A `return` anywhere in the rest returns from the whole body, since
 * the call is returned.
 *
 * A piece of the body that would then refer to more than `limits.upvalues`
 * locals before its cut (a module whose last statement lists every
 * function it defined) keeps some of them, the least used, in a table instead
 * (`local ____spill={}`, `____spill[1]=...`): one more index wherever they
 * are used, so only bodies that need it get it. Functions over a limit for
 * other reasons are left as they are, for `checkLuaLimits` to report.
 * Returns the program, the cuts made and the locals moved to tables.
 */
export function fitLuaLimits(src: string, limits: Limits = NODEMCU_LIMITS): { text: string; cuts: number; spilled: number } {
  const bytes = asBytes(src);
  const all: Edit[] = [];
  let cuts = 0;
  let spilled = 0;
  const table = freshName(bytes, "____spill");
  for (const f of count(bytes, limits)) {
    if (f.maxLocals <= limits.locals) continue;
    const p = plan(f, limits);
    if (p === undefined) continue;
    all.push(...edits(f, p, table));
    cuts += p.cuts.length;
    for (const i of p.spilled) spilled += f.body[i].declares.length;
  }
  // From the end backwards; at one place, a replacement before an insertion (the insertion ends up in front).
  all.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = bytes;
  for (const e of all) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: Buffer.from(out, "latin1").toString("utf8"), cuts: cuts, spilled: spilled };
}
