// Tick values of log and symlog axes (d3-array has no equivalent of these), and the older
// entry points of the number formatting, which delegate to format.js (the one formatter).

import { tickStep } from "d3-array";
import {
  displayUnitOf,
  formatNumber,
  formatQuantity,
  niceTicks,
  tickLabels,
  toDisplay,
  unitTicks,
} from "./format.js";

/** @typedef {{value: number, label: string}} Tick */

/**
 * Step between about `count` ticks over `span`: 1, 2 or 5 times a power of ten (d3-array's
 * tickStep).
 * @param {number} span
 * @param {number} [count]
 */
export function niceStep(span, count = 5) {
  span = Math.abs(span);
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  return tickStep(0, span, Math.max(1, count));
}

/**
 * Round tick values within [min(a, b), max(a, b)], ascending: d3-array's ticks (`format.js:
 * niceTicks`). A degenerate range gives the single value.
 * @param {number} a
 * @param {number} b
 * @param {number} [count]
 * @returns {{values: number[], step: number}}
 */
export function linearTicks(a, b, count = 5) {
  return niceTicks(a, b, count);
}

/**
 * Ticks of a log axis over positive [a, b]: powers of ten (every k-th when there are many),
 * with 2x and 5x multiples when the range holds few decades, linear ticks below a decade.
 * @param {number} a
 * @param {number} b
 * @param {number} [count]
 * @returns {number[]}
 */
export function logTickValues(a, b, count = 5) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (!(lo > 0) || !Number.isFinite(hi)) return [];
  const l0 = Math.log10(lo);
  const l1 = Math.log10(hi);
  const eps = 1e-9;
  const d0 = Math.ceil(l0 - eps);
  const d1 = Math.floor(l1 + eps);
  const nPowers = d1 - d0 + 1;
  if (nPowers < 2 && l1 - l0 < 1) return linearTicks(lo, hi, count).values;
  if (nPowers <= 3) {
    const values = [];
    for (let d = d0 - 1; d <= d1; d++) {
      for (const m of [1, 2, 5]) {
        const v = d >= 0 ? m * 10 ** d : m / 10 ** -d;
        if (v >= lo * (1 - eps) && v <= hi * (1 + eps)) values.push(v);
      }
    }
    return values;
  }
  const every = niceInteger(Math.ceil(nPowers / (count + 3)));
  const values = [];
  const first = Math.ceil(d0 / every) * every;
  for (let d = first; d <= d1; d += every) values.push(d >= 0 ? 10 ** d : 1 / 10 ** -d);
  return values;
}

/** Smallest of 1, 2, 3, 5, 10, 20, 30, 50, ... that is >= n. */
function niceInteger(n) {
  if (!(n > 1)) return 1;
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 3, 5]) if (m * p >= n) return m * p;
  }
}

/**
 * Ticks of a symlog axis over [a, b] with linear threshold `constant`: 0 and signed powers of
 * ten, thinned to about `count`; linear ticks when that would give fewer than 3.
 * @param {number} a
 * @param {number} b
 * @param {number} constant
 * @param {number} [count]
 * @returns {number[]}
 */
export function symlogTickValues(a, b, constant, count = 5) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return linearTicks(lo, hi).values;
  const f = (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / constant);
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  const kMin = Math.floor(Math.log10(constant));
  const kMax = Math.ceil(Math.log10(m));
  const cands = [];
  for (let k = kMax; k >= kMin; k--) cands.push(-(10 ** k));
  cands.push(0);
  for (let k = kMin; k <= kMax; k++) cands.push(10 ** k);
  const inRange = cands.filter((v) => v >= lo && v <= hi);
  if (inRange.length < 3) return linearTicks(lo, hi, count).values;
  const span = f(hi) - f(lo);
  const minGap = span / (count + 1);
  // keep 0 (when present) and thin outwards from it so the ticks stay symmetric
  const kept = [];
  const zero = inRange.includes(0);
  const neg = inRange.filter((v) => v < 0).reverse();
  const pos = inRange.filter((v) => v > 0);
  const thin = (vals, start) => {
    const out = [];
    let last = start;
    for (const v of vals) {
      if (last === null || Math.abs(f(v) - f(last)) >= minGap * 0.999) {
        out.push(v);
        last = v;
      }
    }
    return out;
  };
  const origin = zero ? 0 : null;
  kept.push(...thin(neg, origin).reverse());
  if (zero) kept.push(0);
  kept.push(...thin(pos, origin));
  return kept;
}

