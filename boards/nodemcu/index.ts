/**
 * Every NodeMCU board baton builds for, by name (the `--board` of
 * `npm run build:lua`). Each board's pin map and limits live in its own
 * module; the build bundles only the chosen one.
 */
import { NodeMcuBoard } from "./board";
import { NODEMCU_DEVKIT } from "./devkit";
import { ESP32_DEVKIT } from "./esp32";

export type { NodeMcuBoard } from "./board";

export const BOARDS: NodeMcuBoard[] = [NODEMCU_DEVKIT, ESP32_DEVKIT];

/** The module (under boards/nodemcu/) and export of each board, for the build's entry. */
export const BOARD_MODULES: { [name: string]: { file: string; exportName: string } } = {
  "nodemcu-devkit": { file: "devkit", exportName: "NODEMCU_DEVKIT" },
  "esp32-devkit": { file: "esp32", exportName: "ESP32_DEVKIT" },
};

export function findBoard(name: string): NodeMcuBoard | undefined {
  for (let i = 0; i < BOARDS.length; i++) if (BOARDS[i].name === name) return BOARDS[i];
  return undefined;
}
