// The views that own a model add every listener through dom.js's `listen` and remove them all on
// cleanup: the sliders (also across rebuilds of their rows), the tree and the sliders' hub.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Disposer, listen } from "../src/dom.js";
import { startLinks } from "../src/link.js";
import { renderSliders } from "../src/sliders.js";
import { renderTree } from "../src/tree.js";
import { FakeTarget, byLabel, fakeEvent, installDom } from "./fake-dom.js";
import { fakeModel } from "./fake-model.js";

const f64 = (values) => ({ buffer: new DataView(new Float64Array(values).buffer), dtype: "float64", shape: [values.length] });

test("listen: an EventTarget or an on/off emitter, removed once by its unlisten", () => {
  const dom = installDom();
  const target = new FakeTarget();
  const seen = [];
  const fn = (ev) => seen.push(ev.type);
  const unlisten = listen(target, "click", fn, true);
  assert.deepEqual(target.listeners.map((l) => [l.type, l.capture]), [["click", true]]);
  target.dispatchEvent(fakeEvent("click"));
  unlisten();
  unlisten();
  target.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(seen, ["click"]);
  assert.equal(target.listeners.length, 0);
  const model = fakeModel({ a: 1 });
  const off = listen(model, "change:a change:b", () => seen.push("model"));
  assert.equal(model.listenerCount(), 2);
  model.kernelSet("b", 2);
  off();
  model.kernelSet("a", 3);
  assert.deepEqual(seen, ["click", "model"]);
  assert.equal(model.listenerCount(), 0);
  dom.restore();
});

test("Disposer: flush runs the cleanups and stays usable, dispose runs them once", () => {
  const d = new Disposer();
  const log = [];
  d.add(() => log.push(1));
  d.add(() => log.push(2));
  d.flush();
  assert.deepEqual(log, [2, 1], "in reverse order");
  d.add(() => log.push(3));
  d.dispose();
  d.dispose();
  assert.deepEqual(log, [2, 1, 3]);
  d.add(() => log.push(4)); // after dispose: at once
  assert.deepEqual(log, [2, 1, 3, 4]);
});

test("sliders: rebuilt rows drop their old listeners; cleanup leaves none", () => {
  const dom = installDom();
  const dims = [
    { name: "X", units: "nm", size: 3, values: f64([0, 1, 2]) },
    { name: "Y", units: "nm", size: 4, values: f64([0, 1, 2, 3]) },
  ];
  const model = fakeModel({ dims, index: { X: 0, Y: 0 }, hidden: [], fps: 5 });
  const el = dom.document.createElement("div");
  const cleanup = renderSliders({ model, el });
  const count = dom.listenerCount();
  assert.equal(count, 1 + 2 * 2, "fps, then a range and a play button a row");
  model.kernelSet("dims", [...dims]);
  model.kernelSet("hidden", ["Y"]);
  assert.equal(dom.listenerCount(), 1 + 2, "one row left, its old listeners gone");
  const range = byLabel(el, "X");
  range.value = "2";
  range.dispatchEvent(fakeEvent("input"));
  assert.deepEqual(model.take(), [["set", "index", { X: 2, Y: 0 }], ["save"]]);
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.deepEqual(dom.listenersLeft(), []);
  assert.equal(el.childNodes.length, 0);
  dom.restore();
});

test("tree: cleanup leaves no listener", () => {
  const dom = installDom();
  const node = (name, extra) => ({ name, kind: "group", shape: null, dtype: null, attrs: [], is_main: false, ancillary_of: [], progress: null, children: null, n_children: 0, note: "", ...extra });
  const nodes = {
    "/": node("/", { children: ["/m"], n_children: 1 }),
    "/m": node("m", { kind: "dataset", is_main: true, view: "usid", shape: [4], dtype: "float32" }),
  };
  const model = fakeModel({ nodes, current: "" });
  const el = dom.document.createElement("div");
  const cleanup = renderTree({ model, el });
  const item = el.querySelectorAll('li[data-path="/m"]')[0];
  item.dispatchEvent(fakeEvent("click"));
  assert.deepEqual(model.take(), [["set", "selected", "/m"], ["save"]]);
  assert.ok(model.listenerCount() > 0);
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.deepEqual(dom.listenersLeft(), []);
  dom.restore();
});

test("the sliders' hub removes its listeners, on its model and on the watched line", async () => {
  const line = fakeModel({ x: Float64Array.of(0, 1), y: Float64Array.of(5, 6) });
  const other = fakeModel({ x: Float64Array.of(0, 1), y: Float64Array.of(5, 6) });
  const models = { ln: line, ln2: other };
  const wm = { get_model: (id) => Promise.resolve(models[id]) };
  const sliders = fakeModel({ index: { F: 0 }, links: { line: "ln", dot: "dt", marker: "mk", step: "F" }, lines: {} });
  sliders.widget_manager = wm;
  const stop = startLinks(sliders);
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
  assert.equal(sliders.listenerCount(), 5); // index, lines, links, frames, custom messages
  assert.equal(line.listenerCount(), 2, "the line on show is watched");
  sliders.kernelSet("links", { line: "ln2", dot: "dt", marker: "mk", step: "F" });
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
  assert.equal(line.listenerCount(), 0, "another line: the old one is let go");
  assert.equal(other.listenerCount(), 2);
  stop();
  assert.equal(sliders.listenerCount(), 0);
  assert.equal(other.listenerCount(), 0);
});
