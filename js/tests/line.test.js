import { test } from "node:test";
import assert from "node:assert/strict";
import { bandCorners, createLine, lineFraction, linePoint } from "../src/line.js";
import { frameProfile, sampleLine } from "../src/profile.js";
import { byClass, fakeEvent, installDom } from "./fake-dom.js";

/** A 4 x 6 frame of an 8 x 12 image binned by 2, drawn 60 x 40 px (5 px a full-image pixel). */
function binnedGrid() {
  return {
    frame: { id: 1, mode: "grid", rows: 4, cols: 6, binning: 2, full: [8, 12], offset: [0, 0] },
    w: 60,
    h: 40,
  };
}

test("a line end is in index coordinates of the full image (pixel centres on integers), clamped", () => {
  const { frame } = binnedGrid();
  // the middle of full pixel (0, 0) is 2.5 px in: index (0, 0)
  assert.deepEqual(linePoint(frame, 2.5 / 60, 2.5 / 40), [0, 0]);
  assert.deepEqual(linePoint(frame, 0.5, 0.5), [3.5, 5.5]);
  assert.deepEqual(linePoint(frame, -1, 2), [7, 0], "outside: the edge pixels' centres");
  assert.deepEqual(lineFraction(frame, 3.5, 5.5), [0.5, 0.5]);
  const zoomed = { id: 2, mode: "grid", rows: 4, cols: 4, binning: 1, full: [8, 12], offset: [2, 6] };
  assert.deepEqual(linePoint(zoomed, 0.125, 0.125), [2, 6], "a zoomed frame: offset into the image");
});

test("the band of a width is w pixels across, centred on the line", () => {
  assert.equal(bandCorners([0, 0, 0, 10], 1), null);
  assert.equal(bandCorners([2, 2, 2, 2], 5), null, "no length, no direction");
  const c = bandCorners([5, 0, 5, 10], 3);
  assert.deepEqual(c.map(([r, k]) => [r + 0, k]), [
    [3.5, 0],
    [3.5, 10],
    [6.5, 10],
    [6.5, 0],
  ]);
});

test("the profile of an unbinned whole frame is the sampling rule's, against distance", () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i); // 3 x 4, value 4 r + c
  const frame = { rows: 3, cols: 4, data, binning: 1, offset: [0, 0] };
  const p = frameProfile(frame, [1, 0, 1, 3], 1, { spacing: [0.5, 0.25], yshift: 0 });
  assert.deepEqual([...p.y], [4, 5, 6, 7]);
  assert.deepEqual([...p.x], [0, 0.25, 0.5, 0.75], "3 columns of 0.25 (the plot's unit)");
  const scaled = frameProfile(frame, [0, 0, 2, 0], 1, { yshift: 3 });
  assert.deepEqual([...scaled.y], [0, 4000, 8000], "values in the plot's display unit");
  assert.deepEqual([...scaled.x], [0, 1, 2], "no spacing: pixels");
  const raw = sampleLine(data, 3, 4, [0.5, 0.5], [1.5, 2.5], 1);
  const same = frameProfile(frame, [0.5, 0.5, 1.5, 2.5], 1, {});
  assert.deepEqual([...same.y], [...raw.values]);
});

test("a binned frame is sampled in its own cells, a zoomed one gives NaN outside its window", () => {
  // 2 x 2 frame of a 4 x 4 image binned by 2: block means 0, 1 / 2, 3
  const binned = { rows: 2, cols: 2, data: Float32Array.of(0, 1, 2, 3), binning: 2, offset: [0, 0] };
  // full index 0.5 is the middle of the first block: frame coordinate 0
  const p = frameProfile(binned, [0.5, 0.5, 0.5, 2.5], 1, {});
  assert.deepEqual([...p.y], [0, 1]);
  assert.deepEqual([...p.x], [0, 2], "the distance stays in full-image pixels");
  const zoomed = { rows: 2, cols: 2, data: Float32Array.of(5, 6, 7, 8), binning: 1, offset: [2, 2] };
  const z = frameProfile(zoomed, [2, 1, 2, 3], 1, {});
  assert.ok(Number.isNaN(z.y[0]), "column 1 is left of the window");
  assert.deepEqual([...z.y.slice(1)], [5, 6]);
  assert.equal(frameProfile({ rows: 0, cols: 0, data: null }, [0, 0, 1, 1], 1, {}), null);
});

