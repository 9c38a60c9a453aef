/**
 * The Lua Flash Store layout of a board bundle (tools/lua/lfs.ts, written by
 * `baton build --target lua --lfs`): the files NodeMCU's cross compiler
 * makes an image from. Loaded under lua5.1 on the simulated firmware, with
 * a stand-in for the image (`nodemcu-sim.lua --lfs APP FILES`: each file a
 * module named after it, `node.LFS.get(name)` giving its main function),
 * every app runs as its plain bundle runs, printing the same lines.
 */
import { writeFileSync, chmodSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { appNames } from "../../apps/index";
import { ROOT, buildApp, buildRunner, lastModuleSpans } from "../../tools/lua/build";
import { LfsLayout, buildLfsImage, writeLfs } from "../../tools/lua/lfs";
import { NODEMCU_LIMITS, luaFunctionFigures } from "../../tools/lua/limits";
import { describe, eq, ok, same } from "#spec";
import { it as nodeIt } from "node:test";
import { describeDifference, firstDifference, hasLua, runLua } from "./lua-host";

const DIR = "out/lua/spec/lfs/";
const RUNNER = DIR + "nodemcu-sim.lua";

/** The plain bundle of `app` and its LFS layout, built once. */
const built = new Map<string, { bundle: string; lfs: LfsLayout }>();

async function build(app: string): Promise<{ bundle: string; lfs: LfsLayout }> {
  let b = built.get(app);
  if (b === undefined) {
    const r = await buildApp(app, "nodemcu-devkit", DIR + app + ".lua");
    const lfs = writeLfs(readFileSync(r.file, "utf8"), lastModuleSpans(), app, join(ROOT, DIR + app));
    b = { bundle: DIR + app + ".lua", lfs: lfs };
    built.set(app, b);
  }
  return b;
}

/** The memory line of the self-test says how much heap is in use: code included in the plain run, all of it kept by the stand-in image. */
function withoutHeapFigures(text: Buffer): Buffer {
  return Buffer.from(text.toString("latin1").replace(/^memory in use: \d+ before, \d+ after, growth (\d+)$/m, "memory in use: growth $1"), "latin1");
}

describe("the LFS layout of a bundle: the files NodeMCU's LFS documentation describes", () => {
  nodeIt("_init and the entry named after the app, then one module per bundle module, no name with a dot, each within NodeMCU's compiler limits", async () => {
    const { lfs } = await build("demo");
    eq(lfs.entry, "demo");
    same(lfs.files.slice(0, 2), ["_init.lua", "demo.lua"]);
    ok(lfs.files.indexOf("demo_boot.lua") > 0, "the bundle's entry module: " + lfs.files.join(" "));
    ok(lfs.files.indexOf("kernel_endpoint.lua") > 0, "kernel.endpoint as kernel_endpoint: " + lfs.files.join(" "));
    same(readdirSync(lfs.dir).filter((f) => f.endsWith(".lua")).sort(), lfs.files.slice().sort());
    let bytes = 0;
    for (const f of lfs.files) {
      eq(f.indexOf("."), f.length - 4, "one dot, before lua: " + f);
      const text = readFileSync(join(lfs.dir, f), "utf8");
      bytes += statSync(join(lfs.dir, f)).size;
      const figures = luaFunctionFigures(text, NODEMCU_LIMITS);
      eq(figures.problems.length, 0, f);
    }
    eq(lfs.bytes, bytes);
  });

  nodeIt("the command is luac.cross -f -o lfs.img with every file, and --luac runs that compiler with it in the layout's folder", async () => {
    const { lfs } = await build("demo");
    eq(lfs.command, "luac.cross -f -o lfs.img " + lfs.files.join(" "));
    // A stand-in compiler that writes its arguments and folder as the image.
    const fake = join(ROOT, DIR + "fake-luac.sh");
    writeFileSync(fake, '#!/bin/sh\necho "$(pwd) $*" > lfs.img\n');
    chmodSync(fake, 0o755);
    const img = buildLfsImage(lfs, fake);
    eq(img.file, join(lfs.dir, "lfs.img"));
    eq(readFileSync(img.file, "utf8"), lfs.dir + " -f -o lfs.img " + lfs.files.join(" ") + "\n");
    const failing = join(ROOT, DIR + "failing-luac.sh");
    writeFileSync(failing, '#!/bin/sh\necho "luac.cross: demo.lua:1: function at line 1 has more than 50 local variables" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    let message = "";
    try {
      buildLfsImage(lfs, failing);
    } catch (e) {
      message = (e as Error).message;
    }
    ok(message.indexOf("more than 50 local variables") > 0, message);
  });
});

describe("an app from the LFS layout under lua5.1, with a stand-in for node.LFS.get, prints what its plain bundle prints", () => {
  nodeIt("lua5.1 with the bit library is here, and the simulated firmware is built", () => {
    ok(hasLua("lua5.1"), "lua5.1 with the bit library is needed: sudo apt-get install -y lua5.1 lua-bitop");
    buildRunner(RUNNER);
  });
  for (const app of appNames()) {
    nodeIt("app '" + app + "', 2 s of virtual time: the same lines on stdout and the same report (self-test: its heap figures aside)", async () => {
      const { bundle, lfs } = await build(app);
      const plain = runLua("lua5.1", RUNNER, [bundle, "--until", "2s"]);
      eq(plain.status, 0, plain.stderr);
      const files = lfs.files.map((f) => DIR + app + "/" + f);
      const fromLfs = runLua("lua5.1", RUNNER, ["--lfs", app, ...files, "--until", "2s"]);
      eq(fromLfs.status, 0, fromLfs.stderr);
      ok(plain.stdout.toString("latin1").indexOf("baton: '" + app + "' booted") === 0, "booted: " + plain.stdout.toString("latin1").split("\n")[0]);
      const a = withoutHeapFigures(plain.stdout);
      const b = withoutHeapFigures(fromLfs.stdout);
      const at = firstDifference(a, b);
      eq(at, -1, at < 0 ? "" : describeDifference(a, b, at));
      eq(fromLfs.stderr, plain.stderr);
    });
  }
  nodeIt("a module left out of the image stops the app with its name: the modules come from node.LFS.get", async () => {
    const { lfs } = await build("demo");
    const files = lfs.files.filter((f) => f !== "kernel_endpoint.lua").map((f) => DIR + "demo/" + f);
    const r = runLua("lua5.1", RUNNER, ["--lfs", "demo", ...files, "--until", "1s"]);
    ok(r.status !== 0, "exit " + r.status);
    ok(r.stderr.indexOf("module 'kernel_endpoint' is not in the Lua Flash Store") >= 0, r.stderr);
  });
});
