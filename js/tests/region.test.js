import { test } from "node:test";
import assert from "node:assert/strict";
import { DIM, boxOf, clampedCell, lassoValue, paintMask, thin } from "../src/region.js";

const geo = { frame: { mode: "grid", rows: 10, cols: 20 } };

test("a box is half-open whichever corner the drag starts from", () => {
  assert.deepEqual(boxOf([2, 5], [4, 9]), [2, 5, 5, 10]);
  assert.deepEqual(boxOf([4, 9], [2, 5]), [2, 5, 5, 10]);
  assert.deepEqual(boxOf([3, 3], [3, 3]), [3, 4, 3, 4]);
});

test("a drag leaving the image is clamped to its edge cells", () => {
  assert.deepEqual(clampedCell(geo, -0.5, 1.7), [9, 0]);
  assert.deepEqual(clampedCell(geo, 1, 0), [0, 19]);
  assert.deepEqual(clampedCell(geo, 0.5, 0.5), [5, 10]);
});

test("a long lasso is thinned, keeping its last vertex", () => {
  const pts = Array.from({ length: 1001 }, (_, i) => [i, i]);
  const out = thin(pts, 400);
  assert.ok(out.length <= 401 && out.length >= 300);
  assert.deepEqual(out[0], [0, 0]);
  assert.deepEqual(out[out.length - 1], [1000, 1000]);
  assert.equal(thin(pts.slice(0, 5), 400).length, 5);
});

test("a lasso value is rounded, without repeats, and needs three vertices", () => {
  assert.deepEqual(lassoValue([[1.234, 2.346], [1.2339, 2.3461], [5, 6], [7, 1]]), [[1.23, 2.35], [5, 6], [7, 1]]);
  assert.equal(lassoValue([[1, 1], [1, 1], [2, 2]]), null);
});

test("a region mask dims the cells outside it and leaves the inside clear", () => {
  const px = new Uint8ClampedArray(12);
  paintMask([1, 0, 1], px);
  assert.deepEqual([...px], [0, 0, 0, 0, ...DIM, 0, 0, 0, 0]);
});
