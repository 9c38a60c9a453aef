/**
 * A bare host: a manual clock and no devices. For benchmarks and tests that
 * drive the kernel directly (`run`, `expire`) without the simulator.
 */
import { KernelHost } from "../kernel/index";

export interface BareHost extends KernelHost {
  /** Sets the clock (ticks, and µs). */
  setTime(this: void, ticks: number, micros: number): void;
}

export function bareHost(): BareHost {
  let ticks = 0;
  let micros = 0;
  const levels: number[] = [];
  return {
    ticks: () => ticks,
    micros: () => micros,
    setAlarm: (_tick: number) => {},
    cancelAlarm: () => {},
    trace: (_e: number, _a: number, _b: number, _c: number, _d: number) => {},
    log: (_line: string) => {},
    pinWrite: (pin: number, level: number) => {
      levels[pin] = level;
    },
    pinRead: (pin: number) => (levels[pin] === undefined ? 0 : levels[pin]),
    setTime: (t: number, us: number) => {
      ticks = t | 0;
      micros = us | 0;
    },
  };
}
