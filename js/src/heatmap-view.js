// The elements of a heatmap and what they show: title, toolbar slot, image + overlay, axes,
// colorbar, message, readout; the image box size; the root's `data-*` test handles.

import { createColorbar } from "./colorbar.js";
import { h, setText, suppressShortcuts, svg } from "./dom.js";
import { isDrawn } from "./frame.js";
import { DECO_WIDTH } from "./geometry.js";

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {ReturnType<typeof buildView>} View
 */

/**
 * The elements of a heatmap under its toolbar: title, image + overlay, axes, colorbar,
 * message and readout, in the root `div.usidw-heatmap`.
 * @param {HTMLElement} toolbar
 */
export function buildView(toolbar) {
  const title = h("div", { class: "usidw-title" });
  const canvas = h("canvas", {
    class: "usidw-image usidw-checker",
    role: "img",
    tabindex: 0,
    "aria-label": "image",
    width: 1,
    height: 1,
  });
  suppressShortcuts(canvas);
  const overlay = h("canvas", { class: "usidw-overlay", "aria-hidden": "true" });
  const stack = h("div", { class: "usidw-stack" }, [canvas, overlay]);
  const yAxis = /** @type {SVGSVGElement} */ (svg("svg", { class: "usidw-axis usidw-yaxis", "aria-hidden": "true" }));
  const xAxis = /** @type {SVGSVGElement} */ (svg("svg", { class: "usidw-axis usidw-xaxis", "aria-hidden": "true" }));
  const colorbar = createColorbar();
  const plot = h("div", { class: "usidw-plot" }, [
    title,
    yAxis,
    stack,
    colorbar.el,
    h("div", { class: "usidw-corner" }),
    xAxis,
  ]);
  const message = h("div", { class: "usidw-message", role: "status", hidden: true });
  const readout = h("div", { class: "usidw-readout", "aria-live": "polite" });
  const root = h("div", { class: "usidw-root usidw-heatmap" }, [toolbar, plot, message, readout]);
  return { root, toolbar, title, canvas, overlay, stack, yAxis, xAxis, colorbar, plot, message, readout };
}

/**
 * Show the title above the image; it is also the image's accessible name.
 * @param {View} v
 * @param {string} title
 */
export function showTitle(v, title) {
  setText(v.title, title, 200);
  v.title.hidden = !title;
  v.canvas.setAttribute("aria-label", title || "image");
}

/**
 * Show the plot and toolbar for a drawn frame, else the frame's message (none when empty).
 * @param {View} v
 * @param {Frame} frame
 */
export function showPlot(v, frame) {
  const drawn = isDrawn(frame);
  v.plot.hidden = !drawn;
  v.toolbar.hidden = !drawn;
  v.message.hidden = drawn || frame.mode === "empty";
  if (!drawn) setText(v.message, frame.message || "", 600);
}

/**
 * Show a drawing error in place of the plot.
 * @param {View} v
 * @param {any} err
 */
export function showError(v, err) {
  console.error("usid_widgets heatmap", err);
  v.plot.hidden = true;
  v.message.hidden = false;
  setText(v.message, `Cannot draw this frame: ${err && err.message ? err.message : err}`, 600);
}

/**
 * Size the image box: `size` for the longer side of the w x h box. The widget around it is
 * at most that wide and otherwise takes the width its column gives it (a fixed width would
 * keep the column from ever shrinking, and the size follows the column's width).
 * @param {View} v
 * @param {number} size
 * @param {{w: number, h: number}} box
 */
export function placeBox(v, size, box) {
  v.root.style.maxWidth = `${size + DECO_WIDTH}px`;
  for (const c of [v.canvas, v.overlay]) {
    c.style.width = `${box.w}px`;
    c.style.height = `${box.h}px`;
  }
  v.stack.style.width = `${box.w}px`;
  v.stack.style.height = `${box.h}px`;
}

/**
 * Set the root's `data-*` test handles (after drawing), in the given order.
 * @param {HTMLElement} root
 * @param {Record<string, string>} attrs
 */
export function markDrawn(root, attrs) {
  for (const [key, value] of Object.entries(attrs)) root.setAttribute(`data-${key}`, value);
}
