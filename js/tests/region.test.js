import { test } from "node:test";
import assert from "node:assert/strict";
import { DIM, boxOf, boxPolygon, clampedCell, lassoValue, paintMask, regionFraction, regionPoint, thin } from "../src/region.js";

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
  assert.deepEqual(lassoValue([[1.234, 2.346], [1.234000001, 2.346000001], [5, 6], [7, 1]]), [[1.234, 2.346], [5, 6], [7, 1]]);
  // data units of a point cloud keep their precision
  assert.deepEqual(lassoValue([[1.5e-9, 2e-9], [3.25e-9, 1e-9], [2e-9, 4.125e-9]]), [[1.5e-9, 2e-9], [3.25e-9, 1e-9], [2e-9, 4.125e-9]]);
  assert.equal(lassoValue([[1, 1], [1, 1], [2, 2]]), null);
});

test("a region mask dims the cells outside it and leaves the inside clear", () => {
  const px = new Uint8ClampedArray(12);
  paintMask([1, 0, 1], px);
  assert.deepEqual([...px], [0, 0, 0, 0, ...DIM, 0, 0, 0, 0]);
});

test("on a point cloud, region points are data units and map back to the same place", () => {
  const geo = {
    frame: { mode: "points", n: 3 },
    xa: { a: 0, b: 10, frac: (v) => v / 10 },
    ya: { a: 5, b: -5, frac: (v) => (v - 5) / -10 },
  };
  assert.deepEqual(regionPoint(geo, 0.25, 0.5), [0, 2.5]);
  assert.deepEqual(regionFraction(geo, [0, 2.5]), [0.25, 0.5]);
  const grid = { frame: { mode: "grid", rows: 10, cols: 20 } };
  assert.deepEqual(regionPoint(grid, 0.5, 0.25), [2.5, 10]);
  assert.deepEqual(boxPolygon([1, 2], [3, 4]), [[1, 2], [1, 4], [3, 4], [3, 2]]);
});
