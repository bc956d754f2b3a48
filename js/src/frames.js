// The maps held in the browser beside the one on show (issue 20): the one owner of the rule
// "which neighbouring frames to hold, which to drop, how many to ask for now". No DOM, no model.
//
// The kernel offers frames ahead with `DimensionSliders.frames` (`ctx`: token, the dims whose
// step changes the map, their sizes, the byte budget, the frame's window); the browser asks for
// batches of them (a message, one batch in flight, sized and paced by the rate the previous
// batches arrived at) and the kernel never sends one unasked. A frame is held under the index
// of the stepped dims (`frameKey`); a step onto a held frame is drawn by link.js at once, and
// the kernel records it without sending the frame (usid_widgets/widgets/frames.py).

/** Seconds of link time one batch may take at the measured rate. */
export const BATCH_SECONDS = 0.1;
/** Most frames asked for in one batch. */
export const MAX_BATCH = 8;
/** Share of the held budget kept for the dim stepped before the last one. */
export const OTHER_SHARE = 0.25;

/**
 * @typedef {{token: number, dims: string[], sizes: Record<string, number>, bytes: number,
 *   frame_bytes: number, window: {binning: number, full_shape: number[], offset: number[]}}} Ctx
 * `DimensionSliders.frames`: `dims` in the order of the file; `frame_bytes` one frame on the wire.
 * @typedef {{key: string, sub: Record<string, number>, frame: any, bytes: number}} Entry
 * @typedef {{dims: string[], dir: number}} Motion the dims stepped, last first; the last step's sign
 */

/**
 * The key of `index` among the frames of `ctx`: the index of its dims, in its order.
 * @param {Record<string, number>} index
 * @param {string[]} dims
 */
export function frameKey(index, dims) {
  return dims.map((d) => `${d}=${Number(index[d])}`).join(",");
}

/**
 * The steps of `ctx.dims` from `index` to `sub` (each the shorter way round: play wraps).
 * @param {Record<string, number>} index
 * @param {Record<string, number>} sub
 * @param {Ctx} ctx
 */
export function distance(index, sub, ctx) {
  let out = 0;
  for (const d of ctx.dims) {
    const n = Number(ctx.sizes[d]) || 1;
    const a = (((Number(sub[d]) - Number(index[d])) % n) + n) % n;
    out += Math.min(a, n - a);
  }
  return out;
}

/**
 * The motion after a change of index: which dim of `dims` stepped (alone), and which way.
 * @param {Motion} motion before
 * @param {Record<string, number>|null} old
 * @param {Record<string, number>} index
 * @param {Ctx|null} ctx
 * @returns {Motion}
 */
export function moved(motion, old, index, ctx) {
  if (!old || !ctx) return motion;
  const changed = ctx.dims.filter((d) => Number(old[d]) !== Number(index[d]));
  if (changed.length !== 1) return motion;
  const d = changed[0];
  const n = Number(ctx.sizes[d]) || 1;
  const fwd = (((Number(index[d]) - Number(old[d])) % n) + n) % n;
  return { dims: [d, ...motion.dims.filter((x) => x !== d)].slice(0, 2), dir: fwd <= n - fwd ? 1 : -1 };
}

/**
 * The frames to hold around `index`, nearest first: along the dim stepped last (its
 * direction first at each distance), then along the one stepped before it (a quarter of the
 * room), as sub-indices over `ctx.dims`. Without a step yet, the first dim of `ctx.dims`.
 * @param {Record<string, number>} index
 * @param {Ctx} ctx
 * @param {Motion} motion
 * @param {number} room frames the budget holds
 * @returns {Record<string, number>[]}
 */
export function wanted(index, ctx, motion, room) {
  const dims = motion.dims.filter((d) => ctx.dims.includes(d));
  if (dims.length === 0 && ctx.dims.length) dims.push(ctx.dims[0]);
  const base = Object.fromEntries(ctx.dims.map((d) => [d, Number(index[d])]));
  /** @param {string} d @param {number} count */
  const along = (d, count) => {
    const n = Number(ctx.sizes[d]) || 1;
    const out = [];
    for (let k = 1; out.length < count && k <= n / 2; k++) {
      for (const s of [motion.dir || 1, -(motion.dir || 1)]) {
        const i = (((base[d] + s * k) % n) + n) % n;
        if (i === base[d] || out.some((o) => o[d] === i) || out.length >= count) continue;
        out.push({ ...base, [d]: i });
      }
    }
    return out;
  };
  room = Math.max(0, Math.floor(room) - 1); // the frame on show takes one
  const other = dims.length > 1 ? along(dims[1], Math.floor(room * OTHER_SHARE)) : [];
  return [...along(dims[0], room - other.length), ...other];
}

