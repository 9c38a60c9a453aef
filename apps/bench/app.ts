/**
 * The IPC benchmark's system: a client calling a server in a loop. Each
 * round trip is two steps: the client's `call` and the server's `replyRecv`.
 * `directRoundTrip` does the same work as one plain function call, for the
 * ratio the benchmark reports.
 */
import { AppDesc, Kind, Task, sys } from "../../kernel/index";

interface Counter {
  n: number;
}

function serverStep(t: Task<Counter>): void {
  if (t.kind === Kind.MESSAGE) return sys.replyRecv(t.sender, t.label, (t.w1 + 1) | 0, 0, 0, 0);
  return sys.recv(0);
}

function clientStep(t: Task<Counter>): void {
  const s = t.state;
  if (t.kind === Kind.REPLY) s.n = t.w1;
  return sys.call(0, 1, s.n, 0, 0);
}

function resetCounter(t: Task<Counter>): void {
  t.state.n = 0;
}

export const bench: AppDesc = {
  name: "bench",
  tasks: [
    { name: "server", priority: 1, step: serverStep, state: { n: 0 }, init: resetCounter },
    { name: "client", priority: 2, step: clientStep, state: { n: 0 }, init: resetCounter, rights: { call: ["server"] } },
  ],
  endpoints: [{ name: "server", owner: "server" }],
};

/** The server's work as a plain function. */
function serve(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}

/** `n` round trips as direct function calls; returns the counter. */
export function directRoundTrips(n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c = serve(1, c);
  return c;
}
