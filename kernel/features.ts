/** @noSelfInFile */
/**
 * What the kernel is built with: one constant per object kind an app may
 * declare and per syscall a task may issue.
 *
 * Here every one is on: the simulator, the tests and the tools run the full
 * kernel. A board bundle's build (tools/trim.ts) writes this module anew for
 * its app, with on exactly what the app's description declares and what its
 * tasks' code issues, and drops the code behind every constant that is off
 * (terser and rollup for Espruino; tools/trim.ts itself for Lua, which has
 * no bundler that does). Code for a feature is guarded by its constant
 * (`if (IRQS) ...`); a syscall is in the `sys` object only when its constant
 * is on (kernel/sys.ts).
 */

/** IRQ objects: raise, delivery, donation until `irqAck`, latency figures. */
export const IRQS: boolean = true;
/** Notifications: signal, wait, poll, bound notifications, the fault notification, `signalFromHost`. */
export const NOTIFICATIONS: boolean = true;
/** Message buffers: some task declares a `buffer` (without one, `out` can only be 0 and no bytes move). */
export const BUFFERS: boolean = true;
/** Timeouts: some task issues `sleep`, or passes a timeout that is not 0 or FOREVER (the timer list, the host's alarm). */
export const TIMERS: boolean = true;
/** Named pins: the app declares `pins` (pin access, pin watches, the loopback check). */
export const PINS: boolean = true;

/** The syscalls, by their `sys` names: on when a task of the app issues it. */
export const SYS_SEND: boolean = true;
export const SYS_RECV: boolean = true;
export const SYS_RECV_FROM: boolean = true;
export const SYS_CALL: boolean = true;
export const SYS_REPLY: boolean = true;
export const SYS_REPLY_RECV: boolean = true;
export const SYS_SLEEP: boolean = true;
export const SYS_YIELD: boolean = true;
export const SYS_SIGNAL: boolean = true;
export const SYS_WAIT: boolean = true;
export const SYS_POLL: boolean = true;
export const SYS_IRQ_ACK: boolean = true;
export const SYS_RESTART: boolean = true;
export const SYS_FAULT_INFO: boolean = true;
export const SYS_RAW: boolean = true;
