import { test } from "node:test";
import assert from "node:assert/strict";
import { pointAxis } from "../src/axes.js";
import { getLUT, lutIndex } from "../src/colormaps.js";
import { MAX_CIRCLES, createRaster, drawPoints, pointBuckets } from "../src/raster.js";
import { makeNorm } from "../src/scales.js";

/** A 2-D context that records what is drawn: fill / stroke calls with the shapes of the path. */
function recordingContext() {
  const ops = [];
  let path = [];
  const ctx = {
    fillStyle: "",
    strokeStyle: "",
    lineWidth: 1,
    beginPath: () => (path = []),
    moveTo: () => {},
    arc: (x, y, r) => path.push(["arc", x, y, r]),
    rect: (x, y, w, h) => path.push(["rect", x, y, w, h]),
    fill: () => ops.push({ op: "fill", style: ctx.fillStyle, path }),
    stroke: () => ops.push({ op: "stroke", style: ctx.strokeStyle, path }),
  };
  return { ctx, ops };
}

function cloud(values, x, y) {
  const frame = { id: 1, mode: "points", n: values.length, x: new Float64Array(x), y: new Float64Array(y) };
  frame.data = new Float32Array(values);
  return { frame, xa: pointAxis({}, frame.x), ya: pointAxis({}, frame.y), w: 100, h: 100 };
}

test("point buckets group indices by LUT entry, in index order; uncoloured points apart", () => {
  const norm = makeNorm("log", 1, 100);
  const { buckets, none } = pointBuckets(new Float32Array([1, 100, 0, 1, NaN, 10, -3]), 7, norm);
  assert.deepEqual(buckets[0], [0, 3]);
  assert.deepEqual(buckets[255], [1]);
  assert.deepEqual(buckets[lutIndex(norm.norm(10))], [5]);
  assert.deepEqual(none, [2, 4, 6]);
  assert.equal(buckets.reduce((s, b) => s + b.length, 0), 4);
});

test("points are filled in their colour, one path per colour; NaN points are hollow grey rings", () => {
  const lut = getLUT("gray");
  const geo = cloud([0, 1, NaN, 1], [0, 1, 2, 3], [0, 1, 2, Infinity]);
  const { ctx, ops } = recordingContext();
  drawPoints(ctx, geo, makeNorm("linear", 0, 1), lut);
  assert.deepEqual(
    ops.map((o) => [o.op, o.style, o.path.length]),
    [
      ["fill", "rgb(0, 0, 0)", 1],
      ["fill", "rgb(255, 255, 255)", 1], // point 3 has no finite screen position
      ["stroke", "rgba(128, 128, 128, 0.8)", 1],
    ],
  );
  const [kind, x, y, r] = ops[2].path[0];
  assert.equal(kind, "arc");
  assert.equal(r, 7);
  assert.ok(Math.abs(x - geo.xa.frac(2) * 100) < 1e-9 && Math.abs(y - geo.ya.frac(2) * 100) < 1e-9);
});

test("large clouds are drawn as squares", () => {
  const n = MAX_CIRCLES + 1;
  const idx = Array.from({ length: n }, (_, i) => i);
  const geo = cloud(idx.map(() => 0.5), idx, idx);
  const { ctx, ops } = recordingContext();
  drawPoints(ctx, geo, makeNorm("linear", 0, 1), getLUT("viridis"));
  assert.equal(ops[0].op, "fill");
  assert.equal(ops[0].path.length, n);
  assert.ok(ops[0].path.every((s) => s[0] === "rect"));
});

/** A canvas whose 2-D context records createImageData / putImageData (ImageData as plain objects). */
function recordingCanvas() {
  const made = [];
  const put = [];
  const ctx = {
    createImageData: (w, h) => {
      const img = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) };
      made.push(img);
      return img;
    },
    putImageData: (img) => put.push({ img, bytes: Uint8Array.from(img.data) }),
  };
  const canvas = { width: 1, height: 1, classList: { add() {}, remove() {} }, getContext: () => ctx };
  return { canvas, made, put };
}

/** The colour of each value by the rule of the golden tables (lutIndex of norm.norm), RGBA bytes. */
function referenceBytes(values, norm, lut) {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => {
    const j = lutIndex(norm.norm(v));
    if (j >= 0) out.set(lut.subarray(4 * j, 4 * j + 4), 4 * i);
  });
  return out;
}

test("grid frames are colour-mapped straight into one ImageData, reused while the shape holds", () => {
  const { canvas, made, put } = recordingCanvas();
  const raster = createRaster(canvas);
  const lut = getLUT("magma");
  const rnd = (() => {
    let s = 9;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  })();
  const frameOf = (id, rows, cols) => {
    const data = new Float32Array(rows * cols).map(() => (rnd() < 0.1 ? NaN : rnd() * 10 - 2));
    return { id, mode: "grid", rows, cols, data };
  };
  for (const scale of ["linear", "log", "symlog"]) {
    const norm = makeNorm(scale, 0.5, 7);
    const frames = [frameOf(1, 3, 5), frameOf(2, 3, 5), frameOf(3, 4, 2)];
    const before = made.length;
    for (const f of frames) {
      raster.grid(f, norm, lut);
      assert.deepEqual(put.at(-1).bytes, referenceBytes(Array.from(f.data), norm, lut), `${scale} frame ${f.id}`);
    }
    // one ImageData for the two 3 x 5 frames (the previous scale ended on 4 x 2), a new one for 4 x 2
    assert.equal(made.length - before, 2, scale);
    const [a, b, c] = put.slice(-3).map((p) => p.img);
    assert.equal(a, b, `${scale}: the same ImageData for frames of the same shape`);
    assert.notEqual(b, c);
    assert.deepEqual([c.width, c.height], [2, 4]);
  }
  assert.equal(canvas.width, 2);
  assert.equal(canvas.height, 4);
});