/**
 * Frames per batch at `rate` bytes per second (unknown: one).
 * @param {number|null} rate
 * @param {number} frameBytes
 */
export function batchSize(rate, frameBytes) {
  if (!(rate > 0) || !(frameBytes > 0)) return 1;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor((rate * BATCH_SECONDS) / frameBytes)));
}

/**
 * Whether a held frame draws in the window of the frame on show (the zoom and binning it was
 * made for: a zoom made in the browser changes the window before the kernel's next token).
 * @param {any} frame a held frame
 * @param {any} onShow the heatmap's frame
 */
export function sameWindow(frame, onShow) {
  if (!frame || !onShow || onShow.mode !== "grid") return false;
  const eq = (a, b) => Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => Number(v) === Number(b[i]));
  return (
    Number(frame.binning) === Number(onShow.binning) &&
    eq(frame.full_shape, onShow.full_shape) &&
    eq(frame.offset, onShow.offset) &&
    eq(frame.data?.shape, onShow.data?.shape)
  );
}

/**
 * The frames held for the kernel's token on show: `plan` says what to ask for and what to
 * drop (far from the index first), `settle` takes a batch in and lets the dropped ones go.
 * Dropped frames leave only when the kernel's answer to the request naming them arrives: the
 * kernel believes a frame is held until it reads that request, so the browser holds it as long.
 */
export function createFrameCache() {
  /** @type {Map<string, Entry>} */
  const held = new Map();
  /** @type {Set<string>} keys named in the request in flight as dropped */
  let leaving = new Set();
  let token = -1;
  let bytes = 0;

  return {
    /** @param {string} key */
    get(key) {
      return held.get(key) ?? null;
    },
    get token() {
      return token;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return held.size;
    },
    /** Forget everything: another token (anything that changes the frame changed). @param {number} t */
    reset(t) {
      held.clear();
      leaving = new Set();
      bytes = 0;
      token = t;
    },
    /**
     * What to ask for next around `index`: up to `count` missing frames, nearest first, and
     * the held ones to drop (farthest first) to make room within `ctx.bytes`.
     * @param {Record<string, number>} index
     * @param {Ctx} ctx
     * @param {Motion} motion
     * @param {number} count
     * @returns {{want: Record<string, number>[], drop: Record<string, number>[]}}
     */
    plan(index, ctx, motion, count) {
      const per = Math.max(1, Number(ctx.frame_bytes) || 1);
      const room = Math.floor(Number(ctx.bytes) / per);
      const list = wanted(index, ctx, motion, room);
      const keep = new Set([frameKey(index, ctx.dims), ...list.map((s) => frameKey(s, ctx.dims))]);
      const want = list.filter((s) => !held.has(frameKey(s, ctx.dims))).slice(0, Math.max(0, count));
      const far = [...held.values()]
        .filter((e) => !keep.has(e.key) && !leaving.has(e.key))
        .sort((a, b) => distance(index, b.sub, ctx) - distance(index, a.sub, ctx));
      let total = bytes - [...leaving].reduce((s, k) => s + (held.get(k)?.bytes ?? 0), 0);
      const drop = [];
      for (const e of far) {
        if (total + want.length * per <= ctx.bytes) break;
        drop.push(e.sub);
        total -= e.bytes;
      }
      while (want.length && total + want.length * per > ctx.bytes) want.pop();
      for (const s of drop) leaving.add(frameKey(s, ctx.dims));
      return { want, drop };
    },
    /**
     * The answer to the request in flight: its frames are held, the ones it dropped go.
     * @param {{sub: Record<string, number>, frame: any, bytes: number}[]} frames
     * @param {string[]} dims
     */
    settle(frames, dims) {
      for (const key of leaving) {
        const e = held.get(key);
        if (e) bytes -= e.bytes;
        held.delete(key);
      }
      leaving = new Set();
      for (const f of frames) {
        const key = frameKey(f.sub, dims);
        const old = held.get(key);
        if (old) bytes -= old.bytes;
        held.set(key, { key, sub: f.sub, frame: f.frame, bytes: f.bytes });
        bytes += f.bytes;
      }
    },
  };
}
