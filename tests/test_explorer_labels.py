"""The explorer applies the resolved view state: the labels its views carry (what the browser
draws) are the true ones, set from Python, without a browser (the browser tests read them on
screen: tests/e2e/test_truth.py)."""

from __future__ import annotations

import numpy as np
import pytest

from usid_widgets import datasets, explorer
from usid_widgets.model.wire import from_array_dict


@pytest.fixture(scope="module")
def beps_path(tmp_path_factory):
    return datasets.beps(tmp_path_factory.mktemp("beps") / "beps.h5", size=(4, 5))


@pytest.fixture(scope="module")
def stem_path(tmp_path_factory):
    return datasets.four_d_stem(tmp_path_factory.mktemp("4d") / "4d.h5", scan=8, detector=12)


@pytest.fixture(scope="module")
def be_path(tmp_path_factory):
    return datasets.band_excitation(tmp_path_factory.mktemp("be") / "be.h5", size=8)


def test_component_sets_quantity_and_units_everywhere(beps_path):
    w = explorer(beps_path)
    assert (w.heatmap.quantity, w.heatmap.units) == ("Piezoresponse amplitude", "pm")
    w.component = "phase"
    assert (w.heatmap.quantity, w.heatmap.units) == ("Piezoresponse phase", "rad")
    assert w.plot.y_axis.label == "Piezoresponse phase (rad)"
    assert w.heatmap.title.startswith("Piezoresponse phase: ")
    assert np.nanmax(np.abs(w.image)) <= np.pi  # radians indeed
    radians = np.array(w.image)
    assert w.components == ["amplitude", "phase", "phase (degrees)", "real", "imaginary"]
    w.component = "phase (degrees)"
    assert (w.heatmap.quantity, w.heatmap.units) == ("Piezoresponse phase", "°")
    np.testing.assert_allclose(w.image, np.degrees(radians), rtol=1e-6)
    fixed = {d: i for d, i in w.index.items() if d != w.plot_dim}
    np.testing.assert_allclose(w.spectrum, np.angle(w.md.isel(fixed), deg=True), rtol=1e-6)
    w.component = "real"
    assert (w.heatmap.quantity, w.heatmap.units) == ("Piezoresponse real part", "pm")
    w.close()


def test_folded_dimension_is_an_index_axis_with_its_values(beps_path):
    w = explorer(beps_path, image_dims=("X", "DC_Offset"))
    x = w.heatmap.x_axis
    assert (x["label"], x["units"], x["ticks"]) == ("DC_Offset", "V", "index")
    np.testing.assert_array_equal(from_array_dict(x["values"]), w.md.dim("DC_Offset").values)
    assert w.heatmap.y_axis["ticks"] == "values"
    w.close()


def test_interval_titles_the_map_and_silences_slider_and_marker(be_path):
    w = explorer(be_path)
    dim = w.plot_dim
    assert w.plot.marker.visible and w.sliders.inactive == {}
    assert w.plot.title == "At the selected position"
    w.interval = {dim: (3, 9)}
    assert " summed over " in w.heatmap.title and w.heatmap.title.endswith("(6 steps)")
    assert list(w.sliders.inactive) == [dim]
    assert (w.heatmap.quantity, w.heatmap.units) == (f"sum of {w.md.quantity}", w.md.units)
    assert not w.plot.marker.visible and not w.plot.dot.visible
    assert "marker" not in w.sliders.links  # the browser no longer moves it either
    # the sum is what is drawn
    np.testing.assert_allclose(w.image, w.md.isel()[..., 3:9].sum(axis=-1), rtol=1e-5)
    w.interval = None
    assert w.sliders.inactive == {} and w.plot.marker.visible
    assert " summed " not in w.heatmap.title
    w.close()


def test_region_mean_titles_the_plot(be_path):
    w = explorer(be_path, roi={"Y": (0, 2), "X": (1, 4)})
    y, x = w.md.dim("Y").values, w.md.dim("X").values
    assert w.plot.title == (
        f"Mean over a region (Y {y[0]:.4g}–{y[1]:.4g} µm × X {x[1]:.4g}–{x[3]:.4g} µm, 6 positions)"
    )
    assert w.plot.y_axis.label.startswith("mean ")
    w.close()


def test_mask_on_4d_stem_titles_the_plane_as_a_mean(stem_path):
    w = explorer(stem_path)
    assert w.second.title.endswith("at the selected position")
    m = np.zeros((8, 8), bool)
    m[1:4, 2:6] = True
    w.roi_mask = m
    assert w.second.title.endswith("mean over a region (mask, 12 positions)")
    np.testing.assert_allclose(w.plane, w.md.isel()[m].mean(axis=0), rtol=1e-5)
    w.roi_mask = None
    assert w.second.title.endswith("at the selected position")
    w.close()


def test_the_state_is_what_the_views_show(be_path):
    w = explorer(be_path)
    state = w.view_state
    assert state.image.title == w.heatmap.title
    assert (state.image.quantity, state.units) == (w.heatmap.quantity, w.heatmap.units)
    assert state.plot.ylabel == w.plot.y_axis.label
    w.close()


def test_an_interval_on_a_sparse_scan_sums_the_points(tmp_path):
    # the point cloud ignored an interval brushed on the plot: the map said nothing of it
    w = explorer(datasets.sparse_scan(tmp_path / "sp.h5", n_points=30, completed=1.0))
    assert w.points and w.heatmap.title == f"{w.md.quantity}: 30 sampled positions"
    w.interval = {w.plot_dim: (2, 6)}
    np.testing.assert_allclose(w.image, w.md.isel()[:, 2:6].sum(axis=1), rtol=1e-5)
    assert " summed over " in w.heatmap.title and w.heatmap.title.endswith("(4 steps)")
    assert list(w.sliders.inactive) == [w.plot_dim]
    w.close()


def test_a_slider_step_resolves_nothing(be_path, monkeypatch):
    # the labels do not depend on the index: a step applies the state it has
    import importlib

    module = importlib.import_module("usid_widgets.widgets.explorer")  # not the function
    w = explorer(be_path)
    calls = []
    original = module.resolve
    monkeypatch.setattr(module, "resolve", lambda *a, **k: calls.append(1) or original(*a, **k))
    state = w.view_state
    for f in range(5):
        w.index = {w.plot_dim: f}
    w.index = {"Y": 1, "X": 2}
    assert calls == [] and w.view_state is state
    np.testing.assert_array_equal(w.image, w.md.isel({w.plot_dim: 4}))
    w.interval = {w.plot_dim: (0, 3)}  # what is on screen changed: resolved once
    assert calls == [1] and w.view_state is not state
    w.close()
