"""The explorer's Python state without a browser: every dimensionality, linking, switching."""

from __future__ import annotations

import hashlib

import h5py
import numpy as np
import pytest
import traitlets
from usid_fixtures import POINT_CLOUD_XY, write_point_cloud

from usid_widgets import MainDataset, explorer
from usid_widgets.model.wire import from_array_dict
from usid_widgets.writer import Dimension, write_ancillary, write_main, write_main_raw


def _write(path, data, pos, spec, quantity="Current", units="nA", name="Raw_Data"):
    with h5py.File(path, "a") as f:
        grp = f.require_group("Measurement_000/Channel_000")
        write_main(grp, name, data, pos, spec, quantity=quantity, units=units)
    return path


def _dims(spec: dict[str, int], units="nm") -> list[Dimension]:
    return [
        Dimension(n, units, np.linspace(0, 1, s) * (i + 1)) for i, (n, s) in enumerate(spec.items())
    ]


@pytest.fixture
def rng():
    return np.random.default_rng(7)


@pytest.fixture
def spectral(tmp_path, rng):
    data = rng.normal(size=(6, 8, 20)).astype(np.float32)
    path = _write(
        tmp_path / "spectral.h5", data, _dims({"Y": 6, "X": 8}), _dims({"Frequency": 20}, "kHz")
    )
    return path, data


def _frame_image(heatmap) -> np.ndarray:
    assert heatmap.frame["mode"] == "grid"
    return from_array_dict(heatmap.frame["data"])


def test_map_and_spectrum_follow_index_set_from_python(spectral):
    path, data = spectral
    w = explorer(str(path))
    assert w.image_dims == ("Y", "X") and w.plot_dim == "Frequency"
    w.index = {"Frequency": 3, "Y": 2, "X": 5}
    np.testing.assert_array_equal(w.image, data[:, :, 3])
    np.testing.assert_array_equal(_frame_image(w.heatmap), data[:, :, 3])
    np.testing.assert_array_equal(w.spectrum, data[2, 5, :])
    assert w.heatmap.selected == [2, 5]
    assert w.sliders.index["Frequency"] == 3
    # the frequency keeps its slider (step it, play it); the image dims are clicked instead
    assert set(w.sliders.hidden) == {"Y", "X"}
    w.close()


def test_partial_index_is_merged_and_validated(spectral):
    path, _ = spectral
    w = explorer(str(path))
    before = dict(w.index)
    w.index = {"X": 1}
    assert w.index == {**before, "X": 1}
    with pytest.raises(KeyError, match="Frequency"):
        w.index = {"Nope": 1}
    with pytest.raises(traitlets.TraitError, match="out of range"):
        w.index = {"X": 99}
    for bad in (1.5, 2.0, "2", None):
        with pytest.raises(traitlets.TraitError, match="integers"):
            w.index = {"X": bad}
    assert w.index["X"] == 1
    w.index = {"X": np.int64(2), "Y": np.uint8(1)}  # numpy integers are integers
    assert w.index == {**before, "X": 2, "Y": 1}
    assert all(type(v) is int for v in w.index.values())
    w.close()


