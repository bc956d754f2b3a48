"""How one flat axis of a Main dataset (its rows or its columns) unfolds into dimensions.

Everything here is vectorised numpy over the ancillary Indices, read once. The analysis never
trusts the column order of the file (old writers store the fastest dimension first, new ones
the slowest first): the speed of a dimension is how often its index changes along the axis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import prod

import numpy as np

from .strings import to_str_list

RAW_NAMES = {"position": "Position", "spectroscopic": "Step"}


@dataclass(frozen=True, eq=False)
class Dimension:
    """One named dimension of a Main dataset.

    ``values`` holds the physical coordinate of each index (read-only), in index order.
    """

    name: str
    units: str
    values: np.ndarray
    kind: str  # "position" or "spectroscopic"
    size: int = field(init=False, repr=False, compare=False)  # number of indices

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", int(self.values.shape[0]))

    def __repr__(self) -> str:
        unit = f" ({self.units})" if self.units else ""
        return f"<Dimension {self.name}{unit}: {self.size} {self.kind}>"


@dataclass(eq=False)
class Axis:
    """The unfolding of the row axis (positions) or the column axis (spectroscopic steps).

    ``dims`` are the axes of the N-d array, slowest first. For a grid layout the cell
    ``ravel_multi_index(idx, sizes)`` is stored in flat row/column ``lookup(cell)``; sparse and
    irregular axes stay one raw axis of ``length`` entries in file order.
    """

    kind: str
    length: int
    layout: str
    dims: list[Dimension]
    coord_dims: list[Dimension]
    notes: list[str] = field(default_factory=list)
    dependent: dict[str, np.ndarray] = field(default_factory=dict)
    # grid cells -> flat positions; None means identity (regular) or raw axis
    _cells_sorted: np.ndarray | None = None
    _flat_by_cell: np.ndarray | None = None

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(d.size for d in self.dims)

    @property
    def nbytes(self) -> int:
        """Memory held by this analysis (for the cache's budget)."""
        arrays = [d.values for d in self.dims + self.coord_dims] + list(self.dependent.values())
        arrays += [a for a in (self._cells_sorted, self._flat_by_cell) if a is not None]
        return int(sum(a.nbytes for a in arrays))

    def lookup(self, cells: np.ndarray) -> np.ndarray:
        """Flat row/column holding each grid cell, or -1 where nothing was measured."""
        cells = np.asarray(cells, dtype=np.int64)
        if self._cells_sorted is None:
            out = cells.copy()
            out[(cells < 0) | (cells >= self.length)] = -1
            return out
        pos = np.searchsorted(self._cells_sorted, cells)
        pos_clipped = np.minimum(pos, len(self._cells_sorted) - 1)
        hit = self._cells_sorted[pos_clipped] == cells
        return np.where(hit, self._flat_by_cell[pos_clipped], -1)

    def contiguous(self, fixed: dict[str, int]) -> tuple[int, int] | None:
        """(start, stop) when the sub-grid with ``fixed`` dims is one contiguous run of entries.

        True for identity layouts when every free dim is faster than every fixed one: a map
        (all positions free) or a spectrum (all steps free). Saves building index arrays.
        """
        if self._cells_sorted is not None:
            return None
        start, run, block, seen_fixed = 0, 1, 1, False
        for d in reversed(self.dims):  # fastest first
            i = fixed.get(d.name)
            if i is None:
                if seen_fixed:  # a free dim slower than a fixed one: not one run
                    return None
                run *= d.size
            else:
                seen_fixed = True
                start += i * block
            block *= d.size
        return start, start + run

    def select(self, fixed: dict[str, int]) -> tuple[np.ndarray, list[Dimension]]:
        """Flat rows/columns for the sub-grid where the dims in ``fixed`` are fixed.

        Returns (targets shaped like the free dims, free dims). -1 marks unmeasured cells.
        """
        free = [d for d in self.dims if d.name not in fixed]
        sizes = self.sizes
        strides = np.ones(len(sizes), dtype=np.int64)
        for i in range(len(sizes) - 2, -1, -1):
            strides[i] = strides[i + 1] * sizes[i + 1]
        cells = np.zeros((1,) * len(free), dtype=np.int64)
        j = 0
        for i, d in enumerate(self.dims):
            if d.name in fixed:
                cells = cells + int(fixed[d.name]) * int(strides[i])
            else:
                shape = [1] * len(free)
                shape[j] = d.size
                cells = cells + (np.arange(d.size, dtype=np.int64) * strides[i]).reshape(shape)
                j += 1
        return self.lookup(cells), free


def _ranks(col: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct values sorted, first occurrence of each, dense rank of every entry)."""
    if col.dtype.kind in "ui" and col.size:
        lo, hi = int(col.min()), int(col.max())
        if lo >= 0 and hi < 4 * col.size + 1024:
            # O(n) path for ordinary non-negative integer indices.
            present = np.zeros(hi + 1, dtype=bool)
            present[col] = True
            uniq = np.flatnonzero(present)
            if uniq.size == hi + 1:  # already dense 0..m-1: the index is its own rank
                ranks = col.astype(np.int64, copy=False)
            else:
                ranks = (np.cumsum(present) - 1)[col]
            first = np.full(uniq.size, col.size, dtype=np.int64)
            np.minimum.at(first, ranks, np.arange(col.size, dtype=np.int64))
            return uniq, first, ranks
    uniq, first, ranks = np.unique(col, return_index=True, return_inverse=True)
    return uniq, first, ranks.reshape(-1)


def _dim_types(attrs: dict) -> list[int]:
    """pyUSID's per-dimension ``type`` attribute (0 default, 1 incomplete, 2 dependent)."""
    value = attrs.get("type")
    if value is None:
        return []
    try:
        return [int(v) for v in np.asarray(value).reshape(-1)]
    except (TypeError, ValueError):
        return []


def _declares_incomplete(attrs: dict) -> bool:
    """Whether the attributes declare an incomplete (sparsely sampled) dimension."""
    return "incomplete_dimensions" in attrs or 1 in _dim_types(attrs)  # DimType.INCOMPLETE


def _is_sparse_convention(ranks: list[np.ndarray], n: int) -> bool:
    """USID's sparse convention: every dimension's indices are the same 0..n-1 sequence (the
    indices number the sampled points; the Values say where they are)."""
    if len(ranks) < 2 or n < 2:
        return False
    first = ranks[0]
    if not all(np.array_equal(first, r) for r in ranks[1:]):
        return False
    return bool(np.array_equal(np.sort(first), np.arange(n)))


def _raw_axis(
    kind: str, n: int, layout: str, coord_dims: list[Dimension], notes: list[str]
) -> Axis:
    raw = Dimension(RAW_NAMES[kind], "", np.arange(n, dtype=np.float64), kind)
    return Axis(kind, n, layout, [raw], coord_dims, notes)


def _names(labels: Sequence[str], units: Sequence[str], k: int) -> tuple[list[str], list[str]]:
    labels = list(labels) + [f"dim_{i}" for i in range(len(labels), k)]
    return labels, list(units) + [""] * (k - len(units))


def _may_be_regular(attrs: dict) -> bool:
    """False when the attributes declare a sparse, incomplete or dependent dimension."""
    plain = not any(key in attrs for key in ("incomplete_dimensions", "dependent_dimensions"))
    return plain and not (set(_dim_types(attrs)) - {0})


def regular_axis(
    read: Callable[[int, int], np.ndarray],
    n: int,
    k: int,
    dtype: np.dtype,
    values_at: Callable[[np.ndarray], np.ndarray],
    labels: Sequence[str],
    units: Sequence[str],
    kind: str,
    attrs: dict | None = None,
) -> Axis | None:
    """The axis if its indices are exactly a C-order grid, else None (use :func:`analyse_axis`).

    ``read(a, b)`` returns the indices of entries ``a`` to ``b`` as (b - a, n_dims): the check
    streams through them in blocks, so the whole Indices dataset is never held in memory.
    """
    attrs = attrs or {}
    if n == 0 or k == 0 or not _may_be_regular(attrs):
        return None
    grid = _stream_regular(read, n, k, np.dtype(dtype))
    if grid is None:
        return None
    order, sizes, strides = grid
    labels, units = _names(labels, units, k)
    coord = []
    for d in range(k):
        # first occurrences of a regular dim: every stride-th entry, a strided (cheap) read
        rows = np.arange(sizes[d], dtype=np.int64) * strides[d]
        v = np.asarray(values_at(rows), dtype=np.float64)[:, d].copy()
        v.setflags(write=False)
        coord.append(Dimension(labels[d], units[d], v, kind))
    dims = [coord[d] for d in order]
    return Axis(kind, n, "regular", dims, dims)


def analyse_axis(
    inds: np.ndarray,
    values_at: Callable[[np.ndarray], np.ndarray],
    labels: Sequence[str],
    units: Sequence[str],
    kind: str,
    attrs: dict | None = None,
    *,
    try_regular: bool = True,
) -> Axis:
    """Classify one axis and build its dimensions.

    ``inds`` is (length, n_dims) whatever the file's orientation; ``values_at(rows)`` returns the
    Values at those (sorted, unique) entries as (len(rows), n_dims). ``try_regular=False``
    skips the regular-grid check (the caller made it already, by :func:`regular_axis`).
    """
    attrs = attrs or {}
    inds = np.asarray(inds)
    n, k = inds.shape
    if n == 0 or k == 0:
        return _raw_axis(kind, n, "irregular", [], ["the axis has no entries or no dimensions"])
    if try_regular:
        axis = regular_axis(
            lambda a, b: inds[a:b], n, k, inds.dtype, values_at, labels, units, kind, attrs
        )
        if axis is not None:
            return axis
    labels, units = _names(labels, units, k)

    uniq, first, ranks = zip(*(_ranks(inds[:, d]) for d in range(k)), strict=True)
    changes = [int(np.count_nonzero(r[1:] != r[:-1])) for r in ranks]
    coord = _coords(first, values_at, labels, units, kind)

    # Stable: ties (size-1 dims, sparse diagonals) keep the current writer's slowest-first order.
    order = sorted(range(k), key=lambda d: changes[d])
    coord_dims = [coord[d] for d in order]

    if _is_sparse_convention(list(ranks), n):
        return _raw_axis(kind, n, "sparse", coord_dims, [f"{n} sampled points, not a full grid"])

    dependent_names = set()
    dep_attr = attrs.get("dependent_dimensions")
    if dep_attr is not None:
        dependent_names = set(to_str_list(dep_attr))
    types = _dim_types(attrs)
    if not dependent_names and 2 in types:  # pyUSID's DimType.DEPENDENT, one entry per dim
        dependent_names = {labels[d] for d, t in enumerate(types) if t == 2 and d < k}
    if dependent_names:
        keep = [d for d in order if labels[d] not in dependent_names]
        if keep and len(keep) < k:
            axis = _grid(keep, ranks, coord, n, kind, coord_dims)
            if axis is not None and axis.layout in ("regular", "permuted"):
                return _with_dependent(axis, [d for d in order if d not in keep], coord, ranks)

    axis = _grid(order, ranks, coord, n, kind, coord_dims)
    if _declares_incomplete(attrs):
        # Sampled cells of a grid: placed on it (NaN elsewhere) when every index combination
        # is one cell; a point cloud when they cannot be placed.
        if axis is None:
            notes = [f"{n} sampled points whose indices repeat: shown as points, not a grid"]
            return _raw_axis(kind, n, "sparse", coord_dims, notes)
        if axis.layout == "incomplete":
            total = prod(axis.sizes)
            axis.notes = [
                f"{n} of {total} grid cells sampled (incomplete dimensions); the rest is NaN"
            ]
        return axis
    if axis is None:
        return _raw_axis(
            kind,
            n,
            "irregular",
            coord_dims,
            ["index combinations repeat: shown as the raw sequence of entries"],
        )
    if axis.layout == "incomplete" and k > 1:
        # A dimension whose index is a function of the others (it changes only with them):
        # dropping it leaves a complete grid.
        for d in reversed(order):
            keep = [e for e in order if e != d]
            sub = _grid(keep, ranks, coord, n, kind, coord_dims)
            if sub is not None and sub.layout in ("regular", "permuted"):
                return _with_dependent(sub, [d], coord, ranks)
    return axis


def _coords(first, values_at, labels, units, kind) -> list[Dimension]:
    """Physical coordinates: the Values at the first occurrence of each index."""
    rows = np.unique(np.concatenate(first))
    vals = np.asarray(values_at(rows), dtype=np.float64)
    coord = []
    for d in range(len(first)):
        v = vals[np.searchsorted(rows, first[d]), d]
        v.setflags(write=False)
        coord.append(Dimension(labels[d], units[d], v, kind))
    return coord


# Entries per block of the streaming regular-grid check: about a MiB of indices at a time.
_CHECK_BLOCK = 2**17


def _stream_regular(
    read: Callable[[int, int], np.ndarray], n: int, k: int, dtype: np.dtype
) -> tuple[list[int], list[int], list[int]] | None:
    """(speed order slowest first, sizes, strides) if the indices are exactly a C-order grid.

    The candidate comes from a few entries: the first must be all zeros, the last holds
    ``size - 1`` of every dimension, and entry ``stride`` (the product of the sizes of the
    dims found faster) has exactly one not yet placed dimension at 1: the next faster one.
    Then every entry is compared with that grid, block by block, without int64 temporaries:
    whole entries at once where they fit a machine word (:class:`_Tiles`; a 2048 x 2048 image
    of uint32 indices: ~5 ms of comparisons after the reads, instead of ~8 one dim at a time),
    else one dim at a time (:func:`_matches`). Any mismatch: None.
    """
    if dtype.kind not in "ui":
        return None
    head = np.asarray(read(0, min(n, _CHECK_BLOCK)))
    if head.shape != (min(n, _CHECK_BLOCK), k) or head[0].any():
        return None
    last = np.asarray(read(n - 1, n))
    if last.shape != (1, k) or (last < 0).any():
        return None
    sizes = [int(v) + 1 for v in last[0]]
    if prod(sizes) != n:
        return None
    strides = [n] * k  # size-1 dims: never change
    faster: list[int] = []
    remaining = [d for d in range(k) if sizes[d] > 1]
    stride = 1
    while remaining:
        if stride >= n:
            return None
        row = head[stride] if stride < head.shape[0] else np.asarray(read(stride, stride + 1))[0]
        ones = [d for d in remaining if row[d] == 1]
        if len(ones) != 1:
            return None
        d = ones[0]
        strides[d] = stride
        stride *= sizes[d]
        remaining.remove(d)
        faster.append(d)
    # Slowest first; size-1 dims (never changing) first, in the file's order, as the general
    # path's stable sort by change counts puts them.
    order = [d for d in range(k) if sizes[d] == 1] + faster[::-1]
    # Blocks of a whole number of the largest stride that fits, so that most dims compare as
    # whole periods or whole runs.
    fits = [st for st in strides if st <= _CHECK_BLOCK] or [1]
    unit = max(fits)
    block_len = min(n, max(unit, (_CHECK_BLOCK // unit) * unit))
    tiles = _Tiles.make(sizes, strides, unit, block_len, k, dtype)
    for a in range(0, n, block_len):
        b = min(n, a + block_len)
        block = head[:b] if b <= head.shape[0] else np.asarray(read(a, b))
        if block.shape != (b - a, k):
            return None
        if tiles is not None:
            whole = tiles.matches(block, a)
            if whole is not None:
                if not whole:
                    return None
                continue
        for d in range(k):
            col = block[:, d]
            if not (_matches(col, a, sizes[d], strides[d]) if sizes[d] > 1 else not col.any()):
                return None
    return order, sizes, strides


# The tiled comparison needs tiles of at least this many entries to beat the column one.
_MIN_TILE = 64


class _Tiles:
    """Every index of a block compared at once, each entry (its row of k indices) as one word.

    With ``T`` (``period``) one of the grid's strides, the indices of entry ``q * T + t`` are
    ``F[t]`` in the columns of the dims of stride < T (they depend on ``t`` only) and ``G[q]``
    in the others (stride >= T: a multiple of T, so they depend on ``q`` only). Seen as one
    unsigned integer per entry (k * itemsize = 1, 2, 4 or 8 bytes), the grid's entry is
    F + G with no carry between columns, so ``entry - F == G`` (modulo 2**bits) holds exactly
    when every byte of the entry is the grid's: every index is still compared, in long
    contiguous loops instead of one strided pass per dim, with two reused buffers.
    """

    def __init__(self, tile: np.ndarray, word: np.dtype, slow: list, period: int, rows: int):
        self.tile, self.word, self.slow, self.period = tile, word, slow, period
        self.dtype = tile.dtype
        self.k = tile.shape[1]
        self.f = tile.view(word).reshape(-1)
        self.rows = rows
        self.diff: np.ndarray | None = None  # made on first use (not for transposed blocks)
        self.same: np.ndarray | None = None

    @classmethod
    def make(cls, sizes, strides, unit, block_len, k, dtype) -> _Tiles | None:
        period = unit
        width = k * dtype.itemsize
        if width not in (1, 2, 4, 8) or period < _MIN_TILE or block_len % period:
            return None
        word = np.dtype(f"u{width}")
        t = np.arange(period, dtype=np.int64)
        tile = np.zeros((period, k), dtype=dtype)
        slow = []
        for d in range(k):
            if sizes[d] == 1:
                continue  # always 0: both parts hold 0 in its column
            if strides[d] < period:
                tile[:, d] = (t // strides[d]) % sizes[d]
            else:  # a multiple of the period: constant within a tile
                slow.append((d, strides[d] // period, sizes[d]))
        return cls(tile, word, slow, period, block_len // period)

    def matches(self, block: np.ndarray, a: int) -> bool | None:
        """Whether entries ``a ..`` equal the grid; None when the block's memory does not fit."""
        m = block.shape[0]
        if (
            block.dtype != self.dtype
            or block.ndim != 2
            or block.shape[1] != self.k
            or not block.flags.c_contiguous
            or a % self.period
            or m % self.period
        ):
            return None
        rows = m // self.period
        words = block.view(self.word).reshape(rows, self.period)
        q = np.arange(a // self.period, a // self.period + rows, dtype=np.int64)
        part = np.zeros((rows, self.k), dtype=self.dtype)
        for d, every, size in self.slow:
            part[:, d] = (q // every) % size
        if self.diff is None or self.same is None:
            self.diff = np.empty((self.rows, self.period), dtype=self.word)
            self.same = np.empty((self.rows, self.period), dtype=bool)
        diff, same = self.diff[:rows], self.same[:rows]
        np.subtract(words, self.f, out=diff)
        np.equal(diff, part.view(self.word), out=same)
        return bool(same.all())


def _matches(col: np.ndarray, a: int, size: int, stride: int) -> bool:
    """Whether entries ``a ..`` of one index column equal ``(entry // stride) % size``."""
    m = col.shape[0]
    period = size * stride
    if a % period == 0 and m % period == 0:
        grid = col.reshape(m // period, size, stride)
        return bool((grid == np.arange(size, dtype=col.dtype)[None, :, None]).all())
    if a % stride == 0 and m % stride == 0:
        runs = (np.arange(a // stride, (a + m) // stride, dtype=np.int64) % size).astype(col.dtype)
        return bool((col.reshape(m // stride, stride) == runs[:, None]).all())
    if stride >= m:  # at most one change of value inside the block
        cut = min(m, (a // stride + 1) * stride - a)
        v0, v1 = (a // stride) % size, (a // stride + 1) % size
        return bool((col[:cut] == v0).all() and (col[cut:] == v1).all())
    expected = (np.arange(a, a + m, dtype=np.int64) // stride) % size
    return bool((col == expected).all())


def _grid(
    order: list[int],
    ranks: Sequence[np.ndarray],
    coord: list[Dimension],
    n: int,
    kind: str,
    coord_dims: list[Dimension],
) -> Axis | None:
    """The grid layout of the dims in ``order`` (slowest first), or None if cells repeat."""
    sizes = [coord[d].size for d in order]
    dims = [coord[d] for d in order]
    total = prod(sizes)
    if total >= 2**62:
        return None
    flat = np.zeros(n, dtype=np.int64)
    for d, size in zip(order, sizes, strict=True):
        flat *= size
        flat += ranks[d]
    if flat[0] == 0 and (n == 1 or bool(np.all(np.diff(flat) == 1))):
        if total == n:
            return Axis(kind, n, "regular", dims, coord_dims)
        notes = [f"{n} of {total} grid cells measured (aborted scan); the rest is NaN"]
        axis = Axis(kind, n, "incomplete", dims, coord_dims, notes)
        axis._cells_sorted = flat
        axis._flat_by_cell = np.arange(n, dtype=np.int64)
        return axis
    by_cell = np.argsort(flat, kind="stable")
    cells_sorted = flat[by_cell]
    if n > 1 and bool(np.any(cells_sorted[1:] == cells_sorted[:-1])):
        return None
    if total == n:
        layout, notes = "permuted", ["entries stored out of grid order; placed by their indices"]
    else:
        layout = "incomplete"
        notes = [f"{n} of {total} grid cells measured; the rest is NaN"]
    axis = Axis(kind, n, layout, dims, coord_dims, notes)
    axis._cells_sorted = cells_sorted
    axis._flat_by_cell = by_cell.astype(np.int64)
    return axis


def _with_dependent(
    axis: Axis, dropped: list[int], coord: list[Dimension], ranks: Sequence[np.ndarray]
) -> Axis:
    """Turn ``axis`` into a dependent layout: ``dropped`` dims become per-cell labels."""
    targets, _ = axis.select({})
    dependent = {}
    for d in dropped:
        per_entry = coord[d].values[ranks[d]]
        dependent[coord[d].name] = per_entry[targets]
    names = ", ".join(coord[d].name for d in dropped)
    notes = axis.notes + [f"{names} depends on the other dimensions; shown as a label"]
    out = Axis(axis.kind, axis.length, "dependent", axis.dims, axis.coord_dims, notes, dependent)
    out._cells_sorted, out._flat_by_cell = axis._cells_sorted, axis._flat_by_cell
    return out
