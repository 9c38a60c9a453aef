/**
 * `npm run build:espruino -- --board <BOARD> --app <APP> [--out FILE]`:
 * builds one app for one Espruino board into dist/espruino/<APP>-<BOARD>.js
 * and prints its size and whether it fits the board. `--all` builds every
 * app for every board. Unknown names: an error listing the valid ones,
 * exit code 2.
 */
import { appNames } from "../apps/index";
import { boardNames } from "../boards/espruino/index";
import { argOptional, die, hasFlag } from "./args";
import { buildEspruino, describeBuild } from "./espruino/build";

async function main(): Promise<void> {
  if (hasFlag("--all")) {
    for (const b of boardNames()) for (const a of appNames()) console.log(describeBuild(await buildEspruino(b, a)));
    return;
  }
  const board = argOptional("--board");
  const app = argOptional("--app");
  if (board === undefined) die("--board is required; boards: " + boardNames().join(", "));
  if (app === undefined) die("--app is required; apps: " + appNames().join(", "));
  const r = await buildEspruino(board, app, argOptional("--out"));
  console.log(describeBuild(r));
}

main().catch((e: unknown) => die(e instanceof Error ? e.message : String(e)));
