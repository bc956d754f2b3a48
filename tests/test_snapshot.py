"""``usid_widgets.model.snapshot``: PNG encoding and the heatmap's colour mapping, no browser."""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np
import pytest

from usid_widgets.model import snapshot
from usid_widgets.model.snapshot import (
    NAN_COLOR,
    color_limits,
    colormap_lut,
    encode_png,
    render_image,
    render_png,
    render_points,
)
from usid_widgets.widgets.heatmap import COLORMAPS


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, checking each CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "bad PNG signature"
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        data = png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        out.append((kind, data))
        pos += 12 + length
    assert pos == len(png)
    return out


def _decode(png: bytes) -> np.ndarray:
    """A minimal decoder for the PNGs encode_png writes (8 bit, filter 0, no interlace)."""
    chunks = _chunks(png)
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, color, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, comp, filt, interlace) == (8, 0, 0, 0)
    channels = {0: 1, 2: 3, 6: 4}[color]
    raw = zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT"))
    rows = np.frombuffer(raw, dtype=np.uint8).reshape(height, 1 + width * channels)
    assert np.all(rows[:, 0] == 0), "every row uses filter type 0"
    pixels = rows[:, 1:].reshape(height, width, channels)
    return pixels[:, :, 0] if channels == 1 else pixels


# --------------------------------------------------------------------------------------------
# PNG


def test_png_signature_header_and_pixels_round_trip():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, size=(7, 13, 3), dtype=np.uint8)
    png = encode_png(rgb)
    chunks = _chunks(png)
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, color = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, depth, color) == (13, 7, 8, 2)
    np.testing.assert_array_equal(_decode(png), rgb)


def test_png_rgba_and_grey():
    rgba = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    np.testing.assert_array_equal(_decode(encode_png(rgba)), rgba)
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4)
    np.testing.assert_array_equal(_decode(encode_png(grey)), grey)


def test_png_decodes_with_pillow_when_installed(tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    rgb = np.zeros((5, 9, 3), dtype=np.uint8)
    rgb[1, 2] = (255, 0, 10)
    path = tmp_path / "x.png"
    path.write_bytes(encode_png(rgb))
    np.testing.assert_array_equal(np.asarray(image_module.open(path).convert("RGB")), rgb)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((4, 4, 3), dtype=np.float32),
        np.zeros((4, 4, 2), dtype=np.uint8),
        np.zeros((0, 4, 3), dtype=np.uint8),
        np.zeros(5, dtype=np.uint8),
    ],
)
def test_png_rejects_what_it_cannot_encode(bad):
    with pytest.raises(ValueError):
        encode_png(bad)


# --------------------------------------------------------------------------------------------
# colormaps


def test_every_heatmap_colormap_has_a_lut_matching_the_json():
    with open(snapshot.COLORMAPS_FILE, encoding="utf-8") as fh:
        table = json.load(fh)
    assert set(table) == set(COLORMAPS)
    for name, hexes in table.items():
        assert len(hexes) == 256 * 3 * 2
        lut = colormap_lut(name)
        assert lut.shape == (256, 3) and lut.dtype == np.uint8
        assert lut[0].tolist() == list(bytes.fromhex(hexes[:6]))
        assert lut[-1].tolist() == list(bytes.fromhex(hexes[-6:]))
        np.testing.assert_array_equal(colormap_lut(name, reverse=True), lut[::-1])


def test_known_colormap_ends():
    # published ends of the colormaps (matplotlib's data, rounded to 8 bits)
    assert colormap_lut("viridis")[0].tolist() == [68, 1, 84]
    assert colormap_lut("viridis")[-1].tolist() == [253, 231, 37]
    assert colormap_lut("gray")[0].tolist() == [0, 0, 0]
    assert colormap_lut("gray")[-1].tolist() == [255, 255, 255]
    np.testing.assert_array_equal(colormap_lut("gray")[:, 0], np.arange(256))


def test_lut_is_a_copy_and_unknown_names_raise():
    lut = colormap_lut("magma")
    lut[:] = 0
    assert colormap_lut("magma").any()
    with pytest.raises(ValueError, match="unknown colormap"):
        colormap_lut("jet")


# --------------------------------------------------------------------------------------------
# colour mapping


def test_linear_ramp_hits_every_entry_in_order():
    gray = colormap_lut("gray")
    ramp = (np.arange(256, dtype=float) + 0.5)[None, :]
    rgb = render_image(ramp, gray, clim=(0, 256))
    np.testing.assert_array_equal(rgb[0, :, 0], np.arange(256))
    assert rgb.shape == (1, 256, 3) and rgb.dtype == np.uint8


def test_nan_is_light_grey_and_not_in_the_colormap():
    image = np.array([[0.0, np.nan], [1.0, 2.0]])
    rgb = render_image(image, "viridis", clim=(0, 2))
    assert rgb[0, 1].tolist() == list(NAN_COLOR)
    assert not (colormap_lut("viridis") == np.array(NAN_COLOR)).all(axis=1).any()
    assert rgb[0, 0].tolist() == colormap_lut("viridis")[0].tolist()
    assert rgb[1, 1].tolist() == colormap_lut("viridis")[-1].tolist()


def test_clim_clips_to_the_end_colours():
    lut = colormap_lut("plasma")
    image = np.array([[-100.0, 10.0, 15.0, 20.0, 1e9, np.inf, -np.inf]])
    rgb = render_image(image, lut, clim=(10, 20))
    assert rgb[0, 0].tolist() == lut[0].tolist()  # below lo
    assert rgb[0, 1].tolist() == lut[0].tolist()  # at lo
    assert rgb[0, 2].tolist() == lut[128].tolist()  # half way: floor(0.5 * 256)
    assert rgb[0, 3].tolist() == lut[255].tolist()  # at hi
    assert rgb[0, 4].tolist() == lut[255].tolist()  # above hi
    assert rgb[0, 5].tolist() == lut[255].tolist()  # +inf
    assert rgb[0, 6].tolist() == lut[0].tolist()  # -inf


