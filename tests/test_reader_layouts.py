"""The reader against the generated catalogue: layouts, dims, and every value in its place.

Each case's truth was built by placing every stored row/column at its own index tuple
(tests/usid_fixtures.py), so these tests catch a reader that reshapes a permuted scan, trusts
the file's column order, mislabels a layout or loses NaN cells.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from usid_fixtures import CATALOGUE, align, check_dim_order

from usid_widgets import MainDataset, component
from usid_widgets.writer import write_ancillary, write_main_raw

ALL = list(CATALOGUE)
GRID_KINDS = ("regular", "permuted", "incomplete", "dependent")


def each_main(case):
    """(expectation, open MainDataset) for every Main dataset of a case."""
    for exp in case.mains:
        md = MainDataset(case.path, exp.path)
        try:
            yield exp, md
        finally:
            md.close()


def aligned_truth(md, exp) -> np.ndarray:
    perm = align(md.dims, exp)
    return exp.truth.transpose(perm)


def assert_same(got: np.ndarray, want: np.ndarray, what: str) -> None:
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    if want.dtype.kind == "f" and np.isnan(want).any():
        assert got.dtype.kind == "f", f"{what}: NaN cells need a float result, not {got.dtype}"
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"{what}: NaN cells")
    np.testing.assert_array_equal(got, want, err_msg=what)


@pytest.mark.parametrize("name", ALL)
def test_layout(catalogue, name):
    for exp, md in each_main(catalogue[name]):
        assert md.layout == exp.layout, f"{exp.path}: layout"


@pytest.mark.parametrize("name", ALL)
def test_dims(catalogue, name):
    for exp, md in each_main(catalogue[name]):
        perm = align(md.dims, exp)
        check_dim_order(perm, exp)
        assert [d.name for d in md.dims] == [d.name for d in md.pos_dims + md.spec_dims]
        assert all(d.kind == "position" for d in md.pos_dims)
        assert all(d.kind == "spectroscopic" for d in md.spec_dims)
        for d, p in zip(md.dims, perm, strict=True):
            e = exp.dims[p]
            assert d.size == e.size, f"{exp.path}: size of {d.name}"
            assert len(d.values) == d.size
            if e.raw:
                continue
            assert d.units == e.units, f"{exp.path}: units of {d.name}"
            np.testing.assert_array_equal(
                np.asarray(d.values, dtype=np.float64),
                e.values,
                err_msg=f"{exp.path}: values of {d.name}",
            )


@pytest.mark.parametrize("name", ALL)
def test_shape_and_points(catalogue, name):
    for exp, md in each_main(catalogue[name]):
        perm = align(md.dims, exp)
        assert md.shape == tuple(exp.truth.shape[p] for p in perm)
        assert md.shape == tuple(d.size for d in md.dims)
        assert md.n_points == exp.n_points
        assert md.quantity == exp.quantity and isinstance(md.quantity, str)
        assert md.units == exp.units and isinstance(md.units, str)


@pytest.mark.parametrize("name", ALL)
def test_full_array(catalogue, name):
    for exp, md in each_main(catalogue[name]):
        assert_same(md.isel(), aligned_truth(md, exp), f"{exp.path}: isel()")


def _picks(size: int) -> list[int]:
    return sorted({0, size // 2, size - 1})


@pytest.mark.parametrize("name", ALL)
def test_one_index(catalogue, name):
    """isel(dim=i) for every dim and a few indices equals the truth slice."""
    for exp, md in each_main(catalogue[name]):
        truth = aligned_truth(md, exp)
        for axis, d in enumerate(md.dims):
            for i in _picks(d.size):
                got = md.isel(**{d.name: i})
                assert_same(got, np.take(truth, i, axis=axis), f"{exp.path}: isel({d.name}={i})")


@pytest.mark.parametrize("name", ALL)
def test_spectrum_and_map(catalogue, name):
    """All position dims fixed -> one spectrum; all spectroscopic dims fixed -> one map."""
    for exp, md in each_main(catalogue[name]):
        truth = aligned_truth(md, exp)
        n_pos = len(md.pos_dims)
        for last in (False, True):
            pos = {d.name: (d.size - 1 if last else d.size // 2) for d in md.pos_dims}
            spec = {d.name: (d.size - 1 if last else 0) for d in md.spec_dims}
            want_spectrum = truth[tuple(pos.values())]
            assert_same(md.isel(**pos), want_spectrum, f"{exp.path}: spectrum at {pos}")
            want_map = truth[(slice(None),) * n_pos + tuple(spec.values())]
            assert_same(md.isel(**spec), want_map, f"{exp.path}: map at {spec}")


@pytest.mark.parametrize("name", ["regular_new", "four_spec", "three_pos", "aborted"])
def test_two_indices_mixed(catalogue, name):
    """One position and one spectroscopic dim fixed at once."""
    for exp, md in each_main(catalogue[name]):
        truth = aligned_truth(md, exp)
        p, s = md.pos_dims[0], md.spec_dims[-1]  # the first and the last axis
        got = md.isel(**{p.name: p.size - 1, s.name: 1})
        assert_same(got, truth[p.size - 1, ..., 1], f"{exp.path}: isel({p.name}, {s.name})")


def test_orientation_rows_are_y(catalogue):
    """A 2-D scan: rows = the slow position dim (Y), columns = the fast one (X), row 0 first,
    whatever the file's column order."""
    for name in ("regular_new", "regular_old", "image_none", "serpentine"):
        for exp, md in each_main(catalogue[name]):
            assert [d.name for d in md.pos_dims] == ["Y", "X"], name
            image = md.isel(**{md.spec_dims[0].name: 0})
            while image.ndim > 2:
                image = image[..., 0]
            want = exp.truth.reshape(exp.truth.shape[:2] + (-1,))[..., 0]
            assert image.shape == want.shape
            np.testing.assert_array_equal(image, want, err_msg=name)


