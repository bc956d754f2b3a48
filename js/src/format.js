// The one number formatter of the views: SI prefixes on known base units, the display unit of a
// set of values (an axis, a colorbar, a slider's range), single values for readouts, tick
// values (d3-array) and tick labels (d3-format). Python twin: usid_widgets/model/numbers.py,
// specified with it by tests/golden/numbers.json.
//
// Rules (docs/ARCHITECTURE.md, "Numbers on screen"):
// - A unit is prefixable when it is a known SI base unit (SI_BASES), alone or after one SI
//   prefix ("nm", "µm", "um", "kHz", "mV", "cm"). Any other unit ("a.u.", "counts", "deg",
//   "°", "%", "m/s", "") is shown as it is and its numbers are never prefixed.
// - A set of values sharing a unit gets ONE display unit: the prefix putting the largest
//   magnitude in [1, 1000) (yocto to yotta), never a prefix on top of a prefixed unit.
// - A single value: 4 significant digits in the prefix that suits it ("2.52 µm", "340 kHz").
// - Plain decimals for magnitudes in [1e-3, 1e5), d3's exponent form outside ("3.404e-5",
//   "1.2e+7"); "NaN", "∞", "-∞" (without unit); negative zero is "0"; minus is "-".

import { formatLocale } from "d3-format";
import { ticks as d3Ticks, tickStep } from "d3-array";

const locale = formatLocale({ decimal: ".", thousands: ",", grouping: [3], currency: ["", ""], minus: "-" });
/** @type {Map<string, (v: number) => string>} d3 formatters by specifier, made once each */
const formatters = new Map();

/** @param {string} spec a d3-format specifier */
function d3format(spec) {
  let f = formatters.get(spec);
  if (!f) {
    f = locale.format(spec);
    formatters.set(spec, f);
  }
  return f;
}

/** Known SI (and SI-accepted) base units that take a prefix. */
export const SI_BASES = [
  "m", "s", "Hz", "V", "A", "F", "N", "W", "T", "Pa", "C", "J", "eV", "g", "Ω", "S", "K",
  "mol", "cd", "rad", "Wb", "H",
];

/** Prefixes a unit may carry, with their power of ten ("u" and Greek "μ" read as micro). */
const PREFIX_POWER = {
  y: -24, z: -21, a: -18, f: -15, p: -12, n: -9, µ: -6, μ: -6, u: -6, m: -3, c: -2,
  k: 3, M: 6, G: 9, T: 12, P: 15, E: 18, Z: 21, Y: 24,
};

/** Prefix shown for each power of ten, -24 .. 24 by 3 (micro is U+00B5). */
const PREFIX_SYMBOL = {
  "-24": "y", "-21": "z", "-18": "a", "-15": "f", "-12": "p", "-9": "n", "-6": "µ", "-3": "m",
  0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E", 21: "Z", 24: "Y",
};

/** Everyday magnitudes shown as plain decimals: [PLAIN_LO, PLAIN_HI). */
const PLAIN_LO = 1e-3;
const PLAIN_HI = 1e5;

/**
 * @typedef {{prefix: string, base: string, power: number}} ParsedUnit
 * @typedef {{unit: string, shift: number}} DisplayUnit `unit`: the unit shown; a value in
 * the data's unit is shown as `value * 10^shift` (`toDisplay`).
 * @typedef {{value: number, label: string}} Tick `value` in the data's unit
 */

/**
 * A unit as prefix + known base unit, or null when it takes no prefix.
 * @param {string} unit
 * @returns {ParsedUnit|null}
 */
export function parseUnit(unit) {
  const u = String(unit ?? "").trim();
  if (!u) return null;
  if (SI_BASES.includes(u)) return { prefix: "", base: u, power: 0 };
  const first = [...u][0];
  const rest = u.slice(first.length);
  if (first in PREFIX_POWER && SI_BASES.includes(rest)) {
    return { prefix: first, base: rest, power: PREFIX_POWER[first] };
  }
  return null;
}

/** 10^k exactly for integer k (division for negative k: 1e-6, not 1e-6 + ulp). */
function scaled(v, k) {
  return k >= 0 ? v * 10 ** k : v / 10 ** -k;
}

/** Power of ten of the engineering prefix for a magnitude in base units, clamped to ±24. */
function engineeringPower(m) {
  const e = Math.floor(Math.log10(m) / 3 + 1e-9) * 3;
  return Math.max(-24, Math.min(24, e));
}

/**
 * The unit to show a set of values in whose largest magnitude is `magnitude` (in `unit`).
 * @param {string} unit
 * @param {number} magnitude
 * @returns {DisplayUnit}
 */
export function displayUnit(unit, magnitude) {
  const u = String(unit ?? "");
  const p = parseUnit(u);
  if (!p || !(magnitude > 0) || !Number.isFinite(magnitude)) return { unit: u, shift: 0 };
  const e = engineeringPower(scaled(magnitude, p.power));
  return { unit: PREFIX_SYMBOL[e] + p.base, shift: p.power - e };
}

/**
 * The display unit of the finite values of `values` (in `unit`).
 * @param {string} unit
 * @param {ArrayLike<number>} values
 */
export function displayUnitOf(unit, values) {
  // a slider asks at every step about the same values: kept per array and unit
  const memo = typeof values === "object" && values !== null ? unitMemo.get(values) : undefined;
  if (memo && memo.unit === unit) return memo.du;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (Number.isFinite(a) && a > m) m = a;
  }
  const du = displayUnit(unit, m);
  if (ArrayBuffer.isView(values)) unitMemo.set(values, { unit, du });
  return du;
}

