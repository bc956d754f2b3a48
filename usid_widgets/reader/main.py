"""``MainDataset``: a lazy, read-only N-d view of a USID Main dataset."""

from __future__ import annotations

import operator
import os
from collections import OrderedDict
from typing import Any

import h5py
import numpy as np

from .axes import Axis, Dimension, analyse_axis, regular_axis
from .blocks import DEFAULT_CACHE_BYTES, BlockCache
from .chunk_cache import ChunkCache, open_for_views
from .errors import NotMainDatasetError
from .references import deref, read_attr
from .results import completion_of
from .strings import decode_attr, to_str, to_str_list
from .validate import check_main

COMPLEX_COMPONENTS = ("amplitude", "phase", "real", "imaginary")
#: The phase in degrees: accepted by :func:`component` besides ``COMPLEX_COMPONENTS``.
PHASE_DEGREES = "phase (degrees)"
# Above this many bytes a "bounding box" read of scattered rows is replaced by a fancy read.
_BOUNDING_READ_BYTES = 64 * 2**20

# Shared ancillary datasets (the PFM file: 4 channels, one set) are analysed once per open file.
_AXIS_CACHE: OrderedDict[tuple, Axis] = OrderedDict()
_AXIS_CACHE_BYTES = 256 * 2**20


def open_file(path: str | os.PathLike) -> h5py.File:
    """Open read-only. The Main dataset's chunk cache is set when the reader opens the dataset
    (``chunk_cache.open_for_views``): HDF5 sets it per dataset, at its first open."""
    return h5py.File(path, "r")


def _object_key(dset: h5py.Dataset) -> tuple:
    """Identity of a dataset that survives reopening its file, but not rewriting it.

    Two references to one dataset do not compare equal; its address in the file does. The
    HDF5 file number is new at every open, so files on disk are keyed by path, size and
    modification time instead (reopening the same file hits the cache).
    """
    addr = h5py.h5o.get_info(dset.id).addr
    name = dset.file.filename
    try:
        st = os.stat(name)
        return (os.path.realpath(name), st.st_mtime_ns, st.st_size, addr)
    except OSError:  # in-memory or driver-backed files
        return ("fileno", dset.file.id.fileno, name, addr)


def _read_sorted(dset: h5py.Dataset, rows: np.ndarray, axis: int) -> np.ndarray:
    """Read the sorted unique entries ``rows`` along ``axis`` of a 2-D ancillary dataset."""
    if rows.size == 0:
        shape = list(dset.shape)
        shape[axis] = 0
        return np.empty(shape, dtype=dset.dtype)
    span = int(rows[-1] - rows[0] + 1)
    if rows.size > 2 and span > 4 * rows.size:
        step = int(rows[1] - rows[0])
        if step > 0 and rows[-1] == rows[0] + step * (rows.size - 1):
            if bool(np.all(np.diff(rows) == step)):  # evenly spaced: one strided hyperslab
                sel = slice(int(rows[0]), int(rows[-1]) + 1, step)
                return dset[sel, :] if axis == 0 else dset[:, sel]
    if span == rows.size or span <= 4 * rows.size:
        sel = slice(int(rows[0]), int(rows[-1]) + 1)
        block = dset[sel, :] if axis == 0 else dset[:, sel]
        return np.take(block, rows - rows[0], axis=axis)
    return dset[rows, :] if axis == 0 else dset[:, rows]


