/** Small command-line helpers shared by the tools. */

export function argValue(name: string, fallback: string): string {
  const a = process.argv;
  for (let i = 2; i < a.length; i++) {
    if (a[i] === name && i + 1 < a.length) return a[i + 1];
    if (a[i].startsWith(name + "=")) return a[i].slice(name.length + 1);
  }
  return fallback;
}

export function argOptional(name: string): string | undefined {
  const v = argValue(name, "\u0000");
  return v === "\u0000" ? undefined : v;
}

export function hasFlag(name: string): boolean {
  return process.argv.indexOf(name) >= 2;
}

export function die(message: string): never {
  console.error("error: " + message);
  process.exit(2);
}

/** "200ms", "1s", "500us", "250" (ms) → µs. */
export function parseTime(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s)?$/.exec(s.trim());
  if (m === null) die("bad time '" + s + "': use a number with us, ms or s");
  const v = parseFloat(m[1]);
  const unit = m[2] === undefined ? "ms" : m[2];
  return Math.round(unit === "us" ? v : unit === "ms" ? v * 1000 : v * 1000000);
}
