/** @noSelfInFile */
/**
 * What a simulator run's exit code says, for both command lines (`baton
 * sim`, tools/sim.ts, and `lua5.1 dist/lua/sim.lua`, tools/sim.lua.ts):
 * a fault or a deadlock fails the run unless the app is run with
 * `--allow-faults`. Plain code: it compiles to Lua.
 */

/**
 * The exit code of a run:
 * 1, after a line to `err` naming what went wrong (after `label`), when tasks faulted or a
 * deadlock was found, unless `allowFaults`; else 0.
 */
export function verdict(label: string, faulted: string[], deadlock: string | undefined, allowFaults: boolean, err: (this: void, line: string) => void): number {
  if (allowFaults || (faulted.length === 0 && deadlock === undefined)) return 0;
  const what: string[] = [];
  if (faulted.length > 0) what.push((faulted.length === 1 ? "task " : "tasks ") + faulted.join(", ") + " faulted");
  if (deadlock !== undefined) what.push("deadlock: " + deadlock);
  err(label + ": " + what.join("; ") + " (see the summary); --allow-faults runs an app that does so on purpose");
  return 1;
}
