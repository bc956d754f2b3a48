// The legend of the pins (PinLegend): per pin its number, a swatch of its colour (the colour of
// its marker on the map and of its line on the plot), its name in physical units and a button
// removing it; then "Clear pins". Hidden without pins. The buttons send custom messages:
// {type: "unpin", pin: i} and {type: "clear_pins"}. With a diffraction plane on screen (`plane`),
// two selects choose what it shows (`compare`): the selected position, a pin's pattern, or the
// difference of two pins' patterns.

import { Disposer, clear, h, suppressShortcuts, svg } from "./dom.js";

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
 * The options of the "Plane" and "minus" selects for `n` pins: [value, text].
 * @param {number} n
 */
export function compareOptions(n) {
  const pins = Array.from({ length: n }, (_, i) => [String(i), `pin ${i + 1}`]);
  return { plane: [["", "selected position"], ...pins], minus: [["", "nothing"], ...pins] };
}

/**
 * The `compare` trait from the two selects' values ("" for none): [] the selected position,
 * [a] pin a, [a, b] pin a minus pin b (a "minus" equal to the plane's pin is ignored).
 * @param {string} plane
 * @param {string} minus
 * @returns {number[]}
 */
export function compareValue(plane, minus) {
  if (plane === "") return [];
  const a = Number(plane);
  return minus === "" || Number(minus) === a ? [a] : [a, Number(minus)];
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
  const planeSel = h("select", { class: "usidw-select", "aria-label": "Plane shows", title: "What the diffraction plane shows: the pattern at the selected position, or a pin's" });
  const minusSel = h("select", { class: "usidw-select", "aria-label": "Plane minus", title: "Subtract another pin's pattern: the difference, with a diverging colormap centred on zero" });
  for (const sel of [planeSel, minusSel]) suppressShortcuts(sel);
  const compare = h("span", { class: "usidw-legend-compare" }, [
    h("label", {}, ["plane: ", planeSel]),
    h("label", {}, [" \u2212 ", minusSel]),
  ]);
  const root = h("div", { class: "usidw-root usidw-legend" }, [list, compare, clearAll]);
  el.appendChild(root);
  d.add(() => root.remove());

  function show() {
    const items = /** @type {LegendItem[]} */ (model.get("items") ?? []);
    clear(list);
    items.forEach((item, i) => list.appendChild(legendEntry(item, i)));
    root.hidden = items.length === 0;
    root.setAttribute("data-pins", String(items.length));
    const options = compareOptions(items.length);
    for (const [sel, opts] of [[planeSel, options.plane], [minusSel, options.minus]]) {
      clear(sel);
      for (const [value, text] of opts) sel.appendChild(h("option", { value, text }));
    }
    const cmp = /** @type {number[]} */ (model.get("compare") ?? []);
    planeSel.value = cmp.length ? String(cmp[0]) : "";
    minusSel.value = cmp.length > 1 ? String(cmp[1]) : "";
    minusSel.disabled = !cmp.length;
    compare.hidden = !model.get("plane") || items.length === 0;
  }
  const onCompare = () => {
    model.set("compare", compareValue(planeSel.value, minusSel.value));
    model.save_changes();
  };
  d.listen(planeSel, "change", onCompare);
  d.listen(minusSel, "change", onCompare);
  d.listen(list, "click", (ev) => {
    const button = /** @type {HTMLElement} */ (ev.target)?.closest?.(".usidw-legend-remove");
    if (!button) return;
    model.send({ type: "unpin", pin: Number(button.getAttribute("data-pin")) });
  });
  d.listen(clearAll, "click", () => model.send({ type: "clear_pins" }));
  d.listen(model, "change:items change:plane change:compare", show);
  show();
  return () => d.dispose();
}
