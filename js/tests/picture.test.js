// The picture's pure rules (box, line breaks, file name, fonts) and the Save / Copy buttons
// with the kernel's requests, on a fake DOM. The composition itself runs in a real browser:
// tests/e2e/test_export_figure.py compares the PNG with the screen.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ALIGN, fontOf, pictureName, unionBox, wrapWords } from "../src/picture.js";
import { NOTES, PICTURE_SCALE, canCopyImages, createSaveImage, pictureReply } from "../src/save-image.js";
import { byClass, byLabel, fakeEvent, installDom } from "./fake-dom.js";

test("the picture's box holds every part on whole CSS pixels, outward", () => {
  assert.equal(unionBox([]), null);
  assert.deepEqual(
    unionBox([
      { left: 10.4, top: 20.6, right: 100.2, bottom: 90.1 },
      { left: 9.6, top: 30, right: 250.5, bottom: 80 },
    ]),
    { left: 9, top: 20, right: 251, bottom: 91 },
  );
});

test("a title breaks into lines as white-space: normal does", () => {
  const measure = (s) => s.length * 10; // 10 px a character
  assert.deepEqual(wrapWords("Amplitude: Y × X", 500, measure), ["Amplitude: Y × X"]);
  assert.deepEqual(wrapWords("sum of Amplitude over Frequency 300–340 kHz", 200, measure), [
    "sum of Amplitude",
    "over Frequency",
    "300–340 kHz",
  ]);
  assert.deepEqual(wrapWords("averyveryverylongword x", 50, measure), ["averyveryverylongword", "x"], "a long word stays whole");
  assert.deepEqual(wrapWords("  ", 50, measure), []);
});

test("the file name comes from the title, safe on every system", () => {
  assert.equal(pictureName("Amplitude: Y × X"), "Amplitude_Y_X.png");
  assert.equal(pictureName("../../etc/passwd"), "etc_passwd.png");
  assert.equal(pictureName(""), "view.png");
  assert.equal(pictureName("×××"), "view.png");
  assert.ok(pictureName("a".repeat(200)).length <= 64);
});

test("text is drawn in the element's computed font and anchor", () => {
  assert.equal(fontOf(/** @type {any} */ ({ fontStyle: "normal", fontWeight: "600", fontSize: "13px", fontFamily: "system-ui" })), "normal 600 13px system-ui");
  assert.deepEqual({ ...ALIGN }, { start: "left", middle: "center", end: "right" });
});

test("the clipboard takes images only with clipboard.write and ClipboardItem", () => {
  assert.equal(canCopyImages(undefined, {}), false);
  assert.equal(canCopyImages({ clipboard: { write() {} } }, {}), false);
  assert.equal(canCopyImages({}, { ClipboardItem: function () {} }), false);
  assert.equal(canCopyImages({ clipboard: { write() {} } }, { ClipboardItem: function () {} }), true);
});

const blob = (bytes) => ({ arrayBuffer: async () => new Uint8Array(bytes).buffer });

test("the kernel's request gets the PNG as one buffer, or the reason there is none", async () => {
  assert.equal(pictureReply({ type: "other" }, async () => blob([1])), null);
  assert.equal(pictureReply(null, async () => blob([1])), null);
  let asked = 0;
  const ok = await pictureReply({ type: "picture", request: 7, scale: 3 }, async (scale) => {
    asked = scale;
    return /** @type {any} */ (blob([137, 80, 78, 71]));
  });
  assert.equal(asked, 3);
  assert.deepEqual(ok.content, { type: "picture", request: 7 });
  assert.deepEqual([...new Uint8Array(ok.buffers[0])], [137, 80, 78, 71]);
  const fallback = await pictureReply({ type: "picture", request: 8 }, async (scale) => {
    asked = scale;
    return /** @type {any} */ (blob([]));
  });
  assert.equal(asked, PICTURE_SCALE);
  assert.equal(fallback.content.request, 8);
  const bad = await pictureReply({ type: "picture", request: 9 }, async () => {
    throw new Error("nothing on screen to draw");
  });
  assert.deepEqual(bad.content, { type: "picture", request: 9, error: "nothing on screen to draw" });
  assert.deepEqual(bad.buffers, []);
});

test("Save image and Copy image are small labelled buttons; Copy says when the browser does not allow it", async () => {
  const dom = installDom();
  const saved = { nav: globalThis.navigator, item: globalThis.ClipboardItem };
  try {
    const bar = dom.document.createElement("span");
    let draws = 0;
    const dispose = createSaveImage({
      draw: async () => {
        draws++;
        return /** @type {any} */ (blob([1]));
      },
      name: () => "view.png",
      bar,
    });
    const save = byLabel(bar, "Save image");
    const copy = byLabel(bar, "Copy image");
    assert.match(save.getAttribute("title"), /PNG at twice the screen resolution/);
    assert.match(copy.getAttribute("title"), /clipboard/);
    const note = byClass(bar, "usidw-note");
    assert.equal(note.hidden, true);
    Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true });
    globalThis.ClipboardItem = undefined;
    copy.dispatchEvent(fakeEvent("click"));
    assert.equal(note.hidden, false);
    assert.equal(note.textContent, NOTES.noClipboard);
    assert.equal(draws, 0, "nothing drawn for a copy that cannot happen");
    // allowed: the item is made in the click, with the picture to come
    /** @type {any[]} */
    const written = [];
    Object.defineProperty(globalThis, "navigator", {
      value: { clipboard: { write: async (items) => written.push(...items) } },
      configurable: true,
    });
    globalThis.ClipboardItem = /** @type {any} */ (
      class {
        constructor(parts) {
          this.parts = parts;
        }
      }
    );
    copy.dispatchEvent(fakeEvent("click"));
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(written.length, 1);
    assert.ok(written[0].parts["image/png"] instanceof Promise);
    assert.equal(note.textContent, NOTES.copied);
    dispose();
    assert.equal(bar.childNodes.length, 0, "the buttons leave with the view");
  } finally {
    Object.defineProperty(globalThis, "navigator", { value: saved.nav, configurable: true });
    globalThis.ClipboardItem = saved.item;
    dom.restore();
  }
});
