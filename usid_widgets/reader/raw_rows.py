"""Rows of unfiltered blocked chunks read straight from the file, only the bytes they need.

A spectrum of a dataset chunked in blocks (say (128, 128) on a 16384 x 1024 spectral image)
is one row of each chunk across the dataset. HDF5 reads every such chunk whole into its
chunk cache and copies the rows out: 8 x 64 KiB read for 16 rows of 4 KiB. Inside a chunk,
stored row after row, a window of whole chunk rows is one contiguous run of bytes, so a
``preadv`` per chunk at the chunk's address reads exactly the window, into one buffer:
~17 us instead of ~60-130 us for 16 rows of that image (measured here). The chunk
addresses come from one ``H5Dchunk_iter`` pass (1.8 ms for 1024 chunks) into one int64 per
chunk, made at the second read: the first view of an open stays h5py's. Datasets of more
than :data:`MAX_CHUNKS` chunks are left to HDF5 (the index would cost seconds and
megabytes).

Complex data (band excitation) takes this path whatever its chunks, contiguous too (read
as one chunk of the whole shape): HDF5 stores it as a compound of two floats and converts
it member by member on every read, ~26 us for one 16 KiB row of complex64 against ~6 us
for the same bytes of float32 (measured here), while the compound's bytes are already
numpy's complex layout. Rows across several bands of chunks (one row per chunk, the usual
layout of spectra) are read band by band into one array.

Only where nothing can differ from HDF5's own read: the default (sec2) file driver, a file
open read-only and not SWMR, no filter, a plain numeric type or a complex one stored as
numpy lays it out. The first read is also read through h5py and compared; any difference
turns this path off for the dataset.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import h5py
import numpy as np

_HAS_PREADV = hasattr(os, "preadv")


def _pread_into(fd: int, buf: memoryview, offset: int) -> int:
    """Read ``len(buf)`` bytes at ``offset`` into ``buf``; the count read."""
    if _HAS_PREADV:
        return os.preadv(fd, [buf], offset)
    data = os.pread(fd, len(buf), offset)  # a platform without preadv
    buf[: len(data)] = data
    return len(data)


# Most chunks indexed: the index is one int64 per chunk (512 KiB), built in ~0.1 s at most.
MAX_CHUNKS = 2**16


class RawRows:
    """Row windows of one dataset read with ``os.pread`` (see the module notes)."""

    def __init__(self, dset: h5py.Dataset, fd: int):
        self.dset = dset
        self.fd = fd
        # a contiguous dataset is read as one chunk of the whole shape
        self.rows_per_chunk, self.cols_per_chunk = dset.chunks or dset.shape
        self.n_rows, self.n_cols = dset.shape
        self.dtype = dset.dtype
        self.item = dset.dtype.itemsize
        self.fill = dset.fillvalue
        self.bands = -(-self.n_rows // self.rows_per_chunk)
        self.columns = -(-self.n_cols // self.cols_per_chunk)
        self._index: np.ndarray | None = None  # file offset of chunk (band, column), -1: none
        self.reads = 0
        self.checked = False
        self.on = True

    @classmethod
    def for_dataset(cls, dset: h5py.Dataset) -> RawRows | None:
        """The raw reader of ``dset``, or None where HDF5 must do the reading."""
        try:
            if len(dset.shape) != 2 or 0 in dset.shape:
                return None
            complex_ = _complex_as_numpy(dset)
            chunks = dset.chunks
            if chunks is None:
                if not complex_:
                    return None  # contiguous numbers: HDF5 reads just the run
                chunks = dset.shape
            elif not complex_:
                if dset.dtype.kind not in "fiu" or dset.dtype.hasobject:
                    return None
                if chunks[0] <= 1:
                    return None  # one row per chunk: HDF5 reads just the run
                if chunks[1] >= dset.shape[1]:
                    return None  # a chunk spans the rows: HDF5 reads one run per chunk anyway
            n_chunks = -(-dset.shape[0] // chunks[0]) * -(-dset.shape[1] // chunks[1])
            if n_chunks > MAX_CHUNKS:
                return None  # the index would cost more than HDF5's own lookups save
            if dset.id.get_create_plist().get_nfilters() > 0:
                return None
            if dset.chunks is not None and not hasattr(dset.id, "chunk_iter"):
                return None  # pragma: no cover - h5py / HDF5 without H5Dchunk_iter
            f = dset.file
            if f.driver != "sec2" or f.mode != "r" or f.swmr_mode:
                return None
            fd = f.id.get_vfd_handle()
            if not isinstance(fd, int) or fd < 0:
                return None
        except Exception:
            return None
        return cls(dset, fd)

    def read(self, r0: int, r1: int) -> np.ndarray | None:
        """Rows ``r0:r1``, or None to let h5py read them."""
        if not self.on or r1 <= r0:
            return None
        self.reads += 1
        if self.reads == 1:
            return None  # the first view: h5py reads it, the index waits for a second read
        rpc = self.rows_per_chunk
        try:
            bands = range(r0 // rpc * rpc, r1, rpc)
            if len(bands) == 1:
                out = self._read(bands[0], r0, r1)
            else:  # one run per chunk and band, each band's rows in place
                out = np.empty((r1 - r0, self.n_cols), dtype=self.dtype)
                for band in bands:
                    a, b = max(r0, band), min(r1, band + rpc)
                    out[a - r0 : b - r0] = self._read(band, a, b)
        except Exception:
            self.on = False
            return None
        if not self.checked:  # once: what h5py reads must be the same, bytes and all
            self.checked = True
            nan = self.dtype.kind in "fc"
            if not np.array_equal(out, self.dset[r0:r1, :], equal_nan=nan):
                self.on = False
                return None
        return out

    def _read(self, band: int, r0: int, r1: int) -> np.ndarray:
        index = self._index if self._index is not None else self._build_index()
        cc, item, n = self.cols_per_chunk, self.item, self.columns
        rows = r1 - r0
        nbytes = rows * cc * item
        skip = (r0 - band) * cc * item
        offsets = index[band // self.rows_per_chunk].tolist()
        # The chunks' windows land side by side in one buffer, then one copy puts them in
        # row order: no bytes object, array view and strided copy per chunk (17 us instead
        # of 45 us for 16 rows of 8 chunks, measured here).
        parts = np.empty((n, rows, cc), dtype=self.dtype)
        raw = memoryview(parts).cast("B")
        for j, offset in enumerate(offsets):
            if offset < 0:  # never written: HDF5 allocates nothing, it reads as the fill
                parts[j] = self.fill
            elif _pread_into(self.fd, raw[j * nbytes : (j + 1) * nbytes], offset + skip) != nbytes:
                raise OSError("short read")
        out = parts.transpose(1, 0, 2).reshape(rows, n * cc)
        return out if n * cc == self.n_cols else np.ascontiguousarray(out[:, : self.n_cols])

    def _build_index(self) -> np.ndarray:
        index = np.full((self.bands, self.columns), -1, dtype=np.int64)
        rc, cc = self.rows_per_chunk, self.cols_per_chunk
        if self.dset.chunks is None:  # contiguous: one run, or nothing written yet
            offset = self.dset.id.get_offset()
            index[0, 0] = -1 if offset is None else offset
            self._index = index
            return index

        def note(info: Any) -> None:
            if info.byte_offset is not None:
                r, c = info.chunk_offset
                index[r // rc, c // cc] = info.byte_offset

        self.dset.id.chunk_iter(note)
        self._index = index
        return index


def _complex_as_numpy(dset: h5py.Dataset) -> bool:
    """Whether ``dset`` is complex stored as numpy holds it: a compound of two floats of
    half the item size each, real part first, in the byte order of its numpy dtype."""
    dtype = dset.dtype
    if dtype.kind != "c":
        return False
    tid = dset.id.get_type()
    if not isinstance(tid, h5py.h5t.TypeCompoundID) or tid.get_nmembers() != 2:
        return False
    half = dtype.itemsize // 2
    big = dtype.byteorder == ">" or (dtype.byteorder == "=" and sys.byteorder == "big")
    order = h5py.h5t.ORDER_BE if big else h5py.h5t.ORDER_LE
    if tid.get_size() != dtype.itemsize:
        return False
    for i, offset in enumerate((0, half)):
        member = tid.get_member_type(i)
        if (
            tid.get_member_offset(i) != offset
            or not isinstance(member, h5py.h5t.TypeFloatID)
            or member.get_size() != half
            or member.get_order() != order
        ):
            return False
    return True
