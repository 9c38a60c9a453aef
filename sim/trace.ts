/**
 * The text trace: one line per kernel event, numbers only, so that the same
 * run prints the same bytes under Node and under Lua.
 */
import { Kind, TraceEvent, irqName, notificationName, taskName, taskCount } from "../kernel/index";
import { FAULT_NAMES, KIND_NAMES, STATE_NAMES, STATUS_NAMES, SYS_NAMES, nameOf } from "./names";

export function pad(s: string, n: number): string {
  let out = s;
  while (out.length < n) out = " " + out;
  return out;
}

export function padRight(s: string, n: number): string {
  let out = s;
  while (out.length < n) out = out + " ";
  return out;
}

/** A node's name: a task, an IRQ object (nodes past the tasks), or a notification (-1 - id). */
function nodeName(n: number): string {
  if (n < 0) return notificationName(-1 - n);
  const T = taskCount();
  return n < T ? taskName(n) : irqName(n - T);
}

export function formatEvent(now: number, ev: number, a: number, b: number, c: number, d: number): string {
  const head = pad(String(now), 10) + " us  ";
  switch (ev) {
    case TraceEvent.STEP: {
      let s = head + padRight(taskName(a), 10) + " " + nameOf(SYS_NAMES, b) + " -> " + nameOf(STATE_NAMES, c);
      if (c === 0) s = s + " " + nameOf(STATUS_NAMES, d);
      return s;
    }
    case TraceEvent.TRANSFER:
      return head + padRight(nodeName(a), 10) + " => " + taskName(b) + " " + nameOf(KIND_NAMES, c) + (c === Kind.IRQ ? " count=" : c === Kind.NOTIFICATION ? " bits=" : " label=") + d;
    case TraceEvent.TIMEOUT:
      return head + padRight(taskName(a), 10) + " timeout in " + nameOf(STATE_NAMES, b);
    case TraceEvent.FAULT:
      return head + padRight(taskName(a), 10) + " FAULT " + nameOf(FAULT_NAMES, b) + (c !== 0 ? " in " + nameOf(SYS_NAMES, c) : "");
    case TraceEvent.RESTART:
      return head + padRight(taskName(a), 10) + " restarted, generation " + b;
    case TraceEvent.IRQ:
      return head + padRight(irqName(a), 10) + " edge at " + b + " us" + (c !== 0 ? " (masked, counted)" : "");
    case TraceEvent.IRQ_HANDLED:
      return head + padRight(irqName(a), 10) + " handled by " + taskName(c) + ", latency " + b + " us";
    case TraceEvent.SIGNAL:
      return head + padRight(notificationName(a), 10) + " signalled bits " + b;
    default:
      return head + "event " + ev + " " + a + " " + b + " " + c + " " + d;
  }
}
