import { test } from "node:test";
import assert from "node:assert/strict";
import { boxToFull, fractionOf, layout, pointAt, toFrame, toFull, viewOf } from "../src/cells.js";
import { validSelection } from "../src/frame.js";
import { cellText } from "../src/pointer.js";

// A 2100 x 1500 image zoomed to rows 1000.. and cols 200.., binned by 3: 100 x 167 cells.
const zoomed = { mode: "grid", rows: 100, cols: 167, binning: 3, full: [2100, 1500], offset: [1000, 200] };
const plain = { mode: "grid", rows: 4, cols: 6 };

test("a frame without zoom or binning is the whole image", () => {
  assert.deepEqual(layout(plain), { rows: 4, cols: 6, r0: 0, c0: 0, f: 1 });
  assert.deepEqual(viewOf(plain), [0, 4, 0, 6]);
  assert.deepEqual(toFull(plain, [2, 5]), [2, 5]);
  assert.deepEqual(toFrame(plain, [2, 5]), [2, 5]);
});

test("a binned cell selects the middle of its block, and the block maps back to it", () => {
  assert.deepEqual(toFull(zoomed, [10, 20]), [1031, 261]);
  assert.deepEqual(toFrame(zoomed, [1031, 261]), [10, 20]);
  assert.deepEqual(toFrame(zoomed, [1030, 260]), [10, 20]);
  assert.deepEqual(toFrame(zoomed, [1033, 260]), [11, 20]);
});

test("cells outside the window are not on the frame", () => {
  assert.equal(toFrame(zoomed, [999, 300]), null);
  assert.equal(toFrame(zoomed, [1100, 200 + 167 * 3]), null);
  assert.deepEqual(viewOf(zoomed), [1000, 1300, 200, 701]);
});

test("the last block of an image is clipped to the image", () => {
  const edge = { mode: "grid", rows: 700, cols: 500, binning: 3, full: [2099, 1500], offset: [0, 0] };
  assert.deepEqual(toFull(edge, [699, 499]), [2098, 1498]);
  assert.deepEqual(boxToFull(edge, [698, 700, 0, 1]), [2094, 2099, 0, 3]);
  assert.deepEqual(viewOf(edge), [0, 2099, 0, 1500]);
});

test("fractions of the box and full-resolution points are inverse", () => {
  const [fx, fy] = fractionOf(zoomed, 1150, 450.5);
  assert.ok(Math.abs(fy - 0.5) < 1e-12 && Math.abs(fx - 250.5 / 501) < 1e-12);
  const [r, c] = pointAt(zoomed, fx, fy);
  assert.ok(Math.abs(r - 1150) < 1e-9 && Math.abs(c - 450.5) < 1e-9);
});

test("the selection trait is a full-resolution cell, shown on the frame cell holding it", () => {
  assert.deepEqual(validSelection([1031, 261], zoomed), [10, 20]);
  assert.equal(validSelection([10, 20], zoomed), null); // in the image, outside the window
  assert.equal(validSelection([2100, 0], zoomed), null); // outside the image
});

test("the readout names full-resolution rows and columns", () => {
  assert.equal(cellText(plain, 1, 2), "row 1, col 2");
  assert.equal(cellText(zoomed, 10, 20), "rows 1030\u20131032, cols 260\u2013262 (mean)");
  assert.equal(cellText({ ...plain, offset: [5, 7], full: [20, 20] }, 0, 1), "row 5, col 8");
});
