"""Zoom at full resolution, lasso regions and masks: the explorer's state without a browser."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
import traitlets

from usid_widgets import explorer
from usid_widgets.model.wire import from_array_dict
from usid_widgets.reader import MainDataset
from usid_widgets.reader.masks import check_mask, polygon_mask
from usid_widgets.reader.reduce import interval_sum, region_mean
from usid_widgets.widgets.heatmap import Heatmap
from usid_widgets.writer import Dimension, write_main


def _write(path, data, pos, spec):
    with h5py.File(path, "w") as f:
        grp = f.require_group("Measurement_000/Channel_000")
        write_main(grp, "Raw_Data", data, pos, spec, quantity="Current", units="nA")
    return path


def _dims(sizes: dict[str, int], units="nm") -> list[Dimension]:
    return [Dimension(n, units, np.arange(s) * (i + 1.0)) for i, (n, s) in enumerate(sizes.items())]


def _sent(hm) -> np.ndarray:
    assert hm.frame["mode"] == "grid"
    return from_array_dict(hm.frame["data"])


def _axis_values(axis: dict) -> np.ndarray:
    return from_array_dict(axis["values"])


def _inside(vertices, r, c) -> bool:
    """Ray casting, one point at a time: the obvious algorithm, to check the vectorised one."""
    y, x = r + 0.5, c + 0.5
    inside = False
    n = len(vertices)
    for i in range(n):
        (y0, x0), (y1, x1) = vertices[i], vertices[(i + 1) % n]
        if (y0 <= y) != (y1 <= y):
            xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            if xc <= x:
                inside = not inside
    return inside


# -- polygon masks --------------------------------------------------------------------------
def test_polygon_mask_of_a_rectangle_and_a_triangle():
    square = polygon_mask([(1, 2), (1, 5), (4, 5), (4, 2)], (6, 7))
    expected = np.zeros((6, 7), bool)
    expected[1:4, 2:5] = True
    np.testing.assert_array_equal(square, expected)
    tri = polygon_mask([(0, 0), (0, 4), (4, 0)], (4, 4))
    # cell centres (r + .5, c + .5) with r + c + 1 < 4, the diagonal itself excluded
    np.testing.assert_array_equal(tri, np.add.outer(np.arange(4), np.arange(4)) + 1 < 4)


@pytest.mark.parametrize("seed", range(6))
def test_polygon_mask_agrees_with_ray_casting_on_random_polygons(seed):
    rng = np.random.default_rng(seed)
    verts = rng.uniform(-3, 23, size=(rng.integers(3, 12), 2))  # self-crossing, leaving the grid
    mask = polygon_mask(verts.tolist(), (20, 17))
    expected = np.array([[_inside(verts, r, c) for c in range(17)] for r in range(20)])
    np.testing.assert_array_equal(mask, expected)


def test_degenerate_polygons_and_bad_masks():
    assert not polygon_mask([(1, 1), (2, 2)], (5, 5)).any()
    assert not polygon_mask([(1, 1), (1, 3), (1, 5)], (5, 5)).any()  # no area
    assert not polygon_mask([(50, 50), (50, 60), (60, 60)], (5, 5)).any()  # off the grid
    with pytest.raises(ValueError, match="boolean"):
        check_mask(np.ones((2, 2)), (2, 2))
    with pytest.raises(ValueError, match="shape"):
        check_mask(np.ones((2, 3), bool), (2, 2))
    with pytest.raises(ValueError, match="no cell"):
        check_mask(np.zeros((2, 2), bool), (2, 2))


# -- reductions over masks ------------------------------------------------------------------
@pytest.fixture
def spectral(tmp_path):
    data = np.random.default_rng(3).normal(size=(9, 11, 13)).astype(np.float32)
    return _write(tmp_path / "s.h5", data, _dims({"Y": 9, "X": 11}), _dims({"F": 13})), data


def test_region_mean_over_a_mask_is_the_mean_of_its_cells(spectral):
    path, data = spectral
    mask = np.zeros((9, 11), bool)
    mask[[0, 3, 3, 8], [10, 2, 7, 0]] = True
    with h5py.File(path, "r") as f:
        md = MainDataset(f["Measurement_000/Channel_000/Raw_Data"])
        mean, n = region_mean(md, {}, mask=(("Y", "X"), mask))
        assert n == 4
        np.testing.assert_allclose(mean, data[mask].astype(np.float64).mean(axis=0), rtol=1e-9)
        # the same mask given over (X, Y): transposed, same cells
        mean_t, _ = region_mean(md, {}, mask=(("X", "Y"), mask.T))
        np.testing.assert_allclose(mean_t, mean, rtol=1e-12)


def test_interval_sum_over_an_annulus_is_a_virtual_dark_field(tmp_path):
    data = np.random.default_rng(4).random(size=(4, 5, 12, 12)).astype(np.float32)
    path = _write(tmp_path / "4d.h5", data, _dims({"Y": 4, "X": 5}), _dims({"Ky": 12, "Kx": 12}))
    ky, kx = np.mgrid[:12, :12] - 5.5
    ring = (np.hypot(ky, kx) > 2) & (np.hypot(ky, kx) < 5)
    with h5py.File(path, "r") as f:
        md = MainDataset(f["Measurement_000/Channel_000/Raw_Data"])
        image, n = interval_sum(md, {}, mask=(("Ky", "Kx"), ring))
    assert n == ring.sum()
    np.testing.assert_allclose(image, data[:, :, ring].astype(np.float64).sum(axis=2), rtol=1e-6)


# -- the explorer: lasso and masks ----------------------------------------------------------
def test_lasso_on_the_map_gives_the_mean_spectrum_of_the_cells_inside(spectral):
    path, data = spectral
    w = explorer(str(path))
    lasso = [[0.2, 0.4], [0.3, 9.6], [8.7, 4.5]]
    w.heatmap.set_state({"lasso": lasso})  # as the browser sends a lasso drawn on the map
    expected = polygon_mask(lasso, (9, 11))
    assert expected.sum() > 10
    np.testing.assert_array_equal(w.roi_mask, expected)
    np.testing.assert_allclose(
        w.spectrum, data[expected].astype(np.float64).mean(axis=0), rtol=1e-9
    )
    # a rectangle replaces the lasso (the browser clears one when it sets the other)
    w.heatmap.set_state({"roi": [1, 3, 1, 3], "lasso": []})
    assert w.roi_mask is None and w.roi == {"Y": (1, 3), "X": (1, 3)}
    np.testing.assert_allclose(w.spectrum, data[1:3, 1:3].mean(axis=(0, 1)), rtol=1e-6)
    # a mask from Python: the mean spectrum of the bright cells; it clears the rectangle
    bright = w.image > np.median(w.image)
    w.roi_mask = bright
    assert w.roi is None and w.heatmap.roi == [] and w.heatmap.lasso == []
    np.testing.assert_allclose(w.spectrum, data[bright].astype(np.float64).mean(axis=0), rtol=1e-9)
    bright[:] = False  # the explorer kept its own copy
    assert w.roi_mask.any()
    with pytest.raises(traitlets.TraitError, match="shape"):
        w.roi_mask = np.ones((3, 3), bool)
    with pytest.raises(traitlets.TraitError, match="no cell"):
        w.roi_mask = np.zeros((9, 11), bool)
    shown = from_array_dict(w.heatmap.region_mask["data"])  # the browser dims the rest
    np.testing.assert_array_equal(shown, w.roi_mask.astype(np.uint8))
    w.heatmap._on_msg(w.heatmap, {"type": "clear_region"}, [])  # "Clear region" clicked
    assert w.roi_mask is None and w.heatmap.region_mask == {}
    np.testing.assert_array_equal(w.spectrum, data[w.index["Y"], w.index["X"]])
    w.close()


def test_a_lasso_enclosing_no_cell_is_refused_with_a_message(spectral):
    path, _ = spectral
    w = explorer(str(path))
    w.heatmap.set_state({"lasso": [[1.1, 1.1], [1.2, 1.3], [1.3, 1.1]]})
    assert w.roi_mask is None and "encloses no cell" in w.message
    w.close()


def test_lasso_on_the_diffraction_plane_is_a_virtual_detector(tmp_path):
    data = np.random.default_rng(5).random(size=(4, 5, 10, 10)).astype(np.float32)
    path = _write(tmp_path / "4d.h5", data, _dims({"Y": 4, "X": 5}), _dims({"Ky": 10, "Kx": 10}))
    w = explorer(str(path))
    lasso = [[1.0, 1.0], [1.0, 8.0], [8.0, 4.0]]
    w.second.set_state({"lasso": lasso})
    mask = polygon_mask(lasso, (10, 10))
    np.testing.assert_array_equal(w.interval_mask, mask)
    np.testing.assert_array_equal(from_array_dict(w.second.region_mask["data"]), mask)
    np.testing.assert_allclose(w.image, data[:, :, mask].astype(np.float64).sum(axis=2), rtol=1e-6)
    w.interval = {"Ky": (0, 2), "Kx": (0, 2)}  # a box replaces it, and the outline goes
    assert w.interval_mask is None and w.second.lasso == []
    w.close()


# -- zoom -----------------------------------------------------------------------------------
def test_zoom_sends_the_window_at_full_resolution(tmp_path):
    data = np.arange(2100 * 1500, dtype=np.float32).reshape(2100, 1500)
    pos = _dims({"Y": 2100, "X": 1500})
    path = _write(tmp_path / "big.h5", data[..., None], pos, [Dimension("arb", "a.u.", [1])])
    w = explorer(str(path))
    assert w.heatmap.binning == 3 and w.zoom is None
    w.heatmap.set_state({"zoom": [1000, 1300, 200, 700]})  # a box dragged in the browser
    assert w.zoom == {"Y": (1000, 1300), "X": (200, 700)}
    assert w.heatmap.binning == 1 and w.heatmap.frame["offset"] == [1000, 200]
    np.testing.assert_array_equal(_sent(w.heatmap), data[1000:1300, 200:700])
    np.testing.assert_array_equal(_axis_values(w.heatmap.x_axis), pos[1].values[200:700])
    np.testing.assert_array_equal(_axis_values(w.heatmap.y_axis), pos[0].values[1000:1300])
    assert w.image.shape == (2100, 1500)  # Python keeps the whole image
    # a click inside the window is a full-resolution cell; the selection stays in those units
    w.heatmap.set_state({"selected": [1100, 333]})
    assert (w.index["Y"], w.index["X"]) == (1100, 333) and w.heatmap.selected == [1100, 333]
    # a mask shows in the window, binned like the frame
    mask = np.zeros((2100, 1500), bool)
    mask[1100:1200, 300:400] = True
    w.roi_mask = mask
    shown = from_array_dict(w.heatmap.region_mask["data"])
    np.testing.assert_array_equal(shown, mask[1000:1300, 200:700])
    # a window still larger than the display travels binned
    w.zoom = {"Y": (0, 2100), "X": (0, 1200)}
    assert w.heatmap.zoom == [0, 2100, 0, 1200] and w.heatmap.binning == 3
    np.testing.assert_allclose(_sent(w.heatmap)[0, 0], data[0:3, 0:3].mean())
    shown = from_array_dict(w.heatmap.region_mask["data"])
    assert shown.shape == (700, 400) and shown.sum() == 34 * 34  # 1100/3..1199/3 x 300/3..
    # the whole image is no zoom
    w.zoom = {"Y": (0, 2100), "X": (0, 1500)}
    assert w.zoom is None and w.heatmap.zoom == []
    with pytest.raises(traitlets.TraitError, match="start < stop"):
        w.zoom = {"Y": (5, 5000), "X": (0, 10)}
    with pytest.raises(traitlets.TraitError, match="each image dimension"):
        w.zoom = {"Y": (0, 10)}
    w.close()


def test_zoom_follows_slider_steps_and_resets_with_other_dims(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.zoom = {"Y": (2, 6), "X": (3, 9)}
    w.index = {"F": 4}
    np.testing.assert_array_equal(_sent(w.heatmap), data[2:6, 3:9, 4])
    assert w.heatmap.frame["offset"] == [2, 3]
    w.image_dims = ("X", "F")  # another image: the window was cells of the old one
    assert w.zoom is None and w.heatmap.zoom == []
    assert _sent(w.heatmap).shape == (11, 13)
    w.close()


def test_heatmap_on_its_own_answers_zooms():
    hm = Heatmap()
    img = np.random.default_rng(1).random((40, 30)).astype(np.float32)
    hm.show_image(img, x={"label": "x", "units": "", "values": np.arange(30.0)})
    hm.zoom = [10, 20, 5, 25]
    np.testing.assert_array_equal(_sent(hm), img[10:20, 5:25])
    np.testing.assert_array_equal(_axis_values(hm.x_axis), np.arange(5.0, 25.0))
    hm.show_image(img * 2)  # same shape: the window holds
    np.testing.assert_array_equal(_sent(hm), 2 * img[10:20, 5:25])
    hm.show_image(np.zeros((8, 8), np.float32))  # another shape: the whole image
    assert hm.zoom == [] and _sent(hm).shape == (8, 8)
    with pytest.raises(traitlets.TraitError, match="within the image"):
        hm.zoom = [0, 9, 0, 8]


def test_explorer_options_set_zoom_and_masks(spectral):
    path, data = spectral
    ring = np.zeros((9, 11), bool)
    ring[2:7, 3:8] = True
    ring[4, 5] = False
    w = explorer(str(path), zoom={"Y": (1, 8), "X": (2, 10)}, roi_mask=ring)
    assert w.heatmap.zoom == [1, 8, 2, 10] and w.heatmap.frame["offset"] == [1, 2]
    np.testing.assert_allclose(w.spectrum, data[ring].astype(np.float64).mean(axis=0), rtol=1e-9)
    w.close()


def test_a_region_on_a_sparse_point_cloud_averages_the_points_inside(tmp_path):
    from usid_widgets import datasets

    path = datasets.sparse_scan(tmp_path / "sparse.h5")
    w = explorer(str(path))
    assert w.heatmap.frame["mode"] == "points"
    xs = from_array_dict(w.heatmap.frame["x"])
    ys = from_array_dict(w.heatmap.frame["y"])
    # a triangle in data units [y, x] over the lower left of the cloud
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    tri = [[y0, x0], [y1, x0], [y0, x1]]
    w.heatmap.set_state({"lasso": tri})
    inside = np.array([_inside(tri, y - 0.5, x - 0.5) for x, y in zip(xs, ys, strict=True)])
    assert 0 < inside.sum() < len(xs)
    np.testing.assert_array_equal(w.roi_mask, inside)
    raw = w.md.h5[()]
    comp = raw if raw.dtype.kind != "c" else np.abs(raw)
    expected = np.nanmean(comp[inside].astype(np.float64), axis=0)
    np.testing.assert_allclose(w.spectrum, expected.reshape(w.spectrum.shape), rtol=1e-6)
    np.testing.assert_array_equal(from_array_dict(w.heatmap.region_mask["data"]), inside)
    w.heatmap.set_state({"lasso": []})
    assert w.roi_mask is None
    w.heatmap.set_state({"lasso": [[1e9, 1e9], [1e9 + 1, 1e9], [1e9, 1e9 + 1]]})
    assert w.roi_mask is None and "no sampled point" in w.message
    w.close()


def test_a_box_on_a_position_by_step_image_keeps_both_halves(spectral):
    path, data = spectral
    w = explorer(str(path), image_dims=("X", "F"))
    w.heatmap.set_state({"roi": [0, 2, 8, 13]})  # rows X 0..2, columns F 8..13
    assert w.roi == {"X": (0, 2)} and w.interval == {"F": (8, 13)}
    assert w.heatmap.roi == [0, 2, 8, 13]  # the rectangle stays on screen
    y = w.index["Y"]
    np.testing.assert_allclose(w.spectrum, data[y, 0:2].astype(np.float64).mean(axis=0), rtol=1e-6)
    w.heatmap._on_msg(w.heatmap, {"type": "clear_region"}, [])  # "Clear region" / Escape
    assert w.roi is None and w.interval is None and w.heatmap.roi == []
    w.close()


def test_a_mask_is_digested_once_not_at_every_slider_step(spectral, monkeypatch):
    from usid_widgets.model import slicing

    path, data = spectral
    w = explorer(str(path))
    w.roi_mask = w.image > np.median(w.image)
    calls = []
    real = slicing.hashlib.blake2b
    monkeypatch.setattr(
        slicing.hashlib, "blake2b", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    for f in range(1, 6):
        w.index = {"F": f}  # steps of the map's slider: the region (and its mean) hold
    assert calls == []
    mask = w.roi_mask
    np.testing.assert_allclose(w.spectrum, data[mask].astype(np.float64).mean(axis=0), rtol=1e-9)
    # a writable array is digested each time: it may have changed in between
    writable = np.ones((2, 2), bool)
    assert slicing.mask_key((("Y", "X"), writable)) == slicing.mask_key((("Y", "X"), writable))
    assert len(calls) == 2
    w.close()


def test_a_slider_step_does_not_rebuild_the_region_mask(spectral, monkeypatch):
    from usid_widgets.widgets import heatmap as heatmap_module

    path, _ = spectral
    w = explorer(str(path))
    w.roi_mask = w.image > np.median(w.image)
    built = []
    real = heatmap_module.array_dict

    def spy(array, dtype="float32"):
        if dtype == "uint8":
            built.append(np.asarray(array).shape)
        return real(array, dtype)

    monkeypatch.setattr(heatmap_module, "array_dict", spy)
    w.index = {"F": 3}  # a new frame, the same mask on screen: not windowed and encoded again
    w.index = {"F": 4}
    assert built == []
    w.zoom = {"Y": (1, 5), "X": (2, 9)}  # another window: the mask follows it
    assert built == [(4, 7)]
    assert from_array_dict(w.heatmap.region_mask["data"]).shape == (4, 7)
    w.close()
