/**
 * The floor of a round trip on an interpreter: the least any kernel of
 * baton's shape can do for a call + replyRecv, measured beside the kernel (apps/bench/app.ts)
 * by `npm run bench:espruino`.
 *
 * Baton's shape: a dispatcher runs the chosen task's step with the task's
 * registers; the step ends by calling a syscall entry of `sys`; the entry
 * hands the message to the partner's registers and makes the partner the
 * one to run. This file does exactly that and nothing more: no argument
 * check, no right, no queue, no state, no timeout, no donation, no fault
 * catching, no step counting. The steps do the same work as apps/bench's
 * client and server, so the kernel's figure minus this one is what the
 * kernel's semantics cost, and this one over a direct call is the lowest
 * ratio a kernel with steps and syscalls as function calls can reach.
 *
 * `checkedSteps` adds only what bad input needs (design.md: a bad argument
 * gets a status code): the endpoint id in range, the caller's right on it,
 * four 32-bit words, and for the reply the caller's id, generation and
 * waiting state; the states are written back. Still no queue, timeout,
 * donation, fault catching or step counting.
 */

interface Regs {
  status: number;
  kind: number;
  sender: number;
  label: number;
  w1: number;
  w2: number;
  w3: number;
  n: number;
}

function regsOf(): Regs {
  return { status: 0, kind: 0, sender: 0, label: 0, w1: 0, w2: 0, w3: 0, n: 0 };
}

const regs: Regs[] = [regsOf(), regsOf()];
/** The task that runs next: 0 the server, 1 the client. */
let next = 1;

function floorCall(_ep: number, label: number, w1: number): void {
  const r = regs[0];
  r.kind = 1;
  r.sender = 1;
  r.label = label;
  r.w1 = w1;
  next = 0;
}

function floorReplyRecv(_to: number, label: number, w1: number): void {
  const r = regs[1];
  r.kind = 2;
  r.label = label;
  r.w1 = w1;
  next = 1;
}

const floorSys = { call: floorCall, replyRecv: floorReplyRecv };

function serverStep(t: Regs): void {
  if (t.kind === 1) return floorSys.replyRecv(t.sender, t.label, (t.w1 + 1) | 0);
}

function clientStep(t: Regs): void {
  if (t.kind === 2) t.n = t.w1;
  return floorSys.call(0, 1, t.n);
}

const steps = [serverStep, clientStep];

/** Runs `n` steps (two per round trip); returns the client's counter. */
export function floorSteps(n: number): number {
  for (let i = 0; i < n; i++) {
    const c = next;
    steps[c](regs[c]);
  }
  return regs[1].n;
}

// ---- the same with the argument checks (see the file's comment)

const cregs: Regs[] = [regsOf(), regsOf()];
let cnext = 1;
const E = 1;
const T = 2;
/** Rights per (task, endpoint): the server may receive (4), the client call (2). */
const rights = new Int32Array([4, 2]);
const gen = new Int32Array(T);
const state = new Int32Array(T);
const partner = new Int32Array(T);
const BAD = 5;

function refuse(t: number): void {
  cregs[t].status = BAD;
}

// The register writes are spelled out in both entries, as the kernel's hot path has them once expanded (tools/inline.ts):
// a shared helper would add a call, which on Espruino costs about a direct call.
function checkedCall(ep: number, label: number, w1: number, w2: number, w3: number): void {
  const t = cnext;
  if ((ep | 0) !== ep || ep < 0 || ep >= E || (rights[t * E + ep] & 2) === 0 || (label | 0) !== label || (w1 | 0) !== w1 || (w2 | 0) !== w2 || (w3 | 0) !== w3) return refuse(t);
  const r = cregs[0];
  r.status = 0;
  r.kind = 1;
  r.sender = (gen[t] << 8) | t;
  r.label = label;
  r.w1 = w1;
  r.w2 = w2;
  r.w3 = w3;
  state[t] = 3;
  partner[t] = 0;
  state[0] = 0;
  cnext = 0;
}

function checkedReplyRecv(to: number, label: number, w1: number, w2: number, w3: number, ep: number): void {
  const t = cnext;
  if ((ep | 0) !== ep || ep < 0 || ep >= E || (to | 0) !== to || to < 0) return refuse(t);
  const x = to & 0xff;
  if (x >= T || to >>> 8 !== gen[x] || state[x] !== 3 || partner[x] !== t) return refuse(t);
  if ((rights[t * E + ep] & 4) === 0 || (label | 0) !== label || (w1 | 0) !== w1 || (w2 | 0) !== w2 || (w3 | 0) !== w3) return refuse(t);
  const r = cregs[x];
  r.status = 0;
  r.kind = 2;
  r.sender = (gen[t] << 8) | t;
  r.label = label;
  r.w1 = w1;
  r.w2 = w2;
  r.w3 = w3;
  state[x] = 0;
  state[t] = 4;
  partner[t] = ep;
  cnext = x;
}

const checkedSys = { call: checkedCall, replyRecv: checkedReplyRecv };

function checkedServerStep(t: Regs): void {
  if (t.kind === 1) return checkedSys.replyRecv(t.sender, t.label, (t.w1 + 1) | 0, 0, 0, 0);
}

function checkedClientStep(t: Regs): void {
  if (t.kind === 2) t.n = t.w1;
  return checkedSys.call(0, 1, t.n, 0, 0);
}

const checkedStepFns = [checkedServerStep, checkedClientStep];

/** As `floorSteps`, with the argument checks; returns the client's counter (or -1 if a check refused). */
export function checkedSteps(n: number): number {
  for (let i = 0; i < n; i++) {
    const c = cnext;
    checkedStepFns[c](cregs[c]);
  }
  return cregs[0].status === 0 && cregs[1].status === 0 ? cregs[1].n : -1;
}