def test_old_order_same_as_new(catalogue):
    """The same data written fastest-first and slowest-first reads back identically."""
    with MainDataset(catalogue["regular_new"].path, catalogue["regular_new"].mains[0].path) as a:
        with MainDataset(
            catalogue["regular_old"].path, catalogue["regular_old"].mains[0].path
        ) as b:
            assert [d.name for d in a.dims] == [d.name for d in b.dims]
            assert a.shape == b.shape
    # the two fixtures hold different random data: compare each against its own truth
    for name in ("regular_new", "regular_old"):
        exp = catalogue[name].mains[0]
        with MainDataset(catalogue[name].path, exp.path) as md:
            np.testing.assert_array_equal(md.isel(), exp.truth)


def test_aborted_scan_nan_cells(catalogue):
    for name in ("aborted", "aborted_int"):
        exp = catalogue[name].mains[0]
        with MainDataset(catalogue[name].path, exp.path) as md:
            full = md.isel()
            assert full.dtype.kind == "f"
            assert np.isnan(full).sum() == np.isnan(exp.truth).sum() > 0
            # the measured cells keep their values, including the int16 ones
            ok = ~np.isnan(exp.truth)
            np.testing.assert_array_equal(full[ok], exp.truth[ok])
            # a spectrum at an unmeasured cell is all NaN, at a measured one all finite
            y, x = md.pos_dims[0].size - 1, md.pos_dims[1].size - 1
            assert np.isnan(md.isel(Y=y, X=x)).all()
            assert np.isfinite(md.isel(Y=0, X=x)).all()


@pytest.mark.parametrize("name", ["incomplete_attr", "incomplete_type"])
def test_declared_incomplete_cells_are_placed_on_their_grid(catalogue, name):
    """``incomplete_dimensions`` (or ``type`` 1) on indices that are cells of a grid: the grid,
    NaN where nothing was sampled, not a point cloud."""
    exp = catalogue[name].mains[0]
    with MainDataset(catalogue[name].path, exp.path) as md:
        assert md.layout == {"position": "incomplete", "spectroscopic": "regular"}
        assert [d.name for d in md.dims] == ["Y", "X", "Frequency"]
        assert md.shape == (4, 4, 4) and md.n_points == 7 and not md.is_sparse
        np.testing.assert_array_equal(md.pos_dims[0].values, [0.0, 1.25, 2.5, 3.75])
        np.testing.assert_array_equal(md.pos_dims[1].values, [0.0, 25.0, 50.0, 75.0])
        assert md.notes == ["7 of 16 grid cells sampled (incomplete dimensions); the rest is NaN"]
        raw = md.h5[()]
        # the rows visited (x, y): (2, 1) (0, 3) (3, 3) (1, 0) (2, 2) (0, 0) (3, 1)
        sampled = np.array([[5, 3, -1, -1], [-1, -1, 0, 6], [-1, -1, 4, -1], [1, -1, -1, 2]])
        want = np.where((sampled >= 0)[..., None], raw[np.maximum(sampled, 0)], np.nan)
        np.testing.assert_array_equal(md.isel(), want)
        np.testing.assert_array_equal(md.isel(), exp.truth)
        np.testing.assert_array_equal(md.isel(Frequency=2), want[..., 2])
        np.testing.assert_array_equal(md.isel(Y=1, X=3), raw[6])
        assert np.isnan(md.isel(Y=2, X=0)).all()
        rows, free = md.position_rows()
        np.testing.assert_array_equal(rows, sampled)
        assert free == md.pos_dims
        rows, free = md.position_rows({"Y": 3})
        np.testing.assert_array_equal(rows, [1, -1, -1, 2])
        assert [d.name for d in free] == ["X"]


