/**
 * `baton mutate [--runs N] [--only NAME] [--list]`: the mutation check.
 * Run it before resolving any change to kernel/: each mutation below is a
 * small change to the kernel's behaviour that a reviewer could make by
 * mistake; the differential test against the reference model
 * (tests/lib/lockstep.ts) must catch every one.
 *
 * For each mutation it copies the project (less node_modules, which it
 * links, .git, dist and out) to a temporary folder, applies the change to
 * the copy's kernel/ (the text must occur exactly once), and runs the
 * differential test there: under Node (`baton soak`, fast-check systems)
 * and, for mutations that only show on Lua, under
 * lua5.1 (`dist/lua/diff.lua`, built in the copy). A mutation is caught
 * when the run reports a difference from the model or a broken kernel
 * invariant; a run that fails any other way (the copy does not compile, a
 * crash) is reported as broken, not as caught. Prints `N of N mutations
 * caught` and names every survivor; exits 1 unless all are caught.
 * A check to run by hand, not a timed test; it takes a few minutes.
 * The options are parsed and checked by tools/cli.ts.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "./args";

const ROOT = resolve(new URL(".", import.meta.url).pathname, "..");

export interface Mutation {
  name: string;
  /** A file of the project: under kernel/, or the build's proofs (tools/proofs.ts). */
  file: string;
  from: string;
  to: string;
  /** Where it shows: Node, or only Lua (number semantics). */
  host: "node" | "lua";
}

