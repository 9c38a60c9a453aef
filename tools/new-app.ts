/**
 * `baton new <name>`: starts an app. Writes `apps/<name>/app.ts` (one task
 * that blinks LED1, commented for a first read), registers it in
 * `apps/index.ts`, and writes its first spec, `tests/apps/<name>_spec.ts`,
 * which runs it in the simulator. From then on `baton sim --app <name>`
 * runs it, `baton build` builds it for every board, and `npm test` runs
 * its spec (under Node and, compiled, under busted) with every other.
 *
 * The name becomes a folder, a file and a TypeScript identifier: lowercase
 * letters and digits, starting with a letter, at most 24 characters, not a
 * word JavaScript or Lua reserves, and no app's already (`UsageError`, exit
 * code 2, otherwise).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "./args";

/** Words a name may not be: reserved in JavaScript or Lua, or taken by what the new files import. */
const RESERVED = [
  "and", "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "elseif", "end", "enum", "eval", "export", "extends", "false", "finally", "for", "function", "goto", "if", "implements", "import",
  "in", "infinity", "instanceof", "interface", "let", "local", "nan", "new", "nil", "not", "null", "or", "package", "private",
  "protected", "public", "repeat", "return", "static", "super", "switch", "then", "this", "throw", "true", "try", "typeof",
  "undefined", "until", "var", "void", "while", "with", "yield",
  // Lua's and NodeMCU's globals, which a module-level name of that spelling would hide.
  "assert", "bit", "collectgarbage", "coroutine", "debug", "dofile", "error", "file", "getfenv", "getmetatable", "gpio", "io",
  "ipairs", "load", "loadfile", "loadstring", "math", "module", "next", "node", "os", "pairs", "pcall", "print", "rawequal",
  "rawget", "rawset", "require", "select", "self", "setfenv", "setmetatable", "string", "table", "tmr", "tonumber", "tostring",
  "type", "uart", "unpack", "xpcall",
  // What the new files import.
  "app", "sys",
];

/** Why `name` cannot be a new app's name in the project at `root`, or undefined when it can. */
export function badAppName(name: string, root: string, taken: string[]): string | undefined {
  if (!/^[a-z][a-z0-9]*$/.test(name)) return "bad app name '" + name + "': use lowercase letters and digits, starting with a letter (it becomes a folder and a TypeScript name)";
  if (name.length > 24) return "bad app name '" + name + "': at most 24 characters";
  if (RESERVED.indexOf(name) >= 0) return "bad app name '" + name + "': a word JavaScript or Lua reserves, or one the new files use";
  if (taken.indexOf(name) >= 0) return "there is an app '" + name + "' already (apps/index.ts)";
  if (existsSync(join(root, "apps", name))) return "apps/" + name + " exists already";
  if (existsSync(join(root, "tests/apps", name + "_spec.ts"))) return "tests/apps/" + name + "_spec.ts exists already";
  return undefined;
}

function appSource(name: string): string {
  return `/**
 * ${name}: one task that blinks the LED.
 *
 * An app is a typed literal (the AppDesc at the end): its tasks, and the
 * endpoints, notifications, IRQs and pins they use. The kernel sizes its
 * tables from it at boot and allocates nothing after.
 *
 * A task is a name, a priority (0 is the most important), a \`step\`
 * function and its own \`state\`. Each step ends by issuing exactly one
 * syscall (\`sys.*\`), its last action; the kernel runs the step again when
 * that syscall completes. Here the one task, \`blink\`, flips LED1 and sleeps
 * for HALF_PERIOD ticks, forever.
 *
 * Try it: \`npx baton sim --app ${name} --until 2s\`; its spec is
 * tests/apps/${name}_spec.ts. The README's "Writing a task" tells the rest:
 * IPC between tasks, notifications, IRQs, drivers.
 */
import { AppDesc, Task, pinId, pinWrite, sys } from "../../kernel/index";

/** Half of the blink's period, in ticks (a tick is 1 ms unless the board says otherwise). */
export const HALF_PERIOD = 250;

/** What the task keeps between its steps. Made once, at boot: a step must not allocate. */
export interface BlinkState {
  /** LED1's pin id (its index in the app's \`pins\`). */
  pin: number;
  /** The level last written: 0 or 1. */
  level: number;
  /** Times the LED has changed. */
  toggles: number;
}

// Runs at boot, and again when a supervisor restarts the task: a fresh start.
// It may set up state; it must not issue a syscall.
function blinkInit(t: Task<BlinkState>): void {
  t.state.pin = pinId("LED1");
  t.state.level = 0;
  t.state.toggles = 0;
  pinWrite(t.state.pin, 0);
}

// One step: flip the LED, then sleep. The syscall is the step's last action
// (\`return sys...\`); a step that issues none, or two, or throws, faults its task.
function blinkStep(t: Task<BlinkState>): void {
  const s = t.state;
  s.level = 1 - s.level;
  s.toggles = (s.toggles + 1) | 0;
  pinWrite(s.pin, s.level);
  return sys.sleep(HALF_PERIOD);
}

export const ${name}: AppDesc = {
  name: "${name}",
  tasks: [{ name: "blink", priority: 1, step: blinkStep, init: blinkInit, state: { pin: -1, level: 0, toggles: 0 } }],
  pins: ["LED1"],
};
`;
}

