// What anywidget loads for a view: one bundle per kind of view (src/entries/*.js), built from
// `bundle()`. anywidget imports a model's `_esm` anew for every model it makes (from a blob:
// URL, so the browser compiles it each time and keeps no copy): one bundle shared by the tree,
// the map and the sliders was sent, parsed and compiled three times per explorer; each now
// carries only its own view's code.

import { h } from "./dom.js";

/**
 * @typedef {(ctx: {model: any, el: HTMLElement}) => () => void} Render
 * @typedef {(model: any) => (() => void)|undefined} Initialize
 */

/**
 * anywidget's default export for the views in `views`, dispatching on the model's `_kind`.
 * @param {Record<string, Render>} views renderer of each kind this bundle holds
 * @param {Record<string, Initialize>} [setups] model-level setup of a kind, run once per model
 *   whether or not it is displayed (the sliders' model drives the explorer's other views, see
 *   link.js, also before any view of it is on screen)
 */
export function bundle(views, setups = {}) {
  /**
   * @param {{model: any, el: HTMLElement}} ctx
   * @returns {() => void} cleanup
   */
  function render({ model, el }) {
    const kind = model.get("_kind");
    const view = views[kind];
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
   * @param {{model: any}} ctx
   * @returns {(() => void)|undefined} cleanup
   */
  function initialize({ model }) {
    return setups[model.get("_kind")]?.(model);
  }

  return { initialize, render };
}
