// A line on the image for a line profile: drawn by a drag in the "line" drag mode, its two ends
// dragged afterwards (in any mode: a press on an end handle takes it), removed by Escape or
// "Clear line". The line is in index coordinates of the full image (pixel [r, c] centred on the
// integer point), so it stays put when the view zooms or the image is binned. While the line
// moves, `onMove(line)` reports each position (the heatmap draws the profile from the frame it
// holds, no kernel message); the release reports the final one through `onLine(line)`. What is
// shown comes in as props (`show`); the owner stores what is reported and shows it back.

import { fractionOf, layout, pointAt } from "./cells.js";
import { Disposer, svg } from "./dom.js";
import { ICONS, toolButton } from "./toolbar.js";

/** Screen pixels around an end that take a press as a grab of that end. */
export const GRAB_PX = 8;
/** Screen pixels a press must move before it draws a line. */
export const DRAW_PX = 3;

/**
 * A point under fractions of the frame's box as a line end: index coordinates of the full
 * image, clamped to it, to 1/100 of a pixel.
 * @param {any} frame a grid frame
 * @param {number} fx
 * @param {number} fy
 * @returns {[number, number]} [row, col]
 */
export function linePoint(frame, fx, fy) {
  const L = layout(frame);
  const [r, c] = pointAt(frame, fx, fy);
  const clamp = (v, n) => Math.min(Math.max(v - 0.5, 0), n - 1);
  const round = (v) => Math.round(v * 100) / 100;
  return [round(clamp(r, L.rows)), round(clamp(c, L.cols))];
}

/**
 * Where an index-coordinate point lies in the frame's box, [fx, fy].
 * @param {any} frame
 * @param {number} row
 * @param {number} col
 */
export function lineFraction(frame, row, col) {
  return fractionOf(frame, row + 0.5, col + 0.5);
}

/**
 * The corners of the band a profile of `width` pixels averages over (index coordinates), or
 * null for a width of 1 or a line of no length.
 * @param {number[]} line [r0, c0, r1, c1]
 * @param {number} width
 * @returns {number[][]|null}
 */
export function bandCorners(line, width) {
  const [r0, c0, r1, c1] = line;
  const dr = r1 - r0;
  const dc = c1 - c0;
  const length = Math.sqrt(dr * dr + dc * dc);
  if (!(width > 1) || !(length > 0)) return null;
  // the outermost sampled lines are (w - 1) / 2 from the middle; each stands for one pixel
  const half = width / 2;
  const nr = (-dc / length) * half;
  const nc = (dr / length) * half;
  return [
    [r0 + nr, c0 + nc],
    [r1 + nr, c1 + nc],
    [r1 - nr, c1 - nc],
    [r0 - nr, c0 - nc],
  ];
}

/**
 * @typedef {{line: number[], width: number, dragMode: string}} LineProps the `line` trait
 *   ([] for none), `line_width` and the drag mode
 */

/**
 * @param {{
 *   canvas: HTMLCanvasElement, stack: HTMLElement, root: HTMLElement, geometry: () => any,
 *   onLine: (line: number[]) => void, onMove: (line: number[]) => void, onClear: () => void,
 *   bar?: HTMLElement,
 * }} parts onLine(line): a line drawn or an end moved, [r0, c0, r1, c1]; onMove(line): the line
 *   while it is dragged; onClear(): Escape or "Clear line" with a line shown; bar: where the
 *   "Clear line" button goes (the toolbar's slot; default root)
 * @returns {{show: (props?: LineProps) => void, dispose: () => void}}
 */
