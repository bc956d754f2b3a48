"""The Python twin of the number formatter (``usid_widgets/model/numbers.py``): the cases
``tests/golden/numbers.json`` shares with ``js/src/format.js`` are in ``test_golden.py``;
these are the rules one by one."""

from __future__ import annotations

import math

import numpy as np
import pytest

from usid_widgets.model import numbers as nb


@pytest.mark.parametrize(
    "unit, parsed",
    [
        ("m", ("", "m", 0)),
        ("nm", ("n", "m", -9)),
        ("µm", ("µ", "m", -6)),
        ("um", ("u", "m", -6)),
        ("kHz", ("k", "Hz", 3)),
        ("pm", ("p", "m", -12)),
        ("mV", ("m", "V", -3)),
        ("Pa", ("", "Pa", 0)),
        ("a.u.", None),
        ("counts", None),
        ("deg", None),
        ("°", None),
        ("%", None),
        ("", None),
        ("m/s", None),
    ],
)
def test_parse_unit(unit, parsed):
    got = nb.parse_unit(unit)
    assert (None if got is None else tuple(got)) == parsed


@pytest.mark.parametrize(
    "v, unit, text",
    [
        (5e-7, "m", "500 nm"),
        (2.5e-6, "m", "2.5 µm"),
        (3.4e5, "Hz", "340 kHz"),
        (-1.23e-11, "m", "-12.3 pm"),
        (0.0, "V", "0 V"),
        (-0.0, "V", "0 V"),
        (5743.0, "nm", "5.743 µm"),
        (0.5, "µm", "500 nm"),
        (0.5, "um", "500 nm"),
        (340.0, "kHz", "340 kHz"),
        (1500.0, "pm", "1.5 nm"),
        (-0.012, "mV", "-12 µV"),
        (999.96e-9, "m", "1 µm"),
        (3.404e-5, "a.u.", "3.404e-5 a.u."),
        (12000.0, "counts", "12000 counts"),
        (1.2e7, "", "1.2e+7"),
        (math.nan, "V", "NaN"),
        (math.inf, "m", "∞"),
        (-math.inf, "m", "-∞"),
    ],
)
def test_format_quantity(v, unit, text):
    assert nb.format_quantity(v, unit) == text


def test_format_number_plain_and_exponents():
    assert nb.format_number(12.3456) == "12.35"
    assert nb.format_number(-0.00123) == "-0.00123"
    assert nb.format_number(12345.6) == "12346"
    assert nb.format_number(123456) == "1.235e+5"
    assert nb.format_number(3.404e-5) == "3.404e-5"
    assert nb.format_number(-1.5e-9) == "-1.5e-9"
    assert nb.format_number(1.0625, 4) == "1.063"  # half away from zero, as toPrecision
    assert nb.format_number(-0.0) == "0"


def test_display_unit_of_a_set():
    assert nb.display_unit("m", 2.5e-6) == ("µm", 6)
    assert nb.display_unit("nm", 5000.0) == ("µm", -3)
    assert nb.display_unit("a.u.", 3e-5) == ("a.u.", 0)
    du = nb.display_unit_of("m", np.array([np.nan, 0.0, 2.808e-9, 5.743e-6]))
    assert du == ("µm", 6)
    assert nb.format_in(2.808e-9, du) == "0.002808 µm"
    assert nb.to_display(5e-7, nb.display_unit("m", 1e-6)) == 0.5


def test_format_span_one_unit_for_both_ends():
    assert nb.format_span(336.9e3, 342.7e3, "Hz") == "336.9–342.7 kHz"
    assert nb.format_span(0.0, 5e-6, "m") == "0–5 µm"
    assert nb.format_span(-2.5, 2.5, "V") == "-2.5–2.5 V"
    assert nb.format_span(1e-6, 1e-6, "m") == "1 µm"
    assert nb.format_span(1.0, 3.0, "") == "1–3"
    # a span of a dim shown in the dim's unit, as its axis and slider
    assert nb.format_span(0.0, 7.143e-7, "m", du=nb.display_unit("m", 2.1e-6)) == "0–0.7143 µm"


def test_unit_ticks_put_the_prefix_in_the_unit():
    unit, values, labels = nb.unit_ticks(0.0, 2e-6, "m")
    assert unit == "µm" and labels == ["0", "0.5", "1", "1.5", "2"]
    np.testing.assert_allclose(values, [0, 5e-7, 1e-6, 1.5e-6, 2e-6])
    unit, _, labels = nb.unit_ticks(0.0, 5000.0, "nm")
    assert unit == "µm" and labels == ["0", "1", "2", "3", "4", "5"]
    unit, _, labels = nb.unit_ticks(0.0, 3e-5, "a.u.")
    assert unit == "a.u." and labels[-1] == "3e-5"


def test_nice_ticks_are_d3s():
    values, step = nb.nice_ticks(0.0, 0.9)
    assert values.tolist() == [0.0, 0.2, 0.4, 0.6, 0.8] and step == 0.2
    values, step = nb.nice_ticks(-0.07603, 5.075)
    assert values.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0] and step == 1
    assert nb.nice_ticks(math.nan, 1.0)[0].size == 0


def test_d3_tick_format_has_no_si_suffix():
    assert nb.d3_tick_format([300.0, 320.0]) == "~g"
    assert nb.d3_tick_format([-1.0, 0.5, np.nan]) == "~g"
    assert nb.d3_tick_format([5.46e-6, 5.74e-6]) == ".3~e"
    assert nb.d3_tick_format([3e5]) == ".3~e"
    assert nb.d3_tick_format([np.nan]) == "~g"


def test_titles_name_spans_in_the_dims_unit_and_steps_by_0_based_index():
    from types import SimpleNamespace

    from usid_widgets.model.resolve import describe_range, describe_span

    dims = {
        "Frequency": SimpleNamespace(
            name="Frequency", units="Hz", values=np.linspace(336.9e3, 342.7e3, 30)
        ),
        "Y": SimpleNamespace(name="Y", units="m", values=np.linspace(0, 2.1e-6, 4)),
        "DC_Offset": SimpleNamespace(name="DC_Offset", units="V", values=np.array([0, 1, -1, 0.5])),
    }
    md = SimpleNamespace(dim=dims.__getitem__)
    assert describe_range(md, "Frequency", 0, 30) == "Frequency 336.9–342.7 kHz (30 steps)"
    assert describe_span(md, "Y", 0, 2) == "Y 0–0.7 µm"  # the unit of the Y axis, not nm
    assert describe_span(md, "DC_Offset", 2, 3) == "DC_Offset index 2"
    assert describe_range(md, "DC_Offset", 1, 4) == "DC_Offset indices 1–3 (3 steps)"
