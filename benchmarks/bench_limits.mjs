// Automatic colour limits of a frame (the stats pass of decodeFrame + autoLimits), two
// checkouts of js/src/scales.js in the same run, alternating, on 512^2 and 2048^2 float32
// frames (r*r*500 - 20: a dense low tail; four frames in turn), linear and log scale.
// Prints the medians and the median of the paired ratios after/before. A measurement, not a
// test (issue 20, "Cheaper paint").
//
// Run: node benchmarks/bench_limits.mjs BEFORE_SRC AFTER_SRC
//   e.g. git worktree add /tmp/before <commit>; node benchmarks/bench_limits.mjs /tmp/before/js/src js/src
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [beforeDir, afterDir] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error("usage: node benchmarks/bench_limits.mjs BEFORE_SRC AFTER_SRC (folders holding scales.js)");
  process.exit(2);
}
const load = (dir) => import(pathToFileURL(resolve(dir, "scales.js")).href);
const [A, B] = await Promise.all([load(beforeDir), load(afterDir)]);

/** Limits as a frame pays for them: its stats, then the automatic limits (given the stats when
 * that version of autoLimits takes them; an older one ignores the argument). */
const cost = (M, d, scale) => {
  const t0 = performance.now();
  const st = M.stats(d);
  const lims = M.autoLimits(d, [0.5, 99.5], scale, st);
  return [performance.now() - t0, lims];
};

const rng = (seed) => {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
};
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];

for (const side of [512, 2048]) {
  const r = rng(1);
  const frames = Array.from({ length: 4 }, (_, f) => {
    const d = new Float32Array(side * side);
    for (let i = 0; i < d.length; i++) d[i] = r() * r() * 500 - 20 + f;
    return d;
  });
  for (const scale of ["linear", "log"]) {
    const a = [];
    const b = [];
    const reps = side > 1000 ? 24 : 200;
    for (let rep = 0; rep < reps; rep++) {
      const d = frames[rep % 4];
      const order = rep % 2 ? [A, B] : [B, A];
      const [[t0, l0], [t1, l1]] = order.map((M) => cost(M, d, scale));
      if (l0[0] !== l1[0] || l0[1] !== l1[1]) throw new Error(`the limits differ: ${l0} and ${l1}`);
      (order[0] === A ? a : b).push(t0);
      (order[0] === A ? b : a).push(t1);
    }
    const ratio = median(a.map((x, i) => b[i] / x));
    console.log(
      `${side}^2 ${scale}: before ${median(a).toFixed(2)} ms, after ${median(b).toFixed(2)} ms, ` +
        `median of paired ratios after/before ${ratio.toFixed(2)} (same limits in every frame)`,
    );
  }
}
