import { test } from "node:test";
import assert from "node:assert/strict";
import {
  autoLimits,
  makeNorm,
  percentiles,
  stats,
  symlogConstant,
  usedRange,
  validLimits,
} from "../src/scales.js";

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

/** numpy.percentile (method "linear") by sorting, for reference. */
function npPercentile(values, p) {
  const s = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  const pos = (p / 100) * (s.length - 1);
  const k = Math.floor(pos);
  return k + 1 < s.length ? s[k] + (pos - k) * (s[k + 1] - s[k]) : s[k];
}

/** Deterministic pseudo-random numbers. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test("linear norm maps lo to 0, hi to 1, linearly, without clipping", () => {
  const n = makeNorm("linear", -2, 6);
  assert.equal(n.norm(-2), 0);
  assert.equal(n.norm(6), 1);
  assert.equal(n.norm(2), 0.5);
  assert.equal(n.norm(10), 1.5);
  assert.ok(Number.isNaN(n.norm(NaN)));
  close(n.invert(0.25), 0);
});

test("log norm is linear in log10; non-positive values have no colour", () => {
  const n = makeNorm("log", 1, 1000);
  close(n.norm(1), 0);
  close(n.norm(10), 1 / 3);
  close(n.norm(1000), 1);
  close(n.invert(2 / 3), 100, 1e-9);
  assert.ok(Number.isNaN(n.norm(0)));
  assert.ok(Number.isNaN(n.norm(-5)));
  assert.ok(Number.isNaN(n.norm(NaN)));
});

test("log limits with non-positive values become positive", () => {
  // lo <= 0: smallest positive data value when known, else 3 decades below hi
  assert.deepEqual(validLimits("log", -5, 100, 0.5), [0.5, 100]);
  assert.deepEqual(validLimits("log", 0, 100), [0.1, 100]);
  assert.deepEqual(validLimits("log", -10, -1), [1, 10]);
  const n = makeNorm("log", -1, 1000, 2);
  assert.equal(n.lo, 2);
  assert.equal(n.hi, 1000);
});

test("symlog is odd, linear near zero and logarithmic far away", () => {
  const n = makeNorm("symlog", -1000, 1000);
  assert.equal(n.constant, symlogConstant(-1000, 1000));
  assert.equal(n.constant, 1);
  close(n.norm(0), 0.5);
  close(n.norm(-1000), 0);
  close(n.norm(1000), 1);
  close(n.norm(10) - 0.5, 0.5 - n.norm(-10));
  // log-like: each decade far from zero takes about the same share of the colormap
  const d1 = n.norm(100) - n.norm(10);
  const d2 = n.norm(1000) - n.norm(100);
  assert.ok(Math.abs(d1 - d2) < 0.02, `${d1} vs ${d2}`);
  // linear-like below the constant
  close((n.norm(0.001) - 0.5) / (n.norm(0.002) - 0.5), 0.5, 1e-3);
  close(n.invert(n.norm(123.4)), 123.4, 1e-9);
});

test("degenerate and reversed limits are made usable", () => {
  assert.deepEqual(validLimits("linear", 5, 5), [2.5, 7.5]);
  assert.deepEqual(validLimits("linear", 0, 0), [-1, 1]);
  assert.deepEqual(validLimits("linear", -4, -4), [-6, -2]);
  assert.deepEqual(validLimits("log", 10, 10), [1, 100]);
  assert.deepEqual(validLimits("linear", 3, 1), [1, 3]);
  assert.deepEqual(validLimits("linear", NaN, NaN), [0, 1]);
  assert.deepEqual(validLimits("linear", NaN, 4), [2, 6]);
  const n = makeNorm("linear", 7, 7);
  assert.equal(n.norm(7), 0.5);
  assert.equal(makeNorm("nonsense", 0, 2).scale, "linear");
});

test("percentiles match numpy's linear interpolation", () => {
  const r = rng(1);
  const data = new Float32Array(5001).map(() => (r() - 0.3) * 1000);
  for (const p of [0, 0.5, 1, 25, 50, 99.5, 100]) {
    const [got] = percentiles(data, [p]);
    close(got, npPercentile(Array.from(data), p), 1e-9);
  }
  assert.deepEqual(percentiles([1, 2, 3, 4], [50]), [2.5]);
  assert.deepEqual(percentiles([10, 0, 5], [0, 100]), [0, 10]);
});

test("percentiles are exact on heavy-tailed data (one huge outlier)", () => {
  const r = rng(7);
  const values = Array.from({ length: 20000 }, () => r());
  values.push(1e30);
  const [lo, hi] = percentiles(values, [0.5, 99.5]);
  close(lo, npPercentile(values, 0.5), 1e-12);
  close(hi, npPercentile(values, 99.5), 1e-12);
});

test("auto limits ignore NaN and infinities", () => {
  const data = new Float64Array([NaN, 1, 2, 3, Infinity, 4, -Infinity, 5, NaN]);
  assert.deepEqual(autoLimits(data, [0, 100]), [1, 5]);
  const [lo, hi] = autoLimits(data, [25, 75]);
  assert.equal(lo, 2);
  assert.equal(hi, 4);
});

test("auto limits of constant, empty and all-NaN data", () => {
  assert.deepEqual(autoLimits(new Float32Array(100).fill(3)), [1.5, 4.5]);
  assert.deepEqual(autoLimits(new Float32Array(10).fill(0)), [-1, 1]);
  assert.deepEqual(autoLimits(new Float32Array([NaN, NaN])), [0, 1]);
  assert.deepEqual(autoLimits([]), [0, 1]);
  assert.deepEqual(autoLimits([NaN], [0.5, 99.5], "log"), [1, 10]);
});

test("auto limits in log scale use the positive values only", () => {
  const data = [-100, -1, 0, 0.1, 1, 10, 100, NaN];
  assert.deepEqual(autoLimits(data, [0, 100], "log"), [0.1, 100]);
  // median of positive values in log space handled exactly
  assert.deepEqual(percentiles(data, [50], { positiveOnly: true }), [5.5]);
  assert.deepEqual(autoLimits([-3, -2, 0], [0, 100], "log"), [1, 10]);
});

test("auto limits: swapped or missing percentiles", () => {
  const data = Array.from({ length: 101 }, (_, i) => i);
  assert.deepEqual(autoLimits(data, [90, 10]), [10, 90]);
  assert.deepEqual(autoLimits(data, undefined), [0.5, 99.5]);
});

test("auto limits of a 1024 x 1024 frame are exact and fast", () => {
  const r = rng(3);
  const n = 1024 * 1024;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = r() * r() * 500 - 20;
  data.fill(NaN, 1000, 50000);
  const ref = Float64Array.from(data.filter((v) => !Number.isNaN(v))).sort();
  const pct = (p) => {
    const pos = (p / 100) * (ref.length - 1);
    const k = Math.floor(pos);
    return ref[k] + (pos - k) * (ref[k + 1] - ref[k]);
  };
  autoLimits(data); // warm up the JIT
  const t0 = performance.now();
  const [lo, hi] = autoLimits(data, [0.5, 99.5]);
  const ms = performance.now() - t0;
  close(lo, pct(0.5), 1e-12);
  close(hi, pct(99.5), 1e-12);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test("stats: finite range, smallest positive value, NaN presence", () => {
  const s = stats(new Float32Array([NaN, -3, 0, 0.25, 8, Infinity]));
  assert.equal(s.count, 4);
  assert.equal(s.min, -3);
  assert.equal(s.max, 8);
  assert.equal(s.minPositive, 0.25);
  assert.equal(s.hasNaN, true);
  const t = stats([1, 2]);
  assert.equal(t.hasNaN, false);
  assert.ok(Number.isNaN(stats([NaN]).min));
});

/**
 * Percentiles by a full sort of the used values, with the interpolation of percentiles()
 * (numpy's lerp from the nearer end): the reference the histogram method must equal exactly.
 */
