"""bin_2d / bin_1d: block means of what the browser receives when an image is larger than
the display, checked against a padded ``np.nanmean`` (non-finite cells left out)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from usid_widgets.model.binning import bin_1d, bin_2d


def reference(image: np.ndarray, f: int) -> np.ndarray:
    h, w = image.shape
    hb, wb = -(-h // f), -(-w // f)
    padded = np.full((hb * f, wb * f), np.nan)
    values = image.astype(np.float64)
    values[~np.isfinite(values)] = np.nan  # inf is left out as NaN is
    padded[:h, :w] = values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(padded.reshape(hb, f, wb, f), axis=(1, 3))


@pytest.mark.parametrize("shape", [(8, 8), (9, 7), (1, 13), (13, 1), (2048, 5), (5, 3)])
@pytest.mark.parametrize("f", [2, 3, 4, 7])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "uint8"])
def test_finite_images_match_nanmean(shape, f, dtype):
    rng = np.random.default_rng(hash((shape, f, dtype)) % 2**32)
    image = (rng.random(shape) * 200 - (0 if dtype.startswith("u") else 100)).astype(dtype)
    out = bin_2d(image, f)
    assert out.dtype == np.float32
    assert out.shape == (-(-shape[0] // f), -(-shape[1] // f))
    np.testing.assert_allclose(out, reference(image, f), rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("shape", [(41, 23), (40, 24), (3, 50)])
@pytest.mark.parametrize("f", [2, 3, 4])
def test_bands_of_block_rows_join_up(monkeypatch, shape, f):
    import usid_widgets.model.binning as binning

    monkeypatch.setattr(binning, "_BIN_BAND_BYTES", 8 * shape[1] * 3)  # 3 block rows a band
    image = np.random.default_rng(sum(shape) * f).random(shape).astype(np.float32)
    np.testing.assert_allclose(bin_2d(image, f), reference(image, f), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("shape", [(10, 10), (11, 9)])
def test_non_finite_cells_are_left_out_and_empty_blocks_are_nan(bad, shape):
    rng = np.random.default_rng(3)
    image = rng.random(shape).astype(np.float32)
    image[rng.random(shape) < 0.2] = bad
    image[0:3, 0:3] = bad  # one whole block of f = 3 with nothing to average
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may leak to the user's notebook
        out = bin_2d(image, 3)
    assert np.isnan(out[0, 0])
    np.testing.assert_allclose(out, reference(image, 3), rtol=1e-6)


def test_a_huge_sum_falls_back_without_warnings():
    image = np.full((4, 4), 1e308)  # the fast sum overflows; the block mean does not exist
    image[0, 0] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = bin_2d(image, 2)
    assert out.shape == (2, 2) and out.dtype == np.float32


def test_a_float32_sum_that_overflows_still_gives_the_mean():
    big = np.finfo(np.float32).max / 2
    image = np.full((6, 6), big, dtype=np.float32)  # 4 of these overflow a float32 sum
    image[1, 1] = -big
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = bin_2d(image, 2)
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out, reference(image, 2), rtol=1e-6)


@pytest.mark.parametrize("f", [5, 8, 16])
def test_large_float32_blocks_keep_float32_precision(f):
    """Beyond ``_BIN_F32_MAX`` the sums are float64: a mean far from zero of many values
    stays within a float32 rounding of the exact one."""
    rng = np.random.default_rng(f)
    image = (1000.0 + rng.random((8 * f + 3, 5 * f))).astype(np.float32)
    np.testing.assert_allclose(bin_2d(image, f), reference(image, f), rtol=2**-23, atol=0)


def test_one_is_the_image_itself():
    image = np.arange(12.0).reshape(3, 4)
    assert bin_2d(image, 1) is image


def test_bin_1d_means_of_groups_with_a_short_last_group():
    values = np.array([1.0, 3.0, np.nan, 5.0, 7.0])
    np.testing.assert_allclose(bin_1d(values, 2), [2.0, 5.0, 7.0])
