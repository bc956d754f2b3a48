"""The explorer in a real browser: JupyterLab 4 and Notebook 7, driven by Playwright.

Each test runs a notebook that writes a small USID file with the package's writer and displays
``explorer(path)``, then checks what a user sees and does: the canvas pixels are the
colormapped data, a slider step and a click on the map reach the kernel, a click in the tree
switches the dataset, colour mapping changes stay in the browser, and no JavaScript error
occurs. Waits are on what is drawn (``data-frame-id`` set after each draw) or on the kernel's
answer, never on sleeps.
"""

from __future__ import annotations

import json

import numpy as np

from usid_widgets.model.snapshot import color_indices, colormap_lut

from .harness import wait_drawn

SETUP = """
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(0)
data = rng.random((12, 16, 24)).astype(np.float32)
data[0, :3, :] = np.nan  # a dropped line: drawn as NaN, not as a colour
other = rng.random((5, 40)).astype(np.float32)
import uuid
name = f"e2e-{uuid.uuid4().hex[:8]}.h5"  # one file per notebook: no kernel holds it open
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(12) * 2.0), Dimension("X", "nm", np.arange(16) * 2.0)],
        [Dimension("Frequency", "kHz", np.linspace(300, 320, 24))],
        quantity="Amplitude", units="nm",
    )
    write_main(
        f.create_group("Measurement_001/Channel_000"), "Raw_Data", other,
        [Dimension("T", "s", np.arange(5.0))], [Dimension("Bias", "V", np.linspace(-1, 1, 40))],
        quantity="Current", units="nA",
    )
w = explorer(name)
w.tree.collapsed = False  # the test operates the tree: unfolded at any width
w
"""

HEATMAP = ".usidw-heatmap"


def _click_plot_column(page, k: int, *, of: int) -> dict:
    """Click near the top of click column ``k`` of the plot, once it has ``of`` columns:
    anywhere above a step, not only on the line. Returns the column's box."""
    bars = page.locator(".bqplot .bar")
    page.wait_for_function(f"() => document.querySelectorAll('.bqplot .bar').length === {of}")
    bars.nth(k).scroll_into_view_if_needed()
    box = bars.nth(k).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 0.1 * box["height"])
    return box


def _pixels(page, index: int = 0) -> np.ndarray:
    """The image canvas of heatmap ``index`` as (rows, cols, 4) RGBA."""
    out = (
        page.locator(HEATMAP)
        .nth(index)
        .evaluate(
            """(el) => {
            const c = el.querySelector("canvas[role=img]");
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            return {w: c.width, h: c.height, px: Array.from(d)};
        }"""
        )
    )
    return np.array(out["px"], dtype=np.uint8).reshape(out["h"], out["w"], 4)


def _expected_rgba(image: np.ndarray, clim: str, cmap: str) -> np.ndarray:
    """The canvas for ``image`` drawn with the limits the browser reports (``data-clim``):
    the kernel's colour rule (``color_indices``, the same as the browser's by
    tests/golden/color_index.json), transparent where there is no colour."""
    lo, hi = (float(v) for v in clim.split(","))
    idx = color_indices(image, lo, hi)
    colour = idx >= 0
    rgba = np.zeros(image.shape + (4,), dtype=np.uint8)
    rgba[colour, :3] = colormap_lut(cmap)[idx[colour]]
    rgba[colour, 3] = 255
    return rgba


def _kernel_image(session) -> np.ndarray:
    text = session.execute(
        "import json; print(json.dumps(np.asarray(w.image, dtype=float).tolist()))"
    )
    return np.array(json.loads(text.strip().replace("NaN", "null")), dtype=float)


def _check_canvas_is_colormapped_data(page, session, cmap: str) -> None:
    image = _kernel_image(session)
    clim = page.locator(HEATMAP).first.get_attribute("data-clim")
    got = _pixels(page)
    want = _expected_rgba(image, clim, cmap)
    assert got.shape == want.shape
    measured = ~np.isnan(image)
    assert np.array_equal(got[measured], want[measured]), "canvas differs from the colormapped data"
    assert (got[~measured][:, 3] == 0).all(), "NaN cells must not be painted with a colour"


