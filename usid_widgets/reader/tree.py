"""Walking a file: Main datasets, a text tree, decoded attributes."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import h5py
import numpy as np
from h5py import h5a, h5o

from .hsds import dataset_names, is_dataset, is_group, is_h5pyd, is_reference
from .references import (
    ANCILLARY,
    MISSING,
    ancillary_paths,
    follow,
    memo_of,
    note_paths,
    path_of,
    remembered_ancillary_paths,
    remembered_attr,
)
from .strings import decode_attr, to_str
from .validate import STRING_ATTRS, is_main

_REQUIRED = tuple(a.encode() for a in (*STRING_ATTRS, *ANCILLARY))


@contextmanager
def open_readonly(obj: Any) -> Iterator[h5py.Group]:
    """Yield a group for ``obj`` (path, File, Group); a path is opened read-only and closed."""
    if isinstance(obj, (str, os.PathLike)):
        with h5py.File(obj, "r") as f:
            yield f
    elif is_group(obj):
        yield obj
    else:
        raise TypeError(f"expected a file path, h5py.File or h5py.Group, not {type(obj).__name__}")


def searched(obj: Any, caller: str) -> h5py.Group | h5py.Dataset:
    """What a finder walks: a path (opened read-only), an h5py File, Group or Dataset."""
    if isinstance(obj, (str, os.PathLike)):
        return h5py.File(obj, "r")
    if (is_group(obj) or is_dataset(obj)):
        return obj
    raise TypeError(
        f"{caller}() takes a file path, an h5py.File or Group, or an h5py.Dataset; "
        f"got {type(obj).__name__}"
    )


def find_main(obj: Any) -> list[h5py.Dataset]:
    """Every Main dataset under a file, group or path, in ``visititems`` order.

    With a path, the file is opened read-only and stays open as long as the returned
    datasets are referenced. A dataset gives itself when it is a Main dataset, else nothing.
    """
    group = searched(obj, "find_main")
    if is_dataset(group):
        return [group] if is_main(group) else []
    if is_h5pyd(group):  # no h5o / h5a in h5pyd: its walk, then the attributes it holds
        return [
            item
            for item in (group[name] for name in dataset_names(group))
            if all(a in item.attrs for a in (*STRING_ATTRS, *ANCILLARY)) and is_main(item)
        ]
    datasets: list[tuple[bytes, int]] = []

    def visit(name: bytes, info: Any) -> None:
        if info.type == h5o.TYPE_DATASET:
            datasets.append((name, info.addr))

    # HDF5's own walk (what visititems does) with each object's address, and no object
    # opened but the datasets: the addresses name the ancillary datasets the Main datasets
    # point to without asking HDF5 (see references.path_of)
    h5o.visit(group.id, visit, info=True)
    named = [(text, addr) for text, addr in ((_text(n), a) for n, a in datasets) if text]
    note_paths(group, named)
    found: list[h5py.Dataset] = []
    for name, _ in datasets:
        try:
            # a dataset without the six attributes of a Main dataset is not one: asked of
            # HDF5 by name (6 µs; opening it first, 18 µs; in h5py, with every rule, ~100)
            if not all(h5a.exists(group.id, attr, obj_name=name) for attr in _REQUIRED):
                continue
            item = group[name]
        except Exception:  # an object HDF5 lists but cannot open is not a Main dataset
            continue
        if is_dataset(item) and is_main(item):
            found.append(item)
    return found


def _text(name: bytes) -> str | None:
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:  # h5py names such an object by bytes: not indexed
        return None


def main_owners(group: h5py.Group) -> tuple[list[h5py.Dataset], dict[str, list[str]]]:
    """(every Main dataset under ``group``, path of each ancillary dataset -> its users)."""
    mains = find_main(group)
    owners: dict[str, list[str]] = {}
    for main in mains:
        for path in ancillary_paths(main).values():
            owners.setdefault(path, []).append(main.name)
    return mains, owners


def attributes(obj: Any, limit: int | None = None) -> dict[str, Any]:
    """All attributes of an HDF5 object with every string decoded (UTF-8, replacement on error).

    Object references are shown as the path they point to. ``limit`` reads only the first
    ``limit`` attributes (in h5py's order), for a display that shows no more.
    """
    out: dict[str, Any] = {}
    # What the checks of this open already read (see references.py) is not read again.
    op, addr, memo = memo_of(obj)
    targets = remembered_ancillary_paths(memo, addr)
    for key in itertools.islice(obj.attrs, limit):
        value = remembered_attr(memo, addr, key)
        if value is MISSING:
            try:
                value = obj.attrs[key]
            except Exception as exc:  # unsupported attribute types must not hide the others
                out[key] = f"<unreadable: {exc}>"
                continue
        elif isinstance(value, np.ndarray):
            value = value.copy()  # the memo's own: the caller may change what we return
        if is_reference(obj, value):  # an h5py Reference, or h5pyd's id string for one
            if not value:
                out[key] = "<null reference>"
            elif targets is not None and key in targets:
                out[key] = f"<reference to {targets[key]}>"
            else:
                try:
                    out[key] = f"<reference to {path_of(follow(obj, value, op), op)}>"
                except Exception:
                    out[key] = "<dangling reference>"
        elif isinstance(value, h5py.RegionReference):
            out[key] = "<region reference>"
        elif _holds_references(value):
            # HDF5 dimension scales: DIMENSION_LIST (references per axis), REFERENCE_LIST
            out[key] = "; ".join(_reference_texts(value, lambda ref: _target(obj, ref, op)))
        else:
            out[key] = decode_attr(value)
    return out


def _holds_references(value: Any) -> bool:
    return (
        isinstance(value, np.ndarray)
        and (value.dtype.kind == "O" or bool(value.dtype.names and value.dtype.hasobject))
        and any(isinstance(v, (h5py.Reference, np.ndarray, np.void)) for v in value.reshape(-1))
    )


def _target(obj: Any, ref: Any, op: Any) -> str:
    if isinstance(ref, h5py.RegionReference):
        return "<region reference>"
    if not ref:
        return "<null reference>"
    try:
        return f"<reference to {path_of(follow(obj, ref, op), op)}>"
    except Exception:
        return "<dangling reference>"


def _reference_texts(value: Any, name: Any) -> list[str]:
    """Text of each entry of an attribute holding references (nested arrays, compound rows)."""
    if isinstance(value, h5py.Reference):
        return [name(value)]
    if isinstance(value, np.void) and value.dtype.names:
        parts = [", ".join(_reference_texts(value[n], name)) for n in value.dtype.names]
        return ["(" + ", ".join(parts) + ")"]
    if isinstance(value, np.ndarray) and (value.dtype.kind == "O" or value.dtype.names):
        return [t for v in value.reshape(-1) for t in _reference_texts(v, name)]
    return [str(decode_attr(value))]


def ancillary_map(group: h5py.Group) -> dict[str, list[str]]:
    """Path of each ancillary dataset -> paths of the Main datasets that use it."""
    return main_owners(group)[1]


def format_tree(obj: Any, main_only: bool = False) -> str:
    """The text that :func:`print_tree` prints."""
    with open_readonly(obj) as group:
        found, owners = main_owners(group)
        mains = {d.name: d for d in found}
        lines = [group.name]
        if main_only:
            keep = set()
            for path in mains:
                parts = path.strip("/").split("/")
                keep.update("/" + "/".join(parts[: i + 1]) for i in range(len(parts)))
        _walk(group, "", lines, mains, owners, keep if main_only else None)
        return "\n".join(lines)


def _walk(group, prefix, lines, mains, owners, keep) -> None:
    try:
        names = list(group.keys())
    except Exception as exc:
        lines.append(f"{prefix}└── <cannot list: {exc}>")
        return
    if keep is not None:
        names = [n for n in names if _join(group.name, n) in keep]
    for i, name in enumerate(names):
        last = i == len(names) - 1
        branch = "└── " if last else "├── "
        path = _join(group.name, name)
        try:
            item = group[name]
        except Exception:
            link = group.get(name, getlink=True)
            lines.append(f"{prefix}{branch}{name}  <broken {type(link).__name__}>")
            continue
        if is_group(item):
            lines.append(f"{prefix}{branch}{name}/")
            _walk(item, prefix + ("    " if last else "│   "), lines, mains, owners, keep)
            continue
        desc = f"{item.shape} {item.dtype}"
        if path in mains:
            q, u = to_str(item.attrs["quantity"]), to_str(item.attrs["units"])
            desc += f"  [Main: {q}" + (f" ({u})" if u else "") + "]"
        elif path in owners:
            users = ", ".join(os.path.relpath(p, group.name) for p in owners[path])
            desc += f"  [ancillary of {users}]"
        lines.append(f"{prefix}{branch}{name}  {desc}")


def _join(parent: str, name: str) -> str:
    return parent.rstrip("/") + "/" + name


def print_tree(obj: Any, main_only: bool = False) -> None:
    """Print the file's tree, marking Main datasets and the ancillary datasets they use.

    ``main_only`` keeps only the groups that lead to a Main dataset and the Main datasets.
    """
    print(format_tree(obj, main_only=main_only))
