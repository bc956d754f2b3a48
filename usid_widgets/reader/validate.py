"""The rules that make an HDF5 dataset a USID Main dataset, each reported in plain words.

The reference implementation checks exactly these rules (see docs/usid-format.md, section 1);
we report *all* failures at once so a user can fix a file in one pass.

Opening a file asks the same questions several times (the tree walks the file for its Main
datasets, the reader checks the one it opens, the tree shows the attributes the checks read),
and every HDF5 attribute read costs tens of microseconds. While a file is open read-only
nothing can change it, so what one open has told us (attribute values, verdicts, the paths
the ancillary references point to) is kept per open (:func:`_open_of`) and asked again only
after the file is reopened. Files open for writing are always read afresh.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import h5py
import numpy as np
from h5py import h5f, h5i, h5o, h5r

from .errors import NotMainDatasetError
from .strings import to_str_list

ANCILLARY = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")
STRING_ATTRS = ("quantity", "units")


# -- what one open of a file has told us --------------------------------------------------


class _Open:
    """One open of a file: h5py's read-only flag, and the memo (None while writable)."""

    __slots__ = ("readonly", "memo")

    def __init__(self, readonly: bool, memo: dict | None):
        self.readonly = readonly
        self.memo = memo


# HDF5 numbers every open of a file anew (the file number, shared by handles open at the same
# time, never reused): a reopened file, changed or not, starts with an empty memo.
_OPENS: OrderedDict[Any, _Open] = OrderedDict()
_MAX_OPENS = 16
_MAX_ENTRIES = 50_000  # per open; a memo that grows beyond is emptied (files of many objects)
_MISSING = object()  # the attribute does not exist
_UNSET = object()
_DATASET_READONLY = "readonly" in inspect.signature(h5py.Dataset.__init__).parameters


class _Error:
    """An attribute that exists but cannot be read (never memoized: reported each time)."""

    __slots__ = ("exc",)

    def __init__(self, exc: Exception):
        self.exc = exc


def _open_of(obj: Any) -> tuple[_Open | None, int]:
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
        op = _Open(readonly, {} if intent == h5f.ACC_RDONLY else None)
        _OPENS[fileno] = op
        while len(_OPENS) > _MAX_OPENS:
            _OPENS.popitem(last=False)
    else:
        _OPENS.move_to_end(fileno)
        if op.memo is not None and len(op.memo) > _MAX_ENTRIES:
            op.memo.clear()
    return op, addr


def memo_of(obj: Any) -> tuple[_Open | None, int, dict | None]:
    """(open, address, memo) of ``obj``: the memo is None where nothing may be kept."""
    op, addr = _open_of(obj)
    return op, addr, (op.memo if op is not None else None)


def _attr(obj: Any, name: str, op: _Open | None, addr: int) -> Any:
    """Attribute ``name`` of ``obj``: its value, ``_MISSING`` or an :class:`_Error`.

    An error of the existence test itself propagates (as ``name in obj.attrs`` would).
    """
    memo = op.memo if op is not None else None
    key = ("a", addr, name)
    if memo is not None:
        value = memo.get(key, _UNSET)
        if value is not _UNSET:
            return value
    if name not in obj.attrs:
        value = _MISSING
    else:
        try:
            value = obj.attrs[name]
        except Exception as exc:  # unreadable attribute type
            return _Error(exc)
    if memo is not None:
        memo[key] = value
    return value


def _follow(obj: Any, ref: Any, op: _Open | None) -> Any:
    """``obj.file[ref]``; a dataset is opened without building a File object on the way."""
    if op is not None:
        oid = h5r.dereference(ref, obj.id)
        if oid is not None and h5i.get_type(oid) == h5i.DATASET:
            if _DATASET_READONLY:
                return h5py.Dataset(oid, readonly=op.readonly)
            return h5py.Dataset(oid)  # pragma: no cover - older h5py
    return obj.file[ref]


def read_attr(obj: Any, name: str) -> Any:
    """``obj.attrs[name]``, read once per read-only open of the file (KeyError when missing).

    For the reader's own reads of attributes the checks read already (``quantity``,
    ``units``, the ancillary ``labels`` and ``units``). Arrays come back as copies.
    """
    op, addr = _open_of(obj)
    value = _attr(obj, name, op, addr)
    if value is _MISSING:
        raise KeyError(f"Can't open attribute (attribute {name!r} not found)")
    if isinstance(value, _Error):
        raise value.exc
    return value.copy() if isinstance(value, np.ndarray) else value


