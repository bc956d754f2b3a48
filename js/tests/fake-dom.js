// A small fake DOM for driving the interaction modules in node (no jsdom): elements with
// attributes, classes, style, children and text; listeners with capture and bubbling; focus.
// Every event target counts its listeners, so a test can check that cleanup removed them all.
// Not a test file itself (node --test picks *.test.js).

/** Every target made since `installDom`, to count the listeners left on them. */
let targets = [];

export class FakeTarget {
  constructor() {
    /** @type {{type: string, fn: any, capture: boolean, once: boolean}[]} */
    this.listeners = [];
    targets.push(this);
  }
  addEventListener(type, fn, opts) {
    const capture = typeof opts === "boolean" ? opts : !!opts?.capture;
    if (this.listeners.some((l) => l.type === type && l.fn === fn && l.capture === capture)) return;
    this.listeners.push({ type, fn, capture, once: !!opts?.once });
  }
  removeEventListener(type, fn, opts) {
    const capture = typeof opts === "boolean" ? opts : !!opts?.capture;
    this.listeners = this.listeners.filter((l) => !(l.type === type && l.fn === fn && l.capture === capture));
  }
  /** Run this target's listeners of one phase; false once propagation stopped immediately. */
  _fire(ev, capture) {
    ev.currentTarget = this;
    for (const l of [...this.listeners]) {
      if (l.type !== ev.type || l.capture !== capture) continue;
      if (!this.listeners.includes(l)) continue;
      if (l.once) this.removeEventListener(l.type, l.fn, l.capture);
      if (typeof l.fn === "function") l.fn.call(this, ev);
      else l.fn.handleEvent(ev);
      if (ev._stopImmediate) return false;
    }
    return true;
  }
  dispatchEvent(ev) {
    ev.target = this;
    const path = [];
    for (let n = this.parentNode; n; n = n.parentNode) path.push(n);
    // capture: from the top down to the target; at the target capture listeners run first
    for (const n of [...path].reverse()) {
      if (!n._fire(ev, true) || ev._stop) return !ev.defaultPrevented;
    }
    if (!this._fire(ev, true)) return !ev.defaultPrevented;
    if (!this._fire(ev, false) || ev._stop) return !ev.defaultPrevented;
    if (ev.bubbles) {
      for (const n of path) if (!n._fire(ev, false) || ev._stop) break;
    }
    return !ev.defaultPrevented;
  }
}

/**
 * An event with the usual flags and methods; `init` sets its fields (clientX, key, ...).
 * @param {string} type
 * @param {Record<string, any>} [init]
 */
export function fakeEvent(type, init = {}) {
  return {
    type,
    bubbles: true,
    button: 0,
    clientX: 0,
    clientY: 0,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    _stop: false,
    _stopImmediate: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    stopPropagation() {
      this._stop = true;
    },
    stopImmediatePropagation() {
      this._stop = true;
      this._stopImmediate = true;
    },
    ...init,
  };
}

