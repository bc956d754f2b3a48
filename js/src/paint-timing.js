// User Timing measures of the heatmap's paint of a frame, named "usidw:<step>": "decode" (the
// frame trait to typed arrays and their stats), "limits" (the limits in force), "colormap"
// (values to the ImageData's pixels), "put" (the pixels onto the canvas). The browser's
// performance panel shows them, and benchmarks/bench_paint.py reads them through a
// PerformanceObserver. Each entry is cleared from the page's buffer as soon as it is made:
// observers still receive it, and a long session keeps none.

/** Prefix of the measure names. */
export const PAINT_MEASURE = "usidw:";

/**
 * Record a measure from `start` to now.
 * @param {string} step
 * @param {number} start performance.now() at the start of the step
 * @returns {number} performance.now() at the end (the start of a next step)
 */
export function measured(step, start) {
  const end = performance.now();
  const name = PAINT_MEASURE + step;
  try {
    performance.measure(name, { start, end });
    performance.clearMeasures(name);
  } catch {
    // no User Timing Level 3 here: the paint is the same, unmeasured
  }
  return end;
}
