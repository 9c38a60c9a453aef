/**
 * The NodeMCU firmware APIs the Lua host layer uses (boards/nodemcu/host.ts),
 * typed after the NodeMCU documentation: the ESP8266 firmware (Lua 5.1,
 * `release` branch) and the ESP32 firmware (Lua 5.3, `dev-esp32` branch).
 * Module functions are called with a dot (`this: void`); timer objects'
 * methods with a colon (`t:start()`), as the firmware expects.
 *
 * Types only: host.ts declares the globals (`tmr`, `gpio`, `node`) itself,
 * so nothing leaks into the other targets' type checks.
 */

/** A timer object from `tmr.create()`; its methods are called `t:method()`. */
export interface NodeMcuTimer {
  /** Configures the timer (does not start it). */
  register(intervalMs: number, mode: number, fn: (this: void, t: NodeMcuTimer) => void): void;
  /** `register` + `start`; true when started. */
  alarm(intervalMs: number, mode: number, fn: (this: void, t: NodeMcuTimer) => void): boolean;
  /** Starts or restarts a registered timer; true when started. */
  start(): boolean;
  /** Stops a running timer (it stays registered); true when stopped. */
  stop(): boolean;
  /** Stops it and drops its callback. */
  unregister(): void;
}

export interface NodeMcuTmr {
  /** A one-shot timer (unregisters itself when it fires). */
  readonly ALARM_SINGLE: number;
  /** A repeating timer. */
  readonly ALARM_AUTO: number;
  create(this: void): NodeMcuTimer;
  /**
   * ESP8266 only: the system counter in µs, 31 bits (wraps to 0 after 2^31).
   * Undefined on the ESP32 firmware (use `node.uptime()`).
   */
  now?: (this: void) => number;
}

/** Edge-interrupt callback of the ESP8266 firmware: level, the µs stamp (tmr.now() base, 31 bits), interrupts since the last call. */
export type Esp8266TrigCallback = (this: void, level: number, when?: number, eventcount?: number) => void;
/** Edge-interrupt callback of the ESP32 firmware: the GPIO number and its level. */
export type Esp32TrigCallback = (this: void, pin: number, level: number) => void;

export interface NodeMcuGpio {
  readonly HIGH: number;
  readonly LOW: number;
  // ESP8266: pins are the DevKit's IO index (D0..D12).
  readonly OUTPUT?: number;
  readonly INPUT?: number;
  readonly INT?: number;
  readonly PULLUP?: number;
  readonly FLOAT?: number;
  /** ESP8266: `gpio.mode(pin, gpio.OUTPUT | gpio.INPUT | gpio.INT, gpio.PULLUP | gpio.FLOAT)`. */
  mode?: (this: void, pin: number, mode: number, pull?: number) => void;
  // ESP32: pins are GPIO numbers.
  readonly IN?: number;
  readonly OUT?: number;
  readonly PULL_UP?: number;
  readonly INTR_UP?: number;
  readonly INTR_DOWN?: number;
  readonly INTR_UP_DOWN?: number;
  /** ESP32: `gpio.config({ gpio = n, dir = gpio.IN | gpio.OUT, pull = gpio.PULL_UP })`. */
  config?: (this: void, cfg: { gpio: number; dir: number; pull?: number }) => void;
  read(this: void, pin: number): number;
  write(this: void, pin: number, level: number): void;
  /** ESP8266: type "up" | "down" | "both" (Esp8266TrigCallback); ESP32: gpio.INTR_* (Esp32TrigCallback). */
  trig(this: void, pin: number, type: string | number, fn: Esp8266TrigCallback | Esp32TrigCallback): void;
}

export interface NodeMcuTask {
  readonly LOW_PRIORITY: number;
  readonly MEDIUM_PRIORITY: number;
  readonly HIGH_PRIORITY: number;
  /** Runs `fn` from the firmware's task queue, after the current callback returns. */
  post(this: void, priority: number, fn: (this: void) => void): void;
}

export interface NodeMcuNode {
  /** Free heap, bytes. */
  heap(this: void): number;
  /** ESP32 (and recent ESP8266 firmware): µs since boot; in 32-bit integer builds the low 31 bits (a second result holds the rest). */
  uptime?: (this: void) => number;
  readonly task: NodeMcuTask;
}
