/**
 * The timer service: gives tasks periodic notifications.
 *
 * A client calls `TIMER_SUBSCRIBE` with w1 = notification id, w2 = bits,
 * w3 = period in ticks; the reply's label is `TIMER_OK` with w1 = the slot,
 * or `TIMER_FULL` when every slot is taken, or `TIMER_BAD` for a period < 1.
 * `TIMER_CANCEL` w1 = slot frees it. Every period the service signals the
 * notification with the bits (it needs the `signal` right on it). Deadlines
 * are wrap-safe; the service sleeps in its receive until the next one.
 */
import { FOREVER, Kind, Task, TaskDesc, endpointId, sys, ticksNow } from "../kernel/index";

export const TIMER_SUBSCRIBE = 1;
export const TIMER_CANCEL = 2;
export const TIMER_OK = 0;
export const TIMER_FULL = 1;
export const TIMER_BAD = 2;

export interface TimerConfig {
  name: string;
  priority: number;
  endpoint: string;
  /** Slots (default 4). */
  slots?: number;
  /** Notifications it may signal. */
  notifications: string[];
}

export interface TimerState {
  config: TimerConfig;
  ep: number;
  ntfn: number[];
  bits: number[];
  period: number[];
  due: number[];
  signals: number;
}

function timerInit(t: Task<TimerState>): void {
  const s = t.state;
  s.ep = endpointId(s.config.endpoint);
  for (let i = 0; i < s.ntfn.length; i++) s.ntfn[i] = -1;
  s.signals = 0;
}

function subscribe(s: TimerState, n: number, bits: number, period: number): number {
  if (period < 1) return -TIMER_BAD;
  for (let i = 0; i < s.ntfn.length; i++) {
    if (s.ntfn[i] < 0) {
      s.ntfn[i] = n;
      s.bits[i] = bits;
      s.period[i] = period;
      s.due[i] = (ticksNow() + period) | 0;
      return i;
    }
  }
  return -TIMER_FULL;
}

function timerStep(t: Task<TimerState>): void {
  const s = t.state;
  if (t.kind === Kind.MESSAGE) {
    if (t.label === TIMER_SUBSCRIBE) {
      const slot = subscribe(s, t.w1, t.w2, t.w3);
      return sys.reply(t.sender, slot >= 0 ? TIMER_OK : -slot, slot, 0, 0);
    }
    if (t.label === TIMER_CANCEL && t.w1 >= 0 && t.w1 < s.ntfn.length) s.ntfn[t.w1] = -1;
    return sys.reply(t.sender, TIMER_OK, 0, 0, 0);
  }
  const now = ticksNow();
  let wait = FOREVER;
  for (let i = 0; i < s.ntfn.length; i++) {
    if (s.ntfn[i] < 0) continue;
    const left = (s.due[i] - now) | 0;
    if (left <= 0) {
      s.due[i] = (s.due[i] + s.period[i]) | 0;
      s.signals++;
      return sys.signal(s.ntfn[i], s.bits[i]);
    }
    if (wait === FOREVER || left < wait) wait = left;
  }
  return sys.recv(s.ep, wait);
}

function zeros(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0);
  return a;
}

/** The timer service's task description. */
export function timerService(config: TimerConfig): TaskDesc<TimerState> {
  const n = config.slots !== undefined ? config.slots : 4;
  return {
    name: config.name,
    priority: config.priority,
    step: timerStep,
    init: timerInit,
    state: { config: config, ep: -1, ntfn: zeros(n), bits: zeros(n), period: zeros(n), due: zeros(n), signals: 0 },
    rights: { signal: config.notifications },
  };
}
