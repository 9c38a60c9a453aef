/**
 * The "report for work" pattern. A resource server is busy with a client; a
 * second client asks the root task for a model extraction that needs a
 * subgraph from that server; the server needs something (a token) from the
 * root task to finish its current job.
 *
 * Written with a root task that calls the server (downhill), the uphill check
 * rejects the app; with the check overridden the simulator finds the cycle.
 * Written uphill-only (the root task queues the work and signals the
 * server's bound notification; the server calls GET_WORK when free and
 * sends each result back in a separate call), it completes in both orders.
 */
import { AppDesc, AppErrorCode, Kind, Task, sys } from "../../kernel/index";
import { DEFAULT_LIMITS, Problem, validateApp } from "../../kernel/checked";
import { describe, eq, it, ok } from "#spec";
import { simulate } from "../lib/harness";

const EXTRACT = 1;
const GET_WORK = 2;
const RESULT = 3;
const GET_TOKEN = 4;
const SUBGRAPH = 5;
const REQUEST = 6;
const WORK = 1;
const TOKEN = 1000;

const EP_ROOT = 0;
const EP_SERVER = 1;
const N_WORK = 0;

interface RootState {
  /** Queued work: client id and argument, per slot; -1 when free. */
  client: number[];
  arg: number[];
  queued: number[];
  /** A client to answer next (after the reply to RESULT), and its value. */
  answer: number;
  value: number;
  /** Counts of items sent per GET_WORK reply. */
  batches: number[];
  downhillHeld: number;
}

interface ServerState {
  phase: number;
  client: number;
  items: number[];
  next: number;
  firstKind: number;
}

interface ClientState {
  arg: number;
  delay: number;
  got: number;
  phase: number;
}

function rootUphill(t: Task<RootState>): void {
  const s = t.state;
  if (s.answer >= 0) {
    const c = s.answer;
    s.answer = -1;
    return sys.reply(c, 0, s.value, 0, 0);
  }
  if (t.kind !== Kind.MESSAGE) return sys.recv(EP_ROOT);
  if (t.label === EXTRACT) {
    for (let i = 0; i < s.client.length; i++) {
      if (s.client[i] < 0) {
        s.client[i] = t.sender;
        s.arg[i] = t.w1;
        s.queued.push(i);
        break;
      }
    }
    return sys.signal(N_WORK, WORK);
  }
  if (t.label === GET_WORK) {
    // Several pieces of queued work of the same type in one reply: up to three slots.
    const n = Math.min(3, s.queued.length);
    const w: number[] = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const slot = s.queued.shift() as number;
      w[i] = slot * 65536 + s.arg[slot];
    }
    s.batches.push(n);
    return sys.replyRecv(t.sender, n, w[0], w[1], w[2], EP_ROOT);
  }
  if (t.label === RESULT) {
    const slot = t.w1;
    s.answer = s.client[slot];
    s.value = t.w2;
    s.client[slot] = -1;
    return sys.reply(t.sender, 0, 0, 0, 0);
  }
  if (t.label === GET_TOKEN) return sys.replyRecv(t.sender, 0, TOKEN, 0, 0, EP_ROOT);
  return sys.recv(EP_ROOT);
}

function serverUphill(t: Task<ServerState>): void {
  const s = t.state;
  if (s.firstKind < 0 && (t.kind === Kind.MESSAGE || t.kind === Kind.NOTIFICATION)) s.firstKind = t.kind;
  if (s.phase === 1) {
    // Busy with the client's request: after the work, ask root for the token.
    s.phase = 2;
    return sys.call(EP_ROOT, GET_TOKEN, 0, 0, 0);
  }
  if (s.phase === 2) {
    s.phase = 0;
    return sys.reply(s.client, 0, t.w1, 0, 0);
  }
  if (s.phase === 3) {
    // Got a batch of work (label = count): send each result back in its own call.
    if (t.kind === Kind.REPLY && s.next < 0) {
      s.items[0] = t.w1;
      s.items[1] = t.w2;
      s.items[2] = t.w3;
      s.items[3] = t.label;
      s.next = 0;
    }
    if (s.next < s.items[3]) {
      const item = s.items[s.next];
      s.next++;
      const slot = Math.floor(item / 65536);
      return sys.call(EP_ROOT, RESULT, slot, (item % 65536) * 10, 0);
    }
    s.phase = 0;
    s.next = -1;
    return sys.recv(EP_SERVER);
  }
  if (t.kind === Kind.MESSAGE && t.label === REQUEST) {
    s.client = t.sender;
    s.phase = 1;
    return sys.sleep(5);
  }
  if (t.kind === Kind.NOTIFICATION && (t.w1 & WORK) !== 0) {
    s.phase = 3;
    s.next = -1;
    return sys.call(EP_ROOT, GET_WORK, 0, 0, 0);
  }
  return sys.recv(EP_SERVER);
}

function clientStep(t: Task<ClientState>): void {
  const s = t.state;
  if (s.phase === 0) {
    s.phase = 1;
    return sys.sleep(s.delay);
  }
  if (s.phase === 1) {
    s.phase = 2;
    return s.arg < 0 ? sys.call(EP_SERVER, REQUEST, 0, 0, 0) : sys.call(EP_ROOT, EXTRACT, s.arg, 0, 0);
  }
  if (t.kind === Kind.REPLY) s.got = t.w1;
  return sys.sleep(100000);
}

function client(name: string, priority: number, arg: number, delay: number, ep: string): AppDesc["tasks"][0] {
  return { name: name, priority: priority, step: clientStep, state: { arg: arg, delay: delay, got: -1, phase: 0 }, rights: { call: [ep] } };
}

