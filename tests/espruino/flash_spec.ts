/**
 * `baton flash`: clear errors for an unknown board, a missing port, a
 * Bluetooth address and a bundle too large for the board; `--out` writes
 * exactly what the espruino CLI would send (its reset / print framing, and
 * with `--save` the Storage writes and `load()`).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, eq, it, ok } from "#spec";
import { ROOT } from "../../tools/espruino/build";
import { cliArgs, portKind } from "../../tools/espruino/flash";

function flash(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/baton.mjs"), "flash"].concat(args), { encoding: "latin1", cwd: ROOT, timeout: 120000 });
  return { code: r.status === null ? -1 : r.status, out: (r.stdout || "") + (r.stderr || "") };
}

describe("baton flash", () => {
  it("refuses an unknown board and lists the boards", () => {
    const r = flash(["--board", "NOPE", "--port", "/dev/null"]);
    ok(r.code !== 0, "exit code");
    ok(/unknown board 'NOPE'; boards: PICO, PUCKJS, MDBT42Q, BANGLEJS2, ESPRUINOWIFI, ESP32, LINUX/.test(r.out), r.out);
  });

  it("refuses an unknown app and lists the apps", () => {
    const r = flash(["--board", "PICO", "--app", "nope", "--port", "/dev/null"]);
    ok(r.code !== 0, "exit code");
    ok(/unknown app 'nope'; apps: demo/.test(r.out), r.out);
  });

  it("asks for a port (or --out) when none is given", () => {
    const r = flash(["--board", "PICO"]);
    ok(r.code !== 0, "exit code");
    ok(/--port is required .*--out FILE/.test(r.out), r.out);
  });

  it("refuses a Bluetooth address: the CLI runs with --no-ble", () => {
    const r = flash(["--board", "PUCKJS", "--port", "c7:0a:3b:4e:9f:01"]);
    ok(r.code !== 0, "exit code");
    ok(/Bluetooth address/.test(r.out), r.out);
  });

  it("refuses a bundle too large for the board", () => {
    const r = flash(["--board", "PUCKJS", "--app", "selftest", "--port", "/dev/null"]);
    ok(r.code !== 0, "exit code");
    ok(/too large for Puck\.js/.test(r.out), r.out);
  });

  it("saves to flash, and says so, a bundle that fits only there (the self-test on a Pico); --ram refuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-flash-"));
    const file = join(dir, "pico.txt");
    const r = flash(["--board", "PICO", "--app", "selftest", "--out", file]);
    eq(r.code, 0, r.out);
    ok(/saving to flash instead/.test(r.out), r.out);
    ok(readFileSync(file, "latin1").indexOf('require("Storage").write(') >= 0, "written to Storage");
    ok(flash(["--board", "PICO", "--app", "selftest", "--ram", "--out", file]).code !== 0, "--ram insists");
  });

  it("writes what the upload sends with --out, framed as the CLI frames it", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-flash-"));
    const ram = join(dir, "ram.txt");
    const r = flash(["--board", "LINUX", "--app", "demo", "--out", ram]);
    eq(r.code, 0, r.out);
    const text = readFileSync(ram, "latin1");
    ok(text.startsWith("\x10reset();\n\x10print()\n\x10"), JSON.stringify(text.slice(0, 40)));
    ok(text.endsWith("\n\n"), "ends with two newlines");
    const bundle = readFileSync(join(ROOT, "dist/espruino/demo-LINUX.js"), "utf8");
    // Each line of the bundle (a top-level statement), as the CLI frames it: its line number from the second on.
    const lines = bundle.split("\n").filter((l) => l !== "");
    ok(lines.length > 10, lines.length + " lines");
    lines.forEach((l, i) => ok(text.indexOf("\x10" + (i > 0 ? "\x1b[" + (i + 1) + "d" : "") + l + "\n") >= 0, "carries line " + (i + 1) + " of the bundle"));
    const saved = join(dir, "save.txt");
    eq(flash(["--board", "LINUX", "--app", "demo", "--save", "--out", saved]).code, 0);
    const s = readFileSync(saved, "latin1");
    ok(s.indexOf('require("Storage").write(".bootcde",') >= 0, "writes .bootcde");
    ok(/\n\x10?load\(\)\n+$/.test(s), "loads it");
  });

  it("names ports and builds the CLI's arguments", () => {
    eq(portKind("/dev/ttyACM0"), "serial");
    eq(portKind("tcp://192.168.1.50:23"), "tcp");
    eq(portKind("c7:0a:3b:4e:9f:01 random"), "ble");
    eq(cliArgs("/dev/ttyACM0", "x.js", true, "115200").join(" "), "--no-ble -p /dev/ttyACM0 -b 115200 --config SAVE_ON_SEND=1 x.js");
    eq(cliArgs("tcp://h:23", "x.js", false, undefined).join(" "), "--no-ble -p tcp://h:23 x.js");
  });
});
