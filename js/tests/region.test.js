import { test } from "node:test";
import assert from "node:assert/strict";
import { boxOf, clampedCell } from "../src/region.js";

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
