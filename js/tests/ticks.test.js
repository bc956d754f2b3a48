import { test } from "node:test";
import assert from "node:assert/strict";
import {
  decimalsForStep,
  formatTicks,
  formatValue,
  linearTicks,
  logTickValues,
  niceStep,
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

test("tiny ranges use SI prefixes", () => {
  assert.deepEqual(labels("linear", 1e-9, 5e-9), ["1n", "2n", "3n", "4n", "5n"]);
  assert.deepEqual(labels("linear", 0, 2e-6), ["0", "0.5µ", "1µ", "1.5µ", "2µ"]);
  assert.deepEqual(labels("linear", 3e-30, 5e-30), ["3e-30", "3.5e-30", "4e-30", "4.5e-30", "5e-30"]);
});

test("huge ranges use SI prefixes, then exponents", () => {
  assert.deepEqual(labels("linear", 0, 3e9), ["0", "0.5G", "1G", "1.5G", "2G", "2.5G", "3G"]);
  assert.deepEqual(labels("linear", 0, 250000), ["0", "50k", "100k", "150k", "200k", "250k"]);
  assert.deepEqual(labels("linear", 0, 1e30), ["0", "2e29", "4e29", "6e29", "8e29", "1e30"]);
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
  assert.deepEqual(labels("log", 1e-12, 1e-3), ["1p", "100p", "10n", "1µ", "100µ"]);
  assert.deepEqual(labels("log", 1e3, 1e9), ["1k", "10k", "100k", "1M", "10M", "100M", "1G"]);
  assert.deepEqual(labels("log", 1e-6, 1e6, { count: 3 }), ["1µ", "1m", "1", "1k", "1M"]);
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
  assert.equal(formatValue(123456), "1.235e5");
  assert.equal(formatValue(1.5e-9), "1.5e-9");
  assert.equal(formatValue(1.5e-9, 4, true), "1.5n");
  assert.equal(formatValue(-2.5e12, 3, true), "-2.5T");
  assert.equal(formatValue(0), "0");
  assert.equal(formatValue(NaN), "NaN");
  assert.equal(formatValue(Infinity), "inf");
  assert.equal(formatValue(-Infinity), "-inf");
});

test("label with units", () => {
  assert.equal(withUnits("Bias", "V"), "Bias (V)");
  assert.equal(withUnits("Height", ""), "Height");
  assert.equal(withUnits("", "nm"), "(nm)");
  assert.equal(withUnits(undefined, undefined), "");
});
