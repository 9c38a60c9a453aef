/** @noSelfInFile */
/**
 * What the build, the simulator and the tests use beyond the board API:
 * validation of app descriptions, booting with validation, the debug
 * invariant checker, and read-only views of the kernel's tables
 * (kernel/inspect.ts). Board bundles import none of it.
 */
import type { AppDesc, Limits } from "./app";
import type { KernelHost } from "./tables";
import { BootOptions, boot } from "./kernel";
import { DEFAULT_LIMITS, validateApp } from "./validate";

export { DEFAULT_LIMITS, MAX_BUFFER, validateApp, downhillEdges } from "./validate";
export type { Problem } from "./validate";
export { checkInvariants } from "./check";
export { QueueKind, readyList, sendQueue, recvQueue, waitQueue, queueKind, queueObject, basePriority, notificationWord, irqState, irqCount, irqHandler, faultSyscall, faultTick, bootedHost } from "./inspect";

/**
 * Validates `app` against the board's limits (`options.limits`, default
 * `DEFAULT_LIMITS`), then boots it. Throws an Error whose message lists every
 * problem, with the offending names, and whose `problems` field holds them;
 * the kernel's tables are not touched then.
 */
export function bootChecked(app: AppDesc, host: KernelHost, options?: BootOptions): void {
  const limits: Limits = options !== undefined && options.limits !== undefined ? options.limits : DEFAULT_LIMITS;
  const problems = validateApp(app, limits);
  if (problems.length > 0) {
    let msg = "app '" + app.name + "' is not valid:";
    for (let i = 0; i < problems.length; i++) msg += "\n  " + problems[i].message;
    const err = new Error(msg);
    (err as unknown as { problems: unknown }).problems = problems;
    throw err;
  }
  boot(app, host, options);
}
