"""A small, exact h5USID writer.

It writes what pyUSID (0.0.12, the reference implementation) writes, on h5py + numpy only:

- the **Main dataset**, 2-D ``(n_positions, n_spectroscopic_steps)``, with the attributes
  ``quantity`` and ``units`` (vlen ``str``) and four HDF5 **object references**
  ``Position_Indices``, ``Position_Values``, ``Spectroscopic_Indices``, ``Spectroscopic_Values``;
- the four **ancillary datasets**: ``Position_Indices`` (uint32) and ``Position_Values``
  (float32) of shape ``(n_positions, n_position_dims)``, ``Spectroscopic_Indices`` and
  ``Spectroscopic_Values`` of shape ``(n_spectroscopic_dims, n_steps)``, each with ``labels`` and
  ``units`` attributes as fixed-length UTF-8 byte arrays (``|S2`` for ``b"nm"``) and a ``type``
  attribute (0 per dimension), in the current pyUSID order: the slowest dimension first.

:func:`write_main` takes an N-d array and its dimensions. :func:`write_ancillary` plus
:func:`write_main_raw` write any layout explicitly (several Main datasets sharing one set of
ancillary datasets, permuted or sparse scans, ...). :func:`write_image` is the one-call path for
a 2-D image (rows = Y, columns = X).
"""

from __future__ import annotations

import platform
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from os import PathLike
from typing import Any, Literal

import h5py
import numpy as np

__all__ = [
    "Dimension",
    "create_results_group",
    "write_ancillary",
    "write_image",
    "write_main",
    "write_main_raw",
]

INDICES_DTYPE = np.uint32
VALUES_DTYPE = np.float32
ANCILLARY_ATTRS = (
    "Position_Indices",
    "Position_Values",
    "Spectroscopic_Indices",
    "Spectroscopic_Values",
)
Kind = Literal["position", "spectroscopic"]


@dataclass(frozen=True, eq=False)
class Dimension:
    """One named dimension: ``values`` are the physical coordinates of its indices 0..size-1.

    ``values`` is converted to a read-only 1-D numpy array; ``size == len(values)``.
    """

    name: str
    units: str
    values: Any

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"a dimension needs a non-empty name, got {self.name!r}")
        if not isinstance(self.units, str):
            raise ValueError(f"units of dimension {self.name!r} must be a str, got {self.units!r}")
        values = np.array(self.values)
        if values.ndim == 0:
            values = values.reshape(1)
        if values.ndim != 1:
            raise ValueError(
                f"values of dimension {self.name!r} must be 1-D, got shape {values.shape}"
            )
        if values.size == 0:
            raise ValueError(f"dimension {self.name!r} has no values (size 0)")
        if values.dtype.kind not in "buif":
            raise ValueError(
                f"values of dimension {self.name!r} must be real numbers, got dtype {values.dtype}"
            )
        values.setflags(write=False)
        object.__setattr__(self, "values", values)

    @property
    def size(self) -> int:
        """Number of entries along this dimension."""
        return int(self.values.shape[0])

    def __repr__(self) -> str:
        return f"Dimension({self.name!r}, {self.units!r}, size={self.size})"


# --------------------------------------------------------------------------------------------
# attribute helpers


def _string_array(items: Sequence[str | bytes]) -> np.ndarray:
    """Fixed-length byte array of UTF-8 encoded strings, as real files store labels/units."""
    encoded = [s if isinstance(s, bytes) else str(s).encode("utf-8") for s in items]
    width = max([len(s) for s in encoded] + [1])
    return np.array(encoded, dtype=f"S{width}")


def _write_text_attr(obj: h5py.HLObject, key: str, value: str | bytes) -> None:
    """``str`` -> vlen UTF-8 str (like pyUSID); ``bytes`` -> fixed-length bytes, kept as given."""
    if isinstance(value, (bytes, np.bytes_)):
        obj.attrs[key] = np.bytes_(value)
    elif isinstance(value, str):
        obj.attrs.create(key, value, dtype=h5py.string_dtype("utf-8"))
    else:
        raise ValueError(f"attribute {key!r} must be str or bytes, got {type(value).__name__}")