/** @type {WeakMap<object, {unit: string, du: DisplayUnit}>} */
const unitMemo = new WeakMap();

/**
 * A value in the data's unit as shown in `du`.
 * @param {number} v
 * @param {DisplayUnit} du
 */
export function toDisplay(v, du) {
  return scaled(v, du.shift);
}

/**
 * A number without unit, `digits` significant digits: plain decimals (trailing zeros
 * trimmed, whole numbers up to 99999 in full) for magnitudes in [1e-3, 1e5), exponent form
 * outside ("3.404e-5", "1.2e+7"). "NaN", "∞", "-∞"; zero (also -0) is "0".
 * @param {number} v
 * @param {number} [digits]
 */
export function formatNumber(v, digits = 4) {
  v = Number(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (v === 0) return "0";
  if (Math.abs(v) >= 10 ** digits) {
    const n = Math.round(v);
    return Math.abs(n) < PLAIN_HI ? String(n) : d3format(`.${digits - 1}~e`)(v);
  }
  const a = Math.abs(Number(v.toPrecision(digits)));
  if (a >= PLAIN_LO && a < PLAIN_HI) return d3format(`.${digits}~r`)(v);
  return d3format(`.${digits - 1}~e`)(v);
}

/**
 * A single value with its unit: the prefix that suits it, `digits` significant digits
 * ("500 nm", "2.5 µm", "340 kHz", "-12.3 pm", "0 V"); units that take no prefix keep the
 * plain number ("3.404e-5 a.u."). Non-finite values carry no unit.
 * @param {number} v
 * @param {string} unit
 * @param {number} [digits]
 */
export function formatQuantity(v, unit, digits = 4) {
  v = Number(v);
  const u = String(unit ?? "");
  if (!Number.isFinite(v)) return formatNumber(v, digits);
  const p = parseUnit(u);
  if (!p || v === 0) return joinUnit(formatNumber(v, digits), u);
  const base = Math.abs(scaled(v, p.power));
  let e = engineeringPower(base);
  // a value that rounds up to 1000 of a prefix is 1 of the next
  if (e < 24 && Math.abs(Number(scaled(base, -e).toPrecision(digits))) >= 1000) e += 3;
  return joinUnit(formatNumber(scaled(v, p.power - e), digits), PREFIX_SYMBOL[e] + p.base);
}

/**
 * A value of a set shown in the set's display unit (a slider's range): "0.0028 µm".
 * @param {number} v
 * @param {DisplayUnit} du
 * @param {number} [digits]
 */
export function formatIn(v, du, digits = 4) {
  if (!Number.isFinite(Number(v))) return formatNumber(v, digits);
  return joinUnit(formatNumber(toDisplay(v, du), digits), du.unit);
}

function joinUnit(text, unit) {
  return unit ? `${text} ${unit}` : text;
}

/**
 * Decimal exponent of a positive number as its shortest text has it (1e-7 -> -7, 0.25 -> -1).
 * @param {number} x
 */
function exponentOf(x) {
  return Number(x.toExponential().split("e")[1]);
}

/**
 * Labels of tick values spaced by `step` (both in the display unit): the fewest decimals
 * that tell them apart, trailing zeros trimmed ("0", "0.5", "1", "1.5"), when the largest
 * magnitude is in [1e-3, 1e5) or zero; else exponent form with the digits the step needs
 * ("1.5e-5"). Never an SI suffix: the prefix is the caption's unit.
 * @param {number[]} values
 * @param {number} step
 * @returns {string[]}
 */
export function tickLabels(values, step) {
  if (!values.length) return [];
  const m = Math.max(...values.map((v) => Math.abs(v)));
  if (!(step > 0) || !Number.isFinite(step)) step = m || 1;
  if (m === 0 || (m >= PLAIN_LO && m < PLAIN_HI)) {
    const decimals = Math.max(0, -exponentOf(step));
    const f = d3format(`.${Math.min(20, decimals)}~f`);
    return values.map((v) => clean(f(v)));
  }
  const digits = Math.max(0, exponentOf(m) - exponentOf(step));
  const f = d3format(`.${Math.min(20, digits)}~e`);
  return values.map((v) => (v === 0 ? "0" : f(v)));
}

function clean(text) {
  return /^-0(\.0*)?$/.test(text) ? "0" : text;
}

/**
 * About `count` round tick values over [a, b] (either order), ascending: d3-array's ticks.
 * @param {number} a
 * @param {number} b
 * @param {number} [count]
 * @returns {{values: number[], step: number}}
 */
export function niceTicks(a, b, count = 5) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [], step: NaN };
  if (lo === hi) return { values: [lo === 0 ? 0 : lo], step: 0 };
  const values = d3Ticks(lo, hi, count).map((v) => (v === 0 ? 0 : v));
  return { values, step: tickStep(lo, hi, count) };
}

/**
 * Linear ticks of a set of values in `unit` over [lo, hi]: the display unit of the set and
 * ticks whose labels are in it (values in the data's unit, for placing them).
 * @param {number} lo
 * @param {number} hi
 * @param {string} unit
 * @param {number} [count]
 * @returns {{unit: string, ticks: Tick[]}}
 */
export function unitTicks(lo, hi, unit, count = 5) {
  const m = Math.max(Number.isFinite(lo) ? Math.abs(lo) : 0, Number.isFinite(hi) ? Math.abs(hi) : 0);
  const du = displayUnit(unit, m);
  const { values, step } = niceTicks(toDisplay(lo, du), toDisplay(hi, du), count);
  const labels = tickLabels(values, step);
  return {
    unit: du.unit,
    ticks: values.map((v, i) => ({ value: scaled(v, -du.shift), label: labels[i] })),
  };
}