def test_explorer_end_to_end(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    first = wait_drawn(page)
    screenshot("01-opened")

    # The canvas shows the colormapped map at the middle frequency.
    assert session.execute("print(w.index)").strip() == "{'Y': 6, 'X': 8, 'Frequency': 12}"
    _check_canvas_is_colormapped_data(page, session, "viridis")

    # A slider step with the keyboard (in JupyterLab's command mode) reaches the kernel.
    session.enter_command_mode()
    slider = page.get_by_role("slider", name="Frequency")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_drawn(page, not_id=first)
    session.wait_for_kernel("w.index['Frequency']", "13")
    assert (
        session.execute("print(np.array_equal(w.image, data[:, :, 13], equal_nan=True))").strip()
        == "True"
    )
    _check_canvas_is_colormapped_data(page, session, "viridis")
    screenshot("02-slider")

    # A click on the map selects that position; the spectrum follows.
    canvas = page.get_by_role("img", name="Amplitude: Y × X")
    box = canvas.bounding_box()
    row, col = 3, 5
    canvas.click(
        position={"x": (col + 0.5) * box["width"] / 16, "y": (row + 0.5) * box["height"] / 12}
    )
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(3, 5)")
    assert session.execute("print(np.array_equal(w.spectrum, data[3, 5]))").strip() == "True"
    screenshot("03-clicked")

    # Colormap and contrast change in the browser; Python learns of them.
    page.get_by_label("Colormap").first.select_option("magma")
    page.wait_for_function(
        "(sel) => document.querySelector(sel).getAttribute('data-colormap') === 'magma'",
        arg=HEATMAP,
    )
    session.wait_for_kernel("w.colormap", "magma")
    _check_canvas_is_colormapped_data(page, session, "magma")

    # Python drives the view too: an index set in the kernel is drawn.
    before = page.locator(HEATMAP).first.get_attribute("data-frame-id")
    session.execute("w.index = {'Frequency': 2}")
    wait_drawn(page, not_id=before)
    _check_canvas_is_colormapped_data(page, session, "magma")
    assert page.get_by_role("slider", name="Frequency").input_value() == "2"

    # A click on another Main dataset in the tree switches the explorer.
    group = page.locator('[role=treeitem][data-path="/Measurement_001"]')
    group.click()
    page.locator('[role=treeitem][data-path="/Measurement_001/Channel_000"]').click()
    page.locator('[role=treeitem][data-path="/Measurement_001/Channel_000/Raw_Data"]').click()
    session.wait_for_kernel("w.dataset", "/Measurement_001/Channel_000/Raw_Data")
    page.get_by_role("img", name="Current: T × Bias").wait_for()
    assert session.execute("print(np.array_equal(w.image, other))").strip() == "True"
    screenshot("04-switched")

    page_errors.assert_clean()


STEM4D = """
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(1)
data = rng.random((6, 7, 9, 10)).astype(np.float32)
with h5py.File("4d.h5", "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(6.0)), Dimension("X", "nm", np.arange(7.0))],
        [Dimension("Ky", "1/nm", np.arange(9.0)), Dimension("Kx", "1/nm", np.arange(10.0))],
        quantity="Intensity", units="counts",
    )
w = explorer("4d.h5")
w
"""


def test_4d_stem_map_and_diffraction_pattern_are_linked(
    open_notebook, page, page_errors, screenshot
):
    session = open_notebook([STEM4D])
    session.run_all()
    wait_drawn(page, 0)
    second_id = wait_drawn(page, 1)
    # A click on the scan map shows that position's diffraction pattern.
    scan = page.get_by_role("img", name="Intensity: Y × X")
    box = scan.bounding_box()
    scan.click(position={"x": 4.5 * box["width"] / 7, "y": 1.5 * box["height"] / 6})
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(1, 4)")
    wait_drawn(page, 1, not_id=second_id)
    pattern = _pixels(page, 1)
    assert pattern.shape[:2] == (9, 10)
    assert session.execute("print(np.array_equal(w.plane, data[1, 4]))").strip() == "True"
    # A click on the diffraction pattern picks the detector pixel the map shows.
    plane = page.locator(HEATMAP).nth(1).locator("canvas[role=img]")
    pbox = plane.bounding_box()
    map_id = page.locator(HEATMAP).first.get_attribute("data-frame-id")
    plane.click(position={"x": 7.5 * pbox["width"] / 10, "y": 2.5 * pbox["height"] / 9})
    session.wait_for_kernel("(w.index['Ky'], w.index['Kx'])", "(2, 7)")
    wait_drawn(page, 0, not_id=map_id)
    assert session.execute("print(np.array_equal(w.image, data[:, :, 2, 7]))").strip() == "True"
    screenshot("4d-stem")
    page_errors.assert_clean()


SPARSE = """
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import write_ancillary, write_main_raw

xy = np.array([[0, 0], [10, 0], [0, 10], [10, 10], [5, 5]], dtype=float)
values = np.arange(5 * 3, dtype=np.float32).reshape(5, 3)
with h5py.File("sparse.h5", "w") as f:
    g = f.create_group("Measurement_000/Channel_000")
    inds = np.repeat(np.arange(5)[:, None], 2, axis=1)
    pi, pv = write_ancillary(g, "Position", inds, xy, ["X", "Y"], ["nm", "nm"], kind="position")
    si, sv = write_ancillary(g, "Spectroscopic", np.arange(3)[None], np.array([[1.0, 2, 3]]),
                             ["Bias"], ["V"], kind="spectroscopic")
    write_main_raw(g, "Raw_Data", values, pos_inds=pi, pos_vals=pv, spec_inds=si, spec_vals=sv,
                   quantity="Current", units="pA")
w = explorer("sparse.h5")
w
"""


def test_sparse_points_are_picked_by_nearest_point(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SPARSE])
    session.run_all()
    wait_drawn(page, 0, mode="points")
    canvas = page.locator(HEATMAP).first.locator("canvas[role=img]")
    box = canvas.bounding_box()
    # The point (10, 10) sits in a corner of the cloud (row 0 at the top, as for images):
    # a click near it, not on it, picks it.
    canvas.click(position={"x": 0.93 * box["width"], "y": 0.9 * box["height"]})
    session.wait_for_kernel("w.index['Position']", "3")
    assert session.execute("print(w.spectrum.tolist())").strip() == "[9.0, 10.0, 11.0]"
    screenshot("sparse")
    page_errors.assert_clean()


