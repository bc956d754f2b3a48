"""The tree's kinds of dataset in a real browser (JupyterLab and Notebook 7): NSID datasets
(written by pyNSID in the kernel) and plain HDF5 arrays carry badges of their own, dimension
scales an "axis" mark; a click (or Enter) on any of them switches the view (title and image),
a scale is only focused. A sidpy Dataset shows its metadata in place of the tree, at once.
Light and dark, 1024 x 768 and 1600 x 1000.
"""

from __future__ import annotations

from .contrast import low_contrast
from .harness import set_theme

AFM_FILE = "AFM_PMN28Pt0000.h5"  # in the real NSID folder (conftest.real_nsid)

NSID_FILE = """
import uuid, warnings
import numpy as np, h5py, sidpy, pyNSID
from usid_widgets import explorer

def image(title, shape, seed, units):
    ds = sidpy.Dataset.from_array(
        np.random.default_rng(seed).random(shape).astype(np.float32), title=title)
    ds.data_type, ds.quantity, ds.units = "IMAGE", title, units
    for i, n in enumerate(("x", "y")):
        ds.set_dimension(i, sidpy.Dimension(np.arange(shape[i]) * 4e-9, n, units="m",
                                            quantity="Length", dimension_type="spatial"))
    return ds

name = f"nsid-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(name, "w") as f, warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for i, (title, units) in enumerate((("Height", "m"), ("Phase", "deg"))):
        pyNSID.hdf_io.write_nsid_dataset(
            image(title, (24, 40), i, units), f.create_group(f"Measurement_000/Channel_{i}"),
            main_data_name=title)
    f["Plain/stack"] = np.arange(3 * 16 * 20, dtype=np.int16).reshape(3, 16, 20)
w = explorer(name)
w.tree.collapsed = False  # the test operates the tree: unfolded at any width
w
"""

HEIGHT = "/Measurement_000/Channel_0/Height/Height"
PHASE = "/Measurement_000/Channel_1/Phase/Phase"
TREE = ".usidw-tree"
HEATMAP = ".usidw-heatmap"


def _row(page, path: str):
    return page.locator(f'{TREE} [role=treeitem][data-path="{path}"] > .usidw-node-row')


def _frame(page) -> str | None:
    return page.locator(HEATMAP).first.get_attribute("data-frame-id")


def _wait_frame(page, old: str | None) -> str:
    page.wait_for_function(
        """([sel, old]) => {
            const el = document.querySelector(sel);
            const id = el && el.getAttribute("data-frame-id");
            return !!id && id !== old;
        }""",
        arg=[HEATMAP, old],
    )
    return _frame(page)


def _title(page) -> str:
    return page.locator(".usidw-header-title").first.text_content()


def _badge(page, path: str) -> dict:
    return (
        _row(page, path)
        .locator(".usidw-badge")
        .evaluate("(b) => ({text: b.textContent, title: b.title, cls: b.className})")
    )


def _shots(page, screenshot, name: str) -> None:
    """Screenshots at both sizes in both themes; the tree's texts keep their contrast."""
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        set_theme(page, theme)
        for w, h in ((1024, 768), (1600, 1000)):
            page.set_viewport_size({"width": w, "height": h})
            page.locator(TREE).first.scroll_into_view_if_needed()
            assert low_contrast(page, TREE) == [], (theme, w)
            screenshot(f"{name}-{theme.split()[-1].lower()}-{w}")
    set_theme(page, "JupyterLab Light")


def test_nsid_and_plain_arrays_are_marked_and_switch_on_click(
    open_notebook, page, page_errors, screenshot
):
    page.set_viewport_size({"width": 1600, "height": 1000})
    session = open_notebook([NSID_FILE])
    session.run_all()
    # the file opens on its first NSID dataset, revealed and highlighted in the tree
    page.wait_for_function(
        "(p) => document.querySelector('.usidw-tree .usidw-current')?.dataset.path === p",
        arg=HEIGHT,
    )
    frame = _wait_frame(page, None)
    assert "Height (m)" in _title(page)
    assert _badge(page, HEIGHT) == {
        "text": "NSID",
        "title": "NSID dataset: click to view",
        "cls": "usidw-badge usidw-badge-nsid",
    }
    axis = _badge(page, "/Measurement_000/Channel_0/Height/x")
    assert axis["text"] == "axis" and axis["title"].startswith("Dimension scale")

    # another channel: open its groups, click the dataset; the title and the image change
    _row(page, "/Measurement_000/Channel_1").click()
    _row(page, "/Measurement_000/Channel_1/Phase").click()
    _row(page, PHASE).click()
    session.wait_for_kernel("w.dataset", PHASE)
    frame = _wait_frame(page, frame)
    page.wait_for_function(
        "() => document.querySelector('.usidw-header-title').textContent.includes('Phase (deg)')"
    )
    assert session.execute("print(w.md.kind, w.image.shape)").strip() == "nsid (40, 24)"
    current = page.locator(f"{TREE} [aria-selected=true]")
    assert current.count() == 1 and current.get_attribute("data-path") == PHASE
    assert page.get_by_role("img", name="Phase: y × x").count() == 1
    _shots(page, screenshot, "nsid")

    # a scale is focused (its details shown), never a view
    _row(page, "/Measurement_000/Channel_1/Phase/x").click()
    page.wait_for_function(
        "() => document.querySelector('.usidw-details-kind')?.textContent"
        ".endsWith('dimension scale')"
    )
    assert session.execute("print(w.dataset)").strip() == PHASE

    # a plain HDF5 array: its badge, and a click views it
    _row(page, "/Plain").click()
    assert _badge(page, "/Plain/stack") == {
        "text": "array",
        "title": "HDF5 array: click to view",
        "cls": "usidw-badge usidw-badge-hdf5",
    }
    _row(page, "/Plain/stack").click()
    session.wait_for_kernel("w.dataset", "/Plain/stack")
    frame = _wait_frame(page, frame)
    assert session.execute("print(w.md.kind)").strip() == "hdf5"
    page.wait_for_function(
        "() => document.querySelector('.usidw-header-title').textContent.startsWith('/Plain/stack')"
    )
    _shots(page, screenshot, "plain")

    # the keyboard: up from the array to the NSID image, Enter views it
    session.enter_command_mode()
    page.locator(f'{TREE} [role=treeitem][data-path="/Plain/stack"]').focus()
    for _ in range(5):  # /Plain, y, x, provenance, then the Phase image
        page.keyboard.press("ArrowUp")
    focused = page.locator(f"{TREE} .usidw-focused").get_attribute("data-path")
    assert focused == PHASE, focused
    page.keyboard.press("Enter")
    session.wait_for_kernel("w.dataset", PHASE)
    _wait_frame(page, frame)
    page_errors.assert_clean()


