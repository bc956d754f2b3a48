import { test } from "node:test";
import assert from "node:assert/strict";
import { pointAxis } from "../src/axes.js";
import { getLUT, lutIndex } from "../src/colormaps.js";
import { MAX_CIRCLES, drawPoints, pointBuckets } from "../src/raster.js";
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
