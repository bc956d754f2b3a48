"""The explorer's dimension pickers and the plot's mode switch are compact (issue 16): short
descriptions with tooltips, each dropdown as wide as its content, one wrapping row."""

from __future__ import annotations

from usid_widgets.widgets.controls import Controls
from usid_widgets.widgets.spectrum import SpectrumPlot


def test_the_pickers_are_one_wrapping_row_of_short_dropdowns():
    chosen = []
    c = Controls(chosen.append, chosen.append, chosen.append, chosen.append)
    assert [w.description for w in c.widgets()] == [
        "rows",
        "columns",
        "plot",
        "component",
        "plot x",
    ]
    for w in c.widgets():
        assert w.layout.width == "auto", w.description
        assert w.style.description_width == "initial", w.description
        assert w.tooltip, w.description
    assert c.layout.flex_flow == "row wrap"
    assert (
        "usidw-controls" in c.get_state()["_dom_classes"]
    )  # widgets.css sizes the selects to their options
    # each dropdown has its own layout: hiding one never hides another
    c.show(["Y", "X", "F"], ("Y", "X"), "F", ["amplitude", "phase"], "amplitude")
    c.component_choice.layout.display = "none"
    assert [w.layout.display for w in c.widgets()] == [None, None, None, "none", None]
    c.col_dim.value = "F"
    assert chosen == [("Y", "F")]


def test_the_plot_mode_is_a_small_two_option_switch_with_tooltips():
    p = SpectrumPlot()
    assert p.mode.options == (("select step", "step"), ("sum interval", "interval"))
    assert len(p.mode.tooltips) == 2 and all(p.mode.tooltips)
    assert p.mode.description == ""
    assert "usidw-plot-mode" in p.mode.get_state()["_dom_classes"]
    p.mode.value = "interval"
    assert p.figure.interaction is p.brush
    p.mode.value = "step"
    assert p.figure.interaction is None
