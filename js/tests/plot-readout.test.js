import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeModel } from "./fake-model.js";
import { attachPlotReadout, describeStep, domainOf, nearestStep, xAtPixel } from "../src/plot-readout.js";
import { startLinks } from "../src/link.js";
import { fakeEvent, installDom } from "./fake-dom.js";

const spec = { dim: "Frequency", units: "kHz", by_index: false, value_units: "pm", figure: "usidw-fig-7" };

test("nearestStep: the finite x nearest a value, -1 for none", () => {
  const x = [300, 310, 320, NaN, 340];
  assert.equal(nearestStep(x, 304), 0);
  assert.equal(nearestStep(x, 306), 1);
  assert.equal(nearestStep(x, 331), 4); // NaN is never nearest
  assert.equal(nearestStep(x, 1000), 4);
  assert.equal(nearestStep([5, 4, 3], 3.9), 1); // a descending axis
  assert.equal(nearestStep([], 1), -1);
  assert.equal(nearestStep(x, NaN), -1);
});

test("domainOf: the scale's min and max, else the finite extent of x", () => {
  assert.deepEqual(domainOf(0, 10, [2, 3]), [0, 10]);
  assert.deepEqual(domainOf(null, null, [4, NaN, 2, 9]), [2, 9]);
  assert.deepEqual(domainOf(5, 5, [1, 3]), [1, 3]); // an empty span is no domain
  assert.equal(domainOf(null, null, [NaN]), null);
});

test("xAtPixel: the x at a pointer over the plot area, null outside it", () => {
  const rect = { left: 100, width: 200 };
  assert.equal(xAtPixel(100, rect, [300, 340]), 300);
  assert.equal(xAtPixel(200, rect, [300, 340]), 320);
  assert.equal(xAtPixel(300, rect, [300, 340]), 340);
  assert.equal(xAtPixel(99, rect, [300, 340]), null);
  assert.equal(xAtPixel(301, rect, [300, 340]), null);
  assert.equal(xAtPixel(150, { left: 0, width: 0 }, [0, 1]), null);
});

test("describeStep: x with its units, the value with its units, the step", () => {
  const x = [330, 340.2];
  const y = [1, 53.3];
  assert.equal(describeStep(spec, x, y, 1), "Frequency = 340.2 kHz: 53.3 pm (index 1)");
  assert.equal(describeStep({ ...spec, units: "", value_units: "" }, x, y, 0), "Frequency = 330: 1 (index 0)");
  assert.equal(describeStep({ ...spec, dim: "DC_Offset", by_index: true }, x, y, 1), "DC_Offset index 1: 53.3 pm");
  assert.equal(describeStep(spec, x, [NaN, 1], 0), "Frequency = 330 kHz: NaN (index 0)");
  // the one formatter's prefixes: a value drawn as 0.0534 kHz reads 53.4 Hz
  assert.equal(describeStep(spec, [0.0534], [1200], 0), "Frequency = 53.4 Hz: 1.2 nm (index 0)");
});

/** A figure as bqplot renders it: `div.bqplot.<figure class>` > svg > rect.plotarea_background */
function figure(doc, parent, cls = spec.figure) {
  const fig = doc.createElement("div");
  fig.classList.add("bqplot", cls);
  const svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
  const area = doc.createElementNS("http://www.w3.org/2000/svg", "rect");
  area.classList.add("plotarea_background");
  area.rect = { left: 100, top: 20, width: 200, height: 100 };
  const line = doc.createElementNS("http://www.w3.org/2000/svg", "path");
  area.appendChild(line);
  svg.appendChild(area);
  fig.appendChild(svg);
  parent.appendChild(fig);
  return { fig, area, line };
}

