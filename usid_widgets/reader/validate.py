"""The rules that make an HDF5 dataset a USID Main dataset, each reported in plain words.

The reference implementation checks exactly these rules (see docs/usid-format.md, section 1);
we report *all* failures at once so a user can fix a file in one pass.
"""

from __future__ import annotations

from typing import Any

import h5py

from .errors import NotMainDatasetError
from .strings import to_str_list

ANCILLARY = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")
STRING_ATTRS = ("quantity", "units")


def _name(obj: Any) -> str:
    try:
        return obj.name or "<anonymous>"
    except Exception:  # a closed or invalid object still deserves a message
        return repr(obj)


def deref(dset: h5py.Dataset, attr: str) -> tuple[h5py.Dataset | None, str | None]:
    """Follow the object-reference attribute ``attr``: (dataset, None) or (None, problem)."""
    if attr not in dset.attrs:
        return None, f"attribute {attr!r} is missing"
    try:
        ref = dset.attrs[attr]
    except Exception as exc:  # unreadable attribute type
        return None, f"attribute {attr!r} cannot be read ({exc})"
    if isinstance(ref, h5py.RegionReference) or not isinstance(ref, h5py.Reference):
        return None, (
            f"attribute {attr!r} is not an HDF5 object reference "
            f"(found {type(ref).__name__}); it must point to the {attr} dataset"
        )
    if not ref:
        return None, f"attribute {attr!r} is a null reference"
    try:
        target = dset.file[ref]
    except Exception:
        return None, f"attribute {attr!r} points to nothing in this file (dangling reference)"
    if not isinstance(target, h5py.Dataset):
        return None, f"attribute {attr!r} points to a group ({target.name}), not a dataset"
    return target, None


def _labels_problem(anc: h5py.Dataset, role: str, n_dims: int) -> list[str]:
    problems = []
    for key in ("labels", "units"):
        if key not in anc.attrs:
            problems.append(f"{role} ({anc.name}) has no {key!r} attribute")
            continue
        try:
            n = len(to_str_list(anc.attrs[key]))
        except Exception as exc:
            problems.append(f"{role} ({anc.name}) attribute {key!r} cannot be read ({exc})")
            continue
        if n != n_dims:
            problems.append(
                f"{role} ({anc.name}) has {n} {key} for {n_dims} dimension(s); "
                "it needs exactly one per dimension"
            )
    return problems


def main_problems(obj: Any) -> list[str]:
    """Every rule ``obj`` fails as a Main dataset; empty when it is one."""
    if not isinstance(obj, h5py.Dataset):
        kind = "a group" if isinstance(obj, h5py.Group) else type(obj).__name__
        return [f"it is {kind}, not a dataset"]
    problems: list[str] = []
    try:
        shape = obj.shape
    except Exception as exc:
        return [f"its shape cannot be read ({exc})"]
    if shape is None or len(shape) != 2:
        nd = "no" if shape is None else len(shape)
        problems.append(
            f"it has {nd} dimension(s) (shape {shape}); a Main dataset is 2-D: "
            "(positions, spectroscopic steps)"
        )
    for attr in STRING_ATTRS:
        if attr not in obj.attrs:
            problems.append(f"attribute {attr!r} is missing (a string; it may be empty)")
        else:
            try:
                value = obj.attrs[attr]
                to_str_list(value)
            except Exception as exc:
                problems.append(f"attribute {attr!r} cannot be read as text ({exc})")

    ancs = {}
    for attr in ANCILLARY:
        target, problem = deref(obj, attr)
        if problem:
            problems.append(problem)
        else:
            ancs[attr] = target

    two_d = shape is not None and len(shape) == 2
    for side, rows_axis in (("Position", 0), ("Spectroscopic", 1)):
        ind, val = ancs.get(f"{side}_Indices"), ancs.get(f"{side}_Values")
        for role, anc in ((f"{side}_Indices", ind), (f"{side}_Values", val)):
            if anc is None:
                continue
            ashape = anc.shape
            if ashape is None or len(ashape) != 2:
                problems.append(f"{role} ({anc.name}) must be 2-D, but its shape is {ashape}")
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
                        f"{role} ({anc.name}) has shape {ashape} but the Main dataset has shape "
                        f"{shape}; it must be {want}"
                    )
                    continue
            n_dims = ashape[1] if rows_axis == 0 else ashape[0]
            problems.extend(_labels_problem(anc, role, n_dims))
        if ind is not None and val is not None and ind.shape != val.shape:
            problems.append(
                f"{side}_Indices {ind.shape} and {side}_Values {val.shape} differ in shape"
            )
        elif ind is not None and val is not None:
            for key in ("labels", "units"):
                try:
                    a, b = to_str_list(ind.attrs[key]), to_str_list(val.attrs[key])
                except Exception:
                    continue  # already reported above
                if a != b:
                    problems.append(
                        f"{side}_Indices and {side}_Values disagree on {key}: {a} vs {b}"
                    )
    return problems


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
