import { test } from "node:test";
import assert from "node:assert/strict";
import { csvNumber, csvText, descrOf, imageCsv, linesCsv, npyFile, npyHeader } from "../src/export.js";
import { EXPORT_ITEMS, EXPORT_TEXT, createExportMenu, fileOf } from "../src/export-menu.js";
import { byClass, byLabel, fakeEvent, findAll, installDom } from "./fake-dom.js";

test("an NPY header is version 1.0, little-endian dtype, C order, 64-byte aligned", () => {
  const head = npyHeader("<f4", [7]);
  assert.equal(head.length % 64, 0);
  assert.deepEqual([...head.slice(0, 8)], [0x93, 78, 85, 77, 80, 89, 1, 0]);
  const text = Buffer.from(head.slice(10)).toString("latin1");
  assert.ok(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }"), text);
  assert.ok(text.endsWith(" \n"));
  assert.equal(head[8] + 256 * head[9], head.length - 10);
  // data from a DataView at an offset into a larger buffer
  const big = new Uint8Array(20);
  big.set(new Uint8Array(new Float32Array([1.5, -2]).buffer), 4);
  const file = npyFile(new DataView(big.buffer, 4, 8), "<f4", [2]);
  assert.deepEqual(new Float32Array(file.slice(npyHeader("<f4", [2]).length).buffer), new Float32Array([1.5, -2]));
  assert.throws(() => npyFile(new Uint8Array(7), "<f4", [2]), /7 bytes for shape \[2\] of <f4/);
  assert.throws(() => npyFile(new Uint8Array(8), "<c8", [1]), /no writer for dtype <c8/);
  assert.equal(descrOf(new Float64Array(1)), "<f8");
  assert.equal(descrOf(new Uint16Array(1)), "<u2");
});

test("a CSV number reads back to the same value of its dtype, in the fewest digits", () => {
  assert.equal(csvNumber(Math.fround(0.1), "<f4"), "0.1");
  assert.equal(csvNumber(Math.fround(330000.5), "<f4"), "330000.5");
  assert.equal(csvNumber(Math.fround(1e-7), "<f4"), "1e-7");
  assert.equal(csvNumber(0.1, "<f8"), "0.1");
  assert.equal(csvNumber(NaN, "<f8"), "nan");
  assert.equal(csvNumber(-Infinity, "<f4"), "-inf");
  assert.equal(csvNumber(2n ** 62n, "<i8"), "4611686018427387904");
  const rng = (() => {
    let s = 7;
    return () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 10 ** ((s % 13) - 6);
  })();
  for (let i = 0; i < 2000; i++) {
    const v = Math.fround(rng());
    const text = csvNumber(v, "<f4");
    assert.equal(Math.fround(Number(text)), v, text);
    assert.ok(text.replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length <= 9, text);
  }
  assert.equal(csvText('a "b", c'), '"a ""b"", c"');
  assert.equal(csvText("Frequency (kHz)"), "Frequency (kHz)");
});

test("an image CSV is its notes as comments, then one line per row", () => {
  const data = new Float32Array([1, 2.5, NaN, -4, 0.1, 6]);
  const text = imageCsv(data, "<f4", [2, 3], ["Amplitude: Y × X", "values: Amplitude (pm)\nfull resolution"]);
  assert.equal(
    text,
    "# Amplitude: Y × X\n# values: Amplitude (pm)\n# full resolution\n1,2.5,nan\n-4,0.1,6\n",
  );
  assert.throws(() => imageCsv(data, "<f4", [4, 3]), /6 values for shape \[4,3\]/);
  const bools = imageCsv(new Uint8Array([1, 0, 0, 1]), "|b1", [2, 2]);
  assert.equal(bools, "1,0\n0,1\n");
});

test("a lines CSV has a header naming each column with its unit, then a line per step", () => {
  const text = linesCsv(
    [
      { label: "Frequency (Hz)", data: new Float64Array([300000, 300500]), descr: "<f8" },
      { label: "Amplitude (pm)", data: new Float32Array([1.25, NaN]), descr: "<f4" },
    ],
    ["At the selected position", "position: Y = 3 (0.5 µm)"],
  );
  assert.equal(
    text,
    "# At the selected position\n# position: Y = 3 (0.5 µm)\nFrequency (Hz),Amplitude (pm)\n300000,1.25\n300500,nan\n",
  );
  assert.throws(
    () => linesCsv([{ label: "x", data: new Float64Array(2), descr: "<f8" }, { label: "y", data: new Float64Array(3), descr: "<f8" }]),
    /column y has 3 values, not 2/,
  );
});

