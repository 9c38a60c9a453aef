/** @noSelfInFile */
/**
 * baton's kernel API for tasks and host layers: everything a board bundle
 * needs. Validation, `bootChecked` and the invariant checker are in
 * kernel/checked.ts.
 */
export { Status, Kind, TaskState, Sys, FaultCode, AppErrorCode, IrqState, TraceEvent, FOREVER, MAX_TIMEOUT, PRIORITIES } from "./codes";
export { Task } from "./task";
export type { AppDesc, SimInput, TaskDesc, EndpointDesc, NotificationDesc, IrqDesc, Rights, BoardSettings, Limits } from "./app";
export { indexOf, pinIndex } from "./app";
export type { KernelHost } from "./tables";
export { sys } from "./sys";
export type { BootOptions } from "./kernel";
export { boot, run, readyPriority, waitsOn, endpointId, notificationId, irqId, taskIndex, pinId, ticksNow, pinWrite, pinRead, lastTask, lastSys, signalFromHost, isIdle, taskCount, taskName, irqName, notificationName, taskState, taskPriority, taskSteps, taskCtx, currentId, totalSteps, transfers, badHostCalls, faultMessage, faultCode, irqLatency, irqBucket } from "./kernel";
export { raiseIrq, urgentPriority, IRQ_BUCKETS } from "./irq";
export { expire } from "./timer";
export { BUFFERS, IRQS, NOTIFICATIONS, PINS, TIMERS } from "./features";
