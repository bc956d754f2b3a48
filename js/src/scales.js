// Value -> [0, 1] normalisation (linear, log, symlog), valid limits and percentile limits.

/** Names accepted by the `scale` trait. */
export const SCALES = Object.freeze(["linear", "log", "symlog"]);

/** Decades shown linearly around zero by symlog: constant = max(|lo|, |hi|) / 10**3. */
export const SYMLOG_DECADES = 3;

/**
 * @typedef {ArrayLike<number>} Values
 * @typedef {{
 *   scale: string, lo: number, hi: number, constant: number,
 *   f0: number, k: number,
 *   forward: (v: number) => number,
 *   norm: (v: number) => number,
 *   invert: (t: number) => number,
 * }} Norm
 */

/**
 * Linear threshold of symlog for limits [lo, hi].
 * @param {number} lo
 * @param {number} hi
 */
export function symlogConstant(lo, hi) {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return Number.isFinite(m) && m > 0 ? m / 10 ** SYMLOG_DECADES : 1;
}

/**
 * The transform of a scale (values -> an axis where the colormap is linear).
 * @param {string} scale
 * @param {number} [constant] symlog linear threshold
 * @returns {(v: number) => number}
 */
export function transform(scale, constant = 1) {
  if (scale === "log") return (v) => (v > 0 ? Math.log10(v) : NaN);
  if (scale === "symlog") {
    const c = constant;
    return (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);
  }
  return (v) => v;
}

/**
 * Inverse of transform().
 * @param {string} scale
 * @param {number} [constant]
 * @returns {(u: number) => number}
 */
export function inverseTransform(scale, constant = 1) {
  if (scale === "log") return (u) => 10 ** u;
  if (scale === "symlog") return (u) => Math.sign(u) * constant * (10 ** Math.abs(u) - 1);
  return (u) => u;
}

/**
 * Usable limits: finite, lo < hi, and positive for log. Degenerate (constant) limits are
 * widened so the value lands in the middle of the colormap.
 * @param {string} scale
 * @param {number} lo
 * @param {number} hi
 * @param {number} [minPositive] smallest positive value of the data (log fallback for lo <= 0)
 * @returns {[number, number]}
 */
export function validLimits(scale, lo, hi, minPositive = NaN) {
  const log = scale === "log";
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) return log ? [1, 10] : [0, 1];
  if (!Number.isFinite(lo)) lo = hi;
  if (!Number.isFinite(hi)) hi = lo;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (log) {
    if (hi <= 0) return [1, 10];
    if (lo <= 0) {
      lo = minPositive > 0 && minPositive < hi ? minPositive : hi / 10 ** SYMLOG_DECADES;
    }
    if (lo === hi) return [lo / 10, hi * 10];
    return [lo, hi];
  }
  if (lo === hi) {
    if (lo === 0) return [-1, 1];
    const d = Math.abs(lo) / 2;
    return [lo - d, hi + d];
  }
  return [lo, hi];
}

/**
 * Normalisation of a scale between limits (limits are first made valid).
 * norm(v) = (forward(v) - f0) * k: 0 at lo and 1 at hi (not clipped); NaN for NaN and, in
 * log scale, for values <= 0 (drawn like NaN: no colour).
 * @param {string} scale
 * @param {number} lo
 * @param {number} hi
 * @param {number} [minPositive]
 * @returns {Norm}
 */
export function makeNorm(scale, lo, hi, minPositive) {
  if (!SCALES.includes(scale)) scale = "linear";
  [lo, hi] = validLimits(scale, lo, hi, minPositive);
  const constant = scale === "symlog" ? symlogConstant(lo, hi) : 1;
  const forward = transform(scale, constant);
  const inverse = inverseTransform(scale, constant);
  const f0 = forward(lo);
  const span = forward(hi) - f0;
  const k = 1 / span;
  return {
    scale,
    lo,
    hi,
    constant,
    f0,
    k,
    forward,
    norm: (v) => (forward(v) - f0) * k,
    invert: (t) => inverse(f0 + t * span),
  };
}

/**
 * One pass over the values: finite count, min, max, smallest positive value, count of the
 * finite positive values, NaN present.
 * @param {Values} data
 */
export function stats(data) {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let count = 0;
  let positiveCount = 0;
  let hasNaN = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) {
      hasNaN = true;
      continue;
    }
    if (v === Infinity || v === -Infinity) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0) {
      positiveCount++;
      if (v < minPositive) minPositive = v;
    }
  }
  return {
    count,
    min: count ? min : NaN,
    max: count ? max : NaN,
    minPositive: minPositive === Infinity ? NaN : minPositive,
    positiveCount,
    hasNaN,
  };
}

