"""The file tree as plain dicts for :class:`FileTree`: one level at a time, never the whole file.

Only h5py here (no widget imports) so the node building is testable on its own.
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from ..reader import attributes
from ..reader.results import completion_of
from ..reader.tree import main_owners

MAX_ATTRS = 200  # instrument groups carry 800+ attributes; the rest is summarised
MAX_TEXT = 300
PAGE = 500  # children listed per group; the rest summarised in the group's note


def short_text(value: Any, limit: int = MAX_TEXT) -> str:
    """Display text of an attribute value: never longer than ``limit`` characters."""
    if isinstance(value, np.ndarray):
        if value.size > 16:
            text = (
                np.array2string(value.reshape(-1)[:16], threshold=16)[:-1]
                + f", ... ({value.size} values)]"
            )
        else:
            text = (
                np.array2string(value, threshold=16)
                if value.dtype.kind not in "OSU"
                else str(value.tolist())
            )
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ancillary_owners(root: h5py.Group) -> tuple[list[str], dict[str, list[str]]]:
    """(Main dataset paths, ancillary path -> Main paths using it)."""
    mains, owners = main_owners(root)
    return [m.name for m in mains], owners


def _progress(group: h5py.Group) -> dict[str, int] | None:
    done = completion_of(group)
    return None if done is None else {"done": done[0], "total": done[1]}


def node(
    root: h5py.Group, path: str, owners: dict[str, list[str]], mains: set[str]
) -> dict[str, Any]:
    """The node dict of ``path`` (children not loaded: ``children`` is None).

    Its attributes are not read: ``attrs`` is None and ``n_attrs`` their number (``[]`` when
    there are none), until :func:`attribute_rows` fills them for the item the user looks at.
    Instrument groups carry hundreds of attributes, most of the cost of opening a file.
    """
    name = path.rsplit("/", 1)[-1] or "/"
    base: dict[str, Any] = {
        "name": name,
        "kind": "link",
        "shape": None,
        "dtype": None,
        "attrs": [],
        "n_attrs": 0,
        "is_main": False,
        "ancillary_of": [],
        "progress": None,
        "children": None,
        "n_children": 0,
        "note": "",
    }
    try:
        obj = root[path]
    except Exception:
        link = root.get(path, getlink=True)
        base["note"] = f"broken {type(link).__name__}" if link is not None else "cannot be opened"
        return base
    try:
        base["n_attrs"] = len(obj.attrs)  # the object header's count: no attribute is read
    except Exception:
        base["n_attrs"] = 0
    if base["n_attrs"]:
        base["attrs"] = None
    if isinstance(obj, h5py.Group):
        base["kind"] = "group"
        base["n_children"] = len(obj)
        base["progress"] = _progress(obj)
        if "tool" in obj.attrs and base["progress"] is None and "source_000" in obj.attrs:
            base["note"] = "results group"
        return base
    base["kind"] = "dataset"
    base["shape"] = list(obj.shape) if obj.shape is not None else None
    base["dtype"] = str(obj.dtype)
    base["is_main"] = path in mains
    base["ancillary_of"] = owners.get(path, [])
    return base


def attribute_rows(root: h5py.Group, path: str) -> list[list[str]]:
    """``[[key, text], ...]`` of the attributes of ``path`` for display: at most ``MAX_ATTRS``
    (the rest summarised in a last row), each value at most ``MAX_TEXT`` characters."""
    try:
        obj = root[path]
    except Exception as exc:
        return [["…", f"cannot be opened ({exc})"]]
    try:
        count = len(obj.attrs)
        items = list(attributes(obj, limit=MAX_ATTRS).items())  # the rest is not read
    except Exception as exc:  # the attribute list itself cannot be read
        return [["…", f"attributes cannot be read ({exc})"]]
    rows = [[str(k), short_text(v)] for k, v in items]
    if count > len(items):
        rows.append(["…", f"{count - len(items)} more attributes"])
    return rows


def children(group: h5py.Group) -> tuple[list[str], str]:
    """Paths of the first ``PAGE`` children of ``group`` and a note about the rest."""
    names = []
    for i, name in enumerate(group):
        if i >= PAGE:
            break
        names.append(group.name.rstrip("/") + "/" + name)
    rest = len(group) - len(names)
    return names, (f"{rest} more not shown" if rest > 0 else "")
