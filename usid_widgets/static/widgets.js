// src/decode.js
var DTYPES = {
  float32: [Float32Array, "getFloat32"],
  float64: [Float64Array, "getFloat64"],
  int32: [Int32Array, "getInt32"],
  uint8: [Uint8Array, "getUint8"],
  int8: [Int8Array, "getInt8"],
  int16: [Int16Array, "getInt16"],
  uint16: [Uint16Array, "getUint16"],
  uint32: [Uint32Array, "getUint32"]
};
var SUPPORTED_DTYPES = Object.freeze(Object.keys(DTYPES));
var LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function bytesOf(buffer) {
  if (buffer instanceof ArrayBuffer) return [buffer, 0, buffer.byteLength];
  if (typeof SharedArrayBuffer !== "undefined" && buffer instanceof SharedArrayBuffer) {
    return [buffer, 0, buffer.byteLength];
  }
  if (ArrayBuffer.isView(buffer)) return [buffer.buffer, buffer.byteOffset, buffer.byteLength];
  throw new TypeError("array dict buffer must be a DataView, ArrayBuffer or typed array");
}
function sizeOf(shape) {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`bad shape entry ${s}`);
    n *= s;
  }
  return n;
}
function decode(ad) {
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
      `buffer holds ${length} bytes, shape ${JSON.stringify(shape)} of ${ad.dtype} needs ${n * bpe}`
    );
  }
  if (bpe === 1 || LITTLE_ENDIAN_HOST && offset % bpe === 0) {
    return { data: new Ctor(ab, offset, n), shape };
  }
  const view = new DataView(ab, offset, length);
  const data = new Ctor(n);
  for (let i = 0; i < n; i++) data[i] = view[getter](i * bpe, true);
  return { data, shape };
}
function tryDecode(ad) {
  if (!ad || typeof ad !== "object" || ad.buffer == null) return null;
  try {
    return decode(ad);
  } catch {
    return null;
  }
}

// src/dom.js
var SVG_NS = "http://www.w3.org/2000/svg";
function setAttrs(node, attrs = {}) {
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value == null ? "" : String(value);
    else if (key === "class") node.setAttribute("class", String(value));
    else if (key === "style") node.style.cssText = String(value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(
        key.slice(2),
        /** @type {EventListener} */
        value
      );
    } else if (value === null || value === void 0 || value === false) node.removeAttribute(key);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  return node;
}
function h(tag, attrs, children = []) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function svg(tag, attrs, children = []) {
  const node = (
    /** @type {SVGElement} */
    document.createElementNS(SVG_NS, tag)
  );
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function append(node, children) {
  for (const c of children) {
    if (c === null || c === void 0 || c === false) continue;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}
function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}
function truncate(text, max = 60) {
  text = String(text ?? "");
  if (text.length <= max) return text;
  return text.slice(0, Math.max(1, max - 1)) + "…";
}
function setText(node, text, max = 60) {
  text = String(text ?? "");
  const shown = truncate(text, max);
  node.textContent = shown;
  if (shown !== text) node.setAttribute("title", text);
  else node.removeAttribute("title");
  return node;
}
var Disposer = class {
  constructor() {
    this.fns = [];
    this.disposed = false;
  }
  /** @param {() => void} fn */
  add(fn) {
    if (this.disposed) fn();
    else this.fns.push(fn);
    return fn;
  }
  /**
   * addEventListener with removal on dispose.
   * @param {EventTarget} target
   * @param {string} type
   * @param {EventListenerOrEventListenerObject} fn
   * @param {AddEventListenerOptions|boolean} [opts]
   */
  listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this.add(() => target.removeEventListener(type, fn, opts));
  }
  /**
   * model.on with model.off on dispose.
   * @param {{on: Function, off: Function}} model
   * @param {string} name
   * @param {Function} fn
   */
  onModel(model, name, fn) {
    model.on(name, fn);
    this.add(() => model.off(name, fn));
  }
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    for (const fn of this.fns.reverse()) {
      try {
        fn();
      } catch (err) {
        console.error("usid_widgets cleanup", err);
      }
    }
    this.fns = [];
  }
};
function suppressShortcuts(node) {
  node.setAttribute("data-lm-suppress-shortcuts", "true");
  return node;
}

// src/ticks.js
var SQRT50 = Math.sqrt(50);
var SQRT10 = Math.sqrt(10);
var SQRT2 = Math.SQRT2;
var SI_PREFIXES = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];
function niceStep(span, count = 5) {
  span = Math.abs(span);
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  const raw = span / Math.max(1, count);
  const power = Math.floor(Math.log10(raw));
  const err = raw / 10 ** power;
  const factor = err >= SQRT50 ? 10 : err >= SQRT10 ? 5 : err >= SQRT2 ? 2 : 1;
  return factor * 10 ** power;
}
function linearTicks(a, b, count = 5) {
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [], step: NaN };
  if (lo === hi) return { values: [lo], step: 0 };
  let step = niceStep(hi - lo, count);
  const values = [];
  const eps = 1e-9;
  if (step >= 1) {
    const i0 = Math.ceil(lo / step - eps);
    const i1 = Math.floor(hi / step + eps);
    for (let i = i0; i <= i1; i++) values.push(i * step);
  } else {
    const inv = Math.round(1 / step);
    step = 1 / inv;
    const i0 = Math.ceil(lo * inv - eps);
    const i1 = Math.floor(hi * inv + eps);
    for (let i = i0; i <= i1; i++) values.push(i / inv);
  }
  return { values: values.map((v) => Object.is(v, -0) ? 0 : v), step };
}
function logTickValues(a, b, count = 5) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (!(lo > 0) || !Number.isFinite(hi)) return [];
  const l0 = Math.log10(lo);
  const l1 = Math.log10(hi);
  const eps = 1e-9;
  const d0 = Math.ceil(l0 - eps);
  const d1 = Math.floor(l1 + eps);
  const nPowers = d1 - d0 + 1;
  if (nPowers < 2 && l1 - l0 < 1) return linearTicks(lo, hi, count).values;
  if (nPowers <= 3) {
    const values2 = [];
    for (let d = d0 - 1; d <= d1; d++) {
      for (const m of [1, 2, 5]) {
        const v = d >= 0 ? m * 10 ** d : m / 10 ** -d;
        if (v >= lo * (1 - eps) && v <= hi * (1 + eps)) values2.push(v);
      }
    }
    return values2;
  }
  const every = niceInteger(Math.ceil(nPowers / (count + 3)));
  const values = [];
  const first = Math.ceil(d0 / every) * every;
  for (let d = first; d <= d1; d += every) values.push(d >= 0 ? 10 ** d : 1 / 10 ** -d);
  return values;
}
function niceInteger(n) {
  if (!(n > 1)) return 1;
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 3, 5]) if (m * p >= n) return m * p;
  }
}
function symlogTickValues(a, b, constant, count = 5) {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return linearTicks(lo, hi).values;
  const f = (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / constant);
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  const kMin = Math.floor(Math.log10(constant));
  const kMax = Math.ceil(Math.log10(m));
  const cands = [];
  for (let k = kMax; k >= kMin; k--) cands.push(-(10 ** k));
  cands.push(0);
  for (let k = kMin; k <= kMax; k++) cands.push(10 ** k);
  const inRange = cands.filter((v) => v >= lo && v <= hi);
  if (inRange.length < 3) return linearTicks(lo, hi, count).values;
  const span = f(hi) - f(lo);
  const minGap = span / (count + 1);
  const kept = [];
  const zero = inRange.includes(0);
  const neg = inRange.filter((v) => v < 0).reverse();
  const pos = inRange.filter((v) => v > 0);
  const thin2 = (vals, start) => {
    const out = [];
    let last = start;
    for (const v of vals) {
      if (last === null || Math.abs(f(v) - f(last)) >= minGap * 0.999) {
        out.push(v);
        last = v;
      }
    }
    return out;
  };
  const origin = zero ? 0 : null;
  kept.push(...thin2(neg, origin).reverse());
  if (zero) kept.push(0);
  kept.push(...thin2(pos, origin));
  return kept;
}
function decimalsForStep(step) {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.min(20, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}
function trimZeros(text) {
  if (!text.includes(".")) return text;
  return text.replace(/(\.\d*?)0+($|e)/, "$1$2").replace(/\.($|e)/, "$1");
}
function siExponent(m) {
  if (!(m > 0)) return 0;
  return Math.floor(Math.log10(m) / 3 + 1e-12) * 3;
}
function formatTicks(values, step) {
  if (!values.length) return [];
  if (step === void 0 || !(step > 0)) {
    step = Infinity;
    for (let i = 1; i < values.length; i++) {
      const d = Math.abs(values[i] - values[i - 1]);
      if (d > 0 && d < step) step = d;
    }
    if (step === Infinity) step = Math.abs(values[0]) || 1;
  }
  const m = Math.max(...values.map((v) => Math.abs(v)));
  if (m === 0 || m >= 1e-3 && m < 1e5) {
    const dec2 = decimalsForStep(step);
    return values.map((v) => clean(trimZeros(v.toFixed(dec2))));
  }
  const e3 = siExponent(m);
  const idx = e3 / 3 + 8;
  if (idx < 0 || idx >= SI_PREFIXES.length) {
    const digits = Math.max(0, Math.min(15, Math.floor(Math.log10(m)) - Math.floor(Math.log10(step))));
    return values.map(
      (v) => v === 0 ? "0" : clean(trimZeros(v.toExponential(digits))).replace("e+", "e")
    );
  }
  const scale = 10 ** e3;
  const dec = decimalsForStep(step / scale);
  return values.map((v) => {
    if (v === 0) return "0";
    return clean(trimZeros((v / scale).toFixed(dec))) + SI_PREFIXES[idx];
  });
}
function clean(text) {
  return /^-0(\.0*)?$/.test(text) ? "0" : text;
}
function ticks(scale, lo, hi, { count = 5, constant = 1 } = {}) {
  if (scale === "log" || scale === "symlog") {
    const values2 = scale === "log" ? logTickValues(lo, hi, count) : symlogTickValues(lo, hi, constant, count);
    if (values2.length && !values2.every((v) => v === 0 || isPowerOf10(v) || isNice125(v))) {
      const labels2 = formatTicks(values2);
      return values2.map((value, i) => ({ value, label: labels2[i] }));
    }
    const si = values2.some((v) => v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3));
    return values2.map((value) => ({ value, label: si ? formatSI(value, 3) : formatValue(value, 3) }));
  }
  const { values, step } = linearTicks(lo, hi, count);
  const labels = formatTicks(values, step);
  return values.map((value, i) => ({ value, label: labels[i] }));
}
function isPowerOf10(v) {
  const l = Math.log10(Math.abs(v));
  return Math.abs(l - Math.round(l)) < 1e-9;
}
function isNice125(v) {
  const a = Math.abs(v);
  const m = a / 10 ** Math.floor(Math.log10(a) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-9);
}
function formatSI(v, digits = 3) {
  if (!Number.isFinite(v) || v === 0) return formatValue(v);
  const e3 = siExponent(Math.abs(v));
  const idx = e3 / 3 + 8;
  if (idx < 0 || idx >= SI_PREFIXES.length) {
    return trimZeros(v.toExponential(Math.max(0, digits - 1))).replace("e+", "e");
  }
  return clean(trimZeros((v / 10 ** e3).toPrecision(digits))) + SI_PREFIXES[idx];
}
function formatValue(v, digits = 4, si = false) {
  if (typeof v !== "number") v = Number(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) {
    if (a >= 10 ** digits) return clean(String(Math.round(v)));
    return clean(trimZeros(v.toPrecision(digits)));
  }
  if (si) {
    const e3 = siExponent(a);
    const idx = e3 / 3 + 8;
    if (idx >= 0 && idx < SI_PREFIXES.length) {
      const s = v / 10 ** e3;
      return clean(trimZeros(s.toPrecision(digits))) + SI_PREFIXES[idx];
    }
  }
  return trimZeros(v.toExponential(Math.max(0, digits - 1))).replace("e+", "e");
}
function withUnits(label, units) {
  label = String(label ?? "");
  units = String(units ?? "");
  if (!units) return label;
  if (!label) return `(${units})`;
  return `${label} (${units})`;
}

// src/axes.js
var Y_AXIS_WIDTH = 62;
var X_AXIS_HEIGHT = 36;
function gridAxis(spec, n) {
  const dec = tryDecode(spec?.values);
  const label = String(spec?.label ?? "");
  const units = String(spec?.units ?? "");
  let values = dec && dec.data.length === n ? Float64Array.from(dec.data) : null;
  let v0 = 0;
  let dv = 1;
  if (values && n > 0) {
    v0 = values[0];
    dv = n > 1 ? (values[n - 1] - values[0]) / (n - 1) : 1;
    if (!Number.isFinite(v0) || !Number.isFinite(dv) || dv === 0) values = null;
  }
  if (!values) {
    v0 = 0;
    dv = 1;
  }
  const a = v0 - dv / 2;
  const b = v0 + dv * (n - 1) + dv / 2;
  const vals = values;
  return {
    values: vals,
    label: vals ? label : label || "index",
    units: vals ? units : "",
    n,
    a,
    b,
    physical: !!vals,
    at: (i) => vals ? vals[i] : i,
    frac: (v) => (v - a) / (b - a)
  };
}
function pointAxis(spec, coords) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < coords.length; i++) {
    const v = coords[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  }
  const pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
  const a = lo - pad;
  const b = hi + pad;
  return {
    values: null,
    label: String(spec?.label ?? ""),
    units: String(spec?.units ?? ""),
    n: coords.length,
    a,
    b,
    physical: true,
    at: (i) => coords[i],
    frac: (v) => (v - a) / (b - a)
  };
}
function withRange(axis, a, b) {
  return { ...axis, a, b, frac: (v) => (v - a) / (b - a) };
}
function frameAxes(frame, xSpec, ySpec) {
  if (frame.mode === "grid") return [gridAxis(xSpec, frame.cols), gridAxis(ySpec, frame.rows)];
  if (frame.mode === "points") return [pointAxis(xSpec, frame.x), pointAxis(ySpec, frame.y)];
  return [null, null];
}
function tickCount(length, spacing) {
  return Math.max(2, Math.min(8, Math.floor(length / spacing)));
}
function axisTicks(axis, length, count) {
  const out = [];
  for (const t of ticks("linear", axis.a, axis.b, { count })) {
    const pos = Math.round(axis.frac(t.value) * length) + 0.5;
    if (!(pos >= -0.5 && pos <= length + 0.5)) continue;
    out.push({ pos, label: t.label });
  }
  return out;
}
function drawXAxis(node, axis, width) {
  clear(node);
  node.setAttribute("width", String(width));
  node.setAttribute("height", String(X_AXIS_HEIGHT));
  node.setAttribute("viewBox", `0 0 ${width} ${X_AXIS_HEIGHT}`);
  for (const { pos: x, label: label2 } of axisTicks(axis, width, tickCount(width, 70))) {
    node.appendChild(svg("line", { class: "usidw-tick", x1: x, x2: x, y1: 0, y2: 4 }));
    node.appendChild(svg("text", { class: "usidw-tick-label", x, y: 14, "text-anchor": "middle", text: label2 }));
  }
  const label = svg("text", { class: "usidw-axis-label", x: width / 2, y: 31, "text-anchor": "middle" });
  setText(label, withUnits(axis.label, axis.units), 60);
  node.appendChild(label);
}
function drawYAxis(node, axis, height) {
  clear(node);
  node.setAttribute("width", String(Y_AXIS_WIDTH));
  node.setAttribute("height", String(height));
  node.setAttribute("viewBox", `0 0 ${Y_AXIS_WIDTH} ${height}`);
  const right = Y_AXIS_WIDTH;
  for (const { pos: y, label: label2 } of axisTicks(axis, height, tickCount(height, 45))) {
    node.appendChild(svg("line", { class: "usidw-tick", x1: right - 4, x2: right, y1: y, y2: y }));
    node.appendChild(
      svg("text", {
        class: "usidw-tick-label",
        x: right - 6,
        y,
        "text-anchor": "end",
        "dominant-baseline": "central",
        text: label2
      })
    );
  }
  const label = svg("text", {
    class: "usidw-axis-label",
    x: 0,
    y: 0,
    transform: `translate(10 ${height / 2}) rotate(-90)`,
    "text-anchor": "middle"
  });
  setText(label, withUnits(axis.label, axis.units), 40);
  node.appendChild(label);
}

