import { test } from "node:test";
import assert from "node:assert/strict";
import { limitText } from "../src/toolbar.js";

test("limits in the Minimum/Maximum inputs: 6 significant digits, empty when not finite", () => {
  assert.equal(limitText(17.40951786994934), "17.4095");
  assert.equal(limitText(118.03855159759526), "118.039");
  assert.equal(limitText(30), "30");
  assert.equal(limitText(-0.000123456789), "-0.000123457");
  assert.equal(limitText(1.5e-12), "1.5e-12");
  assert.equal(limitText(123456789), "123457000");
  assert.equal(limitText(NaN), "");
  assert.equal(limitText(Infinity), "");
});
