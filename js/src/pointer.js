// Pointing at the image: hover readout, click selection, arrow keys, nearest-point picking, and
// showing the selection (crosshair + readout). The selection shown is a prop (`show`); a click
// or an arrow key reports the new one through `onSelect`, and the owner shows it.

import { layout, toFull } from "./cells.js";
import { drawCrosshair } from "./crosshair.js";
import { Disposer } from "./dom.js";
import { isDrawn, validSelection } from "./frame.js";
import { toScreen } from "./geometry.js";
import { displayUnit, formatIn, formatQuantity } from "./format.js";

/** Hovering shows a point only within this distance of it, CSS px. */
export const PICK_RADIUS = 14;

/** Arrow keys as [dx, dy] steps on screen (y downward). */
export const ARROWS = Object.freeze({ ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] });

/** @typedef {import("./geometry.js").Geometry} Geometry */

/**
 * Grid cell under a position given as fractions (0..1) of the image box; null outside.
 * @param {Geometry} geo a grid frame
 * @param {number} fx
 * @param {number} fy
 * @returns {[number, number]|null} [row, col]
 */
export function cellAt(geo, fx, fy) {
  const { frame } = geo;
  const c = Math.floor(fx * frame.cols);
  const r = Math.floor(fy * frame.rows);
  if (r < 0 || r >= frame.rows || c < 0 || c >= frame.cols) return null;
  return [r, c];
}

/**
 * Point nearest to (px, py), CSS px in the image box; null when there is none.
 * @param {Geometry} geo a points frame
 * @param {number} px
 * @param {number} py
 * @returns {{index: number, dist: number}|null}
 */
export function nearestPoint(geo, px, py) {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < geo.frame.n; i++) {
    const [sx, sy] = toScreen(geo, i);
    const dd = (sx - px) ** 2 + (sy - py) ** 2;
    if (dd < bestD) {
      bestD = dd;
      best = i;
    }
  }
  return best >= 0 ? { index: best, dist: Math.sqrt(bestD) } : null;
}

/**
 * Nearest point from point i in a screen direction, favouring points on that line; -1 if none.
 * @param {Geometry} geo
 * @param {number} i
 * @param {number} dx
 * @param {number} dy
 */
