"""Pinned positions and regions: their colours, names and where they are drawn.

A pin is one of (the forms ``intent.check_pins`` returns):

- ``{position dim: index, ...}``: a position; the dims it does not name follow the sliders;
- ``{"roi": {position dim: (start, stop), ...}}``: the mean over a box of positions;
- ``{"roi_mask": bool array, "dims": (row dim, col dim)}``: the mean over a region of any
  shape (a lasso).

Pure functions of the dataset and the pins; nothing here reads data or imports a widget.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import numbers

#: Colours of the pins, in pin order (then again from the first): a qualitative palette whose
#: every colour has a contrast of at least 3.4:1 against JupyterLab's light (#ffffff) and dark
#: (#212121, #111111) backgrounds, none of them the plot's blue line or red marker.
PALETTE = (
    "#c75a00",  # orange
    "#008a5e",  # green
    "#b9479a",  # magenta
    "#8a5cd6",  # violet
    "#9a7600",  # ochre
    "#007f99",  # teal
    "#5f8a00",  # olive
    "#cf3d5f",  # rose
)


def colors(keys: list[tuple], previous: dict[tuple, str]) -> list[str]:
    """The colour of each pin (by :func:`key`, in pin order): the one it had (``previous``),
    else the first colour of :data:`PALETTE` no other pin has (cycling when all are taken).
    So a pin keeps its colour when another is removed."""
    out: list[str] = []
    taken = {previous[k] for k in keys if k in previous}
    free = [c for c in PALETTE if c not in taken]
    for i, k in enumerate(keys):
        if k in previous:
            out.append(previous[k])
        elif free:
            out.append(free.pop(0))
        else:
            out.append(PALETTE[i % len(PALETTE)])
    return out


def kind(pin: dict) -> str:
    """ "position", "roi" or "roi_mask"."""
    if "roi" in pin:
        return "roi"
    if "roi_mask" in pin:
        return "roi_mask"
    return "position"


def same(a: dict, b: dict) -> bool:
    """Whether two checked pins pin the same thing."""
    ka = kind(a)
    if ka != kind(b):
        return False
    if ka == "roi_mask":
        return tuple(a["dims"]) == tuple(b["dims"]) and np.array_equal(a["roi_mask"], b["roi_mask"])
    return a == b


def key(pin: dict) -> tuple:
    """A hashable key of a checked pin (a mask by its cells)."""
    k = kind(pin)
    if k == "position":
        return ("position", *sorted(pin.items()))
    if k == "roi":
        return ("roi", *sorted((d, tuple(r)) for d, r in pin["roi"].items()))
    mask = np.asarray(pin["roi_mask"])
    return ("roi_mask", tuple(pin["dims"]), mask.shape, np.packbits(mask).tobytes())


def reading(pin: dict, index: dict[str, int]) -> tuple[dict[str, int], dict]:
    """The index a pin's line is read at, and the reduction (``roi`` / ``roi_mask``) of the
    slicer: a position pin fixes its dims, the others stay where the sliders are."""
    k = kind(pin)
    if k == "position":
        return {**index, **pin}, {}
    if k == "roi":
        return dict(index), {"roi": dict(pin["roi"])}
    return dict(index), {"roi_mask": (tuple(pin["dims"]), pin["roi_mask"])}


def label(md: Any, pin: dict) -> str:
    """The pin's name in the legend, in physical units with the shared number formatter:
    ``X = 1.25 µm, Y = 3 µm``; a box ``mean X 0.5–1 µm, Y 1–2 µm (12 positions)``; a region
    of any shape ``mean of a region (192 positions)``. The fast dim first, as the readout."""
    k = kind(pin)
    if k == "position" and md.layout.get("position") == "sparse":
        # a sampled point: its coordinates (the point cloud's axes), then its number
        ((name, i),) = pin.items()
        coords = md.position_coords()[i]
        parts = [
            f"{d.name} = {numbers.format_quantity(float(v), d.units)}"
            for d, v in zip(md.coord_dims, coords, strict=True)
        ]
        return f"{', '.join(parts)} (point {i})"
    if k == "position":
        parts = []
        for name, i in reversed(list(pin.items())):
            d = md.dim(name)
            values = np.asarray(d.values)
            v = values[i] if values.size > i and values.dtype.kind in "iuf" else None
            if v is None or not np.isfinite(v):
                parts.append(f"{name} index {i}")
            else:
                parts.append(f"{name} = {numbers.format_quantity(float(v), d.units)}")
        return ", ".join(parts)
    if k == "roi":
        parts, count = [], 1
        for name, (lo, hi) in reversed(list(pin["roi"].items())):
            d = md.dim(name)
            values = np.asarray(d.values)
            count *= hi - lo
            if values.dtype.kind in "iuf" and values.size >= hi:
                a, b = float(values[lo]), float(values[hi - 1])
                parts.append(f"{name} {numbers.format_span(min(a, b), max(a, b), d.units)}")
            else:
                parts.append(f"{name} indices {lo}–{hi - 1}")
        return f"mean {', '.join(parts)} ({count} positions)"
    n = int(np.count_nonzero(pin["roi_mask"]))
    return f"mean of a region ({n} positions)"


def marker(pin: dict, image_dims: tuple[str, ...] | None, shape: tuple[int, ...]) -> dict | None:
    """Where the map draws the pin, in full-image cells: ``{"box": [r0, r1, c0, c1]}``
    (a position: its cell, or the whole row / column when the map shows one of its dims only;
    a box region: the box) and ``"centre": True`` for a region of any shape (a marker at its
    centroid). ``shape``: the map's (rows, cols), or ``(n,)`` for a point cloud over
    ``image_dims[0]`` (then ``{"point": i}``). None where the map does not show the pin."""
    if not image_dims:
        return None
    k = kind(pin)
    if len(shape) == 1:
        dim = image_dims[0]
        if k == "position" and dim in pin:
            return {"point": int(pin[dim])}
        return None
    spans = []
    for axis, dim in enumerate(image_dims[:2]):
        if k == "position":
            spans.append((pin[dim], pin[dim] + 1) if dim in pin else (0, shape[axis]))
        elif k == "roi":
            spans.append(tuple(pin["roi"][dim]) if dim in pin["roi"] else (0, shape[axis]))
        else:
            if tuple(pin["dims"]) != tuple(image_dims[:2]):
                return None
            rows, cols = np.nonzero(pin["roi_mask"])
            if rows.size == 0:
                return None
            r, c = int(round(rows.mean() - 0.5)), int(round(cols.mean() - 0.5))
            return {"box": [r, r + 1, c, c + 1], "centre": True}
    if spans == [(0, shape[0]), (0, shape[1])]:
        return None  # the pin names none of the map's dims
    return {"box": [int(spans[0][0]), int(spans[0][1]), int(spans[1][0]), int(spans[1][1])]}


def of_cell(md: Any, image_dims: tuple[str, ...], cell: list[int], points: bool) -> dict:
    """The position pin of a cell clicked on the map (``[row, col]``, ``[point]`` on a point
    cloud): the map's position dims at that cell. ValueError when the map shows none."""
    if points:
        return {md.pos_dims[0].name: int(cell[0])}
    pin = {
        d: int(i) for d, i in zip(image_dims, cell, strict=False) if md.dim(d).kind == "position"
    }
    if not pin:
        raise ValueError("pins fix positions, and this image shows no position dimension")
    return {d.name: pin[d.name] for d in md.dims if d.name in pin}


