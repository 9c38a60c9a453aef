/**
 * A board's kernel state is two tables of words the build computes
 * (tools/pack.ts), whatever the number of tables its app's kernel reads:
 * for the adder (two tasks, one endpoint) and the demo (IRQs,
 * notifications, timers: more tables), the kernel built for the board keeps no
 * tables of words on `K`: its state is `S` (32-bit words) and `H` (16-bit
 * ones, for the tables of ids, states and rights), each with its initial
 * words; and the Espruino bundle, run under stand-in globals, creates
 * exactly one Int32Array and one Int16Array, each from a list, and
 * allocates no table at boot. A kernel that names a table other than as
 * `K.x[i]` cannot be packed: the build stops and names the place.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, eq, it, ok, same } from "#spec";
import type { AppDesc } from "../../kernel/index";
import { findApp } from "../../apps/index";
import { trimmedFor } from "../../tools/build-steps";
import { buildEspruino } from "../../tools/espruino/build";
import { runFake } from "../../tools/espruino/fake";
import { copyProject } from "../../tools/mutate";
import { appFacts, trimSources } from "../../tools/trim";

const ROOT = resolve(".");
const ENTRIES = [join(ROOT, "boards/espruino/host.ts"), join(ROOT, "drivers/platform.ts")];

function app(name: string): AppDesc {
  const a = findApp(name);
  if (a === undefined) throw new Error("no app " + name);
  return a;
}

function built(name: string): { tables: [string, number, number, string][]; kernel: string; tablesFile: string; host: string } {
  const file = join(ROOT, "apps", name, "app.ts");
  const t = trimmedFor(ROOT, app(name), file, [file, ...ENTRIES], false);
  let kernel = "";
  for (const [f, text] of t.texts) if (f.startsWith(join(ROOT, "kernel") + "/")) kernel += text;
  const host = t.texts.get(join(ROOT, "boards/espruino/host.ts"));
  return { tables: t.packed !== undefined ? t.packed : [], kernel: kernel, tablesFile: t.texts.get(join(ROOT, "kernel/tables.ts")) || "", host: host !== undefined ? host : readFileSync(join(ROOT, "boards/espruino/host.ts"), "utf8") };
}

/** The initial words of table `name` (S: 32-bit, H: 16-bit) in the trimmed kernel/tables.ts. */
function initialWords(tablesFile: string, name = "S"): number[] {
  const m = new RegExp("export const " + name + ": Words = (?:wordsOf|halvesOf)\\(\\[([^\\]]*)\\]\\)").exec(tablesFile);
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

  it("packs more tables for the demo than for the adder, each into S or H, the ids' and states' into H", () => {
    ok(adder.tables.length >= 5, adder.tables.length + " tables for the adder");
    ok(demo.tables.length > adder.tables.length, demo.tables.length + " tables for the demo, " + adder.tables.length + " for the adder");
    for (const b of [adder, demo]) {
      for (const t of ["S", "H"]) {
        const total = b.tables.filter((x) => x[3] === t).reduce((n, [, , length]) => n + length, 0);
        eq(initialWords(b.tablesFile, t).length, total, t + " holds its packed tables");
      }
      eq(b.tables.find(([n]) => n === "qHead")![3], "H");
      eq(b.tables.find(([n]) => n === "outW1")![3], "S");
    }
  });

  it("keeps no table on K: its only lists are the per-task objects, the same for both apps", () => {
    const objects = ["ctx", "faultMsg", "initFn", "names", "stepFn"];
    same(listFields(adder.tablesFile).filter((f) => objects.indexOf(f) < 0), []);
    same(listFields(demo.tablesFile).filter((f) => objects.indexOf(f) < 0), []);
    for (const b of [adder, demo]) {
      eq(/\bK\.\w+\[/.test(b.kernel.replace(/K\.(ctx|faultMsg|initFn|names|stepFn)\[/g, "")), false, "no K.table[i] left");
      eq((b.kernel.match(/\bwords\(/g) || []).length, 0, "no table allocated");
      eq((b.kernel.match(/wordsOf\(\[/g) || []).length, 1, "one table of 32-bit words");
      eq((b.kernel.match(/halvesOf\(\[/g) || []).length, 1, "one table of 16-bit words");
    }
  });

  it("starts S with the adder's description: priorities 1 and 2, the endpoint owned by the server, a ready list per priority empty", () => {
    const table = (name: string): { words: number[]; at: number; length: number } => {
      const t = adder.tables.find(([n]) => n === name);
      if (t === undefined) throw new Error("no table " + name + " for the adder");
      return { words: initialWords(adder.tablesFile, t[3]), at: t[1], length: t[2] };
    };
    const prio = table("prio");
    same([prio.words[prio.at], prio.words[prio.at + 1]], [1, 2]);
    const owner = table("epOwner");
    eq(owner.words[owner.at], 0);
    // Queue heads: every ready list and the endpoint's queues start empty (-1).
    const heads = table("qHead");
    eq(heads.words.slice(heads.at, heads.at + heads.length).every((w) => w === -1), true);
  });

  for (const [name, b] of [["adder", adder], ["demo", demo]] as [string, ReturnType<typeof built>][]) {
    it(name + "'s Espruino bundle boots creating one Int32Array and one Int16Array from a list, and beside them only the host layer's own", async () => {
      const bundle = await buildEspruino("LINUX", name);
      const made: string[] = [];
      const halves: string[] = [];
      class Counted extends Int32Array {
        constructor(arg: number | ArrayLike<number>) {
          super(arg as ArrayLike<number>);
          made.push(typeof arg === "number" ? "length" : "list");
        }
      }
      class CountedHalves extends Int16Array {
        constructor(arg: number | ArrayLike<number>) {
          super(arg as ArrayLike<number>);
          halves.push(typeof arg === "number" ? "length" : "list");
        }
      }
      const run = runFake(bundle.code, 0.2, 20, { Int32Array: Counted, Int16Array: CountedHalves });
      eq(run.error, undefined);
      ok(run.lines.some((l) => / booted on /.test(l)), "booted");
      same(halves, ["list"], "one table of 16-bit words, from its initial words");
      eq(made.filter((m) => m === "list").length, 1, "one table of 32-bit words, from its initial words");
      // The host layer's pin-event slots are its own (each `new Int32Array(` of its trimmed source runs at most once).
      const hostArrays = (b.host.match(/new Int32Array\(/g) || []).length;
      ok(made.length - 1 <= hostArrays, made.length - 1 + " other Int32Arrays, the host layer has " + hostArrays);
    });
  }
});

describe("a board's kernel state that cannot be one table of words", () => {
  it("stops the build, naming the table and the file, when the kernel names a table other than as K.x[i]", () => {
    const dir = copyProject("baton-pack-");
    try {
      const kernel = join(dir, "kernel/kernel.ts");
      const head = "export function boot(app: AppDesc, host: KernelHost, options?: BootOptions): void {";
      const text = readFileSync(kernel, "utf8");
      ok(text.indexOf(head) >= 0, "boot is where the spec expects it");
      writeFileSync(kernel, text.split(head).join(head + "\n  if (K.state.length < 0) return;"));
      const file = join(dir, "apps/adder/app.ts");
      let message = "";
      try {
        trimSources(dir, appFacts(dir, app("adder"), file), [file, join(dir, "boards/espruino/host.ts"), join(dir, "drivers/platform.ts")], undefined, false, app("adder"));
      } catch (e) {
        message = e instanceof Error ? e.message : String(e);
      }
      ok(message.indexOf("K.state") >= 0 && message.indexOf("kernel/kernel.ts") >= 0, "the error names K.state and kernel/kernel.ts: " + message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
