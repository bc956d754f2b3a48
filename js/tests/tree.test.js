import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ancestors,
  attrsLoadingText,
  attrsPending,
  nameParts,
  nodeMeta,
  progressText,
  renderTree,
  rootPaths,
  treeHeading,
  VIEW_LABELS,
  viewable,
  viewBadge,
} from "../src/tree.js";
import { foldClass } from "../src/drawer.js";
import { byClass, byLabel, fakeEvent, findAll, installDom } from "./fake-dom.js";
import { fakeModel } from "./fake-model.js";

const node = (extra) => ({
  name: "",
  kind: "group",
  shape: null,
  dtype: null,
  attrs: [],
  n_attrs: 0,
  is_main: false,
  view: null,
  is_scale: false,
  ancillary_of: [],
  progress: null,
  children: null,
  n_children: 0,
  note: "",
  ...extra,
});

test("the root is the node nobody lists as a child", () => {
  const nodes = {
    "/": node({ name: "/", children: ["/a", "/b"] }),
    "/a": node({ name: "a", children: ["/a/x"] }),
    "/a/x": node({ name: "x", kind: "dataset" }),
    "/b": node({ name: "b" }),
  };
  assert.deepEqual(rootPaths(nodes), ["/"]);
  assert.deepEqual(rootPaths({ "/g": node({ children: ["/g/d"] }), "/g/d": node({}) }), ["/g"]);
  assert.deepEqual(rootPaths({}), []);
});

test("ancestors of a path, outermost first", () => {
  assert.deepEqual(ancestors("/a/b/c"), ["/", "/a", "/a/b"]);
  assert.deepEqual(ancestors("/a"), ["/"]);
  assert.deepEqual(ancestors("/"), []);
});

test("results progress text", () => {
  assert.equal(progressText({ done: 0, total: 100 }), "not computed");
  assert.equal(progressText({ done: 37, total: 100 }), "37 / 100 computed");
  assert.equal(progressText(null), "");
});

test("node description", () => {
  assert.equal(nodeMeta(node({ kind: "dataset", shape: [64, 128], dtype: "float32" })), "64 × 128 float32");
  assert.equal(nodeMeta(node({ kind: "dataset", shape: [], dtype: "int64" })), "scalar int64");
  assert.equal(nodeMeta(node({ kind: "group", n_children: 1 })), "1 item");
  assert.equal(nodeMeta(node({ kind: "group", n_children: 3 })), "3 items");
  assert.equal(nodeMeta(node({ kind: "link" })), "link");
});

test("attributes are asked for only when not read yet and there are some", () => {
  assert.equal(attrsPending(node({ attrs: null, n_attrs: 851 })), true);
  assert.equal(attrsPending(node({ attrs: [["a", "1"]], n_attrs: 1 })), false);
  assert.equal(attrsPending(node({ attrs: [], n_attrs: 0 })), false);
  assert.equal(attrsPending(node({ attrs: null, n_attrs: 0 })), false);
  assert.equal(attrsPending(undefined), false);
  assert.equal(attrsLoadingText(node({ attrs: null, n_attrs: 851 })), "reading 851 attributes…");
  assert.equal(attrsLoadingText(node({ attrs: null, n_attrs: 1 })), "reading 1 attribute…");
});

test("nameParts: a results group keeps its process and index whole, its source muted", () => {
  assert.deepEqual(nameParts("Raw_Data-Simple_Process_007"), {
    head: "Raw_Data-",
    tail: "Simple_Process_007",
    source: true,
  });
  assert.deepEqual(nameParts("Raw_Data-SHO_Fit_000"), { head: "Raw_Data-", tail: "SHO_Fit_000", source: true });
  // a long name keeps its last characters; a short one is whole
  const long = nameParts("Spectroscopic_Values_for_channel_12");
  assert.equal(long.head + long.tail, "Spectroscopic_Values_for_channel_12");
  assert.equal(long.tail, "channel_12");
  assert.equal(long.source, false);
  assert.deepEqual(nameParts("Raw_Data"), { head: "Raw_Data", tail: "", source: false });
  assert.deepEqual(nameParts("Channel_000"), { head: "Channel_000", tail: "", source: false });
  assert.deepEqual(nameParts("a-b_1"), { head: "a-", tail: "b_1", source: true });
  assert.equal(nameParts("2020-01_15").source, false); // no process name: a date, not a result
});

