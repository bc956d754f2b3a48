// Regions of the image: a rectangle (Shift + drag, or drag in "rectangle" mode) is reported as a
// box (the `roi` trait), a lasso (drag in "lasso" mode) as a polygon (the `lasso` trait); the
// explorer turns either into a region mean spectrum (or, on a diffraction plane, a virtual
// detector). Both are in full-resolution cells, so they stay put when the view zooms or the
// image is binned. On a point cloud (sparse scans) both become a lasso polygon in data units
// [y, x]. One region at a time; Escape or "Clear region" removes it. A drag never also counts
// as a click. A region of any shape set from Python (`region_mask`, e.g. a threshold) dims the
// cells outside it. What is shown comes in as props (`show`); the owner stores what is
// reported and shows it back.

import { boxToFull, fractionOf, pointAt } from "./cells.js";
import { tryDecode } from "./decode.js";
import { Disposer, h, svg } from "./dom.js";
import { cellAt } from "./pointer.js";
import { ICONS, toolButton } from "./toolbar.js";

/** Most vertices a lasso keeps (a long drag is thinned to this many). */
export const MAX_VERTICES = 400;

/**
 * Half-open box [row0, row1, col0, col1] spanned by two cells (either corner first).
 * @param {[number, number]} a
 * @param {[number, number]} b
 * @returns {number[]}
 */
export function boxOf(a, b) {
  return [Math.min(a[0], b[0]), Math.max(a[0], b[0]) + 1, Math.min(a[1], b[1]), Math.max(a[1], b[1]) + 1];
}

/**
 * Cell under the mouse, clamped to the frame so a drag may leave the image.
 * @param {any} geo
 * @param {number} fx
 * @param {number} fy
 * @returns {[number, number]}
 */
export function clampedCell(geo, fx, fy) {
  return /** @type {[number, number]} */ (cellAt(geo, clamp01(fx), clamp01(fy)));
}

/** @param {number} v */
function clamp01(v) {
  return Math.min(Math.max(v, 0), 1 - 1e-9);
}

/**
 * Keep every k-th vertex so that at most `max` remain (the last one always kept).
 * @param {number[][]} pts
 * @param {number} [max]
 */
export function thin(pts, max = MAX_VERTICES) {
  if (pts.length <= max) return pts;
  const k = Math.ceil(pts.length / max);
  const out = pts.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== pts[pts.length - 1]) out.push(pts[pts.length - 1]);
  return out;
}

/**
 * A lasso as the trait holds it: vertices (cell units on a grid, data units on a point cloud)
 * to 8 significant digits; null when it encloses no area (fewer than 3 distinct vertices).
 * @param {number[][]} pts
 * @returns {number[][]|null}
 */
