"""Arrays on the wire: C-contiguous little-endian buffers with dtype and shape, never lists."""

from __future__ import annotations

from typing import Any

import numpy as np

WIRE_DTYPES = ("float32", "float64", "int32", "uint8")
_LITTLE = {name: np.dtype(name).newbyteorder("<") for name in WIRE_DTYPES}


def array_dict(array: Any, dtype: str = "float32") -> dict[str, Any]:
    """``{"buffer", "dtype", "shape"}`` for ``array`` cast to a little-endian ``dtype``.

    ipywidgets lifts the ``memoryview`` out of the message into a binary buffer.
    """
    little = _LITTLE.get(dtype)
    if little is None:
        raise ValueError(f"wire dtype must be one of {WIRE_DTYPES}, not {dtype!r}")
    arr = np.ascontiguousarray(np.asarray(array), dtype=little)
    return {
        "buffer": memoryview(arr.reshape(-1).view(np.uint8)),
        "dtype": dtype,
        "shape": list(arr.shape),
    }


def from_array_dict(d: dict[str, Any]) -> np.ndarray:
    """The inverse of :func:`array_dict` (used by tests and by state coming back from JS)."""
    dtype = np.dtype(d["dtype"]).newbyteorder("<")
    return np.frombuffer(bytes(d["buffer"]), dtype=dtype).reshape(d["shape"])
