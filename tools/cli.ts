/**
 * `baton`: the project's one command. `baton --help` lists the commands,
 * `baton <command> --help` a command's options with an example. The npm
 * scripts call it (`npm start` is `baton sim --app demo --until 1s`,
 * `npm test` is `baton test`), and `bin/baton.mjs`, the package's `bin`,
 * runs it through tsx from any folder of the project.
 *
 * One argument parser for every command: Node's own `util.parseArgs`
 * (node:util, stable in Node 20, the version the project runs on, so no
 * dependency). It runs strict: an unknown option, an option without its
 * value, a value given to a flag and an argument a command does not take
 * are errors. commander or yargs would serve as well (both check and
 * convert values through hooks, and format help), at the cost of a
 * dependency; here one table, `COMMANDS`, drives the parsing, the checks by
 * kind (a time, a whole number, an app, a board, a profile, a path) and the
 * help alike, in a few dozen lines. The tools take typed options and are
 * imported only when their command runs, so `--help` stays quick.
 *
 * A bad argument prints a line that names it (`baton sim: --until: bad time
 * 'soon': ...`) and exits with code 2. Paths given on the command line are
 * taken from the folder `baton` was started in; the tools then run in the
 * project's root folder (out/, dist/, docs/ are there).
 *
 * `baton build` (and `baton check`, which it runs first) reads what it can
 * from the build cache (tools/build-cache.ts): a build of sources it has
 * seen loads no compiler and takes about a second; `--watch` builds again
 * on every save (tools/build-watch.ts). `baton test` runs the suite's parts
 * and spec files side by side and prints each part's time (tools/test.ts);
 * `baton test --app NAME` one app on every target, `baton test lua FILE...`
 * specs under busted.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { appNames, findApp } from "../apps/index";
import { boardNames as espruinoBoardNames } from "../boards/espruino/index";
import { BOARDS as NODEMCU_BOARDS } from "../boards/nodemcu/index";
import { AppDesc } from "../kernel/index";
import { LOAD_NAMES } from "../sim/loads";
import { CostProfile, PROFILES } from "../sim/profiles";
import { UsageError, parseTime } from "./args";
import { resolveProfile } from "./profile-arg";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** How an option's value is read and checked. */
type Kind =
  | "flag" // no value
  | "text" // any text
  | "path" // a file or folder, taken from the caller's folder
  | "paths" // a comma list of paths
  | "program" // a program: a path when it has a slash, else a name looked up on PATH
  | "time" // 200ms, 1s, 500us → µs (a bare number is refused: sim/time.ts)
  | "int" // a whole number, at least `min`
  | "number" // a number, at least `min`
  | "slices" // a comma list of whole numbers >= 1
  | "app" // an app of apps/index.ts
  | "profile" // a cost profile's name, or file:<path>
  | "choice"; // one of `choices`

interface Opt {
  name: string;
  kind: Kind;
  help: string;
  /** The value's placeholder in the help (default from the kind). */
  value?: string;
  /** The value when the option is not given, as it would be typed. */
  fallback?: string;
  min?: number;
  choices?: () => string[];
}

/** A parsed value: checked, converted by kind. */
type Value = boolean | string | number | string[] | number[] | AppDesc | CostProfile;

/** A command's options once parsed and checked, read by type. */
export class Options {
  constructor(
    readonly command: string,
    private readonly values: Map<string, Value>,
    /** The command's positional arguments. */
    readonly args: string[],
  ) {}

  /** Whether the option was given (or has a fallback). */
  has(name: string): boolean {
    return this.values.has(name);
  }

  flag(name: string): boolean {
    return this.values.get(name) === true;
  }

  text(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined || typeof v === "string") return v;
    throw new Error("option --" + name + " is not text");
  }

  number(name: string): number | undefined {
    const v = this.values.get(name);
    if (v === undefined || typeof v === "number") return v;
    throw new Error("option --" + name + " is not a number");
  }

  /** A number the command always has (given or its fallback). */
  num(name: string): number {
    const v = this.number(name);
    if (v === undefined) throw new Error("option --" + name + " has no value");
    return v;
  }

  list<T>(name: string): T[] {
    const v = this.values.get(name);
    if (v === undefined) return [];
    if (Array.isArray(v)) return v as T[];
    throw new Error("option --" + name + " is not a list");
  }

  app(name = "app"): AppDesc | undefined {
    return this.values.get(name) as AppDesc | undefined;
  }

  profile(name = "profile"): CostProfile {
    const v = this.values.get(name);
    if (v === undefined) throw new Error("option --" + name + " has no value");
    return v as CostProfile;
  }
}

export interface Command {
  /** One word, or a group and a word ("bench latency"). */
  name: string;
  /** One line: `baton --help` and the README's table of commands. */
  summary: string;
  options: Opt[];
  /** Positional arguments: their placeholder in the usage line, and how many. */
  args?: { value: string; help: string; count: "one" | "any" };
  /** More lines for `--help`. */
  more?: string[];
  examples: string[];
  run: (o: Options) => Promise<number | void> | number | void;
}

function requiredApp(o: Options): AppDesc {
  const app = o.app();
  if (app === undefined) throw new Error("option --app has no value");
  return app;
}

const lua = (): string[] => NODEMCU_BOARDS.map((b) => b.name);

const APP_OPT: Opt = { name: "app", kind: "app", help: "the app (apps/index.ts)", fallback: "demo" };
const PROFILE_OPT: Opt = { name: "profile", kind: "profile", help: "the cost profile: a name from sim/profiles.ts, or file:PATH of a profile baton calibrate wrote", fallback: "espruino-linux" };

