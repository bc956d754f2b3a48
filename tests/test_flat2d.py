"""Flat2D: an N-d array seen as a 2-D matrix, against numpy's transpose + reshape.

For every partition of the axes of 3-d and 4-d arrays into rows and columns (every order of
each side), every kind of selection the reader makes (slices, single indices, sorted index
lists dense and sparse) must equal ``np.transpose(a, rows + cols).reshape(R, C)[sel]``, from a
numpy array, an h5py dataset (chunked and not) and a dask array. Reads must be hyperslabs of
what was asked for: a wrapper counts the cells each read touches.
"""

from __future__ import annotations

from itertools import combinations, permutations
from math import prod

import h5py
import numpy as np
import pytest

from usid_widgets.reader.flat import Flat2D

SHAPES = [(3, 4, 5), (2, 3, 4, 5)]


def _partitions(ndim: int):
    """Every (row_axes, col_axes): each subset (also empty) as rows in every order, the rest
    as columns in every order."""
    axes = range(ndim)
    for k in range(ndim + 1):
        for rows in combinations(axes, k):
            cols = [a for a in axes if a not in rows]
            for r in permutations(rows):
                for c in permutations(cols):
                    yield r, c


def _expected(a: np.ndarray, rows, cols) -> np.ndarray:
    t = np.transpose(a, tuple(rows) + tuple(cols))
    return t.reshape(prod(a.shape[i] for i in rows), prod(a.shape[i] for i in cols))


