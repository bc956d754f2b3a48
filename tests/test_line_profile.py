"""Line profiles: the sampling rule (model/profile.py), the checks of ``w.line`` /
``w.line_width`` (model/intent.py), the explorer's traits and profile plot, and the teaching
lab's lattice measurement on the ``stem_image()`` sample."""

from __future__ import annotations

import numpy as np
import pytest
import traitlets

from usid_widgets import datasets, explorer
from usid_widgets.model import intent
from usid_widgets.model.profile import (
    Profile,
    axis_spacing,
    physical_length,
    physical_spacing,
    sample_count,
    sample_line,
)
from usid_widgets.widgets.profile_plot import ProfilePlot

# -- the sampling rule ------------------------------------------------------------------------


def plane(h: int = 9, w: int = 12) -> np.ndarray:
    """``3 r - 2 c + 1``: bilinear interpolation of a plane is the plane itself."""
    r, c = np.mgrid[0:h, 0:w].astype(float)
    return 3 * r - 2 * c + 1


def test_one_sample_per_pixel_of_length_both_ends_included():
    assert sample_count(0) == 1
    assert sample_count(1) == 2
    assert sample_count(4.2) == 6
    t, v = sample_line(plane(), (2, 1), (2, 9))
    assert t.size == 9 and v.tolist() == [3 * 2 - 2 * c + 1 for c in range(1, 10)]
    t, v = sample_line(plane(), (0, 0), (3, 4))  # a 3-4-5 triangle: 6 samples 1 px apart
    assert t.size == 6
    assert np.allclose(np.diff(t * 5), 1.0)


def test_fractional_ends_interpolate_bilinearly():
    t, v = sample_line(plane(), (0.25, 0.5), (7.75, 10.1))
    r = 0.25 + t * 7.5
    c = 0.5 + t * 9.6
    assert np.allclose(v, 3 * r - 2 * c + 1)
    img = np.array([[0.0, 10.0], [20.0, 30.0]])
    _t, v = sample_line(img, (0.5, 0.5), (0.5, 0.5))
    assert v.tolist() == [15.0]  # the middle of four pixels: their mean


def test_a_width_is_the_mean_of_parallel_lines_one_pixel_apart():
    rng = np.random.default_rng(1)
    img = rng.normal(size=(20, 20))
    _t, wide = sample_line(img, (10, 2), (10, 17), width=3)
    rows = [sample_line(img, (r, 2), (r, 17))[1] for r in (9, 10, 11)]
    assert np.allclose(wide, np.mean(rows, axis=0))
    # a diagonal band of 2: offsets -0.5 and +0.5 along the normal (-dc, dr) / L
    _t, band = sample_line(img, (3, 3), (13, 13), width=2)
    n = np.array([-1.0, 1.0]) / np.sqrt(2) * 0.5
    a = sample_line(img, (3 - n[0], 3 - n[1]), (13 - n[0], 13 - n[1]))[1]
    b = sample_line(img, (3 + n[0], 3 + n[1]), (13 + n[0], 13 + n[1]))[1]
    assert np.allclose(band, (a + b) / 2)


def test_outside_the_image_is_nan_and_the_band_averages_what_is_inside():
    img = plane(5, 5)
    _t, v = sample_line(img, (2, -2), (2, 6))
    assert np.isnan(v[:2]).all() and np.isnan(v[-2:]).all()
    assert v[2:-2].tolist() == [3 * 2 - 2 * c + 1 for c in range(5)]
    _t, edge = sample_line(img, (0, 0), (0, 4), width=3)  # rows -1, 0, 1: -1 is outside
    assert np.allclose(edge, (img[0] + img[1]) / 2)
    _t, none = sample_line(img, (7, 0), (7, 4))
    assert np.isnan(none).all()


def test_zero_length_and_bad_input():
    t, v = sample_line(plane(), (4.5, 2.5), (4.5, 2.5), width=5)
    assert t.tolist() == [0.0] and v.tolist() == [3 * 4.5 - 2 * 2.5 + 1]
    with pytest.raises(ValueError, match="2-D image"):
        sample_line(np.zeros(5), (0, 0), (0, 1))
    with pytest.raises(ValueError, match=">= 1"):
        sample_line(plane(), (0, 0), (0, 1), width=0)


