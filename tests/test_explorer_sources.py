"""The explorer's Python state on every source of issue 18: NSID files (an image, a spectral
image, an image stack, 4D-STEM, complex data), plain HDF5 arrays (with and without dimension
scales), numpy arrays with ``dims=``, dask arrays and sidpy Datasets (numpy- and dask-backed).

Images of NSID files and sidpy Datasets are drawn as sidpy's ``plot()`` draws them
(``imshow(data.T)``: the first dimension along the columns), so ``w.image`` is ``data.T`` and
``w.image_dims`` is (second dim, first dim). Plain arrays keep numpy's order (rows first).
"""

from __future__ import annotations

import base64

import h5py
import numpy as np
import pytest
import traitlets

from usid_widgets import explorer
from usid_widgets.model.wire import from_array_dict
from usid_widgets.reader import from_array
from usid_widgets.widgets import picture
from usid_widgets.widgets.static_view import png_bundle

sidpy = pytest.importorskip("sidpy")
pyNSID = pytest.importorskip("pyNSID")
da = pytest.importorskip("dask.array")

GROUP = "Measurement_000/Channel_000"


# -- NSID files, written by pyNSID (tests/nsid_fixtures.py may take this writer's place) -----
def sidpy_dataset(data, dims, data_type, *, quantity="Intensity", units="counts", title="data"):
    """A sidpy Dataset of ``data`` with ``dims`` = [(name, units, values, dimension_type)]."""
    ds = sidpy.Dataset.from_array(data, title=title)
    ds.data_type = data_type
    ds.quantity, ds.units = quantity, units
    for i, (name, d_units, values, d_type) in enumerate(dims):
        ds.set_dimension(
            i,
            sidpy.Dimension(values, name=name, units=d_units, quantity=name, dimension_type=d_type),
        )
    return ds


def write_nsid(path, data, dims, data_type, **kwargs) -> tuple[str, str]:
    """An NSID file of one dataset written with ``pyNSID.hdf_io.write_nsid_dataset``; returns
    (file path, dataset path)."""
    title = kwargs.get("title", "data")
    ds = sidpy_dataset(data, dims, data_type, **kwargs)
    with h5py.File(path, "w") as f:
        group = f.create_group(GROUP)
        with pytest.warns(FutureWarning):  # pyNSID's own, about validate_h5_dimension
            pyNSID.hdf_io.write_nsid_dataset(ds, group, main_data_name=title)
    return str(path), f"/{GROUP}/{title}/{title}"


@pytest.fixture
def rng():
    return np.random.default_rng(18)


def _axis(heatmap, which: str) -> tuple[str, str]:
    """(label, units) of the heatmap's ``x`` or ``y`` axis, as the browser draws them."""
    axis = getattr(heatmap, f"{which}_axis")
    return axis["label"], axis["units"]


def _frame(heatmap) -> np.ndarray:
    assert heatmap.frame["mode"] == "grid"
    return from_array_dict(heatmap.frame["data"])


def _xy(nx=5, ny=7):
    return [
        ("x", "nm", np.arange(nx) * 0.5, "SPATIAL"),
        ("y", "nm", np.arange(ny) * 0.25, "SPATIAL"),
    ]


@pytest.fixture
def nsid_image(tmp_path, rng):
    data = rng.random((5, 7))
    return (
        *write_nsid(tmp_path / "image.h5", data, _xy(), "IMAGE", units="nA", quantity="Current"),
        data,
    )


@pytest.fixture
def nsid_spectral(tmp_path, rng):
    data = rng.random((5, 7, 20))
    energy = ("energy", "eV", 100.0 + np.arange(20) * 0.5, "SPECTRAL")
    return (*write_nsid(tmp_path / "si.h5", data, [*_xy(), energy], "SPECTRAL_IMAGE"), data)