function specSource(name: string): string {
  return `/**
 * ${name}: the blink task drives LED1 high and low, HALF_PERIOD ticks apart.
 * Boots the app in the simulator with the test kit (sim/testing.ts: times
 * in µs or with a unit, "5ms"), runs it and reads the pin and the task's
 * state. Runs under Node and, compiled, under busted.
 */
import { BlinkState, HALF_PERIOD, ${name} as app } from "../../apps/${name}/app";
import { TaskState, bootApp } from "../../sim/testing";
import { describe, eq, it } from "#spec";

describe("${name}: LED1 changes level every HALF_PERIOD ticks", () => {
  it("goes to 1, 0, 1, 0 at 0, 1, 2 and 3 half periods, the task sleeping in between", () => {
    const sim = bootApp(app);
    sim.runUntil(4 * HALF_PERIOD * sim.tickUs - 1);
    const changes = sim.pinChanges("LED1");
    eq(changes.length, 4, "changes in four half periods");
    for (let i = 0; i < changes.length; i++) {
      eq(changes[i].level, i % 2 === 0 ? 1 : 0, "level of change " + i);
      eq(Math.floor(changes[i].time / sim.tickUs), i * HALF_PERIOD, "tick of change " + i);
    }
    eq(sim.data<BlinkState>("blink").toggles, 4);
    eq(sim.task("blink").state, TaskState.SLEEPING);
  });
});
`;
}

/** Adds `import { name } from "./name/app";` and `name` in APPS to apps/index.ts's text. */
export function registerApp(index: string, name: string): string {
  const lines = index.split("\n");
  let lastImport = -1;
  for (let i = 0; i < lines.length; i++) if (/^import \{ \w+ \} from "\.\/\w+\/app";$/.test(lines[i])) lastImport = i;
  const list = /^(export const APPS: AppDesc\[\] = \[)([^\]]*)(\];)$/m;
  if (lastImport < 0 || !list.test(index)) throw new Error("apps/index.ts does not have the shape baton new expects (app imports, then `export const APPS: AppDesc[] = [...];`): register '" + name + "' by hand");
  lines.splice(lastImport + 1, 0, 'import { ' + name + ' } from "./' + name + '/app";');
  return lines.join("\n").replace(list, (_m, open: string, items: string, close: string) => open + (items.trim() === "" ? name : items.replace(/\s*$/, "") + ", " + name) + close);
}

/** Writes the new app, its registration and its spec under `root`; returns the files written or changed. */
export function newApp(name: string, root: string, taken: string[]): string[] {
  const bad = badAppName(name, root, taken);
  if (bad !== undefined) throw new UsageError(bad);
  const indexFile = join(root, "apps/index.ts");
  const index = registerApp(readFileSync(indexFile, "utf8"), name);
  mkdirSync(join(root, "apps", name), { recursive: true });
  writeFileSync(join(root, "apps", name, "app.ts"), appSource(name));
  mkdirSync(join(root, "tests/apps"), { recursive: true });
  writeFileSync(join(root, "tests/apps", name + "_spec.ts"), specSource(name));
  writeFileSync(indexFile, index);
  return ["apps/" + name + "/app.ts", "apps/index.ts", "tests/apps/" + name + "_spec.ts"];
}
