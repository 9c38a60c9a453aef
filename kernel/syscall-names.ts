/** @noSelfInFile */
/**
 * The syscall list, written once: each syscall's name in `sys`, at the
 * index of its number (`Sys` in kernel/codes.ts); index 0 (`Sys.NONE`)
 * stands for a step that issued none.
 *
 * Derived from it: the names in traces (sim/names.ts), in cost profiles
 * (sim/profiles.ts) and in the cost probe (apps/costs/probe.ts), and the
 * build's switch per syscall (tools/trim.ts: a `sys` entry no task of the
 * app issues is left out). tests/kernel/syscall-list-written-once_spec.ts
 * checks that the `Sys` numbers, the `sys` object and the raw entry
 * follow it. Not part of board bundles.
 */
export const SYSCALL_NAMES = ["none", "send", "recv", "recvFrom", "call", "reply", "replyRecv", "sleep", "yield", "signal", "wait", "poll", "irqAck", "restart", "faultInfo"];
