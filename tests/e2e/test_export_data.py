"""The download menu and "Copy as code" in a real browser (issue 17), JupyterLab and Notebook 7.

The files are Playwright downloads of what the browser wrote (js/src/export.js): the NPY is
loaded with numpy and compared with ``w.image`` (its window when zoomed) in its own dtype,
the image CSV with ``numpy.loadtxt``, the plot CSV column by column with the dimension's
values, ``w.spectrum`` and their units. The code copied is read from the clipboard (granted
to the page) or, where the clipboard refuses, from the text box the menu shows; run in the
kernel it makes an explorer of an equal state.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from .harness import REPO_ROOT, set_theme

HEATMAP = ".usidw-heatmap"

# float64 values (the frame on screen is float32: the file must not be), units on every axis.
SETUP = """
import numpy as np, h5py, json, uuid, usid_widgets
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(4)
data = rng.normal(size=(12, 16, 24)) * 1e-3 + 0.1
name = f"ex-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(12) * 2.5), Dimension("X", "nm", np.arange(16) * 2.5)],
        [Dimension("Frequency", "kHz", np.linspace(300, 320, 24))],
        quantity="Current", units="nA",
    )
w = explorer(name, index={"Y": 3, "X": 5, "Frequency": 7})
w
"""


def _wait_drawn(page) -> None:
    page.wait_for_function(
        """(sel) => { const el = document.querySelector(sel);
            return !!el && !!el.getAttribute("data-clim")
                && el.getAttribute("data-mode") === "grid"; }""",
        arg=HEATMAP,
    )


def _menu(page):
    hm = page.locator(HEATMAP).first
    menu = hm.locator(".usidw-menu")
    if not menu.is_visible():
        hm.get_by_role("button", name="Download data or copy as code").click()
        menu.wait_for(state="visible")
    return hm, menu


def _download(page, item: str, tmp_path: Path) -> tuple[Path, str]:
    hm, menu = _menu(page)
    with page.expect_download() as info:
        menu.get_by_role("menuitem", name=item).click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    status = hm.locator(".usidw-menu-status")
    status.wait_for(state="visible")
    assert status.inner_text() == f"saved {download.suggested_filename}"
    return path, download.suggested_filename


def _kernel_is_this_tree(session) -> None:
    where = session.execute("print(usid_widgets.__file__)").strip()
    assert where.startswith(str(REPO_ROOT)), (where, REPO_ROOT)


def test_download_image_npy_csv_and_plot_csv(open_notebook, page, page_errors, tmp_path):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_drawn(page)
    _kernel_is_this_tree(session)
    stem = json.loads(session.execute("print(json.dumps(name[:-3]))"))
    base = f"{stem}_Measurement_000-Channel_000-Raw_Data"

    # The whole image as NPY: numpy reads the browser's file, equal to w.image, float64.
    path, name = _download(page, "Image as NPY", tmp_path)
    assert name == f"{base}_image_Frequency7.npy"
    arr = np.load(path)
    assert arr.dtype == np.float64 and arr.shape == (12, 16)
    assert session.execute(f"print(np.array_equal(np.load({str(path)!r}), w.image))") == "True\n"
    assert path.read_bytes()[:8] == b"\x93NUMPY\x01\x00"

    # Zoomed: the window on screen, at full resolution.
    session.execute("w.zoom = {'Y': (2, 9), 'X': (4, 12)}")
    page.wait_for_function(
        "(sel) => document.querySelector(sel).getAttribute('data-window') === '2,9,4,12'",
        arg=HEATMAP,
    )
    path, name = _download(page, "Image as NPY", tmp_path)
    assert name == f"{base}_image_Frequency7_window-Y2-9-X4-12.npy"
    check = f"print(np.array_equal(np.load({str(path)!r}), w.image[2:9, 4:12]))"
    assert session.execute(check) == "True\n"

    # The same window as CSV: comments say what it is, loadtxt reads back the exact values.
    path, name = _download(page, "Image as CSV", tmp_path)
    assert name == f"{base}_image_Frequency7_window-Y2-9-X4-12.csv"
    text = path.read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if line.startswith("# ")]
    assert "# values: Current (nA), full resolution" in notes
    assert "# rows: Y (nm) values: 5.0, 7.5, 10.0, 12.5, 15.0, 17.5, 20.0" in notes
    assert any(n.startswith("# position: Frequency = 7 (") for n in notes), notes
    check = f"print(np.array_equal(np.loadtxt({str(path)!r}, delimiter=','), w.image[2:9, 4:12]))"
    assert session.execute(check) == "True\n"
    assert np.loadtxt(path, delimiter=",").shape == (7, 8)

    # The plotted line: x values and units in the header, the line's values exact.
    path, name = _download(page, "Plot lines as CSV", tmp_path)
    assert name == f"{base}_plot_Y3_X5.csv"
    rows = list(csv.reader(line for line in io.StringIO(path.read_text()) if line[0] != "#"))
    assert rows[0] == ["Frequency (kHz)", "Current (nA)"]
    x = np.array([float(r[0]) for r in rows[1:]])
    y = np.array([float(r[1]) for r in rows[1:]])
    # the values as stored (USID keeps them as float32), not as typed in SETUP
    stored = "print(json.dumps(np.asarray(w.md.dim('Frequency').values, float).tolist()))"
    np.testing.assert_array_equal(x, json.loads(session.execute(stored)))
    expected = json.loads(session.execute("print(json.dumps(w.spectrum.tolist()))"))
    np.testing.assert_array_equal(y, expected)

    # No plot: the menu says so, nothing is downloaded.
    session.execute("w.plot_dim = None")
    _hm, menu = _menu(page)
    menu.get_by_role("menuitem", name="Plot lines as CSV").click()
    status = menu.locator(".usidw-menu-status")
    page.wait_for_function(
        "(el) => el.textContent === 'No line plot on screen.'", arg=status.element_handle()
    )
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    page_errors.assert_clean()


VIEW = (
    "w.colormap = 'magma'; w.scale = 'log'; w.roi = {'Y': (2, 5), 'X': (3, 9)}; "
    "w.index = {'Frequency': 11}; w.plot_x = 'index'"
)


def test_copy_as_code_restores_an_equal_state(
    open_notebook, page, page_errors, jupyter, screenshot
):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_drawn(page)
    _kernel_is_this_tree(session)
    session.execute(VIEW)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=jupyter.base_url)
    hm, menu = _menu(page)
    menu.get_by_role("menuitem", name="Copy as code").click()
    status = hm.locator(".usidw-menu-status")
    page.wait_for_function("(el) => el.textContent === 'copied'", arg=status.element_handle())
    code = page.evaluate("() => navigator.clipboard.readText()")
    assert code.startswith("explorer(") and 'colormap="magma"' in code, code
    assert code == json.loads(session.execute("print(json.dumps(w.code()))"))
    out = session.execute(f"w2 = {code}\nprint(w2.state == w.state, w2.state['roi'])")
    assert out == "True {'Y': [2, 5], 'X': [3, 9]}\n", out

    # A browser that refuses the clipboard: the code is selected in a text box instead.
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }"
    )
    session.execute("w.colormap = 'gray'")
    menu.get_by_role("menuitem", name="Copy as code").click()
    box = menu.get_by_label("Code of this view")
    box.wait_for(state="visible")
    assert re.search(r"refused the clipboard", status.inner_text())
    text = box.input_value()
    assert 'colormap="gray"' in text
    selected = box.evaluate("(el) => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == text
    # the text box inside the heatmap (which clips what sticks out)
    inside = box.evaluate(
        """(b) => { const r = b.getBoundingClientRect();
            const h = b.closest('.usidw-heatmap').getBoundingClientRect();
            return r.left >= h.left - 1 && r.right <= h.right + 1; }"""
    )
    assert inside
    screenshot("code-box")
    out = session.execute(f"w3 = {text}\nprint(w3.state == w.state)")
    assert out == "True\n"
    page_errors.assert_clean()


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_menu_fits_at_both_sizes(open_notebook, page, page_errors, screenshot, theme):
    session = open_notebook([SETUP])
    session.run_all()
    _wait_drawn(page)
    set_theme(page, theme)
    session.execute("w.zoom = {'Y': (0, 8), 'X': (2, 14)}; w.roi = {'Y': (2, 5), 'X': (4, 9)}")
    hm = page.locator(HEATMAP).first
    hm.get_by_role("button", name="Clear region").wait_for(state="visible")
    slug = theme.split()[-1].lower()
    for width, height in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function("(w) => document.documentElement.clientWidth === w", arg=width)
        hm.scroll_into_view_if_needed()
        button = hm.get_by_role("button", name="Download data or copy as code")
        # a small button in the toolbar row
        assert button.evaluate("(b) => !!b.closest('.usidw-toolbar')")
        assert button.bounding_box()["width"] <= 32
        _hm, menu = _menu(page)
        # every item on screen, inside the window, its text not cut
        fits = menu.evaluate(
            """(m) => [...m.querySelectorAll('[role=menuitem]')].map((i) => {
                const r = i.getBoundingClientRect();
                return {text: i.textContent, inside: r.left >= 0 && r.right <= innerWidth,
                        whole: i.scrollWidth <= i.clientWidth + 1};
            })"""
        )
        assert all(f["inside"] and f["whole"] for f in fits), fits
        # on top of the image, not under it
        on_top = menu.evaluate(
            """(m) => { const i = m.querySelector('[role=menuitem]').getBoundingClientRect();
                const hit = document.elementFromPoint(i.left + 5, i.top + i.height / 2);
                return m.contains(hit); }"""
        )
        assert on_top, width
        screenshot(f"{slug}-{width}x{height}-menu")
        page.keyboard.press("Escape")
        menu.wait_for(state="hidden")
    page_errors.assert_clean()
