"""``MainDataset``: a lazy, read-only N-d view of a USID Main dataset."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

import h5py
import numpy as np

from .axes import Axis, analyse_axis, regular_axis
from .blocks import DEFAULT_CACHE_BYTES
from .chunk_cache import ChunkCache, open_for_views
from .errors import NotMainDatasetError
from .hsds import file_name, file_of, is_group, is_h5pyd, object_key
from .references import deref, read_attr
from .results import completion_of
from .source import COMPLEX_COMPONENTS, PHASE_DEGREES, Source, component
from .strings import decode_attr, to_str, to_str_list
from .validate import check_main

__all__ = ["COMPLEX_COMPONENTS", "PHASE_DEGREES", "MainDataset", "component", "open_file"]


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
    if is_h5pyd(dset):
        return object_key(dset)
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


class MainDataset(Source):
    """A USID Main dataset seen as an N-d array, read lazily and never written.

    ``MainDataset(dset)`` takes an ``h5py.Dataset`` (a pyUSID ``USIDataset`` is one);
    ``MainDataset(path_or_group, "/Measurement_000/Channel_000/Raw_Data")`` opens a file
    read-only (and owns it: ``close()`` or use ``with``).

    Dimension order everywhere: position dims slowest to fastest, then spectroscopic dims
    slowest to fastest. A 2-D scan therefore comes out rows = slow (Y), columns = fast (X).
    """

    def worker_matrix(self) -> Any:
        from .reduce import H5Matrix

        return H5Matrix(self.filename, self.path, None, None)

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
        if is_group(obj) and dataset_path is not None:
            if dataset_path not in obj:
                name = obj.file.filename
                self.close()
                raise KeyError(f"no object {dataset_path!r} in {name}")
            obj, self.chunk_cache = open_for_views(obj, dataset_path, cache_bytes)
        #: the h5pyd File of a dataset in HSDS, kept: h5pyd asks the server at each ``.file``
        self.hsds_file = file_of(obj) if is_h5pyd(obj) else None
        try:
            check_main(obj)
        except NotMainDatasetError:
            self.close()
            raise
        super().__init__(
            obj,
            _analyse(obj, "Position"),
            _analyse(obj, "Spectroscopic"),
            quantity=to_str(read_attr(obj, "quantity")),
            units=to_str(read_attr(obj, "units")),
            cache_bytes=cache_bytes,
            chunk_cache=self.chunk_cache,
        )

    # -- identity -------------------------------------------------------------------------
    @property
    def h5(self) -> h5py.Dataset:
        """The underlying h5py dataset."""
        return self.matrix

    @property
    def path(self) -> str:
        return self.matrix.name

    @property
    def file(self) -> h5py.File:
        return self.hsds_file if self.hsds_file is not None else self.matrix.file

    @property
    def filename(self) -> str:
        return file_name(self.file)

    @property
    def attrs(self) -> dict:
        return {k: decode_attr(v) for k, v in self.matrix.attrs.items()}

    @property
    def completion(self) -> tuple[int, int] | None:
        """``(positions computed, positions)`` when this dataset is a result of a pyUSID
        process whose group keeps the bookkeeping (``completed_positions``, 0 = not computed
        yet); None otherwise. ``(0, n)``: nothing was computed, the values are placeholders
        (zeros), not data. Read from the file at each access (a process may be running)."""
        try:
            parent = self.matrix.parent
        except Exception:  # an anonymous dataset has no group
            return None
        return completion_of(parent)

    def position_coords(self, rows: Any = None) -> np.ndarray:
        """Position_Values of the given rows (default all), columns in ``coord_dims`` order."""
        val, _ = deref(self.matrix, "Position_Values")
        labels = to_str_list(read_attr(val, "labels"))
        order = [
            labels.index(d.name) if d.name in labels else i for i, d in enumerate(self.coord_dims)
        ]
        if rows is None:
            rows = slice(None)
        elif not isinstance(rows, slice):
            rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        raw = _read_rows(val, rows)
        return np.asarray(raw, dtype=np.float64)[:, order]


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
