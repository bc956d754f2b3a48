// Zoom and pan of the image. The `zoom` trait holds the window of the full image on screen
// ([row0, row1, col0, col1], [] for all of it); Python answers a change with a frame of that
// window at full resolution (binned only when still larger than the display). Until that
// frame arrives the current one is stretched with a CSS transform, so the gesture feels
// immediate. Drag a box in "zoom" mode, drag in "pan" mode, Ctrl + wheel (a trackpad pinch)
// zooms about the pointer, double-click or "Reset zoom" shows the whole image again. From the
// keyboard, on the focused image: "+" / "-" zoom about the selected cell, "0" resets.
// A point cloud is zoomed in the browser alone (every point is there already): the same
// gestures set the range of its axes. The window and the cloud's view come in as props
// (`show`); a gesture reports the new one (`onZoom`, `onPointView`) and the owner shows it.

import { fractionOf, layout, pointAt, viewOf } from "./cells.js";
import { Disposer, h } from "./dom.js";
import { regionPoint } from "./region.js";
import { ICONS, toolButton } from "./toolbar.js";

/** A zoom window keeps at least this many full-resolution cells a side. */
export const MIN_CELLS = 2;
/** Pixels a drag must move before it is a drag rather than a click. */
export const DRAG_PX = 4;
/** Quiet time after the last wheel event before the window is sent, ms. */
export const WHEEL_MS = 150;

/**
 * @typedef {[number, number, number, number]} Box
 * @typedef {import("./frame.js").Frame} Frame
 */

/**
 * A window clamped to the image: at least MIN_CELLS a side, shifted (not shrunk) back inside;
 * [] when it covers the whole image.
 * @param {number[]} box [row0, row1, col0, col1], fractional allowed
 * @param {number} rows full image rows
 * @param {number} cols full image columns
 * @returns {number[]}
 */
export function clampWindow(box, rows, cols) {
  const side = (a, b, n) => {
    let len = Math.min(n, Math.max(Math.min(MIN_CELLS, n), Math.round(b - a)));
    let lo = Math.round(a + (b - a - len) / 2);
    lo = Math.min(Math.max(0, lo), n - len);
    return [lo, lo + len];
  };
  const [r0, r1] = side(box[0], box[1], rows);
  const [c0, c1] = side(box[2], box[3], cols);
  if (r0 === 0 && c0 === 0 && r1 === rows && c1 === cols) return [];
  return [r0, r1, c0, c1];
}

/**
 * The window after zooming by `factor` (> 1 zooms in) about the point (row, col).
 * @param {number[]} view current window (full-resolution cells)
 * @param {number} row
 * @param {number} col
 * @param {number} factor
 * @param {number} rows full image rows
 * @param {number} cols full image columns
 */
export function zoomAbout(view, row, col, factor, rows, cols) {
  const [r0, r1, c0, c1] = view;
  const k = 1 / factor;
  return clampWindow([row - (row - r0) * k, row + (r1 - row) * k, col - (col - c0) * k, col + (c1 - col) * k], rows, cols);
}

/**
 * The window moved by (dRows, dCols) full-resolution cells, kept inside the image.
 * @param {number[]} view
 * @param {number} dRows
 * @param {number} dCols
 * @param {number} rows
 * @param {number} cols
 */
export function panWindow(view, dRows, dCols, rows, cols) {
  const [r0, r1, c0, c1] = view;
  return clampWindow([r0 + dRows, r1 + dRows, c0 + dCols, c1 + dCols], rows, cols);
}

/**
 * The window spanned by two points (full-resolution, continuous), whole cells included.
 * @param {number[]} a [row, col]
 * @param {number[]} b [row, col]
 * @param {number} rows
 * @param {number} cols
 */
export function boxWindow(a, b, rows, cols) {
  const r0 = Math.floor(Math.min(a[0], b[0]));
  const r1 = Math.ceil(Math.max(a[0], b[0]));
  const c0 = Math.floor(Math.min(a[1], b[1]));
  const c1 = Math.ceil(Math.max(a[1], b[1]));
  return clampWindow([r0, Math.max(r1, r0 + 1), c0, Math.max(c1, c0 + 1)], rows, cols);
}

/** Keys that zoom the focused image: factor, or 0 for the whole image. */
export const ZOOM_KEYS = Object.freeze({ "+": 2, "=": 2, "-": 0.5, _: 0.5, 0: 0 });

