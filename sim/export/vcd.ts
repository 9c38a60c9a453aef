/**
 * A VCD (Value Change Dump, IEEE 1364) file of a simulated run, for
 * waveform viewers (GTKWave, Surfer, PulseView):
 *
 * - `pins`: every pin of the app, from the simulator's `pinChanges`;
 * - `tasks`: one wire per task, 1 while one of its steps runs;
 * - `irqs`: one wire per IRQ, 1 from an edge until the step of the handler
 *   that sees it starts (its latency, as a pulse);
 * - `host`: 1 while the host loop turns or dispatches an event.
 *
 * Feed `VcdRecorder.event` from the simulator's `onEvent` hook; `vcd()`
 * writes the file's text. Time is in µs (`$timescale 1us`).
 */
import { AppDesc, TraceEvent } from "../../kernel/index";
import { HostEvent, PinChange } from "../sim";

interface Change {
  time: number;
  seq: number;
  signal: number;
  value: number;
}

/** VCD identifier of signal n: printable characters from '!' (33) to '~' (126), base 94. */
export function vcdId(n: number): string {
  let s = "";
  let x = n;
  do {
    s = s + String.fromCharCode(33 + (x % 94));
    x = Math.floor(x / 94);
  } while (x > 0);
  return s;
}

/** A name a VCD reader accepts: no spaces. */
function wireName(s: string): string {
  return s.split(" ").join("_");
}

export class VcdRecorder {
  private readonly app: AppDesc;
  private readonly changes: Change[] = [];
  private seq = 0;
  private readonly pinBase: number;
  private readonly taskBase: number;
  private readonly irqBase: number;
  private readonly hostSignal: number;
  private readonly pending: number[] = [];

  constructor(app: AppDesc) {
    this.app = app;
    const pins = app.pins || [];
    const irqs = app.irqs || [];
    this.pinBase = 0;
    this.taskBase = pins.length;
    this.irqBase = this.taskBase + app.tasks.length;
    this.hostSignal = this.irqBase + irqs.length;
    for (let i = 0; i < irqs.length; i++) this.pending.push(0);
  }

  private change(time: number, signal: number, value: number): void {
    this.changes.push({ time: time, seq: this.seq, signal: signal, value: value });
    this.seq++;
  }

  /** The simulator's `onEvent` hook. */
  event(now: number, ev: number, a: number, b: number, c: number, d: number): void {
    if (ev === HostEvent.STEP) {
      this.change(now, this.taskBase + a, 1);
      this.change(now + c, this.taskBase + a, 0);
    } else if (ev === HostEvent.LOOP) {
      this.change(now, this.hostSignal, 1);
      this.change(now + b, this.hostSignal, 0);
    } else if (ev === HostEvent.DISPATCH) {
      this.change(now, this.hostSignal, 1);
      this.change(now + d, this.hostSignal, 0);
    } else if (ev === TraceEvent.IRQ) {
      if (a >= 0 && a < this.pending.length && this.pending[a] === 0) {
        this.pending[a] = 1;
        this.change(b, this.irqBase + a, 1);
      }
    } else if (ev === TraceEvent.IRQ_HANDLED) {
      if (a >= 0 && a < this.pending.length) {
        this.pending[a] = 0;
        this.change(now, this.irqBase + a, 0);
      }
    }
  }

  /** The VCD text: pin levels from `pinChanges` (the simulator's), the rest from the events seen, up to `endUs`. */
  vcd(pinChanges: PinChange[], endUs: number): string {
    for (let k = 0; k < pinChanges.length; k++) this.change(pinChanges[k].time, this.pinBase + pinChanges[k].pin, pinChanges[k].level);
    const pins = this.app.pins || [];
    const irqs = this.app.irqs || [];
    const n = this.hostSignal + 1;
    const out: string[] = [];
    out.push("$version baton simulator $end");
    out.push("$comment app " + this.app.name + "; virtual time $end");
    out.push("$timescale 1us $end");
    out.push("$scope module " + wireName(this.app.name) + " $end");
    out.push("$scope module pins $end");
    for (let p = 0; p < pins.length; p++) out.push("$var wire 1 " + vcdId(this.pinBase + p) + " " + wireName(pins[p]) + " $end");
    out.push("$upscope $end");
    out.push("$scope module tasks $end");
    for (let t = 0; t < this.app.tasks.length; t++) out.push("$var wire 1 " + vcdId(this.taskBase + t) + " " + wireName(this.app.tasks[t].name) + " $end");
    out.push("$upscope $end");
    out.push("$scope module irqs $end");
    for (let i = 0; i < irqs.length; i++) out.push("$var wire 1 " + vcdId(this.irqBase + i) + " " + wireName(irqs[i].name) + "_waiting $end");
    out.push("$upscope $end");
    out.push("$var wire 1 " + vcdId(this.hostSignal) + " host_busy $end");
    out.push("$upscope $end");
    out.push("$enddefinitions $end");
    out.push("#0");
    out.push("$dumpvars");
    for (let s = 0; s < n; s++) out.push("0" + vcdId(s));
    out.push("$end");
    const ch: Change[] = [];
    for (let k = 0; k < this.changes.length; k++) if (this.changes[k].time <= endUs) ch.push(this.changes[k]);
    ch.sort((x, y) => (x.time !== y.time ? x.time - y.time : x.seq - y.seq));
    const level: number[] = [];
    for (let s = 0; s < n; s++) level.push(0);
    let k = 0;
    while (k < ch.length) {
      const t = ch[k].time;
      // Within one instant, the last change of a signal wins (a step that starts where another ends).
      const last: number[] = [];
      for (let s = 0; s < n; s++) last.push(-1);
      let j = k;
      while (j < ch.length && ch[j].time === t) {
        last[ch[j].signal] = ch[j].value;
        j++;
      }
      const lines: string[] = [];
      for (let s = 0; s < n; s++) {
        if (last[s] >= 0 && last[s] !== level[s]) {
          level[s] = last[s];
          lines.push(last[s] + vcdId(s));
        }
      }
      if (lines.length > 0) {
        out.push("#" + t);
        for (let m = 0; m < lines.length; m++) out.push(lines[m]);
      }
      k = j;
    }
    out.push("#" + endUs);
    return out.join("\n") + "\n";
  }
}
