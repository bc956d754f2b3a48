"""Checks of what a user asks the explorer for, as pure functions of the dataset.

Each takes the value set from Python or the browser and returns it normalised, or raises
``ValueError`` saying what is accepted (the explorer turns it into a ``TraitError``). Nothing
here reads data or imports a widget.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..reader.main import PHASE_DEGREES
from ..reader.masks import check_mask
from . import pins
from .slicing import Plan, check_plan


def integer(value: Any) -> int:
    """An index value as an int: Python and numpy integers, never floats or strings."""
    try:
        return operator.index(value)
    except TypeError:
        raise ValueError(f"index values must be integers, not {value!r}") from None


def check_index(md: Any, current: dict[str, int], new: dict) -> dict[str, int]:
    """``new`` merged into ``current``, each value an integer in its dim's range."""
    merged = dict(current)
    for name, value in new.items():
        d = md.dim(name)  # KeyError names the valid dimensions
        i = integer(value)
        if not 0 <= i < d.size:
            raise ValueError(f"index {value} out of range for {name!r} of size {d.size}")
        merged[name] = i
    return merged


def check_image_dims(md: Any, value: Any) -> tuple[str, str] | None:
    if value is None:
        return None
    dims = (str(value[0]), str(value[1]))
    check_plan(md, Plan(dims, None))
    return dims


def check_plot_dim(md: Any, value: Any) -> str | None:
    if value is not None and value not in md.dim_names:
        raise ValueError(f"no dimension {value!r}; dimensions are {md.dim_names}")
    return value


def view_components(md: Any) -> list[str]:
    """The components a user picks from: the reader's, and the phase in degrees too."""
    comps = list(md.components)
    if md.dtype.kind == "c":
        comps.insert(comps.index("phase") + 1, PHASE_DEGREES)
    return comps


def check_component(md: Any, value: Any) -> str | None:
    comps = view_components(md)
    if comps and value not in comps:
        raise ValueError(f"component must be one of {comps}, not {value!r}")
    return value


def check_ranges(md: Any, value: dict | None, kind: str) -> dict[str, tuple[int, int]] | None:
    """``{dim: (start, stop)}`` over dims of ``kind`` ("position" for ``roi``,
    "spectroscopic" for ``interval``), each ``0 <= start < stop <= size``; None for none."""
    if not value:
        return None
    out = {}
    for name, rng in value.items():
        d = md.dim(name)
        if d.kind != kind:
            raise ValueError(f"{name!r} is not a {kind} dimension")
        lo, hi = int(rng[0]), int(rng[1])
        if not 0 <= lo < hi <= d.size:
            raise ValueError(f"range {rng} of {name!r} must satisfy 0 <= start < stop <= {d.size}")
        out[name] = (lo, hi)
    return out


def mask_dims(
    md: Any,
    name: str,
    image_dims: tuple[str, str] | None,
    second_dims: tuple[str, str] | None,
    points: bool,
) -> tuple[str, ...] | None:
    """The dims a mask trait covers: the map's (``roi_mask``; the sampled points' one dim for
    sparse data) or the plane's (``interval_mask``); None when no view on screen has them."""
    if points and name == "roi_mask":
        return (md.pos_dims[0].name,)
    kind = "position" if name == "roi_mask" else "spectroscopic"
    candidates = [second_dims, image_dims] if name == "interval_mask" else [image_dims]
    for dims in candidates:
        if dims and all(md.dim(d).kind == kind for d in dims):
            return tuple(dims)
    return None


def check_mask_value(md: Any, name: str, value: Any, dims: tuple[str, ...] | None) -> np.ndarray:
    """``value`` as a read-only boolean mask over ``dims`` (see :func:`mask_dims`)."""
    if dims is None:
        kind = "position" if name == "roi_mask" else "spectroscopic"
        raise ValueError(f"{name} needs an image of two {kind} dimensions on screen")
    shape = tuple(md.dim(d).size for d in dims)
    return check_mask(value, shape, f"{name} over {dims}")