def test_declared_incomplete_on_a_diagonal_stays_a_point_cloud(tmp_path):
    """USID's sparse convention (every column 0..n-1) with ``incomplete_dimensions``, as in
    the real ``sparse_sampling.h5``: the indices number points, they are no grid cells."""
    n = 6
    with h5py.File(tmp_path / "d.h5", "w") as f:
        g = f.create_group("M")
        diagonal = np.repeat(np.arange(n)[:, None], 2, axis=1)
        values = np.random.default_rng(0).uniform(0, 10, (n, 2))
        pi, pv = write_ancillary(
            g, "Position", diagonal, values, ["X", "Y"], ["nm", "nm"], kind="position"
        )
        pi.attrs["incomplete_dimensions"] = np.array([b"X", b"Y"])
        si, sv = write_ancillary(
            g, "Spectroscopic", [0], [0.0], ["arb"], [""], kind="spectroscopic"
        )
        data = np.arange(n, dtype=np.float32)[:, None]
        write_main_raw(g, "Raw", data, pos_inds=pi, pos_vals=pv, spec_inds=si, spec_vals=sv)
    with MainDataset(tmp_path / "d.h5", "/M/Raw") as md:
        assert md.layout["position"] == "sparse"
        assert md.shape == (n, 1)
        np.testing.assert_array_equal(md.position_coords(), values.astype(np.float32))


@pytest.mark.parametrize("name", ["sparse_diagonal", "sparse_attr", "sparse_type"])
def test_sparse_point_cloud(catalogue, name):
    exp = catalogue[name].mains[0]
    with MainDataset(catalogue[name].path, exp.path) as md:
        assert md.layout["position"] == "sparse"
        assert md.n_points == exp.n_points
        assert len(md.pos_dims) == 1 and md.pos_dims[0].size == exp.n_points
        coords = md.position_coords()
        assert coords.shape == exp.coords.shape
        # columns in the reader's order: compare as a set of columns, each in row order
        got_cols = sorted(map(tuple, np.asarray(coords, dtype=np.float64).T))
        want_cols = sorted(map(tuple, exp.coords.T))
        np.testing.assert_array_equal(np.array(got_cols), np.array(want_cols))
        # rows in any order, repeated, one, or a slice: the same rows of the whole table
        np.testing.assert_array_equal(md.position_coords([3, 0, 3]), coords[[3, 0, 3]])
        np.testing.assert_array_equal(md.position_coords(5), coords[[5]])
        np.testing.assert_array_equal(md.position_coords(slice(2, 6)), coords[2:6])
        np.testing.assert_array_equal(md.isel(), exp.truth)
        if name != "sparse_diagonal":  # declared incomplete, but one cell sampled twice
            assert md.notes == [
                "7 sampled points whose indices repeat: shown as points, not a grid"
            ]


def test_dependent_dimension_is_not_an_axis(catalogue):
    exp = catalogue["dependent"].mains[0]
    with MainDataset(catalogue["dependent"].path, exp.path) as md:
        assert [d.name for d in md.spec_dims] == ["Bias"]
        assert "Field" not in [d.name for d in md.dims]
        # Bias values are the stored triangle, not sorted
        np.testing.assert_array_equal(md.spec_dims[0].values, [0, 1, 2, 3, 3, 2, 1, 0])


