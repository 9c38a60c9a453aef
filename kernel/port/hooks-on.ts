/** @noSelfInFile */
/**
 * The kernel's debug hooks exist in this build: tracing (`host.trace`), the
 * after-step checker and the switch that turns the IPC fast paths off. The
 * `#hooks` alias picks this module for the simulator, the tests and Lua;
 * board bundles for Espruino get `hooks-off.ts`, and the minifier drops the
 * hooks' code (their hosts never trace).
 */
export const HOOKS: boolean = true;
