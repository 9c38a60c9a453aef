/**
 * A small Lua 5.1 minifier for the board bundles (typescript-to-lua's output
 * is readable, and an ESP8266 has tens of KB of heap):
 *
 * - drops comments and every space or line break that separates nothing;
 * - renames local variables, parameters and local functions to short
 *   names, the most used first (`renameLocals`, on by default);
 * - shortens the module names of a bundle (`["kernel.syscalls"]` and the
 *   `require` calls naming them) to short strings.
 *
 * It parses the program (statements and expressions, scopes included),
 * so a name is renamed only where it denotes that local; globals, table
 * fields and keys keep their names. Each declaration gets a name of its own,
 * never used by another declaration or by any global, so no renaming can
 * capture another variable. The result is one line of code.
 */

interface Token {
  kind: "name" | "keyword" | "number" | "string" | "op" | "eof";
  text: string;
}

const KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);

const OPS3 = ["..."];
const OPS2 = ["==", "~=", "<=", ">=", "..", "::", "//", "<<", ">>"];
const BINARY = new Set(["+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or"]);
const WORD = /[A-Za-z0-9_]/;

function longBracketLevel(src: string, i: number): number {
  let j = i + 1;
  while (src[j] === "=") j++;
  return src[j] === "[" ? j - i - 1 : -1;
}

function skipLongBracket(src: string, i: number, level: number): number {
  const close = "]" + "=".repeat(level) + "]";
  const end = src.indexOf(close, i);
  if (end < 0) throw new Error("minifyLua: unterminated long bracket at " + i);
  return end + close.length;
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
      continue;
    }
    if (c === "-" && src[i + 1] === "-") {
      if (src[i + 2] === "[" && longBracketLevel(src, i + 2) >= 0) i = skipLongBracket(src, i + 2, longBracketLevel(src, i + 2));
      else while (i < n && src[i] !== "\n") i++;
      continue;
    }
    let j: number;
    let kind: Token["kind"];
    if (c === '"' || c === "'") {
      j = i + 1;
      while (j < n && src[j] !== c) {
        if (src[j] === "\\") j++;
        j++;
      }
      j++;
      kind = "string";
    } else if (c === "[" && longBracketLevel(src, i) >= 0) {
      j = skipLongBracket(src, i, longBracketLevel(src, i));
      kind = "string";
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1]))) {
      j = i + 1;
      while (j < n && (/[0-9A-Za-z_.]/.test(src[j]) || ((src[j] === "-" || src[j] === "+") && /[eEpP]/.test(src[j - 1])))) j++;
      kind = "number";
    } else if (WORD.test(c)) {
      j = i + 1;
      while (j < n && WORD.test(src[j])) j++;
      kind = KEYWORDS.has(src.slice(i, j)) ? "keyword" : "name";
    } else if (OPS3.indexOf(src.substr(i, 3)) >= 0) {
      j = i + 3;
      kind = "op";
    } else if (OPS2.indexOf(src.substr(i, 2)) >= 0) {
      j = i + 2;
      kind = "op";
    } else {
      j = i + 1;
      kind = "op";
    }
    out.push({ kind: kind, text: src.slice(i, j) });
    i = j;
  }
  out.push({ kind: "eof", text: "" });
  return out;
}

/** A local: its declaration and every token that refers to it. */
interface Local {
  name: string;
  tokens: number[];
}

class Scope {
  names = new Map<string, Local>();
  constructor(readonly parent: Scope | undefined) {}
  find(name: string): Local | undefined {
    const l = this.names.get(name);
    if (l !== undefined) return l;
    return this.parent !== undefined ? this.parent.find(name) : undefined;
  }
}

/** Resolves every name token to a local or a global, by parsing the program. */
class Resolver {
  private p = 0;
  readonly locals: Local[] = [];
  readonly globals = new Set<string>();
  /** Locals that must keep their name (an implicit `self`). */
  readonly fixed = new Set<Local>();
  /** Every token that names a table field (`a.f`, `a:f()`, `{ f = 1 }`, `function a.f()`), by field name. */
  readonly fields = new Map<string, number[]>();
  /** Fields the program stores (table keys, assignment targets, function statements). */
  readonly stored = new Set<string>();
  /** Fields read straight off a global (`string.format`, `tmr.create`): the host's. */
  readonly globalFields = new Set<string>();

  constructor(private readonly t: Token[]) {}

  private peek(k = 0): Token {
    return this.t[this.p + k];
  }

  private next(): Token {
    return this.t[this.p++];
  }

