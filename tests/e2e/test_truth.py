"""Every label on screen is true (issue 15's table), read in a real browser as a user reads it:
the colorbar, the axes and their ticks, the readout, the titles, the sliders and the plot.

The values are the explorer's sample files (``usid_widgets.datasets``), whose dimensions,
units and quantities are known.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .harness import set_theme

HEATMAP = ".usidw-heatmap"

BEPS = """
import numpy as np
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.beps(f"beps-{uuid.uuid4().hex[:8]}.h5", size=(4, 5)), component="phase")
w
"""


def _wait_mode(page, mode: str, index: int = 0) -> None:
    page.wait_for_function(
        """([sel, i, mode]) => {
            const el = document.querySelectorAll(sel)[i];
            return !!el && !!el.getAttribute("data-frame-id") && el.dataset.mode === mode;
        }""",
        arg=[HEATMAP, index, mode],
    )


def _text(page, selector: str, index: int = 0) -> str:
    return page.locator(HEATMAP).nth(index).locator(selector).inner_text().strip()


def _svg_texts(page, selector: str, index: int = 0) -> list[str]:
    return (
        page.locator(HEATMAP)
        .nth(index)
        .locator(selector)
        .evaluate_all("(els) => els.map((e) => e.textContent)")
    )


def _wait_title(page, pattern: str, index: int = 0) -> str:
    page.wait_for_function(
        """([sel, i, pattern]) => {
            const c = document.querySelectorAll(sel)[i]?.querySelector("canvas[role=img]");
            return !!c && new RegExp(pattern).test(c.getAttribute("aria-label") || "");
        }""",
        arg=[HEATMAP, index, pattern],
    )
    return page.locator(HEATMAP).nth(index).locator("canvas[role=img]").get_attribute("aria-label")


def test_phase_in_radians_and_a_folded_axis_by_index(open_notebook, page, page_errors, screenshot):
    session = open_notebook([BEPS])
    session.run_all()
    _wait_mode(page, "grid")
    # a phase has its own unit: the colorbar, the plot's y axis and the readout say radians
    page.wait_for_function(
        "(sel) => document.querySelector(sel + ' .usidw-cbar-label')?.textContent"
        " === 'Piezoresponse phase (rad)'",
        arg=HEATMAP,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.bqplot .axislabel')]"
        ".some((e) => e.textContent === 'Piezoresponse phase (rad)')"
    )
    assert "rad" in _text(page, ".usidw-readout")
    assert "pm" not in _text(page, ".usidw-readout")
    screenshot("01-phase")

    # DC_Offset folds back (0 -> +V -> -V -> 0): as an image axis it is ticked by index
    session.execute("w.image_dims = ('X', 'DC_Offset')")
    _wait_title(page, "DC_Offset")
    page.wait_for_function(
        "(sel) => [...document.querySelectorAll(sel + ' .usidw-axis-label')]"
        ".some((e) => e.textContent === 'DC_Offset index')",
        arg=HEATMAP,
    )
    n_dc = int(session.execute("print(w.md.dim('DC_Offset').size)"))
    ticks = [t for t in _svg_texts(page, ".usidw-tick-label") if t]
    x_ticks = (
        page.locator(HEATMAP)
        .first.locator("svg")
        .evaluate_all(
            """(svgs) => svgs
              .filter((s) => [...s.querySelectorAll('.usidw-axis-label')]
                .some((e) => e.textContent === 'DC_Offset index'))
              .flatMap((s) => [...s.querySelectorAll('.usidw-tick-label')]
                .map((e) => e.textContent))"""
        )
    )
    assert x_ticks, ticks
    for t in x_ticks:
        assert re.fullmatch(r"\d+", t) and 0 <= int(t) < n_dc, x_ticks
    # the readout still gives the physical value of the selected cell, in volts
    session.execute("w.index = {'DC_Offset': 3 * w.md.dim('DC_Offset').size // 4}")
    volts = session.execute(
        "from usid_widgets.model.numbers import format_quantity;"
        " print(format_quantity(w.md.dim('DC_Offset').values[w.index['DC_Offset']], 'V'))"
    )
    assert re.fullmatch(r"-?\d+(\.\d+)? m?V", volts.strip()), volts
    page.wait_for_function(
        "([sel, v]) => document.querySelector(sel + ' .usidw-readout').textContent"
        ".includes('DC_Offset = ' + v)",
        arg=[HEATMAP, volts.strip()],
    )
    screenshot("02-index-axis")
    page_errors.assert_clean()


STEM = """
import numpy as np
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.four_d_stem(f"4d-{uuid.uuid4().hex[:8]}.h5", scan=8, detector=12))
w
"""


def test_reductions_name_themselves(open_notebook, page, page_errors, screenshot):
    session = open_notebook([STEM])
    session.run_all()
    _wait_mode(page, "grid", 1)
    plane = _wait_title(page, "at the selected position", 1)
    assert plane.endswith("at the selected position")

    # a mask over positions: the plane is their mean, and says so
    session.execute(
        "m = np.zeros((8, 8), bool); m[2:6, 1:7] = True; w.roi_mask = m; print(w.plane.shape)"
    )
    title = _wait_title(page, "mean over a region", 1)
    assert title.endswith("mean over a region (mask, 24 positions)"), title
    assert "selected position" not in title
    screenshot("01-mean-plane")

    # a virtual detector (annulus) sums the map over a region of the detector
    session.execute(
        "r, c = np.ogrid[:12, :12]; d = np.hypot(r - 6, c - 6);"
        " w.interval_mask = (d > 2) & (d < 5); print(w.interval_mask.sum())"
    )
    n = int(session.execute("print(int(w.interval_mask.sum()))"))
    title = _wait_title(page, "virtual detector", 0)
    assert title.endswith(f"summed over a virtual detector (mask, {n} pixels)"), title
    # the detector's sliders select nothing on screen now: disabled, with the reason
    for name in session.execute("print(' '.join(d.name for d in w.md.spec_dims))").split():
        slider = page.get_by_role("slider", name=name)
        assert slider.is_disabled()
        row_text = page.locator(".usidw-slider-value").evaluate_all(
            "(els) => els.map((e) => e.textContent)"
        )
        assert any(t.startswith("inactive: the map sums virtual detector") for t in row_text)
    screenshot("02-virtual-detector")

    # cleared: plain titles and live sliders again
    session.execute("w.interval_mask = None; w.roi_mask = None")
    _wait_title(page, "at the selected position", 1)
    title = _wait_title(page, "× ", 0)
    assert "virtual detector" not in title
    name = session.execute("print(w.md.spec_dims[0].name)").strip()
    page.wait_for_function(
        "(name) => !document.querySelector(`input[type=range][aria-label='${name}']`).disabled",
        arg=name,
    )
    page_errors.assert_clean()


SPECTRAL = """
import numpy as np
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.band_excitation(f"be-{uuid.uuid4().hex[:8]}.h5"))
w
"""


def test_an_interval_sum_silences_the_step(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SPECTRAL])
    session.run_all()
    _wait_mode(page, "grid")
    page.wait_for_function("() => document.querySelector('.bqplot path.line')")
    dim = session.execute("print(w.plot_dim)").strip()
    assert page.locator(".bqplot").first.evaluate(
        "(el) => [...el.querySelectorAll('.mainheading, text')]"
        ".some((e) => e.textContent === 'At the selected position')"
    )
    session.execute(f"w.interval = {{'{dim}': (10, 31)}}")
    title = _wait_title(page, "summed over")
    assert re.search(rf"summed over {dim} [-\d.]+–[-\d.]+ \S+ \(21 steps\)$", title), title
    slider = page.get_by_role("slider", name=dim)
    page.wait_for_function(
        "(name) => document.querySelector(`input[type=range][aria-label='${name}']`).disabled",
        arg=dim,
    )
    assert slider.is_disabled()
    assert session.execute("print(w.plot.marker.visible, w.plot.dot.visible)").strip() == (
        "False False"
    )
    screenshot("01-interval")
    # the static picture of a saved notebook carries the same title
    assert title in session.execute("print(w._repr_mimebundle_ and w.heatmap.title)")
    page_errors.assert_clean()


UNCOMPUTED = """
from usid_widgets import explorer, datasets
import uuid, h5py
path = datasets.sparse_scan(f"sp-{uuid.uuid4().hex[:8]}.h5", n_points=12, completed=0)
w = explorer(path)
results = [p for p in w.tree.mains if "Process" in p or "Fit" in p]
w.dataset = results[0]
w
"""


def test_a_result_never_computed_is_said_not_drawn(open_notebook, page, page_errors, screenshot):
    session = open_notebook([UNCOMPUTED])
    session.run_all()
    _wait_mode(page, "message")
    text = page.locator(HEATMAP).first.locator(".usidw-message").inner_text()
    assert text.startswith("Not computed yet (0 of 12 positions)"), text
    assert session.execute("print(w.image is None, w.spectrum is None)").strip() == "True True"
    screenshot("01-uncomputed")
    page_errors.assert_clean()


def _incomplete_setup() -> str:
    tests = str(Path(__file__).resolve().parent.parent)
    return f"""
