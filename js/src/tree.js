// HDF5 file tree: lazily expanded (asks Python with {"type": "expand", "path"}), keyboard
// navigable (ARIA tree pattern), a badge per kind of dataset (USID Main, NSID, plain array,
// dimension scale: `viewBadge`; every dataset with a `view` is clickable), ancillary notes,
// results progress, and a details
// table with the attributes of the focused item (read when it is first focused: asks Python
// with {"type": "attrs", "path"}). Names keep what tells them apart visible (`nameParts`);
// the tree folds into a narrow rail (`collapsed`; by default while the explorer is narrow:
// see drawer.js).

import { Disposer, clear, h, setText, suppressShortcuts, truncate } from "./dom.js";
import { createDrawer } from "./drawer.js";

/** Characters of a name put in the page at most (the rest is cut with an ellipsis). */
const MAX_NAME = 160;

/** Characters kept whole at the end of a long name, after an ellipsis in the middle. */
const TAIL = 10;

/**
 * @typedef {{
 *   name: string, kind: "group"|"dataset"|"link", shape: number[]|null, dtype: string|null,
 *   attrs: [string, string][]|null, n_attrs: number, is_main: boolean,
 *   view: "usid"|"nsid"|"hdf5"|"array"|"sidpy"|null, is_scale: boolean, ancillary_of: string[],
 *   progress: {done: number, total: number}|null, children: string[]|null,
 *   n_children: number, note: string,
 * }} TreeNode
 */

/**
 * What each `view` of a node is, in words (the details line and the badge's tooltip).
 * @type {Record<string, string>}
 */
export const VIEW_LABELS = {
  usid: "USID Main dataset",
  nsid: "NSID dataset",
  hdf5: "HDF5 array",
  array: "array in memory",
  sidpy: "sidpy Dataset in memory",
};

/** Views of an array given without a file: the one dataset shown, nothing to switch to. */
const MEMORY_VIEWS = new Set(["array", "sidpy"]);

/**
 * Whether a click (or Enter) on the node shows it: a dataset with something to draw.
 * @param {TreeNode|undefined} n
 */
export function viewable(n) {
  return !!n && n.kind === "dataset" && !!n.view && !MEMORY_VIEWS.has(n.view);
}

/**
 * The badge of a node: its text, tooltip and the class that styles it (one per kind, so a
 * USID Main dataset, an NSID dataset, a plain array and a dimension scale look different);
 * null for nodes without one (groups, links, datasets of strings).
 * @param {TreeNode} n
 * @returns {{text: string, title: string, cls: string}|null}
 */
export function viewBadge(n) {
  if (!n || n.kind !== "dataset") return null;
  if (n.is_scale) {
    return {
      text: "axis",
      title: "Dimension scale: the values along an axis of another dataset",
      cls: "usidw-badge-axis",
    };
  }
  const label = VIEW_LABELS[n.view || ""];
  if (!label) return null;
  const text = { usid: "Main", nsid: "NSID", hdf5: "array", array: "array", sidpy: "sidpy" }[n.view];
  const title = MEMORY_VIEWS.has(n.view) ? label : `${label}: click to view`;
  return { text, title, cls: `usidw-badge-${n.view}` };
}

/**
 * The tree's heading and its accessible name: the file's, or the array's shown without one.
 * @param {Record<string, TreeNode>} nodes
 * @returns {{text: string, label: string}}
 */
export function treeHeading(nodes) {
  const memory = rootPaths(nodes)
    .map((p) => nodes[p])
    .find((n) => n && MEMORY_VIEWS.has(n.view || ""));
  if (!memory) return { text: "File", label: "HDF5 file" };
  const text = memory.view === "sidpy" ? "sidpy Dataset" : "Array";
  return { text, label: `${text} and its metadata` };
}

/**
 * Paths of the tree roots: nodes that are nobody's child ("/" first).
 * @param {Record<string, TreeNode>} nodes
 * @returns {string[]}
 */
