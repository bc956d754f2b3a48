import { test } from "node:test";
import assert from "node:assert/strict";
import { createPins, isPinKey, pinMarks } from "../src/pins.js";
import { compareOptions, compareValue, legendEntry, renderLegend } from "../src/legend.js";
import { centred } from "../src/limits.js";
import { byClass, byLabel, fakeEvent, findAll, installDom } from "./fake-dom.js";

/** Every element under `root` with class `cls`. */
const all = (root, cls) => findAll(root, (n) => n.classList.contains(cls));
import { fakeModel } from "./fake-model.js";

/** A 4 x 6 frame binned by 2 from an 8 x 12 image, drawn 60 x 40 CSS px. */
const binned = () => ({
  frame: { id: 1, mode: "grid", rows: 4, cols: 6, binning: 2, full: [8, 12], offset: [0, 0] },
  w: 60,
  h: 40,
});

test("a position pin is a ring on its cell's centre, a box pin the box, in full-image cells", () => {
  const marks = pinMarks(binned(), [
    { box: [3, 4, 5, 6], color: "#c75a00", label: "X = 1 nm", n: 1 },
    { box: [0, 4, 0, 6], color: "#008a5e", label: "mean", n: 2 },
    { box: [6, 7, 2, 3], centre: true, color: "#b9479a", label: "region", n: 3 },
  ]);
  assert.equal(marks.length, 3);
  // cell (3, 5) of 8 x 12 is at x = 5.5 / 12 * 60, y = 3.5 / 8 * 40
  assert.equal(marks[0].shape, "ring");
  assert.ok(Math.abs(marks[0].x - 27.5) < 1e-9 && Math.abs(marks[0].y - 17.5) < 1e-9);
  assert.ok(marks[0].r >= 6);
  assert.deepEqual([marks[1].shape, marks[1].x, marks[1].y, marks[1].w, marks[1].h], ["box", 0, 0, 30, 20]);
  assert.equal(marks[2].shape, "diamond");
  assert.deepEqual([marks[2].color, marks[2].n, marks[2].label], ["#b9479a", 3, "region"]);
});

test("pins outside the window on screen are not drawn, and none on a message frame", () => {
  const zoomed = { frame: { id: 2, mode: "grid", rows: 4, cols: 4, binning: 1, full: [8, 12], offset: [4, 4] }, w: 40, h: 40 };
  const pins = [
    { box: [0, 1, 0, 1], color: "#c75a00", label: "a", n: 1 },
    { box: [5, 6, 5, 6], color: "#008a5e", label: "b", n: 2 },
  ];
  const marks = pinMarks(zoomed, pins);
  assert.deepEqual(marks.map((m) => m.n), [2]);
  assert.deepEqual([marks[0].x, marks[0].y], [15, 15]);
  assert.deepEqual(pinMarks({ frame: { id: 3, mode: "message" }, w: 10, h: 10 }, pins), []);
});

test("'p' pins without modifiers; Ctrl+P (print) and Alt+P are left alone", () => {
  assert.ok(isPinKey({ key: "p" }));
  assert.ok(isPinKey({ key: "P", shiftKey: true }));
  assert.ok(!isPinKey({ key: "p", ctrlKey: true }));
  assert.ok(!isPinKey({ key: "p", metaKey: true }));
  assert.ok(!isPinKey({ key: "p", altKey: true }));
  assert.ok(!isPinKey({ key: "o" }));
});

function mountPins(geo) {
  const dom = installDom();
  const doc = dom.document;
  const root = doc.createElement("div");
  const stack = doc.createElement("div");
  const bar = doc.createElement("span");
  const canvas = doc.createElement("canvas");
  stack.appendChild(canvas);
  root.append(bar, stack);
  canvas.rect = { left: 0, top: 0, width: geo.w, height: geo.h };
  const calls = [];
  const pins = createPins({
    canvas,
    stack,
    root,
    bar,
    geometry: () => geo,
    onPin: (cell) => calls.push(["pin", cell]),
    onClear: () => calls.push(["clear"]),
  });
  canvas.addEventListener("click", () => calls.push(["select"])); // the pointer's, after the pins'
  return { dom, root, canvas, bar, calls, pins };
}

