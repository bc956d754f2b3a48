"""Slider steps drawn by the browser from the lines the kernel sent ahead (``js/src/link.js``).

After a spectrum or a diffraction plane is read, the kernel sends the neighbouring lines the
reader holds anyway (``DimensionSliders.lines``); a step to one of them costs the kernel one
small message and the browser draws the line itself. These tests check, in the real browser,
that what is drawn then is exactly what the kernel holds: the plane's pixels are the
colormapped ``w.plane`` and its frame id the one the kernel recorded, the spectrum's path is
``w.spectrum``.
"""

from __future__ import annotations

import re

import numpy as np

from .harness import wait_drawn
from .test_explorer import HEATMAP, SETUP, STEM4D, _expected_rgba, _pixels


def _held(session) -> tuple[int, int, int]:
    """(token, first X, number of lines) of the lines the browser holds."""
    text = session.execute(
        "h = w.sliders.lines; print(h['token'], h['start'], h['data']['shape'][0])"
    )
    token, start, n = (int(v) for v in text.split())
    return token, start, n


def _kernel_array(session, expr: str) -> np.ndarray:
    text = session.execute(f"print(repr(np.asarray({expr}, dtype=float).tolist()))")
    return np.array(eval(text.strip().replace("nan", "float('nan')")), dtype=float)


def test_a_scan_step_draws_the_held_plane(open_notebook, page, page_errors, screenshot):
    session = open_notebook([STEM4D])
    session.run_all()
    wait_drawn(page, 0)
    second = wait_drawn(page, 1)
    # one step along the scan: the planes beside it go ahead with it
    session.execute("w.index = {'X': w.index['X'] + 1}")
    second = wait_drawn(page, 1, not_id=second)
    token, start, n = _held(session)
    x = int(session.execute("print(w.index['X'])"))
    assert n > 1
    target = next(t for t in range(start, start + n) if t != x)
    # from the kernel: one message (the index); the browser draws the plane it holds
    session.execute(f"w.index = {{'X': {target}}}")
    drawn = wait_drawn(page, 1, not_id=second)
    assert _held(session)[0] == token, "the step needed no new lines"
    assert drawn == str(token + target - start)
    assert session.execute("print(w.second.frame['id'])").strip() == drawn
    plane = _kernel_array(session, "w.plane")
    assert session.execute(f"print(np.array_equal(w.plane, data[3, {target}]))").strip() == "True"
    clim = page.locator(HEATMAP).nth(1).get_attribute("data-clim")
    assert np.array_equal(_pixels(page, 1), _expected_rgba(plane, clim, "viridis"))
    # the crosshair of the map moved with the index, in the browser
    assert session.execute("print(w.heatmap.selected)").strip() == f"[3, {target}]"

    # from the map: an arrow key selects the next cell; the kernel answers with the index
    scan = page.get_by_role("img", name="Intensity: Y × X")
    box = scan.bounding_box()
    scan.click(position={"x": 0.5 * box["width"] / 7, "y": 3.5 * box["height"] / 6})
    session.wait_for_kernel("w.index['X']", "0")
    before = wait_drawn(page, 1, not_id=drawn)
    page.keyboard.press("ArrowRight")  # a step: X = 1, with the planes beside it
    session.wait_for_kernel("w.index['X']", "1")
    before = wait_drawn(page, 1, not_id=before)
    token, start, n = _held(session)
    assert start <= 2 < start + n
    page.keyboard.press("ArrowRight")  # X = 2: drawn from the held planes
    session.wait_for_kernel("w.index['X']", "2")
    drawn = wait_drawn(page, 1, not_id=before)
    assert _held(session)[0] == token
    assert drawn == str(token + 2 - start)
    assert session.execute("print(w.second.frame['id'])").strip() == drawn
    plane = _kernel_array(session, "w.plane")
    assert session.execute("print(np.array_equal(w.plane, data[w.index['Y'], 2]))") == "True\n"
    clim = page.locator(HEATMAP).nth(1).get_attribute("data-clim")
    assert np.array_equal(_pixels(page, 1), _expected_rgba(plane, clim, "viridis"))
    screenshot("held-plane")
    page_errors.assert_clean()


def _line_d(page) -> str:
    """The ``d`` of the plot's data line (the bqplot path with most vertices)."""
    paths = page.locator(".bqplot .curve path.line").evaluate_all(
        "els => els.map(e => e.getAttribute('d') || '')"
    )
    return max(paths, key=lambda p: p.count(","))


def _line_path(page) -> np.ndarray:
    """Screen y of every vertex of the plot's data line."""
    d = _line_d(page)
    pairs = re.findall(r"(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)", d)
    return np.array([float(y) for _x, y in pairs])


