/**
 * The button driver: a task that owns a button's IRQ, debounces it with
 * kernel timeouts (not host debounce) and publishes each press as bits of a
 * notification.
 *
 * The IRQ (any edge of the button's pin) is delivered to the driver's own
 * endpoint. Every edge (re)starts a quiet window of `debounceTicks`: the
 * driver acknowledges the IRQ and receives with that timeout. When the
 * window passes with no edge, it reads the pin; a new stable level equal to
 * the button's active level is a press, and the driver signals `notify`
 * with `bits`. The active level is the board's (`platform.activeLevel`: 0
 * for a pin the board marks active low, as the NodeMCU and ESP32 boards'
 * BTN1, else 1), so one app counts presses, not releases, on every board.
 */
import { Kind, Status, Task, TaskDesc, endpointId, irqId, notificationId, pinId, pinRead, sys } from "../kernel/index";
import { platform } from "./platform";

export interface ButtonConfig {
  /** Task name and priority (make it important: it holds the IRQ). */
  name: string;
  priority: number;
  /** The endpoint it owns, where the IRQ is delivered. */
  endpoint: string;
  /** The button's IRQ and pin. */
  irq: string;
  pin: string;
  /** Notification to signal per press, and the bits. */
  notify: string;
  bits: number;
  /** Quiet time that ends a bounce, in ticks (default 20). */
  debounceTicks?: number;
  /** Level of a pressed button (default: the board's, `platform.activeLevel(pin)`; give it only to override the board). */
  activeLevel?: number;
}

const enum Mode {
  IDLE = 0,
  ACKING = 1,
  SETTLING = 2,
}

export interface ButtonState {
  config: ButtonConfig;
  ep: number;
  irq: number;
  pin: number;
  ntfn: number;
  mode: number;
  /** The level of a pressed button (the config's, else the board's), set at init. */
  active: number;
  /** The last stable level. */
  stable: number;
  /** Presses published, and edges seen (coalesced counts included). */
  presses: number;
  edges: number;
}

function buttonInit(t: Task<ButtonState>): void {
  const s = t.state;
  s.ep = endpointId(s.config.endpoint);
  s.irq = irqId(s.config.irq);
  s.pin = pinId(s.config.pin);
  s.ntfn = notificationId(s.config.notify);
  s.mode = Mode.IDLE;
  s.active = s.config.activeLevel !== undefined ? s.config.activeLevel : platform.activeLevel(s.pin);
  s.stable = 1 - s.active;
  s.presses = 0;
  s.edges = 0;
}

function buttonStep(t: Task<ButtonState>): void {
  const s = t.state;
  const c = s.config;
  if (s.mode === Mode.ACKING) {
    s.mode = Mode.SETTLING;
    return sys.recv(s.ep, c.debounceTicks !== undefined ? c.debounceTicks : 20);
  }
  if (t.kind === Kind.IRQ) {
    s.edges += t.w1;
    s.mode = Mode.ACKING;
    return sys.irqAck(s.irq);
  }
  if (s.mode === Mode.SETTLING && t.status === Status.TIMEOUT) {
    s.mode = Mode.IDLE;
    const level = pinRead(s.pin);
    if (level !== s.stable) {
      s.stable = level;
      if (level === s.active) {
        s.presses++;
        return sys.signal(s.ntfn, c.bits);
      }
    }
  }
  s.mode = Mode.IDLE;
  return sys.recv(s.ep);
}

/** The button driver's task description. Its rights: receive on its endpoint, ack its IRQ, signal `notify`. */
export function buttonTask(config: ButtonConfig): TaskDesc<ButtonState> {
  return {
    name: config.name,
    priority: config.priority,
    step: buttonStep,
    init: buttonInit,
    state: { config: config, ep: -1, irq: -1, pin: -1, ntfn: -1, mode: 0, active: 1, stable: 0, presses: 0, edges: 0 },
    rights: { signal: [config.notify], ack: [config.irq] },
  };
}
