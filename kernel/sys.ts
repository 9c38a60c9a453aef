/** @noSelfInFile */
/**
 * The syscalls as tasks see them: the `sys` object and the raw entry.
 * `call` and `replyRecv` go through their fast paths (kernel/fastpath.ts);
 * every entry's contract, with one line per result, is documented where it
 * is defined (kernel/syscalls.ts).
 */
import { Sys } from "./codes";
import { fastCallEntry, fastReplyRecvEntry } from "./fastpath";
import {
  sysFaultInfo, sysIrqAck, sysPoll, sysRecv, sysRecvFrom, sysReply, sysRestart, sysSend, sysSignal, sysSleep, sysUnknown, sysWait, sysYield,
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
      return fastCallEntry(a, b, c, d, e, f);
    case Sys.REPLY:
      return sysReply(a, b, c, d, e);
    case Sys.REPLY_RECV:
      return fastReplyRecvEntry(a, b, c, d, e, f, g);
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

/** The syscalls a step may issue; exactly one per step, as its last action. */
export const sys = {
  send: sysSend,
  recv: sysRecv,
  recvFrom: sysRecvFrom,
  call: fastCallEntry,
  reply: sysReply,
  replyRecv: fastReplyRecvEntry,
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
