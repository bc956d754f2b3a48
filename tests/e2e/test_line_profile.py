"""Line profiles in a real browser (JupyterLab and Notebook 7).

On the ``stem_image()`` sample a line drawn with the mouse in the "line" drag mode across a
row of atomic columns becomes ``w.line``; the profile plot shows the values along it, the
browser's profile equals the kernel's ``w.profile`` (the data, sampled by the one rule), and
its peaks are the lattice spacing the sample was generated with apart, within a pixel.
Dragging an end redraws the profile in the browser while the kernel hears nothing; the
kernel's ``w.profile`` changes on release. Escape removes the line; the plot waits empty while
the line mode is on and goes with it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import usid_widgets

from .harness import set_theme, wait_drawn
from .test_explorer import HEATMAP

SIZE = 256  # pixels a side of the sample: sent unbinned, one frame cell a data pixel

SETUP = f"""
import json
import numpy as np
import traitlets
import usid_widgets
from usid_widgets import datasets, explorer

path = datasets.stem_image(f"stem-line-{{__import__('uuid').uuid4().hex[:8]}}.h5", size={SIZE})
w = explorer(str(path))
# what reaches the kernel from the map: every trait change the browser sends, and each profile
heard, profiles = [], []
w.heatmap.observe(
    lambda c: c["name"].startswith("_") or heard.append(c["name"]), names=traitlets.All
)  # (ipywidgets' own _property_lock changes around every message left out)
w.observe(lambda c: profiles.append(c["new"]), names="profile")


def lattice_row(image, degrees=14.0, margin=40):
    '''A line through the brightest column (3 x 3 mean), along the lattice row at `degrees`
    from X (the sample's rotation), 3 lattice spacings each way.'''
    box = sum(np.roll(image, (i, j), (0, 1)) for i in (-1, 0, 1) for j in (-1, 0, 1)) / 9
    inner = box[margin:-margin, margin:-margin]
    r0, c0 = (int(v) + margin for v in np.unravel_index(np.argmax(inner), inner.shape))
    d = np.array([np.sin(np.deg2rad(degrees)), np.cos(np.deg2rad(degrees))])
    reach = 3 * 0.3905 / 0.025  # pixels
    a = np.array([r0, c0]) - reach * d
    b = np.array([r0, c0]) + reach * d
    return a.tolist(), b.tolist()


def peak_spacing(distance, values):
    '''Spacing of the peaks (local maxima above the mean): slope of position against count.'''
    v = np.asarray(values, dtype=float)
    mean = np.nanmean(v)
    inner = range(1, v.size - 1)
    peaks = [i for i in inner if v[i] >= v[i - 1] and v[i] > v[i + 1] and v[i] > mean]
    x = np.asarray(distance)[peaks]
    k = np.round((x - x[0]) / np.median(np.diff(x)))
    return float(np.polyfit(k, x, 1)[0])


