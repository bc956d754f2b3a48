// Heatmap view: the only heatmap module that touches the model. The parts (toolbar, pointer,
// region, zoom, snapshots) take the values they show as props and report the user's edits
// through callbacks; here the callbacks become trait writes and the traits become props. Keeps
// the small view state (frame, axes, box size, limits of the last draw, a point cloud's view)
// and draws once per burst of trait changes. The elements are built in heatmap-view.js.

import { drawXAxis, drawYAxis, frameAxes, withRange } from "./axes.js";
import { getLUT } from "./colormaps.js";
import { Disposer, listen } from "./dom.js";
import { EMPTY_FRAME, decodeFrame, isDrawn } from "./frame.js";
import { MAX_SIZE, displaySide, fitSize, imageBox, imageRatio } from "./geometry.js";
import { buildView, markDrawn, placeBox, showError, showPlot, showTitle } from "./heatmap-view.js";
import { centred, createLimits } from "./limits.js";
import { createLine } from "./line.js";
import { createPins } from "./pins.js";
import { frameProfile } from "./profile.js";
import { createPointer } from "./pointer.js";
import { createRegion } from "./region.js";
import { watchSnapshots } from "./snapshot.js";
import { composePicture, pictureName, pictureParts, pngBlob } from "./picture.js";
import { createSaveImage, pictureReply } from "./save-image.js";
import { measured } from "./paint-timing.js";
import { createRaster } from "./raster.js";
import { makeNorm } from "./scales.js";
import { createToolbar } from "./toolbar.js";
import { createExportMenu } from "./export-menu.js";
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
  /** @param {string} name @param {any} value */
  const save = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  /** @returns {import("./toolbar.js").ToolbarProps} */
  const toolbarProps = () => {
    const diverging = !!get("diverging"); // a difference: coolwarm, centred on 0
    return {
      colormap: diverging ? "coolwarm" : get("colormap"),
      reverse: !diverging && !!get("reverse_colormap"),
      scale: diverging ? "linear" : get("scale"),
      clim: diverging ? null : get("clim"),
      percentiles: get("auto_percentiles"),
      lock: !diverging && !!get("lock_clim"),
      dragMode: get("drag_mode"),
      limits: lastLimits,
      fixed: diverging ? "A difference: drawn in coolwarm with limits centred on 0" : "",
    };
  };
  /** @returns {import("./pointer.js").PointerProps} */
  const pointerProps = () => ({ selected: get("selected"), units: get("units") || "" });
  /** @returns {import("./region.js").RegionProps} */
  const regionProps = () => ({
    roi: get("roi") ?? [],
    lasso: get("lasso") ?? [],
    mask: get("region_mask") ?? {},
    dragMode: get("drag_mode"),
  });
  /** @returns {import("./line.js").LineProps} */
  const lineProps = () => ({
    line: get("line") ?? [],
    width: Number(get("line_width")) || 1,
    dragMode: get("drag_mode"),
  });
  /** @returns {import("./zoom.js").ZoomProps} */
  const zoomProps = () => ({ zoom: get("zoom") ?? [], pointView, selected: get("selected"), dragMode: get("drag_mode") });

  // A toolbar edit draws at once, not after the kernel's echo.
  const toolbar = createToolbar({
    onColormap: (name) => {
      save("colormap", name);
      scheduleDraw();
    },
    onReverse: (reverse) => {
      save("reverse_colormap", reverse);
      scheduleDraw();
    },
    onScale: (scale) => {
      save("scale", scale);
      scheduleDraw();
    },
    onClim: (lims) => {
      save("clim", lims);
      scheduleDraw();
    },
    onLock: (lock) => {
      save("lock_clim", lock);
      scheduleDraw();
    },
    onDragMode: (mode) => save("drag_mode", mode),
  });
  const v = buildView(toolbar.el);
  el.appendChild(v.root);
  d.add(() => v.root.remove());
  d.add(toolbar.dispose);
  const raster = createRaster(v.canvas);
  const pointer = createPointer({
    canvas: v.canvas,
    overlay: v.overlay,
    readout: v.readout,
    geometry,
    onSelect: (cell) => {
      save("selected", cell);
      pointer.show(pointerProps());
    },
  });
  d.add(pointer.dispose);

  // The profile plot's line (a bqplot Lines model of the kernel's `profile_link`): a line being
  // dragged is drawn there from the frame on screen, without a kernel message; the kernel sends
  // the full-resolution profile when the drag ends.
  /** @type {{id: string, model: any}|null} */
  let profileLine = null;
  const profileModel = () => {
    const id = (get("profile_link") ?? {}).line;
    if (!id || !model.widget_manager) return null;
    if (profileLine && profileLine.id === id) return profileLine.model;
    profileLine = { id, model: null };
    const slot = profileLine;
    Promise.resolve(model.widget_manager.get_model(id))
      .then((m) => {
        slot.model = m ?? null;
      })
      .catch(() => {});
    return null;
  };
  profileModel();
  /** @param {number[]} line */
  const drawProfile = (line) => {
    const target = profileModel();
    if (!target || frame.mode !== "grid") return;
    const p = frameProfile(frame, line, Number(get("line_width")) || 1, get("profile_link") ?? {});
    if (!p) return;
    target.set("x", p.x);
    target.set("y", p.y);
    // test handles: the profile the browser drew last, what the plot shows until the kernel's
    v.root.setAttribute("data-profile-x", p.x.join(","));
    v.root.setAttribute("data-profile", p.y.join(","));
  };
  // Created before the regions and the zoom: a press on a line's end takes it in any mode.
  const lineTool = createLine({
    canvas: v.canvas,
    stack: v.stack,
    root: v.root,
    geometry,
    bar: toolbar.actions,
    onMove: drawProfile,
    onLine: (line) => {
      save("line", line);
      lineTool.show(lineProps());
    },
    onClear: () => {
      save("line", []);
      lineTool.show(lineProps());
    },
  });
  d.add(lineTool.dispose);
  lineTool.show(lineProps());
  /**
   * One region at a time: setting one clears the other (`roi` first, then `lasso`).
   * @param {number[]} roi
   * @param {number[][]} lasso
   */
  const saveRegion = (roi, lasso) => {
    model.set("roi", roi);
    model.set("lasso", lasso);
    model.save_changes();
    region.show(regionProps());
  };
  const region = createRegion({
    canvas: v.canvas,
    stack: v.stack,
    root: v.root,
    geometry,
    bar: toolbar.actions,
    onRegion: (box) => saveRegion(box, []),
    onLasso: (polygon) => saveRegion([], polygon),
    // The kernel also hears of it as a message: a mask set from Python has no trait here to clear.
    onClear: () => {
      saveRegion([], []);
      model.send({ type: "clear_region" });
    },
  });
  d.add(region.dispose);
  region.show(regionProps());
  const zoom = createZoom({
    canvas: v.canvas,
    stack: v.stack,
    root: v.root,
    geometry,
    bar: toolbar.actions,
    onZoom: (box) => {
      save("zoom", box);
      zoom.show(zoomProps());
    },
    onPointView: (view) => {
      pointView = view;
      loadAxes();
      scheduleDraw();
      zoom.show(zoomProps());
    },
  });
  d.add(zoom.dispose);
  zoom.show(zoomProps());
  // The download menu asks the kernel for the data (full resolution, its own dtype).
  const exportMenu = createExportMenu({
    bar: toolbar.actions,
    request: (content) => model.send({ type: "export", ...content }),
  });
  d.add(exportMenu.dispose);
  d.listen(model, "msg:custom", (msg, buffers) => {
    if (msg && msg.type === "export") exportMenu.receive(msg, buffers);
  });
  const pins = createPins({
    canvas: v.canvas,
    stack: v.stack,
    root: v.root,
    geometry,
    bar: toolbar.actions,
    onPin: (cell) => model.send({ type: "pin", cell }),
    onClear: () => model.send({ type: "clear_pins" }),
  });
  d.add(pins.dispose);
  const snapshots = watchSnapshots(el, get("snapshot_keys") ?? []);
  d.add(snapshots.dispose);
  // The picture of the views around this heatmap: "Save image", "Copy image" and `w.save`.
  const drawPicture = async (/** @type {number} */ scale) => {
    const { parts, container } = await pictureParts(v.root, model.widget_manager, get("picture_figures") ?? []);
    return pngBlob(await composePicture(parts, scale, container));
  };
  d.add(createSaveImage({ draw: drawPicture, name: () => pictureName(get("title") || ""), bar: toolbar.actions }));
  // The kernel learns that a view was shown: `w.save` asks the views for the picture, else
  // uses matplotlib. No message when the view goes: its model is often closed by then (a cell
  // run again closes the explorer it showed), and the kernel would log a message to a comm it
  // no longer has; a view that is gone does not answer, and the kernel falls back on a timeout.
  model.send({ type: "view", open: true });
  d.listen(model, "msg:custom", (/** @type {any} */ msg) => {
    const reply = pictureReply(msg, drawPicture);
    if (reply) reply.then(({ content, buffers }) => !d.disposed && model.send(content, undefined, buffers));
  });

  function draw() {
    showTitle(v, get("title") || "");
    showPlot(v, frame);
    const { mode } = frame;
    const id = frame.id === null ? "" : String(frame.id);
    if (!isDrawn(frame)) {
      pointer.clearHover();
      pointer.show(pointerProps());
      lastLimits = null;
      toolbar.show(toolbarProps());
      const colormap = String(get("colormap"));
      markDrawn(v.root, { "frame-id": id, clim: "", colormap, scale: String(get("scale")), mode });
      return;
    }
    // a difference (`diverging`): coolwarm, linear, limits centred on zero
    const diverging = !!get("diverging");
    const scale = diverging ? "linear" : get("scale");
    const traits = diverging
      ? { scale, clim: null, lock: false, percentiles: get("auto_percentiles") }
      : { scale, clim: get("clim"), lock: get("lock_clim"), percentiles: get("auto_percentiles") };
    const t0 = performance.now();
    lastLimits = limits.inForce(frame, traits);
    measured("limits", t0);
    if (diverging) lastLimits = centred(lastLimits);
    const norm = makeNorm(scale, lastLimits[0], lastLimits[1], frame.stats.minPositive);
    const colormap = diverging ? "coolwarm" : String(get("colormap"));
    const lut = getLUT(colormap, diverging ? false : !!get("reverse_colormap"));
    box = imageBox(size, imageRatio(frame, xa, ya, get("aspect") !== "auto"));
    placeBox(v, size, box);
    if (mode === "grid") raster.grid(frame, norm, lut);
    else raster.points(geometry(), norm, lut);
    drawXAxis(v.xAxis, xa, box.w);
    drawYAxis(v.yAxis, ya, box.h);
    const [quantity, units] = [String(get("quantity") || ""), String(get("units") || "")];
    v.colorbar.update({ lut, norm, quantity, units, height: box.h, hasNaN: frame.stats.hasNaN });
    pointer.show(pointerProps());
    region.show(regionProps());
    lineTool.show(lineProps());
    zoom.show(zoomProps());
    pins.show(get("pins") ?? []);
    toolbar.show(toolbarProps());
    const clim = `${norm.lo},${norm.hi}`;
    const reverse = String(!diverging && !!get("reverse_colormap"));
    const win = mode === "grid" ? viewOf(frame).join(",") : "";
    markDrawn(v.root, { window: win, "frame-id": id, clim, colormap, reverse, scale: norm.scale, mode });
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
    const t0 = performance.now();
    const next = decodeFrame(get("frame"));
    measured("decode", t0);
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
      "change:aspect change:title change:quantity change:units change:diverging",
    scheduleDraw,
  );
  d.listen(model, "change:drag_mode", () => {
    toolbar.show(toolbarProps());
    lineTool.show(lineProps());
    region.show(regionProps());
    zoom.show(zoomProps());
  });
  d.listen(model, "change:selected", () => {
    if (isDrawn(frame)) pointer.show(pointerProps());
    zoom.show(zoomProps()); // the keys zoom about the selection
  });
  d.listen(model, "change:roi change:lasso change:region_mask", () => region.show(regionProps()));
  d.listen(model, "change:zoom", () => zoom.show(zoomProps()));
  d.listen(model, "change:line change:line_width", () => lineTool.show(lineProps()));
  d.listen(model, "change:profile_link", () => profileModel());
  d.listen(model, "change:pins", () => pins.show(get("pins") ?? []));
  d.listen(model, "change:snapshot_keys", () => snapshots.show(get("snapshot_keys") ?? []));

  // The image's side follows the width the widget's column gets (it changes when the
  // explorer's layout stacks or JupyterLab's side panels open) and the window's height.
  // The kernel sends images binned to the box's side in device pixels (`display_side`): it
  // hears of every change, so that a larger box or a denser screen gets a sharper frame.
  const refit = () => {
    const next = fitSize(el.clientWidth, size, globalThis.innerHeight);
    if (next !== size) {
      size = next;
      scheduleDraw();
    }
    const side = displaySide(size);
    if (el.clientWidth > 0 && side !== get("display_side")) {
      model.set("display_side", side);
      model.save_changes();
    }
  };
  if (typeof ResizeObserver !== "undefined") {
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    d.add(() => ro.disconnect());
  }
  if (typeof window !== "undefined") d.listen(window, "resize", refit);
  // A move to a screen of another density changes devicePixelRatio without any resize.
  let unlistenRatio = () => {};
  const watchRatio = () => {
    unlistenRatio();
    if (typeof globalThis.matchMedia !== "function") return;
    const query = globalThis.matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    unlistenRatio = listen(query, "change", () => {
      refit();
      watchRatio();
    });
  };
  watchRatio();
  d.add(() => unlistenRatio());

  onFrame();
  safeDraw();
  return () => d.dispose();
}
