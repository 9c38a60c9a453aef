/**
 * A kernel built for its app (tools/trim.ts): two apps that differ in one
 * feature (an IRQ, and its handler's irqAck) get kernels that differ in
 * it: the IRQ code (raising, delivery, acknowledgement, unmasking at a
 * fault) is in one and absent from the other, and the syscalls neither
 * issues are in neither. A task that issues a syscall its app cannot serve
 * is refused at build time, with its name.
 */
import ts from "typescript";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, eq, it, same } from "#spec";
import { BuildProblem, appFacts, trimSources } from "../../tools/trim";
import { ackWithoutIrq, withIrq, withoutIrq } from "./fixtures/trim/apps";

const ROOT = resolve(".");
const APPS = join(ROOT, "tests/tools/fixtures/trim/apps.ts");

/** The functions the trimmed kernel declares, by file (kernel/*.ts). */
function kernelFunctions(texts: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const f of ["fault", "ipc", "irq", "kernel", "queue", "sched", "syscalls", "sys"]) {
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
  const ka = kernelFunctions(trimSources(ROOT, a, [APPS, host]).texts);
  const kb = kernelFunctions(trimSources(ROOT, b, [APPS, host]).texts);

  it("reads the object kinds and syscalls each app uses", () => {
    eq(a.features.get("IRQS"), true);
    eq(b.features.get("IRQS"), false);
    eq(a.features.get("SYS_IRQ_ACK"), true);
    eq(b.features.get("SYS_IRQ_ACK"), false);
    eq(a.features.get("SYS_CALL"), true);
    eq(b.features.get("SYS_SIGNAL"), false);
  });

  it("carries the IRQ code in the app with an IRQ and not in the other", () => {
    for (const f of ["raiseIrq", "ackIrq", "sysIrqAck", "unmaskIrqsOf", "deliverIrq"]) {
      eq(ka.has(f), true, f + " in with-irq");
      eq(kb.has(f), false, f + " in without-irq");
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
