/**
 * The LED server: owns an LED pin and answers calls on its endpoint.
 *
 * Labels (w1 is the argument; the reply's w1 is the LED's level after it):
 * - `LED_SET` w1 = level (0 or 1); stops blinking;
 * - `LED_TOGGLE`; stops blinking;
 * - `LED_BLINK` w1 = half-period in ticks (0 stops blinking, LED off).
 * Any other label: the reply's label is `LED_BAD_LABEL`.
 * Blinking runs on receive timeouts: no timer of its own.
 */
import { FOREVER, Kind, Status, Task, TaskDesc, endpointId, pinId, pinWrite, sys } from "../kernel/index";

export const LED_SET = 1;
export const LED_TOGGLE = 2;
export const LED_BLINK = 3;
export const LED_BAD_LABEL = 0xff;

export interface LedConfig {
  name: string;
  priority: number;
  endpoint: string;
  pin: string;
}

export interface LedState {
  config: LedConfig;
  ep: number;
  pin: number;
  level: number;
  /** Half-period of the blink in ticks, 0 when steady. */
  period: number;
  toggles: number;
}

function ledInit(t: Task<LedState>): void {
  const s = t.state;
  s.ep = endpointId(s.config.endpoint);
  s.pin = pinId(s.config.pin);
  s.level = 0;
  s.period = 0;
  s.toggles = 0;
  pinWrite(s.pin, 0);
}

function setLevel(s: LedState, level: number): void {
  s.level = level;
  s.toggles++;
  pinWrite(s.pin, level);
}

function ledStep(t: Task<LedState>): void {
  const s = t.state;
  if (t.kind === Kind.MESSAGE) {
    let label = t.label;
    if (label === LED_SET) {
      s.period = 0;
      setLevel(s, t.w1 !== 0 ? 1 : 0);
    } else if (label === LED_TOGGLE) {
      s.period = 0;
      setLevel(s, 1 - s.level);
    } else if (label === LED_BLINK && t.w1 >= 0) {
      s.period = t.w1;
      if (s.period === 0) setLevel(s, 0);
    } else {
      label = LED_BAD_LABEL;
    }
    return sys.replyRecv(t.sender, label, s.level, 0, 0, s.ep, s.period > 0 ? s.period : FOREVER);
  }
  if (t.status === Status.TIMEOUT && s.period > 0) setLevel(s, 1 - s.level);
  return sys.recv(s.ep, s.period > 0 ? s.period : FOREVER);
}

/** The LED server's task description. Clients need the `call` right on `endpoint`. */
export function ledServer(config: LedConfig): TaskDesc<LedState> {
  return {
    name: config.name,
    priority: config.priority,
    step: ledStep,
    init: ledInit,
    state: { config: config, ep: -1, pin: -1, level: 0, period: 0, toggles: 0 },
  };
}
