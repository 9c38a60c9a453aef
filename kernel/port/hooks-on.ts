/** @noSelfInFile */
/**
 * The kernel's debug hooks exist in this build: tracing (`host.trace`), the
 * after-step checker. The
 * `#hooks` alias picks this module for the simulator and the tests (under
 * Node and Lua). Board bundles leave the hooks' code out (their hosts never
 * trace): Espruino's get `hooks-off.ts` and terser drops it; Lua's are
 * built with tools/lua/hooks-plugin.ts, which reads `HOOKS` as false.
 */
export const HOOKS: boolean = true;
