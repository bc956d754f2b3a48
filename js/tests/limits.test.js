import { test } from "node:test";
import assert from "node:assert/strict";
import { createLimits } from "../src/limits.js";
import { stats } from "../src/scales.js";

const frame = (id, values) => {
  const data = new Float32Array(values);
  return { id, mode: "grid", data, rows: 1, cols: data.length, stats: stats(data) };
};
const ramp = (id, lo, hi) => frame(id, Array.from({ length: 101 }, (_, i) => lo + ((hi - lo) * i) / 100));
const traits = (extra = {}) => ({ scale: "linear", clim: null, lock: false, percentiles: [0, 100], ...extra });

test("automatic limits are percentiles of the frame, cached per frame/scale/percentiles", () => {
  const lim = createLimits();
  const f = ramp(1, 0, 100);
  const a = lim.inForce(f, traits());
  assert.deepEqual(a, [0, 100]);
  assert.equal(lim.inForce(f, traits()), a, "same key: the cached array");
  assert.deepEqual(lim.inForce(f, traits({ percentiles: [10, 90] })), [10, 90]);
  assert.deepEqual(lim.inForce(f, traits({ percentiles: null })), [0.5, 99.5], "default percentiles");
});

test("a manual clim wins (made valid for the scale)", () => {
  const lim = createLimits();
  const f = ramp(1, -10, 100);
  assert.deepEqual(lim.inForce(f, traits({ clim: [5, 50] })), [5, 50]);
  assert.deepEqual(lim.inForce(f, traits({ clim: ["5", "50"] })), [5, 50]);
  assert.deepEqual(lim.inForce(f, traits({ clim: [50, 5] })), [5, 50]);
  // log: a non-positive manual minimum becomes the smallest positive value of the frame
  assert.deepEqual(lim.inForce(f, traits({ scale: "log", clim: [-1, 50] })), [f.stats.minPositive, 50]);
  // not two finite numbers: automatic
  assert.deepEqual(lim.inForce(f, traits({ clim: [1, NaN] })), [-10, 100]);
});

test("lock holds the limits in force across frames; turning it off forgets them", () => {
  const lim = createLimits();
  const first = lim.inForce(ramp(1, 0, 100), traits());
  lim.lockChanged(true, first);
  assert.deepEqual(lim.inForce(ramp(2, 500, 600), traits({ lock: true })), [0, 100]);
  lim.lockChanged(false, [0, 100]);
  assert.deepEqual(lim.inForce(ramp(3, 500, 600), traits()), [500, 600]);
});

test("a manual clim set while locked replaces the held limits", () => {
  const lim = createLimits();
  lim.lockChanged(true, [0, 1]);
  assert.deepEqual(lim.inForce(ramp(1, 0, 100), traits({ lock: true, clim: [20, 30] })), [20, 30]);
  // back to automatic while still locked: the limits held are the manual ones
  assert.deepEqual(lim.inForce(ramp(2, 500, 600), traits({ lock: true })), [20, 30]);
});

test("locking with nothing held yet holds the automatic limits of the frame drawn", () => {
  const lim = createLimits();
  lim.lockChanged(true, null);
  assert.deepEqual(lim.inForce(ramp(1, 0, 100), traits({ lock: true })), [0, 100]);
  assert.deepEqual(lim.inForce(ramp(2, 500, 600), traits({ lock: true })), [0, 100]);
});