SLOW = """
import time
calls = []
_isel = w.md._isel
def slow_isel(*a, **k):  # a slow disk: every read takes 0.3 s
    time.sleep(0.3)
    return _isel(*a, **k)
w.md._isel = slow_isel  # under isel and isel_shared (the explorer reads through the latter)
w.md.blocks.col_window = 0  # no window cache: every step is a read
w.observe(lambda c: calls.append(c["new"]["Frequency"]), names="index")
"""


def test_rapid_slider_steps_never_build_a_backlog(open_notebook, page, page_errors):
    session = open_notebook([SETUP, SLOW])
    session.run_all()
    wait_drawn(page)
    session.enter_command_mode()
    slider = page.get_by_role("slider", name="Frequency")
    slider.focus()
    for _ in range(10):  # ten steps in well under the time of two reads
        page.keyboard.press("ArrowRight")
    # calls[-1], not w.index: the kernel may answer while the observers of the last change
    # are still reading (the value is set before they run).
    session.wait_for_kernel("calls[-1] if calls else None", "22")
    calls = session.execute("print(calls)").strip()
    steps = json.loads(calls)
    assert steps[-1] == 22, steps
    assert len(steps) < 10, f"every key press was served in turn: {steps}"
    page_errors.assert_clean()


def test_region_drag_and_static_picture(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    # The static PNG published before the live view is hidden by it (shown only without kernel).
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-usidw-snapshot]')]"
        ".some(e => getComputedStyle(e).display === 'none')"
    )
    assert page.locator('img[src^="data:image/png"]').evaluate_all(
        "imgs => imgs.every(i => i.offsetParent === null)"
    )
    # Shift + drag a rectangle on the map: the spectrum becomes the region's mean.
    canvas = page.get_by_role("img", name="Amplitude: Y × X")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cell_w, cell_h = box["width"] / 16, box["height"] / 12
    page.mouse.move(box["x"] + 4.5 * cell_w, box["y"] + 2.5 * cell_h)
    page.keyboard.down("Shift")
    page.mouse.down()
    page.mouse.move(box["x"] + 8.5 * cell_w, box["y"] + 6.5 * cell_h, steps=5)
    page.mouse.up()
    page.keyboard.up("Shift")
    session.wait_for_kernel("w.roi", "{'Y': (2, 7), 'X': (4, 9)}")
    expected = "np.nanmean(data[2:7, 4:9].astype(float), axis=(0, 1))"
    assert session.execute(f"print(np.allclose(w.spectrum, {expected}))").strip() == "True"
    assert session.execute("print(w.index['Y'], w.index['X'])").strip() == "6 8"  # no click
    screenshot("region")
    page.get_by_role("button", name="Clear region").click()
    session.wait_for_kernel("w.roi", "None")
    page_errors.assert_clean()


def test_clicking_the_spectrum_selects_that_step(open_notebook, page, page_errors):
    session = open_notebook([SETUP])
    session.run_all()
    first = wait_drawn(page)
    _click_plot_column(page, 20, of=24)  # one column per step
    session.wait_for_kernel("w.index['Frequency']", "20")
    wait_drawn(page, not_id=first)
    assert (
        session.execute("print(np.array_equal(w.image, data[:, :, 20], equal_nan=True))").strip()
        == "True"
    )
    assert page.get_by_role("slider", name="Frequency").input_value() == "20"
    page_errors.assert_clean()


