/**
 * Espruino WiFi: STM32F411CEU6 (Cortex-M4, 100 MHz, 128 KB RAM) with an
 * ESP8266 for WiFi, 8190 variables.
 *
 * Pins: LED1 B2 (red), LED2 B12 (green), BTN1 C13 (pressed = 1). Loopback
 * for the latency app: B3 (LOOP_OUT) to B4 (LOOP_IN). A2, A3, A13, A14
 * and A15 are wired to the ESP8266: leave them alone.
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const ESPRUINOWIFI: EspruinoBoard = {
  name: "ESPRUINOWIFI",
  title: "Espruino WiFi",
  chip: "STM32F411CEU6, 100 MHz, 128 KB RAM",
  vars: 8190,
  charsPerVar: stringCharsPerVar(8190),
  pins: { LED1: "B2", LED2: "B12", BTN1: "C13", LOOP_OUT: "B3", LOOP_IN: "B4" },
  activeLow: [],
  storageBytes: 65536,
  limits: { tasks: 24, endpoints: 24, notifications: 24, irqs: 8 },
  watches: 8,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "USB serial (/dev/ttyACM0). Loopback jumper: B3 to B4.",
};