/** The table every command comes from. */
export const COMMANDS: Command[] = [
  {
    name: "sim",
    summary: "runs an app in the simulator for a fixed virtual time: its trace, then a summary",
    options: [
      APP_OPT,
      { name: "until", kind: "time", help: "virtual time to run, with its unit (200ms, 1s, 500us)", fallback: "100ms" },
      PROFILE_OPT,
      { name: "quiet", kind: "flag", help: "leave out the trace; print the summary only" },
      { name: "figures", kind: "flag", help: "after the summary, every figure the kernel keeps (per task, per IRQ)" },
      { name: "trace", kind: "path", value: "FILE", help: "also write the run as a Chrome / Perfetto trace (ui.perfetto.dev)" },
      { name: "vcd", kind: "path", value: "FILE", help: "also write a waveform of pins, task steps and IRQ waits (VCD)" },
      { name: "allow-faults", kind: "flag", help: "exit 0 even when a task faults or a deadlock stops the run (an app that faults on purpose, as the demo's server does)" },
    ],
    more: ["The summary names every fault and a deadlock; either makes the command fail (exit code 1) unless --allow-faults."],
    examples: ["baton sim --app demo --until 1s --figures --allow-faults", "baton sim --app latency --until 2s --quiet --trace out/latency.json"],
    run: async (o) => {
      const m = await import("./sim");
      return m.simulate({
        app: requiredApp(o),
        profile: o.profile(),
        untilUs: o.num("until"),
        quiet: o.flag("quiet"),
        figures: o.flag("figures"),
        trace: o.text("trace"),
        vcd: o.text("vcd"),
        allowFaults: o.flag("allow-faults"),
      });
    },
  },
  {
    name: "check",
    summary: "finds an app's mistakes before a board runs it: names it lacks, syscalls without the right, tasks that can never run, unknown pins; each with its task, line and fix (the build runs it first)",
    options: [{ name: "app", kind: "app", help: "the app to check (default: every app of apps/index.ts)" }],
    more: [
      "What it reports: UNKNOWN_NAME (an id looked up by a name the app lacks: -1, BAD_ID), NO_RIGHT (a syscall on a constant id without the right),",
      "STARVED (a task a more important task that never blocks keeps from running), UNKNOWN_PIN (a pin no board knows), CANNOT_SERVE, INVALID_APP.",
      "Exit code 1 when it finds a problem. baton build and baton flash check the app first and refuse it then.",
    ],
    examples: ["baton check --app demo", "baton check"],
    run: async (o) => {
      const app = o.app();
      const problems = await checkCached(app !== undefined ? [app.name] : appNames(), (l) => console.log(l), (l) => console.error(l));
      return problems > 0 ? 1 : 0;
    },
  },
  {
    name: "build",
    summary: "builds an app for a board: one minified file for Espruino (dist/espruino/APP-BOARD.js) or for NodeMCU Lua (dist/lua/APP.lua), with its size",
    options: [
      { name: "target", kind: "choice", help: "what to build for (required)", choices: () => ["espruino", "lua"] },
      { name: "app", kind: "app", help: "the app to build (apps/index.ts)" },
      { name: "all", kind: "flag", help: "every app, for every board of the target (or for --board when given)" },
      { name: "board", kind: "text", value: "BOARD", help: "the board: Espruino " + espruinoBoardNames().join(", ") + " (default PICO); Lua " + lua().join(", ") + " (default nodemcu-devkit)" },
      { name: "out", kind: "path", value: "FILE", help: "the bundle's file, for one app on one board" },
      { name: "sim", kind: "flag", help: "Lua: also dist/lua/sim.lua, the simulator's command line in Lua" },
      { name: "runner", kind: "flag", help: "Lua: also dist/lua/nodemcu-sim.lua, a simulated NodeMCU firmware that runs a bundle on a PC" },
      { name: "specs", kind: "flag", help: "Lua: also the specs compiled for busted (out/lua/tree)" },
      { name: "lfs", kind: "flag", help: "Lua: also a Lua Flash Store image of each bundle" },
      { name: "luac", kind: "program", value: "PATH", help: "Lua: the Lua compiler that makes the LFS image" },
      { name: "watch", kind: "flag", help: "build, then build again each time a source file changes (Ctrl-C stops)" },
    ],
    more: [
      "A Lua bundle for a board other than nodemcu-devkit is dist/lua/APP-BOARD.lua.",
      "What a build makes is kept in the build cache (node_modules/.cache/baton) under the hash of every source file: the same sources build again in a moment.",
    ],
    examples: ["baton build --target espruino --board PICO --app demo", "baton build --target lua --app demo --board esp32-devkit", "baton build --target espruino --all", "baton build --target espruino --board PICO --app demo --watch"],
    run: buildCommand,
  },
  {
    name: "flash",
    summary: "builds an app for an Espruino board and uploads it with the espruino CLI (or writes what the upload would send)",
    options: [
      { name: "board", kind: "choice", help: "the board (required)", choices: espruinoBoardNames },
      { name: "port", kind: "text", value: "PORT", help: "a serial device (/dev/ttyACM0) or tcp://host:port" },
      APP_OPT,
      { name: "save", kind: "flag", help: "keep the code across resets: written to flash and run from there at every boot" },
      { name: "ram", kind: "flag", help: "upload to RAM even when the bundle fits only saved to flash" },
      { name: "baud", kind: "int", value: "N", help: "the serial port's baud rate", min: 1 },
      { name: "out", kind: "path", value: "FILE", help: "instead of uploading, write what the upload would send (no board needed)" },
    ],
    examples: ["baton flash --board PICO --port /dev/ttyACM0", "baton flash --board PICO --port /dev/ttyACM0 --app latency --save", "baton flash --board PICO --out upload.txt"],
    run: async (o) => {
      const m = await import("./flash-espruino");
      return m.flashCommand({
        board: o.text("board") as string,
        app: requiredApp(o).name,
        port: o.text("port"),
        out: o.text("out"),
        save: o.flag("save"),
        ram: o.flag("ram"),
        baud: o.number("baud"),
        check: checkFirst,
      });
    },
  },
  {
    name: "bench ipc",
    summary: "IPC figures on Node: round trips/s (each run checked by the client's counter), ratio to an inlined and to a real function call, allocation over 100,000 round trips; then one table of every runtime measured (out/bench/)",
    options: [{ name: "espruino", kind: "program", value: "PATH", help: "an Espruino interpreter (the Linux build) to measure too" }],
    examples: ["baton bench ipc", "baton bench ipc --espruino /usr/local/bin/espruino"],
    run: async (o) => {
      const m = await import("./bench");
      return m.benchIpc({ espruino: o.text("espruino") });
    },
  },
  {
    name: "bench latency",
    summary: "interrupt latency per IRQ in the simulator under named loads, with the worst-case bound",
    options: [
      APP_OPT,
      PROFILE_OPT,
      { name: "load", kind: "choice", help: "one load (default: every one)", choices: () => LOAD_NAMES },
      { name: "slice", kind: "int", value: "N", help: "steps per slice (default: the app's board setting, else 16)", min: 1 },
      { name: "rate", kind: "number", value: "N", help: "edges per second per IRQ (default 100, less on a slow profile)", min: 0 },
      { name: "seed", kind: "int", value: "N", help: "the seed of the edges' random gaps", fallback: "1" },
      { name: "edges", kind: "int", value: "N", help: "edges to measure (sets the duration)", fallback: "1000", min: 1 },
      { name: "duration", kind: "time", help: "virtual time to run instead" },
      { name: "sweep", kind: "flag", help: "every load at every slice size of --slices: latency against throughput" },
      { name: "slices", kind: "slices", value: "LIST", help: "slice sizes for --sweep", fallback: "1,2,4,8,16,32,64" },
      { name: "out", kind: "path", value: "DIR", help: "the folder for the JSON and SVG results", fallback: "out/bench" },
    ],
    examples: ["baton bench latency --app demo", "baton bench latency --app demo --profile espruino-pico --load long-step --slice 4", "baton bench latency --app latency --sweep"],
    run: async (o) => {
      const m = await import("./bench-latency");
      const load = o.text("load");
      return m.benchLatencyCommand({
        app: requiredApp(o),
        profile: o.profile(),
        loads: load !== undefined ? [load] : LOAD_NAMES,
        slice: o.number("slice"),
        sweep: o.flag("sweep"),
        slices: o.list<number>("slices"),
        rate: o.number("rate"),
        seed: o.num("seed"),
        edges: o.num("edges"),
        durationUs: o.number("duration"),
        outDir: o.text("out") as string,
      });
    },
  },
  {
    name: "bench espruino",
    summary: "the Espruino figures per app on an Espruino interpreter: bundle size for the Pico, variables in use run from Storage, IPC round trips against a direct call, selftest's result (out/bench/espruino.json)",
    options: [
      { name: "espruino", kind: "program", value: "PATH", help: "the Espruino interpreter (the Linux build; required unless --pico-elf is given)" },
      { name: "espruino-small", kind: "program", value: "PATH", help: "a second, smaller interpreter (fewer variables) to run selftest on too" },
      { name: "n", kind: "int", value: "N", help: "round trips per timed run", fallback: "2000", min: 1 },
      { name: "pico-elf", kind: "path", value: "PATH", help: "the Espruino Pico's firmware (2v29 with shared/tools/pico-qemu's patch): round trips counted in instructions and each app's RAM upload, under QEMU (out/bench/espruino-pico.json)" },
      { name: "pico-qemu", kind: "path", value: "DIR", help: "the folder of espq.py and run.sh, with the plugin built in DIR/plugin/libicnt.so (default ../shared/tools/pico-qemu beside the project)" },
    ],
    examples: [
      "baton bench espruino --espruino /usr/local/bin/espruino",
      "baton bench espruino --espruino /usr/local/bin/espruino --espruino-small /opt/espruino-small",
      "baton bench espruino --pico-elf /opt/espruino/pico.elf --pico-qemu /opt/pico-qemu",
    ],
    run: async (o) => {
      const espruino = o.text("espruino");
      const picoElf = o.text("pico-elf");
      if (espruino === undefined && picoElf === undefined) {
        throw new UsageError("--espruino PATH is required: an Espruino interpreter (the Linux build), e.g. --espruino /usr/local/bin/espruino (or --pico-elf PATH: the Pico's firmware under QEMU)");
      }
      if (o.has("pico-qemu") && picoElf === undefined) throw new UsageError("--pico-qemu: only with --pico-elf");
      const m = await import("./bench-espruino");
      await m.benchEspruino({ espruino: espruino, espruinoSmall: o.text("espruino-small"), n: o.num("n"), picoElf: picoElf, picoQemu: o.text("pico-qemu") });
    },
  },
  {
    name: "bench lua",
    summary: "the Lua figures: IPC round trips on lua5.1 (and LuaJIT, Lua 5.3 when installed), the demo bundle's size and its Lua heap (out/bench/lua.json)",
    options: [
      { name: "lua32", kind: "program", value: "LUA", help: "also measure the heap under this 32-bit Lua 5.1 (an ESP8266's pointer size)" },
      { name: "luac32", kind: "program", value: "LUAC", help: "its compiler (default: LUA's name with luac for lua)" },
    ],
    examples: ["baton bench lua", "baton bench lua --lua32 /opt/lua32/bin/lua"],
    run: async (o) => {
      if (o.has("luac32") && !o.has("lua32")) throw new UsageError("--luac32: only with --lua32");
      const m = await import("./bench-lua");
      await m.benchLua({ lua32: o.text("lua32"), luac32: o.text("luac32") });
    },
  },
  {
    name: "soak",
    summary: "the differential test at length: random systems and programs on the kernel and the reference model side by side, compared after every step",
    options: [
      { name: "seed", kind: "int", value: "N", help: "fast-check's seed (the same seed, the same systems)", fallback: "1" },
      { name: "runs", kind: "int", value: "N", help: "random systems to run", fallback: "2000", min: 1 },
      { name: "time", kind: "time", help: "virtual time per system", fallback: "1s" },
      { name: "quiet", kind: "flag", help: "no progress lines" },
      { name: "no-shrink", kind: "flag", help: "stop at the first difference without shrinking it" },
    ],
    examples: ["baton soak --seed 1 --runs 2000"],
    run: async (o) => {
      const m = await import("./soak");
      const run = { seed: o.num("seed"), runs: o.num("runs"), timeUs: o.num("time"), quiet: o.flag("quiet"), noShrink: o.flag("no-shrink") };
      const code = m.soak(run);
      return code !== 0 ? code : await m.soakProofs(run);
    },
  },
  {
    name: "mutate",
    summary: "the mutation check: applies each of a list of behaviour-breaking changes to a copy of kernel/ and shows the differential test catches every one (run it before resolving a kernel change)",
    options: [
      { name: "runs", kind: "int", value: "N", help: "random systems per mutation", fallback: "300", min: 1 },
      { name: "only", kind: "text", value: "TEXT", help: "only the mutations whose name contains TEXT" },
      { name: "list", kind: "flag", help: "list the mutations; run none" },
    ],
    examples: ["baton mutate", "baton mutate --only LIFO"],
    run: async (o) => {
      const m = await import("./mutate");
      return m.mutate({ runs: o.num("runs"), only: o.text("only"), list: o.flag("list") });
    },
  },
  {
    name: "calibrate",
    summary: "makes a cost profile for the simulator from measurements on an Espruino interpreter or board (out/profiles/NAME.json)",
    options: [
      { name: "name", kind: "text", value: "NAME", help: "the new profile's name (letters, digits, . _ -)" },
      { name: "input", kind: "paths", value: "FILES", help: "measurement files, comma separated: the cost probe's output, the latency app's report" },
      { name: "espruino", kind: "program", value: "PATH", help: "run the cost probe on this Espruino interpreter" },
      { name: "runs", kind: "int", value: "N", help: "runs of the probe on --espruino (the median is kept)", fallback: "1", min: 1 },
      { name: "base", kind: "profile", help: "the profile that gives what nothing measured", fallback: "espruino-linux" },
      { name: "out", kind: "path", value: "FILE", help: "where to write the profile (default out/profiles/NAME.json)" },
      { name: "compare", kind: "flag", help: "then run apps/latency on the new profile and print it beside the measurement" },
      { name: "build-probe", kind: "flag", help: "only build the cost probe for a board, to upload and run there" },
      { name: "board", kind: "choice", help: "the board of --build-probe", fallback: "LINUX", choices: espruinoBoardNames },
    ],
    examples: ["baton calibrate --espruino /usr/local/bin/espruino --runs 3 --name espruino-linux --compare", "baton calibrate --build-probe --board PICO", "baton calibrate --input pico-probe.txt --name pico"],
    run: async (o) => {
      const m = await import("./calibrate");
      await m.calibrateCommand({
        buildProbe: o.flag("build-probe"),
        board: o.text("board") as string,
        name: o.text("name"),
        base: o.profile("base"),
        espruino: o.text("espruino"),
        runs: o.num("runs"),
        input: o.list<string>("input"),
        out: o.text("out"),
        compare: o.flag("compare"),
      });
    },
  },
  {
    name: "trace",
    summary: "draws a window of a simulator run as a picture: an SVG (--out, default out/trace/APP.svg), and a PNG beside it with Chromium",
    options: [
      APP_OPT,
      PROFILE_OPT,
      { name: "from", kind: "time", help: "the window's start, virtual time", fallback: "249.8ms" },
      { name: "to", kind: "time", help: "the window's end", fallback: "256.5ms" },
      { name: "width", kind: "int", value: "N", help: "the picture's width in pixels", fallback: "1400", min: 100 },
      { name: "chromium", kind: "program", value: "PATH", help: "the Chromium that renders the PNG (default: the usual places)" },
      { name: "svg-only", kind: "flag", help: "write the SVG only" },
      { name: "out", kind: "path", value: "FILE", help: "the SVG's file; the PNG is written beside it, named alike (default out/trace/APP.svg)" },
    ],
    more: ["The README's picture is baton trace --out docs/trace.svg (npm run trace:shot)."],
    examples: ["baton trace", "baton trace --app demo --from 249.8ms --to 256.5ms --svg-only --out out/button.svg"],
    run: async (o) => {
      if (o.num("to") <= o.num("from")) throw new UsageError("--to: the window must end after --from");
      const m = await import("./trace-shot");
      m.traceShot({ app: requiredApp(o), profile: o.profile(), fromUs: o.num("from"), toUs: o.num("to"), width: o.num("width"), chromium: o.text("chromium"), svgOnly: o.flag("svg-only"), out: o.text("out") });
    },
  },
  {
    name: "test",
    summary: "the whole test suite, what npm test runs: types, lint, espruino, lua and every spec file side by side, stopping at the first failure; each part's time",
    options: [
      { name: "app", kind: "app", help: "only this app: its specs under Node and busted, its bundles for every Espruino and NodeMCU board, each run" },
      { name: "jobs", kind: "int", value: "N", help: "jobs run at once (default: the machine's cores, or BATON_TEST_JOBS)", min: 1 },
      { name: "keep-going", kind: "flag", help: "run every job even after one fails (the exit code still says it failed)" },
    ],
    more: [
      "Each part runs alone as baton test PART; baton test PART --help says what it does.",
      "Builds are shared through the build cache (node_modules/.cache/baton; BATON_CACHE=off builds afresh). Each job's output is in out/test/.",
    ],
    examples: ["baton test", "baton test --app demo", "baton test node tests/kernel/sleep_spec.ts", "baton test lua tests/kernel/sleep_spec.ts"],
    run: async (o) => {
      const m = await import("./test");
      const app = o.app();
      const jobs = o.number("jobs");
      return app !== undefined ? m.testApp(app.name, jobs) : m.testAll(jobs, o.flag("keep-going"));
    },
  },
  {
    name: "test types",
    summary: "the TypeScript compiler on the whole project (tsc -p .)",
    options: [],
    examples: ["baton test types"],
    run: async () => (await import("./test")).testTypes(),
  },
  {
    name: "test lint",
    summary: "ESLint (the subset the device code may use), then the syntax of every Espruino bundle built",
    options: [],
    examples: ["baton test lint"],
    run: async () => (await import("./test")).testLint(),
  },
  {
    name: "test espruino",
    summary: "every app built for every Espruino board, checked against the Espruino subset and run under stand-in Espruino globals",
    options: [],
    examples: ["baton test espruino"],
    run: async () => (await import("./test")).testEspruinoPart(),
  },
  {
    name: "test lua",
    summary: "the specs under busted on Lua 5.1, the differential test and every app's bundle on lua5.1, or only the spec files named under busted (installs lua5.1, busted and lua-bitop when run as root)",
    options: [],
    args: { value: "FILES", help: "spec files to run under busted, and nothing else (default: everything)", count: "any" },
    examples: ["baton test lua", "baton test lua tests/kernel/sleep_spec.ts"],
    run: async (o) => (await import("./test")).testLuaPart(o.args),
  },
  {
    name: "test node",
    summary: "the specs under Node's test runner, each file in a process of its own, side by side: every tests/AREA/NAME_spec.ts, or the files named",
    options: [
      { name: "jobs", kind: "int", value: "N", help: "spec files run at once (default: the machine's cores, or BATON_TEST_JOBS)", min: 1 },
      { name: "keep-going", kind: "flag", help: "run every file even after one fails (the exit code still says it failed)" },
    ],
    args: { value: "FILES", help: "spec files to run (default: every spec)", count: "any" },
    examples: ["baton test node", "baton test node tests/kernel/sleep_spec.ts"],
    run: async (o) => (await import("./test")).testNode(o.args, o.number("jobs"), o.flag("keep-going")),
  },
  {
    name: "new",
    summary: "starts an app: apps/NAME/app.ts with one task, registered in apps/index.ts, and its first spec, tests/apps/NAME_spec.ts",
    options: [],
    args: { value: "NAME", help: "the app's name: lowercase letters and digits, starting with a letter", count: "one" },
    more: ["Then baton sim --app NAME runs it, baton build builds it, and npm test runs its spec."],
    examples: ["baton new blinky"],
    run: async (o) => {
      const m = await import("./new-app");
      const name = o.args[0];
      for (const f of m.newApp(name, ROOT, appNames())) console.log("written: " + f);
      console.log("next: npx baton sim --app " + name + " --until 2s; npm test runs tests/apps/" + name + "_spec.ts");
    },
  },
];

