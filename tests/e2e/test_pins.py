"""Pinned positions in a real browser (JupyterLab and Notebook 7).

"p" on the focused map pins the selected position, Alt + click pins the position clicked
(without selecting it); each pin gets a numbered marker on the map, an entry in the legend
and its line on the plot, all three in one colour; the plotted line is the data at the pin,
drawn on the live line's scales; the legend's remove button takes one pin away and keeps the
others' colours, "Clear pins" takes them all. Screenshots at two window sizes in both themes.
"""

from __future__ import annotations

import re

import numpy as np

import usid_widgets

from .harness import set_theme, wait_drawn
from .test_explorer import HEATMAP, SETUP

NUM = r"(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)"


def _cell(box: dict, row: int, col: int, rows: int = 12, cols: int = 16) -> tuple[float, float]:
    x = box["x"] + (col + 0.5) * box["width"] / cols
    return x, box["y"] + (row + 0.5) * box["height"] / rows


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _colours(page) -> dict[str, list[str]]:
    """The pins' colours as the page shows them: the markers' stroke, the legend's swatches'
    computed background, and the strokes of the plot's lines."""
    return page.evaluate(
        """(sel) => ({
            markers: [...document.querySelectorAll(sel + ' .usidw-pin .usidw-pin-mark')]
                .map(e => e.getAttribute('stroke')),
            legend: [...document.querySelectorAll('.usidw-legend .usidw-swatch')]
                .map(e => getComputedStyle(e).backgroundColor),
            lines: [...document.querySelectorAll('.bqplot .curve path.line')]
                .map(e => getComputedStyle(e).stroke),
        })""",
        HEATMAP,
    )


def _path_of(page, rgb: str) -> np.ndarray:
    """Screen (x, y) of the vertices of the plot's one line stroked in ``rgb``."""
    ds = page.evaluate(
        """(rgb) => [...document.querySelectorAll('.bqplot .curve path.line')]
            .filter(e => getComputedStyle(e).stroke === rgb)
            .map(e => e.getAttribute('d') || '')""",
        rgb,
    )
    assert len(ds) == 1, f"{len(ds)} lines stroked in {rgb}"
    return np.array([[float(a), float(b)] for a, b in re.findall(NUM, ds[0])])


def _live_path(page, pin_rgbs: list[str]) -> np.ndarray:
    """Screen (x, y) of the live line: the longest path not in a pin's colour."""
    ds = page.evaluate(
        """(pins) => [...document.querySelectorAll('.bqplot .curve path.line')]
            .filter(e => !pins.includes(getComputedStyle(e).stroke))
            .map(e => e.getAttribute('d') || '')""",
        pin_rgbs,
    )
    paths = [np.array([[float(a), float(b)] for a, b in re.findall(NUM, d)]) for d in ds]
    return max(paths, key=len)


def _values(session, expr: str) -> np.ndarray:
    return np.array(eval(session.execute(f"print(np.asarray({expr}, float).tolist())")))  # noqa: S307