# -- NSID ------------------------------------------------------------------------------------
def test_nsid_image_is_drawn_as_sidpys_plot(nsid_image):
    path, dset, data = nsid_image
    w = explorer(path)
    assert w.dataset == dset and w.md.kind == "nsid"
    assert w.image_dims == ("y", "x")  # (second dim, first dim): imshow(data.T)
    assert w.image.shape == (7, 5)
    np.testing.assert_array_equal(w.image, data.T)
    np.testing.assert_array_equal(_frame(w.heatmap), data.T.astype(np.float32))  # the wire's
    # what sidpy's own plot() draws: the same array, the first dim along the columns
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ds = sidpy_dataset(data, _xy(), "IMAGE")
    fig = ds.plot()
    drawn = np.asarray(fig.axes[0].images[0].get_array())
    np.testing.assert_array_equal(drawn, w.image)
    matplotlib.pyplot.close("all")
    # labels from the dimension scales and the data's attributes
    assert _axis(w.heatmap, "x") == ("x", "nm") and _axis(w.heatmap, "y") == ("y", "nm")
    np.testing.assert_allclose(from_array_dict(w.heatmap.x_axis["values"]), np.arange(5) * 0.5)
    np.testing.assert_allclose(from_array_dict(w.heatmap.y_axis["values"]), np.arange(7) * 0.25)
    assert "Current (nA)" in w.title_label.value
    assert w.plot_if_made is None or w.plot not in w.views.children
    w.close()


def test_nsid_spectral_image_map_plot_region_and_interval(nsid_spectral):
    path, _dset, data = nsid_spectral
    w = explorer(path)
    assert w.image_dims == ("y", "x") and w.plot_dim == "energy"
    assert w.plot in w.views.children
    w.index = {"x": 3, "y": 6, "energy": 4}
    np.testing.assert_array_equal(w.image, data[:, :, 4].T)
    np.testing.assert_array_equal(w.spectrum, data[3, 6, :])
    assert w.heatmap.selected == [6, 3]  # (row, column) = (y, x)
    w.heatmap.set_state({"selected": [1, 2]})  # a click on the map: row y=1, column x=2
    assert (w.index["x"], w.index["y"]) == (2, 1)
    np.testing.assert_array_equal(w.spectrum, data[2, 1, :])
    # the plot's x axis: the energy scale's name, units and values
    assert w.plot.x_axis.label == "energy (eV)"
    np.testing.assert_allclose(np.asarray(w.plot.line.x), 100.0 + np.arange(20) * 0.5)
    assert w.plot.y_axis.label == "Intensity (counts)"
    w.roi = {"x": (1, 3), "y": (2, 6)}
    np.testing.assert_allclose(w.spectrum, data[1:3, 2:6].mean(axis=(0, 1)), rtol=1e-12)
    w.heatmap.set_state({"roi": [0, 2, 1, 4]})  # dragged: rows y 0..2, columns x 1..4
    assert w.roi == {"x": (1, 4), "y": (0, 2)}
    np.testing.assert_allclose(w.spectrum, data[1:4, 0:2].mean(axis=(0, 1)), rtol=1e-12)
    w.roi = None
    w.interval = {"energy": (5, 12)}
    np.testing.assert_allclose(w.image, data[:, :, 5:12].sum(axis=2).T, rtol=1e-12)
    with pytest.raises(traitlets.TraitError, match="not a position"):
        w.roi = {"energy": (0, 2)}
    w.close()


def test_nsid_image_stack_slides_through_frames(tmp_path, rng):
    data = rng.random((4, 5, 7))
    frame = ("frame", "s", np.arange(4) * 0.1, "TEMPORAL")
    path, _ = write_nsid(tmp_path / "stack.h5", data, [frame, *_xy()], "IMAGE_STACK")
    w = explorer(path)
    assert w.image_dims == ("y", "x")
    assert [n for n in w.sliders.index if n not in w.sliders.hidden] == ["frame"]
    w.index = {"frame": 2}
    np.testing.assert_array_equal(w.image, data[2].T)
    w.sliders.set_state({"index": {**w.sliders.index, "frame": 3}})  # a slider step
    assert w.index["frame"] == 3
    np.testing.assert_array_equal(w.image, data[3].T)
    w.close()


