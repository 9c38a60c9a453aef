/**
 * What the Espruino build and host layer know about a board: its pin map,
 * its memory, the kernel's table limits on it, and the scheduling defaults.
 * Plain data (no Espruino globals): tools read it under Node, and the build
 * writes the `HostBoard` part of the chosen board into the device file.
 */
import { Limits } from "../../kernel/index";

/** What the host layer needs of a board on the device (the build inlines just these fields). */
export interface HostBoard {
  /** The name on the command line and the espruino CLI's `--board` (e.g. "PICO"). */
  name: string;
  /** Human name, for logs and docs. */
  title: string;
  /**
   * Logical pin names (what apps list in `pins`) to the firmware's pin names
   * (resolved with `Pin(name)` at boot). LOOP_OUT / LOOP_IN, when present,
   * are two free pins a jumper wire may connect, for the latency app.
   */
  pins: { [name: string]: string };
  /**
   * The logical pins that are active low (devicetree's `GPIO_ACTIVE_LOW`):
   * a button there reads 0 when pressed. Every other pin is active high
   * (reads 1 when pressed). Drivers read it through `platform.activeLevel`
   * (drivers/platform.ts), so an app never hard-codes a board's level.
   */
  activeLow: string[];
  /** Table limits of the kernel on this board (checked at build and boot). */
  limits: Limits;
  /** Pin watches the host may use at once (hardware edge detectors left to user code). */
  watches: number;
  /** Default tick length (µs) and slice length (steps), when the app sets none. */
  tickUs: number;
  sliceSteps: number;
  /** The firmware has `quit()` (the Linux build): a finished self-test ends the process. */
  canQuit: boolean;
}

export interface EspruinoBoard extends HostBoard {
  /** Chip and clock, for the docs. */
  chip: string;
  /**
   * Variables (JsVars) the firmware has: `process.memory().total` on a
   * fresh board; 0 when the store grows as needed (the Linux build).
   */
  vars: number;
  /**
   * Characters of code text one variable holds (a string block: 4 name
   * bytes plus the packed references; Espruino's `jsutils.h`).
   */
  charsPerVar: number;
  /**
   * Bytes of flash for saved code (Storage, `.bootcde`): what an upload with
   * `--save` may take. Saved code runs from flash, so it costs few variables.
   */
  storageBytes: number;
  /** One paragraph for the docs: what to know when flashing this board. */
  notes: string;
}

/**
 * Characters of code per variable for a firmware with `vars` variables on a
 * 32-bit chip: Espruino packs references into 12, 13 or 14 bits (up to
 * 4095, 8191, 16383 variables) and a string block holds the 4 name bytes
 * plus what the references leave.
 */
export function stringCharsPerVar(vars: number): number {
  if (vars <= 4095) return 4 + ((12 * 3 + 8) >> 3);
  if (vars <= 8191) return 4 + ((13 * 3 + 4) >> 3);
  if (vars <= 16383) return 4 + ((14 * 3 + 8) >> 3);
  return 4 + ((16 * 3 + 8) >> 3);
}
