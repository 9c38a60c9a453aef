/**
 * Espruino Pico: STM32F401CDU6 (Cortex-M4, 84 MHz, 96 KB RAM, 384 KB flash),
 * firmware `espruino_2v29_pico_1r3.bin`: 5100 variables.
 *
 * Pins: LED1 is B2 (red), LED2 is B12 (green), BTN1 is C13 (pressed = 1,
 * pulled down by the firmware). For the latency app's loopback, connect B4
 * (LOOP_OUT) to B5 (LOOP_IN) with a jumper wire; without it the app uses
 * software edges. STM32 EXTI lines are shared by pin number (A5 and B5
 * cannot both be watched).
 */
import { EspruinoBoard, stringCharsPerVar } from "./board";

export const PICO: EspruinoBoard = {
  name: "PICO",
  title: "Espruino Pico",
  chip: "STM32F401CDU6, 84 MHz, 96 KB RAM",
  vars: 5100,
  charsPerVar: stringCharsPerVar(5100),
  pins: { LED1: "B2", LED2: "B12", BTN1: "C13", LOOP_OUT: "B4", LOOP_IN: "B5" },
  activeLow: [],
  storageBytes: 3 * 16384,
  limits: { tasks: 16, endpoints: 16, notifications: 16, irqs: 8 },
  watches: 8,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: false,
  notes: "USB serial (/dev/ttyACM0). Loopback jumper: B4 to B5.",
};
