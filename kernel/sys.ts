/** @noSelfInFile */
/**
 * The syscalls as tasks see them: the `sys` object and the raw entry.
 * Every entry's contract, with one line per result, is documented where it
 * is defined (kernel/syscalls.ts).
 */
import { Sys } from "./codes";
import {
  sysCall, sysFaultInfo, sysIrqAck, sysPoll, sysRecv, sysRecvFrom, sysReply, sysReplyRecv, sysRestart, sysSend, sysSignal, sysSleep, sysUnknown, sysWait,
  sysYield,
} from "./syscalls";

/**
 * The raw entry: syscall number `n` (a `Sys`) with its arguments in order,
 * as the named entries take them. For hosts and bindings that pass numbers;
 * a number that is no syscall faults the task (UNKNOWN_SYSCALL).
 */
function sysRaw(n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
  switch (n) {
    case Sys.SEND:
      return sysSend(a, b, c, d, e, f);
    case Sys.RECV:
      return sysRecv(a, b);
    case Sys.RECV_FROM:
      return sysRecvFrom(a, b, c);
    case Sys.CALL:
      return sysCall(a, b, c, d, e, f);
    case Sys.REPLY:
      return sysReply(a, b, c, d, e);
    case Sys.REPLY_RECV:
      return sysReplyRecv(a, b, c, d, e, f, g);
    case Sys.SLEEP:
      return sysSleep(a);
    case Sys.YIELD:
      return sysYield();
    case Sys.SIGNAL:
      return sysSignal(a, b);
    case Sys.WAIT:
      return sysWait(a, b);
    case Sys.POLL:
      return sysPoll(a);
    case Sys.IRQ_ACK:
      return sysIrqAck(a);
    case Sys.RESTART:
      return sysRestart(a);
    case Sys.FAULT_INFO:
      return sysFaultInfo(a);
    default:
      return sysUnknown();
  }
}

/** A syscall the kernel was not built with: `sysUnknown` (a fault), standing in for any syscall (put in `sys` by tools/trim.ts). */
export const NOT_BUILT = sysUnknown as (this: void, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown) => void;

/**
 * The syscalls a step may issue; exactly one per step, as its last action.
 * Its keys are kernel/syscall-names.ts's names, in that order, and `raw`.
 * A board bundle has only those its app's tasks issue (tools/trim.ts puts
 * `NOT_BUILT` in place of the others, and refuses to build a task that
 * issues one its app cannot serve): any other is `sysUnknown` there, which
 * faults the task.
 */
export const sys = {
  send: sysSend,
  recv: sysRecv,
  recvFrom: sysRecvFrom,
  call: sysCall,
  reply: sysReply,
  replyRecv: sysReplyRecv,
  sleep: sysSleep,
  yield: sysYield,
  signal: sysSignal,
  wait: sysWait,
  poll: sysPoll,
  irqAck: sysIrqAck,
  restart: sysRestart,
  faultInfo: sysFaultInfo,
  raw: sysRaw,
};
