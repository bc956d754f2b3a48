"""Pinned positions and regions in the kernel: the trait, its checks, the lines plotted, the
map's markers, the legend, and what happens when the sliders, the component or the dataset
change."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
import traitlets
from usid_fixtures import write_point_cloud

from usid_widgets import MainDataset, explorer
from usid_widgets.model import pins as pinning
from usid_widgets.writer import Dimension, write_main


def _write(path, data, pos, spec, name="Raw_Data", units="nA", channel="Channel_000"):
    with h5py.File(path, "a") as f:
        grp = f.require_group(f"Measurement_000/{channel}")
        write_main(grp, name, data, pos, spec, quantity="Current", units=units)
    return path


@pytest.fixture
def cube(tmp_path):
    """Y x X x (Bias, Frequency): a map, a plot along Frequency, a Bias slider; a second
    dataset of another shape beside it."""
    rng = np.random.default_rng(3)
    data = rng.normal(size=(5, 7, 3, 11)).astype(np.float64)
    pos = [Dimension("Y", "nm", np.arange(5) * 2.0), Dimension("X", "nm", np.arange(7) * 500.0)]
    spec = [
        Dimension("Bias", "V", np.linspace(-1, 1, 3)),
        Dimension("Frequency", "kHz", np.arange(11) + 300.0),
    ]
    path = _write(tmp_path / "cube.h5", data, pos, spec)
    other = rng.normal(size=(4, 4, 6))
    _write(
        path,
        other,
        [Dimension("Y", "nm", np.arange(4.0)), Dimension("X", "nm", np.arange(4.0))],
        [Dimension("Frequency", "kHz", np.arange(6.0))],
        name="Other",
        channel="Channel_001",
    )
    return str(path), data


def _w(path):
    w = explorer(path, dataset="/Measurement_000/Channel_000/Raw_Data", plot_dim="Frequency")
    assert w.image_dims == ("Y", "X")
    return w


def test_pinned_lines_are_the_data_at_the_pins_in_pin_order(cube):
    path, data = cube
    w = _w(path)
    w.index = {"Bias": 1}
    w.pins = [{"X": 6, "Y": 0}, {"Y": 3, "X": 2}]
    assert w.pins == [{"Y": 0, "X": 6}, {"Y": 3, "X": 2}]  # the dataset's order of dims
    md = MainDataset(h5py.File(path, "r"), "/Measurement_000/Channel_000/Raw_Data")
    assert len(w.pinned_lines) == 2
    np.testing.assert_array_equal(w.pinned_lines[0], md.isel(Y=0, X=6, Bias=1))
    np.testing.assert_array_equal(w.pinned_lines[1], md.isel(Y=3, X=2, Bias=1))
    np.testing.assert_array_equal(w.pinned_lines[1], data[3, 2, 1])
    # drawn on the plot in the pins' colours, one line each, under the live line
    marks = w.plot.figure.marks
    assert marks.index(w.plot.pinned) < marks.index(w.plot.line)
    assert w.plot.pinned.visible
    np.testing.assert_array_equal(np.asarray(w.plot.pinned.y), np.array(w.pinned_lines))
    assert list(w.plot.pinned.colors) == [pinning.PALETTE[0], pinning.PALETTE[1]]


def test_pins_follow_other_sliders_and_survive_a_component_change(cube):
    path, data = cube
    w = _w(path)
    w.pins = [{"Y": 1, "X": 1}]
    np.testing.assert_array_equal(w.pinned_lines[0], data[1, 1, w.index["Bias"]])
    w.index = {"Bias": 0}
    np.testing.assert_array_equal(w.pinned_lines[0], data[1, 1, 0])
    w.index = {"Bias": 2}
    np.testing.assert_array_equal(w.pinned_lines[0], data[1, 1, 2])
    # a step on the map (the browser's short path) keeps the pinned line where it is
    w.index = {"Y": 4, "X": 6}
    np.testing.assert_array_equal(w.pinned_lines[0], data[1, 1, 2])
    np.testing.assert_array_equal(w.spectrum, data[4, 6, 2])


def test_pins_survive_a_component_change(tmp_path):
    rng = np.random.default_rng(1)
    data = rng.normal(size=(3, 4, 9)) + 1j * rng.normal(size=(3, 4, 9))
    pos = [Dimension("Y", "um", np.arange(3.0)), Dimension("X", "um", np.arange(4.0))]
    path = _write(tmp_path / "c.h5", data, pos, [Dimension("F", "Hz", np.arange(9.0))])
    w = explorer(str(path))
    w.pins = [{"Y": 2, "X": 3}]
    np.testing.assert_allclose(w.pinned_lines[0], np.abs(data[2, 3]), rtol=1e-6)
    w.component = "phase"
    assert w.pins == [{"Y": 2, "X": 3}]
    np.testing.assert_allclose(w.pinned_lines[0], np.angle(data[2, 3]), rtol=1e-6)


def test_another_dataset_clears_the_pins(cube):
    path, _data = cube
    w = _w(path)
    w.pins = [{"Y": 4, "X": 6}]
    w.dataset = "/Measurement_000/Channel_001/Other"
    assert w.pins == [] and w.pinned_lines == []
    assert w.heatmap.pins == [] and w.legend.items == []
    assert not w.plot.pinned.visible


def test_region_pins_are_the_mean_over_the_region(cube):
    path, data = cube
    w = _w(path)
    mask = np.zeros((5, 7), bool)
    mask[1:3, 2] = mask[4, 6] = True
    w.pins = [{"roi": {"Y": (1, 3), "X": (2, 5)}}, {"roi_mask": mask}]
    b = w.index["Bias"]
    np.testing.assert_allclose(w.pinned_lines[0], data[1:3, 2:5, b].mean(axis=(0, 1)))
    np.testing.assert_allclose(w.pinned_lines[1], data[mask][:, b].mean(axis=0))
    assert w.pins[1]["dims"] == ("Y", "X")
    assert w.legend.items[0]["label"] == "mean X 1–2 µm, Y 2–4 nm (6 positions)"
    assert w.legend.items[1]["label"] == "mean of a region (3 positions)"
    # the box outlined on the map, the region marked at its centroid
    assert w.heatmap.pins[0]["box"] == [1, 3, 2, 5]
    assert w.heatmap.pins[1]["centre"] is True


def test_markers_and_legend_name_the_position_in_physical_units(cube):
    path, _data = cube
    w = _w(path)
    w.pins = [{"Y": 2, "X": 3}]
    assert w.legend.items == [{"label": "X = 1.5 µm, Y = 4 nm", "color": pinning.PALETTE[0]}]
    assert w.heatmap.pins == [
        {"box": [2, 3, 3, 4], "color": pinning.PALETTE[0], "label": "X = 1.5 µm, Y = 4 nm", "n": 1}
    ]
    assert w.legend in w.center.children


@pytest.mark.parametrize(
    "value, words",
    [
        ({"Y": 1, "X": 1}, "must be a list of pins"),
        ([{"Y": 1, "Z": 0}], "pin 0: no dimension 'Z'; position dimensions are ['Y', 'X']"),
        ([{"Frequency": 1}], "pin 0: 'Frequency' is a spectroscopic dimension"),
        ([{"Y": 1}, {"Y": 9}], "pin 1: index 9 out of range for 'Y' of size 5"),
        ([{"Y": 1.5}], "pin 0: index values must be integers, not 1.5"),
        ([{"Y": 1}, {"Y": 1}], "pin 1 repeats pin 0"),
        ([3], "pin 0 must be a dict"),
        ([{"roi": {"Y": (3, 2)}}], "pin 0: range (3, 2) of 'Y' must satisfy"),
        ([{"roi": {"Y": (0, 2)}, "X": 1}], "pin 0: a box pin holds 'roi' alone"),
        ([{"roi_mask": np.zeros((2, 2), bool)}], "pin 0: roi_mask over ('Y', 'X')"),
        ([{"roi_mask": np.zeros((5, 7), bool)}], "pin 0: roi_mask over ('Y', 'X') selects no cell"),
    ],
)
def test_pins_are_checked_with_messages_that_say_what_is_wrong(cube, value, words):
    path, _data = cube
    w = _w(path)
    w.pins = [{"Y": 0, "X": 0}]
    with pytest.raises(traitlets.TraitError) as err:
        w.pins = value
    assert words in str(err.value)
    assert w.pins == [{"Y": 0, "X": 0}]  # unchanged


def test_pin_requests_from_the_browser_toggle_and_clear(cube):
    path, data = cube
    w = _w(path)
    w.index = {"Y": 2, "X": 5}
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": None}, [])  # "p": the selection
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": [4, 1]}, [])  # Alt + click
    assert w.pins == [{"Y": 2, "X": 5}, {"Y": 4, "X": 1}]
    assert w.index["Y"] == 2  # Alt + click pins without selecting
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": [2, 5]}, [])  # again: unpinned
    assert w.pins == [{"Y": 4, "X": 1}]
    w.roi = {"Y": (0, 2), "X": (0, 3)}
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": None}, [])  # the region in force
    assert w.pins[1] == {"roi": {"Y": (0, 2), "X": (0, 3)}}
    w.legend._on_msg(w.legend, {"type": "unpin", "pin": 0}, [])
    assert w.pins == [{"roi": {"Y": (0, 2), "X": (0, 3)}}]
    w.heatmap._on_msg(w.heatmap, {"type": "clear_pins"}, [])
    assert w.pins == [] and w.heatmap.pins == []


def test_explorer_takes_pins_as_a_keyword(cube):
    path, data = cube
    w = explorer(
        path,
        dataset="/Measurement_000/Channel_000/Raw_Data",
        plot_dim="Frequency",
        pins=[{"Y": 1, "X": 2}],
    )
    assert w.pins == [{"Y": 1, "X": 2}]
    np.testing.assert_array_equal(w.pinned_lines[0], data[1, 2, w.index["Bias"]])
    with pytest.raises(traitlets.TraitError, match="pin 0: no dimension 'Q'"):
        explorer(path, pins=[{"Q": 1}])


def test_pinned_lines_are_drawn_in_the_plots_display_unit(tmp_path):
    data = np.ones((2, 3, 4)) * 2e-12  # metres: the plot draws pm
    data[1, 2] = 5e-12
    pos = [Dimension("Y", "um", np.arange(2.0)), Dimension("X", "um", np.arange(3.0))]
    path = _write(tmp_path / "m.h5", data, pos, [Dimension("F", "Hz", np.arange(4.0))], units="m")
    w = explorer(str(path), index={"Y": 0, "X": 0}, pins=[{"Y": 1, "X": 2}])
    assert w.plot.y_unit == "pm"
    np.testing.assert_allclose(np.asarray(w.plot.pinned.y)[0], [5.0] * 4)
    np.testing.assert_allclose(w.pinned_lines[0], [5e-12] * 4)  # the data's values


def test_a_pin_keeps_its_colour_when_another_is_removed(cube):
    path, _data = cube
    w = _w(path)
    w.pins = [{"Y": 0, "X": 0}, {"Y": 1, "X": 1}, {"Y": 2, "X": 2}]
    assert [i["color"] for i in w.legend.items] == list(pinning.PALETTE[:3])
    w.pins = [w.pins[0], w.pins[2]]
    assert [i["color"] for i in w.legend.items] == [pinning.PALETTE[0], pinning.PALETTE[2]]
    assert [m["color"] for m in w.heatmap.pins] == [pinning.PALETTE[0], pinning.PALETTE[2]]
    assert list(w.plot.pinned.colors) == [pinning.PALETTE[0], pinning.PALETTE[2]]
    w.pins = [*w.pins, {"Y": 4, "X": 4}]  # a new pin takes the first free colour
    assert w.legend.items[2]["color"] == pinning.PALETTE[1]


def test_colours_cycle_past_the_palette():
    keys = [("position", ("Y", i)) for i in range(len(pinning.PALETTE) + 2)]
    got = pinning.colors(keys, {})
    assert got[: len(pinning.PALETTE)] == list(pinning.PALETTE)
    assert got[-2:] == list(pinning.PALETTE[:2])


def _stem(path):
    w = explorer(path, dataset="/Measurement_000/Channel_000/Raw_Data")
    assert w.second_dims == ("Bias", "Frequency") and w.plot_dim is None
    return w


def test_4d_stem_plane_shows_a_pins_pattern_or_the_difference_of_two(cube):
    path, data = cube
    w = _stem(path)
    w.index = {"Y": 0, "X": 0}
    w.pins = [{"Y": 1, "X": 2}, {"Y": 3, "X": 4}]
    assert w.legend.plane is True and w.legend.compare == []
    np.testing.assert_array_equal(w.plane, data[0, 0])  # the selected position
    w.compare = 1
    np.testing.assert_array_equal(w.plane, data[3, 4])
    assert w.second.title == "Current at pin 2: X = 2 µm, Y = 6 nm"
    assert w.second.diverging is False and w.legend.compare == [1]
    w.compare = (1, 0)
    np.testing.assert_allclose(w.plane, data[3, 4] - data[1, 2])
    assert w.second.diverging is True
    assert "pin 2 − pin 1 (diverging colormap, centred on 0)" in w.second.title
    np.testing.assert_allclose(w.second.frame["data"]["shape"], data[0, 0].shape)
    # a step on the map leaves the comparison as it is; the sliders send no live plane
    w.index = {"Y": 4, "X": 6}
    np.testing.assert_allclose(w.plane, data[3, 4] - data[1, 2])
    assert w.sliders.lines == {}
    # the selects in the browser set it; back to the selected position
    w.legend.compare = [0]
    assert w.compare == 0
    np.testing.assert_array_equal(w.plane, data[1, 2])
    w.legend.compare = []
    assert w.compare is None and w.second.diverging is False
    np.testing.assert_array_equal(w.plane, data[4, 6])


def test_compare_follows_its_pins_and_goes_with_them(cube):
    path, data = cube
    w = _stem(path)
    w.pins = [{"Y": 0, "X": 0}, {"Y": 1, "X": 1}, {"Y": 2, "X": 2}]
    w.compare = (2, 1)
    w.pins = [w.pins[1], w.pins[2]]  # pin 0 removed: the same two pins, renumbered
    assert w.compare == (1, 0)
    np.testing.assert_allclose(w.plane, data[2, 2] - data[1, 1])
    w.pins = [w.pins[1]]  # one of them removed: the live plane again
    assert w.compare is None
    np.testing.assert_array_equal(w.plane, data[w.index["Y"], w.index["X"]])
    assert w.second.diverging is False


@pytest.mark.parametrize(
    "value, words",
    [
        (5, "compare: no pin 5; there are 2 pins (0-based)"),
        ((0, 0), "a difference needs two different pins"),
        ((0, 1, 1), "compare takes a pin, two pins (a, b) for a - b, or None"),
        ("pin", "index values must be integers"),
    ],
)
def test_compare_is_checked(cube, value, words):
    path, _data = cube
    w = _stem(path)
    w.pins = [{"Y": 0, "X": 0}, {"Y": 1, "X": 1}]
    with pytest.raises(traitlets.TraitError, match=words.replace("(", r"\(").replace(")", r"\)")):
        w.compare = value


def test_a_sampled_point_is_pinned_and_named_by_its_coordinates(tmp_path):
    data = write_point_cloud(tmp_path / "sparse.h5")
    w = explorer(str(tmp_path / "sparse.h5"))
    assert w.heatmap.frame["mode"] == "points"
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": [4]}, [])  # Alt + click on point 4
    assert w.pins == [{"Position": 4}]
    np.testing.assert_array_equal(w.pinned_lines[0], data[4])
    assert w.legend.items[0]["label"] == "X = 3 nm, Y = 0 nm (point 4)"
    assert w.heatmap.pins[0]["point"] == 4
    w.close()


def test_p_with_a_lasso_in_force_pins_the_region_which_outlives_it(cube):
    path, data = cube
    w = _w(path)
    mask = np.zeros((5, 7), bool)
    mask[0, :3] = True
    w.roi_mask = mask
    w.heatmap._on_msg(w.heatmap, {"type": "pin", "cell": None}, [])
    assert len(w.pins) == 1 and w.pins[0]["dims"] == ("Y", "X")
    np.testing.assert_array_equal(w.pins[0]["roi_mask"], mask)
    w.roi_mask = None  # the region goes, its pin stays
    b = w.index["Bias"]
    np.testing.assert_allclose(w.pinned_lines[0], data[0, :3, b].mean(axis=0))
    # a map of other dims does not show it, the plot still does
    w.image_dims = ("Y", "Frequency")
    assert w.plot_dim == "Frequency" and w.heatmap.pins == []
    np.testing.assert_allclose(w.pinned_lines[0], data[0, :3, b].mean(axis=0))


def _luminance(hex_colour: str) -> float:
    c = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    f = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]


@pytest.mark.parametrize("background", ["#ffffff", "#212121", "#111111"])
def test_the_palette_reads_on_both_themes(background):
    """WCAG's 3:1 for graphics against JupyterLab's light and dark layout colours (the
    legend's swatches, the plot's lines), and no pin in the plot's own blue or red."""
    bg = _luminance(background)
    for colour in pinning.PALETTE:
        hi, lo = sorted((_luminance(colour), bg), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 3.0, (colour, background)
    assert len(set(pinning.PALETTE)) == len(pinning.PALETTE)
    assert not {"#1f77b4", "#d62728"} & set(pinning.PALETTE)


def test_explorer_takes_compare_after_its_pins(cube):
    path, data = cube
    w = explorer(
        path,
        dataset="/Measurement_000/Channel_000/Raw_Data",
        pins=[{"Y": 1, "X": 2}, {"Y": 3, "X": 4}],
        compare=(0, 1),
    )
    assert w.compare == (0, 1) and w.second.diverging
    np.testing.assert_allclose(w.plane, data[1, 2] - data[3, 4])