/**
 * Runs `baton check` on the apps a build or an upload takes: false, after
 * printing each problem, when it finds one. Its findings are kept in the
 * build cache (tools/build-cache.ts) with the sources they were made from:
 * a second build of the same sources reads them back.
 */
export async function checkFirst(apps: string[]): Promise<boolean> {
  const problems = await checkCached(apps, () => {}, (l) => console.error(l));
  if (problems > 0) console.error("refused: baton check found " + problems + (problems === 1 ? " problem" : " problems") + " (above); fix " + (problems === 1 ? "it" : "them") + " and build again");
  return problems === 0;
}

/**
 * `checkApps` (tools/check.ts) through the build cache: what it printed for
 * these apps on these sources, printed again, or found now. Returns the
 * number of problems.
 */
async function checkCached(apps: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { cached, hashOf, sourcesHash } = await import("./build-cache");
  const found = await cached("check", hashOf("check-lines", sourcesHash(), ...apps), async () => {
    const m = await import("./check");
    const lines: [boolean, string][] = [];
    const count = await m.checkApps(ROOT, apps, (l) => lines.push([false, l]), (l) => lines.push([true, l]));
    return { problems: count, lines: lines };
  });
  for (const [isErr, l] of found.value.lines) (isErr ? err : out)(l);
  return found.value.problems;
}

