/**
 * adder: the README's first app, and the reference small app for sizes.
 * A server adds two words for a client that calls it in a loop: one
 * call + replyRecv round trip per client step.
 */
import { AppDesc, Kind, Task, indexOf, sys } from "../../kernel/index";

const ADD = 1;

function server(t: Task): void {
  if (t.kind === Kind.MESSAGE && t.label === ADD) {
    // Reply to the caller and wait for the next call, in one syscall.
    return sys.replyRecv(t.sender, ADD, (t.w1 + t.w2) | 0, 0, 0, EP);
  }
  return sys.recv(EP);
}

function client(t: Task<{ n: number }>): void {
  if (t.kind === Kind.REPLY) t.state.n = t.w1;
  return sys.call(EP, ADD, t.state.n, 1, 0);
}

function clientInit(t: Task<{ n: number }>): void {
  t.state.n = 0;
}

export const adder: AppDesc = {
  name: "adder",
  tasks: [
    { name: "server", priority: 1, step: server },
    { name: "client", priority: 2, step: client, state: { n: 0 }, init: clientInit, rights: { call: ["server"] } },
  ],
  endpoints: [{ name: "server", owner: "server" }],
};
const EP = indexOf(adder.endpoints, "server");