// src/colormaps.json
var colormaps_default = {
  viridis: "44015444025645045745055946075a46085c460a5d460b5e470d60470e6147106347116447136548146748166848176948186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f854240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f881fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc8635ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21ad8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725",
  magma: "00000401000501010601010802010902020b02020d03030f03031204041405041606051806051a07061c08071e0907200a08220b09240c09260d0a290e0b2b100b2d110c2f120d31130d34140e36150e38160f3b180f3d19103f1a10421c10441d11471e114920114b21114e22115024125325125527125829115a2a115c2c115f2d11612f116331116533106734106936106b38106c390f6e3b0f703d0f713f0f72400f74420f75440f764510774710784910784a10794c117a4e117b4f127b51127c52137c54137d56147d57157e59157e5a167e5c167f5d177f5f187f601880621980641a80651a80671b80681c816a1c816b1d816d1d816e1e81701f81721f817320817521817621817822817922827b23827c23827e24828025828125818326818426818627818827818928818b29818c29818e2a81902a81912b81932b80942c80962c80982d80992d809b2e7f9c2e7f9e2f7fa02f7fa1307ea3307ea5317ea6317da8327daa337dab337cad347cae347bb0357bb2357bb3367ab5367ab73779b83779ba3878bc3978bd3977bf3a77c03a76c23b75c43c75c53c74c73d73c83e73ca3e72cc3f71cd4071cf4070d0416fd2426fd3436ed5446dd6456cd8456cd9466bdb476adc4869de4968df4a68e04c67e24d66e34e65e44f64e55064e75263e85362e95462ea5661eb5760ec5860ed5a5fee5b5eef5d5ef05f5ef1605df2625df2645cf3655cf4675cf4695cf56b5cf66c5cf66e5cf7705cf7725cf8745cf8765cf9785df9795df97b5dfa7d5efa7f5efa815ffb835ffb8560fb8761fc8961fc8a62fc8c63fc8e64fc9065fd9266fd9467fd9668fd9869fd9a6afd9b6bfe9d6cfe9f6dfea16efea36ffea571fea772fea973feaa74feac76feae77feb078feb27afeb47bfeb67cfeb77efeb97ffebb81febd82febf84fec185fec287fec488fec68afec88cfeca8dfecc8ffecd90fecf92fed194fed395fed597fed799fed89afdda9cfddc9efddea0fde0a1fde2a3fde3a5fde5a7fde7a9fde9aafdebacfcecaefceeb0fcf0b2fcf2b4fcf4b6fcf6b8fcf7b9fcf9bbfcfbbdfcfdbf",
  inferno: "00000401000501010601010802010a02020c02020e03021004031204031405041706041907051b08051d09061f0a07220b07240c08260d08290e092b10092d110a30120a32140b34150b37160b39180c3c190c3e1b0c411c0c431e0c451f0c48210c4a230c4c240c4f260c51280b53290b552b0b572d0b592f0a5b310a5c320a5e340a5f3609613809623909633b09643d09653e0966400a67420a68440a68450a69470b6a490b6a4a0c6b4c0c6b4d0d6c4f0d6c510e6c520e6d540f6d550f6d57106e59106e5a116e5c126e5d126e5f136e61136e62146e64156e65156e67166e69166e6a176e6c186e6d186e6f196e71196e721a6e741a6e751b6e771c6d781c6d7a1d6d7c1d6d7d1e6d7f1e6c801f6c82206c84206b85216b87216b88226a8a226a8c23698d23698f24699025689225689326679526679727669827669a28659b29649d29649f2a63a02a63a22b62a32c61a52c60a62d60a82e5fa92e5eab2f5ead305dae305cb0315bb1325ab3325ab43359b63458b73557b93556ba3655bc3754bd3853bf3952c03a51c13a50c33b4fc43c4ec63d4dc73e4cc83f4bca404acb4149cc4248ce4347cf4446d04545d24644d34743d44842d54a41d74b3fd84c3ed94d3dda4e3cdb503bdd513ade5238df5337e05536e15635e25734e35933e45a31e55c30e65d2fe75e2ee8602de9612bea632aeb6429eb6628ec6726ed6925ee6a24ef6c23ef6e21f06f20f1711ff1731df2741cf3761bf37819f47918f57b17f57d15f67e14f68013f78212f78410f8850ff8870ef8890cf98b0bf98c0af98e09fa9008fa9207fa9407fb9606fb9706fb9906fb9b06fb9d07fc9f07fca108fca309fca50afca60cfca80dfcaa0ffcac11fcae12fcb014fcb216fcb418fbb61afbb81dfbba1ffbbc21fbbe23fac026fac228fac42afac62df9c72ff9c932f9cb35f8cd37f8cf3af7d13df7d340f6d543f6d746f5d949f5db4cf4dd4ff4df53f4e156f3e35af3e55df2e661f2e865f2ea69f1ec6df1ed71f1ef75f1f179f2f27df2f482f3f586f3f68af4f88ef5f992f6fa96f8fb9af9fc9dfafda1fcffa4",
  plasma: "0d088710078813078916078a19068c1b068d1d068e20068f2206902406912605912805922a05932c05942e05952f059631059733059735049837049938049a3a049a3c049b3e049c3f049c41049d43039e44039e46039f48039f4903a04b03a14c02a14e02a25002a25102a35302a35502a45601a45801a45901a55b01a55c01a65e01a66001a66100a76300a76400a76600a76700a86900a86a00a86c00a86e00a86f00a87100a87201a87401a87501a87701a87801a87a02a87b02a87d03a87e03a88004a88104a78305a78405a78606a68707a68808a68a09a58b0aa58d0ba58e0ca48f0da4910ea3920fa39410a29511a19613a19814a099159f9a169f9c179e9d189d9e199da01a9ca11b9ba21d9aa31e9aa51f99a62098a72197a82296aa2395ab2494ac2694ad2793ae2892b02991b12a90b22b8fb32c8eb42e8db52f8cb6308bb7318ab83289ba3388bb3488bc3587bd3786be3885bf3984c03a83c13b82c23c81c33d80c43e7fc5407ec6417dc7427cc8437bc9447aca457acb4679cc4778cc4977cd4a76ce4b75cf4c74d04d73d14e72d24f71d35171d45270d5536fd5546ed6556dd7566cd8576bd9586ada5a6ada5b69db5c68dc5d67dd5e66de5f65de6164df6263e06363e16462e26561e26660e3685fe4695ee56a5de56b5de66c5ce76e5be76f5ae87059e97158e97257ea7457eb7556eb7655ec7754ed7953ed7a52ee7b51ef7c51ef7e50f07f4ff0804ef1814df1834cf2844bf3854bf3874af48849f48948f58b47f58c46f68d45f68f44f79044f79143f79342f89441f89540f9973ff9983ef99a3efa9b3dfa9c3cfa9e3bfb9f3afba139fba238fca338fca537fca636fca835fca934fdab33fdac33fdae32fdaf31fdb130fdb22ffdb42ffdb52efeb72dfeb82cfeba2cfebb2bfebd2afebe2afec029fdc229fdc328fdc527fdc627fdc827fdca26fdcb26fccd25fcce25fcd025fcd225fbd324fbd524fbd724fad824fada24f9dc24f9dd25f8df25f8e125f7e225f7e425f6e626f6e826f5e926f5eb27f4ed27f3ee27f3f027f2f227f1f426f1f525f0f724f0f921",
  cividis: "00224e00234f00245100255300255400265600275800285900285b00295d002a5f002a61002b62002c64002c66002d68002e6a002e6c002f6d00306f0030700031700031710132710533710833700c34700f357012357014367016377018376f1a386f1c396f1e3a6f203a6f213b6e233c6e243c6e263d6e273e6e293f6e2a3f6d2b406d2d416d2e416d2f426d31436d32436d33446d34456c35456c36466c38476c39486c3a486c3b496c3c4a6c3d4a6c3e4b6c3f4c6c404c6c414d6c424e6c434e6c444f6c45506c46516c47516c48526c49536c4a536c4b546c4c556c4d556c4e566c4f576c50576c51586d52596d535a6d545a6d555b6d555c6d565c6d575d6d585e6d595e6e5a5f6e5b606e5c616e5d616e5e626e5e636f5f636f60646f61656f62656f636670646770656870656870666970676a71686a71696b716a6c716b6d726c6d726c6e726d6f726e6f736f70737071737172747272747273747374757474757575757676767777767777777878777979777a7a787b7a787c7b787d7c787e7c787e7d787f7e78807f78817f788280798381798482798582798683798784788885788985788a86788b87788c88788d88788e89788f8a78908b78918b78928c78928d78938e78948e77958f779690779791779892779992779a93769b94769c95769d95769e96769f9775a09875a19975a29975a39a74a49b74a59c74a69c74a79d73a89e73a99f73aaa073aba072aca172ada272aea371afa471b0a571b1a570b3a670b4a76fb5a86fb6a96fb7a96eb8aa6eb9ab6dbaac6dbbad6dbcae6cbdae6cbeaf6bbfb06bc0b16ac1b26ac2b369c3b369c4b468c5b568c6b667c7b767c8b866c9b965cbb965ccba64cdbb63cebc63cfbd62d0be62d1bf61d2c060d3c05fd4c15fd5c25ed6c35dd7c45cd9c55cdac65bdbc75adcc859ddc858dec958dfca57e0cb56e1cc55e2cd54e4ce53e5cf52e6d051e7d150e8d24fe9d34eead34cebd44bedd54aeed649efd748f0d846f1d945f2da44f3db42f5dc41f6dd3ff7de3ef8df3cf9e03afbe138fce236fde334fee434fee535fee636fee838",
  gray: "0000000101010202020303030404040505050606060707070808080909090a0a0a0b0b0b0c0c0c0d0d0d0e0e0e0f0f0f1010101111111212121313131414141515151616161717171818181919191a1a1a1b1b1b1c1c1c1d1d1d1e1e1e1f1f1f2020202121212222222323232424242525252626262727272828282929292a2a2a2b2b2b2c2c2c2d2d2d2e2e2e2f2f2f3030303131313232323333333434343535353636363737373838383939393a3a3a3b3b3b3c3c3c3d3d3d3e3e3e3f3f3f4040404141414242424343434444444545454646464747474848484949494a4a4a4b4b4b4c4c4c4d4d4d4e4e4e4f4f4f5050505151515252525353535454545555555656565757575858585959595a5a5a5b5b5b5c5c5c5d5d5d5e5e5e5f5f5f6060606161616262626363636464646565656666666767676868686969696a6a6a6b6b6b6c6c6c6d6d6d6e6e6e6f6f6f7070707171717272727373737474747575757676767777777878787979797a7a7a7b7b7b7c7c7c7d7d7d7e7e7e7f7f7f8080808181818282828383838484848585858686868787878888888989898a8a8a8b8b8b8c8c8c8d8d8d8e8e8e8f8f8f9090909191919292929393939494949595959696969797979898989999999a9a9a9b9b9b9c9c9c9d9d9d9e9e9e9f9f9fa0a0a0a1a1a1a2a2a2a3a3a3a4a4a4a5a5a5a6a6a6a7a7a7a8a8a8a9a9a9aaaaaaabababacacacadadadaeaeaeafafafb0b0b0b1b1b1b2b2b2b3b3b3b4b4b4b5b5b5b6b6b6b7b7b7b8b8b8b9b9b9babababbbbbbbcbcbcbdbdbdbebebebfbfbfc0c0c0c1c1c1c2c2c2c3c3c3c4c4c4c5c5c5c6c6c6c7c7c7c8c8c8c9c9c9cacacacbcbcbcccccccdcdcdcecececfcfcfd0d0d0d1d1d1d2d2d2d3d3d3d4d4d4d5d5d5d6d6d6d7d7d7d8d8d8d9d9d9dadadadbdbdbdcdcdcdddddddedededfdfdfe0e0e0e1e1e1e2e2e2e3e3e3e4e4e4e5e5e5e6e6e6e7e7e7e8e8e8e9e9e9eaeaeaebebebecececedededeeeeeeefefeff0f0f0f1f1f1f2f2f2f3f3f3f4f4f4f5f5f5f6f6f6f7f7f7f8f8f8f9f9f9fafafafbfbfbfcfcfcfdfdfdfefefeffffff",
  coolwarm: "3b4cc03c4ec23d50c33e51c53f53c64055c84257c94358cb445acc455cce465ecf485fd14961d24a63d34b64d54c66d64e68d84f69d9506bda516ddb536edd5470de5572df5673e05875e15977e35a78e45b7ae55d7ce65e7de75f7fe86180e96282ea6384eb6485ec6687ed6788ee688aef6a8bef6b8df06c8ff16e90f26f92f37093f37295f47396f57597f67699f6779af7799cf87a9df87b9ff97da0f97ea1fa80a3fa81a4fb82a6fb84a7fc85a8fc86a9fc88abfd89acfd8badfd8caffe8db0fe8fb1fe90b2fe92b4fe93b5fe94b6ff96b7ff97b8ff98b9ff9abbff9bbcff9dbdff9ebeff9fbfffa1c0ffa2c1ffa3c2fea5c3fea6c4fea7c5fea9c6fdaac7fdabc8fdadc9fdaec9fcafcafcb1cbfcb2ccfbb3cdfbb5cdfab6cefab7cff9b9d0f9bad0f8bbd1f8bcd2f7bed2f6bfd3f6c0d4f5c1d4f4c3d5f4c4d5f3c5d6f2c6d6f1c7d7f0c9d7f0cad8efcbd8eeccd9edcdd9eccedaebcfdaead1dae9d2dbe8d3dbe7d4dbe6d5dbe5d6dce4d7dce3d8dce2d9dce1dadce0dbdcdedcdddddddcdcdedcdbdfdbd9e0dbd8e1dad6e2dad5e3d9d3e4d9d2e5d8d1e6d7cfe7d7cee8d6cce9d5cbead5c9ead4c8ebd3c6ecd3c5edd2c3edd1c2eed0c0efcfbfefcebdf0cdbbf1cdbaf1ccb8f2cbb7f2cab5f2c9b4f3c8b2f3c7b1f4c6aff4c5adf5c4acf5c2aaf5c1a9f5c0a7f6bfa6f6bea4f6bda2f7bca1f7ba9ff7b99ef7b89cf7b79bf7b599f7b497f7b396f7b194f7b093f7af91f7ad90f7ac8ef7aa8cf7a98bf7a889f7a688f6a586f6a385f6a283f5a081f59f80f59d7ef59c7df49a7bf4987af39778f39577f39475f29274f29072f18f71f18d6ff08b6ef08a6cef886bee8669ee8468ed8366ec8165ec7f63eb7d62ea7b60e97a5fe9785de8765ce7745be67259e57058e46e56e36c55e36b54e26952e16751e0654fdf634ede614ddd5f4bdc5d4ada5a49d95847d85646d75445d65244d55042d44e41d24b40d1493fd0473dcf453ccd423bcc403acb3e38ca3b37c83836c73635c53334c43032c32e31c12b30c0282fbe242ebd1f2dbb1b2cba162bb8122ab70d28b50927b40426"
};

