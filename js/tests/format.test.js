import { test } from "node:test";
import assert from "node:assert/strict";
import {
  displayUnit,
  displayUnitOf,
  formatIn,
  formatNumber,
  formatQuantity,
  niceTicks,
  parseUnit,
  tickLabels,
  toDisplay,
  unitTicks,
} from "../src/format.js";

test("units: known SI base units with at most one prefix; anything else is not prefixable", () => {
  assert.deepEqual(parseUnit("m"), { prefix: "", base: "m", power: 0 });
  assert.deepEqual(parseUnit("nm"), { prefix: "n", base: "m", power: -9 });
  assert.deepEqual(parseUnit("um"), { prefix: "u", base: "m", power: -6 });
  assert.deepEqual(parseUnit("µm"), { prefix: "µ", base: "m", power: -6 });
  assert.deepEqual(parseUnit("kHz"), { prefix: "k", base: "Hz", power: 3 });
  assert.deepEqual(parseUnit("mV"), { prefix: "m", base: "V", power: -3 });
  assert.deepEqual(parseUnit("Pa"), { prefix: "", base: "Pa", power: 0 }); // not peta-"a"
  assert.deepEqual(parseUnit("mm"), { prefix: "m", base: "m", power: -3 });
  for (const u of ["a.u.", "counts", "deg", "°", "%", "", "m/s", "nnm", "kilometre"]) {
    assert.equal(parseUnit(u), null, u);
  }
});

test("a set of values: one display unit, largest magnitude in [1, 1000)", () => {
  assert.deepEqual(displayUnit("m", 2.5e-6), { unit: "µm", shift: 6 });
  assert.deepEqual(displayUnit("nm", 5000), { unit: "µm", shift: -3 });
  assert.deepEqual(displayUnit("nm", 999), { unit: "nm", shift: 0 });
  assert.deepEqual(displayUnit("um", 0.5), { unit: "nm", shift: 3 });
  assert.deepEqual(displayUnit("a.u.", 3e-5), { unit: "a.u.", shift: 0 });
  assert.deepEqual(displayUnit("V", 0), { unit: "V", shift: 0 });
  assert.deepEqual(displayUnitOf("m", [NaN, -3e-9, 1e-9, Infinity]), { unit: "nm", shift: 9 });
  assert.equal(toDisplay(5e-7, displayUnit("m", 1e-6)), 0.5);
  // a slider's range: one unit for all of it
  const du = displayUnitOf("m", [0, 2.808e-9, 5.743e-6]);
  assert.equal(formatIn(2.808e-9, du), "0.002808 µm");
  assert.equal(formatIn(5.743e-6, du), "5.743 µm");
  assert.equal(formatIn(NaN, du), "NaN");
});

test("single values: the prefix that suits each, 4 significant digits", () => {
  assert.equal(formatQuantity(5e-7, "m"), "500 nm");
  assert.equal(formatQuantity(2.5e-6, "m"), "2.5 µm");
  assert.equal(formatQuantity(3.4e5, "Hz"), "340 kHz");
  assert.equal(formatQuantity(-1.23e-11, "m"), "-12.3 pm");
  assert.equal(formatQuantity(0, "V"), "0 V");
  assert.equal(formatQuantity(-0, "V"), "0 V");
  assert.equal(formatQuantity(5.7434e-6, "m"), "5.743 µm");
  // units that already carry a prefix: never a second one
  assert.equal(formatQuantity(5743, "nm"), "5.743 µm");
  assert.equal(formatQuantity(0.5, "µm"), "500 nm");
  assert.equal(formatQuantity(340, "kHz"), "340 kHz");
  assert.equal(formatQuantity(1500, "pm"), "1.5 nm");
  assert.equal(formatQuantity(-0.012, "mV"), "-12 µV");
  assert.equal(formatQuantity(999.96e-9, "m"), "1 µm"); // not "1000 nm"
  // unknown units and no unit: plain numbers, exponents when very small or large
  assert.equal(formatQuantity(3.404e-5, "a.u."), "3.404e-5 a.u.");
  assert.equal(formatQuantity(12.5, "°"), "12.5 °");
  assert.equal(formatQuantity(1.2e7, ""), "1.2e+7");
  assert.equal(formatQuantity(NaN, "V"), "NaN");
  assert.equal(formatQuantity(Infinity, "m"), "∞");
  assert.equal(formatQuantity(-Infinity, "m"), "-∞");
});

test("plain numbers: decimals in [1e-3, 1e5), exponents outside", () => {
  assert.equal(formatNumber(12.3456), "12.35");
  assert.equal(formatNumber(-0.00123), "-0.00123");
  assert.equal(formatNumber(12345.6), "12346");
  assert.equal(formatNumber(99999.4), "99999");
  assert.equal(formatNumber(123456), "1.235e+5");
  assert.equal(formatNumber(3.404e-5), "3.404e-5");
  assert.equal(formatNumber(-1.5e-9), "-1.5e-9");
  assert.equal(formatNumber(0.30000000000000004), "0.3");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(NaN), "NaN");
});

test("ticks: d3-array's round values, labels with the fewest decimals, no SI suffix", () => {
  assert.deepEqual(niceTicks(0, 0.9).values, [0, 0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(5, 1).values, [1, 2, 3, 4, 5]);
  assert.deepEqual(niceTicks(NaN, 1).values, []);
  assert.deepEqual(tickLabels([0, 0.5, 1, 1.5], 0.5), ["0", "0.5", "1", "1.5"]);
  assert.deepEqual(tickLabels([-1e-17, 0.5], 0.5), ["0", "0.5"]);
  assert.deepEqual(tickLabels([1e-9, 1.5e-9], 5e-10), ["1e-9", "1.5e-9"]);
  const um = unitTicks(0, 1.5e-6, "m");
  assert.equal(um.unit, "µm");
  assert.deepEqual(um.ticks.map((t) => t.label), ["0", "0.2", "0.4", "0.6", "0.8", "1", "1.2", "1.4"]);
  for (const t of um.ticks) assert.ok(!/[a-zµ]$/.test(t.label), t.label);
  const hz = unitTicks(336.9e3, 342.7e3, "Hz");
  assert.equal(hz.unit, "kHz");
  assert.deepEqual(hz.ticks.map((t) => t.label), ["337", "338", "339", "340", "341", "342"]);
  assert.deepEqual(unitTicks(-2, 2, "counts").ticks.map((t) => t.label), ["-2", "-1", "0", "1", "2"]);
});
