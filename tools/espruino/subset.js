// The TypeScript subset that runs on Espruino 2v29 (and compiles to Lua), as
// ESLint rules: one list for the TypeScript sources of code that runs on a
// device (eslint.config.js), one for the built bundles (tools/espruino/check.ts).
// Every entry is a fact checked on the interpreter (docs/espruino.md,
// "What the subset forbids"). Plain JavaScript: eslint.config.js imports it.

/** Syntax Espruino cannot parse or run, as `no-restricted-syntax` selectors. */
export const FORBIDDEN_SYNTAX = [
  { selector: "ObjectPattern", message: "Destructuring: Espruino cannot parse it." },
  { selector: "ArrayPattern", message: "Destructuring: Espruino cannot parse it." },
  { selector: "SpreadElement", message: "Spread: Espruino cannot parse it." },
  { selector: "RestElement", message: "Rest parameters and elements: Espruino cannot parse them." },
  { selector: "AssignmentPattern", message: "Default parameters: Espruino cannot parse them; test for undefined instead." },
  { selector: "BinaryExpression[operator='**']", message: "`**`: Espruino cannot parse it; use Math.pow." },
  { selector: "AssignmentExpression[operator='**=']", message: "`**=`: Espruino cannot parse it; use Math.pow." },
  { selector: "AssignmentExpression[operator=/^(\\?\\?|\\|\\||&&)=$/]", message: "Logical assignment (??=, ||=, &&=): Espruino cannot parse it." },
  { selector: "Property[computed=true]", message: "Computed keys ({[k]: v}): Espruino cannot parse them." },
  { selector: "MethodDefinition[computed=true]", message: "Computed keys: Espruino cannot parse them." },
  { selector: "PropertyDefinition[computed=true]", message: "Computed keys: Espruino cannot parse them." },
  { selector: "TaggedTemplateExpression", message: "Tagged templates: Espruino cannot parse them." },
  { selector: ":function[generator=true]", message: "Generators: Espruino has none." },
  { selector: ":function[async=true]", message: "async functions: Espruino has none." },
  { selector: "AwaitExpression", message: "await: Espruino has none." },
  { selector: "MetaProperty", message: "new.target / import.meta: Espruino cannot parse them." },
  { selector: "PrivateIdentifier", message: "Private class members (#x): Espruino cannot parse them." },
  { selector: "StaticBlock", message: "Class static blocks: Espruino cannot parse them." },
  { selector: "ImportExpression", message: "Dynamic import: the bundle has no module loader." },
  { selector: "Literal[bigint]", message: "BigInt: Espruino has none." },
  { selector: ":matches(ClassDeclaration, ClassExpression)[superClass.name=/Error$/]", message: "`extends Error` does not work on Espruino: throw new Error(...) instead." },
  { selector: "AssignmentExpression > MemberExpression.left[property.name='length']", message: "Assigning `.length` throws on Espruino." },
  {
    selector: "MemberExpression[object.type='MemberExpression'][object.object.name=/^(Array|Object|String|Number|Function|Math|Int32Array|Uint8Array)$/][object.property.name='prototype']",
    message: "Built-in prototypes look empty on Espruino (Array.prototype.slice is undefined).",
  },
];

/**
 * Functions created inside functions: on Espruino each evaluation creates a
 * function object and copies its source text (no allocation after boot, and
 * slow). In the sources, functions live at module level, and in a bundle at
 * its top level.
 */
const NESTED_FUNCTION = "Functions created inside functions: Espruino allocates a function object and copies its source each time; declare functions at module level.";
export const NO_NESTED_FUNCTION_SOURCE = { selector: ":function :function", message: NESTED_FUNCTION };
export const NO_NESTED_FUNCTION_BUNDLE = { selector: ":function :function", message: NESTED_FUNCTION + " (In a bundle: check the minifier's inlining, e.g. terser's reduce_funcs.)" };

/** ... and, in a bundle, what TypeScript lowers in sources but Espruino cannot parse. */
export const FORBIDDEN_SYNTAX_BUNDLE = FORBIDDEN_SYNTAX.concat([
  NO_NESTED_FUNCTION_BUNDLE,
  { selector: "ChainExpression", message: "Optional chaining (?.): Espruino cannot parse it (TypeScript lowers it for es2019: check the target)." },
  { selector: "LabeledStatement", message: "Labels: Espruino cannot parse them." },
]);

/** Globals Espruino does not have. */
export const FORBIDDEN_GLOBALS = ["Map", "Set", "WeakMap", "WeakSet", "Symbol", "Proxy", "Reflect", "BigInt", "WeakRef", "FinalizationRegistry", "Intl", "SharedArrayBuffer", "Atomics"].map(
  (name) => ({ name: name, message: name + ": Espruino 2v29 has none (use arrays and typed arrays indexed by id)." }),
);

function missing(object, names) {
  return names.map((property) => ({ object: object, property: property, message: object + "." + property + ": missing on Espruino 2v29." }));
}