// src/colormap-data.js
var COLORMAP_HEX = colormaps_default;

// src/colormaps.js
var COLORMAP_NAMES = Object.freeze([
  "viridis",
  "magma",
  "inferno",
  "plasma",
  "cividis",
  "gray",
  "coolwarm"
]);
var LUT_SIZE = 256;
var cache = /* @__PURE__ */ new Map();
function getLUT(name, reverse = false) {
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
function lutIndex(t) {
  if (Number.isNaN(t)) return -1;
  if (t <= 0) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  const i = Math.floor(t * LUT_SIZE);
  return i >= LUT_SIZE ? LUT_SIZE - 1 : i;
}

// src/cells.js
function layout(frame) {
  const f = Math.max(1, Math.floor(Number(frame.binning) || 1));
  const full = Array.isArray(frame.full) && frame.full.length === 2 ? frame.full : [frame.rows * f, frame.cols * f];
  const off = Array.isArray(frame.offset) && frame.offset.length === 2 ? frame.offset : [0, 0];
  return { rows: Number(full[0]), cols: Number(full[1]), r0: Number(off[0]), c0: Number(off[1]), f };
}
function viewOf(frame) {
  const L = layout(frame);
  return [L.r0, Math.min(L.rows, L.r0 + frame.rows * L.f), L.c0, Math.min(L.cols, L.c0 + frame.cols * L.f)];
}
function toFull(frame, cell) {
  const L = layout(frame);
  const half = L.f >> 1;
  return [Math.min(L.rows - 1, L.r0 + cell[0] * L.f + half), Math.min(L.cols - 1, L.c0 + cell[1] * L.f + half)];
}
function toFrame(frame, cell) {
  const L = layout(frame);
  const r = Math.floor((cell[0] - L.r0) / L.f);
  const c = Math.floor((cell[1] - L.c0) / L.f);
  if (!(r >= 0 && r < frame.rows && c >= 0 && c < frame.cols)) return null;
  return [r, c];
}
function boxToFull(frame, box) {
  const L = layout(frame);
  return [
    L.r0 + box[0] * L.f,
    Math.min(L.rows, L.r0 + box[1] * L.f),
    L.c0 + box[2] * L.f,
    Math.min(L.cols, L.c0 + box[3] * L.f)
  ];
}
function fractionOf(frame, row, col) {
  const L = layout(frame);
  return [(col - L.c0) / (frame.cols * L.f), (row - L.r0) / (frame.rows * L.f)];
}
function pointAt(frame, fx, fy) {
  const L = layout(frame);
  return [L.r0 + fy * frame.rows * L.f, L.c0 + fx * frame.cols * L.f];
}

// src/scales.js
var SCALES = Object.freeze(["linear", "log", "symlog"]);
var SYMLOG_DECADES = 3;
function symlogConstant(lo, hi) {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return Number.isFinite(m) && m > 0 ? m / 10 ** SYMLOG_DECADES : 1;
}
function transform(scale, constant = 1) {
  if (scale === "log") return (v) => v > 0 ? Math.log10(v) : NaN;
  if (scale === "symlog") {
    const c = constant;
    return (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);
  }
  return (v) => v;
}
function inverseTransform(scale, constant = 1) {
  if (scale === "log") return (u) => 10 ** u;
  if (scale === "symlog") return (u) => Math.sign(u) * constant * (10 ** Math.abs(u) - 1);
  return (u) => u;
}
function validLimits(scale, lo, hi, minPositive = NaN) {
  const log = scale === "log";
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) return log ? [1, 10] : [0, 1];
  if (!Number.isFinite(lo)) lo = hi;
  if (!Number.isFinite(hi)) hi = lo;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (log) {
    if (hi <= 0) return [1, 10];
    if (lo <= 0) {
      lo = minPositive > 0 && minPositive < hi ? minPositive : hi / 10 ** SYMLOG_DECADES;
    }
    if (lo === hi) return [lo / 10, hi * 10];
    return [lo, hi];
  }
  if (lo === hi) {
    if (lo === 0) return [-1, 1];
    const d = Math.abs(lo) / 2;
    return [lo - d, hi + d];
  }
  return [lo, hi];
}
function makeNorm(scale, lo, hi, minPositive) {
  if (!SCALES.includes(scale)) scale = "linear";
  [lo, hi] = validLimits(scale, lo, hi, minPositive);
  const constant = scale === "symlog" ? symlogConstant(lo, hi) : 1;
  const forward = transform(scale, constant);
  const inverse = inverseTransform(scale, constant);
  const f0 = forward(lo);
  const span = forward(hi) - f0;
  const k = 1 / span;
  return {
    scale,
    lo,
    hi,
    constant,
    f0,
    k,
    forward,
    norm: (v) => (forward(v) - f0) * k,
    invert: (t) => inverse(f0 + t * span)
  };
}
function stats(data) {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let count = 0;
  let hasNaN = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) {
      hasNaN = true;
      continue;
    }
    if (v === Infinity || v === -Infinity) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  return {
    count,
    min: count ? min : NaN,
    max: count ? max : NaN,
    minPositive: minPositive === Infinity ? NaN : minPositive,
    hasNaN
  };
}
var BINS = 4096;
function rangeOf(data, floor) {
  let count = 0;
  let vmin = Infinity;
  let vmax = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > floor && v < Infinity) {
      count++;
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
  }
  return { count, vmin, vmax };
}
function histLinear(data, floor, inv, k0, bins, hist) {
  const last = hist.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > floor && v < Infinity) {
      let b = Math.floor(v * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      bins[i] = b;
      hist[b]++;
    }
  }
}
function histLog(data, inv, k0, bins, hist) {
  const last = hist.length - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 0 && v < Infinity) {
      let b = Math.floor(Math.log10(v) * inv - k0);
      b = b < 0 ? 0 : b > last ? last : b;
      bins[i] = b;
      hist[b]++;
    }
  }
}
function collect(data, floor, bins, slot, chosen, fill) {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > floor && v < Infinity) {
      const j = slot[bins[i]];
      if (j >= 0) chosen[j][fill[j]++] = v;
    }
  }
}
function percentiles(data, ps, { positiveOnly = false } = {}) {
  const floor = positiveOnly ? 0 : -Infinity;
  const { count, vmin, vmax } = rangeOf(data, floor);
  if (count === 0) return null;
  const wanted = ps.map((p) => {
    const q = Math.min(100, Math.max(0, Number.isFinite(p) ? p : 0));
    const pos = q / 100 * (count - 1);
    const k = Math.floor(pos);
    return { k, frac: pos - k };
  });
  if (vmin === vmax) return wanted.map(() => vmin);
  const kmin = positiveOnly ? Math.log10(vmin) : vmin;
  const kmax = positiveOnly ? Math.log10(vmax) : vmax;
  const width = kmax / BINS - kmin / BINS;
  const inv = width > 0 && Number.isFinite(width) ? 1 / width : 0;
  const k0 = kmin * inv;
  const bins = new Uint16Array(data.length);
  const hist = new Uint32Array(BINS);
  if (positiveOnly) histLog(data, inv, k0, bins, hist);
  else histLinear(data, floor, inv, k0, bins, hist);
  const start = new Uint32Array(BINS);
  for (let b = 1; b < BINS; b++) start[b] = start[b - 1] + hist[b - 1];
  const binOfRank = (r) => {
    let lo = 0;
    let hi = BINS - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (start[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const slot = new Int32Array(BINS).fill(-1);
  const chosen = [];
  for (const { k } of wanted) {
    for (const r of [k, Math.min(k + 1, count - 1)]) {
      const b = binOfRank(r);
      if (slot[b] < 0) {
        slot[b] = chosen.length;
        chosen.push(new Float64Array(hist[b]));
      }
    }
  }
  collect(data, floor, bins, slot, chosen, new Uint32Array(chosen.length));
  for (const arr of chosen) arr.sort();
  const valueOfRank = (r) => {
    const b = binOfRank(r);
    return chosen[slot[b]][r - start[b]];
  };
  return wanted.map(({ k, frac }) => {
    const a = valueOfRank(k);
    if (frac === 0 || k + 1 >= count) return a;
    const b = valueOfRank(k + 1);
    return a + frac * (b - a);
  });
}
function autoLimits(data, pcts = [0.5, 99.5], scale = "linear") {
  const log = scale === "log";
  let lo = Number(pcts?.[0]);
  let hi = Number(pcts?.[1]);
  if (!Number.isFinite(lo)) lo = 0.5;
  if (!Number.isFinite(hi)) hi = 99.5;
  if (lo > hi) [lo, hi] = [hi, lo];
  const p = percentiles(data, [lo, hi], { positiveOnly: log });
  if (!p) return validLimits(scale, NaN, NaN);
  return validLimits(scale, p[0], p[1]);
}

// src/frame.js
var EMPTY_FRAME = Object.freeze({ id: null, mode: "empty" });
function decodeFrame(f) {
  f = f || {};
  const id = f.id ?? null;
  if (f.mode === "message") return { id, mode: "message", message: String(f.message ?? "") };
  if (f.mode === "grid") {
    const dec = tryDecode(f.data);
    if (!dec || dec.shape.length !== 2) return { id, mode: "message", message: "Cannot decode the image data." };
    const [rows, cols] = dec.shape;
    const binning = Math.max(1, Math.floor(Number(f.binning) || 1));
    const pair = (v, dflt) => Array.isArray(v) && v.length === 2 && v.every(Number.isFinite) ? v.map(Number) : dflt;
    const full = pair(f.full_shape, [rows * binning, cols * binning]);
    const offset = pair(f.offset, [0, 0]);
    return { id, mode: "grid", data: dec.data, rows, cols, stats: stats(dec.data), binning, full, offset };
  }
  if (f.mode === "points") {
    const x = tryDecode(f.x);
    const y = tryDecode(f.y);
    const v = tryDecode(f.values);
    if (!x || !y || !v || x.data.length !== v.data.length || y.data.length !== v.data.length) {
      return { id, mode: "message", message: "Cannot decode the point data." };
    }
    return { id, mode: "points", x: x.data, y: y.data, data: v.data, n: v.data.length, stats: stats(v.data) };
  }
  return { id, mode: "empty" };
}
function isDrawn(frame) {
  return frame.mode === "grid" || frame.mode === "points";
}
function validSelection(sel, frame) {
  if (!Array.isArray(sel)) return null;
  if (frame.mode === "grid" && sel.length === 2) {
    const [r, c] = sel.map(Number);
    const [rows, cols] = frame.full || [frame.rows, frame.cols];
    if (r >= 0 && r < rows && c >= 0 && c < cols) return toFrame(frame, [r, c]);
  }
  if (frame.mode === "points" && sel.length >= 1) {
    const i = Number(sel[0]);
    if (i >= 0 && i < frame.n) return [i];
  }
  return null;
}

// src/colorbar.js
var BAR_WIDTH = 14;
var AXIS_WIDTH = 46;
function createColorbar() {
  const canvas = h("canvas", {
    class: "usidw-cbar-canvas",
    // no role: the image canvas stays the only canvas[role=img] of the widget
    "aria-label": "colorbar",
    width: 1,
    height: 256
  });
  const axis = (
    /** @type {SVGSVGElement} */
    svg("svg", { class: "usidw-cbar-axis", width: AXIS_WIDTH, "aria-hidden": "true" })
  );
  const label = h("div", { class: "usidw-cbar-label" });
  const nan = h("div", { class: "usidw-cbar-nan", hidden: true }, [
    h("span", { class: "usidw-nan-swatch usidw-checker" }),
    h("span", { text: "NaN" })
  ]);
  const el = h("div", { class: "usidw-colorbar" }, [
    h("div", { class: "usidw-cbar-body" }, [canvas, axis, label]),
    nan
  ]);
  let lastLut = (
    /** @type {Uint8ClampedArray|null} */
    null
  );
  function update(s) {
    const height = Math.max(40, Math.round(s.height));
    if (s.lut !== lastLut) {
      const ctx = canvas.getContext("2d");
      if (ctx) {
        const img = ctx.createImageData(1, 256);
        for (let i = 0; i < 256; i++) {
          const j = 255 - i;
          img.data.set(s.lut.subarray(4 * j, 4 * j + 4), 4 * i);
        }
        ctx.putImageData(img, 0, 0);
      }
      lastLut = s.lut;
    }
    canvas.style.width = `${BAR_WIDTH}px`;
    canvas.style.height = `${height}px`;
    axis.setAttribute("height", String(height));
    axis.setAttribute("viewBox", `0 0 ${AXIS_WIDTH} ${height}`);
    clear(axis);
    const { norm } = s;
    const count = Math.max(2, Math.min(8, Math.floor(height / 45)));
    const tks = ticks(norm.scale, norm.lo, norm.hi, { count, constant: norm.constant });
    for (const t of tks) {
      const f = norm.norm(t.value);
      if (!(f >= -1e-9 && f <= 1 + 1e-9)) continue;
      const y = Math.round((1 - f) * (height - 1)) + 0.5;
      axis.appendChild(svg("line", { x1: 0, x2: 4, y1: y, y2: y, class: "usidw-tick" }));
      axis.appendChild(
        svg("text", { x: 6, y, class: "usidw-tick-label", "dominant-baseline": "central", text: t.label })
      );
    }
    setText(label, s.label, 40);
    label.style.height = `${height}px`;
    nan.hidden = !s.hasNaN;
  }
  return { el, canvas, update };
}
var COLORBAR_WIDTH = BAR_WIDTH + AXIS_WIDTH + 20;

// src/geometry.js
var MAX_SIZE = 440;
var MIN_SIZE = 160;
var DECO_WIDTH = Y_AXIS_WIDTH + COLORBAR_WIDTH + 14;
var MAX_RATIO = 8;
function imageBox(size, ratio) {
  if (!(ratio > 0) || !Number.isFinite(ratio)) ratio = 1;
  ratio = Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, ratio));
  if (ratio <= 1) return { w: size, h: Math.max(1, Math.round(size * ratio)) };
  return { w: Math.max(1, Math.round(size / ratio)), h: size };
}
function imageRatio(frame, xa, ya, equal) {
  if (frame.mode === "grid") {
    const sameUnits = xa.units === ya.units && xa.physical === ya.physical;
    if (equal && !sameUnits) return frame.rows / frame.cols;
    return equal && sameUnits ? Math.abs(ya.b - ya.a) / Math.abs(xa.b - xa.a) : 1;
  }
  return equal && xa.units === ya.units ? (ya.b - ya.a) / (xa.b - xa.a) : 1;
}
function fitSize(avail, current) {
  if (!(avail > 0)) return current;
  const next = Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.floor(avail - DECO_WIDTH)));
  return Math.abs(next - current) >= 2 ? next : current;
}
function pixelRatio() {
  return Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
}
function toScreen(geo, i) {
  return [geo.xa.frac(geo.frame.x[i]) * geo.w, geo.ya.frac(geo.frame.y[i]) * geo.h];
}
function pointRadius(geo) {
  const n = Math.max(1, geo.frame.n);
  return Math.max(1.5, Math.min(7, 0.45 * Math.sqrt(geo.w * geo.h / n)));
}

