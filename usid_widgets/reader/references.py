"""Following references: from an attribute to the object it names, and to that object's path.

This module owns three things the rules of the format (``validate.py``) and the tree
(``tree.py``) both rely on:

- **the open memo.** Opening a file asks the same questions several times (the tree walks
  the file for its Main datasets, the reader checks the one it opens, the tree shows the
  attributes the checks read), and every HDF5 attribute read costs tens of microseconds.
  While a file is open read-only nothing can change it, so what one open has told us
  (attribute values, verdicts, the paths the ancillary references point to) is kept per open
  (:func:`open_of`) and asked again only after the file is reopened. Files open for writing
  are always read afresh.
- **following object references** without building an ``h5py.File`` on the way
  (:func:`follow`, :func:`deref`), each failure said in words a user can act on.
- **paths of referenced objects** (:func:`path_of`, :func:`note_paths`,
  :func:`ancillary_paths`): never HDF5's file-wide name search where the walk of the file
  or the places USID keeps ancillary datasets already tell.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict
from typing import Any

import h5py
import numpy as np
from h5py import h5f, h5i, h5o, h5r

from .hsds import file_of, is_dataset, is_reference

#: The object-reference attributes of a Main dataset, each naming one ancillary dataset.
ANCILLARY = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")


# -- what one open of a file has told us --------------------------------------------------


class Open:
    """One open of a file: h5py's read-only flag, and the memo (None while writable)."""

    __slots__ = ("readonly", "memo")

    def __init__(self, readonly: bool, memo: dict | None):
        self.readonly = readonly
        self.memo = memo


# HDF5 numbers every open of a file anew (the file number, shared by handles open at the same
# time, never reused): a reopened file, changed or not, starts with an empty memo.
_OPENS: OrderedDict[Any, Open] = OrderedDict()
#: Opens whose memo is kept (the most recently used ones).
MAX_OPENS = 16
#: Entries per open; a memo that grows beyond is emptied (files of many objects).
MAX_ENTRIES = 50_000
#: What :func:`attr_value` and :func:`remembered_attr` return for an attribute that does not
#: exist (or was not read yet).
MISSING = object()
_UNSET = object()
_DATASET_READONLY = "readonly" in inspect.signature(h5py.Dataset.__init__).parameters


class Unreadable:
    """An attribute that exists but cannot be read (never memoized: reported each time)."""

    __slots__ = ("exc",)

    def __init__(self, exc: Exception):
        self.exc = exc


def open_of(obj: Any) -> tuple[Open | None, int]:
    """(the open ``obj`` belongs to, its address in the file), or (None, -1) if unknown.

    The open's memo is None unless the file is open read-only (not SWMR: a SWMR writer
    appends to datasets while we read): then no one, in this process or another, can write
    to the file until it is closed, and a new open gets a new file number.
    """
    try:
        info = h5o.get_info(obj.id)
        fileno, addr = info.fileno, info.addr
    except Exception:
        return None, -1
    op = _OPENS.get(fileno)
    if op is None:
        try:
            intent = h5i.get_file_id(obj.id).get_intent()
        except Exception:
            return None, -1
        # h5py's own test (File.mode == "r") for the datasets it opens
        readonly = not intent & (h5f.ACC_RDWR | h5f.ACC_SWMR_WRITE)
        op = Open(readonly, {} if intent == h5f.ACC_RDONLY else None)
        _OPENS[fileno] = op
        while len(_OPENS) > MAX_OPENS:
            _OPENS.popitem(last=False)
    else:
        _OPENS.move_to_end(fileno)
        if op.memo is not None and len(op.memo) > MAX_ENTRIES:
            op.memo.clear()
    return op, addr


def memo_of(obj: Any) -> tuple[Open | None, int, dict | None]:
    """(open, address, memo) of ``obj``: the memo is None where nothing may be kept."""
    op, addr = open_of(obj)
    return op, addr, (op.memo if op is not None else None)


