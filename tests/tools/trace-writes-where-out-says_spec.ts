/**
 * `baton trace --out FILE` writes the picture where FILE says, and leaves
 * the documentation's tracked picture (docs/trace.svg) alone; without
 * `--out` it writes out/trace/<app>.svg.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demo } from "../../apps/demo/app";
import { ROOT, main } from "../../tools/cli";
import { describe, eq, it, ok } from "#spec";

describe("baton trace --out writes the picture where it says", () => {
  it("the SVG goes to --out and docs/trace.svg is unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-trace-"));
    const docs = readFileSync(join(ROOT, "docs/trace.svg"), "utf8");
    try {
      const out = join(dir, "pictures", "press.svg");
      const code = await main(["trace", "--app", demo.name, "--from", "249.8ms", "--to", "251ms", "--svg-only", "--out", out], { out: () => {}, err: () => {}, cwd: ROOT });
      eq(code, 0);
      ok(existsSync(out), out);
      ok(readFileSync(out, "utf8").indexOf("<svg") >= 0, "an SVG in " + out);
      ok(!existsSync(join(dir, "pictures", "press.png")), "no PNG with --svg-only");
      eq(readFileSync(join(ROOT, "docs/trace.svg"), "utf8"), docs, "docs/trace.svg unchanged");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without --out the SVG goes to out/trace/<app>.svg", async () => {
    const file = join(ROOT, "out/trace/" + demo.name + ".svg");
    rmSync(file, { force: true });
    const code = await main(["trace", "--app", demo.name, "--from", "249.8ms", "--to", "251ms", "--svg-only"], { out: () => {}, err: () => {}, cwd: ROOT });
    eq(code, 0);
    ok(existsSync(file), file);
  });
});