/**
 * Decimal places that show values spaced by `step` exactly (at most 20).
 * @param {number} step
 */
export function decimalsForStep(step) {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.min(20, Math.max(0, -Number(step.toExponential().split("e")[1])));
}

/**
 * Labels of ticks spaced by `step` (defaults to the smallest gap between values):
 * `format.js: tickLabels`, never an SI suffix.
 * @param {number[]} values
 * @param {number} [step]
 * @returns {string[]}
 */
export function formatTicks(values, step) {
  if (step === undefined || !(step > 0)) {
    step = Infinity;
    for (let i = 1; i < values.length; i++) {
      const d = Math.abs(values[i] - values[i - 1]);
      if (d > 0 && d < step) step = d;
    }
    if (step === Infinity) step = Math.abs(values[0]) || 1;
  }
  return tickLabels(values, step);
}

/**
 * Ticks of a set of values in `unit` on a scale, with the set's display unit: the labels are
 * in `unit` of the result (the caption's), the values in the data's unit, for placing them.
 * Linear: `format.js: unitTicks`. Log and symlog: the values of `logTickValues` /
 * `symlogTickValues`, each labelled with 3 significant digits in the display unit (linear
 * labels when a sub-decade range gave linear ticks).
 * @param {string} scale "linear" | "log" | "symlog"
 * @param {number} lo
 * @param {number} hi
 * @param {string} unit
 * @param {{count?: number, constant?: number}} [options]
 * @returns {{unit: string, ticks: Tick[]}}
 */
export function scaleTicks(scale, lo, hi, unit, { count = 5, constant = 1 } = {}) {
  if (scale !== "log" && scale !== "symlog") return unitTicks(lo, hi, unit, count);
  const values =
    scale === "log" ? logTickValues(lo, hi, count) : symlogTickValues(lo, hi, constant, count);
  const du = displayUnitOf(unit, values.length ? values : [lo, hi]);
  const shown = values.map((v) => toDisplay(v, du));
  const labels = values.every((v) => v === 0 || isPowerOf10(v) || isNice125(v))
    ? shown.map((v) => formatNumber(v, 3))
    : formatTicks(shown); // sub-decade range: linear ticks, labelled with their spacing
  return { unit: du.unit, ticks: values.map((value, i) => ({ value, label: labels[i] })) };
}

/**
 * Ticks of a scale without unit (plain numbers): `scaleTicks` with no unit.
 * @param {string} scale "linear" | "log" | "symlog"
 * @param {number} lo
 * @param {number} hi
 * @param {{count?: number, constant?: number}} [options]
 * @returns {Tick[]}
 */
export function ticks(scale, lo, hi, options = {}) {
  return scaleTicks(scale, lo, hi, "", options).ticks;
}

function isPowerOf10(v) {
  const l = Math.log10(Math.abs(v));
  return Math.abs(l - Math.round(l)) < 1e-9;
}

function isNice125(v) {
  const a = Math.abs(v);
  const m = a / 10 ** Math.floor(Math.log10(a) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-9);
}

/**
 * A single value, `digits` significant digits (`format.js: formatNumber`), or with `units`
 * in the prefix that suits it (`format.js: formatQuantity`).
 * @param {number} v
 * @param {number} [digits]
 * @param {string|boolean} [units] (a boolean, the former `si` flag, means no unit)
 */
export function formatValue(v, digits = 4, units = "") {
  return typeof units === "string" && units ? formatQuantity(v, units, digits) : formatNumber(v, digits);
}

/**
 * "label (units)", or just the label when units are empty.
 * @param {string} label
 * @param {string} units
 */
export function withUnits(label, units) {
  label = String(label ?? "");
  units = String(units ?? "");
  if (!units) return label;
  if (!label) return `(${units})`;
  return `${label} (${units})`;
}