  private is(text: string): boolean {
    const tk = this.t[this.p];
    return tk.text === text && tk.kind !== "string";
  }

  private expect(text: string): void {
    const tk = this.next();
    if (tk.text !== text || tk.kind === "string") throw new Error("minifyLua: expected '" + text + "' near token " + (this.p - 1) + " ('" + tk.text + "')");
  }

  private declare(scope: Scope, at: number): Local {
    const l: Local = { name: this.t[at].text, tokens: [at] };
    scope.names.set(l.name, l);
    this.locals.push(l);
    return l;
  }

  /** Records a reference to a local or a global; true for a global. */
  private reference(scope: Scope, at: number): boolean {
    const l = scope.find(this.t[at].text);
    if (l !== undefined) l.tokens.push(at);
    else this.globals.add(this.t[at].text);
    return l === undefined;
  }

  private field(at: number, stored: boolean): number {
    const name = this.t[at].text;
    const list = this.fields.get(name);
    if (list !== undefined) list.push(at);
    else this.fields.set(name, [at]);
    if (stored) this.stored.add(name);
    return at;
  }

  private nameAt(): number {
    const tk = this.next();
    if (tk.kind !== "name") throw new Error("minifyLua: expected a name near token " + (this.p - 1) + " ('" + tk.text + "')");
    return this.p - 1;
  }

  program(): void {
    this.block(new Scope(undefined));
    if (this.peek().kind !== "eof") throw new Error("minifyLua: unexpected '" + this.peek().text + "' at token " + this.p);
  }

  private blockEnds(): boolean {
    const tk = this.peek();
    if (tk.kind === "eof") return true;
    return tk.kind === "keyword" && (tk.text === "end" || tk.text === "else" || tk.text === "elseif" || tk.text === "until");
  }

  private block(scope: Scope): void {
    while (!this.blockEnds()) {
      if (this.is("return")) {
        this.next();
        if (!this.blockEnds() && !this.is(";")) this.exprList(scope);
        if (this.is(";")) this.next();
        continue;
      }
      this.statement(scope);
    }
  }

  private statement(scope: Scope): void {
    const tk = this.peek();
    if (tk.kind === "op" && tk.text === ";") {
      this.next();
      return;
    }
    if (tk.kind === "keyword") {
      switch (tk.text) {
        case "local": {
          this.next();
          if (this.is("function")) {
            this.next();
            const at = this.nameAt();
            this.declare(scope, at);
            this.funcBody(scope, false);
            return;
          }
          const names: number[] = [this.nameAt()];
          while (this.is(",")) {
            this.next();
            names.push(this.nameAt());
          }
          if (this.is("=")) {
            this.next();
            this.exprList(scope);
          }
          for (const at of names) this.declare(scope, at);
          return;
        }
        case "function": {
          this.next();
          const global = this.reference(scope, this.nameAt());
          let method = false;
          let first = true;
          while (this.is(".") || this.is(":")) {
            method = this.next().text === ":";
            const at = this.field(this.nameAt(), true);
            if (global && first) this.globalFields.add(this.t[at].text);
            first = false;
          }
          this.funcBody(scope, method);
          return;
        }
        case "if": {
          this.next();
          this.expr(scope);
          this.expect("then");
          this.block(new Scope(scope));
          while (this.is("elseif")) {
            this.next();
            this.expr(scope);
            this.expect("then");
            this.block(new Scope(scope));
          }
          if (this.is("else")) {
            this.next();
            this.block(new Scope(scope));
          }
          this.expect("end");
          return;
        }
        case "while":
          this.next();
          this.expr(scope);
          this.expect("do");
          this.block(new Scope(scope));
          this.expect("end");
          return;
        case "do":
          this.next();
          this.block(new Scope(scope));
          this.expect("end");
          return;
        case "for": {
          this.next();
          const names: number[] = [this.nameAt()];
          if (this.is("=")) {
            this.next();
            this.exprList(scope);
          } else {
            while (this.is(",")) {
              this.next();
              names.push(this.nameAt());
            }
            this.expect("in");
            this.exprList(scope);
          }
          this.expect("do");
          const inner = new Scope(scope);
          for (const at of names) this.declare(inner, at);
          this.block(inner);
          this.expect("end");
          return;
        }
        case "repeat": {
          this.next();
          const inner = new Scope(scope);
          this.block(inner);
          this.expect("until");
          this.expr(inner);
          return;
        }
        case "break":
          this.next();
          return;
        default:
          break;
      }
    }
    // An expression statement: a call, or an assignment to one or more targets.
    const targets = [this.suffixedExpr(scope)];
    if (this.is(",") || this.is("=")) {
      while (this.is(",")) {
        this.next();
        targets.push(this.suffixedExpr(scope));
      }
      this.expect("=");
      this.exprList(scope);
      for (const at of targets) if (at >= 0) this.stored.add(this.t[at].text);
    }
  }

