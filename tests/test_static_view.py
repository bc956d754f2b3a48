"""The static picture published with the live view, for notebooks opened without a kernel."""

from __future__ import annotations

import base64
import struct
import zlib

import nbformat
import numpy as np
from nbclient import NotebookClient

CELL = """
import numpy as np, h5py
from usid_widgets import explorer
from usid_widgets.writer import Dimension, write_main
data = np.arange(6 * 8, dtype=np.float32).reshape(6, 8)
with h5py.File("img.h5", "w") as f:
    write_main(f.create_group("M"), "Raw", data,
               [Dimension("Y", "nm", np.arange(6.0)), Dimension("X", "nm", np.arange(8.0))], [],
               quantity="Height", units="nm")
w = explorer("img.h5", colormap="gray")
w
"""


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos : pos + 4])
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + n]))
        pos += 12 + n
    return out


def test_display_publishes_a_png_of_the_view_then_the_widget(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data", "display_data"]
    picture, view = outputs
    assert "application/vnd.jupyter.widget-view+json" in view.data
    assert "application/vnd.jupyter.widget-view+json" not in picture.data
    png = base64.b64decode(picture.data["image/png"])
    chunks = dict(_chunks(png))
    text = dict(data.split(b"\0", 1) for kind, data in _chunks(png) if kind == b"tEXt")
    assert text[b"usid_widgets"].startswith(b"usidw-")
    assert text[b"Title"] == "Height: Y × X".encode("latin-1")
    # The picture is the gray-mapped ramp: darkest top-left, brightest bottom-right.
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(
        height, width * 3 + 1
    )
    rgb = raw[:, 1:].reshape(height, width, 3)
    assert width / height == 8 / 6
    assert rgb[0, 0].sum() < rgb[-1, -1].sum()
    assert (rgb[..., 0] == rgb[..., 1]).all()  # gray colormap


def _decode(png: bytes) -> np.ndarray:
    chunks = dict(_chunks(png))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8)
    return raw.reshape(height, width * 3 + 1)[:, 1:].reshape(height, width, 3)


def test_a_large_image_is_pictured_at_the_size_of_a_view_as_block_means(tmp_path):
    """A picture of every pixel of a big image cost ~1 s of zlib and megabytes per display."""
    import h5py

    from usid_widgets import explorer
    from usid_widgets.model.binning import bin_2d
    from usid_widgets.model.snapshot import colormap_lut, render_image
    from usid_widgets.widgets.static_view import PICTURE_SIDE, png_bundle
    from usid_widgets.writer import Dimension, write_main

    data = np.random.default_rng(3).random((700, 1100)).astype(np.float32)
    data[9:12, 18:21] = np.nan  # block (3, 6) of 3 x 3: no value
    data[13, 23] = np.nan  # block (4, 7): one NaN left out of the mean
    data[40, 41] = np.inf
    path = tmp_path / "big.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(700.0)), Dimension("X", "nm", np.arange(1100.0))],
            [],
        )
    w = explorer(str(path), colormap="magma")
    try:
        rgb = _decode(base64.b64decode(png_bundle(w, "k")["image/png"]))
    finally:
        w.close()
    f = -(-1100 // PICTURE_SIDE)
    assert f == 3 and rgb.shape == (-(-700 // f), -(-1100 // f), 3)
    binned = bin_2d(data, f).astype(np.float64)
    assert np.isnan(binned[3, 6]) and np.isfinite(binned[4, 7]) and np.isfinite(binned[13, 13])
    expected = render_image(binned, colormap_lut("magma"), None, (0.5, 99.5), "linear")
    np.testing.assert_array_equal(rgb, expected)
