/**
 * A kernel built for its app (tools/trim.ts): two apps that differ in one
 * feature (an IRQ, and its handler's irqAck) get kernels that differ in
 * it: the IRQ code (raising, delivery, acknowledgement, unmasking at a
 * fault) is in one and absent from the other, and the syscalls neither
 * issues are in neither. A task that issues a syscall its app cannot serve
 * is refused at build time, with its name. The same for message buffers
 * (the byte copy) and named pins (the host's pin lookup).
 */
import ts from "typescript";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, eq, it, same } from "#spec";
import { BuildProblem, appFacts, trimSources } from "../../tools/trim";
import { ackWithoutIrq, withBufferAndPins, withIrq, withNoTimer, withTimeout, withoutIrq } from "./fixtures/trim/apps";

const ROOT = resolve(".");
const APPS = join(ROOT, "tests/tools/fixtures/trim/apps.ts");

/** The functions the trimmed kernel declares, by file (kernel/*.ts). */
function kernelFunctions(texts: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const f of ["endpoint", "fault", "irq", "kernel", "notification", "queue", "sched", "syscalls", "sys", "timer"]) {
    const file = join(ROOT, "kernel", f + ".ts");
    const text = texts.has(file) ? texts.get(file)! : readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2019, true);
    sf.forEachChild((n) => {
      if (ts.isFunctionDeclaration(n) && n.name !== undefined) names.add(n.name.text);
    });
  }
  return names;
}

describe("a kernel built for its app", () => {
  const host = join(ROOT, "boards/espruino/host.ts");
  const a = appFacts(ROOT, withIrq, APPS);
  const b = appFacts(ROOT, withoutIrq, APPS);
  const ta = trimSources(ROOT, a, [APPS, host]).texts;
  const tb = trimSources(ROOT, b, [APPS, host]).texts;
  const ka = kernelFunctions(ta);
  const kb = kernelFunctions(tb);

  it("reads the object kinds and syscalls each app uses", () => {
    eq(a.features.get("IRQS"), true);
    eq(b.features.get("IRQS"), false);
    eq(a.syscalls.has("irqAck"), true);
    eq(b.syscalls.has("irqAck"), false);
    eq(a.syscalls.has("call"), true);
    eq(b.syscalls.has("signal"), false);
  });

  it("carries the IRQ code in the app with an IRQ and not in the other", () => {
    for (const f of ["raiseIrq", "ackIrq", "sysIrqAck", "unmaskIrqsOf", "deliverIrq"]) {
      eq(ka.has(f), true, f + " in with-irq");
      eq(kb.has(f), false, f + " in without-irq");
    }
  });

  it("has the IRQ tables in the kernel's table object only in the app with an IRQ", () => {
    const tables = (texts: Map<string, string>): string => textOf(texts, "kernel/tables.ts");
    for (const field of ["irqState:", "irqCount:", "latHist:", "K.irqState=words("]) {
      eq(tables(ta).indexOf(field) >= 0, true, field + " in with-irq");
      eq(tables(tb).indexOf(field) >= 0, false, field + " in without-irq");
    }
  });

  it("carries the syscalls both issue in both, and those neither issues in neither", () => {
    for (const f of ["sysCall", "sysReplyRecv", "sysRecv", "sendIPC", "replyIPC"]) {
      eq(ka.has(f), true, f + " in with-irq");
      eq(kb.has(f), true, f + " in without-irq");
    }
    for (const f of ["sysSignal", "sysWait", "sysPoll", "sysRestart", "restartTask", "sysSleep", "sysRecvFrom"]) {
      eq(ka.has(f), false, f + " in with-irq");
      eq(kb.has(f), false, f + " in without-irq");
    }
  });
});

/** The text of `file` (under ROOT) in a trimmed tree, without blanks. */
function textOf(texts: Map<string, string>, file: string): string {
  const path = join(ROOT, file);
  return (texts.has(path) ? texts.get(path)! : readFileSync(path, "utf8")).replace(/\s+/g, "");
}

describe("a kernel built for an app with a message buffer and pins, beside one without", () => {
  const host = join(ROOT, "boards/espruino/host.ts");
  const a = appFacts(ROOT, withBufferAndPins, APPS);
  const b = appFacts(ROOT, withoutIrq, APPS);
  const ta = trimSources(ROOT, a, [APPS, host]).texts;
  const tb = trimSources(ROOT, b, [APPS, host]).texts;

  it("reads the buffer and the pins from the descriptions", () => {
    eq(a.features.get("BUFFERS"), true);
    eq(b.features.get("BUFFERS"), false);
    eq(a.features.get("PINS"), true);
    eq(b.features.get("PINS"), false);
  });

  it("copies message bytes only in the app with a buffer", () => {
    const copy = "to[i]=from[i]&255";
    eq(textOf(ta, "kernel/endpoint.ts").indexOf(copy) >= 0, true, "byte copy with a buffer");
    eq(textOf(tb, "kernel/endpoint.ts").indexOf(copy) >= 0, false, "byte copy without one");
  });

  it("looks up pins only in the app with pins", () => {
    const call = "resolvePins(theApp,theBoard)";
    eq(textOf(ta, "boards/espruino/host.ts").indexOf(call) >= 0, true, "pin lookup with pins");
    eq(textOf(tb, "boards/espruino/host.ts").indexOf(call) >= 0, false, "pin lookup without");
  });

  it("carries the host layers' pin functions only in the app with pins (Espruino and NodeMCU)", () => {
    const lua = join(ROOT, "boards/nodemcu/host.ts");
    const la = trimSources(ROOT, a, [APPS, lua]).texts;
    const lb = trimSources(ROOT, b, [APPS, lua]).texts;
    for (const [file, x, y] of [["boards/espruino/host.ts", ta, tb], ["boards/nodemcu/host.ts", la, lb]] as [string, Map<string, string>, Map<string, string>][]) {
      eq(textOf(x, file).indexOf("functionresolvePins(") >= 0, true, file + ": resolvePins with pins");
      eq(textOf(y, file).indexOf("functionresolvePins(") >= 0, false, file + ": resolvePins without");
    }
  });
});

describe("a kernel built for an app that passes a timeout, beside apps that pass none or only FOREVER and 0", () => {
  const host = join(ROOT, "boards/espruino/host.ts");
  const a = appFacts(ROOT, withTimeout, APPS);
  const b = appFacts(ROOT, withNoTimer, APPS);
  const c = appFacts(ROOT, withoutIrq, APPS);

  it("reads whether a timer can start", () => {
    eq(a.features.get("TIMERS"), true);
    eq(b.features.get("TIMERS"), false);
    eq(c.features.get("TIMERS"), false);
  });

  it("keeps the timer list only in the app with a timeout", () => {
    const queue = (facts: typeof a): string => textOf(trimSources(ROOT, facts, [APPS, host]).texts, "kernel/timer.ts");
    eq(queue(a).indexOf("K.timerHead=t") >= 0, true, "timer list with a timeout");
    eq(queue(b).indexOf("K.timerHead") >= 0, false, "timer list with FOREVER and 0");
  });
});

describe("a task that issues a syscall its app cannot serve", () => {
  it("is refused at build time with the task's name and the syscall", () => {
    let problems: BuildProblem[] = [];
    try {
      appFacts(ROOT, ackWithoutIrq, APPS);
    } catch (e) {
      problems = (e as { problems: BuildProblem[] }).problems;
    }
    same(problems.map((p) => p.task + " " + p.syscall), ["acker irqAck"]);
  });
});
