/**
 * ESP32 (the generic `ESP32` firmware on a DevKitC-style board): dual-core
 * Xtensa LX6 at 240 MHz, 520 KB RAM, 16383 variables (14 bytes each).
 *
 * Pins: LED1 D2 (the blue LED of most dev kits), BTN1 D0 (the BOOT button:
 * pressed = 0: active low, which the button driver reads from the board). Loopback for the latency
 * app: D25 (LOOP_OUT) to D26 (LOOP_IN). The WiFi and Bluetooth stacks run
 * beside the interpreter and add jitter to every latency.
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const ESP32: EspruinoBoard = {
  name: "ESP32",
  title: "ESP32",
  chip: "ESP32, 240 MHz, 520 KB RAM",
  vars: 16383,
  charsPerVar: stringCharsPerVar(16383),
  pins: { LED1: "D2", BTN1: "D0", LOOP_OUT: "D25", LOOP_IN: "D26" },
  activeLow: ["BTN1"],
  storageBytes: 224 * 4096,
  limits: { tasks: 32, endpoints: 32, notifications: 32, irqs: 8 },
  watches: 8,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "USB serial (/dev/ttyUSB0) at 115200 baud (flash with --baud 115200). BTN1 (BOOT) reads 0 when pressed.",
};
