import { test } from "node:test";
import assert from "node:assert/strict";
import { HINTS, createToolbar, limitText, parseLimit } from "../src/toolbar.js";
import { byClass, byLabel, fakeEvent, installDom } from "./fake-dom.js";

test("limits in the Minimum/Maximum fields: the shared plain-number rule at 5 digits, an exponent when tiny or huge", () => {
  assert.equal(limitText(17.40951786994934), "17.41");
  assert.equal(limitText(118.03855159759526), "118.04");
  assert.equal(limitText(30), "30");
  assert.equal(limitText(0), "0");
  assert.equal(limitText(-0.0123456), "-0.012346");
  assert.equal(limitText(0.001), "0.001");
  assert.equal(limitText(-0.000123456789), "-1.2346e-4");
  assert.equal(limitText(-3.40438e-5), "-3.4044e-5", "SingFreqPFM's minimum, not cut");
  assert.equal(limitText(1.43989e-5), "1.4399e-5");
  assert.equal(limitText(1.5e-12), "1.5e-12", "no trailing zeros");
  assert.equal(limitText(123456), "1.2346e+5");
  assert.equal(limitText(123456789), "1.2346e+8");
  assert.equal(limitText(-2e9), "-2e+9");
  assert.equal(limitText(NaN), "");
  assert.equal(limitText(Infinity), "");
  for (const v of [-3.40438e-5, 1.5e-12, 123456789, 17.40951786994934, -0.000123456789]) {
    const back = parseLimit(limitText(v));
    assert.ok(Math.abs(back - v) <= Math.abs(v) * 1e-4, `${v} read back as ${back}`);
  }
});

