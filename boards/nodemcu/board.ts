/**
 * What the NodeMCU host layer knows about a board: its chip (the firmware's
 * API differs between the ESP8266 and the ESP32), its pin map, the
 * kernel's table limits on it, and the scheduling defaults. Plain data, so
 * tools read it under Node and the chosen board is bundled into the device
 * file.
 */
import { Limits } from "../../kernel/index";

export interface NodeMcuBoard {
  /** The name on the command line (`--board`). */
  name: string;
  /** Human name, for logs and docs. */
  title: string;
  /** "esp8266": Lua 5.1 firmware, pins are the DevKit's IO index (D0 = 0). "esp32": Lua 5.3 firmware, pins are GPIO numbers. */
  chip: string;
  /**
   * Logical pin names (what apps list in `pins`) to the firmware's pin
   * numbers. LOOP_OUT / LOOP_IN, when present, are two free pins a jumper
   * wire may connect (the self-test and latency apps use it).
   */
  pins: { [name: string]: number };
  /**
   * The logical pins that are active low (devicetree's `GPIO_ACTIVE_LOW`):
   * a button there reads 0 when pressed. Every other pin is active high.
   * Drivers read it through `platform.activeLevel` (drivers/platform.ts).
   */
  activeLow: string[];
  /** Pins whose level change cannot interrupt (the ESP8266's D0). */
  noInterrupt: number[];
  /** Table limits of the kernel on this board (checked at boot). */
  limits: Limits;
  /** Default tick length (µs) and slice length (steps), when the app sets none. */
  tickUs: number;
  sliceSteps: number;
}
