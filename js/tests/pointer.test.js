import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAxis, pointAxis } from "../src/axes.js";
import { ARROWS, arrowTarget, cellAt, describeCell, nearestPoint, pointInDirection } from "../src/pointer.js";

const f64 = (values) => ({
  buffer: new DataView(new Float64Array(values).buffer),
  dtype: "float64",
  shape: [values.length],
});

function gridGeo(rows, cols, { x = {}, y = {}, data } = {}) {
  const frame = { id: 1, mode: "grid", rows, cols, data: data || new Float32Array(rows * cols) };
  return { frame, xa: gridAxis(x, cols), ya: gridAxis(y, rows), w: 200, h: 100 };
}

/** Points on a 3 x 3 lattice, index = 3 * row + col, y downward. */
function latticeGeo() {
  const x = [];
  const y = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) x.push(c), y.push(r);
  const frame = { id: 1, mode: "points", n: 9, x: new Float64Array(x), y: new Float64Array(y) };
  frame.data = new Float32Array(9);
  return { frame, xa: pointAxis({}, frame.x), ya: pointAxis({}, frame.y), w: 100, h: 100 };
}

test("cellAt: the cell under a fraction of the box, null outside", () => {
  const geo = gridGeo(4, 8);
  assert.deepEqual(cellAt(geo, 0, 0), [0, 0]);
  assert.deepEqual(cellAt(geo, 0.999, 0.999), [3, 7]);
  assert.deepEqual(cellAt(geo, 0.5, 0.25), [1, 4]);
  assert.equal(cellAt(geo, 1, 0.5), null);
  assert.equal(cellAt(geo, -0.01, 0.5), null);
});

test("nearestPoint: the closest point in screen space and its distance", () => {
  const geo = latticeGeo();
  // lattice 0..2 padded by 0.08: point (c, r) at ((c + 0.08) / 2.16) * 100
  const at = (v) => ((v + 0.08) / 2.16) * 100;
  assert.deepEqual(nearestPoint(geo, at(2), at(1)), { index: 5, dist: 0 });
  const p = nearestPoint(geo, at(1) + 3, at(1) + 4);
  assert.equal(p.index, 4);
  assert.ok(Math.abs(p.dist - 5) < 1e-9);
  const empty = { ...geo, frame: { ...geo.frame, n: 0 } };
  assert.equal(nearestPoint(empty, 0, 0), null);
});

test("pointInDirection: the next point along an arrow, -1 at the edge", () => {
  const geo = latticeGeo();
  assert.equal(pointInDirection(geo, 4, ...ARROWS.ArrowRight), 5);
  assert.equal(pointInDirection(geo, 4, ...ARROWS.ArrowLeft), 3);
  assert.equal(pointInDirection(geo, 4, ...ARROWS.ArrowUp), 1);
  assert.equal(pointInDirection(geo, 4, ...ARROWS.ArrowDown), 7);
  assert.equal(pointInDirection(geo, 5, ...ARROWS.ArrowRight), -1);
  assert.equal(pointInDirection(geo, 2, ...ARROWS.ArrowRight), -1);
  // points on the line beat points beside it at the same distance ahead
  assert.equal(pointInDirection(geo, 0, ...ARROWS.ArrowDown), 3);
});

test("arrowTarget on a grid: one cell (10 with Shift), clamped; the middle cell first", () => {
  const geo = gridGeo(20, 30);
  assert.deepEqual(arrowTarget(geo, null, ARROWS.ArrowUp, false), [10, 15]);
  assert.deepEqual(arrowTarget(geo, [5, 5], ARROWS.ArrowRight, false), [5, 6]);
  assert.deepEqual(arrowTarget(geo, [5, 5], ARROWS.ArrowUp, false), [4, 5]);
  assert.deepEqual(arrowTarget(geo, [5, 5], ARROWS.ArrowDown, true), [15, 5]);
  assert.deepEqual(arrowTarget(geo, [5, 5], ARROWS.ArrowLeft, true), [5, 0]);
  assert.deepEqual(arrowTarget(geo, [19, 29], ARROWS.ArrowDown, true), [19, 29]);
});

test("arrowTarget on points: point 0 first, then the next point; null when none", () => {
  const geo = latticeGeo();
  assert.deepEqual(arrowTarget(geo, null, ARROWS.ArrowLeft, false), [0]);
  assert.deepEqual(arrowTarget(geo, [0], ARROWS.ArrowRight, false), [1]);
  assert.equal(arrowTarget(geo, [2], ARROWS.ArrowRight, false), null);
  assert.equal(arrowTarget({ ...geo, frame: { ...geo.frame, n: 0 } }, null, ARROWS.ArrowUp, false), null);
  assert.equal(arrowTarget({ ...geo, frame: { id: 1, mode: "message" } }, null, ARROWS.ArrowUp, false), null);
});

test("readout text: physical coordinates, value with units, cell or point index", () => {
  const data = new Float32Array(6 * 4);
  data[3 * 6 + 5] = 12.3;
  const geo = gridGeo(4, 6, {
    x: { label: "X", units: "nm", values: f64([0, 0.25, 0.5, 0.75, 1, 1.25]) },
    y: { label: "Y", units: "nm", values: f64([0, 1, 2, 3]) },
    data,
  });
  assert.equal(describeCell(geo, [3, 5], "a.u."), "X = 1.25 nm, Y = 3 nm: 12.3 a.u. (row 3, col 5)");
  assert.equal(describeCell(geo, [0, 0], ""), "X = 0 nm, Y = 0 nm: 0 (row 0, col 0)");
  const bare = gridGeo(2, 2, { data: new Float32Array([NaN, 1, 2, 3]) });
  assert.equal(describeCell(bare, [0, 0], "V"), "index = 0, index = 0: NaN V (row 0, col 0)");
  const pts = latticeGeo();
  pts.frame.data[7] = -2.5;
  const xa = pointAxis({ label: "X", units: "m" }, pts.frame.x);
  const named = { ...pts, xa, ya: pointAxis({ units: "m" }, pts.frame.y) };
  assert.equal(describeCell(named, [7], "nA"), "X = 1 m, ? = 2 m: -2.5 nA (point 7)");
});
