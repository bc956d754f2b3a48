// The picture of a view: the heatmaps (image canvas, overlay, SVG axes, colorbar, title) and
// the bqplot figures of one explorer drawn onto one canvas at `scale` times their CSS size, as
// they are on screen, in the current theme's computed colours and fonts. Text is drawn with
// the canvas' fillText in the element's own font, at the box the browser laid it out in (no
// font rasterizer); the bqplot figures are bqplot's own SVG (`get_svg`, styles inlined).

/**
 * @typedef {{left: number, top: number, right: number, bottom: number}} Box CSS px
 * @typedef {{
 *   el: Element, rects: () => DOMRect[],
 *   draw: (ctx: CanvasRenderingContext2D, origin: Box, scale: number) => Promise<void>|void,
 * }} Part `rects`: what it covers on screen (an axis label may stand out of its box)
 */

/** Text of a `text-anchor` as a canvas `textAlign`. */
export const ALIGN = Object.freeze({ start: "left", middle: "center", end: "right" });

/**
 * The box around `rects` on whole CSS pixels (outward), or null for none.
 * @param {{left: number, top: number, right: number, bottom: number}[]} rects
 * @returns {Box|null}
 */
export function unionBox(rects) {
  if (!rects.length) return null;
  return {
    left: Math.floor(Math.min(...rects.map((r) => r.left))),
    top: Math.floor(Math.min(...rects.map((r) => r.top))),
    right: Math.ceil(Math.max(...rects.map((r) => r.right))),
    bottom: Math.ceil(Math.max(...rects.map((r) => r.bottom))),
  };
}

/**
 * The lines a browser breaks `text` into in a box `width` wide (at spaces, greedily, as
 * `white-space: normal` does; a word wider than the box stays whole on its line).
 * @param {string} text
 * @param {number} width
 * @param {(s: string) => number} measure width of a string in the element's font
 */
export function wrapWords(text, width, measure) {
  const words = String(text).split(/\s+/).filter(Boolean);
  /** @type {string[]} */
  const lines = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width + 0.5) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A file name for the picture of a view titled `title`: its letters, digits and `-_.`, at most
 * 60 characters, `.png`; "view.png" for a title without any.
 * @param {string} title
 */
export function pictureName(title) {
  const stem = String(title ?? "")
    .normalize("NFKD")
    .replace(/[^\w.-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_.]+|[_.]+$/g, "")
    .slice(0, 60);
  return `${stem || "view"}.png`;
}

/** @param {Element} el */
const shown = (el) => el.getClientRects().length > 0 && !el.closest("[hidden]");

/**
 * The canvas font of an element's computed style.
 * @param {CSSStyleDeclaration} cs
 */