test("Alt + click pins the full-image cell clicked and does not select; a plain click selects", () => {
  const { canvas, calls } = mountPins(binned());
  canvas.dispatchEvent(fakeEvent("click", { clientX: 25, clientY: 15, altKey: true }));
  // frame cell (1, 2) of a 2x binned frame: the middle of its block, (3, 5)
  assert.deepEqual(calls, [["pin", [3, 5]]]);
  canvas.dispatchEvent(fakeEvent("click", { clientX: 25, clientY: 15 }));
  assert.deepEqual(calls.at(-1), ["select"]);
});

test("'p' on the map and the pin button ask for what the plot shows; Clear pins for none", () => {
  const { root, canvas, calls, pins } = mountPins(binned());
  const ev = fakeEvent("keydown", { key: "p" });
  canvas.dispatchEvent(ev);
  assert.ok(ev.defaultPrevented);
  byClass(root, "usidw-pin-button").dispatchEvent(fakeEvent("click"));
  assert.deepEqual(calls, [["pin", null], ["pin", null]]);
  const clearButton = byClass(root, "usidw-clear-pins");
  // always in the toolbar (one appearing could wrap it and move the image), disabled when empty
  assert.equal(clearButton.disabled, true);
  assert.notEqual(clearButton.style.display, "none");
  pins.show([{ box: [3, 4, 5, 6], color: "#c75a00", label: "X = 1 nm", n: 1 }]);
  assert.equal(clearButton.disabled, false);
  clearButton.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(calls.at(-1), ["clear"]);
});

test("markers are drawn in the pins' colours with their numbers, and removed on dispose", () => {
  const { root, pins } = mountPins(binned());
  pins.show([
    { box: [3, 4, 5, 6], color: "#c75a00", label: "X = 1 nm", n: 1 },
    { box: [0, 2, 0, 2], color: "#008a5e", label: "mean", n: 2 },
  ]);
  const groups = all(root, "usidw-pin");
  assert.equal(groups.length, 2);
  assert.deepEqual(groups.map((g) => g.getAttribute("data-color")), ["#c75a00", "#008a5e"]);
  assert.equal(byClass(groups[0], "usidw-pin-mark").getAttribute("stroke"), "#c75a00");
  assert.equal(byClass(groups[1], "usidw-pin-number").textContent, "2");
  assert.equal(root.getAttribute("data-pins"), "2");
  pins.show([]);
  assert.equal(all(root, "usidw-pin").length, 0);
  pins.dispose();
  assert.equal(all(root, "usidw-pins").length, 0);
  assert.equal(all(root, "usidw-pin-button").length, 0);
});

test("the legend names each pin with its colour, removes one, clears all, hides when empty", () => {
  const dom = installDom();
  const el = dom.document.createElement("div");
  const model = fakeModel({ items: [] });
  const cleanup = renderLegend({ model, el });
  const root = byClass(el, "usidw-legend");
  assert.equal(root.hidden, true);
  model.kernelSet("items", [
    { label: "X = 1.5 µm, Y = 4 nm", color: "#c75a00" },
    { label: "mean of a region (3 positions)", color: "#008a5e" },
  ]);
  assert.equal(root.hidden, false);
  const swatches = all(el, "usidw-swatch");
  assert.deepEqual(swatches.map((s) => s.style.backgroundColor), ["#c75a00", "#008a5e"]);
  assert.equal(byClass(el, "usidw-legend-label").textContent, "X = 1.5 µm, Y = 4 nm");
  const remove = all(el, "usidw-legend-remove")[1];
  assert.equal(remove.getAttribute("aria-label"), "Remove pin 2: mean of a region (3 positions)");
  remove.dispatchEvent(fakeEvent("click"));
  byClass(el, "usidw-legend-clear").dispatchEvent(fakeEvent("click"));
  assert.deepEqual(model.take(), [["send", { type: "unpin", pin: 1 }], ["send", { type: "clear_pins" }]]);
  cleanup();
  assert.equal(el.childNodes.length, 0);
  assert.equal(model.listenerCount(), 0);
});

