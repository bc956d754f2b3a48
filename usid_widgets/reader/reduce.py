"""Reductions that stream over a Main dataset: mean spectrum of a region, map of an interval.

Big data is explored through reductions: drag a rectangle on the map and see the mean spectrum
of the region; select an interval of steps (or a region of a diffraction pattern, a virtual
detector) and see the map of its sum. Both read the dataset in blocks of whole chunks with a
bounded amount of memory, report progress, and run unchanged on a dask cluster when a
``dask.distributed`` client is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .flat import Flat2D
from .source import Source, component

BLOCK_BYTES = 32 * 2**20  # memory for one block of the dataset in flight
Progress = Callable[[float], None]
#: A region that is not a box: ``(dims, boolean array over those dims)``, e.g. two position
#: dims of a map (a lasso) or the one position dim of sparse data (points picked on screen).
Mask = tuple[tuple[str, ...], np.ndarray]


def _targets(
    md: Source,
    side: str,
    ranges: dict[str, tuple[int, int]],
    fixed: dict[str, int],
    mask: Mask | None = None,
):
    """Flat rows (positions) or columns (steps) of the box ``ranges`` with ``fixed`` dims,
    restricted to the cells of ``mask`` (whose bounding box replaces its dims' ranges)."""
    select = md.position_rows if side == "position" else md.spectroscopic_columns
    names = {d.name for d in (md.pos_dims if side == "position" else md.spec_dims)}
    mdims: tuple[str, ...] = ()
    if mask is not None:
        mdims, m = tuple(mask[0]), np.asarray(mask[1], dtype=bool)
        if m.ndim != len(mdims) or len(set(mdims)) != len(mdims) or not mdims:
            raise ValueError("a mask is a boolean array with one axis per (distinct) dimension")
        if not m.any():
            raise ValueError("the mask selects no cell")
        bounds = []
        for k in range(m.ndim):
            used = np.flatnonzero(m.any(axis=tuple(a for a in range(m.ndim) if a != k)))
            bounds.append((int(used[0]), int(used[-1]) + 1))
        ranges = {**ranges, **dict(zip(mdims, bounds, strict=True))}
        sub = m[tuple(slice(lo, hi) for lo, hi in bounds)]
    unknown = (set(ranges) | set(fixed)) - names
    if unknown:
        raise KeyError(f"no {side} dimension {sorted(unknown)}; they are {sorted(names)}")
    for name in mdims:
        size = md.dim(name).size
        if ranges[name][1] > size:
            raise ValueError(f"the mask is larger than {name!r} (size {size})")
    flat, free = select({k: v for k, v in fixed.items() if k not in ranges})
    index = []
    for d in free:
        lo, hi = ranges.get(d.name, (0, d.size))
        lo, hi = max(0, int(lo)), min(d.size, int(hi))
        if lo >= hi:
            raise ValueError(f"empty range {ranges.get(d.name)} for {d.name!r} of size {d.size}")
        index.append(slice(lo, hi))
    box = np.asarray(flat[tuple(index)] if index else flat)
    if mdims:
        order = [d.name for d in free]
        where = [order.index(d) for d in mdims]  # axes of the box holding the mask's dims
        cells = np.transpose(sub, np.argsort(where))
        shape = [1] * box.ndim
        for axis, size in zip(sorted(where), cells.shape, strict=True):
            shape[axis] = size
        box = box[np.broadcast_to(cells.reshape(shape), box.shape)]
    targets = box.reshape(-1)
    return np.sort(targets[targets >= 0])


def _blocks(targets: np.ndarray, chunk: int, per_line: int) -> list[np.ndarray]:
    """Split sorted targets into groups that stay within BLOCK_BYTES and whole chunks."""
    if targets.size == 0:
        return []
    lines = max(chunk, (max(1, BLOCK_BYTES // max(per_line, 1)) // chunk) * chunk)
    cut = np.flatnonzero(np.diff(targets // lines)) + 1
    return np.split(targets, cut)


def _read(md: Source, rows: np.ndarray | slice, cols: np.ndarray | slice) -> np.ndarray:
    """Rows x columns, each a sorted array or a slice, through bounding reads (an N-d
    window takes the sorted arrays itself: it reads their tight N-d boxes, the region's own
    hyperslab, where a flat bounding range would span whole scan lines)."""
    dset = md.matrix
    if isinstance(dset, Flat2D):
        return dset[rows, cols]
    r_sel, r_take = _bound(rows)
    c_sel, c_take = _bound(cols)
    block = dset[r_sel, c_sel]
    if r_take is not None:
        block = block[r_take, :]
    if c_take is not None:
        block = block[:, c_take]
    return block


def _bound(idx):
    if isinstance(idx, slice):
        return idx, None
    lo, hi = int(idx[0]), int(idx[-1]) + 1
    if hi - lo == idx.size:
        return slice(lo, hi), None
    return slice(lo, hi), idx - lo


def _real(block: np.ndarray, comp: str | None) -> np.ndarray:
    if block.dtype.names or block.dtype.kind == "c":
        block = component(block, comp)
        if block.dtype.kind == "c":
            block = np.abs(block)
    return block.astype(np.float64, copy=False)


def region_mean(
    md: Source,
    ranges: dict[str, tuple[int, int]],
    fixed: dict[str, int] | None = None,
    *,
    comp: str | None = None,
    progress: Progress | None = None,
    client: Any = None,
    mask: Mask | None = None,
) -> tuple[np.ndarray, int]:
    """Mean over the positions in the box ``ranges`` of every spectroscopic step.

    ``ranges`` maps position dims to ``(start, stop)``; position dims in neither ``ranges`` nor
    ``fixed`` span their whole size. ``mask`` (see :data:`Mask`) keeps only the positions of
    its true cells (a lasso, a threshold). Returns (array over the spectroscopic dims in
    ``dims`` order, number of positions averaged). NaN values are left out of the mean.
    """
    rows = _targets(md, "position", ranges, fixed or {}, mask)
    if rows.size == 0:
        raise ValueError("the region holds no measured position")
    cols_all, _ = md.spectroscopic_columns()
    cols = cols_all.reshape(-1)
    if client is not None:
        total, count = _dask_sum(md, rows, slice(None), comp, 0, client)
    else:
        total = np.zeros(md.n_steps)
        count = np.zeros(md.n_steps)
        chunk = md.matrix.chunks[0] if md.matrix.chunks else 1
        groups = _blocks(rows, chunk, md.n_steps * md.matrix.dtype.itemsize)
        for i, group in enumerate(groups):
            block = _real(_read(md, group, slice(None)), comp)
            finite = np.isfinite(block)
            total += np.where(finite, block, 0).sum(axis=0)
            count += finite.sum(axis=0)
            if progress:
                progress((i + 1) / len(groups))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    out = np.where(cols >= 0, mean[np.maximum(cols, 0)], np.nan)
    return out.reshape(cols_all.shape), int(rows.size)


def interval_sum(
    md: Source,
    ranges: dict[str, tuple[int, int]],
    fixed: dict[str, int] | None = None,
    *,
    comp: str | None = None,
    progress: Progress | None = None,
    client: Any = None,
    mask: Mask | None = None,
) -> tuple[np.ndarray, int]:
    """Sum over the spectroscopic steps in the box ``ranges``, at every position.

    An interval of one dim is an integrated map; a rectangle on the two detector dims of
    4D-STEM is a virtual detector, and ``mask`` (see :data:`Mask`) over them any other
    detector shape (an annulus for dark field). Returns (array over the position dims, steps
    summed). Positions never measured are NaN; NaN values inside the interval are skipped.
    """
    cols = _targets(md, "spectroscopic", ranges, fixed or {}, mask)
    if cols.size == 0:
        raise ValueError("the interval holds no measured step")
    rows_all, _ = md.position_rows()
    rows = rows_all.reshape(-1)
    if client is not None:
        sums, _ = _dask_sum(md, slice(None), cols, comp, 1, client)
    else:
        sums = np.zeros(md.n_points)
        n_rows = md.n_points
        chunk = md.matrix.chunks[0] if md.matrix.chunks else 1
        per_row = (int(cols[-1]) - int(cols[0]) + 1) * md.matrix.dtype.itemsize
        lines = max(chunk, (max(1, BLOCK_BYTES // max(per_row, 1)) // chunk) * chunk)
        starts = range(0, n_rows, lines)
        for i, r0 in enumerate(starts):
            block = _real(_read(md, slice(r0, min(n_rows, r0 + lines)), cols), comp)
            sums[r0 : r0 + block.shape[0]] = np.nansum(block, axis=1)
            if progress:
                progress((i + 1) / len(starts))
    out = np.where(rows >= 0, sums[np.maximum(rows, 0)], np.nan)
    return out.reshape(rows_all.shape), int(cols.size)


def _dask_sum(md: Source, rows, cols, comp: str | None, axis: int, client: Any):
    """The same reduction as a dask array computation on ``client``'s cluster."""
    import dask.array as da

    dset = md.matrix
    chunks = dset.chunks or (
        max(1, BLOCK_BYTES // max(dset.shape[1] * dset.dtype.itemsize, 1)),
        dset.shape[1],
    )
    arr = da.from_array(md.worker_matrix(), chunks=chunks, lock=False)
    sel = arr[rows, :] if not isinstance(rows, slice) else arr
    sel = sel[:, cols] if not isinstance(cols, slice) else sel
    if dset.dtype.names or dset.dtype.kind == "c":
        sel = sel.map_blocks(lambda b: _real(b, comp), dtype=np.float64)
    else:
        sel = sel.astype(np.float64)
    finite = da.isfinite(sel)
    total = da.where(finite, sel, 0).sum(axis=axis)
    count = finite.sum(axis=axis)
    total, count = client.compute([total, count], sync=True)
    return np.asarray(total), np.asarray(count)


class H5Matrix:
    """A picklable stand-in for a dataset's matrix: each dask worker opens the file read-only
    itself. ``row_axes``/``col_axes`` None: the 2-D dataset itself (USID); else the
    :class:`~.flat.Flat2D` window onto the N-d dataset with those axes."""

    def __init__(self, filename: str, path: str, row_axes, col_axes):
        import h5py

        from .hsds import is_domain
        from .remote import worker_source

        if is_domain(filename):
            raise NotImplementedError(
                f"client= reductions on an HSDS domain ({filename}) are not supported yet: the "
                "dask workers would need its endpoint and credentials; the explorer reduces "
                "without client="
            )
        # a remote file travels as its RemoteFile (URL and storage options): each worker
        # reads the URL itself
        self.filename, self.path = worker_source(filename), path
        self.row_axes, self.col_axes = row_axes, col_axes
        with h5py.File(self.filename, "r") as f:
            probe = self._matrix(f[path])
            self.shape, self.dtype, self.ndim = tuple(probe.shape), probe.dtype, 2

    def _matrix(self, dset):
        if self.row_axes is None:
            return dset
        from .flat import Flat2D

        return Flat2D(dset, self.row_axes, self.col_axes)

    def __getitem__(self, key):
        import h5py

        with h5py.File(self.filename, "r") as f:
            return self._matrix(f[self.path])[key]
