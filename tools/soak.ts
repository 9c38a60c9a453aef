/**
 * `npm run soak -- [--seed S] [--runs N] [--time T]`: the property test at
 * length. Random valid systems run random programs (bad syscalls, throws,
 * restarts and IRQ edges included) with the invariant checker after every
 * step and message accounting at the end; a failure is shrunk by fast-check
 * to a small system and printed with the seed that reproduces it.
 * Prints how many programs, steps, messages, faults and restarts it went through.
 */
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { runSystem, systemArb } from "../tests/lib/random-system";
import { argValue, parseTime } from "./args";

const seed = parseInt(argValue("--seed", "1"), 10);
const runs = parseInt(argValue("--runs", "2000"), 10);
const us = parseTime(argValue("--time", "200ms"));

let programs = 0;
let tasks = 0;
let steps = 0;
let messages = 0;
let faults = 0;
let restarts = 0;
const t0 = Date.now();
let shown = 0;

try {
  fc.assert(
    fc.property(systemArb(), (spec) => {
      const r = runSystem(spec, us);
      programs++;
      tasks += spec.prios.length;
      steps += r.steps;
      messages += r.messages;
      faults += r.faults;
      restarts += r.restarts;
      if (programs - shown >= Math.max(1, Math.floor(runs / 20))) {
        shown = programs;
        process.stderr.write("  " + programs + "/" + runs + " systems, " + steps + " steps\n");
      }
    }),
    { numRuns: runs, seed: seed },
  );
} catch (e) {
  console.error(String((e as Error).message));
  process.exit(1);
}

const result = { seed: seed, systems: programs, tasks: tasks, steps: steps, messages: messages, faults: faults, restarts: restarts, virtualTimePerSystemUs: us, seconds: (Date.now() - t0) / 1000 };
console.log("soak (seed " + seed + "): " + programs + " random systems (" + tasks + " task programs), " + steps + " steps, " + messages + " messages, " + faults + " faults, " + restarts + " restarts; every invariant held after every step");
mkdirSync("out/bench", { recursive: true });
writeFileSync("out/bench/soak.json", JSON.stringify(result, null, 2) + "\n");
