// Geometry of the heatmap's image box: its size from the widget width and the aspect of the
// axes, and where a point of a point cloud lands in it.

import { Y_AXIS_WIDTH } from "./axes.js";
import { COLORBAR_WIDTH } from "./colorbar.js";

/** Largest side of the image box, CSS pixels. */
export const MAX_SIZE = 440;
/** Smallest value of that side when the widget gets narrow (or the window low). */
export const MIN_SIZE = 120;
/**
 * Height of a window (CSS px) taken by what must be seen with the image: the app's bars,
 * the explorer's header and controls, the heatmap's toolbar, title, x axis and readout, two
 * sliders. The image's side is at most the window's height less this, so that in a window
 * 1000 px tall or lower the map and the sliders are seen together.
 */
export const HEIGHT_RESERVE = 400;
/** Width around the image box: y axis, colorbar, gaps. */
export const DECO_WIDTH = Y_AXIS_WIDTH + COLORBAR_WIDTH + 14;
/** Image aspect ratios are clamped to [1/MAX_RATIO, MAX_RATIO] so every image stays visible. */
export const MAX_RATIO = 8;

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {import("./axes.js").Axis} Axis
 * @typedef {{frame: Frame, xa: Axis, ya: Axis, w: number, h: number}} Geometry
 * a frame with its axes, shown in an image box of w x h CSS pixels
 */

/**
 * Display box (CSS px) of an image: side `size` for the longer side.
 * @param {number} size
 * @param {number} ratio height / width (clamped to [1/MAX_RATIO, MAX_RATIO]; 1 when unusable)
 * @returns {{w: number, h: number}}
 */
export function imageBox(size, ratio) {
  if (!(ratio > 0) || !Number.isFinite(ratio)) ratio = 1;
  ratio = Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, ratio));
  if (ratio <= 1) return { w: size, h: Math.max(1, Math.round(size * ratio)) };
  return { w: Math.max(1, Math.round(size / ratio)), h: size };
}

/**
 * Height / width of the image box. `equal`: physical aspect when x and y share units (grid:
 * and both have usable values), else square cells (grid) or a square box (points).
 * @param {Frame} frame
 * @param {Axis} xa
 * @param {Axis} ya
 * @param {boolean} equal aspect == "equal"
 */
export function imageRatio(frame, xa, ya, equal) {
  if (frame.mode === "grid") {
    const sameUnits = xa.units === ya.units && xa.physical === ya.physical;
    if (equal && !sameUnits) return frame.rows / frame.cols;
    return equal && sameUnits ? Math.abs(ya.b - ya.a) / Math.abs(xa.b - xa.a) : 1;
  }
  return equal && xa.units === ya.units ? (ya.b - ya.a) / (xa.b - xa.a) : 1;
}

/**
 * Longest image side for a widget `avail` CSS px wide in a window `high` CSS px high (the
 * side is at most `high - HEIGHT_RESERVE`; no limit when `high` is unknown); `current` when
 * the width is unknown or the change would be under 2 px (no redraw for sub-pixel jitter).
 * @param {number} avail
 * @param {number} current
 * @param {number} [high]
 */
export function fitSize(avail, current, high = NaN) {
  if (!(avail > 0)) return current;
  const most = high > 0 ? Math.min(MAX_SIZE, high - HEIGHT_RESERVE) : MAX_SIZE;
  const next = Math.max(MIN_SIZE, Math.min(most, Math.floor(avail - DECO_WIDTH)));
  return Math.abs(next - current) >= 2 ? next : current;
}

/**
 * Device pixels per CSS pixel used for the vector canvases (1 to 3).
 */
export function pixelRatio() {
  return Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
}

/**
 * Longest side of an image box of side `size` CSS px in device pixels (`pixelRatio`): what the
 * kernel bins the frames to (`Heatmap.display_side`).
 * @param {number} size
 * @param {number} [ratio] device pixels per CSS pixel
 */
export function displaySide(size, ratio = pixelRatio()) {
  return Math.max(1, Math.round(size * ratio));
}

/**
 * Position of point i in the image box, CSS px from the top left (y runs downward).
 * @param {Geometry} geo
 * @param {number} i
 * @returns {[number, number]}
 */
export function toScreen(geo, i) {
  return [geo.xa.frac(geo.frame.x[i]) * geo.w, geo.ya.frac(geo.frame.y[i]) * geo.h];
}

/**
 * Marker radius (CSS px) of the points: about half their spacing, 1.5 to 7 px.
 * @param {Geometry} geo
 */
export function pointRadius(geo) {
  const n = Math.max(1, geo.frame.n);
  return Math.max(1.5, Math.min(7, 0.45 * Math.sqrt((geo.w * geo.h) / n)));
}