export function pointInDirection(geo, i, dx, dy) {
  const [x0, y0] = toScreen(geo, i);
  let best = -1;
  let bestScore = Infinity;
  for (let j = 0; j < geo.frame.n; j++) {
    if (j === i) continue;
    const [x, y] = toScreen(geo, j);
    const along = (x - x0) * dx + (y - y0) * dy;
    if (!(along > 0.5)) continue;
    const across = Math.abs((x - x0) * dy - (y - y0) * dx);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}

/**
 * Selection after an arrow key. Grid: one cell (10 with Shift), clamped to the grid; the
 * middle cell when nothing is selected. Points: the nearest point in that direction; point 0
 * when nothing is selected. Null when there is nothing to select.
 * @param {Geometry} geo
 * @param {number[]|null} sel valid current selection
 * @param {readonly number[]} dir [dx, dy] (see ARROWS)
 * @param {boolean} shift
 * @returns {number[]|null}
 */
export function arrowTarget(geo, sel, dir, shift) {
  const { frame } = geo;
  if (frame.mode === "grid") {
    const step = shift ? 10 : 1;
    let [r, c] = sel || [frame.rows >> 1, frame.cols >> 1];
    if (sel) {
      r = Math.min(frame.rows - 1, Math.max(0, r + dir[1] * step));
      c = Math.min(frame.cols - 1, Math.max(0, c + dir[0] * step));
    }
    return [r, c];
  }
  if (frame.mode !== "points" || !(frame.n > 0)) return null;
  const next = sel ? pointInDirection(geo, sel[0], dir[0], dir[1]) : 0;
  return next >= 0 ? [next] : null;
}

/**
 * Readout text of a cell or point: `X = 1.25 nm, Y = 3 nm: 12.3 a.u. (row 3, col 5)`; a
 * coordinate in the unit of its axis's caption (0.8 nm on an axis in nm, not 800 pm), the
 * value with the prefix that suits it (`format.js: formatQuantity`); row and column 0-based.
 * @param {Geometry} geo
 * @param {number[]} cell [row, col] or [point]
 * @param {string} units of the values
 */
export function describeCell(geo, cell, units) {
  const { frame, xa, ya } = geo;
  const val = (v) => formatQuantity(v, units);
  const coord = (ax, v) =>
    `${ax.label || "?"} = ${ax.physical ? formatIn(v, captionUnit(ax)) : formatQuantity(v, ax.units)}`;
  if (frame.mode === "grid") {
    const [r, c] = cell;
    const v = frame.data[r * frame.cols + c];
    return `${coord(xa, xa.at(c))}, ${coord(ya, ya.at(r))}: ${val(v)} (${cellText(frame, r, c)})`;
  }
  const i = cell[0];
  return `${coord(xa, frame.x[i])}, ${coord(ya, frame.y[i])}: ${val(frame.data[i])} (point ${i})`;
}

/**
 * The display unit of an axis's caption: that of its range, as `format.js: unitTicks` picks it.
 * @param {{a: number, b: number, units: string}} ax
 */
function captionUnit(ax) {
  const m = Math.max(Number.isFinite(ax.a) ? Math.abs(ax.a) : 0, Number.isFinite(ax.b) ? Math.abs(ax.b) : 0);
  return displayUnit(ax.units, m);
}

/**
 * Where a frame cell lies in the full image: `row 3, col 5`, or for a binned frame the block it
 * averages, `rows 8–11, cols 0–3 (mean)`.
 * @param {import("./frame.js").Frame} frame
 * @param {number} r
 * @param {number} c
 */
export function cellText(frame, r, c) {
  const L = layout(frame);
  const r0 = L.r0 + r * L.f;
  const c0 = L.c0 + c * L.f;
  if (L.f === 1) return `row ${r0}, col ${c0}`;
  const r1 = Math.min(L.rows, r0 + L.f) - 1;
  const c1 = Math.min(L.cols, c0 + L.f) - 1;
  return `rows ${r0}\u2013${r1}, cols ${c0}\u2013${c1} (mean)`;
}

/**
 * @typedef {{selected: number[]|null, units: string}} PointerProps `selected`: the trait
 * (full-image [row, col] on a grid, [point] on a cloud; anything else: none); `units`: of the
 * values, for the readout
 */

/**
 * Wire the pointer and keys of the image canvas.
 * @param {{
 *   canvas: HTMLCanvasElement, overlay: HTMLCanvasElement, readout: HTMLElement,
 *   geometry: () => Geometry, onSelect: (cell: number[]) => void,
 * }} parts geometry(): the frame as drawn now; onSelect(cell): a click or arrow key chose a
 *   full-image cell [row, col] (grid: the middle of a binned block) or a point [index]
 * @returns {{show: (props?: PointerProps) => void, clearHover: () => void, dispose: () => void}}
 *   show(props): the crosshair (when a frame is drawn) and the readout; show(): the last props
 */
export function createPointer({ canvas, overlay, readout, geometry, onSelect }) {
  const d = new Disposer();
  /** @type {number[]|null} hovered cell [row, col] or [point] */
  let hover = null;
  /** @type {PointerProps} */
  let props = { selected: null, units: "" };

  const selection = () => validSelection(props.selected, geometry().frame);

  function updateReadout() {
    const geo = geometry();
    if (!isDrawn(geo.frame)) {
      readout.textContent = "";
      return;
    }
    const cell = hover || selection();
    readout.textContent = cell ? describeCell(geo, cell, props.units || "") : "\u00a0";
    readout.classList.toggle("usidw-readout-hover", !!hover);
  }

  /** @param {PointerProps} [next] */
  function show(next = props) {
    props = next;
    if (isDrawn(geometry().frame)) drawCrosshair(overlay, geometry(), selection());
    updateReadout();
  }

  /** @param {number[]} sel a frame cell [row, col] or a point [index] */
  function select(sel) {
    const { frame } = geometry();
    onSelect(frame.mode === "grid" ? toFull(frame, sel) : sel);
  }

  /**
   * Cell (grid) or nearest point (points) under the mouse.
   * @param {MouseEvent} ev
   */
  function pick(ev) {
    const rect = canvas.getBoundingClientRect();
    if (!(rect.width > 0 && rect.height > 0)) return null;
    const fx = (ev.clientX - rect.left) / rect.width;
    const fy = (ev.clientY - rect.top) / rect.height;
    const geo = geometry();
    if (geo.frame.mode === "grid") return cellAt(geo, fx, fy);
    if (geo.frame.mode === "points") return nearestPoint(geo, fx * geo.w, fy * geo.h);
    return null;
  }

  d.listen(canvas, "mousemove", (ev) => {
    const c = pick(/** @type {MouseEvent} */ (ev));
    if (geometry().frame.mode === "points") {
      const p = /** @type {{index: number, dist: number}|null} */ (c);
      hover = p && p.dist <= PICK_RADIUS ? [p.index] : null;
    } else hover = /** @type {number[]|null} */ (c);
    updateReadout();
  });
  d.listen(canvas, "mouseleave", () => {
    hover = null;
    updateReadout();
  });
  d.listen(canvas, "click", (ev) => {
    const c = pick(/** @type {MouseEvent} */ (ev));
    canvas.focus({ preventScroll: true });
    if (!c) return;
    select(Array.isArray(c) ? c : [c.index]);
  });
  d.listen(canvas, "keydown", (ev) => {
    const { key, shiftKey } = /** @type {KeyboardEvent} */ (ev);
    const dir = ARROWS[key];
    const geo = geometry();
    if (!dir || !isDrawn(geo.frame)) return;
    ev.preventDefault();
    ev.stopPropagation();
    const next = arrowTarget(geo, selection(), dir, shiftKey);
    if (next) select(next);
  });

  return {
    show,
    clearHover: () => {
      hover = null;
    },
    dispose: () => d.dispose(),
  };
}