test("the kernel's answers become the files named by it", () => {
  const data = new Float64Array([1, 2, 3, 4]);
  const [npy, name, type] = fileOf({ action: "image", format: "npy", name: "be_image", descr: "<f8", shape: [2, 2] }, [data]);
  assert.equal(name, "be_image.npy");
  assert.equal(type, "application/octet-stream");
  assert.deepEqual(new Float64Array(npy.slice(npyHeader("<f8", [2, 2]).length).buffer), data);
  const [csv, csvName] = fileOf({ action: "image", format: "csv", name: "be_image", descr: "<f8", shape: [2, 2], notes: ["t"] }, [data]);
  assert.equal(csvName, "be_image.csv");
  assert.equal(csv, "# t\n1,2\n3,4\n");
  const [lines] = fileOf(
    { action: "plot", format: "csv", name: "p", notes: [], columns: [{ label: "x", descr: "<i8" }, { label: "y", descr: "<f8" }] },
    [new BigInt64Array([0n, 1n]), new Float64Array([5, 6])],
  );
  assert.equal(lines, "x,y\n0,5\n1,6\n");
  // a point cloud: its values against the point numbers
  const [points, pointsName] = fileOf(
    { action: "image", format: "csv", name: "sparse_points", notes: ["t"], columns: [{ label: "point", descr: "<i8" }, { label: "v (nA)", descr: "<f4" }] },
    [new BigInt64Array([0n, 1n]), new Float32Array([0.5, 2])],
  );
  assert.equal(pointsName, "sparse_points.csv");
  assert.equal(points, "# t\npoint,v (nA)\n0,0.5\n1,2\n");
});

/** The menu on a fake DOM: its requests and saved files are logged. */
function mountMenu() {
  const dom = installDom();
  const bar = document.createElement("span");
  const requests = [];
  const saved = [];
  const menu = createExportMenu({
    bar: /** @type {any} */ (bar),
    request: (c) => requests.push(c),
    save: (content, name, type) => saved.push({ content, name, type }),
  });
  return { dom, bar, menu, requests, saved };
}

test("the download menu: one toolbar button opens it, each item asks the kernel, the answer is saved", () => {
  const { dom, bar, menu, requests, saved } = mountMenu();
  const button = byLabel(bar, "Download data or copy as code");
  assert.ok(button.getAttribute("title").startsWith("Download the data on screen"));
  const list = byClass(bar, "usidw-menu");
  assert.equal(list.hidden, true);
  button.dispatchEvent(fakeEvent("click"));
  assert.equal(list.hidden, false);
  assert.equal(button.getAttribute("aria-expanded"), "true");
  const items = findAll(bar, (n) => n.getAttribute("role") === "menuitem");
  assert.deepEqual(items.map((i) => i.textContent), EXPORT_ITEMS.map((i) => i[2]));
  items[1].dispatchEvent(fakeEvent("click"));
  assert.deepEqual(requests, [{ action: "image", format: "csv" }]);
  const status = byClass(bar, "usidw-menu-status");
  assert.equal(status.textContent, EXPORT_TEXT.asking);
  menu.receive({ action: "image", format: "csv", name: "m", descr: "<f4", shape: [1, 2], notes: [] }, [new Float32Array([1, 2])]);
  assert.deepEqual(saved, [{ content: "1,2\n", name: "m.csv", type: "text/csv" }]);
  assert.equal(status.textContent, "saved m.csv");
  menu.receive({ action: "plot", format: "csv", error: "No line plot on screen." }, []);
  assert.equal(status.textContent, "No line plot on screen.");
  assert.ok(status.classList.contains("usidw-menu-error"));
  list.dispatchEvent(fakeEvent("keydown", { key: "Escape" }));
  assert.equal(list.hidden, true);
  menu.dispose();
  assert.equal(bar.childNodes.length, 0);
  assert.equal(dom.listenerCount(), 0, dom.listenersLeft().join("; "));
  dom.restore();
});

test("copy as code: the clipboard where allowed, else the code selected in a text box", async () => {
  const { dom, bar, menu } = mountMenu();
  const status = byClass(bar, "usidw-menu-status");
  const box = byClass(bar, "usidw-code");
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  const copied = [];
  const setClipboard = (clipboard) =>
    Object.defineProperty(globalThis, "navigator", { value: { clipboard }, configurable: true });
  try {
    setClipboard({ writeText: async (t) => copied.push(t) });
    menu.receive({ action: "code", code: 'explorer("a.h5")' }, []);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(copied, ['explorer("a.h5")']);
    assert.equal(status.textContent, EXPORT_TEXT.copied);
    assert.equal(box.hidden, true);
    let selected = false;
    box.select = () => (selected = true);
    setClipboard({ writeText: () => Promise.reject(new Error("NotAllowedError")) });
    menu.receive({ action: "code", code: 'explorer("b.h5")' }, []);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(box.hidden, false);
    assert.equal(box.value, 'explorer("b.h5")');
    assert.ok(selected);
    assert.equal(status.textContent, EXPORT_TEXT.refused);
  } finally {
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete globalThis.navigator;
    menu.dispose();
    dom.restore();
  }
});
