// The image canvas: a grid coloured into one ImageData at data resolution, or a point cloud
// drawn as coloured markers at device resolution.

import { lutIndex } from "./colormaps.js";
import { pixelRatio, pointRadius, toScreen } from "./geometry.js";
import { measured } from "./paint-timing.js";

/** Above this many points, markers are squares (much faster to fill than circles). */
export const MAX_CIRCLES = 20000;

/**
 * @typedef {import("./scales.js").Norm} Norm
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {import("./geometry.js").Geometry} Geometry
 */

/**
 * Packed RGBA colours (host byte order, written through a Uint32Array view of ImageData) of
 * `n` values; NaN (and non-positive values in log scale) transparent. Each scale has its own
 * loop with the expression of norm.norm() inlined, so pixels equal lutIndex(norm.norm(v)).
 * @param {ArrayLike<number>} data
 * @param {number} n
 * @param {Norm} norm
 * @param {Uint32Array} lut32
 * @param {Uint32Array} px
 */
export function colorize(data, n, norm, lut32, px) {
  const { f0, k } = norm;
  if (norm.scale === "log") {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!(v > 0)) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((Math.log10(v) - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  } else if (norm.scale === "symlog") {
    const c = norm.constant;
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (v !== v) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((Math.sign(v) * Math.log10(1 + Math.abs(v) / c) - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (v !== v) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((v - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  }
}

/**
 * Point indices grouped by LUT entry (one fillStyle per colour even for 1e5 points), and the
 * points without a colour (NaN, non-positive in log scale), each list in index order.
 * @param {ArrayLike<number>} values
 * @param {number} n
 * @param {Norm} norm
 * @returns {{buckets: number[][], none: number[]}}
 */
export function pointBuckets(values, n, norm) {
  /** @type {number[][]} */
  const buckets = Array.from({ length: 256 }, () => []);
  /** @type {number[]} */
  const none = [];
  for (let i = 0; i < n; i++) {
    const j = lutIndex(norm.norm(values[i]));
    if (j >= 0) buckets[j].push(i);
    else none.push(i);
  }
  return { buckets, none };
}

/**
 * Draw a point cloud on a 2-D context whose units are CSS px of the image box: filled markers
 * in their colour, hollow grey markers for points without one (the sampling pattern stays
 * visible), points with non-finite coordinates skipped.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Geometry} geo
 * @param {Norm} norm
 * @param {Uint8ClampedArray} lut RGBA, 256 entries
 */
export function drawPoints(ctx, geo, norm, lut) {
  const { frame } = geo;
  const { buckets, none } = pointBuckets(frame.data, frame.n, norm);
  const rad = pointRadius(geo);
  const circles = frame.n <= MAX_CIRCLES;
  for (let j = 0; j < 256; j++) {
    if (!buckets[j].length) continue;
    ctx.fillStyle = `rgb(${lut[4 * j]}, ${lut[4 * j + 1]}, ${lut[4 * j + 2]})`;
    ctx.beginPath();
    for (const i of buckets[j]) {
      const [sx, sy] = toScreen(geo, i);
      if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
      if (circles) {
        ctx.moveTo(sx + rad, sy);
        ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
      } else ctx.rect(sx - rad, sy - rad, 2 * rad, 2 * rad);
    }
    ctx.fill();
  }
  ctx.strokeStyle = "rgba(128, 128, 128, 0.8)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const i of none) {
    const [sx, sy] = toScreen(geo, i);
    if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
    ctx.moveTo(sx + rad, sy);
    ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
  }
  ctx.stroke();
}

/**
 * The painter of the image canvas. Grid: one canvas pixel per cell (CSS scales it up,
 * pixelated, on the checkered NaN background), the ImageData kept while the shape holds.
 * Points: canvas at device resolution of the image box, no checker.
 * @param {HTMLCanvasElement} canvas
 */
export function createRaster(canvas) {
  /** @type {ImageData|null} */
  let imageData = null;

  /**
   * @param {Frame} frame a grid frame
   * @param {Norm} norm
   * @param {Uint8ClampedArray} lut
   */
  function grid(frame, norm, lut) {
    const { rows, cols, data } = frame;
    canvas.classList.add("usidw-pixelated", "usidw-checker");
    if (canvas.width !== cols || canvas.height !== rows) {
      canvas.width = cols;
      canvas.height = rows;
      imageData = null;
    }
    const ctx = canvas.getContext("2d");
    if (!ctx || rows === 0 || cols === 0) return;
    if (!imageData) imageData = ctx.createImageData(cols, rows);
    const px = new Uint32Array(imageData.data.buffer);
    const lut32 = new Uint32Array(lut.buffer, lut.byteOffset, 256);
    const t0 = performance.now();
    colorize(data, rows * cols, norm, lut32, px);
    const t1 = measured("colormap", t0);
    ctx.putImageData(imageData, 0, 0);
    measured("put", t1);
  }

  /**
   * @param {Geometry} geo a points frame in its box
   * @param {Norm} norm
   * @param {Uint8ClampedArray} lut
   */
  function points(geo, norm, lut) {
    canvas.classList.remove("usidw-pixelated", "usidw-checker");
    imageData = null;
    const r = pixelRatio();
    canvas.width = Math.round(geo.w * r);
    canvas.height = Math.round(geo.h * r);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, geo.w, geo.h);
    drawPoints(ctx, geo, norm, lut);
  }

  return { grid, points };
}