def test_nsid_4d_stem_map_plane_and_virtual_detector(tmp_path, rng):
    data = rng.random((5, 6, 7, 8))
    k = [
        ("kx", "1/nm", np.arange(7) * 0.1, "RECIPROCAL"),
        ("ky", "1/nm", np.arange(8) * 0.1, "RECIPROCAL"),
    ]
    path, _ = write_nsid(tmp_path / "4d.h5", data, [*_xy(5, 6), *k], "IMAGE_4D")
    w = explorer(path)
    # the pattern as sidpy's 4D visualizer draws it, imshow(pattern): kx down the rows
    assert w.image_dims == ("y", "x") and w.second_dims == ("kx", "ky")
    assert w.second in w.views.children
    w.index = {"x": 1, "y": 2, "kx": 3, "ky": 4}
    np.testing.assert_array_equal(w.image, data[:, :, 3, 4].T)
    np.testing.assert_array_equal(w.plane, data[1, 2])
    w.second.set_state({"roi": [1, 5, 2, 6]})  # a detector: rows kx 1..5, columns ky 2..6
    assert w.interval == {"kx": (1, 5), "ky": (2, 6)}
    np.testing.assert_allclose(w.image, data[:, :, 1:5, 2:6].sum(axis=(2, 3)).T, rtol=1e-12)
    w.close()


def test_complex_nsid_offers_its_components(tmp_path, rng):
    data = rng.normal(size=(5, 7, 6)) + 1j * rng.normal(size=(5, 7, 6))
    freq = ("frequency", "kHz", 300.0 + np.arange(6), "SPECTRAL")
    path, _ = write_nsid(tmp_path / "complex.h5", data, [*_xy(), freq], "SPECTRAL_IMAGE")
    w = explorer(path)
    assert w.components == ["amplitude", "phase", "phase (degrees)", "real", "imaginary"]
    w.index = {"x": 4, "y": 1, "frequency": 2}
    np.testing.assert_allclose(w.image, np.abs(data[:, :, 2]).T)
    w.component = "phase"
    np.testing.assert_allclose(w.image, np.angle(data[:, :, 2]).T)
    np.testing.assert_allclose(w.spectrum, np.angle(data[4, 1, :]))
    w.component = "real"
    np.testing.assert_allclose(w.spectrum, data[4, 1, :].real)
    w.close()


# -- plain HDF5 --------------------------------------------------------------------------------
def test_plain_hdf5_array_is_a_stack_of_index_axes(tmp_path, rng):
    data = rng.random((3, 4, 6)).astype(np.float32)
    path = tmp_path / "plain.h5"
    with h5py.File(path, "w") as f:
        f["scan/frames"] = data
    w = explorer(str(path))
    assert w.dataset == "/scan/frames" and w.md.kind == "hdf5"
    assert [d.name for d in w.md.dims] == ["dim_0", "dim_1", "dim_2"]
    assert w.image_dims == ("dim_1", "dim_2")  # numpy's order: rows first
    w.index = {"dim_0": 2}
    np.testing.assert_array_equal(w.image, data[2])
    assert [n for n in w.sliders.index if n not in w.sliders.hidden] == ["dim_0"]
    w.close()