export function rootPaths(nodes) {
  const kids = new Set();
  for (const n of Object.values(nodes)) for (const c of n?.children || []) kids.add(c);
  const roots = Object.keys(nodes).filter((p) => !kids.has(p));
  return roots.sort((a, b) => (a === "/" ? -1 : b === "/" ? 1 : a.length - b.length || (a < b ? -1 : 1)));
}

/**
 * Ancestor group paths of an HDF5 path, outermost first ("/a/b/c" -> ["/", "/a", "/a/b"]).
 * @param {string} path
 */
export function ancestors(path) {
  const parts = String(path).split("/").filter(Boolean);
  const out = ["/"];
  for (let i = 1; i < parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return parts.length ? out : [];
}

/**
 * Text of a results group's progress.
 * @param {{done: number, total: number}|null|undefined} p
 */
export function progressText(p) {
  if (!p) return "";
  const done = Number(p.done) || 0;
  const total = Number(p.total) || 0;
  if (done === 0) return "not computed";
  return `${done} / ${total} computed`;
}

/**
 * Short description of a node: "64 × 128 float32" for datasets, "12 items" for groups.
 * @param {TreeNode} n
 */
export function nodeMeta(n) {
  if (n.kind === "dataset") {
    const shape = Array.isArray(n.shape) ? (n.shape.length ? n.shape.join(" × ") : "scalar") : "";
    return [shape, n.dtype || ""].filter(Boolean).join(" ");
  }
  if (n.kind === "group") {
    const c = Number(n.n_children) || 0;
    return `${c} item${c === 1 ? "" : "s"}`;
  }
  return n.kind || "";
}

/**
 * Whether the attributes of a node are still to be asked of Python: `attrs` is null (not read
 * yet) and the node has some.
 * @param {TreeNode|undefined} n
 */
export function attrsPending(n) {
  return !!n && n.attrs == null && (Number(n.n_attrs) || 0) > 0;
}

/**
 * Text of the details table's place while the attributes are read.
 * @param {TreeNode} n
 */
export function attrsLoadingText(n) {
  const k = Number(n.n_attrs) || 0;
  return `reading ${k} attribute${k === 1 ? "" : "s"}…`;
}

/**
 * A name in the parts shown: `head` (cut with an ellipsis when space is short) and `tail`
 * (always whole). A pyUSID results group `<source>-<Process>_<NNN>` keeps its process and index
 * whole and shows its source muted (`source`: true): twelve results of one dataset read
 * "Raw_Data-Simple_Process_000", "..._001", ... and must not be cut where they differ. Other
 * long names keep their last characters: the middle is cut, never the distinguishing tail.
 * @param {string} name
 * @returns {{head: string, tail: string, source: boolean}}
 */
export function nameParts(name) {
  name = String(name ?? "");
  const m = /^(.+-)([^-]*[A-Za-z][^-]*_)(\d+)$/.exec(name);
  if (m) return { head: m[1], tail: m[2] + m[3], source: true };
  if (name.length > TAIL + 8) return { head: name.slice(0, -TAIL), tail: name.slice(-TAIL), source: false };
  return { head: name, tail: "", source: false };
}

/**
 * The name element of a tree row (see `nameParts`); its text is the whole name.
 * @param {string} name
 */
function nameElement(name) {
  // a name of thousands of characters (a hostile file) is cut first: the row shows ~30
  const p = nameParts(truncate(name, MAX_NAME));
  const head = h("span", { class: `usidw-name-head${p.source ? " usidw-name-source" : ""}`, text: p.head });
  const el = h("span", { class: "usidw-node-name" }, [head]);
  if (p.tail) el.appendChild(h("span", { class: "usidw-name-tail", text: p.tail }));
  return el;
}

/**
 * A path that breaks only after its slashes: one unbreakable span per segment, each followed
 * by a `<wbr>` (a segment wider than the column is ellipsised, never broken mid-word).
 * @param {HTMLElement} el
 * @param {string} path
 */
function setPath(el, path) {
  clear(el);
  const parts = String(path).split("/");
  parts.forEach((part, i) => {
    const cut = truncate(part, MAX_NAME);
    const text = i < parts.length - 1 ? `${cut}/` : cut;
    if (!text) return;
    el.appendChild(h("span", { class: "usidw-path-part", text }));
    if (i < parts.length - 1) el.appendChild(h("wbr"));
  });
  el.setAttribute("title", path);
  return el;
}

const baseName = (p) => String(p).split("/").filter(Boolean).pop() || "/";

/**
 * Render a FileTree model into `el`; returns the cleanup function.
 * @param {{model: any, el: HTMLElement}} ctx
 */
export function renderTree({ model, el }) {
  const d = new Disposer();
  const treeEl = h("ul", { class: "usidw-tree-view", role: "tree", "aria-label": "HDF5 file" });
  suppressShortcuts(treeEl);
  const details = h("div", { class: "usidw-details", "aria-live": "polite" });
  const heading = h("span", { class: "usidw-tree-heading", text: "File" });
  const root = h("div", { class: "usidw-root usidw-tree" });
  const drawer = createDrawer({
    root,
    onChoose: (folded) => {
      model.set("collapsed", folded);
      model.save_changes();
    },
  });
  d.add(() => drawer.dispose());
  const header = h("div", { class: "usidw-tree-header" }, [drawer.button, heading]);
  root.append(header, treeEl, details);
  el.appendChild(root);
  d.add(() => root.remove());
  drawer.show(model.get("collapsed"));
  d.listen(model, "change:collapsed", () => drawer.show(model.get("collapsed")));

  /** @type {Set<string>} */
  const expanded = new Set();
  /** @type {Set<string>} groups asked for, children not there yet */
  const loading = new Set();
  /** @type {Set<string>} items whose attributes were asked for, not there yet */
  const attrsAsked = new Set();
  let focused = "";
  let revealPending = true;
  let initialised = false;
  /** @type {{path: string, li: HTMLElement, parent: string|null}[]} visible items in order */
  let visible = [];
  /** @type {Map<string, HTMLElement>} */
  let items = new Map();

  const nodes = () => /** @type {Record<string, TreeNode>} */ (model.get("nodes") || {});

  function expand(path) {
    const n = nodes()[path];
    if (!n || n.kind !== "group") return;
    expanded.add(path);
    if (n.children == null && !loading.has(path)) {
      loading.add(path);
      model.send({ type: "expand", path });
    }
  }

  function reveal() {
    const current = model.get("current") || "";
    if (!current) {
      revealPending = false;
      return;
    }
    const all = nodes();
    let done = true;
    for (const a of ancestors(current)) {
      const n = all[a];
      if (!n) continue;
      if (n.children == null) done = false;
      else expanded.add(a);
    }
    if (done && all[current]) {
      revealPending = false;
      focused = current;
    }
  }

  function render() {
    const all = nodes();
    const roots = rootPaths(all);
    const title = treeHeading(all);
    heading.textContent = title.text;
    treeEl.setAttribute("aria-label", title.label);
    if (!initialised && roots.length) {
      for (const r of roots) expanded.add(r);
      initialised = true;
    }
    for (const p of [...loading]) if (all[p]?.children != null || !all[p]) loading.delete(p);
    for (const p of [...attrsAsked]) if (!attrsPending(all[p])) attrsAsked.delete(p);
    if (revealPending) reveal();
    if (!focused || !all[focused]) focused = roots[0] || "";
    const hadFocus = treeEl.contains(root.ownerDocument.activeElement);
    const current = model.get("current") || "";
    visible = [];
    items = new Map();
    clear(treeEl);
    const seen = new Set();

    const addItem = (path, parentEl, depth, parent) => {
      const n = all[path];
      if (!n || seen.has(path)) return;
      seen.add(path);
      const name = n.name || baseName(path);
      const isGroup = n.kind === "group";
      const open = isGroup && expanded.has(path);
      const li = h("li", {
        role: "treeitem",
        class: `usidw-node usidw-kind-${n.kind || "link"}`,
        "aria-label": name,
        "aria-level": depth + 1,
        tabindex: path === focused ? 0 : -1,
        "data-path": path,
      });
      suppressShortcuts(li);
      if (isGroup) li.setAttribute("aria-expanded", String(open));
      if (path === current) {
        li.setAttribute("aria-selected", "true");
        li.classList.add("usidw-current");
      }
      if (path === focused) li.classList.add("usidw-focused");
      const row = h("div", { class: "usidw-node-row", title: path });
      row.style.paddingLeft = `${4 + depth * 14}px`;
      row.appendChild(h("span", { class: "usidw-twisty", "aria-hidden": "true", text: isGroup ? (open ? "▾" : "▸") : "" }));
      row.appendChild(nameElement(name));
      const badge = viewBadge(n);
      if (badge) row.appendChild(h("span", { class: `usidw-badge ${badge.cls}`, text: badge.text, title: badge.title }));
      if (viewable(n)) li.classList.add("usidw-viewable");
      // shape, dtype and notes share the rest of the row, cut with an ellipsis
      const extra = h("span", { class: "usidw-node-extra" });
      const full = [];
      if (n.progress) {
        const text = progressText(n.progress);
        const cls = `usidw-progress${Number(n.progress.done) ? "" : " usidw-not-computed"}`;
        extra.appendChild(h("span", { class: cls, text }));
        full.push(text);
      }
      if (Array.isArray(n.ancillary_of) && n.ancillary_of.length) {
        const text = `ancillary of ${n.ancillary_of.map(baseName).join(", ")}`;
        extra.appendChild(h("span", { class: "usidw-node-note", text }));
        full.push(`ancillary of ${n.ancillary_of.join(", ")}`);
      }
      if (n.note) {
        const text = String(n.note).slice(0, 200);
        extra.appendChild(h("span", { class: "usidw-node-note", text }));
        full.push(String(n.note));
      }
      const meta = nodeMeta(n);
      if (meta) {
        extra.appendChild(h("span", { class: "usidw-node-meta", text: meta }));
        full.push(meta);
      }
      if (full.length) {
        extra.setAttribute("title", full.join(" · "));
        row.appendChild(extra);
      }
      li.appendChild(row);
      parentEl.appendChild(li);
      visible.push({ path, li, parent });
      items.set(path, li);
      if (open) {
        const ul = h("ul", { role: "group", class: "usidw-group" });
        li.appendChild(ul);
        if (n.children == null) {
          ul.appendChild(h("li", { role: "none", class: "usidw-loading", text: "loading…" }));
        } else {
          for (const c of n.children) addItem(c, ul, depth + 1, path);
        }
      }
    };
    for (const r of roots) addItem(r, treeEl, 0, null);
    if (!items.has(focused) && visible.length) focused = visible[0].path;
    const li = items.get(focused);
    if (li) {
      li.tabIndex = 0;
      li.classList.add("usidw-focused");
      if (hadFocus) li.focus({ preventScroll: true });
    }
    if (!visible.length) {
      treeEl.appendChild(h("li", { role: "none", class: "usidw-loading", text: "empty" }));
    }
    renderDetails();
  }

  function renderDetails() {
    clear(details);
    const n = nodes()[focused];
    if (!n) return;
    details.appendChild(setPath(h("div", { class: "usidw-details-path" }), focused));
    const bits = [n.kind, nodeMeta(n)];
    if (VIEW_LABELS[n.view || ""]) bits.push(VIEW_LABELS[n.view || ""]);
    if (n.is_scale) bits.push("dimension scale");
    if (n.progress) bits.push(progressText(n.progress));
    details.appendChild(setText(h("div", { class: "usidw-details-kind" }), bits.filter(Boolean).join(" · "), 120));
    if (Array.isArray(n.ancillary_of) && n.ancillary_of.length) {
      details.appendChild(
        setText(h("div", { class: "usidw-details-kind" }), `ancillary of ${n.ancillary_of.join(", ")}`, 200),
      );
    }
    if (attrsPending(n)) {
      if (!attrsAsked.has(focused)) {
        attrsAsked.add(focused);
        model.send({ type: "attrs", path: focused });
      }
      details.appendChild(h("div", { class: "usidw-details-loading", text: attrsLoadingText(n) }));
      return;
    }
    const attrs = Array.isArray(n.attrs) ? n.attrs : [];
    if (!attrs.length) {
      details.appendChild(h("div", { class: "usidw-details-empty", text: "no attributes" }));
      return;
    }
    const tbody = h("tbody");
    for (const pair of attrs) {
      const [k, v] = Array.isArray(pair) ? pair : [String(pair), ""];
      // a key of nested metadata ("metadata/experiment/voltage") wraps after its slashes
      // (its name given whole: the parts' boxes would put spaces in the computed one)
      const key = String(k).includes("/")
        ? setPath(h("th", { scope: "row", class: "usidw-attr-path", "aria-label": String(k) }), String(k))
        : setText(h("th", { scope: "row" }), String(k), 32);
      tbody.appendChild(h("tr", {}, [key, setText(h("td"), String(v ?? ""), 120)]));
    }
    details.appendChild(
      // an array's metadata is the whole column: its values wrap instead of being cut
      h("table", { class: `usidw-attrs${MEMORY_VIEWS.has(n.view || "") ? " usidw-attrs-wrap" : ""}`, "aria-label": "Attributes" }, [
        h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: "attribute" }), h("th", { scope: "col", text: "value" })])]),
        tbody,
      ]),
    );
  }

  function focusPath(path) {
    if (!items.has(path)) return;
    const old = items.get(focused);
    if (old) {
      old.tabIndex = -1;
      old.classList.remove("usidw-focused");
    }
    focused = path;
    const li = items.get(path);
    li.tabIndex = 0;
    li.classList.add("usidw-focused");
    li.focus({ preventScroll: false });
    renderDetails();
  }

  function toggle(path) {
    const n = nodes()[path];
    if (!n || n.kind !== "group") return;
    if (expanded.has(path)) expanded.delete(path);
    else expand(path);
    render();
  }

  function activate(path) {
    const n = nodes()[path];
    if (!n) return;
    if (n.kind === "group") toggle(path);
    else if (viewable(n)) {
      model.set("selected", path);
      model.save_changes();
    }
  }

  d.listen(treeEl, "click", (ev) => {
    const li = /** @type {HTMLElement} */ (ev.target).closest?.("li[role=treeitem]");
    if (!li || !treeEl.contains(li)) return;
    const path = li.getAttribute("data-path");
    focusPath(path);
    activate(path);
    items.get(focused)?.focus({ preventScroll: true });
  });

  d.listen(treeEl, "keydown", (ev) => {
    const e = /** @type {KeyboardEvent} */ (ev);
    const i = visible.findIndex((v) => v.path === focused);
    if (i < 0) return;
    const cur = visible[i];
    const n = nodes()[cur.path];
    const isGroup = n?.kind === "group";
    let handled = true;
    switch (e.key) {
      case "ArrowDown":
        if (i + 1 < visible.length) focusPath(visible[i + 1].path);
        break;
      case "ArrowUp":
        if (i > 0) focusPath(visible[i - 1].path);
        break;
      case "Home":
        focusPath(visible[0].path);
        break;
      case "End":
        focusPath(visible[visible.length - 1].path);
        break;
      case "ArrowRight":
        if (isGroup && !expanded.has(cur.path)) {
          expand(cur.path);
          render();
        } else if (isGroup && n.children && n.children.length && items.has(n.children[0])) {
          focusPath(n.children[0]);
        }
        break;
      case "ArrowLeft":
        if (isGroup && expanded.has(cur.path)) {
          expanded.delete(cur.path);
          render();
        } else if (cur.parent) focusPath(cur.parent);
        break;
      case "Enter":
      case " ":
        activate(cur.path);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
      items.get(focused)?.focus({ preventScroll: false });
    }
  });

  d.listen(model, "change:nodes", render);
  d.listen(model, "change:current", () => {
    revealPending = true;
    render();
  });

  render();
  return () => d.dispose();
}
