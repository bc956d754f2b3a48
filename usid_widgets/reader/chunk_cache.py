"""The HDF5 chunk cache of a Main dataset, sized for the way the views read it.

The views read a Main dataset in two shapes: a map reads a thin window of columns across
every row, a spectrum (or diffraction plane) a few whole rows (see ``blocks.py``). What HDF5's
chunk cache does for those reads depends on the chunks:

- **Unfiltered chunks of one row** (one spectrum or pattern per chunk: 4D-STEM, band
  excitation): a column window is one short run of bytes in every chunk. With a cache HDF5
  reads each chunk whole into it (64 KiB for 64 bytes wanted); without one it reads only the
  run. A map window of a 4096 x 16384 float32 dataset chunked (1, 16384): 55-80 ms with
  HDF5's default cache, 19-29 ms with none (measured here). So: no cache.
- **Filtered chunks** (gzip, lzf, shuffle...): every read decompresses whole chunks. A map
  window of (128, 128) gzip chunks decompresses 128 chunks; the next window of the same
  chunks (a jump nearby, a scrub past the read-ahead) decompressed them again with the
  default cache: 28 ms against 0.8 ms when the cache holds them. So: a cache of a quarter
  of the byte budget (or the whole dataset's chunks if smaller), which the block cache then
  does not use: several passes of chunks (a column of chunks for a map, a row of chunks
  for a spectrum), so that jumps back into chunks read before decompress nothing.
- **Anything else** (unfiltered blocks, contiguous storage): HDF5's default. Without a cache
  a window of (128, 128) chunks became 128 small reads per chunk: 5x slower.

HDF5 keeps one cache per dataset, shared by every open handle and set at the first open:
the settings apply only when no other handle of the dataset is open (the reader's own open
by path, not a dataset the caller holds). :func:`open_for_views` says what it got.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

# A quarter of the byte budget at most, so that the block cache keeps the rest.
_BUDGET_SHARE = 4
# HDF5's advice: a prime number of slots, about 100 times the chunks the cache holds.
_SLOTS_PER_CHUNK = 100
_MAX_SLOTS = 2**20
_W0 = 0.75  # HDF5's default preemption policy


@dataclass(frozen=True)
class ChunkCache:
    """Settings of one dataset's HDF5 chunk cache (``H5Pset_chunk_cache``)."""

    nslots: int
    nbytes: int
    w0: float = _W0
    why: str = ""


def plan(dset: h5py.Dataset, budget: int) -> ChunkCache | None:
    """The chunk cache for the views of ``dset`` within ``budget`` bytes; None keeps HDF5's
    default (see the module notes)."""
    chunks = dset.chunks
    shape = dset.shape
    if chunks is None or len(shape) != 2 or budget <= 0:
        return None
    n_rows, n_cols = shape
    try:
        filtered = dset.id.get_create_plist().get_nfilters() > 0
    except Exception:  # an unusual creation property list: keep the default
        return None
    if not filtered:
        if chunks[0] == 1 and chunks[1] > 1 and n_rows > 1:
            return ChunkCache(1, 0, 1.0, "unfiltered chunks of one row: maps read only their run")
        return None
    chunk_bytes = int(np.prod(chunks)) * dset.dtype.itemsize
    n_chunks = -(-n_rows // chunks[0]) * -(-n_cols // chunks[1])
    nbytes = min(n_chunks * chunk_bytes, budget // _BUDGET_SHARE)
    if nbytes < chunk_bytes:
        return None
    held = nbytes // chunk_bytes
    return ChunkCache(
        _prime_at_least(min(_MAX_SLOTS, max(521, _SLOTS_PER_CHUNK * held))),
        int(nbytes),
        _W0,
        "filtered chunks: decompressed chunks kept for the next windows",
    )


def open_for_views(group: h5py.Group, path: str, budget: int) -> tuple[Any, ChunkCache | None]:
    """``group[path]`` opened with the chunk cache :func:`plan` gives, and the cache it got
    (None: HDF5's default, or another open handle's settings)."""
    probe = group[path]
    if not isinstance(probe, h5py.Dataset):
        return probe, None
    want = plan(probe, budget)
    if want is None:
        return probe, None
    readonly = probe.file.mode == "r"
    del probe  # HDF5 applies a cache only at the dataset's first open
    dapl = h5py.h5p.create(h5py.h5p.DATASET_ACCESS)
    dapl.set_chunk_cache(want.nslots, want.nbytes, want.w0)
    try:
        dset = _dataset(h5py.h5d.open(group.id, path.encode(), dapl), readonly)
    except Exception:  # a link h5d.open does not follow: the plain open
        return group[path], None
    got = settings(dset)  # HDF5 reports 0 slots for a cache of 0 bytes: compare the bytes
    return dset, (want if got is not None and got[1] == want.nbytes else None)


def settings(dset: h5py.Dataset) -> tuple[int, int, float] | None:
    """(nslots, nbytes, w0) of the chunk cache ``dset`` reads through, if HDF5 tells."""
    try:
        nslots, nbytes, w0 = dset.id.get_access_plist().get_chunk_cache()
    except Exception:
        return None
    return int(nslots), int(nbytes), float(w0)


def _dataset(dsid: Any, readonly: bool) -> h5py.Dataset:
    try:
        return h5py.Dataset(dsid, readonly=readonly)
    except TypeError:  # pragma: no cover - h5py without the readonly argument
        return h5py.Dataset(dsid)


def _prime_at_least(n: int) -> int:
    n = max(3, int(n)) | 1
    while any(n % p == 0 for p in range(3, int(n**0.5) + 1, 2)):
        n += 2
    return n
