// Entry of the bundle shared by every anywidget view of usid_widgets: dispatch on `_kind`.

import { renderHeatmap } from "./heatmap.js";
import { renderLegend } from "./legend.js";
import { startLinks } from "./link.js";
import { renderSliders } from "./sliders.js";
import { renderTree } from "./tree.js";
import { h } from "./dom.js";

const VIEWS = {
  heatmap: renderHeatmap,
  legend: renderLegend,
  sliders: renderSliders,
  tree: renderTree,
};

/**
 * @param {{model: any, el: HTMLElement}} ctx
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const kind = model.get("_kind");
  const view = VIEWS[kind];
  if (!view) {
    const note = h("div", {
      class: "usidw-root usidw-message",
      text: `usid_widgets: unknown widget kind ${JSON.stringify(kind)}`,
    });
    el.appendChild(note);
    return () => note.remove();
  }
  return view({ model, el });
}

/**
 * Model-level setup, run once per model whether or not it is displayed: the sliders' model
 * drives the explorer's other views (see link.js), also before any view of it is on screen.
 * @param {{model: any}} ctx
 * @returns {(() => void)|undefined} cleanup
 */
function initialize({ model }) {
  if (model.get("_kind") === "sliders") return startLinks(model);
  return undefined;
}

export default { initialize, render };
