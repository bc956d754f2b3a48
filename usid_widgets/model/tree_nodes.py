"""The file tree as plain dicts for :class:`FileTree`: one level at a time, never the whole file.

Only h5py here (no widget imports) so the node building is testable on its own.
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

from ..reader import attributes
from ..reader.hsds import is_group
from ..reader.open import claims_usid, dataset_kind
from ..reader.results import completion_of
from ..reader.tree import main_owners
from .numbers import format_span

MAX_ATTRS = 200  # instrument groups carry 800+ attributes; the rest is summarised
MAX_TEXT = 300
PAGE = 500  # children listed per group; the rest summarised in the group's note
MAX_DEPTH = 16  # levels of nested metadata flattened; deeper dicts are shown as text

#: What a click on a dataset node shows (its ``view``): a USID Main dataset, an NSID dataset,
#: any other numeric HDF5 array, or (no file) the numpy / dask array or sidpy Dataset given.
VIEWS = ("usid", "nsid", "hdf5", "array", "sidpy")


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


def _blank(name: str) -> dict[str, Any]:
    """A node of every field (the browser relies on each), as for a link."""
    return {
        "name": name,
        "kind": "link",
        "shape": None,
        "dtype": None,
        "attrs": [],
        "n_attrs": 0,
        "is_main": False,
        "view": None,
        "is_scale": False,
        "ancillary_of": [],
        "progress": None,
        "children": None,
        "n_children": 0,
        "note": "",
    }


def node(
    root: h5py.Group, path: str, owners: dict[str, list[str]], mains: set[str]
) -> dict[str, Any]:
    """The node dict of ``path`` (children not loaded: ``children`` is None).

    Its attributes are not read: ``attrs`` is None and ``n_attrs`` their number (``[]`` when
    there are none), until :func:`attribute_rows` fills them for the item the user looks at.
    Instrument groups carry hundreds of attributes, most of the cost of opening a file.
    A dataset's ``view`` (see :data:`VIEWS`, None: nothing to draw) and ``is_scale`` come from
    its dtype and shape and from which attributes it has (``data_type``, the USID references),
    asked of HDF5 by name; only a ``CLASS`` attribute is read, by HDF5's own dimension-scale
    check (``H5DSis_scale``), and only on datasets that have attributes.
    """
    base = _blank(path.rsplit("/", 1)[-1] or "/")
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
    if is_group(obj):
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
    if base["n_attrs"] and _is_scale(obj):
        base["is_scale"] = True  # the values of another dataset's axis, not data
        return base
    try:
        base["view"] = dataset_kind(obj, mains)
    except Exception:  # a dataset HDF5 lists but whose type cannot be read
        base["view"] = None
    if base["view"] and not base["is_main"] and base["n_attrs"] and claims_usid(obj):
        # the explorer reads it as USID and answers with the rules it fails
        base["note"] = "not a valid USID Main dataset"
    return base


def _is_scale(dset: h5py.Dataset) -> bool:
    """Whether ``dset`` is an HDF5 dimension scale (NSID's axes are)."""
    try:
        return bool(h5py.h5ds.is_scale(dset.id))
    except Exception:
        return False


def memory_node(source: Any) -> dict[str, Any]:
    """The node of an array shown without a file (a :class:`~..reader.source.Source` of kind
    "array": numpy, dask; or "sidpy"), at its ``path`` (its name): its attribute rows are its
    dimensions (``dimensions/<name>``: size and range), its quantity and units, then its
    metadata (sidpy: title, quantity, units, data_type, modality, source, ``metadata`` and
    ``original_metadata`` flattened, see :func:`metadata_rows`)."""
    meta: dict[str, Any] = {"dimensions": {d.name: dimension_text(d) for d in source.dims}}
    attrs = source.attrs
    for key in ("quantity", "units"):
        if key not in attrs and getattr(source, key):
            meta[key] = getattr(source, key)
    meta.update(attrs)
    rows = metadata_rows(meta)
    node = _blank(source.path)
    node.update(
        kind="dataset",
        shape=[int(n) for n in source.shape],
        dtype=str(source.dtype),
        attrs=rows,
        n_attrs=len(rows),
        view=source.kind,
    )
    return node


def dimension_text(dim: Any) -> str:
    """``"256 values, 0–3.984 µm"``: a dimension's size and the range of its values."""
    n = int(dim.size)
    text = f"{n} value{'' if n == 1 else 's'}"
    values = np.asarray(dim.values)
    if n and values.dtype.kind in "biuf":
        text += ", " + format_span(float(values[0]), float(values[-1]), dim.units)
    elif dim.units:
        text += f" ({dim.units})"
    return text


def metadata_rows(attrs: dict[str, Any], limit: int = MAX_ATTRS) -> list[list[str]]:
    """``[[key, text], ...]`` of a metadata dict for display, nested dicts flattened to keys
    joined by "/" (``metadata/experiment/voltage``), an empty dict as one row ``{}``; at most
    ``limit`` rows (the rest summarised in a last row), values as :func:`short_text`."""
    rows: list[list[str]] = []
    total = 0

    def walk(value: Any, key: str, depth: int) -> None:
        nonlocal total
        if isinstance(value, dict) and value and depth < MAX_DEPTH:
            for k, v in value.items():
                walk(v, f"{key}/{k}", depth + 1)
            return
        total += 1
        if len(rows) < limit:
            rows.append([key, "{}" if isinstance(value, dict) else short_text(value)])

    for k, v in attrs.items():
        walk(v, str(k), 1)
    if total > len(rows):
        rows.append(["…", f"{total - len(rows)} more attributes"])
    return rows


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