def check_zoom(
    md: Any, value: dict | None, image_dims: tuple[str, str] | None, points: bool
) -> dict[str, tuple[int, int]] | None:
    """A window ``{row dim: (start, stop), column dim: (start, stop)}`` of the image; None
    for the whole image (also when the window is the whole image)."""
    if not value:
        return None
    dims = image_dims
    if dims is None or points or set(value) != set(dims):
        raise ValueError(f"zoom takes a range for each image dimension {dims}")
    out = {}
    for name in dims:
        lo, hi = int(value[name][0]), int(value[name][1])
        size = md.dim(name).size
        if not 0 <= lo < hi <= size:
            raise ValueError(
                f"zoom range {value[name]} of {name!r} must satisfy 0 <= start < stop <= {size}"
            )
        out[name] = (lo, hi)
    if all(out[d] == (0, md.dim(d).size) for d in dims):
        return None
    return out


def check_line(value: Any, shape: tuple[int, int] | None, where: str) -> tuple | None:
    """A line ``((r0, c0), (r1, c1))`` on the image of ``shape`` named ``where``: two points in
    index coordinates (pixel ``[r, c]`` centred on the integer point, fractions allowed), each
    within ``[0, rows - 1] x [0, columns - 1]``; None for no line."""
    if value is None or (isinstance(value, list | tuple) and len(value) == 0):
        return None
    if shape is None:
        raise ValueError(f"a line needs an image of two dimensions on screen ({where} has none)")
    try:
        points = [tuple(p) for p in value]
        if len(points) != 2 or any(len(p) != 2 for p in points):
            raise TypeError
        if any(isinstance(v, bool | str | bytes) for p in points for v in p):
            raise TypeError
        out = tuple(tuple(float(v) for v in p) for p in points)
    except (TypeError, ValueError):
        raise ValueError(
            f"line must be two points ((row0, col0), (row1, col1)) of numbers, got {value!r}"
        ) from None
    rows, cols = shape
    for name, (r, c) in zip(("start", "end"), out, strict=True):
        if not (np.isfinite(r) and np.isfinite(c)):
            raise ValueError(f"the line's {name} ({r}, {c}) is not two finite numbers")
        if not (0 <= r <= rows - 1 and 0 <= c <= cols - 1):
            raise ValueError(
                f"the line's {name} (row {r:g}, col {c:g}) is outside {where}: rows run "
                f"0..{rows - 1}, columns 0..{cols - 1}"
            )
    return out