import sys, pathlib, uuid, numpy as np
sys.path.insert(0, {tests!r})
import usid_fixtures
from usid_widgets import explorer
folder = pathlib.Path(f"inc-{{uuid.uuid4().hex[:8]}}"); folder.mkdir()
case = usid_fixtures.make_incomplete_attr(folder)
w = explorer(str(case.path))
w
"""


def test_a_declared_incomplete_scan_is_a_grid_with_gaps(
    open_notebook, page, page_errors, screenshot
):
    # incomplete_dimensions on indices that place every sampled cell: the grid, NaN where
    # nothing was measured (it was drawn as a point cloud)
    session = open_notebook([_incomplete_setup()])
    session.run_all()
    _wait_mode(page, "grid")
    assert session.execute("print(w.md.layout['position'], w.points)").strip() == "incomplete False"
    nan = int(session.execute("print(int(np.isnan(w.image).sum()))"))
    size = int(session.execute("print(w.image.size)"))
    assert 0 < nan < size
    alpha = page.locator(HEATMAP).first.evaluate(
        """(el) => {
            const c = el.querySelector("canvas[role=img]");
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            let clear = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] === 0) clear++;
            return clear;
        }"""
    )
    assert alpha == nan  # each cell never measured is transparent, the others coloured
    screenshot("01-incomplete-grid")
    page_errors.assert_clean()


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_labels_read_at_both_sizes_in_both_themes(
    open_notebook, page, page_errors, screenshot, theme
):
    # what a user reads at a laptop's and a desktop's size: the reduction in the title and
    # the colorbar, the index axis' caption, the inactive slider's reason; saved to look at
    session = open_notebook([BEPS])
    session.run_all()
    _wait_mode(page, "grid")
    set_theme(page, theme)
    session.execute("w.component = 'amplitude'; w.interval = {'Frequency': (2, 9)}")
    _wait_title(page, "summed over Frequency")
    slug = theme.split()[-1].lower()
    for width, height in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator(HEATMAP).first.scroll_into_view_if_needed()
        for selector in (".usidw-axis-label", ".usidw-cbar-label", ".usidw-title"):
            box = page.locator(HEATMAP).first.locator(selector).first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, (selector, width)
        # the title wraps: its range and count are read whole, never cut off
        title = page.locator(HEATMAP).first.locator(".usidw-title")
        assert title.evaluate(
            "(el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1"
        ), (width, title.inner_text())
        assert title.inner_text().endswith("(7 steps)")
        assert page.locator(HEATMAP).first.locator(".usidw-cbar-label").inner_text() == (
            "sum of Piezoresponse amplitude (pm)"
        )
        reason = page.locator(".usidw-inactive .usidw-slider-value").first
        assert reason.inner_text().startswith("inactive: the map sums Frequency")
        screenshot(f"{slug}-{width}x{height}")
    page_errors.assert_clean()


METRES = """
import numpy as np, h5py, uuid
from usid_widgets import explorer
from usid_widgets.writer import Dimension
from usid_widgets.writer import write_main
rng = np.random.default_rng(3)
path = f"metres-{uuid.uuid4().hex[:8]}.h5"
amp = (40 + 20 * rng.random((6, 8, 30))) * 1e-12  # amplitudes of 40 .. 60 pm, stored in metres
with h5py.File(path, "w") as f:
    write_main(
        f.require_group("Measurement_000/Channel_000"), "Raw_Data", amp,
        [Dimension("Y", "m", np.linspace(0, 2.5e-6, 6)),
         Dimension("X", "m", np.linspace(0, 3.5e-6, 8))],
        [Dimension("Frequency", "Hz", np.linspace(336.9e3, 342.7e3, 30))],
        quantity="Amplitude", units="m",
    )
