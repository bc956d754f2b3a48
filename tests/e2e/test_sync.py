"""Displaying the same explorer twice keeps both views in sync (JupyterLab and Notebook 7).

``w = explorer(path)`` is displayed by two cells. Both views render the same widget models, so
whatever the user does in one (a slider step from the keyboard, a click on the map, a colormap
chosen in the toolbar, a shift + drag region) shows in the other, and Python's traits agree;
then the same from the second view back to the first. Clearing one cell's output leaves the
other view working. ``w.close()`` removes both views and releases the file: the kernel can
then open it for writing and delete it.
"""

from __future__ import annotations

SETUP = """
import uuid
import h5py, numpy as np
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main

rng = np.random.default_rng(0)
data = rng.random((12, 16, 24)).astype(np.float32)
name = f"sync-{uuid.uuid4().hex[:8]}.h5"  # one file per notebook: no other kernel holds it
with h5py.File(name, "w") as f:
    write_main(
        f.create_group("Measurement_000/Channel_000"), "Raw_Data", data,
        [Dimension("Y", "nm", np.arange(12) * 2.0), Dimension("X", "nm", np.arange(16) * 2.0)],
        [Dimension("Frequency", "kHz", np.linspace(300, 320, 24))],
        quantity="Amplitude", units="nm",
    )
w = explorer(name)
display(w)
"""

SECOND = "display(w)"

EXPLORER = ".usidw-explorer"
TITLE = "Amplitude: Y × X"


def _views(page):
    return page.locator(EXPLORER)


def _wait_same_frame(page, old: str | None = None) -> str:
    """Wait until both views have drawn the same frame (other than ``old``); its id."""
    handle = page.wait_for_function(
        """([sel, old]) => {
          const ids = [...document.querySelectorAll(sel)].map((ex) => {
            const h = ex.querySelector(".usidw-heatmap");
            return h && h.dataset.mode === "grid" ? h.dataset.frameId : null;
          });
          return ids.length === 2 && ids[0] && ids[0] === ids[1] && ids[0] !== old && ids[0];
        }""",
        arg=[EXPLORER, old],
    )
    return handle.json_value()


def _frame_id(view) -> str:
    return view.locator(".usidw-heatmap").first.get_attribute("data-frame-id")


def _wait_attr(page, index: int, name: str, value: str) -> None:
    """Wait until the heatmap of view ``index`` has ``data-<name> == value``."""
    page.wait_for_function(
        """([sel, i, name, value]) => {
          const ex = document.querySelectorAll(sel)[i];
          const h = ex && ex.querySelector(".usidw-heatmap");
          return !!h && h.getAttribute("data-" + name) === value;
        }""",
        arg=[EXPLORER, index, name, value],
    )


def _wait_readout(page, index: int, text: str) -> None:
    """Wait until the readout of view ``index`` (the selected cell, without hover) has text."""
    page.wait_for_function(
        """([sel, i, text]) => {
          const ex = document.querySelectorAll(sel)[i];
          const r = ex && ex.querySelector(".usidw-heatmap .usidw-readout");
          return !!r && r.textContent.includes(text);
        }""",
        arg=[EXPLORER, index, text],
    )


def _wait_slider(page, index: int, value: str) -> None:
    page.wait_for_function(
        """([sel, i, value]) => {
          const ex = document.querySelectorAll(sel)[i];
          const s = ex && ex.querySelector('input[type=range][aria-label="Frequency"]');
          return !!s && s.value === value;
        }""",
        arg=[EXPLORER, index, value],
    )


def _click_cell(view, row: int, col: int) -> None:
    canvas = view.get_by_role("img", name=TITLE)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    canvas.click(
        position={"x": (col + 0.5) * box["width"] / 16, "y": (row + 0.5) * box["height"] / 12}
    )


def _shift_drag(page, view, cells: tuple[int, int, int, int]) -> None:
    """Shift + drag from the middle of cell (r0, c0) to the middle of cell (r1, c1)."""
    r0, c0, r1, c1 = cells
    canvas = view.get_by_role("img", name=TITLE)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cw, ch = box["width"] / 16, box["height"] / 12
    page.mouse.move(box["x"] + (c0 + 0.5) * cw, box["y"] + (r0 + 0.5) * ch)
    page.keyboard.down("Shift")
    page.mouse.down()
    page.mouse.move(box["x"] + (c1 + 0.5) * cw, box["y"] + (r1 + 0.5) * ch, steps=5)
    page.mouse.up()
    page.keyboard.up("Shift")


def _slider_step(page, session, view, key: str) -> None:
    session.enter_command_mode()  # where JupyterLab's own shortcuts would take the arrows
    view.get_by_role("slider", name="Frequency").focus()
    page.keyboard.press(key)


