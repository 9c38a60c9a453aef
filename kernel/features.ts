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

/*
 * What the build proves about an app (tools/proofs.ts): each constant below
 * is on unless the app's description and its tasks' code prove that the
 * work it guards can never change what a task or the host observes.
 */

/** Priority donation: some call, send or IRQ can lend a priority more important than its receiver's own (off: none can, and priorities never change). */
export const DONATION: boolean = true;
/** Epochs: a task's id can change (a restart, or a call that ends unreplied on its timeout); off: every id's epoch is 0 for good. */
export const EPOCHS: boolean = true;
/** Closed receives: some task issues `recvFrom` (off: every receiver accepts any sender, so the first in the queue takes a message). */
export const CLOSED_RECV: boolean = true;
/** Ready lists of more than one task: two tasks share a priority, or donation can change one (off: each priority's ready list holds one task at most). */
export const SHARED_PRIO: boolean = true;
/** Receive queues of more than one task: some endpoint has more than one task that may receive on it (off: a receive queue holds at most one task, in no order). */
export const SHARED_RECV: boolean = true;

/** The most important priority a task can ever run at: the step loop looks for a ready list from there (0 here: any). */
export const FIRST_PRIO: number = 0;

/**
 * The checks of a syscall's arguments that its every call site in the app
 * makes unnecessary, as bits of `Proven` (kernel/syscalls.ts), per syscall:
 * 0 here, where nothing is proven.
 */
export const PROVEN_SEND: number = 0;
export const PROVEN_CALL: number = 0;
export const PROVEN_RECV: number = 0;
export const PROVEN_REPLY: number = 0;
export const PROVEN_REPLY_RECV: number = 0;
