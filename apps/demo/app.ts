/**
 * The demo: a server that answers at once or defers its reply, two clients,
 * and a sleeping periodic task.
 *
 * - `ticker` (priority 3) sleeps 10 ticks, then sends TICK to the server.
 * - `adder` (priority 2) calls the server with ADD, gets the sum at once,
 *   then calls WAIT_TICK: the server holds that call until the next tick.
 * - `waiter` (priority 2) calls WAIT_TICK in a loop.
 * - `server` (priority 1) answers ADD at once, holds every WAIT_TICK caller
 *   (deferred replies, several at a time), and answers them all on TICK,
 *   in the other order from the one they came in.
 */
import { AppDesc, Kind, Status, Task, indexOf, sys } from "../../kernel/index";

export const ADD = 1;
export const WAIT_TICK = 2;
export const TICK = 3;
const PERIOD = 10;

interface ServerState {
  /** Ids of the callers whose WAIT_TICK replies are held (a fixed array). */
  held: number[];
  count: number;
  /** True while answering held callers after a TICK. */
  answering: boolean;
  ticks: number;
}

interface ClientState {
  phase: number;
  sum: number;
  ticks: number;
}

function serverStep(t: Task<ServerState>): void {
  const s = t.state;
  if (s.answering) {
    // Answer the held callers newest first, one reply per step; the last
    // reply goes with the next receive.
    s.count--;
    const c = s.held[s.count];
    if (s.count > 0) return sys.reply(c, TICK, s.ticks, 0, 0);
    s.answering = false;
    return sys.replyRecv(c, TICK, s.ticks, 0, 0, EP_SERVER);
  }
  if (t.kind !== Kind.MESSAGE) return sys.recv(EP_SERVER);
  if (t.label === ADD) return sys.replyRecv(t.sender, ADD, (t.w1 + t.w2) | 0, 0, 0, EP_SERVER);
  if (t.label === WAIT_TICK && s.count < s.held.length) {
    s.held[s.count] = t.sender;
    s.count++;
    return sys.recv(EP_SERVER);
  }
  if (t.label === TICK) {
    s.ticks++;
    if (s.count > 0) {
      s.answering = true;
      return sys.yield();
    }
  }
  return sys.recv(EP_SERVER);
}

function serverInit(t: Task<ServerState>): void {
  t.state.count = 0;
  t.state.answering = false;
  t.state.ticks = 0;
}

function clientInit(t: Task<ClientState>): void {
  t.state.phase = 0;
  t.state.sum = 0;
  t.state.ticks = 0;
}

function adderStep(t: Task<ClientState>): void {
  const s = t.state;
  if (t.kind === Kind.REPLY && t.label === ADD) s.sum = t.w1;
  if (t.kind === Kind.REPLY && t.label === TICK) s.ticks++;
  s.phase = 1 - s.phase;
  if (s.phase === 1) return sys.call(EP_SERVER, ADD, s.sum, 1, 0);
  return sys.call(EP_SERVER, WAIT_TICK, 0, 0, 0);
}

function waiterStep(t: Task<ClientState>): void {
  if (t.kind === Kind.REPLY && t.status === Status.OK) t.state.ticks++;
  return sys.call(EP_SERVER, WAIT_TICK, 0, 0, 0);
}

function tickerStep(t: Task<ClientState>): void {
  if (t.state.phase === 0) {
    t.state.phase = 1;
    return sys.sleep(PERIOD);
  }
  t.state.phase = 0;
  return sys.send(EP_SERVER, TICK, 0, 0, 0);
}

export const demo: AppDesc = {
  name: "demo",
  tasks: [
    { name: "server", priority: 1, step: serverStep, init: serverInit, state: { held: [0, 0, 0, 0], count: 0, answering: false, ticks: 0 } },
    { name: "adder", priority: 2, step: adderStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { call: ["server"] } },
    { name: "waiter", priority: 2, step: waiterStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { call: ["server"] } },
    { name: "ticker", priority: 3, step: tickerStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { send: ["server"] } },
  ],
  endpoints: [{ name: "server", owner: "server" }],
  board: { sliceSteps: 16, tickUs: 1000 },
};

const EP_SERVER = indexOf(demo.endpoints, "server");
