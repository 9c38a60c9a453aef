/**
 * Every command the README and docs/ give is run, in a fresh copy of the
 * project (tools/mutate.ts's copy: no .git, dist or out; node_modules
 * linked, and with it the project's build cache), in the order the documents give
 * them (those that change the sources, `LAST`, at the end), once each: it must exit with 0 and write the files it says it
 * writes: the path its `# comment` starts with (`# dist/lua/demo.lua`,
 * `# also dist/lua/lfs/demo/: ...`), and the paths after `--out`,
 * `--trace` and `--vcd`.
 *
 * The commands are the lines of the documents' fenced `sh` blocks, and the
 * first cells of their tables that are a command (`npx ...`, `npm ...`,
 * `lua5.1 ...`). A command that needs what this machine lacks (a board on a
 * port, an Espruino interpreter, a board's measurements) or that is a
 * template (`[--sim]`) runs in its dry form, listed in `DRY` with the
 * reason: the same command writing what it would send (`--out`), the
 * bundle run on the stand-in Espruino globals (tools/espruino/fake.ts),
 * or the command refusing clearly (exit code 2, naming what is missing).
 * `EXCLUDED` lists the commands not run at all, with the reason. Both
 * lists must name commands the documents still give, so a new documented
 * command is run, and a removed one leaves no stale entry.
 */
import { after } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../tools/cli";
import { copyProject } from "../../tools/mutate";
import { runFake } from "../../tools/espruino/fake";
import { describe, eq, it, ok } from "#spec";

/** A command as a document gives it. */
interface Documented {
  file: string;
  line: number;
  text: string;
  /** Its `# comment` (a fenced line's), which may name what it writes. */
  comment: string;
}

/** What runs in place of a documented command, and why. */
interface Dry {
  why: string;
  /** A command run instead, in the copy's root; or a bundle run on the stand-in Espruino globals. */
  run?: string;
  fake?: { bundle: string; expect: RegExp };
  /** The exit code it must end with (default 0), and a text its output must hold. */
  code?: number;
  names?: string;
}

const DRY: Record<string, Dry> = {
  "npx baton flash --board PICO --port /dev/ttyACM0": { why: "uploads to a board on a serial port: --out writes what the upload would send", run: "npx baton flash --board PICO --out out/flash-demo-PICO.txt" },
  "npx baton flash --board PICO --port /dev/ttyACM0 --app latency": { why: "uploads to a board: --out instead", run: "npx baton flash --board PICO --out out/flash-latency-PICO.txt --app latency" },
  "npm run flash -- --board PICO --port /dev/ttyACM0": { why: "uploads to a board: --out instead", run: "npm run flash -- --board PICO --out out/flash-demo-PICO.txt" },
  "npm run flash -- --board PICO --port /dev/ttyACM0 --app latency --save": { why: "uploads to a board: --out instead", run: "npm run flash -- --board PICO --out out/flash-latency-PICO-save.txt --app latency --save" },
  "npm run flash -- --board ESP32 --port tcp://192.168.1.50:23": { why: "uploads to a board over TCP: --out instead", run: "npm run flash -- --board ESP32 --out out/flash-demo-ESP32.txt" },
  "npm run flash -- --board PICO --port /dev/ttyACM0 --app selftest --save": { why: "uploads to a board: --out instead", run: "npm run flash -- --board PICO --out out/flash-selftest-PICO.txt --app selftest --save" },
  "/path/to/espruino out/latency-LINUX.js": { why: "needs an Espruino interpreter: the bundle runs on the stand-in Espruino globals instead", fake: { bundle: "out/latency-LINUX.js", expect: /^latency: / } },
  "/path/to/espruino dist/espruino/selftest-LINUX.js": { why: "needs an Espruino interpreter: the bundle runs on the stand-in Espruino globals instead", fake: { bundle: "dist/espruino/selftest-LINUX.js", expect: /^\d+ passed, 0 failed$/ } },
  "npm run calibrate -- --espruino /path/to/espruino --runs 3 --name mine": { why: "needs an Espruino interpreter: without one it must refuse, naming the path", code: 2, names: "/path/to/espruino" },
  "npm run calibrate -- --input probe.txt,latency.txt --name pico --base espruino-pico --compare": { why: "reads a board's measurements: without them it must refuse, naming the file", code: 2, names: "probe.txt" },
  "npm run bench:latency -- --app latency --profile file:out/profiles/pico.json": { why: "reads the profile the line before makes from a board's measurements: without it, it must refuse, naming the file", code: 2, names: "pico.json" },
  "npx baton build --target lua --all [--sim] [--runner] [--specs]": { why: "a template; --all builds every app for every board, as npm test's Lua part does: its extras run here", run: "npx baton build --target lua --sim --runner" },
  "npx baton build --target lua --app demo --lfs [--luac PATH]": { why: "--luac needs the firmware's own luac.cross", run: "npx baton build --target lua --app demo --lfs" },
  "lua5.1 dist/lua/sim.lua --app demo --until 1s --allow-faults [--figures]": { why: "a template: run with its option", run: "lua5.1 dist/lua/sim.lua --app demo --until 1s --allow-faults --figures" },
};

const EXCLUDED: Record<string, string> = {
  "npm test": "the whole suite, which runs this spec",
  "npm run test:lua": "the suite's Lua part (minutes): npm test runs it",
};

/**
 * Commands that change the project's sources, run after the others: every
 * build's cache key holds every source file, so a new app makes every build
 * after it a build from scratch.
 */
const LAST: Record<string, string> = {
  "npx baton new blinky": "writes a new app under apps/",
};

