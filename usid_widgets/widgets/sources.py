"""What ``explorer()`` accepts, and which Main dataset it opens on."""

from __future__ import annotations

import os
from typing import Any

import h5py

from ..reader import MainDataset, find_main


def open_source(source: Any) -> tuple[h5py.File | None, bool]:
    """The file of ``source`` and whether the explorer opened it (and so closes it)."""
    if isinstance(source, (str, os.PathLike)):
        return h5py.File(source, "r"), True
    if isinstance(source, (h5py.Dataset, h5py.Group)):
        return source.file, False
    if isinstance(source, MainDataset):
        return source.file, False
    raise TypeError(
        "explorer() takes a Main dataset (h5py.Dataset or pyUSID USIDataset), an h5py.File or "
        f"Group, a MainDataset, or a file path; got {type(source).__name__}"
    )


def whole_file(source: Any) -> bool:
    """Whether the explorer opens on the first Main dataset of the whole file (the tree's)."""
    return isinstance(source, (str, os.PathLike)) or (
        isinstance(source, h5py.Group) and source.name == "/"
    )


def first_main(source: Any, file: h5py.File | None) -> str | None:
    """Path of the Main dataset ``source`` is, or holds first."""
    if isinstance(source, MainDataset):
        return source.path
    if isinstance(source, h5py.Dataset):
        return source.name
    group = source if isinstance(source, h5py.Group) else file
    mains = find_main(group) if group is not None else []
    return mains[0].name if mains else None


def source_name(source: Any) -> str:
    """The file as the user gave it (a path as typed), or the file name of an h5py object or
    MainDataset: what ``Explorer.code`` writes as the first argument."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    file = getattr(source, "file", None)
    return str(getattr(file, "filename", "")) if file is not None else ""
