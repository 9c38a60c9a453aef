/**
 * Calibration (tools/calibrate/parse.ts): the cost probe's output and the
 * latency app's report are read as they come from an interpreter (prompt
 * and terminal codes included), each figure lands where the module says,
 * and a profile survives the trip through a profile file's form.
 */
import { calibrate, parseCalibration } from "../../tools/calibrate/parse";
import { PROBE_APPS, probeCosts } from "../../apps/costs/probe";
import { ESPRUINO_LINUX, SYS_KEYS, profileFromJson, profileToJson } from "../../sim/profiles";
import { describe, eq, it, ok, same, throws } from "#spec";

/** apps/latency's report on Espruino's Linux build, as the interpreter printed it. */
const LATENCY = [
  "baton: 'latency' booted on Espruino (Linux build) (software edges)",
  ">\u001b[Jlatency: 200 edges per run, software edges",
  ">\u001b[Jkernel, idle (edge -> handler step): 200 edges",
  "  min 362 us, median 405 us, p99 454 us, max 1302 us",
  "      256..    511 us |######################################## 198",
  ">\u001b[Jkernel, busy task running (edge -> handler step): 200 edges",
  "  min 1982 us, median 4293 us, p99 5324 us, max 7187 us",
  "raw host callback, no kernel (a timer callback per software edge):",
  ">\u001b[Jraw host callback (edge -> callback): 200 edges",
  "  min 110 us, median 113 us, p99 118 us, max 237 us",
].join("\r\n");

const PROBE = [
  "baton-costs runtime espruino 2v29",
  "baton-costs clock 10.2",
  "baton-costs step send 201.3 2000",
  "baton-costs step call 229.2 1667",
  "baton-costs step replyRecv 269.7 999",
  "baton-costs step yield 42.6 2000",
  "baton-costs step recv 179.5 2335",
  "baton-costs raise 77.6",
  ">\u001b[Jbaton-costs loop 107.3",
  "baton-costs done",
].join("\n");

describe("calibration input", () => {
  it("reads the latency app's report: software edges, and the three paths' figures", () => {
    const c = parseCalibration(LATENCY);
    eq(c.wired, false);
    ok(c.kernelIdle !== undefined && c.kernelBusy !== undefined && c.raw !== undefined);
    if (c.kernelIdle !== undefined) same([c.kernelIdle.count, c.kernelIdle.min, c.kernelIdle.median, c.kernelIdle.p99, c.kernelIdle.max], [200, 362, 405, 454, 1302]);
    if (c.kernelBusy !== undefined) same([c.kernelBusy.median, c.kernelBusy.max], [4293, 7187]);
    if (c.raw !== undefined) eq(c.raw.median, 113);
  });

  it("reads the probe and sets the step table, the loop turn and the kernel's part of dispatch", () => {
    const c = calibrate(ESPRUINO_LINUX, parseCalibration(PROBE), "t", "probe.txt");
    const p = c.profile;
    eq(p.name, "t");
    eq(p.stepUs, 43);
    eq(p.sysUs[SYS_KEYS.indexOf("send")], 159);
    eq(p.sysUs[SYS_KEYS.indexOf("call")], 187);
    eq(p.sysUs[SYS_KEYS.indexOf("replyRecv")], 227);
    eq(p.sysUs[SYS_KEYS.indexOf("yield")], 0);
    eq(p.sliceUs, 107);
    // The host's own 15 µs of espruino-linux's dispatch, plus the measured raiseIrq.
    eq(p.dispatchUs, 15 + 78);
    ok(p.source.indexOf("probe.txt") >= 0);
  });

  it("with software edges, takes the loop turn from the raw timer callback", () => {
    const p = calibrate(ESPRUINO_LINUX, parseCalibration(LATENCY), "t", "latency.txt").profile;
    eq(p.sliceUs, 113);
    eq(p.dispatchUs, ESPRUINO_LINUX.dispatchUs);
  });

  it("with pin edges, takes the dispatch from the idle kernel path", () => {
    const wired = LATENCY.split("software edges").join("pin edges through the LOOP_OUT -> LOOP_IN wire");
    const p = calibrate(ESPRUINO_LINUX, parseCalibration(wired), "t", "latency.txt").profile;
    eq(p.dispatchUs, 405);
  });

  it("scales the steps to a round trip when only that was measured", () => {
    const base = ESPRUINO_LINUX;
    const rt = 2 * base.stepUs + base.sysUs[4] + base.sysUs[6];
    const c = parseCalibration("  call+replyRecv round trips/s : " + Math.round(1e6 / (2 * rt)) + "  (x ns each)");
    ok(Math.abs(c.roundTripUs - 2 * rt) < 1);
    const p = calibrate(base, c, "t", "bench.txt").profile;
    eq(p.stepUs, 2 * base.stepUs);
    eq(p.sysUs[4], 2 * base.sysUs[4]);
  });

  it("gets every syscall of the probe's systems from a run of the probe itself", () => {
    const lines: string[] = [];
    let t = 0;
    probeCosts(() => (t += 1), (l: string) => lines.push(l), 50, "test");
    eq(lines[lines.length - 1], "baton-costs done");
    const c = parseCalibration(lines.join("\n"));
    const probed = ["send", "recv", "recvFrom", "call", "reply", "replyRecv", "sleep", "yield", "signal", "wait", "poll", "irqAck"];
    for (let i = 0; i < probed.length; i++) ok(c.steps[probed[i]] !== undefined, probed[i] + " probed");
    ok(c.probe["raise"] !== undefined && c.probe["expire"] !== undefined);
    eq(PROBE_APPS.length, 9);
  });
});

describe("profile files", () => {
  it("keep a profile through their form, syscalls by name", () => {
    const back = profileFromJson(profileToJson(ESPRUINO_LINUX), "x");
    eq(back.name, ESPRUINO_LINUX.name);
    same(back.sysUs, ESPRUINO_LINUX.sysUs);
    eq(back.dispatchUs, ESPRUINO_LINUX.dispatchUs);
  });

  it("say what is wrong with a bad one", () => {
    const e = throws(() => profileFromJson({ name: "b", stepUs: 1, sliceUs: 1, dispatchUs: 1, sysUs: { sned: 3 } }, "b")) as Error;
    ok(e.message.indexOf("sned") >= 0, e.message);
    const f = throws(() => profileFromJson({ name: "b", stepUs: -1, sliceUs: 1, dispatchUs: 1, sysUs: [] }, "b")) as Error;
    ok(f.message.indexOf("stepUs") >= 0, f.message);
  });
});
