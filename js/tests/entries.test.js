// Each view's module (src/entries/*.js, built to usid_widgets/static/<kind>.js) holds its own
// view only, and the sliders' module starts the links of the explorer's views on its model.

import { test } from "node:test";
import assert from "node:assert/strict";
import heatmapModule from "../src/entries/heatmap.js";
import legendModule from "../src/entries/legend.js";
import slidersModule from "../src/entries/sliders.js";
import treeModule from "../src/entries/tree.js";
import { installDom } from "./fake-dom.js";
import { fakeModel } from "./fake-model.js";

test("the sliders' module links the views through its model; cleanup removes every listener", () => {
  const dom = installDom();
  const sliders = fakeModel({ _kind: "sliders", index: { F: 0 }, links: {}, lines: {} });
  const stop = slidersModule.initialize({ model: sliders });
  assert.equal(typeof stop, "function");
  assert.ok(sliders.listenerCount() > 0, "the hub listens to the sliders' model");
  stop();
  assert.equal(sliders.listenerCount(), 0);
  dom.restore();
});

test("the map's, the legend's and the tree's modules set nothing up on their model", () => {
  for (const [mod, kind] of [[heatmapModule, "heatmap"], [legendModule, "legend"], [treeModule, "tree"]]) {
    const model = fakeModel({ _kind: kind });
    assert.equal(mod.initialize({ model }), undefined);
    assert.equal(model.listenerCount(), 0);
  }
});

test("a module renders only its own kind; another kind gets a note, removed by cleanup", () => {
  const dom = installDom();
  for (const [mod, other] of [
    [treeModule, "heatmap"],
    [heatmapModule, "tree"],
    [slidersModule, "legend"],
    [legendModule, "sliders"],
  ]) {
    const el = dom.document.createElement("div");
    const cleanup = mod.render({ model: fakeModel({ _kind: other }), el });
    assert.equal(el.children.length, 1);
    assert.match(el.children[0].textContent, new RegExp(`unknown widget kind "${other}"`));
    cleanup();
    assert.equal(el.children.length, 0);
  }
  dom.restore();
});
