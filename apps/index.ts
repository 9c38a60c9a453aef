/** Every app in `apps/`, by name (the build, the simulator and the tests iterate over it). */
import { AppDesc } from "../kernel/index";
import { demo } from "./demo/app";
import { selftest } from "./selftest/app";
import { latency } from "./latency/app";
import { adder } from "./adder/app";

export const APPS: AppDesc[] = [demo, selftest, latency, adder];

export function findApp(name: string): AppDesc | undefined {
  for (let i = 0; i < APPS.length; i++) if (APPS[i].name === name) return APPS[i];
  return undefined;
}

export function appNames(): string[] {
  const out: string[] = [];
  for (let i = 0; i < APPS.length; i++) out.push(APPS[i].name);
  return out;
}
