/** @noSelfInFile */
/** Time arguments for the Lua command lines (tools/sim.lua.ts, tools/nodemcu-sim.lua.ts, tools/diff.lua.ts): sim/time.ts's rule, as `baton`'s. */
import { TIME_FORMS, timeText } from "../sim/time";

/** "200ms", "1s", "500us" → µs; -1 when `s` is no time with a unit (a bare "250" included). */
export function timeUs(s: string): number {
  return timeText(s);
}

/** What a bad time argument is told. */
export function timeForms(s: string): string {
  return "bad time '" + s + "': use " + TIME_FORMS;
}