export const MUTATIONS: Mutation[] = [
  { name: "a wrong word delivered (w2 gets w1)", file: "kernel/endpoint.ts", from: "c.w2 = (proven & Proven.W2) !== 0 ? w2 : w2 | 0;", to: "c.w2 = (proven & Proven.W2) !== 0 ? w1 : w1 | 0;", host: "node" },
  { name: "a wrong sender (the receiver's own id)", file: "kernel/endpoint.ts", from: "c.sender = taskId(s);", to: "c.sender = taskId(t);", host: "node" },
  { name: "a lost IRQ coalesced count", file: "kernel/irq.ts", from: "K.irqCount[i] = (K.irqCount[i] + 1) | 0;", to: "K.irqCount[i] = K.irqCount[i] | 0;", host: "node" },
  { name: "notification bits overwritten, not ORed", file: "kernel/notification.ts", from: "K.ntfnWord[n] = K.ntfnWord[n] | bits;", to: "K.ntfnWord[n] = bits;", host: "node" },
  { name: "a zeroed reply label", file: "kernel/endpoint.ts", from: "x.label = (proven & Proven.LABEL) !== 0 ? label : label | 0;", to: "x.label = 0;", host: "node" },
  { name: "LIFO among equal senders", file: "kernel/queue.ts", from: "K.prio[at] > p", to: "K.prio[at] >= p", host: "node" },
  { name: "a reply's sender without its generation", file: "kernel/endpoint.ts", from: "x.sender = taskId(t);", to: "x.sender = t;", host: "node" },
  { name: "transitive donation removed", file: "kernel/sched.ts", from: "t = next;", to: "t = -1;", host: "node" },
  { name: "a call to a waiting receiver leaves its timer", file: "kernel/endpoint.ts", from: "    else qClear(recvQueueOf(e), r);\n    timerRemove(r);\n", to: "    else qClear(recvQueueOf(e), r);\n", host: "node" },
  { name: "Lua rounding: Math.floor(v / 2) written as (v / 2) | 0", file: "kernel/irq.ts", from: "v = Math.floor(v / 2);", to: "v = (v / 2) | 0;", host: "lua" },
  {
    name: "a closed receive not woken when the task it names dies",
    file: "kernel/fault.ts",
    from: "sc === TaskState.RECV_BLOCKED && K.filter[c] === t",
    to: "false",
    host: "node",
  },
  { name: "a call that times out after delivery keeps its id", file: "kernel/timer.ts", from: "    advanceEpoch(t);\n", to: "", host: "node" },
  { name: "a notification IRQ does not donate to its handler", file: "kernel/irq.ts", from: "donorArrived(o, K.prio[node]);", to: "", host: "node" },
  { name: "a faulted handler's IRQs stay masked", file: "kernel/fault.ts", from: "K.prio[t] = K.basePrio[t];\n  if (IRQS) unmaskIrqsOf(t);", to: "K.prio[t] = K.basePrio[t];", host: "node" },
  { name: "a still-ready task keeps its place when not at the head", file: "kernel/kernel.ts", from: "K.next[t] >= 0) {", to: "K.next[t] >= 0 && K.prev[t] < 0) {", host: "node" },
  {
    name: "replyRecv replies before its timeout is checked",
    file: "kernel/syscalls.ts",
    from:
      "  const to: number = (PROVEN_REPLY_RECV & Proven.NO_TIMEOUT) !== 0 ? FOREVER : checkTimeout(timeout);\n" +
      "  if (to === -2) return finish(t, Status.BAD_ARG, Sys.REPLY_RECV);\n" +
      "  const r = doReply(t, task, label, w1, w2, w3, PROVEN_REPLY_RECV);",
    to:
      "  const r = doReply(t, task, label, w1, w2, w3, PROVEN_REPLY_RECV);\n" +
      "  const to: number = (PROVEN_REPLY_RECV & Proven.NO_TIMEOUT) !== 0 ? FOREVER : checkTimeout(timeout);\n" +
      "  if (to === -2) return finish(t, Status.BAD_ARG, Sys.REPLY_RECV);",
    host: "node",
  },
  { name: "a syscall in a restarted task's init is blamed on the supervisor", file: "kernel/fault.ts", from: "  K.current = issued(t);\n", to: "", host: "node" },
  {
    name: "a restarted task's init that throws faults the supervisor",
    file: "kernel/fault.ts",
    from: "faultTask(t, FaultCode.THREW, Sys.NONE, lastError());",
    to: "faultTask(running <= -2 ? -2 - running : t, FaultCode.THREW, Sys.NONE, lastError());",
    host: "node",
  },
  { name: "a word of -0 passes through", file: "kernel/endpoint.ts", from: "    c.w1 = (proven & Proven.W1) !== 0 ? w1 : w1 | 0;", to: "    c.w1 = w1;", host: "node" },
  {
    name: "send checks the call right and call the send right",
    file: "kernel/syscalls.ts",
    from: "(isCall ? EpRight.CALL : EpRight.SEND)",
    to: "(isCall ? EpRight.SEND : EpRight.CALL)",
    host: "node",
  },
  { name: "a timeout of MAX_TIMEOUT refused", file: "kernel/syscalls.ts", from: "timeout <= MAX_TIMEOUT", to: "timeout < MAX_TIMEOUT", host: "node" },
  { name: "a reply from a task the caller does not wait for (a third party) delivered", file: "kernel/endpoint.ts", from: " || waitingOnServer(c) !== t", to: "", host: "node" },
  // The build's proofs (tools/proofs.ts), each wrongly removing work; caught by the soak of kernels as the proofs decide them.
  {
    name: "proof: donation left out though a call goes downhill",
    file: "tools/proofs.ts",
    from: "      if ((sends || calls) && t.priority < owner) return false;\n      if (calls && recv.some((p) => t.priority < p)) return false;\n",
    to: "",
    host: "node",
  },
  { name: "proof: epochs left out though a timeout is finite", file: "tools/proofs.ts", from: "  return !syscalls.has(\"restart\") && !timers;", to: "  return !syscalls.has(\"restart\");", host: "node" },
  { name: "proof: closed receives left out though a task issues recvFrom", file: "tools/proofs.ts", from: "  return !syscalls.has(\"recvFrom\");", to: "  return true;", host: "node" },
  { name: "proof: ready lists of one task though donation can lend a priority", file: "tools/proofs.ts", from: "  if (donation) return false;\n", to: "", host: "node" },
  { name: "proof: the ready lists' search starts past the most important task", file: "tools/proofs.ts", from: "  return p < 0 ? 0 : p;", to: "  return p + 1;", host: "node" },
  { name: "proof: receive queues of one task though a second task may receive", file: "tools/proofs.ts", from: "  for (let e = 0; e < eps.length; e++) if (receivers(app, e).length > 1) return false;\n", to: "", host: "node" },
];

