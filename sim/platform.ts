/**
 * The simulator as a host of `drivers/platform.ts`'s services, so that apps
 * written for boards (apps/latency, apps/selftest) run in it unchanged and
 * print what they print on a board:
 *
 * - `micros`: the virtual clock; `log`: a sink the caller gives;
 * - `softEdge`: stamped now, raised from the next host turn (as the
 *   Espruino host does from a `setTimeout(.., 0)`);
 * - `rawProbe`: the software flavour of the Espruino host's probe: every
 *   2 ms a stamp, then a host callback one loop turn (`sliceUs`) later
 *   takes the sample; at the end the notification is signalled;
 * - no loopback wire, no memory figure; `quit` stops `runApp`.
 */
import { raiseIrq, signalFromHost } from "../kernel/index";
import { setPlatform } from "../drivers/platform";
import { CostProfile } from "./profiles";
import { Sim } from "./sim";

interface Probe {
  samples: number[];
  n: number;
  k: number;
  ntfn: number;
  bits: number;
  stamp: number;
}

/** Runs `app` on the simulator with these services until it quits or `limitUs` of virtual time pass; returns its log lines. */
export function runApp(app: Parameters<typeof newSim>[0], profile: CostProfile, limitUs: number): string[] {
  const lines: string[] = [];
  const holder: { sim: Sim | undefined; quit: boolean } = { sim: undefined, quit: false };
  const probe: Probe = { samples: [], n: 0, k: 0, ntfn: -1, bits: 0, stamp: 0 };
  const now = (): number => (holder.sim !== undefined ? holder.sim.now : 0);
  const probeStart = (): void => {
    const s = holder.sim as Sim;
    probe.stamp = s.now;
    s.at(s.now + profile.sliceUs, probeFire);
  };
  const probeFire = (): void => {
    const s = holder.sim as Sim;
    probe.samples[probe.k] = s.now - probe.stamp;
    probe.k++;
    if (probe.k < probe.n) s.at(s.now + 2000, probeStart);
    else signalFromHost(probe.ntfn, probe.bits);
  };
  setPlatform({
    log: (line: string) => {
      lines.push(line);
    },
    micros: () => now() | 0,
    memoryUsed: () => -1,
    quit: () => {
      holder.quit = true;
    },
    softEdge: (irq: number, count: number) => {
      const s = holder.sim as Sim;
      const stamp = s.now | 0;
      s.at(s.now, () => {
        for (let k = 0; k < count; k++) raiseIrq(irq, stamp);
      });
    },
    activeLevel: (_pin: number) => 1,
    loopWired: () => false,
    rawProbe: (samples: number[], n: number, ntfn: number, bits: number) => {
      const s = holder.sim as Sim;
      probe.samples = samples;
      probe.n = n;
      probe.k = 0;
      probe.ntfn = ntfn;
      probe.bits = bits;
      s.at(s.now + 2000, probeStart);
      return 0;
    },
  });
  const sim = newSim(app, profile);
  holder.sim = sim;
  while (!holder.quit && sim.now < limitUs && sim.deadlock === undefined) sim.runFor(100000);
  return lines;
}

function newSim(app: ConstructorParameters<typeof Sim>[0], profile: CostProfile): Sim {
  return new Sim(app, { profile: profile, check: false, platform: false });
}
