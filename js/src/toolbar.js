// The heatmap toolbar, one compact row (wrapping between its groups when narrow): display
// (colormap, reverse, scale), contrast (auto/manual, minimum–maximum, lock), and what a drag on
// the image does, followed by a slot for the small "Reset zoom" / "Clear region" buttons. It
// shows the props it is given (`show`) and reports each edit through its callback; the heatmap
// sets the trait and redraws at once (no kernel round trip).
//
// The limit fields apply on Enter only: Escape reverts, and a typed value not confirmed is
// dropped when focus leaves the two fields (a `change` on blur would apply a forgotten value
// later); Tab from one to the other keeps it, so min, Tab, max, Enter applies both.
// While a field holds typed text, new props leave it alone; otherwise it shows the limits in
// force. A pair that is not two numbers with minimum < maximum is refused with a visible hint.

import { COLORMAP_NAMES } from "./colormaps.js";
import { Disposer, h, suppressShortcuts, svg } from "./dom.js";
import { formatNumber } from "./format.js";
import { SCALES } from "./scales.js";

/**
 * What a drag on the image does: [trait value, text] (the select's tooltip says "drag").
 * Shift + drag is always a rectangle.
 */
export const DRAG_MODES = Object.freeze([
  ["zoom", "zoom"],
  ["pan", "pan"],
  ["rectangle", "box"],
  ["lasso", "lasso"],
  ["line", "line"],
]);

/** Icons of the small toolbar buttons: SVG path data on a 16 x 16 box, stroked. */
export const ICONS = Object.freeze({
  /** the whole image: four corners */
  whole: "M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4",
  /** no region: a dashed box, crossed */
  clear: "M2 2h3M7 2h2M11 2h3v3M14 7v2M14 11v3h-3M9 14H7M5 14H2v-3M2 9V7M2 5V2M5.5 5.5l5 5M10.5 5.5l-5 5",
  /** save image: a framed picture (mountains and a sun), not the download menu's arrow */
  save: "M2 3h12v10H2zM2 11l3.5-3.5 3 3 2-2 3.5 3.5M10.5 5.5h.01",
  /** copy image: two sheets */
  copy: "M5.5 5.5h8v8h-8zM3 10.5H2.5v-8h8V3",
  /** no line: a line with its two ends, crossed */
  clearLine: "M2 14L14 2M1 13v2h2M13 1h2v2M6 6l4 4M10 6l-4 4",
});

/**
 * A small toolbar button showing an icon; its name (`aria-label`) and tooltip are given.
 * @param {{cls: string, label: string, title: string, icon: string}} spec icon: SVG path data
 */
export function toolButton({ cls, label, title, icon }) {
  const glyph = svg("svg", { viewBox: "0 0 16 16", width: 14, height: 14, "aria-hidden": "true" }, [
    svg("path", { d: icon }),
  ]);
  return h("button", { class: `usidw-tool ${cls}`, type: "button", title, "aria-label": label }, [glyph]);
}

/** The hints of a refused pair of limits. */
export const HINTS = Object.freeze({
  order: "minimum must be below maximum",
  number: "not a number",
});

/**
 * Text of a limit in the Minimum/Maximum fields: the shared plain-number rule of format.js
 * with 5 significant digits ("-3.4044e-5", "45.72", "1.2346e+9"); "" when not finite.
 * @param {number} v
 */
export function limitText(v) {
  return Number.isFinite(v) ? formatNumber(v, 5) : "";
}

/**
 * The number typed in a limit field: NaN unless the whole text is one finite number
 * ("3.4e-5", "-2", " 7 "; a typographic minus "−" is read as "-").
 * @param {string} text
 */
export function parseLimit(text) {
  const t = String(text ?? "").trim().replace(/\u2212/g, "-");
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return NaN;
  return Number(t);
}

