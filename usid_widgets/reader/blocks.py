"""Chunk-aware reads of maps (one column) and spectra (one row), with a byte-budget cache.

HDF5 decompresses whole chunks: a map of a dataset chunked one spectrum per chunk costs a
pass over every chunk whatever number of columns it extracts. So a column request reads the
aligned *window* of columns that the same chunks hold (or, for row-shaped chunks, a window
sized by the budget), and keeps it: the next slider step is then served from memory. The same
holds for rows. Windows are read in row (column) batches so memory stays bounded.

Read-ahead: where the chunks hold only one line (or a few) across the requested axis, as a
dataset chunked one spectrum per chunk is for rows, the aligned window is that line alone and
the next step would read the file again. Like an operating system's readahead, the cache
watches the access pattern of each axis: a miss right after a request for the neighbouring
line (scrubbing, playing) reads a window of several chunks ahead in the direction of motion,
doubling with every sequential miss up to :data:`READAHEAD_BYTES` (and a quarter of the
budget); a miss anywhere else (a jump) reads the aligned window only, so a random jump costs
what it cost before.

This block cache does the caching of what the views showed. Below it, HDF5's own chunk cache
is sized per Main dataset for these reads (``chunk_cache.py``): none for unfiltered chunks
of one row (a column window then reads only its run of each chunk), one pass of
decompressed chunks for filtered data, HDF5's default otherwise. A large cache on every
dataset made a full pass over 16,384 small chunks 2.7x slower (measured here).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import h5py
import numpy as np

from .hsds import is_h5pyd
from .raw_rows import RawRows
from .remote import prefetch

DEFAULT_CACHE_BYTES = 128 * 2**20
# One window may use at most this share of the budget, so a few neighbours fit at once.
_WINDOW_SHARE = 4
# A window wider than this many columns costs more to copy than it saves.
_MAX_WINDOW = 64
# A jump copies at most this fraction of the chunk bytes HDF5 reads for it anyway: HDF5 reads
# whole chunks, so a line of chunks 128 lines wide costs the pass over those chunks plus the
# copy of the lines kept; keeping all 128 doubled the cost of a jump (measured: 2.0x a
# one-line read on (128, 128) chunks, 1.1x with 16 lines).
_WINDOW_FRACTION = 8
# Batch size (bytes) of one h5py read inside a window read.
_BATCH_BYTES = 16 * 2**20
#: Largest read-ahead window (bytes) of a sequential scrub.
READAHEAD_BYTES = 2**20
# The first read-ahead window of a scrub, in aligned windows; it doubles on every next miss.
_READAHEAD_START = 4


class _Lines:
    """Cache bookkeeping of one axis: which block holds each aligned window, and the access
    pattern (the line requested last, the size of the last read-ahead)."""

    __slots__ = ("length", "window", "index", "last", "ahead")

    def __init__(self, length: int):
        self.length = length
        self.window = 0  # lines per aligned window, the unit the index is keyed by
        self.index: dict[int, tuple[str, int, int]] = {}  # window number -> block key
        self.last: int | None = None
        self.ahead = 0  # lines of the last read-ahead window (0: not in a sequential run)


class BlockCache:
    """Windows of whole columns / whole rows of a 2-D dataset, least recently used first out.

    ``col_window`` / ``row_window``: lines of the aligned window read on a miss (0 disables
    caching on that axis); ``readahead_cols`` / ``readahead_rows``: the largest window a
    sequential scrub reads (not above the aligned window: no read-ahead on that axis).
    """

    def __init__(self, dset: h5py.Dataset, budget: int = DEFAULT_CACHE_BYTES):
        self.dset = dset
        self.budget = int(budget)
        self._blocks: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0
        #: callable(fraction) told how far a window read has come (for progress bars)
        self.progress: Callable[[float], None] | None = None
        n_rows, n_cols = dset.shape
        item = dset.dtype.itemsize
        chunks = dset.chunks
        # h5py asks HDF5 for these on every access (~1-2 us each, several per read)
        self.shape, self._dtype, self._chunks = (n_rows, n_cols), dset.dtype, chunks
        self._lines = {"col": _Lines(n_cols), "row": _Lines(n_rows)}
        plain_h5 = isinstance(dset, h5py.Dataset)  # an N-d window (flat.py) has no raw path
        #: whether a server reads the chunks and sends the slice (HSDS): reads are batched by
        #: the bytes that travel, not by the chunks they touch
        self.served = is_h5pyd(getattr(dset, "array", dset))
        self.raw = RawRows.for_dataset(dset) if budget > 0 and plain_h5 else None
        col_chunk, row_chunk = (chunks[1], chunks[0]) if chunks else (None, None)
        self.col_window = self._window(n_cols, n_rows * item, col_chunk, 8)
        self.row_window = self._window(n_rows, n_cols * item, row_chunk, 8)
        self.readahead_cols = self._readahead(self.col_window, n_cols, n_rows * item, col_chunk)
        self.readahead_rows = self._readahead(self.row_window, n_rows, n_cols * item, row_chunk)

    def _window(self, length: int, bytes_per_line: int, chunk: int | None, contiguous: int) -> int:
        """Lines per window along one axis; 0 disables caching on that axis.

        ``contiguous`` is the window for unchunked storage, where a wider window costs extra
        copying: small, so that a jump to a random index stays near the cost of one line.
        """
        if self.budget <= 0 or length <= 1:
            return 0
        fit = self.budget // _WINDOW_SHARE // max(bytes_per_line, 1)
        if fit < 1:
            return 0
        if chunk is None:
            want = contiguous
        elif chunk < length:
            # an aligned part of what the chunks hold: a divisor of the chunk, so that a
            # window never straddles two chunks
            want = next(
                d for d in range(max(1, chunk // _WINDOW_FRACTION), 0, -1) if chunk % d == 0
            )
        else:
            want = _MAX_WINDOW  # every chunk spans the axis: any window costs one pass
        return int(max(1, min(want, fit, length)))

    def _readahead(
        self, window: int, length: int, bytes_per_line: int, chunk: int | None = None
    ) -> int:
        """Largest read-ahead in lines: whole aligned windows, at most READAHEAD_BYTES or
        what the chunks hold across this axis (one pass over them), within the budget share."""
        if window <= 0:
            return 0
        per_line = max(bytes_per_line, 1)
        lines = READAHEAD_BYTES // per_line
        if chunk is not None and chunk < length:
            lines = max(lines, chunk)
        lines = min(lines, self.budget // _WINDOW_SHARE // per_line, length)
        return int((lines // window) * window)

    @property
    def nbytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._blocks.clear()
        self._bytes = 0
        for lines in self._lines.values():
            lines.index.clear()
            lines.last, lines.ahead = None, 0

    def column(self, c: int) -> np.ndarray | None:
        """Column ``c`` (all rows), from a cached window when possible; None if disabled."""
        hit = self._line("col", int(c), self.col_window, self.readahead_cols)
        if hit is None:
            return None
        block, start = hit
        return block[:, c - start]

    def row(self, r: int) -> np.ndarray | None:
        """Row ``r`` (all columns), from a cached window when possible; None if disabled."""
        hit = self._line("row", int(r), self.row_window, self.readahead_rows)
        if hit is None:
            return None
        block, start = hit
        return block[r - start, :]

    def held_row(self, r: int) -> tuple[np.ndarray, int] | None:
        """The cached block holding row ``r`` and its first row, or None: never reads."""
        lines = self._lines["row"]
        if not lines.window:
            return None
        key = lines.index.get(int(r) // lines.window)
        if key is None:
            return None
        self._blocks.move_to_end(key)
        return self._blocks[key], key[1]

    def note_row(self, r: int) -> None:
        """Row ``r`` was shown from a copy held elsewhere (the browser's lines): track the
        motion as if it had been read here, so that the next miss still reads ahead."""
        self._lines["row"].last = int(r)

    def _line(self, kind: str, i: int, w: int, ahead: int) -> tuple[np.ndarray, int] | None:
        """The block holding line ``i`` of one axis and its first line; reads it on a miss."""
        if not w:
            return None
        lines = self._lines[kind]
        if lines.window != w:  # the window was changed from outside: start this axis afresh
            self._drop(kind)
            lines.window = w
        step = None if lines.last is None else i - lines.last
        lines.last = i
        j = i // w
        key = lines.index.get(j)
        if key is not None:
            self._blocks.move_to_end(key)
            self.hits += 1
            return self._blocks[key], key[1]
        self.misses += 1
        first, last = j, j + 1  # aligned windows to read, [first, last)
        if step in (1, -1) and ahead > w:
            # A scrub: read ahead in the direction of motion, a few windows first, then twice
            # as many at each miss, never over windows already held.
            size = min(ahead, max(_READAHEAD_START * w, 2 * lines.ahead))
            lines.ahead = size
            if step > 0:
                end = min(-(-lines.length // w), j + size // w)
                while last < end and last not in lines.index:
                    last += 1
            else:
                end = max(0, j + 1 - size // w)
                while first > end and (first - 1) not in lines.index:
                    first -= 1
        else:
            lines.ahead = 0  # a jump: the aligned window alone
        start, stop = first * w, min(last * w, lines.length)
        read = self._read_cols if kind == "col" else self._read_rows
        block = read(start, stop)
        self._store((kind, start, stop), block)
        return block, start

    def _store(self, key: tuple[str, int, int], block: np.ndarray) -> None:
        kind, start, stop = key
        lines = self._lines[kind]
        for j in range(start // lines.window, -(-stop // lines.window)):
            lines.index[j] = key
        self._blocks[key] = block
        self._bytes += block.nbytes
        while self._bytes > self.budget and len(self._blocks) > 1:
            old_key, old = self._blocks.popitem(last=False)
            self._bytes -= old.nbytes
            self._unindex(old_key)

    def _unindex(self, key: tuple[str, int, int]) -> None:
        kind, start, stop = key
        lines = self._lines[kind]
        for j in range(start // lines.window, -(-stop // lines.window)):
            if lines.index.get(j) == key:
                del lines.index[j]

    def _drop(self, kind: str) -> None:
        """Forget every block of one axis."""
        for key in [k for k in self._blocks if k[0] == kind]:
            self._bytes -= self._blocks.pop(key).nbytes
        lines = self._lines[kind]
        lines.index.clear()
        lines.last, lines.ahead = None, 0

    def _read_cols(self, c0: int, c1: int) -> np.ndarray:
        n_rows = self.shape[0]
        chunks = self._chunks
        if self.served:
            step = _aligned_batch(n_rows, self._dtype.itemsize * (c1 - c0), 1)
        else:
            row_bytes = self._dtype.itemsize * (chunks[1] if chunks else self.shape[1])
            step = _aligned_batch(n_rows, row_bytes, chunks[0] if chunks else 1)
            # a remote file: the window's bytes of every chunk at once
            prefetch(self.dset, slice(0, n_rows), slice(c0, c1), self.progress)
        if step >= n_rows:
            return self.dset[:, c0:c1]
        out = np.empty((n_rows, c1 - c0), dtype=self._dtype)
        for r in range(0, n_rows, step):
            # getitem per batch: h5py's read_direct costs ~15x more per call here.
            out[r : r + step] = self.dset[r : r + step, c0:c1]
            if self.progress is not None:
                self.progress(min(1.0, (r + step) / n_rows))
        return out

    def _read_rows(self, r0: int, r1: int) -> np.ndarray:
        if self.raw is not None:  # blocked chunks: only the window's bytes (raw_rows.py)
            block = self.raw.read(r0, r1)
            if block is not None:
                return block
        n_cols = self.shape[1]
        chunks = self._chunks
        prefetch(self.dset, slice(r0, r1), slice(0, n_cols), self.progress)
        step = _aligned_batch(
            n_cols,
            self._dtype.itemsize * (r1 - r0),
            1 if self.served else chunks[1] if chunks else n_cols,
        )
        if step >= n_cols:
            return self.dset[r0:r1, :]
        out = np.empty((r1 - r0, n_cols), dtype=self._dtype)
        for c in range(0, n_cols, step):
            out[:, c : c + step] = self.dset[r0:r1, c : c + step]
            if self.progress is not None:
                self.progress(min(1.0, (c + step) / n_cols))
        return out


def _aligned_batch(length: int, bytes_per_line: int, chunk: int) -> int:
    """Lines per h5py read: about _BATCH_BYTES, a whole number of chunks."""
    lines = max(1, _BATCH_BYTES // max(bytes_per_line, 1))
    chunk = max(1, int(chunk))
    return min(length, max(chunk, (lines // chunk) * chunk))
