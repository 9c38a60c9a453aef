/**
 * A board's kernel state is one table of words the build computes
 * (tools/pack.ts), whatever the number of tables its app's kernel reads:
 * for the adder (two tasks, one endpoint) and the demo (IRQs,
 * notifications, timers: more tables), the kernel built for the board keeps
 * no table on `K`, declares one table `S` with its initial words, and the
 * Espruino bundle, run under stand-in globals, creates exactly one
 * Int32Array, from a list, and allocates no table at boot.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, eq, it, ok, same } from "#spec";
import type { AppDesc } from "../../kernel/index";
import { findApp } from "../../apps/index";
import { trimmedFor } from "../../tools/build-steps";
import { buildEspruino } from "../../tools/espruino/build";
import { runFake } from "../../tools/espruino/fake";

const ROOT = resolve(".");
const ENTRIES = [join(ROOT, "boards/espruino/host.ts"), join(ROOT, "drivers/platform.ts")];

function app(name: string): AppDesc {
  const a = findApp(name);
  if (a === undefined) throw new Error("no app " + name);
  return a;
}

function built(name: string): { tables: [string, number, number][]; kernel: string; tablesFile: string; host: string } {
  const file = join(ROOT, "apps", name, "app.ts");
  const t = trimmedFor(ROOT, app(name), file, [file, ...ENTRIES], false);
  let kernel = "";
  for (const [f, text] of t.texts) if (f.startsWith(join(ROOT, "kernel") + "/")) kernel += text;
  const host = t.texts.get(join(ROOT, "boards/espruino/host.ts"));
  return { tables: t.packed !== undefined ? t.packed : [], kernel: kernel, tablesFile: t.texts.get(join(ROOT, "kernel/tables.ts")) || "", host: host !== undefined ? host : readFileSync(join(ROOT, "boards/espruino/host.ts"), "utf8") };
}

/** The initial words of S in the trimmed kernel/tables.ts. */
function initialWords(tablesFile: string): number[] {
  const m = /export const S: Words = wordsOf\(\[([^\]]*)\]\)/.exec(tablesFile);
  if (m === null) return [];
  return m[1].split(",").map((x) => Number(x.trim()));
}

/** The fields of K in the trimmed kernel/tables.ts whose initial value is a list. */
function listFields(tablesFile: string): string[] {
  const m = /export const K = \{([\s\S]*?)\n\};/.exec(tablesFile);
  if (m === null) return ["<no K>"];
  return [...m[1].matchAll(/(\w+): \[\]/g)].map((x) => x[1]).sort();
}

describe("a board's kernel state is one table of words, whatever its app's table count", () => {
  const adder = built("adder");
  const demo = built("demo");

  it("packs more tables for the demo than for the adder, each into S", () => {
    ok(adder.tables.length >= 5, adder.tables.length + " tables for the adder");
    ok(demo.tables.length > adder.tables.length, demo.tables.length + " tables for the demo, " + adder.tables.length + " for the adder");
    for (const b of [adder, demo]) {
      const total = b.tables.reduce((n, [, , length]) => n + length, 0);
      eq(initialWords(b.tablesFile).length, total, "S holds every packed table");
    }
  });

  it("keeps no table on K: its only lists are the per-task objects, the same for both apps", () => {
    const objects = ["ctx", "faultMsg", "initFn", "names", "stepFn"];
    same(listFields(adder.tablesFile).filter((f) => objects.indexOf(f) < 0), []);
    same(listFields(demo.tablesFile).filter((f) => objects.indexOf(f) < 0), []);
    for (const b of [adder, demo]) {
      eq(/\bK\.\w+\[/.test(b.kernel.replace(/K\.(ctx|faultMsg|initFn|names|stepFn)\[/g, "")), false, "no K.table[i] left");
      eq((b.kernel.match(/\bwords\(/g) || []).length, 0, "no table allocated");
      eq((b.kernel.match(/wordsOf\(\[/g) || []).length, 1, "one table of initial words");
    }
  });

  it("starts S with the adder's description: priorities 1 and 2, the endpoint owned by the server, a ready list per priority empty", () => {
    const words = initialWords(adder.tablesFile);
    const at = (name: string): number => {
      const t = adder.tables.find(([n]) => n === name);
      if (t === undefined) throw new Error("no table " + name + " for the adder");
      return t[1];
    };
    same([words[at("prio")], words[at("prio") + 1]], [1, 2]);
    eq(words[at("epOwner")], 0);
    // Queue heads: every ready list and the endpoint's queues start empty (-1).
    const heads = adder.tables.find(([n]) => n === "qHead")!;
    eq(words.slice(heads[1], heads[1] + heads[2]).every((w) => w === -1), true);
  });

  for (const [name, b] of [["adder", adder], ["demo", demo]] as [string, ReturnType<typeof built>][]) {
    it(name + "'s Espruino bundle boots creating one Int32Array from a list, and beside it only the host layer's own", async () => {
      const bundle = await buildEspruino("LINUX", name);
      const made: string[] = [];
      class Counted extends Int32Array {
        constructor(arg: number | ArrayLike<number>) {
          super(arg as ArrayLike<number>);
          made.push(typeof arg === "number" ? "length" : "list");
        }
      }
      const run = runFake(bundle.code, 0.2, 20, { Int32Array: Counted });
      eq(run.error, undefined);
      ok(run.lines.some((l) => / booted on /.test(l)), "booted");
      eq(made.filter((m) => m === "list").length, 1, "one table of initial words");
      // The host layer's pin-event slots are its own (each `new Int32Array(` of its trimmed source runs at most once).
      const hostArrays = (b.host.match(/new Int32Array\(/g) || []).length;
      ok(made.length - 1 <= hostArrays, made.length - 1 + " other Int32Arrays, the host layer has " + hostArrays);
    });
  }
});
