// The `frame` trait of a Heatmap decoded into typed arrays (grid, points, message or empty),
// and the `selected` trait checked against it.

import { toFrame } from "./cells.js";
import { tryDecode } from "./decode.js";
import { stats } from "./scales.js";

/**
 * @typedef {{
 *   id: any, mode: "grid"|"points"|"message"|"empty", message?: string,
 *   data?: ArrayLike<number>, rows?: number, cols?: number,
 *   x?: ArrayLike<number>, y?: ArrayLike<number>, n?: number,
 *   stats?: ReturnType<typeof stats>,
 *   binning?: number, full?: number[], offset?: number[],
 * }} Frame
 * A grid frame shows the window of the full image starting at `offset` (rows, cols), binned
 * by `binning`; `full` is the full image's shape.
 */

/** The frame before the first one arrives. */
export const EMPTY_FRAME = Object.freeze({ id: null, mode: "empty" });

/**
 * Decode a `frame` trait. Data that cannot be decoded becomes a message frame saying so.
 * @param {any} f the trait value
 * @returns {Frame}
 */
export function decodeFrame(f) {
  f = f || {};
  const id = f.id ?? null;
  if (f.mode === "message") return { id, mode: "message", message: String(f.message ?? "") };
  if (f.mode === "grid") {
    const dec = tryDecode(f.data);
    if (!dec || dec.shape.length !== 2) return { id, mode: "message", message: "Cannot decode the image data." };
    const [rows, cols] = dec.shape;
    const binning = Math.max(1, Math.floor(Number(f.binning) || 1));
    const pair = (v, dflt) => (Array.isArray(v) && v.length === 2 && v.every(Number.isFinite) ? v.map(Number) : dflt);
    const full = pair(f.full_shape, [rows * binning, cols * binning]);
    const offset = pair(f.offset, [0, 0]);
    return { id, mode: "grid", data: dec.data, rows, cols, stats: stats(dec.data), binning, full, offset };
  }
  if (f.mode === "points") {
    const x = tryDecode(f.x);
    const y = tryDecode(f.y);
    const v = tryDecode(f.values);
    if (!x || !y || !v || x.data.length !== v.data.length || y.data.length !== v.data.length) {
      return { id, mode: "message", message: "Cannot decode the point data." };
    }
    return { id, mode: "points", x: x.data, y: y.data, data: v.data, n: v.data.length, stats: stats(v.data) };
  }
  return { id, mode: "empty" };
}

/**
 * Whether the frame puts something on the image (grid cells or points).
 * @param {Frame} frame
 */
export function isDrawn(frame) {
  return frame.mode === "grid" || frame.mode === "points";
}

/**
 * The frame cell (`[row, col]`) or point (`[index]`) that the `selected` trait names (a grid's
 * selection is a full-resolution cell), else null (also when the frame's window leaves it out).
 * @param {any} sel
 * @param {Frame} frame
 * @returns {number[]|null}
 */
export function validSelection(sel, frame) {
  if (!Array.isArray(sel)) return null;
  if (frame.mode === "grid" && sel.length === 2) {
    const [r, c] = sel.map(Number);
    const [rows, cols] = frame.full || [frame.rows, frame.cols];
    if (r >= 0 && r < rows && c >= 0 && c < cols) return toFrame(frame, [r, c]);
  }
  if (frame.mode === "points" && sel.length >= 1) {
    const i = Number(sel[0]);
    if (i >= 0 && i < frame.n) return [i];
  }
  return null;
}
