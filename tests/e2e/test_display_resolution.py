"""Images travel at the resolution they are displayed at, in a real browser.

A 2048 x 2048 map on a canvas a few hundred device pixels wide: the browser reports the image
box's side in device pixels (``Heatmap.display_side``), the kernel bins the frame on screen
to it (the coarsest blocks that leave at least one cell per device pixel), and a larger window
gets a sharper frame. The values stay whole in the kernel (``w.image``).
"""

from __future__ import annotations

from .harness import set_theme as harness_set_theme
from .harness import wait_drawn
from .test_explorer import HEATMAP

SETUP = """
import uuid
import numpy as np
from usid_widgets import explorer
from usid_widgets.writer import write_image

name = f"e2e-{uuid.uuid4().hex[:8]}.h5"
yy, xx = np.mgrid[0:2048, 0:2048]
write_image(name, (np.sin(xx / 97.0) * np.cos(yy / 61.0) + xx / 2048.0).astype(np.float32))
w = explorer(name)
w
"""

# The canvas' backing size (one canvas pixel per frame cell) and its box in device pixels.
CANVAS = """(el) => {
    const c = el.querySelector("canvas[role=img]");
    const r = c.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    return {cols: c.width, rows: c.height, w: r.width * dpr, h: r.height * dpr,
            id: el.getAttribute("data-frame-id")};
}"""


def _settled(page, session) -> dict:
    """Wait until the kernel heard the box's side and the frame on screen is binned for it;
    the canvas then."""
    page.wait_for_function(
        """(sel) => {
            const el = document.querySelector(sel);
            return !!el && !!el.getAttribute("data-frame-id");
        }""",
        arg=HEATMAP,
    )
    side = page.locator(HEATMAP).first.evaluate(
        "(el) => Math.round(el.querySelector('canvas[role=img]').getBoundingClientRect().width"
        " * (window.devicePixelRatio || 1))"
    )
    session.wait_for_kernel(f"abs(w.heatmap.display_side - {side}) <= 2", "True")
    binning = int(session.execute("print(w.heatmap.binning)").strip())
    cols = -(-2048 // binning)  # the last block may be shorter
    page.wait_for_function(
        "([sel, cols]) => document.querySelector(sel + ' canvas[role=img]').width === cols",
        arg=[HEATMAP, cols],
    )
    return {**page.locator(HEATMAP).first.evaluate(CANVAS), "binning": binning}


def set_theme(page, theme: str) -> None:
    """The theme in force and JupyterLab's splash screen (shown while it changes) gone."""
    harness_set_theme(page, theme)
    page.wait_for_function("() => !document.querySelector('#jupyterlab-splash')")


def _check_display_resolution(got: dict) -> None:
    f = got["binning"]
    assert got["cols"] == got["rows"] == -(-2048 // f)
    # at least one cell per device pixel of the box, and one more binning step would not be
    assert got["cols"] >= got["w"] - 2 and got["rows"] >= got["h"] - 2
    assert 2048 // (f + 1) < got["w"] - 2


def test_first_frame_matches_the_canvas_and_a_larger_window_gets_a_sharper_one(
    open_notebook, page, page_errors, screenshot
):
    page.set_viewport_size({"width": 1024, "height": 768})
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    small = _settled(page, session)
    _check_display_resolution(small)
    assert small["binning"] > 1  # 2048 cells never fit a canvas this small
    page.locator(HEATMAP).first.scroll_into_view_if_needed()
    screenshot("1024x768-light")
    set_theme(page, "JupyterLab Dark")
    screenshot("1024x768-dark")
    set_theme(page, "JupyterLab Light")
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).getAttribute('data-frame-id') !== old",
        arg=[HEATMAP, small["id"]],
    )
    large = _settled(page, session)
    _check_display_resolution(large)
    page.locator(HEATMAP).first.scroll_into_view_if_needed()
    assert large["w"] > small["w"] and large["binning"] < small["binning"]
    screenshot("1600x1000-light")
    set_theme(page, "JupyterLab Dark")
    screenshot("1600x1000-dark")
    # the kernel keeps every value
    assert session.execute("print(w.image.shape)").strip() == "(2048, 2048)"
    page_errors.assert_clean()


def test_a_denser_screen_gets_a_sharper_frame(open_notebook, page, page_errors):
    """A window on a screen of devicePixelRatio 2 (emulated through DevTools, the window
    also 1 px narrower so that the page gets a resize: DevTools' emulation fires no
    media-query change): twice the device pixels, a frame binned half as much."""
    page.set_viewport_size({"width": 1600, "height": 1000})
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    one = _settled(page, session)
    _check_display_resolution(one)
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1599, "height": 1000, "deviceScaleFactor": 2, "mobile": False},
    )
    page.wait_for_function(
        "([sel, old]) => document.querySelector(sel).getAttribute('data-frame-id') !== old",
        arg=[HEATMAP, one["id"]],
    )
    two = _settled(page, session)
    _check_display_resolution(two)
    assert abs(two["w"] - 2 * one["w"]) <= 2 and two["binning"] < one["binning"]
    page_errors.assert_clean()