def _write_attrs(obj: h5py.HLObject, attrs: Mapping[str, Any] | None) -> None:
    """Write extra attributes; lists/tuples of strings become fixed-length byte arrays."""
    for key, value in (attrs or {}).items():
        if isinstance(value, (str, bytes, np.bytes_)):
            _write_text_attr(obj, key, value)
        elif (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(v, (str, bytes)) for v in value)
        ):
            obj.attrs[key] = _string_array(value)
        else:
            obj.attrs[key] = value


def _book_keeping(obj: h5py.HLObject) -> None:
    """The provenance attributes pyUSID writes on every Main dataset and results group."""
    from . import __version__

    _write_attrs(
        obj,
        {
            "machine_id": socket.gethostname(),
            "timestamp": time.strftime("%Y_%m_%d-%H_%M_%S"),
            "platform": platform.platform(),
            "usid_widgets_version": __version__,
        },
    )


def _check_name(group: h5py.Group, name: str, what: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what} needs a non-empty name, got {name!r}")
    if "/" in name:
        raise ValueError(f"{what} name {name!r} must not contain '/'")
    if name in group:
        raise ValueError(f"{group.name}/{name} already exists; choose another {what} name")


def _check_labels(labels: Sequence[str], units: Sequence[str], n_dims: int, where: str) -> None:
    if isinstance(labels, (str, bytes)) or isinstance(units, (str, bytes)):
        raise ValueError(f"{where}: labels and units must be sequences of strings, one per dim")
    labels, units = list(labels), list(units)
    if len(labels) != n_dims or len(units) != n_dims:
        raise ValueError(
            f"{where}: {n_dims} dimension(s) need {n_dims} labels and {n_dims} units, "
            f"got {len(labels)} labels and {len(units)} units"
        )
    names = [lab.decode("utf-8") if isinstance(lab, bytes) else lab for lab in labels]
    if any(not isinstance(n, str) or not n.strip() for n in names):
        raise ValueError(f"{where}: every dimension needs a non-empty label, got {names}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"{where}: duplicate dimension labels {dup}")


# --------------------------------------------------------------------------------------------
# ancillary datasets


def write_ancillary(
    group: h5py.Group,
    basename: str,
    indices: Any,
    values: Any,
    labels: Sequence[str],
    units: Sequence[str],
    *,
    kind: Kind,
    attrs: Mapping[str, Any] | None = None,
    values_dtype: Any = VALUES_DTYPE,
) -> tuple[h5py.Dataset, h5py.Dataset]:
    """Write ``<basename>_Indices`` and ``<basename>_Values`` into ``group``, exactly as given.

    Parameters
    ----------
    group
        Where the two datasets are created (a file or group opened for writing).
    basename
        ``"Position"`` or ``"Spectroscopic"`` in ordinary files.
    indices, values
        In the file's orientation, fixed by ``kind``: position ``(n_rows, n_dims)``,
        spectroscopic ``(n_dims, n_cols)``. A 1-D array is one dimension. Indices are stored as
        uint32 (they must be non-negative integers), values as ``values_dtype`` (float32 like
        pyUSID).
    labels, units
        One string per dimension, in the column (position) or row (spectroscopic) order of
        ``indices``; written as fixed-length UTF-8 byte arrays.
    kind
        ``"position"`` or ``"spectroscopic"``.
    attrs
        Extra attributes for both datasets, e.g. ``{"incomplete_dimensions": ["X", "Y"]}``.
        ``type`` (one 0 per dimension, pyUSID's "regular" mode) is written unless given here.

    Returns
    -------
    (indices_dataset, values_dataset)
    """
    if kind not in ("position", "spectroscopic"):
        raise ValueError(f"kind must be 'position' or 'spectroscopic', got {kind!r}")
    inds = np.asarray(indices)
    vals = np.asarray(values)
    for label, arr in (("indices", inds), ("values", vals)):
        if arr.ndim == 1:
            continue
        if arr.ndim != 2:
            raise ValueError(f"{basename}: {label} must be 1-D or 2-D, got shape {arr.shape}")
    if inds.ndim == 1:
        inds = inds[:, None] if kind == "position" else inds[None, :]
    if vals.ndim == 1:
        vals = vals[:, None] if kind == "position" else vals[None, :]
    if inds.shape != vals.shape:
        raise ValueError(
            f"{basename}: indices {inds.shape} and values {vals.shape} must have the same shape"
        )
    if inds.size == 0:
        raise ValueError(f"{basename}: indices are empty (shape {inds.shape})")
    if inds.dtype.kind not in "biu":
        if inds.dtype.kind != "f" or not np.all(np.equal(np.mod(inds, 1), 0)):
            raise ValueError(f"{basename}: indices must be integers, got dtype {inds.dtype}")
    if np.any(inds < 0) or np.any(inds > np.iinfo(INDICES_DTYPE).max):
        raise ValueError(f"{basename}: indices must be between 0 and 2**32 - 1")
    if vals.dtype.kind not in "biuf":
        raise ValueError(f"{basename}: values must be real numbers, got dtype {vals.dtype}")
    n_dims = inds.shape[1] if kind == "position" else inds.shape[0]
    _check_labels(labels, units, n_dims, f"{basename} ({kind})")
    for suffix in ("Indices", "Values"):
        _check_name(group, f"{basename}_{suffix}", "ancillary dataset")

    h5_inds = group.create_dataset(f"{basename}_Indices", data=inds.astype(INDICES_DTYPE))
    h5_vals = group.create_dataset(f"{basename}_Values", data=vals.astype(values_dtype))
    extra = dict(attrs or {})
    for dset in (h5_inds, h5_vals):
        dset.attrs["labels"] = _string_array(labels)
        dset.attrs["units"] = _string_array(units)
        if "type" not in extra:
            dset.attrs["type"] = np.zeros(n_dims, dtype=np.int64)
        _write_attrs(dset, extra)
    return h5_inds, h5_vals


def _grid_indices(dims: Sequence[Dimension]) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of the C-order grid of ``dims`` (slowest first), shape (n, n_dims)."""
    sizes = [d.size for d in dims]
    inds = np.indices(sizes, dtype=np.int64).reshape(len(sizes), -1).T
    vals = np.empty(inds.shape, dtype=np.float64)
    for i, d in enumerate(dims):
        vals[:, i] = d.values[inds[:, i]]
    return inds, vals


# --------------------------------------------------------------------------------------------
# main datasets


def write_main_raw(
    group: h5py.Group,
    name: str,
    data2d: Any,
    *,
    pos_inds: h5py.Dataset,
    pos_vals: h5py.Dataset,
    spec_inds: h5py.Dataset,
    spec_vals: h5py.Dataset,
    quantity: str | bytes = "",
    units: str | bytes = "",
    chunks: Any = None,
    compression: Any = None,
    attrs: Mapping[str, Any] | None = None,
    book_keeping: bool = True,
) -> h5py.Dataset:
    """Write a 2-D Main dataset ``(n_positions, n_steps)`` linked to existing ancillary datasets.

    The four ancillary datasets (from :func:`write_ancillary`, possibly shared with other Main
    datasets) must be in the same file, and their shapes must match ``data2d``: position
    ``(n_positions, n_pos_dims)``, spectroscopic ``(n_spec_dims, n_steps)``. ``quantity`` and
    ``units`` are vlen str (bytes are stored as fixed-length bytes, as some files do). Any dtype
    h5py can store passes through: integers, floats, complex, compound (structured).
    """
    data = np.asarray(data2d)
    if data.ndim != 2:
        raise ValueError(
            f"a Main dataset is 2-D (positions, spectroscopic steps); got shape {data.shape}"
        )
    refs = {
        "Position_Indices": pos_inds,
        "Position_Values": pos_vals,
        "Spectroscopic_Indices": spec_inds,
        "Spectroscopic_Values": spec_vals,
    }
    for role, anc in refs.items():
        if not isinstance(anc, h5py.Dataset):
            raise ValueError(f"{role} must be an h5py.Dataset, got {type(anc).__name__}")
        if anc.file.id != group.file.id:
            raise ValueError(f"{role} ({anc.name}) is in another file than {group.name}")
        if anc.ndim != 2:
            raise ValueError(f"{role} ({anc.name}) must be 2-D, got shape {anc.shape}")
    if pos_inds.shape != pos_vals.shape:
        raise ValueError(
            f"Position_Indices {pos_inds.shape} and Position_Values {pos_vals.shape} differ"
        )
    if spec_inds.shape != spec_vals.shape:
        raise ValueError(
            f"Spectroscopic_Indices {spec_inds.shape} and Spectroscopic_Values "
            f"{spec_vals.shape} differ"
        )
    if pos_inds.shape[0] != data.shape[0]:
        raise ValueError(
            f"data has {data.shape[0]} rows (positions) but Position_Indices has shape "
            f"{pos_inds.shape}; it must be ({data.shape[0]}, n_position_dims)"
        )
    if spec_inds.shape[1] != data.shape[1]:
        raise ValueError(
            f"data has {data.shape[1]} columns (spectroscopic steps) but Spectroscopic_Indices "
            f"has shape {spec_inds.shape}; it must be (n_spectroscopic_dims, {data.shape[1]})"
        )
    _check_name(group, name, "Main dataset")

    dset = group.create_dataset(name, data=data, chunks=chunks, compression=compression)
    _write_text_attr(dset, "quantity", quantity)
    _write_text_attr(dset, "units", units)
    _write_attrs(dset, attrs)
    if book_keeping:
        _book_keeping(dset)
    for role, anc in refs.items():
        dset.attrs[role] = anc.ref
    return dset


def _as_dimension(d: Any) -> Dimension:
    """A writer Dimension from one, or from a reader's dimension (so ``md.dims`` round-trip)."""
    if isinstance(d, Dimension):
        return d
    if all(hasattr(d, a) for a in ("name", "units", "values")):
        return Dimension(d.name, d.units, d.values)
    raise ValueError(f"dimensions must be Dimension objects, got {type(d).__name__}")


def write_main(
    group: h5py.Group,
    name: str,
    data: Any,
    pos_dims: Sequence[Dimension],
    spec_dims: Sequence[Dimension],
    quantity: str | bytes = "",
    units: str | bytes = "",
    *,
    chunks: Any = None,
    compression: Any = None,
    attrs: Mapping[str, Any] | None = None,
) -> h5py.Dataset:
    """Write an N-d array as a USID Main dataset plus its four ancillary datasets in ``group``.

    ``data.shape`` must be ``[d.size for d in pos_dims] + [d.size for d in spec_dims]``, each list
    slowest dimension first (C order). An empty ``spec_dims`` (or ``pos_dims``) stands for one
    size-1 dimension ``Dimension("arb", "a.u.", [1])`` (the position one is named
    ``arb_position`` when a spectroscopic dimension is already called ``arb``). The ancillary
    datasets are named ``Position_Indices`` ... ``Spectroscopic_Values`` and written next to the
    Main dataset, so one group holds one such set; use :func:`write_ancillary` and
    :func:`write_main_raw` to share a set between several Main datasets.

    Returns the Main dataset (the file stays open).
    """
    pos_dims = [_as_dimension(d) for d in pos_dims]
    spec_dims = [_as_dimension(d) for d in spec_dims]
    names = [d.name for d in pos_dims + spec_dims]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"dimension names must be unique across position and spectroscopic: {dup}")
    arr = np.asarray(data)
    expected = tuple(d.size for d in pos_dims + spec_dims)
    if arr.shape != expected:
        lines = ", ".join(f"{d.name}={d.size}" for d in pos_dims + spec_dims)
        raise ValueError(
            f"data has shape {arr.shape} but the dimensions ({lines or 'none'}) need shape "
            f"{expected} (position dims then spectroscopic dims, slowest first)"
        )
    if not spec_dims:
        if "arb" in names:
            raise ValueError("a position dimension is named 'arb', the default spectroscopic one")
        spec_dims = [Dimension("arb", "a.u.", [1])]
    if not pos_dims:
        taken = {d.name for d in spec_dims}
        pos_dims = [Dimension("arb" if "arb" not in taken else "arb_position", "a.u.", [1])]
    n_pos = prod(d.size for d in pos_dims)
    n_spec = prod(d.size for d in spec_dims)
    for base in ("Position", "Spectroscopic"):
        for suffix in ("Indices", "Values"):
            if f"{base}_{suffix}" in group:
                raise ValueError(
                    f"{group.name} already holds {base}_{suffix}; write the Main dataset in its "
                    "own group, or share the existing set with write_main_raw()"
                )
    _check_name(group, name, "Main dataset")

    p_inds, p_vals = _grid_indices(pos_dims)
    s_inds, s_vals = _grid_indices(spec_dims)
    h5_pi, h5_pv = write_ancillary(
        group,
        "Position",
        p_inds,
        p_vals,
        [d.name for d in pos_dims],
        [d.units for d in pos_dims],
        kind="position",
    )
    h5_si, h5_sv = write_ancillary(
        group,
        "Spectroscopic",
        s_inds.T,
        s_vals.T,
        [d.name for d in spec_dims],
        [d.units for d in spec_dims],
        kind="spectroscopic",
    )
    return write_main_raw(
        group,
        name,
        arr.reshape(n_pos, n_spec),
        pos_inds=h5_pi,
        pos_vals=h5_pv,
        spec_inds=h5_si,
        spec_vals=h5_sv,
        quantity=quantity,
        units=units,
        chunks=chunks,
        compression=compression,
        attrs=attrs,
    )


