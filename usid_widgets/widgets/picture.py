"""The picture of an explorer's view: ``w.to_matplotlib()`` and ``w.save(path)``.

``save`` writes the browser's own picture when a view of the explorer is live: the
heatmap's front end draws the views on one canvas at twice their CSS size
(``js/src/picture.js``, the same picture as its "Save image" button) and sends the PNG back
as a binary buffer of a custom message. A kernel hears comm messages only between cells, so
``save`` cannot wait for the bytes in the cell that asks for them (it would wait forever):
it returns a :class:`SavedPicture` at once, and the file is written when the bytes arrive,
just after the cell ends. If no browser answers within :data:`BROWSER_TIMEOUT_S` seconds of
the cell's end (the page was closed), the picture is drawn by matplotlib instead, when it is
installed. Without a live view the picture is matplotlib's, written before ``save`` returns;
without matplotlib either, ``save`` raises ImportError naming the extra to install.
"""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

import bqplot
import numpy as np

from ..model import picture as pic
from .heatmap import Heatmap
from .profile_plot import ProfilePlot
from .spectrum import SpectrumPlot

#: seconds after the cell's end before a request no browser answered is drawn by matplotlib
BROWSER_TIMEOUT_S = 20.0
#: the browser's picture is this many times the CSS size of the views
BROWSER_SCALE = 2
_requests = itertools.count(1)


def heatmap_panel(hm: Heatmap) -> Any:
    """The panel of what heatmap ``hm`` shows (its window at full resolution)."""
    shown = hm.shown()
    style = {
        "colormap": hm.colormap,
        "reverse": hm.reverse_colormap,
        "scale": hm.scale,
        "clim": hm.clim,
        "percentiles": list(hm.auto_percentiles),
    }
    if shown is None:
        return pic.MessagePanel(hm.title, str(hm.frame.get("message", "") or ""))
    if shown["mode"] == "points":
        panel = pic.points_panel(hm.title, shown["x"], shown["y"], shown["values"],
                                 hm.x_axis, hm.y_axis, hm.quantity, hm.units, **style)
        offset = (0, 0)
    else:
        panel = pic.image_panel(hm.title, shown["image"], shown["x_axis"], shown["y_axis"],
                                hm.quantity, hm.units, **style)
        offset = (hm.zoom[0], hm.zoom[2]) if hm.zoom else (0, 0)
    panel.pins = pic.pin_marks(panel, list(hm.pins), offset)
    return panel


def plot_panel(plot: SpectrumPlot | ProfilePlot) -> pic.PlotPanel:
    """The panel of the line plot: every bqplot line drawn on it but the step marker, in the
    order drawn (the pins' lines under the spectrum), in the plot's display units; a line
    other than the spectrum is named by its mark's label (the pins' legend)."""
    fig = plot.figure
    x_axis = next((a for a in fig.axes if a.orientation != "vertical"), None)
    y_axis = next((a for a in fig.axes if a.orientation == "vertical"), None)
    lines = []
    for mark in fig.marks:
        step = getattr(plot, "marker", None)  # the spectrum's dashed step marker
        if not isinstance(mark, bqplot.Lines) or mark is step or not mark.visible:
            continue
        y = np.asarray(mark.y, dtype=np.float64)
        if y.size == 0:
            continue
        ys = y if y.ndim == 2 else y[None]  # a mark of several lines (the pins') or one
        x = np.asarray(mark.x, dtype=np.float64)
        xs = x if x.ndim == 2 else np.broadcast_to(x, (len(ys), x.size))
        main = mark is plot.line  # bqplot's first colour, as matplotlib's; named by the pins'
        colors, labels = list(mark.colors or []), list(mark.labels or [])
        for i, (xi, yi) in enumerate(zip(xs, ys, strict=False)):
            lines.append(pic.PlotLine(
                x=np.asarray(xi),
                y=yi,
                label="" if main or i >= len(labels) else str(labels[i]),
                color="" if main or not colors else str(colors[i % len(colors)]),
                style=str(mark.line_style),
                markers=mark.marker is not None,
            ))
    step = getattr(plot, "marker", None)
    mx = np.asarray(step.x if step is not None else [], dtype=np.float64)
    marker = float(mx[0]) if mx.size and step.visible and np.isfinite(mx[0]) else None
    return pic.PlotPanel(
        title=str(fig.title or ""),
        xlabel=str(x_axis.label if x_axis is not None else ""),
        ylabel=str(y_axis.label if y_axis is not None else ""),
        lines=lines,
        marker=marker if lines else None,
    )