def test_plain_hdf5_array_takes_names_units_values_from_its_dimension_scales(tmp_path, rng):
    data = rng.random((6, 40))
    path = tmp_path / "scales.h5"
    with h5py.File(path, "w") as f:
        dset = f.create_dataset("spectra", data=data)
        for i, (name, units, values) in enumerate(
            [("time", "s", np.arange(6) * 2.0), ("wavelength", "nm", 400.0 + np.arange(40))]
        ):
            scale = f.create_dataset(name, data=values)
            scale.attrs["units"] = units
            scale.make_scale(name)
            dset.dims[i].attach_scale(scale)
    w = explorer(str(path))
    assert w.dataset == "/spectra"
    dims = {d.name: d for d in w.md.dims}
    assert set(dims) == {"time", "wavelength"}
    assert dims["wavelength"].units == "nm"
    np.testing.assert_array_equal(dims["wavelength"].values, 400.0 + np.arange(40))
    np.testing.assert_array_equal(dims["time"].values, np.arange(6) * 2.0)
    assert _axis(w.heatmap, "y") == ("time", "s")
    assert _axis(w.heatmap, "x") == ("wavelength", "nm")
    np.testing.assert_array_equal(w.image, data)
    w.close()


# -- arrays in memory --------------------------------------------------------------------------
def test_numpy_array_with_dims(rng):
    data = 10.0 + rng.random((4, 5, 30))  # tens of pA: the plot keeps pA
    dims = [
        ("y", "µm", np.arange(4) * 2.0, "position"),
        ("x", "µm", np.arange(5) * 2.0, "position"),
        ("bias", "V", np.linspace(-1, 1, 30), "spectroscopic"),
    ]
    w = explorer(data, dims=dims, quantity="Current", units="pA", name="iv")
    assert w.dataset == "iv" and w.md.kind == "array" and w.file is None
    assert w.image_dims == ("y", "x") and w.plot_dim == "bias"
    w.index = {"y": 1, "x": 4, "bias": 7}
    np.testing.assert_array_equal(w.image, data[:, :, 7])
    np.testing.assert_array_equal(w.spectrum, data[1, 4])
    assert w.plot.x_axis.label == "bias (V)" and w.plot.y_axis.label == "Current (pA)"
    assert _axis(w.heatmap, "x") == ("x", "µm")
    w.close()


def test_array_keywords_are_refused_for_file_sources_and_sidpy(nsid_image, rng):
    path, dset, data = nsid_image
    with pytest.raises(TypeError, match="dims describe a numpy or dask array, not a str"):
        explorer(path, dims=["a", "b"])
    with h5py.File(path, "r") as f:
        with pytest.raises(TypeError, match="units describe a numpy or dask array"):
            explorer(f[dset], units="V")
    ds = sidpy_dataset(data, _xy(), "IMAGE")
    with pytest.raises(TypeError, match="Dataset carries its own dims"):
        explorer(ds, dims=["a", "b"])
    with pytest.raises(TypeError, match="NDDataset carries its own dims"):
        explorer(from_array(data), name="again")
    with pytest.raises(ValueError, match="dims has 1 entries for an array of 2 dimensions"):
        explorer(rng.random((3, 4)), dims=["a"])


def test_dask_array_is_read_by_chunks(rng):
    data = rng.random((6, 8, 10))
    w = explorer(da.from_array(data, chunks=(2, 8, 5)))
    assert w.md.kind == "array" and w.image_dims == ("dim_1", "dim_2")
    w.index = {"dim_0": 5}
    np.testing.assert_array_equal(w.image, data[5])
    w.close()


@pytest.mark.parametrize("backing", ["numpy", "dask"])
def test_sidpy_dataset_in_memory(backing, rng):
    data = rng.random((5, 7, 20))
    source = data if backing == "numpy" else da.from_array(data, chunks=(5, 7, 4))
    energy = ("energy", "eV", 100.0 + np.arange(20) * 0.5, "SPECTRAL")
    ds = sidpy_dataset(source, [*_xy(), energy], "SPECTRAL_IMAGE", title="EELS map")
    w = explorer(ds)
    assert w.md.kind == "sidpy" and w.dataset == "EELS map" and w.file is None
    assert w.image_dims == ("y", "x") and w.plot_dim == "energy"
    w.index = {"x": 2, "y": 5, "energy": 9}
    np.testing.assert_array_equal(w.image, data[:, :, 9].T)
    np.testing.assert_array_equal(w.spectrum, data[2, 5])
    assert w.plot.x_axis.label == "energy (eV)"
    assert w.plot.y_axis.label == "Intensity (counts)"
    assert w.code().splitlines() == [
        "# data: as given to explorer() (code holds no arrays)",
        'explorer(data, index={"y": 5, "energy": 9})',  # x = 2 is where it opens
    ]
    w.close()