test("foldClass: the user's choice as a class; unset, widgets.css decides by the explorer's width", () => {
  assert.equal(foldClass(true), "usidw-tree-folded");
  assert.equal(foldClass(false), "usidw-tree-unfolded");
  assert.equal(foldClass(null), null);
  assert.equal(foldClass(undefined), null);
});

const SPARSE = {
  "/": node({ name: "/", children: ["/M"], n_children: 1 }),
  "/M": node({ name: "M", children: ["/M/Raw_Data", "/M/Raw_Data-Simple_Process_011"], n_children: 2 }),
  "/M/Raw_Data": node({ name: "Raw_Data", kind: "dataset", shape: [4, 8], dtype: "float32", is_main: true, view: "usid" }),
  "/M/Raw_Data-Simple_Process_011": node({ name: "Raw_Data-Simple_Process_011", n_children: 2 }),
};

function mountTree(state, explorerWidth) {
  const dom = installDom();
  const model = fakeModel({ nodes: SPARSE, current: "/M/Raw_Data", selected: "", collapsed: null, ...state });
  const explorer = dom.document.createElement("div");
  explorer.classList.add("usidw-explorer");
  explorer.rect = { left: 0, top: 0, width: explorerWidth, height: 600 };
  const el = dom.document.createElement("div");
  explorer.appendChild(el);
  const cleanup = renderTree({ model, el });
  const root = byClass(el, "usidw-tree");
  return { dom, model, el, root, cleanup };
}

test("tree rows: the whole name as text, its path as tooltip, a result's tail kept whole", () => {
  const t = mountTree({}, 1400);
  try {
    const rows = findAll(t.root, (n) => n.classList.contains("usidw-node-row"));
    assert.deepEqual(
      rows.map((r) => r.getAttribute("title")),
      ["/", "/M", "/M/Raw_Data", "/M/Raw_Data-Simple_Process_011"],
    );
    const result = rows[3];
    assert.equal(byClass(result, "usidw-node-name").textContent, "Raw_Data-Simple_Process_011");
    assert.equal(byClass(result, "usidw-name-source").textContent, "Raw_Data-");
    assert.equal(byClass(result, "usidw-name-tail").textContent, "Simple_Process_011");
    // the details header breaks only after its slashes
    const path = byClass(t.root, "usidw-details-path");
    assert.deepEqual(
      path.childNodes.map((n) => n.localName),
      ["span", "wbr", "span", "wbr", "span"],
    );
    assert.equal(path.textContent, "/M/Raw_Data");
  } finally {
    t.cleanup();
    t.dom.restore();
  }
});

/** A ResizeObserver the test fires by hand; `live` counts the observers not disconnected. */
function fakeResizeObserver() {
  const observers = [];
  const saved = globalThis.ResizeObserver;
  globalThis.ResizeObserver = class {
    constructor(cb) {
      this.cb = cb;
      this.targets = [];
      observers.push(this);
    }
    observe(t) {
      this.targets.push(t);
    }
    disconnect() {
      this.targets = [];
    }
  };
  return {
    fire: () => observers.forEach((o) => o.targets.length && o.cb([])),
    live: () => observers.filter((o) => o.targets.length).length,
    restore: () => {
      globalThis.ResizeObserver = saved;
    },
  };
}

