/** Types of tools/espruino/subset.js (plain JavaScript, shared with eslint.config.js). */
import type { ESLint, Linter } from "eslint";

export declare const FORBIDDEN_SYNTAX: { selector: string; message: string }[];
export declare const NO_NESTED_FUNCTION_SOURCE: { selector: string; message: string };
export declare const NO_NESTED_FUNCTION_BUNDLE: { selector: string; message: string };
export declare const FORBIDDEN_SYNTAX_BUNDLE: { selector: string; message: string }[];
export declare const FORBIDDEN_GLOBALS: { name: string; message: string }[];
export declare const FORBIDDEN_PROPERTIES: { object?: string; property: string; message: string }[];
export declare const ES_X_RULES: Linter.RulesRecord;
export declare const SOURCE_RULES: Linter.RulesRecord;
export declare const BUNDLE_RULES: Linter.RulesRecord;
export declare const ESPRUINO_GLOBALS: Linter.Globals;
export declare const batonPlugin: ESLint.Plugin;