/**
 * The window after a zoom key: about the selected cell when the window shows it, else about
 * the window's centre; null for a key that does not zoom.
 * @param {string} key
 * @param {number[]} view current window
 * @param {number[]|null} sel selected full-resolution cell
 * @param {number} rows
 * @param {number} cols
 * @returns {number[]|null}
 */
export function keyWindow(key, view, sel, rows, cols) {
  if (!Object.hasOwn(ZOOM_KEYS, key)) return null;
  const factor = ZOOM_KEYS[key];
  if (factor === 0) return [];
  const [r0, r1, c0, c1] = view;
  const shown = sel && sel[0] >= r0 && sel[0] < r1 && sel[1] >= c0 && sel[1] < c1;
  const row = shown ? sel[0] + 0.5 : (r0 + r1) / 2;
  const col = shown ? sel[1] + 0.5 : (c0 + c1) / 2;
  return zoomAbout(view, row, col, factor, rows, cols);
}

/**
 * @typedef {{x: [number, number], y: [number, number]}} PointView ranges of a point cloud's
 * axes, each [value at the left / top edge, value at the right / bottom edge]
 */

/**
 * The point-cloud view spanned by two points [y, x] (data units), oriented like `axes`; null
 * when it has no extent.
 * @param {{xa: {a: number, b: number}, ya: {a: number, b: number}}} axes
 * @param {number[]} p
 * @param {number[]} q
 * @returns {PointView|null}
 */
export function pointBox(axes, p, q) {
  const span = (ax, u, v) => (ax.a <= ax.b ? [Math.min(u, v), Math.max(u, v)] : [Math.max(u, v), Math.min(u, v)]);
  const y = span(axes.ya, p[0], q[0]);
  const x = span(axes.xa, p[1], q[1]);
  if (!(x[0] !== x[1] && y[0] !== y[1])) return null;
  return { x: /** @type {[number, number]} */ (x), y: /** @type {[number, number]} */ (y) };
}

/**
 * The point-cloud view zoomed by `factor` about (y, x), or moved by (dy, dx) when factor is 1.
 * @param {{xa: {a: number, b: number}, ya: {a: number, b: number}}} axes current axes
 * @param {number} y
 * @param {number} x
 * @param {number} factor
 * @param {number} [dy]
 * @param {number} [dx]
 * @returns {PointView}
 */
export function pointZoom(axes, y, x, factor, dy = 0, dx = 0) {
  const k = 1 / factor;
  const side = (ax, c, d) => /** @type {[number, number]} */ ([c - (c - ax.a) * k + d, c + (ax.b - c) * k + d]);
  return { x: side(axes.xa, x, dx), y: side(axes.ya, y, dy) };
}

/**
 * CSS transform that stretches what the frame shows so that `target` fills the box.
 * @param {Frame} frame
 * @param {number[]} target window, [] for the whole image
 * @param {number} w box width, CSS px
 * @param {number} hh box height, CSS px
 */
export function previewTransform(frame, target, w, hh) {
  const L = layout(frame);
  const t = target.length === 4 ? target : [0, L.rows, 0, L.cols];
  const [x0, y0] = fractionOf(frame, t[0], t[2]);
  const [x1, y1] = fractionOf(frame, t[1], t[3]);
  const sx = 1 / (x1 - x0);
  const sy = 1 / (y1 - y0);
  if (!Number.isFinite(sx) || !Number.isFinite(sy)) return "";
  return `translate(${-x0 * sx * w}px, ${-y0 * sy * hh}px) scale(${sx}, ${sy})`;
}

/**
 * @typedef {{zoom: number[], pointView: PointView|null, selected: number[]|null,
 *   dragMode: string}} ZoomProps the `zoom` trait ([] for the whole image), the point cloud's
 *   view (null: all of it), the `selected` trait (keys zoom about it) and the drag mode
 */

/**
 * @param {{
 *   canvas: HTMLCanvasElement, stack: HTMLElement, root: HTMLElement, geometry: () => any,
 *   onZoom: (box: number[]) => void, onPointView: (view: PointView|null) => void,
 *   bar?: HTMLElement,
 * }} parts bar: where the small "Reset zoom" button goes (the toolbar's slot; default root);
 *   onZoom(box): a gesture on a grid asks for the window [row0, row1, col0, col1] of the
 *   full image ([] for all of it; the frame on screen is stretched to it meanwhile, until
 *   `settle`); onPointView(view): a gesture on a point cloud sets its view (null: all of it)
 * @returns {{show: (props?: ZoomProps) => void, settle: () => void, dispose: () => void}}
 *   show(): the last props; settle(): a new frame is on screen, drop the preview
 */
