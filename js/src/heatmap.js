// Heatmap view: one ImageData at data resolution (grid) or a coloured scatter (points), with
// toolbar, axes in physical values, colorbar, crosshair, hover readout and keyboard selection.

import { COLORMAP_NAMES, getLUT, lutIndex } from "./colormaps.js";
import { createColorbar, COLORBAR_WIDTH } from "./colorbar.js";
import { tryDecode } from "./decode.js";
import { Disposer, clear, h, setText, suppressShortcuts, svg } from "./dom.js";
import { SCALES, autoLimits, makeNorm, stats, validLimits } from "./scales.js";
import { formatValue, ticks, withUnits } from "./ticks.js";

/** Largest side of the image box, CSS pixels. */
const MAX_SIZE = 440;
const MIN_SIZE = 160;
const Y_AXIS_WIDTH = 62;
const X_AXIS_HEIGHT = 36;
/** Width around the image box: y axis, colorbar, gaps. */
const DECO_WIDTH = Y_AXIS_WIDTH + COLORBAR_WIDTH + 14;
/** Image aspect ratios are clamped to [1/MAX_RATIO, MAX_RATIO] so every image stays visible. */
const MAX_RATIO = 8;
const PICK_RADIUS = 14;

/**
 * @typedef {import("./scales.js").Norm} Norm
 * @typedef {{
 *   values: Float64Array|null, label: string, units: string, n: number,
 *   a: number, b: number, physical: boolean, at: (i: number) => number,
 *   frac: (v: number) => number,
 * }} Axis
 * @typedef {{
 *   id: any, mode: "grid"|"points"|"message"|"empty", message?: string,
 *   data?: ArrayLike<number>, rows?: number, cols?: number,
 *   x?: ArrayLike<number>, y?: ArrayLike<number>, n?: number,
 *   stats?: ReturnType<typeof stats>,
 * }} Frame
 */

/**
 * Axis of a grid: cell centres at `values` (uniform spacing assumed), edges half a cell out.
 * Falls back to indices when the values are missing, of the wrong length or degenerate.
 * @param {any} spec x_axis / y_axis trait
 * @param {number} n
 * @returns {Axis}
 */
export function gridAxis(spec, n) {
  const dec = tryDecode(spec?.values);
  const label = String(spec?.label ?? "");
  const units = String(spec?.units ?? "");
  let values = dec && dec.data.length === n ? Float64Array.from(dec.data) : null;
  let v0 = 0;
  let dv = 1;
  if (values && n > 0) {
    v0 = values[0];
    dv = n > 1 ? (values[n - 1] - values[0]) / (n - 1) : 1;
    if (!Number.isFinite(v0) || !Number.isFinite(dv) || dv === 0) values = null;
  }
  if (!values) {
    v0 = 0;
    dv = 1;
  }
  const a = v0 - dv / 2;
  const b = v0 + dv * (n - 1) + dv / 2;
  const vals = values;
  return {
    values: vals,
    label: vals ? label : label || "index",
    units: vals ? units : "",
    n,
    a,
    b,
    physical: !!vals,
    at: (i) => (vals ? vals[i] : i),
    frac: (v) => (v - a) / (b - a),
  };
}

/**
 * Axis of a point cloud: data range padded by 4 % (1 unit when degenerate).
 * @param {any} spec
 * @param {ArrayLike<number>} coords
 * @returns {Axis}
 */
export function pointAxis(spec, coords) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coords.length; i++) {
    const v = coords[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  }
  const pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
  const a = lo - pad;
  const b = hi + pad;
  return {
    values: null,
    label: String(spec?.label ?? ""),
    units: String(spec?.units ?? ""),
    n: coords.length,
    a,
    b,
    physical: true,
    at: (i) => coords[i],
    frac: (v) => (v - a) / (b - a),
  };
}

/**
 * Display box (CSS px) of an image: side `size` for the longer side.
 * @param {number} size
 * @param {number} ratio height / width
 */
function box(size, ratio) {
  if (!(ratio > 0) || !Number.isFinite(ratio)) ratio = 1;
  ratio = Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, ratio));
  if (ratio <= 1) return { w: size, h: Math.max(1, Math.round(size * ratio)) };
  return { w: Math.max(1, Math.round(size / ratio)), h: size };
}

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
 * Render a Heatmap model into `el`; returns the cleanup function.
 * @param {{model: any, el: HTMLElement}} ctx
 */
