import { test } from "node:test";
import assert from "node:assert/strict";
import { createInflight, valueText, INFLIGHT_TIMEOUT_MS } from "../src/sliders.js";

/** Fake timers: run them by hand. */
function fakeTimers() {
  const timers = new Map();
  let next = 1;
  return {
    setTimer: (fn, ms) => {
      timers.set(next, { fn, ms });
      return next++;
    },
    clearTimer: (id) => timers.delete(id),
    fire() {
      const all = [...timers.entries()];
      timers.clear();
      for (const [, t] of all) t.fn();
    },
    get count() {
      return timers.size;
    },
    get delays() {
      return [...timers.values()].map((t) => t.ms);
    },
  };
}

test("the first change is sent at once, later ones wait for 'served'", () => {
  const sent = [];
  const timers = fakeTimers();
  const f = createInflight((i) => sent.push(i), timers);
  f.want({ x: 1 });
  assert.deepEqual(sent, [{ x: 1 }]);
  assert.equal(f.inflight, true);
  f.want({ x: 2 });
  f.want({ x: 3 });
  f.want({ x: 4 });
  assert.deepEqual(sent, [{ x: 1 }], "nothing more while one is in flight");
  assert.deepEqual(f.pending, { x: 4 }, "only the newest is remembered");
  f.served();
  assert.deepEqual(sent, [{ x: 1 }, { x: 4 }], "the newest goes out on served");
  assert.equal(f.inflight, true);
  assert.equal(f.pending, null);
  f.served();
  assert.equal(f.inflight, false);
  assert.equal(sent.length, 2, "served with nothing pending sends nothing");
  f.want({ x: 5 });
  assert.deepEqual(sent.at(-1), { x: 5 });
});

test("a lost 'served' message is cleared by the safety timeout", () => {
  const sent = [];
  const timers = fakeTimers();
  const f = createInflight((i) => sent.push(i), timers);
  f.want({ a: 1 });
  assert.deepEqual(timers.delays, [INFLIGHT_TIMEOUT_MS]);
  assert.ok(INFLIGHT_TIMEOUT_MS >= 2000 && INFLIGHT_TIMEOUT_MS <= 5000);
  f.want({ a: 2 });
  timers.fire(); // no served came back
  assert.deepEqual(sent, [{ a: 1 }, { a: 2 }]);
  timers.fire();
  assert.equal(f.inflight, false);
  f.want({ a: 3 });
  assert.deepEqual(sent.at(-1), { a: 3 });
});

test("served clears the timeout; dispose drops timers and pending", () => {
  const timers = fakeTimers();
  const f = createInflight(() => {}, timers);
  f.want({ a: 1 });
  assert.equal(timers.count, 1);
  f.served();
  assert.equal(timers.count, 0);
  f.want({ a: 2 });
  f.want({ a: 3 });
  f.dispose();
  assert.equal(timers.count, 0);
  assert.equal(f.pending, null);
});

test("the sent index is a copy (later edits of the caller's object do not leak)", () => {
  const sent = [];
  const f = createInflight((i) => sent.push(i), fakeTimers());
  const idx = { x: 1 };
  f.want(idx);
  idx.x = 9;
  assert.deepEqual(sent[0], { x: 1 });
});

test("value text: value in the range's display unit, 0-based index of 0..N-1", () => {
  const values = new Float64Array([0, 2.5, 12.5]);
  assert.equal(valueText({ units: "V", size: 3 }, values, 2), "12.5 V (index 2 of 0–2)");
  assert.equal(valueText({ units: "", size: 3 }, values, 1), "2.5 (index 1 of 0–2)");
  assert.equal(valueText({ size: 3 }, null, 1), "(index 1 of 0–2)");
  // the last of two steps
  assert.equal(valueText({ units: "", size: 2 }, new Float64Array([0, 1]), 1), "1 (index 1 of 0–1)");
  // metres of a micrometre range: one unit for the whole range, also at its small values
  const um = new Float64Array([0, 2.808e-9, 5.743e-6]);
  assert.equal(valueText({ units: "m", size: 3 }, um, 2), "5.743 µm (index 2 of 0–2)");
  assert.equal(valueText({ units: "m", size: 3 }, um, 1), "0.002808 µm (index 1 of 0–2)");
  assert.equal(valueText({ units: "m", size: 3 }, um, 0), "0 µm (index 0 of 0–2)");
});
