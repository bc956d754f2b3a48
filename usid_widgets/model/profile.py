"""Line profiles: the values of an image along a line, and their distance axis.

The sampling rule, shared with ``js/src/profile.js`` (which draws the profile live while a
line is dragged) and specified with it by ``tests/golden/line_profile.json``:

- Endpoints ``(row, col)`` are index coordinates: pixel ``image[r, c]`` is centred on the
  integer point ``(r, c)``; fractions are allowed.
- A line of length ``L = sqrt(dr * dr + dc * dc)`` pixels gets ``n = ceil(L) + 1`` samples
  (one per pixel of length, both ends included; a line of zero length gets one sample) at
  ``t_k = k / (n - 1)``; sample ``k`` is at ``start + t_k * (dr, dc)``, ``t_k * L`` pixels from
  the start.
- A ``width`` of ``w`` pixels averages ``w`` parallel lines at perpendicular offsets
  ``j - (w - 1) / 2`` pixels, ``j = 0 .. w - 1``, along the unit normal ``(-dc, dr) / L``
  (none for a line of zero length): the mean of the finite samples across the band, NaN
  where none is.
- Bilinear interpolation: at ``(r, c)`` with ``i = floor(r)``, ``fr = r - i``, ``i1 = i + 1``
  if ``fr > 0`` else ``i`` (likewise ``j``, ``fc``, ``j1`` for the column),
  ``((a (1 - fc) + b fc) (1 - fr)) + ((c (1 - fc) + d fc) fr)`` with ``a = image[i, j]``,
  ``b = image[i, j1]``, ``c = image[i1, j]``, ``d = image[i1, j1]``. A point outside
  ``[0, H - 1] x [0, W - 1]`` gives NaN (it leaves the band mean).

Every operation is written in the same order on both sides, in float64, so the two agree to
the last bit.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np


class Profile(NamedTuple):
    """A line profile: ``values`` at ``distance`` from the line's start."""

    distance: np.ndarray
    """Distance of each sample from the start, in ``distance_unit`` (float64)."""
    values: np.ndarray
    """The image's values there (bilinear, the band's mean for a width > 1), float64."""
    distance_unit: str
    """The unit of ``distance``: the image axes' shared unit, or ``"pixels"``."""
    quantity: str
    """What the values are (the image's quantity)."""
    units: str
    """The unit of the values."""


def sample_count(length: float) -> int:
    """Samples along a line ``length`` pixels long: one per pixel of length, both ends."""
    return math.ceil(length) + 1 if length > 0 else 1


def line_length(start: Any, end: Any) -> float:
    """Length in pixels of the line from ``start`` to ``end`` (``(row, col)``)."""
    dr = float(end[0]) - float(start[0])
    dc = float(end[1]) - float(start[1])
    return math.sqrt(dr * dr + dc * dc)


def bilinear(image: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The image at points ``(r, c)`` (index coordinates), NaN outside it (module rule)."""
    h, w = image.shape
    r = np.asarray(r, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    inside = (r >= 0) & (r <= h - 1) & (c >= 0) & (c <= w - 1)
    rr = np.where(inside, r, 0.0)
    cc = np.where(inside, c, 0.0)
    i = np.floor(rr).astype(np.intp)
    j = np.floor(cc).astype(np.intp)
    fr = rr - i
    fc = cc - j
    i1 = np.where(fr > 0, i + 1, i)
    j1 = np.where(fc > 0, j + 1, j)
    img = np.asarray(image, dtype=np.float64)
    a, b = img[i, j], img[i, j1]
    cv, d = img[i1, j], img[i1, j1]
    v = (a * (1 - fc) + b * fc) * (1 - fr) + (cv * (1 - fc) + d * fc) * fr
    return np.where(inside, v, np.nan)


def sample_line(
    image: np.ndarray, start: Any, end: Any, width: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """``(t, values)``: the fraction of the line at each sample and the image's values there,
    by the module's rule (``width`` parallel lines one pixel apart, averaged)."""
    image = np.asarray(image)
    if image.ndim != 2 or 0 in image.shape:
        raise ValueError(f"a line profile needs a 2-D image, got shape {image.shape}")
    width = int(width)
    if width < 1:
        raise ValueError(f"the line width is a number of pixels >= 1, got {width}")
    r0, c0 = float(start[0]), float(start[1])
    dr, dc = float(end[0]) - r0, float(end[1]) - c0
    length = math.sqrt(dr * dr + dc * dc)
    n = sample_count(length)
    t = np.arange(n, dtype=np.float64) / (n - 1) if n > 1 else np.zeros(1)
    nr, nc = (-dc / length, dr / length) if length > 0 else (0.0, 0.0)
    base_r = r0 + t * dr
    base_c = c0 + t * dc
    total = np.zeros(n)
    count = np.zeros(n)
    for j in range(width):
        o = j - (width - 1) / 2
        v = bilinear(image, base_r + o * nr, base_c + o * nc)
        ok = np.isfinite(v)
        total = total + np.where(ok, v, 0.0)
        count = count + ok
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return t, values


def axis_spacing(values: Any) -> float | None:
    """The step of an evenly spaced axis (values of its cells), None when it has no usable
    step (fewer than two values or not finite)."""
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    if v.size < 2 or not np.isfinite(v[[0, -1]]).all():
        return None
    step = (v[-1] - v[0]) / (v.size - 1)
    return abs(float(step)) if step != 0 else None


def physical_spacing(
    row_axis: tuple[str, Any, bool], col_axis: tuple[str, Any, bool]
) -> tuple[str, float, float] | None:
    """``(unit, row step, column step)`` when both axes are linear (``(unit, values,
    linear)``) in one and the same non-empty unit; None: the distance is in pixels."""
    (ru, rv, rlin), (cu, cv, clin) = row_axis, col_axis
    if not (rlin and clin and ru and ru == cu):
        return None
    sr, sc = axis_spacing(rv), axis_spacing(cv)
    if sr is None or sc is None:
        return None
    return ru, sr, sc


def physical_length(start: Any, end: Any, spacing: tuple[float, float]) -> float:
    """Length of the line in the axes' unit, the cells ``spacing = (row step, column step)``
    apart (``js/src/profile.js: physicalLength``)."""
    dr = (float(end[0]) - float(start[0])) * spacing[0]
    dc = (float(end[1]) - float(start[1])) * spacing[1]
    return math.sqrt(dr * dr + dc * dc)
