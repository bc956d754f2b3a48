"""``SpectrumPlot``: the line plot along one dimension, drawn by bqplot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
        # The click layer has its own fixed 0..1 y scale: full-height columns that never need
        # resending when the data range changes, and that do not stretch the data's y range.
        self.hits = bqplot.Bars(
            x=np.zeros(0),
            y=np.zeros(0),
            base=0.0,
            scales={"x": self.x_scale, "y": bqplot.LinearScale(min=0.0, max=1.0)},
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
        self.brush = bqplot.interacts.BrushIntervalSelector(scale=self.x_scale, color="#d62728")
        self.mode = ipywidgets.ToggleButtons(
            options=[("Click: select step", "step"), ("Drag: sum an interval", "interval")],
            value="step",
            description="Plot",
            style={"button_width": "auto"},
        )
        super().__init__([self.mode, self.figure, self.message], **kwargs)
        self._click_callbacks: list[Callable[[int], None]] = []
        self._interval_callbacks: list[Callable[[int | None, int | None], None]] = []
        self._x = np.zeros(0)
        self.hits.observe(self._on_hit, names="selected")
        self.brush.observe(self._on_brush, names=["brushing"])
        self.mode.observe(self._on_mode, names="value")

    def on_step_click(self, callback: Callable[[int], None]) -> None:
        self._click_callbacks.append(callback)

    def on_interval(self, callback: Callable[[int | None, int | None], None]) -> None:
        """``callback(start, stop)`` with step indices when an interval is dragged, or
        ``(None, None)`` when it is cleared."""
        self._interval_callbacks.append(callback)

    def interval_indices(self, selected: Any) -> tuple[int, int] | None:
        """Steps whose x lies within the brushed x range, as (start, stop)."""
        if selected is None or len(selected) != 2 or self._x.size == 0:
            return None
        lo, hi = sorted(float(v) for v in selected)
        inside = np.flatnonzero((self._x >= lo) & (self._x <= hi))
        if inside.size == 0:
            return None
        return int(inside.min()), int(inside.max()) + 1

    def _emit_interval(self, rng: tuple[int, int] | None) -> None:
        for callback in list(self._interval_callbacks):
            callback(*(rng or (None, None)))

    def _on_brush(self, change: dict) -> None:
        if not change["new"]:  # the drag has ended
            self._emit_interval(self.interval_indices(self.brush.selected))

    def _on_mode(self, change: dict) -> None:
        # A selector overlay takes the mouse: clicks on steps only work without it.
        if change["new"] == "interval":
            self.figure.interaction = self.brush
        else:
            self.figure.interaction = None
            self.brush.selected = None
            self._emit_interval(None)

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
        same_x = x.shape == self._x.shape and np.array_equal(x, self._x)
        with self.figure.hold_sync(), self.line.hold_sync(), self.hits.hold_sync():
            # A step of another slider changes only y: resend only y (bqplot sends every
            # assigned array, equal or not).
            if same_x:
                self.line.y = y
            else:
                self.line.x, self.line.y = x, y
                self.hits.x, self.hits.y = x, np.ones(x.shape)
            self.line.marker = "circle" if markers else None
            self.line.marker_size = 8
            self.x_axis.label, self.y_axis.label = xlabel, ylabel
            self.message.value = "" if finite.size else "No measured values here (all NaN)."
        self._x = x
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
