/**
 * The figures the kernel keeps, as text: what `--figures` of tools/sim.ts
 * and of its Lua twin tools/sim.lua.ts prints after the summary. Both print
 * these lines, so a figure computed differently on one host shows as a
 * difference in bytes (tests/lua/trace-equality_spec.ts compares them):
 *
 * - the message transfers;
 * - per task: steps, state, current id (generation and index), fault code
 *   and fault message;
 * - per IRQ: the latency count, min and max (µs) and every bucket of its
 *   histogram (`IRQ_BUCKETS` of them; bucket 0 is 0 µs, bucket b holds
 *   2^(b-1) .. 2^b - 1 µs).
 *
 * Plain code that runs on both hosts: integers and strings only.
 */
import {
  AppDesc, IRQ_BUCKETS, currentId, faultCode, faultMessage, irqBucket, irqLatency, irqName, taskCount, taskName, taskState, taskSteps, transfers,
} from "../kernel/index";
import { FAULT_NAMES, STATE_NAMES, nameOf } from "../sim/names";

/** The kernel's figures after a run of `app`, one line each. */
export function kernelFigures(app: AppDesc): string[] {
  const out: string[] = [];
  out.push("figures of the kernel:");
  out.push("  transfers " + transfers());
  const T = taskCount();
  for (let t = 0; t < T; t++) {
    out.push("  task " + taskName(t) + ": steps " + taskSteps(t) + ", state " + nameOf(STATE_NAMES, taskState(t)) + ", id " + currentId(t) +
      ", fault " + nameOf(FAULT_NAMES, faultCode(t)) + " \"" + faultMessage(t) + "\"");
  }
  const I = app.irqs !== undefined ? app.irqs.length : 0;
  for (let i = 0; i < I; i++) {
    const lat = irqLatency(i);
    let buckets = "";
    for (let b = 0; b < IRQ_BUCKETS; b++) buckets = buckets + " " + irqBucket(i, b);
    out.push("  irq " + irqName(i) + ": latency count " + lat[0] + ", min " + lat[1] + " us, max " + lat[2] + " us; buckets" + buckets);
  }
  return out;
}