def test_physical_distance_needs_two_linear_axes_in_one_unit():
    y, x = np.arange(4) * 0.5, np.arange(6) * 0.25
    assert axis_spacing(y) == 0.5 and axis_spacing([1.0]) is None
    assert physical_spacing(("nm", y, True), ("nm", x, True)) == ("nm", 0.5, 0.25)
    assert physical_spacing(("nm", y, True), ("V", x, True)) is None
    assert physical_spacing(("nm", y, False), ("nm", x, True)) is None
    assert physical_spacing(("", y, True), ("", x, True)) is None
    assert physical_length((0, 0), (3, 4), (0.5, 0.25)) == pytest.approx(np.hypot(1.5, 1.0))


# -- the checks ---------------------------------------------------------------------------------


def test_check_line_says_what_is_wrong():
    assert intent.check_line(None, (5, 8), "the image") is None
    assert intent.check_line([], (5, 8), "the image") is None
    assert intent.check_line([[0, 1], (4, 6.5)], (5, 8), "the image") == ((0.0, 1.0), (4.0, 6.5))
    cases = [
        (((0, 0), (4, 8)), "end (row 4, col 8) is outside the image: rows run 0..4, columns 0..7"),
        (((-0.5, 0), (4, 7)), "start (row -0.5, col 0) is outside"),
        (((0, 0),), "two points"),
        ("0,0,1,1", "two points"),
        (((0, "a"), (1, 1)), "two points"),
        (((True, 0), (1, 1)), "two points"),
        (((0, np.nan), (1, 1)), "not two finite numbers"),
    ]
    for value, words in cases:
        with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
            intent.check_line(value, (5, 8), "the image")
    with pytest.raises(ValueError, match="needs an image of two dimensions on screen"):
        intent.check_line(((0, 0), (1, 1)), None, "the image")
    assert intent.check_line_width(3) == 3 and intent.check_line_width(2.0) == 2
    for bad, words in ((0, ">= 1"), (1.5, "whole number"), ("2", "whole number")):
        with pytest.raises(ValueError, match=words):
            intent.check_line_width(bad)


# -- the explorer -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stem(tmp_path_factory):
    return datasets.stem_image(tmp_path_factory.mktemp("stem") / "stem.h5", size=96)


def test_a_line_set_from_python_gives_the_profile_and_its_plot(stem):
    w = explorer(str(stem))
    assert w.profile is None and w.profile_plot_if_made is None  # no plot made before use
    w.line = ((10, 5), (10, 60))
    p = w.profile
    assert isinstance(p, Profile)
    assert p.values.tolist() == w.image[10, 5:61].astype(float).tolist()
    assert p.distance_unit == "nm" and (p.quantity, p.units) == ("Intensity", "a.u.")
    step = float(np.diff(w.md.dim("X").values)[0])
    assert np.allclose(p.distance, np.arange(56) * step)
    plot = w.profile_plot
    assert w.views.children[-1] is plot
    assert plot.x_axis.label == "Distance (nm)" and plot.y_axis.label == "Intensity (a.u.)"
    assert plot.title == "Line profile on the map"
    assert np.allclose(plot.line.x, p.distance) and np.array_equal(plot.line.y, p.values)
    # the browser's heatmap shows the line, and draws live into the plot's line
    assert w.heatmap.line == [10.0, 5.0, 10.0, 60.0]
    link = w.heatmap.profile_link
    assert link["line"] == plot.line.model_id and link["yshift"] == 0
    assert link["spacing"] == pytest.approx([step, step])
    w.line_width = 3
    assert np.allclose(w.profile.values, w.image[9:12, 5:61].astype(float).mean(axis=0))
    assert plot.title == "Line profile on the map (3 px wide)" and w.heatmap.line_width == 3
    w.line = None
    assert w.profile is None and plot not in w.views.children and w.heatmap.line == []
    w.close()