export function fontOf(cs) {
  return `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
}

/**
 * The first opaque background colour at or above `el`; white if none.
 * @param {Element|null} el
 */
export function backgroundOf(el) {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg && bg !== "transparent" && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return "#ffffff";
}

/**
 * Set `ctx` to draw in an SVG element's user units.
 * @param {CanvasRenderingContext2D} ctx
 * @param {SVGGraphicsElement} el
 * @param {Box} origin
 * @param {number} scale
 */
function svgTransform(ctx, el, origin, scale) {
  const m = el.getScreenCTM();
  if (!m) return false;
  ctx.setTransform(scale * m.a, scale * m.b, scale * m.c, scale * m.d, scale * (m.e - origin.left), scale * (m.f - origin.top));
  return true;
}

/**
 * Draw one element of a heatmap (canvases, SVG ticks and labels, HTML text, outlines).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Element} el
 * @param {Box} origin
 * @param {number} scale
 */
function drawElement(ctx, el, origin, scale) {
  const cs = getComputedStyle(el);
  if (cs.visibility === "hidden" || cs.display === "none") return;
  const r = el.getBoundingClientRect();
  const x = r.left - origin.left;
  const y = r.top - origin.top;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  if (el.classList.contains("usidw-checker") && r.width > 0) drawChecker(ctx, cs, x, y, r.width, r.height);
  if (el instanceof HTMLCanvasElement && el.width > 0 && el.height > 0 && r.width > 0) {
    ctx.imageSmoothingEnabled = cs.imageRendering !== "pixelated";
    ctx.drawImage(el, x, y, r.width, r.height);
  } else if (el.namespaceURI === "http://www.w3.org/2000/svg") {
    const tag = el.tagName.toLowerCase();
    if (tag === "line" && svgTransform(ctx, /** @type {any} */ (el), origin, scale)) {
      const at = (name) => Number(el.getAttribute(name) || 0);
      ctx.strokeStyle = cs.stroke;
      ctx.lineWidth = parseFloat(cs.strokeWidth) || 1;
      ctx.beginPath();
      ctx.moveTo(at("x1"), at("y1"));
      ctx.lineTo(at("x2"), at("y2"));
      ctx.stroke();
    } else if (SHAPES.includes(tag) && svgTransform(ctx, /** @type {any} */ (el), origin, scale)) {
      drawShape(ctx, el, tag, cs);
    } else if (tag === "text" && el.textContent && svgTransform(ctx, /** @type {any} */ (el), origin, scale)) {
      ctx.font = fontOf(cs);
      ctx.fillStyle = cs.fill;
      ctx.textAlign = /** @type {CanvasTextAlign} */ (ALIGN[el.getAttribute("text-anchor") || "start"] || "left");
      ctx.textBaseline = el.getAttribute("dominant-baseline") === "central" ? "middle" : "alphabetic";
      ctx.fillText(el.textContent, Number(el.getAttribute("x") || 0), Number(el.getAttribute("y") || 0));
    }
  } else {
    drawText(ctx, el, cs, origin, scale);
  }
  const ow = parseFloat(cs.outlineWidth);
  if (cs.outlineStyle !== "none" && ow > 0 && r.width > 0) {
    const off = (parseFloat(cs.outlineOffset) || 0) + ow / 2;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.strokeStyle = cs.outlineColor;
    ctx.lineWidth = ow;
    ctx.strokeRect(x - off, y - off, r.width + 2 * off, r.height + 2 * off);
  }
}

/** SVG shapes drawn in the picture (the pins' markers: ring, box, diamond). */
const SHAPES = Object.freeze(["rect", "circle", "ellipse", "polygon", "polyline", "path"]);

/**
 * An SVG shape, in its user units (the context holds its CTM), with its computed fill and
 * stroke (width, dashes, opacities).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Element} el
 * @param {string} tag
 * @param {CSSStyleDeclaration} cs
 */
function drawShape(ctx, el, tag, cs) {
  const n = (name) => Number(el.getAttribute(name) || 0);
  const p = new Path2D();
  if (tag === "rect") p.rect(n("x"), n("y"), n("width"), n("height"));
  else if (tag === "circle") p.arc(n("cx"), n("cy"), n("r"), 0, 2 * Math.PI);
  else if (tag === "ellipse") p.ellipse(n("cx"), n("cy"), n("rx"), n("ry"), 0, 0, 2 * Math.PI);
  else if (tag === "path") p.addPath(new Path2D(el.getAttribute("d") || ""));
  else {
    const pts = (el.getAttribute("points") || "").trim().split(/[\s,]+/).map(Number);
    for (let i = 0; i + 1 < pts.length; i += 2) (i ? p.lineTo : p.moveTo).call(p, pts[i], pts[i + 1]);
    if (tag === "polygon") p.closePath();
  }
  const opacity = Number(cs.opacity || 1);
  if (cs.fill && cs.fill !== "none") {
    ctx.globalAlpha = opacity * Number(cs.fillOpacity || 1);
    ctx.fillStyle = cs.fill;
    ctx.fill(p);
  }
  const width = parseFloat(cs.strokeWidth);
  if (cs.stroke && cs.stroke !== "none" && width > 0) {
    ctx.globalAlpha = opacity * Number(cs.strokeOpacity || 1);
    ctx.strokeStyle = cs.stroke;
    ctx.lineWidth = width;
    const dash = cs.strokeDasharray && cs.strokeDasharray !== "none" ? cs.strokeDasharray.split(/[\s,]+/).map(parseFloat) : [];
    ctx.setLineDash(dash.filter((v) => Number.isFinite(v)));
    ctx.stroke(p);
    ctx.setLineDash([]);
  }
  ctx.globalAlpha = 1;
}

/** Side of the checkered background's tile (widgets.css `.usidw-checker`), CSS px. */
const CHECK_TILE = 12;

/**
 * The checkered background of NaN cells (widgets.css `.usidw-checker`: colour a, and colour b
 * in the top-right and bottom-left quarters of each tile).
 * @param {CanvasRenderingContext2D} ctx in CSS px
 * @param {CSSStyleDeclaration} cs
 * @param {number} x
 * @param {number} y
 * @param {number} w
 * @param {number} h
 */
function drawChecker(ctx, cs, x, y, w, h) {
  const b = cs.getPropertyValue("--usidw-check-b").trim();
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.fillStyle = cs.backgroundColor;
  ctx.fillRect(x, y, w, h);
  if (b) {
    ctx.fillStyle = b;
    const half = CHECK_TILE / 2;
    for (let ty = 0; ty < h; ty += CHECK_TILE) {
      for (let tx = 0; tx < w; tx += CHECK_TILE) {
        ctx.fillRect(x + tx + half, y + ty, half, half);
        ctx.fillRect(x + tx, y + ty + half, half, half);
      }
    }
  }
  ctx.restore();
}

/**
 * Draw the text an HTML element holds directly, line by line where the browser put it.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Element} el
 * @param {CSSStyleDeclaration} cs
 * @param {Box} origin
 * @param {number} scale
 */
function drawText(ctx, el, cs, origin, scale) {
  const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent?.trim());
  for (const node of texts) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((q) => q.width > 0 && q.height > 0);
    if (!rects.length) continue;
    ctx.font = fontOf(cs);
    ctx.fillStyle = cs.color;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    const text = String(node.textContent).trim();
    const vertical = cs.writingMode.startsWith("vertical");
    if (vertical) {
      // the colorbar's label: read from the bottom up (vertical-rl turned by 180 degrees)
      const q = rects[0];
      ctx.setTransform(scale, 0, 0, scale, scale * (q.left + q.width / 2 - origin.left), scale * (q.top + q.height / 2 - origin.top));
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(text, 0, 0);
      continue;
    }
    const box = el.getBoundingClientRect();
    const lines = rects.length === 1 ? [text] : wrapWords(text, box.width, (s) => ctx.measureText(s).width);
    const boxes = lines.length === rects.length ? rects : [box];
    const drawn = lines.length === rects.length ? lines : [text];
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    drawn.forEach((line, i) => {
      const q = boxes[i];
      ctx.fillText(line, q.left + q.width / 2 - origin.left, q.top + q.height / 2 - origin.top);
    });
  }
}

/**
 * A heatmap's plot (title, axes, image, overlay, colorbar) as a part of the picture.
 * @param {Element} plot the heatmap's `.usidw-plot`
 * @returns {Part}
 */
export function heatmapPart(plot) {
  return {
    el: plot,
    rects: () => [plot.getBoundingClientRect(), ...[...plot.querySelectorAll("text")].filter(shown).map((t) => t.getBoundingClientRect())],
    draw(ctx, origin, scale) {
      ctx.save();
      for (const el of plot.querySelectorAll("*")) if (shown(el)) drawElement(ctx, el, origin, scale);
      ctx.restore();
    },
  };
}

/**
 * bqplot's SVG of a figure with the baseline our stylesheet hides on screen hidden too
 * (`.zeroLine`: bqplot inlines only the rules whose selectors still match in the lone SVG).
 * @param {Element} el the figure's element on screen
 * @param {string} text its SVG from bqplot's `get_svg`
 */
export function hiddenOnScreen(el, text) {
  const line = el.querySelector(".zeroLine");
  if (!line || getComputedStyle(line).stroke !== "none") return text;
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  if (doc.querySelector("parsererror")) return text;
  for (const node of doc.querySelectorAll(".zeroLine")) node.setAttribute("style", "stroke: none");
  return new XMLSerializer().serializeToString(doc.documentElement);
}

/**
 * The pins' legend under the views as a part of the picture: each entry's number, colour
 * swatch and name (its buttons and selects are controls, not the figure).
 * @param {Element} legend the legend's root `.usidw-legend`
 * @returns {Part}
 */
export function legendPart(legend) {
  const list = legend.querySelector(".usidw-legend-list") || legend;
  const drawn = () => [...list.querySelectorAll("*")].filter((el) => shown(el) && !el.closest("button, select"));
  return {
    el: list,
    rects: () => [list.getBoundingClientRect()],
    draw(ctx, origin, scale) {
      ctx.save();
      for (const el of drawn()) {
        if (el.classList.contains("usidw-swatch")) {
          const r = el.getBoundingClientRect();
          ctx.setTransform(scale, 0, 0, scale, 0, 0);
          ctx.fillStyle = getComputedStyle(el).backgroundColor;
          ctx.fillRect(r.left - origin.left, r.top - origin.top, r.width, r.height);
        } else drawElement(ctx, el, origin, scale);
      }
      ctx.restore();
    },
  };
}

/**
 * An SVG text as a loaded image (as bqplot's own `get_rendered_canvas` does).
 * @param {string} text
 * @returns {Promise<HTMLImageElement>}
 */
function svgImage(text) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("the plot's SVG did not load as an image"));
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  });
}

/**
 * A bqplot Figure view as a part of the picture: it draws itself (bqplot's own SVG, fonts and
 * styles inlined, at `scale`).
 * @param {any} view a bqplot Figure view (`get_svg`, `width`, `height`)
 * @returns {Part}
 */
export function figurePart(view) {
  return {
    el: view.el,
    rects: () => [view.el.getBoundingClientRect()],
    async draw(ctx, origin, scale) {
      const r = view.el.getBoundingClientRect();
      const image = await svgImage(hiddenOnScreen(view.el, await view.get_svg()));
      ctx.save();
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(image, r.left - origin.left, r.top - origin.top, view.width, view.height);
      ctx.restore();
    },
  };
}

/**
 * The live views of bqplot Figure models that are on screen inside `container`.
 * @param {any} widgetManager
 * @param {string[]} ids model ids
 * @param {Element} container
 */
export async function figureViews(widgetManager, ids, container) {
  const out = [];
  for (const id of ids || []) {
    let m = null;
    try {
      m = widgetManager ? await widgetManager.get_model(id) : null;
    } catch {
      m = null;
    }
    for (const pending of Object.values(m?.views ?? {})) {
      const view = await pending;
      if (view?.el && container.contains(view.el) && shown(view.el) && typeof view.get_svg === "function") {
        out.push(view);
        break;
      }
    }
  }
  return out;
}

/**
 * The parts of the picture of the heatmap whose root is `root`: every heatmap and the given
 * bqplot figures on screen in its explorer's views (`.usidw-views`) and the pins' legend of
 * the plot, else itself alone.
 * @param {Element} root the heatmap's root element
 * @param {any} widgetManager
 * @param {string[]} figureIds
 * @returns {Promise<{parts: Part[], container: Element}>}
 */
export async function pictureParts(root, widgetManager, figureIds) {
  const container = root.closest(".usidw-views") || root;
  const plots = [...container.querySelectorAll(".usidw-heatmap > .usidw-plot")].filter(shown);
  const parts = plots.map(heatmapPart);
  const figures = await figureViews(widgetManager, figureIds, container);
  for (const view of figures) parts.push(figurePart(view));
  // the pins' legend of this explorer, under its views, names the plot's lines
  const explorer = container.closest(".usidw-explorer");
  const legends = explorer && figures.length ? [...explorer.querySelectorAll(".usidw-legend")].filter(shown) : [];
  for (const legend of legends) parts.push(legendPart(legend));
  return { parts, container };
}

/**
 * Draw `parts` onto one canvas `scale` times the CSS size of the box around them, on the
 * theme's background.
 * @param {Part[]} parts
 * @param {number} scale
 * @param {Element} container whose background the picture takes
 */
export async function composePicture(parts, scale, container) {
  const box = unionBox(parts.flatMap((p) => p.rects()));
  if (!box) throw new Error("nothing on screen to draw");
  const canvas = document.createElement("canvas");
  canvas.width = Math.round((box.right - box.left) * scale);
  canvas.height = Math.round((box.bottom - box.top) * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser gives no 2-D canvas");
  ctx.fillStyle = backgroundOf(container);
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const part of parts) await part.draw(ctx, box, scale);
  return canvas;
}

/**
 * A canvas as PNG bytes.
 * @param {HTMLCanvasElement} canvas
 * @returns {Promise<Blob>}
 */
export function pngBlob(canvas) {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas gave no PNG"))), "image/png"),
  );
}
