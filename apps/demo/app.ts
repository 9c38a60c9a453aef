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
 *
 * And the drivers: a `button` driver (priority 0) owns the button's IRQ,
 * debounces it with kernel timeouts and signals `ui`; the `ui` task
 * (priority 4) changes the LED's blink rate on each press (calling the
 * `led` server) and counts heartbeats from the `timer` service. In the
 * simulator the button is pressed twice, with contact bounce.
 *
 * Faults don't spread: the server crashes when asked to ADD 13 (an
 * "unlucky input"); its callers wake with PEER_DEAD, the `supervisor`
 * (priority 0) is signalled, reads the fault record and restarts the server
 * under a new generation; the adder skips the bad input and carries on.
 */
import { AppDesc, Kind, Status, Task, indexOf, notificationId, sys } from "../../kernel/index";
import { buttonTask } from "../../drivers/button";
import { LED_BLINK, ledServer } from "../../drivers/led";
import { TIMER_SUBSCRIBE, timerService } from "../../drivers/timer";

export const ADD = 1;
/** The input that crashes the server. */
export const UNLUCKY = 13;
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
  if (t.label === ADD) {
    if (t.w1 === UNLUCKY) throw new Error("server cannot add " + UNLUCKY);
    return sys.replyRecv(t.sender, ADD, (t.w1 + t.w2) | 0, 0, 0, EP_SERVER);
  }
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
  // The server died on this input: skip it.
  if (t.status === Status.PEER_DEAD && s.phase === 1) s.sum++;
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

/** Notification bits of the ui task. */
export const PRESS = 1;
export const HEARTBEAT = 2;
/** Blink half-periods (ticks) the button cycles through. */
const RATES = [100, 25, 5];

interface UiState {
  phase: number;
  rate: number;
  presses: number;
  heartbeats: number;
}

function uiInit(t: Task<UiState>): void {
  t.state.phase = 0;
  t.state.rate = 0;
  t.state.presses = 0;
  t.state.heartbeats = 0;
}

function uiStep(t: Task<UiState>): void {
  const s = t.state;
  if (s.phase === 0) {
    s.phase = 1;
    return sys.call(EP_TIMER, TIMER_SUBSCRIBE, notificationId("ui"), HEARTBEAT, 50);
  }
  if (s.phase === 1) {
    s.phase = 2;
    return sys.call(EP_LED, LED_BLINK, RATES[0], 0, 0);
  }
  if (t.kind === Kind.NOTIFICATION) {
    if ((t.w1 & HEARTBEAT) !== 0) s.heartbeats++;
    if ((t.w1 & PRESS) !== 0) {
      s.presses++;
      s.rate = (s.rate + 1) % RATES.length;
      return sys.call(EP_LED, LED_BLINK, RATES[s.rate], 0, 0);
    }
  }
  return sys.wait(NTFN_UI);
}

interface SupervisorState {
  /** Next task to look at, or -1 when waiting for a fault. */
  cursor: number;
  /** True when the last syscall was faultInfo. */
  asked: boolean;
  restarts: number;
}

function supervisorInit(t: Task<SupervisorState>): void {
  t.state.cursor = -1;
  t.state.asked = false;
  t.state.restarts = 0;
}

/** Waits for the fault bit, then reads each task's fault record (one per step) and restarts the faulted. */
function supervisorStep(t: Task<SupervisorState>): void {
  const s = t.state;
  if (t.kind === Kind.NOTIFICATION) s.cursor = 0;
  if (s.asked) {
    s.asked = false;
    // faultInfo: w1 is the fault code, sender the task's current id.
    if (t.status === Status.OK && t.w1 !== 0) {
      s.restarts++;
      return sys.restart(t.sender);
    }
  }
  if (s.cursor >= 0 && s.cursor < demo.tasks.length) {
    s.asked = true;
    s.cursor++;
    return sys.faultInfo(s.cursor - 1);
  }
  s.cursor = -1;
  return sys.wait(NTFN_FAULTS);
}

export const demo: AppDesc = {
  name: "demo",
  tasks: [
    { name: "server", priority: 1, step: serverStep, init: serverInit, state: { held: [0, 0, 0, 0], count: 0, answering: false, ticks: 0 } },
    { name: "adder", priority: 2, step: adderStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { call: ["server"] } },
    { name: "waiter", priority: 2, step: waiterStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { call: ["server"] } },
    { name: "ticker", priority: 3, step: tickerStep, init: clientInit, state: { phase: 0, sum: 0, ticks: 0 }, rights: { send: ["server"] } },
    buttonTask({ name: "button", priority: 0, endpoint: "button", irq: "button", pin: "BTN1", notify: "ui", bits: PRESS, debounceTicks: 20 }),
    ledServer({ name: "led", priority: 1, endpoint: "led", pin: "LED1" }),
    timerService({ name: "timer", priority: 1, endpoint: "timer", notifications: ["ui"] }),
    { name: "supervisor", priority: 0, step: supervisorStep, init: supervisorInit, state: { cursor: -1, asked: false, restarts: 0 }, rights: { supervisor: true } },
    { name: "ui", priority: 4, step: uiStep, init: uiInit, state: { phase: 0, rate: 0, presses: 0, heartbeats: 0 }, rights: { call: ["led", "timer"] } },
  ],
  endpoints: [
    { name: "server", owner: "server" },
    { name: "button", owner: "button" },
    { name: "led", owner: "led" },
    { name: "timer", owner: "timer" },
  ],
  notifications: [{ name: "ui", owner: "ui" }, { name: "faults", owner: "supervisor" }],
  faults: { notification: "faults", bit: 0 },
  irqs: [{ name: "button", pin: "BTN1", edge: "both", endpoint: "button", priority: 0 }],
  pins: ["LED1", "BTN1"],
  inputs: [
    { pin: "BTN1", press: { at: 250000, holdUs: 150000, bounce: 3, bounceUs: 300 } },
    { pin: "BTN1", press: { at: 600000, holdUs: 100000, bounce: 2, bounceUs: 500 } },
  ],
  board: { sliceSteps: 16, tickUs: 1000 },
};

const EP_SERVER = indexOf(demo.endpoints, "server");
const EP_LED = indexOf(demo.endpoints, "led");
const EP_TIMER = indexOf(demo.endpoints, "timer");
const NTFN_UI = indexOf(demo.notifications, "ui");
const NTFN_FAULTS = indexOf(demo.notifications, "faults");
