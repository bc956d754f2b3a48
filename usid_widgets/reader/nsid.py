"""NSID datasets and any other numeric HDF5 dataset, read as :class:`~.nd.NDDataset`.

NSID (pyNSID / sidpy) stores a measurement as one N-d dataset: ``quantity``, ``units`` and
``data_type`` attributes, and one HDF5 dimension scale per axis carrying the axis's values and
its own ``units``, ``quantity`` and ``dimension_type`` (SPATIAL, RECIPROCAL, SPECTRAL,
TEMPORAL, ...). A dataset with a ``data_type`` attribute is taken for NSID; its problems
(a missing scale, a scale of the wrong length, an unknown ``data_type``) are reported by
:func:`nsid_problems` and, where the data can still be shown, shown with index axes and a note
naming the dataset. Any other numeric dataset (``hdf5`` kind) takes its axes from attached
dimension scales when there are some, else ``dim_0``, ``dim_1``, ... (index axes).
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from .axes import Dimension
from .blocks import DEFAULT_CACHE_BYTES
from .chunk_cache import open_for_views
from .hsds import is_dataset
from .nd import (
    DATA_TYPES,
    DIMENSION_TYPES,
    NDDataset,
    index_dimension,
    nsid_kinds,
    numeric_values,
    plain_kinds,
)
from .strings import decode_attr, to_str


def is_numeric(dset: Any) -> bool:
    """Whether an h5py dataset holds numbers the views can draw: integers, floats, complex,
    or a compound of numeric fields, in at least one dimension with at least one value."""
    if not is_dataset(dset) or dset.shape is None or len(dset.shape) == 0:
        return False
    if 0 in dset.shape:
        return False
    dt = dset.dtype
    if dt.names:
        return all(dt[n].kind in "biufc" and not dt[n].shape for n in dt.names)
    return dt.kind in "biufc" and not dt.hasobject


def is_nsid(dset: Any) -> bool:
    """Whether ``dset`` claims to be an NSID main dataset (it has a ``data_type``)."""
    try:
        return is_dataset(dset) and "data_type" in dset.attrs
    except Exception:
        return False


def _attr(obj: Any, key: str, default: str = "") -> str:
    try:
        value = obj.attrs.get(key)
    except Exception:
        return default
    return default if value is None else to_str(value)


def _scale(dset: h5py.Dataset, axis: int) -> tuple[h5py.Dataset | None, str]:
    """The first dimension scale attached to ``axis`` and the axis's label."""
    try:
        dim = dset.dims[axis]
        label = to_str(dim.label) if dim.label else ""
        scales = list(dim.values()) if len(dim) else []
    except Exception:
        return None, ""
    return (scales[0] if scales else None), label


def _axis_dims(dset: h5py.Dataset, nsid: bool) -> tuple[list[Dimension], list[str], list[str]]:
    """Dimensions (kinds still to set), their NSID types, and the problems found."""
    dims: list[tuple[str, str, np.ndarray]] = []
    types: list[str] = []
    problems: list[str] = []
    for axis, n in enumerate(dset.shape):
        scale, label = _scale(dset, axis)
        dim_name = label or f"dim_{axis}"
        values = None
        units = dim_type = ""
        if scale is None:
            if nsid:
                problems.append(f"dimension {axis} has no dimension scale")
        else:
            dim_name = _attr(scale, "name") or label or scale.name.rsplit("/", 1)[-1]
            units = _attr(scale, "units")
            dim_type = _attr(scale, "dimension_type").upper()
            try:
                raw = scale[()] if scale.ndim == 1 else None
            except Exception as exc:
                raw = None
                problems.append(f"the dimension scale of {dim_name!r} cannot be read ({exc})")
            if scale.ndim != 1:
                problems.append(
                    f"the dimension scale of {dim_name!r} has shape {scale.shape}, not one "
                    "value per index: shown as indices"
                )
            if raw is not None and np.ndim(raw) == 1 and len(raw) != n:
                problems.append(
                    f"the dimension scale of {dim_name!r} has {len(raw)} values for {n} "
                    "indices: shown as indices"
                )
            else:
                values = numeric_values(raw, n)
                if values is None and raw is not None:
                    problems.append(
                        f"the dimension scale of {dim_name!r} is not a vector of numbers: "
                        "shown as indices"
                    )
            if dim_type and dim_type not in DIMENSION_TYPES:
                problems.append(f"dimension {dim_name!r} has an unknown type {dim_type!r}")
        if values is None:
            values = index_dimension(dim_name, n, "position").values
            if scale is not None:
                units = ""
        dims.append((dim_name, units, values))
        types.append(dim_type)
    return [Dimension(nm, u, v, "position") for nm, u, v in dims], types, problems


