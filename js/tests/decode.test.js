import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, tryDecode, sizeOf, SUPPORTED_DTYPES } from "../src/decode.js";

/** Little-endian bytes of values written with a DataView setter, at an offset in a bigger buffer. */
function le(setter, bpe, values, offset = 0, extra = 0) {
  const ab = new ArrayBuffer(offset + values.length * bpe + extra);
  const dv = new DataView(ab);
  values.forEach((v, i) => dv[setter](offset + i * bpe, v, true));
  return new DataView(ab, offset, values.length * bpe);
}

test("float32 DataView decodes to a Float32Array with the shape", () => {
  const buf = le("setFloat32", 4, [1.5, -2.25, NaN, Infinity, 0, 3e-8]);
  const { data, shape } = decode({ buffer: buf, dtype: "float32", shape: [2, 3] });
  assert.ok(data instanceof Float32Array);
  assert.deepEqual(shape, [2, 3]);
  assert.equal(data.length, 6);
  assert.equal(data[0], 1.5);
  assert.equal(data[1], -2.25);
  assert.ok(Number.isNaN(data[2]));
  assert.equal(data[3], Infinity);
  assert.equal(data[5], Math.fround(3e-8));
});

test("float64, int32 and uint8 decode with their exact values", () => {
  const f64 = decode({ buffer: le("setFloat64", 8, [Math.PI, -1e300]), dtype: "float64", shape: [2] });
  assert.ok(f64.data instanceof Float64Array);
  assert.deepEqual(Array.from(f64.data), [Math.PI, -1e300]);
  const i32 = decode({ buffer: le("setInt32", 4, [-2147483648, 7, 2147483647]), dtype: "int32", shape: [3] });
  assert.ok(i32.data instanceof Int32Array);
  assert.deepEqual(Array.from(i32.data), [-2147483648, 7, 2147483647]);
  const u8 = decode({ buffer: new DataView(new Uint8Array([0, 128, 255]).buffer), dtype: "uint8", shape: [3] });
  assert.ok(u8.data instanceof Uint8Array);
  assert.deepEqual(Array.from(u8.data), [0, 128, 255]);
});

test("bytes are read little-endian (explicit byte pattern)", () => {
  // 1.0 as float32 little-endian is 00 00 80 3f; 258 as int32 LE is 02 01 00 00
  const f = decode({ buffer: new DataView(new Uint8Array([0, 0, 0x80, 0x3f]).buffer), dtype: "float32", shape: [1] });
  assert.equal(f.data[0], 1);
  const i = decode({ buffer: new DataView(new Uint8Array([2, 1, 0, 0]).buffer), dtype: "int32", shape: [1] });
  assert.equal(i.data[0], 258);
});

test("a DataView with an aligned byteOffset into a larger buffer is honoured", () => {
  const buf = le("setFloat32", 4, [10, 20, 30, 40], 8, 12);
  assert.equal(buf.byteOffset, 8);
  const { data } = decode({ buffer: buf, dtype: "float32", shape: [2, 2] });
  assert.deepEqual(Array.from(data), [10, 20, 30, 40]);
});

test("an unaligned byteOffset is copied correctly", () => {
  const buf = le("setFloat64", 8, [1.25, -7.5, 1e-300], 3);
  assert.equal(buf.byteOffset % 8, 3);
  const { data } = decode({ buffer: buf, dtype: "float64", shape: [3] });
  assert.deepEqual(Array.from(data), [1.25, -7.5, 1e-300]);
  const buf32 = le("setInt32", 4, [-5, 6], 1);
  assert.deepEqual(Array.from(decode({ buffer: buf32, dtype: "int32", shape: [2] }).data), [-5, 6]);
});

test("ArrayBuffer and typed-array buffers are accepted too", () => {
  const ab = new Float32Array([1, 2, 3]).buffer;
  assert.deepEqual(Array.from(decode({ buffer: ab, dtype: "float32", shape: [3] }).data), [1, 2, 3]);
  const bytes = new Uint8Array(new Float64Array([4, 5]).buffer);
  assert.deepEqual(Array.from(decode({ buffer: bytes, dtype: "float64", shape: [2] }).data), [4, 5]);
});

test("empty and scalar shapes", () => {
  const empty = decode({ buffer: new DataView(new ArrayBuffer(0)), dtype: "float32", shape: [0, 5] });
  assert.equal(empty.data.length, 0);
  assert.deepEqual(empty.shape, [0, 5]);
  const scalar = decode({ buffer: le("setFloat64", 8, [42]), dtype: "float64", shape: [] });
  assert.deepEqual(Array.from(scalar.data), [42]);
  assert.equal(sizeOf([]), 1);
  assert.equal(sizeOf([3, 4, 5]), 60);
});

test("too short buffers, bad shapes and unknown dtypes are rejected", () => {
  const buf = le("setFloat32", 4, [1, 2, 3]);
  assert.throws(() => decode({ buffer: buf, dtype: "float32", shape: [2, 2] }), RangeError);
  assert.throws(() => decode({ buffer: buf, dtype: "complex64", shape: [1] }), TypeError);
  assert.throws(() => decode({ buffer: buf, dtype: "float32", shape: [-1] }), RangeError);
  assert.throws(() => decode({ buffer: "abc", dtype: "float32", shape: [1] }), TypeError);
  assert.equal(tryDecode(null), null);
  assert.equal(tryDecode({ dtype: "float32", shape: [1] }), null);
  assert.equal(tryDecode({ buffer: buf, dtype: "float32", shape: [9] }), null);
  assert.deepEqual(Array.from(tryDecode({ buffer: buf, dtype: "float32", shape: [3] }).data), [1, 2, 3]);
});

test("the wire dtypes of the architecture are all supported", () => {
  for (const dt of ["float32", "float64", "int32", "uint8"]) assert.ok(SUPPORTED_DTYPES.includes(dt));
});

test("aligned little-endian buffers are viewed, not copied (the paint's one pass reads the received bytes)", () => {
  const buf = le("setFloat32", 4, [1, 2, 3, 4], 16, 8);
  const { data } = decode({ buffer: buf, dtype: "float32", shape: [4] });
  assert.equal(data.buffer, buf.buffer, "same ArrayBuffer");
  assert.equal(data.byteOffset, 16);
  new DataView(buf.buffer).setFloat32(16, 9, true);
  assert.equal(data[0], 9, "a change of the received bytes shows through");
  // unaligned: a copy (typed arrays cannot view it)
  const odd = le("setFloat32", 4, [1, 2], 2);
  assert.notEqual(decode({ buffer: odd, dtype: "float32", shape: [2] }).data.buffer, odd.buffer);
});
