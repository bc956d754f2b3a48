import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MIN_CELLS,
  WHEEL_MS,
  boxWindow,
  clampWindow,
  createZoom,
  keyWindow,
  panWindow,
  pointBox,
  pointZoom,
  previewTransform,
  zoomAbout,
} from "../src/zoom.js";
import { byClass, fakeEvent, installDom } from "./fake-dom.js";

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

// --- zoom driven through its props and callbacks, on a fake DOM, without a model ---

const WHOLE = Object.freeze({ zoom: [], pointView: null, selected: null, dragMode: "zoom" });

/** The whole 50 x 100 image as a 10 x 20 frame binned by 5, drawn 200 x 100 px. */
function binnedGrid() {
  return {
    frame: { id: 1, mode: "grid", rows: 10, cols: 20, binning: 5, full: [50, 100], offset: [0, 0] },
    w: 200,
    h: 100,
  };
}

/** setTimeout / clearTimeout run by hand. */
function fakeTimers() {
  const saved = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  const timers = new Map();
  let next = 1;
  globalThis.setTimeout = /** @type {any} */ ((fn, ms) => {
    timers.set(next, { fn, ms });
    return next++;
  });
  globalThis.clearTimeout = /** @type {any} */ ((id) => timers.delete(id));
  return {
    timers,
    fire() {
      const all = [...timers.values()];
      timers.clear();
      for (const t of all) t.fn();
    },
    restore() {
      globalThis.setTimeout = saved.set;
      globalThis.clearTimeout = saved.clear;
    },
  };
}

/**
 * Zoom over `geo` whose callbacks log [name, value, the canvas transform then]; a later click
 * listener logs "click".
 */
function mountZoom(geo) {
  const dom = installDom();
  const doc = dom.document;
  const root = doc.createElement("div");
  const stack = doc.createElement("div");
  const canvas = doc.createElement("canvas");
  const overlay = doc.createElement("canvas");
  stack.append(canvas, overlay);
  root.appendChild(stack);
  stack.rect = { left: 0, top: 0, width: geo.w, height: geo.h };
  const calls = [];
  const zoom = createZoom({
    canvas,
    stack,
    root,
    geometry: () => geo,
    onZoom: (box) => calls.push(["zoom", box, canvas.style.transform]),
    onPointView: (view) => calls.push(["pointView", view]),
  });
  canvas.addEventListener("click", () => calls.push(["click"]));
  const drag = (points, init = {}) => {
    const [x0, y0] = points[0];
    canvas.dispatchEvent(fakeEvent("mousedown", { clientX: x0, clientY: y0, ...init }));
    for (const [x, y] of points.slice(1)) dom.window.dispatchEvent(fakeEvent("mousemove", { clientX: x, clientY: y }));
    const [x1, y1] = points[points.length - 1];
    dom.window.dispatchEvent(fakeEvent("mouseup", { clientX: x1, clientY: y1 }));
    canvas.dispatchEvent(fakeEvent("click", { clientX: x1, clientY: y1 }));
  };
  return { dom, root, canvas, overlay, calls, zoom, drag };
}

test("Ctrl + wheel stretches the frame at once and calls onZoom once the wheel rests", () => {
  const timers = fakeTimers();
  const { dom, canvas, overlay, calls, zoom } = mountZoom(binnedGrid());
  zoom.show(WHOLE);
  const plain = fakeEvent("wheel", { clientX: 80, clientY: 40, deltaY: -100 });
  canvas.dispatchEvent(plain);
  assert.equal(plain.defaultPrevented, false, "a plain wheel scrolls the notebook");
  assert.equal(timers.timers.size, 0);
  const twice = -Math.log(2) / 0.002; // one wheel event zooming in twice
  const wheel = fakeEvent("wheel", { clientX: 80, clientY: 40, deltaY: twice, ctrlKey: true });
  canvas.dispatchEvent(wheel);
  assert.equal(wheel.defaultPrevented, true);
  assert.deepEqual(calls, [], "nothing asked before the wheel rests");
  // about image point (20, 40): rows 10..35, cols 20..70
  const stretch = previewTransform(binnedGrid().frame, [10, 35, 20, 70], 200, 100);
  assert.equal(canvas.style.transform, stretch);
  assert.equal(overlay.style.transform, stretch, "the overlay moves with the image");
  assert.deepEqual([...timers.timers.values()].map((t) => t.ms), [WHEEL_MS]);
  timers.fire();
  assert.deepEqual(calls, [["zoom", [10, 35, 20, 70], stretch]]);
  assert.equal(canvas.style.transform, stretch, "stretched until the new frame is on screen");
  zoom.settle();
  assert.equal(canvas.style.transform, "");
  zoom.dispose();
  timers.restore();
  dom.restore();
});

