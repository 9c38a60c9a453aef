/**
 * `baton build --target espruino [--app <APP> | --all] [--board <BOARD>] [--out FILE]`:
 * builds one app for one Espruino board into dist/espruino/<APP>-<BOARD>.js
 * and prints its size and whether it fits the board; `--all` builds every
 * app for every board (or for `--board` when given). The options are parsed
 * and checked (unknown names: an error listing the valid ones, exit code 2)
 * by tools/cli.ts.
 */
import { buildEspruino, describeBuild } from "./espruino/build";

export interface EspruinoBuild {
  apps: string[];
  boards: string[];
  /** The bundle's file, for one app on one board. */
  out?: string;
}

/** Builds every app of `o.apps` for every board of `o.boards` and prints each bundle's size and fit. */
export async function buildEspruinoCommand(o: EspruinoBuild): Promise<void> {
  for (const b of o.boards) for (const a of o.apps) console.log(describeBuild(await buildEspruino(b, a, o.out)));
}
