"""Arrays in memory as :class:`~.nd.NDDataset`: numpy, dask, and sidpy ``Dataset`` objects.

A sidpy ``Dataset`` (what SciFiReaders returns for DM3/DM4, EMD, Nion, Bruker, ... files) is a
dask array carrying its dimensions (values, units, quantity, ``dimension_type``), its
``quantity``/``units``/``data_type`` and ``metadata``/``original_metadata``: all are read from
the object's attributes, so sidpy is never imported here. Dask-backed arrays are read chunk by
chunk, only the slices each view needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .axes import Dimension
from .blocks import DEFAULT_CACHE_BYTES
from .nd import (
    NDDataset,
    index_dimension,
    kinds_from_types,
    nsid_kinds,
    numeric_values,
    plain_kinds,
)
from .strings import to_str

#: The kinds a user may give in ``dims`` besides NSID's dimension types.
KINDS = ("position", "spectroscopic")


def is_sidpy(obj: Any) -> bool:
    """Whether ``obj`` is a sidpy ``Dataset`` (without importing sidpy)."""
    return type(obj).__module__.split(".")[0] == "sidpy" and hasattr(obj, "get_dimensions_types")


def is_array(obj: Any) -> bool:
    """A numpy or dask array (or anything array-like with ``shape``, ``dtype`` and slicing)."""
    if isinstance(obj, np.ndarray):
        return True
    return (
        hasattr(obj, "shape")
        and hasattr(obj, "dtype")
        and hasattr(obj, "__getitem__")
        and type(obj).__module__.split(".")[0] in ("dask", "sidpy", "numpy", "zarr", "xarray")
    )


def _check_numeric(array: Any, name: str) -> None:
    dt = np.dtype(array.dtype)
    ok = dt.kind in "biufc" or (dt.names and all(dt[n].kind in "biufc" for n in dt.names))
    if not ok:
        raise ValueError(f"{name} cannot be shown: it holds values of type {dt}, not numbers")
    if len(array.shape) == 0:
        raise ValueError(f"{name} cannot be shown: it is a single value (a scalar), not an array")
    if 0 in tuple(array.shape):
        raise ValueError(f"{name} cannot be shown: it is empty (shape {tuple(array.shape)})")


def from_array(
    array: Any,
    dims: Sequence[Any] | None = None,
    *,
    quantity: str = "",
    units: str = "",
    name: str = "array",
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> NDDataset:
    """A numpy or dask array as an :class:`~.nd.NDDataset`, read lazily (dask: by chunks).

    ``dims``: one entry per axis, in the array's order, each a name or a tuple
    ``(name, units, values)`` or ``(name, units, values, kind)`` with ``values`` the axis's
    coordinates (None for indices) and ``kind`` "position" (an axis of the image),
    "spectroscopic" or an NSID dimension type ("SPATIAL", "SPECTRAL", ...). Without kinds the
    image is the array's only two axes, the last two of three (a stack) or the first two of
    four or more (a scan of patterns). Without ``dims`` the axes are ``dim_0``, ``dim_1``, ...
    """
    if is_sidpy(array):
        return from_sidpy(array, cache_bytes=cache_bytes)
    if not hasattr(array, "shape") or not hasattr(array, "dtype"):
        array = np.asarray(array)
    _check_numeric(array, name)
    shape = tuple(int(s) for s in array.shape)
    if dims is None:
        dims = [f"dim_{i}" for i in range(len(shape))]
    if len(dims) != len(shape):
        raise ValueError(
            f"{name}: dims has {len(dims)} entries for an array of {len(shape)} dimensions "
            f"(shape {shape})"
        )
    out, given = [], []
    for i, (entry, n) in enumerate(zip(dims, shape, strict=True)):
        d_name, d_units, values, kind = _entry(entry, i)
        v = numeric_values(values, n) if values is not None else None
        if values is not None and v is None:
            raise ValueError(
                f"{name}: the values of {d_name!r} must be {n} numbers (one per index), not "
                f"{np.shape(values)} of {np.asarray(values).dtype}"
            )
        if v is None:
            v = index_dimension(d_name, n, "position").values
        out.append((d_name, d_units, v))
        given.append(kind)
    kinds = _kinds(given, len(shape), name)
    nd_dims = [Dimension(n_, u, v, k) for (n_, u, v), k in zip(out, kinds, strict=True)]
    return NDDataset(
        array,
        nd_dims,
        kind="array",
        name=name,
        quantity=quantity,
        units=units,
        rows_first=True,
        cache_bytes=cache_bytes,
    )


def _entry(entry: Any, i: int) -> tuple[str, str, Any, str | None]:
    if isinstance(entry, str):
        return entry, "", None, None
    if not isinstance(entry, (tuple, list)) or not 1 <= len(entry) <= 4:
        raise ValueError(
            f"dims[{i}] must be a name or (name, units, values[, kind]), not {entry!r}"
        )
    parts = list(entry) + [None] * (4 - len(entry))
    return str(parts[0]), to_str(parts[1] or ""), parts[2], parts[3]


def _kinds(given: list[str | None], ndim: int, name: str) -> list[str]:
    """Kinds of an array's axes from what ``dims`` gives: a kind, an NSID dimension type or
    nothing. Nothing anywhere: :func:`~.nd.plain_kinds`; types only: as NSID reads them
    (:func:`~.nd.kinds_from_types`). Otherwise types become kinds (SPATIAL, or without one
    RECIPROCAL, is a position) and an axis given nothing is a position unless another is."""
    if all(k is None for k in given):
        return plain_kinds(ndim)
    text = ["" if k is None else str(k) for k in given]
    if all(t and t.lower() not in KINDS for t in text):
        return kinds_from_types(text)
    types = {t.upper() for t in text if t and t.lower() not in KINDS}
    position_type = "SPATIAL" if "SPATIAL" in types else "RECIPROCAL"
    out: list[str | None] = []
    for t in text:
        if not t:
            out.append(None)
        elif t.lower() in KINDS:
            out.append(t.lower())
        else:
            out.append("position" if t.upper() == position_type else "spectroscopic")
    rest = "spectroscopic" if "position" in out else "position"
    return [k or rest for k in out]


def from_sidpy(ds: Any, *, cache_bytes: int = DEFAULT_CACHE_BYTES) -> NDDataset:
    """A sidpy ``Dataset`` as an :class:`~.nd.NDDataset`: its dimensions, quantity, units
    and metadata; the data read through its dask chunks. Images are drawn as sidpy's
    ``plot()`` draws them (the first dimension along the columns)."""
    name = to_str(getattr(ds, "title", "") or "") or "sidpy dataset"
    _check_numeric(ds, name)
    dims, types = [], []
    for i, n in enumerate(ds.shape):
        dim = _sidpy_dim(ds, i)
        d_name = to_str(getattr(dim, "name", "") or f"dim_{i}")
        v = numeric_values(np.asarray(dim), int(n)) if dim is not None else None
        if v is None:
            v = index_dimension(d_name, int(n), "position").values
        dims.append((d_name, to_str(getattr(dim, "units", "") or ""), v))
        dtype = getattr(dim, "dimension_type", "")
        types.append(to_str(getattr(dtype, "name", dtype) or ""))
    data_type = getattr(ds, "data_type", "")
    kinds = nsid_kinds(types, to_str(getattr(data_type, "name", data_type) or ""))
    nd_dims = [Dimension(n_, u, v, k) for (n_, u, v), k in zip(dims, kinds, strict=True)]
    attrs = {
        "title": name,
        "quantity": to_str(getattr(ds, "quantity", "") or ""),
        "units": to_str(getattr(ds, "units", "") or ""),
        "data_type": to_str(getattr(data_type, "name", data_type) or ""),
        "modality": to_str(getattr(ds, "modality", "") or ""),
        "source": to_str(getattr(ds, "source", "") or ""),
        "metadata": dict(getattr(ds, "metadata", {}) or {}),
        "original_metadata": dict(getattr(ds, "original_metadata", {}) or {}),
    }
    return NDDataset(
        ds,
        nd_dims,
        kind="sidpy",
        name=name,
        quantity=attrs["quantity"],
        units=attrs["units"],
        rows_first=False,
        attrs=attrs,
        cache_bytes=cache_bytes,
    )


def _sidpy_dim(ds: Any, i: int) -> Any:
    try:
        dim = ds.get_dimension_by_number(i)
    except Exception:
        return None
    if isinstance(dim, (list, tuple)):
        return dim[0] if dim else None
    return dim
