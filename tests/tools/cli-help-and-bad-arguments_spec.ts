/**
 * The `baton` command (tools/cli.ts, bin/baton.mjs): `baton --help` lists
 * every command, each command's `--help` prints its usage, options and an
 * example (exit code 0), a bad argument prints a message that names it
 * (exit code 2), and the README's table of commands is the one
 * `baton --help` lists. The commands run in this process through `main`
 * (nothing runs past its argument checks); the launcher runs as a child
 * process, from another folder, to check the exit codes it passes on.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS, ROOT, commandTable, main } from "../../tools/cli";
import { describe, eq, it, ok } from "#spec";

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `baton <argv>` in this process, its help and errors captured. */
async function baton(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: ROOT });
  return { code: code, out: out.join("\n"), err: err.join("\n") };
}

/** Runs bin/baton.mjs as a child process from `cwd`. */
function launcher(argv: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/baton.mjs")].concat(argv), { cwd: cwd, encoding: "utf8", timeout: 60000 });
  return { code: r.status === null ? -1 : r.status, out: r.stdout, err: r.stderr };
}

function words(name: string): string[] {
  return name.split(" ");
}

describe("baton --help lists every command", () => {
  it("prints each command's name and summary and exits with 0", async () => {
    const r = await baton(["--help"]);
    eq(r.code, 0, r.err);
    for (const c of COMMANDS) ok(r.out.indexOf("  " + c.name + " ") >= 0 && r.out.indexOf(c.summary) >= 0, "baton --help lists " + c.name);
  });

  it("does the same through bin/baton.mjs started in another folder", () => {
    const r = launcher(["--help"], join(ROOT, "apps"));
    eq(r.code, 0, r.err);
    for (const c of COMMANDS) ok(r.out.indexOf("  " + c.name + " ") >= 0, "bin/baton.mjs --help lists " + c.name);
  });
});

describe("each command's --help prints its usage, every option and an example", () => {
  for (const c of COMMANDS) {
    it("baton " + c.name + " --help", async () => {
      const r = await baton(words(c.name).concat(["--help"]));
      eq(r.code, 0, r.err);
      ok(r.out.indexOf("usage: baton " + c.name) >= 0, r.out);
      for (const opt of c.options) ok(r.out.indexOf("--" + opt.name) >= 0, "--" + opt.name + " in the help of " + c.name);
      ok(/\nexamples?:\n {2}baton /.test(r.out), "an example in the help of " + c.name);
      for (const e of c.examples) ok(e.startsWith("baton " + c.name), "the example '" + e + "' runs " + c.name);
    });
  }

  it("baton bench --help lists the benchmarks", async () => {
    const r = await baton(["bench", "--help"]);
    eq(r.code, 0, r.err);
    for (const which of ["ipc", "latency", "espruino", "lua"]) ok(r.out.indexOf("bench " + which) >= 0, which);
  });
});

describe("an unknown option exits with 2 and names the option, for every command", () => {
  for (const c of COMMANDS) {
    it("baton " + c.name + " --no-such-option", async () => {
      const r = await baton(words(c.name).concat(["--no-such-option"]));
      eq(r.code, 2, r.out + r.err);
      ok(r.err.indexOf("baton " + c.name + ": --no-such-option: unknown option") >= 0, r.err);
    });
  }
});

describe("a bad value exits with 2 and names the argument", () => {
  const cases: [string[], string][] = [
    [["sim", "--until", "soon"], "--until: bad time 'soon'"],
    [["sim", "--app", "nope"], "--app: unknown app 'nope'; apps: demo"],
    [["sim", "--app"], "--app: needs a value"],
    [["sim", "--quiet=yes"], "--quiet: takes no value"],
    [["sim", "--profile", "nope"], "--profile: unknown profile 'nope'"],
    [["sim", "stray"], "unexpected argument 'stray'"],
    [["soak", "--runs", "many"], "--runs: bad number 'many'"],
    [["soak", "--runs", "0"], "--runs: 0 is too small"],
    [["bench", "latency", "--rate", "fast"], "--rate: bad number 'fast'"],
    [["bench", "latency", "--load", "nope"], "--load: unknown load 'nope'"],
    [["bench", "latency", "--slices", "1,x"], "--slices: bad slice size 'x'"],
    [["build", "--target", "nope"], "--target: unknown value 'nope'"],
    [["build", "--target", "lua", "--board", "PICO", "--app", "demo"], "--board: unknown board 'PICO' for --target lua"],
    [["build", "--target", "espruino", "--board", "esp32-devkit", "--app", "demo"], "--board: unknown board 'esp32-devkit' for --target espruino"],
    [["build", "--target", "espruino", "--app", "demo", "--lfs"], "--lfs: only with --target lua"],
    [["build", "--app", "demo"], "--target is required"],
    [["flash", "--board", "NOPE"], "--board: unknown board 'NOPE'; boards: PICO"],
    [["flash", "--board", "PICO", "--baud", "fast"], "--baud: bad number 'fast'"],
    [["trace", "--from", "1s", "--to", "1ms"], "--to: the window must end after --from"],
    [["bench", "espruino"], "--espruino PATH is required"],
    [["calibrate", "--espruino", "/no/such/espruino", "--name", "x"], "--espruino: no program '/no/such/espruino'"],
    [["sim", "--until", "2"], "--until: bad time '2'"],
    [["new"], "NAME is required"],
    [["new", "Bad-Name"], "bad app name 'Bad-Name'"],
    [["new", "demo"], "there is an app 'demo' already"],
    [["new", "while"], "bad app name 'while'"],
    [["frob"], "unknown command 'frob'"],
    [["bench", "frob"], "unknown command 'bench frob'"],
    [["bench"], "say which: ipc, latency, espruino, lua"],
    [["test", "frob"], "unknown command 'test frob'"],
    [[], "say which command"],
  ];
  for (const [argv, message] of cases) {
    it("baton " + argv.join(" "), async () => {
      const r = await baton(argv);
      eq(r.code, 2, r.out + r.err);
      ok(r.err.indexOf(message) >= 0, "'" + message + "' in: " + r.err);
    });
  }

  it("bin/baton.mjs passes the exit code 2 and the message on", () => {
    const r = launcher(["sim", "--until", "soon"], join(ROOT, "tests"));
    eq(r.code, 2, r.out + r.err);
    ok(r.err.indexOf("baton sim: --until: bad time 'soon'") >= 0, r.err);
  });
});

describe("the README's table of commands is the one baton --help lists", () => {
  it("has a row per command, with its summary, in the same order", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = commandTable().join("\n");
    ok(readme.indexOf(table + "\n") >= 0, "README.md should have this table of commands (made by commandTable in tools/cli.ts):\n" + table);
  });
});
