// The heatmap toolbar's "Save image" and "Copy image" buttons, and the kernel's requests for
// the same picture (`w.save(path)`): the picture of picture.js at twice the CSS size, downloaded
// as a PNG, written to the clipboard where the browser allows it, or sent to the kernel as the
// one binary buffer of a custom message `{type: "picture", request}`.

import { Disposer, h } from "./dom.js";
import { ICONS, toolButton } from "./toolbar.js";

/** The picture is this many times the CSS size of the views (the kernel may ask another). */
export const PICTURE_SCALE = 2;

/** What the buttons say when they cannot do it. */
export const NOTES = Object.freeze({
  noClipboard:
    "Copying images is not allowed on this page (the browser needs a secure page, https or localhost, and the clipboard API): use Save image",
  copied: "Image copied",
  saved: "Image saved",
});

/**
 * @typedef {{draw: (scale: number) => Promise<Blob>, name: () => string, bar: HTMLElement}} SaveImageSpec
 * `draw(scale)`: the picture as PNG; `name()`: the file name of a download
 */

/**
 * Whether the clipboard can take an image here.
 * @param {any} nav `navigator`
 * @param {any} scope `globalThis` (its `ClipboardItem`)
 */
export function canCopyImages(nav, scope) {
  return !!(nav && nav.clipboard && typeof nav.clipboard.write === "function" && typeof scope.ClipboardItem === "function");
}

/**
 * Add the two buttons to `bar`; returns the cleanup.
 * @param {SaveImageSpec} spec
 */
export function createSaveImage({ draw, name, bar }) {
  const d = new Disposer();
  const save = toolButton({
    cls: "usidw-save-image",
    label: "Save image",
    title: "Save image: this view as a PNG at twice the screen resolution (title, axes, colorbar, plot)",
    icon: ICONS.save,
  });
  const copy = toolButton({
    cls: "usidw-copy-image",
    label: "Copy image",
    title: "Copy image: this view as a PNG to the clipboard, where the browser allows it",
    icon: ICONS.copy,
  });
  const note = h("span", { class: "usidw-note", role: "status" });
  note.hidden = true;
  bar.append(save, copy, note);
  d.add(() => {
    save.remove();
    copy.remove();
    note.remove();
  });
  /** @type {any} */
  let timer = 0;
  /** @param {string} text @param {boolean} [bad] */
  const say = (text, bad = false) => {
    note.textContent = text;
    note.hidden = !text;
    note.classList.toggle("usidw-note-bad", bad);
    clearTimeout(timer);
    if (text) timer = setTimeout(() => say(""), bad ? 8000 : 2500);
  };
  d.add(() => clearTimeout(timer));

  d.listen(save, "click", async () => {
    try {
      const blob = await draw(PICTURE_SCALE);
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: name() });
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      if (!d.disposed) say(NOTES.saved);
    } catch (err) {
      if (!d.disposed) say(`Cannot save the image: ${err?.message ?? err}`, true);
    }
  });
  d.listen(copy, "click", () => {
    say("");
    if (!canCopyImages(globalThis.navigator, globalThis)) {
      say(NOTES.noClipboard, true);
      return;
    }
    // The item is made within the click (the user's gesture), its bytes follow.
    const item = new globalThis.ClipboardItem({ "image/png": draw(PICTURE_SCALE) });
    globalThis.navigator.clipboard.write([item]).then(
      () => !d.disposed && say(NOTES.copied),
      (/** @type {any} */ err) => !d.disposed && say(`The browser refused to copy the image: ${err?.message ?? err}`, true),
    );
  });
  return () => d.dispose();
}

/**
 * The answer to the kernel's custom message `msg` when it asks for the picture (`w.save`):
 * `{type: "picture", request}` with the PNG as its one buffer, or with `error` saying why
 * there is none; null for any other message.
 * @param {any} msg
 * @param {(scale: number) => Promise<Blob>} draw
 * @returns {Promise<{content: Record<string, any>, buffers: ArrayBuffer[]}>|null}
 */
export function pictureReply(msg, draw) {
  if (!msg || msg.type !== "picture") return null;
  const request = msg.request;
  const scale = Number(msg.scale) > 0 ? Number(msg.scale) : PICTURE_SCALE;
  return draw(scale)
    .then((blob) => blob.arrayBuffer())
    .then(
      (bytes) => ({ content: { type: "picture", request }, buffers: [bytes] }),
      (err) => ({ content: { type: "picture", request, error: String(err?.message ?? err) }, buffers: [] }),
    );
}
