// Heatmap view: wires the parts (toolbar, raster, axes, colorbar, pointer) to the model. Keeps
// the small view state (frame, axes, box size, limits of the last draw) and draws once per
// burst of trait changes. The elements themselves are built in heatmap-view.js.

import { drawXAxis, drawYAxis, frameAxes, withRange } from "./axes.js";
import { getLUT } from "./colormaps.js";
import { Disposer } from "./dom.js";
import { EMPTY_FRAME, decodeFrame, isDrawn } from "./frame.js";
import { MAX_SIZE, fitSize, imageBox, imageRatio } from "./geometry.js";
import { buildView, markDrawn, placeBox, showError, showPlot, showTitle } from "./heatmap-view.js";
import { createLimits } from "./limits.js";
import { createPointer } from "./pointer.js";
import { createRegion } from "./region.js";
import { watchSnapshots } from "./snapshot.js";
import { createRaster } from "./raster.js";
import { makeNorm } from "./scales.js";
import { withUnits } from "./ticks.js";
import { createToolbar } from "./toolbar.js";
import { createZoom } from "./zoom.js";
import { viewOf } from "./cells.js";

/**
 * @typedef {import("./frame.js").Frame} Frame
 * @typedef {import("./axes.js").Axis} Axis
 */

/**
 * `fn` once after the current burst of calls (one kernel message sets several traits); not
 * after `d` is disposed.
 * @param {() => void} fn
 * @param {Disposer} d
 */
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

/**
 * Render a Heatmap model into `el`; returns the cleanup function.
 * @param {{model: any, el: HTMLElement}} ctx
 */
export function renderHeatmap({ model, el }) {
  const d = new Disposer();
  const get = (name) => model.get(name);
  /** @type {Frame} */
  let frame = EMPTY_FRAME;
  /** @type {Axis|null} */
  let xa = null;
  /** @type {Axis|null} */
  let ya = null;
  /** @type {import("./zoom.js").PointView|null} the zoomed range of a point cloud */
  let pointView = null;
  let size = MAX_SIZE;
  let box = { w: MAX_SIZE, h: MAX_SIZE };
  /** @type {[number, number]|null} limits of the last draw */
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
    },
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
    if (next.mode !== "points" || next.n !== frame.n) pointView = null; // another cloud
    frame = next;
    zoom.settle();
    pointer.clearHover();
    loadAxes();
    scheduleDraw();
  };
  d.listen(model, "change:frame", onFrame);
  d.listen(model, "change:x_axis change:y_axis", () => {
    loadAxes();
    scheduleDraw();
  });
  d.listen(model, "change:lock_clim", () => {
    limits.lockChanged(get("lock_clim"), lastLimits);
    scheduleDraw();
  });
  d.listen(
    model,
    "change:colormap change:reverse_colormap change:scale change:clim change:auto_percentiles " +
      "change:aspect change:title change:quantity change:units",
    scheduleDraw,
  );
  d.listen(model, "change:drag_mode", () => toolbar.sync());
  d.listen(model, "change:selected", () => {
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