def _drive(page, session, src: int, dst: int, step: tuple[str, int], cell, cmap, box) -> None:
    """Operate view ``src`` and check that view ``dst`` and Python follow: a slider ``step``
    (key, expected index), a click on ``cell`` (row, col), colormap ``cmap``, a shift + drag
    ``box`` (r0, c0, r1, c1), which "Clear region" in view ``dst`` then clears in both."""
    views = _views(page)
    a, b = views.nth(src), views.nth(dst)
    key, frequency = step

    before = _wait_same_frame(page)
    _slider_step(page, session, a, key)
    session.wait_for_kernel("w.index['Frequency']", str(frequency))
    after = _wait_same_frame(page, before)
    _wait_slider(page, dst, str(frequency))
    assert _frame_id(a) == _frame_id(b) == after
    assert (
        session.execute(
            f"print(np.array_equal(w.image, data[:, :, {frequency}], equal_nan=True))"
        ).strip()
        == "True"
    )

    row, col = cell
    _click_cell(a, row, col)
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", f"({row}, {col})")
    _wait_readout(page, dst, f"(row {row}, col {col})")
    spectrum = session.execute(f"print(np.array_equal(w.spectrum, data[{row}, {col}]))")
    assert spectrum.strip() == "True"

    a.get_by_label("Colormap", exact=True).select_option(cmap)
    _wait_attr(page, src, "colormap", cmap)
    _wait_attr(page, dst, "colormap", cmap)
    session.wait_for_kernel("w.colormap", cmap)
    assert b.get_by_label("Colormap", exact=True).input_value() == cmap

    r0, c0, r1, c1 = box
    _shift_drag(page, a, box)
    session.wait_for_kernel("w.roi", f"{{'Y': ({r0}, {r1 + 1}), 'X': ({c0}, {c1 + 1})}}")
    b.locator(".usidw-region").wait_for(state="visible")
    assert session.execute("print(w.heatmap.roi)").strip() == f"[{r0}, {r1 + 1}, {c0}, {c1 + 1}]"
    # "Clear region" in the other view clears it everywhere.
    b.get_by_role("button", name="Clear region").click()
    session.wait_for_kernel("w.roi", "None")
    for view in (a, b):
        view.locator(".usidw-region").wait_for(state="hidden")
        view.get_by_role("button", name="Clear region").wait_for(state="hidden")


def test_one_explorer_displayed_twice_stays_in_sync(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP, SECOND])
    session.run_all()
    views = _views(page)
    views.nth(1).wait_for()
    assert views.count() == 2
    _wait_same_frame(page)
    screenshot("01-two-views")

    # View 1 drives, view 2 and Python follow ...
    _drive(page, session, 0, 1, ("ArrowRight", 13), (3, 5), "magma", (2, 4, 6, 8))
    screenshot("02-driven-from-view-1")
    # ... then view 2 drives and view 1 follows.
    _drive(page, session, 1, 0, ("ArrowLeft", 12), (9, 14), "coolwarm", (1, 1, 4, 3))
    screenshot("03-driven-from-view-2")
    page_errors.assert_clean()

    # Clear the second cell's output: its view goes, the first one still works.
    session._eval(
        """async (name) => {
          const p = findPanel(name);
          window.jupyterapp.shell.activateById(p.id);
          p.content.deselectAll();
          p.content.activeCellIndex = 1;
          await window.jupyterapp.commands.execute("notebook:clear-cell-output");
        }""",
        session.name,
    )
    page.wait_for_function(f"() => document.querySelectorAll('{EXPLORER}').length === 1")
    before = _frame_id(views.first)
    _slider_step(page, session, views.first, "ArrowRight")
    session.wait_for_kernel("w.index['Frequency']", "13")
    page.wait_for_function(
        """([sel, old]) => {
          const h = document.querySelector(sel + " .usidw-heatmap");
          return h.dataset.frameId !== old && h.dataset.mode === "grid";
        }""",
        arg=[EXPLORER, before],
    )
    _click_cell(views.first, 7, 2)
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(7, 2)")
    _wait_readout(page, 0, "(row 7, col 2)")
    screenshot("04-one-view-left")
    page_errors.assert_clean()

    # w.close(): the remaining view goes too, and the file is released.
    session.execute("handle = w.file\nw.close()")
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel).length === 0"
        " && document.querySelectorAll('.usidw-heatmap, .usidw-sliders, .usidw-tree').length"
        " === 0",
        arg=EXPLORER,
    )
    released = session.execute("print(w.file is None, bool(handle.id.valid), w.md is None)")
    assert released.strip() == "True False True"
    # Released: the kernel can open the file for writing, then delete it.
    session.execute(
        "import os\nwith h5py.File(name, 'a') as f:\n    f.attrs['touched'] = 1\nos.remove(name)"
    )
    assert session.execute("print(os.path.exists(name))").strip() == "False"
    screenshot("05-closed")
    page_errors.assert_clean()
