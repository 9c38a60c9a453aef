/**
 * A typescript-to-lua plugin that compiles JavaScript's 32-bit bitwise
 * operators for Lua 5.1 to calls of the `bit` module (NodeMCU's `bit`, or
 * LuaBitOp: Debian's lua-bitop, LuaJIT's built-in), giving JavaScript's
 * answers:
 *
 * | TypeScript | Lua                                   |
 * |------------|---------------------------------------|
 * | `a & b`    | `bit.band(a, b)`                      |
 * | `a \| b`   | `bit.bor(a, b)`                       |
 * | `a ^ b`    | `bit.bxor(a, b)`                      |
 * | `a << b`   | `bit.lshift(a, b)`                    |
 * | `a >> b`   | `bit.arshift(a, b)` (sign-filling)    |
 * | `a >>> b`  | `bit.rshift(a, b) % 4294967296`       |
 * | `~a`       | `bit.bnot(a)`                         |
 * | `a \|= b`… | `a = bit.bor(a, b)` (and the others)  |
 *
 * The `bit` functions return signed 32-bit results, as JavaScript does for
 * every operator but `>>>`, whose result is unsigned: `% 4294967296` maps a
 * negative result onto 2^32 + result (Lua's `%` takes the sign of the
 * divisor). When a `>>>` result is itself an operand of another bitwise
 * operator, the conversion is left out: both views are the same 32 bits.
 *
 * Operands must be integers: JavaScript truncates a fraction toward zero,
 * the `bit` libraries round it (LuaBitOp) or fail; the kernel keeps
 * fractions away from bitwise operators (`Math.floor` first).
 *
 * Every emitted file starts with `local bit = bit or require("bit")`, so a
 * bundle finds the firmware's global `bit` or loads the library on a host,
 * and reads it as a local.
 *
 * TypeScript-to-Lua itself rejects these operators for Lua 5.1; this plugin
 * takes them over before that check runs.
 */
import ts from "typescript";
import * as tstl from "typescript-to-lua";

const lua = tstl;

/** `bit` function for each binary operator. */
const BIT_FN = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.AmpersandToken, "band"],
  [ts.SyntaxKind.BarToken, "bor"],
  [ts.SyntaxKind.CaretToken, "bxor"],
  [ts.SyntaxKind.LessThanLessThanToken, "lshift"],
  [ts.SyntaxKind.GreaterThanGreaterThanToken, "arshift"],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, "rshift"],
]);

/** The plain operator behind each compound assignment. */
const COMPOUND = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.AmpersandToken],
  [ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.BarToken],
  [ts.SyntaxKind.CaretEqualsToken, ts.SyntaxKind.CaretToken],
  [ts.SyntaxKind.LessThanLessThanEqualsToken, ts.SyntaxKind.LessThanLessThanToken],
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanToken],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken],
]);

export const PRELUDE = 'local bit = bit or require("bit")\n';
const TWO_32 = 4294967296;

/** Diagnostic codes this plugin reports. */
export const DIAG_COMPOUND_TARGET = 100601;
export const DIAG_IMPLICIT_SELF = 100602;
export const DIAG_NIL_IN_ARRAY = 100603;

function bitCall(fn: string, args: tstl.Expression[], node: ts.Node): tstl.Expression {
  return lua.createCallExpression(lua.createTableIndexExpression(lua.createIdentifier("bit"), lua.createStringLiteral(fn)), args, node);
}

/** True when the value of `node` is only ever read as 32 bits by another bitwise operator. */
function feedsBitOperator(node: ts.Node): boolean {
  let child: ts.Node = node;
  let p = node.parent;
  while (p !== undefined && ts.isParenthesizedExpression(p)) {
    child = p;
    p = p.parent;
  }
  if (p === undefined) return false;
  if (ts.isPrefixUnaryExpression(p)) return p.operator === ts.SyntaxKind.TildeToken;
  if (!ts.isBinaryExpression(p)) return false;
  const op = p.operatorToken.kind;
  if (BIT_FN.has(op)) return true;
  return COMPOUND.has(op) && p.right === child;
}

/** Transforms `left OP right` (OP a plain bitwise operator), evaluating left before right. */
function transformBitOp(context: tstl.TransformationContext, node: ts.Node, op: ts.SyntaxKind, left: ts.Expression, right: ts.Expression): tstl.Expression {
  let l = context.transformExpression(left);
  context.pushPrecedingStatements();
  const r = context.transformExpression(right);
  const pre = context.popPrecedingStatements();
  if (pre.length > 0) {
    // The right operand needs statements of its own: keep the left one's value first.
    const tmp = context.createTempNameForLuaExpression(l);
    context.addPrecedingStatements([lua.createVariableDeclarationStatement(tmp, l), ...pre]);
    l = lua.cloneIdentifier(tmp);
  }
  const call = bitCall(BIT_FN.get(op) as string, [l, r], node);
  if (op !== ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken || feedsBitOperator(node)) return call;
  return lua.createBinaryExpression(call, lua.createNumericLiteral(TWO_32), lua.SyntaxKind.ModuloOperator, node);
}

/** An assignment target that can be read and written twice without side effects. */
function isPlainTarget(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isParenthesizedExpression(e)) return isPlainTarget(e.expression);
  if (ts.isPropertyAccessExpression(e)) return isPlainTarget(e.expression);
  if (ts.isElementAccessExpression(e)) {
    const a = e.argumentExpression;
    return isPlainTarget(e.expression) && (ts.isNumericLiteral(a) || ts.isStringLiteral(a) || isPlainTarget(a));
  }
  return false;
}

