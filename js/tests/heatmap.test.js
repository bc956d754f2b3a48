// The heatmap view on a fake DOM with a fake model: the parts' callbacks become trait writes (in
// the order the kernel relies on), the traits come back as what the parts show, and cleanup
// leaves no listener on the model or the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { renderHeatmap } from "../src/heatmap.js";
import { byClass, byLabel, fakeEvent, installDom } from "./fake-dom.js";
import { fakeModel } from "./fake-model.js";

const f32 = (values, shape) => ({ buffer: new DataView(new Float32Array(values).buffer), dtype: "float32", shape });

/** A 4 x 6 frame of an 8 x 12 image binned by 2. */
const binnedFrame = (id) => ({
  id,
  mode: "grid",
  data: f32(Array.from({ length: 24 }, (_, i) => i), [4, 6]),
  binning: 2,
  full_shape: [8, 12],
  offset: [0, 0],
});

function heatmapState() {
  return {
    _kind: "heatmap",
    frame: binnedFrame(1),
    x_axis: {},
    y_axis: {},
    title: "map",
    quantity: "height",
    units: "nm",
    colormap: "viridis",
    reverse_colormap: false,
    scale: "linear",
    clim: null,
    auto_percentiles: [0.5, 99.5],
    lock_clim: false,
    selected: [],
    aspect: "equal",
    roi: [],
    lasso: [],
    region_mask: {},
    zoom: [],
    drag_mode: "zoom",
    snapshot_keys: [],
  };
}

/** Globals the view asks for once on the page: animation frames (never run here) and timers. */
function fakeGlobals() {
  const saved = {
    raf: globalThis.requestAnimationFrame,
    caf: globalThis.cancelAnimationFrame,
    st: globalThis.setTimeout,
    ct: globalThis.clearTimeout,
  };
  const frames = new Set();
  const timers = new Map();
  let next = 1;
  globalThis.requestAnimationFrame = /** @type {any} */ ((fn) => (frames.add(next), next++));
  globalThis.cancelAnimationFrame = /** @type {any} */ ((id) => frames.delete(id));
  globalThis.setTimeout = /** @type {any} */ ((fn) => (timers.set(next, fn), next++));
  globalThis.clearTimeout = /** @type {any} */ ((id) => timers.delete(id));
  return {
    frames,
    timers,
    fireTimers() {
      const all = [...timers.values()];
      timers.clear();
      for (const fn of all) fn();
    },
    restore() {
      globalThis.requestAnimationFrame = saved.raf;
      globalThis.cancelAnimationFrame = saved.caf;
      globalThis.setTimeout = saved.st;
      globalThis.clearTimeout = saved.ct;
    },
  };
}

const microtasks = () => new Promise((r) => queueMicrotask(r));

function mountHeatmap(extra = {}, widgetManager = undefined) {
  const dom = installDom();
  const g = fakeGlobals();
  const model = fakeModel({ ...heatmapState(), ...extra }, widgetManager);
  const el = dom.document.createElement("div");
  const cleanup = renderHeatmap({ model, el });
  // the view tells the kernel it is live (tested in "the kernel hears ..."); not a user's write
  model.log = model.log.filter(([kind, content]) => !(kind === "send" && content?.type === "view"));
  const root = byClass(el, "usidw-heatmap");
  const canvas = byClass(root, "usidw-image");
  const stack = byClass(root, "usidw-stack");
  const w = parseFloat(canvas.style.width);
  const h = parseFloat(canvas.style.height);
  canvas.rect = { left: 0, top: 0, width: w, height: h };
  stack.rect = canvas.rect;
  /** Page position of a point given in frame cells (x = col, y = row). */
  const at = (col, row) => ({ clientX: (col / 6) * w, clientY: (row / 4) * h });
  const drag = (points, init = {}) => {
    canvas.dispatchEvent(fakeEvent("mousedown", { ...at(...points[0]), ...init }));
    for (const p of points.slice(1)) dom.window.dispatchEvent(fakeEvent("mousemove", at(...p)));
    dom.window.dispatchEvent(fakeEvent("mouseup", at(...points[points.length - 1])));
    canvas.dispatchEvent(fakeEvent("click", at(...points[points.length - 1])));
  };
  const done = () => {
    g.restore();
    dom.restore();
  };
  return { dom, g, model, el, root, canvas, cleanup, at, drag, done };
}

test("a click selects the full-image cell; the readout shows the selection the model holds", () => {
  const { model, root, canvas, cleanup, at, done } = mountHeatmap();
  assert.equal(root.getAttribute("data-frame-id"), "1");
  canvas.dispatchEvent(fakeEvent("click", at(3.5, 2.5)));
  assert.deepEqual(model.take(), [["set", "selected", [5, 7]], ["save"]]);
  assert.match(byClass(root, "usidw-readout").textContent, /: 15 nm \(rows 4\u20135, cols 6\u20137 \(mean\)\)$/);
  model.kernelSet("selected", [0, 0]); // from Python (or the sliders' hub)
  assert.match(byClass(root, "usidw-readout").textContent, /\(rows 0\u20131, cols 0\u20131 \(mean\)\)$/);
  cleanup();
  done();
});

