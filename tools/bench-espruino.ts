/**
 * `baton bench espruino --espruino PATH [--espruino-small PATH] [--n 2000]`:
 * the Espruino figures, per app, on an Espruino interpreter (the Linux build
 * of 2v29, run as `PATH file.js`; one built with a fixed number of
 * variables stands for a board). Not part of `npm test`: CI has no
 * interpreter.
 *
 * `baton bench espruino --pico-elf PATH [--pico-qemu DIR]`: the round trip
 * and the RAM uploads on the Espruino Pico's own firmware (2v29, built with
 * shared/tools/pico-qemu's patch as its README says) under QEMU, counted in
 * instructions (see "On the Pico's firmware" below). Either or both of
 * `--espruino` and `--pico-elf` may be given. CI never runs it either: the
 * firmware is not part of the project.
 *
 * For each of adder, demo, latency and selftest:
 * - bundle bytes: the app's bundle for the Pico, as `npm run build:espruino
 *   -- --board PICO --app NAME` makes it (the kernel trimmed for the app,
 *   its hot path expanded). Targets: adder 8 KB, demo 16 KB or less.
 * - variables from Storage: the app's bundle for the LINUX board, written
 *   to the interpreter's Storage (its flash is the file `espruino.flash` in
 *   a folder of out/bench/espruino/), then evaluated from there, as `baton
 *   flash --save` leaves it on a board (the function bodies stay in flash);
 *   `process.memory().usage` a second after the load. Beside them, the same
 *   loader with an empty program. Targets: adder 400, demo 1,200 or less.
 *
 * Round trip: call + replyRecv round trips through the kernel trimmed for
 * apps/bench as a board build trims it (two steps, two syscalls, two
 * transfers each), against a direct function call doing the same work
 * (`directRoundTrips`), in the same interpreter; the target is 15x or less.
 * Then adder's own round trip on the kernel trimmed for adder, and the two
 * floors of apps/bench/floor.ts (dispatch, step and syscall calls only; the
 * same with the argument, right and state checks). Every timed run is
 * checked: the kernel ran the steps asked, the client's counter grew by the
 * round trips run and the direct call returned the same count; the bench
 * fails otherwise. The bundle is loaded from Storage and evaluated from a
 * copy in RAM: the Linux build reads its flash file back at every call of
 * code run from there, which a board's memory-mapped flash does not (that
 * figure is printed too, for apps/bench).
 *
 * Selftest: run from Storage to its end on the interpreter, and on
 * `--espruino-small` when given (a board with fewer variables); each must
 * print `N passed, 0 failed`.
 *
 * The interpreter's standard input is a FIFO that never ends (at the end
 * of a file its console reads 0xFF bytes without end, and their input line
 * takes variables); every run has a time limit, and every script ends with
 * `quit()`. Writes out/bench/espruino.json. The options are parsed and
 * checked by tools/cli.ts.
 *
 * On the Pico's firmware (`--pico-elf`): each program is sent to the
 * firmware as a RAM upload by DIR/espq.py (`--icount --count`: QEMU's
 * netduinoplus2 machine, one instruction per virtual nanosecond, and the
 * plugin DIR/plugin/libicnt.so, which prints the exact count of guest
 * instructions between successive `getTime()` calls). DIR (`--pico-qemu`,
 * default ../shared/tools/pico-qemu beside the project) holds espq.py and
 * run.sh; the plugin is built into DIR/plugin, so point DIR at a copy of
 * that folder where it was built. qemu-system-arm (QEMU 10) and
 * arm-none-eabi-nm must be on the PATH.
 * - Round trip: the same entry as above (`roundTripEntry`) built for the
 *   PICO board on the kernel trimmed and inlined for apps/bench, then for
 *   adder, run PICO_N round trips at a time, PICO_REPS times; per rep the
 *   kernel's round trips, the direct call (`directRoundTrips`) and the two
 *   floors of apps/bench/floor.ts are each counted between two `getTime()`
 *   calls. Figures are instructions per round trip, the least over the
 *   reps: a rep's counts come back the same from one invocation to the
 *   next, to the few thousand instructions of espq.py's closing line when
 *   it arrives during the rep, but the reps differ by up to 0.5% (the
 *   interpreter's memory is not the same from one rep to the next). Each
 *   rep is checked as above, and each count must match the interpreter's own
 *   `getTime()` difference (SysTick under icount) within 1%, so that the
 *   counts are read in the right order. A count includes one `getTime()`
 *   call and an assignment (a few thousand instructions, about 0.1% of the
 *   smallest count, the direct call's).
 * - RAM upload, for adder, demo and latency: the app's Pico bundle (as
 *   `baton build --target espruino --board PICO` makes it), then a line that
 *   prints `process.memory().usage` and `E.getErrorFlags()` right after the
 *   upload and again a second later (a dot every 20 ms until then keeps
 *   espq.py from ending the run first), then stops every timer and watch. The
 *   bundle boots when the app printed that it booted and nothing printed an
 *   error (LOW_MEMORY, out of memory, an uncaught exception).
 * Writes out/bench/espruino-pico.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./args";
import { BENCH_CLIENT, bench as benchApp } from "../apps/bench/app";
import { CustomKernel, ROOT, buildCustom, buildEspruino, findAppModule } from "./espruino/build";

const OUT = join(ROOT, "out/bench");
/** Where the bench keeps its bundles, loaders and flash files. */
const WORK = join(OUT, "espruino");
const APPS = ["adder", "demo", "latency", "selftest"];
/** Targets: bundle bytes for the Pico, variables from Storage after 1 s, round trip as a multiple of a direct call. */
const BYTES_TARGET: Record<string, number> = { adder: 8 * 1024, demo: 16 * 1024 };
const VARS_TARGET: Record<string, number> = { adder: 400, demo: 1200 };
const RATIO_TARGET = 15;
/** Bytes of bundle written to Storage per interpreter run (the writing script holds them in variables). */
const CHUNK = 4096;

