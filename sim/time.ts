/** @noSelfInFile */
/**
 * The one rule for times given as text, everywhere a person types one: the
 * `baton` command line (tools/cli.ts), the Lua command lines
 * (dist/lua/sim.lua, dist/lua/nodemcu-sim.lua, dist/lua/diff.lua) and the
 * test kit's strings (sim/testing.ts). A time is a number with its unit:
 * "200us", "5ms", "1.5ms", "2s"; a number without a unit ("2") is refused
 * with these forms, never guessed. In code, the test kit's plain numbers
 * are µs, the unit of every time it returns.
 *
 * Plain string code (no regular expressions): it runs under Lua too.
 */

/** The accepted forms, for messages. */
export const TIME_FORMS = "a number with its unit: 200us, 5ms, 1.5ms, 2s";

/** The number in `text`: digits, with an optional fraction ("1.5"); -1 when it is no such number. */
function decimal(text: string): number {
  let whole = 0;
  let frac = 0;
  let div = 1;
  let dot = false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && !dot && digits > 0) {
      dot = true;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (dot) {
        frac = frac * 10 + (c - 48);
        div = div * 10;
      } else {
        whole = whole * 10 + (c - 48);
      }
      digits++;
    } else {
      return -1;
    }
  }
  return digits > 0 ? whole + frac / div : -1;
}

/**
 * `text` as whole µs ("200us" 200, "5ms" 5000, "1.5ms" 1500, "2s"
 * 2000000; rounded to the nearest µs), or -1 when it is no time with a
 * unit: "2" (no unit), "5 ms", "-1ms", "1h".
 */
export function timeText(text: string): number {
  let scale = 1000000;
  let cut = 1;
  if (text.endsWith("us")) {
    scale = 1;
    cut = 2;
  } else if (text.endsWith("ms")) {
    scale = 1000;
    cut = 2;
  } else if (!text.endsWith("s")) {
    return -1;
  }
  const v = decimal(text.slice(0, text.length - cut));
  if (v < 0) return -1;
  return Math.floor(v * scale + 0.5);
}
