// The colour limits in force: manual `clim`, limits held by `lock_clim`, or automatic
// percentiles of the frame (cached per frame/scale/percentiles).

import { autoLimits, validLimits } from "./scales.js";

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {{scale: string, clim: any, lock: boolean, percentiles: any}} LimitTraits
 * the `scale`, `clim`, `lock_clim` and `auto_percentiles` traits
 */

/**
 * The limits state of one view. lock_clim: turning it on holds the limits in force
 * (lockChanged), frames drawn while it is on keep them, a manual clim set while locked replaces
 * the held limits, turning it off forgets them.
 */
export function createLimits() {
  /** @type {[number, number]|null} limits held by lock_clim */
  let held = null;
  let autoKey = "";
  /** @type {[number, number]} */
  let autoValue = [0, 1];

  /**
   * Limits to draw `frame` with.
   * @param {Frame} frame
   * @param {LimitTraits} traits
   * @returns {[number, number]}
   */
  function inForce(frame, { scale, clim, lock, percentiles }) {
    const st = frame.stats;
    const minPos = st ? st.minPositive : NaN;
    if (Array.isArray(clim) && clim.length === 2 && clim.every((v) => Number.isFinite(Number(v)))) {
      if (lock) held = [Number(clim[0]), Number(clim[1])];
      return validLimits(scale, Number(clim[0]), Number(clim[1]), minPos);
    }
    if (lock && held) return validLimits(scale, held[0], held[1], minPos);
    const pcts = percentiles || [0.5, 99.5];
    const key = `${frame.id}|${frame.mode}|${scale}|${pcts[0]}|${pcts[1]}`;
    if (key !== autoKey) {
      autoValue = autoLimits(frame.data || [], pcts, scale, st);
      autoKey = key;
    }
    if (lock) held = [autoValue[0], autoValue[1]];
    return autoValue;
  }

  /**
   * lock_clim changed: hold the limits of the last draw when on, forget them when off.
   * @param {boolean} lock
   * @param {[number, number]|null} last
   */
  function lockChanged(lock, last) {
    held = lock && last ? [last[0], last[1]] : null;
  }

  return { inForce, lockChanged };
}

/**
 * Limits centred on zero for a difference drawn with a diverging colormap: the larger
 * magnitude of `lims` on both sides ([-1, 1] when both are 0 or not finite).
 * @param {[number, number]} lims
 * @returns {[number, number]}
 */
export function centred(lims) {
  const m = Math.max(Math.abs(lims[0]), Math.abs(lims[1]));
  return Number.isFinite(m) && m > 0 ? [-m, m] : [-1, 1];
}
