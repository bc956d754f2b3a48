import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAxis, pointAxis } from "../src/heatmap.js";

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
