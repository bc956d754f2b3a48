import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeFrame, isDrawn, validSelection } from "../src/frame.js";

const ad = (Type, dtype, values, shape = [values.length]) => ({
  buffer: new DataView(new Type(values).buffer),
  dtype,
  shape,
});

test("a grid frame decodes to rows x cols with its stats", () => {
  const f = decodeFrame({ id: 4, mode: "grid", data: ad(Float32Array, "float32", [1, 2, NaN, 4, 5, 6], [2, 3]) });
  assert.equal(f.mode, "grid");
  assert.equal(f.id, 4);
  assert.deepEqual([f.rows, f.cols], [2, 3]);
  assert.equal(f.data[5], 6);
  assert.equal(f.stats.hasNaN, true);
  assert.equal(isDrawn(f), true);
});

test("a points frame decodes x, y and values of equal length", () => {
  const f = decodeFrame({
    id: 2,
    mode: "points",
    x: ad(Float64Array, "float64", [0, 1]),
    y: ad(Float64Array, "float64", [2, 3]),
    values: ad(Float32Array, "float32", [7, 8]),
  });
  assert.equal(f.mode, "points");
  assert.equal(f.n, 2);
  assert.equal(f.y[1], 3);
  assert.equal(f.data[0], 7);
  assert.equal(isDrawn(f), true);
});

test("undecodable data becomes a message frame saying so", () => {
  const bad = decodeFrame({ id: 5, mode: "grid", data: ad(Float32Array, "float32", [1, 2]) });
  assert.deepEqual(bad, { id: 5, mode: "message", message: "Cannot decode the image data." });
  const short = decodeFrame({
    id: 6,
    mode: "points",
    x: ad(Float64Array, "float64", [0, 1]),
    y: ad(Float64Array, "float64", [2]),
    values: ad(Float32Array, "float32", [7, 8]),
  });
  assert.deepEqual(short, { id: 6, mode: "message", message: "Cannot decode the point data." });
  assert.equal(isDrawn(short), false);
});

test("message and empty frames; missing id is null", () => {
  const msg = { id: 1, mode: "message", message: "<b>x</b>" };
  assert.deepEqual(decodeFrame(msg), msg);
  assert.deepEqual(decodeFrame({ id: 1, mode: "message" }), { id: 1, mode: "message", message: "" });
  assert.deepEqual(decodeFrame(null), { id: null, mode: "empty" });
  assert.deepEqual(decodeFrame({ id: 3, mode: "nonsense" }), { id: 3, mode: "empty" });
});

test("the selection must name a cell or point of the frame", () => {
  const grid = { id: 1, mode: "grid", rows: 2, cols: 3 };
  assert.deepEqual(validSelection([1, 2], grid), [1, 2]);
  assert.deepEqual(validSelection(["1", "0"], grid), [1, 0]);
  assert.equal(validSelection([2, 0], grid), null);
  assert.equal(validSelection([0, -1], grid), null);
  assert.equal(validSelection([1], grid), null);
  assert.equal(validSelection(null, grid), null);
  const points = { id: 1, mode: "points", n: 4 };
  assert.deepEqual(validSelection([3], points), [3]);
  assert.equal(validSelection([4], points), null);
  assert.equal(validSelection([], points), null);
  assert.equal(validSelection([0], { id: 1, mode: "message" }), null);
});
