/**
 * What the tools share about their arguments once tools/cli.ts has parsed
 * them: the error a bad argument raises (exit code 2), the exit for errors
 * found while a tool runs, and the parser for times.
 */

/** A bad argument: tools/cli.ts prints the message, which names the argument, and exits with code 2. */
export class UsageError extends Error {}

/** Prints `error: <message>` and exits with code 2 (a tool's input turned out unusable while it ran). */
export function die(message: string): never {
  console.error("error: " + message);
  process.exit(2);
}

/** "200ms", "1s", "500us", "250" (ms) → µs; `what` names the argument in the error. */
export function parseTime(s: string, what = "time"): number {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s)?$/.exec(s.trim());
  if (m === null) throw new UsageError(what + ": bad time '" + s + "': use a number with us, ms or s (200ms, 1s, 500us)");
  const v = parseFloat(m[1]);
  const unit = m[2] === undefined ? "ms" : m[2];
  return Math.round(unit === "us" ? v : unit === "ms" ? v * 1000 : v * 1000000);
}
