/** @noSelfInFile */
/** Time arguments for the Lua command lines (tools/sim.lua.ts, tools/nodemcu-sim.lua.ts), as tools/args.ts's parseTime. */

/** "200ms", "1s", "500us", "250" (ms) → µs; -1 when `s` is no such time. */
export function timeUs(s: string): number {
  let num = s;
  let scale = 1000;
  if (s.endsWith("us")) {
    num = s.slice(0, s.length - 2);
    scale = 1;
  } else if (s.endsWith("ms")) {
    num = s.slice(0, s.length - 2);
  } else if (s.endsWith("s")) {
    num = s.slice(0, s.length - 1);
    scale = 1000000;
  }
  const v = tonumber(num);
  if (v === undefined || v < 0) return -1;
  return Math.floor(v * scale + 0.5);
}
