import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_BATCH,
  batchSize,
  createFrameCache,
  distance,
  frameKey,
  moved,
  sameWindow,
  wanted,
} from "../src/frames.js";
import { playClock } from "../src/sliders.js";

const ctx = { token: 1, dims: ["F", "T"], sizes: { F: 10, T: 4 }, bytes: 400, frame_bytes: 100, window: {} };
const frameOf = (id) => ({ id, mode: "grid", binning: 1, full_shape: [5, 5], offset: [0, 0], data: { shape: [5, 5] } });

test("frameKey and distance: the stepped dims only, the short way round", () => {
  assert.equal(frameKey({ Y: 3, F: 2, T: 1 }, ["F", "T"]), "F=2,T=1");
  assert.equal(distance({ F: 0, T: 0 }, { F: 9, T: 0 }, ctx), 1); // play wraps 9 -> 0
  assert.equal(distance({ F: 2, T: 0 }, { F: 5, T: 3 }, ctx), 4);
});

test("moved: the dim stepped alone comes first, with the step's sign", () => {
  let m = { dims: [], dir: 1 };
  m = moved(m, { F: 2, T: 0 }, { F: 3, T: 0 }, ctx);
  assert.deepEqual(m, { dims: ["F"], dir: 1 });
  m = moved(m, { F: 3, T: 0 }, { F: 3, T: 3 }, ctx); // 0 -> 3 of 4: one step back
  assert.deepEqual(m, { dims: ["T", "F"], dir: -1 });
  assert.deepEqual(moved(m, { F: 3, T: 3 }, { F: 5, T: 1 }, ctx), m); // a jump of both: kept
});

test("wanted: nearest first along the last dim, its direction first; a quarter for the other", () => {
  const list = wanted({ F: 8, T: 0 }, ctx, { dims: ["F", "T"], dir: 1 }, 9);
  // room 9 - the frame on show = 8: 6 along F, 2 along T
  assert.deepEqual(
    list.map((s) => frameKey(s, ctx.dims)),
    ["F=9,T=0", "F=7,T=0", "F=0,T=0", "F=6,T=0", "F=1,T=0", "F=5,T=0", "F=8,T=1", "F=8,T=3"],
  );
  const back = wanted({ F: 8, T: 0 }, ctx, { dims: ["F"], dir: -1 }, 3);
  assert.deepEqual(back.map((s) => s.F), [7, 9]);
  // a dim of 4 steps: never the step on show, never twice
  const t = wanted({ F: 0, T: 1 }, ctx, { dims: ["T"], dir: 1 }, 20);
  assert.deepEqual(t.map((s) => s.T), [2, 0, 3]);
});

test("batchSize: one until a rate is known, then what the link carries in a batch's time", () => {
  assert.equal(batchSize(null, 1e6), 1);
  assert.equal(batchSize(5e6, 1e6), 1); // 0.5 frames in 0.1 s: still one
  assert.equal(batchSize(4e7, 1e6), 4);
  assert.equal(batchSize(1e12, 1e6), MAX_BATCH);
});

test("sameWindow: binning, full shape, offset and data shape must all agree", () => {
  assert.ok(sameWindow(frameOf(1), frameOf(2)));
  assert.ok(!sameWindow(frameOf(1), { ...frameOf(2), offset: [1, 0] }));
  assert.ok(!sameWindow(frameOf(1), { ...frameOf(2), binning: 2 }));
  assert.ok(!sameWindow(frameOf(1), { ...frameOf(2), data: { shape: [4, 5] } }));
  assert.ok(!sameWindow(frameOf(1), { mode: "message" }));
});

