"""The regular-grid check compares whole entries as machine words: still exact on every byte."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.reader import axes
from usid_widgets.reader.axes import _stream_regular
from usid_widgets.writer import write_ancillary


def grid(sizes_slow_first: list[int], columns: list[int], dtype) -> np.ndarray:
    """C-order grid indices of dims sized ``sizes_slow_first``, stored in ``columns`` order."""
    idx = np.indices(sizes_slow_first).reshape(len(sizes_slow_first), -1).T
    return np.ascontiguousarray(idx[:, columns]).astype(dtype)


class Spy:
    """Counts the blocks :class:`axes._Tiles` compared (and those it left to the columns)."""

    def __init__(self, monkeypatch):
        self.tiled = self.declined = 0
        original = axes._Tiles.matches

        def matches(tiles, block, a):
            out = original(tiles, block, a)
            if out is None:
                self.declined += 1
            else:
                self.tiled += 1
            return out

        monkeypatch.setattr(axes._Tiles, "matches", matches)


def check(inds: np.ndarray):
    return _stream_regular(lambda a, b: inds[a:b], inds.shape[0], inds.shape[1], inds.dtype)


def by_columns(inds: np.ndarray, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(axes, "_MIN_TILE", 10**12)
        return check(inds)


@pytest.fixture(params=[5, 64, 2**17], ids=lambda b: f"block{b}")
def small_tiles(request, monkeypatch):
    """Tiles from one entry up, blocks of a few entries to the default."""
    monkeypatch.setattr(axes, "_CHECK_BLOCK", request.param)
    monkeypatch.setattr(axes, "_MIN_TILE", 1)
    return Spy(monkeypatch)


# (dtype, number of dims): every entry one word of 1, 2, 4 or 8 bytes
WORDS = [
    (np.uint8, 1),
    (np.uint8, 2),
    (np.uint8, 4),
    (np.uint8, 8),
    (np.uint16, 2),
    (np.dtype(">u2"), 2),
    (np.int16, 4),
    (np.uint32, 2),
    (np.dtype(">u4"), 2),
    (np.int32, 1),
    (np.int32, 2),
    (np.uint64, 1),
]


@pytest.mark.parametrize("dtype,k", WORDS, ids=lambda v: str(v))
def test_grids_found_as_by_columns(small_tiles, monkeypatch, dtype, k):
    rng = np.random.default_rng(k)
    for _ in range(10):
        sizes = [int(s) for s in rng.integers(1, 6, size=k)]
        columns = [int(c) for c in rng.permutation(k)]
        inds = grid(sizes, columns, dtype)
        found = check(inds)
        assert found is not None, (sizes, columns)
        assert found == by_columns(inds, monkeypatch)
    assert small_tiles.tiled > 0


@pytest.mark.parametrize("dtype,k", WORDS, ids=lambda v: str(v))
def test_any_changed_byte_is_caught(small_tiles, monkeypatch, dtype, k):
    rng = np.random.default_rng(7)
    sizes = [int(s) for s in rng.integers(2, 5 if k <= 4 else 3, size=k)]
    columns = [int(c) for c in rng.permutation(k)]
    base = grid(sizes, columns, dtype)
    assert check(base) is not None
    raw = base.view(np.uint8).reshape(base.shape[0], -1)
    for _ in range(60):
        bad = raw.copy()
        i, j = int(rng.integers(bad.shape[0])), int(rng.integers(bad.shape[1]))
        bad[i, j] ^= np.uint8(1 << int(rng.integers(8)))  # one bit of one byte of one entry
        inds = bad.view(base.dtype).reshape(base.shape)
        assert check(inds) is None, (sizes, columns, i, j)
        assert by_columns(inds, monkeypatch) is None
    assert small_tiles.tiled > 0


def test_swapped_repeated_and_negative_entries(small_tiles):
    base = grid([6, 7], [0, 1], np.int32)
    swapped = base.copy()
    swapped[[9, 10]] = swapped[[10, 9]]
    repeated = base.copy()
    repeated[-1] = repeated[-2]
    negative = base.copy()
    negative[20, 1] = -1
    for inds in (swapped, repeated, negative):
        assert check(inds) is None
    assert check(base) is not None


def test_blocks_that_do_not_fit_a_word_use_the_columns(monkeypatch):
    monkeypatch.setattr(axes, "_MIN_TILE", 1)
    spy = Spy(monkeypatch)
    wide = grid([4, 5, 6], [2, 0, 1], np.uint32)  # 12 bytes an entry: no word
    assert check(wide) is not None
    assert spy.tiled == spy.declined == 0  # not even tried
    fortran = np.asfortranarray(grid([8, 9], [1, 0], np.uint32))  # columns apart in memory
    assert check(fortran) is not None
    assert spy.declined > 0 and spy.tiled == 0
    bad = fortran.copy(order="F")
    bad[30, 0] += 1
    assert check(bad) is None


def test_image_sized_grid_uses_tiles_by_default(monkeypatch):
    """The default settings: a 300 x 500 scan (tiles of 500 entries), changes anywhere."""
    spy = Spy(monkeypatch)
    monkeypatch.setattr(axes, "_CHECK_BLOCK", 2**14)  # several blocks
    for columns in ([0, 1], [1, 0]):
        base = grid([300, 500], columns, np.uint32)
        found = check(base)
        assert found is not None
        order, sizes, strides = found
        assert [sizes[d] for d in order] == [300, 500]
        for i, d in ((0, 0), (0, 1), (499, 1), (500, 0), (77_777, 0), (149_999, 1)):
            bad = base.copy()
            bad[i, d] += 1
            assert check(bad) is None, (columns, i, d)
    assert spy.tiled > 0 and spy.declined == 0


def test_big_endian_indices_through_h5py(tmp_path, monkeypatch):
    """Indices stored big-endian are read as such and still compared entry by entry."""
    monkeypatch.setattr(axes, "_CHECK_BLOCK", 2**12)
    spy = Spy(monkeypatch)
    ny, nx = 90, 70
    inds = grid([ny, nx], [0, 1], np.dtype(">u4"))
    path = tmp_path / "big_endian.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group("M")
        vals = inds.astype(np.float64) * [3.0, 0.5]
        pi, pv = write_ancillary(
            g, "Position", inds, vals, ["Y", "X"], ["nm", "nm"], kind="position"
        )
        del g["Position_Indices"]
        pi = g.create_dataset("Position_Indices", data=inds, dtype=">u4")
        pi.attrs["labels"], pi.attrs["units"] = [b"Y", b"X"], [b"nm", b"nm"]
        si, sv = write_ancillary(
            g,
            "Spectroscopic",
            np.zeros((1, 1), np.uint32),
            np.zeros((1, 1)),
            ["arb"],
            [""],
            kind="spectroscopic",
        )
        data = np.arange(ny * nx, dtype=np.float32).reshape(-1, 1)
        main = g.create_dataset("Raw", data=data)
        main.attrs["quantity"], main.attrs["units"] = "a", "b"
        for name, ref in [
            ("Position_Indices", pi),
            ("Position_Values", pv),
            ("Spectroscopic_Indices", si),
            ("Spectroscopic_Values", sv),
        ]:
            main.attrs[name] = ref.ref
    with h5py.File(path, "r") as f:
        assert f["M/Position_Indices"].dtype == np.dtype(">u4")
    with MainDataset(path, "/M/Raw") as m:
        assert m.layout["position"] == "regular"
        assert [d.name for d in m.pos_dims] == ["Y", "X"]
        np.testing.assert_array_equal(m.pos_dims[0].values, np.arange(ny) * 3.0)
        np.testing.assert_array_equal(m.isel(arb=0), data.reshape(ny, nx))
    assert spy.tiled > 0
    with h5py.File(path, "r+") as f:
        f["M/Position_Indices"][ny * nx - 5, 1] = 0
    with MainDataset(path, "/M/Raw") as m:
        assert m.layout["position"] != "regular"
