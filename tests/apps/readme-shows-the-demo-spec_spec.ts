/**
 * The README's "Testing your app" section shows the demo's button -> LED
 * spec (tests/apps/demo-button-led_spec.ts), which `npm test` runs: the
 * block shown is that file, line for line, so what a reader copies is what
 * is tested.
 */
import { readFileSync } from "node:fs";
import { describe, eq, it, ok } from "#spec";

describe("the README's demo spec", () => {
  it("is tests/apps/demo-button-led_spec.ts, line for line", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.indexOf("## Testing your app");
    ok(section >= 0, "the README has a Testing your app section");
    const start = readme.indexOf("```ts\n", section);
    const end = readme.indexOf("\n```", start + 6);
    const shown = readme.slice(start + 6, end).trimEnd();
    const file = readFileSync("tests/apps/demo-button-led_spec.ts", "utf8").trimEnd();
    eq(shown, file);
  });
});
