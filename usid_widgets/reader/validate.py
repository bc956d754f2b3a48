"""The rules that make an HDF5 dataset a USID Main dataset, each reported in plain words.

This module owns the format's checks of a Main dataset (:func:`main_problems`,
:func:`check_main`, :func:`is_main`). The reference implementation checks exactly these
rules (see docs/usid-format.md, section 1); we report *all* failures at once so a user can fix
a file in one pass. Following the references, naming what they point to and remembering what
one read-only open has told us is ``references.py``'s: the verdicts are kept in its memo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import h5py

from .errors import NotMainDatasetError
from .hsds import is_dataset, is_group
from .references import (
    ANCILLARY,
    MISSING,
    Open,
    Unreadable,
    attr_value,
    deref_in,
    home_of,
    memo_of,
    name_of,
    note_ancillary,
    open_of,
    path_of,
)
from .strings import to_str_list

#: The string attributes of a Main dataset.
STRING_ATTRS = ("quantity", "units")


def _strings(anc: Any, op: Open | None) -> dict[str, Any]:
    """``labels`` and ``units`` of an ancillary dataset: each a list, MISSING or Unreadable.

    ``op`` is the open of the Main dataset: None (a writable file) reads afresh.
    """
    aop, addr = open_of(anc) if op is not None else (None, -1)
    out = {}
    for key in ("labels", "units"):
        value = attr_value(anc, key, aop, addr)
        if value is not MISSING and not isinstance(value, Unreadable):
            try:
                value = to_str_list(value)
            except Exception as exc:
                value = Unreadable(exc)
        out[key] = value
    return out


def _labels_problem(
    where: Callable[[], str], role: str, n_dims: int, strings: dict[str, Any]
) -> list[str]:
    problems = []
    for key in ("labels", "units"):
        value = strings[key]
        if value is MISSING:
            problems.append(f"{role} ({where()}) has no {key!r} attribute")
            continue
        if isinstance(value, Unreadable):
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
    if not is_dataset(obj):
        kind = "a group" if is_group(obj) else type(obj).__name__
        return [f"it is {kind}, not a dataset"]
    op, addr, memo = memo_of(obj)
    if memo is not None:
        hit = memo.get(("p", addr))
        if hit is not None:
            return list(hit)
    problems, ancs = _problems(obj, op, addr)
    if memo is not None:
        memo[("p", addr)] = tuple(problems)
        note_ancillary(obj, op, addr, ancs)  # what ancillary_paths would find, found already
    return problems


def _problems(
    obj: h5py.Dataset, op: Open | None, addr: int
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
        value = attr_value(obj, attr, op, addr)
        if value is MISSING:
            problems.append(f"attribute {attr!r} is missing (a string; it may be empty)")
            continue
        try:
            if isinstance(value, Unreadable):
                raise value.exc
            to_str_list(value)
        except Exception as exc:
            problems.append(f"attribute {attr!r} cannot be read as text ({exc})")

    for attr in ANCILLARY:
        target, problem = deref_in(obj, attr, op, addr)
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
                return path_of(anc, op, f"{home_of(obj)}/{role}")

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
        raise NotMainDatasetError(name_of(obj), problems)