test("a legend entry is numbered like its marker", () => {
  installDom();
  const li = legendEntry({ label: "X = 2 nm", color: "#8a5cd6" }, 3);
  assert.equal(byClass(li, "usidw-legend-n").textContent, "4");
  assert.equal(li.getAttribute("title"), "pin 4: X = 2 nm");
});

test("the plane's selects: a pin, or a pin minus another; the same pin twice is one pin", () => {
  assert.deepEqual(compareValue("", ""), []);
  assert.deepEqual(compareValue("", "1"), []);
  assert.deepEqual(compareValue("2", ""), [2]);
  assert.deepEqual(compareValue("0", "1"), [0, 1]);
  assert.deepEqual(compareValue("1", "1"), [1]);
  assert.deepEqual(compareOptions(2).plane, [["", "selected position"], ["0", "pin 1"], ["1", "pin 2"]]);
});

test("the legend's plane selects show only beside a plane, and set compare", () => {
  const dom = installDom();
  const el = dom.document.createElement("div");
  const items = [
    { label: "X = 1 nm", color: "#c75a00" },
    { label: "X = 2 nm", color: "#008a5e" },
  ];
  const model = fakeModel({ items, plane: false, compare: [] });
  const cleanup = renderLegend({ model, el });
  const box = byClass(el, "usidw-legend-compare");
  assert.equal(box.hidden, true);
  model.kernelSet("plane", true);
  assert.equal(box.hidden, false);
  const plane = byLabel(el, "Plane shows");
  const minus = byLabel(el, "Plane minus");
  assert.equal(minus.disabled, true);
  plane.value = "1";
  plane.dispatchEvent(fakeEvent("change"));
  minus.value = "0";
  minus.dispatchEvent(fakeEvent("change"));
  assert.deepEqual(model.take(), [["set", "compare", [1]], ["save"], ["set", "compare", [1, 0]], ["save"]]);
  model.kernelSet("compare", []); // the kernel dropped it (a pin went)
  assert.equal(plane.value, "");
  cleanup();
});

test("limits of a difference are centred on zero", () => {
  assert.deepEqual(centred([-2, 5]), [-5, 5]);
  assert.deepEqual(centred([1, 3]), [-3, 3]);
  assert.deepEqual(centred([0, 0]), [-1, 1]);
  assert.deepEqual(centred([NaN, NaN]), [-1, 1]);
});

test("a difference fixes the colour controls, saying why", async () => {
  installDom();
  const { createToolbar } = await import("../src/toolbar.js");
  const bar = createToolbar({ onColormap() {}, onReverse() {}, onScale() {}, onClim() {}, onLock() {}, onDragMode() {} });
  const props = { colormap: "coolwarm", reverse: false, scale: "linear", clim: null, percentiles: null, lock: false, dragMode: "zoom", limits: [-2, 2] };
  bar.show({ ...props, fixed: "A difference: drawn in coolwarm with limits centred on 0" });
  assert.equal(byLabel(bar.el, "Colormap").disabled, true);
  assert.equal(byLabel(bar.el, "Minimum").disabled, true);
  assert.ok(!byLabel(bar.el, "Drag mode").disabled);
  assert.equal(bar.el.title, "A difference: drawn in coolwarm with limits centred on 0");
  bar.show({ ...props, fixed: "" });
  assert.equal(byLabel(bar.el, "Colormap").disabled, false);
  assert.equal(bar.el.title, "");
});
