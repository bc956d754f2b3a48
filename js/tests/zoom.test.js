import { test } from "node:test";
import assert from "node:assert/strict";
import { MIN_CELLS, boxWindow, clampWindow, keyWindow, panWindow, pointBox, pointZoom, previewTransform, zoomAbout } from "../src/zoom.js";

test("a window covering the whole image is no zoom", () => {
  assert.deepEqual(clampWindow([0, 100, 0, 50], 100, 50), []);
  assert.deepEqual(clampWindow([-10, 130, -1, 60], 100, 50), []);
});

test("a window keeps its size and is shifted back inside the image", () => {
  assert.deepEqual(clampWindow([-5, 15, 40, 60], 100, 50), [0, 20, 30, 50]);
  assert.deepEqual(clampWindow([90.4, 110.4, 0, 10], 100, 50), [80, 100, 0, 10]);
});

test("a window is at least MIN_CELLS a side (or the image's side when smaller)", () => {
  assert.deepEqual(clampWindow([10, 10.2, 5, 5.1], 100, 50), [9, 9 + MIN_CELLS, 4, 4 + MIN_CELLS]);
  assert.deepEqual(clampWindow([0, 1, 3, 4], 1, 50), [0, 1, 3, 5]);
});

test("zooming about a point keeps that point where it was", () => {
  const w = zoomAbout([0, 100, 0, 100], 25, 75, 2, 100, 100);
  assert.deepEqual(w, [13, 63, 38, 88]);
  // the point's fraction of the window stays (up to rounding to whole cells)
  assert.ok(Math.abs((25 - w[0]) / 50 - 0.25) < 0.02 && Math.abs((75 - w[2]) / 50 - 0.75) < 0.02);
  assert.deepEqual(zoomAbout(w, 25, 75, 0.1, 100, 100), []); // zooming far out: the whole image
});

test("panning moves the window and stops at the edges", () => {
  assert.deepEqual(panWindow([10, 30, 10, 30], 5, -3, 100, 100), [15, 35, 7, 27]);
  assert.deepEqual(panWindow([10, 30, 10, 30], -50, 500, 100, 100), [0, 20, 80, 100]);
});

test("a dragged box takes every cell it touches, either corner first", () => {
  assert.deepEqual(boxWindow([2.5, 3.2], [7.1, 9.9], 20, 20), [2, 8, 3, 10]);
  assert.deepEqual(boxWindow([7.1, 9.9], [2.5, 3.2], 20, 20), [2, 8, 3, 10]);
});

test("the preview stretches the frame so that the target window fills the box", () => {
  const frame = { mode: "grid", rows: 100, cols: 200 };
  assert.equal(previewTransform(frame, [25, 75, 50, 150], 400, 200), "translate(-200px, -100px) scale(2, 2)");
  assert.equal(previewTransform(frame, [], 400, 200), "translate(0px, 0px) scale(1, 1)");
});

test("zoom keys zoom about the selected cell, or the centre when it is not on screen", () => {
  assert.deepEqual(keyWindow("+", [0, 100, 0, 100], [9, 89], 100, 100), [5, 55, 45, 95]);
  assert.deepEqual(keyWindow("+", [0, 100, 0, 100], null, 100, 100), [25, 75, 25, 75]);
  assert.deepEqual(keyWindow("=", [0, 40, 0, 40], [200, 200], 100, 100), [10, 30, 10, 30]);
  assert.deepEqual(keyWindow("-", [10, 30, 10, 30], null, 100, 100), [0, 40, 0, 40]);
  assert.deepEqual(keyWindow("0", [10, 30, 10, 30], null, 100, 100), []);
  assert.equal(keyWindow("a", [0, 100, 0, 100], null, 100, 100), null);
});

test("a point-cloud box keeps the axes' orientation and needs an extent", () => {
  const axes = { xa: { a: 0, b: 10 }, ya: { a: 5, b: -5 } }; // y grows upward on screen
  assert.deepEqual(pointBox(axes, [1, 2], [-3, 6]), { x: [2, 6], y: [1, -3] });
  assert.equal(pointBox(axes, [1, 2], [1, 6]), null);
});

test("a point-cloud view zooms about a point and pans by a data offset", () => {
  const axes = { xa: { a: 0, b: 10 }, ya: { a: 5, b: -5 } };
  assert.deepEqual(pointZoom(axes, 0, 2, 2), { x: [1, 6], y: [2.5, -2.5] });
  assert.deepEqual(pointZoom(axes, 0, 0, 1, 1, -2), { x: [-2, 8], y: [6, -4] });
});
