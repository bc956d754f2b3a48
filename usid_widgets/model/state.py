"""The view as plain data: the keys of ``Explorer.state``, their JSON form, and the call
``explorer("file.h5", ...)`` that brings a view back.

:data:`STATE_KEYS` is the one list of what decides a view. Its order is the order in which a
state is applied (the dataset first, then what is on screen, then the index, then regions
and the window, then the colours): an earlier key may reset a later one (another dataset
clears the regions, other image dims clear the zoom). A new option of the explorer joins the
state with one line here, at the place its dependencies ask for, as an explorer trait (or
property) of that name that ``explorer()`` accepts as a keyword.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from .slicing import default_component, default_plan

STATE_KEYS: tuple[str, ...] = (
    "dataset",
    "component",
    "image_dims",
    "plot_dim",
    "plot_x",
    "index",
    "roi",
    "interval",
    "roi_mask",
    "interval_mask",
    "zoom",
    "line_on",  # before the line: another heatmap removes the line
    "line_width",
    "line",
    "pins",
    "compare",  # after the pins it names
    "colormap",
    "reverse_colormap",
    "scale",
    "clim",
    "lock_clim",
    "auto_percentiles",
)

#: The keys holding a boolean mask (a numpy array on the explorer, :func:`mask_runs` in the
#: state).
MASK_KEYS = ("roi_mask", "interval_mask")

#: The colour keys: kept without a dataset on screen, shared by every heatmap of an explorer.
COLOUR_KEYS = ("colormap", "reverse_colormap", "scale", "clim", "lock_clim", "auto_percentiles")

#: The keys that need a dataset on screen to apply to.
DATA_KEYS = frozenset(STATE_KEYS) - set(COLOUR_KEYS)


def unknown_keys_error(func: str, unknown: list[str], valid: tuple[str, ...]) -> TypeError:
    """The TypeError for keywords ``func`` does not take, naming the valid ones."""
    names = ", ".join(repr(k) for k in unknown)
    s = "s" if len(unknown) > 1 else ""
    return TypeError(
        f"{func}() got unexpected keyword argument{s} {names}; valid keywords: " + ", ".join(valid)
    )


# -- masks ------------------------------------------------------------------------------------
def mask_runs(mask: np.ndarray) -> dict[str, list[int]]:
    """A boolean mask as JSON-friendly runs: ``{"shape": [h, w], "runs": [start, length,
    ...]}``, the starts and lengths of the runs of True cells in C order (row by row)."""
    flat = np.ascontiguousarray(mask, dtype=bool).reshape(-1)
    edges = np.diff(np.concatenate(([0], flat.view(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    runs = np.stack([starts, stops - starts], axis=1).reshape(-1)
    return {"shape": [int(n) for n in mask.shape], "runs": [int(n) for n in runs]}


def mask_from_runs(value: Any, name: str) -> np.ndarray:
    """The boolean mask of :func:`mask_runs`' form; a ValueError naming ``name`` and the
    form when ``value`` is not of it."""
    form = '{"shape": [rows, columns], "runs": [start, length, ...]}'
    try:
        shape = tuple(int(n) for n in value["shape"])
        runs = [int(n) for n in value["runs"]]
    except (KeyError, TypeError, ValueError):
        raise ValueError(
            f"{name} in a state is a boolean array or {form}; got {value!r:.80}"
        ) from None
    size = math.prod(shape)
    if len(runs) % 2 or any(n < 0 for n in runs):
        raise ValueError(f"{name}: runs are pairs of non-negative start, length; got {runs!r:.80}")
    flat = np.zeros(size, dtype=bool)
    for start, length in zip(runs[::2], runs[1::2], strict=True):
        if start + length > size:
            raise ValueError(f"{name}: the run {start}, {length} ends past the {size} cells")
        flat[start : start + length] = True
    return flat.reshape(shape)


# -- plain values -----------------------------------------------------------------------------
def from_plain(key: str, value: Any) -> Any:
    """A state's value of ``key`` as the explorer's trait of that name takes it: masks from
    their runs (a region pin's too), the index as a dict, the image dims as a tuple, limits and
    percentiles as lists; other values as they are."""
    if value is None:
        return None
    if key in MASK_KEYS and isinstance(value, dict):
        return mask_from_runs(value, key)
    if key == "pins":
        return [
            {**pin, "roi_mask": mask_from_runs(pin["roi_mask"], f"pins[{i}]")}
            if isinstance(pin, dict) and isinstance(pin.get("roi_mask"), dict)
            else pin
            for i, pin in enumerate(value)
        ]
    if key == "index":
        return dict(value)
    if key == "image_dims":
        return tuple(value)
    if key in ("clim", "auto_percentiles"):
        return list(value)
    return value


def plain(value: Any) -> Any:
    """``value`` as JSON-ready Python: tuples and arrays as lists, numpy scalars as Python
    numbers, boolean arrays as :func:`mask_runs`, dict keys kept."""
    if isinstance(value, np.ndarray):
        return mask_runs(value) if value.dtype == bool else plain(value.tolist())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


class Name(str):
    """A Python name in code (``data``), written by :func:`code_value` as it is, unquoted."""


def code_value(value: Any) -> str:
    """Python source of a plain value: strings in double quotes (as black writes them),
    floats as ``repr`` (they read back equal), ``None``, ``True``, lists and dicts; a
    :class:`Name` as it is."""
    if isinstance(value, Name):
        return str(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{code_value(k)}: {code_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(code_value(v) for v in value) + "]"
    raise TypeError(f"no code for a {type(value).__name__} in a state")


def changed(state: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``state`` that differ from ``defaults`` (an index: only its dims that
    moved, as the explorer merges a partial index)."""
    out = {}
    for key, value in state.items():
        default = defaults.get(key, object())
        if key == "index" and isinstance(value, dict) and isinstance(default, dict):
            moved = {k: v for k, v in value.items() if default.get(k) != v}
            if moved:
                out[key] = moved
        elif value != default:
            out[key] = value
    return out


def call_code(func: str, source: str, options: dict[str, Any], width: int = 88) -> str:
    """``func("source", key=value, ...)`` on one line when it fits in ``width`` characters,
    else one argument a line with a trailing comma (black's layout)."""
    args = [code_value(source)] + [f"{k}={code_value(v)}" for k, v in options.items()]
    one = f"{func}({', '.join(args)})"
    if len(one) <= width:
        return one
    return f"{func}(\n" + "".join(f"    {a},\n" for a in args) + ")"


def start_state(md: Any) -> dict[str, Any]:
    """What a dataset opens on: its default component, dims on screen (``default_plan``) and
    the middle of every dimension."""
    plan = default_plan(md)
    return {
        "component": default_component(md),
        "image_dims": plan.image_dims,
        "plot_dim": plan.plot_dim,
        "index": {d.name: d.size // 2 for d in md.dims},
    }
