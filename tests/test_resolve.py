"""The resolved view state, case by case, without widgets: what each view shows and how every
title, unit, axis and slider is labelled (``usid_widgets.model.resolve``)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import datasets
from usid_widgets.model.resolve import (
    Intent,
    heatmap_axis,
    linear,
    resolve,
    value_label,
)
from usid_widgets.model.slicing import default_plan
from usid_widgets.reader import MainDataset, find_main
from usid_widgets.writer import Dimension, write_main


def _intent(md: MainDataset, **changes) -> Intent:
    plan = default_plan(md)
    comps = md.components
    base = dict(
        image_dims=plan.image_dims,
        plot_dim=plan.plot_dim,
        second_dims=plan.second_dims,
        points=plan.points,
        component=comps[0] if comps else None,
    )
    return Intent(**{**base, **changes})


@pytest.fixture(scope="module")
def beps(tmp_path_factory):
    path = datasets.beps(tmp_path_factory.mktemp("beps") / "beps.h5")
    with h5py.File(path, "r") as f:
        yield MainDataset(find_main(f)[0])


@pytest.fixture(scope="module")
def stem4d(tmp_path_factory):
    path = datasets.four_d_stem(tmp_path_factory.mktemp("4d") / "4d.h5", scan=8, detector=12)
    with h5py.File(path, "r") as f:
        yield MainDataset(find_main(f)[0])


@pytest.fixture(scope="module")
def spectral(tmp_path_factory):
    path = datasets.band_excitation(tmp_path_factory.mktemp("be") / "be.h5")
    with h5py.File(path, "r") as f:
        yield MainDataset(find_main(f)[0])


# -- values: the component decides the quantity and the unit -------------------------------
@pytest.mark.parametrize(
    ("comp", "quantity", "units"),
    [
        ("amplitude", "Piezoresponse amplitude", "pm"),
        ("phase", "Piezoresponse phase", "rad"),
        ("phase (degrees)", "Piezoresponse phase", "°"),
        ("real", "Piezoresponse real part", "pm"),
        ("imaginary", "Piezoresponse imaginary part", "pm"),
    ],
)
def test_complex_component_labels(beps, comp, quantity, units):
    state = resolve(beps, _intent(beps, component=comp))
    assert (state.quantity, state.units) == (quantity, units)
    assert state.value_label == f"{quantity} ({units})"
    assert state.plot.ylabel == f"{quantity} ({units})"
    assert state.image.title.startswith(quantity)


def test_real_data_keeps_quantity_and_units():
    assert value_label("Height", "nm", np.dtype("f4"), None) == ("Height", "nm")


def test_compound_field_names_the_field_without_a_unit_it_does_not_know():
    dtype = np.dtype([("Amplitude", "f4"), ("Frequency", "f4")])
    assert value_label("SHO", "a.u.", dtype, "Frequency") == ("SHO: Frequency", "")
    # no component asked for: the first field, as the reader reads it
    assert value_label("SHO", "a.u.", dtype, None) == ("SHO: Amplitude", "")


# -- axes ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (np.linspace(0, 1, 11), True),
        (np.linspace(5, -5, 11), True),  # descending is still linear
        (np.array([2.0]), True),
        (np.array([0.0, 1, 2, 4, 8]), False),  # not evenly spaced
        (np.array([0.0, 10, -10, 0]), False),  # not monotonic (a BEPS DC waveform)
        (np.array([0.0, np.nan, 2]), False),
        (np.array([1.0, 1.0, 1.0]), False),
        (np.linspace(0, 1, 11) + np.r_[0, 0.0005, [0] * 9], True),  # rounding in a step
        (np.linspace(0, 1, 11) + np.r_[0, 0.005, [0] * 9], False),  # 5 % of a step off
    ],
)
def test_linear(values, expected):
    assert linear(values) is expected


def test_non_monotonic_dim_gets_index_ticks_and_keeps_its_values(beps):
    # DC_Offset rises to +V, falls to -V and comes back: no linear axis exists
    intent = _intent(beps, image_dims=("X", "DC_Offset"), plot_dim="Frequency")
    state = resolve(beps, intent)
    x = state.image.x
    assert (x.label, x.units, x.ticks) == ("DC_Offset", "V", "index")
    np.testing.assert_array_equal(x.values, beps.dim("DC_Offset").values)  # for the readout
    assert state.image.y.ticks == "values"  # X is evenly spaced


def test_index_axis_without_usable_values(tmp_path):
    path = tmp_path / "nan.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            np.zeros((3, 4, 2), dtype="f4"),
            pos_dims=[
                Dimension("Y", "nm", [0.0, np.nan, 2.0]),
                Dimension("X", "nm", np.arange(4.0)),
            ],
            spec_dims=[Dimension("Bias", "V", [0.0, 1.0])],
            quantity="Current",
            units="nA",
        )
    with h5py.File(path, "r") as f:
        md = MainDataset(find_main(f)[0])
        y = heatmap_axis(md, "Y")
        assert (y.label, y.units, y.ticks) == ("Y index", "", "index")
        np.testing.assert_array_equal(y.values, [0, 1, 2])


# -- reductions name themselves --------------------------------------------------------------
def test_interval_on_the_map_names_the_sum_and_silences_the_step(spectral):
    dim = spectral.spec_dims[-1]
    state = resolve(spectral, _intent(spectral, interval={dim.name: (10, 31)}))
    lo, hi = dim.values[10], dim.values[30]
    assert state.image.title == (
        f"{spectral.quantity} summed over {dim.name} {lo:.4g}–{hi:.4g} {dim.units} (21 steps)"
    )
    assert state.image.reduced == (dim.name,)
    assert state.image.quantity == f"sum of {spectral.quantity}"  # the colorbar's
    # the plot's marker and the dim's slider select nothing the map shows
    assert state.plot.marker is False
    assert state.inactive == {dim.name: state.inactive[dim.name]}
    assert state.inactive[dim.name].startswith(f"the map sums {dim.name}")


def test_no_reduction_keeps_everything_active(spectral):
    state = resolve(spectral, _intent(spectral))
    assert state.inactive == {}
    assert state.plot.marker is True
    assert state.plot.title == "At the selected position"
    assert state.image.title == f"{spectral.quantity}: Y × X"


def test_region_mean_names_the_region_on_the_plot(spectral):
    state = resolve(spectral, _intent(spectral, roi={"Y": (2, 5), "X": (0, 4)}))
    assert state.plot.title.startswith("Mean over a region (Y ")
    assert state.plot.title.endswith(", 12 positions)")
    assert state.plot.ylabel.startswith(f"mean {spectral.quantity}")
    assert state.plot.marker is True  # the map still shows that step


def test_lasso_mask_on_4d_stem_plane_is_a_mean_not_the_selected_position(stem4d):
    intent = _intent(stem4d, roi_mask=(("Y", "X"), 192, "lasso"))
    state = resolve(stem4d, intent)
    assert "at the selected position" not in state.second.title
    assert state.second.title.endswith("mean over a region (lasso, 192 positions)")
    assert state.second.reduced == ("Y", "X")
    assert state.second.quantity == f"mean {stem4d.quantity}"
    assert state.image.quantity == stem4d.quantity


def test_virtual_detector_titles(stem4d):
    r, c = (d.name for d in stem4d.spec_dims)
    masked = resolve(stem4d, _intent(stem4d, interval_mask=((r, c), 412, "mask")))
    assert masked.image.title.endswith("summed over a virtual detector (mask, 412 pixels)")
    box = resolve(stem4d, _intent(stem4d, interval={r: (2, 6), c: (3, 5)}))
    assert "virtual detector (" in box.image.title and "8 pixels)" in box.image.title
    # the detector's sliders select nothing on screen any more
    assert set(box.inactive) == {r, c}
    assert all(v.startswith("the map sums virtual detector") for v in box.inactive.values())


def test_plain_4d_stem_plane(stem4d):
    state = resolve(stem4d, _intent(stem4d))
    r, c = (d.name for d in stem4d.spec_dims)
    assert state.second.title == f"{stem4d.quantity}: {r} × {c} at the selected position"
    assert state.inactive == {}
    assert state.hidden == ["Y", "X"]


# -- results never computed ------------------------------------------------------------------
def test_uncomputed_results_show_a_message_not_zeros(spectral):
    state = resolve(spectral, _intent(spectral), completion=(0, 8))
    assert state.image.message.startswith("Not computed yet (0 of 8 positions)")
    assert state.message == state.image.message


def test_partly_computed_results_say_so(spectral):
    state = resolve(spectral, _intent(spectral), completion=(3, 8))
    assert state.image.message is None
    assert "Computed for 3 of 8 positions so far" in state.message


def test_fully_computed_says_nothing(spectral):
    assert resolve(spectral, _intent(spectral), completion=(8, 8)).message == "; ".join(
        spectral.notes
    )


def test_state_is_frozen(spectral):
    state = resolve(spectral, _intent(spectral))
    with pytest.raises(AttributeError):
        state.quantity = "x"
    assert resolve(spectral, _intent(spectral)) == state  # equal intents resolve equal
