#!/usr/bin/env node
// The `baton` command (the package's `bin`): runs tools/cli.ts, which is
// TypeScript, under Node with tsx, from whatever folder it is started in.
// The command runs in the project's root folder, where tsconfig.json gives
// the path aliases (#port, #hooks); BATON_CWD tells it the caller's folder,
// from which it takes the paths given on the command line.
// Plain JavaScript with no dependencies but tsx itself.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(root + "node_modules/tsx")) {
  console.error("baton: the npm packages are not installed: run `npm ci` in " + root);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", root + "tools/cli.ts", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, BATON_CWD: process.cwd() },
});
if (r.error !== undefined) {
  console.error("baton: " + r.error.message);
  process.exit(1);
}
process.exit(r.status !== null ? r.status : 128 + 2);
