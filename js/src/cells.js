// Cells of the frame on screen and cells of the full-resolution image. A frame may show a
// window of the image (zoom) binned by a factor (images larger than the display): the traits
// `selected`, `roi`, `zoom` and `lasso` are always in full-resolution cells, so Python never
// needs to know what the browser shows.

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {[number, number, number, number]} Box half-open [row0, row1, col0, col1]
 */

/**
 * Shape of the full image, offset of the frame in it and the binning factor.
 * @param {Frame} frame a grid frame
 * @returns {{rows: number, cols: number, r0: number, c0: number, f: number}}
 */
export function layout(frame) {
  const f = Math.max(1, Math.floor(Number(frame.binning) || 1));
  const full = Array.isArray(frame.full) && frame.full.length === 2 ? frame.full : [frame.rows * f, frame.cols * f];
  const off = Array.isArray(frame.offset) && frame.offset.length === 2 ? frame.offset : [0, 0];
  return { rows: Number(full[0]), cols: Number(full[1]), r0: Number(off[0]), c0: Number(off[1]), f };
}

/**
 * The window of the full image that the frame shows.
 * @param {Frame} frame
 * @returns {Box}
 */
export function viewOf(frame) {
  const L = layout(frame);
  return [L.r0, Math.min(L.rows, L.r0 + frame.rows * L.f), L.c0, Math.min(L.cols, L.c0 + frame.cols * L.f)];
}

/**
 * Full-resolution cell of a frame cell: the middle of its block when binned.
 * @param {Frame} frame
 * @param {number[]} cell [row, col] of the frame
 * @returns {[number, number]}
 */
export function toFull(frame, cell) {
  const L = layout(frame);
  const half = L.f >> 1;
  return [Math.min(L.rows - 1, L.r0 + cell[0] * L.f + half), Math.min(L.cols - 1, L.c0 + cell[1] * L.f + half)];
}

/**
 * Frame cell showing a full-resolution cell; null when the frame does not show it.
 * @param {Frame} frame
 * @param {number[]} cell [row, col] of the full image
 * @returns {[number, number]|null}
 */
export function toFrame(frame, cell) {
  const L = layout(frame);
  const r = Math.floor((cell[0] - L.r0) / L.f);
  const c = Math.floor((cell[1] - L.c0) / L.f);
  if (!(r >= 0 && r < frame.rows && c >= 0 && c < frame.cols)) return null;
  return [r, c];
}

/**
 * Full-resolution box covered by a half-open box of frame cells (clipped to the image).
 * @param {Frame} frame
 * @param {number[]} box
 * @returns {Box}
 */
export function boxToFull(frame, box) {
  const L = layout(frame);
  return [
    L.r0 + box[0] * L.f,
    Math.min(L.rows, L.r0 + box[1] * L.f),
    L.c0 + box[2] * L.f,
    Math.min(L.cols, L.c0 + box[3] * L.f),
  ];
}

/**
 * Position of a full-resolution point (continuous cell units: cell (r, c) spans [r, r+1) x
 * [c, c+1)) as fractions of the frame's box, [fx, fy]; outside the frame gives values
 * outside 0..1.
 * @param {Frame} frame
 * @param {number} row
 * @param {number} col
 * @returns {[number, number]}
 */
export function fractionOf(frame, row, col) {
  const L = layout(frame);
  return [(col - L.c0) / (frame.cols * L.f), (row - L.r0) / (frame.rows * L.f)];
}

/**
 * Full-resolution point (continuous cell units) under fractions of the frame's box.
 * @param {Frame} frame
 * @param {number} fx
 * @param {number} fy
 * @returns {[number, number]} [row, col]
 */
export function pointAt(frame, fx, fy) {
  const L = layout(frame);
  return [L.r0 + fy * frame.rows * L.f, L.c0 + fx * frame.cols * L.f];
}
