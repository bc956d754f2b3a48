// Element helpers. All text goes through textContent or attribute setters, never innerHTML:
// file names and attributes come from arbitrary files.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * @typedef {Record<string, string|number|boolean|null|undefined|Function>} Attrs
 * Keys: "class" -> className, "text" -> textContent, "style" -> style.cssText, everything
 * else -> setAttribute (skipped when null/undefined/false). Listeners go through `listen`.
 */

/**
 * Apply attributes to an element (see Attrs).
 * @param {Element} node
 * @param {Attrs} [attrs]
 */
export function setAttrs(node, attrs = {}) {
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value == null ? "" : String(value);
    else if (key === "class") node.setAttribute("class", String(value));
    else if (key === "style") /** @type {HTMLElement} */ (node).style.cssText = String(value);
    else if (value === null || value === undefined || value === false) node.removeAttribute(key);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  return node;
}

/**
 * Create an HTML element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {(Node|string|null|undefined|false)[]} [children] strings become text nodes
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, children = []) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/**
 * Create an SVG element.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {(Node|string|null|undefined|false)[]} [children]
 * @returns {SVGElement}
 */
export function svg(tag, attrs, children = []) {
  const node = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/**
 * Append children (strings as text nodes; null/false skipped).
 * @param {Node} node
 * @param {(Node|string|null|undefined|false)[]} children
 */
export function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

/**
 * Remove every child of a node.
 * @param {Node} node
 */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * Shortened display text: at most `max` characters, ellipsis in the middle-end.
 * @param {string} text
 * @param {number} [max]
 */
export function truncate(text, max = 60) {
  text = String(text ?? "");
  if (text.length <= max) return text;
  return text.slice(0, Math.max(1, max - 1)) + "…";
}

/**
 * Set an element's text to a truncated version of `text`, with the full text in `title`
 * when shortened.
 * @param {Element} node
 * @param {string} text
 * @param {number} [max]
 */
export function setText(node, text, max = 60) {
  text = String(text ?? "");
  const shown = truncate(text, max);
  node.textContent = shown;
  if (shown !== text) node.setAttribute("title", text);
  else node.removeAttribute("title");
  return node;
}

/**
 * Add a listener; returns the function that removes it (a second call does nothing). `target`
 * is an EventTarget (`addEventListener`, with `opts`) or an emitter with `on` / `off` (a widget
 * model: `type` is then one or more space-separated event names, e.g. "change:zoom msg:custom").
 * @param {EventTarget|{on: Function, off: Function}} target
 * @param {string} type
 * @param {Function} fn
 * @param {AddEventListenerOptions|boolean} [opts]
 * @returns {() => void} unlisten
 */
export function listen(target, type, fn, opts) {
  let on = true;
  if ("addEventListener" in target && typeof target.addEventListener === "function") {
    const et = /** @type {EventTarget} */ (target);
    const handler = /** @type {EventListener} */ (fn);
    et.addEventListener(type, handler, opts);
    return () => {
      if (on) et.removeEventListener(type, handler, opts);
      on = false;
    };
  }
  const emitter = /** @type {{on: Function, off: Function}} */ (target);
  emitter.on(type, fn);
  return () => {
    if (on) emitter.off(type, fn);
    on = false;
  };
}

/**
 * A collection of cleanup callbacks run once, in reverse order.
 */
export class Disposer {
  constructor() {
    /** @type {(() => void)[]} */
    this.fns = [];
    this.disposed = false;
  }
  /** @param {() => void} fn */
  add(fn) {
    if (this.disposed) fn();
    else this.fns.push(fn);
    return fn;
  }
  /**
   * `listen` (see above), removed on dispose; returns the unlisten.
   * @param {EventTarget|{on: Function, off: Function}} target
   * @param {string} type
   * @param {Function} fn
   * @param {AddEventListenerOptions|boolean} [opts]
   */
  listen(target, type, fn, opts) {
    return this.add(listen(target, type, fn, opts));
  }
  /** Run the cleanups now and stay usable (listeners of one drag, of one build). */
  flush() {
    const fns = this.fns.reverse();
    this.fns = [];
    for (const fn of fns) {
      try {
        fn();
      } catch (err) {
        console.error("usid_widgets cleanup", err);
      }
    }
  }
  /** Run the cleanups; later ones run at once. */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.flush();
  }
}

/**
 * Mark an element so JupyterLab leaves its keys alone (arrow keys in command mode).
 * @param {Element} node
 */
export function suppressShortcuts(node) {
  node.setAttribute("data-lm-suppress-shortcuts", "true");
  return node;
}