test("the drawer: the rail CSS drew is read after layout, its button unfolds it, the choice stays", () => {
  const ro = fakeResizeObserver();
  const t = mountTree({}, 700);
  try {
    // unset: no class of the user's; the page folds it in a narrow explorer (widgets.css)
    assert.equal(t.root.classList.contains("usidw-tree-folded"), false);
    assert.equal(t.root.classList.contains("usidw-tree-unfolded"), false);
    assert.equal(ro.live(), 1);
    t.root.rect = { left: 0, top: 0, width: 30, height: 600 }; // the rail, as drawn
    ro.fire();
    const show = byLabel(t.root, "Show the file tree");
    assert.equal(show.getAttribute("title"), "Show the file tree");
    assert.equal(show.getAttribute("aria-expanded"), "false");
    show.dispatchEvent(fakeEvent("click"));
    assert.equal(t.model.get("collapsed"), false); // synced: the user's choice
    assert.equal(t.root.classList.contains("usidw-tree-unfolded"), true);
    const hide = byLabel(t.root, "Hide the file tree"); // the choice labels it before a layout
    assert.equal(hide.getAttribute("aria-expanded"), "true");
    t.root.rect = { left: 0, top: 0, width: 240, height: 600 };
    ro.fire();
    hide.dispatchEvent(fakeEvent("click"));
    assert.equal(t.model.get("collapsed"), true);
    assert.equal(t.root.classList.contains("usidw-tree-folded"), true);
    assert.equal(t.root.classList.contains("usidw-tree-unfolded"), false);
    assert.equal(hide.getAttribute("aria-label"), "Show the file tree");
    // Python unsets it: the width decides again, and what was drawn labels the button
    t.model.kernelSet("collapsed", null);
    assert.equal(t.root.classList.contains("usidw-tree-folded"), false);
    assert.equal(hide.getAttribute("aria-label"), "Hide the file tree"); // 240 px drawn last
  } finally {
    t.cleanup();
    assert.equal(ro.live(), 0);
    assert.equal(t.dom.listenerCount(), 0);
    t.dom.restore();
    ro.restore();
  }
  // without a ResizeObserver the tree reads its width at once (0: not in a page, unfolded)
  const set = mountTree({ collapsed: true }, 1400);
  assert.equal(set.root.classList.contains("usidw-tree-folded"), true);
  assert.equal(byLabel(set.root, "Show the file tree").getAttribute("aria-expanded"), "false");
  set.cleanup();
  set.dom.restore();
});

test("viewBadge: each kind of dataset its own badge, text and tooltip; groups and strings none", () => {
  const ds = (extra) => node({ kind: "dataset", shape: [4, 8], dtype: "float32", ...extra });
  assert.deepEqual(viewBadge(ds({ view: "usid", is_main: true })), {
    text: "Main",
    title: "USID Main dataset: click to view",
    cls: "usidw-badge-usid",
  });
  assert.deepEqual(viewBadge(ds({ view: "nsid" })), {
    text: "NSID",
    title: "NSID dataset: click to view",
    cls: "usidw-badge-nsid",
  });
  assert.deepEqual(viewBadge(ds({ view: "hdf5" })), {
    text: "array",
    title: "HDF5 array: click to view",
    cls: "usidw-badge-hdf5",
  });
  // the array shown without a file: nothing to click to
  assert.deepEqual(viewBadge(ds({ view: "sidpy" })), {
    text: "sidpy",
    title: "sidpy Dataset in memory",
    cls: "usidw-badge-sidpy",
  });
  assert.equal(viewBadge(ds({ view: "array" })).title, "array in memory");
  const axis = viewBadge(ds({ is_scale: true }));
  assert.equal(axis.text, "axis");
  assert.equal(axis.cls, "usidw-badge-axis");
  assert.match(axis.title, /^Dimension scale/);
  assert.equal(viewBadge(ds({ view: null })), null); // strings, scalars
  assert.equal(viewBadge(node({ view: "hdf5" })), null); // a group never has one
  assert.equal(VIEW_LABELS.nsid, "NSID dataset");
});

test("viewable: datasets with a view in a file; not scales, strings, groups or the array in memory", () => {
  const ds = (extra) => node({ kind: "dataset", ...extra });
  assert.equal(viewable(ds({ view: "usid" })), true);
  assert.equal(viewable(ds({ view: "nsid" })), true);
  assert.equal(viewable(ds({ view: "hdf5" })), true);
  assert.equal(viewable(ds({ view: null, is_scale: true })), false);
  assert.equal(viewable(ds({ view: null })), false);
  assert.equal(viewable(ds({ view: "sidpy" })), false);
  assert.equal(viewable(ds({ view: "array" })), false);
  assert.equal(viewable(node({ view: "hdf5" })), false);
  assert.equal(viewable(undefined), false);
});