def test_the_line_mode_gets_the_plot_ready_for_the_first_line(stem):
    """The browser draws the first line's profile live: the plot and its link exist as soon
    as the map is in the "line" drag mode."""
    w = explorer(str(stem))
    w.heatmap.drag_mode = "line"  # as the toolbar's select sets it
    plot = w.profile_plot_if_made
    assert plot is not None and plot in w.views.children
    assert plot.title == "Line profile: drag a line on the map"
    assert plot.x_axis.label == "Distance (nm)" and plot.y_axis.label == "Intensity (a.u.)"
    assert w.heatmap.profile_link["line"] == plot.line.model_id and w.profile is None
    w.heatmap.drag_mode = "zoom"  # no line drawn: the empty plot goes
    assert plot not in w.views.children
    w.line = ((1, 1), (9, 9))
    w.heatmap.drag_mode = "line"
    w.heatmap.drag_mode = "zoom"  # a line stays with its plot
    assert plot in w.views.children and w.profile is not None
    w.close()


def test_lines_are_checked_and_drawn_lines_taken_from_the_heatmap(stem):
    w = explorer(str(stem))
    with pytest.raises(traitlets.TraitError, match="outside the image: rows run 0..95"):
        w.line = ((0, 0), (96, 3))
    with pytest.raises(traitlets.TraitError, match="whole number"):
        w.line_width = 2.5
    with pytest.raises(traitlets.TraitError, match="diffraction plane"):
        w.line_on = "plane"
    w.heatmap.line = [1.0, 2.0, 30.5, 40.25]  # as the browser writes it on release
    assert w.line == ((1.0, 2.0), (30.5, 40.25)) and w.profile.values.size == 50
    w.heatmap.line = [1.0, 2.0, 300.0, 40.0]  # cannot be drawn; said, and the line in force shown
    assert w.line == ((1.0, 2.0), (30.5, 40.25))
    assert w.heatmap.line == [1.0, 2.0, 30.5, 40.25]
    assert "The line was not taken" in w.message
    w.heatmap.line = []  # Escape or "Clear line"
    assert w.line is None and w.profile is None
    w.close()


def test_zoom_leaves_the_full_resolution_profile_alone(stem):
    w = explorer(str(stem), line=((5, 5), (80, 70)), line_width=2)
    before = w.profile.values.copy()
    w.zoom = {"Y": (0, 20), "X": (0, 20)}  # the line leaves the window on screen
    assert np.array_equal(w.profile.values, before)
    w.close()


def test_explorer_keywords(stem):
    w = explorer(str(stem), line=((3, 3), (60, 60)), line_width=2)
    assert w.line == ((3.0, 3.0), (60.0, 60.0)) and w.line_width == 2
    assert w.profile.values.size == int(np.ceil(57 * np.sqrt(2))) + 1
    assert w.profile_plot in w.views.children
    w.close()


def test_the_lattice_spacing_measured_along_a_row_of_columns(tmp_path):
    """The teaching lab: peaks along a row of atomic columns are a lattice spacing apart."""
    path = datasets.stem_image(tmp_path / "stem.h5")  # a = 0.3905 nm, rotated 14 degrees
    w = explorer(str(path))
    start, end = lattice_row(w.image.astype(float), 14.0)
    w.line, w.line_width = (start, end), 3
    spacing = peak_spacing(w.profile.distance, w.profile.values)
    pixel = float(np.diff(w.md.dim("X").values)[0])
    assert w.profile.distance_unit == "nm"
    assert abs(spacing - 0.3905) < pixel, spacing
    w.close()