def _selections(n: int, rng) -> list:
    sels = [slice(None), slice(0, 1), slice(n - 1, n), slice(1, max(2, n - 1))]
    if n > 3:
        sels += [slice(n // 3, n - 1), 2, slice(1, n, 2)]
    picks = np.sort(rng.choice(n, size=min(n, 3), replace=False))
    sels += [picks, np.arange(n)] + ([np.array([0, n - 1])] if n > 1 else [])
    return sels


def _data(shape) -> np.ndarray:
    # each index weighs differently: any wrong axis order changes the values
    return np.sum(
        [g * 10**k for k, g in enumerate(np.indices(shape)[::-1])], axis=0
    ).astype(np.float64)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_partition_equals_numpy(shape):
    a = _data(shape)
    rng = np.random.default_rng(0)
    n_checked = 0
    for rows, cols in _partitions(len(shape)):
        flat = Flat2D(a, rows, cols)
        exp = _expected(a, rows, cols)
        assert flat.shape == exp.shape and flat.ndim == 2 and len(flat) == exp.shape[0]
        for rs in _selections(exp.shape[0], rng):
            for cs in _selections(exp.shape[1], rng):
                got = flat[rs, cs]
                want = exp[_np_key(rs), :][:, _np_key(cs)]
                np.testing.assert_array_equal(got, want, err_msg=f"{rows} {cols} {rs} {cs}")
                n_checked += 1
    assert n_checked > 1000


def _np_key(sel):
    return slice(sel, sel + 1) if isinstance(sel, int) else sel


@pytest.fixture(scope="module")
def h5_arrays(tmp_path_factory):
    """The 4-d array in HDF5, contiguous and chunked (2, 1, 2, 3)."""
    path = tmp_path_factory.mktemp("flat") / "a.h5"
    a = _data((2, 3, 4, 5))
    with h5py.File(path, "w") as f:
        f.create_dataset("plain", data=a)
        f.create_dataset("chunked", data=a, chunks=(2, 1, 2, 3))
    f = h5py.File(path, "r")
    yield a, f
    f.close()


@pytest.mark.parametrize("name", ["plain", "chunked"])
def test_h5py_source_equals_numpy(h5_arrays, name):
    a, f = h5_arrays
    dset = f[name]
    rng = np.random.default_rng(1)
    for rows, cols in [((0, 1), (2, 3)), ((3, 1), (0, 2)), ((2,), (3, 0, 1)), ((), (0, 1, 2, 3))]:
        flat = Flat2D(dset, rows, cols)
        exp = _expected(a, rows, cols)
        for rs in _selections(exp.shape[0], rng):
            for cs in _selections(exp.shape[1], rng):
                np.testing.assert_array_equal(
                    flat[rs, cs], exp[_np_key(rs), :][:, _np_key(cs)], err_msg=f"{rows} {rs} {cs}"
                )


def test_dask_source_equals_numpy():
    da = pytest.importorskip("dask.array")
    a = _data((2, 3, 4, 5))
    arr = da.from_array(a, chunks=(1, 2, 3, 2))
    rng = np.random.default_rng(2)
    for rows, cols in [((0, 1), (2, 3)), ((1, 3), (2, 0)), ((0, 1, 2), (3,))]:
        flat = Flat2D(arr, rows, cols)
        exp = _expected(a, rows, cols)
        for rs in _selections(exp.shape[0], rng):
            for cs in _selections(exp.shape[1], rng):
                np.testing.assert_array_equal(flat[rs, cs], exp[_np_key(rs), :][:, _np_key(cs)])


def test_chunks_are_flat_runs():
    """``chunks``: flat rows / columns one chunk spans (whole fast axes times the first
    partial one), for the block cache's windows."""
    a = np.zeros((8, 6, 10, 12), np.float32)

    class Chunked:
        shape, dtype, chunks = a.shape, a.dtype, (2, 6, 5, 4)

        def __getitem__(self, key):
            return a[key]

    assert Flat2D(Chunked(), (0, 1), (2, 3)).chunks == (12, 4)  # 6 whole x 2; 4 of the fast
    # rows (1, 0): axis 0 (8, chunks of 2) is the fast one; columns (3, 2): axis 2 (10 by 5)
    assert Flat2D(Chunked(), (1, 0), (3, 2)).chunks == (2, 5)
    assert Flat2D(Chunked(), (0,), (1, 2, 3)).chunks == (2, 4)
    assert Flat2D(a, (0, 1), (2, 3)).chunks is None  # numpy: no chunks


def test_rejects_bad_axes_and_unsorted_lists():
    a = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match="partition"):
        Flat2D(a, (0, 1), (1, 2))
    with pytest.raises(ValueError, match="partition"):
        Flat2D(a, (0,), (1,))
    flat = Flat2D(a, (0, 1), (2,))
    with pytest.raises(ValueError, match="sorted unique"):
        flat[np.array([3, 1]), :]
    with pytest.raises(TypeError, match=r"\[rows, columns\]"):
        flat[0]


# --------------------------------------------------------------------------------------------
# reads are hyperslabs of what was asked, never the whole array


class Counting:
    """An array whose reads are recorded: the boxes asked of it and the cells they hold."""

    def __init__(self, a: np.ndarray):
        self.a, self.shape, self.dtype = a, a.shape, a.dtype
        self.keys: list = []

    @property
    def cells(self) -> int:
        return sum(self.a[k].size for k in self.keys)

    def __getitem__(self, key):
        self.keys.append(key)
        return self.a[key]


def _cells_asked(rs, cs, shape) -> int:
    def n(sel, length):
        if isinstance(sel, slice):
            return len(range(*sel.indices(length)))
        return 1 if isinstance(sel, int) else len(sel)

    return n(rs, shape[0]) * n(cs, shape[1])


def test_contiguous_selections_read_exactly_their_cells():
    """Slices (and single indices) of flat rows and columns are cut into exact boxes: the
    cells read equal the cells asked for, whatever the partition."""
    a = _data((4, 5, 6, 7))
    for rows, cols in [((0, 1), (2, 3)), ((2, 0), (3, 1)), ((3,), (1, 0, 2)), ((0, 1, 2), (3,))]:
        src = Counting(a)
        flat = Flat2D(src, rows, cols)
        R, C = flat.shape
        for rs, cs in [
            (slice(None), 3),  # a map at one step
            (R // 2, slice(None)),  # a spectrum / pattern at one position
            (slice(3, R - 2), slice(1, C - 1)),  # a window with partial heads and tails
            (slice(R - 9, R), slice(C // 2, C // 2 + 5)),
        ]:
            src.keys.clear()
            got = flat[rs, cs]
            exp = _expected(a, rows, cols)[_np_key(rs), :][:, _np_key(cs)]
            np.testing.assert_array_equal(got, exp)
            assert src.cells == _cells_asked(rs, cs, (R, C)), (rows, rs, cs)


def test_index_lists_read_bounded_boxes():
    """A dense sorted list is read through its tight bounding box (at most 4 times the cells
    asked); a sparse one is split by its slowest axis, never the whole array."""
    a = _data((6, 8, 10, 12))
    src = Counting(a)
    flat = Flat2D(src, (0, 1), (2, 3))
    exp = _expected(a, (0, 1), (2, 3))
    dense = np.array([9, 10, 12, 17, 18])  # positions of rows 1 and 2 of axis 0
    src.keys.clear()
    np.testing.assert_array_equal(flat[dense, 5], exp[dense][:, [5]])
    assert src.cells <= 4 * dense.size
    sparse = np.array([0, 13, 47])  # three scan positions far apart
    cols = np.array([3, 60, 119])
    src.keys.clear()
    np.testing.assert_array_equal(flat[sparse, cols], exp[sparse][:, cols])
    # split along each side's slowest axis down to single cells: exactly the 9 cells
    assert src.cells == sparse.size * cols.size


def test_h5py_reads_are_hyperslabs(tmp_path):
    """Through h5py: each read is one hyperslab (h5py's own selection), the same cells."""
    a = _data((5, 6, 7))
    with h5py.File(tmp_path / "a.h5", "w") as f:
        f.create_dataset("d", data=a, chunks=(1, 6, 7))
    with h5py.File(tmp_path / "a.h5", "r") as f:
        src = Counting(f["d"])
        src.a = f["d"]
        flat = Flat2D(src, (1, 2), (0,))  # positions (y, x), steps first in the file
        exp = _expected(a, (1, 2), (0,))
        got = flat[slice(8, 30), slice(None)]
        np.testing.assert_array_equal(got, exp[8:30])
        boxes = [tuple(k) for k in src.keys]
        assert all(all(isinstance(s, slice) for s in box) for box in boxes)
        cells = sum(prod(s.stop - s.start for s in box) for box in boxes)
        assert cells == 22 * 5
