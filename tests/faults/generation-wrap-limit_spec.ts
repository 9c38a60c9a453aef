/**
 * The limit of the 23-bit epoch counter (kernel/tables.ts, "Epochs"): an id
 * of an earlier incarnation is taken for one of the current incarnation only
 * when the counter advanced at least 2^23 - k times between the epoch at
 * which that id was current and the start of the current incarnation (k:
 * the epochs of the current incarnation so far). One advance fewer and it is
 * PEER_DEAD. The ids that pass are those whose epoch is one of the current
 * incarnation's, BASE .. the current one: 2^23 - k to 2^23 advances before
 * it began; 2^23 + 1 advances before, an id is stale again.
 *
 * White-box: task x's current incarnation is made to begin at epoch BASE,
 * near the top of the counter; x then makes K_EPOCHS calls that time out
 * after the server took them (each advances its epoch, across the wrap).
 */
import { Kind, Status, currentId, sys } from "../../kernel/index";
import { K } from "../../kernel/tables";
import { describe, eq, it } from "#spec";
import { recs, scripted, simulate } from "../lib/harness";

const X = 1;
const MASK = 0x7fffff;
const BASE = 0x7ffffd;
const K_EPOCHS = 5;

/** The id x had `d` advances of its epoch counter before its current incarnation began. */
function idFrom(d: number): number {
  return (((BASE - d) & MASK) << 8) | X;
}

describe("a stale id passes for the current incarnation only at the limit of the epoch counter", () => {
  it("2^23 - k - 1 advances before the incarnation: PEER_DEAD (sender = current id); 2^23 - k: taken as the current id; 2^23: taken for the incarnation's first epoch; 2^23 + 1: PEER_DEAD", () => {
    const short = idFrom(0x800000 - K_EPOCHS - 1);
    const limit = idFrom(0x800000 - K_EPOCHS);
    const srv = [];
    // Take each of x's calls and never answer: each times out after delivery.
    for (let i = 0; i < K_EPOCHS; i++) srv.push(() => sys.recv(0));
    srv.push(() => sys.sleep(5));
    srv.push(() => sys.recvFrom(0, short, 0));
    srv.push(() => sys.recvFrom(0, limit, 0));
    srv.push(() => sys.reply(short, 0, 0, 0, 0));
    srv.push(() => sys.reply(limit, 0, 0, 0, 0));
    srv.push(() => sys.recvFrom(0, idFrom(0x800000), 0));
    srv.push(() => sys.recvFrom(0, idFrom(0x800000 + 1), 0));
    const calls = [];
    for (let i = 0; i < K_EPOCHS; i++) calls.push(() => sys.call(0, i, 0, 0, 0, 1));
    const a = {
      name: "wrap",
      tasks: [scripted("srv", 1, srv), scripted("x", 2, calls, { call: ["ep"] })],
      endpoints: [{ name: "ep", owner: "srv" }],
    };
    const sim = simulate(a);
    K.gen[X] = BASE;
    K.genBase[X] = BASE;
    K.ctx[X].id = (BASE << 8) | X;
    sim.runFor(100000);
    const c = recs(a, "x");
    for (let i = 0; i < K_EPOCHS; i++) eq(c[i].status, Status.TIMEOUT);
    // k = 5 epochs since BASE, across the wrap: the current epoch is 2.
    eq(currentId(X), (2 << 8) | X);
    eq(K.ctx[X].id, currentId(X));
    eq(limit, currentId(X));
    const s = recs(a, "srv");
    eq(s[K_EPOCHS - 1].kind, Kind.MESSAGE);
    // One advance short of the limit: stale.
    eq(s[K_EPOCHS + 1].status, Status.PEER_DEAD);
    eq(s[K_EPOCHS + 1].sender, currentId(X));
    // At the limit: taken for the current id (nothing queued: WOULD_BLOCK).
    eq(s[K_EPOCHS + 2].status, Status.WOULD_BLOCK);
    // The same for reply: stale, then current (x waits for no reply: NOT_WAITING).
    eq(s[K_EPOCHS + 3].status, Status.PEER_DEAD);
    eq(s[K_EPOCHS + 3].sender, currentId(X));
    eq(s[K_EPOCHS + 4].status, Status.NOT_WAITING);
    // 2^23 advances before: its epoch is BASE, the current incarnation's first (taken for it); one more: stale.
    eq(idFrom(0x800000), (BASE << 8) | X);
    eq(s[K_EPOCHS + 5].status, Status.WOULD_BLOCK);
    eq(s[K_EPOCHS + 6].status, Status.PEER_DEAD);
    eq(s[K_EPOCHS + 6].sender, currentId(X));
  });
});
