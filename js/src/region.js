// Shift + drag on the image selects a rectangle of cells: the `roi` trait, which the explorer
// turns into a region mean spectrum (or, on a diffraction plane, a virtual detector).
// Escape or "Clear region" removes it. A drag never also counts as a click.

import { h } from "./dom.js";
import { cellAt } from "./pointer.js";

/**
 * Half-open box [row0, row1, col0, col1] spanned by two cells (either corner first).
 * @param {[number, number]} a
 * @param {[number, number]} b
 * @returns {number[]}
 */
export function boxOf(a, b) {
  return [Math.min(a[0], b[0]), Math.max(a[0], b[0]) + 1, Math.min(a[1], b[1]), Math.max(a[1], b[1]) + 1];
}

/**
 * Cell under the mouse, clamped to the frame so a drag may leave the image.
 * @param {any} geo
 * @param {number} fx
 * @param {number} fy
 * @returns {[number, number]}
 */
export function clampedCell(geo, fx, fy) {
  const cx = Math.min(Math.max(fx, 0), 1 - 1e-9);
  const cy = Math.min(Math.max(fy, 0), 1 - 1e-9);
  return /** @type {[number, number]} */ (cellAt(geo, cx, cy));
}

/**
 * @param {{model: any, canvas: HTMLCanvasElement, stack: HTMLElement, root: HTMLElement,
 *          geometry: () => any}} parts
 * @returns {{show: () => void, dispose: () => void}}
 */
export function createRegion({ model, canvas, stack, root, geometry }) {
  const rect = h("div", { class: "usidw-region", "aria-hidden": "true" });
  const clear = h("button", { class: "usidw-clear-region", type: "button", text: "Clear region" });
  clear.setAttribute("aria-label", "Clear region");
  stack.appendChild(rect);
  root.appendChild(clear);
  canvas.title = "Click: select. Shift + drag: region. Arrow keys: move.";
  /** @type {[number, number]|null} */
  let start = null;
  let dragged = false;

  const fractions = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };

  function place(box) {
    const { frame } = geometry();
    const ok = box && box.length === 4 && frame.mode === "grid" && frame.rows > 0;
    rect.style.display = ok ? "block" : "none";
    clear.style.display = box && box.length === 4 ? "" : "none";
    if (!ok) return;
    rect.style.top = `${(100 * box[0]) / frame.rows}%`;
    rect.style.height = `${(100 * (box[1] - box[0])) / frame.rows}%`;
    rect.style.left = `${(100 * box[2]) / frame.cols}%`;
    rect.style.width = `${(100 * (box[3] - box[2])) / frame.cols}%`;
  }

  function save(box) {
    model.set("roi", box);
    model.save_changes();
    place(box);
  }

  const onDown = (ev) => {
    if (!ev.shiftKey || geometry().frame.mode !== "grid") return;
    ev.preventDefault();
    const [fx, fy] = fractions(ev);
    start = clampedCell(geometry(), fx, fy);
    dragged = false;
    window.addEventListener("mousemove", onMove);
    window.addEventListener("mouseup", onUp);
  };
  const onMove = (ev) => {
    if (!start) return;
    const [fx, fy] = fractions(ev);
    dragged = true;
    place(boxOf(start, clampedCell(geometry(), fx, fy)));
  };
  const onUp = (ev) => {
    window.removeEventListener("mousemove", onMove);
    window.removeEventListener("mouseup", onUp);
    if (!start) return;
    const [fx, fy] = fractions(ev);
    const box = boxOf(start, clampedCell(geometry(), fx, fy));
    start = null;
    if (dragged) save(box);
  };
  // Capture phase: swallow the click that ends a drag before the selection sees it.
  const onClick = (ev) => {
    if (dragged) {
      ev.stopImmediatePropagation();
      dragged = false;
    }
  };
  const onKey = (ev) => {
    if (ev.key === "Escape" && (model.get("roi") ?? []).length) save([]);
  };
  const onClear = () => save([]);
  canvas.addEventListener("mousedown", onDown);
  canvas.addEventListener("click", onClick, true);
  canvas.addEventListener("keydown", onKey);
  clear.addEventListener("click", onClear);
  const show = () => place(model.get("roi") ?? []);
  model.on("change:roi", show);
  show();
  return {
    show,
    dispose() {
      canvas.removeEventListener("mousedown", onDown);
      canvas.removeEventListener("click", onClick, true);
      canvas.removeEventListener("keydown", onKey);
      clear.removeEventListener("click", onClear);
      window.removeEventListener("mousemove", onMove);
      window.removeEventListener("mouseup", onUp);
      model.off("change:roi", show);
      rect.remove();
      clear.remove();
    },
  };
}