# -- the rules ------------------------------------------------------------------------------


def _name(obj: Any) -> str:
    try:
        return obj.name or "<anonymous>"
    except Exception:  # a closed or invalid object still deserves a message
        return repr(obj)


def path_of(target: Any, op: _Open | None, near: str | None = None) -> str:
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
        return _name(target)
    memo = op.memo if op is not None else None
    if memo is not None:
        hit = memo.get(("n", info.addr))
        if hit is not None:
            return hit
    path = _near(target, (info.fileno, info.addr), near) if near else None
    if path is None:
        path = _name(target)
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
    op, _ = _open_of(group)
    if op is None or op.memo is None or len(op.memo) + len(datasets) > _MAX_ENTRIES:
        return  # (a memo that outgrows its bound is emptied: the places above remain)
    base = group.name.rstrip("/") + "/"
    for name, addr in datasets:
        op.memo.setdefault(("n", addr), base + name)


def _home(obj: Any) -> str:
    """The group of ``obj``: where its ancillary datasets usually are."""
    try:
        return (obj.name or "").rsplit("/", 1)[0]
    except Exception:
        return ""


def deref(dset: h5py.Dataset, attr: str) -> tuple[h5py.Dataset | None, str | None]:
    """Follow the object-reference attribute ``attr``: (dataset, None) or (None, problem)."""
    op, addr = _open_of(dset)
    return _deref(dset, attr, op, addr)


def _deref(dset: Any, attr: str, op: _Open | None, addr: int) -> tuple[Any, str | None]:
    ref = _attr(dset, attr, op, addr)
    if ref is _MISSING:
        return None, f"attribute {attr!r} is missing"
    if isinstance(ref, _Error):
        return None, f"attribute {attr!r} cannot be read ({ref.exc})"
    if isinstance(ref, h5py.RegionReference) or not isinstance(ref, h5py.Reference):
        return None, (
            f"attribute {attr!r} is not an HDF5 object reference "
            f"(found {type(ref).__name__}); it must point to the {attr} dataset"
        )
    if not ref:
        return None, f"attribute {attr!r} is a null reference"
    try:
        target = _follow(dset, ref, op)
    except Exception:
        return None, f"attribute {attr!r} points to nothing in this file (dangling reference)"
    if not isinstance(target, h5py.Dataset):
        where = path_of(target, op, f"{_home(dset)}/{attr}")
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
    home = _home(main)
    for attr in ANCILLARY:
        target, _ = _deref(main, attr, op, addr)
        if target is not None:
            paths[attr] = path_of(target, op, f"{home}/{attr}")
    if memo is not None:
        memo[("t", addr)] = dict(paths)
    return paths


def _strings(anc: Any, op: _Open | None) -> dict[str, Any]:
    """``labels`` and ``units`` of an ancillary dataset: each a list, _MISSING or an _Error.

    ``op`` is the open of the Main dataset: None (a writable file) reads afresh.
    """
    aop, addr = _open_of(anc) if op is not None else (None, -1)
    out = {}
    for key in ("labels", "units"):
        value = _attr(anc, key, aop, addr)
        if value is not _MISSING and not isinstance(value, _Error):
            try:
                value = to_str_list(value)
            except Exception as exc:
                value = _Error(exc)
        out[key] = value
    return out


def _labels_problem(
    where: Callable[[], str], role: str, n_dims: int, strings: dict[str, Any]
) -> list[str]:
    problems = []
    for key in ("labels", "units"):
        value = strings[key]
        if value is _MISSING:
            problems.append(f"{role} ({where()}) has no {key!r} attribute")
            continue
        if isinstance(value, _Error):
            problems.append(f"{role} ({where()}) attribute {key!r} cannot be read ({value.exc})")
            continue
        n = len(value)
        if n != n_dims:
            problems.append(
                f"{role} ({where()}) has {n} {key} for {n_dims} dimension(s); "
                "it needs exactly one per dimension"
            )
    return problems


def main_problems(obj: Any) -> list[str]:
    """Every rule ``obj`` fails as a Main dataset; empty when it is one."""
    if not isinstance(obj, h5py.Dataset):
        kind = "a group" if isinstance(obj, h5py.Group) else type(obj).__name__
        return [f"it is {kind}, not a dataset"]
    op, addr, memo = memo_of(obj)
    if memo is not None:
        hit = memo.get(("p", addr))
        if hit is not None:
            return list(hit)
    problems, ancs = _problems(obj, op, addr)
    if memo is not None:
        memo[("p", addr)] = tuple(problems)
        if ("t", addr) not in memo:  # what ancillary_paths would find, found already
            try:
                home = _home(obj)
                memo[("t", addr)] = {
                    attr: path_of(anc, op, f"{home}/{attr}") for attr, anc in ancs.items()
                }
            except Exception:  # let ancillary_paths ask again
                pass
    return problems