test("a limit typed is read only when the whole text is one number", () => {
  assert.equal(parseLimit("3.4e-5"), 3.4e-5);
  assert.equal(parseLimit(" -2 "), -2);
  assert.equal(parseLimit("\u22121.5"), -1.5, "a typographic minus");
  assert.equal(parseLimit(".5"), 0.5);
  assert.equal(parseLimit("1E3"), 1000);
  for (const bad of ["", " ", "abc", "3abc", "1e", "--1", "1,5", "Infinity", "NaN", "0x10"]) {
    assert.ok(Number.isNaN(parseLimit(bad)), `"${bad}" is not a limit`);
  }
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
  return { dom, calls, toolbar, get, edit, el: toolbar.el };
}

test("the toolbar shows its props", () => {
  const { dom, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  assert.equal(get("Colormap").value, "magma");
  assert.equal(get("Reverse colormap").checked, true);
  assert.equal(get("Scale").value, "log");
  assert.equal(get("Contrast").value, "auto");
  assert.equal(get("Contrast").title, "auto: 2–98 percentiles of the finite values; manual: the limits typed");
  assert.equal(get("Minimum").value, "17.41");
  assert.equal(get("Maximum").value, "118.04");
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

/** Type into a field as a user does: focus, new text, "input". */
function type(field, text) {
  field.focus();
  field.value = text;
  field.dispatchEvent(fakeEvent("input"));
}
/** Press a key in a field; returns the event (to see whether it went further). */
function press(field, key) {
  const ev = fakeEvent("keydown", { key });
  field.dispatchEvent(ev);
  return ev;
}
/** Leave a field as a click elsewhere does, or for `to` as Tab does. */
function leave(field, to = null) {
  field.blur();
  field.dispatchEvent(fakeEvent("blur", { bubbles: false, relatedTarget: to }));
  to?.focus();
}

test("Enter applies the typed limit, the other one kept exact; the field shows it formatted", () => {
  const { dom, calls, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  const min = get("Minimum");
  type(min, "3.4e1");
  assert.deepEqual(calls, [], "typing alone applies nothing");
  const ev = press(min, "Enter");
  assert.deepEqual(calls, [["clim", [34, 118.03855159759526]]]);
  assert.ok(ev.defaultPrevented && ev._stop, "the notebook does not also get the Enter");
  assert.equal(min.value, "34");
  assert.equal(dom.document.activeElement, min, "the field keeps the focus");
  // the kernel's echo: the field, focused but not being typed in, shows the limits in force
  toolbar.show({ ...PROPS, clim: [34, 118.03855159759526], limits: [34, 118.03855159759526] });
  assert.equal(min.value, "34");
  assert.equal(get("Contrast").value, "manual");
  toolbar.dispose();
  dom.restore();
});

test("both typed, Enter in either applies the pair; an exponent typed works", () => {
  const { dom, calls, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  type(get("Maximum"), "-3.4e-5");
  type(get("Minimum"), "-1e-4");
  press(get("Minimum"), "Enter");
  assert.deepEqual(calls, [["clim", [-1e-4, -3.4e-5]]]);
  assert.equal(get("Minimum").value, "-1e-4");
  assert.equal(get("Maximum").value, "-3.4e-5");
  toolbar.dispose();
  dom.restore();
});

test("Escape reverts the field to the limits in force and goes no further", () => {
  const { dom, calls, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  const max = get("Maximum");
  type(max, "5");
  const ev = press(max, "Escape");
  assert.equal(max.value, "118.04");
  assert.ok(ev._stop, "Escape does not reach the image (it would clear the region)");
  press(max, "Enter");
  assert.deepEqual(calls, [], "nothing typed any more: Enter applies nothing");
  toolbar.dispose();
  dom.restore();
});

test("min, Tab, max, Enter applies both; leaving the pair after Tab drops both", () => {
  const { dom, calls, toolbar, get } = mountToolbar();
  toolbar.show(PROPS);
  const min = get("Minimum");
  const max = get("Maximum");
  type(min, "10");
  leave(min, max); // Tab
  assert.equal(min.value, "10", "kept while the other limit is typed");
  type(max, "20");
  press(max, "Enter");
  assert.deepEqual(calls, [["clim", [10, 20]]]);
  // Tab back and forth, then a click elsewhere: nothing typed in the pair is kept
  toolbar.show({ ...PROPS, limits: [10, 20] });
  type(min, "11");
  leave(min, max);
  type(max, "19");
  leave(max, min);
  assert.equal(max.value, "19");
  leave(min);
  assert.deepEqual([min.value, max.value], ["10", "20"]);
  press(max, "Enter");
  assert.deepEqual(calls, [["clim", [10, 20]]], "nothing left to apply");
  toolbar.dispose();
  dom.restore();
});

test("a value typed and not confirmed is dropped on blur, and never applied later", () => {
  const { dom, calls, toolbar, get, edit } = mountToolbar();
  toolbar.show(PROPS);
  const min = get("Minimum");
  type(min, "5");
  // a new frame while typing: the field keeps the typed text, the other one follows
  toolbar.show({ ...PROPS, limits: [1, 2] });
  assert.equal(min.value, "5");
  assert.equal(get("Maximum").value, "2");
  leave(min);
  assert.equal(min.value, "1", "the limits in force again");
  min.dispatchEvent(fakeEvent("change")); // what a browser fires on blur after typing
  assert.deepEqual(calls, [], "no change, no blur applies a typed value");
  // later edits elsewhere do not bring it back; the contrast stays automatic
  edit("Colormap", "gray");
  toolbar.show({ ...PROPS, limits: [3, 4] });
  assert.equal(min.value, "3");
  assert.deepEqual(calls, [["colormap", "gray"]]);
  toolbar.dispose();
  dom.restore();
});

test("minimum >= maximum and non-numbers are refused with a visible hint, nothing applied", () => {
  const { dom, calls, toolbar, get, el } = mountToolbar();
  toolbar.show(PROPS);
  const min = get("Minimum");
  const hint = byClass(el, "usidw-hint");
  assert.equal(hint.hidden, true);
  type(min, "200"); // above the maximum (118.04)
  press(min, "Enter");
  assert.deepEqual(calls, []);
  assert.equal(hint.hidden, false);
  assert.equal(hint.textContent, HINTS.order);
  assert.equal(hint.getAttribute("role"), "alert");
  assert.ok(min.classList.contains("usidw-invalid"));
  assert.equal(min.getAttribute("aria-invalid"), "true");
  assert.equal(min.getAttribute("title"), HINTS.order);
  assert.equal(get("Maximum").classList.contains("usidw-invalid"), false);
  assert.equal(min.value, "200", "the typed text stays to be corrected");
  type(min, "118.03855159759526"); // equal to the maximum: refused too
  assert.equal(hint.hidden, true, "typing again clears the hint");
  press(min, "Enter");
  assert.equal(hint.textContent, HINTS.order);
  assert.deepEqual(calls, []);
  type(min, "3abc");
  press(min, "Enter");
  assert.equal(hint.textContent, HINTS.number);
  assert.deepEqual(calls, []);
  type(min, "");
  press(min, "Enter");
  assert.equal(hint.textContent, HINTS.number, "an empty field is not a limit");
  press(min, "Escape");
  assert.equal(hint.hidden, true);
  assert.equal(min.classList.contains("usidw-invalid"), false);
  assert.equal(min.getAttribute("title"), "Lower colour limit (Enter applies, Escape reverts)");
  assert.equal(min.value, "17.41");
  type(min, "-5");
  press(min, "Enter");
  assert.deepEqual(calls, [["clim", [-5, 118.03855159759526]]], "a usable value then applies");
  toolbar.dispose();
  dom.restore();
});

test("the limit fields are text fields for decimals, kept from JupyterLab's shortcuts", () => {
  const { dom, toolbar, get } = mountToolbar();
  for (const label of ["Minimum", "Maximum"]) {
    const f = get(label);
    assert.equal(f.getAttribute("type"), "text");
    assert.equal(f.getAttribute("inputmode"), "decimal");
    assert.equal(f.getAttribute("data-lm-suppress-shortcuts"), "true");
  }
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
