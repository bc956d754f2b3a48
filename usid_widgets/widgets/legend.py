"""``PinLegend``: the legend of the pinned lines, each removable, and "Clear pins"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import traitlets

from .base import STATIC, BundleWidget


class PinLegend(BundleWidget):
    """One entry per pin (its colour, its name in physical units, a remove button) and a
    "Clear pins" button (``js/src/legend.js``). The buttons send the custom messages
    ``{"type": "unpin", "pin": i}`` and ``{"type": "clear_pins"}``."""

    _esm = STATIC / "legend.js"
    _kind = traitlets.Unicode("legend").tag(sync=True)
    items = traitlets.List(traitlets.Dict(), default_value=[]).tag(sync=True)
    """``[{"label": str, "color": "#rrggbb"}, ...]`` in pin order; the legend hides when empty."""
    plane = traitlets.Bool(False).tag(sync=True)
    """Whether a diffraction plane is on screen (4D-STEM): then the legend offers to show a
    pin's pattern on it, or the difference of two pins' ("Plane" and "minus" selects)."""
    compare = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    """What the plane shows, as the selects set it: ``[]`` the selected position, ``[a]`` pin
    a's pattern, ``[a, b]`` pin a's minus pin b's (0-based); the explorer's ``compare``."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._remove: list[Callable[[int | None], None]] = []
        self.on_msg(self._on_msg)

    def on_remove(self, callback: Callable[[int | None], None]) -> None:
        """``callback(i)`` when pin ``i`` is removed in the browser, ``callback(None)`` for all."""
        self._remove.append(callback)

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "unpin" and isinstance(content.get("pin"), int):
            which: int | None = content["pin"]
        elif content.get("type") == "clear_pins":
            which = None
        else:
            return
        for callback in list(self._remove):
            callback(which)
