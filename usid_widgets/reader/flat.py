"""A 2-D window onto an N-d array: the positions x steps matrix the reader's machinery reads.

USID stores every dataset as a 2-D matrix (positions x spectroscopic steps); the chunk-aware
block cache, the held lines and the streaming reductions all read such a matrix. NSID files,
plain HDF5 datasets and arrays in memory are N-d. :class:`Flat2D` presents one of them as that
matrix without copying it: the rows are the C-order product of ``row_axes`` of the array, the
columns that of ``col_axes`` (the two lists partition the array's axes, in any order).

A 2-D selection (slices, or sorted lists of indices, as the reader asks) becomes a few N-d
hyperslabs: a range of flat rows is cut into exact boxes (a head, whole blocks, a tail), a
list of rows is read through its tight per-axis bounding box when that is dense, else split
by its slowest axis. So a map, a spectrum, a diffraction plane or a window of them reads
exactly the cells it needs, whatever the source (``h5py.Dataset``, numpy or dask array).
"""

from __future__ import annotations

from math import prod
from typing import Any

import numpy as np

# A list of flat indices is read through its bounding box when the box holds at most this many
# times the cells asked for; sparser lists are split along their slowest axis.
_DENSE = 4


def _pieces_of_range(a: int, b: int, sizes: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """Exact boxes (one slice per axis) covering the flat C-order range ``[a, b)``, in order."""
    if a >= b:
        return []
    if not sizes:
        return [()]
    if len(sizes) == 1:
        return [(slice(a, b),)]
    inner = prod(sizes[1:])
    i0, r0 = divmod(a, inner)
    i1, r1 = divmod(b, inner)  # exclusive end
    if i0 == i1:
        return [(slice(i0, i0 + 1), *p) for p in _pieces_of_range(r0, r1, sizes[1:])]
    out: list[tuple[Any, ...]] = []
    if r0:
        out += [(slice(i0, i0 + 1), *p) for p in _pieces_of_range(r0, inner, sizes[1:])]
        i0 += 1
    if i1 > i0:
        out.append((slice(i0, i1), *(slice(0, s) for s in sizes[1:])))
    if r1:
        out += [(slice(i1, i1 + 1), *p) for p in _pieces_of_range(0, r1, sizes[1:])]
    return out


def _pieces_of_list(
    flat: np.ndarray, sizes: tuple[int, ...]
) -> list[tuple[tuple[Any, ...], np.ndarray | None]]:
    """Boxes covering the sorted unique flat indices ``flat``, in order, each with the flat
    positions (in the box, C order) of the wanted cells, or None when the box is exactly them.
    """
    if flat.size == 0:
        return []
    if not sizes:
        return [((), None)]
    multi = np.unravel_index(flat, sizes)
    lo = [int(m.min()) for m in multi]
    hi = [int(m.max()) + 1 for m in multi]
    box_shape = tuple(h - low for low, h in zip(lo, hi, strict=True))
    box = tuple(slice(low, h) for low, h in zip(lo, hi, strict=True))
    n_box = prod(box_shape)
    if n_box == flat.size:
        return [(box, None)]
    if n_box <= _DENSE * flat.size:
        local = np.ravel_multi_index(
            tuple(m - low for m, low in zip(multi, lo, strict=True)), box_shape
        )
        return [(box, local)]
    if len(sizes) == 1:
        return [((flat,), None)]  # sparse along one axis: one index list
    inner = prod(sizes[1:])
    first = multi[0]
    cut = np.flatnonzero(np.diff(first)) + 1
    out = []
    for part in np.split(flat, cut):
        i = int(part[0] // inner)
        inside = _pieces_of_list(part - i * inner, sizes[1:])
        out += [((slice(i, i + 1), *b), take) for b, take in inside]
    return out


def _box_len(box: tuple[Any, ...]) -> int:
    n = 1
    for s in box:
        n *= (s.stop - s.start) if isinstance(s, slice) else len(s)
    return n


class Flat2D:
    """``array`` seen as a 2-D matrix: rows over ``row_axes``, columns over ``col_axes``.

    Supports what the reader asks of a 2-D ``h5py.Dataset``: ``shape``, ``dtype``,
    ``chunks`` (the run of flat rows / columns one chunk of the array spans, for the block
    cache's windows), ``ndim`` and ``[rows, cols]`` with a slice (step 1) or a sorted list of
    unique indices on each side.
    """

    def __init__(self, array: Any, row_axes: tuple[int, ...], col_axes: tuple[int, ...]):
        axes = tuple(row_axes) + tuple(col_axes)
        if sorted(axes) != list(range(len(array.shape))):
            raise ValueError(f"row and column axes {row_axes}, {col_axes} must partition the axes")
        self.array = array
        self.row_axes, self.col_axes = tuple(row_axes), tuple(col_axes)
        shape = tuple(int(s) for s in array.shape)
        self.row_sizes = tuple(shape[a] for a in self.row_axes)
        self.col_sizes = tuple(shape[a] for a in self.col_axes)
        self.shape = (prod(self.row_sizes), prod(self.col_sizes))
        self.dtype = np.dtype(array.dtype)
        self.ndim = 2
        self.size = self.shape[0] * self.shape[1]
        chunks = getattr(array, "chunks", None)
        self.chunks = None
        if chunks is not None and not callable(chunks):
            per_axis = [_chunk_len(c) for c in chunks]  # dask gives a tuple of tuples
            self.chunks = (
                _flat_chunk(self.row_sizes, [per_axis[a] for a in self.row_axes]),
                _flat_chunk(self.col_sizes, [per_axis[a] for a in self.col_axes]),
            )
        self._axes = axes  # the array's axes in (row axes..., column axes...) order

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> np.ndarray:
        if not isinstance(key, tuple) or len(key) != 2:
            raise TypeError("a Flat2D is read with [rows, columns]")
        rows = self._side(key[0], self.shape[0], self.row_sizes)
        cols = self._side(key[1], self.shape[1], self.col_sizes)
        nr = sum(_box_len(b) if t is None else t.size for b, t in rows)
        nc = sum(_box_len(b) if t is None else t.size for b, t in cols)
        if len(rows) == 1 and len(cols) == 1:
            return self._read(*rows[0], *cols[0])
        out = np.empty((nr, nc), dtype=self.dtype)
        r = 0
        for rbox, rtake in rows:
            n_r = _box_len(rbox) if rtake is None else rtake.size
            c = 0
            for cbox, ctake in cols:
                n_c = _box_len(cbox) if ctake is None else ctake.size
                out[r : r + n_r, c : c + n_c] = self._read(rbox, rtake, cbox, ctake)
                c += n_c
            r += n_r
        return out

    def _side(self, sel: Any, length: int, sizes: tuple[int, ...]):
        if isinstance(sel, slice):
            start, stop, step = sel.indices(length)
            if step != 1:
                return _pieces_of_list(np.arange(start, stop, step, dtype=np.int64), sizes)
            return [(p, None) for p in _pieces_of_range(start, max(start, stop), sizes)]
        if isinstance(sel, (int, np.integer)):
            i = int(sel)
            return [(p, None) for p in _pieces_of_range(i, i + 1, sizes)]
        flat = np.asarray(sel, dtype=np.int64).reshape(-1)
        if flat.size > 1 and bool(np.any(np.diff(flat) <= 0)):
            raise ValueError("Flat2D takes sorted unique index lists")
        return _pieces_of_list(flat, sizes)

    def _read(self, rbox, rtake, cbox, ctake) -> np.ndarray:
        n_rows = len(self.row_axes)
        sel: list[Any] = [None] * (n_rows + len(self.col_axes))
        for a, s in zip(self.row_axes, rbox, strict=True):
            sel[a] = s
        for a, s in zip(self.col_axes, cbox, strict=True):
            sel[a] = s
        lists = [i for i, s in enumerate(sel) if not isinstance(s, slice)]
        post: list[tuple[int, np.ndarray]] = []
        for i in lists[1:]:  # h5py takes one index list per read: bound the others
            idx = sel[i]
            sel[i] = slice(int(idx[0]), int(idx[-1]) + 1)
            post.append((i, idx - idx[0]))
        block = np.asarray(self.array[tuple(sel)]) if sel else np.asarray(self.array[()])
        for i, take in post:
            block = np.take(block, take, axis=i)
        block = np.transpose(block, self._axes)
        block = block.reshape(prod(block.shape[:n_rows]), -1) if n_rows else block.reshape(1, -1)
        if rtake is not None:
            block = block[rtake]
        if ctake is not None:
            block = block[:, ctake]
        return block


def _chunk_len(c: Any) -> int:
    if isinstance(c, (tuple, list)):
        return int(max(c)) if len(c) else 1
    return int(c)


def _flat_chunk(sizes: tuple[int, ...], chunks: list[int]) -> int:
    """Flat lines one chunk spans along a flattened side: whole fast axes times the first
    partial one (C order)."""
    n = 1
    for size, chunk in zip(reversed(sizes), reversed(chunks), strict=True):
        n *= min(chunk, size)
        if chunk < size:
            break
    return max(1, n)
