// Nice ticks (linear, log, symlog) and number formatting for axes, colorbars and readouts.

/** @typedef {{value: number, label: string}} Tick */

const SQRT50 = Math.sqrt(50);
const SQRT10 = Math.sqrt(10);
const SQRT2 = Math.SQRT2;

/** SI prefixes from 1e-24 to 1e24, index (exponent / 3 + 8). */
const SI_PREFIXES = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];

/**
 * Step between about `count` ticks over `span`: 1, 2 or 5 times a power of ten.
 * @param {number} span
 * @param {number} [count]
 */
export function niceStep(span, count = 5) {
  span = Math.abs(span);
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  const raw = span / Math.max(1, count);
  const power = Math.floor(Math.log10(raw));
  const err = raw / 10 ** power;
  const factor = err >= SQRT50 ? 10 : err >= SQRT10 ? 5 : err >= SQRT2 ? 2 : 1;
  return factor * 10 ** power;
}

/**
 * Multiples of a nice step within [min(a, b), max(a, b)], ascending. A degenerate range gives
 * the single value. Computed as integer multiples (or quotients, for steps below 1) so values
 * carry no accumulated rounding error.
 * @param {number} a
 * @param {number} b
 * @param {number} [count]
 * @returns {{values: number[], step: number}}
 */
export function linearTicks(a, b, count = 5) {
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [], step: NaN };
  if (lo === hi) return { values: [lo], step: 0 };
  let step = niceStep(hi - lo, count);
  const values = [];
  const eps = 1e-9;
  if (step >= 1) {
    const i0 = Math.ceil(lo / step - eps);
    const i1 = Math.floor(hi / step + eps);
    for (let i = i0; i <= i1; i++) values.push(i * step);
  } else {
    const inv = Math.round(1 / step);
    step = 1 / inv;
    const i0 = Math.ceil(lo * inv - eps);
    const i1 = Math.floor(hi * inv + eps);
    for (let i = i0; i <= i1; i++) values.push(i / inv);
  }
  return { values: values.map((v) => (Object.is(v, -0) ? 0 : v)), step };
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
  return Math.min(20, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function trimZeros(text) {
  if (!text.includes(".")) return text;
  return text.replace(/(\.\d*?)0+($|e)/, "$1$2").replace(/\.($|e)/, "$1");
}

function siExponent(m) {
  if (!(m > 0)) return 0;
  return Math.floor(Math.log10(m) / 3 + 1e-12) * 3;
}

/**
 * Labels of ticks spaced by `step`: plain decimals when the largest magnitude is in
 * [1e-3, 1e5), otherwise an SI prefix shared by all labels (200n, 1.5k, 3G); exponents
 * beyond the prefixes (1e+30). Trailing zeros trimmed; -0 shown as 0.
 * @param {number[]} values
 * @param {number} [step] spacing (defaults to the smallest gap between values)
 * @returns {string[]}
 */
export function formatTicks(values, step) {
  if (!values.length) return [];
  if (step === undefined || !(step > 0)) {
    step = Infinity;
    for (let i = 1; i < values.length; i++) {
      const d = Math.abs(values[i] - values[i - 1]);
      if (d > 0 && d < step) step = d;
    }
    if (step === Infinity) step = Math.abs(values[0]) || 1;
  }
  const m = Math.max(...values.map((v) => Math.abs(v)));
  if (m === 0 || (m >= 1e-3 && m < 1e5)) {
    const dec = decimalsForStep(step);
    return values.map((v) => clean(trimZeros(v.toFixed(dec))));
  }
  const e3 = siExponent(m);
  const idx = e3 / 3 + 8;
  if (idx < 0 || idx >= SI_PREFIXES.length) {
    const digits = Math.max(0, Math.min(15, Math.floor(Math.log10(m)) - Math.floor(Math.log10(step))));
    return values.map((v) =>
      v === 0 ? "0" : clean(trimZeros(v.toExponential(digits))).replace("e+", "e"),
    );
  }
  const scale = 10 ** e3;
  const dec = decimalsForStep(step / scale);
  return values.map((v) => {
    if (v === 0) return "0";
    return clean(trimZeros((v / scale).toFixed(dec))) + SI_PREFIXES[idx];
  });
}

function clean(text) {
  return /^-0(\.0*)?$/.test(text) ? "0" : text;
}

/**
 * Ticks for an axis or colorbar of a scale.
 * @param {string} scale "linear" | "log" | "symlog"
 * @param {number} lo
 * @param {number} hi
 * @param {{count?: number, constant?: number}} [options]
 * @returns {Tick[]}
 */
export function ticks(scale, lo, hi, { count = 5, constant = 1 } = {}) {
  if (scale === "log" || scale === "symlog") {
    const values =
      scale === "log" ? logTickValues(lo, hi, count) : symlogTickValues(lo, hi, constant, count);
    if (values.length && !values.every((v) => v === 0 || isPowerOf10(v) || isNice125(v))) {
      // sub-decade range: linear ticks, labelled with their spacing
      const labels = formatTicks(values);
      return values.map((value, i) => ({ value, label: labels[i] }));
    }
    // one style per axis: SI prefixes for every label when any is outside [1e-3, 1e5)
    const si = values.some((v) => v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3));
    return values.map((value) => ({ value, label: si ? formatSI(value, 3) : formatValue(value, 3) }));
  }
  const { values, step } = linearTicks(lo, hi, count);
  const labels = formatTicks(values, step);
  return values.map((value, i) => ({ value, label: labels[i] }));
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
 * A value with an SI prefix for any magnitude (1.5µ, 20, 3k); exponents beyond the prefixes.
 * @param {number} v
 * @param {number} [digits]
 */
export function formatSI(v, digits = 3) {
  if (!Number.isFinite(v) || v === 0) return formatValue(v);
  const e3 = siExponent(Math.abs(v));
  const idx = e3 / 3 + 8;
  if (idx < 0 || idx >= SI_PREFIXES.length) {
    return trimZeros(v.toExponential(Math.max(0, digits - 1))).replace("e+", "e");
  }
  return clean(trimZeros((v / 10 ** e3).toPrecision(digits))) + SI_PREFIXES[idx];
}

/**
 * A single value for readouts, slider labels and limits: `digits` significant digits, plain
 * decimals in [1e-3, 1e5), exponent notation (1.235e-9) outside, or SI prefixes when `si`.
 * NaN -> "NaN", infinities -> "inf" / "-inf".
 * @param {number} v
 * @param {number} [digits]
 * @param {boolean} [si]
 */
export function formatValue(v, digits = 4, si = false) {
  if (typeof v !== "number") v = Number(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) {
    if (a >= 10 ** digits) return clean(String(Math.round(v)));
    return clean(trimZeros(v.toPrecision(digits)));
  }
  if (si) {
    const e3 = siExponent(a);
    const idx = e3 / 3 + 8;
    if (idx >= 0 && idx < SI_PREFIXES.length) {
      const s = v / 10 ** e3;
      return clean(trimZeros(s.toPrecision(digits))) + SI_PREFIXES[idx];
    }
  }
  return trimZeros(v.toExponential(Math.max(0, digits - 1))).replace("e+", "e");
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
