/**
 * Puck.js: nRF52832 (Cortex-M4F, 64 MHz, 64 KB RAM, Bluetooth LE),
 * 2630 variables: the tightest board here.
 *
 * Pins: LED1 D5 (red), LED2 D4 (green), LED3 D3 (blue), BTN1 D0 (the
 * whole shell; pressed = 1). Loopback for the latency app: D1 (LOOP_OUT)
 * to D2 (LOOP_IN), the two pads by the battery. nRF52 pin watches use the
 * GPIOTE channels (8, shared with the firmware), so keep pin IRQs few.
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const PUCKJS: EspruinoBoard = {
  name: "PUCKJS",
  title: "Puck.js",
  chip: "nRF52832, 64 MHz, 64 KB RAM",
  vars: 2630,
  charsPerVar: stringCharsPerVar(2630),
  pins: { LED1: "D5", LED2: "D4", LED3: "D3", BTN1: "D0", LOOP_OUT: "D1", LOOP_IN: "D2" },
  activeLow: [],
  storageBytes: 10 * 4096,
  limits: { tasks: 12, endpoints: 8, notifications: 12, irqs: 4 },
  watches: 4,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "Bluetooth board: the flash tool runs the CLI with --no-ble, so reach it through a TCP bridge (--port tcp://host:port) or a serial adapter on D28/D29, or write the upload with --out and send it from the Web IDE. Prefer --save: a RAM upload holds the whole bundle text while it runs.",
};
