import { test } from "node:test";
import assert from "node:assert/strict";
import { axisTicks, frameAxes, gridAxis, pointAxis, tickCount } from "../src/axes.js";

const f64 = (values) => ({
  buffer: new DataView(new Float64Array(values).buffer),
  dtype: "float64",
  shape: [values.length],
});

test("grid axis: cell centres at the values, edges half a cell out", () => {
  const ax = gridAxis({ label: "X", units: "nm", values: f64([0, 1, 2, 3]) }, 4);
  assert.equal(ax.physical, true);
  assert.equal(ax.a, -0.5);
  assert.equal(ax.b, 3.5);
  assert.equal(ax.at(2), 2);
  assert.equal(ax.frac(-0.5), 0);
  assert.equal(ax.frac(3.5), 1);
  assert.equal(ax.frac(1.5), 0.5);
  assert.equal(ax.label, "X");
  assert.equal(ax.units, "nm");
});

test("grid axis with decreasing values maps the first value to the first cell", () => {
  const ax = gridAxis({ label: "Y", units: "µm", values: f64([10, 8, 6]) }, 3);
  assert.equal(ax.frac(10), 1 / 6);
  assert.equal(ax.frac(6), 5 / 6);
});

test("grid axis falls back to indices for missing, wrong-length or degenerate values", () => {
  for (const spec of [{}, { label: "X", units: "nm", values: f64([1, 2]) }, { values: f64([5, 5, 5]) }]) {
    const ax = gridAxis(spec, 3);
    assert.equal(ax.physical, false);
    assert.equal(ax.at(2), 2);
    assert.equal(ax.units, "");
    assert.equal(ax.a, -0.5);
  }
  assert.equal(gridAxis({}, 3).label, "index");
});

test("point axis pads the data range", () => {
  const ax = pointAxis({ label: "X", units: "m" }, new Float64Array([0, 10, NaN]));
  assert.ok(Math.abs(ax.a + 0.4) < 1e-12 && Math.abs(ax.b - 10.4) < 1e-12);
  const one = pointAxis({}, new Float64Array([3]));
  assert.deepEqual([one.a, one.b], [2.5, 3.5]);
});

test("tick count: one tick per spacing, 2 to 8", () => {
  assert.equal(tickCount(440, 70), 6);
  assert.equal(tickCount(440, 45), 8);
  assert.equal(tickCount(100, 70), 2);
  assert.equal(tickCount(0, 45), 2);
});

test("axis ticks sit on pixel centres at their value, labels from the nice ticks", () => {
  // 11 cells centred on 0..100: edges at -5 and 105, 110 px -> 1 px per unit
  const ax = gridAxis({ label: "X", units: "nm", values: f64(Array.from({ length: 11 }, (_, i) => 10 * i)) }, 11);
  const tks = axisTicks(ax, 110, 5);
  assert.deepEqual(
    tks.map((t) => t.label),
    ["0", "20", "40", "60", "80", "100"],
  );
  assert.deepEqual(
    tks.map((t) => t.pos),
    [5.5, 25.5, 45.5, 65.5, 85.5, 105.5],
  );
});

test("axis ticks outside the side are dropped; a degenerate side keeps only what fits", () => {
  const ax = gridAxis({}, 4); // index axis, edges -0.5 and 3.5
  for (const t of axisTicks(ax, 40, 8)) assert.ok(t.pos >= -0.5 && t.pos <= 40.5, String(t.pos));
  assert.deepEqual(
    axisTicks(ax, 40, 4).map((t) => t.label),
    ["0", "1", "2", "3"],
  );
});

test("frame axes: grid from the traits, points from the coordinates, none otherwise", () => {
  const xSpec = { label: "X", units: "nm", values: f64([0, 1, 2]) };
  const [gx, gy] = frameAxes({ id: 1, mode: "grid", rows: 2, cols: 3 }, xSpec, {});
  assert.equal(gx.n, 3);
  assert.equal(gx.units, "nm");
  assert.equal(gy.n, 2);
  assert.equal(gy.label, "index");
  const [px, py] = frameAxes(
    { id: 1, mode: "points", n: 2, x: new Float64Array([0, 10]), y: new Float64Array([5, 5]) },
    { label: "X", units: "m" },
    { label: "Y", units: "m" },
  );
  assert.equal(px.at(1), 10);
  assert.deepEqual([py.a, py.b], [4.5, 5.5]);
  assert.deepEqual(frameAxes({ id: 1, mode: "message" }, {}, {}), [null, null]);
});

test("an index axis (values with no linear axis) ticks cells and keeps the values", () => {
  // a BEPS DC waveform: 0 -> +10 -> -10 -> 0 V, drawn as if linear it read 0 to -1.6 V
  const values = [0, 5, 10, 5, 0, -5, -10, -5];
  const ax = gridAxis({ label: "DC_Offset", units: "V", values: f64(values), ticks: "index" }, 8);
  assert.equal(ax.physical, false);
  assert.equal(ax.caption, "DC_Offset index");
  assert.deepEqual([ax.a, ax.b], [-0.5, 7.5]);
  assert.equal(ax.at(6), -10); // the readout shows the physical value
  assert.equal(ax.label, "DC_Offset");
  assert.equal(ax.units, "V");
  const labels = axisTicks(ax, 400, 5).map((t) => Number(t.label));
  assert.ok(labels.length >= 3);
  for (const v of labels) assert.ok(Number.isInteger(v) && v >= 0 && v <= 7, `tick ${v}`);
  // the same values without the verdict are drawn on a linear span from first to last
  const linear = gridAxis({ label: "DC_Offset", units: "V", values: f64(values) }, 8);
  assert.equal(linear.caption, "DC_Offset (V)");
});