async function buildCommand(o: Options): Promise<number | void> {
  const target = o.text("target");
  if (target === undefined) throw new UsageError("--target is required: espruino or lua");
  const app = o.app();
  const all = o.flag("all");
  const luaExtras = ["sim", "runner", "specs", "lfs", "luac"];
  if (target === "espruino") for (const x of luaExtras) if (o.has(x)) throw new UsageError("--" + x + ": only with --target lua");
  if (app !== undefined && all) throw new UsageError("--app and --all: give one of them");
  const extras = target === "lua" && (o.flag("sim") || o.flag("runner") || o.flag("specs"));
  if (app === undefined && !all && !extras) throw new UsageError("say what to build: --app APP or --all" + (target === "lua" ? ", or --sim, --runner, --specs" : "") + "; apps: " + appNames().join(", "));
  const known = target === "espruino" ? espruinoBoardNames() : lua();
  const board = o.text("board");
  if (board !== undefined && known.indexOf(board) < 0) throw new UsageError("--board: unknown board '" + board + "' for --target " + target + "; boards: " + known.join(", "));
  const boards = board !== undefined ? [board] : all ? known : [known[0]];
  const apps = all ? appNames() : app !== undefined ? [app.name] : [];
  const out = o.text("out");
  if (out !== undefined && apps.length * boards.length !== 1) throw new UsageError("--out: only for one app on one board");
  if (o.has("luac") && !o.flag("lfs")) throw new UsageError("--luac: only with --lfs");
  if (o.flag("watch")) {
    const again = ["--target", target, ...(all ? ["--all"] : app !== undefined ? ["--app", app.name] : []), ...(board !== undefined ? ["--board", board] : []), ...(out !== undefined ? ["--out", out] : [])];
    for (const f of ["sim", "runner", "specs", "lfs"]) if (o.flag(f)) again.push("--" + f);
    const luac = o.text("luac");
    if (luac !== undefined) again.push("--luac", luac);
    return (await import("./build-watch")).watchBuild(again);
  }
  const started = Date.now();
  if (!(await checkFirst(apps))) return 1;
  if (target === "espruino") {
    const m = await import("./espruino/build");
    for (const b of boards) for (const a of apps) console.log(m.describeBuild(await m.buildEspruino(b, a, out)));
  } else {
    const m = await import("./build-lua");
    await m.buildLuaCommand({ apps: apps, boards: boards, out: out, sim: o.flag("sim"), runner: o.flag("runner"), specs: o.flag("specs"), lfs: o.flag("lfs"), luac: o.text("luac") });
  }
  const { cacheStats } = await import("./build-cache");
  const from = cacheStats.misses === 0 && cacheStats.hits > 0 ? ", from the build cache" : cacheStats.hits > 0 ? ", partly from the build cache" : "";
  console.log("baton build: done in " + ((Date.now() - started) / 1000).toFixed(1) + " s" + from);
}

