/**
 * Helpers for specs: scripted tasks, and a simulator (or the test kit,
 * sim/testing.ts) with the invariant checker on after every step.
 *
 * A scripted task runs one action per step; each action issues exactly one
 * syscall. Before running the next action it records what the previous
 * syscall left in its registers (status, kind, sender, label, words) and the
 * tick and µs at which the step ran. After its last action it parks (sleeps
 * as long as a timeout can be).
 */
import { AppDesc, MAX_TIMEOUT, Task, sys } from "../../kernel/index";
import { Sim, SimOptions } from "../../sim/sim";
import { KitOptions, Simulation, bootApp } from "../../sim/testing";

export interface Rec {
  status: number;
  kind: number;
  sender: number;
  label: number;
  w1: number;
  w2: number;
  w3: number;
  /** Tick and µs at which the step that saw this result started. */
  tick: number;
  us: number;
}

export type Action = (t: Task<Script>) => void;

export class Script {
  recs: Rec[] = [];
  actions: Action[];
  next = 0;
  sim: Sim | undefined = undefined;
  constructor(actions: Action[]) {
    this.actions = actions;
  }
}

/** Global clock reader for scripts (set by `simulate`). */
let clock: Sim | undefined = undefined;

export function scriptStep(t: Task<Script>): void {
  const s = t.state;
  if (s.next > 0) {
    s.recs.push({
      status: t.status, kind: t.kind, sender: t.sender, label: t.label, w1: t.w1, w2: t.w2, w3: t.w3,
      tick: clock !== undefined ? clock.ticks() : 0, us: clock !== undefined ? clock.now : 0,
    });
  }
  if (s.next < s.actions.length) {
    const a = s.actions[s.next];
    s.next++;
    a(t);
    return;
  }
  s.next++;
  sys.sleep(MAX_TIMEOUT);
}

/** A task description running `actions`, one per step. */
export function scripted(name: string, priority: number, actions: Action[], rights?: AppDesc["tasks"][0]["rights"]): AppDesc["tasks"][0] {
  return { name: name, priority: priority, step: scriptStep, state: new Script(actions), rights: rights };
}

/** The script state of task `name` in `app`. */
export function script(app: AppDesc, name: string): Script {
  for (let i = 0; i < app.tasks.length; i++) if (app.tasks[i].name === name) return app.tasks[i].state as Script;
  throw new Error("no task " + name);
}

/** The results task `name` recorded. */
export function recs(app: AppDesc, name: string): Rec[] {
  return script(app, name).recs;
}

/** Boots `app` in a simulator with the invariant checker after every step. */
export function simulate(app: AppDesc, options?: SimOptions): Sim {
  const o: SimOptions = options !== undefined ? options : {};
  o.check = true;
  const s = new Sim(app, o);
  clock = s;
  return s;
}

/** Boots `app` with the test kit (sim/testing.ts), the invariant checker on; scripts record its clock. */
export function bootScripted(app: AppDesc, options?: KitOptions): Simulation {
  const s = bootApp(app, options);
  clock = s.simulator();
  return s;
}

/** Runs `sim` until nothing is ready (at most 10 virtual seconds). */
export function settle(sim: Sim): void {
  sim.runUntilIdle(10000000);
}
