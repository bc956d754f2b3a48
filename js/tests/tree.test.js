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
  "/M/Raw_Data": node({ name: "Raw_Data", kind: "dataset", shape: [4, 8], dtype: "float32", is_main: true }),
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
