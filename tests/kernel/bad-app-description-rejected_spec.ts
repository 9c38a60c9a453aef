import { AppDesc, AppErrorCode, sys } from "../../kernel/index";
import { DEFAULT_LIMITS, Problem, bootChecked, validateApp } from "../../kernel/checked";
import { describe, eq, it, ok, throws } from "#spec";
import { bareHost } from "../../boards/bare";

function step(): void {
  sys.yield();
}

function codes(ps: Problem[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ps.length; i++) out.push(ps[i].code);
  return out;
}

function find(ps: Problem[], code: AppErrorCode): Problem {
  for (let i = 0; i < ps.length; i++) if (ps[i].code === code) return ps[i];
  throw new Error("no problem with code " + code);
}

const host = bareHost();

describe("bad app descriptions", () => {
  it("a duplicate task name is rejected, naming the task", () => {
    const app: AppDesc = { name: "x", tasks: [{ name: "a", priority: 1, step: step }, { name: "a", priority: 2, step: step }] };
    const p = find(validateApp(app, DEFAULT_LIMITS), AppErrorCode.DUPLICATE_NAME);
    eq(p.names[0], "a");
  });

  it("an endpoint owned by an unknown task is rejected, naming both", () => {
    const app: AppDesc = { name: "x", tasks: [{ name: "a", priority: 1, step: step }], endpoints: [{ name: "ep", owner: "ghost" }] };
    const p = find(validateApp(app, DEFAULT_LIMITS), AppErrorCode.UNKNOWN_REFERENCE);
    eq(p.names[0], "ep");
    eq(p.names[1], "ghost");
  });

  it("a right naming an unknown endpoint is rejected, naming the task and the endpoint", () => {
    const app: AppDesc = { name: "x", tasks: [{ name: "a", priority: 1, step: step, rights: { call: ["nope"] } }] };
    const p = find(validateApp(app, DEFAULT_LIMITS), AppErrorCode.UNKNOWN_REFERENCE);
    eq(p.names[0], "a");
    eq(p.names[1], "nope");
  });

  it("priorities out of range or not whole are rejected, naming the task", () => {
    const app: AppDesc = { name: "x", tasks: [{ name: "neg", priority: -1, step: step }, { name: "big", priority: 32, step: step }, { name: "half", priority: 1.5, step: step }] };
    const ps = validateApp(app, DEFAULT_LIMITS);
    eq(codes(ps).join(","), "3,3,3");
    eq(ps[0].names[0], "neg");
    eq(ps[1].names[0], "big");
    eq(ps[2].names[0], "half");
  });

  it("more tasks than the board holds are rejected", () => {
    const app: AppDesc = { name: "x", tasks: [{ name: "a", priority: 1, step: step }, { name: "b", priority: 1, step: step }, { name: "c", priority: 1, step: step }] };
    const p = find(validateApp(app, { tasks: 2, endpoints: 4, notifications: 4, irqs: 4 }), AppErrorCode.TOO_MANY);
    eq(p.names[0], "tasks");
  });

  it("a call that goes downhill is rejected, naming caller, callee and endpoint, unless listed", () => {
    const app: AppDesc = {
      name: "x",
      tasks: [{ name: "srv", priority: 5, step: step }, { name: "cli", priority: 2, step: step, rights: { call: ["ep"] } }],
      endpoints: [{ name: "ep", owner: "srv" }],
    };
    const p = find(validateApp(app, DEFAULT_LIMITS), AppErrorCode.DOWNHILL_CALL);
    eq(p.names.join(","), "cli,srv,ep");
    app.downhill = [["cli", "ep"]];
    eq(validateApp(app, DEFAULT_LIMITS).length, 0);
  });

  it("boot refuses an invalid app and lists every problem; the kernel keeps no half-built tables", () => {
    const app: AppDesc = { name: "bad", tasks: [{ name: "a", priority: 99, step: step }, { name: "a", priority: 1, step: step }] };
    const e = throws(() => bootChecked(app, host)) as { problems: Problem[] };
    ok(e.problems.length === 2);
    eq(codes(e.problems).join(","), "1,3");
  });

  it("a valid app has no problems", () => {
    const app: AppDesc = { name: "ok", tasks: [{ name: "a", priority: 1, step: step }] };
    eq(validateApp(app, DEFAULT_LIMITS).length, 0);
  });
});
