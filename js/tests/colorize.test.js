import { test } from "node:test";
import assert from "node:assert/strict";
import { colorize } from "../src/raster.js";
import { getLUT, lutIndex } from "../src/colormaps.js";
import { makeNorm } from "../src/scales.js";

const values = new Float32Array([
  NaN, -Infinity, Infinity, -1e30, -10, -1, -1e-6, 0, 1e-6, 0.5, 1, 2, 9.99, 10, 33.3, 99, 100, 1e30,
  ...Array.from({ length: 500 }, (_, i) => (i - 250) * 0.731),
]);

test("the fast pixel loops give exactly lutIndex(norm.norm(v)) for every scale", () => {
  const lut = getLUT("plasma");
  const lut32 = new Uint32Array(lut.buffer, lut.byteOffset, 256);
  for (const [scale, lo, hi] of [
    ["linear", -3, 57],
    ["log", 0.5, 100],
    ["symlog", -100, 100],
    ["linear", 2, 2],
  ]) {
    const norm = makeNorm(scale, lo, hi);
    const px = new Uint32Array(values.length);
    colorize(values, values.length, norm, lut32, px);
    values.forEach((v, i) => {
      const j = lutIndex(norm.norm(v));
      assert.equal(px[i], j < 0 ? 0 : lut32[j], `${scale} value ${v}`);
    });
  }
});

test("NaN is transparent, and so are non-positive values in log scale", () => {
  const lut = getLUT("gray");
  const lut32 = new Uint32Array(lut.buffer, lut.byteOffset, 256);
  const px = new Uint32Array(4);
  const rgba = (k) => Array.from(new Uint8Array(px.buffer, 4 * k, 4));
  colorize(new Float32Array([NaN, 0, -5, 1000]), 4, makeNorm("log", 1, 1000), lut32, px);
  assert.deepEqual(rgba(0), [0, 0, 0, 0]);
  assert.deepEqual(rgba(1), [0, 0, 0, 0]);
  assert.deepEqual(rgba(2), [0, 0, 0, 0]);
  assert.deepEqual(rgba(3), [255, 255, 255, 255]);
  colorize(new Float32Array([NaN, 0, -5, 1000]), 4, makeNorm("linear", -5, 1000), lut32, px);
  assert.deepEqual(rgba(0), [0, 0, 0, 0]);
  assert.deepEqual(rgba(2), [0, 0, 0, 255]);
  assert.deepEqual(rgba(3), [255, 255, 255, 255]);
});
