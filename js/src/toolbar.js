// The heatmap toolbar: colormap, reverse, scale, contrast (auto/manual, minimum, maximum),
// lock, and what a drag on the image does. A change sets its trait and asks for a redraw at
// once (no kernel round trip).

import { COLORMAP_NAMES } from "./colormaps.js";
import { Disposer, h, suppressShortcuts } from "./dom.js";
import { SCALES } from "./scales.js";

/** What a drag on the image does: [trait value, text]. Shift + drag is always a rectangle. */
export const DRAG_MODES = Object.freeze([
  ["zoom", "drag: zoom"],
  ["pan", "drag: pan"],
  ["rectangle", "drag: rectangle"],
  ["lasso", "drag: lasso"],
]);

/**
 * Text of a limit in the Minimum/Maximum inputs: 6 significant digits, "" when not finite.
 * @param {number} v
 */
export function limitText(v) {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "";
}

/**
 * Build the toolbar of a Heatmap model.
 * @param {{model: any, limits: () => ([number, number]|null), redraw: () => void}} opts
 *   limits(): the limits of the last draw (null when nothing drawn); redraw(): schedule a draw
 * @returns {{el: HTMLElement, sync: () => void, dispose: () => void}} sync(): show the traits
 *   and the limits of the last draw (the input being edited is left alone)
 */
export function createToolbar({ model, limits, redraw }) {
  const d = new Disposer();
  const get = (name) => model.get(name);
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  const option = (value, text = value) => h("option", { value, text });
  const cmapSel = h("select", { class: "usidw-select", "aria-label": "Colormap", title: "Colormap" });
  for (const name of COLORMAP_NAMES) cmapSel.appendChild(option(name));
  const revBox = h("input", { type: "checkbox", "aria-label": "Reverse colormap" });
  const scaleSel = h("select", { class: "usidw-select", "aria-label": "Scale", title: "Scale" });
  for (const s of SCALES) scaleSel.appendChild(option(s));
  const contrastSel = h("select", { class: "usidw-select", "aria-label": "Contrast" });
  contrastSel.append(option("auto"), option("manual"));
  const minIn = h("input", { type: "number", step: "any", class: "usidw-num", "aria-label": "Minimum", placeholder: "min" });
  const maxIn = h("input", { type: "number", step: "any", class: "usidw-num", "aria-label": "Maximum", placeholder: "max" });
  const lockBox = h("input", { type: "checkbox", "aria-label": "Lock contrast" });
  const dragSel = h("select", {
    class: "usidw-select",
    "aria-label": "Drag mode",
    title: "What a drag on the image does (Shift + drag: rectangle region; Ctrl + wheel: zoom; double-click: whole image)",
  });
  for (const [value, text] of DRAG_MODES) dragSel.appendChild(option(value, text));
  for (const c of [cmapSel, scaleSel, contrastSel, minIn, maxIn, dragSel]) suppressShortcuts(c);
  const el = h("div", { class: "usidw-toolbar" }, [
    cmapSel,
    h("label", { class: "usidw-check", title: "Reverse the colormap" }, [revBox, "reverse"]),
    scaleSel,
    contrastSel,
    h("span", { class: "usidw-range" }, [minIn, h("span", { class: "usidw-dash", text: "–" }), maxIn]),
    h("label", { class: "usidw-check", title: "Keep these limits when new frames arrive" }, [lockBox, "lock"]),
    dragSel,
  ]);

  function sync() {
    cmapSel.value = COLORMAP_NAMES.includes(get("colormap")) ? get("colormap") : "viridis";
    revBox.checked = !!get("reverse_colormap");
    scaleSel.value = SCALES.includes(get("scale")) ? get("scale") : "linear";
    const manual = Array.isArray(get("clim"));
    contrastSel.value = manual ? "manual" : "auto";
    const p = get("auto_percentiles") || [0.5, 99.5];
    contrastSel.title = `auto: ${p[0]}–${p[1]} percentiles of the finite values`;
    lockBox.checked = !!get("lock_clim");
    const mode = get("drag_mode");
    dragSel.value = DRAG_MODES.some(([v]) => v === mode) ? mode : "zoom";
    const active = el.ownerDocument.activeElement;
    const lim = limits();
    if (active !== minIn) minIn.value = lim ? limitText(lim[0]) : "";
    if (active !== maxIn) maxIn.value = lim ? limitText(lim[1]) : "";
    for (const inp of [minIn, maxIn]) inp.classList.toggle("usidw-auto", !manual);
  }

  d.listen(cmapSel, "change", () => {
    save("colormap", cmapSel.value);
    redraw();
  });
  d.listen(revBox, "change", () => {
    save("reverse_colormap", revBox.checked);
    redraw();
  });
  d.listen(scaleSel, "change", () => {
    save("scale", scaleSel.value);
    redraw();
  });
  d.listen(contrastSel, "change", () => {
    if (contrastSel.value === "manual") {
      const lim = limits() || [0, 1];
      save("clim", [lim[0], lim[1]]);
    } else save("clim", null);
    redraw();
  });
  const onLimitInput = () => {
    const lo = parseFloat(minIn.value);
    const hi = parseFloat(maxIn.value);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) {
      save("clim", [lo, hi]);
      redraw();
    } else {
      minIn.blur();
      maxIn.blur();
      sync();
    }
  };
  d.listen(minIn, "change", onLimitInput);
  d.listen(maxIn, "change", onLimitInput);
  d.listen(dragSel, "change", () => save("drag_mode", dragSel.value));
  d.listen(lockBox, "change", () => {
    save("lock_clim", lockBox.checked);
    redraw();
  });

  return { el, sync, dispose: () => d.dispose() };
}
