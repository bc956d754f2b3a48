"""``SpectrumPlot``: the line plot along one dimension, drawn by bqplot."""

from __future__ import annotations

from collections.abc import Callable

import bqplot
import ipywidgets
import numpy as np


def axis_label(name: str, units: str) -> str:
    return f"{name} ({units})" if units else name


class SpectrumPlot(ipywidgets.VBox):
    """Values along the plot dimension at the selected position, with a step marker.

    Clicking anywhere in the plot's column above a step selects that step: an invisible bar
    per step catches the click (bqplot has no click-to-coordinate event), and
    :meth:`on_step_click` callbacks receive its index. bqplot sends the arrays as binary buffers.
    """

    def __init__(self, **kwargs):
        self.x_scale = bqplot.LinearScale()
        self.y_scale = bqplot.LinearScale()
        self.x_axis = bqplot.Axis(scale=self.x_scale, label="", grid_lines="dashed")
        self.y_axis = bqplot.Axis(
            scale=self.y_scale,
            label="",
            side="left",
            grid_lines="dashed",
            tick_format=".3~g",
        )
        self.line = bqplot.Lines(
            x=np.zeros(0),
            y=np.zeros(0),
            scales={"x": self.x_scale, "y": self.y_scale},
            stroke_width=1.5,
        )
        self.marker = bqplot.Lines(
            x=np.zeros(2),
            y=np.zeros(2),
            scales={"x": self.x_scale, "y": self.y_scale},
            colors=["#d62728"],
            line_style="dashed",
        )
        self.dot = bqplot.Scatter(
            x=np.zeros(1),
            y=np.zeros(1),
            scales={"x": self.x_scale, "y": self.y_scale},
            colors=["#d62728"],
            default_size=40,
        )
        self.hits = bqplot.Bars(
            x=np.zeros(0),
            y=np.zeros(0),
            scales={"x": self.x_scale, "y": self.y_scale},
            padding=0.0,
            opacities=[0.0],
            interactions={"click": "select"},
            selected_style={"opacity": "0"},
            unselected_style={"opacity": "0"},
            colors=["#888888"],
        )
        self.figure = bqplot.Figure(
            marks=[self.hits, self.line, self.marker, self.dot],
            axes=[self.x_axis, self.y_axis],
            fig_margin={"top": 20, "bottom": 45, "left": 70, "right": 15},
            layout=ipywidgets.Layout(width="100%", height="320px", min_width="280px"),
            animation_duration=0,
            padding_y=0.05,
        )
        self.message = ipywidgets.Label("")
        super().__init__([self.figure, self.message], **kwargs)
        self._click_callbacks: list[Callable[[int], None]] = []
        self._x = np.zeros(0)
        self.hits.observe(self._on_hit, names="selected")

    def on_step_click(self, callback: Callable[[int], None]) -> None:
        self._click_callbacks.append(callback)

    def show(
        self,
        x: np.ndarray,
        y: np.ndarray,
        xlabel: str,
        ylabel: str,
        step: int | None,
        markers: bool,
    ) -> None:
        """Plot ``y`` against ``x`` with the marker at index ``step``."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        finite = y[np.isfinite(y)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        self._x = x
        with self.figure.hold_sync(), self.line.hold_sync(), self.hits.hold_sync():
            self.line.x, self.line.y = x, y
            self.line.marker = "circle" if markers else None
            self.line.marker_size = 8
            self.hits.x = x
            self.hits.y = np.full(x.shape, hi)
            self.hits.base = lo
            self.x_axis.label, self.y_axis.label = xlabel, ylabel
            self.message.value = "" if finite.size else "No measured values here (all NaN)."
        self.set_step(step, (lo, hi))

    def set_step(self, step: int | None, yrange: tuple[float, float] | None = None) -> None:
        """Move the marker to index ``step`` (None hides it)."""
        if step is None or not 0 <= step < self._x.size:
            self.marker.visible = self.dot.visible = False
            return
        if yrange is None:
            y = np.asarray(self.line.y, dtype=np.float64)
            finite = y[np.isfinite(y)]
            yrange = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        xv = float(self._x[step])
        yv = float(np.asarray(self.line.y, dtype=np.float64)[step]) if self._x.size else 0.0
        with self.marker.hold_sync(), self.dot.hold_sync():
            self.marker.x, self.marker.y = np.array([xv, xv]), np.array(yrange, dtype=np.float64)
            self.dot.x, self.dot.y = (
                np.array([xv]),
                np.array([yv if np.isfinite(yv) else yrange[0]]),
            )
            self.marker.visible = self.dot.visible = True

    def _on_hit(self, change: dict) -> None:
        sel = change["new"]
        if sel is None or len(sel) == 0:
            return
        step = int(np.asarray(sel).reshape(-1)[0])
        for callback in list(self._click_callbacks):
            callback(step)