# true once the plot's data line (the bqplot path with most vertices) draws `values`: its
# screen y falls as the value rises, in proportion (a correlation of -1)
DRAWS = """(values) => {
    const ds = [...document.querySelectorAll('.bqplot .curve path.line')]
        .map(e => e.getAttribute('d') || '');
    if (!ds.length) return false;
    const d = ds.reduce((a, b) => (b.split(',').length > a.split(',').length ? b : a));
    const ys = [...d.matchAll(/(-?[\\d.]+(?:e-?\\d+)?),(-?[\\d.]+(?:e-?\\d+)?)/g)]
        .map(m => Number(m[2]));
    if (ys.length !== values.length) return false;
    const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
    const my = mean(ys), mv = mean(values);
    let sxy = 0, sxx = 0, syy = 0;
    values.forEach((v, i) => {
        sxy += (v - mv) * (ys[i] - my); sxx += (v - mv) ** 2; syy += (ys[i] - my) ** 2;
    });
    return sxy / Math.sqrt(sxx * syy) < -0.99999;
}"""


# true once the plot's marker (the 2-vertex path) and dot stand at vertex `k` of the data line
MARKER_AT = """(k) => {
    const num = /(-?[\\d.]+(?:e-?\\d+)?),(-?[\\d.]+(?:e-?\\d+)?)/g;
    const paths = [...document.querySelectorAll('.bqplot .curve path.line')]
        .map(e => [...(e.getAttribute('d') || '').matchAll(num)].map(m => [+m[1], +m[2]]));
    const line = paths.reduce((a, b) => (b.length > a.length ? b : a), []);
    const marker = paths.find(p => p.length === 2);
    // the scatter's dot: the one dot of its size (the line's own markers share theirs)
    const dots = [...document.querySelectorAll('.bqplot .dot')];
    const dot = dots.find(d => dots.filter(e => e.getAttribute('d') === d.getAttribute('d'))
        .length === 1);
    if (!marker || !dot || line.length <= k) return false;
    const t = (dot.closest('[transform]')?.getAttribute('transform') || '')
        .match(/translate\\(([-\\d.e]+)[ ,]+([-\\d.e]+)\\)/);
    if (!t) return false;
    const [x, y] = line[k];
    const near = (a, b) => Math.abs(a - b) < 0.5;
    return near(marker[0][0], x) && near(marker[1][0], x) && near(+t[1], x) && near(+t[2], y);
}"""


def test_a_scan_step_draws_the_held_spectrum(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SETUP])
    session.run_all()
    wait_drawn(page)
    page.locator(".bqplot .curve path.line").first.wait_for()
    session.execute("w.index = {'X': w.index['X'] + 1}")  # a step: the spectra beside it
    page.wait_for_function(DRAWS, arg=_kernel_array(session, "w.spectrum").tolist())
    token, start, n = _held(session)
    assert n > 1
    x = int(session.execute("print(w.index['X'])"))
    target = next(t for t in range(start, start + n) if t != x)
    old = _line_path(page)
    session.execute(f"w.index = {{'X': {target}}}")
    spectrum = _kernel_array(session, "w.spectrum")
    assert session.execute(f"print(np.array_equal(w.spectrum, data[6, {target}]))") == "True\n"
    page.wait_for_function(DRAWS, arg=spectrum.tolist())
    assert _held(session)[0] == token, "the step needed no new lines"
    drawn = _line_path(page)
    assert drawn.shape == spectrum.shape and not np.array_equal(drawn, old)
    # screen y is an affine (descending) map of the values: fit it and check every vertex
    slope, offset = np.polyfit(spectrum, drawn, 1)
    assert slope < 0
    assert np.allclose(drawn, slope * spectrum + offset, atol=0.05)
    # a step of the plot's own dim from Python: the browser puts the marker and the dot on
    # the drawn line at the new step (the kernel sends neither, and records where)
    step = (int(session.execute("print(w.index['Frequency'])")) + 7) % 24
    session.execute(f"w.index = {{'Frequency': {step}}}")
    page.wait_for_function(MARKER_AT, arg=step)
    # (the plot draws the values in their display unit: w.plot.scaled)
    kernel = session.execute(
        "print(w.plot.dot.y[0] == w.plot.scaled(w.spectrum)[w.index['Frequency']])"
    )
    assert kernel.strip() == "True"
    page.locator(".bqplot.figure").first.scroll_into_view_if_needed()
    screenshot("held-spectrum")
    page_errors.assert_clean()