function isCompoundBit(e: ts.Expression): e is ts.BinaryExpression {
  return ts.isBinaryExpression(e) && COMPOUND.has(e.operatorToken.kind);
}

/** `a OP= b` as the statement `a = bit.fn(a, b)`. */
function compoundStatement(context: tstl.TransformationContext, node: ts.BinaryExpression): tstl.Statement {
  if (!isPlainTarget(node.left)) {
    context.diagnostics.push({
      category: ts.DiagnosticCategory.Error,
      code: DIAG_COMPOUND_TARGET,
      file: node.getSourceFile(),
      start: node.getStart(),
      length: node.getWidth(),
      messageText: "bit plugin: a compound bitwise assignment needs a plain target (a name, or a property or index of names); write `x = x | y`",
      source: "baton",
    });
  }
  const op = COMPOUND.get(node.operatorToken.kind) as ts.SyntaxKind;
  const value = transformBitOp(context, node, op, node.left, node.right);
  const target = context.transformExpression(node.left) as tstl.AssignmentLeftHandSideExpression;
  return lua.createAssignmentStatement(target, value, node);
}

/**
 * TSTL gives a function a `self` parameter unless its type says otherwise
 * (`noImplicitSelf` makes that the default), but a function type written
 * directly as the type of an interface or class property counts as a method
 * (`self` first), while the same type inside a union does not. A value that
 * crosses from one to the other, which TSTL does not always catch, is
 * called with its arguments shifted by one. So a property typed as a
 * function must say `this: void` (or name its `this`).
 */
function implicitSelfProperties(program: ts.Program): ts.Diagnostic[] {
  const out: ts.Diagnostic[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || sf.fileName.indexOf("/node_modules/") >= 0) continue;
    const visit = (n: ts.Node): void => {
      if ((ts.isPropertySignature(n) || ts.isPropertyDeclaration(n)) && n.type !== undefined && ts.isFunctionTypeNode(n.type)) {
        const p = n.type.parameters[0];
        if (p === undefined || !ts.isIdentifier(p.name) || p.name.text !== "this") {
          out.push({
            category: ts.DiagnosticCategory.Error,
            code: DIAG_IMPLICIT_SELF,
            file: sf,
            start: n.type.getStart(sf),
            length: n.type.getWidth(sf),
            messageText: "Lua: property '" + n.name.getText(sf) + "' has a function type without `this`: write `(this: void, ...) => ...` so that it compiles to a plain call",
            source: "baton",
          });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

function mayBeNil(checker: ts.TypeChecker, e: ts.Expression): boolean {
  const t = checker.getTypeAtLocation(e);
  const nil = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
  if ((t.flags & nil) !== 0) return true;
  return t.isUnion() && t.types.some((u) => (u.flags & nil) !== 0);
}

/**
 * A Lua table has no room for nil: `a.push(x)` with x undefined adds
 * nothing (the next push lands in its place), and `[a, x, b]` loses its
 * length. Reports both when the value's type admits undefined or null.
 */
function nilInArrays(program: ts.Program): ts.Diagnostic[] {
  const out: ts.Diagnostic[] = [];
  const checker = program.getTypeChecker();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || sf.fileName.indexOf("/node_modules/") >= 0) continue;
    const report = (e: ts.Expression, what: string): void => {
      out.push({
        category: ts.DiagnosticCategory.Error,
        code: DIAG_NIL_IN_ARRAY,
        file: sf,
        start: e.getStart(sf),
        length: e.getWidth(sf),
        messageText: "Lua: " + what + " may be undefined, which a Lua table cannot hold (it leaves a hole and shifts what follows); store by index or use a sentinel",
        source: "baton",
      });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "push" && checker.isArrayType(checker.getTypeAtLocation(n.expression.expression))) {
        for (const a of n.arguments) if (mayBeNil(checker, a)) report(a, "a value pushed onto an array");
      } else if (ts.isArrayLiteralExpression(n)) {
        for (const a of n.elements) if (!ts.isSpreadElement(a) && !ts.isOmittedExpression(a) && mayBeNil(checker, a)) report(a, "an element of an array literal");
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

export const bitPlugin: tstl.Plugin = {
  beforeTransform(program) {
    return [...implicitSelfProperties(program), ...nilInArrays(program)];
  },
  visitors: {
    [ts.SyntaxKind.BinaryExpression]: (node, context) => {
      const op = node.operatorToken.kind;
      if (BIT_FN.has(op)) return transformBitOp(context, node, op, node.left, node.right);
      if (COMPOUND.has(op)) {
        context.addPrecedingStatements(compoundStatement(context, node));
        return context.transformExpression(node.left);
      }
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.ExpressionStatement]: (node, context) => {
      const e = node.expression;
      if (isCompoundBit(e)) {
        context.pushPrecedingStatements();
        const st = compoundStatement(context, e);
        return [...context.popPrecedingStatements(), st];
      }
      return context.superTransformStatements(node);
    },
    [ts.SyntaxKind.PrefixUnaryExpression]: (node, context) => {
      if (node.operator === ts.SyntaxKind.TildeToken) return bitCall("bnot", [context.transformExpression(node.operand)], node);
      return context.superTransformExpression(node);
    },
  },
  beforeEmit(_program, _options, _host, result) {
    for (const file of result) {
      if (file.code.indexOf("bit.") >= 0) file.code = PRELUDE + file.code;
    }
  },
};

export default bitPlugin;
