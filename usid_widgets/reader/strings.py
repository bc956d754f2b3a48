"""One way to turn any HDF5 string attribute into Python text.

Real files store the same kind of string as vlen ``str``, ``bytes``, numpy ``bytes_``, or
fixed-length byte arrays (``|S9``) holding UTF-8 (``µm``). Every reader path goes through
these helpers so that the widgets never see ``b'nm'``.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def to_str(value: Any) -> str:
    """Decode one string-like value (bytes are UTF-8; invalid bytes are replaced)."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return to_str(value[()])
        if value.size == 1:
            return to_str(value.reshape(-1)[0])
        return ", ".join(to_str(v) for v in value.reshape(-1))
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    return str(value)


def to_str_list(value: Any) -> list[str]:
    """Decode a string array attribute (``labels``, ``units``) into a list of str."""
    if isinstance(value, (str, bytes, np.bytes_, np.str_)):
        return [to_str(value)]
    arr = np.asarray(value)
    if arr.ndim == 0:
        return [to_str(arr[()])]
    return [to_str(v) for v in arr.reshape(-1)]


def decode_attr(value: Any) -> Any:
    """An attribute value with every string decoded; numbers and arrays of numbers unchanged."""
    if isinstance(value, (bytes, np.bytes_, str)):
        return to_str(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in ("S", "O", "U"):
        if value.dtype.kind == "O" and not all(
            isinstance(v, (bytes, str, np.bytes_)) for v in value.reshape(-1)
        ):
            return value
        decoded = [to_str(v) for v in value.reshape(-1)]
        return decoded if value.ndim else decoded[0]
    return value