test("treeHeading: the file, or the array shown without one", () => {
  assert.deepEqual(treeHeading(SPARSE), { text: "File", label: "HDF5 file" });
  const one = (view) => ({ x: node({ name: "x", kind: "dataset", view }) });
  assert.deepEqual(treeHeading(one("sidpy")), { text: "sidpy Dataset", label: "sidpy Dataset and its metadata" });
  assert.deepEqual(treeHeading(one("array")), { text: "Array", label: "Array and its metadata" });
  assert.deepEqual(treeHeading({}), { text: "File", label: "HDF5 file" });
});

const KINDS = {
  "/": node({ name: "/", children: ["/M", "/N", "/plain", "/names"], n_children: 4 }),
  "/M": node({ name: "M", children: ["/M/Raw_Data"], n_children: 1 }),
  "/M/Raw_Data": node({ name: "Raw_Data", kind: "dataset", shape: [4, 8], dtype: "float32", is_main: true, view: "usid" }),
  "/N": node({ name: "N", children: ["/N/image", "/N/x"], n_children: 2 }),
  "/N/image": node({ name: "image", kind: "dataset", shape: [5, 7], dtype: "float32", view: "nsid" }),
  "/N/x": node({ name: "x", kind: "dataset", shape: [5], dtype: "float64", is_scale: true }),
  "/plain": node({ name: "plain", kind: "dataset", shape: [3, 4, 5], dtype: "int16", view: "hdf5" }),
  "/names": node({ name: "names", kind: "dataset", shape: [2], dtype: "|S2" }),
};

function mountKinds(state = {}) {
  const dom = installDom();
  const model = fakeModel({ nodes: KINDS, current: "/M/Raw_Data", selected: "/M/Raw_Data", collapsed: false, ...state });
  const el = dom.document.createElement("div");
  const cleanup = renderTree({ model, el });
  const item = (path) => findAll(el, (n) => n.getAttribute?.("data-path") === path)[0];
  // open "/N" (its children are loaded: nothing is asked of Python)
  if (item("/N")) byClass(item("/N"), "usidw-node-row").dispatchEvent(fakeEvent("click"));
  return { dom, model, el, item, cleanup };
}

test("tree rows: a badge per kind, tooltips say what a click does; viewable rows marked", () => {
  const t = mountKinds();
  try {
    const badge = (path) => byClass(t.item(path), "usidw-badge");
    assert.equal(badge("/M/Raw_Data").textContent, "Main");
    assert.equal(badge("/M/Raw_Data").classList.contains("usidw-badge-usid"), true);
    assert.equal(badge("/N/image").textContent, "NSID");
    assert.equal(badge("/N/image").getAttribute("title"), "NSID dataset: click to view");
    assert.equal(badge("/plain").textContent, "array");
    assert.equal(badge("/plain").getAttribute("title"), "HDF5 array: click to view");
    assert.equal(badge("/N/x").textContent, "axis");
    assert.equal(findAll(t.item("/names"), (n) => n.classList.contains("usidw-badge")).length, 0);
    const marked = ["/M/Raw_Data", "/N/image", "/N/x", "/plain", "/names"].filter((p) =>
      t.item(p).classList.contains("usidw-viewable"),
    );
    assert.deepEqual(marked, ["/M/Raw_Data", "/N/image", "/plain"]);
    assert.equal(byClass(t.el, "usidw-tree-heading").textContent, "File");
  } finally {
    t.cleanup();
    t.dom.restore();
  }
});