def check_line_width(value: Any) -> int:
    """The width of a line profile's band: a whole number of pixels >= 1."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        width = operator.index(value)
    except TypeError:
        raise ValueError(f"line_width is a whole number of pixels, not {value!r}") from None
    if width < 1:
        raise ValueError(f"line_width is a number of pixels >= 1, got {width}")
    return width


def box(ranges: dict | None, dims: tuple[str, str]) -> list[int]:
    """The rectangle ``ranges`` covers on an image of ``dims``, [] when it does not cover both."""
    if not ranges or not all(d in ranges for d in dims):
        return []
    return [*ranges[dims[0]], *ranges[dims[1]]]


def frozen(ranges: dict | None) -> tuple:
    """``ranges`` as a hashable key."""
    return tuple(sorted((k, tuple(v)) for k, v in (ranges or {}).items()))


def undrawable(md: Any) -> str | None:
    """Why this Main dataset cannot be drawn at all, or None."""
    dtype = md.dtype
    kinds = [dtype[n].kind for n in dtype.names] if dtype.names else [dtype.kind]
    if not any(k in "biufc" for k in kinds):
        return f"its values are not numbers (dtype {dtype}): nothing to draw"
    if 0 in md.raw_shape:
        return f"it is empty (shape {md.raw_shape}): nothing was measured"
    return None


def check_pins(md: Any, value: Any, mask_dims_now: tuple[str, ...] | None) -> list[dict]:
    """``value`` as a list of pins (see :mod:`usid_widgets.model.pins`): each a dict
    ``{position dim: index}``, ``{"roi": {position dim: (start, stop)}}`` or
    ``{"roi_mask": bool array}`` (over ``"dims"``, else the map's position dims on screen,
    ``mask_dims_now``); none twice. A mask is copied and made read-only."""
    if value is None:
        return []
    if isinstance(value, dict) or not isinstance(value, (list, tuple)):
        raise ValueError(f"pins must be a list of pins such as [{{'Y': 3, 'X': 5}}], not {value!r}")
    out: list[dict] = []
    positions = [d.name for d in md.pos_dims]
    for i, pin in enumerate(value):
        if not isinstance(pin, dict) or not pin:
            raise ValueError(
                f"pin {i} must be a dict {{position dim: index}}, {{'roi': {{...}}}} or "
                f"{{'roi_mask': array}}, not {pin!r}"
            )
        if "roi" in pin:
            if set(pin) != {"roi"}:
                raise ValueError(f"pin {i}: a box pin holds 'roi' alone, not {sorted(pin)}")
            try:
                roi = check_ranges(md, pin["roi"], "position")
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                raise ValueError(f"pin {i}: {exc}") from None
            if not roi:
                raise ValueError(f"pin {i}: 'roi' names no range")
            checked: dict = {"roi": roi}
        elif "roi_mask" in pin:
            if not set(pin) <= {"roi_mask", "dims"}:
                raise ValueError(
                    f"pin {i}: a region pin holds 'roi_mask' (and 'dims'), not {sorted(pin)}"
                )
            dims = tuple(pin["dims"]) if pin.get("dims") is not None else mask_dims_now
            if dims is not None and any(
                d not in md.dim_names or md.dim(d).kind != "position" for d in dims
            ):
                raise ValueError(f"pin {i}: 'dims' {dims} must be position dimensions {positions}")
            try:
                mask = check_mask_value(md, "roi_mask", pin["roi_mask"], dims)
            except ValueError as exc:
                raise ValueError(f"pin {i}: {exc}") from None
            mask = mask.copy()
            mask.setflags(write=False)
            checked = {"roi_mask": mask, "dims": dims}
        else:
            checked = {}
            for name, v in pin.items():
                if name not in md.dim_names:
                    raise ValueError(
                        f"pin {i}: no dimension {name!r}; position dimensions are {positions}"
                    )
                d = md.dim(name)
                if d.kind != "position":
                    raise ValueError(
                        f"pin {i}: {name!r} is a spectroscopic dimension; a pin fixes position "
                        f"dimensions {positions}"
                    )
                try:
                    k = integer(v)
                except ValueError as exc:
                    raise ValueError(f"pin {i}: {exc}") from None
                if not 0 <= k < d.size:
                    raise ValueError(
                        f"pin {i}: index {v} out of range for {name!r} of size {d.size}"
                    )
                checked[name] = k
            checked = {n: checked[n] for n in positions if n in checked}
        for j, earlier in enumerate(out):
            if pins.same(earlier, checked):
                raise ValueError(f"pin {i} repeats pin {j}")
        out.append(checked)
    return out


def check_compare(value: Any, n_pins: int) -> int | tuple[int, int] | None:
    """What the diffraction plane compares: None (the selected position), a pin's number in
    ``pins`` (its pattern) or two different ones ``(a, b)`` (pin a's pattern minus pin b's)."""
    if value is None:
        return None
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not 1 <= len(items) <= 2:
        raise ValueError(f"compare takes a pin, two pins (a, b) for a - b, or None; got {value!r}")
    out = []
    for v in items:
        i = integer(v)
        if not 0 <= i < n_pins:
            raise ValueError(f"compare: no pin {i}; there are {n_pins} pins (0-based)")
        out.append(i)
    if len(out) == 2 and out[0] == out[1]:
        raise ValueError("compare: a difference needs two different pins")
    return out[0] if len(out) == 1 else (out[0], out[1])
