/**
 * The IPC benchmark's system: a client calling a server in a loop. Each
 * round trip is two steps: the client's `call` and the server's `replyRecv`.
 * The client keeps the last reply's word in its counter, and the server
 * answers with the word plus one, so after R round trips the counter has
 * grown by exactly R: the benchmarks check it (a call that fails leaves it
 * unchanged).
 *
 * Two baselines do the same work without the kernel, for the ratios the
 * benchmarks report: `directRoundTrips` (a plain call of one function,
 * which an optimising JIT inlines into the loop) and `realCallRoundTrips`
 * (a call it cannot inline).
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

/** The task whose counter the benchmarks read (its index in `bench.tasks`). */
export const BENCH_CLIENT = 1;

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

/**
 * `n` round trips as direct calls of one function; returns the counter.
 * V8 inlines `serve` here, so under Node this measures a loop increment,
 * not a call.
 */
export function directRoundTrips(n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c = serve(1, c);
  return c;
}

// Eight copies of `serve`: separate function literals, so that a JIT sees
// eight different targets (closures of one literal would count as one).
function serve0(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve1(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve2(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve3(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve4(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve5(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve6(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
function serve7(label: number, w1: number): number {
  return label > 0 ? (w1 + 1) | 0 : w1;
}
const SERVES = [serve0, serve1, serve2, serve3, serve4, serve5, serve6, serve7];

/** `n` round trips calling `serveN` through the one call site of this loop; returns the counter. */
function callThrough(serveN: (label: number, w1: number) => number, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c = serveN(1, c);
  return c;
}

/**
 * `n` round trips as real function calls; returns the counter. The loop's
 * call site (`callThrough`) is first shown all eight copies of `serve`, one
 * call each, then runs the `n` round trips through the copy `n & 7`, picked
 * when it runs. V8 inlines at a call site that has seen at most four
 * targets (polymorphic inlining); one that has seen more is megamorphic for
 * good and makes a generic call every time, so the call is neither inlined
 * nor removed (`node --trace-turbo-inlining` lists no `serve0`..`serve7`
 * inlined). One target at a time keeps the processor's branch prediction
 * out of the figure, as for the kernel's steps, whose targets repeat.
 */
export function realCallRoundTrips(n: number): number {
  for (let k = 0; k < SERVES.length; k++) callThrough(SERVES[k], 1);
  return callThrough(SERVES[n & 7], n);
}