def explorer_picture(views: list) -> pic.Picture:
    """The picture of the views shown (the explorer's ``views`` box's children, in order)."""
    panels = []
    for view in views:
        if isinstance(view, Heatmap):
            panels.append(heatmap_panel(view))
        elif isinstance(view, (SpectrumPlot, ProfilePlot)):
            panels.append(plot_panel(view))
    return pic.Picture(panels)


class SavedPicture:
    """What ``w.save(path)`` did: ``path``, ``source`` ("browser" or "matplotlib"), ``done``
    (the file is written), ``error`` (why it was not, or None). A picture asked of the
    browser is written just after the cell that asked for it ends (the kernel hears the
    browser only between cells): look at ``done`` in a later cell."""

    def __init__(self, path: str, source: str):
        self.path = path
        self.source = source
        self.done = False
        self.error: str | None = None
        self.size: tuple[int, int] | None = None

    def __repr__(self) -> str:
        if self.error:
            return f"<{self.path}: not written: {self.error}>"
        if self.done:
            size = f", {self.size[0]} x {self.size[1]} px" if self.size else ""
            return f"<{self.path}: written ({self.source}{size})>"
        return (f"<{self.path}: the browser is drawing it; written when its picture arrives, "
                "just after this cell ends>")


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of PNG bytes, or None when they are not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class BrowserPictures:
    """Asks the heatmap's live views for the picture and writes it when it arrives.

    The front end tells the kernel when a view of the heatmap opens (the custom message
    ``{"type": "view", "open": true}``), not when it goes (its model is often closed by then);
    a request ``{"type": "picture", "request": n, "scale": 2}`` is answered by the first view
    that draws it: ``{"type": "picture", "request": n}`` with the PNG as its one buffer, or
    ``"error"`` (then matplotlib draws it). A view that has gone (its output cleared, the page
    closed) does not answer: matplotlib draws it after :data:`BROWSER_TIMEOUT_S`."""

    def __init__(self, heatmap: Heatmap, fallback):
        self.heatmap = heatmap
        self.fallback = fallback  # (path) -> None: the matplotlib picture
        self.views = 0
        self.pending: dict[int, SavedPicture] = {}
        heatmap.on_msg(self._on_msg)

    @property
    def live(self) -> bool:
        """Whether a view of the heatmap was shown on a page (it may have gone since)."""
        return self.views > 0

    def request(self, path: str) -> SavedPicture:
        n = next(_requests)
        saved = SavedPicture(path, "browser")
        self.pending[n] = saved
        self.heatmap.send({"type": "picture", "request": n, "scale": BROWSER_SCALE})
        self._after_cell(lambda: self._start_timer(n))
        return saved

    def _after_cell(self, fn) -> None:
        try:
            from IPython import get_ipython

            ip = get_ipython()
        except ImportError:
            ip = None
        if ip is None or not getattr(ip, "events", None):
            fn()
            return

        def once(*_: Any) -> None:
            ip.events.unregister("post_run_cell", once)
            fn()

        ip.events.register("post_run_cell", once)

    def _start_timer(self, n: int) -> None:
        timer = threading.Timer(BROWSER_TIMEOUT_S, self._timed_out, args=(n,))
        timer.daemon = True
        timer.start()

    def _timed_out(self, n: int) -> None:
        saved = self.pending.pop(n, None)
        if saved is not None:
            self._draw_instead(saved, f"no browser answered within {BROWSER_TIMEOUT_S:g} s")

    def _draw_instead(self, saved: SavedPicture, why: str) -> None:
        """matplotlib's picture where the browser gave none; ``why`` on the result if it
        cannot be drawn either."""
        saved.source = "matplotlib"
        try:
            self.fallback(saved.path)
        except Exception as exc:  # noqa: BLE001 - said on the result object
            saved.error = f"{why}, and matplotlib could not draw it: {exc}"
            return
        saved.done = True

    def _on_msg(self, _widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "view":
            self.views += bool(content.get("open"))
            return
        if kind != "picture":
            return
        saved = self.pending.pop(content.get("request"), None)
        if saved is None:  # another view answered first, or it timed out
            return
        if content.get("error") or not buffers:
            # e.g. the view is in a collapsed output: nothing on screen to draw
            self._draw_instead(saved, f"the browser could not draw it ({content.get('error')})")
            return
        data = bytes(buffers[0])
        tmp = f"{saved.path}.part"
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, saved.path)
        except OSError as exc:
            saved.error = f"cannot write it: {exc}"
            return
        saved.size = png_size(data)
        saved.done = True
