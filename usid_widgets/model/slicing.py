"""What each view shows, as plain numpy: the explorer's slicing logic without any widget.

A *plan* says which dimensions form the image, which one the line plot, and whether a second
heatmap shows the spectroscopic plane (4D-STEM). The :class:`Slicer` turns a full index
``{dim: int}`` into the arrays of those views, reading only the cells each view needs and
remembering the last few results so that moving an unrelated slider re-reads nothing.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..reader import MainDataset, component
from ..reader import reduce as reductions


@dataclass(frozen=True)
class Plan:
    """Which dimensions each view shows."""

    image_dims: tuple[str, str] | None
    plot_dim: str | None
    second_dims: tuple[str, str] | None = None
    points: bool = False  # sparse positions: the image is a point cloud

    @property
    def message(self) -> str | None:
        if self.image_dims is None and self.plot_dim is None and not self.points:
            return "This dataset holds a single value: nothing to plot."
        return None


def default_plan(md: MainDataset) -> Plan:
    """The view a microscopist expects for this dimensionality."""
    vis = {d.name for d in md.dims if d.size > 1}
    pos = [d.name for d in md.pos_dims if d.name in vis]
    spec = [d.name for d in md.spec_dims if d.name in vis]
    if md.is_sparse:
        return Plan(None, spec[-1] if spec else None, points=True)
    if len(pos) >= 2:
        # USID: slow on rows, fast on columns (the instrument's raster); sidpy draws the first
        # dim along the columns (``imshow(data.T)``): each format as its own plots show it
        image = (pos[-2], pos[-1]) if md.rows_first else (pos[-1], pos[-2])
        if len(spec) == 2:  # 4D-STEM: map + diffraction plane
            # the pattern's first dim down the rows in both: sidpy's 4D visualizer draws
            # ``imshow(pattern)``, not transposed
            return Plan(image, None, second_dims=(spec[0], spec[1]))
        return Plan(image, spec[-1] if spec else None)
    if len(pos) == 1:
        if spec:
            return Plan((pos[0], spec[-1]), spec[-1])
        return Plan(None, pos[0])
    if len(spec) >= 2:
        plane = (spec[-2], spec[-1]) if md.rows_first else (spec[-1], spec[-2])
        return Plan(plane, spec[-1])
    if len(spec) == 1:
        return Plan(None, spec[0])
    return Plan(None, None)


def check_plan(md: MainDataset, plan: Plan) -> None:
    """Raise ValueError when ``plan`` names unknown dimensions or repeats one in the image."""
    names = md.dim_names
    for dims in (plan.image_dims, plan.second_dims):
        if dims is None:
            continue
        if len(dims) != 2 or dims[0] == dims[1]:
            raise ValueError(f"an image needs two different dimensions, not {dims!r}")
        for d in dims:
            if d not in names:
                raise ValueError(f"no dimension {d!r}; dimensions are {names}")
    if plan.plot_dim is not None and plan.plot_dim not in names:
        raise ValueError(f"no dimension {plan.plot_dim!r}; dimensions are {names}")


def default_component(md: MainDataset) -> str | None:
    comps = md.components
    return comps[0] if comps else None


def as_real(array: np.ndarray, comp: str | None) -> np.ndarray:
    """Apply the complex component / compound field; leave real data as it is."""
    if array.dtype.names or array.dtype.kind == "c":
        array = component(array, comp)
        if array.dtype.kind == "c":  # a complex field of a compound type
            array = np.abs(array)
    return array


class Slicer:
    """Arrays of the views of one Main dataset, with a small LRU of recent results."""

    def __init__(self, md: MainDataset, cache_entries: int = 64):
        self.md = md
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_entries = cache_entries
        self._coords: np.ndarray | None = None
        self.progress = None  # callable(fraction) for long reductions
        self.client = None  # a dask.distributed client, to run reductions on its cluster

    def _cached(self, key: tuple, compute):
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        value = compute()
        self._cache[key] = value
        while len(self._cache) > self._cache_entries:
            self._cache.popitem(last=False)
        return value

    def _fixed(self, index: dict[str, int], free: tuple[str, ...]) -> dict[str, int]:
        return {d: int(index[d]) for d in self.md.dim_names if d not in free}

    def slice(
        self,
        index: dict[str, int],
        free: tuple[str, ...],
        comp: str | None,
        roi: dict[str, tuple[int, int]] | None = None,
        interval: dict[str, tuple[int, int]] | None = None,
        roi_mask: reductions.Mask | None = None,
        interval_mask: reductions.Mask | None = None,
    ) -> np.ndarray:
        """The array over ``free`` (in that order) with every other dim at ``index``.

        With ``roi`` (ranges of position dims) or ``roi_mask`` (cells of two position dims) a
        view over spectroscopic dims shows the mean over that region; with ``interval``
        (ranges of spectroscopic dims) or ``interval_mask`` a view over position dims shows
        the sum over it. Reductions stream over the file (see reader.reduce).
        """
        kinds = {d.name: d.kind for d in self.md.dims}
        on_spec = all(kinds[d] == "spectroscopic" for d in free)
        on_pos = all(kinds[d] == "position" for d in free)
        use_roi = on_spec and (bool(roi) or roi_mask is not None)
        use_interval = on_pos and (bool(interval) or interval_mask is not None)
        if not (use_roi or use_interval):
            return self._plain(index, free, comp)
        side = "position" if use_roi else "spectroscopic"
        ranges, mask = (roi, roi_mask) if use_roi else (interval, interval_mask)
        ranges = {} if mask is not None else dict(ranges or {})
        reduced = set(ranges) | set(mask[0] if mask is not None else ())
        fixed_other = {
            d.name: int(index[d.name])
            for d in self.md.dims
            if d.kind == side and d.name not in reduced
        }
        rkey = tuple(sorted((k, tuple(v)) for k, v in ranges.items()))
        key = ("reduced", side, rkey, mask_key(mask), tuple(sorted(fixed_other.items())), comp)

        def compute():
            fn = reductions.region_mean if use_roi else reductions.interval_sum
            arr, _n = fn(
                self.md,
                ranges,
                fixed_other,
                comp=comp,
                progress=self.progress,
                client=self.client,
                mask=mask,
            )
            arr.setflags(write=False)
            return arr

        full = self._cached(key, compute)  # over the other side's dims, in dims order
        other = [d for d in self.md.dims if d.kind != side]
        pick = tuple(slice(None) if d.name in free else int(index[d.name]) for d in other)
        arr = full[pick]
        order = [d.name for d in other if d.name in free]
        return np.transpose(arr, [order.index(d) for d in free])

    def _plain(self, index: dict[str, int], free: tuple[str, ...], comp: str | None) -> np.ndarray:
        fixed = self._fixed(index, free)
        key = ("slice", free, tuple(sorted(fixed.items())), comp)

        def compute():
            arr = self.md.isel_shared(fixed)  # read-only: the views only read it
            order = [d for d in self.md.dim_names if d in free]
            arr = np.transpose(arr, [order.index(d) for d in free])
            arr = as_real(arr, comp)
            arr.setflags(write=False)
            return arr

        return self._cached(key, compute)

    def image(
        self, index: dict[str, int], dims: tuple[str, str], comp: str | None, **reduce
    ) -> np.ndarray:
        return self.slice(index, tuple(dims), comp, **reduce)

    def line(self, index: dict[str, int], dim: str, comp: str | None, **reduce) -> np.ndarray:
        return self.slice(index, (dim,), comp, **reduce)

    def held_lines(
        self,
        index: dict[str, int],
        free: tuple[str, ...],
        comp: str | None,
        along: str,
        max_lines: int | None = None,
    ) -> tuple[int, np.ndarray, np.ndarray] | None:
        """Views over ``free`` already in memory beside the one at ``index`` (see
        ``MainDataset.held_lines``): ``(k0, views, rows)`` with ``views[j]`` equal to
        ``slice({**index, along: k0 + j}, free, comp)`` and ``rows[j]`` its flat row; None
        when none are held."""
        held = self.md.held_lines(
            self._fixed(index, (*free, along)) | {along: index[along]}, along, max_lines
        )
        if held is None:
            return None
        k0, raw, rows = held
        order = [d for d in self.md.dim_names if d in free]
        views = np.transpose(raw, [0, *(1 + order.index(d) for d in free)])
        views = as_real(views, comp)
        views.setflags(write=False)
        return k0, views, rows

    def point_coords(self) -> np.ndarray:
        """Position_Values of every sampled point (sparse data), read once."""
        if self._coords is None:
            self._coords = self.md.position_coords()
        return self._coords

    def points(self, index: dict[str, int], comp: str | None) -> np.ndarray:
        """Value of every sampled point at the current spectroscopic step."""
        raw = self.md.pos_dims[0].name
        return self.slice(index, (raw,), comp)


def mask_key(mask: reductions.Mask | None) -> tuple:
    """A cache key for a mask: its dims, shape and a digest of its cells.

    Every refresh asks for it (a slider step with a region in force), so the digest of a
    read-only array (the explorer's masks) is computed once per array, not per step.
    """
    if mask is None:
        return ()
    raw = mask[1]
    frozen = isinstance(raw, np.ndarray) and not raw.flags.writeable
    hit = _DIGESTS.get(id(raw)) if frozen else None
    if hit is not None and hit[0]() is raw:
        return (tuple(mask[0]), *hit[1])
    cells = np.ascontiguousarray(raw, dtype=bool)
    digest = hashlib.blake2b(np.packbits(cells).tobytes(), digest_size=16).hexdigest()
    key = (cells.shape, digest)
    if frozen:
        ident = id(raw)
        _DIGESTS[ident] = (weakref.ref(raw, lambda _r: _DIGESTS.pop(ident, None)), key)
    return (tuple(mask[0]), *key)


# digests of read-only mask arrays by id, dropped when the array goes
_DIGESTS: dict[int, tuple[weakref.ref, tuple]] = {}