export function lassoValue(pts) {
  const out = [];
  for (const [r, c] of thin(pts)) {
    const p = [Number(r.toPrecision(8)), Number(c.toPrecision(8))];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 3 ? out : null;
}

/**
 * A point under fractions of the image box, as regions store it: full-resolution cell units
 * [row, col] on a grid, data units [y, x] on a point cloud.
 * @param {any} geo
 * @param {number} fx
 * @param {number} fy
 * @returns {number[]}
 */
export function regionPoint(geo, fx, fy) {
  if (geo.frame.mode === "grid") return pointAt(geo.frame, fx, fy);
  const { xa, ya } = geo;
  return [ya.a + fy * (ya.b - ya.a), xa.a + fx * (xa.b - xa.a)];
}

/**
 * Where a region point lies in the image box, [fx, fy] (inverse of regionPoint).
 * @param {any} geo
 * @param {number[]} p
 * @returns {number[]}
 */
export function regionFraction(geo, p) {
  if (geo.frame.mode === "grid") return fractionOf(geo.frame, p[0], p[1]);
  return [geo.xa.frac(p[1]), geo.ya.frac(p[0])];
}

/**
 * The four corners of a box between two region points, as a polygon.
 * @param {number[]} a
 * @param {number[]} b
 */
export function boxPolygon(a, b) {
  return [a, [a[0], b[1]], b, [b[0], a[1]]];
}

/** Colour of the cells outside a region mask, RGBA. */
export const DIM = [0, 0, 0, 140];

/**
 * Paint a region mask (1 inside) into RGBA pixels: outside dimmed, inside transparent.
 * @param {ArrayLike<number>} cells
 * @param {Uint8ClampedArray} px 4 bytes a cell
 */
export function paintMask(cells, px) {
  for (let i = 0; i < cells.length; i++) {
    const a = cells[i] ? 0 : DIM[3];
    px[4 * i] = DIM[0];
    px[4 * i + 1] = DIM[1];
    px[4 * i + 2] = DIM[2];
    px[4 * i + 3] = a;
  }
}

/**
 * @typedef {{roi: number[], lasso: number[][], mask: any, dragMode: string}} RegionProps the
 * `roi` and `lasso` traits ([] for none), the `region_mask` trait ({} for none) and the drag mode
 */

/**
 * @param {{
 *   canvas: HTMLCanvasElement, stack: HTMLElement, root: HTMLElement, geometry: () => any,
 *   onRegion: (box: number[]) => void, onLasso: (polygon: number[][]) => void,
 *   onClear: () => void, bar?: HTMLElement,
 * }} parts bar: where the small "Clear region" button goes (the toolbar's slot; default root);
 *   onRegion(box): a rectangle dragged on a grid, half-open full-image cells
 *   [row0, row1, col0, col1]; onLasso(polygon): a lasso, or a rectangle on a point cloud,
 *   vertices [row, col] in full-image cell units (grid) or [y, x] data units (points);
 *   onClear(): "Clear region" or Escape with a region shown. Each replaces any other region.
 * @returns {{show: (props?: RegionProps) => void, dispose: () => void}} show(): the last props
 */
export function createRegion({ canvas, stack, root, geometry, onRegion, onLasso, onClear, bar = root }) {
  const d = new Disposer();
  /** listeners of the drag under way */
  const drag = new Disposer();
  d.add(() => drag.dispose());
  /** @type {RegionProps} */
  let props = { roi: [], lasso: [], mask: {}, dragMode: "zoom" };
  const rect = h("div", { class: "usidw-region", "aria-hidden": "true" });
  const shape = svg("polygon", { class: "usidw-lasso-shape" });
  const outline = svg("svg", { class: "usidw-lasso", viewBox: "0 0 1 1", preserveAspectRatio: "none", "aria-hidden": "true" }, [shape]);
  const clear = toolButton({
    cls: "usidw-clear-region",
    label: "Clear region",
    title: "Clear region (also Escape on the image)",
    icon: ICONS.clear,
  });
  const dimmer = h("canvas", { class: "usidw-dimmer usidw-pixelated", "aria-hidden": "true", width: 1, height: 1 });
  canvas.after(dimmer);
  stack.append(rect, outline);
  bar.appendChild(clear);
  /** @type {"rectangle"|"lasso"|null} */
  let kind = null;
  /** @type {[number, number]|null} */
  let start = null;
  /** @type {number[][]} */
  let trace = [];
  let dragged = false;

  const fractions = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };
  const isGrid = () => {
    const { frame } = geometry();
    return frame.mode === "grid" && frame.rows > 0;
  };
  const isPoints = () => {
    const { frame } = geometry();
    return frame.mode === "points" && frame.n > 0;
  };

  /** @param {number[]|null} box full-resolution box */
  function placeBox(box) {
    const { frame } = geometry();
    if (!(box && box.length === 4 && isGrid())) {
      rect.style.display = "none";
      return;
    }
    const [x0, y0] = fractionOf(frame, box[0], box[2]).map(clampUnit);
    const [x1, y1] = fractionOf(frame, box[1], box[3]).map(clampUnit);
    rect.style.display = x1 > x0 && y1 > y0 ? "block" : "none";
    rect.style.left = `${100 * x0}%`;
    rect.style.top = `${100 * y0}%`;
    rect.style.width = `${100 * (x1 - x0)}%`;
    rect.style.height = `${100 * (y1 - y0)}%`;
  }

  /** @param {number[][]|null} pts full-resolution vertices */
  function placeLasso(pts) {
    const geo = geometry();
    const ok = pts && pts.length >= 2 && (isGrid() || isPoints());
    outline.style.display = ok ? "block" : "none";
    if (!ok) return;
    const coords = pts.map((p) => regionFraction(geo, p).join(","));
    shape.setAttribute("points", coords.join(" "));
  }

  /** @returns {boolean} whether a mask is shown */
  function placeMask() {
    const { frame } = geometry();
    const dec = tryDecode((props.mask ?? {}).data);
    const ok = !!dec && isGrid() && dec.shape[0] === frame.rows && dec.shape[1] === frame.cols;
    dimmer.style.display = ok ? "block" : "none";
    if (!ok) return !!dec;
    dimmer.width = frame.cols;
    dimmer.height = frame.rows;
    const ctx = dimmer.getContext("2d");
    if (!ctx) return true;
    const img = ctx.createImageData(frame.cols, frame.rows);
    paintMask(dec.data, img.data);
    ctx.putImageData(img, 0, 0);
    return true;
  }

  /** @param {RegionProps} [next] */
  function show(next = props) {
    props = next;
    const box = props.roi ?? [];
    const lasso = props.lasso ?? [];
    placeBox(box.length === 4 ? box : null);
    placeLasso(lasso.length >= 3 ? lasso : null);
    const masked = placeMask();
    clear.style.display = box.length === 4 || lasso.length >= 3 || masked ? "" : "none";
  }

  const onDown = (ev) => {
    if (ev.button !== 0 || !(isGrid() || isPoints())) return;
    const mode = props.dragMode;
    kind = ev.shiftKey || mode === "rectangle" ? "rectangle" : mode === "lasso" ? "lasso" : null;
    if (!kind) return;
    ev.preventDefault();
    ev.stopPropagation(); // the zoom / pan handler leaves this drag alone
    canvas.focus({ preventScroll: true }); // so that Escape reaches it afterwards
    const [fx, fy] = fractions(ev);
    start = isGrid() ? clampedCell(geometry(), fx, fy) : [0, 0];
    trace = [regionPoint(geometry(), clamp01(fx), clamp01(fy))];
    dragged = false;
    drag.flush();
    drag.listen(window, "mousemove", onMove);
    drag.listen(window, "mouseup", onUp);
  };
  const onMove = (ev) => {
    if (!start) return;
    const [fx, fy] = fractions(ev);
    const geo = geometry();
    if (kind === "rectangle") {
      dragged = true;
      if (isGrid()) placeBox(boxToFull(geo.frame, boxOf(start, clampedCell(geo, fx, fy))));
      else placeLasso(boxPolygon(trace[0], regionPoint(geo, clamp01(fx), clamp01(fy))));
      return;
    }
    const p = regionPoint(geo, clamp01(fx), clamp01(fy));
    const last = trace[trace.length - 1];
    const [lx, ly] = regionFraction(geo, last);
    const [px, py] = regionFraction(geo, p);
    if (Math.hypot((px - lx) * geo.w, (py - ly) * geo.h) < 2) return; // one vertex per 2 px
    dragged = true;
    trace.push(p);
    placeLasso(trace);
  };
  const onUp = (ev) => {
    drag.flush();
    if (!start) return;
    const [fx, fy] = fractions(ev);
    const geo = geometry();
    const first = start;
    start = null;
    if (!dragged) return show();
    if (kind === "rectangle" && isGrid()) onRegion(boxToFull(geo.frame, boxOf(first, clampedCell(geo, fx, fy))));
    else if (kind === "rectangle") {
      const corner = regionPoint(geo, clamp01(fx), clamp01(fy));
      onLasso(lassoValue(boxPolygon(trace[0], corner)) ?? []);
    } else {
      const lasso = lassoValue(trace);
      if (lasso) onLasso(lasso);
      else show();
    }
  };
  // Capture phase: swallow the click that ends a drag before the selection sees it.
  const onClick = (ev) => {
    if (dragged) {
      ev.stopImmediatePropagation();
      dragged = false;
    }
  };
  const hasRegion = () =>
    (props.roi ?? []).length > 0 || (props.lasso ?? []).length > 0 || !!(props.mask ?? {}).data;
  d.listen(canvas, "mousedown", onDown);
  d.listen(canvas, "click", onClick, true);
  d.listen(canvas, "keydown", (ev) => {
    if (ev.key === "Escape" && hasRegion()) onClear();
  });
  d.listen(clear, "click", () => onClear());
  d.add(() => {
    dimmer.remove();
    rect.remove();
    outline.remove();
    clear.remove();
  });
  show();
  return { show, dispose: () => d.dispose() };
}

/** @param {number} v */
function clampUnit(v) {
  return Math.min(1, Math.max(0, v));
}