export function createLine({ canvas, stack, root, geometry, onLine, onMove, onClear, bar = root }) {
  const d = new Disposer();
  const drag = new Disposer();
  d.add(() => drag.dispose());
  /** @type {LineProps} */
  let props = { line: [], width: 1, dragMode: "zoom" };
  const band = svg("polygon", { class: "usidw-line-band" });
  const path = svg("line", { class: "usidw-line-path" });
  const ends = [0, 1].map((i) => svg("circle", { class: "usidw-line-end", r: 4, "data-end": i }));
  const overlay = svg("svg", { class: "usidw-line", "aria-hidden": "true" }, [band, path, ...ends]);
  const clear = toolButton({
    cls: "usidw-clear-line",
    label: "Clear line",
    title: "Clear the line profile (also Escape on the image)",
    icon: ICONS.clearLine,
  });
  stack.append(overlay);
  bar.appendChild(clear);
  /** @type {number[]|null} the line while it is dragged */
  let moving = null;
  /** @type {{end: number, x: number, y: number, moved: boolean}|null} end 0/1: that end; -1: a new line */
  let grab = null;
  let dragged = false;

  const isGrid = () => {
    const { frame } = geometry();
    return frame.mode === "grid" && frame.rows > 0;
  };
  const fractions = (ev) => {
    const r = canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height];
  };

  /** @param {number[]|null} line */
  function place(line) {
    const ok = !!line && line.length === 4 && isGrid();
    overlay.style.display = ok ? "block" : "none";
    root.setAttribute("data-line", ok ? line.join(",") : "");
    if (!ok) return;
    const { frame } = geometry();
    const pct = ([fx, fy]) => [`${100 * fx}%`, `${100 * fy}%`];
    const [x0, y0] = pct(lineFraction(frame, line[0], line[1]));
    const [x1, y1] = pct(lineFraction(frame, line[2], line[3]));
    for (const [k, v] of Object.entries({ x1: x0, y1: y0, x2: x1, y2: y1 })) path.setAttribute(k, v);
    ends[0].setAttribute("cx", x0);
    ends[0].setAttribute("cy", y0);
    ends[1].setAttribute("cx", x1);
    ends[1].setAttribute("cy", y1);
    const corners = bandCorners(line, props.width);
    band.style.display = corners ? "" : "none";
    if (corners) {
      const { w, h } = geometry();
      const pts = corners.map(([r, c]) => {
        const [fx, fy] = lineFraction(frame, r, c);
        return `${fx * w},${fy * h}`;
      });
      band.setAttribute("points", pts.join(" "));
    }
  }

  /** @param {LineProps} [next] */
  function show(next = props) {
    props = next;
    const line = props.line ?? [];
    if (!moving) place(line.length === 4 ? line : null);
    clear.style.display = line.length === 4 ? "" : "none";
  }

  /** Which end of the line shown is within GRAB_PX of the event, or -1. */
  function endAt(ev) {
    const line = props.line ?? [];
    if (line.length !== 4 || !isGrid()) return -1;
    const r = canvas.getBoundingClientRect();
    const { frame } = geometry();
    let best = -1;
    let bestDist = GRAB_PX;
    for (const i of [0, 1]) {
      const [fx, fy] = lineFraction(frame, line[2 * i], line[2 * i + 1]);
      const dist = Math.hypot(r.left + fx * r.width - ev.clientX, r.top + fy * r.height - ev.clientY);
      if (dist <= bestDist) {
        best = i;
        bestDist = dist;
      }
    }
    return best;
  }

  const onDown = (ev) => {
    if (ev.button !== 0 || ev.shiftKey || !isGrid()) return;
    const end = endAt(ev);
    if (end < 0 && props.dragMode !== "line") return;
    ev.preventDefault();
    ev.stopImmediatePropagation(); // neither a zoom, a pan nor a region
    canvas.focus({ preventScroll: true });
    grab = { end, x: ev.clientX, y: ev.clientY, moved: false };
    const [fx, fy] = fractions(ev);
    const p = linePoint(geometry().frame, fx, fy);
    moving = end < 0 ? [...p, ...p] : [...props.line];
    dragged = false;
    drag.flush();
    drag.listen(window, "mousemove", onDrag);
    drag.listen(window, "mouseup", onUp);
  };
  const onDrag = (ev) => {
    if (!grab || !moving) return;
    if (!grab.moved && Math.hypot(ev.clientX - grab.x, ev.clientY - grab.y) < DRAW_PX) return;
    grab.moved = dragged = true;
    ev.preventDefault();
    const [fx, fy] = fractions(ev);
    const p = linePoint(geometry().frame, fx, fy);
    const i = grab.end === 0 ? 0 : 2; // a new line moves its end
    moving = i === 0 ? [p[0], p[1], moving[2], moving[3]] : [moving[0], moving[1], p[0], p[1]];
    place(moving);
    onMove(moving);
  };
  const onUp = () => {
    drag.flush();
    const line = moving;
    const moved = !!grab && grab.moved;
    grab = null;
    moving = null;
    if (moved && line) onLine(line);
    else show();
  };
  // Capture phase: the click that ends a drag selects nothing.
  const onClick = (ev) => {
    if (dragged) {
      ev.stopImmediatePropagation();
      dragged = false;
    }
  };
  d.listen(canvas, "mousedown", onDown);
  d.listen(canvas, "click", onClick, true);
  d.listen(canvas, "keydown", (ev) => {
    if (ev.key === "Escape" && (props.line ?? []).length === 4) onClear();
  });
  d.listen(clear, "click", () => onClear());
  d.add(() => {
    overlay.remove();
    clear.remove();
  });
  show();
  return { show, dispose: () => d.dispose() };
}