def test_browser_clicks_reach_python(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.heatmap.set_state({"selected": [4, 7]})  # as the browser sends a click on the map
    assert (w.index["Y"], w.index["X"]) == (4, 7)
    np.testing.assert_array_equal(w.spectrum, data[4, 7, :])
    w.plot.hits.selected = [11]  # a click on the spectrum's step 11
    assert w.index["Frequency"] == 11
    np.testing.assert_array_equal(w.image, data[:, :, 11])
    w.close()


def test_slider_change_from_browser_is_served_once_handled(spectral):
    path, data = spectral
    w = explorer(str(path))
    sent = []
    w.sliders.send = lambda content, buffers=None: sent.append((content, dict(w.index)))
    w.sliders.set_state({"index": {**w.sliders.index, "Frequency": 17}})
    np.testing.assert_array_equal(w.image, data[:, :, 17])
    # the "served" message leaves only after the new image was computed
    assert sent == [({"type": "served"}, w.index)] and sent[0][1]["Frequency"] == 17
    w.close()


def test_observe_sees_browser_and_python_changes(spectral):
    path, _ = spectral
    w = explorer(str(path))
    seen = []
    w.observe(lambda c: seen.append(c["new"]["Frequency"]), names="index")
    w.index = {"Frequency": 2}
    w.sliders.set_state({"index": {**w.sliders.index, "Frequency": 9}})
    assert seen == [2, 9]
    w.close()


def test_colour_mapping_links_both_ways(spectral):
    path, _ = spectral
    w = explorer(str(path), colormap="magma", scale="log", clim=(0.1, 2.0))
    assert (w.heatmap.colormap, w.heatmap.scale, w.heatmap.clim) == ("magma", "log", [0.1, 2.0])
    w.heatmap.set_state({"colormap": "cividis", "clim": None, "reverse_colormap": True})
    assert (w.colormap, w.clim, w.reverse_colormap) == ("cividis", None, True)
    with pytest.raises(traitlets.TraitError):
        w.colormap = "jet"
    with pytest.raises(traitlets.TraitError):
        w.clim = [2.0, 1.0]
    w.close()


def test_unknown_option_raises_type_error(spectral):
    path, _ = spectral
    with pytest.raises(TypeError):
        explorer(str(path), colour="red")


def test_image_dims_and_plot_dim_can_be_changed(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.index = {"Y": 1, "X": 2, "Frequency": 4}
    w.image_dims = ("X", "Frequency")
    np.testing.assert_array_equal(w.image, data[1, :, :])
    assert "Y" not in w.sliders.hidden
    w.image_dims = ("Frequency", "X")  # transposed
    np.testing.assert_array_equal(w.image, data[1, :, :].T)
    w.plot_dim = "X"
    np.testing.assert_array_equal(w.spectrum, data[1, :, 4])
    w.plot_dim = None
    assert w.spectrum is None
    with pytest.raises(ValueError, match="two different"):
        w.image_dims = ("X", "X")
    w.close()


def test_dropdowns_drive_the_view(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.row_dim.value = "X"  # picking the column's dimension for the rows swaps the two
    assert w.image_dims == ("X", "Y")
    np.testing.assert_array_equal(w.image, data[:, :, w.index["Frequency"]].T)
    w.plot_choice.value = ""
    assert w.plot_dim is None
    w.close()


def test_image_without_spectrum(tmp_path, rng):
    img = rng.integers(0, 255, size=(10, 12), dtype=np.uint8)
    path = _write(tmp_path / "img.h5", img, _dims({"Y": 10, "X": 12}), [])
    w = explorer(str(path))
    assert w.image_dims == ("Y", "X") and w.plot_dim is None and w.spectrum is None
    np.testing.assert_array_equal(w.image, img)
    assert w.plot not in w.views.children
    w.close()


def test_one_position_one_spectroscopic(tmp_path, rng):
    data = rng.normal(size=(15, 30))
    path = _write(tmp_path / "line.h5", data, _dims({"X": 15}), _dims({"Bias": 30}, "V"))
    w = explorer(str(path))
    assert w.image_dims == ("X", "Bias") and w.plot_dim == "Bias"
    np.testing.assert_array_equal(w.image, data)
    w.heatmap.set_state({"selected": [3, 7]})
    assert w.index == {"X": 3, "Bias": 7}
    np.testing.assert_array_equal(w.spectrum, data[3])
    w.close()


def test_four_d_stem_has_a_linked_diffraction_plane(tmp_path, rng):
    data = rng.random(size=(5, 6, 7, 8)).astype(np.float32)
    path = _write(
        tmp_path / "4d.h5", data, _dims({"Y": 5, "X": 6}), _dims({"Ky": 7, "Kx": 8}, "1/nm")
    )
    w = explorer(str(path))
    assert w.image_dims == ("Y", "X") and w.plot_dim is None
    assert w.second in w.views.children and w.plot not in w.views.children
    w.index = {"Y": 1, "X": 2, "Ky": 3, "Kx": 4}
    np.testing.assert_array_equal(w.image, data[:, :, 3, 4])
    np.testing.assert_array_equal(_frame_image(w.second), data[1, 2])
    w.second.set_state({"selected": [6, 0]})  # click on the diffraction pattern
    np.testing.assert_array_equal(w.image, data[:, :, 6, 0])
    w.heatmap.set_state({"selected": [4, 5]})  # click on the map
    np.testing.assert_array_equal(_frame_image(w.second), data[4, 5])
    assert set(w.sliders.hidden) == {"Y", "X"}
    w.sliders.set_state({"index": {**w.sliders.index, "Kx": 7}})  # a slider step on the plane
    assert w.second.selected == [6, 7]
    np.testing.assert_array_equal(w.image, data[:, :, 6, 7])
    w.close()


def test_n_dimensional_complex_data(tmp_path, rng):
    shape = (3, 4, 5, 6, 2)
    data = (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(np.complex64)
    path = _write(
        tmp_path / "beps.h5",
        data,
        _dims({"Y": 3, "X": 4}),
        _dims({"DC": 5, "Field": 6, "Cycle": 2}, "V"),
    )
    w = explorer(str(path))
    assert (
        w.components == ["amplitude", "phase", "phase (degrees)", "real", "imaginary"]
        and w.component == "amplitude"
    )
    assert w.image_dims == ("Y", "X") and w.plot_dim == "Cycle"
    assert [n for n in w.sliders.index if n not in w.sliders.hidden] == ["DC", "Field", "Cycle"]
    w.index = {"DC": 1, "Field": 5, "Cycle": 0, "Y": 2, "X": 3}
    np.testing.assert_allclose(w.image, np.abs(data[:, :, 1, 5, 0]))
    w.component = "phase"
    np.testing.assert_allclose(w.image, np.angle(data[:, :, 1, 5, 0]))
    w.plot_dim = "Field"
    np.testing.assert_allclose(w.spectrum, np.angle(data[2, 3, 1, :, 0]))
    with pytest.raises(traitlets.TraitError, match="amplitude"):
        w.component = "modulus"
    w.close()


def test_single_spectrum_is_plot_only(tmp_path, rng):
    y = rng.normal(size=40)
    z = np.concatenate([np.linspace(0, 1, 20), np.linspace(1, 0, 20)])  # approach, retract
    path = _write(
        tmp_path / "fc.h5", y[None, :], [Dimension("X", "a.u.", [0])], [Dimension("Z", "m", z)]
    )
    w = explorer(str(path))
    assert w.image is None and w.image_dims is None and w.plot_dim == "Z"
    assert w.heatmap.frame["mode"] == "message"
    np.testing.assert_array_equal(w.spectrum, y)
    np.testing.assert_allclose(w.plot.line.x, z, rtol=1e-6)  # folds back: kept, with markers
    assert w.plot.line.marker == "circle"
    w.x_mode.value = "index"
    np.testing.assert_array_equal(w.plot.line.x, np.arange(40))
    w.close()


def test_sparse_positions_are_a_point_cloud(tmp_path):
    data = write_point_cloud(tmp_path / "sparse.h5")
    w = explorer(str(tmp_path / "sparse.h5"))
    assert w.heatmap.frame["mode"] == "points"
    w.index = {"F": 2}
    np.testing.assert_array_equal(w.image, data[:, 2])
    np.testing.assert_array_equal(from_array_dict(w.heatmap.frame["values"]), data[:, 2])
    xs = from_array_dict(w.heatmap.frame["x"])
    ys = from_array_dict(w.heatmap.frame["y"])
    md = MainDataset(w.md.h5)
    assert [d.name for d in md.coord_dims] and sorted(zip(xs, ys, strict=True)) == sorted(
        map(tuple, POINT_CLOUD_XY)
    )
    w.heatmap.set_state({"selected": [4]})
    np.testing.assert_array_equal(w.spectrum, data[4])
    w.close()


def test_aborted_scan_shows_nan_where_not_measured(tmp_path):
    nx, measured = 5, 13  # the scan stopped in its third row: a 3 x 5 grid, 2 cells missing
    with h5py.File(tmp_path / "aborted.h5", "w") as f:
        grp = f.create_group("M")
        yy, xx = np.divmod(np.arange(measured), nx)
        inds = np.stack([yy, xx], axis=1)
        pi, pv = write_ancillary(
            grp, "Position", inds, inds * 2.0, ["Y", "X"], ["um", "um"], kind="position"
        )
        si, sv = write_ancillary(
            grp,
            "Spectroscopic",
            np.zeros((1, 1)),
            np.zeros((1, 1)),
            ["arb"],
            [""],
            kind="spectroscopic",
        )
        data = np.arange(1, measured + 1, dtype=np.float32)[:, None]
        write_main_raw(
            grp,
            "Raw",
            data,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Q",
            units="u",
        )
    w = explorer(str(tmp_path / "aborted.h5"))
    assert w.image.shape == (3, nx)
    assert np.isnan(w.image.reshape(-1)[measured:]).all()
    np.testing.assert_array_equal(w.image.reshape(-1)[:measured], data[:, 0])
    assert "aborted" in w.message or "NaN" in w.message
    w.close()


def test_tree_click_switches_dataset_and_file_is_untouched(tmp_path, rng):
    a = rng.normal(size=(4, 4, 3))
    b = rng.normal(size=(2, 9))
    path = _write(tmp_path / "two.h5", a, _dims({"Y": 4, "X": 4}), _dims({"F": 3}))
    with h5py.File(path, "a") as f:
        write_main(
            f.create_group("Measurement_001"),
            "Other",
            b,
            _dims({"T": 2}),
            _dims({"E": 9}, "eV"),
            quantity="Counts",
            units="",
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    w = explorer(str(path))
    assert w.dataset == "/Measurement_000/Channel_000/Raw_Data"
    assert w.tree.nodes["/"]["children"] == ["/Measurement_000", "/Measurement_001"]
    w.tree.set_state({"selected": "/Measurement_001/Other"})
    assert w.dataset == "/Measurement_001/Other"
    assert set(w.index) == {"T", "E"}
    np.testing.assert_array_equal(w.image, b)
    assert w.tree.current == "/Measurement_001/Other"
    # every numeric dataset is a view: an ancillary one as a plain array
    w.tree.set_state({"selected": "/Measurement_001/Position_Indices"})
    assert w.dataset == "/Measurement_001/Position_Indices" and w.md.kind == "hdf5"
    w.tree.set_state({"selected": "/Measurement_001"})  # a group: ignored
    assert w.dataset == "/Measurement_001/Position_Indices"
    w.dataset = "/Measurement_000/Channel_000/Raw_Data"
    np.testing.assert_array_equal(w.spectrum, a[w.index["Y"], w.index["X"]])
    w.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_tree_expands_lazily(tmp_path, rng):
    path = _write(
        tmp_path / "t.h5", rng.normal(size=(2, 2, 2)), _dims({"Y": 2, "X": 2}), _dims({"F": 2})
    )
    with h5py.File(path, "a") as f:
        g = f.create_group("Extra/Deep")
        g.attrs["note"] = "µm".encode()
        g.create_dataset("d", data=np.arange(3))
    w = explorer(str(path))
    assert w.tree.nodes["/Extra"]["children"] is None  # not loaded until expanded
    w.tree._on_msg(w.tree, {"type": "expand", "path": "/Extra"}, [])
    assert w.tree.nodes["/Extra"]["children"] == ["/Extra/Deep"]
    assert w.tree.nodes["/Extra/Deep"]["attrs"] is None  # not read until focused
    assert w.tree.nodes["/Extra/Deep"]["n_attrs"] == 1
    w.tree._on_msg(w.tree, {"type": "attrs", "path": "/Extra/Deep"}, [])
    assert w.tree.nodes["/Extra/Deep"]["attrs"] == [["note", "µm"]]
    main = w.tree.nodes["/Measurement_000/Channel_000/Raw_Data"]
    assert main["is_main"] and main["shape"] == [4, 2]
    anc = w.tree.nodes["/Measurement_000/Channel_000/Position_Indices"]
    assert anc["ancillary_of"] == ["/Measurement_000/Channel_000/Raw_Data"]
    w.close()


def test_explorer_accepts_dataset_group_and_main_dataset(spectral):
    path, data = spectral
    with h5py.File(path, "r") as f:
        dset = f["Measurement_000/Channel_000/Raw_Data"]
        for source in (dset, f, f["Measurement_000"], MainDataset(dset)):
            w = explorer(source)
            assert w.dataset == dset.name
            assert w.image.shape == data.shape[:2]
            w.close()
        assert f.id.valid  # the caller's file stays open


def test_a_dataset_of_strings_gives_a_message_not_a_traceback(tmp_path):
    with h5py.File(tmp_path / "plain.h5", "w") as f:
        f.create_dataset("names", data=np.array([b"a", b"bc"]))
    with h5py.File(tmp_path / "plain.h5", "r") as f:
        w = explorer(f["names"])
        assert "/names cannot be shown" in w.message and "strings" in w.message
        assert w.image is None and w.heatmap.frame["mode"] == "message"
        # no empty dropdowns beside the message
        for dd in (w.row_dim, w.col_dim, w.plot_choice, w.component_choice, w.x_mode):
            assert dd.layout.display == "none"
        assert w.tree.current == "/names"  # highlighted in the tree
        w.close()
    w = explorer(str(tmp_path / "plain.h5"))
    assert "No dataset to show" in w.message
    assert w.roi is None and w.interval is None and w.zoom is None  # "none", not {}
    w.close()


def test_region_of_interest_gives_the_mean_spectrum(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.roi = {"Y": (1, 4), "X": (2, 6)}
    np.testing.assert_allclose(
        w.spectrum, data[1:4, 2:6].astype(np.float64).mean(axis=(0, 1)), rtol=1e-9
    )
    w.heatmap.set_state({"roi": [0, 2, 0, 8]})  # a rectangle dragged in the browser
    assert w.roi == {"Y": (0, 2), "X": (0, 8)}
    np.testing.assert_allclose(
        w.spectrum, data[0:2].astype(np.float64).mean(axis=(0, 1)), rtol=1e-9
    )
    w.heatmap.set_state({"roi": []})
    assert w.roi is None
    np.testing.assert_array_equal(w.spectrum, data[w.index["Y"], w.index["X"]])
    with pytest.raises(traitlets.TraitError, match="not a position"):
        w.roi = {"Frequency": (0, 2)}
    with pytest.raises(traitlets.TraitError, match="start < stop"):
        w.roi = {"X": (5, 5)}
    w.close()


def test_interval_gives_the_integrated_map(spectral):
    path, data = spectral
    w = explorer(str(path))
    w.interval = {"Frequency": (3, 9)}
    np.testing.assert_allclose(w.image, data[:, :, 3:9].astype(np.float64).sum(axis=2), rtol=1e-6)
    # dragged on the spectrum: x values 3..8 of the Frequency axis select steps 3..8
    freq = w.md.dim("Frequency").values
    w.plot.mode.value = "interval"
    w.plot.brush.selected = [freq[2] + 1e-6, freq[7]]
    w.plot.brush.brushing = True
    w.plot.brush.brushing = False
    assert w.interval == {"Frequency": (3, 8)}
    np.testing.assert_allclose(w.image, data[:, :, 3:8].astype(np.float64).sum(axis=2), rtol=1e-6)
    w.plot.mode.value = "step"  # back to clicking steps clears the interval
    assert w.interval is None
    # a brush update arriving after the switch (bqplot sends it late) changes nothing
    w.plot.brush.selected = [freq[2] + 1e-6, freq[7]]
    w.plot.brush.brushing = True
    w.plot.brush.brushing = False
    assert w.interval is None
    np.testing.assert_array_equal(w.image, data[:, :, w.index["Frequency"]])
    w.close()


def test_virtual_detector_and_mean_pattern_in_4d_stem(tmp_path, rng):
    data = rng.random(size=(5, 6, 7, 8)).astype(np.float32)
    path = _write(
        tmp_path / "4d.h5", data, _dims({"Y": 5, "X": 6}), _dims({"Ky": 7, "Kx": 8}, "1/nm")
    )
    w = explorer(str(path))
    w.second.set_state({"roi": [2, 5, 1, 4]})  # a virtual detector on the diffraction plane
    assert w.interval == {"Ky": (2, 5), "Kx": (1, 4)}
    np.testing.assert_allclose(
        w.image, data[:, :, 2:5, 1:4].astype(np.float64).sum(axis=(2, 3)), rtol=1e-6
    )
    w.heatmap.set_state({"roi": [0, 3, 0, 3]})  # a region of the scan: its mean pattern
    np.testing.assert_allclose(_frame_image(w.second), data[0:3, 0:3].mean(axis=(0, 1)), rtol=1e-5)
    w.close()


def test_large_images_travel_binned_and_clicks_map_back(tmp_path):
    data = np.arange(2100 * 1500, dtype=np.float32).reshape(2100, 1500)
    path = _write(tmp_path / "big.h5", data, _dims({"Y": 2100, "X": 1500}), [])
    w = explorer(str(path))
    sent = _frame_image(w.heatmap)
    assert w.heatmap.binning == 3 and sent.shape == (700, 500)
    np.testing.assert_allclose(sent[10, 20], data[30:33, 60:63].mean())
    assert w.image.shape == (2100, 1500)  # Python keeps the full resolution
    # the browser speaks in full-resolution cells: a click on binned cell (10, 20) sends the
    # middle of its block (js/tests/cells.test.js), a drag the block edges
    w.heatmap.set_state({"selected": [31, 61]})
    assert (w.index["Y"], w.index["X"]) == (31, 61)
    assert w.heatmap.selected == [31, 61]
    w.heatmap.set_state({"roi": [0, 6, 0, 3]})
    assert w.roi == {"Y": (0, 6), "X": (0, 3)}
    w.close()


def test_plot_ticks_never_carry_si_suffixes():
    """The prefix belongs to the axis label's unit ("Frequency (kHz)"), never to the ticks
    ("156n" next to "(m)"): exponents for tiny and huge values that have no display unit."""
    from usid_widgets.widgets.spectrum import tick_format

    assert tick_format(np.array([5.46e-6, 5.74e-6])) == ".3~e"  # 5.46e-6, not 0.00000546
    assert tick_format(np.array([3e5, 3.2e5])) == ".3~e"
    assert tick_format(np.array([300.0, 320.0])) == "~g"
    assert tick_format(np.array([-1.0, 0.5, np.nan])) == "~g"
    assert tick_format(np.array([np.nan])) == "~g"


@pytest.mark.parametrize("n", [1, 24, 256, 257, 1000, 8192])
def test_a_long_spectrum_is_clicked_through_at_most_256_columns(n):
    """One invisible bar per step took Chromium ~1 s to draw for 8,192 steps."""
    from usid_widgets.widgets.spectrum import MAX_HITS, SpectrumPlot

    x = 300.0 + 0.5 * np.arange(n)
    plot = SpectrumPlot()
    clicked = []
    plot.on_step_click(clicked.append)
    plot.show(x, np.cos(x), "f (kHz)", "A", 0, markers=False)
    columns = np.asarray(plot.hits.x)
    run = -(-n // MAX_HITS)  # steps per column
    assert len(columns) == -(-n // run) <= MAX_HITS
    for k in range(len(columns)):
        plot.hits.selected = [k]  # a click in column k, as the browser sends it
        plot.hits.selected = None
    steps = np.array(clicked)
    assert len(steps) == len(columns)
    np.testing.assert_array_equal(columns, x[steps])  # each column stands where its step is
    assert steps[0] == (run - 1) // 2
    assert (np.diff(steps)[:-1] == run).all() and (np.diff(steps)[-1:] <= run).all()
    # every step lies in the run of the column that selects it: at most half a run away
    nearest = np.abs(np.arange(n)[:, None] - steps[None, :]).min(axis=1)
    assert nearest.max() <= run // 2
    if n <= MAX_HITS:
        np.testing.assert_array_equal(steps, np.arange(n))
    plot.close()


def test_a_line_longer_than_the_plot_is_drawn_as_its_envelope():
    from usid_widgets.widgets.spectrum import MAX_LINE, envelope

    rng = np.random.default_rng(5)
    n = 10_007  # not a multiple of the runs
    x = np.linspace(-3.0, 7.0, n)
    y = rng.normal(size=n)
    y[2000:2100] = np.nan  # a run of NaN only: a gap, whatever the run length
    y[5003] = 40.0  # a spike is never averaged away
    xd, yd = envelope(x, y)
    g = -(-n // (MAX_LINE // 2))
    assert xd.size == yd.size == 2 * -(-n // g) <= MAX_LINE
    picks = np.searchsorted(x, xd)
    assert (np.diff(picks) >= 0).all()  # in step order
    for r in range(0, n, g):
        part, got = y[r : r + g], yd[2 * (r // g) : 2 * (r // g) + 2]
        if np.isnan(part).all():
            assert np.isnan(got).all()
        else:
            assert sorted(got) == [np.nanmin(part), np.nanmax(part)]
    assert 40.0 in yd and np.isnan(yd).any()
    short = np.arange(MAX_LINE, dtype=float)
    assert envelope(short, short)[1] is short  # drawn as it is


def test_a_long_spectrum_is_thinned_in_the_plot_and_whole_in_python(tmp_path, monkeypatch):
    import importlib

    from usid_widgets.widgets.spectrum import MAX_LINE, envelope

    explorer_module = importlib.import_module("usid_widgets.widgets.held")

    gathered = []  # lines gathered to send ahead: wasted when the browser cannot draw them
    original = explorer_module.lines_ahead
    monkeypatch.setattr(
        explorer_module, "lines_ahead", lambda *a, **k: gathered.append(1) or original(*a, **k)
    )

    n = 5000
    rng = np.random.default_rng(6)
    data = rng.random((3, 4, n)).astype(np.float32)
    path = tmp_path / "long.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(3.0)), Dimension("X", "nm", np.arange(4.0))],
            [Dimension("Time", "s", np.arange(n) * 1e-3)],
        )
    w = explorer(str(path))
    try:
        assert w.plot_dim == "Time" and w.spectrum.size == n
        times = w.md.dim("Time").values  # as stored: float32
        for y, x in ((1, 2), (2, 2), (2, 3)):  # steps of one along the scan among them
            w.index = {"Y": y, "X": x}
            np.testing.assert_array_equal(w.spectrum, data[y, x])
            ex, ey = envelope(times, data[y, x].astype(np.float64))
            np.testing.assert_array_equal(w.plot.line.y, ey)
            np.testing.assert_array_equal(w.plot.line.x, ex)
            assert w.plot.line.y.size <= MAX_LINE and w.plot.line.marker is None
        # the browser does not place the marker on an envelope, nor draws lines: the kernel
        # does, and sends no lines ahead (a scan step from the last position was taken)
        assert "marker" not in w.sliders.links and "line" not in w.sliders.links
        assert not w.sliders.lines and not gathered
        w.index = {"Time": 4321}
        assert list(w.plot.marker.x) == [times[4321]] * 2
        assert list(w.plot.dot.y) == [float(data[2, 3, 4321])]
        w.plot.hits.selected = [10]  # a click: a column of a run of 20 steps
        assert w.index["Time"] == 10 * 20 + 9
    finally:
        w.close()


def test_the_plot_x_axis_spans_the_steps_with_round_ticks():
    from usid_widgets.widgets.spectrum import SpectrumPlot, nice_ticks

    np.testing.assert_allclose(nice_ticks(300.0, 320.46), [300, 305, 310, 315, 320])
    np.testing.assert_allclose(nice_ticks(0.0, 4.999), [0, 1, 2, 3, 4])
    np.testing.assert_allclose(nice_ticks(-1.0, 1.0), [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_allclose(nice_ticks(5.46e-6, 5.74e-6), np.arange(5.5, 5.71, 0.05) * 1e-6)
    for lo, hi in ((1.0, 1.0), (0.0, np.nan), (2.0, 1.0)):
        assert nice_ticks(lo, hi).size == 0
    plot = SpectrumPlot()
    x = np.linspace(320.0, 300.0, 24)  # a descending axis
    plot.show(x, np.cos(x), "f (kHz)", "A", 0, markers=False)
    assert (plot.x_scale.min, plot.x_scale.max) == (300.0, 320.0)
    np.testing.assert_allclose(plot.x_axis.tick_values, [300, 305, 310, 315, 320])
    assert plot.x_scale.allow_padding is False  # the click columns must not widen it
    plot.show(np.array([7.0]), np.array([1.0]), "f (kHz)", "A", 0, markers=True)
    assert plot.x_scale.min is None and plot.x_axis.tick_values is None  # bqplot's own
    plot.close()


def test_the_plot_shows_x_in_its_display_unit_and_selects_the_same_steps(tmp_path, rng):
    """A sweep stored in Hz is drawn in kHz ("Frequency (kHz)", ticks 337, 338, ...): the
    click columns, the marker, the dot and the brush work on those x; w.spectrum keeps the
    data's values and the title's range reads in the same unit."""
    data = rng.normal(size=(3, 4, 30)).astype(np.float32)
    freq = np.linspace(336.9e3, 342.7e3, 30)
    pos = _dims({"Y": 3, "X": 4}, "m")
    path = _write(tmp_path / "hz.h5", data, pos, [Dimension("Frequency", "Hz", freq)])
    w = explorer(str(path))
    shown = freq / 1e3
    assert w.plot.x_axis.label == "Frequency (kHz)"
    np.testing.assert_allclose(w.plot.line.x, shown)
    np.testing.assert_allclose(w.plot.x_axis.tick_values, [337, 338, 339, 340, 341, 342])
    assert "~s" not in w.plot.x_axis.tick_format and "~s" not in w.plot.y_axis.tick_format
    w.index = {"Frequency": 7, "Y": 1, "X": 2}
    np.testing.assert_array_equal(w.spectrum, data[1, 2])  # the data's own values
    np.testing.assert_allclose(w.plot.marker.x, [shown[7], shown[7]])
    np.testing.assert_allclose(w.plot.dot.x, [shown[7]])
    w.plot.hits.selected = [11]  # the click column of step 11
    assert w.index["Frequency"] == 11
    w.plot.mode.value = "interval"  # a brush in kHz: steps 3..8
    w.plot.brush.selected = [shown[2] + 1e-6, shown[7]]
    w.plot.brush.brushing = True
    w.plot.brush.brushing = False
    assert w.interval == {"Frequency": (3, 8)}
    assert f"Frequency {shown[3]:.4g}–{shown[7]:.4g} kHz (5 steps)" in w.heatmap.title
    w.close()