def compared(compare: int | tuple[int, int] | None) -> tuple[int, ...]:
    """The pins a ``compare`` value names, in order (none for None)."""
    if compare is None:
        return ()
    return (compare,) if isinstance(compare, int) else tuple(compare)


def follow_compare(
    compare: int | tuple[int, int] | None, old: list[dict], new: list[dict]
) -> int | tuple[int, int] | None:
    """``compare`` (numbers into the pins ``old``) for the pins ``new``: the same pins at their
    new places, None when one of them is gone."""
    keys = [key(p) for p in new]
    out = []
    for i in compared(compare):
        k = key(old[i]) if i < len(old) else None
        if k not in keys:
            return None
        out.append(keys.index(k))
    if not out:
        return None
    return out[0] if len(out) == 1 else (out[0], out[1])


def plane_title(quantity: str, compare: int | tuple[int, int], labels: list[str]) -> str:
    """The plane's title while it compares pins: ``Intensity at pin 2: X = 1 nm, Y = 2 nm`` or
    ``Intensity, pin 1 − pin 2 (diverging, centred on 0)``."""
    which = compared(compare)
    if len(which) == 1:
        return f"{quantity} at pin {which[0] + 1}: {labels[which[0]]}"
    a, b = which
    return f"{quantity}, pin {a + 1} − pin {b + 1} (diverging colormap, centred on 0)"
