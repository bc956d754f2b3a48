// The heatmap toolbar: colormap, reverse, scale, contrast (auto/manual, minimum, maximum),
// lock, and what a drag on the image does. It shows the props it is given (`show`) and reports
// each edit through its callback; the heatmap sets the trait and redraws at once (no kernel
// round trip).

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
 * @typedef {{
 *   colormap: string, reverse: boolean, scale: string, clim: [number, number]|null,
 *   percentiles: number[]|null, lock: boolean, dragMode: string, limits: [number, number]|null,
 * }} ToolbarProps the traits shown, and `limits`: those of the last draw (null: nothing drawn)
 * @typedef {{
 *   onColormap: (name: string) => void, onReverse: (reverse: boolean) => void,
 *   onScale: (scale: string) => void, onClim: (lims: [number, number]|null) => void,
 *   onLock: (lock: boolean) => void, onDragMode: (mode: string) => void,
 * }} ToolbarCallbacks onClim(null): automatic limits
 */

/** Props before the first `show`. */
const NO_PROPS = Object.freeze({
  colormap: "viridis",
  reverse: false,
  scale: "linear",
  clim: null,
  percentiles: null,
  lock: false,
  dragMode: "zoom",
  limits: null,
});

/**
 * Build the heatmap toolbar.
 * @param {ToolbarCallbacks} callbacks
 * @returns {{el: HTMLElement, show: (props?: ToolbarProps) => void, dispose: () => void}}
 *   show(props): show them (the input being edited is left alone); show(): the last ones again
 */
export function createToolbar({ onColormap, onReverse, onScale, onClim, onLock, onDragMode }) {
  const d = new Disposer();
  /** @type {ToolbarProps} */
  let props = NO_PROPS;

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

  /** @param {ToolbarProps} [next] */
  function show(next = props) {
    props = next;
    cmapSel.value = COLORMAP_NAMES.includes(props.colormap) ? props.colormap : "viridis";
    revBox.checked = !!props.reverse;
    scaleSel.value = SCALES.includes(props.scale) ? props.scale : "linear";
    const manual = Array.isArray(props.clim);
    contrastSel.value = manual ? "manual" : "auto";
    const p = props.percentiles || [0.5, 99.5];
    contrastSel.title = `auto: ${p[0]}–${p[1]} percentiles of the finite values`;
    lockBox.checked = !!props.lock;
    const mode = props.dragMode;
    dragSel.value = DRAG_MODES.some(([v]) => v === mode) ? mode : "zoom";
    const active = el.ownerDocument.activeElement;
    const lim = props.limits;
    if (active !== minIn) minIn.value = lim ? limitText(lim[0]) : "";
    if (active !== maxIn) maxIn.value = lim ? limitText(lim[1]) : "";
    for (const inp of [minIn, maxIn]) inp.classList.toggle("usidw-auto", !manual);
  }

  d.listen(cmapSel, "change", () => onColormap(cmapSel.value));
  d.listen(revBox, "change", () => onReverse(revBox.checked));
  d.listen(scaleSel, "change", () => onScale(scaleSel.value));
  d.listen(contrastSel, "change", () => {
    if (contrastSel.value === "manual") {
      const lim = props.limits || [0, 1];
      onClim([lim[0], lim[1]]);
    } else onClim(null);
  });
  const onLimitInput = () => {
    const lo = parseFloat(minIn.value);
    const hi = parseFloat(maxIn.value);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) onClim([lo, hi]);
    else {
      minIn.blur();
      maxIn.blur();
      show();
    }
  };
  d.listen(minIn, "change", onLimitInput);
  d.listen(maxIn, "change", onLimitInput);
  d.listen(dragSel, "change", () => onDragMode(dragSel.value));
  d.listen(lockBox, "change", () => onLock(lockBox.checked));

  return { el, show, dispose: () => d.dispose() };
}
