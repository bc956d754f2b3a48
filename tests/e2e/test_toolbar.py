"""The heatmap's compact toolbar in a real browser (issue 16), in JupyterLab and Notebook 7.

The contrast fields apply on Enter, revert on Escape (without clearing the region), refuse a
minimum at or above the maximum with a visible hint, and never keep a typed value that was not
confirmed. Each is read back from the kernel right after the key press, without a click or a
cell run that would move the focus (a blur used to apply the value and hide the bug). The
toolbar, the dimension pickers and the plot's mode switch fit the widget at a laptop's and a
desktop's size, in both themes, with the "Reset zoom" and "Clear region" buttons shown.
"""

from __future__ import annotations

import json

import pytest

from .harness import set_theme

HEATMAP = ".usidw-heatmap"

# Values of a few 1e-5 (as SingFreqPFM's): the fields need exponents.
SETUP = """
import numpy as np, h5py, json, uuid
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(1)
data = ((rng.random((12, 16, 24)) - 0.4) * 1e-4).astype(np.float32)
name = f"tb-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(12) * 2.0), Dimension("X", "nm", np.arange(16) * 2.0)],
        [Dimension("Frequency", "kHz", np.linspace(300, 320, 24))],
        quantity="Amplitude", units="V",
    )
w = explorer(name)
w
"""


def _wait_drawn(page, not_clim: str | None = None) -> str:
    """Wait until the map has drawn a grid (with limits other than ``not_clim``); its data-clim."""
    page.wait_for_function(
        """([sel, old]) => {
            const el = document.querySelector(sel);
            const clim = el && el.getAttribute("data-clim");
            return !!clim && clim !== old && el.getAttribute("data-mode") === "grid";
        }""",
        arg=[HEATMAP, not_clim],
    )
    return page.locator(HEATMAP).first.get_attribute("data-clim")


def _clim(session) -> list[float] | None:
    return json.loads(session.execute("print(json.dumps(w.clim))"))


def _focused_label(page) -> str | None:
    return page.evaluate("() => document.activeElement?.getAttribute('aria-label') ?? null")


