/**
 * ESP32 DevKit (DevKitC / DOIT DevKit v1): dual-core Xtensa LX6 at 240 MHz,
 * 520 KB RAM, NodeMCU firmware (`dev-esp32` branch) with Lua 5.3.
 *
 * Pins are GPIO numbers (also named D0..D39 as on Espruino): LED1 GPIO2
 * (the blue LED of most dev kits), BTN1 GPIO0 (the BOOT button: pressed =
 * 0). Loopback for the self-test: GPIO25 (LOOP_OUT) to GPIO26 (LOOP_IN).
 * GPIO34..39 are inputs only; GPIO6..11 belong to the flash.
 */
import { NodeMcuBoard } from "./board";

export const ESP32_DEVKIT: NodeMcuBoard = {
  name: "esp32-devkit",
  title: "ESP32 DevKit",
  chip: "esp32",
  pins: {
    LED1: 2, BTN1: 0, LOOP_OUT: 25, LOOP_IN: 26,
    D0: 0, D2: 2, D4: 4, D5: 5, D12: 12, D13: 13, D14: 14, D15: 15, D16: 16, D17: 17, D18: 18, D19: 19,
    D21: 21, D22: 22, D23: 23, D25: 25, D26: 26, D27: 27, D32: 32, D33: 33, D34: 34, D35: 35, D36: 36, D39: 39,
  },
  activeLow: ["BTN1"],
  noInterrupt: [],
  limits: { tasks: 32, endpoints: 32, notifications: 32, irqs: 16 },
  tickUs: 1000,
  sliceSteps: 16,
};
