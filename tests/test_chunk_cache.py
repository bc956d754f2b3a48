"""The HDF5 chunk cache the reader sizes for the views (reader/chunk_cache.py)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from main_files import MAIN, half_steps, write_channel, write_patterns

from usid_widgets import MainDataset, explorer
from usid_widgets.reader.chunk_cache import plan, settings


@pytest.fixture
def patterns(tmp_path):
    """4D-STEM chunked one pattern per chunk, unfiltered."""
    return write_patterns(tmp_path / "p.h5")


@pytest.fixture
def gzip_blocks(tmp_path):
    """A spectral image in gzip-compressed (8, 16) blocks."""
    data = np.random.default_rng(1).random((16, 8, 64)).astype(np.float32)
    pos, spec = half_steps({"Y": 16, "X": 8}), half_steps({"F": 64})
    path = write_channel(tmp_path / "g.h5", data, pos, spec, chunks=(8, 16), compression="gzip")
    with h5py.File(path, "r") as f:
        assert f[MAIN].compression == "gzip"
    return path, data


def test_unfiltered_one_row_chunks_read_without_a_cache(patterns):
    path, data = patterns
    with MainDataset(path, MAIN, cache_bytes=2**20) as md:
        assert md.chunk_cache is not None and md.chunk_cache.nbytes == 0
        assert settings(md.h5)[1] == 0  # what HDF5 reads through, not only what was asked
        assert md.blocks.budget == 2**20  # a cache of 0 bytes takes nothing from the budget
        np.testing.assert_array_equal(md.isel(Ky=3, Kx=5), data[:, :, 3, 5])
        np.testing.assert_array_equal(md.isel(Y=2, X=4), data[2, 4])


def test_filtered_chunks_are_kept_within_a_quarter_of_the_budget(gzip_blocks):
    path, data = gzip_blocks
    with MainDataset(path, MAIN, cache_bytes=2**20) as md:
        cache = md.chunk_cache
        chunk_bytes = 8 * 16 * 4
        # the whole dataset is 16 x 4 chunks: all of them fit a quarter of the budget
        assert cache is not None and cache.nbytes == 16 * 4 * chunk_bytes
        assert settings(md.h5)[1] == cache.nbytes
        assert all(cache.nslots % p for p in range(2, int(cache.nslots**0.5) + 1))
        assert cache.nslots >= 100 * 16 * 4
        assert md.blocks.budget == 2**20 - cache.nbytes  # the two caches share the budget
        np.testing.assert_array_equal(md.isel(F=10), data[:, :, 10])
        np.testing.assert_array_equal(md.isel(Y=3, X=7), data[3, 7])
    with MainDataset(path, MAIN, cache_bytes=4 * 4 * chunk_bytes) as md:
        assert md.chunk_cache.nbytes == 4 * chunk_bytes  # capped at a quarter


def test_other_layouts_keep_hdf5s_default(tmp_path):
    data = np.random.default_rng(2).random((16, 8, 64)).astype(np.float32)
    blocks = write_channel(
        tmp_path / "b.h5",
        data,
        half_steps({"Y": 16, "X": 8}),
        half_steps({"F": 64}),
        chunks=(8, 16),
    )
    contiguous = write_channel(
        tmp_path / "c.h5", data, half_steps({"Y": 16, "X": 8}), half_steps({"F": 64})
    )
    for path in (blocks, contiguous):
        with h5py.File(path, "r") as f:
            default = settings(f[MAIN])
        with MainDataset(path, MAIN) as md:
            assert md.chunk_cache is None and settings(md.h5) == default


def test_no_budget_no_cache_plan(patterns):
    with h5py.File(patterns[0], "r") as f:
        assert plan(f[MAIN], 0) is None


def test_a_dataset_the_caller_holds_keeps_its_cache(patterns):
    path, data = patterns
    with h5py.File(path, "r") as f:
        held = f[MAIN]
        before = settings(held)
        md = MainDataset(f, MAIN, cache_bytes=2**20)
        # HDF5 shares one cache between the handles of a dataset, set at the first open:
        # the reader says it sized nothing and the caller's handle is as it was
        assert md.chunk_cache is None and settings(held) == before
        assert md.blocks.budget == 2**20
        np.testing.assert_array_equal(md.isel(Ky=1, Kx=2), data[:, :, 1, 2])
        md2 = MainDataset(held, cache_bytes=2**20)
        assert md2.chunk_cache is None


def test_the_explorer_reads_through_the_sized_cache(patterns, gzip_blocks):
    for path, data in (patterns, gzip_blocks):
        w = explorer(path)
        assert w.md.chunk_cache is not None
        assert settings(w.md.h5)[1] == w.md.chunk_cache.nbytes
        assert w.md.blocks.budget + w.md.chunk_cache.nbytes == w._cache_bytes
        spec = [d.name for d in w.md.spec_dims]
        w.index = {spec[-1]: 1}
        at = tuple(w.index[n] for n in spec)
        np.testing.assert_array_equal(np.asarray(w.image), data[(slice(None), slice(None), *at)])
        w.close()


def test_the_file_is_unchanged_and_closes(gzip_blocks):
    import hashlib
    from pathlib import Path

    path, _ = gzip_blocks
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    md = MainDataset(path, MAIN)
    md.isel(F=3)
    md.close()
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
    with h5py.File(path, "a"):  # nothing holds the file open any more
        pass
