/**
 * `--profile` for the tools: a built-in profile's name (sim/profiles.ts), or
 * `file:<path>` for a profile file (JSON, as `npm run calibrate` writes to
 * out/profiles/<name>.json; see `profileFromJson`). A bare path ending in
 * `.json` is taken as a file too.
 */
import { readFileSync } from "node:fs";
import { CostProfile, PROFILES, findProfile, profileFromJson } from "../sim/profiles";

/** The profile `spec` names; throws an Error listing the profiles when it names none. */
export function resolveProfile(spec: string): CostProfile {
  const isFile = spec.startsWith("file:") || spec.endsWith(".json");
  if (isFile) {
    const path = spec.startsWith("file:") ? spec.slice(5) : spec;
    let text = "";
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new Error("cannot read profile file " + path + ": " + (e as Error).message);
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new Error("profile file " + path + " is not JSON: " + (e as Error).message);
    }
    return profileFromJson(obj, path);
  }
  const p = findProfile(spec);
  if (p === undefined) throw new Error("unknown profile '" + spec + "'; profiles: " + PROFILES.map((x) => x.name).join(", ") + ", or file:<path> of a profile file");
  return p;
}
