/**
 * `baton test [types|lint|espruino|lua|node]`: the test suite, or one of
 * its parts. `baton test` (what `npm test` runs) runs these parts:
 *
 * 1. `types`: the TypeScript compiler on the whole project (`tsc -p .`);
 * 2. `lint`: ESLint (the subset the device code may use), then the syntax
 *    of every Espruino bundle already built (tools/check-espruino.ts);
 * 3. `espruino`: every app built for every Espruino board and run under
 *    stand-in Espruino globals (tools/test-espruino.ts);
 * 4. `lua`: the specs under busted on Lua 5.1, the differential test and
 *    every app's bundle on lua5.1 (tools/test-lua.ts), after checking for
 *    (or installing) the Debian packages it needs (tools/ensure-deps.mjs --lua);
 * 5. `node`: every spec, `tests/<area>/<name>_spec.ts`, each file in a
 *    process of its own under Node's test runner (or the spec files named).
 *
 * Side by side: the parts and the spec files are jobs run `--jobs` at a
 * time (default: the machine's cores), the longest first (each spec file's
 * time is kept in the build cache's folder from one run to the next; a
 * fresh clone starts with the files that build or start processes). A
 * job's output is printed whole when it ends (a passing spec file as one
 * line; everything in out/test/), so that two never mix. At the first
 * failure no job is started any more, those running are stopped, and the
 * suite fails with the failed job's output. Builds are shared between
 * jobs through the build cache (tools/build-cache.ts): what one job builds,
 * the others read back, and a job that needs a bundle another is making
 * waits for it. At the end: each part's time, the total, and the counts
 * (Node tests passed, busted successes).
 *
 * `baton test --app NAME`: that app only: its specs (tests/apps/NAME_spec.ts,
 * tests/apps/NAME-*_spec.ts and every spec that imports apps/NAME/) under
 * Node and under busted, its Espruino bundle for every board (checked
 * against the subset, run under stand-in globals on LINUX) and its Lua
 * bundle for every NodeMCU board (run on lua5.1 on the simulated firmware).
 * `baton test lua FILE...`: those specs only under busted.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every spec file, relative to the root: tests/<area>/<name>_spec.ts. */
export function specFiles(): string[] {
  const out: string[] = [];
  for (const area of readdirSync(join(ROOT, "tests")).sort()) {
    if (!statSync(join(ROOT, "tests", area)).isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, "tests", area)).sort()) if (f.endsWith("_spec.ts")) out.push("tests/" + area + "/" + f);
  }
  return out;
}

/** Runs a program in the project's folder with the output shown; returns its exit code. */
function run(program: string, args: string[]): number {
  const r = spawnSync(program, args, { cwd: ROOT, stdio: "inherit" });
  if (r.error !== undefined) {
    console.error("baton test: " + program + " did not run: " + r.error.message);
    return 1;
  }
  return r.status === null ? 1 : r.status;
}

function bin(name: string): string {
  return join(ROOT, "node_modules/.bin", name);
}

/** The folders `tsc -p .` reads (tsconfig.json's include). */
const TYPED_DIRS = ["kernel", "model", "boards", "drivers", "sim", "apps", "tests", "tools"];

/** `tsc -p .`; a pass is kept in the build cache with the sources it was for (a failure never is). */
export async function testTypes(): Promise<number> {
  const { cachedSync, hashOf, sourcesHash } = await import("./build-cache");
  let code = 0;
  try {
    const r = cachedSync("typecheck", hashOf("typecheck", sourcesHash(ROOT, TYPED_DIRS), "tsconfig.json"), () => {
      code = run(bin("tsc"), ["-p", "."]);
      if (code !== 0) throw new Error("tsc -p . failed");
      return true;
    });
    if (r.hit) console.log("baton test types: tsc -p . passed on these sources before (the build cache)");
  } catch {
    return code !== 0 ? code : 1;
  }
  return code;
}

