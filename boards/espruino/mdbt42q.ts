/**
 * MDBT42Q breakout: Raytac module with an nRF52832 (64 MHz, 64 KB RAM,
 * Bluetooth LE), 2950 variables.
 *
 * Pins: LED1 D1 (red), LED2 D2 (green, on the breakout board), BTN1 D0
 * (pressed = 1). Loopback for the latency app: D28 (LOOP_OUT) to D29
 * (LOOP_IN). The Pixl.js shares this chip and variable count.
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const MDBT42Q: EspruinoBoard = {
  name: "MDBT42Q",
  title: "MDBT42Q breakout",
  chip: "nRF52832, 64 MHz, 64 KB RAM",
  vars: 2950,
  charsPerVar: stringCharsPerVar(2950),
  pins: { LED1: "D1", LED2: "D2", BTN1: "D0", LOOP_OUT: "D28", LOOP_IN: "D29" },
  activeLow: [],
  storageBytes: 10 * 4096,
  limits: { tasks: 12, endpoints: 8, notifications: 12, irqs: 4 },
  watches: 4,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "Serial console on D6 (TX) / D8 (RX) at 9600 baud (a USB-serial adapter: --port /dev/ttyUSB0 --baud 9600), or Bluetooth through a TCP bridge. Prefer --save for large bundles.",
};
