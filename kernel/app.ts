/** @noSelfInFile */
/**
 * App descriptions: the static system a kernel boots, and their validation.
 *
 * An app is a typed literal: tasks, endpoints, notifications, IRQs and board
 * settings, cross-referenced by name. `validateApp` (kernel/validate.ts)
 * checks it once, at build time and in the simulator, and reports every
 * problem with the offending names; the kernel looks names up only at boot
 * and restart.
 */
import { Task } from "./task";

/** What a task may do with the objects named. Endpoint owners may always receive on their own endpoints. */
export interface Rights {
  /** Endpoints the task may `call`. */
  call?: string[];
  /** Endpoints the task may `send` on. */
  send?: string[];
  /** Endpoints (beyond its own) the task may receive from. */
  recv?: string[];
  /** Notifications the task may signal. */
  signal?: string[];
  /** Notifications (beyond those it owns) the task may wait on or poll. */
  wait?: string[];
  /** IRQs (beyond those delivered to it) the task may acknowledge. */
  ack?: string[];
  /** The supervisor may restart tasks and read fault records. */
  supervisor?: boolean;
}

export interface TaskDesc<S = any> {
  name: string;
  /** 0 is the most important. */
  priority: number;
  /** One step: read the last result from `t`, end with exactly one syscall. */
  step: (this: void, t: Task<S>) => void;
  /** The task's own state object, created once with the description. */
  state?: S;
  /** Resets `t.state` at boot and at every restart. */
  init?: (this: void, t: Task<S>) => void;
  rights?: Rights;
  /** Size of the task's message buffer in bytes (default 0: messages are the label and three words). */
  buffer?: number;
  /** Simulator only: virtual time one step of this task takes, in µs, beyond the board profile's base step cost. */
  stepUs?: number;
}

export interface EndpointDesc {
  name: string;
  /** The task that receives on it (and is donated priority by its callers). */
  owner: string;
}

export interface NotificationDesc {
  name: string;
  /** The task that waits on it. */
  owner: string;
  /** Bind it to the owner: the owner's `recv` also returns when it is signalled. */
  bind?: boolean;
}

export interface IrqDesc {
  name: string;
  /** Priority as a sender (in an endpoint's send queue). */
  priority: number;
  /** Deliver to this endpoint as a sender of kind IRQ ... */
  endpoint?: string;
  /** ... or OR `bit` into this notification. */
  notification?: string;
  bit?: number;
  /** Host source: one of the app's `pins`, with its edge ("rising", "falling" or "both", the default). */
  pin?: string;
  edge?: string;
  /** Host debounce in ms for the pin watch (boards that support it; 0 or absent: none). */
  debounceMs?: number;
}

/** Scripted input for the simulator (plain data; boards ignore it). Times in µs. */
export interface SimInput {
  /** The pin (one of the app's `pins`). */
  pin: string;
  /** A press: the level goes to `level` (default: the simulated board's active level for the pin, 1 without a board) at `at` for `holdUs`; at each end it bounces back and forth `bounce` times, `bounceUs` apart (default 200), before settling. */
  press?: { at: number; holdUs: number; bounce?: number; bounceUs?: number; level?: number };
  /** A square wave: `count` periods from `at`. */
  square?: { at: number; periodUs: number; count: number };
  /** Seeded random edges from `at` to `until`, `meanGapUs` apart on average. */
  random?: { seed: number; at: number; until: number; meanGapUs: number };
  /** Single edges: the level flips at each of these times. */
  flips?: number[];
}

export interface BoardSettings {
  /** Steps the kernel runs before giving the host loop a turn. */
  sliceSteps?: number;
  /** Length of a tick in µs. */
  tickUs?: number;
}

export interface AppDesc {
  name: string;
  tasks: TaskDesc[];
  /** Logical pins the app drives or watches (names from the board's pin map, e.g. "LED1", "BTN1"); a pin's id is its index. */
  pins?: string[];
  /** Scripted inputs the simulator plays (boards ignore them). */
  inputs?: SimInput[];
  endpoints?: EndpointDesc[];
  notifications?: NotificationDesc[];
  irqs?: IrqDesc[];
  board?: BoardSettings;
  /** The notification (owned by the supervisor) and bit signalled when any task faults. */
  faults?: { notification: string; bit: number };
  /** Calls allowed to go downhill (caller more important than or equal to the callee), as [caller, endpoint]. Reported at build. */
  downhill?: string[][];
}

/** Table sizes a board can hold. */
export interface Limits {
  tasks: number;
  endpoints: number;
  notifications: number;
  irqs: number;
}

/** Index of an object in a list of the app description by name, or -1. */
function findName(list: { name: string }[], name: string): number {
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return i;
  return -1;
}

/** Id of the named pin in `app.pins`, or -1. */
export function pinIndex(app: AppDesc, name: string): number {
  return app.pins === undefined ? -1 : app.pins.indexOf(name);
}

/** Index of the named object in a list of the app description, or -1. */
export function indexOf(list: { name: string }[] | undefined, name: string): number {
  return list === undefined ? -1 : findName(list, name);
}