test("regions: a rectangle sets roi and clears lasso, a lasso the reverse, Escape clears both", () => {
  const { model, root, canvas, cleanup, drag, done } = mountHeatmap();
  drag([[0.5, 0.5], [2.5, 1.5]], { shiftKey: true });
  assert.deepEqual(model.take(), [["set", "roi", [0, 4, 0, 6]], ["set", "lasso", []], ["save"]]);
  assert.equal(byClass(root, "usidw-region").style.display, "block");
  model.kernelSet("drag_mode", "lasso");
  assert.equal(byLabel(root, "Drag mode").value, "lasso");
  drag([[1, 1], [4, 1], [4, 3], [1, 3]]);
  assert.deepEqual(model.take(), [
    ["set", "roi", []],
    ["set", "lasso", [[2, 2], [2, 8], [6, 8], [6, 2]]],
    ["save"],
  ]);
  assert.equal(byClass(root, "usidw-region").style.display, "none");
  canvas.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.deepEqual(model.take(), [
    ["set", "roi", []],
    ["set", "lasso", []],
    ["save"],
    ["send", { type: "clear_region" }],
  ]);
  cleanup();
  done();
});

test("a line drawn in line mode: the profile plot's line drawn live, the line trait sent once", async () => {
  const profile = fakeModel({ x: null, y: null });
  const manager = { get_model: async (id) => (id === "profile-line" ? profile : null) };
  const link = { line: "profile-line", spacing: [0.5, 0.5], yshift: 0 };
  const { model, root, cleanup, drag, done } = mountHeatmap({ line: [], line_width: 1, profile_link: link }, manager);
  await microtasks();
  await microtasks();
  model.kernelSet("drag_mode", "line");
  // frame cells (0, 0) to (0, 4): full-image index (0.5, 0.5) to (0.5, 8.5), 8 pixels long
  drag([[0.5, 0.5], [2.5, 0.5], [4.5, 0.5]]);
  assert.deepEqual(model.take(), [["set", "line", [0.5, 0.5, 0.5, 8.5]], ["save"]], "one write, at the release");
  const writes = profile.take();
  assert.ok(writes.length >= 4 && writes.every(([op]) => op === "set"), "no save: nothing goes to the kernel");
  // binned by 2: sampled in the frame's cells (one sample a frame cell), the preview until
  // the kernel's full-resolution profile arrives
  assert.deepEqual([...profile.get("y")], [0, 1, 2, 3, 4], "the frame's cells 0..4 along the row");
  assert.deepEqual([...profile.get("x")], [0, 1, 2, 3, 4], "distance: 8 pixels of 0.5");
  model.kernelSet("line", [0.5, 0.5, 0.5, 8.5]);
  assert.equal(root.getAttribute("data-line"), "0.5,0.5,0.5,8.5");
  byLabel(root, "Clear line").dispatchEvent(fakeEvent("click"));
  assert.deepEqual(model.take(), [["set", "line", []], ["save"]]);
  cleanup();
  done();
});

test("toolbar edits set their traits and draw at once", async () => {
  const { model, root, cleanup, done } = mountHeatmap();
  const max = byLabel(root, "Maximum");
  const min = byLabel(root, "Minimum");
  for (const [field, text] of [[min, "2"], [max, "9"]]) {
    field.focus();
    field.value = text;
    field.dispatchEvent(fakeEvent("input"));
  }
  max.dispatchEvent(fakeEvent("change")); // a browser's change on Enter or blur: not an apply
  assert.deepEqual(model.take(), []);
  max.dispatchEvent(fakeEvent("keydown", { key: "Enter" }));
  assert.deepEqual(model.take(), [["set", "clim", [2, 9]], ["save"]]);
  await microtasks();
  assert.equal(root.getAttribute("data-clim"), "2,9");
  const cmap = byLabel(root, "Colormap");
  cmap.value = "magma";
  cmap.dispatchEvent(fakeEvent("change"));
  const mode = byLabel(root, "Drag mode");
  mode.value = "pan";
  mode.dispatchEvent(fakeEvent("change"));
  assert.deepEqual(model.take(), [["set", "colormap", "magma"], ["save"], ["set", "drag_mode", "pan"], ["save"]]);
  await microtasks();
  assert.equal(root.getAttribute("data-colormap"), "magma");
  cleanup();
  done();
});

