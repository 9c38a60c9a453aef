/**
 * Espruino built-ins the host layer uses that `@types/espruino` 1.95 does
 * not declare (it leaves timers, `console` and `process` to other libraries,
 * which would bring Node's or the browser's). Typed after the Espruino 2v29
 * reference. Only the Espruino build's tsconfig (boards/espruino/tsconfig.json)
 * sees this file.
 */

/** Calls `fn` once after `ms` milliseconds (0: at the next turn of the event loop); returns the timeout's id. */
declare function setTimeout(fn: () => void, ms: number): number;
/** ... passing `arg` to `fn`. */
declare function setTimeout<A>(fn: (arg: A) => void, ms: number, arg: A): number;

/** Calls `fn` every `ms` milliseconds (at least 0.1) until `clearInterval`; returns the interval's id. */
declare function setInterval(fn: () => void, ms: number): number;

/** Prints its argument and a newline to the console. */
declare const console: { log(text: string): void };

declare const process: {
  /** Runs a garbage collection, then reports variables in use (`usage`), free and in total. */
  memory(): { usage: number; free: number; total: number };
  env: { BOARD: string; VERSION: string };
};

/** Ends the interpreter (the Linux build only; undefined on boards). */
declare const quit: (() => void) | undefined;

/** The pin with this name ("B2", "D17"), or undefined when the board has none. */
declare function Pin(name: string): Pin | undefined;

/** The event a pin watch's callback receives; `time` is stamped in the interrupt. */
interface WatchEvent {
  state: boolean;
  time: number;
  lastTime: number;
}