/**
 * @typedef {{count: number, vmin: number, vmax: number}} UsedRange
 * count, min and max of the values percentiles() uses
 */

/**
 * The used range of percentiles() read from stats() of the same data: the finite values, or
 * the finite positive ones (positiveOnly).
 * @param {ReturnType<typeof stats>} st
 * @param {boolean} positiveOnly
 * @returns {UsedRange}
 */
export function usedRange(st, positiveOnly) {
  if (!positiveOnly) return { count: st.count, vmin: st.min, vmax: st.max };
  return { count: st.positiveCount, vmin: st.minPositive, vmax: st.max };
}

const BINS = 4096;

/** The histogram, reused by every call (percentiles() runs to the end synchronously). */
const HIST = new Uint32Array(BINS);

// The passes of percentiles() are small separate functions: V8 optimises each hot loop on
// its own (one big function with several loops ran ~5x slower on 1M values). The bin of a
// value is computed by the same expression in the histogram and in the collecting pass, so
// both put every value in the same bin without storing one bin per value.

/**
 * Count, min and max of the values in (floor, inf).
 * @returns {UsedRange}
 */
function rangeOf(data, floor) {
  let count = 0;
  let vmin = Infinity;
  let vmax = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > floor && v < Infinity) {
      count++;
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
  }
  return { count, vmin, vmax };
}

/** Histogram of the finite values, linear keys. */
function histLinear(data, inv, k0, hist) {
  const last = hist.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > -Infinity && v < Infinity) {
      let b = Math.floor(v * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      hist[b]++;
    }
  }
}

/** Same with log10 keys (values > 0 only). */
function histLog(data, inv, k0, hist) {
  const last = hist.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 0 && v < Infinity) {
      let b = Math.floor(Math.log10(v) * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      hist[b]++;
    }
  }
}

/** Copy the finite values of the chosen bins (slot[b] >= 0) into their arrays, linear keys. */
function collectLinear(data, inv, k0, slot, chosen, fill) {
  const last = slot.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > -Infinity && v < Infinity) {
      let b = Math.floor(v * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      const j = slot[b];
      if (j >= 0) chosen[j][fill[j]++] = v;
    }
  }
}

/**
 * Same with log10 keys (values > 0 only). log10 is slow, so it is taken only of the values
 * inside `around` (the value range of each chosen bin, one bin wider on each side); the bin of
 * those is computed exactly as in histLog(). Up to 4 bins (2 ranks for each of 2 percentiles,
 * the automatic limits) have their ranges held in locals, an unused one as [NaN, NaN]; more
 * go through collectLogMany().
 * @param {Float64Array} around [lo0, hi0, lo1, hi1, ...]
 */
function collectLog(data, inv, k0, slot, chosen, fill, around) {
  if (around.length > 8) {
    collectLogMany(data, inv, k0, slot, chosen, fill, around);
    return;
  }
  const last = slot.length - 1;
  const r = Float64Array.from({ length: 8 }, (_, i) => (i < around.length ? around[i] : NaN));
  const [a0, b0, a1, b1, a2, b2, a3, b3] = r;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if ((v >= a0 && v <= b0) || (v >= a1 && v <= b1) || (v >= a2 && v <= b2) || (v >= a3 && v <= b3)) {
      let b = Math.floor(Math.log10(v) * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      const j = slot[b];
      if (j >= 0) chosen[j][fill[j]++] = v;
    }
  }
}

/** collectLog() for any number of ranges. */
function collectLogMany(data, inv, k0, slot, chosen, fill, around) {
  const last = slot.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    for (let a = 0; a < around.length; a += 2) {
      if (v >= around[a] && v <= around[a + 1]) {
        let b = Math.floor(Math.log10(v) * inv - k0);
        b = b < 0 ? 0 : b > last ? last : b;
        const j = slot[b];
        if (j >= 0) chosen[j][fill[j]++] = v;
        break;
      }
    }
  }
}

/** Margin of logRanges() in decades beyond a bin: far above the rounding of log10 and 10 **. */
const LOG_MARGIN = 1e-9;

/**
 * Value ranges holding every value whose log10 key falls in the chosen bins: a bin and
 * LOG_MARGIN wider on each side (when bins are narrower than the rounding of the keys, the
 * margin still holds them); the first and last bins take everything below and above. A
 * degenerate width (inv 0): all positive values.
 * @param {Int32Array} slot
 * @param {number} inv
 * @param {number} k0
 */
