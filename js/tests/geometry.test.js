import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAxis, pointAxis } from "../src/axes.js";
import {
  DECO_WIDTH,
  HEIGHT_RESERVE,
  MAX_SIZE,
  MIN_SIZE,
  displaySide,
  fitSize,
  imageBox,
  imageRatio,
  pointRadius,
  toScreen,
} from "../src/geometry.js";

const f64 = (values) => ({
  buffer: new DataView(new Float64Array(values).buffer),
  dtype: "float64",
  shape: [values.length],
});
const range = (n, step, units = "nm") => ({
  label: "",
  units,
  values: f64(Array.from({ length: n }, (_, i) => i * step)),
});

test("image box: the longer side gets the size, ratios clamped to [1/8, 8]", () => {
  assert.deepEqual(imageBox(440, 1), { w: 440, h: 440 });
  assert.deepEqual(imageBox(440, 0.5), { w: 440, h: 220 });
  assert.deepEqual(imageBox(440, 2), { w: 220, h: 440 });
  assert.deepEqual(imageBox(440, 100), { w: 55, h: 440 });
  assert.deepEqual(imageBox(440, 0.001), { w: 440, h: 55 });
  for (const bad of [0, -1, NaN, Infinity]) assert.deepEqual(imageBox(300, bad), { w: 300, h: 300 });
});

test("equal aspect of a grid follows the physical spacing when x and y share units", () => {
  const frame = { id: 1, mode: "grid", rows: 10, cols: 20 };
  const xa = gridAxis(range(20, 1), 20);
  const ya = gridAxis(range(10, 4), 10); // 4 nm rows, 1 nm columns: 40 nm high, 20 nm wide
  assert.equal(imageRatio(frame, xa, ya, true), 2);
  assert.equal(imageRatio(frame, xa, ya, false), 1);
  // different units: square cells
  const yv = gridAxis(range(10, 4, "V"), 10);
  assert.equal(imageRatio(frame, xa, yv, true), 0.5);
  // one axis without values (index): square cells too
  assert.equal(imageRatio(frame, xa, gridAxis({}, 10), true), 0.5);
});

test("equal aspect of a point cloud follows its padded data range", () => {
  const frame = { id: 1, mode: "points", n: 2 };
  const xa = pointAxis({ units: "m" }, [0, 10]);
  const ya = pointAxis({ units: "m" }, [0, 5]);
  assert.equal(imageRatio(frame, xa, ya, true), (ya.b - ya.a) / (xa.b - xa.a));
  assert.equal(imageRatio(frame, xa, pointAxis({ units: "V" }, [0, 5]), true), 1);
  assert.equal(imageRatio(frame, xa, ya, false), 1);
});

test("the image shrinks with the widget width, between MIN_SIZE and MAX_SIZE, ignoring jitter", () => {
  assert.equal(fitSize(2000, MAX_SIZE), MAX_SIZE);
  assert.equal(fitSize(DECO_WIDTH + 300.7, MAX_SIZE), 300);
  assert.equal(fitSize(DECO_WIDTH + 301, 300), 300, "1 px change ignored");
  assert.equal(fitSize(DECO_WIDTH + 302, 300), 302);
  assert.equal(fitSize(50, MAX_SIZE), MIN_SIZE);
  assert.equal(fitSize(0, 321), 321, "unknown width (hidden)");
  assert.equal(fitSize(NaN, 321), 321);
});

test("the image's side leaves HEIGHT_RESERVE of the window's height to the rest", () => {
  assert.equal(fitSize(2000, MAX_SIZE, 1000), MAX_SIZE, "a 1000 px window holds the largest");
  assert.equal(fitSize(2000, MAX_SIZE, 768), 768 - HEIGHT_RESERVE);
  assert.equal(fitSize(DECO_WIDTH + 200, MAX_SIZE, 768), 200, "the width still decides below that");
  assert.equal(fitSize(2000, MAX_SIZE, 300), MIN_SIZE, "never below MIN_SIZE");
  assert.equal(fitSize(2000, MAX_SIZE, NaN), MAX_SIZE, "unknown height: the width decides");
  assert.ok(1000 - HEIGHT_RESERVE >= MAX_SIZE && 768 - HEIGHT_RESERVE < MAX_SIZE);
});

test("points land at their axis fraction of the box; marker radius from their density", () => {
  const frame = { id: 1, mode: "points", n: 3, x: new Float64Array([0, 10, 5]), y: new Float64Array([0, 10, 5]) };
  const xa = pointAxis({}, frame.x);
  const ya = pointAxis({}, frame.y);
  const geo = { frame, xa, ya, w: 200, h: 100 };
  const [x0, y0] = toScreen(geo, 0);
  assert.ok(Math.abs(x0 - 200 * (0.4 / 10.8)) < 1e-9 && Math.abs(y0 - 100 * (0.4 / 10.8)) < 1e-9);
  assert.deepEqual(toScreen(geo, 2), [100, 50]);
  assert.equal(pointRadius(geo), 7, "few points: capped at 7 px");
  assert.equal(pointRadius({ ...geo, frame: { ...frame, n: 1e6 } }), 1.5, "many points: at least 1.5 px");
  assert.equal(pointRadius({ ...geo, frame: { ...frame, n: 400 } }), 0.45 * Math.sqrt(50));
});

test("the side the kernel bins frames to is the box's side in device pixels", () => {
  assert.equal(displaySide(MAX_SIZE, 1), MAX_SIZE);
  assert.equal(displaySide(368, 2), 736);
  assert.equal(displaySide(300, 1.25), 375);
  assert.equal(displaySide(301, 1.5), 452, "rounded to whole device pixels");
  assert.equal(displaySide(0, 1), 1);
});
