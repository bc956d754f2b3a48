"""Boolean masks of image cells, for regions that are not rectangles (a lasso on the map)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def polygon_mask(vertices: Sequence[Sequence[float]], shape: tuple[int, int]) -> np.ndarray:
    """Cells of a ``shape`` grid whose centres lie inside a polygon (even-odd rule).

    ``vertices`` are ``(row, col)`` in cell units: cell ``(r, c)`` spans ``[r, r+1) x [c, c+1)``,
    so its centre is ``(r + 0.5, c + 0.5)``. The polygon closes itself; it may cross itself
    and leave the grid. Fewer than three vertices give an empty mask.
    """
    rows, cols = int(shape[0]), int(shape[1])
    mask = np.zeros((rows, cols), dtype=bool)
    v = np.asarray(vertices, dtype=np.float64).reshape(-1, 2)
    v = v[np.all(np.isfinite(v), axis=1)]
    if len(v) < 3 or rows == 0 or cols == 0:
        return mask
    y0, x0 = v[:, 0], v[:, 1]
    y1, x1 = np.roll(y0, -1), np.roll(x0, -1)
    lo = max(0, int(np.floor(v[:, 0].min() - 0.5)))
    hi = min(rows, int(np.ceil(v[:, 0].max() + 0.5)))
    if lo >= hi:
        return mask
    yc = np.arange(lo, hi, dtype=np.float64)[:, None] + 0.5  # centres of the rows touched
    # An edge crosses a row's centre line when its ends lie on either side (half-open, so a
    # vertex exactly on the line counts once).
    crosses = (y0 <= yc) != (y1 <= yc)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = x0 + (yc - y0) * (x1 - x0) / (y1 - y0)
    r_idx, e_idx = np.nonzero(crosses)
    # Cells whose centre is right of a crossing flip parity: the first is ceil(x - 0.5).
    first = np.ceil(x[r_idx, e_idx] - 0.5)
    first = np.clip(first, 0, cols).astype(np.intp)
    toggles = np.zeros((hi - lo, cols + 1), dtype=np.int32)
    np.add.at(toggles, (r_idx, first), 1)
    mask[lo:hi] = (np.cumsum(toggles[:, :cols], axis=1) % 2).astype(bool)
    return mask


def points_in_polygon(
    vertices: Sequence[Sequence[float]], ys: np.ndarray, xs: np.ndarray
) -> np.ndarray:
    """Which points ``(ys[i], xs[i])`` lie inside a polygon of ``(y, x)`` vertices (even-odd
    rule, the polygon closing itself); points with a non-finite coordinate are outside."""
    ys, xs = np.asarray(ys, dtype=np.float64), np.asarray(xs, dtype=np.float64)
    inside = np.zeros(ys.shape, dtype=bool)
    v = np.asarray(vertices, dtype=np.float64).reshape(-1, 2)
    v = v[np.all(np.isfinite(v), axis=1)]
    if len(v) < 3:
        return inside
    for (y0, x0), (y1, x1) in zip(v, np.roll(v, -1, axis=0), strict=True):
        crosses = (y0 <= ys) != (y1 <= ys)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = x0 + (ys - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (xc <= xs)
    return inside


def check_mask(mask: object, shape: tuple[int, int], what: str = "mask") -> np.ndarray:
    """``mask`` as a 2-D boolean array of ``shape``, or ValueError saying what is wrong."""
    arr = np.asarray(mask)
    if arr.dtype != bool:
        raise ValueError(f"{what} must be a boolean array, got dtype {arr.dtype}")
    if arr.shape != tuple(shape):
        raise ValueError(f"{what} must have the image's shape {tuple(shape)}, got {arr.shape}")
    if not arr.any():
        raise ValueError(f"{what} selects no cell")
    return arr
