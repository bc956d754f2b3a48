"""Zoom at full resolution and lasso regions in a real browser (JupyterLab and Notebook 7).

A box dragged on the map (the default drag mode) zooms: the kernel gets the window and the
canvas then holds exactly the colormapped data of that window; clicks inside it select the
right cells; Ctrl + wheel and the "+" key zoom; double-click, "Reset zoom" and "0" show the
whole image. In lasso mode a drawn polygon becomes ``w.roi_mask`` and the spectrum the mean
of its cells; a mask set from Python dims the cells outside it and "Clear region" removes it.
"""

from __future__ import annotations

import numpy as np

from .harness import wait_drawn
from .test_explorer import HEATMAP, SETUP, _expected_rgba, _kernel_image, _pixels


def _cell_point(box: dict, row: float, col: float, rows: int, cols: int) -> tuple[float, float]:
    return box["x"] + col * box["width"] / cols, box["y"] + row * box["height"] / rows


def _wait_window(page, window: str) -> None:
    page.wait_for_function(
        "([sel, w]) => document.querySelector(sel)?.getAttribute('data-window') === w",
        arg=[HEATMAP, window],
    )


def test_zoom_box_wheel_and_reset(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    first = wait_drawn(page)
    canvas = page.get_by_role("img", name="Amplitude: Y × X")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # a plain drag from the middle of cell (2, 4) to the middle of cell (6, 8): a zoom box
    page.mouse.move(*_cell_point(box, 2.5, 4.5, 12, 16))
    page.mouse.down()
    page.mouse.move(*_cell_point(box, 6.5, 8.5, 12, 16), steps=6)
    page.mouse.up()
    session.wait_for_kernel("w.zoom", "{'Y': (2, 7), 'X': (4, 9)}")
    wait_drawn(page, not_id=first)
    _wait_window(page, "2,7,4,9")
    assert session.execute("print(w.index['Y'], w.index['X'])").strip() == "6 8"  # no click
    # the canvas holds the window of the data, one canvas pixel a cell, exactly colormapped
    window = _kernel_image(session)[2:7, 4:9]
    clim = page.locator(HEATMAP).first.get_attribute("data-clim")
    got = _pixels(page)
    want = _expected_rgba(window, clim, "viridis")
    assert got.shape == want.shape == (5, 5, 4)
    measured = ~np.isnan(window)
    assert np.array_equal(got[measured], want[measured])
    screenshot("zoomed")
    # a click on cell (1, 3) of the window selects cell (3, 7) of the image
    box = canvas.bounding_box()
    page.mouse.click(*_cell_point(box, 1.5, 3.5, 5, 5))
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(3, 7)")
    # pan: dragging the content 2 cells to the left shows 2 columns further right
    page.get_by_role("combobox", name="Drag mode").first.select_option("pan")
    page.mouse.move(*_cell_point(box, 2.5, 3.5, 5, 5))
    page.mouse.down()
    page.mouse.move(*_cell_point(box, 2.5, 1.5, 5, 5), steps=6)
    page.mouse.up()
    session.wait_for_kernel("w.zoom", "{'Y': (2, 7), 'X': (6, 11)}")
    _wait_window(page, "2,7,6,11")
    page.get_by_role("combobox", name="Drag mode").first.select_option("zoom")
    # double-click: the whole image again
    page.mouse.dblclick(*_cell_point(box, 2.5, 2.5, 5, 5))
    session.wait_for_kernel("w.zoom", "None")
    _wait_window(page, "0,12,0,16")
    # Ctrl + wheel zooms in about the pointer
    box = canvas.bounding_box()
    page.mouse.move(*_cell_point(box, 3, 12, 12, 16))
    page.keyboard.down("Control")
    page.mouse.wheel(0, -400)
    page.keyboard.up("Control")
    session.wait_for_kernel("w.zoom is not None", "True")
    zoom = eval(session.execute("print(w.zoom)").strip())  # noqa: S307 - our own kernel's repr
    (r0, r1), (c0, c1) = zoom["Y"], zoom["X"]
    assert r1 - r0 < 12 and c1 - c0 < 16 and r0 <= 3 < r1 and c0 <= 12 < c1
    _wait_window(page, f"{r0},{r1},{c0},{c1}")
    page.get_by_role("button", name="Reset zoom").click()
    session.wait_for_kernel("w.zoom", "None")
    _wait_window(page, "0,12,0,16")
    # from the keyboard: "+" halves the window about the selected cell, "0" resets
    canvas.focus()
    page.keyboard.press("+")
    session.wait_for_kernel("w.zoom is not None", "True")
    half = (
        "z, i = w.zoom, w.index\n"
        "print(z['Y'][1] - z['Y'][0], z['X'][1] - z['X'][0],"
        " z['Y'][0] <= i['Y'] < z['Y'][1] and z['X'][0] <= i['X'] < z['X'][1])"
    )
    assert session.execute(half).strip() == "6 8 True"
    page.keyboard.press("0")
    session.wait_for_kernel("w.zoom", "None")
    page_errors.assert_clean()


def test_lasso_region_and_python_mask(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    page.get_by_role("combobox", name="Drag mode").first.select_option("lasso")
    session.wait_for_kernel("w.heatmap.drag_mode", "lasso")
    canvas = page.get_by_role("img", name="Amplitude: Y × X")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    corners = [(1, 1), (1, 14), (10, 8)]
    page.mouse.move(*_cell_point(box, *corners[0], 12, 16))
    page.mouse.down()
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        for t in np.linspace(0, 1, 12)[1:]:
            r, c = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
            page.mouse.move(*_cell_point(box, r, c, 12, 16))
    page.mouse.up()
    session.wait_for_kernel("w.roi_mask is not None", "True")
    # the mask is the polygon the browser sent; the spectrum is the mean of its cells
    check = (
        "from usid_widgets.reader.masks import polygon_mask\n"
        "m = polygon_mask(w.heatmap.lasso, (12, 16))\n"
        "print(np.array_equal(m, w.roi_mask), 20 < m.sum() < 100,"
        " np.allclose(w.spectrum, np.nanmean(data[m].astype(float), axis=0)))"
    )
    assert session.execute(check).strip() == "True True True"
    assert session.execute("print(w.index['Y'], w.index['X'])").strip() == "6 8"  # no click
    page.wait_for_function(
        "s => getComputedStyle(document.querySelector(s + ' .usidw-lasso')).display === 'block'",
        arg=HEATMAP,
    )
    screenshot("lasso")
    # a mask from Python: the outline goes, the cells outside are dimmed
    session.execute("w.roi_mask = w.image > np.nanmedian(w.image)")
    page.wait_for_function(
        """sel => {
            const root = document.querySelector(sel);
            const dim = root.querySelector('.usidw-dimmer');
            return getComputedStyle(dim).display === 'block' && dim.width === 16
                && getComputedStyle(root.querySelector('.usidw-lasso')).display === 'none';
        }""",
        arg=HEATMAP,
    )
    alpha = page.locator(f"{HEATMAP} .usidw-dimmer").first.evaluate(
        """c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)
            .filter((_, i) => i % 4 === 3)"""
    )
    inside = session.execute("print(''.join('1' if v else '0' for v in w.roi_mask.ravel()))")
    assert [a == 0 for a in alpha] == [ch == "1" for ch in inside.strip()]
    screenshot("python-mask")
    page.get_by_role("button", name="Clear region").first.click()
    session.wait_for_kernel("w.roi_mask", "None")
    page.wait_for_function(
        "s => getComputedStyle(document.querySelector(s + ' .usidw-dimmer')).display === 'none'",
        arg=HEATMAP,
    )
    page_errors.assert_clean()


def test_region_on_a_sparse_point_cloud(open_notebook, page, page_errors, screenshot):
    from .test_explorer import SPARSE

    session = open_notebook([SPARSE])
    session.run_all()
    wait_drawn(page, 0, mode="points")
    canvas = page.locator(HEATMAP).first.locator("canvas[role=img]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    # Shift + drag over the middle point (5, 5) and the bottom right one (10, 10)
    page.mouse.move(box["x"] + 0.35 * box["width"], box["y"] + 0.35 * box["height"])
    page.keyboard.down("Shift")
    page.mouse.down()
    page.mouse.move(box["x"] + 0.99 * box["width"], box["y"] + 0.99 * box["height"], steps=6)
    page.mouse.up()
    page.keyboard.up("Shift")
    session.wait_for_kernel("w.roi_mask.tolist()", "[False, False, False, True, True]")
    assert session.execute("print(w.spectrum.tolist())").strip() == "[10.5, 11.5, 12.5]"
    assert session.execute("print(w.index['Position'])").strip() == "2"  # no click
    screenshot("sparse-region")
    page.keyboard.press("Escape")
    session.wait_for_kernel("w.roi_mask", "None")
    # a zoom box on the cloud (in the browser alone): the middle point fills the view
    root = page.locator(HEATMAP).first
    page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.3 * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.7 * box["height"], steps=6)
    page.mouse.up()
    page.wait_for_function("el => el.getAttribute('data-zoom') !== ''", arg=root.element_handle())
    y0, y1, x0, x1 = (float(v) for v in root.get_attribute("data-zoom").split(","))
    assert min(y0, y1) < 5 < max(y0, y1) and min(x0, x1) < 5 < max(x0, x1)
    assert max(y0, y1) < 10 and min(x0, x1) > 0  # the corner points are outside the view
    screenshot("sparse-zoomed")
    canvas.click(position={"x": 0.5 * box["width"], "y": 0.5 * box["height"]})
    session.wait_for_kernel("w.index['Position']", "4")  # the middle point, picked in the view
    page.get_by_role("button", name="Reset zoom").click()
    page.wait_for_function("el => el.getAttribute('data-zoom') === ''", arg=root.element_handle())
    page_errors.assert_clean()