test("a click or Enter on any viewable dataset selects it; scales and strings are only focused", () => {
  const t = mountKinds();
  const row = (path) => byClass(t.item(path), "usidw-node-row");
  try {
    t.model.take();
    row("/N/image").dispatchEvent(fakeEvent("click"));
    assert.deepEqual(t.model.take(), [["set", "selected", "/N/image"], ["save"]]);
    row("/plain").dispatchEvent(fakeEvent("click"));
    assert.deepEqual(t.model.take(), [["set", "selected", "/plain"], ["save"]]);
    // a scale: focused (its attributes shown), nothing selected
    row("/N/x").dispatchEvent(fakeEvent("click"));
    assert.deepEqual(t.model.take(), []);
    assert.equal(byClass(t.el, "usidw-details-kind").textContent, "dataset · 5 float64 · dimension scale");
    row("/names").dispatchEvent(fakeEvent("click"));
    assert.deepEqual(t.model.take(), []);
    // the keyboard: up to the scale, up to the NSID image, Enter
    t.item("/names").dispatchEvent(fakeEvent("keydown", { key: "ArrowUp" }));
    t.item("/plain").dispatchEvent(fakeEvent("keydown", { key: "ArrowUp" }));
    t.item("/N/x").dispatchEvent(fakeEvent("keydown", { key: "ArrowUp" }));
    assert.deepEqual(t.model.take(), []);
    assert.equal(byClass(t.el, "usidw-details-kind").textContent, "dataset · 5 × 7 float32 · NSID dataset");
    t.item("/N/image").dispatchEvent(fakeEvent("keydown", { key: "Enter" }));
    assert.deepEqual(t.model.take(), [["set", "selected", "/N/image"], ["save"]]);
    t.item("/N/image").dispatchEvent(fakeEvent("keydown", { key: "ArrowDown" }));
    t.item("/N/x").dispatchEvent(fakeEvent("keydown", { key: " " }));
    assert.deepEqual(t.model.take(), []);
  } finally {
    t.cleanup();
    t.dom.restore();
  }
});

test("an array without a file: one node, its metadata shown at once, nested keys wrap at slashes", () => {
  const nodes = {
    "My image": node({
      name: "My image",
      kind: "dataset",
      shape: [10, 20],
      dtype: "float64",
      view: "sidpy",
      attrs: [
        ["dimensions/x", "10 values, 0–9 nm"],
        ["title", "My image"],
        ["metadata/experiment/voltage", "200"],
      ],
      n_attrs: 3,
    }),
  };
  const t = mountKinds({ nodes, current: "My image", selected: "My image" });
  try {
    assert.equal(byClass(t.el, "usidw-tree-heading").textContent, "sidpy Dataset");
    assert.equal(byClass(t.el, "usidw-tree-view").getAttribute("aria-label"), "sidpy Dataset and its metadata");
    const li = t.item("My image");
    assert.equal(li.getAttribute("aria-selected"), "true");
    assert.equal(li.classList.contains("usidw-viewable"), false);
    assert.equal(byClass(li, "usidw-badge").getAttribute("title"), "sidpy Dataset in memory");
    // the details: no click, no message to Python
    assert.deepEqual(t.model.log.filter((e) => e[0] === "send"), []);
    assert.equal(byClass(t.el, "usidw-details-kind").textContent, "dataset · 10 × 20 float64 · sidpy Dataset in memory");
    const keys = findAll(t.el, (n) => n.localName === "th" && n.getAttribute("scope") === "row");
    assert.deepEqual(
      keys.map((k) => k.textContent),
      ["dimensions/x", "title", "metadata/experiment/voltage"],
    );
    assert.equal(keys[2].classList.contains("usidw-attr-path"), true);
    assert.equal(keys[2].getAttribute("aria-label"), "metadata/experiment/voltage");
    assert.equal(byClass(t.el, "usidw-attrs").classList.contains("usidw-attrs-wrap"), true);
    assert.deepEqual(
      keys[2].childNodes.map((n) => n.localName),
      ["span", "wbr", "span", "wbr", "span"],
    );
    assert.equal(keys[1].classList.contains("usidw-attr-path"), false);
    // a click on it asks nothing of Python
    t.model.take();
    byClass(li, "usidw-node-row").dispatchEvent(fakeEvent("click"));
    assert.deepEqual(t.model.take(), []);
  } finally {
    t.cleanup();
    t.dom.restore();
  }
});
