import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decimalsForStep,
  formatTicks,
  formatValue,
  linearTicks,
  logTickValues,
  niceStep,
  scaleTicks,
  symlogTickValues,
  ticks,
  withUnits,
} from "../src/ticks.js";

const labels = (scale, lo, hi, opts) => ticks(scale, lo, hi, opts).map((t) => t.label);
const values = (scale, lo, hi, opts) => ticks(scale, lo, hi, opts).map((t) => t.value);

test("nice steps are 1, 2 or 5 times a power of ten", () => {
  assert.equal(niceStep(1, 5), 0.2);
  assert.equal(niceStep(97, 5), 20);
  assert.equal(niceStep(10, 5), 2);
  assert.equal(niceStep(10, 10), 1);
  assert.equal(niceStep(0.003, 5), 0.0005);
  assert.equal(niceStep(7e9, 5), 1e9);
  assert.ok(Number.isNaN(niceStep(0)));
  assert.ok(Number.isNaN(niceStep(Infinity)));
});

test("linear ticks: inside the range, evenly spaced, no float noise", () => {
  assert.deepEqual(linearTicks(0, 1).values, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearTicks(0, 97).values, [0, 20, 40, 60, 80]);
  assert.deepEqual(linearTicks(-0.3, 0.3).values, [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  assert.deepEqual(linearTicks(0.1, 0.7, 6).values, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  // reversed ranges (e.g. an axis whose values decrease) give the same ascending ticks
  assert.deepEqual(linearTicks(97, 0).values, [0, 20, 40, 60, 80]);
  assert.deepEqual(linearTicks(2, 2).values, [2]);
  assert.deepEqual(linearTicks(NaN, 2).values, []);
  for (const v of linearTicks(-1e-6, 3.3e-6).values) assert.ok(v >= -1e-6 && v <= 3.3e-6);
});

test("negative ranges", () => {
  assert.deepEqual(labels("linear", -5, 5), ["-4", "-2", "0", "2", "4"]);
  assert.deepEqual(labels("linear", -1234, -1200), ["-1230", "-1225", "-1220", "-1215", "-1210", "-1205", "-1200"]);
  assert.deepEqual(labels("linear", -0.003, -0.001), ["-0.003", "-0.0025", "-0.002", "-0.0015", "-0.001"]);
});

test("labels: decimals follow the step, trailing zeros trimmed, no -0", () => {
  assert.deepEqual(labels("linear", 0, 1), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
  assert.deepEqual(labels("linear", 0, 2.5), ["0", "0.5", "1", "1.5", "2", "2.5"]);
  assert.deepEqual(formatTicks([-0.0000001, 0.5], 0.5), ["0", "0.5"]);
  assert.equal(decimalsForStep(0.05), 2);
  assert.equal(decimalsForStep(20), 0);
});

test("ticks never carry an SI suffix: tiny and huge ranges without unit use exponents", () => {
  assert.deepEqual(labels("linear", 1e-9, 5e-9), ["1e-9", "2e-9", "3e-9", "4e-9", "5e-9"]);
  assert.deepEqual(labels("linear", 0, 2e-6), ["0", "5e-7", "1e-6", "1.5e-6", "2e-6"]);
  assert.deepEqual(labels("linear", 3e-30, 5e-30), ["3e-30", "3.5e-30", "4e-30", "4.5e-30", "5e-30"]);
  assert.deepEqual(labels("linear", 0, 3e9), ["0", "5e+8", "1e+9", "1.5e+9", "2e+9", "2.5e+9", "3e+9"]);
  assert.deepEqual(labels("linear", 0, 1e30), ["0", "2e+29", "4e+29", "6e+29", "8e+29", "1e+30"]);
  // up to 1e5 plain numbers
  assert.deepEqual(labels("linear", 0, 25000), ["0", "5000", "10000", "15000", "20000", "25000"]);
});

test("ticks of a unit: the prefix goes to the display unit, the labels are plain", () => {
  const shown = scaleTicks("linear", 0, 2e-6, "m");
  assert.equal(shown.unit, "µm");
  assert.deepEqual(shown.ticks.map((t) => t.label), ["0", "0.5", "1", "1.5", "2"]);
  assert.deepEqual(shown.ticks.map((t) => t.value), [0, 5e-7, 1e-6, 1.5e-6, 2e-6]);
  // nanometres up to 5000: micrometres 0..5, never "5k" on "(nm)"
  const nm = scaleTicks("linear", 0, 5000, "nm");
  assert.equal(nm.unit, "µm");
  assert.deepEqual(nm.ticks.map((t) => t.label), ["0", "1", "2", "3", "4", "5"]);
  assert.deepEqual(nm.ticks.map((t) => t.value), [0, 1000, 2000, 3000, 4000, 5000]);
  const khz = scaleTicks("linear", 250, 400, "kHz");
  assert.equal(khz.unit, "kHz");
  // unknown units keep the numbers as they are
  const au = scaleTicks("linear", 0, 3e-5, "a.u.");
  assert.equal(au.unit, "a.u.");
  assert.equal(au.ticks.at(-1).label, "3e-5");
  // log colorbar of values in metres
  const log = scaleTicks("log", 1e-12, 1e-9, "m");
  assert.equal(log.unit, "nm");
  assert.deepEqual(log.ticks.map((t) => t.label), ["0.001", "0.01", "0.1", "1"]);
});

test("a small range far from zero keeps enough digits to tell ticks apart", () => {
  const l = labels("linear", 1000.001, 1000.002);
  assert.equal(new Set(l).size, l.length);
  assert.equal(l[0], "1000.001");
  assert.equal(l[l.length - 1], "1000.002");
});

test("log ticks: decades, 1-2-5 within few decades, thinned over many", () => {
  assert.deepEqual(values("log", 1, 1000), [1, 10, 100, 1000]);
  assert.deepEqual(labels("log", 1, 1000), ["1", "10", "100", "1000"]);
  assert.deepEqual(values("log", 0.5, 20), [0.5, 1, 2, 5, 10, 20]);
  assert.deepEqual(labels("log", 1e-12, 1e-3), ["1e-12", "1e-10", "1e-8", "1e-6", "1e-4"]);
  assert.deepEqual(labels("log", 1e3, 1e9), ["1000", "10000", "1e+5", "1e+6", "1e+7", "1e+8", "1e+9"]);
  assert.deepEqual(logTickValues(1e-20, 1e20), [1e-20, 1e-10, 1, 1e10, 1e20]);
  // below a decade: linear ticks
  assert.deepEqual(logTickValues(2, 8), [2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(logTickValues(-1, 10), []);
});

test("symlog ticks: zero and signed decades, symmetric", () => {
  assert.deepEqual(values("symlog", -1000, 1000, { constant: 1 }), [-1000, -10, 0, 10, 1000]);
  const v = symlogTickValues(-1e4, 1e4, 10, 8);
  assert.ok(v.includes(0));
  assert.deepEqual(v.filter((x) => x > 0), v.filter((x) => x < 0).map((x) => -x).reverse());
  assert.deepEqual(labels("symlog", 0, 500, { constant: 0.5 }), ["0", "10", "100"]);
  // too narrow for decades: linear ticks
  assert.deepEqual(symlogTickValues(2, 3, 1, 5), linearTicks(2, 3, 5).values);
});

test("single values for readouts", () => {
  assert.equal(formatValue(1.25), "1.25");
  assert.equal(formatValue(3), "3");
  assert.equal(formatValue(12.3456), "12.35");
  assert.equal(formatValue(-0.00123), "-0.00123");
  assert.equal(formatValue(12345.6), "12346");
  assert.equal(formatValue(123456), "1.235e+5");
  assert.equal(formatValue(1.5e-9), "1.5e-9");
  assert.equal(formatValue(1.5e-9, 4, "m"), "1.5 nm");
  assert.equal(formatValue(-2.5e12, 3, "Hz"), "-2.5 THz");
  assert.equal(formatValue(1.5e-9, 4, true), "1.5e-9"); // the former `si` flag: no unit
  assert.equal(formatValue(0), "0");
  assert.equal(formatValue(-0), "0");
  assert.equal(formatValue(NaN), "NaN");
  assert.equal(formatValue(Infinity), "∞");
  assert.equal(formatValue(-Infinity), "-∞");
});

test("label with units", () => {
  assert.equal(withUnits("Bias", "V"), "Bias (V)");
  assert.equal(withUnits("Height", ""), "Height");
  assert.equal(withUnits("", "nm"), "(nm)");
  assert.equal(withUnits(undefined, undefined), "");
});