w = explorer(path)
w.index = {"Frequency": 29, "Y": 2, "X": 2}
w
"""

PLAIN_NUMBER = r"-?\d+(\.\d+)?(e[+-]\d+)?"


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_numbers_agree_with_their_units(open_notebook, page, page_errors, screenshot, theme):
    """Values stored in metres and hertz: each caption carries the one display unit of its
    ticks ("X (µm)", "Amplitude (pm)", "Frequency (kHz)"), no tick carries an SI suffix (it
    said "2.5µ" next to "X (m)"), the readout gives each value in the prefix that suits it,
    and the slider says its 0-based position ("index 29 of 0–29", it said "29 / 30")."""
    session = open_notebook([METRES])
    session.run_all()
    _wait_mode(page, "grid")
    # set either way: the server keeps the theme a test before chose
    set_theme(page, theme)
    hm = page.locator(HEATMAP).first
    page.wait_for_function(
        "(sel) => document.querySelector(sel + ' .usidw-cbar-label')?.textContent"
        " === 'Amplitude (pm)'",
        arg=HEATMAP,
    )
    captions = _svg_texts(page, ".usidw-axis-label")
    assert sorted(captions) == ["X (µm)", "Y (µm)"], captions
    for label in _svg_texts(page, ".usidw-tick-label"):  # axes and colorbar
        assert re.fullmatch(PLAIN_NUMBER, label), label
    x_ticks = hm.locator("svg").evaluate_all(
        """(svgs) => svgs
          .filter((s) => [...s.querySelectorAll('.usidw-axis-label')]
            .some((e) => e.textContent === 'X (µm)'))
          .flatMap((s) => [...s.querySelectorAll('.usidw-tick-label')].map((e) => e.textContent))"""
    )
    assert x_ticks and float(x_ticks[-1]) <= 3.5 and float(x_ticks[-1]) >= 2, x_ticks
    # the readout of the selected cell (row 2, col 2): 1 µm, 1 µm and picometres
    readout = _text(page, ".usidw-readout")
    assert re.fullmatch(rf"X = 1 µm, Y = 1 µm: {PLAIN_NUMBER} pm \(row 2, col 2\)", readout), (
        readout
    )
    # the slider: the value in the unit of the whole range, its 0-based position
    slider_text = page.locator(".usidw-slider-value").first.inner_text()
    assert slider_text == "342.7 kHz (index 29 of 0–29)", slider_text
    page.get_by_role("slider", name="Frequency").fill("0")
    page.wait_for_function(
        "() => document.querySelector('.usidw-slider-value').textContent"
        " === '336.9 kHz (index 0 of 0–29)'"
    )
    # the bqplot plot: x in kHz, y in pm, the labels say so, no SI suffix on its ticks
    for caption in ("Frequency (kHz)", "Amplitude (pm)"):
        page.wait_for_function(
            "(c) => [...document.querySelectorAll('.bqplot .axislabel')]"
            ".some((e) => e.textContent === c)",
            arg=caption,
        )
    plot_ticks = page.locator(".bqplot .axis .tick text").evaluate_all(
        "(els) => els.map((e) => e.textContent).filter((t) => t)"
    )
    assert plot_ticks and all(re.fullmatch(PLAIN_NUMBER, t) for t in plot_ticks), plot_ticks
    assert {"338", "340", "342"} <= set(plot_ticks), plot_ticks
    slug = theme.split()[-1].lower()
    for width, height in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        hm.scroll_into_view_if_needed()
        screenshot(f"{slug}-{width}x{height}")
        page.locator(".usidw-slider-value").first.scroll_into_view_if_needed()
        screenshot(f"{slug}-{width}x{height}-plot-and-slider")
    page_errors.assert_clean()