test("the cache: asks within the budget, drops far frames first, lets them go on the answer", () => {
  const c = createFrameCache();
  c.reset(1);
  const motion = { dims: ["F"], dir: 1 };
  const one = { ...ctx, dims: ["F"], sizes: { F: 10 } };
  // budget 4 frames: the one on show + 3 held
  let p = c.plan({ F: 0 }, one, motion, 8);
  assert.deepEqual(p.want.map((s) => s.F), [1, 9, 2]);
  assert.deepEqual(p.drop, []);
  c.settle(p.want.map((sub, i) => ({ sub, frame: frameOf(i), bytes: 100 })), one.dims);
  assert.equal(c.bytes, 300);
  assert.equal(c.get("F=1").frame.id, 0);
  assert.deepEqual(c.plan({ F: 0 }, one, motion, 8), { want: [], drop: [] }); // all held
  // stepped on to 6: 1 is farthest (5 steps), then 2 (4), then 9 (3); F = 7, 5, 8 wanted,
  // and only as many dropped as they need room
  p = c.plan({ F: 6 }, one, motion, 3);
  assert.deepEqual(p.want.map((s) => s.F), [7, 5, 8]);
  assert.deepEqual(p.drop.map((s) => s.F), [1, 2]);
  assert.ok(c.get("F=1"), "held until the answer comes");
  c.settle([{ sub: { F: 7 }, frame: frameOf(7), bytes: 100 }], one.dims); // one granted
  assert.equal(c.get("F=1"), null);
  assert.equal(c.get("F=2"), null);
  assert.ok(c.get("F=9") && c.get("F=7"));
  assert.equal(c.bytes, 200);
  c.reset(2);
  assert.equal(c.size, 0);
  assert.equal(c.token, 2);
});

test("playClock: the step where the clock says, whatever the ticks", () => {
  const clock = playClock(38, 40, 30, 1000);
  assert.equal(clock(1000), 38);
  assert.equal(clock(1033), 38);
  assert.equal(clock(1034), 39);
  assert.equal(clock(1067), 0); // wraps
  assert.equal(clock(2000), (38 + 30) % 40); // a late tick skips, it does not delay
});

// The hub (link.js) with a heatmap model: asks, holds, draws a step onto a held frame.
import { startLinks } from "../src/link.js";
import { fakeModel } from "./fake-model.js";

const tick = async () => {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
};
const wireFrame = (id, value) => ({
  id,
  mode: "grid",
  binning: 1,
  full_shape: [2, 2],
  offset: [0, 0],
  data: { dtype: "float32", shape: [2, 2] },
  value,
});

test("the hub: one request in flight; a step onto a held frame sets the heatmap's frame", async () => {
  const onShow = { ...wireFrame(1), data: { ...wireFrame(1).data, buffer: new DataView(new ArrayBuffer(16)) } };
  const hm = fakeModel({ frame: onShow });
  const offer = { token: 7, dims: ["F"], sizes: { F: 5 }, bytes: 64, frame_bytes: 16 };
  const sliders = fakeModel({ index: { Y: 0, X: 0, F: 0 }, links: { heatmap: "hm", image: ["Y", "X"] }, lines: {}, frames: offer });
  sliders.widget_manager = { get_model: (id) => Promise.resolve({ hm }[id]) };
  const stop = startLinks(sliders);
  await tick();
  const asks = () => sliders.take().filter((e) => e[0] === "send" && e[1].type === "frames").map((e) => e[1]);
  const [ask] = asks();
  assert.deepEqual(ask, { type: "frames", token: 7, want: [{ F: 1 }], drop: [] }); // one: no rate yet
  sliders.kernelSet("index", { Y: 0, X: 0, F: 1 }); // stepped before the answer: not held yet
  await tick();
  assert.equal(hm.get("frame").id, 1);
  assert.deepEqual(asks(), [], "one request in flight");
  const buf = new DataView(new Float32Array([1, 2, 3, 4]).buffer);
  sliders.receive({ type: "frames", token: 7, frames: [{ sub: { F: 1 }, frame: wireFrame(11) }] }, [buf]);
  await tick();
  // the index on show was among them: drawn now, the buffer as it came
  assert.equal(hm.get("frame").id, 11);
  assert.equal(hm.get("frame").data.buffer, buf);
  // a kernel frame of the step before arrives late: it stays until the kernel says it
  // recorded the held one (draw_held), then the held one is drawn again
  hm.kernelSet("frame", { ...onShow, id: 2 });
  await tick();
  assert.equal(hm.get("frame").id, 2);
  sliders.receive({ type: "draw_held" });
  await tick();
  assert.equal(hm.get("frame").id, 11);
  // a frame in another window (a zoom made in the browser) is left alone
  hm.kernelSet("frame", { ...onShow, id: 3, offset: [1, 0] });
  sliders.receive({ type: "draw_held" });
  await tick();
  assert.equal(hm.get("frame").id, 3);
  // a new token: everything held is stale
  hm.kernelSet("frame", { ...onShow, id: 4 });
  sliders.kernelSet("frames", { ...offer, token: 8 });
  sliders.kernelSet("index", { Y: 0, X: 0, F: 0 });
  sliders.kernelSet("index", { Y: 0, X: 0, F: 1 });
  await tick();
  assert.equal(hm.get("frame").id, 4);
  stop();
});