function sortedPercentiles(values, ps, positiveOnly) {
  const used = Float64Array.from(
    Array.from(values).filter((v) => Number.isFinite(v) && (!positiveOnly || v > 0)),
  ).sort();
  if (!used.length) return null;
  return ps.map((p) => {
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (used.length - 1);
    const k = Math.floor(pos);
    const frac = pos - k;
    const a = used[k];
    if (frac === 0 || k + 1 >= used.length) return a;
    const b = used[k + 1];
    return frac >= 0.5 ? b - (b - a) * (1 - frac) : a + (b - a) * frac;
  });
}

/** Random arrays of many kinds: ties, NaN, +-inf, zeros and negatives, heavy tails, near-equal doubles. */
function randomValues(r, kind, n) {
  const pick = () => {
    const u = r();
    if (u < 0.05) return NaN;
    if (u < 0.07) return Infinity;
    if (u < 0.09) return -Infinity;
    if (u < 0.12) return 0;
    return null;
  };
  return Array.from({ length: n }, () => {
    const special = kind === "clean" ? null : pick();
    if (special !== null) return special;
    if (kind === "ties") return Math.floor(r() * 7) - 2;
    if (kind === "heavy") return (r() - 0.2) * 10 ** (r() * 60 - 30);
    if (kind === "near") return 1 + Math.floor(r() * 5) * Number.EPSILON;
    if (kind === "tiny") return 1e-300 * (1 + Math.floor(r() * 9));
    return (r() - 0.3) * 1000;
  });
}

