"""``NDDataset``: an N-d array (NSID, plain HDF5, numpy, dask, sidpy) as a :class:`Source`.

The dimensions come in the array's own order, each with its kind: "position" dims unfold the
rows of the :class:`~.flat.Flat2D` matrix the reads go through, the others its columns. So
everything built for USID (the block cache and its read-ahead, held lines, region and interval
reductions, the chunk-aware HDF5 cache) reads these too. ``isel`` returns the dims not given in
the array's order, as sidpy and numpy index them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .axes import Axis, Dimension
from .blocks import DEFAULT_CACHE_BYTES
from .flat import Flat2D
from .hsds import file_name
from .source import Source

#: Dimension types of NSID (sidpy's ``DimensionType``) that name a position: the map's axes.
POSITION_TYPES = ("SPATIAL", "RECIPROCAL")


def plain_kinds(ndim: int) -> list[str]:
    """Which axes of an array with no dimension types form the image, the way the field's
    tools read arrays: 2-D an image, 3-D a stack of images (the last two axes, as numpy,
    napari and ndv show them), 4-D and more a scan of patterns (the first two, 4D-STEM)."""
    if ndim <= 1:
        return ["spectroscopic"] * ndim
    if ndim == 2:
        return ["position", "position"]
    if ndim == 3:
        return ["spectroscopic", "position", "position"]
    return ["position", "position"] + ["spectroscopic"] * (ndim - 2)


def kinds_from_types(types: list[str]) -> list[str]:
    """Kinds from NSID dimension types: SPATIAL dims are the map's; with none, RECIPROCAL
    ones (a diffraction pattern on its own); with neither, :func:`plain_kinds`."""
    types = [t.upper() for t in types]
    for wanted in POSITION_TYPES:
        if wanted in types:
            return ["position" if t == wanted else "spectroscopic" for t in types]
    return plain_kinds(len(types))


#: sidpy's ``DataType`` names, the values of NSID's ``data_type`` attribute.
DATA_TYPES = (
    "UNKNOWN",
    "SPECTRUM",
    "LINE_PLOT",
    "LINE_PLOT_FAMILY",
    "IMAGE",
    "IMAGE_MAP",
    "IMAGE_STACK",
    "SPECTRAL_IMAGE",
    "IMAGE_4D",
    "POINT_CLOUD",
)
#: sidpy's ``DimensionType`` names.
DIMENSION_TYPES = ("UNKNOWN", "SPATIAL", "RECIPROCAL", "SPECTRAL", "TEMPORAL", "CHANNEL")
#: The ``DataType`` names that say which dims form the image (see :func:`data_type_kinds`).
LAID_OUT = tuple(t for t in DATA_TYPES if t not in ("UNKNOWN", "POINT_CLOUD"))


def data_type_kinds(data_type: str, ndim: int) -> list[str]:
    """Kinds from a sidpy ``data_type`` alone: spectra and line plots have no map; images,
    image maps, spectral images and 4D-STEM have theirs first; else :func:`plain_kinds`
    (an IMAGE_STACK is frames first, as sidpy writes it)."""
    data_type = data_type.upper()
    if data_type in ("SPECTRUM", "LINE_PLOT", "LINE_PLOT_FAMILY"):
        return ["spectroscopic"] * ndim
    if data_type in ("IMAGE", "IMAGE_MAP", "SPECTRAL_IMAGE", "IMAGE_4D") and ndim >= 2:
        return ["position", "position"] + ["spectroscopic"] * (ndim - 2)
    return plain_kinds(ndim)


def nsid_kinds(types: list[str], data_type: str) -> list[str]:
    """Kinds of an NSID dataset's or a sidpy Dataset's dims. From their dimension types when
    every dim has one (UNKNOWN, sidpy's default, or a missing scale is none); when some lack
    one, from a ``data_type`` that says where the image is (an IMAGE whose ``y`` scale is
    gone is still an image) where no typed dim contradicts it, else from the types there
    are."""
    typed = [t.upper() if t and t.upper() != "UNKNOWN" else "" for t in types]
    if all(typed):
        return kinds_from_types(typed)
    by_types = kinds_from_types(typed)
    if not any(typed):
        return data_type_kinds(data_type, len(typed))
    if data_type.upper() in LAID_OUT:
        laid = data_type_kinds(data_type, len(typed))
        # the data_type's layout, unless a typed dim contradicts it
        if all(
            (k == "position") == (t in POSITION_TYPES)
            for t, k in zip(typed, laid, strict=True)
            if t
        ):
            return laid
    return by_types


class NDDataset(Source):
    """An N-d array with named dimensions, read lazily through :class:`~.flat.Flat2D`.

    Made by :func:`~usid_widgets.reader.open_dataset` (files) and
    :func:`~usid_widgets.reader.from_array` (arrays in memory); ``dims`` in the array's
    order, each of kind "position" or "spectroscopic".
    """

    def __init__(
        self,
        array: Any,
        dims: list[Dimension],
        *,
        kind: str,
        name: str,
        quantity: str = "",
        units: str = "",
        rows_first: bool = True,
        notes: list[str] | None = None,
        attrs: dict | None = None,
        file: Any = None,
        owned_file: Any = None,
        chunk_cache: Any = None,
        worker: Any = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ):
        if len(dims) != len(array.shape):
            raise ValueError(f"{name}: {len(dims)} dimensions for an array of shape {array.shape}")
        for d, n in zip(dims, array.shape, strict=True):
            if d.size != n:
                raise ValueError(f"{name}: dimension {d.name!r} has {d.size} values, not {n}")
        self.kind = kind
        self.rows_first = rows_first
        self._array = array
        self._name = name
        self._file = file
        self._owned_file = owned_file
        self._worker = worker
        self._attrs = dict(attrs or {})
        rows = tuple(i for i, d in enumerate(dims) if d.kind == "position")
        cols = tuple(i for i, d in enumerate(dims) if d.kind != "position")
        super().__init__(
            Flat2D(array, rows, cols),
            _grid_axis("position", [dims[i] for i in rows], notes),
            _grid_axis("spectroscopic", [dims[i] for i in cols], None),
            quantity=quantity,
            units=units,
            cache_bytes=cache_bytes,
            chunk_cache=chunk_cache,
        )
        self._nd_dims = self._nd_order(list(dims))

    # -- identity ---------------------------------------------------------------------------
    @property
    def h5(self) -> Any:
        """The array itself: an ``h5py.Dataset`` for files, else the numpy / dask array."""
        return self._array

    @property
    def path(self) -> str:
        return self._name

    @property
    def file(self) -> Any:
        """The ``h5py.File`` holding the dataset, None for an array in memory."""
        return self._file

    @property
    def filename(self) -> str:
        return file_name(self._file) if self._file is not None else ""

    @property
    def attrs(self) -> dict:
        """The dataset's attributes (files) or the array's metadata (sidpy)."""
        return dict(self._attrs)

    @property
    def completion(self) -> None:
        return None

    @property
    def dims(self) -> list[Dimension]:
        """In the array's own order."""
        return list(self._nd_dims)

    def position_coords(self, rows: Any = None) -> np.ndarray:
        raise ValueError(f"{self.path} is a grid, not sparse positions: it has no point list")

    def worker_matrix(self) -> Any:
        if self._worker is not None:
            return self._worker
        return self.matrix  # an array in memory travels with the task

    def _nd_order(self, dims: list[Dimension]) -> list[Dimension]:
        """The position and spectroscopic dims (renamed where they repeated a name) in the
        array's order: that of ``dims``."""
        pos, spec = iter(self.pos_dims), iter(self.spec_dims)
        return [next(pos) if d.kind == "position" else next(spec) for d in dims]


def _grid_axis(kind: str, dims: list[Dimension], notes: list[str] | None) -> Axis:
    length = 1
    for d in dims:
        length *= d.size
    return Axis(kind, length, "regular", list(dims), list(dims), list(notes or []))


def index_dimension(name: str, n: int, kind: str, units: str = "") -> Dimension:
    """A dimension whose values are its indices 0 .. n-1."""
    values = np.arange(n, dtype=np.float64)
    values.setflags(write=False)
    return Dimension(name, units, values, kind)


def numeric_values(values: Any, n: int) -> np.ndarray | None:
    """``values`` as a read-only float64 vector of length ``n``, or None when they are not
    numbers of that length."""
    try:
        v = np.asarray(values)
    except Exception:
        return None
    if v.dtype.kind not in "biuf" or v.ndim != 1 or v.shape[0] != n:
        return None
    v = v.astype(np.float64)
    v.setflags(write=False)
    return v
