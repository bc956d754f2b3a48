// The toolbar's "download" menu: the image as NPY or CSV, the plotted lines as CSV, and the
// view as code. An item asks the kernel (`request`), which answers with the data in full
// resolution (the frame on screen is float32 and may be binned) or the code; `receive` gets the
// answer, writes the file (export.js) and downloads it, or copies the code to the clipboard
// (a selectable text box where the browser refuses). The status line says what happened.

import { Disposer, h, suppressShortcuts } from "./dom.js";
import { imageCsv, linesCsv, npyFile } from "./export.js";
import { toolButton } from "./toolbar.js";

/** A download arrow over a tray (16 x 16, stroked). */
export const DOWNLOAD_ICON = "M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11v2.5h11V11";

/** The menu's items: [action, format, text]; `action` is what the kernel is asked for. */
export const EXPORT_ITEMS = Object.freeze([
  ["image", "npy", "Image as NPY"],
  ["image", "csv", "Image as CSV"],
  ["plot", "csv", "Plot lines as CSV"],
  ["code", "", "Copy as code"],
]);

/** What the status line says. */
export const EXPORT_TEXT = Object.freeze({
  asking: "preparing…",
  copied: "copied",
  refused: "The browser refused the clipboard: the code is selected below, copy it with Ctrl+C (⌘C).",
  saved: (/** @type {string} */ name) => `saved ${name}`,
});

/**
 * Offer `bytes` (or text) as a download named `name`.
 * @param {Uint8Array|string} content
 * @param {string} name
 * @param {string} type MIME type
 */
export function download(content, name, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h("a", { href: url, download: name, style: "display: none" });
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has taken the URL once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The file of a kernel's answer: [content, name, MIME type].
 * @param {any} msg the answer: {format, name, descr, shape, notes} (an NPY file, or an image
 *   CSV) or {format, name, notes, columns: [{label, descr}]} (a CSV of columns: the plot's
 *   lines, a point cloud's values), one buffer per array
 * @param {(ArrayBuffer|ArrayBufferView)[]} buffers
 * @returns {[Uint8Array|string, string, string]}
 */
export function fileOf(msg, buffers) {
  if (msg.format === "npy") {
    return [npyFile(buffers[0], msg.descr, msg.shape), `${msg.name}.npy`, "application/octet-stream"];
  }
  if (!msg.columns) {
    return [imageCsv(buffers[0], msg.descr, msg.shape, msg.notes), `${msg.name}.csv`, "text/csv"];
  }
  // the plot's lines, or the values of a point cloud with their point numbers
  const columns = msg.columns.map((c, i) => ({ ...c, data: buffers[i] }));
  return [linesCsv(columns, msg.notes), `${msg.name}.csv`, "text/csv"];
}

/**
 * Build the menu in `bar` (the toolbar's slot of small buttons).
 * @param {{
 *   bar: HTMLElement, request: (content: {action: string, format: string}) => void,
 *   save?: (content: Uint8Array|string, name: string, type: string) => void,
 * }} parts request: ask the kernel for an item's data (answered through `receive`);
 *   save: how a file is offered (default `download`)
 * @returns {{receive: (msg: any, buffers: any[]) => void, dispose: () => void, el: HTMLElement}}
 */
export function createExportMenu({ bar, request, save = download }) {
  const d = new Disposer();
  const button = toolButton({
    cls: "usidw-export",
    label: "Download data or copy as code",
    title: "Download the data on screen (image as NPY or CSV, plot lines as CSV) or copy this view as code",
    icon: DOWNLOAD_ICON,
  });
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-expanded", "false");
  const items = EXPORT_ITEMS.map(([action, format, text]) =>
    h("button", { type: "button", role: "menuitem", class: "usidw-menu-item", text }),
  );
  const status = h("div", { class: "usidw-menu-status", role: "status" });
  const codeBox = h("textarea", { class: "usidw-code", readonly: true, rows: 6, wrap: "off", "aria-label": "Code of this view" });
  codeBox.hidden = true;
  const menu = h("div", { class: "usidw-menu", role: "menu", "aria-label": "Download" }, [...items, status, codeBox]);
  menu.hidden = true;
  const el = h("span", { class: "usidw-export-wrap" }, [button, menu]);
  suppressShortcuts(el);
  bar.appendChild(el);
  d.add(() => el.remove());

  const say = (text, error = false) => {
    status.textContent = text;
    status.classList.toggle("usidw-menu-error", error);
  };
  const open = (on) => {
    menu.hidden = !on;
    button.setAttribute("aria-expanded", String(on));
    if (on) {
      say("");
      codeBox.hidden = true;
      place();
    }
  };
  // Under the button, towards the side of the heatmap with room: the heatmap clips what
  // sticks out of it.
  const place = () => {
    const box = (el.closest(".usidw-heatmap") ?? el.parentNode)?.getBoundingClientRect?.();
    const b = button.getBoundingClientRect();
    const room = box ? box.right - b.left : Infinity;
    menu.classList.toggle("usidw-menu-right", room < menu.getBoundingClientRect().width);
  };
  d.listen(button, "click", () => open(menu.hidden));
  for (const [i, [action, format]] of EXPORT_ITEMS.entries()) {
    d.listen(items[i], "click", () => {
      say(EXPORT_TEXT.asking);
      codeBox.hidden = true;
      request({ action, format });
    });
  }
  d.listen(el, "keydown", (/** @type {KeyboardEvent} */ ev) => {
    if (ev.key !== "Escape" || menu.hidden) return;
    ev.preventDefault();
    ev.stopPropagation();
    open(false);
    button.focus();
  });
  // a press outside closes it
  if (typeof document !== "undefined") {
    d.listen(document, "pointerdown", (/** @type {Event} */ ev) => {
      if (!menu.hidden && !el.contains(/** @type {Node} */ (ev.target))) open(false);
    });
  }

  /** @param {string} text */
  function copy(text) {
    codeBox.value = text;
    const fallback = () => {
      codeBox.hidden = false;
      codeBox.focus();
      codeBox.select();
      say(EXPORT_TEXT.refused);
    };
    const clip = globalThis.navigator?.clipboard;
    if (!clip?.writeText) return fallback();
    clip.writeText(text).then(() => {
      if (!d.disposed) say(EXPORT_TEXT.copied);
    }, fallback);
  }

  /**
   * The kernel's answer to a request.
   * @param {any} msg
   * @param {any[]} buffers
   */
  function receive(msg, buffers) {
    if (msg.error) return say(String(msg.error), true);
    if (msg.action === "code") return copy(String(msg.code));
    try {
      const [content, name, type] = fileOf(msg, buffers || []);
      save(content, name, type);
      say(EXPORT_TEXT.saved(name));
    } catch (err) {
      say(`Could not write the file: ${err instanceof Error ? err.message : err}`, true);
    }
  }

  return { receive, dispose: () => d.dispose(), el };
}
