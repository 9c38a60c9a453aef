/**
 * Every Espruino board baton builds for, by name (the `--board` of the build
 * and flash commands). Each board's pin map and limits live in its own
 * module; the build writes the chosen one's host part into the bundle.
 */
import { EspruinoBoard } from "./board";
import { PICO } from "./pico";
import { PUCKJS } from "./puckjs";
import { MDBT42Q } from "./mdbt42q";
import { BANGLEJS2 } from "./banglejs2";
import { ESPRUINOWIFI } from "./espruinowifi";
import { ESP32 } from "./esp32";
import { LINUX } from "./linux";

export type { EspruinoBoard, HostBoard } from "./board";

export const BOARDS: EspruinoBoard[] = [PICO, PUCKJS, MDBT42Q, BANGLEJS2, ESPRUINOWIFI, ESP32, LINUX];

export function findBoard(name: string): EspruinoBoard | undefined {
  for (let i = 0; i < BOARDS.length; i++) if (BOARDS[i].name === name) return BOARDS[i];
  return undefined;
}

export function boardNames(): string[] {
  const out: string[] = [];
  for (let i = 0; i < BOARDS.length; i++) out.push(BOARDS[i].name);
  return out;
}
