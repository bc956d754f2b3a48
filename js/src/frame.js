// The `frame` trait of a Heatmap decoded into typed arrays (grid, points, message or empty),
// and the `selected` trait checked against it.

import { tryDecode } from "./decode.js";
import { stats } from "./scales.js";

/**
 * @typedef {{
 *   id: any, mode: "grid"|"points"|"message"|"empty", message?: string,
 *   data?: ArrayLike<number>, rows?: number, cols?: number,
 *   x?: ArrayLike<number>, y?: ArrayLike<number>, n?: number,
 *   stats?: ReturnType<typeof stats>,
 * }} Frame
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
    return { id, mode: "grid", data: dec.data, rows, cols, stats: stats(dec.data) };
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
 * The `selected` trait if it names a cell (`[row, col]`) or point (`[index]`) of the frame,
 * else null.
 * @param {any} sel
 * @param {Frame} frame
 * @returns {number[]|null}
 */
export function validSelection(sel, frame) {
  if (!Array.isArray(sel)) return null;
  if (frame.mode === "grid" && sel.length === 2) {
    const [r, c] = sel.map(Number);
    if (r >= 0 && r < frame.rows && c >= 0 && c < frame.cols) return [r, c];
  }
  if (frame.mode === "points" && sel.length >= 1) {
    const i = Number(sel[0]);
    if (i >= 0 && i < frame.n) return [i];
  }
  return null;
}
