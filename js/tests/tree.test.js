import { test } from "node:test";
import assert from "node:assert/strict";
import { ancestors, attrsLoadingText, attrsPending, nodeMeta, progressText, rootPaths } from "../src/tree.js";

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
