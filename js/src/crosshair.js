// The overlay canvas over the image: a crosshair (with a box around the cell when cells are
// large enough) on the selected grid cell, a ringed cross on the selected point.

import { pixelRatio, pointRadius, toScreen } from "./geometry.js";

/** @typedef {import("./geometry.js").Geometry} Geometry */

/**
 * Stroke a path twice, dark and wide under light and thin, so it shows on any colormap.
 * @param {CanvasRenderingContext2D} ctx
 * @param {() => void} path adds the path's segments to ctx
 */
function haloStroke(ctx, path) {
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(0, 0, 0, 0.55)";
  ctx.beginPath();
  path();
  ctx.stroke();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
  ctx.beginPath();
  path();
  ctx.stroke();
}

/**
 * Redraw the overlay (device resolution of the image box): cleared, then the marker of the
 * selection if there is one.
 * @param {HTMLCanvasElement} overlay
 * @param {Geometry} geo
 * @param {number[]|null} sel valid selection: [row, col] (grid) or [point] (points)
 */
export function drawCrosshair(overlay, geo, sel) {
  const { w: dispW, h: dispH, frame } = geo;
  const r = pixelRatio();
  const w = Math.round(dispW * r);
  const hh = Math.round(dispH * r);
  if (overlay.width !== w || overlay.height !== hh) {
    overlay.width = w;
    overlay.height = hh;
  }
  const ctx = overlay.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(r, 0, 0, r, 0, 0);
  ctx.clearRect(0, 0, dispW, dispH);
  if (!sel) return;
  if (frame.mode === "grid") {
    const cw = dispW / frame.cols;
    const ch = dispH / frame.rows;
    const x0 = sel[1] * cw;
    const y0 = sel[0] * ch;
    const cx = x0 + cw / 2;
    const cy = y0 + ch / 2;
    const gap = Math.max(4, Math.min(cw, ch) / 2 + 3);
    haloStroke(ctx, () => {
      ctx.moveTo(0, cy);
      ctx.lineTo(cx - gap, cy);
      ctx.moveTo(cx + gap, cy);
      ctx.lineTo(dispW, cy);
      ctx.moveTo(cx, 0);
      ctx.lineTo(cx, cy - gap);
      ctx.moveTo(cx, cy + gap);
      ctx.lineTo(cx, dispH);
      if (cw >= 4 && ch >= 4) ctx.rect(x0, y0, cw, ch);
    });
  } else {
    const [sx, sy] = toScreen(geo, sel[0]);
    const rad = pointRadius(geo) + 3;
    haloStroke(ctx, () => {
      ctx.moveTo(sx + rad, sy);
      ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
      ctx.moveTo(sx - rad - 6, sy);
      ctx.lineTo(sx - rad, sy);
      ctx.moveTo(sx + rad, sy);
      ctx.lineTo(sx + rad + 6, sy);
      ctx.moveTo(sx, sy - rad - 6);
      ctx.lineTo(sx, sy - rad);
      ctx.moveTo(sx, sy + rad);
      ctx.lineTo(sx, sy + rad + 6);
    });
  }
}
