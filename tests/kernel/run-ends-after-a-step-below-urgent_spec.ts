/**
 * `run(maxSteps, urgent)`, the host's slice: it ends after the first step
 * of a task picked at a priority less important than `urgent` (the most
 * important priority an IRQ's handler runs at), and runs on through the
 * steps of tasks at `urgent` or above; without `urgent` only `maxSteps`
 * (or no task ready) ends it.
 */
import { PRIORITIES, boot, readyPriority, run, sys, taskIndex, taskSteps, urgentPriority } from "../../kernel/index";
import { checkInvariants } from "../../kernel/checked";
import { bareHost } from "../../boards/bare";
import { describe, eq, it } from "#spec";
import { scripted } from "../lib/harness";

function spin(n: number): (() => void)[] {
  const out = [];
  for (let i = 0; i < n; i++) out.push(() => sys.yield());
  return out;
}

describe("a run with an urgent priority", () => {
  it("ends after one step of a task below it, runs the steps of tasks at it or above, and without it runs maxSteps", () => {
    // high (2) yields 3 times, then waits for good; low (5) yields.
    const highActs = spin(3);
    highActs.push(() => sys.wait(0));
    const app = {
      name: "urgent",
      tasks: [scripted("high", 2, highActs), scripted("low", 5, spin(100))],
      notifications: [{ name: "never", owner: "high" }],
    };
    boot(app, bareHost(), { afterStep: checkInvariants });
    eq(readyPriority(), 2);
    // high's four steps (3 at or above urgent 3), then low's first step ends the run.
    eq(run(16, 3), 5);
    eq(taskSteps(taskIndex("high")), 4);
    eq(taskSteps(taskIndex("low")), 1);
    eq(readyPriority(), 5);
    // Only low is ready: one step per run.
    eq(run(16, 3), 1);
    eq(run(16, 3), 1);
    // An urgent priority below every task's, or none: maxSteps.
    eq(run(16, 5), 16);
    eq(run(16), 16);
    eq(run(16, PRIORITIES), 16);
    eq(taskSteps(taskIndex("low")), 51);
  });

  it("is read from the tables after boot: the more important of each IRQ's priority and its handler's, the most important over the IRQs", () => {
    const withIrqs = (irqs: { name: string; endpoint?: string; notification?: string; bit?: number; priority: number }[]): number => {
      const app = {
        name: "u",
        tasks: [scripted("a", 4, [() => sys.recv(0)]), scripted("b", 6, [() => sys.wait(0)])],
        endpoints: [{ name: "ep", owner: "a" }],
        notifications: [{ name: "n", owner: "b" }],
        irqs: irqs,
      };
      boot(app, bareHost());
      return urgentPriority();
    };
    eq(withIrqs([]), PRIORITIES);
    // An IRQ less important than its handler: the handler's own priority.
    eq(withIrqs([{ name: "i", endpoint: "ep", priority: 9 }]), 4);
    // An IRQ more important than its handler donates its priority.
    eq(withIrqs([{ name: "i", notification: "n", bit: 0, priority: 1 }]), 1);
    eq(withIrqs([{ name: "i", endpoint: "ep", priority: 7 }, { name: "j", notification: "n", bit: 0, priority: 5 }]), 4);
  });
});
