/**
 * Uploading a bundle with the `espruino` CLI (node_modules/.bin/espruino),
 * and writing exactly what such an upload sends, without a board.
 *
 * The upload runs `espruino --no-ble -p PORT [-b BAUD] [--config
 * SAVE_ON_SEND=1] FILE`. It does not pass `--board`: the CLI then reads the
 * firmware's `process.env` on connect, which it needs to choose how to save
 * (a 2v29 board gets Storage `.bootcde` writes; without the version it would
 * fall back to `E.setBootCode`).
 *
 * The CLI's own `-o` is not faithful: it forces `SAVE_ON_SEND` off and skips
 * the framing `writeToEspruino` adds. `uploadText` runs the CLI's own code
 * instead (its `transformForEspruino` processors with the same config, then
 * `reformatCode` and the `reset()` / `print()` prefix), for a board that
 * reports firmware 2v29. The only bytes it leaves out are the Ctrl-C the
 * CLI may send first to get a prompt.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { EspruinoBoard } from "../../boards/espruino/index";
import { ROOT } from "./build";

/** The firmware the `--out` text is written for. */
export const FIRMWARE = { VERSION: "2v29", VERSION_MAJOR: 2, VERSION_MINOR: 29 };

export const CLI = join(ROOT, "node_modules/.bin/espruino");

/** What a port argument names: a serial device, a TCP address, or a Bluetooth address (not usable with --no-ble). */
export function portKind(port: string): "serial" | "tcp" | "ble" {
  if (/^tcp:\/\/[^\s:/]+(:\d+)?$/.test(port)) return "tcp";
  if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}( [a-z]+)?$/i.test(port)) return "ble";
  return "serial";
}

/** The arguments of the CLI for an upload of `file`. */
export function cliArgs(port: string, file: string, save: boolean, baud: string | undefined): string[] {
  const args = ["--no-ble", "-p", port];
  if (baud !== undefined) args.push("-b", baud);
  if (save) args.push("--config", "SAVE_ON_SEND=1");
  args.push(file);
  return args;
}

/** Runs the CLI; resolves with its exit code. Its output goes to ours. */
export function runCli(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code === null ? 1 : code));
  });
}

interface EspruinoTools {
  Config: Record<string, unknown>;
  Core: {
    Env: { getData(): Record<string, unknown> };
    CodeWriter: { reformatCode(code: string): string | undefined };
  };
  callProcessor(name: string, data: string, callback: (out: string) => void): void;
}

let tools: EspruinoTools | undefined = undefined;

/** Loads the CLI's code (quietly: it logs every file it loads). */
function loadTools(): Promise<EspruinoTools> {
  if (tools !== undefined) return Promise.resolve(tools);
  const require = createRequire(import.meta.url);
  const lib = require("espruino") as { init(cb: () => void): void };
  const log = console.log;
  const warn = console.warn;
  return new Promise((resolve) => {
    console.log = () => {};
    console.warn = () => {};
    lib.init(() => {
      console.log = log;
      console.warn = warn;
      tools = (globalThis as unknown as { Espruino: EspruinoTools }).Espruino;
      resolve(tools);
    });
  });
}

/**
 * Exactly the text an upload of `code` to `board` sends (see the module
 * comment), as a latin1 string (the CLI sends it byte for byte).
 */
export async function uploadText(code: string, board: EspruinoBoard, save: boolean): Promise<string> {
  const E = await loadTools();
  E.Config.SAVE_ON_SEND = save ? 1 : 0;
  E.Config.RESET_BEFORE_SEND = true;
  E.Config.SET_TIME_ON_WRITE = false;
  const env = E.Core.Env.getData();
  for (const k of Object.keys(FIRMWARE)) env[k] = (FIRMWARE as Record<string, unknown>)[k];
  env.BOARD = board.name;
  const log = console.log;
  console.log = () => {};
  let out: string;
  try {
    out = await new Promise<string>((resolve) => E.callProcessor("transformForEspruino", code, resolve));
  } finally {
    console.log = log;
  }
  let text = E.Core.CodeWriter.reformatCode(out);
  if (text === undefined) throw new Error("the espruino CLI could not lay out the bundle (unbalanced brackets?)");
  while (text[text.length - 2] !== "\n" || text[text.length - 1] !== "\n") text += "\n";
  text = "\x10print()\n" + text;
  if (E.Config.RESET_BEFORE_SEND) text = "\x10reset();\n" + text;
  return text;
}
