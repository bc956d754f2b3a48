// The static PNG that Python publishes before a live explorer (for notebooks opened without a
// kernel) is hidden by the live view: its tEXt chunk "usid_widgets" holds a key that the
// heatmap's `snapshot_keys` trait lists. Lab re-renders an output on update_display, so the
// output area is watched and the picture hidden again.

const PREFIX = "data:image/png;base64,";
const MARKER = "tEXtusid_widgets\0";

/**
 * The usid_widgets key written in a PNG data URL, or null.
 * tEXt chunks follow the IHDR chunk, so the first few hundred bytes hold it.
 * @param {string | null} src
 * @returns {string | null}
 */
export function pngKey(src) {
  if (!src || !src.startsWith(PREFIX)) return null;
  let bytes;
  try {
    bytes = atob(src.slice(PREFIX.length, PREFIX.length + 600).replace(/[^A-Za-z0-9+/=]/g, "").slice(0, 600));
  } catch {
    return null;
  }
  const at = bytes.indexOf(MARKER);
  if (at < 4) return null;
  const length =
    ((bytes.charCodeAt(at - 4) << 24) |
      (bytes.charCodeAt(at - 3) << 16) |
      (bytes.charCodeAt(at - 2) << 8) |
      bytes.charCodeAt(at - 1)) >>>
    0;
  const start = at + MARKER.length;
  const end = at + 4 + length;
  if (end > bytes.length || end <= start) return null;
  return bytes.slice(start, end);
}

/**
 * Hide the outputs near `el` whose PNG carries one of `keys`; returns how many.
 * @param {HTMLElement} el
 * @param {string[]} keys
 */
export function hideSnapshots(el, keys) {
  if (!keys.length) return 0;
  const area = el.closest(".jp-OutputArea, .output_subarea, .output") ?? el.ownerDocument;
  let hidden = 0;
  for (const img of area.querySelectorAll(`img[src^="${PREFIX}"]`)) {
    const key = pngKey(img.getAttribute("src"));
    if (key === null || !keys.includes(key)) continue;
    const box = /** @type {HTMLElement} */ (img.closest(".jp-OutputArea-child, .output_area") ?? img);
    if (box.style.display !== "none") {
      box.style.display = "none";
      box.setAttribute("data-usidw-snapshot", key);
    }
    hidden += 1;
  }
  return hidden;
}

/**
 * Keep the static pictures of this view hidden while it lives.
 * @param {HTMLElement} el
 * @param {string[]} keys the `snapshot_keys` trait
 * @returns {{show: (keys: string[]) => void, dispose: () => void}} show(keys): new keys, hide
 *   their pictures too
 */
export function watchSnapshots(el, keys) {
  const hide = () => hideSnapshots(el, keys);
  let area = null;
  let observer = null;
  const attach = () => {
    const found = el.closest(".jp-OutputArea, .output_subarea, .output");
    if (!found || found === area) return;
    observer?.disconnect();
    area = found;
    observer = new MutationObserver(hide);
    observer.observe(area, { childList: true, subtree: true });
  };
  // The view is attached to the page after render returns.
  const frame = requestAnimationFrame(() => {
    attach();
    hide();
  });
  return {
    show(next) {
      keys = next;
      hide();
    },
    dispose() {
      cancelAnimationFrame(frame);
      observer?.disconnect();
    },
  };
}
