import { test } from "node:test";
import assert from "node:assert/strict";
import { createToolbar, limitText } from "../src/toolbar.js";
import { byLabel, fakeEvent, installDom } from "./fake-dom.js";

test("limits in the Minimum/Maximum inputs: 6 significant digits, empty when not finite", () => {
  assert.equal(limitText(17.40951786994934), "17.4095");
  assert.equal(limitText(118.03855159759526), "118.039");
  assert.equal(limitText(30), "30");
  assert.equal(limitText(-0.000123456789), "-0.000123457");
  assert.equal(limitText(1.5e-12), "1.5e-12");
  assert.equal(limitText(123456789), "123457000");
  assert.equal(limitText(NaN), "");
  assert.equal(limitText(Infinity), "");
});

// --- the toolbar driven through its props and callbacks, on a fake DOM, without a model ---

const PROPS = Object.freeze({
  colormap: "magma",
  reverse: true,
  scale: "log",
  clim: null,
  percentiles: [2, 98],
  lock: false,
  dragMode: "lasso",
  limits: [17.40951786994934, 118.03855159759526],
});

/** A toolbar whose callbacks log [name, value]. */
function mountToolbar() {
  const dom = installDom();
  const calls = [];
  const cb = (name) => (value) => calls.push([name, value]);
  const toolbar = createToolbar({
    onColormap: cb("colormap"),
    onReverse: cb("reverse"),
    onScale: cb("scale"),
    onClim: cb("clim"),
    onLock: cb("lock"),
    onDragMode: cb("dragMode"),
  });
  const get = (label) => byLabel(toolbar.el, label);
  /** Edit a control as a user does: a new value, then "change". */
  const edit = (label, value) => {
    const el = get(label);
    if (typeof value === "boolean") el.checked = value;
    else el.value = value;
    el.dispatchEvent(fakeEvent("change"));
  };
  return { dom, calls, toolbar, get, edit };
}

test("the toolbar shows its props", () => {
  const { dom, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  assert.equal(get("Colormap").value, "magma");
  assert.equal(get("Reverse colormap").checked, true);
  assert.equal(get("Scale").value, "log");
  assert.equal(get("Contrast").value, "auto");
  assert.equal(get("Contrast").title, "auto: 2–98 percentiles of the finite values");
  assert.equal(get("Minimum").value, "17.4095");
  assert.equal(get("Maximum").value, "118.039");
  assert.equal(get("Minimum").classList.contains("usidw-auto"), true);
  assert.equal(get("Lock contrast").checked, false);
  assert.equal(get("Drag mode").value, "lasso");
  toolbar.show({ ...PROPS, clim: [1, 2], limits: [1, 2], colormap: "nonsense", dragMode: "nonsense" });
  assert.equal(get("Contrast").value, "manual");
  assert.equal(get("Minimum").classList.contains("usidw-auto"), false);
  assert.equal(get("Colormap").value, "viridis");
  assert.equal(get("Drag mode").value, "zoom");
  toolbar.show({ ...PROPS, limits: null });
  assert.equal(get("Minimum").value, "", "nothing drawn: no limits");
  toolbar.dispose();
  dom.restore();
});

test("the input being edited is left alone when props arrive", () => {
  const { dom, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  get("Minimum").focus();
  get("Minimum").value = "5";
  toolbar.show({ ...PROPS, limits: [1, 2] });
  assert.equal(get("Minimum").value, "5");
  assert.equal(get("Maximum").value, "2");
  toolbar.dispose();
  dom.restore();
});

test("Minimum / Maximum edits call onClim; an unusable pair restores the limits shown", () => {
  const { dom, calls, toolbar, get, edit } = mountToolbar();
  toolbar.show(PROPS);
  get("Minimum").value = "1.5";
  edit("Maximum", "7");
  assert.deepEqual(calls, [["clim", [1.5, 7]]]);
  calls.length = 0;
  get("Minimum").focus();
  edit("Minimum", "9"); // above the maximum
  assert.deepEqual(calls, []);
  assert.equal(get("Minimum").value, "17.4095");
  assert.equal(dom.document.activeElement, null, "the inputs are blurred");
  edit("Maximum", "");
  assert.deepEqual(calls, []);
  assert.equal(get("Maximum").value, "118.039");
  toolbar.dispose();
  dom.restore();
});

test("Contrast manual copies the limits of the last draw into onClim, auto gives null", () => {
  const { dom, calls, toolbar, edit } = mountToolbar();
  toolbar.show(PROPS);
  edit("Contrast", "manual");
  edit("Contrast", "auto");
  toolbar.show({ ...PROPS, limits: null });
  edit("Contrast", "manual");
  assert.deepEqual(calls, [
    ["clim", [17.40951786994934, 118.03855159759526]],
    ["clim", null],
    ["clim", [0, 1]],
  ]);
  toolbar.dispose();
  dom.restore();
});

test("each control reports through its own callback", () => {
  const { dom, calls, toolbar, edit } = mountToolbar();
  toolbar.show(PROPS);
  edit("Colormap", "cividis");
  edit("Reverse colormap", false);
  edit("Scale", "symlog");
  edit("Lock contrast", true);
  edit("Drag mode", "pan");
  assert.deepEqual(calls, [
    ["colormap", "cividis"],
    ["reverse", false],
    ["scale", "symlog"],
    ["lock", true],
    ["dragMode", "pan"],
  ]);
  toolbar.dispose();
  assert.equal(dom.listenerCount(), 0, dom.listenersLeft().join("; "));
  edit("Colormap", "gray");
  assert.equal(calls.length, 5, "nothing reported after dispose");
  dom.restore();
});