  private funcBody(scope: Scope, method: boolean): void {
    const inner = new Scope(scope);
    if (method) {
      const self: Local = { name: "self", tokens: [] };
      inner.names.set("self", self);
      this.fixed.add(self);
    }
    this.expect("(");
    while (!this.is(")")) {
      if (this.is("...")) this.next();
      else this.declare(inner, this.nameAt());
      if (this.is(",")) this.next();
    }
    this.expect(")");
    this.block(inner);
    this.expect("end");
  }

  private exprList(scope: Scope): void {
    this.expr(scope);
    while (this.is(",")) {
      this.next();
      this.expr(scope);
    }
  }

  private expr(scope: Scope): void {
    const tk = this.peek();
    if ((tk.kind === "keyword" && tk.text === "not") || (tk.kind === "op" && (tk.text === "-" || tk.text === "#"))) {
      this.next();
      this.expr(scope);
      return;
    }
    this.simpleExpr(scope);
    for (;;) {
      const op = this.peek();
      if ((op.kind === "op" || op.kind === "keyword") && BINARY.has(op.text)) {
        this.next();
        const u = this.peek();
        if ((u.kind === "keyword" && u.text === "not") || (u.kind === "op" && (u.text === "-" || u.text === "#"))) {
          this.expr(scope);
          return;
        }
        this.simpleExpr(scope);
      } else {
        return;
      }
    }
  }

  private simpleExpr(scope: Scope): void {
    const tk = this.peek();
    if (tk.kind === "number" || tk.kind === "string") {
      this.next();
      return;
    }
    if (tk.kind === "keyword" && (tk.text === "nil" || tk.text === "true" || tk.text === "false")) {
      this.next();
      return;
    }
    if (tk.kind === "op" && tk.text === "...") {
      this.next();
      return;
    }
    if (tk.kind === "keyword" && tk.text === "function") {
      this.next();
      this.funcBody(scope, false);
      return;
    }
    if (tk.kind === "op" && tk.text === "{") {
      this.table(scope);
      return;
    }
    this.suffixedExpr(scope);
  }

  private table(scope: Scope): void {
    this.expect("{");
    while (!this.is("}")) {
      if (this.is("[")) {
        this.next();
        this.expr(scope);
        this.expect("]");
        this.expect("=");
        this.expr(scope);
      } else if (this.peek().kind === "name" && this.peek(1).text === "=" && this.peek(1).kind === "op") {
        this.field(this.p, true);
        this.next();
        this.next();
        this.expr(scope);
      } else {
        this.expr(scope);
      }
      if (this.is(",") || this.is(";")) this.next();
    }
    this.expect("}");
  }

  /** Parses a prefix expression with its suffixes; returns the token of its last suffix when that is `.field`, else -1. */
  private suffixedExpr(scope: Scope): number {
    let global = false;
    if (this.is("(")) {
      this.next();
      this.expr(scope);
      this.expect(")");
    } else {
      global = this.reference(scope, this.nameAt());
    }
    // The token of the last suffix parsed when it was `.field`, else -1.
    let last = -1;
    for (let first = true; ; first = false) {
      if (this.is(".")) {
        this.next();
        last = this.field(this.nameAt(), false);
        if (global && first) this.globalFields.add(this.t[last].text);
      } else if (this.is("[")) {
        this.next();
        this.expr(scope);
        this.expect("]");
        last = -1;
      } else if (this.is(":")) {
        this.next();
        const at = this.field(this.nameAt(), false);
        if (global && first) this.globalFields.add(this.t[at].text);
        this.args(scope);
        last = -1;
      } else if (this.is("(") || this.is("{") || this.peek().kind === "string") {
        this.args(scope);
        last = -1;
      } else {
        return last;
      }
    }
  }

  private args(scope: Scope): void {
    if (this.peek().kind === "string") {
      this.next();
      return;
    }
    if (this.is("{")) {
      this.table(scope);
      return;
    }
    this.expect("(");
    if (!this.is(")")) this.exprList(scope);
    this.expect(")");
  }
}

const FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
const REST = FIRST + "0123456789";