def test_contrast_fields_enter_escape_hint_and_blur(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    clim = _wait_drawn(page)
    lo, hi = (float(v) for v in clim.split(","))
    hm = page.locator(HEATMAP).first
    mn = hm.get_by_label("Minimum", exact=True)
    mx = hm.get_by_label("Maximum", exact=True)
    hint = hm.locator(".usidw-hint")
    # 5 significant digits with an exponent: "-3.4044e-5", not a cut "3.40438"
    assert "e-5" in mn.input_value() and "e-5" in mx.input_value(), (mn.input_value(), clim)
    assert abs(float(mx.input_value()) - hi) <= abs(hi) * 1e-4
    assert mn.evaluate("(el) => el.scrollWidth <= el.clientWidth"), mn.input_value()
    assert session.execute("print(w.clim)").strip() == "None"

    # A region from Python, so that an Escape reaching the image would clear it.
    session.execute("w.roi = {'Y': (2, 7), 'X': (4, 9)}")
    hm.get_by_role("button", name="Clear region").wait_for(state="visible")

    # Enter applies the minimum typed (with an exponent); the maximum stays exactly as drawn.
    typed = f"{lo + (hi - lo) / 4:.3e}"  # e.g. "-2.512e-05"
    mn.fill(typed)
    page.keyboard.press("Enter")
    assert _focused_label(page) == "Minimum", "Enter kept the focus: no blur applied anything"
    session.wait_for_kernel("w.clim is not None", "True")
    got = _clim(session)
    assert got[0] == float(typed) and got[1] == hi, (got, typed, hi)
    assert _focused_label(page) == "Minimum"
    manual = _wait_drawn(page, clim)
    assert [float(v) for v in manual.split(",")] == [float(typed), hi]
    assert hm.get_by_label("Contrast", exact=True).input_value() == "manual"
    screenshot("01-enter-applied")

    # Escape reverts the field, applies nothing and leaves the region alone.
    shown = mx.input_value()
    mx.fill("1e-3")
    page.keyboard.press("Escape")
    assert mx.input_value() == shown
    assert _focused_label(page) == "Maximum"
    assert _clim(session) == got
    assert session.execute("print(w.roi)").strip() == "{'Y': (2, 7), 'X': (4, 9)}"
    assert hm.get_by_role("button", name="Clear region").is_visible()

    # A minimum at or above the maximum is refused, with a visible hint.
    mn.fill(f"{hi * 2 if hi > 0 else 0:.4g}")
    page.keyboard.press("Enter")
    hint.wait_for(state="visible")
    assert hint.inner_text() == "minimum must be below maximum"
    assert mn.get_attribute("aria-invalid") == "true"
    assert _clim(session) == got
    screenshot("02-refused")
    page.keyboard.press("Escape")
    hint.wait_for(state="hidden")
    assert mn.get_attribute("aria-invalid") is None

    # Minimum, Tab, maximum, Enter: both apply (Tab to the other limit keeps what was typed).
    t_lo, t_hi = f"{lo + (hi - lo) / 8:.3e}", f"{hi - (hi - lo) / 8:.3e}"
    mn.fill(t_lo)
    page.keyboard.press("Tab")
    assert _focused_label(page) == "Maximum"
    assert mn.input_value() == t_lo
    mx.fill(t_hi)
    page.keyboard.press("Enter")
    session.wait_for_kernel(f"w.clim == [{float(t_lo)!r}, {float(t_hi)!r}]", "True")
    manual = _wait_drawn(page, manual)

    # Back to auto; a value typed and abandoned (a click elsewhere) is dropped, and stays so
    # when new frames arrive: the contrast stays automatic.
    hm.get_by_label("Contrast", exact=True).select_option("auto")
    session.wait_for_kernel("w.clim", "None")
    auto = _wait_drawn(page, manual)
    auto_min = mn.input_value()
    mn.fill("0")
    hm.locator(".usidw-readout").click()  # somewhere else, handling no click
    assert mn.input_value() == auto_min
    assert _clim(session) is None
    session.execute("w.index = {**w.index, 'Frequency': 20}")
    new = _wait_drawn(page, auto)
    assert _clim(session) is None, "the abandoned value was applied later"
    assert hm.get_by_label("Contrast", exact=True).input_value() == "auto"
    new_lo = float(new.split(",")[0])
    assert abs(float(mn.input_value()) - new_lo) <= abs(new_lo) * 1e-4, "the field follows"
    page_errors.assert_clean()


def _overflows(page) -> list[str]:
    """The parts wider than their box: the widget, the heatmap, its toolbar, the pickers."""
    return page.evaluate(
        """() => {
            const out = [];
            for (const sel of [".usidw-explorer", ".usidw-heatmap", ".usidw-toolbar",
                               ".usidw-controls", ".usidw-plot-mode"]) {
                for (const el of document.querySelectorAll(sel)) {
                    if (el.offsetParent === null) continue;
                    if (el.scrollWidth > el.clientWidth + 1)
                        out.push(`${sel}: ${el.scrollWidth} > ${el.clientWidth}`);
                }
            }
            return out;
        }"""
    )


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_toolbar_and_pickers_fit_at_both_sizes(open_notebook, page, page_errors, screenshot, theme):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_drawn(page)
    set_theme(page, theme)
    hm = page.locator(HEATMAP).first
    session.execute("w.zoom = {'Y': (0, 8), 'X': (2, 14)}; w.roi = {'Y': (2, 5), 'X': (4, 9)}")
    for name in ("Reset zoom", "Clear region"):
        button = hm.get_by_role("button", name=name)
        button.wait_for(state="visible")
        # a small button in the toolbar row, not a full-width one under the image
        assert button.evaluate("(b) => !!b.closest('.usidw-toolbar')"), name
        assert button.bounding_box()["width"] <= 32, name
    slug = theme.split()[-1].lower()
    for width, height in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function("(w) => document.documentElement.clientWidth === w", arg=width)
        hm.scroll_into_view_if_needed()
        page.evaluate(
            "() => document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')"
            ".forEach((e) => { e.scrollLeft = 0; })"
        )
        assert _overflows(page) == [], (width, _overflows(page))
        rows = hm.locator(".usidw-toolbar > .usidw-group").evaluate_all(
            "(gs) => new Set(gs.map((g) => Math.round(g.getBoundingClientRect().top))).size"
        )
        hm_width = hm.evaluate("(el) => el.getBoundingClientRect().width")
        if hm_width >= 590:  # an image of 420 px or more with its axes and colorbar
            assert rows == 1, (width, hm_width, rows)
        assert rows <= 3, (width, hm_width, rows)
        # every toolbar control inside the heatmap's box
        assert hm.evaluate(
            """(el) => {
                const r = el.getBoundingClientRect();
                return [...el.querySelectorAll(".usidw-toolbar select, .usidw-toolbar input,"
                    + " .usidw-toolbar button")].filter((c) => c.offsetParent !== null)
                    .every((c) => { const b = c.getBoundingClientRect();
                        return b.left >= r.left - 1 && b.right <= r.right + 1; });
            }"""
        ), width
        hm.locator(".usidw-toolbar").scroll_into_view_if_needed()
        screenshot(f"{slug}-{width}x{height}")
    # The narrowest heatmap (an image of 160 px and its decorations): the toolbar wraps, and
    # nothing sticks out of it.
    narrow = hm.evaluate(
        """(el) => {
            const before = el.style.width;
            el.style.width = "340px";
            const t = el.querySelector(".usidw-toolbar");
            const r = el.getBoundingClientRect();
            const out = [...t.querySelectorAll("select, input, button, label")]
                .filter((c) => c.offsetParent !== null)
                .filter((c) => c.getBoundingClientRect().right > r.right + 1)
                .map((c) => c.getAttribute("aria-label") || c.textContent);
            const result = {fits: t.scrollWidth <= t.clientWidth + 1, out};
            el.style.width = before;
            return result;
        }"""
    )
    assert narrow == {"fits": True, "out": []}, narrow
    page_errors.assert_clean()
