"""NSID files and sidpy Datasets in a real browser (JupyterLab and Notebook 7, issue 18).

Each notebook makes a spectral image of 9 x 7 positions and 24 energies, either written as an
NSID file with pyNSID or kept in memory as a sidpy Dataset (as SciFiReaders returns them), and
displays ``explorer()`` of it. The canvas must be sidpy's picture of the data (``imshow(data.T)``:
x, the first dimension, across; y down), a slider step must draw the next energy, a click on
the map must move the plot to that position, and every label must come from the NSID
dimension scales (names and units) and the data's quantity and units.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from usid_widgets.model.snapshot import color_indices, colormap_lut

from .harness import set_theme, wait_drawn

pytest.importorskip("sidpy")
pytest.importorskip("pyNSID")

HEATMAP = ".usidw-heatmap"

DATA = """
import uuid, warnings
import numpy as np, h5py, sidpy, pyNSID
from usid_widgets import explorer

rng = np.random.default_rng(18)
data = rng.random((9, 7, 24))  # x, y, energy
ds = sidpy.Dataset.from_array(data, title="EELS map")
ds.data_type = "SPECTRAL_IMAGE"
ds.quantity, ds.units = "Intensity", "counts"
for i, (name, units, values, kind) in enumerate([
    ("x", "nm", np.arange(9) * 0.5, "SPATIAL"),
    ("y", "nm", np.arange(7) * 0.5, "SPATIAL"),
    ("energy", "eV", 280.0 + np.arange(24) * 0.5, "SPECTRAL"),
]):
    ds.set_dimension(i, sidpy.Dimension(values, name=name, units=units, quantity=name,
                                        dimension_type=kind))
"""

NSID_FILE = (
    DATA
    + """
path = f"eels-{uuid.uuid4().hex[:8]}.h5"  # one file per notebook: no other kernel holds it
with h5py.File(path, "w") as f, warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # pyNSID's own, about its validator
    pyNSID.hdf_io.write_nsid_dataset(ds, f.create_group("Measurement_000/Channel_000"),
                                     main_data_name="EELS")
w = explorer(path)
w
"""
)

SIDPY = DATA + "\nw = explorer(ds)\nw\n"

SOURCES = {"nsid-file": NSID_FILE, "sidpy": SIDPY}


def _pixels(page) -> np.ndarray:
    out = page.locator(HEATMAP).first.evaluate(
        """(el) => {
            const c = el.querySelector("canvas[role=img]");
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            return {w: c.width, h: c.height, px: Array.from(d)};
        }"""
    )
    return np.array(out["px"], dtype=np.uint8).reshape(out["h"], out["w"], 4)


def _kernel_array(session, expr: str) -> np.ndarray:
    text = session.execute(f"import json; print(json.dumps(np.asarray({expr}).tolist()))")
    return np.array(json.loads(text), dtype=float)


def _check_canvas(page, session, energy: int) -> None:
    """The canvas is sidpy's picture of the data at ``energy``: ``data[:, :, energy].T``
    (rows y, columns x), colormapped with the browser's limits."""
    want_image = _kernel_array(session, f"data[:, :, {energy}].T")
    assert want_image.shape == (7, 9)
    lo, hi = (float(v) for v in page.locator(HEATMAP).first.get_attribute("data-clim").split(","))
    want = colormap_lut("viridis")[color_indices(want_image, lo, hi)]
    got = _pixels(page)
    assert got.shape == (7, 9, 4), "the canvas is 9 columns (x) by 7 rows (y)"
    assert np.array_equal(got[..., :3], want), "the canvas is not data[:, :, energy].T"


def _texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("(els) => els.map((e) => e.textContent.trim())")