export async function testLint(): Promise<number> {
  const code = run(bin("eslint"), ["."]);
  if (code !== 0) return code;
  const m = await import("./check-espruino");
  return m.checkBundles([]);
}

/** The Espruino part; `apps`: only these apps (default every one). */
export async function testEspruinoPart(apps?: string[]): Promise<number> {
  const m = await import("./test-espruino");
  return m.testEspruino(apps);
}

/** The Lua part; `files`: only these specs under busted, nothing else; `apps`: only these apps' specs and bundles. */
export async function testLuaPart(files: string[] = [], apps?: string[]): Promise<number> {
  const deps = run(process.execPath, [join(ROOT, "tools/ensure-deps.mjs"), "--lua"]);
  if (deps !== 0) return deps;
  const m = await import("./test-lua");
  return m.testLua({ files: files.map((f) => relative(ROOT, resolve(ROOT, f))), apps: apps });
}

// ---- Jobs side by side

/** What a job reports when it ends. */
interface Done {
  code: number;
  seconds: number;
  /** CPU seconds it and its own child processes used (user and system; NaN where /proc cannot tell). */
  cpu: number;
  /** When it started and ended (ms, Date.now()). */
  began: number;
  ended: number;
  output: string;
}

/** A part or a spec file: a child process of its own. */
interface Job {
  name: string;
  /** Seconds it is expected to take (to start the longest first). */
  estimate: number;
  /** The part it counts towards in the summary. */
  part: string;
  args: string[];
  /** One line about a passing job, from its output. */
  summary: (d: Done) => string;
}

function secs(s: number): string {
  return s.toFixed(1) + " s";
}

function cpuText(cpu: number): string {
  return Number.isNaN(cpu) ? "CPU time unknown" : secs(cpu) + " of CPU";
}

/** The number of jobs run at once: `--jobs`, else BATON_TEST_JOBS, else the cores. */
export function defaultJobs(): number {
  const env = Number(process.env.BATON_TEST_JOBS);
  return Number.isInteger(env) && env > 0 ? env : Math.max(1, availableParallelism());
}

/** Counts of the Node test runner's summary (the spec reporter's `ℹ tests N` lines). */
interface Counts {
  tests: number;
  pass: number;
  fail: number;
  skipped: number;
}

function countsOf(output: string): Counts {
  const n = (what: string): number => {
    const m = new RegExp("^\\S* ?" + what + " (\\d+)$", "m").exec(output);
    return m !== null ? Number(m[1]) : 0;
  };
  return { tests: n("tests"), pass: n("pass"), fail: n("fail"), skipped: n("skipped") };
}

/** Where each spec file's time is kept from one run to the next. */
function timesFile(): string | undefined {
  const dir = process.env.BATON_CACHE === "off" ? undefined : process.env.BATON_CACHE_DIR || join(ROOT, "node_modules/.cache/baton");
  return dir !== undefined ? join(dir, "spec-times.json") : undefined;
}

