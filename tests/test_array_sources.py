"""Arrays in memory and plain HDF5 datasets as sources: from_array, open_dataset (issue 18).

numpy and dask arrays with and without ``dims``, plain numeric HDF5 datasets of 1 to 4
dimensions: the dims (names, units, values, kinds), the default view, every selection equal
to numpy's, dask read chunk by chunk, and the messages for what cannot be shown.
"""

from __future__ import annotations

import h5py
import nsid_fixtures as nf
import numpy as np
import pytest

from usid_widgets.model.slicing import Slicer, default_plan
from usid_widgets.reader import from_array, open_dataset
from usid_widgets.reader import reduce as reductions


@pytest.mark.parametrize(
    "shape, kinds, image, plot, second",
    [
        ((50,), ["spectroscopic"], None, "dim_0", None),
        ((6, 9), ["position", "position"], ("dim_0", "dim_1"), None, None),
        ((4, 6, 9), ["spectroscopic", "position", "position"], ("dim_1", "dim_2"), "dim_0", None),
        (
            (3, 4, 5, 6),
            ["position", "position", "spectroscopic", "spectroscopic"],
            ("dim_0", "dim_1"),
            None,
            ("dim_2", "dim_3"),
        ),
    ],
)
def test_numpy_without_dims(shape, kinds, image, plot, second):
    a = nf.structured(shape, 20)
    md = from_array(a)
    assert md.kind == "array" and md.rows_first is True
    assert [d.name for d in md.dims] == [f"dim_{i}" for i in range(len(shape))]
    assert [d.kind for d in md.dims] == kinds
    assert all(d.units == "" for d in md.dims)
    for d, n in zip(md.dims, shape, strict=True):
        np.testing.assert_array_equal(d.values, np.arange(n))
    plan = default_plan(md)
    assert (plan.image_dims, plan.plot_dim, plan.second_dims) == (image, plot, second)
    np.testing.assert_array_equal(md.isel(), a)
    for axis, d in enumerate(md.dims):
        for i in (0, d.size - 1):
            np.testing.assert_array_equal(md.isel({d.name: i}), np.take(a, i, axis=axis))
    if image:
        index = {d.name: d.size - 1 for d in md.dims}
        key = tuple(slice(None) if d.name in image else index[d.name] for d in md.dims)
        np.testing.assert_array_equal(Slicer(md).image(index, image, None), a[key])


def test_dims_given_as_names_tuples_and_kinds():
    a = nf.structured((5, 7, 11), 21)
    energy = np.linspace(0.0, 1.0, 11)
    md = from_array(
        a,
        ["row", ("col", "um", np.arange(7) * 0.5), ("E", "eV", energy, "spectroscopic")],
        quantity="counts",
        units="1/s",
        name="my map",
    )
    assert [(d.name, d.units) for d in md.dims] == [("row", ""), ("col", "um"), ("E", "eV")]
    # given kinds stand; the others default to position for a 3-d array with one spectral dim
    assert md.dim("E").kind == "spectroscopic"
    np.testing.assert_array_equal(md.dim("col").values, np.arange(7) * 0.5)
    np.testing.assert_array_equal(md.dim("E").values, energy)
    assert (md.quantity, md.units, md.path) == ("counts", "1/s", "my map")
    np.testing.assert_array_equal(md.isel(E=4), a[:, :, 4])


def test_axes_given_no_kind_take_the_other_kind():
    # one kind named: the axes given none are the map's unless the named one is a position
    a = np.zeros((4, 5, 6))
    v = np.arange(6.0)
    md = from_array(a, dims=[("y", "m", None), ("x", "m", None), ("bias", "V", v, "spectroscopic")])
    assert [d.kind for d in md.dims] == ["position", "position", "spectroscopic"]
    assert default_plan(md).image_dims == ("y", "x") and default_plan(md).plot_dim == "bias"
    md = from_array(a, dims=[("t", "s", None, "position"), "a", "b"])
    assert [d.kind for d in md.dims] == ["position", "spectroscopic", "spectroscopic"]
    md = from_array(a, dims=[("t", "s", None, "TEMPORAL"), "y", "x"])
    assert [d.kind for d in md.dims] == ["spectroscopic", "position", "position"]


def test_dims_with_nsid_types_decide_the_map():
    """Dimension types in dims: SPATIAL dims form the map, whatever their place."""
    a = nf.structured((10, 4, 6), 22)
    md = from_array(
        a, [("E", "eV", None, "SPECTRAL"), ("y", "m", None, "SPATIAL"), ("x", "m", None, "SPATIAL")]
    )
    assert [d.kind for d in md.dims] == ["spectroscopic", "position", "position"]
    plan = default_plan(md)
    assert plan.image_dims == ("y", "x") and plan.plot_dim == "E"
    mean, n = reductions.region_mean(md, {"y": (1, 3), "x": (0, 6)})
    np.testing.assert_allclose(mean, a[:, 1:3, :].astype(np.float64).mean(axis=(1, 2)))
    assert n == 12