// src/heatmap-view.js
function buildView(toolbar) {
  const title = h("div", { class: "usidw-title" });
  const canvas = h("canvas", {
    class: "usidw-image usidw-checker",
    role: "img",
    tabindex: 0,
    "aria-label": "image",
    width: 1,
    height: 1
  });
  suppressShortcuts(canvas);
  const overlay = h("canvas", { class: "usidw-overlay", "aria-hidden": "true" });
  const stack = h("div", { class: "usidw-stack" }, [canvas, overlay]);
  const yAxis = (
    /** @type {SVGSVGElement} */
    svg("svg", { class: "usidw-axis usidw-yaxis", "aria-hidden": "true" })
  );
  const xAxis = (
    /** @type {SVGSVGElement} */
    svg("svg", { class: "usidw-axis usidw-xaxis", "aria-hidden": "true" })
  );
  const colorbar = createColorbar();
  const plot = h("div", { class: "usidw-plot" }, [
    title,
    yAxis,
    stack,
    colorbar.el,
    h("div", { class: "usidw-corner" }),
    xAxis
  ]);
  const message = h("div", { class: "usidw-message", role: "status", hidden: true });
  const readout = h("div", { class: "usidw-readout", "aria-live": "polite" });
  const root = h("div", { class: "usidw-root usidw-heatmap" }, [toolbar, plot, message, readout]);
  return { root, toolbar, title, canvas, overlay, stack, yAxis, xAxis, colorbar, plot, message, readout };
}
function showTitle(v, title) {
  setText(v.title, title, 100);
  v.title.hidden = !title;
  v.canvas.setAttribute("aria-label", title || "image");
}
function showPlot(v, frame) {
  const drawn = isDrawn(frame);
  v.plot.hidden = !drawn;
  v.toolbar.hidden = !drawn;
  v.message.hidden = drawn || frame.mode === "empty";
  if (!drawn) setText(v.message, frame.message || "", 600);
}
function showError(v, err) {
  console.error("usid_widgets heatmap", err);
  v.plot.hidden = true;
  v.message.hidden = false;
  setText(v.message, `Cannot draw this frame: ${err && err.message ? err.message : err}`, 600);
}
function placeBox(v, size, box) {
  v.root.style.width = `${size + DECO_WIDTH}px`;
  for (const c of [v.canvas, v.overlay]) {
    c.style.width = `${box.w}px`;
    c.style.height = `${box.h}px`;
  }
  v.stack.style.width = `${box.w}px`;
  v.stack.style.height = `${box.h}px`;
}
function markDrawn(root, attrs) {
  for (const [key, value] of Object.entries(attrs)) root.setAttribute(`data-${key}`, value);
}

// src/limits.js
function createLimits() {
  let held = null;
  let autoKey = "";
  let autoValue = [0, 1];
  function inForce(frame, { scale, clim, lock, percentiles: percentiles2 }) {
    const st = frame.stats;
    const minPos = st ? st.minPositive : NaN;
    if (Array.isArray(clim) && clim.length === 2 && clim.every((v) => Number.isFinite(Number(v)))) {
      if (lock) held = [Number(clim[0]), Number(clim[1])];
      return validLimits(scale, Number(clim[0]), Number(clim[1]), minPos);
    }
    if (lock && held) return validLimits(scale, held[0], held[1], minPos);
    const pcts = percentiles2 || [0.5, 99.5];
    const key = `${frame.id}|${frame.mode}|${scale}|${pcts[0]}|${pcts[1]}`;
    if (key !== autoKey) {
      autoValue = autoLimits(frame.data || [], pcts, scale);
      autoKey = key;
    }
    if (lock) held = [autoValue[0], autoValue[1]];
    return autoValue;
  }
  function lockChanged(lock, last) {
    held = lock && last ? [last[0], last[1]] : null;
  }
  return { inForce, lockChanged };
}

// src/crosshair.js
function haloStroke(ctx, path) {
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(0, 0, 0, 0.55)";
  ctx.beginPath();
  path();
  ctx.stroke();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
  ctx.beginPath();
  path();
  ctx.stroke();
}
function drawCrosshair(overlay, geo, sel) {
  const { w: dispW, h: dispH, frame } = geo;
  const r = pixelRatio();
  const w = Math.round(dispW * r);
  const hh = Math.round(dispH * r);
  if (overlay.width !== w || overlay.height !== hh) {
    overlay.width = w;
    overlay.height = hh;
  }
  const ctx = overlay.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(r, 0, 0, r, 0, 0);
  ctx.clearRect(0, 0, dispW, dispH);
  if (!sel) return;
  if (frame.mode === "grid") {
    const cw = dispW / frame.cols;
    const ch = dispH / frame.rows;
    const x0 = sel[1] * cw;
    const y0 = sel[0] * ch;
    const cx = x0 + cw / 2;
    const cy = y0 + ch / 2;
    const gap = Math.max(4, Math.min(cw, ch) / 2 + 3);
    haloStroke(ctx, () => {
      ctx.moveTo(0, cy);
      ctx.lineTo(cx - gap, cy);
      ctx.moveTo(cx + gap, cy);
      ctx.lineTo(dispW, cy);
      ctx.moveTo(cx, 0);
      ctx.lineTo(cx, cy - gap);
      ctx.moveTo(cx, cy + gap);
      ctx.lineTo(cx, dispH);
      if (cw >= 4 && ch >= 4) ctx.rect(x0, y0, cw, ch);
    });
  } else {
    const [sx, sy] = toScreen(geo, sel[0]);
    const rad = pointRadius(geo) + 3;
    haloStroke(ctx, () => {
      ctx.moveTo(sx + rad, sy);
      ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
      ctx.moveTo(sx - rad - 6, sy);
      ctx.lineTo(sx - rad, sy);
      ctx.moveTo(sx + rad, sy);
      ctx.lineTo(sx + rad + 6, sy);
      ctx.moveTo(sx, sy - rad - 6);
      ctx.lineTo(sx, sy - rad);
      ctx.moveTo(sx, sy + rad);
      ctx.lineTo(sx, sy + rad + 6);
    });
  }
}

