// The file tree's drawer: a button that folds the tree into a narrow rail and unfolds it.
// The user's (or Python's) choice is a class on the tree; with no choice, widgets.css folds
// the tree while the explorer is narrower than 1000 px (a container query, decided in the
// page's first layout: a fold decided by script after it laid the whole explorer out twice,
// views side by side after stacked, bqplot's figure too). The drawer only reads what was drawn,
// to say on its button what pressing it does.

import { Disposer, h, suppressShortcuts, svg } from "./dom.js";

/** Widest a folded tree is drawn (the rail: 30 px in widgets.css; unfolded, 240 px). */
const RAIL_MAX = 60;

/**
 * The tree root's class for a `collapsed` setting: the choice made, or none (CSS decides).
 * @param {boolean|null|undefined} setting
 * @returns {string|null}
 */
export function foldClass(setting) {
  if (setting === true) return "usidw-tree-folded";
  if (setting === false) return "usidw-tree-unfolded";
  return null;
}

/** The drawer's icon: three lines (a list), drawn so it needs no icon font. */
function drawerIcon() {
  return svg("svg", { class: "usidw-tree-icon", viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" }, [
    svg("path", { d: "M2 4h12M2 8h12M2 12h12" }),
  ]);
}

/**
 * The drawer's button for the tree `root`.
 * @param {{root: HTMLElement, onChoose: (folded: boolean) => void}} props `onChoose`: the user
 *   pressed the button (fold, or unfold)
 * @returns {{button: HTMLElement, show: (setting: boolean|null|undefined) => void, dispose: () => void}}
 *   `show`: the model's `collapsed` now
 */
export function createDrawer({ root, onChoose }) {
  const d = new Disposer();
  const button = h("button", { class: "usidw-tree-toggle", type: "button" }, [drawerIcon()]);
  suppressShortcuts(button); // Enter and Space press it, in JupyterLab's command mode too
  /** @type {boolean|null|undefined} */
  let setting = null;
  /** whether the tree is drawn as the rail, read after each layout of it */
  let railShown = false;
  const folded = () => (setting === true || setting === false ? setting : railShown);

  function label() {
    const isFolded = folded();
    const text = isFolded ? "Show the file tree" : "Hide the file tree";
    button.setAttribute("aria-label", text);
    button.setAttribute("title", text);
    button.setAttribute("aria-expanded", String(!isFolded));
  }

  // The state is read from the layout (no layout forced: the observer reports after one), or
  // at once where there is no ResizeObserver (node tests).
  const measure = () => {
    const width = root.getBoundingClientRect().width;
    if (width > 0) railShown = width <= RAIL_MAX; // 0: not in the page, or hidden
    label();
  };
  if (typeof ResizeObserver !== "undefined") {
    const ro = new ResizeObserver(measure);
    ro.observe(root);
    d.add(() => ro.disconnect());
  } else {
    measure();
  }
  d.listen(button, "click", () => onChoose(!folded()));

  /** @param {boolean|null|undefined} next */
  function show(next) {
    setting = next;
    const cls = foldClass(setting);
    for (const c of ["usidw-tree-folded", "usidw-tree-unfolded"]) root.classList.toggle(c, c === cls);
    label();
  }
  return { button, show, dispose: () => d.dispose() };
}
