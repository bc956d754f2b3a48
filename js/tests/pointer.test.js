import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAxis, pointAxis } from "../src/axes.js";
import { ARROWS, arrowTarget, cellAt, createPointer, describeCell, nearestPoint, pointInDirection } from "../src/pointer.js";
import { fakeEvent, installDom } from "./fake-dom.js";

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
  assert.equal(describeCell(bare, [0, 0], "V"), "index = 0, index = 0: NaN (row 0, col 0)");
  const pts = latticeGeo();
  pts.frame.data[7] = -2.5;
  const xa = pointAxis({ label: "X", units: "m" }, pts.frame.x);
  const named = { ...pts, xa, ya: pointAxis({ units: "m" }, pts.frame.y) };
  assert.equal(describeCell(named, [7], "nA"), "X = 1 m, ? = 2 m: -2.5 nA (point 7)");
  // each value in the prefix that suits it: metres of a micrometre scan, picometres
  const um = gridGeo(2, 2, {
    x: { label: "X", units: "m", values: f64([0, 1e-6]) },
    y: { label: "Y", units: "m", values: f64([0, 1.3333e-6]) },
    data: new Float32Array([0, 0, 0, 5.333e-11]),
  });
  assert.equal(describeCell(um, [1, 1], "m"), "X = 1 µm, Y = 1.333 µm: 53.33 pm (row 1, col 1)");
  // a coordinate in its axis caption's unit: the origin of a micrometre scan in µm
  assert.equal(describeCell(um, [0, 0], "m"), "X = 0 µm, Y = 0 µm: 0 m (row 0, col 0)");
  // 0.8 nm on an axis of 0-1.55 nm reads as the axis does, not as 800 pm
  const nm = gridGeo(2, 32, {
    x: { label: "x", units: "m", values: f64(Array.from({ length: 32 }, (_, i) => i * 5e-11)) },
    y: { label: "y", units: "m", values: f64([1.2e-9, 1.25e-9]) },
    data: new Float32Array(64),
  });
  assert.equal(describeCell(nm, [0, 16], ""), "x = 0.8 nm, y = 1.2 nm: 0 (row 0, col 16)");
});

// --- the pointer driven through its props and callbacks, on a fake DOM, without a model ---

/**
 * A pointer over `geo`, its canvas 10 px a frame cell at (10, 20) on the page.
 * @param {any} geo
 */
function mountPointer(geo) {
  const dom = installDom();
  const canvas = dom.document.createElement("canvas");
  canvas.rect = { left: 10, top: 20, width: geo.w, height: geo.h };
  const overlay = dom.document.createElement("canvas");
  const readout = dom.document.createElement("div");
  const selected = [];
  const pointer = createPointer({
    canvas,
    overlay,
    readout,
    geometry: () => geo,
    onSelect: (cell) => selected.push(cell),
  });
  return { dom, canvas, readout, selected, pointer };
}

/** A 4 x 6 frame showing rows 2..9, cols 4..15 of a 20 x 30 image binned by 2. */
function binnedGeo() {
  const frame = {
    id: 1,
    mode: "grid",
    rows: 4,
    cols: 6,
    data: new Float32Array(24).map((_, i) => i),
    binning: 2,
    full: [20, 30],
    offset: [2, 4],
  };
  return { frame, xa: gridAxis({}, 6), ya: gridAxis({}, 4), w: 60, h: 40 };
}

test("a click on a binned frame calls onSelect with the middle full-image cell of its block", () => {
  const { dom, canvas, selected, pointer } = mountPointer(binnedGeo());
  // frame cell (2, 3): rows 6-7, cols 10-11 of the image
  canvas.dispatchEvent(fakeEvent("click", { clientX: 10 + 35, clientY: 20 + 25 }));
  assert.deepEqual(selected, [[7, 11]]);
  assert.equal(dom.document.activeElement, canvas, "the click focuses the image (for the keys)");
  canvas.dispatchEvent(fakeEvent("click", { clientX: 10 + 61, clientY: 20 + 5 })); // right of the image
  assert.deepEqual(selected, [[7, 11]], "no selection outside the image");
  pointer.dispose();
  dom.restore();
});

test("the selection shown is the prop: the readout names the block of a binned cell", () => {
  const { dom, canvas, readout, selected, pointer } = mountPointer(binnedGeo());
  pointer.show({ selected: [7, 11], units: "V" });
  assert.equal(readout.textContent, "index = 3, index = 2: 15 V (rows 6\u20137, cols 10\u201311 (mean))");
  assert.equal(readout.classList.contains("usidw-readout-hover"), false);
  canvas.dispatchEvent(fakeEvent("mousemove", { clientX: 10 + 5, clientY: 20 + 5 }));
  assert.match(readout.textContent, /: 0 V \(rows 2\u20133, cols 4\u20135 \(mean\)\)$/);
  assert.equal(readout.classList.contains("usidw-readout-hover"), true);
  canvas.dispatchEvent(fakeEvent("mouseleave"));
  assert.match(readout.textContent, /rows 6\u20137/, "back to the selection");
  pointer.show({ selected: [0, 0], units: "V" }); // not in the frame's window
  assert.equal(readout.textContent, "\u00a0");
  assert.deepEqual(selected, [], "showing a selection reports nothing");
  pointer.dispose();
  dom.restore();
});

test("arrow keys report the next full-image cell from the selection prop", () => {
  const { dom, canvas, selected, pointer } = mountPointer(binnedGeo());
  pointer.show({ selected: [7, 11], units: "" });
  const right = fakeEvent("keydown", { key: "ArrowRight" });
  canvas.dispatchEvent(right);
  assert.deepEqual(selected, [[7, 13]]);
  assert.equal(right.defaultPrevented, true);
  // the owner has not shown the new selection yet: the next key starts from the prop again
  canvas.dispatchEvent(fakeEvent("keydown", { key: "ArrowDown", shiftKey: true }));
  assert.deepEqual(selected[1], [9, 11], "Shift: 10 cells, clamped to the frame");
  const other = fakeEvent("keydown", { key: "a" });
  canvas.dispatchEvent(other);
  assert.equal(selected.length, 2);
  assert.equal(other.defaultPrevented, false);
  pointer.dispose();
  dom.restore();
});

test("on a point cloud a click reports the nearest point", () => {
  const geo = latticeGeo();
  const { dom, canvas, selected, pointer } = mountPointer(geo);
  const at = (v) => ((v + 0.08) / 2.16) * 100;
  canvas.dispatchEvent(fakeEvent("click", { clientX: 10 + at(2) + 3, clientY: 20 + at(1) - 2 }));
  assert.deepEqual(selected, [[5]]);
  pointer.dispose();
  dom.restore();
});

test("the pointer's listeners are gone after dispose", () => {
  const { dom, canvas, pointer } = mountPointer(binnedGeo());
  assert.ok(canvas.listeners.length >= 4);
  pointer.dispose();
  assert.equal(dom.listenerCount(), 0, dom.listenersLeft().join("; "));
  dom.restore();
});
