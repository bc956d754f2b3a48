import { test } from "node:test";
import assert from "node:assert/strict";
import { differs, lineOf, startLinks, stepUpdates, updates } from "../src/link.js";
import { decode } from "../src/decode.js";

const arr = (Ctor, values, shape, dtype) => ({
  buffer: new DataView(new Ctor(values).buffer),
  dtype,
  shape,
});

// 3 spectra of 4 points for X = 5, 6, 7 at Y = 2
const plotLines = {
  target: "plot",
  token: 9,
  along: "X",
  start: 5,
  at: { Y: 2 },
  step: "F",
  data: arr(Float64Array, [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23], [3, 4], "float64"),
};
const links = { heatmap: "hm", image: ["Y", "X"], line: "ln", dot: "dt" };

test("lineOf: the line of the index when the fixed dims match, else -1", () => {
  assert.equal(lineOf({ Y: 2, X: 5, F: 0 }, plotLines, 3), 0);
  assert.equal(lineOf({ Y: 2, X: 7, F: 0 }, plotLines, 3), 2);
  assert.equal(lineOf({ Y: 2, X: 8, F: 0 }, plotLines, 3), -1); // past the last line
  assert.equal(lineOf({ Y: 2, X: 4, F: 0 }, plotLines, 3), -1); // before the first
  assert.equal(lineOf({ Y: 3, X: 6, F: 0 }, plotLines, 3), -1); // another scan row
  assert.equal(lineOf({ Y: 2, X: 6 }, {}, 3), -1);
  assert.equal(lineOf({ Y: 2 }, plotLines, 3), -1); // the index lacks the along dim
});

test("updates: crosshair always, the held spectrum and the dot at the plot's step", () => {
  const dec = decode(plotLines.data);
  const ups = updates({ Y: 2, X: 6, F: 3 }, links, plotLines, dec);
  assert.deepEqual(
    ups.map((u) => [u.id, u.name]),
    [
      ["hm", "selected"],
      ["ln", "y"],
      ["dt", "y"],
    ],
  );
  assert.deepEqual(ups[0].value, [2, 6]);
  assert.deepEqual(Array.from(ups[1].value), [10, 11, 12, 13]);
  assert.ok(ups[1].value instanceof Float64Array);
  assert.deepEqual(Array.from(ups[2].value), [13]);
  // outside the held lines: the crosshair only
  const out = updates({ Y: 0, X: 6, F: 3 }, links, plotLines, dec);
  assert.deepEqual(
    out.map((u) => [u.id, u.name, u.value]),
    [["hm", "selected", [0, 6]]],
  );
});

test("updates: no crosshair without the image's dims, none for a missing index", () => {
  assert.deepEqual(updates({ Y: 1 }, { heatmap: "hm" }, {}, null), []);
  assert.deepEqual(updates({ Y: 1 }, links, {}, null), []); // X missing
  assert.deepEqual(
    updates({ P: 4 }, { heatmap: "hm", image: ["P"] }, {}, null).map((u) => u.value),
    [[4]],
  );
});

test("updates: a held diffraction plane becomes a whole frame with id token + line", () => {
  const planes = {
    target: "second",
    token: 40,
    along: "X",
    start: 0,
    at: { Y: 1 },
    frame: { binning: 1, full_shape: [2, 3], offset: [0, 0] },
    data: arr(Float32Array, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 2, 3], "float32"),
  };
  const l2 = { ...links, second: "s2", second_dims: ["Ky", "Kx"] };
  const ups = updates({ Y: 1, X: 1, Ky: 0, Kx: 2 }, l2, planes, decode(planes.data));
  const byName = Object.fromEntries(ups.map((u) => [`${u.id}.${u.name}`, u.value]));
  assert.deepEqual(byName["s2.selected"], [0, 2]);
  const frame = byName["s2.frame"];
  assert.equal(frame.id, 41);
  assert.equal(frame.mode, "grid");
  assert.deepEqual(frame.full_shape, [2, 3]);
  const data = decode(frame.data);
  assert.deepEqual(data.shape, [2, 3]);
  assert.deepEqual(Array.from(data.data), [6, 7, 8, 9, 10, 11]);
  assert.equal(byName["ln.y"], undefined); // the plot is not the target
});

test("differs: frames by id, arrays by content (NaN equal to NaN)", () => {
  assert.equal(differs("frame", { id: 3 }, { id: 3 }), false);
  assert.equal(differs("frame", { id: 3 }, { id: 4 }), true);
  assert.equal(differs("frame", null, { id: 4 }), true);
  assert.equal(differs("y", new Float64Array([1, NaN]), Float64Array.of(1, NaN)), false);
  assert.equal(differs("y", new Float64Array([1, 2]), Float64Array.of(1, 3)), true);
  assert.equal(differs("selected", [1, 2], [1, 2]), false);
  assert.equal(differs("selected", [1, 2], [1]), true);
  assert.equal(differs("selected", undefined, [1]), true);
});

