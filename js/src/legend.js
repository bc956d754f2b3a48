// The legend of the pins (PinLegend): per pin its number, a swatch of its colour (the colour of
// its marker on the map and of its line on the plot), its name in physical units and a button
// removing it; then "Clear pins". Hidden without pins. The buttons send custom messages:
// {type: "unpin", pin: i} and {type: "clear_pins"}.

import { Disposer, clear, h, svg } from "./dom.js";

/**
 * @typedef {{label: string, color: string}} LegendItem
 */

/**
 * The entry of pin `i` (0-based; shown numbered from 1 like its marker).
 * @param {LegendItem} item
 * @param {number} i
 */
export function legendEntry(item, i) {
  const name = `pin ${i + 1}: ${item.label}`;
  const cross = svg("svg", { viewBox: "0 0 16 16", width: 10, height: 10, "aria-hidden": "true" }, [
    svg("path", { d: "M3 3l10 10M13 3L3 13" }),
  ]);
  const remove = h("button", {
    class: "usidw-legend-remove",
    type: "button",
    title: `Remove ${name}`,
    "aria-label": `Remove ${name}`,
    "data-pin": String(i),
  }, [cross]);
  const swatch = h("span", { class: "usidw-swatch", "aria-hidden": "true", "data-color": item.color });
  swatch.style.backgroundColor = item.color;
  return h("li", { class: "usidw-legend-item", "data-pin": String(i), title: name }, [
    h("span", { class: "usidw-legend-n", text: String(i + 1) }),
    swatch,
    h("span", { class: "usidw-legend-label", text: item.label }),
    remove,
  ]);
}

/**
 * Render a PinLegend model into `el`; returns the cleanup function.
 * @param {{model: any, el: HTMLElement}} ctx
 */
export function renderLegend({ model, el }) {
  const d = new Disposer();
  const list = h("ul", { class: "usidw-legend-list", "aria-label": "Pins" });
  const clearAll = h("button", {
    class: "usidw-legend-clear",
    type: "button",
    text: "Clear pins",
    title: "Remove every pin",
  });
  const root = h("div", { class: "usidw-root usidw-legend" }, [list, clearAll]);
  el.appendChild(root);
  d.add(() => root.remove());

  function show() {
    const items = /** @type {LegendItem[]} */ (model.get("items") ?? []);
    clear(list);
    items.forEach((item, i) => list.appendChild(legendEntry(item, i)));
    root.hidden = items.length === 0;
    root.setAttribute("data-pins", String(items.length));
  }
  d.listen(list, "click", (ev) => {
    const button = /** @type {HTMLElement} */ (ev.target)?.closest?.(".usidw-legend-remove");
    if (!button) return;
    model.send({ type: "unpin", pin: Number(button.getAttribute("data-pin")) });
  });
  d.listen(clearAll, "click", () => model.send({ type: "clear_pins" }));
  d.listen(model, "change:items", show);
  show();
  return () => d.dispose();
}
