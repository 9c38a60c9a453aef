/**
 * `baton bench espruino --espruino PATH [--n 2000]`: the Espruino
 * figures, measured on an Espruino interpreter (the Linux build of 2v29, run
 * as `PATH file.js`). Not part of `npm test`: CI has no interpreter.
 *
 * - IPC: call + replyRecv round trips through the kernel (apps/bench: two
 *   steps, two syscalls, two transfers each), against a direct function
 *   call doing the same work (`directRoundTrips`), in the same interpreter;
 *   the ratio's target is 10x or less. Beside them, two floors
 *   (apps/bench/floor.ts): the same round trip with only the dispatch, step
 *   and syscall calls, and with the argument, right and state checks added.
 *   Run plain and pretokenised
 *   (`E.setFlags({pretokenise:1})` before the code loads).
 * - Memory: variables in use (`process.memory().usage`) once the demo has
 *   booted and its upload statement is gone (code, tables and task state;
 *   the target is 1,500 or less), after a second of running, and for an
 *   empty program (the interpreter's own); also proves the demo runs (steps
 *   and transfers per task). Measured twice: uploaded to RAM (the function
 *   bodies are copied into variables) and run from Storage, as
 *   `baton flash --save` leaves it on a board (the bundle is a file in
 *   flash and the function bodies stay there; the interpreter's flash is
 *   the file `espruino.flash` in out/bench/storage/).
 * - Size: the minified demo bundle for the Pico (target 12 KB or less).
 *
 * Writes out/bench/espruino.json. The options are parsed and checked by
 * tools/cli.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./args";
import { ROOT, buildCustom, buildEspruino, findAppModule } from "./espruino/build";

/** The interpreter and the round trips per timed run, set by `benchEspruino`. */
let espruino = "";
let N = 2000;
const OUT = join(ROOT, "out/bench");

/** Runs `file` on the interpreter; returns the lines that carry `tag` (the prompt may sit in front of them). */
function runOn(file: string, tag: string, seconds: number, cwd?: string): string[] {
  const r = spawnSync(espruino, [file], { cwd: cwd, input: "", timeout: seconds * 1000, encoding: "latin1" });
  const text = (r.stdout || "") + (r.stderr || "");
  const lines = text.split(/\r?\n/).map((l) => l.slice(Math.max(0, l.indexOf(tag))));
  const found = lines.filter((l) => l.startsWith(tag));
  if (found.length === 0) throw new Error(file + ": no '" + tag + "' line in the interpreter's output:\n" + text.slice(-2000));
  return found;
}

/**
 * Puts `file` in the interpreter's Storage, the way `--save` leaves code on
 * a board: one run writes the bundle as a Storage file (the interpreter's
 * flash is `espruino.flash` in the returned folder). Returns a loader that
 * evaluates it from flash, to be run with `runOn(loader, tag, s, dir)`.
 */
function storeInFlash(file: string): { dir: string; loader: string } {
  const dir = join(OUT, "storage");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const writer = join(dir, "write.js");
  writeFileSync(writer, 'require("Storage").write("app.js", ' + JSON.stringify(readFileSync(file, "utf8")) + ');\nprint("BATON_STORED " + require("Storage").list().length);\nquit();\n');
  const w = spawnSync(espruino, [writer], { cwd: dir, input: "", timeout: 30000, encoding: "latin1" });
  if (((w.stdout || "") + (w.stderr || "")).indexOf("BATON_STORED") < 0) throw new Error(file + ": writing it to the interpreter's Storage failed:\n" + (w.stdout || "") + (w.stderr || ""));
  const loader = join(dir, "load.js");
  writeFileSync(loader, 'eval(require("Storage").read("app.js"));\n');
  return { dir: dir, loader: loader };
}

function json(line: string, tag: string): Record<string, number> {
  return JSON.parse(line.slice(tag.length).trim()) as Record<string, number>;
}

