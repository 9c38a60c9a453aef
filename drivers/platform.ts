/** @noSelfInFile */
/**
 * Host services for apps, beyond what the kernel gives tasks: a log line, a
 * fine clock, memory in use, the end of the program, and software edges.
 *
 * Apps stay portable: they call `platform.*` and never a host global, and
 * read what differs between boards from it (a button's active level). Each
 * host fills the slots in with `setPlatform` before it boots an app (the
 * Espruino host layer, the NodeMCU host layer, a simulator harness). Until
 * then every slot is a harmless default: no output, no memory figure, no
 * edges, every pin active high, so an app still boots anywhere.
 *
 * Every member may be called from a task's step; none of them blocks, and
 * none touches the kernel at once: software edges are raised later, from
 * the host's loop, exactly as a pin edge would be.
 */

export interface Platform {
  /** Prints one line of text (the host's log or console). */
  log(this: void, line: string): void;
  /** A fine clock in µs, a wrapping 32-bit integer (the one IRQ stamps use). */
  micros(this: void): number;
  /** Memory in use in the host's own unit (Espruino: variables), or -1 when the host cannot tell. */
  memoryUsed(this: void): number;
  /** Ends the program where that means something (the Espruino Linux build); elsewhere does nothing. */
  quit(this: void): void;
  /**
   * Raises IRQ `irq` `count` times from the host loop, soon, all stamped
   * with the time of this call: a software source standing for a pin.
   * Ids out of range are ignored.
   */
  softEdge(this: void, irq: number, count: number): void;
  /**
   * The level pin `pin` (an id of the app's `pins`) reads when active, a
   * button pressed: 0 where the board marks the pin active low (its
   * `activeLow`, as devicetree's GPIO_ACTIVE_LOW), else 1. Ready before
   * boot: drivers read it in their `init`.
   */
  activeLevel(this: void, pin: number): number;
  /** True when the board's LOOP_OUT pin is wired to LOOP_IN (checked at boot), so a pin write makes a real edge. */
  loopWired(this: void): boolean;
  /**
   * Measures the host's own event latency without the kernel: `n` edges,
   * each timed from its stamp to the start of a plain host callback, written
   * in µs to `samples[0..n-1]`; then signals notification `ntfn` with `bits`
   * (from the host loop). Returns how: 1 pin edges through the loopback
   * wire and a plain pin watch, 0 software edges through a plain timer
   * callback, -1 not available (nothing is written or signalled).
   */
  rawProbe(this: void, samples: number[], n: number, ntfn: number, bits: number): number;
}

function noLog(_line: string): void {}
function noMicros(): number {
  return 0;
}
function noMemory(): number {
  return -1;
}
function noQuit(): void {}
function noEdge(_irq: number, _count: number): void {}
function activeHigh(_pin: number): number {
  return 1;
}
function notWired(): boolean {
  return false;
}
function noProbe(_samples: number[], _n: number, _ntfn: number, _bits: number): number {
  return -1;
}

/** The services of the host the app runs on (see the module comment). */
export const platform: Platform = {
  log: noLog,
  micros: noMicros,
  memoryUsed: noMemory,
  quit: noQuit,
  softEdge: noEdge,
  activeLevel: activeHigh,
  loopWired: notWired,
  rawProbe: noProbe,
};

/** Installs a host's services (call it before `boot`). */
export function setPlatform(p: Platform): void {
  platform.log = p.log;
  platform.micros = p.micros;
  platform.memoryUsed = p.memoryUsed;
  platform.quit = p.quit;
  platform.softEdge = p.softEdge;
  platform.activeLevel = p.activeLevel;
  platform.loopWired = p.loopWired;
  platform.rawProbe = p.rawProbe;
}
