/**
 * The Lua heap in use, KB, after full collections until it settles: Lua
 * halves its internal buffers (string table, concat buffer) one step per
 * cycle, so one collection can leave a figure that later shrinks without
 * any object of ours going away. -1 where there is no Lua heap to read
 * (this code run under Node in the specs). One module of its own, so the
 * tools that measure a bundle (tools/nodemcu-sim.lua.ts, tools/bench.lua.ts)
 * read the heap as the host layer does without loading the host layer.
 */
declare const collectgarbage: ((this: void, opt: string) => number) | undefined;

export function settledHeapKB(): number {
  if (typeof collectgarbage !== "function") return -1;
  let last = -1;
  let now = 0;
  for (let i = 0; i < 8 && now !== last; i++) {
    last = now;
    collectgarbage("collect");
    now = collectgarbage("count");
  }
  return now;
}
