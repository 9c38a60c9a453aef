/**
 * Every number the kernel hands to a task or a host, in one file.
 *
 * Result codes (`Status`) are what a syscall leaves in the task's `status`
 * register; they are recoverable. Fault codes (`FaultCode`) stop a task.
 * Problems with an app description (`AppErrorCode`) are reported at build and
 * boot time. All are plain numbers so that every target carries them the same.
 */

/** Result of a syscall, left in `Task.status`. */
export const enum Status {
  /** The syscall did what it was asked. */
  OK = 0,
  /** A finite timeout ran out before a partner came. */
  TIMEOUT = 1,
  /** Timeout 0 was given and the syscall would have had to block. */
  WOULD_BLOCK = 2,
  /**
   * The partner task faulted or was restarted, or an id names an earlier incarnation; `sender` carries
   * its current id (except `reply` to a faulted task, which leaves `sender` as it was).
   */
  PEER_DEAD = 3,
  /** The task lacks the right for this object (see the app description's `rights`). */
  NO_RIGHTS = 4,
  /** An id names no object of the expected kind. */
  BAD_ID = 5,
  /** An argument is out of range (timeout, bits, words). */
  BAD_ARG = 6,
  /** `reply` named a task that is not waiting for this task's reply, or a call of it that has ended. */
  NOT_WAITING = 7,
  /** `irqAck` on an IRQ that is not masked (nothing to acknowledge). */
  NOT_PENDING = 8,
}

/** What the last syscall brought in, left in `Task.kind`. */
export const enum Kind {
  /** Nothing arrived: first step, sleep done, send done, or an error status. */
  NONE = 0,
  /** A message from a task sent with `send` or `call`; `sender` is its id. */
  MESSAGE = 1,
  /** The reply to this task's `call`; `sender` is the server's id. */
  REPLY = 2,
  /** Bits of a notification; `w1` holds the bits taken, `sender` the notification id. */
  NOTIFICATION = 3,
  /** An interrupt; `sender` is the IRQ id, `w1` the coalesced edge count, `w2` the first edge's time (µs). */
  IRQ = 4,
}

/** The one state of a task. Each state implies exactly which queue the task is in. */
export const enum TaskState {
  /** In the ready queue of its effective priority (the running task included). */
  READY = 0,
  /** In an endpoint's send queue, waiting for a receiver (`send`). */
  SEND_BLOCKED = 1,
  /** In an endpoint's send queue; after delivery it waits for the reply (`call`). */
  CALL_BLOCKED = 2,
  /** Waiting for the reply of the task in `partner`; in no queue. */
  REPLY_BLOCKED = 3,
  /** In an endpoint's receive queue (`recv`, `recvFrom`, `replyRecv`). */
  RECV_BLOCKED = 4,
  /** In a notification's wait queue (`wait`). */
  NTFN_BLOCKED = 5,
  /** Only in the timer list (`sleep`). */
  SLEEPING = 6,
  /** Stopped by a fault; in no queue until the supervisor restarts it. */
  FAULTED = 7,
}

/** The state of an IRQ object. */
export const enum IrqState {
  /** The next edge is delivered. */
  ARMED = 0,
  /** An edge was raised and waits for its receiver (queued on an endpoint, or not yet taken); more edges are counted into it. */
  PENDING = 1,
  /**
   * Delivered; the handler has not acknowledged it. Edges are counted for a new delivery at `irqAck`.
   * Meanwhile the IRQ donates its priority to the task it was delivered to (`K.irqHandler`).
   */
  MASKED = 2,
}

/** Syscall numbers, as recorded in traces and fault records. */
export const enum Sys {
  NONE = 0,
  SEND = 1,
  RECV = 2,
  RECV_FROM = 3,
  CALL = 4,
  REPLY = 5,
  REPLY_RECV = 6,
  SLEEP = 7,
  YIELD = 8,
  SIGNAL = 9,
  WAIT = 10,
  POLL = 11,
  IRQ_ACK = 12,
  RESTART = 13,
  FAULT_INFO = 14,
  COUNT = 15,
}

/** Why a task faulted, in its fault record. */
export const enum FaultCode {
  NONE = 0,
  /** The step threw. */
  THREW = 1,
  /** The step returned without issuing a syscall. */
  NO_SYSCALL = 2,
  /** The step issued a second syscall. */
  TWO_SYSCALLS = 3,
  /** `sys.raw` was given a number that is no syscall. */
  UNKNOWN_SYSCALL = 4,
}

/** Problems found in an app description. */
export const enum AppErrorCode {
  DUPLICATE_NAME = 1,
  UNKNOWN_REFERENCE = 2,
  BAD_PRIORITY = 3,
  TOO_MANY = 4,
  DOWNHILL_CALL = 5,
  BAD_SETTING = 6,
  MISSING_STEP = 7,
}

/** Kernel events passed to `KernelHost.trace` (numbers only; see `sim/trace.ts` for their text). */
export const enum TraceEvent {
  /** (task, syscall, state after, status) after every step. */
  STEP = 1,
  /** (from node, to task, kind, label) for every transfer. */
  TRANSFER = 2,
  /** (task, state it timed out of, 0, 0). */
  TIMEOUT = 3,
  /** (task, fault code, syscall, 0). */
  FAULT = 4,
  /** (task, new generation, 0, 0). */
  RESTART = 5,
  /** (irq, stamp, count, 0) on every edge. */
  IRQ = 6,
  /** (irq, latency µs, task, 0) when the handler's step starts. */
  IRQ_HANDLED = 7,
  /** (notification, bits, 0, 0). */
  SIGNAL = 8,
}

/** Block until a partner comes. */
export const FOREVER = -1;
/** The longest finite timeout in ticks; longer ones are `BAD_ARG`. */
export const MAX_TIMEOUT = 0x3fffffff;
/** A task's epoch (generation) is 23 bits: a task id is `epoch << 8 | index` (see kernel/tables.ts, "Epochs"). */
export const GEN_MASK = 0x7fffff;
/** Priorities run from 0 (most important) to `PRIORITIES - 1`. */
export const PRIORITIES = 32;
/** The most tasks, endpoints, notifications or IRQs any table can hold. */
export const MAX_OBJECTS = 255;

/**
 * Checks of a syscall's arguments that the build proved unnecessary for
 * every call site of that syscall in the app (tools/proofs.ts), as the bits
 * of the syscall's `PROVEN_*` constant (kernel/features.ts; kernel/syscalls.ts checks the rest): the argument is
 * a constant endpoint id its task holds the right for (EP), a value that is
 * a signed 32-bit integer already, so not -0 (LABEL, W1, W2, W3: neither
 * checked nor made one with `| 0`), the timeout is omitted (FOREVER), `out`
 * is 0 (OUT), or the task id a reply names is the `sender` register as the
 * kernel wrote it, a current id of a task, in an app whose ids keep epoch 0
 * and where only tasks send (TASK).
 * An argument not proven is checked at run time and gets the documented code.
 */
export const enum Proven {
  EP = 1,
  LABEL = 2,
  W1 = 4,
  W2 = 8,
  W3 = 16,
  NO_TIMEOUT = 32,
  /** No task's code writes `out`: it is 0 for good, a byte count within any buffer. */
  OUT = 64,
  TASK = 128,
}