export function createZoom({ canvas, stack, root, geometry, onZoom, onPointView, bar = root }) {
  const d = new Disposer();
  /** listeners of the drag under way */
  const dragging = new Disposer();
  d.add(() => dragging.dispose());
  /** @type {ZoomProps} */
  let props = { zoom: [], pointView: null, selected: null, dragMode: "zoom" };
  const zoombox = h("div", { class: "usidw-zoombox", "aria-hidden": "true" });
  const reset = toolButton({
    cls: "usidw-reset-zoom",
    label: "Reset zoom",
    title: "Reset zoom: the whole image (also double-click or the 0 key)",
    icon: ICONS.whole,
  });
  stack.appendChild(zoombox);
  bar.appendChild(reset);
  /** @type {{x: number, y: number, fx: number, fy: number, mode: string}|null} */
  let drag = null;
  let moved = false;
  /** @type {number[]|null} window of the wheel gesture under way */
  let wheelView = null;
  /** @type {any} */
  let wheelTimer = 0;

  const grid = () => {
    const { frame } = geometry();
    return frame.mode === "grid" && frame.rows > 0 ? frame : null;
  };
  const cloud = () => {
    const { frame } = geometry();
    return frame.mode === "points" && frame.n > 0;
  };
  // Fractions of the stack's box: the canvas itself moves under a preview transform.
  const fractions = (ev) => {
    const r = stack.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };
  const moving = () => [...stack.children].filter((c) => c !== zoombox);

  function preview(target) {
    const frame = grid();
    if (!frame) return;
    const { w, h: hh } = geometry();
    const t = previewTransform(frame, target, w, hh);
    for (const c of moving()) {
      /** @type {HTMLElement} */ (c).style.transformOrigin = "0 0";
      /** @type {HTMLElement} */ (c).style.transform = t;
    }
  }
  function settle() {
    for (const c of moving()) /** @type {HTMLElement} */ (c).style.transform = "";
  }

  /** @param {number[]} target */
  function request(target) {
    const current = props.zoom ?? [];
    if (JSON.stringify(current) === JSON.stringify(target)) return settle();
    preview(target);
    onZoom(target);
  }

  /** @param {ZoomProps} [next] */
  function show(next = props) {
    props = next;
    const z = props.zoom ?? [];
    const pv = cloud() ? props.pointView : null;
    reset.style.display = (grid() && z.length === 4) || pv ? "" : "none";
    root.setAttribute("data-zoom", pv ? [...pv.y, ...pv.x].join(",") : z.join(","));
  }

  const onDown = (ev) => {
    const frame = grid();
    const mode = props.dragMode;
    if (ev.button !== 0 || ev.shiftKey || !(frame || cloud()) || (mode !== "zoom" && mode !== "pan")) return;
    const zoomed = frame ? (props.zoom ?? []).length > 0 : !!props.pointView;
    if (mode === "pan" && !zoomed) return;
    ev.preventDefault(); // no text selection under a drag
    canvas.focus({ preventScroll: true });
    const [fx, fy] = fractions(ev);
    drag = { x: ev.clientX, y: ev.clientY, fx, fy, mode };
    moved = false;
    dragging.flush();
    dragging.listen(window, "mousemove", onMove);
    dragging.listen(window, "mouseup", onUp);
  };
  const onMove = (ev) => {
    if (!drag) return;
    if (!moved && Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < DRAG_PX) return;
    moved = true;
    ev.preventDefault();
    const [fx, fy] = fractions(ev);
    if (drag.mode === "zoom") {
      const x0 = Math.max(0, Math.min(drag.fx, fx));
      const x1 = Math.min(1, Math.max(drag.fx, fx));
      const y0 = Math.max(0, Math.min(drag.fy, fy));
      const y1 = Math.min(1, Math.max(drag.fy, fy));
      Object.assign(zoombox.style, {
        display: "block",
        left: `${100 * x0}%`,
        top: `${100 * y0}%`,
        width: `${100 * (x1 - x0)}%`,
        height: `${100 * (y1 - y0)}%`,
      });
    } else {
      const { w, h: hh } = geometry();
      const t = `translate(${(fx - drag.fx) * w}px, ${(fy - drag.fy) * hh}px)`;
      for (const c of moving()) /** @type {HTMLElement} */ (c).style.transform = t;
    }
  };
  const onUp = (ev) => {
    dragging.flush();
    const frame = grid();
    const d = drag;
    drag = null;
    zoombox.style.display = "none";
    if (!d || !moved) return;
    if (!frame && cloud()) {
      const geo = geometry();
      const [fx, fy] = fractions(ev);
      const clamp = (v) => Math.min(1, Math.max(0, v));
      settle();
      if (d.mode === "zoom") {
        const view = pointBox(geo, regionPoint(geo, clamp(d.fx), clamp(d.fy)), regionPoint(geo, clamp(fx), clamp(fy)));
        if (view) onPointView(view);
      } else {
        const a = regionPoint(geo, d.fx, d.fy);
        const b = regionPoint(geo, fx, fy);
        onPointView(pointZoom(geo, 0, 0, 1, a[0] - b[0], a[1] - b[1]));
      }
      return;
    }
    if (!frame) return;
    const L = layout(frame);
    const [fx, fy] = fractions(ev);
    const clamp = (v) => Math.min(1, Math.max(0, v));
    if (d.mode === "zoom") {
      const a = pointAt(frame, clamp(d.fx), clamp(d.fy));
      const b = pointAt(frame, clamp(fx), clamp(fy));
      request(boxWindow(a, b, L.rows, L.cols));
    } else {
      const a = pointAt(frame, d.fx, d.fy);
      const b = pointAt(frame, fx, fy);
      settle();
      request(panWindow(viewOf(frame), Math.round(a[0] - b[0]), Math.round(a[1] - b[1]), L.rows, L.cols));
    }
  };
  // Capture phase: the click that ends a zoom or pan drag is not a selection.
  const onClick = (ev) => {
    if (moved) {
      ev.stopImmediatePropagation();
      moved = false;
    }
  };
  const onWheel = (ev) => {
    const frame = grid();
    if (!(ev.ctrlKey || ev.metaKey)) return; // a plain wheel scrolls the notebook
    if (!frame && cloud()) {
      ev.preventDefault();
      const geo = geometry();
      const [fx, fy] = fractions(ev);
      const [y, x] = regionPoint(geo, fx, fy);
      onPointView(pointZoom(geo, y, x, Math.exp(-ev.deltaY * 0.002)));
      return;
    }
    if (!frame) return;
    ev.preventDefault();
    const L = layout(frame);
    const [fx, fy] = fractions(ev);
    const [row, col] = pointAt(frame, fx, fy);
    const base = wheelView || viewOf(frame);
    wheelView = zoomAbout(base, row, col, Math.exp(-ev.deltaY * 0.002), L.rows, L.cols);
    if (!wheelView.length) wheelView = [0, L.rows, 0, L.cols];
    preview(wheelView);
    clearTimeout(wheelTimer);
    wheelTimer = setTimeout(() => {
      const target = wheelView || [];
      wheelView = null;
      request(clampWindow(target, L.rows, L.cols));
    }, WHEEL_MS);
  };
  const onKey = (ev) => {
    const frame = grid();
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!frame && cloud() && Object.hasOwn(ZOOM_KEYS, ev.key)) {
      ev.preventDefault();
      ev.stopPropagation();
      const geo = geometry();
      const factor = ZOOM_KEYS[ev.key];
      const mid = regionPoint(geo, 0.5, 0.5);
      onPointView(factor === 0 ? null : pointZoom(geo, mid[0], mid[1], factor));
      return;
    }
    if (!frame) return;
    const L = layout(frame);
    const sel = props.selected;
    const target = keyWindow(ev.key, viewOf(frame), Array.isArray(sel) && sel.length === 2 ? sel : null, L.rows, L.cols);
    if (!target) return;
    ev.preventDefault();
    ev.stopPropagation();
    request(target);
  };
  d.listen(canvas, "mousedown", onDown);
  d.listen(canvas, "click", onClick, true);
  d.listen(canvas, "wheel", onWheel, { passive: false });
  d.listen(canvas, "dblclick", () => {
    if (grid()) request([]);
    else if (cloud()) onPointView(null);
  });
  d.listen(canvas, "keydown", onKey);
  d.listen(reset, "click", () => (cloud() ? onPointView(null) : request([])));
  d.add(() => {
    clearTimeout(wheelTimer);
    zoombox.remove();
    reset.remove();
  });
  show();
  return { show, settle, dispose: () => d.dispose() };
}