test("histogram percentiles equal the sort-based ones exactly (random data: NaN, inf, ties, tails)", () => {
  const r = rng(11);
  const kinds = ["clean", "mixed", "ties", "heavy", "near", "tiny"];
  let checked = 0;
  for (let trial = 0; trial < 240; trial++) {
    const kind = kinds[trial % kinds.length];
    const n = 1 + Math.floor(r() * (trial % 5 === 0 ? 20000 : 600));
    const raw = randomValues(r, kind, n);
    for (const data of [Float64Array.from(raw), Float32Array.from(raw)]) {
      const ps = [r() * 5, 100 - r() * 5, 0, 100, 50, Math.floor(r() * 100)];
      const st = stats(data);
      for (const positiveOnly of [false, true]) {
        const want = sortedPercentiles(data, ps, positiveOnly);
        const plain = percentiles(data, ps, { positiveOnly });
        const ranged = percentiles(data, ps, { positiveOnly, range: usedRange(st, positiveOnly) });
        assert.deepEqual(plain, want, `${kind} n=${n} positiveOnly=${positiveOnly}`);
        assert.deepEqual(ranged, want, `${kind} n=${n} positiveOnly=${positiveOnly} (range from stats)`);
        checked++;
      }
    }
  }
  assert.equal(checked, 240 * 4);
});

test("auto limits from the frame's stats equal those found without them, in every scale", () => {
  const r = rng(5);
  for (const kind of ["mixed", "ties", "heavy", "tiny"]) {
    const data = Float32Array.from(randomValues(r, kind, 5000));
    const st = stats(data);
    for (const scale of ["linear", "log", "symlog"]) {
      assert.deepEqual(autoLimits(data, [0.5, 99.5], scale, st), autoLimits(data, [0.5, 99.5], scale), `${kind} ${scale}`);
    }
  }
  const constant = new Float32Array(50).fill(2);
  assert.deepEqual(autoLimits(constant, [0.5, 99.5], "linear", stats(constant)), [1, 3]);
  assert.deepEqual(autoLimits(constant, [0.5, 99.5], "log", stats(constant)), [0.2, 20]);
  const none = new Float32Array([NaN, -1, Infinity]);
  assert.deepEqual(autoLimits(none, [0.5, 99.5], "log", stats(none)), [1, 10]);
});

test("stats counts the finite positive values (the range of log-scale percentiles)", () => {
  const s = stats(new Float32Array([NaN, -3, 0, 0.25, 8, Infinity]));
  assert.equal(s.positiveCount, 2);
  assert.deepEqual(usedRange(s, true), { count: 2, vmin: 0.25, vmax: 8 });
  assert.deepEqual(usedRange(s, false), { count: 4, vmin: -3, vmax: 8 });
});