def test_pin_by_key_and_alt_click_remove_one_clear_all(
    open_notebook, page, page_errors, screenshot
):
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    mod = session.execute("import usid_widgets; print(usid_widgets.__file__)").strip()
    assert mod == usid_widgets.__file__  # the kernel imports the package under test
    canvas = page.get_by_role("img", name="Amplitude: Y × X")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(*_cell(box, 3, 5))
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(3, 5)")
    page.keyboard.press("p")  # the map has the focus since the click
    session.wait_for_kernel("w.pins", "[{'Y': 3, 'X': 5}]")
    page.keyboard.down("Alt")
    page.mouse.click(*_cell(box, 9, 12))
    page.keyboard.up("Alt")
    session.wait_for_kernel("w.pins", "[{'Y': 3, 'X': 5}, {'Y': 9, 'X': 12}]")
    assert session.execute("print(w.index['Y'], w.index['X'])").strip() == "3 5"  # not selected
    page.wait_for_function(
        """(sel) => document.querySelectorAll(sel + ' .usidw-pin').length === 2
            && document.querySelectorAll('.usidw-legend-item').length === 2""",
        arg=HEATMAP,
    )
    # one colour per pin, the same on the map, in the legend and on the plot
    hexes = eval(session.execute("print([i['color'] for i in w.legend.items])"))  # noqa: S307
    assert len(set(hexes)) == 2
    page.wait_for_function(
        "(rgbs) => rgbs.every(c => [...document.querySelectorAll('.bqplot .curve path.line')]"
        ".filter(e => getComputedStyle(e).stroke === c).length === 1)",
        arg=[_rgb(h) for h in hexes],
    )
    seen = _colours(page)
    assert seen["markers"] == hexes
    assert seen["legend"] == [_rgb(h) for h in hexes]
    assert all(seen["lines"].count(_rgb(h)) == 1 for h in hexes)
    # the legend names the positions in physical units; the markers sit on the cells pinned
    labels = page.locator(".usidw-legend-label").all_text_contents()
    assert labels == ["X = 10 nm, Y = 6 nm", "X = 24 nm, Y = 18 nm"]
    rings = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' .usidw-pin circle.usidw-pin-mark')]
            .map(c => { const r = c.getBoundingClientRect();
                        return [r.x + r.width / 2, r.y + r.height / 2]; })""",
        HEATMAP,
    )
    for (x, y), (r, c) in zip(rings, [(3, 5), (9, 12)], strict=True):
        cx, cy = _cell(box, r, c)
        assert abs(x - cx) < 1.5 and abs(y - cy) < 1.5
    # each pinned line is the data at its pin, on the live line's scales: the live line's
    # values (w.spectrum at (3, 5)) fix the affine map from values to screen y
    live = _live_path(page, [_rgb(h) for h in hexes])
    spectrum = _values(session, "w.spectrum")
    slope, offset = np.polyfit(spectrum, live[:, 1], 1)
    assert np.allclose(spectrum * slope + offset, live[:, 1], atol=0.05)
    for k, (r, c) in enumerate([(3, 5), (9, 12)]):
        values = _values(session, f"data[{r}, {c}]")
        np.testing.assert_array_equal(values, _values(session, f"w.pinned_lines[{k}]"))
        drawn = _path_of(page, _rgb(hexes[k]))
        assert drawn.shape == live.shape
        assert np.allclose(drawn[:, 0], live[:, 0], atol=0.01)  # the same x
        assert np.allclose(drawn[:, 1], values * slope + offset, atol=0.05)
    # the hover readout under the plot still reads the live line, over the pinned ones
    step = 7
    area = page.locator(".usidw-plot-figure .plotarea_background").first
    area.scroll_into_view_if_needed()
    abox = area.bounding_box()
    lo, hi = (
        float(v) for v in session.execute("print(w.plot.x_scale.min, w.plot.x_scale.max)").split()
    )
    xv = float(session.execute(f"print(repr(float(w.plot.line.x[{step}])))"))
    page.mouse.move(
        abox["x"] + (xv - lo) / (hi - lo) * abox["width"], abox["y"] + abox["height"] / 2
    )
    page.wait_for_function(
        "(s) => document.querySelector('.usidw-plot-readout').dataset.step === s", arg=str(step)
    )
    expected = session.execute(
        "from usid_widgets.model.numbers import format_quantity as q\n"
        f"print(q(float(w.spectrum[{step}]), w.display.state.units))"
    ).strip()
    assert f": {expected} (index {step})" in page.locator(".usidw-plot-readout").inner_text()
    screenshot("two-pins")
    page.mouse.move(5, 5)
    # remove pin 1 from the legend: pin 2 keeps its colour
    page.get_by_role("button", name="Remove pin 1: X = 10 nm, Y = 6 nm").click()
    session.wait_for_kernel("w.pins", "[{'Y': 9, 'X': 12}]")
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel + ' .usidw-pin').length === 1", arg=HEATMAP
    )
    seen = _colours(page)
    assert seen["markers"] == [hexes[1]] and seen["legend"] == [_rgb(hexes[1])]
    # "p" on the pinned position again unpins it; the toolbar pins it back, "Clear pins" clears
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(*_cell(box, 9, 12))
    session.wait_for_kernel("(w.index['Y'], w.index['X'])", "(9, 12)")
    page.keyboard.press("p")
    session.wait_for_kernel("w.pins", "[]")
    page.get_by_role("button", name="Pin position").first.click()
    session.wait_for_kernel("w.pins", "[{'Y': 9, 'X': 12}]")
    page.get_by_role("button", name="Clear pins").first.click()
    session.wait_for_kernel("w.pins", "[]")
    page.wait_for_function(
        """(sel) => document.querySelectorAll(sel + ' .usidw-pin').length === 0
            && document.querySelector('.usidw-legend').hidden""",
        arg=HEATMAP,
    )
    page_errors.assert_clean()


def test_pins_on_screen_in_both_themes_and_sizes(open_notebook, page, page_errors, screenshot):
    from .contrast import low_contrast

    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    session.execute(
        "w.index = {'Y': 6, 'X': 8}\n"
        "w.pins = [{'Y': 3, 'X': 5}, {'Y': 9, 'X': 12}, {'roi': {'Y': (1, 4), 'X': (10, 15)}}]"
    )
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel + ' .usidw-pin').length === 3", arg=HEATMAP
    )
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        set_theme(page, theme)
        for width, height in ((1024, 768), (1600, 1000)):
            page.set_viewport_size({"width": width, "height": height})
            page.locator(".usidw-plot-figure").scroll_into_view_if_needed()
            # bqplot lays the figure out again for its new width: wait until it fits its
            # column and two looks 400 ms apart agree
            page.wait_for_function(
                """() => {
                    const fig = document.querySelector('.usidw-plot-figure');
                    const col = document.querySelector('.usidw-center').getBoundingClientRect();
                    const svgs = [...fig.querySelectorAll('svg.svg-figure')];
                    const m = JSON.stringify(svgs.map((e) => e.getBoundingClientRect().right));
                    const same = m === window.__pinsLast;
                    window.__pinsLast = m;
                    return same && document.querySelectorAll('.usidw-legend-item').length === 3
                        && svgs.length > 0 && svgs.every((e) => {
                            const r = e.getBoundingClientRect();
                            return Math.abs(r.width - fig.clientWidth) < 2
                                && r.right <= col.right + 1;
                        });
                }""",
                polling=400,
            )
            page.locator(".usidw-legend").scroll_into_view_if_needed()
            screenshot(f"pins-{theme.split()[-1].lower()}-{width}x{height}")
            assert low_contrast(page, ".usidw-legend") == []
            # the legend fits its column: nothing overflows
            over = page.evaluate(
                """() => { const l = document.querySelector('.usidw-legend');
                    return l.scrollWidth - l.clientWidth; }"""
            )
            assert over <= 1
    page_errors.assert_clean()


def test_4d_stem_plane_compares_pins(open_notebook, page, page_errors, screenshot):
    """4D-STEM: the legend's selects show a pin's pattern on the plane, or the difference of
    two pins' patterns in coolwarm with limits centred on zero; the canvas holds exactly that
    difference, colormapped."""
    from .test_explorer import STEM4D, _expected_rgba, _pixels

    session = open_notebook([STEM4D])
    session.run_all()
    wait_drawn(page, 0)
    first = wait_drawn(page, 1)
    canvas = page.get_by_role("img", name="Intensity: Y × X")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for r, c in ((1, 2), (4, 5)):
        page.keyboard.down("Alt")
        page.mouse.click(*_cell(box, r, c, rows=6, cols=7))
        page.keyboard.up("Alt")
    session.wait_for_kernel("w.pins", "[{'Y': 1, 'X': 2}, {'Y': 4, 'X': 5}]")
    page.get_by_role("combobox", name="Plane shows").select_option(label="pin 2")
    session.wait_for_kernel("w.compare", "1")
    shown = wait_drawn(page, 1, not_id=first)
    assert session.execute("print(np.array_equal(w.plane, data[4, 5]))").strip() == "True"
    page.get_by_role("combobox", name="Plane minus").select_option(label="pin 1")
    session.wait_for_kernel("w.compare", "(1, 0)")
    wait_drawn(page, 1, not_id=shown)
    plane = page.locator(HEATMAP).nth(1)
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel)[1].getAttribute('data-colormap') === 'coolwarm'",
        arg=HEATMAP,
    )
    lo, hi = (float(v) for v in plane.get_attribute("data-clim").split(","))
    assert lo == -hi and hi > 0
    cmap = plane.get_by_role("combobox", name="Colormap")
    assert cmap.input_value() == "coolwarm" and cmap.is_disabled()  # says what is drawn
    title = plane.locator(".usidw-title").text_content()
    assert title == "Intensity, pin 2 − pin 1 (diverging colormap, centred on 0)"
    diff = _values(session, "w.plane")
    assert np.allclose(diff, _values(session, "data[4, 5].astype(float) - data[1, 2]"))
    want = _expected_rgba(diff, plane.get_attribute("data-clim"), "coolwarm")
    assert np.array_equal(_pixels(page, 1), want)
    screenshot("difference")
    # removing a pin of the difference: the plane shows the selected position again
    page.get_by_role("button", name="Remove pin 1: X = 2 nm, Y = 1 nm").click()
    session.wait_for_kernel("w.compare", "None")
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel)[1].getAttribute('data-colormap') === 'viridis'",
        arg=HEATMAP,
    )
    page_errors.assert_clean()