// src/pointer.js
var PICK_RADIUS = 14;
var ARROWS = Object.freeze({ ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] });
function cellAt(geo, fx, fy) {
  const { frame } = geo;
  const c = Math.floor(fx * frame.cols);
  const r = Math.floor(fy * frame.rows);
  if (r < 0 || r >= frame.rows || c < 0 || c >= frame.cols) return null;
  return [r, c];
}
function nearestPoint(geo, px, py) {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < geo.frame.n; i++) {
    const [sx, sy] = toScreen(geo, i);
    const dd = (sx - px) ** 2 + (sy - py) ** 2;
    if (dd < bestD) {
      bestD = dd;
      best = i;
    }
  }
  return best >= 0 ? { index: best, dist: Math.sqrt(bestD) } : null;
}
function pointInDirection(geo, i, dx, dy) {
  const [x0, y0] = toScreen(geo, i);
  let best = -1;
  let bestScore = Infinity;
  for (let j = 0; j < geo.frame.n; j++) {
    if (j === i) continue;
    const [x, y] = toScreen(geo, j);
    const along = (x - x0) * dx + (y - y0) * dy;
    if (!(along > 0.5)) continue;
    const across = Math.abs((x - x0) * dy - (y - y0) * dx);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}
function arrowTarget(geo, sel, dir, shift) {
  const { frame } = geo;
  if (frame.mode === "grid") {
    const step = shift ? 10 : 1;
    let [r, c] = sel || [frame.rows >> 1, frame.cols >> 1];
    if (sel) {
      r = Math.min(frame.rows - 1, Math.max(0, r + dir[1] * step));
      c = Math.min(frame.cols - 1, Math.max(0, c + dir[0] * step));
    }
    return [r, c];
  }
  if (frame.mode !== "points" || !(frame.n > 0)) return null;
  const next = sel ? pointInDirection(geo, sel[0], dir[0], dir[1]) : 0;
  return next >= 0 ? [next] : null;
}
function describeCell(geo, cell, units) {
  const { frame, xa, ya } = geo;
  const val = (v) => units ? `${formatValue(v)} ${units}` : formatValue(v);
  const coord = (ax, v) => {
    const name = ax.label || "?";
    return ax.units ? `${name} = ${formatValue(v)} ${ax.units}` : `${name} = ${formatValue(v)}`;
  };
  if (frame.mode === "grid") {
    const [r, c] = cell;
    const v = frame.data[r * frame.cols + c];
    return `${coord(xa, xa.at(c))}, ${coord(ya, ya.at(r))}: ${val(v)} (${cellText(frame, r, c)})`;
  }
  const i = cell[0];
  return `${coord(xa, frame.x[i])}, ${coord(ya, frame.y[i])}: ${val(frame.data[i])} (point ${i})`;
}
function cellText(frame, r, c) {
  const L = layout(frame);
  const r0 = L.r0 + r * L.f;
  const c0 = L.c0 + c * L.f;
  if (L.f === 1) return `row ${r0}, col ${c0}`;
  const r1 = Math.min(L.rows, r0 + L.f) - 1;
  const c1 = Math.min(L.cols, c0 + L.f) - 1;
  return `rows ${r0}–${r1}, cols ${c0}–${c1} (mean)`;
}
function createPointer({ model, canvas, overlay, readout, geometry }) {
  const d = new Disposer();
  let hover = null;
  const selection = () => validSelection(model.get("selected"), geometry().frame);
  function updateReadout() {
    const geo = geometry();
    if (!isDrawn(geo.frame)) {
      readout.textContent = "";
      return;
    }
    const cell = hover || selection();
    readout.textContent = cell ? describeCell(geo, cell, model.get("units") || "") : " ";
    readout.classList.toggle("usidw-readout-hover", !!hover);
  }
  function showSelection() {
    drawCrosshair(overlay, geometry(), selection());
    updateReadout();
  }
  function select(sel) {
    const { frame } = geometry();
    model.set("selected", frame.mode === "grid" ? toFull(frame, sel) : sel);
    model.save_changes();
    showSelection();
  }
  function pick2(ev) {
    const rect = canvas.getBoundingClientRect();
    if (!(rect.width > 0 && rect.height > 0)) return null;
    const fx = (ev.clientX - rect.left) / rect.width;
    const fy = (ev.clientY - rect.top) / rect.height;
    const geo = geometry();
    if (geo.frame.mode === "grid") return cellAt(geo, fx, fy);
    if (geo.frame.mode === "points") return nearestPoint(geo, fx * geo.w, fy * geo.h);
    return null;
  }
  d.listen(canvas, "mousemove", (ev) => {
    const c = pick2(
      /** @type {MouseEvent} */
      ev
    );
    if (geometry().frame.mode === "points") {
      const p = (
        /** @type {{index: number, dist: number}|null} */
        c
      );
      hover = p && p.dist <= PICK_RADIUS ? [p.index] : null;
    } else hover = /** @type {number[]|null} */
    c;
    updateReadout();
  });
  d.listen(canvas, "mouseleave", () => {
    hover = null;
    updateReadout();
  });
  d.listen(canvas, "click", (ev) => {
    const c = pick2(
      /** @type {MouseEvent} */
      ev
    );
    canvas.focus({ preventScroll: true });
    if (!c) return;
    select(Array.isArray(c) ? c : [c.index]);
  });
  d.listen(canvas, "keydown", (ev) => {
    const { key, shiftKey } = (
      /** @type {KeyboardEvent} */
      ev
    );
    const dir = ARROWS[key];
    const geo = geometry();
    if (!dir || !isDrawn(geo.frame)) return;
    ev.preventDefault();
    ev.stopPropagation();
    const next = arrowTarget(geo, selection(), dir, shiftKey);
    if (next) select(next);
  });
  return {
    showSelection,
    updateReadout,
    clearHover: () => {
      hover = null;
    },
    dispose: () => d.dispose()
  };
}

// src/region.js
var MAX_VERTICES = 400;
function boxOf(a, b) {
  return [Math.min(a[0], b[0]), Math.max(a[0], b[0]) + 1, Math.min(a[1], b[1]), Math.max(a[1], b[1]) + 1];
}
function clampedCell(geo, fx, fy) {
  return (
    /** @type {[number, number]} */
    cellAt(geo, clamp01(fx), clamp01(fy))
  );
}
function clamp01(v) {
  return Math.min(Math.max(v, 0), 1 - 1e-9);
}
function thin(pts, max = MAX_VERTICES) {
  if (pts.length <= max) return pts;
  const k = Math.ceil(pts.length / max);
  const out = pts.filter((_, i) => i % k === 0);
  if (out[out.length - 1] !== pts[pts.length - 1]) out.push(pts[pts.length - 1]);
  return out;
}
function lassoValue(pts) {
  const out = [];
  for (const [r, c] of thin(pts)) {
    const p = [Number(r.toPrecision(8)), Number(c.toPrecision(8))];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 3 ? out : null;
}
function regionPoint(geo, fx, fy) {
  if (geo.frame.mode === "grid") return pointAt(geo.frame, fx, fy);
  const { xa, ya } = geo;
  return [ya.a + fy * (ya.b - ya.a), xa.a + fx * (xa.b - xa.a)];
}
function regionFraction(geo, p) {
  if (geo.frame.mode === "grid") return fractionOf(geo.frame, p[0], p[1]);
  return [geo.xa.frac(p[1]), geo.ya.frac(p[0])];
}
function boxPolygon(a, b) {
  return [a, [a[0], b[1]], b, [b[0], a[1]]];
}
var DIM = [0, 0, 0, 140];
function paintMask(cells, px) {
  for (let i = 0; i < cells.length; i++) {
    const a = cells[i] ? 0 : DIM[3];
    px[4 * i] = DIM[0];
    px[4 * i + 1] = DIM[1];
    px[4 * i + 2] = DIM[2];
    px[4 * i + 3] = a;
  }
}
function createRegion({ model, canvas, stack, root, geometry }) {
  const rect = h("div", { class: "usidw-region", "aria-hidden": "true" });
  const shape = svg("polygon", { class: "usidw-lasso-shape" });
  const outline = svg("svg", { class: "usidw-lasso", viewBox: "0 0 1 1", preserveAspectRatio: "none", "aria-hidden": "true" }, [shape]);
  const clear2 = h("button", { class: "usidw-clear-region", type: "button", text: "Clear region" });
  clear2.setAttribute("aria-label", "Clear region");
  const dimmer = h("canvas", { class: "usidw-dimmer usidw-pixelated", "aria-hidden": "true", width: 1, height: 1 });
  canvas.after(dimmer);
  stack.append(rect, outline);
  root.appendChild(clear2);
  let kind = null;
  let start = null;
  let trace = [];
  let dragged = false;
  const fractions = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };
  const isGrid = () => {
    const { frame } = geometry();
    return frame.mode === "grid" && frame.rows > 0;
  };
  const isPoints = () => {
    const { frame } = geometry();
    return frame.mode === "points" && frame.n > 0;
  };
  function placeBox2(box) {
    const { frame } = geometry();
    if (!(box && box.length === 4 && isGrid())) {
      rect.style.display = "none";
      return;
    }
    const [x0, y0] = fractionOf(frame, box[0], box[2]).map(clampUnit);
    const [x1, y1] = fractionOf(frame, box[1], box[3]).map(clampUnit);
    rect.style.display = x1 > x0 && y1 > y0 ? "block" : "none";
    rect.style.left = `${100 * x0}%`;
    rect.style.top = `${100 * y0}%`;
    rect.style.width = `${100 * (x1 - x0)}%`;
    rect.style.height = `${100 * (y1 - y0)}%`;
  }
  function placeLasso(pts) {
    const geo = geometry();
    const ok = pts && pts.length >= 2 && (isGrid() || isPoints());
    outline.style.display = ok ? "block" : "none";
    if (!ok) return;
    const coords = pts.map((p) => regionFraction(geo, p).join(","));
    shape.setAttribute("points", coords.join(" "));
  }
  function placeMask() {
    const { frame } = geometry();
    const dec = tryDecode((model.get("region_mask") ?? {}).data);
    const ok = !!dec && isGrid() && dec.shape[0] === frame.rows && dec.shape[1] === frame.cols;
    dimmer.style.display = ok ? "block" : "none";
    if (!ok) return !!dec;
    dimmer.width = frame.cols;
    dimmer.height = frame.rows;
    const ctx = dimmer.getContext("2d");
    if (!ctx) return true;
    const img = ctx.createImageData(frame.cols, frame.rows);
    paintMask(dec.data, img.data);
    ctx.putImageData(img, 0, 0);
    return true;
  }
  function show() {
    const box = model.get("roi") ?? [];
    const lasso = model.get("lasso") ?? [];
    placeBox2(box.length === 4 ? box : null);
    placeLasso(lasso.length >= 3 ? lasso : null);
    const masked = placeMask();
    clear2.style.display = box.length === 4 || lasso.length >= 3 || masked ? "" : "none";
  }
  function save(box, lasso) {
    model.set("roi", box);
    model.set("lasso", lasso);
    model.save_changes();
    show();
  }
  const onDown = (ev) => {
    if (ev.button !== 0 || !(isGrid() || isPoints())) return;
    const mode = model.get("drag_mode");
    kind = ev.shiftKey || mode === "rectangle" ? "rectangle" : mode === "lasso" ? "lasso" : null;
    if (!kind) return;
    ev.preventDefault();
    ev.stopPropagation();
    canvas.focus({ preventScroll: true });
    const [fx, fy] = fractions(ev);
    start = isGrid() ? clampedCell(geometry(), fx, fy) : [0, 0];
    trace = [regionPoint(geometry(), clamp01(fx), clamp01(fy))];
    dragged = false;
    window.addEventListener("mousemove", onMove);
    window.addEventListener("mouseup", onUp);
  };
  const onMove = (ev) => {
    if (!start) return;
    const [fx, fy] = fractions(ev);
    const geo = geometry();
    if (kind === "rectangle") {
      dragged = true;
      if (isGrid()) placeBox2(boxToFull(geo.frame, boxOf(start, clampedCell(geo, fx, fy))));
      else placeLasso(boxPolygon(trace[0], regionPoint(geo, clamp01(fx), clamp01(fy))));
      return;
    }
    const p = regionPoint(geo, clamp01(fx), clamp01(fy));
    const last = trace[trace.length - 1];
    const [lx, ly] = regionFraction(geo, last);
    const [px, py] = regionFraction(geo, p);
    if (Math.hypot((px - lx) * geo.w, (py - ly) * geo.h) < 2) return;
    dragged = true;
    trace.push(p);
    placeLasso(trace);
  };
  const onUp = (ev) => {
    window.removeEventListener("mousemove", onMove);
    window.removeEventListener("mouseup", onUp);
    if (!start) return;
    const [fx, fy] = fractions(ev);
    const geo = geometry();
    const first = start;
    start = null;
    if (!dragged) return show();
    if (kind === "rectangle" && isGrid()) save(boxToFull(geo.frame, boxOf(first, clampedCell(geo, fx, fy))), []);
    else if (kind === "rectangle") {
      const corner = regionPoint(geo, clamp01(fx), clamp01(fy));
      save([], lassoValue(boxPolygon(trace[0], corner)) ?? []);
    } else {
      const lasso = lassoValue(trace);
      if (lasso) save([], lasso);
      else show();
    }
  };
  const onClick = (ev) => {
    if (dragged) {
      ev.stopImmediatePropagation();
      dragged = false;
    }
  };
  const hasRegion = () => (model.get("roi") ?? []).length > 0 || (model.get("lasso") ?? []).length > 0 || !!(model.get("region_mask") ?? {}).data;
  const clearAll = () => {
    save([], []);
    model.send({ type: "clear_region" });
  };
  const onKey = (ev) => {
    if (ev.key === "Escape" && hasRegion()) clearAll();
  };
  const onClear = () => clearAll();
  canvas.addEventListener("mousedown", onDown);
  canvas.addEventListener("click", onClick, true);
  canvas.addEventListener("keydown", onKey);
  clear2.addEventListener("click", onClear);
  model.on("change:roi change:lasso change:region_mask", show);
  show();
  return {
    show,
    dispose() {
      canvas.removeEventListener("mousedown", onDown);
      canvas.removeEventListener("click", onClick, true);
      canvas.removeEventListener("keydown", onKey);
      clear2.removeEventListener("click", onClear);
      window.removeEventListener("mousemove", onMove);
      window.removeEventListener("mouseup", onUp);
      model.off("change:roi change:lasso change:region_mask", show);
      dimmer.remove();
      rect.remove();
      outline.remove();
      clear2.remove();
    }
  };
}
function clampUnit(v) {
  return Math.min(1, Math.max(0, v));
}

// src/snapshot.js
var PREFIX = "data:image/png;base64,";
var MARKER = "tEXtusid_widgets\0";
function pngKey(src) {
  if (!src || !src.startsWith(PREFIX)) return null;
  let bytes;
  try {
    bytes = atob(src.slice(PREFIX.length, PREFIX.length + 600).replace(/[^A-Za-z0-9+/=]/g, "").slice(0, 600));
  } catch {
    return null;
  }
  const at = bytes.indexOf(MARKER);
  if (at < 4) return null;
  const length = (bytes.charCodeAt(at - 4) << 24 | bytes.charCodeAt(at - 3) << 16 | bytes.charCodeAt(at - 2) << 8 | bytes.charCodeAt(at - 1)) >>> 0;
  const start = at + MARKER.length;
  const end = at + 4 + length;
  if (end > bytes.length || end <= start) return null;
  return bytes.slice(start, end);
}
function hideSnapshots(el, keys) {
  if (!keys.length) return 0;
  const area = el.closest(".jp-OutputArea, .output_subarea, .output") ?? el.ownerDocument;
  let hidden = 0;
  for (const img of area.querySelectorAll(`img[src^="${PREFIX}"]`)) {
    const key = pngKey(img.getAttribute("src"));
    if (key === null || !keys.includes(key)) continue;
    const box = (
      /** @type {HTMLElement} */
      img.closest(".jp-OutputArea-child, .output_area") ?? img
    );
    if (box.style.display !== "none") {
      box.style.display = "none";
      box.setAttribute("data-usidw-snapshot", key);
    }
    hidden += 1;
  }
  return hidden;
}
function watchSnapshots(model, el) {
  const keys = () => (
    /** @type {string[]} */
    model.get("snapshot_keys") ?? []
  );
  const hide = () => hideSnapshots(el, keys());
  let area = null;
  let observer = null;
  const attach = () => {
    const found = el.closest(".jp-OutputArea, .output_subarea, .output");
    if (!found || found === area) return;
    observer?.disconnect();
    area = found;
    observer = new MutationObserver(hide);
    observer.observe(area, { childList: true, subtree: true });
  };
  const frame = requestAnimationFrame(() => {
    attach();
    hide();
  });
  model.on("change:snapshot_keys", hide);
  return () => {
    cancelAnimationFrame(frame);
    observer?.disconnect();
    model.off("change:snapshot_keys", hide);
  };
}

// src/raster.js
var MAX_CIRCLES = 2e4;
function colorize(data, n, norm, lut32, px) {
  const { f0, k } = norm;
  if (norm.scale === "log") {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (!(v > 0)) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((Math.log10(v) - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  } else if (norm.scale === "symlog") {
    const c = norm.constant;
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (v !== v) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((Math.sign(v) * Math.log10(1 + Math.abs(v) / c) - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = data[i];
      if (v !== v) {
        px[i] = 0;
        continue;
      }
      const j = Math.floor((v - f0) * k * 256);
      px[i] = lut32[j < 0 ? 0 : j > 255 ? 255 : j];
    }
  }
}
function pointBuckets(values, n, norm) {
  const buckets = Array.from({ length: 256 }, () => []);
  const none = [];
  for (let i = 0; i < n; i++) {
    const j = lutIndex(norm.norm(values[i]));
    if (j >= 0) buckets[j].push(i);
    else none.push(i);
  }
  return { buckets, none };
}
function drawPoints(ctx, geo, norm, lut) {
  const { frame } = geo;
  const { buckets, none } = pointBuckets(frame.data, frame.n, norm);
  const rad = pointRadius(geo);
  const circles = frame.n <= MAX_CIRCLES;
  for (let j = 0; j < 256; j++) {
    if (!buckets[j].length) continue;
    ctx.fillStyle = `rgb(${lut[4 * j]}, ${lut[4 * j + 1]}, ${lut[4 * j + 2]})`;
    ctx.beginPath();
    for (const i of buckets[j]) {
      const [sx, sy] = toScreen(geo, i);
      if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
      if (circles) {
        ctx.moveTo(sx + rad, sy);
        ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
      } else ctx.rect(sx - rad, sy - rad, 2 * rad, 2 * rad);
    }
    ctx.fill();
  }
  ctx.strokeStyle = "rgba(128, 128, 128, 0.8)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const i of none) {
    const [sx, sy] = toScreen(geo, i);
    if (!Number.isFinite(sx) || !Number.isFinite(sy)) continue;
    ctx.moveTo(sx + rad, sy);
    ctx.arc(sx, sy, rad, 0, 2 * Math.PI);
  }
  ctx.stroke();
}
function createRaster(canvas) {
  let imageData = null;
  function grid(frame, norm, lut) {
    const { rows, cols, data } = frame;
    canvas.classList.add("usidw-pixelated", "usidw-checker");
    if (canvas.width !== cols || canvas.height !== rows) {
      canvas.width = cols;
      canvas.height = rows;
      imageData = null;
    }
    const ctx = canvas.getContext("2d");
    if (!ctx || rows === 0 || cols === 0) return;
    if (!imageData) imageData = ctx.createImageData(cols, rows);
    const px = new Uint32Array(imageData.data.buffer);
    const lut32 = new Uint32Array(lut.buffer, lut.byteOffset, 256);
    colorize(data, rows * cols, norm, lut32, px);
    ctx.putImageData(imageData, 0, 0);
  }
  function points(geo, norm, lut) {
    canvas.classList.remove("usidw-pixelated", "usidw-checker");
    imageData = null;
    const r = pixelRatio();
    canvas.width = Math.round(geo.w * r);
    canvas.height = Math.round(geo.h * r);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, geo.w, geo.h);
    drawPoints(ctx, geo, norm, lut);
  }
  return { grid, points };
}

// src/toolbar.js
var DRAG_MODES = Object.freeze([
  ["zoom", "drag: zoom"],
  ["pan", "drag: pan"],
  ["rectangle", "drag: rectangle"],
  ["lasso", "drag: lasso"]
]);
function limitText(v) {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "";
}
function createToolbar({ model, limits, redraw }) {
  const d = new Disposer();
  const get = (name) => model.get(name);
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };
  const option = (value, text = value) => h("option", { value, text });
  const cmapSel = h("select", { class: "usidw-select", "aria-label": "Colormap", title: "Colormap" });
  for (const name of COLORMAP_NAMES) cmapSel.appendChild(option(name));
  const revBox = h("input", { type: "checkbox", "aria-label": "Reverse colormap" });
  const scaleSel = h("select", { class: "usidw-select", "aria-label": "Scale", title: "Scale" });
  for (const s of SCALES) scaleSel.appendChild(option(s));
  const contrastSel = h("select", { class: "usidw-select", "aria-label": "Contrast" });
  contrastSel.append(option("auto"), option("manual"));
  const minIn = h("input", { type: "number", step: "any", class: "usidw-num", "aria-label": "Minimum", placeholder: "min" });
  const maxIn = h("input", { type: "number", step: "any", class: "usidw-num", "aria-label": "Maximum", placeholder: "max" });
  const lockBox = h("input", { type: "checkbox", "aria-label": "Lock contrast" });
  const dragSel = h("select", {
    class: "usidw-select",
    "aria-label": "Drag mode",
    title: "What a drag on the image does (Shift + drag: rectangle region; Ctrl + wheel: zoom; double-click: whole image)"
  });
  for (const [value, text] of DRAG_MODES) dragSel.appendChild(option(value, text));
  for (const c of [cmapSel, scaleSel, contrastSel, minIn, maxIn, dragSel]) suppressShortcuts(c);
  const el = h("div", { class: "usidw-toolbar" }, [
    cmapSel,
    h("label", { class: "usidw-check", title: "Reverse the colormap" }, [revBox, "reverse"]),
    scaleSel,
    contrastSel,
    h("span", { class: "usidw-range" }, [minIn, h("span", { class: "usidw-dash", text: "–" }), maxIn]),
    h("label", { class: "usidw-check", title: "Keep these limits when new frames arrive" }, [lockBox, "lock"]),
    dragSel
  ]);
  function sync() {
    cmapSel.value = COLORMAP_NAMES.includes(get("colormap")) ? get("colormap") : "viridis";
    revBox.checked = !!get("reverse_colormap");
    scaleSel.value = SCALES.includes(get("scale")) ? get("scale") : "linear";
    const manual = Array.isArray(get("clim"));
    contrastSel.value = manual ? "manual" : "auto";
    const p = get("auto_percentiles") || [0.5, 99.5];
    contrastSel.title = `auto: ${p[0]}–${p[1]} percentiles of the finite values`;
    lockBox.checked = !!get("lock_clim");
    const mode = get("drag_mode");
    dragSel.value = DRAG_MODES.some(([v]) => v === mode) ? mode : "zoom";
    const active = el.ownerDocument.activeElement;
    const lim = limits();
    if (active !== minIn) minIn.value = lim ? limitText(lim[0]) : "";
    if (active !== maxIn) maxIn.value = lim ? limitText(lim[1]) : "";
    for (const inp of [minIn, maxIn]) inp.classList.toggle("usidw-auto", !manual);
  }
  d.listen(cmapSel, "change", () => {
    save("colormap", cmapSel.value);
    redraw();
  });
  d.listen(revBox, "change", () => {
    save("reverse_colormap", revBox.checked);
    redraw();
  });
  d.listen(scaleSel, "change", () => {
    save("scale", scaleSel.value);
    redraw();
  });
  d.listen(contrastSel, "change", () => {
    if (contrastSel.value === "manual") {
      const lim = limits() || [0, 1];
      save("clim", [lim[0], lim[1]]);
    } else save("clim", null);
    redraw();
  });
  const onLimitInput = () => {
    const lo = parseFloat(minIn.value);
    const hi = parseFloat(maxIn.value);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) {
      save("clim", [lo, hi]);
      redraw();
    } else {
      minIn.blur();
      maxIn.blur();
      sync();
    }
  };
  d.listen(minIn, "change", onLimitInput);
  d.listen(maxIn, "change", onLimitInput);
  d.listen(dragSel, "change", () => save("drag_mode", dragSel.value));
  d.listen(lockBox, "change", () => {
    save("lock_clim", lockBox.checked);
    redraw();
  });
  return { el, sync, dispose: () => d.dispose() };
}

