/** @noSelfInFile */
/** baton's public kernel API. */
export { Status, Kind, TaskState, Sys, FaultCode, AppErrorCode, IrqState, TraceEvent, FOREVER, MAX_TIMEOUT, PRIORITIES } from "./codes";
export { Task } from "./task";
export type { AppDesc, SimInput, TaskDesc, EndpointDesc, NotificationDesc, IrqDesc, Rights, BoardSettings, Limits, Problem } from "./app";
export { DEFAULT_LIMITS, validateApp, downhillEdges, indexOf, pinIndex } from "./app";
export type { KernelHost } from "./tables";
export { sys } from "./syscalls";
export type { BootOptions } from "./kernel";
export { boot, run, waitsOn, endpointId, notificationId, irqId, taskIndex, pinId, ticksNow, pinWrite, pinRead, lastTask, lastSys, expire, signalFromHost, isIdle, taskCount, taskName, irqName, notificationName, taskState, taskPriority, taskSteps, taskCtx, currentId, totalSteps, transfers, faultMessage, faultCode, irqLatency, irqBucket } from "./kernel";
export { raiseIrq, IRQ_BUCKETS } from "./irq";
export { checkInvariants } from "./check";