@pytest.mark.parametrize(
    "dims, message",
    [
        (["a", "b"], "dims has 2 entries for an array of 3 dimensions"),
        (["a", ("b", "m", np.arange(3)), "c"], "the values of 'b' must be 4 numbers"),
        (["a", ("b", "m", ["p", "q", "r", "s"]), "c"], "the values of 'b' must be 4 numbers"),
        (["a", {"name": "b"}, "c"], r"dims\[1\] must be a name or \(name, units, values"),
    ],
)
def test_bad_dims_are_named(dims, message):
    with pytest.raises(ValueError, match=message):
        from_array(np.zeros((2, 4, 3)), dims, name="arr")


@pytest.mark.parametrize(
    "array, message",
    [
        (np.array(["a", "b"]), "arr cannot be shown: it holds values of type <U1, not numbers"),
        (np.float64(3.0), "arr cannot be shown: it is a single value"),
        (np.zeros((3, 0)), r"arr cannot be shown: it is empty \(shape \(3, 0\)\)"),
    ],
)
def test_arrays_that_cannot_be_shown(array, message):
    with pytest.raises(ValueError, match=message):
        from_array(array, name="arr")


def test_open_dataset_takes_arrays_and_lists():
    a = nf.structured((4, 5), 23)
    assert open_dataset(a).kind == "array"
    np.testing.assert_array_equal(from_array(a.tolist()).isel(), a.astype(np.float64))


def test_complex_numpy_components():
    a = nf.structured((4, 5, 6), 24, np.complex64)
    md = from_array(a, [("y", "", None, "SPATIAL"), ("x", "", None, "SPATIAL"), "f"])
    assert md.components == ["amplitude", "phase", "real", "imaginary"]
    s = Slicer(md)
    index = {"y": 1, "x": 2, "f": 3}
    np.testing.assert_array_equal(s.line(index, "f", "phase"), np.angle(a[1, 2]))
    np.testing.assert_array_equal(s.image(index, ("y", "x"), "real"), a[:, :, 3].real)


def test_dask_array_reads_only_needed_chunks():
    da = pytest.importorskip("dask.array")
    data = nf.structured((12, 10, 32), 25)
    counter = nf.CountingArray(data)
    arr = da.from_array(counter, chunks=(4, 5, 8), asarray=False, lock=False, fancy=False)
    md = from_array(arr, [("x", "", None, "SPATIAL"), ("y", "", None, "SPATIAL"), "E"])
    counter.reset()
    np.testing.assert_array_equal(md.isel(x=5, y=6), data[5, 6])
    assert len(counter.reads) == 4 and counter.cells == 4 * 4 * 5 * 8
    counter.reset()
    np.testing.assert_array_equal(md.isel(E=17), data[:, :, 17])
    assert len(counter.reads) == 6 and counter.cells == 6 * 4 * 5 * 8
    counter.reset()
    total, _ = reductions.interval_sum(md, {"E": (8, 16)})
    np.testing.assert_allclose(total, data[:, :, 8:16].astype(np.float64).sum(axis=2))
    assert counter.cells == data.size // 4  # the one chunk column of E holding 8..15


# --------------------------------------------------------------------------------------------
# plain HDF5 datasets


def test_plain_hdf5_datasets(tmp_path):
    path = tmp_path / "plain.h5"
    arrays = {
        "line": nf.structured((40,), 26),
        "image": nf.structured((6, 9), 27),
        "stack": nf.structured((3, 6, 9), 28),
        "scan": nf.structured((3, 4, 5, 6), 29).astype(np.int16),
    }
    with h5py.File(path, "w") as f:
        for name, a in arrays.items():
            f.create_dataset(f"g/{name}", data=a, chunks=True if a.ndim > 1 else None)
    with h5py.File(path, "r") as f:
        for name, a in arrays.items():
            md = open_dataset(f, f"g/{name}")
            assert md.kind == "hdf5" and md.rows_first is True and md.notes == []
            assert md.quantity == name and md.units == ""
            assert md.dim_names == [f"dim_{i}" for i in range(a.ndim)]
            np.testing.assert_array_equal(md.isel(), a)
            for axis, d in enumerate(md.dims):
                i = d.size // 2
                np.testing.assert_array_equal(md.isel({d.name: i}), np.take(a, i, axis=axis))
        md = open_dataset(f["g/scan"])
        plan = default_plan(md)
        assert plan.image_dims == ("dim_0", "dim_1") and plan.second_dims == ("dim_2", "dim_3")
        pattern = Slicer(md).image(
            {"dim_0": 2, "dim_1": 3, "dim_2": 0, "dim_3": 0}, plan.second_dims, None
        )
        np.testing.assert_array_equal(pattern, arrays["scan"][2, 3])
        with pytest.raises(TypeError, match="the dataset path is missing"):
            open_dataset(f)
        with pytest.raises(KeyError, match="no object 'g/nothing'"):
            open_dataset(f, "g/nothing")
        with pytest.raises(ValueError, match="^g is a group, not a dataset"):
            open_dataset(f, "g")