// src/zoom.js
var MIN_CELLS = 2;
var DRAG_PX = 4;
var WHEEL_MS = 150;
function clampWindow(box, rows, cols) {
  const side = (a, b, n) => {
    let len = Math.min(n, Math.max(Math.min(MIN_CELLS, n), Math.round(b - a)));
    let lo = Math.round(a + (b - a - len) / 2);
    lo = Math.min(Math.max(0, lo), n - len);
    return [lo, lo + len];
  };
  const [r0, r1] = side(box[0], box[1], rows);
  const [c0, c1] = side(box[2], box[3], cols);
  if (r0 === 0 && c0 === 0 && r1 === rows && c1 === cols) return [];
  return [r0, r1, c0, c1];
}
function zoomAbout(view, row, col, factor, rows, cols) {
  const [r0, r1, c0, c1] = view;
  const k = 1 / factor;
  return clampWindow([row - (row - r0) * k, row + (r1 - row) * k, col - (col - c0) * k, col + (c1 - col) * k], rows, cols);
}
function panWindow(view, dRows, dCols, rows, cols) {
  const [r0, r1, c0, c1] = view;
  return clampWindow([r0 + dRows, r1 + dRows, c0 + dCols, c1 + dCols], rows, cols);
}
function boxWindow(a, b, rows, cols) {
  const r0 = Math.floor(Math.min(a[0], b[0]));
  const r1 = Math.ceil(Math.max(a[0], b[0]));
  const c0 = Math.floor(Math.min(a[1], b[1]));
  const c1 = Math.ceil(Math.max(a[1], b[1]));
  return clampWindow([r0, Math.max(r1, r0 + 1), c0, Math.max(c1, c0 + 1)], rows, cols);
}
var ZOOM_KEYS = Object.freeze({ "+": 2, "=": 2, "-": 0.5, _: 0.5, 0: 0 });
function keyWindow(key, view, sel, rows, cols) {
  if (!Object.hasOwn(ZOOM_KEYS, key)) return null;
  const factor = ZOOM_KEYS[key];
  if (factor === 0) return [];
  const [r0, r1, c0, c1] = view;
  const shown = sel && sel[0] >= r0 && sel[0] < r1 && sel[1] >= c0 && sel[1] < c1;
  const row = shown ? sel[0] + 0.5 : (r0 + r1) / 2;
  const col = shown ? sel[1] + 0.5 : (c0 + c1) / 2;
  return zoomAbout(view, row, col, factor, rows, cols);
}
function pointBox(axes, p, q) {
  const span = (ax, u, v) => ax.a <= ax.b ? [Math.min(u, v), Math.max(u, v)] : [Math.max(u, v), Math.min(u, v)];
  const y = span(axes.ya, p[0], q[0]);
  const x = span(axes.xa, p[1], q[1]);
  if (!(x[0] !== x[1] && y[0] !== y[1])) return null;
  return { x: (
    /** @type {[number, number]} */
    x
  ), y: (
    /** @type {[number, number]} */
    y
  ) };
}
function pointZoom(axes, y, x, factor, dy = 0, dx = 0) {
  const k = 1 / factor;
  const side = (ax, c, d) => (
    /** @type {[number, number]} */
    [c - (c - ax.a) * k + d, c + (ax.b - c) * k + d]
  );
  return { x: side(axes.xa, x, dx), y: side(axes.ya, y, dy) };
}
function previewTransform(frame, target, w, hh) {
  const L = layout(frame);
  const t = target.length === 4 ? target : [0, L.rows, 0, L.cols];
  const [x0, y0] = fractionOf(frame, t[0], t[2]);
  const [x1, y1] = fractionOf(frame, t[1], t[3]);
  const sx = 1 / (x1 - x0);
  const sy = 1 / (y1 - y0);
  if (!Number.isFinite(sx) || !Number.isFinite(sy)) return "";
  return `translate(${-x0 * sx * w}px, ${-y0 * sy * hh}px) scale(${sx}, ${sy})`;
}
function createZoom({ model, canvas, stack, root, geometry, pointView }) {
  const zoombox = h("div", { class: "usidw-zoombox", "aria-hidden": "true" });
  const reset = h("button", { class: "usidw-reset-zoom", type: "button", text: "Reset zoom" });
  reset.setAttribute("aria-label", "Reset zoom");
  stack.appendChild(zoombox);
  root.appendChild(reset);
  let drag = null;
  let moved = false;
  let wheelView = null;
  let wheelTimer = 0;
  const grid = () => {
    const { frame } = geometry();
    return frame.mode === "grid" && frame.rows > 0 ? frame : null;
  };
  const cloud = () => {
    const { frame } = geometry();
    return frame.mode === "points" && frame.n > 0;
  };
  const setCloud = (view) => {
    pointView(view);
    show();
  };
  const fractions = (ev) => {
    const r = stack.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };
  const moving = () => [...stack.children].filter((c) => c !== zoombox);
  function preview(target) {
    const frame = grid();
    if (!frame) return;
    const { w, h: hh } = geometry();
    const t = previewTransform(frame, target, w, hh);
    for (const c of moving()) {
      c.style.transformOrigin = "0 0";
      c.style.transform = t;
    }
  }
  function settle() {
    for (const c of moving()) c.style.transform = "";
  }
  function request(target) {
    const current = model.get("zoom") ?? [];
    if (JSON.stringify(current) === JSON.stringify(target)) return settle();
    preview(target);
    model.set("zoom", target);
    model.save_changes();
    show();
  }
  function show() {
    const z = model.get("zoom") ?? [];
    const pv = cloud() ? pointView() : null;
    reset.style.display = grid() && z.length === 4 || pv ? "" : "none";
    root.setAttribute("data-zoom", pv ? [...pv.y, ...pv.x].join(",") : z.join(","));
  }
  const onDown = (ev) => {
    const frame = grid();
    const mode = model.get("drag_mode");
    if (ev.button !== 0 || ev.shiftKey || !(frame || cloud()) || mode !== "zoom" && mode !== "pan") return;
    const zoomed = frame ? (model.get("zoom") ?? []).length > 0 : !!pointView();
    if (mode === "pan" && !zoomed) return;
    ev.preventDefault();
    canvas.focus({ preventScroll: true });
    const [fx, fy] = fractions(ev);
    drag = { x: ev.clientX, y: ev.clientY, fx, fy, mode };
    moved = false;
    window.addEventListener("mousemove", onMove);
    window.addEventListener("mouseup", onUp);
  };
  const onMove = (ev) => {
    if (!drag) return;
    if (!moved && Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < DRAG_PX) return;
    moved = true;
    ev.preventDefault();
    const [fx, fy] = fractions(ev);
    if (drag.mode === "zoom") {
      const x0 = Math.max(0, Math.min(drag.fx, fx));
      const x1 = Math.min(1, Math.max(drag.fx, fx));
      const y0 = Math.max(0, Math.min(drag.fy, fy));
      const y1 = Math.min(1, Math.max(drag.fy, fy));
      Object.assign(zoombox.style, {
        display: "block",
        left: `${100 * x0}%`,
        top: `${100 * y0}%`,
        width: `${100 * (x1 - x0)}%`,
        height: `${100 * (y1 - y0)}%`
      });
    } else {
      const { w, h: hh } = geometry();
      const t = `translate(${(fx - drag.fx) * w}px, ${(fy - drag.fy) * hh}px)`;
      for (const c of moving()) c.style.transform = t;
    }
  };
  const onUp = (ev) => {
    window.removeEventListener("mousemove", onMove);
    window.removeEventListener("mouseup", onUp);
    const frame = grid();
    const d = drag;
    drag = null;
    zoombox.style.display = "none";
    if (!d || !moved) return;
    if (!frame && cloud()) {
      const geo = geometry();
      const [fx2, fy2] = fractions(ev);
      const clamp2 = (v) => Math.min(1, Math.max(0, v));
      settle();
      if (d.mode === "zoom") {
        const view = pointBox(geo, regionPoint(geo, clamp2(d.fx), clamp2(d.fy)), regionPoint(geo, clamp2(fx2), clamp2(fy2)));
        if (view) setCloud(view);
      } else {
        const a = regionPoint(geo, d.fx, d.fy);
        const b = regionPoint(geo, fx2, fy2);
        setCloud(pointZoom(geo, 0, 0, 1, a[0] - b[0], a[1] - b[1]));
      }
      return;
    }
    if (!frame) return;
    const L = layout(frame);
    const [fx, fy] = fractions(ev);
    const clamp = (v) => Math.min(1, Math.max(0, v));
    if (d.mode === "zoom") {
      const a = pointAt(frame, clamp(d.fx), clamp(d.fy));
      const b = pointAt(frame, clamp(fx), clamp(fy));
      request(boxWindow(a, b, L.rows, L.cols));
    } else {
      const a = pointAt(frame, d.fx, d.fy);
      const b = pointAt(frame, fx, fy);
      settle();
      request(panWindow(viewOf(frame), Math.round(a[0] - b[0]), Math.round(a[1] - b[1]), L.rows, L.cols));
    }
  };
  const onClick = (ev) => {
    if (moved) {
      ev.stopImmediatePropagation();
      moved = false;
    }
  };
  const onWheel = (ev) => {
    const frame = grid();
    if (!(ev.ctrlKey || ev.metaKey)) return;
    if (!frame && cloud()) {
      ev.preventDefault();
      const geo = geometry();
      const [fx2, fy2] = fractions(ev);
      const [y, x] = regionPoint(geo, fx2, fy2);
      setCloud(pointZoom(geo, y, x, Math.exp(-ev.deltaY * 2e-3)));
      return;
    }
    if (!frame) return;
    ev.preventDefault();
    const L = layout(frame);
    const [fx, fy] = fractions(ev);
    const [row, col] = pointAt(frame, fx, fy);
    const base = wheelView || viewOf(frame);
    wheelView = zoomAbout(base, row, col, Math.exp(-ev.deltaY * 2e-3), L.rows, L.cols);
    if (!wheelView.length) wheelView = [0, L.rows, 0, L.cols];
    preview(wheelView);
    clearTimeout(wheelTimer);
    wheelTimer = window.setTimeout(() => {
      const target = wheelView || [];
      wheelView = null;
      request(clampWindow(target, L.rows, L.cols));
    }, WHEEL_MS);
  };
  const onKey = (ev) => {
    const frame = grid();
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!frame && cloud() && Object.hasOwn(ZOOM_KEYS, ev.key)) {
      ev.preventDefault();
      ev.stopPropagation();
      const geo = geometry();
      const factor = ZOOM_KEYS[ev.key];
      const mid = regionPoint(geo, 0.5, 0.5);
      setCloud(factor === 0 ? null : pointZoom(geo, mid[0], mid[1], factor));
      return;
    }
    if (!frame) return;
    const L = layout(frame);
    const sel = model.get("selected");
    const target = keyWindow(ev.key, viewOf(frame), Array.isArray(sel) && sel.length === 2 ? sel : null, L.rows, L.cols);
    if (!target) return;
    ev.preventDefault();
    ev.stopPropagation();
    request(target);
  };
  const onReset = () => cloud() ? setCloud(null) : request([]);
  const onDbl = () => {
    if (grid()) request([]);
    else if (cloud()) setCloud(null);
  };
  canvas.addEventListener("mousedown", onDown);
  canvas.addEventListener("click", onClick, true);
  canvas.addEventListener("wheel", onWheel, { passive: false });
  canvas.addEventListener("dblclick", onDbl);
  canvas.addEventListener("keydown", onKey);
  reset.addEventListener("click", onReset);
  model.on("change:zoom", show);
  show();
  return {
    show,
    settle,
    dispose() {
      clearTimeout(wheelTimer);
      canvas.removeEventListener("mousedown", onDown);
      canvas.removeEventListener("click", onClick, true);
      canvas.removeEventListener("wheel", onWheel);
      canvas.removeEventListener("dblclick", onDbl);
      canvas.removeEventListener("keydown", onKey);
      reset.removeEventListener("click", onReset);
      window.removeEventListener("mousemove", onMove);
      window.removeEventListener("mouseup", onUp);
      model.off("change:zoom", show);
      zoombox.remove();
      reset.remove();
    }
  };
}

