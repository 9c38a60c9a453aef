/**
 * What the tools share about their arguments once tools/cli.ts has parsed
 * them: the error a bad argument raises (exit code 2), the exit for errors
 * found while a tool runs, and the parser for times.
 */
import { TIME_FORMS, timeText } from "../sim/time";

/** A bad argument: tools/cli.ts prints the message, which names the argument, and exits with code 2. */
export class UsageError extends Error {}

/** Prints `error: <message>` and exits with code 2 (a tool's input turned out unusable while it ran). */
export function die(message: string): never {
  console.error("error: " + message);
  process.exit(2);
}

/**
 * A time on the command line, "200ms", "1s", "500us", "1.5ms", → µs, by
 * sim/time.ts's rule, the test kit's: a number without its unit is refused
 * with the accepted forms. `what` names the argument in the error.
 */
export function parseTime(s: string, what = "time"): number {
  const t = s.trim();
  const v = timeText(t);
  if (v >= 0) return v;
  const bare = t !== "" && timeText(t + "us") >= 0;
  throw new UsageError(what + ": bad time '" + s + "': " + (bare ? "a time needs its unit (" + t + "us, " + t + "ms or " + t + "s); " : "") + "use " + TIME_FORMS);
}
