"""The reader against sidpy's own view of NSID files and sidpy Datasets (issue 18).

Every fixture of ``nsid_fixtures`` is written by pyNSID and read back by pyNSID's reader
(``pyNSID.io.hdf_utils.read_h5py_dataset``): the dims the reader gives (names, units, values,
order) and every selection it reads must equal that sidpy Dataset's. Images must come out as
sidpy's own ``plot()`` draws them (matplotlib Agg, the array of the drawn image).
"""

from __future__ import annotations

import warnings
from itertools import product

import h5py
import nsid_fixtures as nf
import numpy as np
import pytest

from usid_widgets.model.slicing import Slicer, default_plan
from usid_widgets.reader import (
    find_datasets,
    from_array,
    from_sidpy,
    nsid_problems,
    open_dataset,
)
from usid_widgets.reader import reduce as reductions

sidpy = pytest.importorskip("sidpy")
pytest.importorskip("pyNSID")
from pyNSID.io.hdf_utils import read_h5py_dataset  # noqa: E402

CASES = list(nf.SPECS)
AFM_FILES = ("AFM_PMN28Pt0000.h5", "AFM_PTO_Funakubo0001.h5")


def _pynsid(dset: h5py.Dataset):
    """pyNSID's reading of ``dset``: a sidpy Dataset (its data in memory)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_h5py_dataset(dset)


def _sidpy_dims(sid) -> list[tuple[str, str, np.ndarray, str]]:
    """(name, units, values, dimension_type) of each of a sidpy Dataset's dims, in order."""
    out = []
    for i in range(sid.ndim):
        d = sid._axes[i]
        out.append((d.name, d.units, np.asarray(d.values, dtype=np.float64), d.dimension_type.name))
    return out


def _check_dims(md, sid, kinds) -> None:
    expected = _sidpy_dims(sid)
    assert [d.name for d in md.dims] == [e[0] for e in expected]
    assert [d.units for d in md.dims] == [e[1] for e in expected]
    for d, e in zip(md.dims, expected, strict=True):
        np.testing.assert_array_equal(d.values, e[2], err_msg=d.name)
    assert [d.kind for d in md.dims] == kinds
    assert md.shape == tuple(sid.shape)


def _check_selections(md, truth: np.ndarray) -> None:
    """Every single-index selection, every spectrum (all position dims fixed) and every map
    (all spectroscopic dims fixed) equals numpy's indexing of ``truth``."""
    names = md.dim_names
    np.testing.assert_array_equal(md.isel(), truth)
    for axis, name in enumerate(names):
        for i in range(truth.shape[axis]):
            got = md.isel({name: i})
            np.testing.assert_array_equal(got, np.take(truth, i, axis=axis), err_msg=f"{name}={i}")
    for kind in ("position", "spectroscopic"):
        fixed = [a for a, d in enumerate(md.dims) if d.kind == kind]
        if not fixed or len(fixed) == len(names):
            continue
        for idx in product(*(range(truth.shape[a]) for a in fixed)):
            sel = {names[a]: i for a, i in zip(fixed, idx, strict=True)}
            key = tuple(sel.get(n, slice(None)) for n in names)
            np.testing.assert_array_equal(md.isel(sel), truth[key], err_msg=str(sel))


def _plan_of(spec: nf.Spec):
    return (spec.image_dims, spec.plot_dim, spec.second_dims)


# --------------------------------------------------------------------------------------------
# NSID files against pyNSID's reader


@pytest.mark.parametrize("name", CASES)
def test_nsid_file_dims_equal_pynsid(nsid_catalogue, name):
    case = nsid_catalogue[name]
    with h5py.File(case.path, "r") as f:
        dset = f[case.dataset]
        sid = _pynsid(dset)
        md = open_dataset(dset)
        assert md.kind == "nsid" and md.rows_first is False
        _check_dims(md, sid, case.spec.kinds)
        assert [e[3] for e in _sidpy_dims(sid)] == [d.dimension_type for d in case.spec.dims]
        assert (md.quantity, md.units) == (sid.quantity, sid.units)
        assert md.attrs["data_type"] == case.spec.data_type == sid.data_type.name
        assert md.notes == [] and nsid_problems(dset) == []
        assert md.path == case.dataset and md.dtype == case.spec.data.dtype
        plan = default_plan(md)
        assert (plan.image_dims, plan.plot_dim, plan.second_dims) == _plan_of(case.spec)


@pytest.mark.parametrize("name", CASES)
def test_nsid_file_selections_equal_pynsid(nsid_catalogue, name):
    case = nsid_catalogue[name]
    with h5py.File(case.path, "r") as f:
        sid = _pynsid(f[case.dataset])
        md = open_dataset(f, case.dataset)
        truth = np.asarray(sid)
        # pyNSID reads real data as float64: the file's float32 values, exactly
        np.testing.assert_array_equal(truth, case.spec.data)
        _check_selections(md, truth.astype(case.spec.data.dtype))


