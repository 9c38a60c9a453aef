/**
 * The build's proofs (tools/proofs.ts), one `describe` each: two apps that
 * differ in the proof's fact (tests/tools/fixtures/proofs/apps.ts: `lean`,
 * for which every proof holds, and one app per proof) get different
 * constants (kernel/features.ts), and the kernel built for each (expanded
 * and trimmed as a board build makes it, without debug hooks) carries the
 * proof's work in one and not in the other. That a kernel with each
 * proof's work left out, and one with it kept, agrees with the reference
 * model is checked on random systems by
 * tests/model/proof-decided-kernels-match-model_spec.ts.
 */
import { join, resolve } from "node:path";
import { describe, eq, it } from "#spec";
import type { AppDesc } from "../../kernel/index";
import { Proven } from "../../kernel/codes";
import { trimmedFor } from "../../tools/build-steps";
import { appFacts } from "../../tools/trim";
import { closed, downhill, dynamicId, lean, samePriority, secondReceiver, timeout, zeroPriority } from "./fixtures/proofs/apps";
import { readsW3 } from "./fixtures/proofs/reads-w3";

const ROOT = resolve(".");
const APPS = join(ROOT, "tests/tools/fixtures/proofs/apps.ts");
const HOST = join(ROOT, "boards/espruino/host.ts");

/** The kernel built for `app` as one text (its kernel/ files, expanded and trimmed, hooks off; its tables by name, not packed into one: tools/pack.ts). */
function kernelText(app: AppDesc, file = APPS): string {
  const t = trimmedFor(ROOT, app, file, [file, HOST], false, false).texts;
  let out = "";
  for (const [file, text] of t) if (file.startsWith(join(ROOT, "kernel") + "/")) out += text;
  return out;
}

const facts = (app: AppDesc): Map<string, boolean | number> => appFacts(ROOT, app, APPS).features;
const LEAN = facts(lean);
const LEAN_KERNEL = kernelText(lean);

/** `lean` and `other` agree on every constant but those named. */
function onlyDiffer(other: Map<string, boolean | number>, names: string[]): void {
  for (const [k, v] of LEAN) if (names.indexOf(k) < 0) eq(other.get(k), v, k);
}

describe("noDonation: no caller, sender or IRQ above its receiver", () => {
  const f = facts(downhill);
  it("turns DONATION off for an app that only calls uphill, and keeps it for one with a downhill call", () => {
    eq(LEAN.get("DONATION"), false);
    eq(f.get("DONATION"), true);
    // Without donation's proof, ready lists may hold tasks of a lent priority: SHARED_PRIO goes with it.
    onlyDiffer(f, ["DONATION", "SHARED_PRIO"]);
  });
  it("builds the priority update into the downhill app's kernel only", () => {
    eq(kernelText(downhill).indexOf("function updatePrio") >= 0, true);
    eq(LEAN_KERNEL.indexOf("updatePrio") >= 0, false);
  });
});

describe("fixedEpochs: no restart and no finite timeout", () => {
  const f = facts(timeout);
  it("turns EPOCHS off without a finite timeout, and keeps it for an app whose call has one", () => {
    eq(LEAN.get("EPOCHS"), false);
    eq(f.get("EPOCHS"), true);
    eq(f.get("TIMERS"), true);
    eq(((f.get("PROVEN_CALL") as number) & Proven.NO_TIMEOUT) === 0, true, "the call's timeout is checked");
    onlyDiffer(f, ["EPOCHS", "TIMERS", "PROVEN_CALL", "PROVEN_REPLY_RECV"]);
  });
  it("reads the epoch into ids only in the kernel of the app with a timeout", () => {
    eq(kernelText(timeout).indexOf("K.gen[") >= 0, true);
    eq(LEAN_KERNEL.indexOf("K.gen[") >= 0, false);
  });
});

describe("openReceivesOnly: no recvFrom", () => {
  const f = facts(closed);
  it("turns CLOSED_RECV off without recvFrom, and keeps it for an app that issues one", () => {
    eq(LEAN.get("CLOSED_RECV"), false);
    eq(f.get("CLOSED_RECV"), true);
  });
  it("walks the receivers' filters only in the kernel of the app with a closed receive", () => {
    eq(kernelText(closed).indexOf("K.filter[r") >= 0, true);
    eq(LEAN_KERNEL.indexOf("K.filter[r") >= 0, false);
  });
});