function count(text: string, part: string): number {
  let n = 0;
  let at = text.indexOf(part);
  while (at >= 0) {
    n++;
    at = text.indexOf(part, at + part.length);
  }
  return n;
}

/** A copy of the project in a temporary folder (less .git, dist and out), node_modules linked. */
export function copyProject(prefix = "baton-mutate-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(ROOT.length + 1);
      const top = rel.split("/")[0];
      return top !== "node_modules" && top !== ".git" && top !== "dist" && top !== "out";
    },
  });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

interface Verdict {
  caught: boolean;
  broken: boolean;
  detail: string;
}

function judge(status: number | null, out: string): Verdict {
  const lines = out.split("\n").filter((l) => l.trim().length > 0);
  const found = lines.find((l) => l.indexOf("kernel and model differ") >= 0 || l.indexOf("kernel invariant broken") >= 0);
  if (status !== 0 && found !== undefined) return { caught: true, broken: false, detail: found.trim() };
  if (status !== 0) return { caught: false, broken: true, detail: lines.slice(-3).join(" | ") };
  return { caught: false, broken: false, detail: lines[lines.length - 1] || "" };
}

function runNode(dir: string, runs: number): Verdict {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli.ts", "soak", "--runs", String(runs), "--time", "200ms", "--quiet", "--no-shrink"], { cwd: dir, encoding: "utf8" });
  return judge(r.status, r.stdout + "\n" + r.stderr);
}

function runLua(dir: string, runs: number): Verdict {
  const b = spawnSync(process.execPath, ["--import", "tsx", "-e", 'import("./tools/lua/build.ts").then((m) => m.buildDiff())'], { cwd: dir, encoding: "utf8" });
  if (b.status !== 0) return { caught: false, broken: true, detail: "the Lua build failed: " + b.stderr.split("\n").slice(0, 3).join(" | ") };
  const r = spawnSync("lua5.1", ["dist/lua/diff.lua", "--systems", String(runs), "--time", "200ms"], { cwd: dir, encoding: "utf8" });
  if (r.error !== undefined) return { caught: false, broken: true, detail: "lua5.1 did not run: " + r.error.message };
  return judge(r.status, r.stdout + "\n" + r.stderr);
}

export interface MutateRun {
  /** Random systems per mutation. */
  runs: number;
  /** Only the mutations whose name contains this. */
  only?: string;
  /** List the mutations instead of running them. */
  list: boolean;
}

/** Runs the mutation check; returns the exit code: 0 when every mutation is caught, else 1. */
export function mutate(o: MutateRun): number {
  const runs = o.runs;
  const only = o.only;
  const list = only === undefined ? MUTATIONS : MUTATIONS.filter((m) => m.name.indexOf(only) >= 0);
  if (list.length === 0) throw new UsageError("--only: no mutation's name contains '" + only + "' (baton mutate --list lists them)");
  if (o.list) {
    for (const m of list) console.log(m.host + "  " + m.file + "  " + m.name);
    return 0;
  }
  let caught = 0;
  const survivors: string[] = [];
  const broken: string[] = [];
  for (const m of list) {
    const original = readFileSync(join(ROOT, m.file), "utf8");
    const n = count(original, m.from);
    if (n !== 1) {
      broken.push(m.name + ": its text occurs " + n + " times in " + m.file + " (must be once)");
      console.log("mutate: BROKEN   " + m.name + " (text found " + n + " times in " + m.file + ")");
      continue;
    }
    const dir = copyProject();
    try {
      writeFileSync(join(dir, m.file), original.replace(m.from, m.to));
      const v = m.host === "lua" ? runLua(dir, runs) : runNode(dir, runs);
      if (v.caught) {
        caught++;
        console.log("mutate: caught   " + m.name + "\n           " + v.detail.slice(0, 220));
      } else if (v.broken) {
        broken.push(m.name + ": " + v.detail);
        console.log("mutate: BROKEN   " + m.name + "\n           " + v.detail.slice(0, 400));
      } else {
        survivors.push(m.name);
        console.log("mutate: SURVIVED " + m.name);
      }
    } finally {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("");
  console.log(caught + " of " + list.length + " mutations caught");
  for (const s of survivors) console.log("survivor: " + s);
  for (const b of broken) console.log("broken: " + b);
  return caught === list.length ? 0 : 1;
}