line_start, line_end = lattice_row(w.image.astype(float))
w
"""


def _canvas_point(box: dict, row: float, col: float) -> tuple[float, float]:
    """Page position of index coordinates (pixel centres on integers) on the canvas."""
    return (
        box["x"] + (col + 0.5) * box["width"] / SIZE,
        box["y"] + (row + 0.5) * box["height"] / SIZE,
    )


def _browser_profile(page) -> tuple[np.ndarray, np.ndarray]:
    root = page.locator(HEATMAP).first
    x = root.get_attribute("data-profile-x") or ""
    y = root.get_attribute("data-profile") or ""
    return (
        np.array([float(v) for v in x.split(",") if v]),
        np.array([float(v) for v in y.split(",") if v]),
    )


def _kernel_json(session, expr: str):
    return json.loads(session.execute(f"print(json.dumps({expr}))").strip())


def test_draw_drag_and_clear_a_line(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    # the kernel runs this worktree's package (the page and the kernel come from one tree)
    here = session.execute("print(usid_widgets.__file__)").strip()
    assert here == usid_widgets.__file__
    page.get_by_role("combobox", name="Drag mode").first.select_option("line")
    session.wait_for_kernel("w.heatmap.drag_mode", "line")
    start, end = _kernel_json(session, "[line_start, line_end]")
    # the line mode shows the (empty) profile plot at once, beside or under the map
    page.locator(".usidw-profile").first.wait_for(state="visible")
    canvas = page.locator(HEATMAP).first.locator("canvas[role=img]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()

    # draw across the row of columns with the mouse
    page.mouse.move(*_canvas_point(box, *start))
    page.mouse.down()
    page.mouse.move(*_canvas_point(box, *end), steps=12)
    page.mouse.up()
    session.wait_for_kernel("w.line is not None", "True")
    line = _kernel_json(session, "w.line")
    px = SIZE / box["width"]  # data pixels a screen pixel
    assert np.allclose(line, [start, end], atol=px + 0.01), (line, start, end)
    assert session.execute("print(w.index)").strip() != ""  # (a selection may stand)
    page.locator(".usidw-profile").first.wait_for(state="visible")
    # the profile the browser drew is the kernel's: the data, sampled by the one rule
    bx, by = _browser_profile(page)
    kx = np.array(_kernel_json(session, "w.profile.distance.tolist()"))
    ky = np.array(_kernel_json(session, "w.profile.values.tolist()"))
    assert by.size == ky.size > 40
    assert np.array_equal(by, ky)
    assert np.allclose(bx, kx, rtol=1e-12, atol=1e-12)
    check = (
        "from usid_widgets.model.profile import sample_line\n"
        "_t, v = sample_line(w.image, *w.line, w.line_width)\n"
        "print(np.array_equal(v, w.profile.values), w.profile.distance_unit)"
    )
    assert session.execute(check).strip() == "True nm"
    # the teaching lab: the peaks are the lattice spacing apart, within a pixel (0.025 nm)
    kernel_spacing = float(
        session.execute("print(peak_spacing(w.profile.distance, w.profile.values))")
    )
    assert abs(kernel_spacing - 0.3905) < 0.025, kernel_spacing
    browser_spacing = float(session.execute(f"print(peak_spacing({bx.tolist()}, {by.tolist()}))"))
    assert abs(browser_spacing - 0.3905) < 0.025, browser_spacing
    # the plot says what it shows
    labels = page.locator(".usidw-profile .axislabel").all_text_contents()
    assert "Distance (nm)" in labels and "Intensity (a.u.)" in labels, labels
    title = page.locator(".usidw-profile .mainheading").first.text_content()
    assert title == "Line profile on the map", title
    screenshot("line-drawn")

    # drag the end: the browser redraws the profile, the kernel hears nothing until release
    session.execute("heard.clear(); profiles.clear()")
    before_y = by
    end_now = line[1]
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()  # where the map is now (the plot's text may have moved it)
    page.mouse.move(*_canvas_point(box, *end_now))
    page.mouse.down()
    target = (end_now[0] + 30, end_now[1] - 40)
    page.mouse.move(*_canvas_point(box, *target), steps=8)
    page.wait_for_function(
        "([sel, n]) => (document.querySelector(sel).getAttribute('data-profile') || '')"
        ".split(',').length !== n",
        arg=[HEATMAP, int(before_y.size)],
    )
    live_x, live_y = _browser_profile(page)
    assert not np.array_equal(live_y, before_y)
    # the kernel, asked while the mouse is still down (the page's messages come first)
    assert session.execute("print(heard, len(profiles))").strip() == "[] 0"
    page.mouse.up()
    session.wait_for_kernel("len(profiles)", "1")
    moved = _kernel_json(session, "w.line")
    assert np.allclose(moved[0], line[0]) and np.allclose(moved[1], target, atol=px + 0.01)
    assert _kernel_json(session, "heard") == ["line"]  # one change: the line on release
    ky = np.array(_kernel_json(session, "w.profile.values.tolist()"))
    assert np.array_equal(live_y, ky)  # the browser's last profile is the kernel's
    screenshot("line-moved")

    # Escape on the image removes the line, the profile and its plot
    canvas.focus()
    page.keyboard.press("Escape")
    session.wait_for_kernel("w.line, w.profile", "None None")
    assert page.locator(HEATMAP).first.get_attribute("data-line") == ""
    # still in the line mode: the plot waits, empty, for the next line; another mode: it goes
    page.wait_for_function(
        "() => document.querySelector('.usidw-profile .mainheading')?.textContent"
        " === 'Line profile: drag a line on the map'"
    )
    page.get_by_role("combobox", name="Drag mode").first.select_option("zoom")
    page.locator(".usidw-profile").first.wait_for(state="detached")
    page_errors.assert_clean()


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_line_screenshots(open_notebook, page, page_errors, screenshot, theme):
    """A band of 5 pixels set from Python, at two window sizes in both themes: looked at."""
    head, tail = SETUP.rsplit("\nw\n", 1)
    session = open_notebook([head + "\nw.line, w.line_width = (line_start, line_end), 5\nw\n"])
    session.run_all()
    wait_drawn(page)
    set_theme(page, theme)
    for width, height in ((1024, 768), (1600, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator(".usidw-profile").first.wait_for(state="visible")
        page.wait_for_function(
            "s => getComputedStyle(document.querySelector(s + ' .usidw-line')).display === 'block'",
            arg=HEATMAP,
        )
        page.locator(HEATMAP).first.scroll_into_view_if_needed()
        screenshot(f"{theme.split()[-1].lower()}-{width}x{height}")
        # nothing of the plot overflows the explorer, the page, or its own box
        sizes = page.evaluate(
            """() => { const p = document.querySelector('.usidw-profile');
                const svg = p.querySelector('svg');
                const x = p.closest('.usidw-explorer').getBoundingClientRect();
                const r = p.getBoundingClientRect();
                const s = svg.getBoundingClientRect();
                return {plot: r.right, svg: s.right, explorer: x.right,
                        page: document.documentElement.clientWidth, views:
                        p.closest('.usidw-views').getBoundingClientRect().right}; }"""
        )
        assert sizes["svg"] <= sizes["plot"] + 1 <= sizes["explorer"] + 2, sizes
        assert sizes["explorer"] <= sizes["page"], sizes
    page_errors.assert_clean()
