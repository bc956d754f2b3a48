import { test } from "node:test";
import assert from "node:assert/strict";
import { COLORMAP_NAMES, LUT_SIZE, colorAt, cssColor, getLUT, lutIndex } from "../src/colormaps.js";
import { COLORMAP_HEX } from "../src/colormap-data.js";

const rgb = (lut, i) => [lut[4 * i], lut[4 * i + 1], lut[4 * i + 2]];

test("every colormap of the architecture has 256 entries", () => {
  assert.deepEqual([...COLORMAP_NAMES].sort(), ["cividis", "coolwarm", "gray", "inferno", "magma", "plasma", "viridis"]);
  for (const name of COLORMAP_NAMES) {
    assert.equal(COLORMAP_HEX[name].length, 256 * 6, name);
    assert.match(COLORMAP_HEX[name], /^[0-9a-f]+$/);
    const lut = getLUT(name);
    assert.equal(lut.length, LUT_SIZE * 4);
    for (let i = 0; i < LUT_SIZE; i++) assert.equal(lut[4 * i + 3], 255);
  }
});

test("known endpoint colours (matplotlib values)", () => {
  assert.deepEqual(rgb(getLUT("viridis"), 0), [0x44, 0x01, 0x54]);
  assert.deepEqual(rgb(getLUT("viridis"), 255), [0xfd, 0xe7, 0x25]);
  assert.deepEqual(rgb(getLUT("gray"), 0), [0, 0, 0]);
  assert.deepEqual(rgb(getLUT("gray"), 255), [255, 255, 255]);
  assert.deepEqual(rgb(getLUT("gray"), 128), [128, 128, 128]);
  assert.deepEqual(rgb(getLUT("magma"), 0), [0, 0, 4]);
  // coolwarm is diverging: blue end, red end, light middle
  const cw = getLUT("coolwarm");
  const [r0, , b0] = rgb(cw, 0);
  const [r1, , b1] = rgb(cw, 255);
  assert.ok(b0 > r0 && r1 > b1);
  const mid = rgb(cw, 128);
  assert.ok(Math.min(...mid) > 190, `light middle ${mid}`);
});

test("perceptual maps get brighter from one end to the other", () => {
  const lum = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
  for (const name of ["viridis", "magma", "inferno", "plasma", "cividis", "gray"]) {
    const lut = getLUT(name);
    assert.ok(lum(rgb(lut, 255)) > lum(rgb(lut, 128)) && lum(rgb(lut, 128)) > lum(rgb(lut, 0)), name);
  }
});

test("reversal swaps the table end for end", () => {
  for (const name of COLORMAP_NAMES) {
    const lut = getLUT(name);
    const rev = getLUT(name, true);
    for (const i of [0, 1, 77, 128, 254, 255]) assert.deepEqual(rgb(rev, i), rgb(lut, 255 - i), `${name}[${i}]`);
  }
  assert.deepEqual(colorAt(getLUT("viridis", true), 0), [0xfd, 0xe7, 0x25, 255]);
});

test("lookup: endpoints, clipping, bins and NaN", () => {
  assert.equal(lutIndex(0), 0);
  assert.equal(lutIndex(1), 255);
  assert.equal(lutIndex(-0.5), 0);
  assert.equal(lutIndex(7), 255);
  assert.equal(lutIndex(-Infinity), 0);
  assert.equal(lutIndex(Infinity), 255);
  assert.equal(lutIndex(0.5), 128);
  assert.equal(lutIndex(0.999), 255);
  assert.equal(lutIndex(1 / 256 - 1e-12), 0);
  assert.equal(lutIndex(1 / 256), 1);
  assert.equal(lutIndex(NaN), -1);
  const lut = getLUT("viridis");
  assert.deepEqual(colorAt(lut, NaN), [0, 0, 0, 0]);
  assert.deepEqual(colorAt(lut, 0), [0x44, 0x01, 0x54, 255]);
  assert.equal(cssColor(lut, NaN), "transparent");
  assert.equal(cssColor(getLUT("gray"), 1), "rgb(255, 255, 255)");
});

test("unknown names fall back to viridis; tables are cached", () => {
  assert.deepEqual(Array.from(getLUT("no-such-map")), Array.from(getLUT("viridis")));
  assert.equal(getLUT("magma"), getLUT("magma"));
  assert.notEqual(getLUT("magma"), getLUT("magma", true));
});