def test_the_real_afm_channels_switch(real_nsid, open_notebook, page, page_errors, screenshot):
    page.set_viewport_size({"width": 1600, "height": 1000})
    session = open_notebook(
        [
            "from usid_widgets import explorer\n"
            f"w = explorer({str(real_nsid / AFM_FILE)!r})\n"
            "w.tree.collapsed = False\n"
            "w"
        ]
    )
    session.run_all()
    first = "/Measurement_000/Channel_0/Channel_0/Channel_0"
    page.wait_for_function(
        "(p) => document.querySelector('.usidw-tree .usidw-current')?.dataset.path === p",
        arg=first,
    )
    frame = _wait_frame(page, None)
    assert "HeightRetrace (m)" in _title(page)
    assert _badge(page, first)["text"] == "NSID"
    phase = "/Measurement_000/Channel_3/Channel_3/Channel_3"
    _row(page, "/Measurement_000/Channel_3").click()
    _row(page, "/Measurement_000/Channel_3/Channel_3").click()
    _row(page, phase).click()
    session.wait_for_kernel("w.dataset", phase)
    _wait_frame(page, frame)
    page.wait_for_function(
        "() => document.querySelector('.usidw-header-title').textContent"
        ".includes('PhaseRetrace (deg)')"
    )
    screenshot("afm-phase-1600")
    page_errors.assert_clean()


SIDPY = """
import numpy as np, sidpy
from usid_widgets import explorer
ds = sidpy.Dataset.from_array(
    np.random.default_rng(2).random((32, 48)).astype(np.float32), title="HAADF")
ds.data_type, ds.quantity, ds.units, ds.modality = "IMAGE", "Intensity", "counts", "STEM"
for i, n in enumerate(("x", "y")):
    ds.set_dimension(i, sidpy.Dimension(np.arange(ds.shape[i]) * 0.05, n, units="nm",
                                        quantity="Length", dimension_type="spatial"))
ds.metadata = {"experiment": {"voltage": 200000.0, "detector": "HAADF", "convergence_angle": 30}}
ds.original_metadata = {"ImageList": {"1": {"ImageData": {"Calibrations": {"Brightness": {
    "Origin": 0.0, "Scale": 1.0, "Units": "counts"}}}}}}
w = explorer(ds)
w.tree.collapsed = False
w
"""


def test_a_sidpy_dataset_shows_its_metadata(open_notebook, page, page_errors, screenshot):
    page.set_viewport_size({"width": 1600, "height": 1000})
    session = open_notebook([SIDPY])
    session.run_all()
    _wait_frame(page, None)
    heading = page.locator(f"{TREE} .usidw-tree-heading")
    assert heading.text_content() == "sidpy Dataset"
    item = page.locator(f"{TREE} [role=treeitem]")
    assert item.count() == 1 and item.get_attribute("data-path") == "HAADF"
    assert item.get_attribute("aria-selected") == "true"
    assert _badge(page, "HAADF")["title"] == "sidpy Dataset in memory"
    # the rows are there without a click
    table = page.get_by_role("table", name="Attributes")
    expected = {
        "dimensions/x": "32 values, 0–1.55 nm",
        "title": "HAADF",
        "quantity": "Intensity",
        "units": "counts",
        "data_type": "IMAGE",
        "modality": "STEM",
        "metadata/experiment/voltage": "200000.0",
        "metadata/experiment/detector": "HAADF",
        "original_metadata/ImageList/1/ImageData/Calibrations/Brightness/Units": "counts",
    }
    for key, value in expected.items():
        row = table.locator("tr", has=page.get_by_role("rowheader", name=key, exact=True))
        assert row.locator("td").text_content() == value, key
    # a long key wraps after its slashes, whole: every part inside the table
    parts = page.locator(f"{TREE} th.usidw-attr-path .usidw-path-part").evaluate_all(
        """(els) => els.map((e) => {
            const r = e.getBoundingClientRect(), t = e.closest('table').getBoundingClientRect();
            return r.width > 0 && r.right <= t.right + 0.5 && e.scrollWidth <= e.clientWidth;
        })"""
    )
    assert parts and all(parts), parts
    assert session.execute("print(w.tree.nodes['HAADF']['n_attrs'])").strip() == "14"
    _shots(page, screenshot, "sidpy")
    page_errors.assert_clean()