/** Files a command writes that neither its comment nor its arguments name. */
const WRITES: Record<string, string[]> = {
  "npx baton build --target lua --app demo": ["dist/lua/demo.lua", "dist/lua/nodemcu-sim.lua"],
  "npx baton new blinky": ["apps/blinky/app.ts", "tests/apps/blinky_spec.ts"],
};

/** The documents: the README and every file of docs/ in Markdown. */
function documents(): string[] {
  return ["README.md"].concat(readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => "docs/" + f));
}

/** The commands of one document (see the module comment), in order. */
function commandsOf(file: string): Documented[] {
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
  const out: Documented[] = [];
  let inSh = false;
  let inOther = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const fence = /^\s*```(\S*)\s*$/.exec(l);
    if (fence !== null) {
      if (inSh || inOther) {
        inSh = false;
        inOther = false;
      } else if (fence[1] === "sh") inSh = true;
      else inOther = true;
      continue;
    }
    if (inSh) {
      const t = l.trim();
      if (t === "" || t.startsWith("#")) continue;
      const hash = t.search(/\s#\s/);
      out.push({ file: file, line: i + 1, text: (hash >= 0 ? t.slice(0, hash) : t).trim(), comment: hash >= 0 ? t.slice(hash).replace(/^\s#\s*/, "") : "" });
      continue;
    }
    if (inOther) continue;
    const cell = /^\| `([^`]+)` \|/.exec(l);
    if (cell !== null && /^(npx|npm|lua5\.1) /.test(cell[1])) out.push({ file: file, line: i + 1, text: cell[1], comment: "" });
  }
  return out;
}

/** The files a command says it writes: the path its comment starts with, those after --out, --trace and --vcd, and WRITES. */
function writes(d: Documented, run: string): string[] {
  const out: string[] = [];
  const lead = /^(?:also )?((?:dist|out)\/[\w./-]*[\w/])/.exec(d.comment);
  if (lead !== null) out.push(lead[1]);
  const words = run.split(/\s+/);
  for (let i = 0; i + 1 < words.length; i++) if (words[i] === "--out" || words[i] === "--trace" || words[i] === "--vcd") out.push(words[i + 1]);
  return out.concat(WRITES[d.text] || []);
}

interface Ran {
  code: number;
  out: string;
}

function sh(dir: string, command: string): Ran {
  // The project's build cache (node_modules is linked; tools/build-cache.ts keys hold no folder): the copy's
  // sources are the project's, so what the suite built is read back, not built again. No mark of a node:test
  // child, so that nothing below thinks it is one.
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", env: env, timeout: 15 * 60 * 1000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status === null ? -1 : r.status, out: (r.stdout || "") + (r.stderr || "") };
}

function tail(text: string): string {
  return text.length > 3000 ? "..." + text.slice(text.length - 3000) : text;
}

const ALL: Documented[] = [];
for (const f of documents()) ALL.push(...commandsOf(f));
const ORDER = ALL.filter((d) => LAST[d.text] === undefined).concat(ALL.filter((d) => LAST[d.text] !== undefined));

describe("the documents' commands are found", () => {
  it("the fenced sh lines and the command cells of the tables, the quick start's among them", () => {
    const texts = ALL.map((d) => d.text);
    for (const t of ["npm start", "npx baton check", "npx baton build --target lua --app demo", "lua5.1 dist/lua/demo.lua"]) ok(texts.indexOf(t) >= 0, t + " among: " + texts.join(" | "));
  });

  it("every dry form and every exclusion names a command the documents give", () => {
    const texts = ALL.map((d) => d.text);
    for (const t of Object.keys(DRY).concat(Object.keys(EXCLUDED), Object.keys(WRITES), Object.keys(LAST))) ok(texts.indexOf(t) >= 0, "'" + t + "' is no longer documented: take it out of the spec's lists");
  });
});

describe("every documented command runs, in a fresh copy of the project", () => {
  const dir = copyProject("baton-docs-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const done = new Set<string>();
  for (const d of ORDER) {
    const excluded = EXCLUDED[d.text];
    const dry = DRY[d.text];
    const run = dry !== undefined && dry.run !== undefined ? dry.run : d.text;
    const title = d.file + ":" + d.line + ": " + d.text + (excluded !== undefined ? " (not run: " + excluded + ")" : dry !== undefined ? " (dry: " + dry.why + ")" : "");
    if (excluded !== undefined) continue;
    const key = dry !== undefined && dry.fake !== undefined ? "fake " + dry.fake.bundle : run;
    if (done.has(key)) continue;
    done.add(key);
    it(title, () => {
      if (dry !== undefined && dry.fake !== undefined) {
        const bundle = join(dir, dry.fake.bundle);
        ok(existsSync(bundle), dry.fake.bundle + ": the command before it builds it");
        const r = runFake(readFileSync(bundle, "utf8"), 60);
        eq(r.error, undefined, r.error);
        ok(r.lines.some((l) => dry.fake!.expect.test(l)), dry.fake.expect + " in: " + r.lines.slice(-20).join("\n"));
        return;
      }
      const files = writes(d, run);
      // What it writes under dist/ and out/ goes first, so that only this command can have written it.
      for (const f of files) if (f.startsWith("dist/") || f.startsWith("out/")) rmSync(join(dir, f), { recursive: true, force: true });
      const r = sh(dir, run);
      eq(r.code, dry !== undefined && dry.code !== undefined ? dry.code : 0, run + "\n" + tail(r.out));
      if (dry !== undefined && dry.names !== undefined) ok(r.out.indexOf(dry.names) >= 0, "'" + dry.names + "' named in: " + tail(r.out));
      for (const f of files) ok(existsSync(join(dir, f)), run + " writes " + f);
    });
  }
});