// ---- Parsing

function placeholder(opt: Opt): string {
  if (opt.value !== undefined) return opt.value;
  switch (opt.kind) {
    case "time":
      return "TIME";
    case "app":
      return "APP";
    case "profile":
      return "PROFILE";
    case "choice":
      return opt.choices !== undefined ? opt.choices().join("|") : "VALUE";
    default:
      return "VALUE";
  }
}

/** A path given on the command line, from the caller's folder `cwd`. */
function fromCaller(cwd: string, p: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}

/** Reads `text`, the value of option `opt`, by its kind; throws a UsageError naming the option. */
function convert(opt: Opt, text: string, cwd: string): Value {
  const what = "--" + opt.name;
  switch (opt.kind) {
    case "flag":
      return true;
    case "text":
      return text;
    case "path":
      return fromCaller(cwd, text);
    case "paths":
      return text.split(",").filter((p) => p.trim() !== "").map((p) => fromCaller(cwd, p.trim()));
    case "program": {
      // Checked before the command builds anything: a missing interpreter is a bad argument, not a failure minutes later.
      const prog = text.indexOf("/") >= 0 ? fromCaller(cwd, text) : text;
      const found = text.indexOf("/") >= 0 ? existsSync(prog) : spawnSync("sh", ["-c", 'command -v "$1"', "sh", text], { stdio: "ignore" }).status === 0;
      if (!found) throw new UsageError(what + ": no program '" + text + "'" + (text.indexOf("/") >= 0 ? "" : " on the PATH") + ": " + opt.help);
      return prog;
    }
    case "time":
      return parseTime(text, what);
    case "int": {
      const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) throw new UsageError(what + ": bad number '" + text + "': a whole number");
      if (opt.min !== undefined && n < opt.min) throw new UsageError(what + ": " + n + " is too small: at least " + opt.min);
      return n;
    }
    case "number": {
      const n = text.trim() === "" ? NaN : Number(text);
      if (!Number.isFinite(n)) throw new UsageError(what + ": bad number '" + text + "'");
      if (opt.min !== undefined && n < opt.min) throw new UsageError(what + ": " + n + " is too small: at least " + opt.min);
      return n;
    }
    case "slices": {
      const out: number[] = [];
      for (const p of text.split(",")) {
        const n = /^\s*\d+\s*$/.test(p) ? Number(p) : NaN;
        if (!(n >= 1)) throw new UsageError(what + ": bad slice size '" + p + "': whole numbers >= 1, comma separated");
        out.push(n);
      }
      return out;
    }
    case "app": {
      const app = findApp(text);
      if (app === undefined) throw new UsageError(what + ": unknown app '" + text + "'; apps: " + appNames().join(", "));
      return app;
    }
    case "profile": {
      const isFile = text.startsWith("file:") || text.endsWith(".json");
      const spec = isFile ? "file:" + fromCaller(cwd, text.startsWith("file:") ? text.slice(5) : text) : text;
      try {
        return resolveProfile(spec);
      } catch (e) {
        throw new UsageError(what + ": " + (e as Error).message);
      }
    }
    case "choice": {
      const choices = opt.choices !== undefined ? opt.choices() : [];
      const noun = opt.name === "board" ? "board" : opt.name === "load" ? "load" : "value";
      if (choices.indexOf(text) < 0) throw new UsageError(what + ": unknown " + noun + " '" + text + "'; " + noun + "s: " + choices.join(", "));
      return text;
    }
  }
}

