"""A static picture next to the live explorer, for notebooks opened without a kernel.

A saved notebook reopened without a kernel (or shown by GitHub, nbviewer, nbconvert) cannot
draw a widget. So ``display(w)`` first publishes a PNG of the current image, then the widget
view. The live view hides that PNG when it renders (it finds the key written in the PNG's
tEXt chunk), and the PNG follows the view, debounced, so that a saved notebook shows what
the user last saw.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from typing import Any

import numpy as np

from ..model import snapshot
from ..model.binning import bin_2d

DEBOUNCE_S = 1.5
KEY_FIELD = "usid_widgets"
# Longest side of the picture, in pixels. It stands in for a view shown a few hundred pixels
# wide: a 2048 x 2048 image at full size took 0.8-1 s of zlib in the kernel at every display
# and refresh, and put 9.5 MB of base64 in the notebook.
PICTURE_SIDE = 512
_counter = itertools.count()


def png_bundle(w: Any, key: str) -> dict[str, str] | None:
    """The display data of ``w``'s current image as a PNG carrying ``key``, or None."""
    image = w.image
    if image is None or np.ndim(image) != 2 or np.size(image) == 0:
        return None
    try:
        f = -(-max(np.shape(image)) // PICTURE_SIDE)
        if f > 1:  # block means, as the frames the view draws (NaN and inf left out)
            image = bin_2d(np.asarray(image), f)
        png = snapshot.render_png(
            np.asarray(image, dtype=np.float64),
            w.colormap,
            w.reverse_colormap,
            w.clim,
            w.auto_percentiles,
            w.scale,
            text={KEY_FIELD: key, "Title": w.heatmap.title},
        )
    except Exception:  # a picture is a courtesy: never let it break the display
        return None
    return {
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": f"Static picture of the usid_widgets explorer: {w.heatmap.title}",
    }


class StaticPicture:
    """Publishes and refreshes the PNG that stands in for ``w`` when no kernel draws it."""

    def __init__(self, w: Any):
        self.w = w
        self.keys: list[str] = []
        self._pending: Any = None

    def display(self) -> None:
        from IPython.display import display

        key = f"usidw-{self.w.heatmap.model_id}-{next(_counter)}"
        bundle = png_bundle(self.w, key)
        if bundle is not None:
            display(bundle, raw=True, display_id=key)
            self.keys.append(key)
            self.w.heatmap.snapshot_keys = list(self.keys)
        display(self.w._repr_mimebundle_(), raw=True)

    def changed(self, *_: Any) -> None:
        """Refresh the pictures once the view has been still for DEBOUNCE_S seconds."""
        if not self.keys:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(DEBOUNCE_S, self.refresh)

    def refresh(self) -> None:
        from IPython.display import update_display

        self._pending = None
        for key in self.keys:
            bundle = png_bundle(self.w, key)
            if bundle is not None:
                update_display(bundle, raw=True, display_id=key)