# -- pins, line profile, state and code, picture -------------------------------------------
def test_pins_and_line_profile_on_nsid(nsid_spectral):
    path, _dset, data = nsid_spectral
    w = explorer(path)
    w.index = {"energy": 3}
    w.pins = [{"x": 4, "y": 0}, {"roi": {"x": (0, 2), "y": (1, 3)}}]
    np.testing.assert_array_equal(w.pinned_lines[0], data[4, 0])
    np.testing.assert_allclose(w.pinned_lines[1], data[0:2, 1:3].mean(axis=(0, 1)), rtol=1e-12)
    # a line along row y=2 of the map, from column x=0 to x=4: the data's x axis at y=2
    w.line = ((2, 0), (2, 4))
    np.testing.assert_allclose(w.profile.values, data[0:5, 2, 3])
    assert w.profile.distance_unit == "nm"
    np.testing.assert_allclose(w.profile.distance, np.arange(5) * 0.5)
    w.close()


def test_state_and_code_bring_back_an_nsid_view(nsid_spectral):
    path, dset, _data = nsid_spectral
    w = explorer(path)
    w.index = {"x": 1, "energy": 9}
    w.roi = {"x": (0, 3), "y": (2, 4)}
    code = w.code()
    assert code.splitlines()[:3] == ["explorer(", f'    "{path}",', f'    dataset="{dset}",']
    again = eval(code, {"explorer": explorer})
    assert again.state == w.state
    np.testing.assert_array_equal(again.spectrum, w.spectrum)
    again.close()
    w.close()


def test_code_of_an_array_names_it_and_brings_the_view_back(rng):
    data = rng.random((4, 5, 30))
    dims = ["y", "x", ("bias", "V", np.linspace(-1, 1, 30))]
    w = explorer(data, dims=dims, units="pA")
    w.index = {"bias": 3}
    code = w.code()
    assert code == (
        "# data, dims: as given to explorer() (code holds no arrays)\n"
        'explorer(data, dims=dims, units="pA", index={"bias": 3})'
    )
    again = eval(code.splitlines()[1], {"explorer": explorer, "data": data, "dims": dims})
    assert again.state == w.state
    again.close()
    plain = explorer(data)
    assert plain.code().splitlines() == [
        "# data: as given to explorer() (code holds no arrays)",
        "explorer(data)",
    ]
    plain.close()
    w.close()


def test_picture_of_an_nsid_view(nsid_spectral, tmp_path):
    pytest.importorskip("matplotlib")
    path, _dset, _data = nsid_spectral
    w = explorer(path)
    fig = w.to_matplotlib()
    image_ax, plot_ax = fig.axes[0], fig.axes[1]
    np.testing.assert_array_equal(np.asarray(image_ax.images[0].get_array()), w.image)
    assert image_ax.get_xlabel() == "x (nm)" and image_ax.get_ylabel() == "y (nm)"
    assert plot_ax.get_xlabel() == "energy (eV)"
    assert plot_ax.get_ylabel() == "Intensity (counts)"
    # the static PNG published with the view (for notebooks opened without a kernel)
    png = base64.b64decode(png_bundle(w, "key")["image/png"])
    width, height = picture.png_size(png)
    assert width * 7 == height * 5  # 5 x across (the first dim), 7 y down: as sidpy draws it
    saved = w.save(tmp_path / "view.png")  # no browser: matplotlib's picture
    assert saved.source == "matplotlib" and saved.done
    assert (tmp_path / "view.png").read_bytes()[:4] == b"\x89PNG"
    w.close()