function logRanges(slot, inv, k0) {
  const out = [];
  const last = slot.length - 1;
  for (let b = 0; b <= last; b++) {
    if (slot[b] < 0) continue;
    if (inv === 0) return new Float64Array([Number.MIN_VALUE, Number.MAX_VALUE]);
    const lo = b <= 1 ? Number.MIN_VALUE : 10 ** ((b - 1 + k0) / inv - LOG_MARGIN);
    const hi = b >= last - 1 ? Number.MAX_VALUE : 10 ** ((b + 2 + k0) / inv + LOG_MARGIN);
    out.push(lo, hi);
  }
  return Float64Array.from(out);
}

/**
 * Exact percentiles (numpy's default "linear" interpolation, to the last bit) of the finite values, ignoring
 * NaN and +-inf (and values <= 0 when positiveOnly). O(n), no full sort: a histogram (over
 * log10 of the values when positiveOnly) locates the order statistics, then only the values of
 * the few bins involved are sorted. `range` (usedRange() of the frame's stats) saves the pass
 * that finds the count, min and max.
 * @param {Values} data
 * @param {number[]} ps percentiles in [0, 100]
 * @param {{positiveOnly?: boolean, range?: UsedRange}} [options]
 * @returns {number[]|null} null when there is no value to use
 */
export function percentiles(data, ps, { positiveOnly = false, range } = {}) {
  const { count, vmin, vmax } = range ?? rangeOf(data, positiveOnly ? 0 : -Infinity);
  if (count === 0) return null;
  // order statistics needed: for each p, ranks floor(pos) and floor(pos) + 1
  const wanted = ps.map((p) => {
    const q = Math.min(100, Math.max(0, Number.isFinite(p) ? p : 0));
    const pos = (q / 100) * (count - 1);
    const k = Math.floor(pos);
    return { k, frac: pos - k };
  });
  if (vmin === vmax) return wanted.map(() => vmin);
  const kmin = positiveOnly ? Math.log10(vmin) : vmin;
  const kmax = positiveOnly ? Math.log10(vmax) : vmax;
  // bin width computed without overflow; a degenerate width puts everything in bin 0
  const width = kmax / BINS - kmin / BINS;
  const inv = width > 0 && Number.isFinite(width) ? 1 / width : 0;
  const k0 = kmin * inv;
  const hist = HIST;
  hist.fill(0);
  if (positiveOnly) histLog(data, inv, k0, hist);
  else histLinear(data, inv, k0, hist);
  const start = new Uint32Array(BINS); // rank of the first value of each bin
  for (let b = 1; b < BINS; b++) start[b] = start[b - 1] + hist[b - 1];
  const binOfRank = (r) => {
    let lo = 0;
    let hi = BINS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (start[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const slot = new Int32Array(BINS).fill(-1);
  /** @type {Float64Array[]} */
  const chosen = [];
  for (const { k } of wanted) {
    for (const r of [k, Math.min(k + 1, count - 1)]) {
      const b = binOfRank(r);
      if (slot[b] < 0) {
        slot[b] = chosen.length;
        chosen.push(new Float64Array(hist[b]));
      }
    }
  }
  const fill = new Uint32Array(chosen.length);
  if (positiveOnly) collectLog(data, inv, k0, slot, chosen, fill, logRanges(slot, inv, k0));
  else collectLinear(data, inv, k0, slot, chosen, fill);
  for (const arr of chosen) arr.sort();
  const valueOfRank = (r) => {
    const b = binOfRank(r);
    return chosen[slot[b]][r - start[b]];
  };
  // numpy's lerp, rounding included: from the nearer end (tests/golden/color_limits.json)
  return wanted.map(({ k, frac }) => {
    const a = valueOfRank(k);
    if (frac === 0 || k + 1 >= count) return a;
    const b = valueOfRank(k + 1);
    return frac >= 0.5 ? b - (b - a) * (1 - frac) : a + (b - a) * frac;
  });
}

/**
 * Automatic colour limits: the given percentiles of the finite values (positive values only
 * for log), made valid for the scale. Data without usable values gives the scale's default.
 * @param {Values} data
 * @param {number[]} [pcts]
 * @param {string} [scale]
 * @param {ReturnType<typeof stats>} [st] stats() of `data`, when known (saves a pass)
 * @returns {[number, number]}
 */
export function autoLimits(data, pcts = [0.5, 99.5], scale = "linear", st) {
  const log = scale === "log";
  let lo = Number(pcts?.[0]);
  let hi = Number(pcts?.[1]);
  if (!Number.isFinite(lo)) lo = 0.5;
  if (!Number.isFinite(hi)) hi = 99.5;
  if (lo > hi) [lo, hi] = [hi, lo];
  const range = st ? usedRange(st, log) : undefined;
  const p = percentiles(data, [lo, hi], { positiveOnly: log, range });
  if (!p) return validLimits(scale, NaN, NaN);
  return validLimits(scale, p[0], p[1]);
}