def attr_value(obj: Any, name: str, op: Open | None, addr: int) -> Any:
    """Attribute ``name`` of ``obj`` (at ``addr``, of the open ``op``): its value,
    :data:`MISSING` or an :class:`Unreadable`, read once per read-only open.

    An error of the existence test itself propagates (as ``name in obj.attrs`` would).
    """
    memo = op.memo if op is not None else None
    key = ("a", addr, name)
    if memo is not None:
        value = memo.get(key, _UNSET)
        if value is not _UNSET:
            return value
    if name not in obj.attrs:
        value = MISSING
    else:
        try:
            value = obj.attrs[name]
        except Exception as exc:  # unreadable attribute type
            return Unreadable(exc)
    if memo is not None:
        memo[key] = value
    return value


def remembered_attr(memo: dict | None, addr: int, name: str) -> Any:
    """The value of attribute ``name`` of the object at ``addr`` that this open's ``memo``
    holds (read by :func:`attr_value` already; the memo's own: copy before changing it), or
    :data:`MISSING` when it was not read yet. Never reads the file."""
    return MISSING if memo is None else memo.get(("a", addr, name), MISSING)


def read_attr(obj: Any, name: str) -> Any:
    """``obj.attrs[name]``, read once per read-only open of the file (KeyError when missing).

    For the reader's own reads of attributes the checks read already (``quantity``,
    ``units``, the ancillary ``labels`` and ``units``). Arrays come back as copies.
    """
    op, addr = open_of(obj)
    value = attr_value(obj, name, op, addr)
    if value is MISSING:
        raise KeyError(f"Can't open attribute (attribute {name!r} not found)")
    if isinstance(value, Unreadable):
        raise value.exc
    return value.copy() if isinstance(value, np.ndarray) else value


def follow(obj: Any, ref: Any, op: Open | None) -> Any:
    """``obj.file[ref]``; a dataset is opened without building a File object on the way."""
    if op is not None:
        oid = h5r.dereference(ref, obj.id)
        if oid is not None and h5i.get_type(oid) == h5i.DATASET:
            if _DATASET_READONLY:
                return h5py.Dataset(oid, readonly=op.readonly)
            return h5py.Dataset(oid)  # pragma: no cover - older h5py
    return file_of(obj)[ref]


# -- paths ----------------------------------------------------------------------------------


def name_of(obj: Any) -> str:
    """h5py's name of ``obj`` for a message; never raises (a closed object, an unnamed one)."""
    try:
        return obj.name or "<anonymous>"
    except Exception:  # a closed or invalid object still deserves a message
        return repr(obj)


def home_of(obj: Any) -> str:
    """The group of ``obj``: where its ancillary datasets usually are."""
    try:
        return (obj.name or "").rsplit("/", 1)[0]
    except Exception:
        return ""


def path_of(target: Any, op: Open | None, near: str | None = None) -> str:
    """Path of ``target``, an object reached through an object reference.

    h5py's ``name`` of such an object is HDF5's ``H5Iget_name``, which has no path stored
    for it and searches the file object by object: 8 ms in a file of 1,350 objects, and
    asked for the four ancillary datasets of every Main dataset, a file of 500 Main
    datasets took two minutes to open. So the path is looked up first in the index of this
    open that :func:`note_paths` keeps, then at ``near`` and at its name in every group
    above it (where USID files keep ancillary datasets: next to the Main dataset, or shared
    by a results group from its parent); HDF5 is asked only when neither finds it.
    """
    try:
        info = h5o.get_info(target.id)
    except Exception:
        return name_of(target)
    memo = op.memo if op is not None else None
    if memo is not None:
        hit = memo.get(("n", info.addr))
        if hit is not None:
            return hit
    path = _near(target, (info.fileno, info.addr), near) if near else None
    if path is None:
        path = name_of(target)
    if memo is not None and path.startswith("/"):  # not the stand-in of an unnamed object
        memo[("n", info.addr)] = path
    return path