describe("onePerPriority: no two tasks share a priority", () => {
  const f = facts(samePriority);
  it("turns SHARED_PRIO off for distinct priorities, and keeps it for two tasks of one priority", () => {
    eq(LEAN.get("SHARED_PRIO"), false);
    eq(f.get("SHARED_PRIO"), true);
    onlyDiffer(f, ["SHARED_PRIO"]);
  });
  it("keeps ready lists' links and the still-ready task's turn only in the kernel where priorities are shared", () => {
    const k = kernelText(samePriority);
    eq(k.indexOf("K.next[t] >= 0") >= 0, true);
    eq(LEAN_KERNEL.indexOf("K.next[t] >= 0") >= 0, false);
  });
});

describe("firstPriority: the most important priority a task can run at", () => {
  const f = facts(zeroPriority);
  it("starts the ready lists' search at the most important task's priority", () => {
    eq(LEAN.get("FIRST_PRIO"), 1);
    eq(f.get("FIRST_PRIO"), 0);
    onlyDiffer(f, ["FIRST_PRIO"]);
  });
  it("searches from priority 1 in the kernel of an app whose tasks run at 1 and 2, from 0 in the other", () => {
    eq(/let p = 1;/.test(LEAN_KERNEL), true);
    eq(/let p = 0;/.test(kernelText(zeroPriority)), true);
  });
});

describe("oneReceiverPerEndpoint: only the owner receives", () => {
  const f = facts(secondReceiver);
  it("turns SHARED_RECV off when only owners receive, and keeps it for an endpoint with a second receiver", () => {
    eq(LEAN.get("SHARED_RECV"), false);
    eq(f.get("SHARED_RECV"), true);
    onlyDiffer(f, ["SHARED_RECV"]);
  });
  it("sorts receivers into a receive queue only in the kernel with a second receiver", () => {
    eq(kernelText(secondReceiver).indexOf("qInsert((K.qRecv") >= 0, true);
    eq(LEAN_KERNEL.indexOf("qInsert((K.qRecv") >= 0, false);
  });
});

describe("provenArguments: a constant endpoint id the task holds the right for", () => {
  const f = facts(dynamicId);
  it("proves the call's endpoint for a constant id, and not for one read at run time", () => {
    eq(((LEAN.get("PROVEN_CALL") as number) & Proven.EP) !== 0, true);
    eq(((f.get("PROVEN_CALL") as number) & Proven.EP) === 0, true);
    onlyDiffer(f, ["PROVEN_CALL"]);
  });
  it("does not prove the reply's task where ids change epoch (a finite timeout)", () => {
    eq(((facts(timeout).get("PROVEN_REPLY_RECV") as number) & Proven.TASK) === 0, true);
  });
  it("checks the call's right only in the kernel whose call passes an id read at run time", () => {
    const check = "K.epRights[t * K.E + ep]";
    eq(kernelText(dynamicId).indexOf(check) >= 0, true);
    eq(LEAN_KERNEL.indexOf(check) >= 0, false);
  });
  it("proves words that are literals, bitwise results and registers, an omitted timeout, and a reply to the sender", () => {
    const call = LEAN.get("PROVEN_CALL") as number;
    const rr = LEAN.get("PROVEN_REPLY_RECV") as number;
    // client: sys.call(EP, 1, t.state.n, 0, 0): the state's word is not proven.
    eq(call & (Proven.LABEL | Proven.W1 | Proven.W2 | Proven.W3 | Proven.NO_TIMEOUT | Proven.OUT), Proven.LABEL | Proven.W2 | Proven.W3 | Proven.NO_TIMEOUT | Proven.OUT);
    // server: sys.replyRecv(t.sender, 1, (t.w1 + 1) | 0, 0, 0, EP): every word, the endpoint, no timeout, and the
    // task (the sender register, in an app of tasks only whose ids keep epoch 0).
    eq(rr, Proven.EP | Proven.LABEL | Proven.W1 | Proven.W2 | Proven.W3 | Proven.NO_TIMEOUT | Proven.OUT | Proven.TASK);
  });
});

describe("unreadRegisters: a register no code reads is not written", () => {
  it("writes w3 only in the kernel of the app whose server reads it", () => {
    eq(/\.w3 = /.test(kernelText(readsW3, join(ROOT, "tests/tools/fixtures/proofs/reads-w3.ts"))), true);
    eq(/\.w3 = /.test(LEAN_KERNEL), false);
  });
});
