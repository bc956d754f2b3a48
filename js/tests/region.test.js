import { test } from "node:test";
import assert from "node:assert/strict";
import { DIM, boxOf, boxPolygon, clampedCell, createRegion, lassoValue, paintMask, regionFraction, regionPoint, thin } from "../src/region.js";
import { byClass, fakeEvent, installDom } from "./fake-dom.js";

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

// --- regions driven through their props and callbacks, on a fake DOM, without a model ---

const NONE = Object.freeze({ roi: [], lasso: [], mask: {}, dragMode: "zoom" });

/** A 4 x 6 frame of an 8 x 12 image binned by 2, drawn 60 x 40 px (10 px a cell). */
function binnedGrid() {
  return {
    frame: { id: 1, mode: "grid", rows: 4, cols: 6, binning: 2, full: [8, 12], offset: [0, 0] },
    w: 60,
    h: 40,
  };
}

/** A region over `geo` whose callbacks log [name, value]; a later click listener logs "click". */
function mountRegion(geo) {
  const dom = installDom();
  const doc = dom.document;
  const root = doc.createElement("div");
  const stack = doc.createElement("div");
  const canvas = doc.createElement("canvas");
  stack.appendChild(canvas);
  root.appendChild(stack);
  canvas.rect = { left: 0, top: 0, width: geo.w, height: geo.h };
  const calls = [];
  const region = createRegion({
    canvas,
    stack,
    root,
    geometry: () => geo,
    onRegion: (box) => calls.push(["region", box]),
    onLasso: (polygon) => calls.push(["lasso", polygon]),
    onClear: () => calls.push(["clear"]),
  });
  canvas.addEventListener("click", () => calls.push(["click"])); // the selection, after the region
  /** Drag from one point to the others (canvas px), then release and click there. */
  const drag = (points, init = {}) => {
    const [x0, y0] = points[0];
    canvas.dispatchEvent(fakeEvent("mousedown", { clientX: x0, clientY: y0, ...init }));
    for (const [x, y] of points.slice(1)) dom.window.dispatchEvent(fakeEvent("mousemove", { clientX: x, clientY: y }));
    const [x1, y1] = points[points.length - 1];
    dom.window.dispatchEvent(fakeEvent("mouseup", { clientX: x1, clientY: y1 }));
    canvas.dispatchEvent(fakeEvent("click", { clientX: x1, clientY: y1 }));
  };
  return { dom, root, canvas, calls, region, drag };
}

test("a Shift + drag on a binned frame calls onRegion with the half-open full-image box", () => {
  const { dom, root, canvas, calls, region } = mountRegion(binnedGrid());
  region.show(NONE);
  canvas.dispatchEvent(fakeEvent("mousedown", { clientX: 5, clientY: 5, shiftKey: true }));
  assert.equal(dom.window.listeners.length, 2, "the drag follows the mouse on the window");
  dom.window.dispatchEvent(fakeEvent("mousemove", { clientX: 35, clientY: 25 }));
  const rect = byClass(root, "usidw-region");
  assert.equal(rect.style.display, "block", "the box is drawn while dragging");
  assert.ok(Math.abs(parseFloat(rect.style.width) - 200 / 3) < 1e-9, rect.style.width);
  dom.window.dispatchEvent(fakeEvent("mouseup", { clientX: 35, clientY: 25 }));
  assert.equal(dom.window.listeners.length, 0);
  canvas.dispatchEvent(fakeEvent("click", { clientX: 35, clientY: 25 }));
  // frame cells (0, 0) to (2, 3): rows 0-2, cols 0-3 of the frame, twice that in the image
  assert.deepEqual(calls, [["region", [0, 6, 0, 8]]], "the click ending the drag is no selection");
  canvas.dispatchEvent(fakeEvent("click", { clientX: 35, clientY: 25 }));
  assert.deepEqual(calls.at(-1), ["click"], "a later click is");
  region.dispose();
  dom.restore();
});

