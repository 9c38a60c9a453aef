/** Names of the kernel's numbers, for traces and reports. */

export const STATUS_NAMES = ["OK", "TIMEOUT", "WOULD_BLOCK", "PEER_DEAD", "NO_RIGHTS", "BAD_ID", "BAD_ARG", "NOT_WAITING", "NOT_PENDING"];
export const KIND_NAMES = ["NONE", "MESSAGE", "REPLY", "NOTIFICATION", "IRQ"];
export const STATE_NAMES = ["READY", "SEND_BLOCKED", "CALL_BLOCKED", "REPLY_BLOCKED", "RECV_BLOCKED", "NTFN_BLOCKED", "SLEEPING", "FAULTED"];
export const SYS_NAMES = ["step", "send", "recv", "recvFrom", "call", "reply", "replyRecv", "sleep", "yield", "signal", "wait", "poll", "irqAck", "restart", "faultInfo"];
export const FAULT_NAMES = ["NONE", "THREW", "NO_SYSCALL", "TWO_SYSCALLS", "UNKNOWN_SYSCALL"];

export function nameOf(names: string[], n: number): string {
  return n >= 0 && n < names.length ? names[n] : "#" + n;
}
