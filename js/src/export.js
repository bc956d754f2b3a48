// Files of the data on screen, written in the browser: NPY (format 1.0) and CSV. Pure: bytes
// and text in, bytes and text out (the download itself is in export-menu.js).
//
// The kernel sends an array as it holds it (its own dtype, little-endian, C order) with
// numpy's dtype string (`descr`, e.g. "<f8", "|u1"): the NPY file is those bytes behind a
// header, and the CSV writes each value as the shortest text that reads back to it.

/** numpy's dtype string -> [typed array constructor, bytes per value]. */
const DESCRS = {
  "<f4": [Float32Array, 4],
  "<f8": [Float64Array, 8],
  "|i1": [Int8Array, 1],
  "<i2": [Int16Array, 2],
  "<i4": [Int32Array, 4],
  "<i8": [BigInt64Array, 8],
  "|u1": [Uint8Array, 1],
  "<u2": [Uint16Array, 2],
  "<u4": [Uint32Array, 4],
  "<u8": [BigUint64Array, 8],
  "|b1": [Uint8Array, 1],
};

/** The dtype strings the writers take. */
export const EXPORT_DESCRS = Object.freeze(Object.keys(DESCRS));

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The bytes of a buffer-like value (a DataView from the kernel, an ArrayBuffer, a typed array).
 * @param {ArrayBuffer|ArrayBufferView} buffer
 * @returns {Uint8Array}
 */
export function bytesOf(buffer) {
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Uint8Array(buffer);
}

/**
 * The values of `bytes` read as `descr` (a copy: aligned whatever the offset).
 * @param {ArrayBuffer|ArrayBufferView} buffer
 * @param {string} descr
 */
export function valuesOf(buffer, descr) {
  const spec = DESCRS[descr];
  if (!spec) throw new TypeError(`no writer for dtype ${descr}; known: ${EXPORT_DESCRS.join(", ")}`);
  if (!LITTLE_ENDIAN_HOST && spec[1] > 1) throw new Error("a big-endian browser cannot read little-endian data");
  const bytes = bytesOf(buffer).slice();
  if (bytes.byteLength % spec[1]) throw new RangeError(`${bytes.byteLength} bytes are no whole ${descr} values`);
  return new spec[0](bytes.buffer);
}

/**
 * The numpy dtype string of a typed array (the browser's own arrays).
 * @param {ArrayBufferView} typed
 */
export function descrOf(typed) {
  for (const [descr, [ctor]] of Object.entries(DESCRS)) {
    if (descr !== "|b1" && typed instanceof ctor) return descr;
  }
  throw new TypeError(`no dtype string for ${typed?.constructor?.name}`);
}

/**
 * The header of an NPY file, format 1.0: magic, version, header length (uint16 LE), then the
 * dict `{'descr': ..., 'fortran_order': False, 'shape': (...), }` padded with spaces and
 * ending in a newline so that the data starts at a multiple of 64 bytes (as numpy writes it).
 * @param {string} descr
 * @param {number[]} shape
 */
export function npyHeader(descr, shape) {
  const dims = shape.map((n) => String(n));
  const tuple = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const unpadded = 10 + dict.length + 1;
  const total = Math.ceil(unpadded / 64) * 64;
  if (total - 10 > 0xffff) throw new RangeError("an NPY 1.0 header is at most 65535 bytes");
  const text = dict + " ".repeat(total - unpadded) + "\n";
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  out[8] = (total - 10) & 0xff;
  out[9] = (total - 10) >> 8;
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/**
 * An NPY file of C-ordered little-endian `data` of dtype `descr` and `shape`.
 * @param {ArrayBuffer|ArrayBufferView} data
 * @param {string} descr
 * @param {number[]} shape
 */
export function npyFile(data, descr, shape) {
  const spec = DESCRS[descr];
  if (!spec) throw new TypeError(`no writer for dtype ${descr}; known: ${EXPORT_DESCRS.join(", ")}`);
  const bytes = bytesOf(data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== count * spec[1]) {
    throw new RangeError(`${bytes.byteLength} bytes for shape [${shape}] of ${descr}`);
  }
  const head = npyHeader(descr, shape);
  const out = new Uint8Array(head.length + bytes.byteLength);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

/**
 * A value as CSV text: the shortest text that reads back to the same value of its dtype
 * (a float32 as float32: "0.1", not "0.10000000149011612"); "nan", "inf", "-inf" as numpy
 * writes and reads them; a boolean as 0 / 1.
 * @param {number|bigint} v
 * @param {string} descr
 */
export function csvNumber(v, descr) {
  if (typeof v === "bigint") return v.toString();
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (descr === "<f4") {
    for (let p = 1; p < 10; p++) {
      const text = v.toPrecision(p);
      if (Math.fround(Number(text)) === v) return String(Number(text));
    }
  }
  return String(v);
}

/**
 * A CSV cell of text: quoted when it holds a comma, a quote or a line break.
 * @param {string} text
 */
export function csvText(text) {
  const s = String(text);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Comment lines: "# " before each line of each note (numpy's loadtxt and pandas' `comment="#"`
 * skip them).
 * @param {string[]} notes
 */
function comments(notes) {
  return notes.flatMap((n) => String(n).split(/\r?\n/)).map((line) => `# ${line}\n`).join("");
}

/**
 * An image as CSV: the comment lines `notes`, then one line per row of comma-separated values
 * (`numpy.loadtxt(path, delimiter=",")` reads it back).
 * @param {ArrayBuffer|ArrayBufferView} data C order
 * @param {string} descr
 * @param {number[]} shape [rows, columns]
 * @param {string[]} notes
 */
export function imageCsv(data, descr, shape, notes = []) {
  const values = valuesOf(data, descr);
  const [rows, cols] = shape;
  if (values.length !== rows * cols) throw new RangeError(`${values.length} values for shape [${shape}]`);
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const cells = new Array(cols);
    for (let c = 0; c < cols; c++) cells[c] = csvNumber(values[r * cols + c], descr);
    lines.push(cells.join(","));
  }
  return comments(notes) + lines.join("\n") + "\n";
}

/**
 * Lines against a shared x as CSV: the comment lines `notes`, a header line naming each
 * column with its unit ("Frequency (Hz),Amplitude (nm)"), then one line per step.
 * @param {{label: string, data: ArrayBuffer|ArrayBufferView, descr: string}[]} columns the x first
 * @param {string[]} notes
 */
export function linesCsv(columns, notes = []) {
  const values = columns.map((c) => valuesOf(c.data, c.descr));
  const n = values.length ? values[0].length : 0;
  for (const [i, v] of values.entries()) {
    if (v.length !== n) throw new RangeError(`column ${columns[i].label} has ${v.length} values, not ${n}`);
  }
  const lines = [columns.map((c) => csvText(c.label)).join(",")];
  for (let i = 0; i < n; i++) lines.push(values.map((v, j) => csvNumber(v[i], columns[j].descr)).join(","));
  return comments(notes) + lines.join("\n") + "\n";
}