/**
 * @typedef {{
 *   colormap: string, reverse: boolean, scale: string, clim: [number, number]|null,
 *   percentiles: number[]|null, lock: boolean, dragMode: string, limits: [number, number]|null,
 *   fixed?: string,
 * }} ToolbarProps the traits shown, and `limits`: those of the last draw (null: nothing drawn);
 *   `fixed`: why the colour controls do not apply (a difference drawn in coolwarm), "" if they do
 * @typedef {{
 *   onColormap: (name: string) => void, onReverse: (reverse: boolean) => void,
 *   onScale: (scale: string) => void, onClim: (lims: [number, number]|null) => void,
 *   onLock: (lock: boolean) => void, onDragMode: (mode: string) => void,
 * }} ToolbarCallbacks onClim(null): automatic limits
 */

/** Short texts of the scales in their select (its tooltip names it). */
const SCALE_TEXT = Object.freeze({ linear: "lin", log: "log", symlog: "symlog" });

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
 * @returns {{el: HTMLElement, actions: HTMLElement, show: (props?: ToolbarProps) => void,
 *   dispose: () => void}} actions: the slot of the small zoom / region buttons;
 *   show(props): show them (a field holding typed text is left alone); show(): the last ones
 */
export function createToolbar({ onColormap, onReverse, onScale, onClim, onLock, onDragMode }) {
  const d = new Disposer();
  /** @type {ToolbarProps} */
  let props = NO_PROPS;

  const option = (value, text = value) => h("option", { value, text });
  const cmapSel = h("select", { class: "usidw-select", "aria-label": "Colormap", title: "Colormap" });
  for (const name of COLORMAP_NAMES) cmapSel.appendChild(option(name));
  const revBox = h("input", { type: "checkbox", "aria-label": "Reverse colormap" });
  const scaleSel = h("select", { class: "usidw-select", "aria-label": "Scale", title: "Colour scale" });
  for (const s of SCALES) scaleSel.appendChild(option(s, SCALE_TEXT[s] ?? s));
  const contrastSel = h("select", { class: "usidw-select", "aria-label": "Contrast" });
  contrastSel.append(option("auto"), option("manual"));
  const field = (label, title) =>
    h("input", {
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      class: "usidw-num",
      "aria-label": label,
      placeholder: label === "Minimum" ? "min" : "max",
      title,
    });
  const minTitle = "Lower colour limit (Enter applies, Escape reverts)";
  const maxTitle = "Upper colour limit (Enter applies, Escape reverts)";
  const minIn = field("Minimum", minTitle);
  const maxIn = field("Maximum", maxTitle);
  const hint = h("span", { class: "usidw-hint", role: "alert" });
  hint.hidden = true;
  const lockBox = h("input", { type: "checkbox", "aria-label": "Lock contrast" });
  const dragSel = h("select", {
    class: "usidw-select",
    "aria-label": "Drag mode",
    title:
      "Drag on the image: zoom, pan, a box region, a lasso region or a line profile (Shift + drag: box region; Ctrl + wheel: zoom; double-click: whole image; a line's ends can be dragged in any mode)",
  });
  for (const [value, text] of DRAG_MODES) dragSel.appendChild(option(value, text));
  for (const c of [cmapSel, scaleSel, contrastSel, minIn, maxIn, dragSel]) suppressShortcuts(c);
  const actions = h("span", { class: "usidw-actions" });
  const el = h("div", { class: "usidw-toolbar" }, [
    h("span", { class: "usidw-group" }, [
      cmapSel,
      h("label", { class: "usidw-check", title: "Reverse the colormap" }, [revBox, "rev"]),
      scaleSel,
    ]),
    h("span", { class: "usidw-group" }, [
      contrastSel,
      h("span", { class: "usidw-range" }, [minIn, h("span", { class: "usidw-dash", text: "–" }), maxIn, hint]),
      h("label", { class: "usidw-check", title: "Keep these limits when new frames arrive" }, [lockBox, "lock"]),
    ]),
    h("span", { class: "usidw-group" }, [dragSel, actions]),
  ]);

  /** Fields holding typed text not yet applied nor reverted. */
  const dirty = new Set();

  /** @param {HTMLInputElement[]} bad the fields outlined @param {string} text "": no hint */
  function showHint(bad, text) {
    hint.textContent = text;
    hint.hidden = !text;
    for (const [inp, title] of [[minIn, minTitle], [maxIn, maxTitle]]) {
      const on = bad.includes(inp);
      inp.classList.toggle("usidw-invalid", on);
      if (on) inp.setAttribute("aria-invalid", "true");
      else inp.removeAttribute("aria-invalid");
      inp.setAttribute("title", on ? text : title);
    }
  }
  const clearHint = () => showHint([], "");

  /** Write the limits in force into the fields not holding typed text. */
  function showLimits() {
    const lim = props.limits;
    if (!dirty.has(minIn)) minIn.value = lim ? limitText(lim[0]) : "";
    if (!dirty.has(maxIn)) maxIn.value = lim ? limitText(lim[1]) : "";
  }

  /** @param {ToolbarProps} [next] */
  function show(next = props) {
    props = next;
    cmapSel.value = COLORMAP_NAMES.includes(props.colormap) ? props.colormap : "viridis";
    revBox.checked = !!props.reverse;
    scaleSel.value = SCALES.includes(props.scale) ? props.scale : "linear";
    const manual = Array.isArray(props.clim);
    contrastSel.value = manual ? "manual" : "auto";
    const p = props.percentiles || [0.5, 99.5];
    contrastSel.title = `auto: ${p[0]}–${p[1]} percentiles of the finite values; manual: the limits typed`;
    lockBox.checked = !!props.lock;
    const mode = props.dragMode;
    dragSel.value = DRAG_MODES.some(([v]) => v === mode) ? mode : "zoom";
    showLimits();
    for (const inp of [minIn, maxIn]) inp.classList.toggle("usidw-auto", !manual);
    for (const c of [cmapSel, revBox, scaleSel, contrastSel, minIn, maxIn, lockBox]) {
      c.disabled = !!props.fixed;
    }
    el.title = props.fixed || "";
  }

  /** Enter: the typed pair, if usable, becomes the limits; else the hint says why. */
  function apply() {
    if (!dirty.size) return;
    const lim = props.limits;
    const valueOf = (inp, i) => (dirty.has(inp) || !lim ? parseLimit(inp.value) : lim[i]);
    const lo = valueOf(minIn, 0);
    const hi = valueOf(maxIn, 1);
    const nan = [minIn, maxIn].filter((inp, i) => !Number.isFinite([lo, hi][i]));
    if (nan.length) return showHint(nan, HINTS.number);
    if (!(lo < hi)) return showHint([...dirty], HINTS.order);
    dirty.clear();
    clearHint();
    minIn.value = limitText(lo);
    maxIn.value = limitText(hi);
    onClim([lo, hi]);
  }
  /** Escape: the fields show the limits in force again. */
  function revert() {
    dirty.clear();
    clearHint();
    showLimits();
  }

  d.listen(cmapSel, "change", () => onColormap(cmapSel.value));
  d.listen(revBox, "change", () => onReverse(revBox.checked));
  d.listen(scaleSel, "change", () => onScale(scaleSel.value));
  d.listen(contrastSel, "change", () => {
    revert();
    if (contrastSel.value === "manual") {
      const lim = props.limits || [0, 1];
      onClim([lim[0], lim[1]]);
    } else onClim(null);
  });
  for (const inp of [minIn, maxIn]) {
    d.listen(inp, "input", () => {
      dirty.add(inp);
      if (!hint.hidden) clearHint();
    });
    d.listen(inp, "keydown", (/** @type {KeyboardEvent} */ ev) => {
      if (ev.key !== "Enter" && ev.key !== "Escape") return;
      // Handled here, and not by the notebook (Enter: run or edit a cell; Escape: command mode).
      ev.preventDefault();
      ev.stopPropagation();
      if (ev.key === "Enter") apply();
      else revert();
    });
    // Tab from one limit to the other keeps what was typed: Enter in either applies the pair.
    // Leaving the pair drops what was typed in it and not applied.
    d.listen(inp, "blur", (/** @type {FocusEvent} */ ev) => {
      const to = ev.relatedTarget;
      if (to === minIn || to === maxIn) return;
      if (!dirty.size && hint.hidden) return;
      dirty.clear();
      clearHint();
      showLimits();
    });
  }
  d.listen(dragSel, "change", () => onDragMode(dragSel.value));
  d.listen(lockBox, "change", () => onLock(lockBox.checked));

  return { el, actions, show, dispose: () => d.dispose() };
}
