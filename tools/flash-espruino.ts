/**
 * `baton flash --board <BOARD> --port <PORT> [--app <APP>] [--save | --ram] [--baud <N>]`
 * builds the app (default `demo`) for the board and uploads it with the
 * espruino CLI (always `--no-ble`). PORT is a serial device (/dev/ttyACM0)
 * or `tcp://host:port`. `--save` keeps the code across resets (the CLI's
 * `SAVE_ON_SEND=1`: written to flash and run from there at every boot).
 *
 * When the bundle does not fit in RAM but fits saved to flash, the upload
 * saves it (and says so); `--ram` insists on a RAM upload.
 *
 * `--out FILE` instead of `--port` writes exactly what the upload would send
 * (tools/espruino/flash.ts) and touches no board.
 *
 * The app is checked first (`baton check`, tools/check.ts): a problem
 * refuses the upload (exit code 1).
 *
 * Errors (exit code 2): an unknown board or app (the valid names are
 * listed), no port and no --out, a Bluetooth address, a bundle larger than
 * the board can hold in the chosen mode. The options are parsed and checked
 * by tools/cli.ts.
 */
import { writeFileSync } from "node:fs";
import { UsageError, die } from "./args";
import { boardOrThrow, buildEspruino, describeBuild } from "./espruino/build";
import { cliArgs, portKind, runCli, uploadText } from "./espruino/flash";

export interface Flash {
  board: string;
  app: string;
  /** A serial device or tcp://host:port. */
  port?: string;
  /** Write what the upload would send to this file instead. */
  out?: string;
  save: boolean;
  ram: boolean;
  baud?: number;
  /** Checks the app first (`baton check`): false, after printing its problems, refuses the upload. */
  check?: (apps: string[]) => Promise<boolean>;
}

/** Builds `o.app` for `o.board` and uploads it (or writes the upload to `o.out`); returns the exit code. */
export async function flashCommand(o: Flash): Promise<number> {
  const board = boardOrThrow(o.board);
  const app = o.app;
  const port = o.port;
  const out = o.out;
  let save = o.save;
  if (port === undefined && out === undefined) {
    throw new UsageError("--port is required (a serial device such as /dev/ttyACM0, or tcp://host:port), or --out FILE to write the upload without a board");
  }
  if (save && o.ram) throw new UsageError("--save and --ram: give one of them");
  if (port !== undefined && portKind(port) === "ble") {
    throw new UsageError("--port: '" + port + "' is a Bluetooth address, and this tool runs the espruino CLI with --no-ble: use a serial port, tcp://host:port, or --out FILE and the Web IDE");
  }
  if (o.check !== undefined && !(await o.check([app]))) return 1;
  const r = await buildEspruino(board.name, app);
  console.log(describeBuild(r));
  if (!save && !r.fit.ram && r.fit.save && !o.ram) {
    // The code does not fit in RAM but does run from flash: upload it that way, and say so.
    save = true;
    console.log("note: a RAM upload needs about " + r.fit.peakVars + " variables and " + board.title + " has " + board.vars + ": saving to flash instead, as with --save (--ram insists)");
  }
  if (save ? !r.fit.save : !r.fit.ram) {
    die(
      "the " + app + " bundle (" + r.bytes + " bytes) is too large for " + board.title +
      (save
        ? ": saved code needs about " + r.fit.savedVars + " variables and " + r.bytes + " bytes of flash; the board has " + board.vars + " variables and " + board.storageBytes + " bytes"
        : ": a RAM upload needs about " + r.fit.peakVars + " variables, the board has " + board.vars + (r.fit.save ? " (try --save: the code then runs from flash)" : "")),
    );
  }
  if (out !== undefined) {
    const text = await uploadText(r.code, board, save);
    writeFileSync(out, text, "latin1");
    console.log("wrote " + out + ": " + Buffer.byteLength(text, "latin1") + " bytes, what the upload sends" + (save ? " (saved to flash)" : ""));
    return 0;
  }
  const args = cliArgs(port as string, r.file, save, o.baud !== undefined ? String(o.baud) : undefined);
  console.log("espruino " + args.join(" "));
  const code = await runCli(args);
  if (code !== 0) die("the espruino CLI failed (exit code " + code + ")");
  return 0;
}