/** Short names in order: a..Z_, then aa, ab, ... (never a keyword or one of `taken`). */
function* shortNames(taken: Set<string>): Generator<string> {
  for (let len = 1; ; len++) {
    const idx: number[] = new Array(len).fill(0);
    for (;;) {
      let s = FIRST[idx[0]];
      for (let k = 1; k < len; k++) s += REST[idx[k]];
      if (!KEYWORDS.has(s) && !taken.has(s)) yield s;
      let k = len - 1;
      while (k >= 0) {
        idx[k]++;
        if (idx[k] < (k === 0 ? FIRST.length : REST.length)) break;
        idx[k] = 0;
        k--;
      }
      if (k < 0) break;
    }
  }
}

/** Shortens module names: the keys of `____modules` and every string naming one. Returns short → long (with quotes). */
function shortenModules(t: Token[], taken: Set<string>): Map<string, string> {
  const modules = new Map<string, string>();
  for (let i = 0; i + 4 < t.length; i++) {
    if (t[i].text === "[" && t[i + 1].kind === "string" && t[i + 2].text === "]" && t[i + 3].text === "=" && t[i + 4].text === "function") {
      if (!modules.has(t[i + 1].text)) modules.set(t[i + 1].text, "");
    }
  }
  const names = shortNames(taken);
  for (const m of modules.keys()) modules.set(m, '"' + names.next().value + '"');
  for (const tk of t) {
    if (tk.kind !== "string") continue;
    const s = modules.get(tk.text);
    if (s !== undefined) tk.text = s;
  }
  const back = new Map<string, string>();
  for (const [long, short] of modules) back.set(short, long);
  return back;
}

function needsSpace(prev: Token, next: Token): boolean {
  const a = prev.text[prev.text.length - 1];
  const b = next.text[0];
  if (WORD.test(a) && WORD.test(b)) return true;
  if (prev.kind === "number" && (b === "." || WORD.test(b))) return true;
  const pair = a + b;
  return pair === "--" || pair === ".." || pair === "[[" || pair === "[=" || pair === "==" || pair === "~=" || pair === "<=" || pair === ">=" || pair === "<<" || pair === ">>" || pair === "//" || pair === "::" || (a === "." && b === ".");
}

/**
 * Field names a bundle may read from or pass to the outside world without
 * the minifier seeing a global in front of them: Lua's libraries (also as
 * string and file methods), NodeMCU's modules and the methods of their
 * objects (a `tmr.create()` timer), and the host's own hooks. Never renamed.
 */
const HOST_FIELDS = new Set<string>([
  // string, table, math, os, io, file handles, coroutine
  "byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper",
  "concat", "insert", "maxn", "remove", "sort", "unpack", "pack", "n", "move",
  "abs", "ceil", "floor", "fmod", "huge", "max", "min", "modf", "pi", "pow", "random", "randomseed", "sqrt", "log", "exp", "frexp", "ldexp", "maxinteger", "mininteger", "tointeger", "type",
  "clock", "date", "difftime", "exit", "getenv", "time", "close", "flush", "lines", "open", "read", "seek", "setvbuf", "write", "stdout", "stderr", "stdin", "output", "input",
  "create", "resume", "running", "status", "wrap", "yield", "traceback", "getinfo",
  // bit (NodeMCU's and lua-bitop)
  "band", "bor", "bxor", "bnot", "lshift", "rshift", "arshift", "tobit", "tohex", "bit", "clear", "set", "isset", "isclear",
  // tmr and its timer objects, gpio, node, uart, file
  "alarm", "register", "start", "stop", "unregister", "interval", "state", "now", "delay", "wdclr", "softwd", "ALARM_SINGLE", "ALARM_SEMI", "ALARM_AUTO",
  "mode", "trig", "serout", "pulse", "OUTPUT", "INPUT", "INT", "OPENDRAIN", "HIGH", "LOW", "PULLUP", "FLOAT",
  "arg", "heap", "task", "post", "restart", "chipid", "info", "egc", "LOW_PRIORITY", "MEDIUM_PRIORITY", "HIGH_PRIORITY", "on", "setup",
]);

/**
 * Renames table fields the program owns to short names, consistently
 * everywhere they appear: a field is the program's when the program stores
 * it (a table key, an assignment target or a function statement names it),
 * it is not the name of a global the program uses (`_G.arg`), no string in
 * the program spells it (no `t["f"]`, `rawget(t, "f")`), it is
 * never read straight off a global (`string.format`) and it is not a name of
 * the host's (`HOST_FIELDS`, and `__` metamethods). Short names never repeat
 * a field name that keeps its name or any string, so two fields of one table
 * cannot meet.
 */
