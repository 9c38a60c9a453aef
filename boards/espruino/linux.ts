/**
 * The Linux build of Espruino (`espruino` run on a PC): the variable store
 * grows as needed (blocks of 4096), pointers are 64-bit, so a string block
 * holds 21 characters. No pins: pin writes do nothing, and the latency app
 * and self-test use software edges. `quit()` ends the process.
 *
 * Run a bundle with `espruino dist/espruino/<app>-LINUX.js`; its idle loop
 * sleeps up to 1 ms, so idle latencies there measure that sleep.
 */
import { EspruinoBoard } from "./board";

export const LINUX: EspruinoBoard = {
  name: "LINUX",
  title: "Espruino (Linux build)",
  chip: "host CPU",
  vars: 0,
  charsPerVar: 21,
  pins: {},
  activeLow: [],
  storageBytes: 256 * 1024,
  limits: { tasks: 32, endpoints: 32, notifications: 32, irqs: 32 },
  watches: 0,
  tickUs: 1000,
  sliceSteps: 16,
  canQuit: true,
  notes: "Runs on the development machine: no pins, quit() ends the process. Also reachable over TCP when started with a telnet port.",
};