def test_repeated_steps_raw(catalogue):
    exp = catalogue["repeated"].mains[0]
    with MainDataset(catalogue["repeated"].path, exp.path) as md:
        assert len(md.spec_dims) == 1 and md.spec_dims[0].size == 10
        np.testing.assert_array_equal(md.isel(Y=1, X=2), exp.truth[1, 2])


def test_size1_dims_kept(catalogue):
    for name, dim in [
        ("image_none", "None"),
        ("single_curve", "arb"),
        ("single_step", "Single_Step"),
        ("shared", "arb"),
    ]:
        exp = catalogue[name].mains[0]
        with MainDataset(catalogue[name].path, exp.path) as md:
            sizes = {d.name: d.size for d in md.dims}
            assert sizes.get(dim) == 1, f"{name}: {dim} missing from {sizes}"
            got = md.isel(**{dim: 0})
            perm = align(md.dims, exp)
            axis = [d.name for d in md.dims].index(dim)
            want = np.take(exp.truth.transpose(perm), 0, axis=axis)
            np.testing.assert_array_equal(got, want)


def test_single_position_two_dims(catalogue):
    exp = catalogue["single_position_2d"].mains[0]
    with MainDataset(catalogue["single_position_2d"].path, exp.path) as md:
        assert md.n_points == 1
        assert [(d.name, d.size) for d in md.pos_dims] == [("Y", 1), ("X", 1)]
        np.testing.assert_array_equal(md.isel(Y=0, X=0), exp.truth[0, 0])


def test_nonmonotonic_values_preserved(catalogue):
    exp = catalogue["nonmonotonic"].mains[0]
    with MainDataset(catalogue["nonmonotonic"].path, exp.path) as md:
        z = np.asarray(md.spec_dims[0].values)
        np.testing.assert_array_equal(z, exp.dims[-1].values)
        steps = np.diff(z)
        assert (steps > 0).any() and (steps < 0).any()


@pytest.mark.parametrize("name", ["complex64", "complex128", "compound_ri"])
def test_complex_components(catalogue, name):
    exp = catalogue[name].mains[0]
    with MainDataset(catalogue[name].path, exp.path) as md:
        assert md.dtype.kind == "c"
        spectrum = md.isel(Y=1, X=2)
        want = exp.truth[1, 2]
        np.testing.assert_allclose(component(spectrum, "amplitude"), np.abs(want), rtol=1e-6)
        np.testing.assert_allclose(component(spectrum, "phase"), np.angle(want), rtol=1e-6)
        np.testing.assert_array_equal(component(spectrum, "real"), want.real)
        np.testing.assert_array_equal(component(spectrum, "imaginary"), want.imag)
        assert np.abs(component(spectrum, "phase")).max() <= np.pi  # radians
        image = md.isel(Frequency=3)
        np.testing.assert_array_equal(md.component(image, "imaginary"), exp.truth[..., 3].imag)


def test_compound_fields(catalogue):
    exp = catalogue["compound3"].mains[0]
    with MainDataset(catalogue["compound3"].path, exp.path) as md:
        names = ("amplitude", "phase", "quality")
        assert tuple(md.dtype.names) == names
        assert tuple(md.fields) == names
        image = md.isel(Frequency=4)
        for field in names:
            np.testing.assert_array_equal(component(image, field), exp.truth[field][..., 4])
            np.testing.assert_array_equal(md.component(image, field), exp.truth[field][..., 4])


def test_shared_ancillary_channels(catalogue):
    case = catalogue["shared"]
    seen = []
    for exp, md in each_main(case):
        assert md.quantity == exp.quantity
        seen.append([(d.name, tuple(d.values)) for d in md.dims])
        np.testing.assert_array_equal(md.isel(arb=0), exp.truth[..., 0])
    assert len(seen) == 4 and all(s == seen[0] for s in seen)


def test_results_main_shares_source_positions(catalogue):
    case = catalogue["results"]
    raw, res = case.mains
    with MainDataset(case.path, raw.path) as a, MainDataset(case.path, res.path) as b:
        assert [d.name for d in b.pos_dims] == [d.name for d in a.pos_dims]
        np.testing.assert_array_equal(b.isel(arb=0), res.truth[..., 0])