// src/heatmap.js
function batched(fn, d) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      if (!d.disposed) fn();
    });
  };
}
function renderHeatmap({ model, el }) {
  const d = new Disposer();
  const get = (name) => model.get(name);
  let frame = EMPTY_FRAME;
  let xa = null;
  let ya = null;
  let pointView = null;
  let size = MAX_SIZE;
  let box = { w: MAX_SIZE, h: MAX_SIZE };
  let lastLimits = null;
  const geometry = () => ({ frame, xa, ya, w: box.w, h: box.h });
  const limits = createLimits();
  const toolbar = createToolbar({ model, limits: () => lastLimits, redraw: () => scheduleDraw() });
  const v = buildView(toolbar.el);
  el.appendChild(v.root);
  d.add(() => v.root.remove());
  d.add(toolbar.dispose);
  const raster = createRaster(v.canvas);
  const pointer = createPointer({ model, canvas: v.canvas, overlay: v.overlay, readout: v.readout, geometry });
  d.add(pointer.dispose);
  const region = createRegion({ model, canvas: v.canvas, stack: v.stack, root: v.root, geometry });
  d.add(region.dispose);
  const zoom = createZoom({
    model,
    canvas: v.canvas,
    stack: v.stack,
    root: v.root,
    geometry,
    pointView: (...view) => {
      if (view.length) {
        pointView = view[0];
        loadAxes();
        scheduleDraw();
      }
      return pointView;
    }
  });
  d.add(zoom.dispose);
  d.add(watchSnapshots(model, el));
  function draw() {
    showTitle(v, get("title") || "");
    showPlot(v, frame);
    const { mode } = frame;
    const id = frame.id === null ? "" : String(frame.id);
    if (!isDrawn(frame)) {
      pointer.clearHover();
      pointer.updateReadout();
      lastLimits = null;
      toolbar.sync();
      const colormap = String(get("colormap"));
      markDrawn(v.root, { "frame-id": id, clim: "", colormap, scale: String(get("scale")), mode });
      return;
    }
    const scale = get("scale");
    const traits = { scale, clim: get("clim"), lock: get("lock_clim"), percentiles: get("auto_percentiles") };
    lastLimits = limits.inForce(frame, traits);
    const norm = makeNorm(scale, lastLimits[0], lastLimits[1], frame.stats.minPositive);
    const lut = getLUT(get("colormap"), !!get("reverse_colormap"));
    box = imageBox(size, imageRatio(frame, xa, ya, get("aspect") !== "auto"));
    placeBox(v, size, box);
    if (mode === "grid") raster.grid(frame, norm, lut);
    else raster.points(geometry(), norm, lut);
    drawXAxis(v.xAxis, xa, box.w);
    drawYAxis(v.yAxis, ya, box.h);
    const label = withUnits(get("quantity") || "", get("units") || "");
    v.colorbar.update({ lut, norm, label, height: box.h, hasNaN: frame.stats.hasNaN });
    pointer.showSelection();
    region.show();
    zoom.show();
    toolbar.sync();
    const clim = `${norm.lo},${norm.hi}`;
    const reverse = String(!!get("reverse_colormap"));
    const win = mode === "grid" ? viewOf(frame).join(",") : "";
    markDrawn(v.root, { window: win, "frame-id": id, clim, colormap: String(get("colormap")), reverse, scale: norm.scale, mode });
  }
  function safeDraw() {
    try {
      draw();
    } catch (err) {
      showError(v, err);
    }
  }
  const scheduleDraw = batched(safeDraw, d);
  const loadAxes = () => {
    [xa, ya] = frameAxes(frame, get("x_axis"), get("y_axis"));
    if (pointView && frame.mode === "points" && xa && ya) {
      xa = withRange(xa, ...pointView.x);
      ya = withRange(ya, ...pointView.y);
    }
  };
  const onFrame = () => {
    const next = decodeFrame(get("frame"));
    if (next.mode !== "points" || next.n !== frame.n) pointView = null;
    frame = next;
    zoom.settle();
    pointer.clearHover();
    loadAxes();
    scheduleDraw();
  };
  d.onModel(model, "change:frame", onFrame);
  d.onModel(model, "change:x_axis change:y_axis", () => {
    loadAxes();
    scheduleDraw();
  });
  d.onModel(model, "change:lock_clim", () => {
    limits.lockChanged(get("lock_clim"), lastLimits);
    scheduleDraw();
  });
  d.onModel(
    model,
    "change:colormap change:reverse_colormap change:scale change:clim change:auto_percentiles change:aspect change:title change:quantity change:units",
    scheduleDraw
  );
  d.onModel(model, "change:drag_mode", () => toolbar.sync());
  d.onModel(model, "change:selected", () => {
    if (isDrawn(frame)) pointer.showSelection();
  });
  if (typeof ResizeObserver !== "undefined") {
    const ro = new ResizeObserver(() => {
      const next = fitSize(el.clientWidth, size);
      if (next !== size) {
        size = next;
        scheduleDraw();
      }
    });
    ro.observe(el);
    d.add(() => ro.disconnect());
  }
  onFrame();
  safeDraw();
  return () => d.dispose();
}

// src/link.js
function lineOf(index, lines, count) {
  if (!index || !lines || !lines.target || !lines.along) return -1;
  const at = lines.at || {};
  for (const name of Object.keys(at)) {
    if (Number(index[name]) !== Number(at[name])) return -1;
  }
  const j = Number(index[lines.along]) - Number(lines.start);
  return Number.isInteger(j) && j >= 0 && j < count ? j : -1;
}
function pick(index, dims) {
  if (!Array.isArray(dims) || dims.length === 0) return null;
  const out = dims.map((d) => Number(index[d]));
  return out.every(Number.isInteger) ? out : null;
}
function updates(index, links, lines, decoded) {
  const out = [];
  index = index || {};
  links = links || {};
  const sel = pick(index, links.image);
  if (links.heatmap && sel) out.push({ id: links.heatmap, name: "selected", value: sel });
  const sel2 = pick(index, links.second_dims);
  if (links.second && sel2) out.push({ id: links.second, name: "selected", value: sel2 });
  if (!decoded || decoded.shape.length < 2) return out;
  const j = lineOf(index, lines, decoded.shape[0]);
  if (j < 0) return out;
  const size = decoded.shape.slice(1).reduce((a, b) => a * b, 1);
  const row = decoded.data.subarray ? (
    /** @type {Float64Array} */
    decoded.data.subarray(j * size, (j + 1) * size)
  ) : Array.prototype.slice.call(decoded.data, j * size, (j + 1) * size);
  const key = `${lines.token}:${j}`;
  if (lines.target === "plot" && links.line) {
    out.push({ id: links.line, name: "y", value: Float64Array.from(row), key });
    const step = Number(index[lines.step ?? ""]);
    if (links.dot && Number.isInteger(step) && step >= 0 && step < size) {
      out.push({ id: links.dot, name: "y", value: Float64Array.of(row[step]), key });
    }
  } else if (lines.target === "second" && links.second && decoded.shape.length === 3) {
    const tpl = lines.frame || {};
    const [h2, w] = decoded.shape.slice(1);
    const bytes = new Float32Array(row).buffer;
    out.push({
      id: links.second,
      name: "frame",
      key,
      value: {
        id: Number(lines.token) + j,
        mode: "grid",
        data: { buffer: new DataView(bytes), dtype: "float32", shape: [h2, w] },
        binning: tpl.binning ?? 1,
        full_shape: tpl.full_shape ?? [h2, w],
        offset: tpl.offset ?? [0, 0]
      }
    });
  }
  return out;
}
function differs(name, current, value) {
  if (name === "frame") return !current || current.id !== value.id;
  if (current == null || current.length !== value.length) return true;
  for (let i = 0; i < value.length; i++) {
    const a = Number(current[i]);
    const b = Number(value[i]);
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return true;
  }
  return false;
}
function startLinks(model) {
  const models = /* @__PURE__ */ new Map();
  const pending = /* @__PURE__ */ new Set();
  const applied = /* @__PURE__ */ new Map();
  let decodedFor = null;
  let decoded = null;
  let disposed = false;
  let scheduled = false;
  function resolve(id) {
    if (models.has(id) || pending.has(id) || !model.widget_manager) return;
    pending.add(id);
    Promise.resolve(model.widget_manager.get_model(id)).then((m) => {
      pending.delete(id);
      if (m && !disposed) {
        models.set(id, m);
        schedule();
      }
    }).catch(() => pending.delete(id));
  }
  function apply() {
    scheduled = false;
    if (disposed) return;
    const lines = model.get("lines") || {};
    if (lines !== decodedFor) {
      decodedFor = lines;
      decoded = tryDecode(lines.data);
    }
    for (const u of updates(model.get("index"), model.get("links"), lines, decoded)) {
      const target = models.get(u.id);
      if (!target) {
        resolve(u.id);
        continue;
      }
      if (u.key !== void 0) {
        const slot = `${u.id}|${u.name}`;
        if (applied.get(slot) === u.key) continue;
        applied.set(slot, u.key);
      }
      if (differs(u.name, target.get(u.name), u.value)) target.set(u.name, u.value);
    }
  }
  function schedule() {
    if (scheduled || disposed) return;
    scheduled = true;
    queueMicrotask(apply);
  }
  model.on("change:index", schedule);
  model.on("change:lines", schedule);
  model.on("change:links", schedule);
  schedule();
  return () => {
    disposed = true;
    model.off("change:index", schedule);
    model.off("change:lines", schedule);
    model.off("change:links", schedule);
  };
}

