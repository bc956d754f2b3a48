"""``Source``: what every view reads, a lazy N-d array over a positions x steps matrix.

Every dataset the explorer opens is one: a USID Main dataset (:class:`~.main.MainDataset`, the
matrix is the file's own 2-D dataset) or an N-d one, NSID, plain HDF5 or an array in memory
(:class:`~.nd.NDDataset`, the matrix a :class:`~.flat.Flat2D` window onto it). Dimensions of
kind "position" unfold the rows, the "spectroscopic" ones the columns; this class owns the
reading (slices, held lines, cells) and the dimension lookups, the subclasses where the
matrix and the dimensions come from.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .axes import Axis, Dimension
from .blocks import BlockCache

COMPLEX_COMPONENTS = ("amplitude", "phase", "real", "imaginary")
#: The phase in degrees: accepted by :func:`component` besides ``COMPLEX_COMPONENTS``.
PHASE_DEGREES = "phase (degrees)"
# Above this many bytes a "bounding box" read of scattered rows is replaced by a fancy read.
_BOUNDING_READ_BYTES = 64 * 2**20


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


class Source:
    """A dataset seen as an N-d array, read lazily and never written (see the module notes).

    Subclasses find the 2-D positions x steps ``matrix``, the :class:`~.axes.Axis` unfolding
    its rows (``pos``) and its columns (``spec``) and the labels of the data, and hand them to
    ``Source.__init__``.
    """

    #: What the dataset is: "usid" (a USID Main dataset), "nsid", "hdf5" (any other numeric
    #: HDF5 dataset), "array" (numpy or dask in memory) or "sidpy" (a sidpy ``Dataset``).
    kind = "usid"
    #: How an image of two position dims is drawn by the format's own plots: True when the
    #: earlier dim runs down the rows (USID, numpy's ``imshow(a)``), False when it runs along
    #: the columns (sidpy's ``imshow(data.T)``).
    rows_first = True
    _owned_file: Any = None
    chunk_cache: Any = None

    def __init__(
        self,
        matrix: Any,
        pos: Axis,
        spec: Axis,
        *,
        quantity: str,
        units: str,
        cache_bytes: int,
        chunk_cache: Any = None,
    ):
        self._dset = matrix
        self._pos, self._spec = pos, spec
        # Read once: views label every refresh with them, and attributes cost an HDF5 call.
        self._quantity, self._units = quantity, units
        self.chunk_cache = chunk_cache
        # the chunk cache holds part of the budget; the block cache gets the rest
        held = chunk_cache.nbytes if chunk_cache is not None else 0
        #: the chunk-aware cache of windows of the matrix (see blocks.py)
        self.blocks = BlockCache(matrix, max(0, cache_bytes - held))
        names = [d.name for d in pos.dims + spec.dims]
        if len(set(names)) != len(names):
            # Duplicate labels would make isel(name=...) ambiguous; suffix the later ones.
            self._rename_duplicates()
        self._by_name = {d.name: d for d in pos.dims + spec.dims}

    @property
    def matrix(self) -> Any:
        """The 2-D positions x steps matrix the reads go through (``h5py.Dataset`` for USID,
        a :class:`~.flat.Flat2D` window for N-d data)."""
        return self._dset

    def own_file(self, file: Any) -> None:
        """Close ``file`` with this dataset (the opener of a path hands it over)."""
        self._owned_file = file

    @property
    def closed(self) -> bool:
        """Whether the file holding the data was closed (arrays in memory never are)."""
        h5 = getattr(self, "h5", None)
        ident = getattr(h5, "id", None)
        return ident is not None and hasattr(ident, "valid") and not ident.valid

    def worker_matrix(self) -> Any:
        """A picklable stand-in for :attr:`matrix` that dask workers read themselves."""
        raise NotImplementedError

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
        # the matrix gives (free position dims..., free spectroscopic dims...)
        read = [d.name for d in self._pos.dims + self._spec.dims]
        free = [n for n in read if n not in pos_fixed and n not in spec_fixed]
        shape = tuple(self._by_name[n].size for n in free)
        run_r = self._pos.contiguous(pos_fixed)
        run_c = self._spec.contiguous(spec_fixed)
        if run_r is not None and run_c is not None:
            out = self._read_block(slice(*run_r), slice(*run_c), share).reshape(shape)
        else:
            rows = np.arange(*run_r) if run_r is not None else self._pos.select(pos_fixed)[0]
            cols = np.arange(*run_c) if run_c is not None else self._spec.select(spec_fixed)[0]
            out = self.read_cells(rows, cols).reshape(shape)
        order = [d.name for d in self.dims if d.name in free]
        if order != free:  # dims in the array's own order (N-d sources)
            out = np.transpose(out, [free.index(n) for n in order])
        return out

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

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        try:
            dims = ", ".join(f"{d.name}: {d.size}" for d in self.dims)
            return f"<{type(self).__name__} {self.path!r} {self.quantity} ({self.units}) [{dims}]>"
        except Exception:
            return f"<{type(self).__name__} (closed)>"

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