function renameFields(t: Token[], r: Resolver): number {
  // Fields of one or two characters keep their names.
  const strings = new Set<string>();
  for (const tk of t) if (tk.kind === "string" && (tk.text[0] === '"' || tk.text[0] === "'")) strings.add(tk.text.slice(1, -1));
  const renamed: { name: string; tokens: number[] }[] = [];
  const taken = new Set<string>(strings);
  for (const [name, tokens] of r.fields) {
    const own = name.length > 2 && r.stored.has(name) && !strings.has(name) && !r.globalFields.has(name) && !r.globals.has(name) && !HOST_FIELDS.has(name) && name[0] !== "_";
    if (own) renamed.push({ name: name, tokens: tokens });
    else taken.add(name);
  }
  renamed.sort((a, b) => b.tokens.length - a.tokens.length);
  const names = shortNames(taken);
  let count = 0;
  for (const f of renamed) {
    const n = names.next().value as string;
    // Names of one or two characters keep theirs (in `taken`), so a short name is never one of them.
    if (n.length > 2) throw new Error("minifyLua: more fields than two-character names");
    for (const at of f.tokens) t[at].text = n;
    count++;
  }
  return count;
}

export interface MinifyOptions {
  /** Rename locals and module names (default true). */
  renameLocals?: boolean;
  /** Rename the program's own table fields (see `renameFields`; default false: only whole programs may). */
  renameFields?: boolean;
  /** Filled with the bytes each module of a bundle takes in the output, by its original name. */
  moduleBytes?: Map<string, number>;
  /**
   * Filled with where each module of a bundle sits in the output, by its
   * original name: `["k"]=function(...) ... end` from `start` to `end`
   * (character offsets), and its key (`["k"]`).
   */
  moduleSpans?: Map<string, ModuleSpan>;
}

export interface ModuleSpan {
  start: number;
  end: number;
  key: string;
}

/** The token that closes the block opened by the `function` at `from` (its `end`). */
function closingEnd(t: Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const tk = t[i];
    if (tk.kind !== "keyword") continue;
    if (tk.text === "function" || tk.text === "if" || tk.text === "do" || tk.text === "repeat") depth++;
    else if (tk.text === "end" || tk.text === "until") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error("minifyLua: no end for the function at token " + from);
}

export function minifyLua(src: string, options?: MinifyOptions): string {
  const t = tokenize(src);
  let moduleNames = new Map<string, string>();
  if (options === undefined || options.renameLocals !== false) {
    const r = new Resolver(t);
    r.program();
    // Names the program uses as globals stay free of locals.
    const taken = new Set<string>(r.globals);
    taken.add("self");
    taken.add("arg");
    moduleNames = shortenModules(t, new Set<string>());
    if (options !== undefined && options.renameFields === true) renameFields(t, r);
    const locals = r.locals.filter((l) => !r.fixed.has(l));
    locals.sort((a, b) => b.tokens.length - a.tokens.length);
    const names = shortNames(taken);
    for (const l of locals) {
      const n = names.next().value as string;
      for (const at of l.tokens) t[at].text = n;
    }
  }
  const out: string[] = [];
  let prev: Token | undefined = undefined;
  let bytes = 0;
  let current = "";
  let currentStart = 0;
  const sizes = options !== undefined ? options.moduleBytes : undefined;
  const spans = options !== undefined ? options.moduleSpans : undefined;
  let spanEnd = -1;
  let span: ModuleSpan | undefined = undefined;
  for (let i = 0; i < t.length; i++) {
    const tk = t[i];
    if (tk.kind === "eof") break;
    const sep = prev !== undefined && needsSpace(prev, tk) ? " " : "";
    if ((sizes !== undefined || spans !== undefined) && tk.text === "[" && i + 4 < t.length && t[i + 1].kind === "string" && moduleNames.has(t[i + 1].text) && t[i + 4].text === "function") {
      if (sizes !== undefined && current !== "") sizes.set(current, bytes - currentStart);
      current = (moduleNames.get(t[i + 1].text) as string).slice(1, -1);
      currentStart = bytes;
      if (spans !== undefined) {
        span = { start: bytes + sep.length, end: -1, key: "[" + t[i + 1].text + "]" };
        spans.set(current, span);
        spanEnd = closingEnd(t, i + 4);
      }
    }
    out.push(sep, tk.text);
    bytes += sep.length + tk.text.length;
    prev = tk;
    if (i === spanEnd && span !== undefined) span.end = bytes;
  }
  out.push("\n");
  if (sizes !== undefined && current !== "") sizes.set(current, bytes - currentStart);
  return out.join("");
}
