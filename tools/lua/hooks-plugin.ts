/**
 * A typescript-to-lua plugin for board bundles: the kernel's debug hooks
 * (`HOOKS` from `#hooks`: tracing, the after-step checker) are off, and
 * their code is left out, as terser leaves it out of the Espruino bundles.
 * Board hosts never trace (boards/nodemcu/host.ts).
 *
 * - `if (HOOKS && ...) S` becomes nothing (or its `else` branch);
 * - `x || (HOOKS && ...)` becomes `x` (either side);
 * - any other `HOOKS && ...`, and `HOOKS` itself, becomes `false`.
 *
 * Only an identifier bound to the `HOOKS` export of kernel/port/hooks-*.ts
 * counts; a local of the same name is left alone.
 */
import ts from "typescript";
import * as tstl from "typescript-to-lua";

function isHooks(e: ts.Expression, checker: ts.TypeChecker): boolean {
  if (!ts.isIdentifier(e) || e.text !== "HOOKS") return false;
  let sym = checker.getSymbolAtLocation(e);
  if (sym === undefined) return false;
  if ((sym.flags & ts.SymbolFlags.Alias) !== 0) sym = checker.getAliasedSymbol(sym);
  const decl = sym.declarations !== undefined ? sym.declarations[0] : undefined;
  return decl !== undefined && /kernel\/port\/hooks-(on|off)\.ts$/.test(decl.getSourceFile().fileName.replace(/\\/g, "/"));
}

/** `HOOKS`, or `HOOKS && x && ...` (in parentheses or not). */
function startsWithHooks(e: ts.Expression, checker: ts.TypeChecker): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (isHooks(e, checker)) return true;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && startsWithHooks(e.left, checker);
}

export const hooksOffPlugin: tstl.Plugin = {
  visitors: {
    [ts.SyntaxKind.Identifier]: (node, context) => {
      if (isHooks(node, context.checker)) return tstl.createBooleanLiteral(false, node);
      return context.superTransformExpression(node);
    },
    [ts.SyntaxKind.IfStatement]: (node, context) => {
      if (startsWithHooks(node.expression, context.checker)) return node.elseStatement !== undefined ? context.transformStatements(node.elseStatement) : [];
      return context.superTransformStatements(node);
    },
    [ts.SyntaxKind.BinaryExpression]: (node, context) => {
      if (node.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
        if (startsWithHooks(node.right, context.checker)) return context.transformExpression(node.left);
        if (startsWithHooks(node.left, context.checker)) return context.transformExpression(node.right);
      }
      if (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && startsWithHooks(node, context.checker)) return tstl.createBooleanLiteral(false, node);
      return context.superTransformExpression(node);
    },
  },
};
