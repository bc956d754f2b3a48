"""``MainDataset.isel_shared``, the explorer's reads: equal to ``isel``, always read-only, a
view of the block cache where the line is most of its block (no copy); ``isel`` itself
stays the caller's own copy."""

from __future__ import annotations

import numpy as np
from main_files import MAIN, half_steps, write_channel, write_patterns

from usid_widgets import MainDataset


def _block_of(md: MainDataset, index: dict[str, int]) -> np.ndarray:
    held = md.blocks.held_row(md.position_row(index))
    assert held is not None
    return held[0]


def test_a_pattern_per_chunk_is_shared_with_its_block(tmp_path):
    path, data = write_patterns(tmp_path / "p.h5")
    with MainDataset(path, MAIN) as md:
        for y, x in ((0, 0), (3, 2), (5, 4)):
            index = {"Y": y, "X": x}
            shared = md.isel_shared(index)
            np.testing.assert_array_equal(shared, data[y, x])
            assert not shared.flags.writeable
            assert np.shares_memory(shared, _block_of(md, index))
            own = md.isel(index)
            assert own.flags.writeable and not np.shares_memory(own, _block_of(md, index))
            own += 1  # the caller's copy: the cache is untouched
            np.testing.assert_array_equal(md.isel_shared(index), data[y, x])


def test_a_line_that_is_a_small_part_of_its_block_is_copied(tmp_path):
    data = np.random.default_rng(1).random((16, 8, 64)).astype(np.float32)
    path = write_channel(
        tmp_path / "s.h5",
        data,
        half_steps({"Y": 16, "X": 8}),
        half_steps({"F": 64}),
        chunks=(64, 64),
    )
    with MainDataset(path, MAIN) as md:
        index = {"Y": 9, "X": 3}
        shared = md.isel_shared(index)
        np.testing.assert_array_equal(shared, data[9, 3])
        block = _block_of(md, index)
        assert block.shape[0] > 2  # a window of several spectra
        assert not np.shares_memory(shared, block)  # copied: the block may be evicted
        assert not shared.flags.writeable
        # a map is not served from row windows: read-only all the same
        assert not md.isel_shared({"F": 5}).flags.writeable