test("attachPlotReadout: the hovered step under the figure, the selected one after", () => {
  const dom = installDom();
  try {
    const doc = dom.document;
    const box = doc.createElement("div");
    doc.body.appendChild(box);
    const { fig, line } = figure(doc, box);
    const outside = doc.createElement("p");
    doc.body.appendChild(outside);
    const src = { spec, x: [300, 310, 320, 330, 340], y: [1, 2, 3, 4, 5], domain: [300, 340], selected: 2 };
    const r = attachPlotReadout(doc, () => src);
    r.refresh();
    const el = box.querySelectorAll(".usidw-plot-readout")[0];
    assert.ok(el, "a readout line under the figure");
    assert.equal(box.childNodes.indexOf(el), box.childNodes.indexOf(fig) + 1);
    assert.equal(el.textContent, "Frequency = 320 kHz: 3 pm (index 2)");
    assert.equal(el.classList.contains("usidw-readout-hover"), false);

    // x = 300 + (251 - 100) / 200 * 40 = 330.2: step 3
    line.dispatchEvent(fakeEvent("pointermove", { clientX: 251, clientY: 50 }));
    assert.equal(el.textContent, "Frequency = 330 kHz: 4 pm (index 3)");
    assert.equal(el.getAttribute("data-step"), "3");
    assert.equal(el.classList.contains("usidw-readout-hover"), true);
    line.dispatchEvent(fakeEvent("pointermove", { clientX: 101, clientY: 50 }));
    assert.equal(el.getAttribute("data-step"), "0");
    // a move to the margin (left of the plot area) or out of the figure: the selection again
    line.dispatchEvent(fakeEvent("pointermove", { clientX: 90, clientY: 50 }));
    assert.equal(el.textContent, "Frequency = 320 kHz: 3 pm (index 2)");
    line.dispatchEvent(fakeEvent("pointermove", { clientX: 300, clientY: 50 }));
    assert.equal(el.getAttribute("data-step"), "4");
    line.dispatchEvent(fakeEvent("pointerout", { relatedTarget: outside }));
    assert.equal(el.getAttribute("data-step"), "2");
    assert.equal(el.classList.contains("usidw-readout-hover"), false);

    // another plot's figure is not ours
    const other = figure(doc, box, "usidw-fig-8");
    other.line.dispatchEvent(fakeEvent("pointermove", { clientX: 251, clientY: 50 }));
    assert.equal(el.getAttribute("data-step"), "2");

    // a second view of the same figure (the explorer shown again): its own readout on hover
    const box2 = doc.createElement("div");
    doc.body.appendChild(box2);
    const again = figure(doc, box2);
    again.line.dispatchEvent(fakeEvent("pointermove", { clientX: 300, clientY: 50 }));
    const el2 = box2.querySelectorAll(".usidw-plot-readout")[0];
    assert.equal(el2.getAttribute("data-step"), "4");
    assert.equal(el.getAttribute("data-step"), "2"); // the first one still shows the selection

    r.dispose();
    assert.equal(box.querySelectorAll(".usidw-plot-readout").length, 0);
    assert.equal(box2.querySelectorAll(".usidw-plot-readout").length, 0);
    assert.equal(dom.listenerCount(), 0);
  } finally {
    dom.restore();
  }
});

test("attachPlotReadout: nothing without a source (an envelope, no plot)", () => {
  const dom = installDom();
  try {
    const doc = dom.document;
    const { line } = figure(doc, doc.body);
    const r = attachPlotReadout(doc, () => null);
    r.refresh();
    line.dispatchEvent(fakeEvent("pointermove", { clientX: 251, clientY: 50 }));
    assert.equal(doc.body.querySelectorAll(".usidw-plot-readout").length, 0);
    r.dispose();
  } finally {
    dom.restore();
  }
});


const tick = () => new Promise((r) => setTimeout(r, 0));

test("the hub's readout: the line model's x and y, its x scale, the index's step", async () => {
  const dom = installDom();
  try {
    const doc = dom.document;
    const { line: path } = figure(doc, doc.body);
    const scale = fakeModel({ min: 300, max: 340 });
    const ln = fakeModel({ x: Float64Array.of(300, 310, 320, 330, 340), y: Float64Array.of(1, 2, 3, 4, 5), scales: { x: scale } });
    const wm = { get_model: (id) => Promise.resolve({ ln }[id]) };
    const links = { heatmap: "hm", readout: { ...spec, line: "ln" } };
    const sliders = fakeModel({ index: { Frequency: 1 }, links, lines: {} }, wm);
    const stop = startLinks(sliders);
    await tick();
    await tick();
    const el = doc.body.querySelectorAll(".usidw-plot-readout")[0];
    assert.equal(el.textContent, "Frequency = 310 kHz: 2 pm (index 1)");
    sliders.set("index", { Frequency: 4 });
    await tick();
    assert.equal(el.textContent, "Frequency = 340 kHz: 5 pm (index 4)");
    ln.set("y", Float64Array.of(1, 2, 3, 4, 50)); // a new line from the kernel
    await tick();
    assert.equal(el.textContent, "Frequency = 340 kHz: 50 pm (index 4)");
    path.dispatchEvent(fakeEvent("pointermove", { clientX: 150, clientY: 50 })); // x = 310
    assert.equal(el.textContent, "Frequency = 310 kHz: 2 pm (index 1)");
    sliders.set("links", { heatmap: "hm" }); // an envelope: no readout
    await tick();
    assert.equal(doc.body.querySelectorAll(".usidw-plot-readout").length, 0);
    stop();
    assert.equal(dom.listenerCount(), 0);
  } finally {
    dom.restore();
  }
});