// src/sliders.js
var INFLIGHT_TIMEOUT_MS = 3e3;
function createInflight(send, opts = {}) {
  const timeout = opts.timeout ?? INFLIGHT_TIMEOUT_MS;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t));
  let inflight = false;
  let pending = null;
  let timer = null;
  function dispatch(index) {
    inflight = true;
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      served();
    }, timeout);
    send(index);
  }
  function served() {
    inflight = false;
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (pending) {
      const next = pending;
      pending = null;
      dispatch(next);
    }
  }
  return {
    /** @param {Record<string, number>} index */
    want(index) {
      if (inflight) pending = { ...index };
      else dispatch({ ...index });
    },
    served,
    get inflight() {
      return inflight;
    },
    get pending() {
      return pending;
    },
    dispose() {
      if (timer !== null) clearTimer(timer);
      timer = null;
      pending = null;
    }
  };
}
function valueText(dim, values, i) {
  const size = Number(dim.size ?? (values ? values.length : 0));
  const pos = `(${i} / ${size})`;
  if (!values || i < 0 || i >= values.length) return pos;
  const units = dim.units ? ` ${dim.units}` : "";
  return `${formatValue(values[i])}${units} ${pos}`;
}
function renderSliders({ model, el }) {
  const d = new Disposer();
  const rowsEl = h("div", { class: "usidw-slider-rows" });
  const fpsIn = h("input", {
    type: "number",
    class: "usidw-num usidw-fps",
    min: 0.1,
    max: 60,
    step: 0.5,
    "aria-label": "Frames per second"
  });
  suppressShortcuts(fpsIn);
  const footer = h("div", { class: "usidw-slider-footer" }, [
    h("label", { class: "usidw-fps-label" }, [fpsIn, "frames / s"])
  ]);
  const root = h("div", { class: "usidw-root usidw-sliders" }, [rowsEl, footer]);
  el.appendChild(root);
  d.add(() => root.remove());
  let shown = { ...model.get("index") || {} };
  const rows = /* @__PURE__ */ new Map();
  const players = /* @__PURE__ */ new Map();
  const inflight = createInflight((index) => {
    model.set("index", index);
    model.save_changes();
  });
  d.add(() => inflight.dispose());
  function want(index) {
    shown = index;
    for (const [name, row] of rows) updateRow(name, row);
    inflight.want(index);
  }
  function updateRow(name, row) {
    const i = Number(shown[name] ?? 0);
    if (Number(row.range.value) !== i) row.range.value = String(i);
    setText(row.text, valueText(row.dim, row.values, i), 48);
    row.range.setAttribute("aria-valuetext", valueText(row.dim, row.values, i));
  }
  function stopAll() {
    for (const name of [...players.keys()]) stop(name);
  }
  function stop(name) {
    const t = players.get(name);
    if (t !== void 0) clearInterval(t);
    players.delete(name);
    const row = rows.get(name);
    if (row) setPlayButton(row, name, false);
  }
  function setPlayButton(row, name, playing) {
    row.play.textContent = playing ? "❚❚" : "▶";
    row.play.setAttribute("aria-label", `${playing ? "Pause" : "Play"} ${name}`);
    row.play.setAttribute("aria-pressed", String(playing));
    row.play.classList.toggle("usidw-playing", playing);
  }
  function start(name) {
    const fps = Math.min(60, Math.max(0.1, Number(model.get("fps")) || 5));
    const row = rows.get(name);
    if (!row) return;
    const size = Number(row.dim.size) || 0;
    if (size < 2) return;
    if (players.has(name)) clearInterval(players.get(name));
    players.set(
      name,
      setInterval(() => {
        const cur = Number(shown[name] ?? 0);
        want({ ...shown, [name]: (cur + 1) % size });
      }, 1e3 / fps)
    );
    setPlayButton(row, name, true);
  }
  function build() {
    stopAll();
    rows.clear();
    while (rowsEl.firstChild) rowsEl.removeChild(rowsEl.firstChild);
    const dims = model.get("dims") || [];
    const hidden = new Set(model.get("hidden") || []);
    shown = { ...model.get("index") || {} };
    for (const dim of dims) {
      const name = String(dim.name ?? "");
      if (hidden.has(name)) continue;
      const size = Math.max(0, Number(dim.size) || 0);
      const dec = tryDecode(dim.values);
      const values = dec ? dec.data : null;
      const range = h("input", {
        type: "range",
        class: "usidw-range-input",
        min: 0,
        max: Math.max(0, size - 1),
        step: 1,
        "aria-label": name
      });
      suppressShortcuts(range);
      const text = h("span", { class: "usidw-slider-value" });
      const play = h("button", { type: "button", class: "usidw-play" });
      suppressShortcuts(play);
      const label = h("span", { class: "usidw-slider-name" });
      setText(label, name, 24);
      const rowEl = h("div", { class: "usidw-slider-row" }, [label, range, text, play]);
      rowsEl.appendChild(rowEl);
      const row = { range, text, play, dim, values };
      rows.set(name, row);
      setPlayButton(row, name, false);
      updateRow(name, row);
      range.addEventListener("input", () => {
        const i = Math.round(Number(range.value));
        if (i !== Number(shown[name])) want({ ...shown, [name]: i });
      });
      play.addEventListener("click", () => players.has(name) ? stop(name) : start(name));
    }
    footer.hidden = rows.size === 0;
    root.classList.toggle("usidw-empty", rows.size === 0);
  }
  function syncFps() {
    if (root.ownerDocument.activeElement !== fpsIn) fpsIn.value = String(model.get("fps") ?? 5);
  }
  d.listen(fpsIn, "change", () => {
    const v = Number(fpsIn.value);
    if (!(v >= 0.1 && v <= 60)) {
      syncFps();
      return;
    }
    model.set("fps", v);
    model.save_changes();
  });
  d.onModel(model, "change:dims change:hidden", build);
  d.onModel(model, "change:index", () => {
    if (inflight.inflight || inflight.pending) return;
    shown = { ...model.get("index") || {} };
    for (const [name, row] of rows) updateRow(name, row);
  });
  d.onModel(model, "change:fps", () => {
    syncFps();
    for (const name of [...players.keys()]) start(name);
  });
  d.onModel(model, "msg:custom", (msg) => {
    if (msg && msg.type === "served") inflight.served();
  });
  d.add(stopAll);
  build();
  syncFps();
  return () => d.dispose();
}

// src/tree.js
function rootPaths(nodes) {
  const kids = /* @__PURE__ */ new Set();
  for (const n of Object.values(nodes)) for (const c of n?.children || []) kids.add(c);
  const roots = Object.keys(nodes).filter((p) => !kids.has(p));
  return roots.sort((a, b) => a === "/" ? -1 : b === "/" ? 1 : a.length - b.length || (a < b ? -1 : 1));
}
function ancestors(path) {
  const parts = String(path).split("/").filter(Boolean);
  const out = ["/"];
  for (let i = 1; i < parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return parts.length ? out : [];
}
function progressText(p) {
  if (!p) return "";
  const done = Number(p.done) || 0;
  const total = Number(p.total) || 0;
  if (done === 0) return "not computed";
  return `${done} / ${total} computed`;
}
function nodeMeta(n) {
  if (n.kind === "dataset") {
    const shape = Array.isArray(n.shape) ? n.shape.length ? n.shape.join(" × ") : "scalar" : "";
    return [shape, n.dtype || ""].filter(Boolean).join(" ");
  }
  if (n.kind === "group") {
    const c = Number(n.n_children) || 0;
    return `${c} item${c === 1 ? "" : "s"}`;
  }
  return n.kind || "";
}
var baseName = (p) => String(p).split("/").filter(Boolean).pop() || "/";
function renderTree({ model, el }) {
  const d = new Disposer();
  const treeEl = h("ul", { class: "usidw-tree-view", role: "tree", "aria-label": "HDF5 file" });
  suppressShortcuts(treeEl);
  const details = h("div", { class: "usidw-details", "aria-live": "polite" });
  const root = h("div", { class: "usidw-root usidw-tree" }, [treeEl, details]);
  el.appendChild(root);
  d.add(() => root.remove());
  const expanded = /* @__PURE__ */ new Set();
  const loading = /* @__PURE__ */ new Set();
  let focused = "";
  let revealPending = true;
  let initialised = false;
  let visible = [];
  let items = /* @__PURE__ */ new Map();
  const nodes = () => (
    /** @type {Record<string, TreeNode>} */
    model.get("nodes") || {}
  );
  function expand(path) {
    const n = nodes()[path];
    if (!n || n.kind !== "group") return;
    expanded.add(path);
    if (n.children == null && !loading.has(path)) {
      loading.add(path);
      model.send({ type: "expand", path });
    }
  }
  function reveal() {
    const current = model.get("current") || "";
    if (!current) {
      revealPending = false;
      return;
    }
    const all = nodes();
    let done = true;
    for (const a of ancestors(current)) {
      const n = all[a];
      if (!n) continue;
      if (n.children == null) done = false;
      else expanded.add(a);
    }
    if (done && all[current]) {
      revealPending = false;
      focused = current;
    }
  }
  function render2() {
    const all = nodes();
    const roots = rootPaths(all);
    if (!initialised && roots.length) {
      for (const r of roots) expanded.add(r);
      initialised = true;
    }
    for (const p of [...loading]) if (all[p]?.children != null || !all[p]) loading.delete(p);
    if (revealPending) reveal();
    if (!focused || !all[focused]) focused = roots[0] || "";
    const hadFocus = treeEl.contains(root.ownerDocument.activeElement);
    const current = model.get("current") || "";
    visible = [];
    items = /* @__PURE__ */ new Map();
    clear(treeEl);
    const seen = /* @__PURE__ */ new Set();
    const addItem = (path, parentEl, depth, parent) => {
      const n = all[path];
      if (!n || seen.has(path)) return;
      seen.add(path);
      const name = n.name || baseName(path);
      const isGroup = n.kind === "group";
      const open = isGroup && expanded.has(path);
      const li2 = h("li", {
        role: "treeitem",
        class: `usidw-node usidw-kind-${n.kind || "link"}`,
        "aria-label": name,
        "aria-level": depth + 1,
        tabindex: path === focused ? 0 : -1,
        "data-path": path
      });
      suppressShortcuts(li2);
      if (isGroup) li2.setAttribute("aria-expanded", String(open));
      if (path === current) {
        li2.setAttribute("aria-selected", "true");
        li2.classList.add("usidw-current");
      }
      if (path === focused) li2.classList.add("usidw-focused");
      const row = h("div", { class: "usidw-node-row", title: path });
      row.style.paddingLeft = `${4 + depth * 14}px`;
      row.appendChild(h("span", { class: "usidw-twisty", "aria-hidden": "true", text: isGroup ? open ? "▾" : "▸" : "" }));
      row.appendChild(setText(h("span", { class: "usidw-node-name" }), name, 36));
      if (n.is_main) row.appendChild(h("span", { class: "usidw-badge", text: "Main", title: "USID Main dataset: click to show" }));
      const extra = h("span", { class: "usidw-node-extra" });
      const full = [];
      if (n.progress) {
        const text = progressText(n.progress);
        const cls = `usidw-progress${Number(n.progress.done) ? "" : " usidw-not-computed"}`;
        extra.appendChild(h("span", { class: cls, text }));
        full.push(text);
      }
      if (Array.isArray(n.ancillary_of) && n.ancillary_of.length) {
        const text = `ancillary of ${n.ancillary_of.map(baseName).join(", ")}`;
        extra.appendChild(h("span", { class: "usidw-node-note", text }));
        full.push(`ancillary of ${n.ancillary_of.join(", ")}`);
      }
      if (n.note) {
        const text = String(n.note).slice(0, 200);
        extra.appendChild(h("span", { class: "usidw-node-note", text }));
        full.push(String(n.note));
      }
      const meta = nodeMeta(n);
      if (meta) {
        extra.appendChild(h("span", { class: "usidw-node-meta", text: meta }));
        full.push(meta);
      }
      if (full.length) {
        extra.setAttribute("title", full.join(" · "));
        row.appendChild(extra);
      }
      li2.appendChild(row);
      parentEl.appendChild(li2);
      visible.push({ path, li: li2, parent });
      items.set(path, li2);
      if (open) {
        const ul = h("ul", { role: "group", class: "usidw-group" });
        li2.appendChild(ul);
        if (n.children == null) {
          ul.appendChild(h("li", { role: "none", class: "usidw-loading", text: "loading…" }));
        } else {
          for (const c of n.children) addItem(c, ul, depth + 1, path);
        }
      }
    };
    for (const r of roots) addItem(r, treeEl, 0, null);
    if (!items.has(focused) && visible.length) focused = visible[0].path;
    const li = items.get(focused);
    if (li) {
      li.tabIndex = 0;
      li.classList.add("usidw-focused");
      if (hadFocus) li.focus({ preventScroll: true });
    }
    if (!visible.length) {
      treeEl.appendChild(h("li", { role: "none", class: "usidw-loading", text: "empty" }));
    }
    renderDetails();
  }
  function renderDetails() {
    clear(details);
    const n = nodes()[focused];
    if (!n) return;
    details.appendChild(setText(h("div", { class: "usidw-details-path" }), focused, 60));
    const bits = [n.kind, nodeMeta(n)];
    if (n.is_main) bits.push("USID Main dataset");
    if (n.progress) bits.push(progressText(n.progress));
    details.appendChild(setText(h("div", { class: "usidw-details-kind" }), bits.filter(Boolean).join(" · "), 120));
    if (Array.isArray(n.ancillary_of) && n.ancillary_of.length) {
      details.appendChild(
        setText(h("div", { class: "usidw-details-kind" }), `ancillary of ${n.ancillary_of.join(", ")}`, 200)
      );
    }
    const attrs = Array.isArray(n.attrs) ? n.attrs : [];
    if (!attrs.length) {
      details.appendChild(h("div", { class: "usidw-details-empty", text: "no attributes" }));
      return;
    }
    const tbody = h("tbody");
    for (const pair of attrs) {
      const [k, v] = Array.isArray(pair) ? pair : [String(pair), ""];
      tbody.appendChild(
        h("tr", {}, [
          setText(h("th", { scope: "row" }), String(k), 32),
          setText(h("td"), String(v ?? ""), 120)
        ])
      );
    }
    details.appendChild(
      h("table", { class: "usidw-attrs", "aria-label": "Attributes" }, [
        h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: "attribute" }), h("th", { scope: "col", text: "value" })])]),
        tbody
      ])
    );
  }
  function focusPath(path) {
    if (!items.has(path)) return;
    const old = items.get(focused);
    if (old) {
      old.tabIndex = -1;
      old.classList.remove("usidw-focused");
    }
    focused = path;
    const li = items.get(path);
    li.tabIndex = 0;
    li.classList.add("usidw-focused");
    li.focus({ preventScroll: false });
    renderDetails();
  }
  function toggle(path) {
    const n = nodes()[path];
    if (!n || n.kind !== "group") return;
    if (expanded.has(path)) expanded.delete(path);
    else expand(path);
    render2();
  }
  function activate(path) {
    const n = nodes()[path];
    if (!n) return;
    if (n.kind === "group") toggle(path);
    else if (n.is_main) {
      model.set("selected", path);
      model.save_changes();
    }
  }
  d.listen(treeEl, "click", (ev) => {
    const li = (
      /** @type {HTMLElement} */
      ev.target.closest?.("li[role=treeitem]")
    );
    if (!li || !treeEl.contains(li)) return;
    const path = li.getAttribute("data-path");
    focusPath(path);
    activate(path);
    items.get(focused)?.focus({ preventScroll: true });
  });
  d.listen(treeEl, "keydown", (ev) => {
    const e = (
      /** @type {KeyboardEvent} */
      ev
    );
    const i = visible.findIndex((v) => v.path === focused);
    if (i < 0) return;
    const cur = visible[i];
    const n = nodes()[cur.path];
    const isGroup = n?.kind === "group";
    let handled = true;
    switch (e.key) {
      case "ArrowDown":
        if (i + 1 < visible.length) focusPath(visible[i + 1].path);
        break;
      case "ArrowUp":
        if (i > 0) focusPath(visible[i - 1].path);
        break;
      case "Home":
        focusPath(visible[0].path);
        break;
      case "End":
        focusPath(visible[visible.length - 1].path);
        break;
      case "ArrowRight":
        if (isGroup && !expanded.has(cur.path)) {
          expand(cur.path);
          render2();
        } else if (isGroup && n.children && n.children.length && items.has(n.children[0])) {
          focusPath(n.children[0]);
        }
        break;
      case "ArrowLeft":
        if (isGroup && expanded.has(cur.path)) {
          expanded.delete(cur.path);
          render2();
        } else if (cur.parent) focusPath(cur.parent);
        break;
      case "Enter":
      case " ":
        activate(cur.path);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
      items.get(focused)?.focus({ preventScroll: false });
    }
  });
  d.onModel(model, "change:nodes", render2);
  d.onModel(model, "change:current", () => {
    revealPending = true;
    render2();
  });
  render2();
  return () => d.dispose();
}

// src/index.js
var VIEWS = {
  heatmap: renderHeatmap,
  sliders: renderSliders,
  tree: renderTree
};
function render({ model, el }) {
  const kind = model.get("_kind");
  const view = VIEWS[kind];
  if (!view) {
    const note = h("div", {
      class: "usidw-root usidw-message",
      text: `usid_widgets: unknown widget kind ${JSON.stringify(kind)}`
    });
    el.appendChild(note);
    return () => note.remove();
  }
  return view({ model, el });
}
function initialize({ model }) {
  if (model.get("_kind") === "sliders") return startLinks(model);
  return void 0;
}
var index_default = { initialize, render };
export {
  index_default as default
};