class FakeText {
  constructor(text) {
    this.nodeType = 3;
    this.data = String(text);
    this.parentNode = null;
  }
  get textContent() {
    return this.data;
  }
  set textContent(v) {
    this.data = String(v);
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
}

class FakeClassList {
  constructor(el) {
    this.el = el;
  }
  _get() {
    return (this.el.getAttribute("class") || "").split(/\s+/).filter(Boolean);
  }
  _set(list) {
    this.el.setAttribute("class", list.join(" "));
  }
  contains(c) {
    return this._get().includes(c);
  }
  add(...cs) {
    this._set([...new Set([...this._get(), ...cs])]);
  }
  remove(...cs) {
    this._set(this._get().filter((c) => !cs.includes(c)));
  }
  toggle(c, force) {
    const on = force === undefined ? !this.contains(c) : !!force;
    if (on) this.add(c);
    else this.remove(c);
    return on;
  }
}

export class FakeElement extends FakeTarget {
  constructor(doc, tag, ns = null) {
    super();
    this.nodeType = 1;
    this.ownerDocument = doc;
    this.localName = tag;
    this.tagName = tag.toUpperCase();
    this.namespaceURI = ns;
    this.attributes = new Map();
    this.childNodes = [];
    this.parentNode = null;
    this.style = {};
    this.classList = new FakeClassList(this);
    this.hidden = false;
    this.value = "";
    this.checked = false;
    this.tabIndex = -1;
    /** what getBoundingClientRect returns: set by the test */
    this.rect = { left: 0, top: 0, width: 0, height: 0 };
  }
  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }
  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }
  hasAttribute(k) {
    return this.attributes.has(k);
  }
  removeAttribute(k) {
    this.attributes.delete(k);
  }
  get className() {
    return this.getAttribute("class") || "";
  }
  get children() {
    return this.childNodes.filter((c) => c.nodeType === 1);
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(v) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = v === "" ? [] : [new FakeText(v)];
    for (const c of this.childNodes) c.parentNode = this;
  }
  appendChild(child) {
    child.parentNode?.removeChild(child);
    this.childNodes.push(child);
    child.parentNode = this;
    return child;
  }
  append(...nodes) {
    for (const n of nodes) this.appendChild(typeof n === "string" ? new FakeText(n) : n);
  }
  removeChild(child) {
    const i = this.childNodes.indexOf(child);
    if (i < 0) throw new Error("not a child");
    this.childNodes.splice(i, 1);
    child.parentNode = null;
    return child;
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
  after(node) {
    const parent = this.parentNode;
    if (!parent) return;
    node.parentNode?.removeChild(node);
    parent.childNodes.splice(parent.childNodes.indexOf(this) + 1, 0, node);
    node.parentNode = parent;
  }
  contains(node) {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  /** The nearest ancestor (or self) matching a selector list (see querySelectorAll). */
  closest(selector) {
    const tests = splitList(selector).map(simpleSelector);
    for (let n = this; n && n.nodeType === 1; n = n.parentNode) {
      if (tests.some((t) => t(n))) return n;
    }
    return null;
  }
  /**
   * Descendants matching a selector list of simple selectors: `tag`, `.class`, `[attr="v"]`,
   * `[attr^="v"]` and their combinations (e.g. `img[src^="data:"]`).
   */
  querySelectorAll(selector) {
    const tests = splitList(selector).map(simpleSelector);
    return findAll(this, (n) => n !== this && tests.some((t) => t(n)));
  }
  focus() {
    this.ownerDocument.activeElement = this;
  }
  blur() {
    if (this.ownerDocument.activeElement === this) this.ownerDocument.activeElement = null;
  }
  getBoundingClientRect() {
    return { ...this.rect, right: this.rect.left + this.rect.width, bottom: this.rect.top + this.rect.height };
  }
  getContext() {
    return null;
  }
}

/**
 * The items of a selector list (commas inside quotes do not split).
 * @param {string} selector
 */
function splitList(selector) {
  return selector.match(/(?:[^,"]|"[^"]*")+/g).map((s) => s.trim());
}

/** @param {string} sel */
function simpleSelector(sel) {
  const m = /^([a-z0-9-]*)((?:\.[\w-]+)*)(?:\[([\w-]+)(\^?=)"?([^"\]]*)"?\])?$/i.exec(sel);
  if (!m) throw new Error(`selector not supported here: ${sel}`);
  const [, tag, classes, attr, op, value] = m;
  const cls = classes.split(".").filter(Boolean);
  return (n) => {
    if (tag && n.localName !== tag) return false;
    if (!cls.every((c) => n.classList.contains(c))) return false;
    if (!attr) return true;
    const v = n.getAttribute(attr);
    if (v === null) return false;
    return op === "=" ? v === value : v.startsWith(value);
  };
}

export class FakeDocument extends FakeTarget {
  constructor(win) {
    super();
    this.defaultView = win;
    this.activeElement = null;
    this.body = new FakeElement(this, "body");
  }
  createElement(tag) {
    return new FakeElement(this, tag);
  }
  createElementNS(ns, tag) {
    return new FakeElement(this, tag, ns);
  }
  createTextNode(text) {
    return new FakeText(text);
  }
}

/**
 * Install a fake `window` and `document` as globals; `restore()` puts the old ones back.
 */
export function installDom() {
  targets = [];
  const saved = { window: globalThis.window, document: globalThis.document };
  const win = new FakeTarget();
  const doc = new FakeDocument(win);
  globalThis.window = /** @type {any} */ (win);
  globalThis.document = /** @type {any} */ (doc);
  return {
    window: win,
    document: doc,
    /** Listeners left on every target made since install. */
    listenerCount: () => targets.reduce((n, t) => n + t.listeners.length, 0),
    /** Where they are: "tag.class type" per listener. */
    listenersLeft: () =>
      targets.flatMap((t) => t.listeners.map((l) => `${t.localName ?? "window"}.${t.className ?? ""} ${l.type}`)),
    restore() {
      globalThis.window = saved.window;
      globalThis.document = saved.document;
    },
  };
}

/**
 * Elements under `root` (itself included) for which `pred` holds, in document order.
 * @param {FakeElement} root
 * @param {(el: FakeElement) => boolean} pred
 */
export function findAll(root, pred) {
  const out = [];
  const walk = (n) => {
    if (n.nodeType !== 1) return;
    if (pred(n)) out.push(n);
    for (const c of n.childNodes) walk(c);
  };
  walk(root);
  return out;
}

/**
 * The first element under `root` with class `cls` (throws when there is none).
 * @param {FakeElement} root
 * @param {string} cls
 */
export function byClass(root, cls) {
  const [el] = findAll(root, (n) => n.classList.contains(cls));
  if (!el) throw new Error(`no .${cls}`);
  return el;
}

/**
 * The first element under `root` with this aria-label (throws when there is none).
 * @param {FakeElement} root
 * @param {string} label
 */
export function byLabel(root, label) {
  const [el] = findAll(root, (n) => n.getAttribute("aria-label") === label);
  if (!el) throw new Error(`no [aria-label=${label}]`);
  return el;
}