def nsid_problems(dset: Any) -> list[str]:
    """Every way ``dset`` falls short of an NSID main dataset; empty when it is one."""
    if not is_dataset(dset):
        return [f"{getattr(dset, 'name', dset)!r} is not an HDF5 dataset"]
    problems = []
    if not is_numeric(dset):
        problems.append(_not_numbers(dset))
        return problems
    for key in ("quantity", "units", "data_type"):
        if key not in dset.attrs:
            problems.append(f"it has no {key!r} attribute")
    data_type = _attr(dset, "data_type").upper()
    if "data_type" in dset.attrs and data_type not in DATA_TYPES:
        problems.append(f"its data_type {data_type!r} is not one of sidpy's {list(DATA_TYPES)}")
    problems += _axis_dims(dset, True)[2]
    return problems


def _not_numbers(dset: h5py.Dataset) -> str:
    if len(dset.shape or ()) == 0:
        return "it is a single value (a scalar), not an array"
    if 0 in dset.shape:
        return f"it is empty (shape {dset.shape})"
    kind = {"S": "strings", "U": "strings", "O": "objects (strings or references)"}.get(
        dset.dtype.kind, f"values of type {dset.dtype}"
    )
    return f"it holds {kind}, not numbers"


def open_hdf5(group: h5py.Group, path: str, *, cache_bytes: int = DEFAULT_CACHE_BYTES) -> NDDataset:
    """``group[path]``, an NSID or plain numeric dataset, as an :class:`~.nd.NDDataset`.

    Raises ``ValueError`` naming the dataset when it holds no numbers to draw. NSID problems
    that leave the data drawable become the dataset's ``notes``.
    """
    dset, chunk_cache = open_for_views(group, path, cache_bytes)
    if not is_dataset(dset):
        raise ValueError(f"{path} is a group, not a dataset")
    if not is_numeric(dset):
        raise ValueError(f"{dset.name} cannot be shown: {_not_numbers(dset)}")
    nsid = is_nsid(dset)
    dims, types, problems = _axis_dims(dset, nsid)
    notes = []
    if nsid:
        problems = [p for p in nsid_problems(dset) if p not in problems] + problems
        kinds = nsid_kinds(types, _attr(dset, "data_type"))
        quantity, units = _attr(dset, "quantity"), _attr(dset, "units")
        if problems:
            notes.append(f"NSID dataset {dset.name}: " + "; ".join(problems) + ".")
    else:
        kinds = plain_kinds(len(dims))
        quantity = _attr(dset, "quantity") or dset.name.rsplit("/", 1)[-1]
        units = _attr(dset, "units")
    dims = [Dimension(d.name, d.units, d.values, k) for d, k in zip(dims, kinds, strict=True)]
    attrs = {}
    for key in dset.attrs:
        try:
            attrs[key] = decode_attr(dset.attrs[key])
        except Exception as exc:
            attrs[key] = f"(unreadable: {exc})"
    return NDDataset(
        dset,
        dims,
        kind="nsid" if nsid else "hdf5",
        name=dset.name,
        quantity=quantity,
        units=units,
        rows_first=not nsid,
        notes=notes,
        attrs=attrs,
        file=dset.file,
        chunk_cache=chunk_cache,
        worker=_worker(dset, dims),
        cache_bytes=cache_bytes,
    )


def _worker(dset: h5py.Dataset, dims: list[Dimension]) -> Any:
    from .reduce import H5Matrix

    rows = tuple(i for i, d in enumerate(dims) if d.kind == "position")
    cols = tuple(i for i, d in enumerate(dims) if d.kind != "position")
    try:
        return H5Matrix(dset.file.filename, dset.name, rows, cols)
    except Exception:  # an in-memory or driver-backed file: the reductions run locally
        return None