export function renderHeatmap({ model, el }) {
  const d = new Disposer();

  // ---- DOM -------------------------------------------------------------------------------
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
  for (const c of [cmapSel, scaleSel, contrastSel, minIn, maxIn]) suppressShortcuts(c);
  const toolbar = h("div", { class: "usidw-toolbar" }, [
    cmapSel,
    h("label", { class: "usidw-check", title: "Reverse the colormap" }, [revBox, "reverse"]),
    scaleSel,
    contrastSel,
    h("span", { class: "usidw-range" }, [minIn, h("span", { class: "usidw-dash", text: "–" }), maxIn]),
    h("label", { class: "usidw-check", title: "Keep these limits when new frames arrive" }, [lockBox, "lock"]),
  ]);

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
  el.appendChild(root);
  d.add(() => root.remove());

  // ---- state -----------------------------------------------------------------------------
  /** @type {Frame} */
  let frame = { id: null, mode: "empty" };
  /** @type {Axis|null} */
  let xa = null;
  /** @type {Axis|null} */
  let ya = null;
  let size = MAX_SIZE;
  let dispW = MAX_SIZE;
  let dispH = MAX_SIZE;
  /** @type {[number, number]|null} limits held by lock_clim */
  let held = null;
  /** @type {[number, number]|null} limits of the last draw */
  let lastLimits = null;
  let autoKey = "";
  /** @type {[number, number]} */
  let autoValue = [0, 1];
  /** @type {Norm|null} */
  let norm = null;
  let lut = getLUT("viridis");
  /** @type {number[]|null} hovered cell [row, col] or [point] */
  let hover = null;
  /** @type {ImageData|null} */
  let imageData = null;
  let drawPending = false;

  const get = (name) => model.get(name);
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  // ---- frame decoding --------------------------------------------------------------------
  function loadFrame() {
    const f = get("frame") || {};
    const id = f.id ?? null;
    hover = null;
    if (f.mode === "message") {
      frame = { id, mode: "message", message: String(f.message ?? "") };
    } else if (f.mode === "grid") {
      const dec = tryDecode(f.data);
      if (!dec || dec.shape.length !== 2) {
        frame = { id, mode: "message", message: "Cannot decode the image data." };
      } else {
        const [rows, cols] = dec.shape;
        frame = { id, mode: "grid", data: dec.data, rows, cols, stats: stats(dec.data) };
      }
    } else if (f.mode === "points") {
      const x = tryDecode(f.x);
      const y = tryDecode(f.y);
      const v = tryDecode(f.values);
      if (!x || !y || !v || x.data.length !== v.data.length || y.data.length !== v.data.length) {
        frame = { id, mode: "message", message: "Cannot decode the point data." };
      } else {
        frame = { id, mode: "points", x: x.data, y: y.data, data: v.data, n: v.data.length, stats: stats(v.data) };
      }
    } else {
      frame = { id, mode: "empty" };
    }
  }

  function loadAxes() {
    if (frame.mode === "grid") {
      xa = gridAxis(get("x_axis"), frame.cols);
      ya = gridAxis(get("y_axis"), frame.rows);
    } else if (frame.mode === "points") {
      xa = pointAxis(get("x_axis"), frame.x);
      ya = pointAxis(get("y_axis"), frame.y);
    } else {
      xa = ya = null;
    }
  }

  // ---- limits ----------------------------------------------------------------------------
  function currentLimits() {
    const scale = get("scale");
    const st = frame.stats;
    const minPos = st ? st.minPositive : NaN;
    const clim = get("clim");
    if (Array.isArray(clim) && clim.length === 2 && clim.every((v) => Number.isFinite(Number(v)))) {
      if (get("lock_clim")) held = [Number(clim[0]), Number(clim[1])];
      return validLimits(scale, Number(clim[0]), Number(clim[1]), minPos);
    }
    if (get("lock_clim") && held) return validLimits(scale, held[0], held[1], minPos);
    const pcts = get("auto_percentiles") || [0.5, 99.5];
    const key = `${frame.id}|${frame.mode}|${scale}|${pcts[0]}|${pcts[1]}`;
    if (key !== autoKey) {
      autoValue = autoLimits(frame.data || [], pcts, scale);
      autoKey = key;
    }
    if (get("lock_clim")) held = [autoValue[0], autoValue[1]];
    return autoValue;
  }

  // ---- layout ----------------------------------------------------------------------------
  function layout() {
    if (!xa || !ya) return;
    let ratio = 1;
    const equal = get("aspect") !== "auto";
    if (frame.mode === "grid") {
      const sameUnits = xa.units === ya.units && xa.physical === ya.physical;
      ratio = equal && sameUnits ? Math.abs(ya.b - ya.a) / Math.abs(xa.b - xa.a) : 1;
      if (equal && !sameUnits) ratio = frame.rows / frame.cols;
    } else {
      ratio = equal && xa.units === ya.units ? (ya.b - ya.a) / (xa.b - xa.a) : 1;
    }
    const b = box(size, ratio);
    dispW = b.w;
    dispH = b.h;
    root.style.width = `${size + DECO_WIDTH}px`;
    for (const c of [canvas, overlay]) {
      c.style.width = `${dispW}px`;
      c.style.height = `${dispH}px`;
    }
    stack.style.width = `${dispW}px`;
    stack.style.height = `${dispH}px`;
  }

  // ---- painting --------------------------------------------------------------------------
  function paintGrid() {
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
    colorize(data, rows * cols, norm, lut32, px);
    ctx.putImageData(imageData, 0, 0);
  }

  function dpr() {
    return Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  }

  function toScreen(i) {
    return [xa.frac(frame.x[i]) * dispW, ya.frac(frame.y[i]) * dispH];
  }

  function pointRadius() {
    const n = Math.max(1, frame.n);
    return Math.max(1.5, Math.min(7, 0.45 * Math.sqrt((dispW * dispH) / n)));
  }

  function paintPoints() {
    canvas.classList.remove("usidw-pixelated", "usidw-checker");
    imageData = null;
    const r = dpr();
    canvas.width = Math.round(dispW * r);
    canvas.height = Math.round(dispH * r);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, dispW, dispH);
    // one bucket per colour: few fillStyle changes even for 1e5 points
    /** @type {number[][]} */
    const buckets = Array.from({ length: 256 }, () => []);
    for (let i = 0; i < frame.n; i++) {
      const j = lutIndex(norm.norm(frame.data[i]));
      if (j >= 0) buckets[j].push(i);
    }
    const rad = pointRadius();
    const circles = frame.n <= 20000;
    for (let j = 0; j < 256; j++) {
      if (!buckets[j].length) continue;
      ctx.fillStyle = `rgb(${lut[4 * j]}, ${lut[4 * j + 1]}, ${lut[4 * j + 2]})`;
      ctx.beginPath();
      for (const i of buckets[j]) {
        const [sx, sy] = toScreen(i);
        if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
        if (circles) {
          ctx.moveTo(sx + rad, sy);
          ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
        } else ctx.rect(sx - rad, sy - rad, 2 * rad, 2 * rad);
      }
      ctx.fill();
    }
    // NaN points: hollow grey markers so the sampling pattern stays visible
    ctx.strokeStyle = "rgba(128, 128, 128, 0.8)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < frame.n; i++) {
      if (lutIndex(norm.norm(frame.data[i])) >= 0) continue;
      const [sx, sy] = toScreen(i);
      if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
      ctx.moveTo(sx + rad, sy);
      ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }

  // ---- axes ------------------------------------------------------------------------------
  function drawXAxis() {
    clear(xAxis);
    xAxis.setAttribute("width", String(dispW));
    xAxis.setAttribute("height", String(X_AXIS_HEIGHT));
    xAxis.setAttribute("viewBox", `0 0 ${dispW} ${X_AXIS_HEIGHT}`);
    const count = Math.max(2, Math.min(8, Math.floor(dispW / 70)));
    for (const t of ticks("linear", xa.a, xa.b, { count })) {
      const x = Math.round(xa.frac(t.value) * dispW) + 0.5;
      if (!(x >= -0.5 && x <= dispW + 0.5)) continue;
      xAxis.appendChild(svg("line", { class: "usidw-tick", x1: x, x2: x, y1: 0, y2: 4 }));
      xAxis.appendChild(svg("text", { class: "usidw-tick-label", x, y: 14, "text-anchor": "middle", text: t.label }));
    }
    const label = svg("text", { class: "usidw-axis-label", x: dispW / 2, y: 31, "text-anchor": "middle" });
    setText(label, withUnits(xa.label, xa.units), 60);
    xAxis.appendChild(label);
  }

  function drawYAxis() {
    clear(yAxis);
    yAxis.setAttribute("width", String(Y_AXIS_WIDTH));
    yAxis.setAttribute("height", String(dispH));
    yAxis.setAttribute("viewBox", `0 0 ${Y_AXIS_WIDTH} ${dispH}`);
    const count = Math.max(2, Math.min(8, Math.floor(dispH / 45)));
    const right = Y_AXIS_WIDTH;
    for (const t of ticks("linear", ya.a, ya.b, { count })) {
      const y = Math.round(ya.frac(t.value) * dispH) + 0.5;
      if (!(y >= -0.5 && y <= dispH + 0.5)) continue;
      yAxis.appendChild(svg("line", { class: "usidw-tick", x1: right - 4, x2: right, y1: y, y2: y }));
      yAxis.appendChild(
        svg("text", {
          class: "usidw-tick-label",
          x: right - 6,
          y,
          "text-anchor": "end",
          "dominant-baseline": "central",
          text: t.label,
        }),
      );
    }
    const label = svg("text", {
      class: "usidw-axis-label",
      x: 0,
      y: 0,
      transform: `translate(10 ${dispH / 2}) rotate(-90)`,
      "text-anchor": "middle",
    });
    setText(label, withUnits(ya.label, ya.units), 40);
    yAxis.appendChild(label);
  }

  // ---- overlay (crosshair / selected point) -----------------------------------------------
  function selection() {
    const sel = get("selected");
    if (!Array.isArray(sel)) return null;
    if (frame.mode === "grid" && sel.length === 2) {
      const [r, c] = sel.map(Number);
      if (r >= 0 && r < frame.rows && c >= 0 && c < frame.cols) return [r, c];
    }
    if (frame.mode === "points" && sel.length >= 1) {
      const i = Number(sel[0]);
      if (i >= 0 && i < frame.n) return [i];
    }
    return null;
  }

  function drawOverlay() {
    const r = dpr();
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
    const sel = selection();
    if (!sel) return;
    const stroke = (fn) => {
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(0, 0, 0, 0.55)";
      ctx.beginPath();
      fn();
      ctx.stroke();
      ctx.lineWidth = 1.25;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
      ctx.beginPath();
      fn();
      ctx.stroke();
    };
    if (frame.mode === "grid") {
      const cw = dispW / frame.cols;
      const ch = dispH / frame.rows;
      const x0 = sel[1] * cw;
      const y0 = sel[0] * ch;
      const cx = x0 + cw / 2;
      const cy = y0 + ch / 2;
      const gap = Math.max(4, Math.min(cw, ch) / 2 + 3);
      stroke(() => {
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
      const [sx, sy] = toScreen(sel[0]);
      const rad = pointRadius() + 3;
      stroke(() => {
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

  // ---- readout ---------------------------------------------------------------------------
  function describe(cell) {
    const units = get("units") || "";
    const val = (v) => (units ? `${formatValue(v)} ${units}` : formatValue(v));
    const coord = (ax, v) => {
      const name = ax.label || "?";
      return ax.units ? `${name} = ${formatValue(v)} ${ax.units}` : `${name} = ${formatValue(v)}`;
    };
    if (frame.mode === "grid") {
      const [r, c] = cell;
      const v = frame.data[r * frame.cols + c];
      return `${coord(xa, xa.at(c))}, ${coord(ya, ya.at(r))}: ${val(v)} (row ${r}, col ${c})`;
    }
    const i = cell[0];
    return `${coord(xa, frame.x[i])}, ${coord(ya, frame.y[i])}: ${val(frame.data[i])} (point ${i})`;
  }

  function updateReadout() {
    if (frame.mode !== "grid" && frame.mode !== "points") {
      readout.textContent = "";
      return;
    }
    const cell = hover || selection();
    readout.textContent = cell ? describe(cell) : "\u00a0";
    readout.classList.toggle("usidw-readout-hover", !!hover);
  }

  // ---- controls --------------------------------------------------------------------------
  const numText = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "");

  function syncControls() {
    cmapSel.value = COLORMAP_NAMES.includes(get("colormap")) ? get("colormap") : "viridis";
    revBox.checked = !!get("reverse_colormap");
    scaleSel.value = SCALES.includes(get("scale")) ? get("scale") : "linear";
    const manual = Array.isArray(get("clim"));
    contrastSel.value = manual ? "manual" : "auto";
    const p = get("auto_percentiles") || [0.5, 99.5];
    contrastSel.title = `auto: ${p[0]}–${p[1]} percentiles of the finite values`;
    lockBox.checked = !!get("lock_clim");
    const active = root.ownerDocument.activeElement;
    const lim = lastLimits;
    if (active !== minIn) minIn.value = lim ? numText(lim[0]) : "";
    if (active !== maxIn) maxIn.value = lim ? numText(lim[1]) : "";
    for (const inp of [minIn, maxIn]) inp.classList.toggle("usidw-auto", !manual);
  }

  // ---- draw ------------------------------------------------------------------------------
  function draw() {
    const t = get("title") || "";
    setText(title, t, 100);
    title.hidden = !t;
    canvas.setAttribute("aria-label", t || "image");
    const mode = frame.mode;
    if (mode === "message" || mode === "empty") {
      plot.hidden = true;
      toolbar.hidden = true;
      message.hidden = mode === "empty";
      setText(message, frame.message || "", 600);
      hover = null;
      updateReadout();
      lastLimits = null;
      syncControls();
      root.setAttribute("data-frame-id", frame.id === null ? "" : String(frame.id));
      root.setAttribute("data-clim", "");
      root.setAttribute("data-colormap", String(get("colormap")));
      root.setAttribute("data-scale", String(get("scale")));
      root.setAttribute("data-mode", mode);
      return;
    }
    plot.hidden = false;
    toolbar.hidden = false;
    message.hidden = true;
    const limits = currentLimits();
    lastLimits = limits;
    const st = frame.stats;
    norm = makeNorm(get("scale"), limits[0], limits[1], st.minPositive);
    lut = getLUT(get("colormap"), !!get("reverse_colormap"));
    layout();
    if (mode === "grid") paintGrid();
    else paintPoints();
    drawXAxis();
    drawYAxis();
    colorbar.update({
      lut,
      norm,
      label: withUnits(get("quantity") || "", get("units") || ""),
      height: dispH,
      hasNaN: st.hasNaN,
    });
    drawOverlay();
    updateReadout();
    syncControls();
    root.setAttribute("data-frame-id", frame.id === null ? "" : String(frame.id));
    root.setAttribute("data-clim", `${norm.lo},${norm.hi}`);
    root.setAttribute("data-colormap", String(get("colormap")));
    root.setAttribute("data-reverse", String(!!get("reverse_colormap")));
    root.setAttribute("data-scale", norm.scale);
    root.setAttribute("data-mode", mode);
  }

  function safeDraw() {
    try {
      draw();
    } catch (err) {
      console.error("usid_widgets heatmap", err);
      plot.hidden = true;
      message.hidden = false;
      setText(message, `Cannot draw this frame: ${err && err.message ? err.message : err}`, 600);
    }
  }

  /** Draw once after the current burst of trait changes (one message sets several). */
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    queueMicrotask(() => {
      drawPending = false;
      if (!d.disposed) safeDraw();
    });
  }

  // ---- interaction -----------------------------------------------------------------------
  function cellAt(ev) {
    const rect = canvas.getBoundingClientRect();
    if (!(rect.width > 0 && rect.height > 0)) return null;
    const fx = (ev.clientX - rect.left) / rect.width;
    const fy = (ev.clientY - rect.top) / rect.height;
    if (frame.mode === "grid") {
      const c = Math.floor(fx * frame.cols);
      const r = Math.floor(fy * frame.rows);
      if (r < 0 || r >= frame.rows || c < 0 || c >= frame.cols) return null;
      return [r, c];
    }
    if (frame.mode === "points") {
      const px = fx * dispW;
      const py = fy * dispH;
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < frame.n; i++) {
        const [sx, sy] = toScreen(i);
        const dd = (sx - px) ** 2 + (sy - py) ** 2;
        if (dd < bestD) {
          bestD = dd;
          best = i;
        }
      }
      return best >= 0 ? { index: best, dist: Math.sqrt(bestD) } : null;
    }
    return null;
  }

  function select(sel) {
    save("selected", sel);
    drawOverlay();
    updateReadout();
  }

  d.listen(canvas, "mousemove", (ev) => {
    const c = cellAt(ev);
    if (frame.mode === "points") hover = c && c.dist <= PICK_RADIUS ? [c.index] : null;
    else hover = c;
    updateReadout();
  });
  d.listen(canvas, "mouseleave", () => {
    hover = null;
    updateReadout();
  });
  d.listen(canvas, "click", (ev) => {
    const c = cellAt(ev);
    canvas.focus({ preventScroll: true });
    if (!c) return;
    select(frame.mode === "points" ? [c.index] : c);
  });

  /** Nearest point in an arrow direction (screen space), favouring points on that line. */
  function pointInDirection(i, dx, dy) {
    const [x0, y0] = toScreen(i);
    let best = -1;
    let bestScore = Infinity;
    for (let j = 0; j < frame.n; j++) {
      if (j === i) continue;
      const [x, y] = toScreen(j);
      const along = (x - x0) * dx + (y - y0) * dy;
      if (!(along > 0.5)) continue;
      const across = Math.abs((x - x0) * dy - (y - y0) * dx);
      const score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best;
  }

  d.listen(canvas, "keydown", (ev) => {
    const dirs = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const dir = dirs[ev.key];
    if (!dir || (frame.mode !== "grid" && frame.mode !== "points")) return;
    ev.preventDefault();
    ev.stopPropagation();
    const sel = selection();
    if (frame.mode === "grid") {
      const step = ev.shiftKey ? 10 : 1;
      let [r, c] = sel || [frame.rows >> 1, frame.cols >> 1];
      if (sel) {
        r = Math.min(frame.rows - 1, Math.max(0, r + dir[1] * step));
        c = Math.min(frame.cols - 1, Math.max(0, c + dir[0] * step));
      }
      select([r, c]);
    } else if (frame.n > 0) {
      const next = sel ? pointInDirection(sel[0], dir[0], dir[1]) : 0;
      if (next >= 0) select([next]);
    }
  });

  d.listen(cmapSel, "change", () => {
    save("colormap", cmapSel.value);
    scheduleDraw();
  });
  d.listen(revBox, "change", () => {
    save("reverse_colormap", revBox.checked);
    scheduleDraw();
  });
  d.listen(scaleSel, "change", () => {
    save("scale", scaleSel.value);
    scheduleDraw();
  });
  d.listen(contrastSel, "change", () => {
    if (contrastSel.value === "manual") {
      const lim = lastLimits || [0, 1];
      save("clim", [lim[0], lim[1]]);
    } else save("clim", null);
    scheduleDraw();
  });
  const onLimitInput = () => {
    const lo = parseFloat(minIn.value);
    const hi = parseFloat(maxIn.value);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) {
      save("clim", [lo, hi]);
      scheduleDraw();
    } else {
      minIn.blur();
      maxIn.blur();
      syncControls();
    }
  };
  d.listen(minIn, "change", onLimitInput);
  d.listen(maxIn, "change", onLimitInput);
  d.listen(lockBox, "change", () => {
    save("lock_clim", lockBox.checked);
    scheduleDraw();
  });

  // ---- model events ----------------------------------------------------------------------
  const onFrame = () => {
    loadFrame();
    loadAxes();
    scheduleDraw();
  };
  d.onModel(model, "change:frame", onFrame);
  d.onModel(model, "change:x_axis change:y_axis", () => {
    loadAxes();
    scheduleDraw();
  });
  d.onModel(model, "change:lock_clim", () => {
    held = get("lock_clim") && lastLimits ? [lastLimits[0], lastLimits[1]] : null;
    scheduleDraw();
  });
  d.onModel(
    model,
    "change:colormap change:reverse_colormap change:scale change:clim change:auto_percentiles " +
      "change:aspect change:title change:quantity change:units",
    scheduleDraw,
  );
  d.onModel(model, "change:selected", () => {
    if (frame.mode === "grid" || frame.mode === "points") {
      drawOverlay();
      updateReadout();
    }
  });

  // ---- size ------------------------------------------------------------------------------
  function fitWidth() {
    const avail = el.clientWidth;
    if (!(avail > 0)) return;
    const next = Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.floor(avail - DECO_WIDTH)));
    if (Math.abs(next - size) >= 2) {
      size = next;
      scheduleDraw();
    }
  }
  if (typeof ResizeObserver !== "undefined") {
    const ro = new ResizeObserver(() => fitWidth());
    ro.observe(el);
    d.add(() => ro.disconnect());
  }

  onFrame();
  safeDraw();
  return () => d.dispose();
}