function withPretokenise(file: string): string {
  const out = file.replace(/\.js$/, "-pretok.js");
  writeFileSync(out, "E.setFlags({pretokenise:1});\n" + readFileSync(file, "utf8"));
  return out;
}

export interface EspruinoBench {
  /** An Espruino interpreter (the Linux build). */
  espruino: string;
  /** Round trips per timed run. */
  n: number;
}

/** Measures the Espruino figures on `o.espruino` and writes out/bench/espruino.json. */
export async function benchEspruino(o: EspruinoBench): Promise<void> {
  if (!existsSync(o.espruino)) throw new UsageError("--espruino: no Espruino interpreter at " + o.espruino);
  espruino = o.espruino;
  N = o.n;
  mkdirSync(OUT, { recursive: true });
  const bench = join(ROOT, "apps/bench/app.ts");
  const kernel = join(ROOT, "kernel/index.ts");
  const host = join(ROOT, "boards/espruino/host.ts");

  // IPC round trips against direct calls: the kernel driven by run() alone,
  // on a host with no timers (the host layer's slices would keep the
  // interpreter from quitting while the loop has work).
  const ipcFile = join(OUT, "espruino-ipc.js");
  await buildCustom(
    [
      "import { bench as app, directRoundTrips } from " + JSON.stringify(bench) + ";",
      "import { boot, run, taskCtx } from " + JSON.stringify(kernel) + ";",
      "import { checkedSteps, floorSteps } from " + JSON.stringify(join(ROOT, "apps/bench/floor.ts")) + ";",
      "const N = " + N + ";",
      "function zero() { return 0; }",
      "function nothing() {}",
      "const host = { ticks: zero, micros: zero, setAlarm: nothing, cancelAlarm: nothing, trace: nothing, log: nothing, pinWrite: nothing, pinRead: zero };",
      "boot(app, host, { limits: board.limits });",
      "run(400); directRoundTrips(200); floorSteps(400); checkedSteps(400);",
      "let k = 1e9, d = 1e9, f = 1e9, g = 1e9, c = 0, fc = 0, gc = 0;",
      "for (let rep = 0; rep < 5; rep++) {",
      "  const t0 = getTime(); run(2 * N); const t1 = getTime();",
      "  c = directRoundTrips(N); const t2 = getTime();",
      "  fc = floorSteps(2 * N); const t3 = getTime();",
      "  gc = checkedSteps(2 * N); const t4 = getTime();",
      "  k = Math.min(k, (t1 - t0) * 1e6 / N); d = Math.min(d, (t2 - t1) * 1e6 / N); f = Math.min(f, (t3 - t2) * 1e6 / N); g = Math.min(g, (t4 - t3) * 1e6 / N);",
      "}",
      'print("BATON_IPC " + JSON.stringify({ n: N, best_of: 5, kernelUs: k, directUs: d, ratio: k / d, floorUs: f, floorRatio: f / d, checkedFloorUs: g, checkedFloorRatio: g / d, counter: taskCtx(1).state.n, direct: c, floorCounter: fc, checkedFloorCounter: gc }));',
      "quit();",
    ].join("\n"),
    "LINUX",
    ipcFile,
  );
  const ipcPlain = json(runOn(ipcFile, "BATON_IPC", 120)[0], "BATON_IPC");
  const ipcPretok = json(runOn(withPretokenise(ipcFile), "BATON_IPC", 120)[0], "BATON_IPC");

  // Demo: variables after boot and after a second; steps per task.
  const demo = (await findAppModule("demo")).file;
  const demoFile = join(OUT, "espruino-demo.js");
  await buildCustom(
    [
      "import { demo as app } from " + JSON.stringify(demo) + ";",
      "import { taskCount, taskName, taskSteps, totalSteps, transfers } from " + JSON.stringify(kernel) + ";",
      "import { startEspruino } from " + JSON.stringify(host) + ";",
      "function booted() { print('BATON_BOOT ' + JSON.stringify({ usage: process.memory().usage })); }",
      "setTimeout(booted, 0);",
      "startEspruino(app, board);",
      "function report() {",
      "  const steps = {};",
      "  for (let t = 0; t < taskCount(); t++) steps[taskName(t)] = taskSteps(t);",
      '  print("BATON_RUN " + JSON.stringify({ usage: process.memory().usage, totalSteps: totalSteps(), transfers: transfers(), steps: steps }));',
      "  quit();",
      "}",
      "setTimeout(report, 1000);",
    ].join("\n"),
    "LINUX",
    demoFile,
  );
  const emptyFile = join(OUT, "espruino-empty.js");
  writeFileSync(emptyFile, 'print("BATON_EMPTY " + JSON.stringify({ usage: process.memory().usage })); quit();\n');
  const empty = json(runOn(emptyFile, "BATON_EMPTY", 20)[0], "BATON_EMPTY");
  const boot = json(runOn(demoFile, "BATON_BOOT", 30)[0], "BATON_BOOT");
  const ran = json(runOn(demoFile, "BATON_RUN", 30)[0], "BATON_RUN");
  const demoPretok = withPretokenise(demoFile);
  const bootPretok = json(runOn(demoPretok, "BATON_BOOT", 30)[0], "BATON_BOOT");
  const saved = storeInFlash(demoFile);
  const bootSaved = json(runOn(saved.loader, "BATON_BOOT", 30, saved.dir)[0], "BATON_BOOT");
  const ranSaved = json(runOn(saved.loader, "BATON_RUN", 30, saved.dir)[0], "BATON_RUN");

  // Size: the demo for the Pico, as `npm run build:espruino` makes it.
  const pico = await buildEspruino("PICO", "demo");

  const result = {
    interpreter: espruino,
    ipc: { plain: ipcPlain, pretokenised: ipcPretok },
    demoVars: { empty: empty.usage, afterBoot: boot.usage, afterBootPretokenised: bootPretok.usage, afterOneSecond: ran.usage, run: ran, savedAfterBoot: bootSaved.usage, savedAfterOneSecond: ranSaved.usage },
    demoBundleBytes: { PICO: pico.bytes },
  };
  writeFileSync(join(OUT, "espruino.json"), JSON.stringify(result, null, 2) + "\n");
  const r1 = (x: number) => Math.round(x * 10) / 10;
  console.log("baton on Espruino (" + espruino + ")");
  console.log("  call+replyRecv round trip : " + r1(ipcPlain.kernelUs) + " us; direct call " + r1(ipcPlain.directUs) + " us; ratio " + r1(ipcPlain.ratio) + "x (target <= 10x)");
  console.log("     floor                  : " + r1(ipcPlain.floorUs) + " us, " + r1(ipcPlain.floorRatio) + "x: dispatch, step and syscall calls, nothing else (apps/bench/floor.ts)");
  console.log("     floor with the checks  : " + r1(ipcPlain.checkedFloorUs) + " us, " + r1(ipcPlain.checkedFloorRatio) + "x: the same plus argument, right and state checks");
  console.log("     pretokenised           : " + r1(ipcPretok.kernelUs) + " us; direct call " + r1(ipcPretok.directUs) + " us; ratio " + r1(ipcPretok.ratio) + "x");
  console.log("  demo variables after boot : " + boot.usage + " (target <= 1500); pretokenised " + bootPretok.usage + "; empty program " + empty.usage + "; after 1 s " + ran.usage);
  console.log("     run from Storage (--save): " + bootSaved.usage + " after boot (target <= 1500); after 1 s " + ranSaved.usage);
  console.log("  demo ran 1 s              : " + ran.totalSteps + " steps, " + ran.transfers + " transfers");
  console.log("  demo bundle (PICO)        : " + pico.bytes + " bytes = " + r1(pico.bytes / 1024) + " KB (target <= 12 KB)");
  console.log("  written: out/bench/espruino.json");
}
