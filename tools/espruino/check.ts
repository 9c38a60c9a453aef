/**
 * The check of a built bundle's syntax against what Espruino 2v29 accepts:
 * the bundle is parsed as a script (espree, through ESLint's Linter, with
 * the newest syntax on, so that a forbidden feature is reported by name
 * instead of failing the parse) and walked by the rules of
 * tools/espruino/subset.js: forbidden node types, globals and members,
 * globals Espruino does not have (`no-undef` against its built-ins), and
 * functions used before their declaration has run (no hoisting).
 */
import { Linter } from "eslint";
import esx from "eslint-plugin-es-x";
import { BUNDLE_RULES, ESPRUINO_GLOBALS, batonPlugin } from "./subset.js";

export interface BundleProblem {
  line: number;
  column: number;
  rule: string;
  message: string;
  /** The bundle's text around the problem. */
  excerpt: string;
}

const linter = new Linter({ configType: "flat" });

const CONFIG: Linter.Config[] = [
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: "latest", sourceType: "script", globals: ESPRUINO_GLOBALS },
    plugins: { "es-x": esx as unknown as NonNullable<Linter.Config["plugins"]>[string], baton: batonPlugin },
    settings: { "es-x": { aggressive: true } },
    rules: BUNDLE_RULES,
  },
];

function excerpt(code: string, line: number, column: number): string {
  const lines = code.split("\n");
  const text = lines[line - 1] !== undefined ? lines[line - 1] : "";
  const from = Math.max(0, column - 30);
  return text.slice(from, column + 30);
}

/** Every problem Espruino would have with `code` (empty: the bundle is in the subset). */
export function checkBundle(code: string): BundleProblem[] {
  const messages = linter.verify(code, CONFIG, { filename: "bundle.js" });
  return messages.map((m) => ({
    line: m.line,
    column: m.column,
    rule: m.ruleId !== null ? m.ruleId : "parse",
    message: m.message,
    excerpt: excerpt(code, m.line, m.column),
  }));
}

/** One line per problem, for reports. */
export function formatProblems(file: string, problems: BundleProblem[]): string[] {
  return problems.map((p) => file + ":" + p.line + ":" + p.column + " " + p.rule + ": " + p.message + "  [" + p.excerpt + "]");
}