@pytest.mark.parametrize("name", CASES)
def test_nsid_path_opened_and_found(nsid_catalogue, name):
    """A path opens read-only, is owned (closed by close()), and find_datasets lists the one
    NSID dataset (its dimension scales left out)."""
    case = nsid_catalogue[name]
    md = open_dataset(str(case.path), case.dataset)
    try:
        assert md.file.mode == "r"
        np.testing.assert_array_equal(md.isel(), case.spec.data)
    finally:
        md.close()
    assert md.closed
    found = find_datasets(str(case.path))
    assert [(d.name, k) for d, k in found] == [(case.dataset, "nsid")]
    found[0][0].file.close()


@pytest.mark.parametrize("name", CASES)
def test_sidpy_in_memory_equals_the_written_dataset(nsid_catalogue, name):
    """from_sidpy on the Dataset pyNSID wrote and on pyNSID's reading of the file: the same
    dims, kinds, plan and values as the file read by open_dataset."""
    case = nsid_catalogue[name]
    written = case.spec.sidpy()
    md = from_sidpy(written)
    assert md.kind == "sidpy" and md.rows_first is False
    _check_dims(md, written, case.spec.kinds)
    assert (md.quantity, md.units) == (case.spec.quantity, case.spec.units)
    assert md.attrs["data_type"] == case.spec.data_type
    assert md.attrs["metadata"]["instrument"]["voltage_kV"] == 200
    assert md.attrs["original_metadata"] == {"Header": {"Magnification": 1000}}
    plan = default_plan(md)
    assert (plan.image_dims, plan.plot_dim, plan.second_dims) == _plan_of(case.spec)
    _check_selections(md, case.spec.data)
    # open_dataset and from_array route sidpy Datasets to from_sidpy
    assert open_dataset(written).kind == "sidpy"
    assert from_array(written).kind == "sidpy"
    with h5py.File(case.path, "r") as f:
        back = from_sidpy(_pynsid(f[case.dataset]))
    _check_dims(back, written, case.spec.kinds)
    np.testing.assert_array_equal(back.isel(), np.asarray(written))


@pytest.mark.parametrize("name", CASES)
def test_from_array_with_dimension_types(nsid_catalogue, name):
    """from_array(data, dims=[(name, units, values, dimension_type)]) is the same view."""
    spec = nsid_catalogue[name].spec
    dims = [(d.name, d.units, d.values, d.dimension_type) for d in spec.dims]
    md = from_array(spec.data, dims, quantity=spec.quantity, units=spec.units, name=spec.title)
    assert md.kind == "array" and md.rows_first is True
    assert [d.kind for d in md.dims] == spec.kinds
    assert [d.name for d in md.dims] == [d.name for d in spec.dims]
    for d, e in zip(md.dims, spec.dims, strict=True):
        np.testing.assert_array_equal(d.values, e.values)
    _check_selections(md, spec.data)


# --------------------------------------------------------------------------------------------
# views and reductions


