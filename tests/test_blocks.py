"""The chunk-aware block cache: same values as plain h5py, neighbours served from memory,
memory bounded by the budget."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.reader.blocks import BlockCache
from usid_widgets.writer import Dimension, write_main


@pytest.fixture(
    params=[None, (64, 8), (1, 96)], ids=["contiguous", "blocks", "one-spectrum-chunks"]
)
def spectral(tmp_path, request):
    ny, nx, nf = 12, 16, 96
    data = np.random.default_rng(3).random((ny, nx, nf)).astype(np.float32)
    path = tmp_path / "s.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(ny)), Dimension("X", "nm", np.arange(nx))],
            [Dimension("F", "kHz", np.linspace(200, 400, nf))],
            quantity="A",
            units="V",
            chunks=request.param,
        )
    return path, data


def test_maps_and_spectra_match_h5py_while_scrubbing(spectral):
    path, data = spectral
    with MainDataset(path, "/M/Raw") as m:
        for f in [0, 1, 2, 50, 51, 95, 94]:
            np.testing.assert_array_equal(m.isel(F=f), data[:, :, f])
        for y, x in [(0, 0), (0, 1), (0, 2), (11, 15), (5, 7)]:
            np.testing.assert_array_equal(m.isel(Y=y, X=x), data[y, x])


def test_next_step_is_served_from_memory(spectral):
    path, _ = spectral
    with MainDataset(path, "/M/Raw") as m:
        assert m.blocks.col_window > 1
        m.isel(F=8)
        misses = m.blocks.misses
        for f in range(9, 8 + m.blocks.col_window):
            if f // m.blocks.col_window != 8 // m.blocks.col_window:
                break
            m.isel(F=f)
        assert m.blocks.misses == misses and m.blocks.hits >= 1


def test_results_do_not_alias_the_cache(spectral):
    path, data = spectral
    with MainDataset(path, "/M/Raw") as m:
        a = m.isel(F=3)
        a[...] = -1  # the user's array is theirs to change
        np.testing.assert_array_equal(m.isel(F=3), data[:, :, 3])


def test_budget_bounds_memory(tmp_path):
    data = np.zeros((4096, 64), dtype=np.float64)
    with h5py.File(tmp_path / "d.h5", "w") as f:
        dset = f.create_dataset("d", data=data, chunks=(4096, 1))
        cache = BlockCache(dset, budget=4096 * 8 * 8)  # room for eight one-column windows
        assert cache.col_window == 1
        for c in range(20):
            cache.column(c)
        assert cache.nbytes <= cache.budget
        assert cache.misses == 20
        cache.column(19)
        assert cache.hits == 1
        assert BlockCache(dset, budget=0).column(0) is None  # disabled: callers read directly


def test_window_reads_report_progress(tmp_path):
    with h5py.File(tmp_path / "p.h5", "w") as f:
        dset = f.create_dataset("d", data=np.ones((64, 4096), np.float32), chunks=(1, 4096))
        cache = BlockCache(dset)
        seen = []
        cache.progress = seen.append
        import usid_widgets.reader.blocks as blocks

        old, blocks._BATCH_BYTES = blocks._BATCH_BYTES, 4096 * 4 * 8  # 8 rows per batch
        try:
            cache.column(5)
        finally:
            blocks._BATCH_BYTES = old
        assert seen == sorted(seen) and len(seen) == 8 and seen[-1] == 1.0
