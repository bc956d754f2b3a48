// The spectrum plot's hover readout, like the map's: "Frequency = 340.2 kHz: 53.3 pm (index 12)"
// for the step nearest the pointer, in a line under the bqplot figure; without hover it
// describes the selected step. All in the browser, no kernel message per pointer move: the
// sliders' hub (link.js) gives the line's x and y, the x scale's domain and the labels
// (`links.readout`, written by the kernel's Display.links) through `source()`; the pointer's
// pixel maps to x through the figure's plot area (bqplot's `rect.plotarea_background`).
// Not on an envelope of a long line (SpectrumPlot.thinned): its points are not steps, and the
// kernel then leaves `links.readout` out.

import { Disposer, h } from "./dom.js";
import { formatValue } from "./ticks.js";

/**
 * @typedef {{dim: string, units?: string, by_index?: boolean, value_units?: string,
 *   figure: string}} ReadoutSpec
 * `figure`: the class naming the plot's bqplot Figure in the DOM (SpectrumPlot adds it).
 * @typedef {{spec: ReadoutSpec, x: ArrayLike<number>, y: ArrayLike<number>,
 *   domain: [number, number]|null, selected: number|null}} ReadoutSource
 */

/** Frames the readout waits for the figure to be rendered (a few seconds at most). */
const MAX_TRIES = 600;

/**
 * Index of the finite x nearest to `value` (the first of equals), or -1.
 * @param {ArrayLike<number>} x
 * @param {number} value
 */
export function nearestStep(x, value) {
  let best = -1;
  let gap = Infinity;
  if (!x || !Number.isFinite(value)) return -1;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(Number(x[i]) - value);
    if (d < gap) {
      gap = d;
      best = i;
    }
  }
  return best;
}

/**
 * The x scale's domain: its `min`, `max` when both are set (the kernel sets them to the steps'
 * span), else the finite extent of the line's x; null when there is none.
 * @param {number|null|undefined} min
 * @param {number|null|undefined} max
 * @param {ArrayLike<number>|null|undefined} x
 * @returns {[number, number]|null}
 */