/** A line part over `geo` whose callbacks log [name, value]; a later click listener logs "click". */
function mountLine(geo) {
  const dom = installDom();
  const doc = dom.document;
  const root = doc.createElement("div");
  const stack = doc.createElement("div");
  const canvas = doc.createElement("canvas");
  stack.appendChild(canvas);
  root.appendChild(stack);
  canvas.rect = { left: 0, top: 0, width: geo.w, height: geo.h };
  const calls = [];
  const line = createLine({
    canvas,
    stack,
    root,
    geometry: () => geo,
    onLine: (l) => calls.push(["line", l]),
    onMove: (l) => calls.push(["move", l]),
    onClear: () => calls.push(["clear"]),
  });
  const others = [];
  canvas.addEventListener("mousedown", () => others.push("mousedown")); // zoom / regions, after
  canvas.addEventListener("click", () => calls.push(["click"]));
  const drag = (points) => {
    const [x0, y0] = points[0];
    canvas.dispatchEvent(fakeEvent("mousedown", { clientX: x0, clientY: y0 }));
    for (const [x, y] of points.slice(1)) dom.window.dispatchEvent(fakeEvent("mousemove", { clientX: x, clientY: y }));
    const [x1, y1] = points[points.length - 1];
    dom.window.dispatchEvent(fakeEvent("mouseup", { clientX: x1, clientY: y1 }));
    canvas.dispatchEvent(fakeEvent("click", { clientX: x1, clientY: y1 }));
  };
  return { dom, root, canvas, calls, others, line, drag };
}

test("a drag in line mode draws a line, reported live and once on release; no click, no zoom", () => {
  const { dom, root, calls, others, line, drag } = mountLine(binnedGrid());
  line.show({ line: [], width: 1, dragMode: "line" });
  assert.equal(byClass(root, "usidw-clear-line").style.display, "none");
  drag([[2.5, 2.5], [27.5, 2.5], [52.5, 37.5]]);
  assert.deepEqual(calls, [
    ["move", [0, 0, 0, 5]],
    ["move", [0, 0, 7, 10]],
    ["line", [0, 0, 7, 10]],
  ]);
  assert.deepEqual(others, [], "the zoom and the regions never see the press");
  assert.equal(root.getAttribute("data-line"), "0,0,7,10", "the gesture shows until the owner answers");
  dom.restore();
  line.dispose();
});

test("an end of the line shown is dragged in any mode; elsewhere the press is the mode's", () => {
  const { dom, root, calls, others, line, drag } = mountLine(binnedGrid());
  line.show({ line: [0, 0, 7, 10], width: 3, dragMode: "zoom" });
  assert.equal(root.getAttribute("data-line"), "0,0,7,10");
  assert.equal(byClass(root, "usidw-clear-line").style.display, "");
  assert.notEqual(byClass(root, "usidw-line-band").style.display, "none", "a width shows its band");
  drag([[53, 38], [12.5, 37.5]]); // grab the end at (52.5, 37.5)
  assert.deepEqual(calls, [
    ["move", [0, 0, 7, 2]],
    ["line", [0, 0, 7, 2]],
  ]);
  calls.length = 0;
  drag([[30, 20], [40, 30]]); // not near an end: the zoom's
  assert.deepEqual(others, ["mousedown"]);
  assert.deepEqual(calls, [["click"]], "no line; the click goes on");
  dom.restore();
  line.dispose();
});

test("a press without a move is a click; Escape and the button clear the line shown", () => {
  const { dom, root, canvas, calls, line, drag } = mountLine(binnedGrid());
  line.show({ line: [], width: 1, dragMode: "line" });
  drag([[10, 10], [11, 10]]);
  assert.deepEqual(calls, [["click"]]);
  calls.length = 0;
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.deepEqual(calls, [], "no line, nothing to clear");
  line.show({ line: [1, 1, 2, 2], width: 1, dragMode: "line" });
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  byClass(root, "usidw-clear-line").dispatchEvent(fakeEvent("click"));
  assert.deepEqual(calls, [["clear"], ["clear"]]);
  line.dispose();
  assert.equal(dom.listenerCount(), 2, "every listener of the part removed (the test's two remain)");
  dom.restore();
});