/** A model with get/set/on/off and change events (enough of Backbone for link.js). */
function fakeModel(state, widgetManager) {
  const listeners = new Map();
  const model = {
    widget_manager: widgetManager,
    sets: [],
    get: (k) => state[k],
    set(k, v) {
      state[k] = v;
      model.sets.push([k, v]);
      for (const cb of listeners.get(`change:${k}`) || []) cb();
    },
    on(ev, cb) {
      if (!listeners.has(ev)) listeners.set(ev, []);
      listeners.get(ev).push(cb);
    },
    off(ev, cb) {
      listeners.set(
        ev,
        (listeners.get(ev) || []).filter((f) => f !== cb),
      );
    },
  };
  return model;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("startLinks drives the linked models, once per change, and stops on cleanup", async () => {
  const others = {
    hm: fakeModel({ selected: [] }),
    ln: fakeModel({ y: new Float64Array(4) }),
    dt: fakeModel({ y: new Float64Array(1) }),
  };
  const asked = [];
  const wm = {
    get_model: (id) => {
      asked.push(id);
      return Promise.resolve(others[id]);
    },
  };
  const sliders = fakeModel({ index: { Y: 2, X: 5, F: 1 }, links, lines: plotLines }, wm);
  const stop = startLinks(sliders);
  await tick();
  await tick();
  assert.deepEqual(others.hm.get("selected"), [2, 5]);
  assert.deepEqual(Array.from(others.ln.get("y")), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(others.dt.get("y")), [1]);
  assert.deepEqual(asked.sort(), ["dt", "hm", "ln"]); // each model looked up once

  // index and lines of one kernel message: applied once, after both are set
  others.ln.sets.length = 0;
  sliders.set("index", { Y: 2, X: 7, F: 1 });
  sliders.set("lines", { ...plotLines });
  await tick();
  assert.equal(others.ln.sets.length, 1);
  assert.deepEqual(Array.from(others.ln.get("y")), [20, 21, 22, 23]);
  assert.deepEqual(others.hm.get("selected"), [2, 7]);

  // a step of the plot's own dim: marker and dot are the kernel's (set_step), not the hub's
  others.dt.set("y", Float64Array.of(99));
  const dotSets = others.dt.sets.length;
  sliders.set("index", { Y: 2, X: 7, F: 2 });
  await tick();
  assert.equal(others.dt.sets.length, dotSets);
  assert.deepEqual(Array.from(others.dt.get("y")), [99]);
  sliders.set("index", { Y: 2, X: 6, F: 2 }); // another held line: line and dot follow it
  await tick();
  assert.deepEqual(Array.from(others.ln.get("y")), [10, 11, 12, 13]);
  assert.deepEqual(Array.from(others.dt.get("y")), [12]);
  sliders.set("index", { Y: 2, X: 7, F: 1 });
  await tick();

  // the same index again sets nothing
  const before = others.ln.sets.length + others.hm.sets.length + others.dt.sets.length;
  sliders.set("index", { Y: 2, X: 7, F: 1 });
  await tick();
  assert.equal(others.ln.sets.length + others.hm.sets.length + others.dt.sets.length, before);

  stop();
  sliders.set("index", { Y: 2, X: 6, F: 1 });
  await tick();
  assert.deepEqual(others.hm.get("selected"), [2, 7]);
});

test("stepUpdates: marker and dot at the step on the line on show; none off it or at NaN", () => {
  const full = { ...links, marker: "mk", step: "F" };
  const x = Float64Array.of(300, 310, 320, 330);
  const y = Float64Array.of(1, NaN, 3, 4);
  const got = stepUpdates({ F: 2 }, full, x, y);
  assert.deepEqual(
    got.map((u) => [u.id, u.name, Array.from(u.value)]),
    [
      ["mk", "x", [320, 320]],
      ["dt", "x", [320]],
      ["dt", "y", [3]],
    ],
  );
  assert.deepEqual(stepUpdates({ F: 1 }, full, x, y), []); // NaN: the kernel places the dot
  assert.deepEqual(stepUpdates({ F: 4 }, full, x, y), []);
  assert.deepEqual(stepUpdates({ F: -1 }, full, x, y), []);
  assert.deepEqual(stepUpdates({ X: 2 }, full, x, y), []);
  assert.deepEqual(stepUpdates({ F: 2 }, links, x, y), []); // no marker linked
  assert.deepEqual(stepUpdates({ F: 2 }, full, null, y), []);
});

test("startLinks moves marker and dot on a step of the plot's dim, on the line on show", async () => {
  const others = {
    ln: fakeModel({ x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(5, 6, 7, 8) }),
    dt: fakeModel({ x: Float64Array.of(0), y: Float64Array.of(5) }),
    mk: fakeModel({ x: Float64Array.of(0, 0) }),
  };
  const wm = { get_model: (id) => Promise.resolve(others[id]) };
  const full = { line: "ln", dot: "dt", marker: "mk", step: "F" };
  const sliders = fakeModel({ index: { X: 0, F: 0 }, links: full, lines: {} }, wm);
  const stop = startLinks(sliders);
  for (let i = 0; i < 4; i++) await tick();
  sliders.set("index", { X: 0, F: 2 });
  await tick();
  assert.deepEqual(Array.from(others.mk.get("x")), [2, 2]);
  assert.deepEqual(Array.from(others.dt.get("x")), [2]);
  assert.deepEqual(Array.from(others.dt.get("y")), [7]);
  // a new line from the kernel: the dot moves onto it
  others.ln.set("y", Float64Array.of(50, 60, 70, 80));
  await tick();
  assert.deepEqual(Array.from(others.dt.get("y")), [70]);
  // the same state again sets nothing
  const sets = others.mk.sets.length + others.dt.sets.length;
  sliders.set("index", { X: 0, F: 2 });
  await tick();
  assert.equal(others.mk.sets.length + others.dt.sets.length, sets);
  stop();
  others.ln.set("y", Float64Array.of(1, 1, 1, 1));
  sliders.set("index", { X: 0, F: 3 });
  await tick();
  assert.deepEqual(Array.from(others.dt.get("y")), [70]); // stopped: nothing follows
});