function readTimes(): Record<string, number> {
  const f = timesFile();
  try {
    return f !== undefined ? (JSON.parse(readFileSync(f, "utf8")) as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function writeTimes(times: Record<string, number>): void {
  const f = timesFile();
  if (f === undefined) return;
  try {
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, JSON.stringify({ ...readTimes(), ...times }, null, 1));
  } catch {
    // A suite that cannot keep its times still ran.
  }
}

/** A guess at a spec file's time when no run kept it: files that build, copy the project or start processes first. */
function guess(file: string): number {
  let text = "";
  try {
    text = readFileSync(join(ROOT, file), "utf8");
  } catch {
    return 1;
  }
  let score = 1;
  for (const w of ["fengari", "copyProject", "bin/baton", "buildEspruino", "buildApp", "buildSim", "buildRunner", "buildSpecs", "writeInlinedTree", "trimSources", "spawn", "runLua", "fc.assert", "lockstep"]) {
    if (text.indexOf(w) >= 0) score += 10;
  }
  return score;
}

/** The job of one spec file: the file run under Node's test runner, its report by the spec reporter. */
function specJob(file: string, times: Record<string, number>): Job {
  return {
    name: file,
    estimate: times[file] !== undefined ? times[file] : guess(file),
    part: "node",
    args: ["--import", "tsx", "--test-reporter=spec", "--test-reporter-destination=stdout", join(ROOT, file)],
    summary: (d) => {
      const c = countsOf(d.output);
      return c.tests + " tests" + (c.skipped > 0 ? ", " + c.skipped + " skipped" : "");
    },
  };
}

/** The job of a part of the suite: `baton test PART` in a process of its own. */
function partJob(part: string, estimate: number): Job {
  return {
    name: part,
    estimate: estimate,
    part: part,
    args: ["--import", "tsx", join(ROOT, "tools/cli.ts"), "test", part],
    summary: () => "",
  };
}

/**
 * CPU seconds (user and system) of the child processes of this process that
 * have ended and been waited for, theirs included (Linux: /proc/self/stat's
 * cutime and cstime, in clock ticks of 1/100 s); NaN elsewhere.
 */
function endedChildrenCpu(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of stat(5), counted from the state (field 3) here.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Stops a job's process and whatever it started (its own process group). */
function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}

function logFile(job: Job): string {
  return join(ROOT, "out/test", job.name.replace(/\.ts$/, "").replace(/[^A-Za-z0-9_.-]+/g, "_") + ".log");
}

/**
 * Runs `jobs`, `width` at a time, the longest (by estimate) first. Prints
 * each job's result when it ends: one line when it passed (its output is in
 * out/test/), its whole output when it failed. At the first failure it
 * starts no more and stops those running, unless `keepGoing`. Returns every
 * job's result.
 */
async function runJobs(jobs: Job[], width: number, keepGoing = false): Promise<Map<Job, Done>> {
  const queue = jobs.slice().sort((a, b) => b.estimate - a.estimate);
  const results = new Map<Job, Done>();
  const running = new Map<Job, ChildProcess>();
  let failed = false;
  let cpuSeen = endedChildrenCpu();
  mkdirSync(join(ROOT, "out/test"), { recursive: true });
  await new Promise<void>((allDone) => {
    const next = (): void => {
      while (!failed && running.size < width && queue.length > 0) start(queue.shift() as Job);
      if (running.size === 0) allDone();
    };
    const start = (job: Job): void => {
      const began = Date.now();
      const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: "0" };
      // A spec file runs itself (`node file`): no test runner's mark of a child it would defer to.
      delete env.NODE_TEST_CONTEXT;
      const child = spawn(process.execPath, job.args, { cwd: ROOT, env: env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      running.set(job, child);
      const chunks: Buffer[] = [];
      child.stdout!.on("data", (d: Buffer) => chunks.push(d));
      child.stderr!.on("data", (d: Buffer) => chunks.push(d));
      let cpu = NaN;
      child.on("exit", () => {
        // The child was just waited for: what the count grew by since the last job ended is its own.
        const now = endedChildrenCpu();
        cpu = now - cpuSeen;
        cpuSeen = now;
      });
      child.on("close", (code, signal) => {
        running.delete(job);
        const output = Buffer.concat(chunks).toString("utf8");
        const done: Done = { code: code === null ? 1 : code, seconds: (Date.now() - began) / 1000, cpu: cpu, began: began, ended: Date.now(), output: output };
        results.set(job, done);
        writeFileSync(logFile(job), output);
        if (done.code === 0) {
          const more = job.summary(done);
          console.log("ok   " + secs(done.seconds).padStart(8) + "  " + job.name + " (" + (more !== "" ? more + ", " : "") + cpuText(done.cpu) + ")");
        } else if (!failed || signal === null) {
          console.log("FAIL " + secs(done.seconds).padStart(8) + "  " + job.name + " (exit code " + (code === null ? signal : code) + "): its output follows (also in " + relative(ROOT, logFile(job)) + ")");
          console.log(output.trimEnd());
          if (!failed && !keepGoing) {
            failed = true;
            for (const c of running.values()) stop(c);
          }
        }
        next();
      });
    };
    next();
  });
  return results;
}

/** Node's test counts over spec jobs' outputs. */
function totalCounts(results: Map<Job, Done>): Counts {
  const t: Counts = { tests: 0, pass: 0, fail: 0, skipped: 0 };
  for (const [job, d] of results) {
    if (job.part !== "node") continue;
    const c = countsOf(d.output);
    t.tests += c.tests;
    t.pass += c.pass;
    t.fail += c.fail;
    t.skipped += c.skipped;
  }
  return t;
}

/** busted's closing line (`N successes / N failures / ...`) in the Lua part's output. */
function bustedLine(results: Map<Job, Done>): string | undefined {
  for (const [job, d] of results) {
    if (job.part !== "lua") continue;
    const m = /(\d+) successes? \/ (\d+) failures? \/ (\d+) errors? \/ (\d+) pending/.exec(d.output.replace(/\x1b\[[0-9;]*m/g, ""));
    if (m !== null) return m[0];
  }
  return undefined;
}

/**
 * Prints each part's time: its own, from its start to its end (for the
 * spec files, from the first's start to the last's end, and the sum of
 * their times); the total; the counts.
 */
function report(results: Map<Job, Done>, started: number, width: number, parts: string[]): void {
  console.log("");
  console.log("baton test: the time of each part (" + width + " jobs at a time, side by side; from its start to its end):");
  for (const p of parts) {
    const done = [...results].filter(([job]) => job.part === p).map(([, d]) => d);
    if (done.length === 0) {
      console.log("  " + p.padEnd(10) + "not run");
      continue;
    }
    const span = (Math.max(...done.map((d) => d.ended)) - Math.min(...done.map((d) => d.began))) / 1000;
    const sum = done.reduce((a, d) => a + d.seconds, 0);
    const cpu = done.reduce((a, d) => a + d.cpu, 0);
    const from = "from " + secs((Math.min(...done.map((d) => d.began)) - started) / 1000) + " in, " + cpuText(cpu);
    if (p === "node") console.log("  " + p.padEnd(10) + secs(span).padStart(9) + "  (" + from + "; " + done.length + " spec files taking " + secs(sum) + " together)");
    else console.log("  " + p.padEnd(10) + secs(span).padStart(9) + "  (" + from + ")");
  }
  const allCpu = [...results.values()].reduce((a, d) => a + d.cpu, 0);
  console.log("  " + "total".padEnd(10) + secs((Date.now() - started) / 1000).padStart(9) + "  (" + cpuText(allCpu) + "; the machine's load average now: " + loadavg().map((l) => l.toFixed(2)).join(" ") + ")");
  if (parts.indexOf("node") >= 0) {
    const c = totalCounts(results);
    console.log("baton test: node: " + c.tests + " tests, " + c.pass + " passed, " + c.fail + " failed, " + c.skipped + " skipped");
  }
  const busted = bustedLine(results);
  if (busted !== undefined) console.log("baton test: lua: busted: " + busted);
}

/** The parts of `baton test`, in the order they are listed, with a first guess at their time (seconds). */
export const TEST_PARTS: [string, () => number | Promise<number>, number][] = [
  ["types", testTypes, 20],
  ["lint", testLint, 15],
  ["espruino", () => testEspruinoPart(), 60],
  ["lua", () => testLuaPart(), 90],
  ["node", () => testNode([]), 0],
];

/**
 * Runs `files` (default: every spec) under Node's test runner, each file in
 * a process of its own, `width` at a time; returns the exit code.
 */
export async function testNode(files: string[], width = defaultJobs(), keepGoing = false): Promise<number> {
  const started = Date.now();
  const times = readTimes();
  const jobs = (files.length > 0 ? files.map((f) => relative(ROOT, resolve(ROOT, f))) : specFiles()).map((f) => specJob(f, times));
  for (const j of jobs) if (!existsSync(join(ROOT, j.name))) throw new Error("no spec file " + j.name);
  const results = await runJobs(jobs, width, keepGoing);
  keepTimes(results);
  report(results, started, width, ["node"]);
  return exitCode(jobs, results);
}

function keepTimes(results: Map<Job, Done>): void {
  const t: Record<string, number> = {};
  for (const [job, d] of results) if (d.code === 0) t[job.name] = Math.round(d.seconds * 10) / 10;
  writeTimes(t);
}

function exitCode(jobs: Job[], results: Map<Job, Done>): number {
  for (const j of jobs) {
    const d = results.get(j);
    if (d === undefined) return 1;
    if (d.code !== 0) return d.code;
  }
  return 0;
}

/** Runs every part, and every spec file, `width` at a time; returns the first failure's exit code, else 0. */
export async function testAll(width = defaultJobs(), keepGoing = false): Promise<number> {
  const started = Date.now();
  const times = readTimes();
  const jobs: Job[] = [];
  for (const [name, , estimate] of TEST_PARTS) if (name !== "node") jobs.push(partJob(name, times["part:" + name] !== undefined ? times["part:" + name] : estimate));
  // The Debian packages first, in this process: a job must not prompt or install side by side.
  const deps = run(process.execPath, [join(ROOT, "tools/ensure-deps.mjs"), "--lua"]);
  if (deps !== 0) return deps;
  for (const f of specFiles()) jobs.push(specJob(f, times));
  console.log("baton test: " + jobs.length + " jobs (" + (jobs.length - 4) + " spec files and types, lint, espruino, lua), " + width + " at a time");
  const results = await runJobs(jobs, width, keepGoing);
  keepTimes(results);
  const parts: Record<string, number> = {};
  for (const [job, d] of results) if (job.part !== "node" && d.code === 0) parts["part:" + job.name] = Math.round(d.seconds);
  writeTimes(parts);
  report(results, started, width, TEST_PARTS.map((p) => p[0]));
  const code = exitCode(jobs, results);
  if (code !== 0) console.error("baton test: failed");
  return code;
}

// ---- One app

/** The spec files of app `name`: tests/apps/NAME_spec.ts, tests/apps/NAME-*_spec.ts, and every spec that imports apps/NAME/. */
export function appSpecFiles(name: string): string[] {
  const mine = new RegExp("/apps/" + name + "/");
  return specFiles().filter((f) => {
    const base = f.split("/").pop() as string;
    if (f.startsWith("tests/apps/") && (base === name + "_spec.ts" || base.startsWith(name + "-"))) return true;
    return mine.test(readFileSync(join(ROOT, f), "utf8"));
  });
}

/**
 * `baton test --app NAME`: the app's specs under Node (side by side, as
 * `baton test node`) and under busted, its Espruino bundles for every board
 * and its Lua bundles for every NodeMCU board. Returns the exit code.
 */
export async function testApp(name: string, width = defaultJobs()): Promise<number> {
  const started = Date.now();
  const files = appSpecFiles(name);
  console.log("baton test --app " + name + ": " + files.length + " spec files: " + files.join(" "));
  const steps: [string, () => Promise<number>][] = [
    ["node", () => (files.length > 0 ? testNode(files, width) : Promise.resolve(0))],
    ["espruino", () => testEspruinoPart([name])],
    ["lua", () => testLuaPart(files, [name])],
  ];
  const took: [string, number][] = [];
  for (const [part, fn] of steps) {
    console.log("baton test --app " + name + ": " + part);
    const t = Date.now();
    const code = await fn();
    took.push([part, (Date.now() - t) / 1000]);
    if (code !== 0) {
      console.error("baton test --app " + name + ": " + part + " failed (exit code " + code + ")");
      return code;
    }
  }
  console.log("baton test --app " + name + ": " + took.map(([p, s]) => p + " " + secs(s)).join(", ") + "; total " + secs((Date.now() - started) / 1000));
  return 0;
}
