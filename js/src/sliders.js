// Dimension sliders with play. At most one index change is in flight to the kernel: while one
// is, only the newest wanted index is remembered and sent when Python says {"type": "served"}.

import { tryDecode } from "./decode.js";
import { Disposer, h, setText, suppressShortcuts } from "./dom.js";
import { displayUnitOf, formatIn } from "./format.js";
import { showIndex } from "./link.js";

/** A lost "served" message must not freeze the sliders: the flag clears after this. */
export const INFLIGHT_TIMEOUT_MS = 3000;

/**
 * The in-flight rule on its own (no DOM): `want(index)` sends at once when nothing is in
 * flight, otherwise remembers it (newest wins); `served()` sends the remembered one.
 * @param {(index: Record<string, number>) => void} send
 * @param {{timeout?: number, setTimer?: typeof setTimeout, clearTimer?: typeof clearTimeout}} [opts]
 */
export function createInflight(send, opts = {}) {
  const timeout = opts.timeout ?? INFLIGHT_TIMEOUT_MS;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t));
  let inflight = false;
  /** @type {Record<string, number>|null} */
  let pending = null;
  /** @type {any} */
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
    },
  };
}

/** Longest wait between two looks at the play clock. */
export const PLAY_TICK_MS = 8;

/**
 * The step to show at time `now` (ms) when play started at `start` on step `from` of `size`
 * steps, at `fps`: one step per 1/fps seconds since then, wrapping. Whatever happened in
 * between (a slow kernel, a busy browser), the step is where the clock says.
 * @param {number} from
 * @param {number} size
 * @param {number} fps
 * @param {number} start
 * @returns {(now: number) => number}
 */
export function playClock(from, size, fps, start) {
  return (now) => (from + Math.floor(((now - start) * fps) / 1000)) % size;
}

/**
 * Where index `i` lies among `size` steps, 0-based like `w.index` and the map readout's
 * "(row 2, col 2)": "index 3 of 0–63".
 * @param {number} i
 * @param {number} size
 */
export function positionText(i, size) {
  return `index ${i} of 0\u2013${Math.max(0, size - 1)}`;
}

/**
 * Value text of a dimension at an index: "12.5 mV (index 3 of 0–63)". The value is shown in
 * the display unit of the dim's whole range (`format.js: displayUnitOf`), so the unit stays
 * put while the slider moves.
 * @param {{units?: string, size?: number}} dim
 * @param {ArrayLike<number>|null} values
 * @param {number} i
 */
export function valueText(dim, values, i) {
  const size = Number(dim.size ?? (values ? values.length : 0));
  const pos = `(${positionText(i, size)})`;
  if (!values || i < 0 || i >= values.length) return pos;
  return `${formatIn(values[i], displayUnitOf(dim.units ?? "", values))} ${pos}`;
}

/**
 * Render a DimensionSliders model into `el`; returns the cleanup function.
 * @param {{model: any, el: HTMLElement}} ctx
 */
