// The subset check for the code that runs on a device: the TypeScript of
// kernel/, drivers/, boards/espruino/ and apps/ may use only what Espruino
// 2v29 runs and typescript-to-lua compiles (tools/espruino/subset.js; the
// reasons are in docs/espruino.md). Built bundles get the same check, and a
// few more rules, from tools/espruino/check.ts (`npm run lint`).
import tseslint from "typescript-eslint";
import esx from "eslint-plugin-es-x";
import { SOURCE_RULES } from "./tools/espruino/subset.js";

export default [
  { ignores: ["dist/**", "out/**", "node_modules/**", "**/*.d.ts", "**/*.lua.ts", "kernel/port/lua.ts"] },
  {
    files: ["kernel/**/*.ts", "drivers/**/*.ts", "boards/espruino/**/*.ts", "apps/**/*.ts"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "es-x": esx },
    settings: { "es-x": { aggressive: true } },
    rules: SOURCE_RULES,
  },
];
