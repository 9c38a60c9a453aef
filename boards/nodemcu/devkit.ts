/**
 * NodeMCU DevKit (v1.0 / "Amica" / LoLin v3): an ESP8266 (80 MHz, about
 * 40 KB of heap left to Lua by the firmware), NodeMCU firmware with Lua 5.1.
 *
 * Pins are the firmware's IO index, printed on the board as D0..D8:
 * LED1 D4 (GPIO2, the module's blue LED, lit when low), LED2 D0 (GPIO16,
 * the board's LED, lit when low), BTN1 D3 (GPIO0, the FLASH button: pressed
 * = 0). Loopback for the self-test: D5 (LOOP_OUT) to D6 (LOOP_IN). D0 cannot
 * interrupt; D3, D4 and D8 decide the boot mode: keep them free at reset.
 */
import { NodeMcuBoard } from "./board";

export const NODEMCU_DEVKIT: NodeMcuBoard = {
  name: "nodemcu-devkit",
  title: "NodeMCU DevKit (ESP8266)",
  chip: "esp8266",
  pins: {
    LED1: 4, LED2: 0, BTN1: 3, LOOP_OUT: 5, LOOP_IN: 6,
    D0: 0, D1: 1, D2: 2, D3: 3, D4: 4, D5: 5, D6: 6, D7: 7, D8: 8,
  },
  activeLow: ["BTN1"],
  noInterrupt: [0],
  limits: { tasks: 16, endpoints: 16, notifications: 16, irqs: 8 },
  tickUs: 1000,
  sliceSteps: 16,
};