test("a drag in rectangle mode is a rectangle too, from either corner; zoom mode leaves drags alone", () => {
  const { dom, calls, region, drag } = mountRegion(binnedGrid());
  region.show({ ...NONE, dragMode: "rectangle" });
  drag([[59, 39], [25, 15]]);
  assert.deepEqual(calls, [["region", [2, 8, 4, 12]]]);
  calls.length = 0;
  region.show(NONE); // zoom mode
  drag([[5, 5], [35, 25]]);
  assert.deepEqual(calls, [["click"]]);
  region.dispose();
  dom.restore();
});

test("a lasso calls onLasso with its vertices in full-image cell units", () => {
  const { dom, calls, region, drag } = mountRegion(binnedGrid());
  region.show({ ...NONE, dragMode: "lasso" });
  drag([[10, 10], [10.5, 10.5], [40, 10], [40, 30], [10, 30]]);
  // 1 frame px = 0.2 image cells; the step under 2 px adds no vertex
  assert.deepEqual(calls, [["lasso", [[2, 2], [2, 8], [6, 8], [6, 2]]]]);
  calls.length = 0;
  drag([[10, 10], [11, 10]]); // no area: nothing reported, no click either (no vertex added)
  assert.deepEqual(calls, [["click"]]);
  region.dispose();
  dom.restore();
});

test("on a point cloud a rectangle is reported as a lasso in data units", () => {
  const geo = {
    frame: { id: 1, mode: "points", n: 3 },
    xa: { a: 0, b: 10, frac: (v) => v / 10 },
    ya: { a: 5, b: -5, frac: (v) => (v - 5) / -10 },
    w: 100,
    h: 100,
  };
  const { dom, calls, region, drag } = mountRegion(geo);
  region.show(NONE);
  drag([[0, 0], [50, 25]], { shiftKey: true });
  assert.deepEqual(calls, [["lasso", [[5, 0], [5, 5], [2.5, 5], [2.5, 0]]]]);
  region.dispose();
  dom.restore();
});

test("the region shown is the prop; Escape and Clear region call onClear only with a region", () => {
  const { dom, root, canvas, calls, region } = mountRegion(binnedGrid());
  const clear = byClass(root, "usidw-clear-region");
  region.show(NONE);
  assert.equal(clear.style.display, "none");
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.deepEqual(calls, []);
  region.show({ ...NONE, roi: [2, 6, 0, 6] });
  const rect = byClass(root, "usidw-region");
  assert.deepEqual([rect.style.display, rect.style.left, rect.style.top, rect.style.width, rect.style.height], ["block", "0%", "25%", "50%", "50%"]);
  assert.equal(clear.style.display, "");
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  clear.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(calls, [["clear"], ["clear"]]);
  region.show({ ...NONE, lasso: [[0, 0], [0, 6], [4, 3]] });
  assert.equal(rect.style.display, "none");
  assert.equal(byClass(root, "usidw-lasso").style.display, "block");
  assert.equal(byClass(root, "usidw-lasso-shape").getAttribute("points"), "0,0 0.5,0 0.25,0.5");
  // a mask from Python (here one the frame's shape does not match) can be cleared as well
  region.show({ ...NONE, mask: { data: { buffer: new DataView(new ArrayBuffer(4)), dtype: "uint8", shape: [2, 2] } } });
  assert.equal(clear.style.display, "");
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.equal(calls.length, 3);
  region.dispose();
  assert.equal(root.textContent, "", "its elements are gone");
  dom.restore();
});

test("no listener of a region is left after dispose, also in the middle of a drag", () => {
  const { dom, canvas, region } = mountRegion(binnedGrid());
  region.show({ ...NONE, dragMode: "lasso" });
  canvas.dispatchEvent(fakeEvent("mousedown", { clientX: 5, clientY: 5 }));
  assert.equal(dom.window.listeners.length, 2);
  region.dispose();
  const left = dom.listenersLeft().filter((l) => !l.endsWith(" click")); // the test's own
  assert.deepEqual(left, []);
  assert.equal(dom.listenerCount(), 1);
  dom.restore();
});
