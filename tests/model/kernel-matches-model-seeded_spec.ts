/**
 * The differential test on every host the specs run on (Node, and Lua
 * under busted): random systems drawn with a seeded generator run on the
 * kernel and the reference model side by side (tests/lib/lockstep.ts) and
 * agree after every step. And the comparison can
 * fail: a register, a queue or a figure changed in the kernel behind the
 * model's back is reported.
 *
 * White-box: the second describe changes the kernel's tables (K) behind the
 * model's back (a register, a notification word, the transfer count, a
 * priority), which no public view can do.
 */
import { describe, eq, it, ok } from "#spec";
import { K } from "../../kernel/tables";
import { DifferenceError, lockstep } from "../lib/lockstep";
import { IPC_KINDS, SpecRand, randomSpec } from "../lib/random-programs";

describe("the kernel and the reference model on seeded random systems", () => {
  it("agree after every step", () => {
    let steps = 0;
    let transfers = 0;
    for (let s = 0; s < 80; s++) {
      const spec = randomSpec(new SpecRand(7919 * (s + 1)), s % 2 === 0 ? IPC_KINDS : undefined);
      const r = lockstep(spec, 100000);
      steps += r.steps;
      transfers += r.transfers;
    }
    ok(steps > 20000, steps + " steps compared");
    ok(transfers > 500, transfers + " transfers");
  });
});

/** Runs a small system and changes the kernel after its third step with `change`; returns the field the difference names ("" if none). */
function tampered(change: () => void): string {
  const spec = randomSpec(new SpecRand(4242), IPC_KINDS);
  let field = "";
  try {
    lockstep(spec, 50000, (step: number) => {
      if (step === 3) change();
    });
  } catch (e) {
    field = (e as DifferenceError).field;
  }
  return field;
}

describe("the differential test reports a kernel that differs from the model", () => {
  it("a result register changed", () => {
    eq(tampered(() => {
      K.ctx[0].w3 = K.ctx[0].w3 + 1;
    }), "w3");
  });
  it("a notification word changed", () => {
    eq(tampered(() => {
      K.ntfnWord[0] = K.ntfnWord[0] ^ 4;
    }), "word");
  });
  it("the transfer count changed", () => {
    eq(tampered(() => {
      K.transfers = K.transfers + 1;
    }), "transfers");
  });
  it("a task's effective priority changed", () => {
    eq(tampered(() => {
      K.prio[1] = K.prio[1] + 1;
    }), "effective priority");
  });
});