/** Rewords util.parseArgs's errors, naming the option. */
function parseError(e: unknown): UsageError {
  const err = e as { code?: string; message?: string };
  const msg = String(err.message || e);
  const name = /'(-[^' <]*)/.exec(msg);
  const arg = name !== null ? name[1] : "";
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(arg + ": unknown option");
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const p = /argument '([^']*)'/.exec(msg);
      return new UsageError("unexpected argument '" + (p !== null ? p[1] : "") + "'");
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (msg.indexOf("does not take an argument") >= 0) return new UsageError(arg + ": takes no value");
      if (msg.indexOf("ambiguous") >= 0) return new UsageError(arg + ": needs a value (to give one that starts with a dash, write " + arg + "=VALUE)");
      return new UsageError(arg + ": needs a value");
    default:
      return new UsageError(msg.split("\n")[0]);
  }
}

/** Parses `argv` (the words after the command's name) for `cmd`; throws a UsageError on a bad argument. */
export function parseOptions(cmd: Command, argv: string[], cwd: string): Options {
  const config: Record<string, { type: "string" | "boolean" }> = {};
  for (const opt of cmd.options) config[opt.name] = { type: opt.kind === "flag" ? "boolean" : "string" };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: cmd.args !== undefined }) as typeof parsed;
  } catch (e) {
    throw parseError(e);
  }
  const values = new Map<string, Value>();
  for (const opt of cmd.options) {
    const given = parsed.values[opt.name];
    if (given === undefined && opt.fallback === undefined) continue;
    values.set(opt.name, given === undefined ? convert(opt, opt.fallback as string, cwd) : given === true ? true : convert(opt, String(given), cwd));
  }
  const args = parsed.positionals;
  if (cmd.args !== undefined && cmd.args.count === "one" && args.length !== 1) {
    throw new UsageError(args.length === 0 ? cmd.args.value + " is required: " + cmd.args.help : "one " + cmd.args.value + " only, not '" + args.join(" ") + "'");
  }
  return new Options(cmd.name, values, cmd.args !== undefined && cmd.args.count === "any" ? args.map((a) => fromCaller(cwd, a)) : args);
}