test("a zoom-box drag calls onZoom with the cells it touches, the click ending it is no selection", () => {
  const { dom, root, canvas, calls, zoom, drag } = mountZoom(binnedGrid());
  zoom.show(WHOLE);
  canvas.dispatchEvent(fakeEvent("mousedown", { clientX: 20, clientY: 20 }));
  dom.window.dispatchEvent(fakeEvent("mousemove", { clientX: 120, clientY: 70 }));
  const box = byClass(root, "usidw-zoombox");
  assert.equal(box.style.display, "block");
  dom.window.dispatchEvent(fakeEvent("mouseup", { clientX: 120, clientY: 70 }));
  canvas.dispatchEvent(fakeEvent("click", { clientX: 120, clientY: 70 }));
  assert.equal(box.style.display, "none");
  const stretch = previewTransform(binnedGrid().frame, [10, 35, 10, 60], 200, 100);
  assert.deepEqual(calls, [["zoom", [10, 35, 10, 60], stretch]], "stretched before it is asked");
  calls.length = 0;
  drag([[20, 20], [22, 21]]); // under DRAG_PX: a click
  assert.deepEqual(calls, [["click"]]);
  zoom.dispose();
  dom.restore();
});

test("pan drags the window shown; without a zoom it does nothing", () => {
  // the frame shows rows 10..35, cols 20..70 of a 50 x 100 image, unbinned, 4 px a cell
  const geo = {
    frame: { id: 2, mode: "grid", rows: 25, cols: 50, binning: 1, full: [50, 100], offset: [10, 20] },
    w: 200,
    h: 100,
  };
  const { dom, calls, zoom, drag } = mountZoom(geo);
  zoom.show({ ...WHOLE, dragMode: "pan" });
  drag([[100, 50], [60, 30]]);
  assert.deepEqual(calls, [["click"]], "not zoomed: no pan");
  calls.length = 0;
  zoom.show({ ...WHOLE, zoom: [10, 35, 20, 70], dragMode: "pan" });
  drag([[100, 50], [60, 30]]);
  assert.deepEqual(calls, [["zoom", [15, 40, 30, 80], previewTransform(geo.frame, [15, 40, 30, 80], 200, 100)]]);
  zoom.dispose();
  dom.restore();
});

test("double-click and Reset zoom ask for the whole image only when zoomed; keys zoom about the selection", () => {
  const { dom, root, canvas, calls, zoom } = mountZoom(binnedGrid());
  const reset = byClass(root, "usidw-reset-zoom");
  zoom.show(WHOLE);
  assert.equal(reset.style.display, "none");
  assert.equal(root.getAttribute("data-zoom"), "");
  canvas.dispatchEvent(fakeEvent("dblclick"));
  assert.deepEqual(calls, []);
  zoom.show({ ...WHOLE, zoom: [10, 35, 20, 70] });
  assert.equal(reset.style.display, "");
  assert.equal(root.getAttribute("data-zoom"), "10,35,20,70");
  canvas.dispatchEvent(fakeEvent("dblclick"));
  reset.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(calls.map((c) => c.slice(0, 2)), [["zoom", []], ["zoom", []]]);
  calls.length = 0;
  zoom.show({ ...WHOLE, selected: [9, 89] });
  const plus = fakeEvent("keydown", { key: "+" });
  canvas.dispatchEvent(plus);
  assert.equal(plus.defaultPrevented, true);
  canvas.dispatchEvent(fakeEvent("keydown", { key: "+", ctrlKey: true })); // the browser's zoom
  assert.deepEqual(calls.map((c) => c.slice(0, 2)), [["zoom", keyWindow("+", [0, 50, 0, 100], [9, 89], 50, 100)]]);
  zoom.dispose();
  dom.restore();
});

test("a point cloud's view is reported through onPointView and shown from the prop", () => {
  const geo = {
    frame: { id: 3, mode: "points", n: 3 },
    xa: { a: 0, b: 10, frac: (v) => v / 10 },
    ya: { a: 5, b: -5, frac: (v) => (v - 5) / -10 },
    w: 100,
    h: 100,
  };
  const { dom, root, canvas, calls, zoom } = mountZoom(geo);
  zoom.show(WHOLE);
  canvas.dispatchEvent(fakeEvent("keydown", { key: "+" }));
  assert.deepEqual(calls, [["pointView", { x: [2.5, 7.5], y: [2.5, -2.5] }]]);
  assert.equal(root.getAttribute("data-zoom"), "", "shown only once the owner passes it back");
  zoom.show({ ...WHOLE, pointView: { x: [2.5, 7.5], y: [2.5, -2.5] } });
  assert.equal(root.getAttribute("data-zoom"), "2.5,-2.5,2.5,7.5");
  assert.equal(byClass(root, "usidw-reset-zoom").style.display, "");
  canvas.dispatchEvent(fakeEvent("dblclick"));
  assert.deepEqual(calls.at(-1), ["pointView", null]);
  zoom.dispose();
  dom.restore();
});

test("no listener or wheel timer of zoom is left after dispose, also in the middle of gestures", () => {
  const timers = fakeTimers();
  const { dom, canvas, zoom } = mountZoom(binnedGrid());
  zoom.show(WHOLE);
  canvas.dispatchEvent(fakeEvent("wheel", { clientX: 80, clientY: 40, deltaY: -50, ctrlKey: true }));
  canvas.dispatchEvent(fakeEvent("mousedown", { clientX: 20, clientY: 20 }));
  assert.equal(dom.window.listeners.length, 2);
  assert.equal(timers.timers.size, 1);
  zoom.dispose();
  assert.equal(timers.timers.size, 0);
  assert.deepEqual(dom.listenersLeft(), ["canvas. click"]); // the test's own
  timers.restore();
  dom.restore();
});
