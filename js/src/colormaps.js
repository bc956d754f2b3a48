// Colormap lookup tables and colour lookup.

import { COLORMAP_HEX } from "./colormap-data.js";

/** Names accepted by the `colormap` trait, in menu order. */
export const COLORMAP_NAMES = Object.freeze([
  "viridis",
  "magma",
  "inferno",
  "plasma",
  "cividis",
  "gray",
  "coolwarm",
]);

/** Number of entries of every LUT. */
export const LUT_SIZE = 256;

/** @type {Map<string, Uint8ClampedArray>} */
const cache = new Map();

/**
 * RGBA lookup table (256 x 4 bytes, alpha 255) of a colormap.
 * Unknown names fall back to viridis.
 * @param {string} name
 * @param {boolean} [reverse]
 * @returns {Uint8ClampedArray}
 */
export function getLUT(name, reverse = false) {
  const key = (COLORMAP_HEX[name] ? name : "viridis") + (reverse ? "_r" : "");
  let lut = cache.get(key);
  if (lut) return lut;
  const hex = COLORMAP_HEX[key.replace(/_r$/, "")];
  lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const j = reverse ? LUT_SIZE - 1 - i : i;
    lut[4 * i] = parseInt(hex.substr(6 * j, 2), 16);
    lut[4 * i + 1] = parseInt(hex.substr(6 * j + 2, 2), 16);
    lut[4 * i + 2] = parseInt(hex.substr(6 * j + 4, 2), 16);
    lut[4 * i + 3] = 255;
  }
  cache.set(key, lut);
  return lut;
}

/**
 * LUT index of a normalised value t (0 -> first entry, 1 -> last entry, clipped outside),
 * or -1 for NaN (no colour: drawn transparent).
 * @param {number} t
 */
export function lutIndex(t) {
  if (Number.isNaN(t)) return -1;
  if (t <= 0) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  const i = Math.floor(t * LUT_SIZE);
  return i >= LUT_SIZE ? LUT_SIZE - 1 : i;
}

/**
 * Colour of a normalised value: [r, g, b, a]; NaN gives transparent [0, 0, 0, 0].
 * @param {Uint8ClampedArray} lut
 * @param {number} t
 * @returns {[number, number, number, number]}
 */
export function colorAt(lut, t) {
  const i = lutIndex(t);
  if (i < 0) return [0, 0, 0, 0];
  return [lut[4 * i], lut[4 * i + 1], lut[4 * i + 2], lut[4 * i + 3]];
}

/**
 * CSS colour string of a normalised value ("transparent" for NaN).
 * @param {Uint8ClampedArray} lut
 * @param {number} t
 */
export function cssColor(lut, t) {
  const [r, g, b, a] = colorAt(lut, t);
  return a === 0 ? "transparent" : `rgb(${r}, ${g}, ${b})`;
}