test("Escape in a limit field reverts it and leaves the region alone", () => {
  const { model, root, drag, cleanup, done } = mountHeatmap();
  drag([[0.5, 0.5], [2.5, 1.5]], { shiftKey: true });
  model.take();
  const min = byLabel(root, "Minimum");
  const shown = min.value;
  min.focus();
  min.value = "5";
  min.dispatchEvent(fakeEvent("input"));
  min.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.equal(min.value, shown);
  assert.deepEqual(model.take(), [], "no clim, no region cleared");
  assert.equal(byClass(root, "usidw-region").style.display, "block");
  cleanup();
  done();
});

test("Reset zoom and Clear region are small buttons in the toolbar row, shown only when needed", () => {
  const { model, root, drag, cleanup, done } = mountHeatmap();
  const toolbar = byClass(root, "usidw-toolbar");
  const reset = byClass(root, "usidw-reset-zoom");
  const clear = byClass(root, "usidw-clear-region");
  for (const [button, label] of [[reset, "Reset zoom"], [clear, "Clear region"]]) {
    assert.ok(toolbar.contains(button), `${label} is in the toolbar`);
    assert.equal(button.getAttribute("aria-label"), label);
    assert.ok(button.getAttribute("title").startsWith(label));
    assert.equal(button.style.display, "none", `${label}: nothing to reset or clear yet`);
  }
  drag([[0.5, 0.5], [2.5, 1.5]], { shiftKey: true });
  assert.equal(clear.style.display, "");
  assert.equal(reset.style.display, "none");
  model.take();
  clear.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(model.take(), [["set", "roi", []], ["set", "lasso", []], ["save"], ["send", { type: "clear_region" }]]);
  assert.equal(clear.style.display, "none");
  model.kernelSet("zoom", [2, 6, 3, 9]);
  assert.equal(reset.style.display, "");
  reset.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(model.take(), [["set", "zoom", []], ["save"]]);
  model.kernelSet("zoom", []);
  assert.equal(reset.style.display, "none");
  cleanup();
  done();
});

test("Ctrl + wheel sets zoom; the frame stays stretched until the kernel's frame arrives", async () => {
  const { g, model, root, canvas, cleanup, at, done } = mountHeatmap();
  canvas.dispatchEvent(fakeEvent("wheel", { ...at(3, 2), deltaY: -Math.log(2) / 0.002, ctrlKey: true }));
  g.fireTimers();
  assert.deepEqual(model.take(), [["set", "zoom", [2, 6, 3, 9]], ["save"]]);
  assert.equal(root.getAttribute("data-zoom"), "2,6,3,9");
  assert.notEqual(canvas.style.transform, "");
  model.kernelSet("frame", { ...binnedFrame(2), binning: 1, data: f32(new Array(24).fill(1), [4, 6]), offset: [2, 3] });
  assert.equal(canvas.style.transform, "");
  await microtasks();
  assert.equal(root.getAttribute("data-frame-id"), "2");
  assert.equal(root.getAttribute("data-window"), "2,6,3,9");
  cleanup();
  done();
});

test("cleanup removes the view and every listener it added, on the model and on the page", () => {
  const { dom, g, model, el, canvas, cleanup, at, done } = mountHeatmap();
  assert.ok(model.listenerCount() > 0);
  assert.ok(dom.listenerCount() > 0);
  canvas.dispatchEvent(fakeEvent("mousedown", { ...at(1, 1), shiftKey: true })); // a drag under way
  canvas.dispatchEvent(fakeEvent("wheel", { ...at(3, 2), deltaY: -50, ctrlKey: true }));
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.deepEqual(dom.listenersLeft(), []);
  assert.equal(el.childNodes.length, 0);
  assert.equal(g.frames.size, 0, "the snapshot watcher's frame is cancelled");
  assert.equal(g.timers.size, 0, "the wheel's timer is cleared");
  done();
});

test("the kernel hears when a view opens (not when it goes), and gets an answer to each picture request", async () => {
  const dom = installDom();
  const g = fakeGlobals();
  const model = fakeModel(heatmapState());
  const el = dom.document.createElement("div");
  const cleanup = renderHeatmap({ model, el });
  assert.deepEqual(model.take().filter(([kind]) => kind === "send"), [["send", { type: "view", open: true }]]);
  model.receive({ type: "picture", request: 4, scale: 2 });
  for (let i = 0; i < 20 && !model.log.length; i++) await microtasks();
  const [reply] = model.take();
  assert.equal(reply[0], "send");
  assert.equal(reply[1].type, "picture");
  assert.equal(reply[1].request, 4);
  // the fake DOM draws no canvas: the answer says why instead of leaving the kernel waiting
  assert.equal(typeof reply[1].error, "string");
  cleanup();
  // nothing on cleanup: the model is often closed by then, the kernel would not know the comm
  assert.deepEqual(model.take(), []);
  g.restore();
  dom.restore();
});