function uphillApp(serverBusy: boolean): AppDesc {
  const tasks: AppDesc["tasks"] = [
    { name: "root", priority: 1, step: rootUphill, state: { client: [-1, -1, -1, -1], arg: [0, 0, 0, 0], queued: [], answer: -1, value: 0, batches: [], downhillHeld: -1 }, rights: { signal: ["work"] } },
    { name: "server", priority: 2, step: serverUphill, state: { phase: 0, client: -1, items: [0, 0, 0, 0], next: -1, firstKind: -1 }, rights: { call: ["root"] } },
    client("c2", 4, 7, 1, "root"),
    client("c3", 4, 8, 1, "root"),
    client("c4", 4, 9, 1, "root"),
  ];
  if (serverBusy) tasks.push(client("c1", 3, -1, 0, "server"));
  return {
    name: "report-for-work",
    tasks: tasks,
    endpoints: [{ name: "root", owner: "root" }, { name: "server", owner: "server" }],
    notifications: [{ name: "work", owner: "server", bind: true }],
  };
}

function state<S>(app: AppDesc, name: string): S {
  for (let i = 0; i < app.tasks.length; i++) if (app.tasks[i].name === name) return app.tasks[i].state as S;
  throw new Error(name);
}

// ---- the downhill way

function rootDownhill(t: Task<RootState>): void {
  const s = t.state;
  if (t.kind === Kind.MESSAGE && t.label === EXTRACT) {
    s.downhillHeld = t.sender;
    return sys.call(EP_SERVER, SUBGRAPH, t.w1, 0, 0);
  }
  if (t.kind === Kind.REPLY && s.downhillHeld >= 0) {
    const c = s.downhillHeld;
    s.downhillHeld = -1;
    return sys.replyRecv(c, 0, t.w1, 0, 0, EP_ROOT);
  }
  if (t.kind === Kind.MESSAGE && t.label === GET_TOKEN) return sys.replyRecv(t.sender, 0, TOKEN, 0, 0, EP_ROOT);
  return sys.recv(EP_ROOT);
}

function serverDownhill(t: Task<ServerState>): void {
  const s = t.state;
  if (s.phase === 1) {
    s.phase = 2;
    return sys.call(EP_ROOT, GET_TOKEN, 0, 0, 0);
  }
  if (s.phase === 2) {
    s.phase = 0;
    return sys.replyRecv(s.client, 0, t.w1, 0, 0, EP_SERVER);
  }
  if (t.kind === Kind.MESSAGE && t.label === REQUEST) {
    s.client = t.sender;
    s.phase = 1;
    return sys.sleep(5);
  }
  if (t.kind === Kind.MESSAGE && t.label === SUBGRAPH) return sys.replyRecv(t.sender, 0, t.w1 * 10, 0, 0, EP_SERVER);
  return sys.recv(EP_SERVER);
}

function downhillApp(override: boolean): AppDesc {
  return {
    name: "downhill",
    tasks: [
      { name: "root", priority: 1, step: rootDownhill, state: { client: [], arg: [], queued: [], answer: -1, value: 0, batches: [], downhillHeld: -1 }, rights: { call: ["server"] } },
      { name: "server", priority: 2, step: serverDownhill, state: { phase: 0, client: -1, items: [], next: -1, firstKind: -1 }, rights: { call: ["root"] } },
      client("c1", 3, -1, 0, "server"),
      client("c2", 4, 7, 1, "root"),
    ],
    endpoints: [{ name: "root", owner: "root" }, { name: "server", owner: "server" }],
    downhill: override ? [["root", "server"]] : undefined,
  };
}

describe("report for work: the downhill way", () => {
  it("the uphill check rejects a root task that calls the server, naming both", () => {
    const ps: Problem[] = validateApp(downhillApp(false), DEFAULT_LIMITS);
    eq(ps.length, 1);
    eq(ps[0].code, AppErrorCode.DOWNHILL_CALL);
    eq(ps[0].names[0], "root");
    eq(ps[0].names[1], "server");
  });

  it("with the check overridden, the simulator reports the deadlock cycle by task names", () => {
    const app = downhillApp(true);
    const sim = simulate(app);
    sim.runFor(100000);
    const d = sim.deadlock as string;
    ok(d !== undefined, "a deadlock is reported");
    ok(d.indexOf("root -> server -> root") >= 0 || d.indexOf("server -> root -> server") >= 0, d);
    eq(state<ClientState>(app, "c2").got, -1);
  });
});

describe("report for work: uphill only", () => {
  it("completes when the server is busy as the work arrives; three pieces of work go in one reply", () => {
    const app = uphillApp(true);
    const sim = simulate(app);
    sim.runFor(100000);
    eq(sim.deadlock, undefined);
    eq(state<ClientState>(app, "c1").got, TOKEN);
    eq(state<ClientState>(app, "c2").got, 70);
    eq(state<ClientState>(app, "c3").got, 80);
    eq(state<ClientState>(app, "c4").got, 90);
    eq(state<RootState>(app, "root").batches.join(","), "3");
    eq(state<ServerState>(app, "server").firstKind, Kind.MESSAGE);
  });

  it("completes when the server is idle: the notification wakes it from its receive", () => {
    const app = uphillApp(false);
    const sim = simulate(app);
    sim.runFor(100000);
    eq(sim.deadlock, undefined);
    eq(state<ClientState>(app, "c2").got, 70);
    eq(state<ClientState>(app, "c3").got, 80);
    eq(state<ClientState>(app, "c4").got, 90);
    eq(state<ServerState>(app, "server").firstKind, Kind.NOTIFICATION);
    ok(state<RootState>(app, "root").batches.length >= 1);
  });
});