def _analyse(main: h5py.Dataset, side: str) -> Axis:
    ind, _ = deref(main, f"{side}_Indices")
    val, _ = deref(main, f"{side}_Values")
    key = (side, _object_key(ind), _object_key(val))
    cached = _AXIS_CACHE.get(key)
    if cached is not None:
        _AXIS_CACHE.move_to_end(key)
        return cached
    # read_attr: the checks read these already during this open (see references.py)
    attrs = {}
    for k in ("incomplete_dimensions", "dependent_dimensions", "type"):
        try:
            attrs[k] = read_attr(ind, k)
        except KeyError:
            pass
    labels = to_str_list(read_attr(ind, "labels"))
    units = to_str_list(read_attr(ind, "units"))
    if side == "Position":
        values_at = lambda r: _read_sorted(val, r, 0)  # noqa: E731
        kind, read = "position", lambda a, b: ind[a:b, :]
    else:
        values_at = lambda r: _read_sorted(val, r, 1).T  # noqa: E731
        kind, read = "spectroscopic", lambda a, b: ind[:, a:b].T
    axis = None
    if ind.ndim == 2:
        # Streams through the Indices in blocks: most files are a plain grid, and checking
        # that needs neither the whole dataset in memory nor any int64 temporaries.
        n, k = ind.shape if side == "Position" else ind.shape[::-1]
        axis = regular_axis(read, n, k, ind.dtype, values_at, labels, units, kind, attrs)
    if axis is None:
        inds = ind[()] if side == "Position" else ind[()].T
        axis = analyse_axis(inds, values_at, labels, units, kind, attrs, try_regular=False)
    _AXIS_CACHE[key] = axis
    while len(_AXIS_CACHE) > 1 and sum(a.nbytes for a in _AXIS_CACHE.values()) > _AXIS_CACHE_BYTES:
        _AXIS_CACHE.popitem(last=False)
    return axis


def _plan(flat: np.ndarray, length: int) -> tuple[Any, np.ndarray | None, np.ndarray | None]:
    """How to read unique flat targets (-1 = missing) along one axis of the dataset.

    Returns (h5py selection, take into the read block or None for identity, missing mask or
    None). Contiguous increasing runs become a slice; dense scattered targets one bounding
    slice plus a gather (cheaper than h5py's point-wise fancy read); sparse ones a sorted list.
    """
    missing = flat < 0
    has_missing = bool(missing.any())
    valid = flat[~missing] if has_missing else flat
    if valid.size == 0:
        return slice(0, 0), np.zeros(flat.size, dtype=np.int64), missing
    lo, hi = int(valid.min()), int(valid.max()) + 1
    span = hi - lo
    miss = missing if has_missing else None
    if span == valid.size and not has_missing and int(flat[0]) == lo:
        if flat.size == 1 or bool(np.all(np.diff(flat) == 1)):
            return (slice(None) if span == length else slice(lo, hi)), None, None
    if span <= 4 * valid.size:
        take = flat - lo
        if has_missing:
            take = np.where(missing, 0, take)
        return slice(lo, hi), take, miss
    ordered = np.sort(valid)
    take = np.searchsorted(ordered, np.where(missing, lo, flat) if has_missing else flat)
    return ordered, take, miss


def _own(line: np.ndarray, share: bool) -> np.ndarray:
    """A copy of ``line`` (a view of a cached block), or with ``share`` the view itself made
    read-only when it is at least half of the block (a 4D-STEM plane stored one per chunk is
    its whole block): a view keeps its block alive past eviction, at most twice its size."""
    owner = line.base if line.base is not None else line
    if share and 2 * line.nbytes >= owner.nbytes:
        view = line.view()
        view.setflags(write=False)
        return view
    return line.copy()


def _empty(sel: Any) -> bool:
    return (isinstance(sel, slice) and sel.start is not None and sel.start == sel.stop) or (
        isinstance(sel, np.ndarray) and sel.size == 0
    )


def _sel_len(sel: Any, length: int) -> int:
    return len(range(*sel.indices(length))) if isinstance(sel, slice) else int(sel.size)


def _nan_like(dtype: np.dtype) -> tuple[np.dtype, Any]:
    """The dtype that can hold 'not measured' for ``dtype``, and that fill value."""
    if dtype.names:
        return dtype, None
    if dtype.kind in "fc":
        return dtype, np.nan
    if dtype.kind in "biu" and dtype.itemsize <= 2:
        return np.dtype(np.float32), np.nan
    return np.dtype(np.float64), np.nan


