/** @noSelfInFile */
/**
 * What the kernel is built with: one constant per object kind or facility an
 * app may use.
 *
 * Here every one is on: the simulator, the tests and the tools run the full
 * kernel. A board bundle's build (tools/trim.ts) writes this module anew for
 * its app, with on exactly what the app's description declares and what its
 * tasks' code uses, and drops the code behind every constant that is off
 * (terser and rollup for Espruino; tools/trim.ts itself for Lua, which has
 * no bundler that does). Code for a feature is guarded by its constant
 * (`if (IRQS) ...`). Which syscalls a bundle has is no constant: the build
 * leaves out of the `sys` object (kernel/sys.ts) each one that no task of
 * the app issues.
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
