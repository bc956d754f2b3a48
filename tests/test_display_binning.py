"""Images travel at the resolution they are displayed at: the binning rule
(``model.binning.display_binning``) and the heatmap resending when the browser reports
another box side (``Heatmap.display_side``)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from usid_widgets.model.binning import ASSUMED_DISPLAY_SIDE, display_binning
from usid_widgets.model.wire import from_array_dict
from usid_widgets.widgets.heatmap import Heatmap

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("shape", "side", "f"),
    [
        ((2048, 2048), 440, 4),  # 512 x 512 blocks: still >= 440 device pixels
        ((2048, 2048), 368, 5),  # a 1024 x 768 window: 410 >= 368
        ((2048, 2048), 880, 2),  # devicePixelRatio 2
        ((2048, 2048), 2000, 2),  # never longer than max_side (1024)
        ((4096, 4096), 1320, 4),  # max_side again, on a screen of ratio 3
        ((512, 512), 440, 1),  # fewer than 2 cells per pixel: whole
        ((879, 879), 440, 1),
        ((880, 880), 440, 2),
        ((128, 1024), 440, 1),  # a short side is never binned below the box
        ((2100, 1500), 440, 3),
        ((300, 500), 440, 1),
        ((2100, 1200), 440, 3),  # 2 fits the box, 3 keeps 2100 within 1024
        ((5, 3), 1, 3),
    ],
)
def test_the_coarsest_blocks_that_leave_a_cell_per_device_pixel(shape, side, f):
    assert display_binning(shape, side, 1024) == f
    h, w = shape
    if f > 1 and f > -(-max(shape) // 1024):
        # each side keeps at least `side` blocks, one more binning step would not
        assert min(h // f, w // f) >= side and min(h // (f + 1), w // (f + 1)) < side


def test_the_assumed_side_is_the_browsers_largest_box():
    """Before the browser reports, the kernel assumes js/src/geometry.js MAX_SIZE at one
    device pixel per CSS pixel: the two constants are one rule."""
    text = (REPO / "js" / "src" / "geometry.js").read_text()
    assert int(re.search(r"export const MAX_SIZE = (\d+);", text).group(1)) == ASSUMED_DISPLAY_SIDE


def _sent(hm: Heatmap) -> np.ndarray:
    return from_array_dict(hm.frame["data"])


def test_a_reported_side_resends_the_frame_sharper_or_lighter():
    image = np.arange(2048 * 2048, dtype=np.float32).reshape(2048, 2048)
    hm = Heatmap()
    hm.show_image(image)
    first = hm.frame["id"]
    assert hm.binning == 4 and _sent(hm).shape == (512, 512)
    np.testing.assert_allclose(_sent(hm)[3, 5], image[12:16, 20:24].mean())
    hm.display_side = 460  # the same factor: nothing is sent
    assert hm.frame["id"] == first
    hm.display_side = 880  # a screen of devicePixelRatio 2
    assert hm.binning == 2 and _sent(hm).shape == (1024, 1024) and hm.frame["id"] > first
    np.testing.assert_allclose(_sent(hm)[3, 5], image[6:8, 10:12].mean())
    hm.display_side = 368  # a smaller window: lighter frames
    assert hm.binning == 5 and _sent(hm).shape == (410, 410)
    # a zoomed window follows the same rule; the kept image stays whole
    hm.zoom = [0, 600, 0, 900]
    assert hm.binning == 1 and _sent(hm).shape == (600, 900)
    hm.zoom = []
    assert hm.binning == 5


def test_the_binned_frame_does_not_follow_lines_sent_ahead():
    """``can_follow``: an image the rule bins does not travel whole, so a held step must not
    build it in the browser from lines."""
    hm = Heatmap()
    hm.show_image(np.zeros((900, 900), np.float32))
    assert hm.binning == 2 and not hm.can_follow((900, 900))
    hm.display_side = 900
    assert hm.binning == 1 and hm.can_follow((900, 900))


def test_full_resolution_stays_in_python(tmp_path):
    """``w.image`` and the data export give the whole image whatever travels."""
    from usid_widgets import explorer
    from usid_widgets.writer import write_image

    data = np.random.default_rng(0).random((2048, 2048)).astype(np.float32)
    write_image(str(tmp_path / "big.h5"), data)
    w = explorer(str(tmp_path / "big.h5"))
    assert w.heatmap.binning == 4
    assert w.image.shape == (2048, 2048)
    np.testing.assert_array_equal(w.image, data)
    shown = w.heatmap.shown()
    assert shown["image"].shape == (2048, 2048)
    w.close()