export function domainOf(min, max, x) {
  if (min != null && max != null && Number.isFinite(+min) && Number.isFinite(+max) && +min !== +max) {
    return [Number(min), Number(max)];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < (x?.length ?? 0); i++) {
    const v = Number(x[i]);
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The x at a pointer's `clientX` over a plot area `rect` spanning `domain`; null outside it.
 * @param {number} clientX
 * @param {{left: number, width: number}} rect
 * @param {[number, number]} domain
 */
export function xAtPixel(clientX, rect, domain) {
  if (!rect || !(rect.width > 0) || !domain) return null;
  const f = (clientX - rect.left) / rect.width;
  if (f < 0 || f > 1) return null;
  return domain[0] + f * (domain[1] - domain[0]);
}

/**
 * Readout text of a step: `Frequency = 340.2 kHz: 53.3 pm (index 12)`; on an index axis
 * (values not evenly spaced, or the x mode "index") `DC_Offset index 12: 53.3 pm`.
 * @param {ReadoutSpec} spec
 * @param {ArrayLike<number>} x
 * @param {ArrayLike<number>} y
 * @param {number} step
 */
export function describeStep(spec, x, y, step) {
  // the line's values are in the units the plot draws them in: the one formatter picks
  // the prefix that suits each value (ticks.js: formatValue with units)
  const value = formatValue(Number(y[step]), 4, spec.value_units || "");
  if (spec.by_index) return `${spec.dim} index ${step}: ${value}`;
  const xv = formatValue(Number(x[step]), 4, spec.units || "");
  return `${spec.dim} = ${xv}: ${value} (index ${step})`;
}

/**
 * Keep a readout line under every rendered figure of the plot; returns `{refresh, dispose}`.
 * `refresh()` (the hub calls it after each change) finds the figures, adds the missing
 * readouts and writes the selected step's text in those not hovered.
 * @param {Document} doc
 * @param {() => ReadoutSource|null} source
 */
export function attachPlotReadout(doc, source) {
  const d = new Disposer();
  /** @type {Map<Element, HTMLElement>} figure -> its readout */
  const readouts = new Map();
  /** @type {Element|null} */
  let hovered = null;
  const body = doc.body;

  /** @param {Element} fig */
  function readoutOf(fig) {
    let el = readouts.get(fig);
    if (el && el.parentNode === fig.parentNode) return el;
    el?.remove();
    el = h("div", { class: "usidw-root usidw-plot-readout", "aria-live": "polite" });
    fig.after(el);
    readouts.set(fig, el);
    return el;
  }

  /**
   * @param {HTMLElement} el
   * @param {ReadoutSource|null} src
   * @param {number} step
   * @param {boolean} hover
   */
  function write(el, src, step, hover) {
    const ok = !!src && step >= 0 && step < src.x.length && step < src.y.length;
    el.textContent = ok ? describeStep(src.spec, src.x, src.y, step) : "\u00a0";
    el.classList.toggle("usidw-readout-hover", ok && hover);
    if (ok) el.setAttribute("data-step", String(step));
    else el.removeAttribute("data-step");
  }

  function refresh() {
    const src = source();
    for (const [fig, el] of readouts) {
      const gone = fig.isConnected === false || fig.parentNode !== el.parentNode;
      if (!src || !fig.classList.contains(src.spec.figure) || gone) {
        el.remove();
        readouts.delete(fig);
      }
    }
    if (!src || !body) return;
    // the page is searched only while no figure is known: a step while scrubbing or playing
    // writes the known readouts (another view of the figure gets its readout when hovered)
    const figs = readouts.size ? [...readouts.keys()] : body.querySelectorAll(`.${src.spec.figure}`);
    for (const fig of figs) {
      if (fig === hovered) continue;
      write(readoutOf(fig), src, src.selected ?? -1, false);
    }
    if (!figs.length) retry();
  }

  // The hub knows the plot before bqplot renders its figure (asynchronously, maybe in a later
  // output): look again on the next frames, a bounded number of times, until it is there.
  let frame = 0;
  let tries = 0;
  function retry() {
    const raf = doc.defaultView?.requestAnimationFrame;
    if (frame || tries >= MAX_TRIES || typeof raf !== "function") return;
    tries += 1;
    frame = raf.call(doc.defaultView, () => {
      frame = 0;
      refresh();
    });
  }
  d.add(() => {
    if (frame) doc.defaultView?.cancelAnimationFrame?.(frame);
    tries = MAX_TRIES;
  });

  function leave() {
    hovered = null;
    refresh();
  }

  /** @param {PointerEvent} ev */
  function move(ev) {
    const src = source();
    const target = /** @type {Element|null} */ (ev.target);
    const fig = src && target?.closest ? target.closest(`.${src.spec.figure}`) : null;
    if (!fig) {
      if (hovered) leave();
      return;
    }
    const area = fig.querySelectorAll(".plotarea_background")[0];
    const x = area && src.domain ? xAtPixel(ev.clientX, area.getBoundingClientRect(), src.domain) : null;
    const step = x === null ? -1 : nearestStep(src.x, x);
    if (step < 0) {
      if (hovered) leave();
      return;
    }
    hovered = fig;
    write(readoutOf(fig), src, step, true);
  }

  /** @param {PointerEvent} ev */
  function out(ev) {
    const to = /** @type {Node|null} */ (ev.relatedTarget);
    if (hovered && !(to && hovered.contains(to))) leave();
  }

  if (body) {
    // capture: bqplot's interactions (the brush) may stop the events on their way up
    d.listen(body, "pointermove", move, { capture: true });
    d.listen(body, "pointerout", out, { capture: true });
  }
  d.add(() => {
    for (const el of readouts.values()) el.remove();
    readouts.clear();
  });
  return { refresh, dispose: () => d.dispose() };
}