/** Static members Espruino lacks. */
export const FORBIDDEN_PROPERTIES = [
  ...missing("Math", ["imul", "clz32", "trunc", "log2", "log10", "hypot", "cbrt", "fround", "expm1", "log1p", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh"]),
  ...missing("Array", ["from", "of"]),
  ...missing("Object", ["freeze", "is", "seal", "isFrozen", "isSealed", "fromEntries", "getOwnPropertyDescriptors", "hasOwn", "groupBy"]),
  ...missing("Number", ["isInteger", "isFinite", "isNaN", "isSafeInteger", "parseInt", "parseFloat", "MAX_SAFE_INTEGER", "MIN_SAFE_INTEGER", "EPSILON"]),
  ...missing("String", ["fromCodePoint"]),
  ...["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array"].flatMap((t) => missing(t, ["from", "of"])),
  // Instance methods Espruino lacks (any object: the check cannot see types).
  ...["lastIndexOf", "flat", "flatMap", "findLast", "findLastIndex", "codePointAt", "trimStart", "trimEnd", "toLocaleString", "at"].map((property) => ({
    property: property,
    message: "." + property + ": missing on Espruino 2v29.",
  })),
];

/** eslint-plugin-es-x rules for what the lists above do not cover (regular expressions, escapes). */
export const ES_X_RULES = {
  "es-x/no-regexp-lookbehind-assertions": "error",
  "es-x/no-regexp-named-capture-groups": "error",
  "es-x/no-regexp-s-flag": "error",
  "es-x/no-regexp-unicode-property-escapes": "error",
  "es-x/no-regexp-d-flag": "error",
  "es-x/no-regexp-v-flag": "error",
  "es-x/no-unicode-codepoint-escapes": "error",
  "es-x/no-async-iteration": "error",
  "es-x/no-class-static-block": "error",
  "es-x/no-class-private-fields": "error",
  "es-x/no-class-private-methods": "error",
  "es-x/no-weakrefs": "error",
  "es-x/no-top-level-await": "error",
};

/**
 * A function declaration is not hoisted on Espruino: calling (or taking) a
 * function before its declaration has run fails. Reports references to a
 * function declared later in the same scope from code that runs at once
 * (not from inside another function, which runs later). The bundle check
 * uses it; the sources use the stricter core `no-use-before-define`.
 */
const noEarlyFunctionUse = {
  meta: { type: "problem", docs: { description: "no use of a function declaration before it runs (Espruino does not hoist)" }, schema: [] },
  create(context) {
    function functionScope(scope) {
      let s = scope;
      while (s.type !== "function" && s.type !== "global" && s.type !== "module" && s.upper !== null) s = s.upper;
      return s;
    }
    return {
      "Program:exit"(node) {
        const manager = context.sourceCode.scopeManager;
        for (const scope of manager.scopes) {
          for (const variable of scope.variables) {
            const def = variable.defs[0];
            if (def === undefined || def.type !== "FunctionName") continue;
            const declared = def.node.range[0];
            const home = functionScope(variable.scope);
            for (const ref of variable.references) {
              if (ref.identifier.range[0] >= declared) continue;
              if (functionScope(ref.from) !== home) continue;
              context.report({ node: ref.identifier, message: "'" + variable.name + "' is used before its declaration runs (Espruino does not hoist functions)." });
            }
          }
        }
        void node;
      },
    };
  },
};

export const batonPlugin = { meta: { name: "baton" }, rules: { "no-early-function-use": noEarlyFunctionUse } };

/** Rules for the TypeScript sources of device code. */
export const SOURCE_RULES = {
  "no-restricted-syntax": ["error", ...FORBIDDEN_SYNTAX, NO_NESTED_FUNCTION_SOURCE],
  "no-restricted-globals": ["error", ...FORBIDDEN_GLOBALS],
  "no-restricted-properties": ["error", ...FORBIDDEN_PROPERTIES],
  "no-labels": "error",
  "no-use-before-define": ["error", { functions: true, classes: true, variables: false }],
  "no-var": "error",
  ...ES_X_RULES,
};

/** The globals a bundle may use: ES built-ins Espruino has, and Espruino's own. */
export const ESPRUINO_GLOBALS = Object.fromEntries(
  [
    "Math", "JSON", "Object", "Array", "String", "Number", "Boolean", "Function", "Error", "TypeError", "RangeError", "SyntaxError",
    "ReferenceError", "InternalError", "Date", "RegExp", "Promise", "ArrayBuffer", "DataView", "Int8Array", "Uint8Array",
    "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
    "parseInt", "parseFloat", "isNaN", "isFinite", "Infinity", "NaN", "undefined", "eval",
    "getTime", "setTime", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "changeInterval", "setWatch", "clearWatch",
    "digitalWrite", "digitalRead", "digitalPulse", "pinMode", "analogRead", "analogWrite", "Pin", "print", "console", "process",
    "quit", "E", "global", "reset", "load", "save", "require",
  ].map((name) => [name, "readonly"]),
);

/** Rules for a built bundle (plain JavaScript, minified). */
export const BUNDLE_RULES = {
  "no-restricted-syntax": ["error", ...FORBIDDEN_SYNTAX_BUNDLE],
  "no-restricted-globals": ["error", ...FORBIDDEN_GLOBALS],
  "no-restricted-properties": ["error", ...FORBIDDEN_PROPERTIES],
  "no-labels": "error",
  "no-undef": "error",
  // A bundle is top-level code: a name of its own must not hide one of Espruino's globals.
  "no-redeclare": ["error", { builtinGlobals: true }],
  "baton/no-early-function-use": "error",
  ...ES_X_RULES,
};
