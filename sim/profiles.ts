/**
 * Cost-model profiles: how much virtual time each kernel operation and each
 * task step takes on a board, so that simulated latencies mean something and
 * are the same on every run.
 */
import { Sys } from "../kernel/index";

export interface CostProfile {
  name: string;
  /** Where the numbers come from. */
  source: string;
  /** Base cost of one task step (the step function's call and its dispatch), µs. */
  stepUs: number;
  /** Cost of each syscall, indexed by `Sys`, µs. */
  sysUs: number[];
  /** One turn of the host's event loop, paid after every slice, µs. */
  sliceUs: number;
  /** The host's own dispatch of one event (pin edge, alarm) to the kernel, µs. */
  dispatchUs: number;
}

function sysTable(send: number, recv: number, call: number, reply: number, replyRecv: number, other: number): number[] {
  const t: number[] = [];
  for (let i = 0; i < Sys.COUNT; i++) t.push(other);
  t[Sys.SEND] = send;
  t[Sys.RECV] = recv;
  t[Sys.RECV_FROM] = recv;
  t[Sys.CALL] = call;
  t[Sys.REPLY] = reply;
  t[Sys.REPLY_RECV] = replyRecv;
  return t;
}

/**
 * The Espruino interpreter's Linux build (-O2, x86-64). From the measurements
 * recorded in the project's target notes: a function call ≈ 3.4 µs, a
 * call + reply round trip ≈ 10 direct calls (≈ 35 µs: split over call and
 * replyRecv), an event-loop turn ≈ 110 µs, raw `setWatch` dispatch ≈ 15 µs.
 */
export const ESPRUINO_LINUX: CostProfile = {
  name: "espruino-linux",
  source: "shared target notes: Espruino 2v29 Linux -O2 measurements (function call 3.4 us, event loop turn 110 us, setWatch dispatch 15 us)",
  stepUs: 4,
  sysUs: sysTable(14, 12, 16, 12, 20, 8),
  sliceUs: 110,
  dispatchUs: 15,
};

export const PROFILES: CostProfile[] = [ESPRUINO_LINUX];

export function findProfile(name: string): CostProfile | undefined {
  for (let i = 0; i < PROFILES.length; i++) if (PROFILES[i].name === name) return PROFILES[i];
  return undefined;
}
