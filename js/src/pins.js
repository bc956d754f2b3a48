// Pins on the map: a numbered marker in each pin's colour (a ring on a position, the outline
// of a box region, a diamond at the centroid of a region of any shape), the keys and clicks
// that pin, and the toolbar's "Pin" and "Clear pins" buttons. The markers shown are a prop
// (`show`, from the heatmap's `pins` trait, full-image cells); a request goes out through
// `onPin(cell)` (cell null: what the plot shows, the region in force or the selected position)
// and `onClear()`, and the kernel answers with the new markers.
//
// Keys on the focused map: "p" pins (again on a pinned position: unpins). Alt + click pins the
// position clicked (again: unpins), without selecting it.

import { fractionOf, toFull } from "./cells.js";
import { Disposer, clear as clearNode, svg } from "./dom.js";
import { isDrawn } from "./frame.js";
import { toScreen } from "./geometry.js";
import { PICK_RADIUS, cellAt, nearestPoint } from "./pointer.js";
import { toolButton } from "./toolbar.js";

/** Icons of the pin buttons (16 x 16, stroked): a map pin; a map pin crossed out. */
export const PIN_ICONS = Object.freeze({
  pin: "M8 15s-4.5-5-4.5-8.5a4.5 4.5 0 0 1 9 0C12.5 10 8 15 8 15zM8 5v3M6.5 6.5h3",
  unpin: "M8 15s-4.5-5-4.5-8.5a4.5 4.5 0 0 1 9 0C12.5 10 8 15 8 15zM2 2l12 12",
});

/** What the buttons and keys say (the pin button's tooltip is the help of pinning). */
export const PIN_HELP =
  "Pin the selected position, or the region in force: its line stays on the plot in its own colour " +
  "(keys: P on the map; Alt + click pins the position clicked; either again on a pin removes it; " +
  "the legend's \u00d7 removes one)";

/**
 * @typedef {{box?: number[], point?: number, centre?: boolean, color: string, label: string,
 *   n: number}} Pin a marker of the `pins` trait
 * @typedef {{shape: "ring"|"box"|"diamond", x: number, y: number, w: number, h: number,
 *   r: number, color: string, label: string, n: number}} Mark where a marker is drawn, CSS px in
 *   the image box: centre (x, y) and radius r (ring, diamond), or the box's corner and size
 */

/**
 * The markers of `pins` on the frame drawn, in CSS px of the image box; pins outside the
 * window on screen (zoomed) or of another kind of frame are left out.
 * @param {import("./geometry.js").Geometry} geo
 * @param {Pin[]} pins
 * @returns {Mark[]}
 */
export function pinMarks(geo, pins) {
  const { frame, w, h } = geo;
  /** @type {Mark[]} */
  const out = [];
  if (!isDrawn(frame)) return out;
  for (const p of pins ?? []) {
    const base = { color: String(p.color), label: String(p.label ?? ""), n: Number(p.n) };
    if (frame.mode === "points") {
      if (!Number.isInteger(p.point) || p.point < 0 || p.point >= frame.n) continue;
      const [x, y] = toScreen(geo, p.point);
      if (!(x >= 0 && x <= w && y >= 0 && y <= h)) continue;
      out.push({ shape: "ring", x, y, w: 0, h: 0, r: 7, ...base });
      continue;
    }
    if (frame.mode !== "grid" || !Array.isArray(p.box) || p.box.length !== 4) continue;
    const [r0, r1, c0, c1] = p.box;
    const [fx0, fy0] = fractionOf(frame, r0, c0);
    const [fx1, fy1] = fractionOf(frame, r1, c1);
    if (fx1 <= 0 || fy1 <= 0 || fx0 >= 1 || fy0 >= 1) continue; // outside the window shown
    const x0 = Math.max(0, fx0) * w;
    const y0 = Math.max(0, fy0) * h;
    const x1 = Math.min(1, fx1) * w;
    const y1 = Math.min(1, fy1) * h;
    const one = r1 - r0 === 1 && c1 - c0 === 1;
    if (one) {
      const x = (fx0 + fx1) / 2 * w;
      const y = (fy0 + fy1) / 2 * h;
      const r = Math.max(6, Math.min(fx1 - fx0, fy1 - fy0) * Math.min(w, h) / 2 + 3);
      out.push({ shape: p.centre ? "diamond" : "ring", x, y, w: 0, h: 0, r, ...base });
    } else {
      out.push({ shape: "box", x: x0, y: y0, w: x1 - x0, h: y1 - y0, r: 0, ...base });
    }
  }
  return out;
}

/**
 * Whether a keydown asks to pin ("p" without Ctrl, Meta or Alt).
 * @param {{key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean}} ev
 */
export function isPinKey(ev) {
  return (ev.key === "p" || ev.key === "P") && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
}

/**
 * The SVG of one mark: a dark halo under the pin's colour, and its number.
 * @param {Mark} m
 * @param {number} i the mark's place in the trait
 */
