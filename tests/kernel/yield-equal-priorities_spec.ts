import { Task, sys } from "../../kernel/index";
import { describe, eq, it } from "#spec";
import { Script, settle, simulate } from "../lib/harness";

describe("yield among equal priorities", () => {
  it("tasks of equal priority take turns step by step; a less important one waits until they block", () => {
    const order: string[] = [];
    const make = (name: string, n: number) => (t: Task<Script>) => {
      order.push(name);
      t.state.next++;
      if (t.state.next <= n) return sys.yield();
      return sys.sleep(1000);
    };
    const app = {
      name: "y",
      tasks: [
        { name: "a", priority: 1, step: make("a", 3), state: new Script([]) },
        { name: "b", priority: 1, step: make("b", 3), state: new Script([]) },
        { name: "low", priority: 2, step: make("low", 0), state: new Script([]) },
      ],
    };
    const sim = simulate(app);
    settle(sim);
    eq(order.join(","), "a,b,a,b,a,b,a,b,low");
  });
});