def lattice_row(image: np.ndarray, degrees: float) -> tuple[tuple, tuple]:
    """A line through the brightest column (3 x 3 mean) along the lattice row at ``degrees``
    from X, from edge to edge of the image."""
    h, w = image.shape
    box = sum(np.roll(image, (i, j), (0, 1)) for i in (-1, 0, 1) for j in (-1, 0, 1)) / 9
    margin = 16
    inner = box[margin:-margin, margin:-margin]
    r0, c0 = (int(v) + margin for v in np.unravel_index(np.argmax(inner), inner.shape))
    d = np.array([np.sin(np.deg2rad(degrees)), np.cos(np.deg2rad(degrees))])
    origin = np.array([r0, c0], dtype=float)

    def reach(sign: int) -> np.ndarray:
        t = 0.0
        while True:
            p = origin + sign * (t + 1) * d
            if not (0 <= p[0] <= h - 1 and 0 <= p[1] <= w - 1):
                return origin + sign * t * d
            t += 1

    return tuple(reach(-1).tolist()), tuple(reach(1).tolist())


def peak_spacing(distance: np.ndarray, values: np.ndarray) -> float:
    """The spacing of the profile's peaks (local maxima above the mean): the slope of their
    positions against their count."""
    v = np.asarray(values, dtype=float)
    mean = np.nanmean(v)
    inner = range(1, v.size - 1)
    peaks = [i for i in inner if v[i] >= v[i - 1] and v[i] > v[i + 1] and v[i] > mean]
    x = distance[peaks]
    assert x.size >= 5, "too few peaks along the line"
    k = np.round((x - x[0]) / np.median(np.diff(x)))
    return float(np.polyfit(k, x, 1)[0])


def test_the_profile_follows_the_slice_and_goes_with_the_dims(tmp_path):
    path = datasets.band_excitation(tmp_path / "be.h5", size=16, n_freq=24)
    w = explorer(str(path))
    assert w.plot_dim is not None
    w.line = ((2, 1), (2, 12))
    plot, profile = w.plot, w.profile_plot
    assert list(w.views.children) == [w.heatmap, plot, profile]  # the spectrum stays
    first = w.profile.values.copy()
    assert np.allclose(first, w.image[2, 1:13])
    freq = w.plot_dim
    w.index = {freq: (w.index[freq] + 5) % w.md.dim(freq).size}
    assert np.allclose(w.profile.values, w.image[2, 1:13])
    assert not np.array_equal(w.profile.values, first)
    # an image of a position and a spectroscopic dim: other units, the distance in pixels
    w.image_dims = ("Y", freq)
    assert w.line is None and w.profile is None  # cells of the other image
    w.line = ((0, 0), (10, 20))
    assert w.profile.distance_unit == "pixels"
    assert w.profile_plot.x_axis.label == "Distance (pixels)"
    assert np.allclose(w.profile.distance[-1], np.hypot(10, 20))
    w.close()


def test_a_line_on_the_diffraction_plane(tmp_path):
    path = datasets.four_d_stem(tmp_path / "4d.h5", scan=8, detector=24)
    w = explorer(str(path))
    assert w.second_dims is not None
    w.line = ((1, 1), (5, 5))
    w.line_on = "plane"  # the map's line goes with it
    assert w.line is None
    w.second.line = [12.0, 0.0, 12.0, 23.0]  # drawn on the plane in the browser
    assert w.line_on == "plane" and w.line == ((12.0, 0.0), (12.0, 23.0))
    assert np.allclose(w.profile.values, w.plane[12].astype(float))
    assert w.heatmap.line == [] and w.second.line == [12.0, 0.0, 12.0, 23.0]
    assert w.profile_plot.title == "Line profile on the diffraction plane"
    before = w.profile.values.copy()
    w.index = {"Y": 0, "X": 0}  # another pattern: its profile
    assert np.allclose(w.profile.values, w.plane[12].astype(float))
    assert not np.array_equal(before, w.profile.values)
    w.heatmap.line = [0.0, 0.0, 7.0, 7.0]  # a line drawn on the map takes over
    assert w.line_on == "image" and w.second.line == [] and w.heatmap.line
    w.close()


def test_close_closes_the_profile_plot(stem):
    w = explorer(str(stem), line=((3, 3), (20, 20)))
    plot = w.profile_plot
    assert isinstance(plot, ProfilePlot)
    w.close()
    assert plot.comm is None and plot.figure.comm is None and plot.line.comm is None