def _near(target: Any, key: tuple[int, int], near: str) -> str | None:
    parts = near.strip("/").split("/")
    if not parts[-1]:
        return None
    try:
        fid = h5i.get_file_id(target.id)
    except Exception:
        return None
    for depth in range(len(parts) - 1, -1, -1):
        path = "/" + "/".join([*parts[:depth], parts[-1]])
        try:
            there = h5o.get_info(fid, path.encode())
        except Exception:  # nothing by that name (or a broken link) there
            continue
        if (there.fileno, there.addr) == key:
            return path
    return None


def note_paths(group: h5py.Group, datasets: list[tuple[str, int]]) -> None:
    """Remember the paths of datasets a walk of ``group`` found: (name below it, address)."""
    op, _ = open_of(group)
    if op is None or op.memo is None or len(op.memo) + len(datasets) > MAX_ENTRIES:
        return  # (a memo that outgrows its bound is emptied: the places above remain)
    base = group.name.rstrip("/") + "/"
    for name, addr in datasets:
        op.memo.setdefault(("n", addr), base + name)


# -- the ancillary references of a Main dataset ----------------------------------------------


def deref(dset: h5py.Dataset, attr: str) -> tuple[h5py.Dataset | None, str | None]:
    """Follow the object-reference attribute ``attr``: (dataset, None) or (None, problem)."""
    op, addr = open_of(dset)
    return deref_in(dset, attr, op, addr)


def deref_in(dset: Any, attr: str, op: Open | None, addr: int) -> tuple[Any, str | None]:
    """:func:`deref` with the open and address of ``dset`` known already."""
    ref = attr_value(dset, attr, op, addr)
    if ref is MISSING:
        return None, f"attribute {attr!r} is missing"
    if isinstance(ref, Unreadable):
        return None, f"attribute {attr!r} cannot be read ({ref.exc})"
    if not is_reference(dset, ref):
        return None, (
            f"attribute {attr!r} is not an HDF5 object reference "
            f"(found {type(ref).__name__}); it must point to the {attr} dataset"
        )
    if not ref:
        return None, f"attribute {attr!r} is a null reference"
    try:
        target = follow(dset, ref, op)
    except Exception:
        return None, f"attribute {attr!r} points to nothing in this file (dangling reference)"
    if not is_dataset(target):
        where = path_of(target, op, f"{home_of(dset)}/{attr}")
        return None, f"attribute {attr!r} points to a group ({where}), not a dataset"
    return target, None


def ancillary_paths(main: h5py.Dataset) -> dict[str, str]:
    """``{attribute: path}`` of the ancillary references of ``main`` that reach a dataset."""
    op, addr, memo = memo_of(main)
    if memo is not None:
        hit = memo.get(("t", addr))
        if hit is not None:
            return dict(hit)
    paths = {}
    home = home_of(main)
    for attr in ANCILLARY:
        target, _ = deref_in(main, attr, op, addr)
        if target is not None:
            paths[attr] = path_of(target, op, f"{home}/{attr}")
    if memo is not None:
        memo[("t", addr)] = dict(paths)
    return paths


def note_ancillary(main: Any, op: Open | None, addr: int, found: dict[str, Any]) -> None:
    """Remember the paths of the ancillary datasets ``found`` (``{attribute: dataset}``) by
    following the references of ``main``: what :func:`ancillary_paths` would find."""
    memo = op.memo if op is not None else None
    if memo is None or ("t", addr) in memo:
        return
    try:
        home = home_of(main)
        memo[("t", addr)] = {
            attr: path_of(anc, op, f"{home}/{attr}") for attr, anc in found.items()
        }
    except Exception:  # let ancillary_paths ask again
        pass


def remembered_ancillary_paths(memo: dict | None, addr: int) -> dict[str, str] | None:
    """What :func:`ancillary_paths` found for the Main dataset at ``addr`` in this open, or
    None when it was not asked yet. Never reads the file."""
    if memo is None:
        return None
    hit = memo.get(("t", addr))
    return dict(hit) if hit is not None else None
