/**
 * Bangle.js 2: nRF52840 (64 MHz, 256 KB RAM) watch with 8 MB external
 * flash, 12000 variables.
 *
 * Pins: BTN1 D17 (the side button; the firmware inverts it: pressed = 1).
 * There is no user LED (LED1 is left out: the demo's LED writes do
 * nothing) and no free pins, so the latency app uses software edges.
 * The watch's own apps and widgets share the interpreter: upload after
 * `reset()`; a long-running kernel keeps the watch awake.
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const BANGLEJS2: EspruinoBoard = {
  name: "BANGLEJS2",
  title: "Bangle.js 2",
  chip: "nRF52840, 64 MHz, 256 KB RAM",
  vars: 12000,
  charsPerVar: stringCharsPerVar(12000),
  pins: { BTN1: "D17" },
  activeLow: [],
  storageBytes: 2048 * 4096,
  limits: { tasks: 32, endpoints: 32, notifications: 32, irqs: 4 },
  watches: 4,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "Bluetooth only: the flash tool passes --no-ble, so use a TCP bridge (--port tcp://host:port) or write the upload with --out and send it from the Web IDE. No LED; no free pins for the loopback.",
};