LONG = """
import numpy as np, h5py, uuid
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

n = 5000
t = np.arange(n) * 1e-3
data = (np.sin(t * 40.0)[None, None, :] + np.arange(12).reshape(3, 4, 1)).astype(np.float32)
name = f"e2e-long-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("M"), "Raw", data,
        [Dimension("Y", "nm", np.arange(3.0)), Dimension("X", "nm", np.arange(4.0))],
        [Dimension("Time", "s", t)], quantity="Deflection", units="V",
    )
w = explorer(name)
w
"""


def test_a_long_spectrum_is_drawn_as_its_envelope_and_clicked_by_runs(
    open_notebook, page, page_errors, screenshot
):
    session = open_notebook([LONG])
    session.run_all()
    first = wait_drawn(page)
    # the line: at most 2,048 points (its envelope); the clicks: at most 256 columns
    page.wait_for_function(
        """() => [...document.querySelectorAll('.bqplot path.line')].some(
            (p) => ((p.getAttribute('d') || '').match(/L/g) || []).length > 1000)"""
    )
    points = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.bqplot path.line')].map(
            (p) => ((p.getAttribute('d') || '').match(/L/g) || []).length + 1))"""
    )
    assert 1000 < points <= 2048
    box = _click_plot_column(page, 100, of=250)
    # column 100 of 20-step runs: the middle step of steps 2000-2019
    session.wait_for_kernel("w.index['Time']", "2009")
    wait_drawn(page, not_id=first)
    # the marker is placed by the kernel at that step, not by the browser on the envelope
    at = "float(w.plot.marker.x[0]) == float(w.md.dim('Time').values[2009])"
    session.wait_for_kernel(at, "True")
    marker_x = page.evaluate(
        """() => {
            const segments = (p) => ((p.getAttribute('d') || '').match(/L/g) || []).length;
            const m = [...document.querySelectorAll('.bqplot path.line')].find(
                (p) => segments(p) === 1);
            return m ? m.getBoundingClientRect().x : null;
        }"""
    )
    assert marker_x is not None and box["x"] - 2 <= marker_x <= box["x"] + box["width"] + 2
    screenshot("long-spectrum")
    page_errors.assert_clean()


ATTRIBUTES = """
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

import uuid
name = f"e2e-attrs-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f:
    meas = f.create_group("Measurement_000")
    for i in range(300):  # an instrument's settings
        meas.attrs[f"setting_{i:03d}"] = i
    write_main(
        meas.create_group("Channel_000"), "Raw_Data", np.arange(12.0).reshape(3, 4),
        [Dimension("Y", "nm", np.arange(3.0)), Dimension("X", "nm", np.arange(4.0))], [],
        quantity="Height", units="m",
    )
    f.create_group("Notes").attrs["operator"] = "A. N. Other"
w = explorer(name)
w.tree.collapsed = False  # the test operates the tree: unfolded at any width
w
"""


def test_focusing_an_item_shows_its_attributes(open_notebook, page, page_errors):
    """Attributes are read when an item is focused, not when the file opens."""
    session = open_notebook([ATTRIBUTES])
    session.run_all()
    wait_drawn(page)
    assert session.execute("print(w.tree.nodes['/Measurement_000']['attrs'])").strip() == "None"
    table = page.get_by_role("table", name="Attributes")
    # the current Main dataset has the focus: its attributes are asked for and shown
    table.get_by_role("rowheader", name="quantity", exact=True).wait_for()
    # (its row: the expanded item holds its children's rows too)
    page.locator('[role=treeitem][data-path="/Measurement_000"] > .usidw-node-row').click()
    table.get_by_role("rowheader", name="setting_000", exact=True).wait_for()
    row = table.locator("tr", has=page.get_by_role("rowheader", name="setting_007", exact=True))
    assert row.locator("td").text_content() == "7"
    assert table.locator("tbody tr").count() == 201  # 200 shown, the rest summarised
    session.wait_for_kernel("len(w.tree.nodes['/Measurement_000']['attrs'])", "201")
    # the keyboard moves the focus: the next item's attributes
    page.keyboard.press("ArrowDown")
    table.get_by_role("rowheader", name="operator", exact=True).wait_for()
    assert table.get_by_role("cell", name="A. N. Other").count() == 1
    page_errors.assert_clean()
