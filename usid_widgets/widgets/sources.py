"""What ``explorer()`` accepts, and which dataset it opens on."""

from __future__ import annotations

import os
from typing import Any

import h5py

from ..reader import Source, find_datasets, find_main, from_array
from ..reader.arrays import is_array, is_sidpy
from ..reader.hsds import file_name, is_dataset, is_domain, is_group, is_object, open_domain
from ..reader.open import FILE_KINDS
from ..reader.remote import is_fsspec_file, is_url


def open_source(
    source: Any, storage_options: dict | None = None, cache_bytes: int | None = None
) -> tuple[h5py.File | None, bool]:
    """The file of ``source`` and whether the explorer opened it (and so closes it); no file
    (None) for an array in memory. A URL or an fsspec file is read remotely
    (``reader/remote.py``; ``storage_options`` go to fsspec; the remote file keeps at most
    ``cache_bytes`` of fetched bytes, its default if None), an ``hdf5://`` domain from
    HSDS (``reader/hsds.py``; ``storage_options`` are h5pyd's endpoint, username, ...)."""
    remote = {} if cache_bytes is None else {"cache_bytes": int(cache_bytes)}
    if is_domain(source):
        return open_domain(source, storage_options), True
    if is_url(source):
        from ..reader.remote import open_remote

        return open_remote(source, storage_options, **remote), True
    if storage_options is not None:
        raise TypeError("storage_options apply to a URL (https://..., s3://..., hdf5://...) only")
    if isinstance(source, (str, os.PathLike)):
        return h5py.File(source, "r"), True
    if is_fsspec_file(source):
        from ..reader.remote import open_fileobj

        return open_fileobj(source, **remote), True
    if is_group(source) or is_dataset(source):
        return source.file, False
    if isinstance(source, Source):
        return source.file, False
    if is_array(source):
        return None, False
    raise TypeError(
        "explorer() takes a dataset (h5py.Dataset: USID Main, NSID or any numeric array; a "
        "pyUSID USIDataset), an h5py.File or Group, a file path or URL, an fsspec file, a "
        "MainDataset, a numpy or "
        f"dask array or a sidpy Dataset; got {type(source).__name__}"
    )


def in_memory(source: Any) -> bool:
    """Whether ``source`` is data without a file: the explorer shows it as it is given."""
    if isinstance(source, Source):
        return source.file is None
    return not isinstance(source, (str, os.PathLike)) and not is_object(source) and is_array(source)


#: What ``explorer()`` takes to describe a numpy or dask array (see ``reader.from_array``).
ARRAY_KEYWORDS = ("dims", "quantity", "units", "name")


def open_memory(source: Any, cache_bytes: int, **described: Any) -> Source:
    """The Source of data given without a file (see :func:`in_memory`); ``described`` (the
    given ``ARRAY_KEYWORDS``) name a plain array's dims, quantity, units and name."""
    if isinstance(source, Source):
        md = source
    elif is_sidpy(source):
        md = from_array(source, cache_bytes=cache_bytes)
    else:
        return from_array(source, cache_bytes=cache_bytes, **described)
    if described:
        raise TypeError(
            f"explorer(): {', '.join(described)} describe a numpy or dask array; this "
            f"{type(source).__name__} carries its own dims, quantity and units"
        )
    return md


def refuse_array_keywords(source: Any, described: dict[str, Any]) -> None:
    """TypeError when ``ARRAY_KEYWORDS`` come with a source that is not an array in memory."""
    if described:
        raise TypeError(
            f"explorer(): {', '.join(described)} describe a numpy or dask array, not a "
            f"{type(source).__name__}: a file's datasets carry their own dims, quantity and units"
        )


def whole_file(source: Any) -> bool:
    """Whether the explorer opens on the first dataset of the whole file (the tree's)."""
    return (
        isinstance(source, (str, os.PathLike))
        or is_fsspec_file(source)
        or (is_group(source) and source.name == "/")
    )


def first_dataset(group: h5py.Group) -> str | None:
    """Path of the dataset a file or group opens on: its first USID Main dataset, else its
    first NSID dataset, else its first numeric dataset of more than one value."""
    mains = find_main(group)
    if mains:
        return mains[0].name
    found = find_datasets(group)
    for kind in FILE_KINDS[1:]:
        for dset, k in found:
            if k == kind and dset.size > 1:
                return dset.name
    return None


def first_main(source: Any, file: h5py.File | None) -> str | None:
    """Path of the dataset ``source`` is, or holds first (see :func:`first_dataset`)."""
    if isinstance(source, Source):
        return source.path
    if is_dataset(source):
        return source.name
    group = source if is_group(source) else file
    return first_dataset(group) if group is not None else None


def source_name(source: Any) -> str:
    """The file as the user gave it (a path as typed), or the file name of an h5py object or
    MainDataset: what ``Explorer.code`` writes as the first argument ("" for an array)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    file = getattr(source, "file", None)
    return file_name(file) if file is not None else ""
