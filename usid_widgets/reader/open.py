"""One door to every dataset the explorer shows: :func:`open_dataset` and :func:`find_datasets`.

``find_main`` keeps its meaning (USID Main datasets only); :func:`find_datasets` lists every
dataset a view can draw, each with its kind, and :func:`open_dataset` opens any of them (or an
array in memory) as a :class:`~.source.Source`.
"""

from __future__ import annotations

import os
from typing import Any

import h5py
from h5py import h5o

from .arrays import from_array, is_array
from .blocks import DEFAULT_CACHE_BYTES
from .hsds import dataset_names, is_dataset, is_group, is_h5pyd
from .main import MainDataset
from .nsid import is_nsid, is_numeric, open_hdf5
from .references import ANCILLARY
from .source import Source
from .tree import find_main, searched

#: The kinds :func:`find_datasets` reports, in the order a file's first view is chosen from.
FILE_KINDS = ("usid", "nsid", "hdf5")


def dataset_kind(dset: Any, mains: set[str] | None = None) -> str | None:
    """ "usid", "nsid" or "hdf5" for a dataset a view can draw, None for others (strings,
    scalars, references, USID ancillary data is "hdf5": it is numbers too). ``mains``: the
    paths of the file's Main datasets, when already known."""
    if not is_dataset(dset):
        return None
    if mains is not None:
        if dset.name in mains:
            return "usid"
    elif find_main(dset):
        return "usid"
    if not is_numeric(dset):
        return None
    return "nsid" if is_nsid(dset) else "hdf5"


def claims_usid(dset: Any) -> bool:
    """Whether ``dset`` points to USID ancillary datasets (any of the four attributes): then it
    is read as a Main dataset, and a broken one is answered with every rule it fails."""
    try:
        return is_dataset(dset) and any(a in dset.attrs for a in ANCILLARY)
    except Exception:
        return False


def find_datasets(obj: Any) -> list[tuple[h5py.Dataset, str]]:
    """Every dataset under a file, group or path that the explorer can show, with its kind
    ("usid", "nsid" or "hdf5"; see :func:`dataset_kind`), in the file's walk order.

    Dimension scales of NSID datasets are left out (they are the axes, not data). With a
    path the file is opened read-only and stays open while the datasets are referenced.
    """
    group = searched(obj, "find_datasets")
    mains = {d.name for d in find_main(group)}
    if is_dataset(group):
        kind = dataset_kind(group, mains)
        return [(group, kind)] if kind else []
    names: list[str] = dataset_names(group) if is_h5pyd(group) else []

    def visit(name: bytes, info: Any) -> None:
        if info.type == h5o.TYPE_DATASET:
            names.append(name.decode("utf-8", errors="replace"))

    if not is_h5pyd(group):
        h5o.visit(group.id, visit, info=True)
    out = []
    for name in names:
        try:
            item = group[name]
        except Exception:  # an object HDF5 lists but cannot open
            continue
        if _is_scale(item):
            continue
        kind = dataset_kind(item, mains)
        if kind:
            out.append((item, kind))
    return out


def _is_scale(dset: h5py.Dataset) -> bool:
    try:
        if is_h5pyd(dset):
            return bool(dset.is_scale)
        return h5py.h5ds.is_scale(dset.id)
    except Exception:
        return False


def open_dataset(
    obj: Any, path: str | None = None, *, cache_bytes: int = DEFAULT_CACHE_BYTES
) -> Source:
    """Any dataset as a :class:`~.source.Source`: a USID Main dataset
    (:class:`~.main.MainDataset`), an NSID or other numeric HDF5 dataset, a numpy / dask array
    or a sidpy ``Dataset`` (:class:`~.nd.NDDataset`).

    ``obj`` is an ``h5py`` dataset, or a file / group (or path) with ``path`` inside it;
    a path is opened read-only and owned (closed by ``close()``).
    """
    if isinstance(obj, Source):
        return obj
    if is_array(obj):
        return from_array(obj, cache_bytes=cache_bytes)
    owned = None
    if isinstance(obj, (str, os.PathLike)):
        owned = obj = h5py.File(obj, "r")
    try:
        if is_dataset(obj):
            group, path = obj.file, obj.name
        elif is_group(obj):
            if path is None:
                raise TypeError("open_dataset(file_or_group, path): the dataset path is missing")
            if path not in obj:
                raise KeyError(f"no object {path!r} in {obj.file.filename}")
            group = obj
        else:
            raise TypeError(
                "open_dataset() takes an h5py Dataset, File or Group (with a path), a file "
                f"path, a numpy / dask array or a sidpy Dataset; got {type(obj).__name__}"
            )
        usid = claims_usid(group[path])
        # no handle of the probe is left: HDF5 sizes a dataset's chunk cache at its first open
        if usid:
            md: Source = MainDataset(group, path, cache_bytes=cache_bytes)
        else:
            md = open_hdf5(group, path, cache_bytes=cache_bytes)
    except Exception:
        if owned is not None:
            owned.close()
        raise
    if owned is not None:
        md.own_file(owned)
    return md
