"""The chunk-aware block cache: same values as plain h5py, neighbours served from memory,
memory bounded by the budget."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.reader import blocks
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
        m.isel(F=8)  # a jump
        m.isel(F=9)  # the next step: at worst a miss that reads ahead
        misses = m.blocks.misses
        for f in range(10, 13):
            m.isel(F=f)
        assert m.blocks.misses == misses and m.blocks.hits >= 3


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
        order = np.random.default_rng(0).permutation(64)[:20]  # jumps: no read-ahead
        for c in order:
            cache.column(int(c))
            assert cache.nbytes <= cache.budget
        assert cache.misses == 20
        cache.column(int(order[-1]))
        assert cache.hits == 1
        assert BlockCache(dset, budget=0).column(0) is None  # disabled: callers read directly


def test_window_reads_report_progress(tmp_path):
    with h5py.File(tmp_path / "p.h5", "w") as f:
        dset = f.create_dataset("d", data=np.ones((64, 4096), np.float32), chunks=(1, 4096))
        cache = BlockCache(dset)
        seen = []
        cache.progress = seen.append
        old, blocks._BATCH_BYTES = blocks._BATCH_BYTES, 4096 * 4 * 8  # 8 rows per batch
        try:
            cache.column(5)
        finally:
            blocks._BATCH_BYTES = old
        assert seen == sorted(seen) and len(seen) == 8 and seen[-1] == 1.0


# -- read-ahead --------------------------------------------------------------------------


class Recorder:
    """A dataset stand-in that records the (rows, cols) of every read, as ranges."""

    def __init__(self, dset):
        self.dset, self.reads = dset, []
        self.shape, self.dtype, self.chunks = dset.shape, dset.dtype, dset.chunks

    def __getitem__(self, sel):
        rows, cols = (range(*s.indices(n)) for s, n in zip(sel, self.shape, strict=True))
        self.reads.append((rows, cols))
        return self.dset[sel]

    def rows_read(self):
        out = [(r.start, r.stop) for r, _ in self.reads]
        self.reads.clear()
        return out

    def cols_read(self):
        out = [(c.start, c.stop) for _, c in self.reads]
        self.reads.clear()
        return out


@pytest.fixture
def one_row_chunks(tmp_path):
    """300 spectra of 1024 float32 (4 KiB), chunked one spectrum per chunk."""
    data = np.random.default_rng(5).random((300, 1024)).astype(np.float32)
    with h5py.File(tmp_path / "r.h5", "w") as f:
        f.create_dataset("d", data=data, chunks=(1, 1024))
    with h5py.File(tmp_path / "r.h5", "r") as f:
        yield Recorder(f["d"]), data


def test_a_jump_reads_only_its_chunk(one_row_chunks):
    dset, data = one_row_chunks
    cache = BlockCache(dset)
    assert cache.row_window == 1 and cache.readahead_rows == 256  # 1 MiB of 4 KiB rows
    for r in [50, 120, 7, 299, 0, 200, 202, 204]:  # no two neighbours in a row
        np.testing.assert_array_equal(cache.row(r), data[r])
        assert dset.rows_read() == [(r, r + 1)]
    assert cache.misses == 8 and cache.hits == 0


def test_scrubbing_reads_ahead_and_doubles(one_row_chunks):
    dset, data = one_row_chunks
    cache = BlockCache(dset)
    cache.row(10)
    assert dset.rows_read() == [(10, 11)]  # a jump
    reads = []
    for r in range(11, 300):  # scrub to the end
        np.testing.assert_array_equal(cache.row(r), data[r])
        reads += dset.rows_read()
    # 4 rows, then twice as many at each miss up to 256 (1 MiB), clipped at the end.
    assert reads == [(11, 15), (15, 23), (23, 39), (39, 71), (71, 135), (135, 263), (263, 300)]
    assert cache.misses == 1 + len(reads) and cache.hits == 289 - len(reads)
    cache.row(40)  # a jump ends the run: the next miss reads one chunk again
    cache.row(5)
    assert dset.rows_read() == [(5, 6)]


def test_scrubbing_backwards_reads_ahead_backwards(one_row_chunks):
    dset, data = one_row_chunks
    cache = BlockCache(dset)
    for r in range(100, 80, -1):
        np.testing.assert_array_equal(cache.row(r), data[r])
    assert dset.rows_read() == [(100, 101), (96, 100), (88, 96), (72, 88)]


def test_read_ahead_stops_at_rows_already_held(one_row_chunks):
    dset, data = one_row_chunks
    cache = BlockCache(dset)
    cache.row(53)
    cache.row(50)
    cache.row(51)  # would read 51..54, but 53 is held: reads 51..52 only
    assert dset.rows_read() == [(53, 54), (50, 51), (51, 53)]
    for r in range(52, 56):
        np.testing.assert_array_equal(cache.row(r), data[r])
    assert dset.rows_read() == [(54, 62)]  # the run goes on past the held row


def test_read_ahead_respects_the_budget(one_row_chunks):
    dset, data = one_row_chunks
    budget = 64 * 4096  # 64 rows; a window may take a quarter: 16 rows
    cache = BlockCache(dset, budget=budget)
    assert cache.readahead_rows == 16
    for r in range(300):
        np.testing.assert_array_equal(cache.row(r), data[r])
        assert cache.nbytes <= budget
    assert max(b - a for a, b in dset.rows_read()) == 16


@pytest.mark.parametrize(("chunk", "window"), [(128, 16), (24, 3), (100, 10), (127, 1), (7, 1)])
def test_a_jump_copies_an_eighth_of_a_chunk_and_never_two_chunks(tmp_path, chunk, window):
    """HDF5 reads whole chunks: a jump keeps an aligned divisor of the chunk, about 1/8."""
    data = np.random.default_rng(6).random((4 * chunk, 2 * chunk), dtype=np.float32)
    with h5py.File(tmp_path / "b.h5", "w") as f:
        dset = Recorder(f.create_dataset("d", data=data, chunks=(chunk, chunk)))
        cache = BlockCache(dset)
        assert cache.row_window == cache.col_window == window
        rng = np.random.default_rng(1)
        for r in rng.permutation(4 * chunk)[:25]:  # jumps (a neighbour now and then)
            np.testing.assert_array_equal(cache.row(int(r)), data[r])
        reads = dset.rows_read()
        assert all(a % window == 0 and a // chunk == (b - 1) // chunk for a, b in reads)
        assert all(b - a <= window * 4 for a, b in reads)


def test_scrubbing_blocked_chunks_grows_to_the_chunk_width(tmp_path):
    """(128, 128) chunks: a jump reads 16 columns; a scrub reads ahead up to 128 (one pass
    over the chunks serves 128 steps, as a whole-chunk window did)."""
    data = np.random.default_rng(9).random((4096, 1024), dtype=np.float32)  # 16 KiB columns
    with h5py.File(tmp_path / "m.h5", "w") as f:
        dset = Recorder(f.create_dataset("d", data=data, chunks=(128, 128)))
        cache = BlockCache(dset)
        assert cache.col_window == 16 and cache.readahead_cols == 128
        for c in range(512, 800):
            np.testing.assert_array_equal(cache.column(c), data[:, c])
        assert dset.cols_read() == [(512, 528), (528, 592), (592, 720), (720, 848)]


def test_columns_read_ahead_too(tmp_path):
    """Maps of a dataset chunked one column per chunk (a map per chunk)."""
    data = np.random.default_rng(7).random((1000, 64)).astype(np.float32)
    with h5py.File(tmp_path / "c.h5", "w") as f:
        dset = Recorder(f.create_dataset("d", data=data, chunks=(1000, 1)))
        cache = BlockCache(dset)
        assert cache.col_window == 1 and cache.readahead_cols == 64  # 4 KB per column
        for c in [30, 31, 32, 33, 34, 35, 10]:
            np.testing.assert_array_equal(cache.column(c), data[:, c])
        assert dset.cols_read() == [(30, 31), (31, 35), (35, 43), (10, 11)]


def test_no_read_ahead_on_contiguous_spectra_wider_than_the_cap(tmp_path):
    """Rows of 2 MiB: a read-ahead window would exceed READAHEAD_BYTES, so there is none."""
    with h5py.File(tmp_path / "w.h5", "w") as f:
        dset = Recorder(f.create_dataset("d", shape=(6, 2**19), dtype=np.float32))
        cache = BlockCache(dset, budget=64 * 2**20)
        assert cache.readahead_rows == 0
        for r in range(6):
            cache.row(r)
        assert all(b - a <= cache.row_window for a, b in dset.rows_read())


def test_scrubbing_spectra_through_main_dataset(tmp_path):
    """isel of the next position is served from memory after a read-ahead (4D-STEM-like)."""
    ny, nx, nf = 6, 40, 64
    data = np.random.default_rng(8).random((ny, nx, nf)).astype(np.float32)
    path = tmp_path / "s.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(ny)), Dimension("X", "nm", np.arange(nx))],
            [Dimension("F", "kHz", np.arange(nf))],
            quantity="A",
            units="V",
            chunks=(1, nf),
        )
    with MainDataset(path, "/M/Raw") as m:
        misses = []
        for x in range(nx):
            np.testing.assert_array_equal(m.isel(Y=3, X=x), data[3, x])
            misses.append(m.blocks.misses)
        # one miss for the jump to X = 0, then read-ahead windows of 4, 8, 16, 32 rows
        assert misses[-1] <= 5
        np.testing.assert_array_equal(m.isel(Y=0, X=7), data[0, 7])
