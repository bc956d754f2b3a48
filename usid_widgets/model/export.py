"""What the download menu sends to the browser: an array as bytes with numpy's dtype string,
the file's name built from the dataset and the position, and the notes of a CSV header.
The files themselves are written in the browser (``js/src/export.js``)."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import numpy as np

#: The dtype strings ``js/src/export.js`` writes (``EXPORT_DESCRS`` there).
DESCRS = ("<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "|b1")


def wire_array(array: np.ndarray) -> tuple[bytes, str, list[int]]:
    """``array`` as C-ordered little-endian bytes, its dtype string and its shape. A dtype
    the browser does not write (float16, big-endian, ...) travels as the nearest it does
    (float16 as float32, exactly; anything else as float64)."""
    a = np.asarray(array)
    if a.dtype == np.float16:
        a = a.astype(np.float32)
    a = a.astype(a.dtype.newbyteorder("<"), copy=False)
    if a.dtype.str not in DESCRS:
        a = a.astype("<f8")
    a = np.ascontiguousarray(a)
    return a.tobytes(), a.dtype.str, [int(n) for n in a.shape]


def safe_name(text: str) -> str:
    """A file-name part: letters, digits, ``.``, ``_`` and ``-`` kept, the rest ``-``."""
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]", "-", text)).strip("-._") or "data"


def file_stem(source: str, dataset: str, what: str, where: list[str]) -> str:
    """``<file>_<dataset>_<what>_<where...>``: ``be_Measurement_000-Channel_000-Raw_Data_map_
    Frequency48`` (the file's stem, the dataset's path, the view, the position and any
    window or reduction)."""
    parts = [PurePath(source).stem if source else "", dataset.strip("/"), what, *where]
    return "_".join(safe_name(p) for p in parts if p)


def ranges_text(ranges: dict[str, Any] | None) -> list[str]:
    """``{"Y": (2, 5)}`` as ``["Y2-5"]`` (half-open steps, as in ``w.roi``)."""
    return [f"{k}{int(v[0])}-{int(v[1])}" for k, v in (ranges or {}).items()]


def axis_note(name: str, dim: str, units: str, values: np.ndarray, ticks: str) -> str:
    """A CSV note naming an axis and its values (steps when they are no linear axis)."""
    unit = f" ({units})" if units else ""
    kind = "values" if ticks == "values" else "values (not evenly spaced)"
    text = ", ".join(str(v) for v in np.asarray(values))  # shortest text of its own dtype
    return f"{name}: {dim}{unit} {kind}: {text}"