@pytest.mark.parametrize("name", ["spectral_image", "image_stack", "four_d_stem", "complex"])
@pytest.mark.parametrize("source", ["file", "sidpy"])
def test_reductions_equal_numpy(nsid_catalogue, name, source):
    case = nsid_catalogue[name]
    spec = case.spec
    f = h5py.File(case.path, "r")
    try:
        md = open_dataset(f, case.dataset) if source == "file" else from_sidpy(spec.sidpy())
        comp = "amplitude" if spec.data.dtype.kind == "c" else None
        data = np.abs(spec.data) if comp else spec.data
        data = data.astype(np.float64)
        pos = [a for a, k in enumerate(spec.kinds) if k == "position"]
        steps = [a for a, k in enumerate(spec.kinds) if k != "position"]
        # a box over every position dim: the mean over it of each step
        ranges = {md.dims[a].name: (1, md.dims[a].size - 1) for a in pos}
        box = tuple(
            slice(1, data.shape[a] - 1) if a in pos else slice(None) for a in range(data.ndim)
        )
        mean, n = reductions.region_mean(md, ranges, comp=comp)
        np.testing.assert_allclose(mean, data[box].mean(axis=tuple(pos)), rtol=1e-12)
        assert n == int(np.prod([data.shape[a] - 2 for a in pos]))
        # an interval over every step dim: the sum over it at each position
        ranges = {md.dims[a].name: (1, min(4, md.dims[a].size)) for a in steps}
        box = tuple(
            slice(1, min(4, data.shape[a])) if a in steps else slice(None)
            for a in range(data.ndim)
        )
        total, n = reductions.interval_sum(md, ranges, comp=comp)
        np.testing.assert_allclose(total, data[box].sum(axis=tuple(steps)), rtol=1e-12)
        # the Slicer's reduced views are the same arrays, in the plan's dims order
        plan = default_plan(md)
        index = {d.name: d.size // 2 for d in md.dims}
        slicer = Slicer(md)
        image = slicer.image(index, plan.image_dims, comp, interval=ranges)
        kept = [md.dims[a].name for a in pos]
        expect = np.transpose(
            data[box].sum(axis=tuple(steps)), [kept.index(d) for d in plan.image_dims]
        )
        np.testing.assert_allclose(image, expect, rtol=1e-12)
    finally:
        f.close()


@pytest.mark.parametrize("name", CASES)
def test_slicer_views_equal_numpy(nsid_catalogue, name):
    """The plan's image (its first dim down the rows), line and plane equal numpy's."""
    case = nsid_catalogue[name]
    data = case.spec.data
    comp = "amplitude" if data.dtype.kind == "c" else None
    real = np.abs(data) if comp else data
    with h5py.File(case.path, "r") as f:
        md = open_dataset(f, case.dataset)
        plan = default_plan(md)
        slicer = Slicer(md)
        names = md.dim_names
        index = {d.name: (3 * d.size) // 4 for d in md.dims}
        for dims, get in (
            (plan.image_dims, slicer.image),
            (plan.second_dims, slicer.image),
            ((plan.plot_dim,) if plan.plot_dim else None, slicer.line),
        ):
            if dims is None:
                continue
            key = tuple(slice(None) if n in dims else index[n] for n in names)
            kept = [n for n in names if n in dims]
            expect = np.transpose(real[key], [kept.index(d) for d in dims])
            got = get(index, dims if len(dims) == 2 else dims[0], comp)
            np.testing.assert_array_equal(got, expect, err_msg=str(dims))


# --------------------------------------------------------------------------------------------
# orientation: as sidpy's own plot() draws it


def _sidpy_plot_arrays(sid) -> list[np.ndarray]:
    """The arrays sidpy's ``plot()`` puts on screen, one per image drawn (row 0 first, as
    imshow holds it), in the order of the figure's axes."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sid.plot()
    fig = plt.gcf()
    try:
        return [np.asarray(im.get_array()) for ax in fig.axes for im in ax.images]
    finally:
        plt.close("all")


def _sidpy_plot_array(sid) -> np.ndarray:
    images = _sidpy_plot_arrays(sid)
    assert len(images) == 1
    return images[0]


def _view_image(md) -> np.ndarray:
    plan = default_plan(md)
    return Slicer(md).image({d.name: 0 for d in md.dims}, plan.image_dims, None)


def test_orientation_nsid_file_equals_sidpy_plot(nsid_catalogue):
    case = nsid_catalogue["nonsquare"]
    with h5py.File(case.path, "r") as f:
        sid = _pynsid(f[case.dataset])
        drawn = _sidpy_plot_array(sid)
        image = _view_image(open_dataset(f, case.dataset))
    assert drawn.shape == (24, 40)  # y down the rows, x along the columns
    assert image.shape == drawn.shape
    np.testing.assert_array_equal(image, drawn.astype(np.float32))
    np.testing.assert_array_equal(image, case.spec.data.T)


def test_orientation_sidpy_dataset_equals_its_plot(nsid_catalogue):
    for chunks in ("auto", (7, 5)):
        sid = nsid_catalogue["nonsquare"].spec.sidpy(chunks=chunks)
        drawn = _sidpy_plot_array(sid)
        image = _view_image(from_sidpy(sid))
        assert image.shape == drawn.shape == (24, 40)
        np.testing.assert_array_equal(image, drawn)


@pytest.mark.parametrize("source", ["file", "sidpy"])
def test_orientation_of_every_view_equals_sidpy_plot(nsid_catalogue, source):
    """sidpy's visualizers for a spectral image (the map of the mean spectrum), a stack (frame
    0) and 4D-STEM (the map of the mean pattern, the pattern at scan position 0, 0 drawn
    untransposed): the explorer's default views hold the same arrays, in the same orientation
    (the means from the reader's reductions)."""

    def open_case(name, f):
        case = nsid_catalogue[name]
        return open_dataset(f[name], case.dataset) if source == "file" else from_sidpy(
            case.spec.sidpy()
        )

    files = {n: h5py.File(nsid_catalogue[n].path, "r") for n in ("spectral_image",
                                                                  "image_stack",
                                                                  "four_d_stem")}
    try:
        # spectral image: the map of the mean over energy, x along the columns
        md = open_case("spectral_image", files)
        (drawn,) = _sidpy_plot_arrays(nsid_catalogue["spectral_image"].spec.sidpy())
        plan = default_plan(md)
        n = md.dim("energy").size
        image = Slicer(md).image(
            {d.name: 0 for d in md.dims}, plan.image_dims, None, interval={"energy": (0, n)}
        )
        assert image.shape == drawn.shape == (10, 12)
        np.testing.assert_allclose(image / n, drawn, rtol=1e-5)
        # image stack: frame 0, x along the columns
        md = open_case("image_stack", files)
        (drawn,) = _sidpy_plot_arrays(nsid_catalogue["image_stack"].spec.sidpy())
        np.testing.assert_array_equal(_view_image(md), drawn)
        # 4D-STEM: the mean-pattern map (x along the columns) and the pattern (u down the rows)
        md = open_case("four_d_stem", files)
        scan, pattern = _sidpy_plot_arrays(nsid_catalogue["four_d_stem"].spec.sidpy())
        plan = default_plan(md)
        index = {d.name: 0 for d in md.dims}
        slicer = Slicer(md)
        n = md.dim("u").size * md.dim("v").size
        image = slicer.image(index, plan.image_dims, None, interval={"u": (0, 9), "v": (0, 8)})
        assert image.shape == scan.shape == (5, 7)
        np.testing.assert_allclose(image / n, scan, rtol=1e-5)
        plane = slicer.image(index, plan.second_dims, None)
        assert plane.shape == pattern.shape == (9, 8)
        np.testing.assert_array_equal(plane, pattern)
    finally:
        for f in files.values():
            f.close()


def test_plain_arrays_keep_numpy_orientation():
    """A numpy array (no dimension types) is drawn as imshow(a) draws it: rows down."""
    data = nf.structured((40, 24), 11)
    md = from_array(data)
    assert default_plan(md).image_dims == ("dim_0", "dim_1")
    np.testing.assert_array_equal(_view_image(md), data)


# --------------------------------------------------------------------------------------------
# sidpy over dask: only the chunks a view needs are computed


def _chunk_ids(reads, chunks) -> list[tuple[int, ...]]:
    return [tuple(s.start // c for s, c in zip(key, chunks, strict=True)) for key in reads]


def _needed(chunks, shape, box) -> set[tuple[int, ...]]:
    """Chunks (of size ``chunks``) meeting ``box`` (an int or a (lo, hi) range per axis)."""
    per_axis = []
    for c, n, b in zip(chunks, shape, box, strict=True):
        lo, hi = (b, b + 1) if isinstance(b, int) else (b if b is not None else (0, n))
        per_axis.append(range(lo // c, (hi - 1) // c + 1))
    return set(product(*per_axis))


def test_sidpy_dask_reads_only_the_chunks_a_view_needs():
    spec = nf.spec_spectral_image()  # 12 x 10 x 32
    chunks = (4, 5, 8)
    sid, counter = nf.sidpy_counting(spec, chunks)
    md = from_sidpy(sid)
    shape = spec.data.shape
    plan = default_plan(md)
    slicer = Slicer(md)
    steps = [
        (lambda: md.isel(x=1, y=7), (1, 7, None)),  # a spectrum: 4 chunks of 30
        (lambda: md.isel(energy=19), (None, None, 19)),  # a map: 6 chunks
        (lambda: md.isel(x=9), (9, None, None)),
        (lambda: slicer.image({"x": 0, "y": 0, "energy": 30}, plan.image_dims, None),
         (None, None, 30)),
        (lambda: slicer.line({"x": 11, "y": 2, "energy": 0}, plan.plot_dim, None),
         (11, 2, None)),
    ]
    total_chunks = int(np.prod([-(-n // c) for n, c in zip(shape, chunks, strict=True)]))
    for step, box in steps:
        counter.reset()
        step()
        got = _chunk_ids(counter.reads, chunks)
        need = _needed(chunks, shape, box)
        assert set(got) == need, box
        assert len(got) == len(need) < total_chunks  # each needed chunk computed once
    # a region mean and an interval sum read the chunks of their box, each once
    counter.reset()
    mean, _ = reductions.region_mean(md, {"x": (2, 5), "y": (1, 3)})
    np.testing.assert_allclose(mean, spec.data[2:5, 1:3].astype(np.float64).mean(axis=(0, 1)))
    got = _chunk_ids(counter.reads, chunks)
    assert sorted(got) == sorted(_needed(chunks, shape, ((2, 5), (1, 3), None)))
    counter.reset()
    total, _ = reductions.interval_sum(md, {"energy": (9, 15)})
    np.testing.assert_allclose(total, spec.data[:, :, 9:15].astype(np.float64).sum(axis=2))
    got = _chunk_ids(counter.reads, chunks)
    assert sorted(got) == sorted(_needed(chunks, shape, (None, None, (9, 15))))


def test_sidpy_dask_4dstem_pattern_reads_one_chunk():
    """A 4D-STEM pattern stored one chunk per scan position is one chunk's read."""
    spec = nf.spec_4dstem()
    sid, counter = nf.sidpy_counting(spec, (1, 1, 9, 8))
    md = from_sidpy(sid)
    plan = default_plan(md)
    pattern = Slicer(md).image({"x": 3, "y": 2, "u": 0, "v": 0}, plan.second_dims, None)
    np.testing.assert_array_equal(pattern, spec.data[3, 2])
    assert _chunk_ids(counter.reads, (1, 1, 9, 8)) == [(3, 2, 0, 0)]


# --------------------------------------------------------------------------------------------
# files holding several datasets of several kinds


def test_find_datasets_kinds_in_a_mixed_file(tmp_path):
    path = tmp_path / "collection.h5"
    expected = nf.write_collection(path)
    with h5py.File(path, "r") as f:
        found = {d.name: k for d, k in find_datasets(f)}
        assert found == {p: k for p, k in expected.items() if k}
        # a plain dataset with dimension scales takes its axes from them
        md = open_dataset(f, "/scaled/map")
        assert md.kind == "hdf5" and md.rows_first is True
        assert [(d.name, d.units) for d in md.dims] == [("row_mm", "mm"), ("col_mm", "mm")]
        np.testing.assert_array_equal(md.dims[1].values, np.linspace(0, 1, 9))
        np.testing.assert_array_equal(md.isel(), f["scaled/map"][()])
        # without scales: index axes, the stack's last two axes are the image
        md = open_dataset(f, "/plain/stack")
        assert [(d.name, d.kind) for d in md.dims] == [
            ("dim_0", "spectroscopic"),
            ("dim_1", "position"),
            ("dim_2", "position"),
        ]
        np.testing.assert_array_equal(md.dims[2].values, np.arange(4))
        assert md.quantity == "stack"
        with pytest.raises(ValueError, match="/notes cannot be shown: it holds strings"):
            open_dataset(f, "/notes")


# --------------------------------------------------------------------------------------------
# broken NSID files: messages name the dataset and the problem


@pytest.mark.parametrize("name", list(nf.BAD))
def test_every_broken_file_answered_naming_the_dataset(nsid_bad, name):
    """Drawable ones open with one note naming the dataset and the problem, the others raise
    a ValueError naming them; find_datasets lists exactly the drawable ones."""
    bad = nsid_bad[name]
    with h5py.File(bad.path, "r") as f:
        listed = {d.name for d, _ in find_datasets(f)}
        if bad.drawable:
            md = open_dataset(f, bad.dataset)
            message = _note(md)
            assert message.startswith(f"NSID dataset {bad.dataset}: ")
            assert bad.dataset in listed
        else:
            with pytest.raises(ValueError) as err:
                open_dataset(f, bad.dataset)
            message = str(err.value)
            assert message.startswith(f"{bad.dataset} cannot be shown: ")
            assert bad.dataset not in listed
        for word in bad.words:
            assert word in message


def _note(md) -> str:
    assert len(md.notes) == 1, md.notes
    return md.notes[0]


def test_wrong_length_scale_shown_with_index_axes(nsid_bad, nsid_catalogue):
    bad = nsid_bad["wrong_length"]
    good = nsid_catalogue["nonsquare"].spec
    with h5py.File(bad.path, "r") as f:
        problems = nsid_problems(f[bad.dataset])
        assert problems == [
            "the dimension scale of 'y' has 27 values for 24 indices: shown as indices"
        ]
        md = open_dataset(f, bad.dataset)
        note = _note(md)
        assert note.startswith(f"NSID dataset {bad.dataset}: ")
        for word in bad.words:
            assert word in note
        y = md.dim("y")
        np.testing.assert_array_equal(y.values, np.arange(24))
        assert y.units == "" and y.kind == "position"
        np.testing.assert_array_equal(md.dim("x").values, good.dims[0].values)
        np.testing.assert_array_equal(_view_image(md), good.data.T)


def test_missing_scale_shown_with_index_axes_as_an_image(nsid_bad, nsid_catalogue):
    bad = nsid_bad["missing_scale"]
    good = nsid_catalogue["nonsquare"].spec
    with h5py.File(bad.path, "r") as f:
        assert nsid_problems(f[bad.dataset]) == ["dimension 1 has no dimension scale"]
        md = open_dataset(f, bad.dataset)
        note = _note(md)
        assert note == f"NSID dataset {bad.dataset}: dimension 1 has no dimension scale."
        # still an IMAGE (its data_type says so): both dims on the map, y as indices
        assert [d.kind for d in md.dims] == ["position", "position"]
        np.testing.assert_array_equal(md.dims[1].values, np.arange(24))
        assert md.dims[1].units == ""
        assert default_plan(md).image_dims == (md.dims[1].name, "x")
        np.testing.assert_array_equal(_view_image(md), good.data.T)
        assert bad.dataset in {d.name for d, _ in find_datasets(f)}


def test_unknown_data_type_noted(nsid_bad, nsid_catalogue):
    bad = nsid_bad["unknown_data_type"]
    good = nsid_catalogue["nonsquare"].spec
    with h5py.File(bad.path, "r") as f:
        problems = nsid_problems(f[bad.dataset])
        assert len(problems) == 1 and "'HOLOGRAM'" in problems[0] and "data_type" in problems[0]
        md = open_dataset(f, bad.dataset)
        note = _note(md)
        assert note.startswith(f"NSID dataset {bad.dataset}: its data_type 'HOLOGRAM'")
        # the dims keep their scales and types
        assert [(d.name, d.units, d.kind) for d in md.dims] == [
            ("x", "m", "position"),
            ("y", "m", "position"),
        ]
        np.testing.assert_array_equal(md.isel(), good.data)


def test_strings_with_nsid_attrs_refused_naming_the_dataset(nsid_bad):
    bad = nsid_bad["strings"]
    with h5py.File(bad.path, "r") as f:
        assert nsid_problems(f[bad.dataset]) == ["it holds strings, not numbers"]
        with pytest.raises(ValueError) as err:
            open_dataset(f, bad.dataset)
        assert str(err.value) == f"{bad.dataset} cannot be shown: it holds strings, not numbers"
        # not listed as viewable; the good image beside it is
        kinds = {d.name: k for d, k in find_datasets(f)}
        assert bad.dataset not in kinds
        assert list(kinds.values()) == ["nsid"]


def test_broken_file_still_opens_from_its_path(nsid_bad):
    """open_dataset(path) closes the file it opened when the dataset is refused."""
    bad = nsid_bad["strings"]
    with pytest.raises(ValueError, match="labels cannot be shown"):
        open_dataset(str(bad.path), bad.dataset)
    with h5py.File(bad.path, "r+"):  # not held open by the failed call
        pass


# --------------------------------------------------------------------------------------------
# the real AFM files of pycroscopy's community


@pytest.mark.parametrize("filename", AFM_FILES)
def test_real_afm_files(real_nsid, filename):
    path = real_nsid / filename
    if not path.is_file():
        pytest.skip(f"{filename} not found in {real_nsid}")
    with h5py.File(path, "r") as f:
        found = find_datasets(f)
        assert [k for _, k in found] == ["nsid"] * 4
        quantities = []
        for dset, _ in found:
            md = open_dataset(dset)
            sid = _pynsid(dset)
            assert md.notes == [] and nsid_problems(dset) == []
            assert md.shape == (256, 256)
            assert [d.name for d in md.dims] == ["x", "y"]
            assert [d.kind for d in md.dims] == ["position", "position"]
            for axis, d in enumerate(md.dims):
                scale = dset.dims[axis][0]
                # the file's own units (the phase channel's scales say "deg", as written)
                assert d.units == scale.attrs["units"]
                np.testing.assert_array_equal(d.values, scale[()])
            assert (md.quantity, md.units) == (dset.attrs["quantity"], dset.attrs["units"])
            assert (md.quantity, md.units) == (sid.quantity, sid.units)
            quantities.append((md.quantity, md.units))
            np.testing.assert_array_equal(md.isel(), np.asarray(sid).astype(np.float32))
            np.testing.assert_array_equal(_view_image(md), np.asarray(sid).T.astype(np.float32))
        assert quantities == [
            ("HeightRetrace", "m"),
            ("AmplitudeRetrace", "m"),
            ("DeflectionRetrace", "m"),
            ("PhaseRetrace", "deg"),
        ]
        height = open_dataset(found[0][0])
        for d in height.dims:
            assert d.units == "m"
            assert d.values[0] == 0 and d.values[-1] in (4e-6, 1e-6)


def test_real_afm_orientation_equals_sidpy_plot(real_nsid):
    path = real_nsid / AFM_FILES[0]
    if not path.is_file():
        pytest.skip(f"{path.name} not found")
    with h5py.File(path, "r") as f:
        dset = find_datasets(f)[0][0]
        drawn = _sidpy_plot_array(_pynsid(dset))
        np.testing.assert_array_equal(_view_image(open_dataset(dset)), drawn.astype(np.float32))


# --------------------------------------------------------------------------------------------
# dims without a type: sidpy's default (UNKNOWN), or a scale lost


@pytest.mark.parametrize(
    "data_type, shape, kinds",
    [
        ("IMAGE", (6, 4), ["position", "position"]),
        ("SPECTRUM", (9,), ["spectroscopic"]),
        ("SPECTRAL_IMAGE", (6, 4, 9), ["position", "position", "spectroscopic"]),
        ("IMAGE_STACK", (3, 6, 4), ["spectroscopic", "position", "position"]),
        ("IMAGE_4D", (3, 4, 5, 6), ["position", "position", "spectroscopic", "spectroscopic"]),
        ("UNKNOWN", (3, 6, 4), ["spectroscopic", "position", "position"]),
    ],
)
def test_untyped_dims_take_the_data_types_layout(tmp_path, data_type, shape, kinds):
    """sidpy.Dataset.from_array with only a data_type (dims a, b, c ... of type UNKNOWN):
    the data_type says which dims form the map, in the file and in memory alike."""
    data = nf.structured(shape, 30)
    sid = sidpy.Dataset.from_array(data, title="untyped")
    sid.data_type = data_type
    path = tmp_path / "untyped.h5"
    dset_path = nf.write_nsid(path, sid, name="untyped")
    with h5py.File(path, "r") as f:
        md = open_dataset(f, dset_path)
        assert [d.name for d in md.dims] == list("abcd"[: len(shape)])
        assert [d.kind for d in md.dims] == kinds
        assert md.notes == []
        np.testing.assert_array_equal(md.isel(), data)
    mem = from_sidpy(sid)
    assert [d.kind for d in mem.dims] == kinds


P, S = "position", "spectroscopic"


@pytest.mark.parametrize(
    "types, data_type, kinds",
    [
        (["SPATIAL", "SPATIAL", "SPECTRAL"], "UNKNOWN", [P, P, S]),
        (["SPECTRAL", "SPATIAL", "SPATIAL"], "SPECTRAL_IMAGE", [S, P, P]),
        (["SPATIAL", ""], "IMAGE", [P, P]),
        (["", "SPATIAL", "SPATIAL"], "IMAGE_STACK", [S, P, P]),
        (["SPATIAL", "SPATIAL", "UNKNOWN"], "UNKNOWN", [P, P, S]),
        # the data_type's layout is dropped where a typed dim contradicts it
        (["SPECTRAL", "SPATIAL", ""], "SPECTRAL_IMAGE", [S, P, S]),
        (["RECIPROCAL", "RECIPROCAL"], "IMAGE", [P, P]),
        (["SPATIAL", "SPATIAL", "RECIPROCAL", "RECIPROCAL"], "IMAGE_4D", [P, P, S, S]),
        (["TEMPORAL", "", ""], "UNKNOWN", [S, P, P]),
    ],
)
def test_kinds_from_types_and_data_type(types, data_type, kinds):
    from usid_widgets.reader.nd import nsid_kinds

    assert nsid_kinds(types, data_type) == kinds


def _scaled_file(path, scales) -> str:
    """A 3 x 4 NSID IMAGE whose two axes get the scales ``[(name, data, attrs)]`` (None: the
    same scale as the axis before)."""
    with h5py.File(path, "w") as f:
        d = f.create_dataset("img", data=nf.structured((3, 4), 31))
        d.attrs.update(quantity="height", units="m", data_type="IMAGE")
        made = None
        for axis, entry in enumerate(scales):
            if entry is not None:
                name, data, attrs = entry
                made = f.create_dataset(name, data=data)
                made.make_scale(name)
                made.attrs.update(attrs)
            d.dims[axis].attach_scale(made)
        return d.name


def test_scales_that_are_not_vectors_of_numbers_are_noted(tmp_path):
    path = tmp_path / "odd_scales.h5"
    name = _scaled_file(
        path,
        [
            ("channel", np.array([b"a", b"b", b"c"]), {"dimension_type": "SPATIAL"}),
            ("grid", np.zeros((4, 2)), {"dimension_type": "SPATIAL", "units": "m"}),
        ],
    )
    with h5py.File(path, "r") as f:
        problems = nsid_problems(f[name])
        assert problems == [
            "the dimension scale of 'channel' is not a vector of numbers: shown as indices",
            "the dimension scale of 'grid' has shape (4, 2), not one value per index: shown "
            "as indices",
        ]
        md = open_dataset(f, name)
        assert md.notes == [f"NSID dataset {name}: " + "; ".join(problems) + "."]
        assert [(d.name, d.units, d.kind) for d in md.dims] == [
            ("channel", "", "position"),
            ("grid", "", "position"),
        ]
        np.testing.assert_array_equal(md.dims[1].values, np.arange(4))
        np.testing.assert_array_equal(md.isel(), f[name][()])


def test_one_scale_on_two_axes_gets_two_names(tmp_path):
    """A square image whose two axes share one scale: the names stay distinct (x, x_1)."""
    path = tmp_path / "shared.h5"
    with h5py.File(path, "w") as f:
        d = f.create_dataset("img", data=nf.structured((4, 4), 32))
        d.attrs.update(quantity="height", units="m", data_type="IMAGE")
        s = f.create_dataset("x", data=np.arange(4.0) * 2)
        s.make_scale("x")
        s.attrs.update(dimension_type="SPATIAL", units="nm", name="x")
        d.dims[0].attach_scale(s)
        d.dims[1].attach_scale(s)
    with h5py.File(path, "r") as f:
        md = open_dataset(f, "img")
        assert md.dim_names == ["x", "x_1"] and md.notes == []
        assert [d.units for d in md.dims] == ["nm", "nm"]
        np.testing.assert_array_equal(md.isel(x_1=2), f["img"][:, 2])
        assert default_plan(md).image_dims == ("x_1", "x")


@pytest.mark.parametrize("name", ["spectral_image", "image_stack", "four_d_stem", "complex"])
@pytest.mark.parametrize("source", ["file", "sidpy"])
def test_held_lines_equal_the_lines_they_stand_for(nsid_catalogue, name, source):
    """held_lines (the lines the explorer sends ahead of the slider) after a read: each line
    equals isel at its index of ``along``, and the selected line is among them."""
    case = nsid_catalogue[name]
    data = case.spec.data
    with h5py.File(case.path, "r") as f:
        if source == "file":
            md = open_dataset(f, case.dataset)
        else:
            md = from_sidpy(case.spec.sidpy())  # one dask chunk: windows of many lines
        selection = {d.name: 1 for d in md.pos_dims}
        np.testing.assert_array_equal(md.isel_shared(selection), md.isel(selection))
        n_held = 0
        for along in selection:
            held = md.held_lines(selection, along)
            assert held is not None, along
            k0, lines, rows = held
            assert k0 <= selection[along] < k0 + len(lines) == k0 + len(rows)
            for j, line in enumerate(lines):
                at = {**selection, along: k0 + j}
                key = tuple(at.get(d.name, slice(None)) for d in md.dims)
                np.testing.assert_array_equal(line, data[key], err_msg=f"{along}={k0 + j}")
            n_held += len(lines)
        assert n_held > len(selection)  # more than the selected line itself


def test_usid_and_nsid_in_one_file(tmp_path):
    """find_datasets marks the USID Main dataset "usid", the NSID one "nsid" and the USID
    ancillary datasets "hdf5" (numbers too); find_main keeps its meaning (USID only);
    open_dataset opens each as its kind."""
    from pyNSID.io.hdf_io import write_nsid_dataset

    from usid_widgets.reader import MainDataset, NDDataset, find_main
    from usid_widgets.writer import Dimension, write_main

    path = tmp_path / "both.h5"
    spec = nf.spec_spectral_image()
    with h5py.File(path, "w") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        usid = write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            spec.data.transpose(1, 0, 2),  # USID: slow (y) first
            [Dimension("Y", "m", spec.dims[1].values), Dimension("X", "m", spec.dims[0].values)],
            [Dimension("Energy", "eV", spec.dims[2].values)],
            "intensity",
            "counts",
        ).name
        nsid = write_nsid_dataset(spec.sidpy(), f.create_group("Measurement_001"),
                                  main_data_name="eels").name
    with h5py.File(path, "r") as f:
        kinds = {d.name: k for d, k in find_datasets(f)}
        assert kinds[usid] == "usid" and kinds[nsid] == "nsid"
        ancillary = {p for p, k in kinds.items() if k == "hdf5"}
        assert {p.rsplit("/", 1)[-1] for p in ancillary} == {
            "Position_Indices",
            "Position_Values",
            "Spectroscopic_Indices",
            "Spectroscopic_Values",
        }
        assert [d.name for d in find_main(f)] == [usid]
        md_u, md_n = open_dataset(f, usid), open_dataset(f, nsid)
        assert isinstance(md_u, MainDataset) and md_u.kind == "usid"
        assert isinstance(md_n, NDDataset) and md_n.kind == "nsid"
        # the same map in both, each drawn as its format's own plots draw it: y down the rows
        map_u = _view_image(md_u)
        map_n = _view_image(md_n)
        np.testing.assert_array_equal(map_u, map_n)
        np.testing.assert_array_equal(map_n, spec.data[:, :, 0].T)


@pytest.mark.parametrize("source", ["file", "sidpy"])
def test_masked_reductions_equal_numpy(nsid_catalogue, source):
    """A lasso over the map (region mean) and an annular virtual detector over the
    diffraction plane (interval sum): the masked cells only, as numpy computes them."""
    si, stem = nsid_catalogue["spectral_image"], nsid_catalogue["four_d_stem"]
    with h5py.File(si.path, "r") as f1, h5py.File(stem.path, "r") as f2:
        if source == "file":
            md_si, md_stem = open_dataset(f1, si.dataset), open_dataset(f2, stem.dataset)
        else:
            md_si = from_sidpy(si.spec.sidpy(chunks=(5, 4, 8)))
            md_stem = from_sidpy(stem.spec.sidpy(chunks=(2, 2, 3, 4)))
        data = si.spec.data.astype(np.float64)
        yy, xx = np.mgrid[0:10, 0:12]
        lasso = (xx - 6) ** 2 / 16 + (yy - 4) ** 2 / 9 <= 1  # over (y, x), as drawn
        mean, n = reductions.region_mean(md_si, {}, mask=(("y", "x"), lasso))
        assert n == int(lasso.sum())
        np.testing.assert_allclose(mean, data[lasso.T].mean(axis=0), rtol=1e-12)
        data = stem.spec.data.astype(np.float64)
        uu, vv = np.mgrid[0:9, 0:8]
        r2 = (uu - 4) ** 2 + (vv - 3.5) ** 2
        annulus = (r2 >= 4) & (r2 <= 12)  # over (u, v)
        total, n = reductions.interval_sum(md_stem, {}, mask=(("u", "v"), annulus))
        assert n == int(annulus.sum())
        np.testing.assert_allclose(total, data[:, :, annulus].sum(axis=2), rtol=1e-12)