function markNode(m, i) {
  const shapeOf = (cls) => {
    if (m.shape === "box") return svg("rect", { class: cls, x: m.x, y: m.y, width: m.w, height: m.h });
    if (m.shape === "diamond") {
      const pts = [[m.x, m.y - m.r], [m.x + m.r, m.y], [m.x, m.y + m.r], [m.x - m.r, m.y]];
      return svg("polygon", { class: cls, points: pts.map((p) => p.join(",")).join(" ") });
    }
    return svg("circle", { class: cls, cx: m.x, cy: m.y, r: m.r });
  };
  const halo = shapeOf("usidw-pin-halo");
  const mark = shapeOf("usidw-pin-mark");
  mark.setAttribute("stroke", m.color);
  const tx = m.shape === "box" ? m.x + 3 : m.x + m.r + 2;
  const ty = m.shape === "box" ? m.y + 12 : m.y - m.r + 2;
  const num = svg("text", { class: "usidw-pin-number", x: tx, y: ty, fill: m.color }, [String(m.n)]);
  const title = svg("title", {}, [`pin ${m.n}: ${m.label}`]);
  return svg("g", { class: "usidw-pin", "data-pin": String(i), "data-color": m.color, "data-shape": m.shape }, [
    title,
    halo,
    mark,
    num,
  ]);
}

/**
 * @param {{
 *   canvas: HTMLCanvasElement, stack: HTMLElement, root: HTMLElement, bar: HTMLElement,
 *   geometry: () => import("./geometry.js").Geometry,
 *   onPin: (cell: number[]|null) => void, onClear: () => void,
 * }} parts onPin(cell): a full-image cell [row, col] (grid: the middle of a binned block) or a
 *   point [index] to pin or unpin; null: pin what the plot shows
 * @returns {{show: (pins?: Pin[]) => void, dispose: () => void}} show(): the last pins
 */
export function createPins({ canvas, stack, root, bar, geometry, onPin, onClear }) {
  const d = new Disposer();
  /** @type {Pin[]} */
  let pins = [];
  const layer = svg("svg", { class: "usidw-pins", "aria-hidden": "true" });
  stack.appendChild(layer);
  const pinButton = toolButton({ cls: "usidw-pin-button", label: "Pin position", title: PIN_HELP, icon: PIN_ICONS.pin });
  const clearButton = toolButton({
    cls: "usidw-clear-pins",
    label: "Clear pins",
    title: "Remove every pin",
    icon: PIN_ICONS.unpin,
  });
  bar.append(pinButton, clearButton);

  /** @param {Pin[]} [next] */
  function show(next = pins) {
    pins = Array.isArray(next) ? next : [];
    const geo = geometry();
    clearNode(layer);
    layer.setAttribute("viewBox", `0 0 ${geo.w} ${geo.h}`);
    const marks = pinMarks(geo, pins);
    marks.forEach((m, i) => layer.appendChild(markNode(m, i)));
    // always there, disabled with no pins: a button that appeared could wrap the toolbar
    // onto another row and move the image under the pointer
    clearButton.disabled = !pins.length;
    pinButton.style.display = isDrawn(geo.frame) ? "" : "none";
    root.setAttribute("data-pins", String(pins.length));
  }

  /** @param {MouseEvent} ev @returns {number[]|null} the full-image cell or point clicked */
  function clicked(ev) {
    const rect = canvas.getBoundingClientRect();
    if (!(rect.width > 0 && rect.height > 0)) return null;
    const fx = (ev.clientX - rect.left) / rect.width;
    const fy = (ev.clientY - rect.top) / rect.height;
    const geo = geometry();
    if (geo.frame.mode === "grid") {
      const c = cellAt(geo, fx, fy);
      return c ? toFull(geo.frame, c) : null;
    }
    if (geo.frame.mode === "points") {
      const p = nearestPoint(geo, fx * geo.w, fy * geo.h);
      return p && p.dist <= PICK_RADIUS ? [p.index] : null;
    }
    return null;
  }

  // Capture phase: an Alt + click pins and does not also select.
  d.listen(
    canvas,
    "click",
    (ev) => {
      const me = /** @type {MouseEvent} */ (ev);
      if (!me.altKey) return;
      ev.stopImmediatePropagation();
      ev.preventDefault();
      canvas.focus({ preventScroll: true });
      const cell = clicked(me);
      if (cell) onPin(cell);
    },
    true,
  );
  d.listen(canvas, "keydown", (ev) => {
    const ke = /** @type {KeyboardEvent} */ (ev);
    if (!isPinKey(ke) || !isDrawn(geometry().frame)) return;
    ev.preventDefault();
    ev.stopPropagation();
    onPin(null);
  });
  d.listen(pinButton, "click", () => onPin(null));
  d.listen(clearButton, "click", () => onClear());
  d.add(() => {
    layer.remove();
    pinButton.remove();
    clearButton.remove();
  });
  show();
  return { show, dispose: () => d.dispose() };
}