/** What an interpreter printed, cleaned of its prompt and line editing. */
interface Output {
  text: string;
  /** Lines of the form `TAG {json}` by tag (the prompt may sit in front of them). */
  tagged: Map<string, string[]>;
  /** Lines that tell of an error (out of memory, an uncaught exception). */
  errors: string[];
  timedOut: boolean;
}

/**
 * The interpreter's standard input: a FIFO held open for reading and
 * writing, so that the interpreter's console never reads an end of file (at
 * one it reads 0xFF bytes without end, and their input line takes
 * variables) nor a character.
 */
let stdinFd = -1;

function interpreterStdin(): number {
  if (stdinFd < 0) {
    mkdirSync(WORK, { recursive: true });
    const fifo = join(WORK, "stdin.fifo");
    rmSync(fifo, { force: true });
    const r = spawnSync("mkfifo", [fifo], { encoding: "utf8" });
    if (r.status !== 0) throw new Error("mkfifo " + fifo + " failed (the interpreter needs a standard input that never ends): " + (r.error !== undefined ? r.error.message : r.stderr));
    stdinFd = openSync(fifo, "r+");
    process.on("exit", () => {
      closeSync(stdinFd);
      rmSync(fifo, { force: true });
    });
  }
  return stdinFd;
}

/** Runs `file` on interpreter `exe` with `cwd` (where its espruino.flash is), for at most `seconds`; `parseOutput` reads what it printed. */
function runOn(exe: string, file: string, seconds: number, cwd: string): Output {
  const r = spawnSync(exe, [file], { cwd: cwd, stdio: [interpreterStdin(), "pipe", "pipe"], timeout: seconds * 1000, encoding: "latin1", maxBuffer: 64 * 1024 * 1024 });
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
  return parseOutput((r.stdout || "") + (r.stderr || ""), timedOut);
}

/** What an interpreter printed (`raw`), read into lines by tag and error lines. */
function parseOutput(raw: string, timedOut: boolean): Output {
  const text = raw.replace(/\xff/g, "").replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
  const tagged = new Map<string, string[]>();
  const errors: string[] = [];
  for (const line0 of text.split(/\r?\n/)) {
    const line = line0.replace(/\r/g, "");
    const m = /(BATON_[A-Z]+) (.*)$/.exec(line);
    if (m !== null) {
      const list = tagged.get(m[1]) || [];
      list.push(m[2]);
      tagged.set(m[1], list);
    }
    if (/OUT OF MEMORY|Out of Memory|LOW_MEMORY|Uncaught|New interpreter error|Execution Interrupted/.test(line)) errors.push(line.trim());
  }
  return { text: text, tagged: tagged, errors: errors, timedOut: timedOut };
}

/** The first `TAG {json}` line's object, or an Error with the interpreter's output. */
function tagged(out: Output, tag: string, what: string): Record<string, number> {
  const lines = out.tagged.get(tag);
  if (lines === undefined || lines.length === 0) {
    throw new Error(what + ": no '" + tag + "' line in the interpreter's output" + (out.timedOut ? " (timed out)" : "") + ":\n" + out.text.slice(-2000));
  }
  return JSON.parse(lines[0]) as Record<string, number>;
}

