"""The spectrum plot's hover readout (js/src/plot-readout.js), read in a real browser: the
pointer over a step names that step's x with units and the value there, as the kernel has
them (``w.spectrum``); off the plot it describes the selected step; a click still selects.
"""

from __future__ import annotations

SPECTRAL = """
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.band_excitation(f"be-{uuid.uuid4().hex[:8]}.h5"))
w
"""

READOUT = ".usidw-plot-readout"


def test_hovering_the_plot_reads_the_step(open_notebook, page, page_errors, screenshot):
    session = open_notebook([SPECTRAL])
    session.run_all()
    page.wait_for_function("(sel) => document.querySelector(sel + '[data-step]')", arg=READOUT)
    dim = session.execute("print(w.plot_dim)").strip()
    selected = int(session.execute("print(w.index[w.plot_dim])"))
    readout = page.locator(READOUT).first
    assert readout.get_attribute("data-step") == str(selected)
    assert readout.inner_text().startswith(f"{dim} = ")

    lo, hi = (
        float(v) for v in session.execute("print(w.plot.x_scale.min, w.plot.x_scale.max)").split()
    )
    step = 12
    # where the plot draws the step (x in its display unit), and the text the readout must
    # read: the step's own x and value, in the one formatter's words (model/numbers.py, the
    # twin of js/src/format.js), whatever display units the plot draws in
    xv = float(session.execute(f"print(repr(float(w.plot.line.x[{step}])))"))
    expected = session.execute(
        "from usid_widgets.model.numbers import format_quantity as q\n"
        "d = w.md.dim(w.plot_dim)\n"
        f"print(f'{{d.name}} = {{q(float(d.values[{step}]), d.units)}}: '"
        f"f'{{q(float(w.spectrum[{step}]), w.display.state.units)}} (index {step})')"
    ).strip()
    area = page.locator(".usidw-plot-figure .plotarea_background").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    px = box["x"] + (xv - lo) / (hi - lo) * box["width"]
    page.mouse.move(px, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "([sel, s]) => document.querySelector(sel).dataset.step === s", arg=[READOUT, str(step)]
    )
    text = readout.inner_text()
    assert text == expected, (text, expected)
    assert "usidw-readout-hover" in readout.get_attribute("class")
    screenshot("01-hover")

    # off the plot: the selected step again
    page.mouse.move(5, 5)
    page.wait_for_function(
        "([sel, s]) => document.querySelector(sel).dataset.step === s", arg=[READOUT, str(selected)]
    )
    assert "usidw-readout-hover" not in readout.get_attribute("class")

    # a click on the hovered step still selects it (the click layer is untouched)
    page.mouse.click(px, box["y"] + box["height"] / 2)
    session.wait_for_kernel("w.index[w.plot_dim]", str(step))
    page.mouse.move(5, 5)
    page.wait_for_function(
        "([sel, s]) => document.querySelector(sel).dataset.step === s", arg=[READOUT, str(step)]
    )
    page_errors.assert_clean()