def _next_indexed(group: h5py.Group, base: str) -> str:
    i = 0
    while f"{base}_{i:03d}" in group:
        i += 1
    return f"{base}_{i:03d}"


def write_image(
    group_or_path: h5py.Group | str | PathLike[str],
    image: Any,
    *,
    x: Any = None,
    y: Any = None,
    xy_units: str = "px",
    quantity: str = "intensity",
    units: str = "a.u.",
) -> h5py.Dataset | str:
    """Write a 2-D image (rows = Y, slow; columns = X, fast) as a Main dataset.

    The dataset is ``Measurement_NNN/Channel_000/Raw_Data`` like in files from instruments.

    ``x`` and ``y`` are the coordinates of the columns and rows (default 0..n-1 in ``xy_units``).
    The first free ``Measurement_NNN`` of the group is used. Given a group (or open file), the Main
    dataset is returned and the file stays open; given a file name, the file is created (or
    appended to), closed, and the HDF5 path of the Main dataset is returned.
    """
    if not isinstance(group_or_path, h5py.Group):
        with h5py.File(group_or_path, "a") as f:
            return write_image(
                f, image, x=x, y=y, xy_units=xy_units, quantity=quantity, units=units
            ).name
    img = np.asarray(image)
    if img.ndim != 2:
        raise ValueError(f"an image is 2-D (rows, columns); got shape {img.shape}")
    rows, cols = img.shape
    xv = np.arange(cols) if x is None else np.asarray(x)
    yv = np.arange(rows) if y is None else np.asarray(y)
    if xv.shape != (cols,) or yv.shape != (rows,):
        raise ValueError(
            f"x needs {cols} values (one per column) and y {rows} (one per row); "
            f"got {xv.shape} and {yv.shape}"
        )
    measurement = _next_indexed(group_or_path, "Measurement")
    channel = group_or_path.create_group(f"{measurement}/Channel_000")
    return write_main(
        channel,
        "Raw_Data",
        img,
        [Dimension("Y", xy_units, yv), Dimension("X", xy_units, xv)],
        [],
        quantity=quantity,
        units=units,
    )


def create_results_group(
    source: h5py.Dataset, tool: str, *, parent: h5py.Group | None = None
) -> h5py.Group:
    """Create ``<Source>-<Tool>_NNN`` (next free NNN) for results computed from ``source``.

    Writes the attributes pyUSID writes: ``tool``, ``num_source_dsets`` (1), ``source_000`` (an
    object reference to ``source``) and the book-keeping attributes. ``parent`` defaults to the
    source's group.
    """
    if not tool or "-" in tool or "/" in tool:
        raise ValueError(f"tool name must be non-empty without '-' or '/', got {tool!r}")
    parent = source.parent if parent is None else parent
    base = f"{source.name.rsplit('/', 1)[-1]}-{tool}"
    group = parent.create_group(_next_indexed(parent, base))
    _write_attrs(group, {"tool": tool})
    group.attrs["num_source_dsets"] = np.int64(1)
    group.attrs["source_000"] = source.ref
    _book_keeping(group)
    return group
