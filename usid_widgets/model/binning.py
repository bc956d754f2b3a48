"""Shaping arrays for the browser: block means of images larger than a view, float32."""

from __future__ import annotations

import warnings

import numpy as np

#: Longest side of a heatmap's image box, in device pixels, assumed before the browser says
#: what it is: js/src/geometry.js ``MAX_SIZE`` (the largest box, CSS px) at one device pixel
#: per CSS pixel. A smaller box then takes the next frame coarser, a high-density screen
#: (``devicePixelRatio`` 2) sharper.
ASSUMED_DISPLAY_SIDE = 440


def display_binning(shape: tuple[int, int], display_side: int, max_side: int) -> int:
    """Binning factor of an image (window) of ``shape`` drawn in a box of at most
    ``display_side`` device pixels each way: the largest ``f`` that still leaves at least
    ``display_side`` blocks along both sides (never fewer cells than screen pixels; a side
    shorter than the box is not binned at all), but at least the ``f`` that brings the longer
    side within ``max_side``."""
    h, w = (int(v) for v in shape)
    side = max(1, int(display_side))
    fit = min(h // side, w // side)
    cap = -(-max(h, w) // max(1, int(max_side)))
    return max(1, fit, cap)


def bin_1d(values: np.ndarray, f: int) -> np.ndarray:
    """Means of consecutive groups of ``f`` values (the last group may be shorter)."""
    if f <= 1 or values.size == 0:
        return values
    n = -(-values.size // f)
    padded = np.full(n * f, np.nan)
    padded[: values.size] = values
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(padded.reshape(n, f), axis=1)


# Row sums of one band of bin_2d: small enough to stay in the CPU's cache.
_BIN_BAND_BYTES = 1 << 18
# Largest block side summed in float32 (blocks of at most 16 values).
_BIN_F32_MAX = 4


def bin_2d(image: np.ndarray, f: int) -> np.ndarray:
    """Means of ``f x f`` blocks as float32, ignoring NaN and inf (a block of neither is NaN)."""
    if f <= 1:
        return image
    h, w = image.shape
    hb, wb = -(-h // f), -(-w // f)
    # Most images hold only finite values: add and divide by the known cell count of each
    # block (~5x faster than masking every part). Rows first, whole rows at a time, then the
    # columns of that f-times smaller sum, one band of block rows at a time through a small
    # reused buffer: memory is walked in order and no image-sized temporary is made. float32
    # data is added in float32 when blocks are small (at most 15 roundings of 2**-24, below
    # what a float32 mean shows; half the memory traffic: a 2048 x 2048 image by 2 in 2.1 ms
    # instead of 3.7), anything else in float64. A block whose sum is not finite held a NaN
    # or an inf, or overflowed float32: then the masked pass, in float64, leaves those out.
    acc = np.float32 if image.dtype == np.float32 and f <= _BIN_F32_MAX else np.float64
    sums = np.empty((hb, wb), dtype=acc)
    band = max(1, _BIN_BAND_BYTES // (sums.itemsize * w))  # block rows per band
    buf = np.empty((min(band, hb), w), dtype=acc)
    with np.errstate(invalid="ignore", over="ignore"):
        for b0 in range(0, hb, band):
            b1 = min(hb, b0 + band)
            seg = image[b0 * f : b1 * f]
            rows = buf[: b1 - b0]
            rows[...] = seg[0::f]
            for i in range(1, f):
                part = seg[i::f]
                rows[: part.shape[0]] += part
            out = sums[b0:b1]
            out[...] = rows[:, 0::f]
            for j in range(1, f):
                part = rows[:, j::f]
                out[:, : part.shape[1]] += part
        sums /= f * f
        # the last row / column of blocks is shorter when f does not divide the side
        if h % f:
            sums[-1] *= f / (h % f)
        if w % f:
            sums[:, -1] *= f / (w % f)
    if np.isfinite(sums).all():
        return sums.astype(np.float32, copy=False)
    return _nan_bin_2d(image, f, hb, wb)


def _nan_bin_2d(image: np.ndarray, f: int, hb: int, wb: int) -> np.ndarray:
    sums = np.zeros((hb, wb), dtype=np.float64)
    counts = np.zeros((hb, wb), dtype=np.int64)
    # One strided view per position in the block: no padded copy of the image.
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        for i in range(f):
            for j in range(f):
                part = image[i::f, j::f]
                finite = np.isfinite(part)
                rows, cols = part.shape
                sums[:rows, :cols] += np.where(finite, part, 0)
                counts[:rows, :cols] += finite
        return (sums / counts).astype(np.float32)


def finite32(values: np.ndarray) -> np.ndarray:
    """``values`` as float32 for the wire; values beyond float32's range are clipped to its
    largest finite value (they would become inf), NaN and inf stay."""
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiub":
        arr = arr.astype(np.float64)
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 4:
        big = np.finfo(np.float32).max
        arr = np.clip(arr, -big, big, where=np.isfinite(arr), out=arr.copy())
    return arr.astype(np.float32, copy=False)