export function renderSliders({ model, el }) {
  const d = new Disposer();
  const rowsEl = h("div", { class: "usidw-slider-rows" });
  const fpsIn = h("input", {
    type: "number",
    class: "usidw-num usidw-fps",
    min: 0.1,
    max: 60,
    step: 0.5,
    "aria-label": "Frames per second",
  });
  suppressShortcuts(fpsIn);
  const footer = h("div", { class: "usidw-slider-footer" }, [
    h("label", { class: "usidw-fps-label" }, [fpsIn, "frames / s"]),
  ]);
  const root = h("div", { class: "usidw-root usidw-sliders" }, [rowsEl, footer]);
  el.appendChild(root);
  d.add(() => root.remove());

  /** The index the user sees (ahead of the model while a change is in flight). */
  let shown = { ...(model.get("index") || {}) };
  /** @type {Map<string, {range: HTMLInputElement, text: HTMLElement, play: HTMLButtonElement, dim: any, values: ArrayLike<number>|null, reason: string}>} */
  const rows = new Map();
  /** @type {Map<string, any>} play timers per dimension */
  const players = new Map();
  /** listeners of the rows of the last build */
  const rowListeners = new Disposer();
  d.add(() => rowListeners.dispose());

  const inflight = createInflight((index) => {
    showIndex(model, null);
    model.set("index", index);
    model.save_changes();
  });
  d.add(() => inflight.dispose());

  function want(index) {
    shown = index;
    for (const [name, row] of rows) updateRow(name, row);
    // while a change is in flight the hub draws a held line or map for it now (link.js)
    if (inflight.inflight) showIndex(model, index);
    inflight.want(index);
  }

  function updateRow(name, row) {
    const i = Number(shown[name] ?? 0);
    if (Number(row.range.value) !== i) row.range.value = String(i);
    const text = row.reason ? `inactive: ${row.reason}` : valueText(row.dim, row.values, i);
    setText(row.text, text, 48);
    row.range.setAttribute("aria-valuetext", text);
  }

  function stopAll() {
    for (const name of [...players.keys()]) stop(name);
  }

  function stop(name) {
    const t = players.get(name);
    if (t !== undefined) clearInterval(t);
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
    // the step shown follows the clock: a late tick skips steps, it never delays the next
    const clock = playClock(Number(shown[name] ?? 0), size, fps, performance.now());
    players.set(
      name,
      setInterval(() => {
        const i = clock(performance.now());
        if (i !== Number(shown[name])) want({ ...shown, [name]: i });
      }, Math.min(1000 / fps, PLAY_TICK_MS)),
    );
    setPlayButton(row, name, true);
  }

  function build() {
    stopAll();
    rowListeners.flush();
    rows.clear();
    while (rowsEl.firstChild) rowsEl.removeChild(rowsEl.firstChild);
    const dims = model.get("dims") || [];
    const hidden = new Set(model.get("hidden") || []);
    const inactive = model.get("inactive") || {};
    shown = { ...(model.get("index") || {}) };
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
        "aria-label": name,
      });
      suppressShortcuts(range);
      const text = h("span", { class: "usidw-slider-value" });
      const play = h("button", { type: "button", class: "usidw-play" });
      suppressShortcuts(play);
      const label = h("span", { class: "usidw-slider-name" });
      setText(label, name, 24);
      const rowEl = h("div", { class: "usidw-slider-row" }, [label, range, text, play]);
      rowsEl.appendChild(rowEl);
      const reason = typeof inactive[name] === "string" ? inactive[name] : "";
      const row = { range, text, play, dim, values, reason };
      rows.set(name, row);
      setPlayButton(row, name, false);
      if (reason) {
        // its step selects nothing on screen: say why, instead of a value that means nothing
        rowEl.classList.add("usidw-inactive");
        range.disabled = play.disabled = true;
        rowEl.title = `${name}: inactive, ${reason}`;
      }
      updateRow(name, row);
      rowListeners.listen(range, "input", () => {
        const i = Math.round(Number(range.value));
        if (i !== Number(shown[name])) want({ ...shown, [name]: i });
      });
      rowListeners.listen(play, "click", () => (players.has(name) ? stop(name) : start(name)));
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

  d.listen(model, "change:dims change:hidden change:inactive", build);
  d.listen(model, "change:index", () => {
    // Python (or another view) moved the index: show it unless the user is ahead of it
    if (inflight.inflight || inflight.pending) return;
    shown = { ...(model.get("index") || {}) };
    for (const [name, row] of rows) updateRow(name, row);
  });
  d.listen(model, "change:fps", () => {
    syncFps();
    for (const name of [...players.keys()]) start(name);
  });
  d.listen(model, "msg:custom", (msg) => {
    if (msg && msg.type === "served") inflight.served();
  });
  d.add(stopAll);

  build();
  syncFps();
  return () => d.dispose();
}