def test_reversed_lut_swaps_the_ends():
    image = np.array([[0.0, 1.0]])
    rgb = render_image(image, colormap_lut("cividis", reverse=True), clim=(0, 1))
    assert rgb[0, 0].tolist() == colormap_lut("cividis")[-1].tolist()


def test_automatic_limits_are_percentiles_of_the_finite_values():
    values = np.concatenate([np.linspace(0, 100, 1001), [np.nan, np.inf, 1e12]])
    lo, hi = color_limits(values)
    finite = values[np.isfinite(values)]
    assert (lo, hi) == pytest.approx(tuple(np.percentile(finite, [0.5, 99.5])))
    assert color_limits(values, percentiles=(0, 100)) == (0.0, 1e12)
    # an outlier does not wash out the picture: the ramp spans the colormap
    rgb = render_image(values[None, :1001], "gray")
    assert rgb[0, 0, 0] == 0 and rgb[0, -1, 0] == 255 and rgb[0, 500, 0] in (127, 128)


def test_constant_image_gets_the_middle_colour():
    rgb = render_image(np.full((2, 2), 7.0), "gray")
    assert np.all(rgb == 128)
    assert color_limits(np.zeros(4)) == (-1.0, 1.0)


def test_log_scale():
    lut = colormap_lut("gray")
    image = np.array([[1.0, 10.0, 100.0, 0.0, -5.0]])
    rgb = render_image(image, lut, clim=(1, 100), scale="log")
    assert rgb[0, 0].tolist() == lut[0].tolist()
    assert rgb[0, 1].tolist() == lut[128].tolist()  # one decade of two: half way
    assert rgb[0, 2].tolist() == lut[255].tolist()
    assert rgb[0, 3].tolist() == list(NAN_COLOR)  # no logarithm: drawn like NaN
    assert rgb[0, 4].tolist() == list(NAN_COLOR)
    # automatic limits use the positive values only
    lo, hi = color_limits(image, percentiles=(0, 100), scale="log")
    assert (lo, hi) == (1.0, 100.0)
    # a manual lower limit <= 0 becomes the smallest positive value
    assert color_limits(image, clim=(-1, 100), scale="log") == (1.0, 100.0)


def test_symlog_scale_is_symmetric():
    lut = colormap_lut("coolwarm")
    image = np.array([[-1000.0, 0.0, 1000.0, 1.0]])
    rgb = render_image(image, lut, clim=(-1000, 1000), scale="symlog")
    assert rgb[0, 0].tolist() == lut[0].tolist()
    assert rgb[0, 1].tolist() == lut[128].tolist()
    assert rgb[0, 2].tolist() == lut[255].tolist()
    # constant 1 (1000 / 10**3): log10(2) / log10(1001) of the upper half above the middle
    t = 0.5 + 0.5 * np.log10(2) / np.log10(1001)
    assert rgb[0, 3].tolist() == lut[int(t * 256)].tolist()


def test_render_image_rejects_bad_input():
    with pytest.raises(ValueError):
        render_image(np.zeros(3), "gray")
    with pytest.raises(ValueError):
        render_image(np.zeros((2, 2), dtype=complex), "gray")
    with pytest.raises(ValueError):
        render_image(np.zeros((2, 2)), "gray", scale="sqrt")


def test_render_png_upscales_small_images():
    png = render_png(np.arange(12.0).reshape(3, 4), "gray", min_size=40)
    pixels = _decode(png)
    assert pixels.shape == (30, 40, 3)  # factor 10
    assert pixels[0, 0].tolist() == [0, 0, 0] and pixels[-1, -1].tolist() == [255, 255, 255]
    assert np.all(pixels[:10, :10] == pixels[0, 0])


# --------------------------------------------------------------------------------------------
# sparse points


def test_points_drawn_at_their_coordinates_with_their_colours():
    lut = colormap_lut("viridis")
    x = np.array([0.0, 10.0, 0.0, 10.0])
    y = np.array([0.0, 0.0, 5.0, 5.0])
    values = np.array([0.0, 1.0, np.nan, 0.5])
    rgb = render_points(x, y, values, lut, clim=(0, 1), size=(60, 110), radius=2)
    assert rgb.shape == (60, 110, 3)
    # x spans 10 units over 110 - 1 - 4 pixels: 10.5 px per unit, centred vertically
    row_top, row_bottom = 30 - 26, 30 + 26  # y = 0 on top, y = 5 below
    assert rgb[row_top, 2].tolist() == lut[0].tolist()
    assert rgb[row_top, 107].tolist() == lut[255].tolist()
    assert rgb[row_bottom, 2].tolist() == list(NAN_COLOR)
    assert rgb[row_bottom, 107].tolist() == lut[128].tolist()
    # background elsewhere
    assert rgb[30, 55].tolist() == [255, 255, 255]
    assert rgb[0, 0].tolist() == [255, 255, 255]


def test_points_skip_non_finite_coordinates_and_check_lengths():
    rgb = render_points([np.nan], [1.0], [3.0], "gray", size=(8, 8))
    assert np.all(rgb == 255)
    with pytest.raises(ValueError):
        render_points([0.0, 1.0], [0.0], [1.0], "gray")