def _problems(
    obj: h5py.Dataset, op: _Open | None, addr: int
) -> tuple[list[str], dict[str, h5py.Dataset]]:
    """(every failed rule, the ancillary datasets the references reach)."""
    problems: list[str] = []
    ancs: dict[str, h5py.Dataset] = {}
    try:
        shape = obj.shape
    except Exception as exc:
        return [f"its shape cannot be read ({exc})"], ancs
    if shape is None or len(shape) != 2:
        nd = "no" if shape is None else len(shape)
        problems.append(
            f"it has {nd} dimension(s) (shape {shape}); a Main dataset is 2-D: "
            "(positions, spectroscopic steps)"
        )
    for attr in STRING_ATTRS:
        value = _attr(obj, attr, op, addr)
        if value is _MISSING:
            problems.append(f"attribute {attr!r} is missing (a string; it may be empty)")
            continue
        try:
            if isinstance(value, _Error):
                raise value.exc
            to_str_list(value)
        except Exception as exc:
            problems.append(f"attribute {attr!r} cannot be read as text ({exc})")

    for attr in ANCILLARY:
        target, problem = _deref(obj, attr, op, addr)
        if problem:
            problems.append(problem)
        else:
            ancs[attr] = target

    # labels / units of each ancillary dataset, read once for both checks below
    strings: dict[str, dict[str, Any]] = {}

    def strings_of(role: str, anc: Any) -> dict[str, Any]:
        if role not in strings:
            strings[role] = _strings(anc, op)
        return strings[role]

    two_d = shape is not None and len(shape) == 2
    for side, rows_axis in (("Position", 0), ("Spectroscopic", 1)):
        ind, val = ancs.get(f"{side}_Indices"), ancs.get(f"{side}_Values")
        for role, anc in ((f"{side}_Indices", ind), (f"{side}_Values", val)):
            if anc is None:
                continue

            def where(anc: Any = anc, role: str = role) -> str:  # asked only for a message
                return path_of(anc, op, f"{_home(obj)}/{role}")

            ashape = anc.shape
            if ashape is None or len(ashape) != 2:
                problems.append(f"{role} ({where()}) must be 2-D, but its shape is {ashape}")
                continue
            if two_d:
                # Orientation is fixed by role: positions tall (rows, dims), spectroscopic wide.
                length = ashape[0] if rows_axis == 0 else ashape[1]
                if length != shape[rows_axis]:
                    want = (
                        f"({shape[0]}, n_position_dims)"
                        if rows_axis == 0
                        else f"(n_spectroscopic_dims, {shape[1]})"
                    )
                    problems.append(
                        f"{role} ({where()}) has shape {ashape} but the Main dataset has shape "
                        f"{shape}; it must be {want}"
                    )
                    continue
            n_dims = ashape[1] if rows_axis == 0 else ashape[0]
            problems.extend(_labels_problem(where, role, n_dims, strings_of(role, anc)))
        if ind is not None and val is not None and ind.shape != val.shape:
            problems.append(
                f"{side}_Indices {ind.shape} and {side}_Values {val.shape} differ in shape"
            )
        elif ind is not None and val is not None:
            for key in ("labels", "units"):
                try:
                    a = strings_of(f"{side}_Indices", ind)[key]
                    b = strings_of(f"{side}_Values", val)[key]
                except Exception:
                    continue
                if not isinstance(a, list) or not isinstance(b, list):
                    continue  # already reported above
                if a != b:
                    problems.append(
                        f"{side}_Indices and {side}_Values disagree on {key}: {a} vs {b}"
                    )
    return problems, ancs


def is_main(obj: Any) -> bool:
    """True when ``obj`` is a USID Main dataset (all rules pass)."""
    try:
        return not main_problems(obj)
    except Exception:
        return False


def check_main(obj: Any) -> None:
    """Raise :class:`NotMainDatasetError` listing every rule ``obj`` fails."""
    problems = main_problems(obj)
    if problems:
        raise NotMainDatasetError(_name(obj), problems)
