// The x and y axes of a heatmap: axis models from the x_axis / y_axis traits (grid) or the point
// coordinates (points), tick layout along the image box, and the SVG tick labels.

import { tryDecode } from "./decode.js";
import { clear, setText, svg } from "./dom.js";
import { scaleTicks, withUnits } from "./ticks.js";

/** Width of the y axis (ticks, labels, axis label), CSS pixels. */
export const Y_AXIS_WIDTH = 62;
/** Height of the x axis, CSS pixels. */
export const X_AXIS_HEIGHT = 36;

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {{
 *   values: Float64Array|null, label: string, units: string, n: number,
 *   a: number, b: number, physical: boolean, at: (i: number) => number,
 *   frac: (v: number) => number, caption: string,
 * }} Axis
 * `a` / `b`: physical value at the left/top and right/bottom edge of the image box (cell
 * index for an index axis); `frac(v)`: where v lies between them (0..1); `at(i)`: value of
 * column/row/point i (the physical value, also on an index axis: the readout shows it);
 * `caption`: the text under (beside) the ticks in the data's unit (drawn: `axisLayout`'s, in
 * the axis' display unit).
 * @typedef {{pos: number, label: string}} AxisTick position in CSS px along the box side
 */

/**
 * Axis of a grid: cell centres at `values` (uniform spacing assumed), edges half a cell out.
 * With `ticks: "index"` (the kernel's verdict on values that are not evenly spaced, not
 * monotonic or not finite: no linear axis exists) the ticks count cells, captioned
 * `label index`, while `at(i)` still gives the physical value for the readout.
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
  if (values && spec?.ticks === "index") {
    const vals = values;
    return {
      values: vals,
      label,
      units,
      n,
      a: -0.5,
      b: n - 0.5,
      physical: false,
      at: (i) => vals[i],
      frac: (v) => (v + 0.5) / n,
      caption: label ? `${label} index` : "index",
    };
  }
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
  const shown = vals ? label : label || "index";
  return {
    values: vals,
    label: shown,
    units: vals ? units : "",
    n,
    a,
    b,
    physical: !!vals,
    at: (i) => (vals ? vals[i] : i),
    frac: (v) => (v - a) / (b - a),
    caption: withUnits(shown, vals ? units : ""),
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
    caption: withUnits(String(spec?.label ?? ""), String(spec?.units ?? "")),
  };
}

/**
 * The same axis showing only [a, b] (a zoomed point cloud).
 * @param {Axis} axis
 * @param {number} a value at the left / top edge
 * @param {number} b value at the right / bottom edge
 * @returns {Axis}
 */
export function withRange(axis, a, b) {
  return { ...axis, a, b, frac: (v) => (v - a) / (b - a) };
}

/**
 * The x and y axes of a frame; nulls when it draws nothing.
 * @param {Frame} frame
 * @param {any} xSpec x_axis trait
 * @param {any} ySpec y_axis trait
 * @returns {[Axis, Axis]|[null, null]}
 */
export function frameAxes(frame, xSpec, ySpec) {
  if (frame.mode === "grid") return [gridAxis(xSpec, frame.cols), gridAxis(ySpec, frame.rows)];
  if (frame.mode === "points") return [pointAxis(xSpec, frame.x), pointAxis(ySpec, frame.y)];
  return [null, null];
}

/**
 * How many ticks fit along a side of `length` CSS px with about `spacing` px each (2 to 8).
 * @param {number} length
 * @param {number} spacing
 */
export function tickCount(length, spacing) {
  return Math.max(2, Math.min(8, Math.floor(length / spacing)));
}

/**
 * Ticks of an axis drawn along a side of `length` CSS px and its caption: nice values between
 * the edges in the display unit of the axis (`format.js`: one prefix for the axis, in the
 * caption, "X (µm)", never on the tick labels), each at a pixel centre (`+ 0.5` for crisp
 * lines), those outside the side dropped.
 * @param {Axis} axis
 * @param {number} length
 * @param {number} count wanted number of ticks
 * @returns {{caption: string, ticks: AxisTick[]}}
 */
export function axisLayout(axis, length, count) {
  const { unit, ticks } = scaleTicks("linear", axis.a, axis.b, axis.physical ? axis.units : "", { count });
  /** @type {AxisTick[]} */
  const out = [];
  for (const t of ticks) {
    const pos = Math.round(axis.frac(t.value) * length) + 0.5;
    if (!(pos >= -0.5 && pos <= length + 0.5)) continue;
    out.push({ pos, label: t.label });
  }
  return { caption: axis.physical ? withUnits(axis.label, unit) : axis.caption, ticks: out };
}

/**
 * The ticks of `axisLayout`.
 * @param {Axis} axis
 * @param {number} length
 * @param {number} count wanted number of ticks
 * @returns {AxisTick[]}
 */
export function axisTicks(axis, length, count) {
  return axisLayout(axis, length, count).ticks;
}

/**
 * Draw the x axis (ticks below the image, label `label (units)`) into its SVG element.
 * @param {SVGSVGElement} node
 * @param {Axis} axis
 * @param {number} width of the image box, CSS px
 */
export function drawXAxis(node, axis, width) {
  clear(node);
  node.setAttribute("width", String(width));
  node.setAttribute("height", String(X_AXIS_HEIGHT));
  node.setAttribute("viewBox", `0 0 ${width} ${X_AXIS_HEIGHT}`);
  const layout = axisLayout(axis, width, tickCount(width, 70));
  for (const { pos: x, label } of layout.ticks) {
    node.appendChild(svg("line", { class: "usidw-tick", x1: x, x2: x, y1: 0, y2: 4 }));
    node.appendChild(svg("text", { class: "usidw-tick-label", x, y: 14, "text-anchor": "middle", text: label }));
  }
  const label = svg("text", { class: "usidw-axis-label", x: width / 2, y: 31, "text-anchor": "middle" });
  setText(label, layout.caption, 60);
  node.appendChild(label);
}

/**
 * Draw the y axis (ticks left of the image, rotated label) into its SVG element.
 * @param {SVGSVGElement} node
 * @param {Axis} axis
 * @param {number} height of the image box, CSS px
 */
export function drawYAxis(node, axis, height) {
  clear(node);
  node.setAttribute("width", String(Y_AXIS_WIDTH));
  node.setAttribute("height", String(height));
  node.setAttribute("viewBox", `0 0 ${Y_AXIS_WIDTH} ${height}`);
  const right = Y_AXIS_WIDTH;
  const layout = axisLayout(axis, height, tickCount(height, 45));
  for (const { pos: y, label } of layout.ticks) {
    node.appendChild(svg("line", { class: "usidw-tick", x1: right - 4, x2: right, y1: y, y2: y }));
    node.appendChild(
      svg("text", {
        class: "usidw-tick-label",
        x: right - 6,
        y,
        "text-anchor": "end",
        "dominant-baseline": "central",
        text: label,
      }),
    );
  }
  const label = svg("text", {
    class: "usidw-axis-label",
    x: 0,
    y: 0,
    transform: `translate(10 ${height / 2}) rotate(-90)`,
    "text-anchor": "middle",
  });
  setText(label, layout.caption, 40);
  node.appendChild(label);
}
