"""The streaming regular-grid check: exact on every entry, same answer as the general path."""

from __future__ import annotations

import itertools

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.reader import axes
from usid_widgets.reader.axes import _stream_regular, analyse_axis, regular_axis


def grid(sizes_slow_first: list[int], columns: list[int]) -> np.ndarray:
    """C-order grid indices of dims sized ``sizes_slow_first``, stored in ``columns`` order."""
    idx = np.indices(sizes_slow_first).reshape(len(sizes_slow_first), -1).T
    return np.ascontiguousarray(idx[:, columns]).astype(np.uint32)


def check(inds: np.ndarray):
    return _stream_regular(lambda a, b: inds[a:b], inds.shape[0], inds.shape[1], inds.dtype)


def general(inds: np.ndarray):
    n, k = inds.shape
    values = lambda rows: inds[rows].astype(float)  # noqa: E731
    return analyse_axis(
        inds, values, [f"d{i}" for i in range(k)], [""] * k, "position", try_regular=False
    )


@pytest.fixture(params=[3, 7, 64, 2**18], ids=lambda b: f"block{b}")
def block(request, monkeypatch):
    monkeypatch.setattr(axes, "_CHECK_BLOCK", request.param)
    return request.param


def test_every_grid_is_found_with_the_general_paths_order(block):
    rng = np.random.default_rng(0)
    for k in (1, 2, 3, 4):
        for _ in range(12):
            sizes = [int(s) for s in rng.integers(1, 6, size=k)]
            columns = [int(c) for c in rng.permutation(k)]
            inds = grid(sizes, columns)
            found = check(inds)
            assert found is not None, (sizes, columns)
            order, got_sizes, _ = found
            ref = general(inds)
            assert ref.layout == "regular"
            assert [f"d{d}" for d in order] == [d.name for d in ref.dims], (sizes, columns)
            assert [got_sizes[d] for d in order] == [d.size for d in ref.dims]


def test_any_changed_entry_is_caught(block):
    rng = np.random.default_rng(1)
    for sizes, columns in [([5, 7], [0, 1]), ([4, 3, 6], [2, 0, 1]), ([9, 1, 4], [1, 2, 0])]:
        base = grid(sizes, columns)
        assert check(base) is not None
        for _ in range(40):
            inds = base.copy()
            i, d = int(rng.integers(inds.shape[0])), int(rng.integers(inds.shape[1]))
            inds[i, d] = (inds[i, d] + 1 + rng.integers(3)) % (max(sizes) + 1)
            if np.array_equal(inds, base):
                continue
            assert check(inds) is None, (sizes, columns, i, d)
            # the general path agrees: whatever it is, it is not a plain grid
            assert general(inds).layout != "regular"


def test_serpentine_swapped_and_signed_are_not_regular(block):
    inds = grid([6, 5], [0, 1])
    serp = inds.copy()
    for row in range(1, 6, 2):
        serp[row * 5 : row * 5 + 5, 1] = serp[row * 5 : row * 5 + 5, 1][::-1]
    assert check(serp) is None and general(serp).layout == "permuted"
    swapped = inds.copy()
    swapped[[7, 8]] = swapped[[8, 7]]
    assert check(swapped) is None and general(swapped).layout == "permuted"
    signed = inds.astype(np.int64)
    signed[-1, 0] = -1
    assert check(signed) is None
    assert check(inds.astype(float)) is None  # float indices: the general path decides


def test_block_forms_cover_long_axes(monkeypatch):
    """Strides larger than a block, blocks cutting runs: each form of the comparison."""
    monkeypatch.setattr(axes, "_CHECK_BLOCK", 10)
    for sizes in ([3, 7, 11], [13, 2, 3], [2, 2, 2, 2, 2], [1, 40]):
        for columns in itertools.permutations(range(len(sizes))):
            inds = grid(sizes, list(columns))
            assert check(inds) is not None
            bad = inds.copy()
            bad[-2] = bad[-3]
            assert check(bad) is None


def test_main_dataset_streams_the_indices(tmp_path, monkeypatch):
    """Through h5py: a regular file is checked block by block, never read whole."""
    monkeypatch.setattr(axes, "_CHECK_BLOCK", 256)
    ny, nx = 40, 30
    data = np.arange(ny * nx, dtype=np.float32).reshape(ny * nx, 1)
    path = tmp_path / "old_order.h5"
    inds = grid([ny, nx], [1, 0])  # X first, as pyUSID < 0.0.7 wrote
    with h5py.File(path, "w") as f:
        from usid_widgets.writer import write_ancillary

        g = f.create_group("M")
        vals = inds.astype(np.float64) * [0.5, 2.0]
        pi, pv = write_ancillary(
            g, "Position", inds, vals, ["X", "Y"], ["nm", "nm"], kind="position"
        )
        si, sv = write_ancillary(
            g,
            "Spectroscopic",
            np.zeros((1, 1), np.uint32),
            np.zeros((1, 1)),
            ["arb"],
            [""],
            kind="spectroscopic",
        )
        main = g.create_dataset("Raw", data=data)
        main.attrs["quantity"], main.attrs["units"] = "a", "b"
        for name, ref in [
            ("Position_Indices", pi),
            ("Position_Values", pv),
            ("Spectroscopic_Indices", si),
            ("Spectroscopic_Values", sv),
        ]:
            main.attrs[name] = ref.ref
    reads = []
    original = h5py.Dataset.__getitem__

    def spy(self, sel):
        if self.name.endswith("Position_Indices"):
            reads.append(sel)
        return original(self, sel)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", spy)
    with MainDataset(path, "/M/Raw") as m:
        assert m.layout["position"] == "regular"
        assert [d.name for d in m.pos_dims] == ["Y", "X"]
        np.testing.assert_array_equal(m.pos_dims[0].values, np.arange(ny) * 2.0)
        np.testing.assert_array_equal(m.pos_dims[1].values, np.arange(nx) * 0.5)
        np.testing.assert_array_equal(m.isel(arb=0), data.reshape(ny, nx))
    assert reads and all(isinstance(s, tuple) and isinstance(s[0], slice) for s in reads)
    assert max(s[0].stop - s[0].start for s in reads) <= 256  # never the whole dataset


def test_regular_axis_declines_declared_layouts():
    inds = grid([3, 4], [0, 1])
    values = lambda rows: inds[rows].astype(float)  # noqa: E731
    for attrs in (
        {"incomplete_dimensions": ["X"]},
        {"dependent_dimensions": ["X"]},
        {"type": np.array([0, 2])},
    ):
        assert (
            regular_axis(
                lambda a, b: inds[a:b],
                12,
                2,
                inds.dtype,
                values,
                ["Y", "X"],
                ["", ""],
                "position",
                attrs,
            )
            is None
        )
