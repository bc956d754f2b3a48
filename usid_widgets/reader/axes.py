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

# A grid this many times larger than the measured cells is not filled with NaN on open: the
# lookup stays O(measured cells) (sorted flat ids + searchsorted) whatever the declared grid.
LAYOUTS = ("regular", "permuted", "sparse", "incomplete", "dependent", "irregular")
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

    @property
    def size(self) -> int:
        return int(self.values.shape[0])

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

    @property
    def is_grid(self) -> bool:
        return self.layout not in ("sparse", "irregular")

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


def _is_sparse(ranks: list[np.ndarray], n: int, attrs: dict) -> bool:
    if "incomplete_dimensions" in attrs:
        return True
    if 1 in _dim_types(attrs):  # pyUSID's DimType.INCOMPLETE
        return True
    if len(ranks) < 2 or n < 2:
        return False
    # USID's sparse convention: every dimension's indices are the same 0..n-1 sequence.
    first = ranks[0]
    if not all(np.array_equal(first, r) for r in ranks[1:]):
        return False
    return bool(np.array_equal(np.sort(first), np.arange(n)))


def _raw_axis(
    kind: str, n: int, layout: str, coord_dims: list[Dimension], notes: list[str]
) -> Axis:
    raw = Dimension(RAW_NAMES[kind], "", np.arange(n, dtype=np.float64), kind)
    return Axis(kind, n, layout, [raw], coord_dims, notes)


def analyse_axis(
    inds: np.ndarray,
    values_at: Callable[[np.ndarray], np.ndarray],
    labels: Sequence[str],
    units: Sequence[str],
    kind: str,
    attrs: dict | None = None,
) -> Axis:
    """Classify one axis and build its dimensions.

    ``inds`` is (length, n_dims) whatever the file's orientation; ``values_at(rows)`` returns the
    Values at those (sorted, unique) entries as (len(rows), n_dims).
    """
    attrs = attrs or {}
    inds = np.asarray(inds)
    n, k = inds.shape
    labels = list(labels) + [f"dim_{i}" for i in range(len(labels), k)]
    units = list(units) + [""] * (k - len(units))
    if n == 0 or k == 0:
        return _raw_axis(kind, n, "irregular", [], ["the axis has no entries or no dimensions"])

    plain = not any(key in attrs for key in ("incomplete_dimensions", "dependent_dimensions"))
    regular = _regular_grid(inds) if plain and not (set(_dim_types(attrs)) - {0}) else None
    if regular is not None:
        order, first = regular
        coord = _coords(first, values_at, labels, units, kind)
        dims = [coord[d] for d in order]
        return Axis(kind, n, "regular", dims, dims)

    uniq, first, ranks = zip(*(_ranks(inds[:, d]) for d in range(k)), strict=True)
    changes = [int(np.count_nonzero(r[1:] != r[:-1])) for r in ranks]
    coord = _coords(first, values_at, labels, units, kind)

    # Stable: ties (size-1 dims, sparse diagonals) keep the current writer's slowest-first order.
    order = sorted(range(k), key=lambda d: changes[d])
    coord_dims = [coord[d] for d in order]

    if _is_sparse(list(ranks), n, attrs):
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


def _regular_grid(inds: np.ndarray) -> tuple[list[int], list[np.ndarray]] | None:
    """(speed order, first occurrences) if ``inds`` is exactly a C-order grid, else None.

    The common case, checked without any int64 temporaries: each index column must be
    ``(entry // stride) % size`` for the stride its speed gives it. A 2048 x 2048 image opens
    in about a quarter of the general path's time and memory.
    """
    n, k = inds.shape
    if inds.dtype.kind not in "ui":
        return None
    cols = [np.ascontiguousarray(inds[:, d]) for d in range(k)]
    sizes = []
    for col in cols:
        if int(col.min()) != 0:
            return None
        sizes.append(int(col.max()) + 1)
    if prod(sizes) != n:
        return None
    changes = [int(np.count_nonzero(col[1:] != col[:-1])) for col in cols]
    order = sorted(range(k), key=lambda d: changes[d])
    strides, stride = [0] * k, 1
    for d in reversed(order):
        strides[d] = stride
        stride *= sizes[d]
    for d, col in enumerate(cols):
        size, step = sizes[d], strides[d]
        grid = col.reshape(n // (size * step), size, step)
        if not bool((grid == np.arange(size, dtype=col.dtype)[None, :, None]).all()):
            return None
    first = [np.arange(sizes[d], dtype=np.int64) * strides[d] for d in range(k)]
    return order, first


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
