/**
 * A stand-in for the Espruino globals, under Node: enough to run a built
 * LINUX bundle end to end in CI, where no interpreter exists. A virtual
 * clock (`getTime`), timers run in time order by a small event loop (an
 * interval's next time counted from when it was due, at least 0.1 ms on,
 * as Espruino does),
 * `console.log` collected, `process.memory()` with a constant usage, `quit`,
 * and pins that do nothing (`Pin` knows none). It checks the bundle's
 * wiring (host layer, kernel, app), not Espruino's own quirks: the subset
 * check and the interpreter runs cover those.
 */
import vm from "node:vm";

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: (arg?: unknown) => void;
  arg: unknown;
  /** A `setInterval`'s period in seconds (0: a timeout). */
  period: number;
}

export interface FakeRun {
  lines: string[];
  quitted: boolean;
  /** Virtual seconds at the end. */
  time: number;
  error: string | undefined;
}

/**
 * Runs `code` until it calls `quit()`, no timer is left, or `seconds` of
 * virtual time pass. Each timer callback advances the clock by `costUs`.
 * `globals` replace or add to the stand-ins (a spec's counting Int32Array).
 */
export function runFake(code: string, seconds: number, costUs = 20, globals?: Record<string, unknown>): FakeRun {
  let now = 1000;
  let seq = 0;
  let nextId = 1;
  const timers: Timer[] = [];
  const run: FakeRun = { lines: [], quitted: false, time: 0, error: undefined };
  const env = {
    getTime: () => now,
    setTimeout: (fn: (arg?: unknown) => void, ms: number, arg?: unknown) => {
      const t = { id: nextId++, at: now + Math.max(0, ms) / 1000, seq: seq++, fn: fn, arg: arg, period: 0 };
      timers.push(t);
      return t.id;
    },
    setInterval: (fn: () => void, ms: number) => {
      const period = Math.max(0.1, ms) / 1000;
      const t = { id: nextId++, at: now + period, seq: seq++, fn: fn, arg: undefined, period: period };
      timers.push(t);
      return t.id;
    },
    clearInterval: (id: number) => {
      if (id === undefined) throw new Error("clearInterval() with no id clears every interval on Espruino");
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    clearTimeout: (id: number) => {
      if (id === undefined) throw new Error("clearTimeout() with no id clears every timer on Espruino");
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    setWatch: () => 1,
    clearWatch: () => {},
    digitalWrite: () => {},
    digitalRead: () => 0,
    pinMode: () => {},
    Pin: (_name: string) => undefined,
    console: { log: (s: string) => run.lines.push(String(s)) },
    print: (s: string) => run.lines.push(String(s)),
    process: { memory: () => ({ usage: 1000, free: 1000, total: 2000 }) },
    quit: () => {
      run.quitted = true;
    },
    E: {},
    Int32Array: Int32Array,
    Int16Array: Int16Array,
    Uint8Array: Uint8Array,
    Math: Math,
    JSON: JSON,
    Error: Error,
    String: String,
    ...globals,
  };
  try {
    vm.runInNewContext(code, env);
    const end = now + seconds;
    while (!run.quitted && timers.length > 0) {
      let k = 0;
      for (let i = 1; i < timers.length; i++) if (timers[i].at < timers[k].at || (timers[i].at === timers[k].at && timers[i].seq < timers[k].seq)) k = i;
      const t = timers.splice(k, 1)[0];
      if (t.at > end) break;
      if (t.at > now) now = t.at;
      if (t.period > 0) {
        t.at += t.period;
        t.seq = seq++;
        timers.push(t);
      }
      t.fn(t.arg);
      now += costUs / 1e6;
    }
  } catch (e) {
    run.error = e instanceof Error ? e.stack || e.message : String(e);
  }
  run.time = now;
  return run;
}
