// The sliders' model is the explorer's hub in the browser. On every change of its `index` (from
// the kernel, or from a slider here) it moves the heatmaps' crosshairs, and when the kernel has
// sent the lines beside the selected one (`lines`) it draws the new spectrum or diffraction
// plane at once: scrubbing needs no kernel round trip, and a step from Python costs one small
// message. A step of the plot's own dim moves the plot's marker and dot here too. The kernel
// records the same values on its side (usid_widgets/widgets/mirror.py); the golden tables
// held_line.json, step_mark.json and held_steps.json (tests/golden) prove the two agree.
// The maps work the same way with frames the browser asks for (frames.js): a step onto a held
// frame sets the heatmap's `frame` here, and the kernel records it without sending it.

import { tryDecode } from "./decode.js";
import { Disposer } from "./dom.js";
import { batchSize, createFrameCache, frameKey, moved, sameWindow } from "./frames.js";
import { attachPlotReadout, domainOf } from "./plot-readout.js";

/**
 * @typedef {{heatmap?: string, image?: string[], second?: string, second_dims?: string[],
 *   line?: string, dot?: string, marker?: string, step?: string,
 *   readout?: import("./plot-readout.js").ReadoutSpec & {line: string}}} Links
 * `readout`: the plot's hover readout (plot-readout.js): its line model, dim, units, labels.
 * @typedef {{target?: "plot"|"second", token?: number, along?: string, start?: number,
 *   at?: Record<string, number>, data?: any, step?: string,
 *   frame?: {full_shape?: number[], binning?: number, offset?: number[]}}} Lines
 * @typedef {{id: string, name: string, value: any, key?: string}} Update
 * `key` names the held line an update comes from: the hub applies it once per line, so a
 * step of the plot's own dim (which the kernel answers: marker and dot) leaves it alone.
 */

/** @type {WeakMap<any, (index: Record<string, number>|null) => void>} the hubs by model */
const hubs = new WeakMap();

/**
 * The sliders show `index` while their change to the kernel waits (sliders.js, in flight):
 * the hub draws it (a held line or map) without the model taking it, whose index an echo of
 * the change in flight may set back; null when the model takes the index again.
 * @param {any} model the sliders model
 * @param {Record<string, number>|null} index
 */
export function showIndex(model, index) {
  hubs.get(model)?.(index);
}

/** A request for frames unanswered this long is given up (the next one may go). */
export const ASK_TIMEOUT_MS = 10000;
/** After a batch the kernel could not fill, the next request waits this long. */
export const IDLE_MS = 1000;

/**
 * The line of `lines` that `index` selects, or -1.
 * @param {Record<string, number>} index
 * @param {Lines} lines
 * @param {number} count lines held
 */
export function lineOf(index, lines, count) {
  if (!index || !lines || !lines.target || !lines.along) return -1;
  const at = lines.at || {};
  for (const name of Object.keys(at)) {
    if (Number(index[name]) !== Number(at[name])) return -1;
  }
  const j = Number(index[lines.along]) - Number(lines.start);
  return Number.isInteger(j) && j >= 0 && j < count ? j : -1;
}

/**
 * The index of `dims`, or null when one is missing.
 * @param {Record<string, number>} index
 * @param {string[]|undefined} dims
 */
function pick(index, dims) {
  if (!Array.isArray(dims) || dims.length === 0) return null;
  const out = dims.map((d) => Number(index[d]));
  return out.every(Number.isInteger) ? out : null;
}

/**
 * Every model attribute the hub sets for this state.
 * @param {Record<string, number>} index
 * @param {Links} links
 * @param {Lines} lines
 * @param {{data: ArrayLike<number>, shape: number[]}|null} decoded `lines.data` decoded
 * @returns {Update[]}
 */
export function updates(index, links, lines, decoded) {
  /** @type {Update[]} */
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
  const row = decoded.data.subarray
    ? /** @type {Float64Array} */ (decoded.data).subarray(j * size, (j + 1) * size)
    : Array.prototype.slice.call(decoded.data, j * size, (j + 1) * size);
  const key = `${lines.token}:${j}`;
  if (lines.target === "plot" && links.line) {
    out.push({ id: links.line, name: "y", value: Float64Array.from(row), key });
    const step = Number(index[lines.step ?? ""]);
    if (links.dot && Number.isInteger(step) && step >= 0 && step < size) {
      out.push({ id: links.dot, name: "y", value: Float64Array.of(row[step]), key });
    }
  } else if (lines.target === "second" && links.second && decoded.shape.length === 3) {
    const tpl = lines.frame || {};
    const [h, w] = decoded.shape.slice(1);
    const bytes = new Float32Array(row).buffer;
    out.push({
      id: links.second,
      name: "frame",
      key,
      value: {
        id: Number(lines.token) + j,
        mode: "grid",
        data: { buffer: new DataView(bytes), dtype: "float32", shape: [h, w] },
        binning: tpl.binning ?? 1,
        full_shape: tpl.full_shape ?? [h, w],
        offset: tpl.offset ?? [0, 0],
      },
    });
  }
  return out;
}

