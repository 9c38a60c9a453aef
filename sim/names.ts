/** Names of the kernel's numbers, for traces and reports. */
import { SYSCALL_NAMES } from "../kernel/syscall-names";

export const STATUS_NAMES = ["OK", "TIMEOUT", "WOULD_BLOCK", "PEER_DEAD", "NO_RIGHTS", "BAD_ID", "BAD_ARG", "NOT_WAITING", "NOT_PENDING"];
export const KIND_NAMES = ["NONE", "MESSAGE", "REPLY", "NOTIFICATION", "IRQ"];
export const STATE_NAMES = ["READY", "SEND_BLOCKED", "CALL_BLOCKED", "REPLY_BLOCKED", "RECV_BLOCKED", "NTFN_BLOCKED", "SLEEPING", "FAULTED"];
function syscallNames(none: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < SYSCALL_NAMES.length; i++) names.push(i === 0 ? none : SYSCALL_NAMES[i]);
  return names;
}

/** Syscall names by number (kernel/syscall-names.ts), with "step" for a step that issued none. */
export const SYS_NAMES = syscallNames("step");
export const FAULT_NAMES = ["NONE", "THREW", "NO_SYSCALL", "TWO_SYSCALLS", "UNKNOWN_SYSCALL"];

export function nameOf(names: string[], n: number): string {
  return n >= 0 && n < names.length ? names[n] : "#" + n;
}
