// Line profiles in the browser: the values of the frame on screen along a line, drawn into the
// profile plot while the line is dragged (no kernel round trip per mouse move; the kernel
// computes the profile of the full-resolution image when the drag ends). The sampling rule is
// the one of usid_widgets/model/profile.py, written in the same order of operations; the
// golden table tests/golden/line_profile.json specifies both.

/**
 * Samples along a line `length` pixels long: one per pixel of length, both ends included.
 * @param {number} length
 */
export function sampleCount(length) {
  return length > 0 ? Math.ceil(length) + 1 : 1;
}

/**
 * Length of a line between two points [row, col], their cells `spacing` = [row step, col
 * step] apart ([1, 1]: in pixels).
 * @param {number[]} start
 * @param {number[]} end
 * @param {number[]} [spacing]
 */
export function physicalLength(start, end, spacing = [1, 1]) {
  const dr = (end[0] - start[0]) * spacing[0];
  const dc = (end[1] - start[1]) * spacing[1];
  return Math.sqrt(dr * dr + dc * dc);
}

/**
 * The image at (r, c), index coordinates (pixel [i, j] centred on the integer point), bilinear;
 * NaN outside [0, rows - 1] x [0, cols - 1].
 * @param {ArrayLike<number>} data row-major
 * @param {number} rows
 * @param {number} cols
 * @param {number} r
 * @param {number} c
 */
export function bilinear(data, rows, cols, r, c) {
  if (!(r >= 0 && r <= rows - 1 && c >= 0 && c <= cols - 1)) return NaN;
  const i = Math.floor(r);
  const j = Math.floor(c);
  const fr = r - i;
  const fc = c - j;
  const i1 = fr > 0 ? i + 1 : i;
  const j1 = fc > 0 ? j + 1 : j;
  const a = Number(data[i * cols + j]);
  const b = Number(data[i * cols + j1]);
  const cv = Number(data[i1 * cols + j]);
  const d = Number(data[i1 * cols + j1]);
  return (a * (1 - fc) + b * fc) * (1 - fr) + (cv * (1 - fc) + d * fc) * fr;
}

/**
 * The values along a line from `start` to `end` ([row, col], index coordinates), one sample
 * per pixel of length, the mean of `width` parallel lines one pixel apart across it.
 * @param {ArrayLike<number>} data row-major image
 * @param {number} rows
 * @param {number} cols
 * @param {number[]} start
 * @param {number[]} end
 * @param {number} [width]
 * @returns {{t: Float64Array, values: Float64Array}} t: the fraction of the line at each sample
 */
export function sampleLine(data, rows, cols, start, end, width = 1) {
  const w = Math.max(1, Math.floor(width));
  const r0 = start[0];
  const c0 = start[1];
  const dr = end[0] - r0;
  const dc = end[1] - c0;
  const length = Math.sqrt(dr * dr + dc * dc);
  const n = sampleCount(length);
  const nr = length > 0 ? -dc / length : 0;
  const nc = length > 0 ? dr / length : 0;
  const t = new Float64Array(n);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const tk = n > 1 ? k / (n - 1) : 0;
    t[k] = tk;
    const br = r0 + tk * dr;
    const bc = c0 + tk * dc;
    let total = 0;
    let count = 0;
    for (let j = 0; j < w; j++) {
      const o = j - (w - 1) / 2;
      const v = bilinear(data, rows, cols, br + o * nr, bc + o * nc);
      if (Number.isFinite(v)) {
        total = total + v;
        count = count + 1;
      }
    }
    values[k] = count > 0 ? total / count : NaN;
  }
  return { t, values };
}

/**
 * @typedef {{rows: number, cols: number, data: ArrayLike<number>, binning?: number,
 *   offset?: number[]}} GridFrame a decoded grid frame (frame.js)
 * @typedef {{spacing?: number[], yshift?: number}} ProfileLink how the profile plot draws:
 *   `spacing` the physical step of rows and columns in the plot's distance unit ([1, 1]:
 *   pixels), `yshift` the values drawn as v * 10^yshift (the plot's display unit)
 */

/**
 * The profile the plot shows for a line of the full image ([r0, c0, r1, c1], index
 * coordinates), sampled from the frame on screen: a binned frame is sampled in its own cells
 * (a block of f x f cells is centred on the middle of the block) with the width in its cells,
 * a zoomed one gives NaN where the line leaves its window. x: distance in the plot's unit.
 * @param {GridFrame} frame
 * @param {number[]} line
 * @param {number} width in full-image pixels
 * @param {ProfileLink} link
 * @returns {{x: Float64Array, y: Float64Array}|null} null: no line or no grid
 */
export function frameProfile(frame, line, width, link) {
  if (!frame || !frame.data || !(frame.rows > 0) || !Array.isArray(line) || line.length !== 4) return null;
  const f = Math.max(1, Math.floor(Number(frame.binning) || 1));
  const off = Array.isArray(frame.offset) ? frame.offset : [0, 0];
  const half = (f - 1) / 2;
  const toFrame = (r, c) => [(r - off[0] - half) / f, (c - off[1] - half) / f];
  const a = toFrame(line[0], line[1]);
  const b = toFrame(line[2], line[3]);
  const w = Math.max(1, Math.round(width / f));
  const { t, values } = sampleLine(frame.data, frame.rows, frame.cols, a, b, w);
  const spacing = link.spacing ?? [1, 1];
  const length = physicalLength([line[0], line[1]], [line[2], line[3]], spacing);
  const k = Number(link.yshift) || 0;
  const x = new Float64Array(t.length);
  const y = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    x[i] = t[i] * length;
    y[i] = k >= 0 ? values[i] * 10 ** k : values[i] / 10 ** -k;
  }
  return { x, y };
}