/**
 * The plot's marker and dot at `index[links.step]`, placed on the line on show (`x`, `y`: the
 * line model's): a step of the plot's own dim moves them here, with no kernel message. None
 * where the value there is not finite: the kernel places the dot then (at the bottom).
 * @param {Record<string, number>} index
 * @param {Links} links
 * @param {ArrayLike<number>|null|undefined} x
 * @param {ArrayLike<number>|null|undefined} y
 * @returns {Update[]}
 */
export function stepUpdates(index, links, x, y) {
  if (!links || !links.marker || !links.dot || !links.step || !x || !y) return [];
  const step = Number((index || {})[links.step]);
  if (!Number.isInteger(step) || step < 0 || step >= x.length || step >= y.length) return [];
  const xv = Number(x[step]);
  const yv = Number(y[step]);
  if (!Number.isFinite(xv) || !Number.isFinite(yv)) return [];
  return [
    { id: links.marker, name: "x", value: Float64Array.of(xv, xv) },
    { id: links.dot, name: "x", value: Float64Array.of(xv) },
    { id: links.dot, name: "y", value: Float64Array.of(yv) },
  ];
}

/**
 * Whether setting `value` would change `current` (frames compare by id, arrays by content).
 * @param {string} name
 * @param {any} current
 * @param {any} value
 */
export function differs(name, current, value) {
  if (name === "frame") return !current || current.id !== value.id;
  if (current == null || current.length !== value.length) return true;
  for (let i = 0; i < value.length; i++) {
    const a = Number(current[i]);
    const b = Number(value[i]);
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return true;
  }
  return false;
}

/**
 * Drive the linked models from a sliders model; returns the cleanup function.
 * @param {any} model the sliders model (an anywidget model with `widget_manager`)
 */