// ---- Help

function pad(s: string, n: number): string {
  return s.length >= n ? s + "  " : s + " ".repeat(n - s.length);
}

function usageLine(cmd: Command): string {
  const args = cmd.args === undefined ? "" : cmd.args.count === "one" ? " " + cmd.args.value : " [" + cmd.args.value + "...]";
  return "baton " + cmd.name + (cmd.options.length > 0 ? " [options]" : "") + args;
}

/** `baton <command> --help`. */
export function commandHelp(cmd: Command): string[] {
  const out = ["baton " + cmd.name + ": " + cmd.summary, "", "usage: " + usageLine(cmd)];
  if (cmd.args !== undefined) out.push("  " + cmd.args.value + ": " + cmd.args.help);
  const rows: [string, string][] = [];
  for (const opt of cmd.options) {
    const left = "--" + opt.name + (opt.kind === "flag" ? "" : " " + placeholder(opt));
    const notes: string[] = [];
    if (opt.fallback !== undefined) notes.push("default " + opt.fallback);
    if (opt.kind === "app") notes.push("apps: " + appNames().join(", "));
    if (opt.kind === "profile") notes.push("profiles: " + PROFILES.map((p) => p.name).join(", "));
    rows.push([left, opt.help + (notes.length > 0 ? " (" + notes.join("; ") + ")" : "")]);
  }
  rows.push(["-h, --help", "this help"]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  out.push("", "options:");
  for (const [l, h] of rows) out.push("  " + pad(l, width) + h);
  const parts = COMMANDS.filter((c) => c.name.startsWith(cmd.name + " "));
  if (parts.length > 0) {
    out.push("", "parts:");
    for (const p of parts) out.push("  " + pad(p.name.slice(cmd.name.length + 1), 10) + p.summary);
  }
  if (cmd.more !== undefined) out.push("", ...cmd.more);
  out.push("", cmd.examples.length > 1 ? "examples:" : "example:");
  for (const e of cmd.examples) out.push("  " + e);
  return out;
}

/** `baton --help`. */
export function mainHelp(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const out = [
    "baton: a statically allocated microkernel for microcontrollers: simulate, build, flash, measure and test its apps",
    "",
    "usage: baton COMMAND [options]      (baton COMMAND --help: its options and an example)",
    "",
    "commands:",
  ];
  for (const c of COMMANDS) out.push("  " + pad(c.name, width) + c.summary);
  out.push("", "example:", "  baton sim --app demo --until 1s");
  return out;
}

/** The README's table of commands, made from the same list as `baton --help`. */
export function commandTable(): string[] {
  const out = ["| command | what it does |", "|---|---|"];
  for (const c of COMMANDS) out.push("| `baton " + c.name + "` | " + c.summary + " |");
  return out;
}

/** The first words of the commands: sim, build, ..., bench, test, new. */
function topWords(): string[] {
  const out: string[] = [];
  for (const c of COMMANDS) {
    const w = c.name.split(" ")[0];
    if (out.indexOf(w) < 0) out.push(w);
  }
  return out;
}

/** The groups of commands (`bench`, `test`) and the names under each. */
function group(word: string): string[] {
  return COMMANDS.filter((c) => c.name.startsWith(word + " ")).map((c) => c.name.slice(word.length + 1));
}

function groupHelp(word: string): string[] {
  const out = ["baton " + word + ": say which: " + group(word).join(", "), "", "usage: baton " + word + " WHICH [options]      (baton " + word + " WHICH --help: its options and an example)", ""];
  for (const c of COMMANDS) if (c.name.startsWith(word + " ")) out.push("  " + pad(c.name, 16) + c.summary);
  return out;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The folder the command was started in: paths on the command line are taken from there. */
  cwd: string;
}

const CONSOLE: Io = { out: (l) => console.log(l), err: (l) => console.error(l), cwd: process.cwd() };

function isHelp(a: string | undefined): boolean {
  return a === "--help" || a === "-h";
}

/** Finds the command `argv` names; returns it and the words after its name. */
export function findCommand(argv: string[]): { cmd: Command; rest: string[] } {
  const first = argv[0];
  if (first === undefined) throw new UsageError("say which command: " + topWords().join(", ") + " (baton --help says what each does)");
  if (first.startsWith("-")) throw new UsageError(first + ": unknown option (baton --help lists the commands)");
  const second = argv[1];
  if (second !== undefined && !second.startsWith("-")) {
    const two = COMMANDS.find((c) => c.name === first + " " + second);
    if (two !== undefined) return { cmd: two, rest: argv.slice(2) };
  }
  const one = COMMANDS.find((c) => c.name === first);
  const under = group(first);
  if (one !== undefined) {
    if (under.length > 0 && second !== undefined && !second.startsWith("-") && one.args === undefined) {
      throw new UsageError("unknown command '" + first + " " + second + "'; baton " + first + " takes: " + under.join(", "));
    }
    return { cmd: one, rest: argv.slice(1) };
  }
  if (under.length > 0) {
    if (second === undefined || second.startsWith("-")) throw new UsageError("say which: " + under.join(", "));
    throw new UsageError("unknown command '" + first + " " + second + "'; baton " + first + " takes: " + under.join(", "));
  }
  throw new UsageError("unknown command '" + first + "'; commands: " + topWords().join(", "));
}

function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Runs the command `argv` names; returns the exit code: 0, 2 for a bad
 * argument (the message names it), or what the command returned (1 for a
 * failure). Help goes to `io.out`, errors to `io.err`; the command's own
 * output to the console.
 */
export async function main(argv: string[], io: Io = CONSOLE): Promise<number> {
  if (argv.length === 1 && isHelp(argv[0])) {
    for (const l of mainHelp()) io.out(l);
    return 0;
  }
  if (argv.length === 1 && argv[0] === "--version") {
    io.out(version());
    return 0;
  }
  let label = argv.length > 0 && topWords().indexOf(argv[0]) >= 0 ? "baton " + argv[0] : "baton";
  try {
    if (argv.length === 2 && group(argv[0]).length > 0 && COMMANDS.every((c) => c.name !== argv[0]) && isHelp(argv[1])) {
      for (const l of groupHelp(argv[0])) io.out(l);
      return 0;
    }
    const { cmd, rest } = findCommand(argv);
    label = "baton " + cmd.name;
    if (rest.some(isHelp) && rest.indexOf("--") < 0) {
      for (const l of commandHelp(cmd)) io.out(l);
      return 0;
    }
    const options = parseOptions(cmd, rest, io.cwd);
    process.chdir(ROOT);
    const code = await cmd.run(options);
    return typeof code === "number" ? code : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(label + ": " + e.message);
      io.err("(" + label + " --help " + (label === "baton" ? "lists the commands" : "lists its options") + ")");
      return 2;
    }
    io.err(label + ": " + (e instanceof Error ? e.message : String(e)));
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cwd = process.env.BATON_CWD !== undefined && process.env.BATON_CWD !== "" ? process.env.BATON_CWD : process.cwd();
  // Only this process takes its paths from there: the tools' own child processes start afresh.
  delete process.env.BATON_CWD;
  // Output piped into a reader that stops early (`baton --help | head`) ends the command quietly.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  main(process.argv.slice(2), { out: CONSOLE.out, err: CONSOLE.err, cwd: cwd }).then((code) => {
    process.exitCode = code;
    // A failed command ends now: a bundler stopped by an error may leave handles open that would keep it waiting.
    if (code !== 0) process.exit(code);
  });
}