/** CRC-32 (IEEE), as Espruino's `E.CRC32`. */
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    c ^= data[i];
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Puts `code` in a fresh Storage of interpreter `exe` (the file `app.js` in
 * `dir`/espruino.flash), the way `--save` leaves code on a board: a run per
 * CHUNK bytes writes them at their offset (a whole bundle in one script would
 * not fit a small board's variables), then a run checks the file's length
 * and CRC. Returns `dir`.
 */
function storeInFlash(exe: string, dir: string, code: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const data = Buffer.from(code, "utf8");
  const writer = join(dir, "write.js");
  for (let at = 0; at < data.length; at += CHUNK) {
    const part = data.subarray(at, at + CHUNK).toString("base64");
    const size = at === 0 ? ", " + data.length : "";
    writeFileSync(writer, 'require("Storage").write("app.js", atob("' + part + '"), ' + at + size + ');\nprint("BATON_STORED " + JSON.stringify({ at: ' + at + " }));\nquit();\n");
    tagged(runOn(exe, writer, 30, dir), "BATON_STORED", "writing " + dir + "/espruino.flash");
  }
  writeFileSync(writer, 'var f = require("Storage").read("app.js");\nprint("BATON_STORED " + JSON.stringify({ length: f ? f.length : -1, crc: f ? E.CRC32(f) : 0 }));\nquit();\n');
  const got = tagged(runOn(exe, writer, 30, dir), "BATON_STORED", "reading " + dir + "/espruino.flash");
  const want = { length: data.length, crc: crc32(data) };
  if (got.length !== want.length || got.crc >>> 0 !== want.crc) throw new Error(dir + "/espruino.flash: app.js reads back as " + JSON.stringify(got) + ", not " + JSON.stringify(want));
  return dir;
}

/**
 * The loader of the memory figure: a timer that prints the variables in use
 * a second later and quits, then `app.js` evaluated from Storage (the
 * board bundle boots its app itself).
 */
const LOAD_AND_MEASURE = [
  'setTimeout(function () { print("BATON_VARS " + JSON.stringify({ usage: process.memory().usage })); quit(); }, 1000);',
  'eval(require("Storage").read("app.js"));',
  'print("BATON_LOADED " + JSON.stringify({ usage: process.memory().usage }));',
  "",
].join("\n");
/** The loader of a program that ends by itself (selftest, the round trips). */
const LOAD_ONLY = 'eval(require("Storage").read("app.js"));\n';

/** Stores `code` in `dir`'s flash and runs it from Storage with `loader`. */
function runFromStorage(exe: string, dir: string, code: string, loader: string, seconds: number): Output {
  storeInFlash(exe, dir, code);
  const file = join(dir, "load.js");
  writeFileSync(file, loader);
  return runOn(exe, file, seconds, dir);
}

interface AppFigures {
  /** The Pico bundle's bytes. */
  bundleBytesPICO: number;
  /** The LINUX bundle's bytes (the one run here). */
  bundleBytesLINUX: number;
  /** Variables in use 1 s after the load from Storage (-1: not measured: see `errors`). */
  varsAfterOneSecond: number;
  /** Variables in use right after the load. */
  varsAfterLoad: number;
  /** The app printed that it booted. */
  booted: boolean;
  errors: string[];
}

interface SelftestRun {
  interpreter: string;
  variables: number;
  passed: number;
  failed: number;
  ok: boolean;
  /** Why it is not ok: the FAIL lines, or the last lines printed when there is no `N passed, M failed`. */
  note: string;
}

/** The variables interpreter `exe` has (`process.memory().total`). */
function variablesOf(exe: string): number {
  const file = join(WORK, "total.js");
  writeFileSync(file, 'print("BATON_TOTAL " + JSON.stringify({ total: process.memory().total }));\nquit();\n');
  return tagged(runOn(exe, file, 20, WORK), "BATON_TOTAL", exe).total;
}

/** Runs the selftest bundle from Storage on `exe` to its end. */
function selftestOn(exe: string, dir: string, code: string): SelftestRun {
  const out = runFromStorage(exe, dir, code, LOAD_ONLY, 300);
  const m = /(\d+) passed, (\d+) failed/.exec(out.text);
  const passed = m !== null ? Number(m[1]) : 0;
  const failed = m !== null ? Number(m[2]) : 0;
  const lines = out.text.split(/\r?\n/).map((l) => l.replace(/\s+/g, " ").trim()).filter((l) => l.length > 0 && l !== ">" && l !== "^" && !l.startsWith("..."));
  let note = "";
  if (m === null) {
    const why = out.errors.length > 0 ? out.errors[0].replace(/\s+/g, " ") : out.timedOut ? "timed out" : "no result";
    note = why + (/ booted on /.test(out.text) ? ", after it booted" : ", before it booted") + "; last lines: " + lines.slice(-2).join(" | ");
  }
  else if (failed > 0) note = lines.filter((l) => /FAIL/.test(l)).join(" | ");
  return { interpreter: exe, variables: variablesOf(exe), passed: passed, failed: failed, ok: m !== null && failed === 0 && passed > 0, note: note };
}

export interface EspruinoBench {
  /** An Espruino interpreter (the Linux build). */
  espruino?: string;
  /** A second, smaller one the selftest also runs on. */
  espruinoSmall?: string;
  /** Round trips per timed run. */
  n: number;
  /** The Pico's firmware (an ELF of Espruino 2v29 for PICO_R1_3, built with shared/tools/pico-qemu's patch). */
  picoElf?: string;
  /** The folder of espq.py and run.sh, with the plugin built in plugin/libicnt.so. */
  picoQemu?: string;
}

/**
 * The round-trip entry: `app` (exported as `appExport` from `appFile`)
 * booted on a bare host, then, from a timer once the loader's eval has
 * returned (so the source text it held is gone), timed against the direct
 * call and the floors, and checked. With `pico` (the firmware under QEMU):
 * PICO_REPS reps after a short warm-up, every rep's four `getTime()`
 * differences printed (`raw`, seconds), and no `quit()` (the Pico has none).
 */
function roundTripEntry(appFile: string, appExport: string, client: number, n: number, pico = false): string {
  const bench = join(ROOT, "apps/bench/app.ts");
  const reps = pico ? PICO_REPS : 5;
  const warm = pico ? 20 : 400;
  return [
    "import { " + appExport + " as app } from " + JSON.stringify(appFile) + ";",
    "import { directRoundTrips } from " + JSON.stringify(bench) + ";",
    "import { boot, run, taskCtx } from " + JSON.stringify(join(ROOT, "kernel/index.ts")) + ";",
    "import { checkedSteps, floorSteps } from " + JSON.stringify(join(ROOT, "apps/bench/floor.ts")) + ";",
    "const N = " + n + ";",
    "function zero() { return 0; }",
    "function nothing() {}",
    // A host with no timers: the kernel is driven by run() alone.
    "const host = { ticks: zero, micros: zero, setAlarm: nothing, cancelAlarm: nothing, trace: nothing, log: nothing, pinWrite: nothing, pinRead: zero };",
    "boot(app, host, { limits: board.limits });",
    "function measure() {",
    "  const client = taskCtx(" + client + ");",
    "  run(" + warm + "); directRoundTrips(" + warm / 2 + "); floorSteps(" + warm + "); checkedSteps(" + warm + ");",
    '  let k = 1e9, d = 1e9, f = 1e9, g = 1e9, bad = "";',
    ...(pico ? ["  const raw = [];"] : []),
    "  for (let rep = 0; rep < " + reps + "; rep++) {",
    "    const c0 = client.state.n, f0 = floorSteps(0), g0 = checkedSteps(0);",
    "    const t0 = getTime(); const steps = run(2 * N); const t1 = getTime();",
    "    const c = directRoundTrips(N); const t2 = getTime();",
    "    const fc = floorSteps(2 * N); const t3 = getTime();",
    "    const gc = checkedSteps(2 * N); const t4 = getTime();",
    '    if (steps !== 2 * N) bad += " run " + steps + " steps of " + 2 * N + ";";',
    '    if (client.state.n - c0 !== N) bad += " counter +" + (client.state.n - c0) + ";";',
    '    if (c !== N) bad += " direct " + c + ";";',
    '    if (fc - f0 !== N || g0 < 0 || gc - g0 !== N) bad += " floors +" + (fc - f0) + " +" + (gc - g0) + ";";',
    "    k = Math.min(k, (t1 - t0) * 1e6 / N); d = Math.min(d, (t2 - t1) * 1e6 / N); f = Math.min(f, (t3 - t2) * 1e6 / N); g = Math.min(g, (t4 - t3) * 1e6 / N);",
    ...(pico ? ["    raw.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3]);"] : []),
    "  }",
    '  print("BATON_IPC " + JSON.stringify({ n: N, bestOf: ' + reps + ", kernelUs: k, directUs: d, ratio: k / d, floorUs: f, floorRatio: f / d, checkedFloorUs: g, checkedFloorRatio: g / d, counter: client.state.n, usage: process.memory().usage, bad: bad" + (pico ? ", raw: raw, total: process.memory().total" : "") + " }));",
    ...(pico ? [] : ["  quit();"]),
    "}",
    "setTimeout(measure, 0);",
  ].join("\n");
}

/**
 * The loader of the timed round trips: `app.js` read from Storage and
 * evaluated from a copy in RAM. The Linux build cannot map its flash (a
 * file): code run from there is read back through the file at every
 * function call, which a board, whose flash is memory, never pays. The
 * function bodies are then in RAM, as after an upload, without the upload's
 * script text beside them.
 */
const LOAD_TO_RAM = 'eval(require("Storage").read("app.js") + "");\n';

interface RoundTrip {
  n: number;
  bestOf: number;
  kernelUs: number;
  directUs: number;
  ratio: number;
  floorUs: number;
  floorRatio: number;
  checkedFloorUs: number;
  checkedFloorRatio: number;
  counter: number;
  /** Variables in use at the end. */
  usage: number;
  bundleBytes: number;
}

/** Runs a stored round-trip bundle with `loader`; checks it. */
function timeRoundTrips(exe: string, dir: string, loader: string, what: string, seconds: number, bytes: number): RoundTrip {
  const file = join(dir, "load.js");
  writeFileSync(file, loader);
  const out = runOn(exe, file, seconds, dir);
  if (out.errors.length > 0 && out.tagged.get("BATON_IPC") === undefined) throw new Error(what + ": " + out.errors.join("; ") + "\n" + out.text.slice(-1500));
  const r = tagged(out, "BATON_IPC", what) as unknown as RoundTrip & { bad: string };
  if (r.bad !== "") throw new Error(what + ": a timed run went wrong:" + r.bad);
  const { bad: _bad, ...rest } = r;
  return { ...rest, bundleBytes: bytes };
}

/**
 * Builds a round-trip bundle on the kernel trimmed for `app` and stores it;
 * times it evaluated from a RAM copy and, with `fromFlash`, also evaluated
 * from Storage itself.
 */
async function roundTrip(exe: string, name: string, app: { file: string; exportName: string; kernel: CustomKernel }, client: number, n: number, fromFlash: boolean): Promise<{ ram: RoundTrip; flash?: RoundTrip }> {
  const file = join(WORK, "roundtrip-" + name + "-LINUX.js");
  const code = await buildCustom(roundTripEntry(app.file, app.exportName, client, n), "LINUX", file, app.kernel);
  const bytes = Buffer.byteLength(code, "utf8");
  const dir = storeInFlash(exe, join(WORK, "flash-roundtrip-" + name), code);
  const what = "the round trips of " + name + " (" + file.slice(ROOT.length + 1) + ", from Storage";
  const ram = timeRoundTrips(exe, dir, LOAD_TO_RAM, what + ", copied to RAM)", 60 + n / 10, bytes);
  const flash = fromFlash ? timeRoundTrips(exe, dir, LOAD_ONLY, what + ")", 120 + n / 5, bytes) : undefined;
  return { ram: ram, flash: flash };
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
const thousands = (x: number): string => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const pad = (s: string, w: number): string => (s.length >= w ? s : s + " ".repeat(w - s.length));
const mark = (ok: boolean): string => (ok ? "ok" : "MISSED");

/** Measures the Espruino figures on `o.espruino` (out/bench/espruino.json) and on `o.picoElf` (out/bench/espruino-pico.json). */
export async function benchEspruino(o: EspruinoBench): Promise<void> {
  if (o.espruino === undefined && o.picoElf === undefined) throw new UsageError("give --espruino PATH (the Linux build), --pico-elf PATH (the Pico's firmware under QEMU), or both");
  if (o.espruino !== undefined && !existsSync(o.espruino)) throw new UsageError("--espruino: no Espruino interpreter at " + o.espruino);
  if (o.espruinoSmall !== undefined && o.espruino === undefined) throw new UsageError("--espruino-small: only with --espruino");
  if (o.espruinoSmall !== undefined && !existsSync(o.espruinoSmall)) throw new UsageError("--espruino-small: no Espruino interpreter at " + o.espruinoSmall);
  const pico = o.picoElf !== undefined ? checkPico(o.picoElf, o.picoQemu !== undefined ? o.picoQemu : join(ROOT, "../shared/tools/pico-qemu")) : undefined;
  if (o.espruino !== undefined) await benchLinux(o.espruino, o);
  if (pico !== undefined) {
    if (o.espruino !== undefined) console.log("");
    await benchPico(pico);
  }
}

/** Measures the Espruino figures on interpreter `exe` and writes out/bench/espruino.json. */
async function benchLinux(exe: string, o: EspruinoBench): Promise<void> {
  mkdirSync(WORK, { recursive: true });

  // The empty program, with the same loader: what the interpreter and the loader take.
  const empty = runFromStorage(exe, join(WORK, "flash-empty"), ";\n", LOAD_AND_MEASURE, 30);
  const emptyVars = tagged(empty, "BATON_VARS", "the empty program");

  // Per app: the Pico bundle's size; the LINUX bundle's variables, run from Storage.
  const apps: Record<string, AppFigures> = {};
  let selftestCode = "";
  for (const name of APPS) {
    const pico = await buildEspruino("PICO", name, join(WORK, name + "-PICO.js"));
    const linux = await buildEspruino("LINUX", name, join(WORK, name + "-LINUX.js"));
    if (name === "selftest") selftestCode = linux.code;
    const out = runFromStorage(exe, join(WORK, "flash-" + name), linux.code, LOAD_AND_MEASURE, 30);
    const vars = out.tagged.get("BATON_VARS");
    const loaded = out.tagged.get("BATON_LOADED");
    apps[name] = {
      bundleBytesPICO: pico.bytes,
      bundleBytesLINUX: linux.bytes,
      varsAfterOneSecond: vars !== undefined ? (JSON.parse(vars[0]) as { usage: number }).usage : -1,
      varsAfterLoad: loaded !== undefined ? (JSON.parse(loaded[0]) as { usage: number }).usage : -1,
      booted: / booted on /.test(out.text),
      errors: out.errors.concat(out.timedOut ? ["timed out"] : []),
    };
  }

  const total = variablesOf(exe);
  console.log("baton on Espruino: " + exe + " (" + thousands(total) + " variables)");
  console.log("");
  const rows: string[][] = [["app", "bundle bytes PICO", "variables from Storage after 1 s", "boots"]];
  for (const name of APPS) {
    const a = apps[name];
    const bt = BYTES_TARGET[name];
    const vt = VARS_TARGET[name];
    const bytes = thousands(a.bundleBytesPICO) + " (" + r1(a.bundleBytesPICO / 1024) + " KB)" + (bt !== undefined ? "  target <= " + bt / 1024 + " KB " + mark(a.bundleBytesPICO <= bt) : "");
    let vars = a.varsAfterOneSecond >= 0 ? thousands(a.varsAfterOneSecond) : "not measured";
    if (a.varsAfterOneSecond < 0 && a.varsAfterLoad >= 0) vars += " (" + thousands(a.varsAfterLoad) + " after load)";
    if (vt !== undefined) vars += "  target <= " + thousands(vt) + " " + mark(a.varsAfterOneSecond >= 0 && a.varsAfterOneSecond <= vt);
    rows.push([name, bytes, vars, (a.booted ? "yes" : "NO") + (a.errors.length > 0 ? ": " + a.errors[0] : "")]);
  }
  rows.push(["(empty)", "", thousands(emptyVars.usage) + " (the loader alone)", ""]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c < r.length - 1 ? pad(cell, widths[c]) : cell)).join(" | ").replace(/\s+$/, "");
  console.log(line(rows[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log("");

  // Round trips: apps/bench and adder, each on the kernel trimmed for it.
  const benchRt = await roundTrip(exe, "bench", { file: join(ROOT, "apps/bench/app.ts"), exportName: "bench", kernel: { app: benchApp, appFile: join(ROOT, "apps/bench/app.ts") } }, BENCH_CLIENT, o.n, true);
  const adderMod = await findAppModule("adder");
  const adderClient = adderMod.app.tasks.findIndex((t) => t.name === "client");
  const adderRt = await roundTrip(exe, "adder", { file: adderMod.file, exportName: adderMod.exportName, kernel: { app: adderMod.app, appFile: adderMod.file } }, adderClient, o.n, false);
  const b = benchRt.ram;
  console.log("call + replyRecv round trip, on the kernel trimmed for the app and inlined (best of 5 runs of " + thousands(o.n) + ", each checked):");
  console.log("  apps/bench       : " + r1(b.kernelUs) + " us; direct call " + r1(b.directUs) + " us; " + r1(b.ratio) + "x (target <= " + RATIO_TARGET + "x) " + mark(b.ratio <= RATIO_TARGET));
  console.log("  adder            : " + r1(adderRt.ram.kernelUs) + " us; direct call " + r1(adderRt.ram.directUs) + " us; " + r1(adderRt.ram.ratio) + "x");
  console.log("  floor            : " + r1(b.floorUs) + " us, " + r1(b.floorRatio) + "x: dispatch, step and syscall calls, nothing else (apps/bench/floor.ts)");
  console.log("  floor with checks: " + r1(b.checkedFloorUs) + " us, " + r1(b.checkedFloorRatio) + "x: the same plus argument, right and state checks");
  if (benchRt.flash !== undefined) {
    const f = benchRt.flash;
    console.log("  apps/bench run from the interpreter's flash: " + r1(f.kernelUs) + " us; direct call " + r1(f.directUs) + " us; " + r1(f.ratio) + "x (the Linux build reads its flash file at every call)");
  }
  console.log("  (loaded from Storage, evaluated from a copy in RAM; variables in use while timing: " + thousands(b.usage) + ")");
  console.log("");

  // Selftest to its end, from Storage, on each interpreter.
  const runs: SelftestRun[] = [];
  const small = o.espruinoSmall;
  for (const [label, path] of [["espruino", exe], ["espruino-small", small]] as [string, string | undefined][]) {
    if (path === undefined) continue;
    const dir = join(WORK, "flash-selftest-run-" + label);
    const r = selftestOn(path, dir, selftestCode);
    runs.push(r);
    console.log("selftest from Storage on " + path + " (" + thousands(r.variables) + " variables): " + (r.passed + r.failed > 0 ? r.passed + " passed, " + r.failed + " failed" : "no result") + " " + mark(r.ok) + (r.note !== "" ? " (" + r.note + ")" : ""));
  }
  if (small === undefined) console.log("selftest on a smaller interpreter: give --espruino-small PATH");

  const result = {
    interpreter: exe,
    variables: total,
    targets: { bundleBytesPICO: BYTES_TARGET, varsFromStorageAfterOneSecond: VARS_TARGET, roundTripRatio: RATIO_TARGET },
    emptyProgramVars: emptyVars.usage,
    apps: apps,
    roundTrip: { bench: benchRt.ram, adder: adderRt.ram, benchFromFlash: benchRt.flash },
    // tools/bench.ts reads ipc.plain.
    ipc: { plain: benchRt.ram },
    selftest: runs,
  };
  writeFileSync(join(OUT, "espruino.json"), JSON.stringify(result, null, 2) + "\n");
  console.log("  written: out/bench/espruino.json");
}

// ---- On the Pico's firmware, under QEMU

/** Round trips per counted run on the firmware: the counts are exact, so a few hundred are plenty under QEMU. */
const PICO_N = 200;
/** Counted runs per program (the least is kept). */
const PICO_REPS = 3;
/** The apps sent to the firmware as RAM uploads. */
const PICO_APPS = ["adder", "demo", "latency"];
/** Where the Pico bench keeps its bundles. */
const PICO_WORK = join(OUT, "espruino-pico");
/** Instructions per second of `getTime()` on the patched firmware under `-icount shift=0` (shared/tools/pico-qemu/README.md). */
const ICOUNT_PER_SECOND = 5e8;
/** What each of a rep's four counts measures, in the order of the entry's `getTime()` calls. */
const PICO_PARTS = ["kernel", "direct call", "floor", "floor with checks"];

/** The firmware and the folder of espq.py, checked. */
interface Pico {
  elf: string;
  dir: string;
  espq: string;
}

/** Checks `--pico-elf` and `--pico-qemu` and the programs espq.py runs; throws a UsageError or an Error that says what is missing. */
function checkPico(elf: string, dir: string): Pico {
  if (!existsSync(elf)) throw new UsageError("--pico-elf: no file at " + elf + " (the Pico's firmware, built as shared/tools/pico-qemu/README.md says)");
  const espq = join(dir, "espq.py");
  if (!existsSync(espq) || !existsSync(join(dir, "run.sh"))) throw new UsageError("--pico-qemu: no espq.py and run.sh in " + dir);
  const plugin = join(dir, "plugin/libicnt.so");
  if (!existsSync(plugin)) {
    throw new UsageError("--pico-qemu: no plugin at " + plugin + ": build it there from plugin/icnt.c as " + join(dir, "README.md") + " says (for a read-only folder, copy the folder and give the copy)");
  }
  for (const tool of ["python3", "qemu-system-arm", "arm-none-eabi-nm", "arm-none-eabi-objcopy"]) {
    const r = spawnSync("sh", ["-c", 'command -v "$0"', tool], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(tool + " is not on the PATH: espq.py needs it (" + join(dir, "README.md") + " says how to install it)");
  }
  return { elf: elf, dir: dir, espq: espq };
}

/** What espq.py printed: the board's output and the plugin's instruction counts (one per `getTime()` call after the first). */
interface PicoOutput extends Output {
  counts: number[];
}

/**
 * Sends `file` to the firmware as a RAM upload (espq.py --icount --count)
 * and waits for espq.py, for at most `seconds` (espq.py's own limit) plus a
 * margin; past that its process group (espq.py and QEMU) is killed.
 */
function runOnPico(p: Pico, file: string, seconds: number): Promise<PicoOutput> {
  mkdirSync(PICO_WORK, { recursive: true });
  return new Promise((done, fail) => {
    const child = spawn("python3", [p.espq, "--icount", "--count", "--timeout", String(seconds), p.elf, file], { cwd: PICO_WORK, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let raw = "";
    child.stdout.setEncoding("latin1");
    child.stderr.setEncoding("latin1");
    child.stdout.on("data", (d: string) => (raw += d));
    child.stderr.on("data", (d: string) => (raw += d));
    let killed = false;
    const timer = setTimeout(
      () => {
        killed = true;
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
          rmSync("/tmp/icnt." + child.pid + ".txt", { force: true });
        }
      },
      (seconds + 120) * 1000,
    );
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(new Error("python3 " + p.espq + ": " + e.message));
    });
    child.on("close", () => {
      clearTimeout(timer);
      const m = /getTime\(\) instruction deltas:([ \d]*)/.exec(raw);
      const counts = m !== null ? m[1].split(" ").filter((x) => x !== "").map(Number) : [];
      const text = raw.replace(/getTime\(\) instruction deltas:.*/, "");
      const out = parseOutput(text, killed || /\[TIMEOUT\]|NO PROMPT/.test(text));
      done({ ...out, counts: counts });
    });
  });
}

interface PicoRoundTrip {
  /** Round trips per counted run, and runs. */
  n: number;
  reps: number;
  /** Instructions per round trip through the kernel (the least over the runs). */
  kernel: number;
  /** Instructions per direct call doing the same work. */
  direct: number;
  ratio: number;
  /** Instructions per round trip of apps/bench/floor.ts's floor, and of the floor with checks. */
  floor: number;
  floorRatio: number;
  checkedFloor: number;
  checkedFloorRatio: number;
  /** Every run's four counts (kernel, direct call, floor, floor with checks), each for `n` round trips. */
  counts: number[][];
  /** The client's counter at the end. */
  counter: number;
  /** Variables in use at the end, and the firmware's. */
  usage: number;
  variables: number;
  bundleBytes: number;
  /** Error lines printed on the way (the run's checks passed). */
  errors: string[];
}

/** Builds the round-trip entry for the PICO board on the kernel trimmed for `app`, runs it on the firmware and checks it. */
async function picoRoundTrip(p: Pico, name: string, app: { file: string; exportName: string; kernel: CustomKernel }, client: number): Promise<PicoRoundTrip> {
  const file = join(PICO_WORK, "roundtrip-" + name + "-PICO.js");
  const code = await buildCustom(roundTripEntry(app.file, app.exportName, client, PICO_N, true), "PICO", file, app.kernel);
  const what = "the round trips of " + name + " on the Pico's firmware (" + file.slice(ROOT.length + 1) + ", a RAM upload)";
  const out = await runOnPico(p, file, 600);
  if (out.tagged.get("BATON_IPC") === undefined) throw new Error(what + ": " + (out.errors.length > 0 ? out.errors.join("; ") : "no result") + (out.timedOut ? " (timed out)" : "") + "\n" + out.text.slice(-1500));
  const r = tagged(out, "BATON_IPC", what) as unknown as { bad: string; raw: number[][]; counter: number; usage: number; total: number };
  if (r.bad !== "") throw new Error(what + ": a counted run went wrong:" + r.bad);
  const want = 5 * PICO_REPS - 1;
  if (out.counts.length !== want) throw new Error(what + ": the plugin counted " + out.counts.length + " getTime() intervals, not " + want + " (is " + join(p.dir, "plugin/libicnt.so") + " loaded?)");
  const counts: number[][] = [];
  for (let rep = 0; rep < PICO_REPS; rep++) {
    const c = out.counts.slice(5 * rep, 5 * rep + 4);
    for (let i = 0; i < 4; i++) {
      const byClock = r.raw[rep][i] * ICOUNT_PER_SECOND;
      if (Math.abs(c[i] - byClock) > 0.01 * c[i] + 1000) {
        throw new Error(what + ": run " + (rep + 1) + ", " + PICO_PARTS[i] + ": the plugin counted " + c[i] + " instructions, getTime() says " + Math.round(byClock));
      }
    }
    counts.push(c);
  }
  const least = [0, 1, 2, 3].map((i) => Math.min(...counts.map((c) => c[i])) / PICO_N);
  return {
    n: PICO_N,
    reps: PICO_REPS,
    kernel: least[0],
    direct: least[1],
    ratio: least[0] / least[1],
    floor: least[2],
    floorRatio: least[2] / least[1],
    checkedFloor: least[3],
    checkedFloorRatio: least[3] / least[1],
    counts: counts,
    counter: r.counter,
    usage: r.usage,
    variables: r.total,
    bundleBytes: Buffer.byteLength(code, "utf8"),
    errors: out.errors,
  };
}

/**
 * Appended to an app's Pico bundle for its RAM upload: the variables in use
 * (and the error flags, which reading clears) right after the upload and a
 * second later; then every timer and watch is stopped, so that the board
 * falls quiet and espq.py ends. Until then a dot is printed every 20 ms of
 * the board's time: espq.py ends the run after a second of silence (of the
 * machine's time), which a busy board under QEMU can take for less than a
 * second of its own. The dots' interval is stopped before the reading.
 */
const UPLOAD_TAIL = [
  'print("BATON_LOADED " + JSON.stringify({ usage: process.memory().usage, flags: E.getErrorFlags() }));',
  'var batonDots = setInterval(function () { print("."); }, 20);',
  "setTimeout(function () {",
  "  clearInterval(batonDots);",
  '  print("BATON_VARS " + JSON.stringify({ usage: process.memory().usage, flags: E.getErrorFlags() }));',
  "  clearInterval(); clearWatch();",
  "}, 1000);",
  "",
].join("\n");

interface PicoUpload {
  bundleBytes: number;
  /** The app printed that it booted, and nothing printed an error nor raised an error flag. */
  boots: boolean;
  /** The app printed that it booted. */
  booted: boolean;
  /** Variables in use right after the upload and a second later (-1: not printed). */
  usageAfterUpload: number;
  usageAfterOneSecond: number;
  /** Error lines printed and error flags raised. */
  errors: string[];
}

/** Sends app `name`'s Pico bundle to the firmware as a RAM upload. */
async function picoUpload(p: Pico, name: string): Promise<PicoUpload> {
  const bundle = await buildEspruino("PICO", name, join(PICO_WORK, name + "-PICO.js"));
  const file = join(PICO_WORK, "upload-" + name + "-PICO.js");
  writeFileSync(file, bundle.code + "\n" + UPLOAD_TAIL);
  const out = await runOnPico(p, file, 120);
  const read = (tag: string): { usage: number; flags: string[] } | undefined => {
    const lines = out.tagged.get(tag);
    return lines !== undefined && lines.length > 0 ? (JSON.parse(lines[0]) as { usage: number; flags: string[] }) : undefined;
  };
  const loaded = read("BATON_LOADED");
  const later = read("BATON_VARS");
  const errors: string[] = [];
  for (const r of [loaded, later]) if (r !== undefined && r.flags.length > 0) errors.push("error flags " + r.flags.join(","));
  for (const e of out.errors) if (!/BATON_/.test(e)) errors.push(e);
  if (out.timedOut) errors.push("timed out");
  if (later === undefined) errors.push("no figure a second after the upload");
  const booted = / booted on /.test(out.text);
  return {
    bundleBytes: bundle.bytes,
    boots: booted && errors.length === 0,
    booted: booted,
    usageAfterUpload: loaded !== undefined ? loaded.usage : -1,
    usageAfterOneSecond: later !== undefined ? later.usage : -1,
    errors: errors,
  };
}

/** Measures the round trips and the RAM uploads on the Pico's firmware and writes out/bench/espruino-pico.json. */
async function benchPico(p: Pico): Promise<void> {
  mkdirSync(PICO_WORK, { recursive: true });
  const benchFile = join(ROOT, "apps/bench/app.ts");
  const bench = await picoRoundTrip(p, "bench", { file: benchFile, exportName: "bench", kernel: { app: benchApp, appFile: benchFile } }, BENCH_CLIENT);
  const adderMod = await findAppModule("adder");
  const adderClient = adderMod.app.tasks.findIndex((t) => t.name === "client");
  const adder = await picoRoundTrip(p, "adder", { file: adderMod.file, exportName: adderMod.exportName, kernel: { app: adderMod.app, appFile: adderMod.file } }, adderClient);
  const uploads: Record<string, PicoUpload> = {};
  for (const name of PICO_APPS) uploads[name] = await picoUpload(p, name);

  const n0 = (x: number): string => thousands(Math.round(x));
  console.log("baton on the Espruino Pico's firmware under QEMU: " + p.elf + " (" + thousands(bench.variables) + " variables; instructions counted by " + join(p.dir, "plugin/libicnt.so") + ")");
  console.log("");
  console.log("call + replyRecv round trip in instructions, on the kernel trimmed for the app and inlined (a RAM upload; the least of " + PICO_REPS + " runs of " + PICO_N + " round trips, each checked):");
  for (const [label, r] of [["apps/bench", bench], ["adder", adder]] as [string, PicoRoundTrip][]) {
    console.log("  " + pad(label, 10) + ": " + n0(r.kernel) + " per round trip; direct call " + n0(r.direct) + "; " + r1(r.ratio) + "x");
    console.log("  " + pad("", 10) + "  floor " + n0(r.floor) + " (" + r1(r.floorRatio) + "x); floor with checks " + n0(r.checkedFloor) + " (" + r1(r.checkedFloorRatio) + "x); variables in use while counting: " + thousands(r.usage));
  }
  console.log("");
  const rows: string[][] = [["app", "Pico bundle bytes", "RAM upload", "variables in use after the upload; 1 s later"]];
  for (const name of PICO_APPS) {
    const u = uploads[name];
    const vars = (u.usageAfterUpload >= 0 ? thousands(u.usageAfterUpload) : "-") + "; " + (u.usageAfterOneSecond >= 0 ? thousands(u.usageAfterOneSecond) : "-");
    rows.push([name, thousands(u.bundleBytes), (u.boots ? "boots" : "FAILS") + (u.errors.length > 0 ? ": " + u.errors[0] : u.booted ? "" : ": printed no boot line"), vars]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c < r.length - 1 ? pad(cell, widths[c]) : cell)).join(" | ").replace(/\s+$/, "");
  console.log(line(rows[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows.slice(1)) console.log(line(r));

  const result = {
    firmware: p.elf,
    qemu: p.dir,
    variables: bench.variables,
    unit: "instructions (exact, QEMU -icount shift=0, counted between getTime() calls)",
    roundTrip: { bench: bench, adder: adder },
    ramUpload: uploads,
  };
  writeFileSync(join(OUT, "espruino-pico.json"), JSON.stringify(result, null, 2) + "\n");
  console.log("  written: out/bench/espruino-pico.json");
}
