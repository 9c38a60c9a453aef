/**
 * `baton build --watch`: builds, then builds again each time a file under
 * the source folders (tools/build-cache.ts `SOURCE_DIRS`) or one of the
 * project's configuration files changes, until Ctrl-C. Each build is
 * `baton build` with the same arguments in a fresh process (an app's
 * description is a module: only a new process reads it as edited), and
 * takes from the build cache what the change left as it was.
 */
import { ChildProcess, spawn } from "node:child_process";
import { FSWatcher, existsSync, watch } from "node:fs";
import { join } from "node:path";
import { ROOT, ROOT_FILES, SOURCE_DIRS } from "./build-cache";

/** Quiet time after a change before building (an editor writes a file in several steps). */
const SETTLE_MS = 200;

/** Runs `baton build ARGS` on every change of the sources; returns when stopped (SIGINT, SIGTERM). */
export function watchBuild(args: string[]): Promise<number> {
  return new Promise((stopped) => {
    let child: ChildProcess | undefined = undefined;
    let again = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    const build = (): void => {
      if (child !== undefined) {
        again = true;
        return;
      }
      const c = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tools/cli.ts"), "build", ...args], { cwd: ROOT, stdio: "inherit" });
      child = c;
      c.on("close", (code) => {
        child = undefined;
        console.log("baton build --watch: " + (code === 0 ? "built" : "the build failed (exit code " + code + ")") + "; waiting for a change (Ctrl-C stops)");
        if (again) {
          again = false;
          build();
        }
      });
    };
    const changed = (what: string): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        console.log("baton build --watch: " + what + " changed");
        build();
      }, SETTLE_MS);
    };
    const watchers: FSWatcher[] = [];
    for (const d of SOURCE_DIRS) {
      if (existsSync(join(ROOT, d))) watchers.push(watch(join(ROOT, d), { recursive: true }, (_e, f) => changed(d + "/" + (f !== null ? String(f) : ""))));
    }
    for (const f of ROOT_FILES) if (existsSync(join(ROOT, f))) watchers.push(watch(join(ROOT, f), () => changed(f)));
    const stop = (): void => {
      for (const w of watchers) w.close();
      if (timer !== undefined) clearTimeout(timer);
      if (child !== undefined) child.kill("SIGTERM");
      stopped(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    build();
  });
}
