"""WCAG text contrast of everything a user reads inside a widget, measured in the page.

``low_contrast(page, root)`` returns the visible texts under ``root`` (a CSS selector) whose
contrast against their background is below WCAG AA: 4.5:1, or 3:1 for large text (at least
24 px, or 18.66 px and bold). An empty list means every text passes. Usable from any e2e test::

    from .contrast import low_contrast
    assert low_contrast(page, ".usidw-explorer") == []

What counts as a text: an element with a non-blank text node of its own (HTML or SVG), the
value of a text or number field, the shown option of a ``<select>``. Hidden ones (no box,
``visibility: hidden``, ``opacity: 0`` up the chain, ``display: none``) are skipped, and so are
disabled controls (WCAG exempts them). Colour: ``color`` for HTML, ``fill`` for SVG text (SVG
text with ``fill: none`` is skipped), composited with the element's ``opacity`` chain.
Background: the backgrounds up the ancestor chain composited from the first opaque one (an
SVG's own elements have none: bqplot's text meets the figure's background), white when
nothing is opaque.
"""

from __future__ import annotations

from typing import Any

_JS = r"""
(rootSel) => {
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || "");
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      o *= Number(getComputedStyle(e).opacity);
    }
    return o;
  };
  const visible = (el) => {
    if (!el.getClientRects().length) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const seen = {opacityProperty: true, visibilityProperty: true};
    if (el.checkVisibility && !el.checkVisibility(seen)) return false;
    return getComputedStyle(el).visibility === "visible";
  };
  const out = [];
  let checked = 0;
  for (const root of document.querySelectorAll(rootSel)) {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      let text = "";
      if (tag === "input") {
        if (!["text", "number", ""].includes(el.type)) continue;
        text = el.value || el.placeholder || "";
      } else if (tag === "select") {
        text = el.options[el.selectedIndex]?.text || "";
      } else if (tag === "option" || tag === "script" || tag === "style" || tag === "title") {
        continue;
      } else {
        for (const n of el.childNodes) if (n.nodeType === 3) text += n.textContent;
      }
      text = text.trim();
      if (!text || el.disabled || el.closest("[disabled]")) continue;
      if (!visible(el)) continue;
      const cs = getComputedStyle(el);
      const isSvg = el instanceof SVGElement;
      let fg = parse(isSvg ? cs.fill : cs.color);
      if (!fg) continue; // fill: none, or a gradient
      const bg = background(el);
      fg = [fg[0], fg[1], fg[2], fg[3] * opacity(el)];
      const shown = over(fg, bg);
      const px = parseFloat(cs.fontSize);
      const bold = Number(cs.fontWeight) >= 700;
      const need = px >= 24 || (px >= 18.66 && bold) ? 3 : 4.5;
      const r = ratio(shown, bg);
      checked += 1;
      if (r < need) {
        out.push({
          text: text.slice(0, 60),
          ratio: Math.round(r * 100) / 100,
          need,
          color: isSvg ? cs.fill : cs.color,
          background: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`,
          element: [tag, ...(el.getAttribute("class") || "").split(/\s+/).filter(Boolean)]
            .join("."),
        });
      }
    }
  }
  return {checked, failures: out};
}
"""


def contrast_report(page: Any, root: str = ".usidw-explorer") -> dict:
    """``{"checked": number of visible texts measured, "failures": [...]}`` under ``root``;
    each failure has ``text``, ``ratio``, ``need``, ``color``, ``background``, ``element``."""
    return page.evaluate(_JS, root)


def low_contrast(page: Any, root: str = ".usidw-explorer") -> list[dict]:
    """Visible texts under every ``root`` element below WCAG AA contrast (see the module)."""
    return contrast_report(page, root)["failures"]