export function startLinks(model) {
  const d = new Disposer();
  /** listeners on the watched line model */
  const lineListeners = new Disposer();
  d.add(() => lineListeners.dispose());
  /** @type {Map<string, any>} resolved models by id */
  const models = new Map();
  /** @type {Set<string>} ids being resolved */
  const pending = new Set();
  /** @type {Map<string, string>} "id|name" -> key of the held line last applied there */
  const applied = new Map();
  let decodedFor = null;
  /** @type {{data: ArrayLike<number>, shape: number[]}|null} */
  let decoded = null;
  let disposed = false;
  let scheduled = false;
  /** @type {any} the plot's line model, watched: the marker sits on its values */
  let watched = null;
  // the maps held ahead (frames.js); `asking`: the request in flight
  const cache = createFrameCache();
  /** @type {import("./frames.js").Motion} */
  let motion = { dims: [], dir: 1 };
  /** @type {Record<string, number>|null} */
  let lastIndex = null;
  /** @type {{token: number, at: number}|null} */
  let asking = null;
  /** @type {number|null} bytes per second the last batches came at */
  let rate = null;
  let nextAt = 0;
  /** @type {any} */
  let askTimer = null;

  function resolve(id) {
    if (models.has(id) || pending.has(id) || !model.widget_manager) return;
    pending.add(id);
    Promise.resolve(model.widget_manager.get_model(id))
      .then((m) => {
        pending.delete(id);
        if (m && !disposed) {
          models.set(id, m);
          schedule();
        }
      })
      .catch(() => pending.delete(id));
  }

  /** @param {Update[]} list */
  function set(list) {
    for (const u of list) {
      const target = models.get(u.id);
      if (!target) {
        resolve(u.id); // applied once the model is known
        continue;
      }
      if (u.key !== undefined) {
        const slot = `${u.id}|${u.name}`;
        if (applied.get(slot) === u.key) continue; // this line is on show already
        applied.set(slot, u.key);
      }
      if (differs(u.name, target.get(u.name), u.value)) target.set(u.name, u.value);
    }
  }

  /** @param {any} line the line model to follow, or null */
  function watch(line) {
    if (line === watched) return;
    lineListeners.flush();
    if (line) {
      lineListeners.listen(line, "change:x", schedule);
      lineListeners.listen(line, "change:y", schedule);
    }
    watched = line;
  }

  function apply() {
    scheduled = false;
    if (disposed) return;
    const lines = model.get("lines") || {};
    if (lines !== decodedFor) {
      decodedFor = lines;
      decoded = tryDecode(lines.data);
    }
    const index = ahead ?? model.get("index");
    const links = model.get("links") || {};
    set(updates(index, links, lines, decoded));
    set(heldFrame(index, links));
    ask();
    // after the line's own update: the dot sits on the line now on show; a new line from the
    // kernel (change:y) places them again, so the two always agree
    const line = links.line ? models.get(links.line) : null;
    if (links.line && !line) resolve(links.line);
    // the readout's line is the same model; watched also while the marker is off
    watch(line || readoutLine(links));
    if (line) set(stepUpdates(index, links, line.get("x"), line.get("y")));
    readout?.refresh();
  }

  /** @returns {import("./frames.js").Ctx|null} the kernel's offer of frames ahead */
  function offer() {
    const ctx = model.get("frames");
    if (!ctx || !Number.isInteger(ctx.token) || !Array.isArray(ctx.dims) || !ctx.dims.length) return null;
    if (cache.token !== ctx.token) cache.reset(ctx.token); // anything that changes the map changed
    return ctx;
  }

  /**
   * The heatmap's frame when the index is on a held frame that draws in the window on show.
   * @param {Record<string, number>} index
   * @param {Links} links
   * @returns {Update[]}
   */
  function heldFrame(index, links) {
    const ctx = offer();
    motion = moved(motion, lastIndex, index, ctx);
    lastIndex = { ...index };
    const hm = links.heatmap ? models.get(links.heatmap) : null;
    if (links.heatmap && !hm) resolve(links.heatmap);
    if (!ctx || !hm) return [];
    const entry = cache.get(frameKey(index, ctx.dims));
    if (!entry || !sameWindow(entry.frame, hm.get("frame"))) return [];
    return [{ id: links.heatmap, name: "frame", value: entry.frame }];
  }

  /** Ask for the next batch of frames ahead: one request in flight, paced by the link. */
  function ask() {
    const ctx = offer();
    const now = performance.now();
    if (!ctx || disposed || (asking && now - asking.at < ASK_TIMEOUT_MS)) return;
    if (now < nextAt) {
      if (askTimer === null) {
        askTimer = setTimeout(() => {
          askTimer = null;
          ask();
        }, nextAt - now);
      }
      return;
    }
    const plan = cache.plan(model.get("index") || {}, ctx, motion, batchSize(rate, ctx.frame_bytes));
    if (!plan.want.length && !plan.drop.length) return;
    asking = { token: ctx.token, at: now };
    model.send({ type: "frames", token: ctx.token, want: plan.want, drop: plan.drop });
  }

  /**
   * A batch of frames from the kernel (the answer to the request in flight).
   * @param {any} msg
   * @param {any[]} buffers
   */
  function received(msg, buffers) {
    if (!asking || asking.token !== msg.token) return;
    const now = performance.now();
    const elapsed = Math.max(1, now - asking.at);
    asking = null;
    const ctx = offer();
    if (!ctx || ctx.token !== msg.token) return ask();
    const frames = (msg.frames || []).map((f, i) => {
      const buffer = buffers[i];
      const data = { ...f.frame.data, buffer };
      return { sub: f.sub, frame: { ...f.frame, data }, bytes: buffer.byteLength };
    });
    const total = frames.reduce((s, f) => s + f.bytes, 0);
    if (total > 0) rate = rate === null ? (total * 1000) / elapsed : (rate + (total * 1000) / elapsed) / 2;
    cache.settle(frames, ctx.dims);
    // ahead frames take at most half the link's time; nothing granted: ask again later
    nextAt = now + (frames.length ? elapsed : IDLE_MS);
    schedule(); // the index on show may be among them
  }

  /** @param {Links} links */
  function readoutLine(links) {
    const id = links.readout?.line;
    if (!id) return null;
    const line = models.get(id);
    if (!line) resolve(id);
    return line || null;
  }

  /** @returns {import("./plot-readout.js").ReadoutSource|null} */
  function readoutSource() {
    const links = model.get("links") || {};
    const line = readoutLine(links);
    if (!line || disposed) return null;
    const x = line.get("x");
    const y = line.get("y");
    if (!x || !y) return null;
    const scale = line.get("scales")?.x;
    const domain = domainOf(scale?.get?.("min"), scale?.get?.("max"), x);
    const step = Number((model.get("index") || {})[links.readout.dim]);
    return { spec: links.readout, x, y, domain, selected: Number.isInteger(step) ? step : null };
  }

  const readout = typeof document === "undefined" ? null : attachPlotReadout(document, readoutSource);
  if (readout) d.add(() => readout.dispose());

  function schedule() {
    // index, lines and links of one kernel message arrive as separate change events
    if (scheduled || disposed) return;
    scheduled = true;
    queueMicrotask(apply);
  }

  d.listen(model, "change:index", schedule);
  d.listen(model, "change:lines", schedule);
  d.listen(model, "change:links", schedule);
  d.listen(model, "change:frames", schedule);
  /** @type {Record<string, number>|null} the index the sliders show ahead of the model */
  let ahead = null;
  hubs.set(model, (index) => {
    ahead = index ? { ...index } : null;
    schedule();
  });
  d.add(() => hubs.delete(model));
  d.listen(model, "msg:custom", (msg, buffers) => {
    if (msg && msg.type === "frames") received(msg, buffers || []);
    // the kernel recorded a held frame after sending one of its own, which may have arrived
    // after the held one was drawn: draw the held frame of the index again
    if (msg && msg.type === "draw_held") schedule();
  });
  d.add(() => askTimer !== null && clearTimeout(askTimer));
  d.add(() => {
    disposed = true;
  });
  schedule();
  return () => d.dispose();
}