class MainDataset:
    """A USID Main dataset seen as an N-d array, read lazily and never written.

    ``MainDataset(dset)`` takes an ``h5py.Dataset`` (a pyUSID ``USIDataset`` is one);
    ``MainDataset(path_or_group, "/Measurement_000/Channel_000/Raw_Data")`` opens a file
    read-only (and owns it: ``close()`` or use ``with``).

    Dimension order everywhere: position dims slowest to fastest, then spectroscopic dims
    slowest to fastest. A 2-D scan therefore comes out rows = slow (Y), columns = fast (X).
    """

    def __init__(
        self, obj: Any, dataset_path: str | None = None, *, cache_bytes: int = DEFAULT_CACHE_BYTES
    ):
        self._owned_file: h5py.File | None = None
        if isinstance(obj, (str, os.PathLike)):
            if dataset_path is None:
                raise TypeError("MainDataset(path, dataset_path): the dataset path is missing")
            self._owned_file = open_file(obj)
            obj = self._owned_file
        #: the HDF5 chunk cache the reads go through when sized here (see chunk_cache.py)
        self.chunk_cache: ChunkCache | None = None
        if isinstance(obj, h5py.Group) and dataset_path is not None:
            if dataset_path not in obj:
                name = obj.file.filename
                self.close()
                raise KeyError(f"no object {dataset_path!r} in {name}")
            obj, self.chunk_cache = open_for_views(obj, dataset_path, cache_bytes)
        try:
            check_main(obj)
        except NotMainDatasetError:
            self.close()
            raise
        self._dset: h5py.Dataset = obj
        # Read once: views label every refresh with them, and attributes cost an HDF5 call.
        self._quantity = to_str(read_attr(obj, "quantity"))
        self._units = to_str(read_attr(obj, "units"))
        self._pos = _analyse(obj, "Position")
        self._spec = _analyse(obj, "Spectroscopic")
        # the chunk cache holds part of the budget; the block cache gets the rest
        held = self.chunk_cache.nbytes if self.chunk_cache is not None else 0
        self.blocks = BlockCache(obj, max(0, cache_bytes - held))
        names = [d.name for d in self.dims]
        if len(set(names)) != len(names):
            # Duplicate labels would make isel(name=...) ambiguous; suffix the later ones.
            self._rename_duplicates()
        self._by_name = {d.name: d for d in self.dims}

    # -- identity -------------------------------------------------------------------------
    @property
    def h5(self) -> h5py.Dataset:
        """The underlying h5py dataset."""
        return self._dset

    @property
    def path(self) -> str:
        return self._dset.name

    @property
    def file(self) -> h5py.File:
        return self._dset.file

    @property
    def filename(self) -> str:
        return self._dset.file.filename

    @property
    def quantity(self) -> str:
        return self._quantity

    @property
    def units(self) -> str:
        return self._units

    @property
    def dtype(self) -> np.dtype:
        return self._dset.dtype

    @property
    def raw_shape(self) -> tuple[int, int]:
        """(positions, spectroscopic steps) of the 2-D dataset in the file."""
        return tuple(self._dset.shape)

    @property
    def attrs(self) -> dict:
        return {k: decode_attr(v) for k, v in self._dset.attrs.items()}

    @property
    def completion(self) -> tuple[int, int] | None:
        """``(positions computed, positions)`` when this dataset is a result of a pyUSID
        process whose group keeps the bookkeeping (``completed_positions``, 0 = not computed
        yet); None otherwise. ``(0, n)``: nothing was computed, the values are placeholders
        (zeros), not data. Read from the file at each access (a process may be running)."""
        try:
            parent = self._dset.parent
        except Exception:  # an anonymous dataset has no group
            return None
        return completion_of(parent)

    # -- dimensions -----------------------------------------------------------------------
    @property
    def pos_dims(self) -> list[Dimension]:
        return list(self._pos.dims)

    @property
    def spec_dims(self) -> list[Dimension]:
        return list(self._spec.dims)

    @property
    def dims(self) -> list[Dimension]:
        return self._pos.dims + self._spec.dims

    @property
    def dim_names(self) -> list[str]:
        return [d.name for d in self.dims]

    def dim(self, name: str) -> Dimension:
        d = self._by_name.get(name) if isinstance(name, str) else None
        if d is None:
            raise KeyError(f"no dimension {name!r}; dimensions are {self.dim_names}")
        return d

    @property
    def shape(self) -> tuple[int, ...]:
        """N-d shape in ``dims`` order. Sparse positions are one axis of ``n_points``."""
        return tuple(d.size for d in self.dims)

    @property
    def n_points(self) -> int:
        """Number of positions stored (rows); for sparse data the number of sampled points."""
        return int(self._dset.shape[0])

    @property
    def n_steps(self) -> int:
        """Number of spectroscopic steps stored (columns)."""
        return int(self._dset.shape[1])

    @property
    def layout(self) -> dict[str, str]:
        return {"position": self._pos.layout, "spectroscopic": self._spec.layout}

    @property
    def notes(self) -> list[str]:
        """Plain-words remarks about layouts that are not a plain grid."""
        return self._pos.notes + self._spec.notes

    @property
    def is_sparse(self) -> bool:
        return self._pos.layout == "sparse"

    @property
    def coord_dims(self) -> list[Dimension]:
        """The file's own position dimensions (e.g. X, Y), slowest first, whatever the layout."""
        return list(self._pos.coord_dims)

    @property
    def spec_coord_dims(self) -> list[Dimension]:
        return list(self._spec.coord_dims)

    @property
    def dependent(self) -> dict[str, np.ndarray]:
        """Dependent dimensions: name -> its value at every cell of the remaining grid."""
        return {**self._pos.dependent, **self._spec.dependent}

    def position_rows(
        self, fixed: dict[str, int] | None = None
    ) -> tuple[np.ndarray, list[Dimension]]:
        """Where the positions are stored: (flat rows, free position dims).

        The rows of the sub-grid where the position dims named in ``fixed`` take the given
        (in range) indices, shaped like the other position dims in ``pos_dims`` order, -1
        where nothing was measured. Names of other dims are ignored. Sparse positions are
        one dim of sampled points, rows in file order.
        """
        return self._pos.select(fixed or {})

    def spectroscopic_columns(
        self, fixed: dict[str, int] | None = None
    ) -> tuple[np.ndarray, list[Dimension]]:
        """:meth:`position_rows` for the steps: (flat columns, free spectroscopic dims)."""
        return self._spec.select(fixed or {})

    def position_coords(self, rows: Any = None) -> np.ndarray:
        """Position_Values of the given rows (default all), columns in ``coord_dims`` order."""
        val, _ = deref(self._dset, "Position_Values")
        labels = to_str_list(read_attr(val, "labels"))
        order = [
            labels.index(d.name) if d.name in labels else i
            for i, d in enumerate(self._pos.coord_dims)
        ]
        if rows is None:
            rows = slice(None)
        elif not isinstance(rows, slice):
            rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        raw = _read_rows(val, rows)
        return np.asarray(raw, dtype=np.float64)[:, order]

    # -- data -----------------------------------------------------------------------------
    @property
    def fields(self) -> list[str]:
        """Field names of a compound (structured) dtype; empty for other data."""
        return list(self.dtype.names or ())

    @property
    def components(self) -> list[str]:
        """Names accepted by :meth:`component`: complex parts or compound fields."""
        if self.dtype.names:
            return list(self.dtype.names)
        if self.dtype.kind == "c":
            return list(COMPLEX_COMPONENTS)
        return []

    def component(self, array: np.ndarray, name: str | None) -> np.ndarray:
        """One real-valued component of ``array`` (read from this dataset)."""
        return component(array, name)

    def _normalise(self, indices: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
        pos, spec = {}, {}
        lookup = self._by_name
        for name, value in indices.items():
            d = lookup.get(name)
            if d is None:
                raise KeyError(
                    f"no dimension {name!r} in {self.path}; dimensions are {self.dim_names}"
                )
            try:
                i = operator.index(value)
            except TypeError:
                raise TypeError(f"index of {name!r} must be an integer, not {value!r}") from None
            if i < 0:
                i += d.size
            if not 0 <= i < d.size:
                raise IndexError(f"index {value} is out of range for {name!r} of size {d.size}")
            (pos if d.kind == "position" else spec)[name] = i
        return pos, spec

    def isel(self, selection: dict[str, int] | None = None, /, **indices: int) -> np.ndarray:
        """Array over the dims not given, in ``dims`` order, reading only what it needs.

        ``isel(Y=3)`` is a row of the map for every step; ``isel(Frequency=10)`` a map;
        ``isel(X=4, Y=2)`` a spectrum. Cells that were never measured are NaN. Names that are
        not Python identifiers (the STEM file's spectroscopic dim is called ``None``) go in a
        dict: ``isel({"None": 0})``.
        """
        return self._isel({**(selection or {}), **indices}, share=False)

    def isel_shared(self, selection: dict[str, int]) -> np.ndarray:
        """:meth:`isel` as a read-only array, a view of the block cache's memory (no copy)
        where the selection is at least half of the block read for it: for views that only
        read it (the explorer's). A view keeps its block alive past eviction, at most twice
        its own size."""
        out = self._isel(selection, share=True)
        out.setflags(write=False)
        return out

    def _isel(self, selection: dict[str, int], share: bool) -> np.ndarray:
        pos_fixed, spec_fixed = self._normalise(selection)
        shape = tuple(
            d.size for d in self.dims if d.name not in pos_fixed and d.name not in spec_fixed
        )
        run_r = self._pos.contiguous(pos_fixed)
        run_c = self._spec.contiguous(spec_fixed)
        if run_r is not None and run_c is not None:
            return self._read_block(slice(*run_r), slice(*run_c), share).reshape(shape)
        rows = np.arange(*run_r) if run_r is not None else self._pos.select(pos_fixed)[0]
        cols = np.arange(*run_c) if run_c is not None else self._spec.select(spec_fixed)[0]
        return self.read_cells(rows, cols).reshape(shape)

    def position_row(self, selection: dict[str, int]) -> int:
        """The flat row of the position that ``selection`` fixes (every position dim given;
        other dims are ignored), -1 where nothing was measured."""
        pos_fixed, _spec = self._normalise(selection)
        if len(pos_fixed) != len(self._pos.dims):
            raise ValueError(f"every position dim must be given, got {sorted(pos_fixed)}")
        run = self._pos.contiguous(pos_fixed)  # a grid in file order: the row is arithmetic
        if run is not None:
            return run[0] if run[0] < self._pos.length else -1
        return int(np.asarray(self._pos.select(pos_fixed)[0]).reshape(-1)[0])

    def held_lines(
        self, selection: dict[str, int], along: str, max_lines: int | None = None
    ) -> tuple[int, np.ndarray, np.ndarray] | None:
        """Lines already in memory beside the one ``isel(selection)`` reads; never reads.

        ``selection`` fixes every position dim (and possibly some spectroscopic ones), so
        ``isel(selection)`` is one line of the dataset. The result is ``(k0, lines)`` where
        ``lines[j]`` equals ``isel({**selection, along: k0 + j})``: the run of values of the
        position dim ``along`` around ``selection[along]`` whose rows sit in the block-cache
        window that holds the selected row, at most ``max_lines`` of them; third, the flat
        rows of those lines. None when that row is not held, or when the run holds unmeasured
        cells. The explorer sends these lines
        to the browser so that the next slider steps need no round trip.
        """
        pos_fixed, spec_fixed = self._normalise(selection)
        if along not in pos_fixed or len(pos_fixed) != len(self._pos.dims):
            return None
        k = pos_fixed.pop(along)
        rows = self._pos.select(pos_fixed)[0].reshape(-1)
        row = int(rows[k])
        hit = self.blocks.held_row(row) if row >= 0 else None
        if hit is None:
            return None
        block, start = hit
        outside = np.flatnonzero((rows < start) | (rows >= start + block.shape[0]))
        k0 = int(outside[outside < k].max()) + 1 if (outside < k).any() else 0
        k1 = int(outside[outside > k].min()) if (outside > k).any() else rows.size
        if max_lines is not None and k1 - k0 > max_lines:
            # keep the selected line, mostly ahead of it: scrubbing goes forward more often
            k0 = max(k0, min(k - max_lines // 4, k1 - max_lines))
            k1 = k0 + max(1, max_lines)
        picked = rows[k0:k1] - start
        run = self._spec.contiguous(spec_fixed)
        if run is not None and bool((np.diff(picked) == 1).all()):
            # consecutive rows: shared with the block where they fill most of it (planes one
            # per chunk), not copied into fresh pages (up to 1 MiB)
            first = int(picked[0])
            lines = _own(block[first : first + picked.size, run[0] : run[1]], share=True)
        elif run is not None:
            lines = block[picked, run[0] : run[1]]
        else:
            cols = self._spec.select(spec_fixed)[0].reshape(-1)
            if (cols < 0).any():
                return None
            lines = block[picked][:, cols]
        shape = tuple(d.size for d in self._spec.dims if d.name not in spec_fixed)
        return k0, lines.reshape((k1 - k0, *shape)), rows[k0:k1]

    def read_cells(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Values at the outer product of flat ``rows`` x ``cols`` (-1 = not measured).

        Targets from a grid are unique by construction, so no sort is needed when they fill
        a dense range: one bounding read and a gather.
        """
        rsel, rtake, r_missing = _plan(rows.reshape(-1), self._dset.shape[0])
        csel, ctake, c_missing = _plan(cols.reshape(-1), self._dset.shape[1])
        block = self._read_block(rsel, csel)
        if r_missing is None and c_missing is None:
            out = block if rtake is None else block[rtake, :]
            out = out if ctake is None else out[:, ctake]
        else:
            dtype, fill = _nan_like(self.dtype)
            nr, nc = rows.size, cols.size
            out = np.zeros((nr, nc), dtype=dtype)
            rt = np.arange(block.shape[0]) if rtake is None else rtake
            ct = np.arange(block.shape[1]) if ctake is None else ctake
            rm = np.zeros(nr, dtype=bool) if r_missing is None else r_missing
            cm = np.zeros(nc, dtype=bool) if c_missing is None else c_missing
            if block.size:
                out[np.ix_(~rm, ~cm)] = block[np.ix_(rt[~rm], ct[~cm])]
            _fill_missing(out, rm, cm, fill)
        return out.reshape(rows.shape + cols.shape)

    def _read_block(self, rsel: Any, csel: Any, share: bool = False) -> np.ndarray:
        """Read a selection made of slices and/or sorted index lists along each axis (with
        ``share``, a line may be a read-only view of the block cache: see isel_shared)."""
        dset = self._dset
        if _empty(rsel) or _empty(csel):
            nr = 0 if _empty(rsel) else _sel_len(rsel, dset.shape[0])
            nc = 0 if _empty(csel) else _sel_len(csel, dset.shape[1])
            return np.zeros((nr, nc), dtype=dset.dtype)
        line = self._cached_line(rsel, csel, share)
        if line is not None:
            return line
        if isinstance(rsel, np.ndarray) and isinstance(csel, np.ndarray):
            # h5py takes one index list per read: read the columns' bounding range, in row
            # batches small enough to keep memory bounded.
            lo, hi = int(csel[0]), int(csel[-1]) + 1
            per_row = (hi - lo) * dset.dtype.itemsize
            batch = max(1, _BOUNDING_READ_BYTES // max(per_row, 1))
            parts = [
                dset[rsel[i : i + batch], lo:hi][:, csel - lo] for i in range(0, rsel.size, batch)
            ]
            return np.concatenate(parts, axis=0)
        return dset[rsel, csel]

    def _cached_line(self, rsel: Any, csel: Any, share: bool = False) -> np.ndarray | None:
        """A one-column or one-row selection served through the chunk-aware block cache."""
        n_rows, n_cols = self.blocks.shape  # h5py asks HDF5 for the shape each time
        if _sel_len(csel, n_cols) == 1 and _sel_len(rsel, n_rows) > 1:
            c = csel.start if isinstance(csel, slice) else int(csel[0])
            col = self.blocks.column(c or 0)
            return None if col is None else _own(col[rsel], share)[:, None]
        if _sel_len(rsel, n_rows) == 1 and _sel_len(csel, n_cols) > 1:
            r = rsel.start if isinstance(rsel, slice) else int(rsel[0])
            row = self.blocks.row(r or 0)
            return None if row is None else _own(row[csel], share)[None, :]
        return None

    # -- lifetime -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the file if this object opened it."""
        if self._owned_file is not None:
            try:
                self._owned_file.close()
            finally:
                self._owned_file = None

    def __enter__(self) -> MainDataset:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        try:
            dims = ", ".join(f"{d.name}: {d.size}" for d in self.dims)
            return f"<MainDataset {self.path!r} {self.quantity} ({self.units}) [{dims}]>"
        except Exception:
            return "<MainDataset (closed)>"

    def _rename_duplicates(self) -> None:
        seen: dict[str, int] = {}
        for axis in (self._pos, self._spec):
            renamed = []
            for d in axis.dims:
                n = seen.get(d.name, 0)
                seen[d.name] = n + 1
                renamed.append(
                    d if n == 0 else Dimension(f"{d.name}_{n}", d.units, d.values, d.kind)
                )
            axis.dims = renamed


def _read_rows(dset: h5py.Dataset, sel: Any) -> np.ndarray:
    """Rows ``sel`` (a slice, or indices in any order, repeats allowed) of a 2-D dataset."""
    if isinstance(sel, slice):
        return dset[sel, :]
    order = np.argsort(sel, kind="stable")
    uniq, inverse = np.unique(sel[order], return_inverse=True)
    block = _read_sorted(dset, uniq, 0)
    out = np.empty((sel.size, *block.shape[1:]), dtype=block.dtype)
    out[order] = np.take(block, inverse, axis=0)
    return out


def _fill_missing(out: np.ndarray, r_missing: np.ndarray, c_missing: np.ndarray, fill: Any) -> None:
    if out.dtype.names:
        for name in out.dtype.names:
            if out.dtype[name].kind in "fc":
                out[name][r_missing, :] = np.nan
                out[name][:, c_missing] = np.nan
        return
    out[r_missing, :] = fill
    out[:, c_missing] = fill


def component(array: np.ndarray, name: str | None) -> np.ndarray:
    """A real-valued view of ``array``: complex parts or one compound field.

    ``name`` is one of amplitude, phase (radians), "phase (degrees)", real, imaginary for
    complex data, a field name for compound data, or None/"value" for real data (returned as
    is).
    """
    array = np.asarray(array)
    if array.dtype.names:
        if name is None:
            name = array.dtype.names[0]
        if name not in array.dtype.names:
            raise ValueError(f"no field {name!r}; the fields are {list(array.dtype.names)}")
        return array[name]
    if array.dtype.kind == "c":
        name = name or "amplitude"
        funcs = {
            "amplitude": np.abs,
            "phase": np.angle,
            PHASE_DEGREES: lambda a: np.angle(a, deg=True),
            "real": np.real,
            "imaginary": np.imag,
        }
        if name not in funcs:
            raise ValueError(f"complex component must be one of {list(funcs)}, not {name!r}")
        return funcs[name](array)
    if name not in (None, "value", "amplitude", "real"):
        raise ValueError(f"real data has no component {name!r}")
    return array
