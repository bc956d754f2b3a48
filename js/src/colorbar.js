// Vertical colorbar: a gradient canvas, value ticks (in the scale of the image) and the label
// `quantity (units)` in the display unit of the ticks, plus a NaN swatch when the frame holds NaN.

import { h, setText, svg, clear } from "./dom.js";
import { scaleTicks, withUnits } from "./ticks.js";

const BAR_WIDTH = 14;
const AXIS_WIDTH = 46;

/**
 * @typedef {import("./scales.js").Norm} Norm
 * @typedef {{
 *   lut: Uint8ClampedArray, norm: Norm, quantity: string, units: string, height: number,
 *   hasNaN: boolean,
 * }} ColorbarState `units`: of the values; the label shows the display unit of the
 * ticks ("Amplitude (pm)" for values in metres, tick labels without prefix)
 */

/**
 * Build a colorbar.
 * @returns {{el: HTMLElement, canvas: HTMLCanvasElement, update: (s: ColorbarState) => void}}
 */
export function createColorbar() {
  const canvas = h("canvas", {
    class: "usidw-cbar-canvas",
    // no role: the image canvas stays the only canvas[role=img] of the widget
    "aria-label": "colorbar",
    width: 1,
    height: 256,
  });
  const axis = /** @type {SVGSVGElement} */ (
    svg("svg", { class: "usidw-cbar-axis", width: AXIS_WIDTH, "aria-hidden": "true" })
  );
  const label = h("div", { class: "usidw-cbar-label" });
  const nan = h("div", { class: "usidw-cbar-nan", hidden: true }, [
    h("span", { class: "usidw-nan-swatch usidw-checker" }),
    h("span", { text: "NaN" }),
  ]);
  const el = h("div", { class: "usidw-colorbar" }, [
    h("div", { class: "usidw-cbar-body" }, [canvas, axis, label]),
    nan,
  ]);
  let lastLut = /** @type {Uint8ClampedArray|null} */ (null);

  /** @param {ColorbarState} s */
  function update(s) {
    const height = Math.max(40, Math.round(s.height));
    if (s.lut !== lastLut) {
      const ctx = canvas.getContext("2d");
      if (ctx) {
        const img = ctx.createImageData(1, 256);
        for (let i = 0; i < 256; i++) {
          const j = 255 - i; // top = high values
          img.data.set(s.lut.subarray(4 * j, 4 * j + 4), 4 * i);
        }
        ctx.putImageData(img, 0, 0);
      }
      lastLut = s.lut;
    }
    canvas.style.width = `${BAR_WIDTH}px`;
    canvas.style.height = `${height}px`;
    axis.setAttribute("height", String(height));
    axis.setAttribute("viewBox", `0 0 ${AXIS_WIDTH} ${height}`);
    clear(axis);
    const { norm } = s;
    const count = Math.max(2, Math.min(8, Math.floor(height / 45)));
    const shown = scaleTicks(norm.scale, norm.lo, norm.hi, s.units, { count, constant: norm.constant });
    for (const t of shown.ticks) {
      const f = norm.norm(t.value);
      if (!(f >= -1e-9 && f <= 1 + 1e-9)) continue;
      const y = Math.round((1 - f) * (height - 1)) + 0.5;
      axis.appendChild(svg("line", { x1: 0, x2: 4, y1: y, y2: y, class: "usidw-tick" }));
      axis.appendChild(
        svg("text", { x: 6, y, class: "usidw-tick-label", "dominant-baseline": "central", text: t.label }),
      );
    }
    setText(label, withUnits(s.quantity, shown.unit), 40);
    label.style.height = `${height}px`;
    nan.hidden = !s.hasNaN;
  }

  return { el, canvas, update };
}

/** Width the colorbar takes next to the image (bar, ticks, label), in CSS pixels. */
export const COLORBAR_WIDTH = BAR_WIDTH + AXIS_WIDTH + 20;