def _wait_plot_laid_out(page) -> None:
    """Scroll the plot into view and wait until bqplot has laid it out at its new size (it
    does so only on screen, after a resize): its SVGs the size of the figure, the figure
    within the explorer's views."""
    page.locator(".bqplot").first.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => {
            const fig = document.querySelector(".usidw-spectrum .bqplot.figure");
            const views = document.querySelector(".usidw-views");
            if (!fig || !views) return false;
            const svgs = [...fig.children].filter((e) => e.tagName.toLowerCase() === "svg");
            const f = fig.getBoundingClientRect(), v = views.getBoundingClientRect();
            return svgs.length > 0 && f.right <= v.right + 1 && svgs.every((e) => {
                const r = e.getBoundingClientRect();
                return Math.abs(r.width - fig.clientWidth) < 2
                    && Math.abs(r.height - fig.clientHeight) < 2;
            });
        }"""
    )


def _plot_line(page) -> str:
    return page.locator(".bqplot path.line").first.get_attribute("d") or ""


@pytest.mark.parametrize("source", list(SOURCES))
def test_nsid_and_sidpy_in_the_browser(source, open_notebook, page, page_errors, screenshot):
    session = open_notebook([SOURCES[source]])
    session.run_all()
    first = wait_drawn(page)
    page.wait_for_function("() => document.querySelector('.bqplot path.line')")
    assert session.execute("print(w.md.kind, w.image_dims, w.plot_dim)").strip() == (
        ("nsid" if source == "nsid-file" else "sidpy") + " ('y', 'x') energy"
    )
    energy = int(session.execute("print(w.index['energy'])"))
    _check_canvas(page, session, energy)

    # the labels: the map's axes and the plot's from the dimension scales, the colorbar
    # and the plot's y axis from the data's quantity and units
    assert sorted(_texts(page, f"{HEATMAP} .usidw-axis-label")) == ["x (nm)", "y (nm)"]
    assert _texts(page, f"{HEATMAP} .usidw-cbar-label") == ["Intensity (counts)"]
    for caption in ("energy (eV)", "Intensity (counts)"):
        page.wait_for_function(
            "(c) => [...document.querySelectorAll('.bqplot .axislabel')]"
            ".some((e) => e.textContent === c)",
            arg=caption,
        )
    ticks = [float(t) for t in _texts(page, ".bqplot .axis .tick text") if t]
    assert any(280 <= t <= 292 for t in ticks), ticks  # energies in eV, not step numbers

    # a slider step draws the next energy
    session.enter_command_mode()
    page.get_by_role("slider", name="energy").focus()
    page.keyboard.press("ArrowRight")
    second = wait_drawn(page, not_id=first)
    session.wait_for_kernel("w.index['energy']", str(energy + 1))
    _check_canvas(page, session, energy + 1)

    # a click on the map (row y=2, column x=6) moves the plot to x=6, y=2
    before = _plot_line(page)
    canvas = page.locator(HEATMAP).first.locator("canvas[role=img]")
    box = canvas.bounding_box()
    canvas.click(position={"x": 6.5 * box["width"] / 9, "y": 2.5 * box["height"] / 7})
    session.wait_for_kernel("(w.index['x'], w.index['y'])", "(6, 2)")
    assert session.execute("print(np.array_equal(w.spectrum, data[6, 2]))").strip() == "True"
    page.wait_for_function(
        "(old) => (document.querySelector('.bqplot path.line').getAttribute('d') || '') !== old",
        arg=before,
    )
    readout = page.locator(f"{HEATMAP} .usidw-readout").first.inner_text()
    assert readout.startswith("x = 3 nm, y = 1 nm:"), readout
    assert second == page.locator(HEATMAP).first.get_attribute("data-frame-id")  # same map

    # what a user reads, at a laptop's and a desktop's size, in both themes
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        set_theme(page, theme)
        for width, height in ((1024, 768), (1600, 1000)):
            page.set_viewport_size({"width": width, "height": height})
            slug = f"{theme.split()[-1].lower()}-{width}x{height}"
            _wait_plot_laid_out(page)
            screenshot(f"{slug}-plot")
            page.locator(".usidw-explorer").first.evaluate(
                "(el) => el.scrollIntoView({block: 'start'})"
            )
            if width >= 1400:  # the plot beside the map: on screen with it
                _wait_plot_laid_out(page)
            title = page.locator(HEATMAP).first.locator(".usidw-title")
            assert title.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1"), width
            screenshot(slug)
    page_errors.assert_clean()
