import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAxis, pointAxis } from "../src/axes.js";
import { drawCrosshair } from "../src/crosshair.js";

/** An overlay canvas whose context records calls by name. */
function fakeOverlay() {
  const calls = [];
  const ctx = new Proxy(
    {},
    {
      get: (_, name) => (...args) => calls.push([name, ...args]),
      set: () => true,
    },
  );
  return { calls, canvas: { width: 0, height: 0, getContext: () => ctx } };
}

const gridGeo = (rows, cols, w, h) => {
  const frame = { id: 1, mode: "grid", rows, cols };
  return { frame, xa: gridAxis({}, cols), ya: gridAxis({}, rows), w, h };
};

test("the overlay matches the box and is cleared; nothing else without a selection", () => {
  const { canvas, calls } = fakeOverlay();
  drawCrosshair(canvas, gridGeo(4, 4, 200, 100), null);
  assert.deepEqual([canvas.width, canvas.height], [200, 100]);
  assert.deepEqual(
    calls.map((c) => c[0]),
    ["setTransform", "clearRect"],
  );
});

test("grid: crosshair through the cell centre with a gap, a box around large cells", () => {
  const { canvas, calls } = fakeOverlay();
  drawCrosshair(canvas, gridGeo(4, 4, 200, 100), [1, 2]); // cells 50 x 25, centre (125, 37.5)
  const rects = calls.filter((c) => c[0] === "rect");
  assert.deepEqual(rects, [
    ["rect", 100, 25, 50, 25],
    ["rect", 100, 25, 50, 25],
  ]);
  assert.equal(calls.filter((c) => c[0] === "stroke").length, 2, "dark halo, then light line");
  const gap = 25 / 2 + 3;
  assert.ok(calls.some((c) => c[0] === "lineTo" && c[1] === 125 - gap && c[2] === 37.5));
  const small = fakeOverlay();
  drawCrosshair(small.canvas, gridGeo(100, 100, 200, 200), [1, 2]); // 2 px cells
  assert.equal(small.calls.filter((c) => c[0] === "rect").length, 0);
});

test("points: a ring around the selected point", () => {
  const frame = { id: 1, mode: "points", n: 2, x: new Float64Array([0, 10]), y: new Float64Array([0, 10]) };
  const geo = { frame, xa: pointAxis({}, frame.x), ya: pointAxis({}, frame.y), w: 100, h: 100 };
  const { canvas, calls } = fakeOverlay();
  drawCrosshair(canvas, geo, [1]);
  const arcs = calls.filter((c) => c[0] === "arc");
  assert.equal(arcs.length, 2);
  assert.ok(Math.abs(arcs[0][1] - geo.xa.frac(10) * 100) < 1e-9);
  assert.equal(arcs[0][3], 7 + 3);
});
