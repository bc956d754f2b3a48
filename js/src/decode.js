// Array dicts ({buffer, dtype, shape}) -> typed arrays.
//
// Python sends C-contiguous little-endian buffers (usid_widgets/model/wire.py: array_dict);
// ipywidgets hands them to JS as DataView objects (possibly with a byteOffset into a larger
// buffer).

/**
 * @typedef {Float32Array|Float64Array|Int32Array|Uint8Array|Int8Array|Int16Array|Uint16Array|Uint32Array} NumericArray
 * @typedef {{data: NumericArray, shape: number[]}} Decoded
 * @typedef {{buffer: DataView|ArrayBuffer|ArrayBufferView, dtype: string, shape: number[]}} ArrayDict
 */

/** dtype name -> [typed array constructor, DataView getter name] */
const DTYPES = {
  float32: [Float32Array, "getFloat32"],
  float64: [Float64Array, "getFloat64"],
  int32: [Int32Array, "getInt32"],
  uint8: [Uint8Array, "getUint8"],
  int8: [Int8Array, "getInt8"],
  int16: [Int16Array, "getInt16"],
  uint16: [Uint16Array, "getUint16"],
  uint32: [Uint32Array, "getUint32"],
};

/** The dtypes decode() understands. */
export const SUPPORTED_DTYPES = Object.freeze(Object.keys(DTYPES));

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Bytes of a buffer-like value as [ArrayBuffer, byteOffset, byteLength].
 * @param {any} buffer
 * @returns {[ArrayBufferLike, number, number]}
 */
function bytesOf(buffer) {
  if (buffer instanceof ArrayBuffer) return [buffer, 0, buffer.byteLength];
  if (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer) {
    return [buffer, 0, buffer.byteLength];
  }
  if (ArrayBuffer.isView(buffer)) return [buffer.buffer, buffer.byteOffset, buffer.byteLength];
  throw new TypeError("array dict buffer must be a DataView, ArrayBuffer or typed array");
}

/**
 * Number of elements of a shape (1 for a scalar shape []).
 * @param {number[]} shape
 */
export function sizeOf(shape) {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`bad shape entry ${s}`);
    n *= s;
  }
  return n;
}

/**
 * Decode an array dict into a typed array and its shape.
 * Zero-copy when the host is little-endian and the data is aligned; copies otherwise.
 * @param {ArrayDict} ad
 * @returns {Decoded}
 */
export function decode(ad) {
  if (!ad || typeof ad !== "object") throw new TypeError("not an array dict");
  const spec = DTYPES[ad.dtype];
  if (!spec) throw new TypeError(`unsupported dtype ${JSON.stringify(ad.dtype)}`);
  const [Ctor, getter] = spec;
  const shape = Array.from(ad.shape ?? [], Number);
  const n = sizeOf(shape);
  const [ab, offset, length] = bytesOf(ad.buffer);
  const bpe = Ctor.BYTES_PER_ELEMENT;
  if (length < n * bpe) {
    throw new RangeError(
      `buffer holds ${length} bytes, shape ${JSON.stringify(shape)} of ${ad.dtype} needs ${n * bpe}`,
    );
  }
  if (bpe === 1 || (LITTLE_ENDIAN_HOST && offset % bpe === 0)) {
    return { data: new Ctor(ab, offset, n), shape };
  }
  const view = new DataView(ab, offset, length);
  const data = new Ctor(n);
  for (let i = 0; i < n; i++) data[i] = view[getter](i * bpe, true);
  return { data, shape };
}

/**
 * Decode, or return null for anything that is not a usable array dict.
 * @param {any} ad
 * @returns {Decoded|null}
 */
export function tryDecode(ad) {
  if (!ad || typeof ad !== "object" || ad.buffer == null) return null;
  try {
    return decode(ad);
  } catch {
    return null;
  }
}
