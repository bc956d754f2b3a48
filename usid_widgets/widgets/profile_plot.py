"""``ProfilePlot``: the values along a line drawn on a heatmap, against distance (bqplot).

The explorer makes it on first use (``Explorer.profile_plot``) and places it in the views row
after the linked view, so a spectral image keeps its spectrum beside it. While a line is
dragged the browser draws into :attr:`ProfilePlot.line` itself (``js/src/profile.js``, from
the image it holds); when the drag ends the kernel sends the profile of the full-resolution
image (:meth:`ProfilePlot.show`).
"""

from __future__ import annotations

from typing import Any

import bqplot
import ipywidgets
import numpy as np

from .spectrum import tick_format


class ProfilePlot(ipywidgets.VBox):
    """A bqplot figure of one line profile; axes scale to the line (drawn live by the browser,
    which may make it longer or shorter than the kernel's last one)."""

    def __init__(self, **kwargs: Any):
        self.x_scale = bqplot.LinearScale(allow_padding=False)
        self.y_scale = bqplot.LinearScale()
        # no num_ticks: bqplot then takes d3's round tick values for the domain of the line
        # on show (with num_ticks it spaces them evenly: 0.584438, 1.16888, ...), also while
        # the browser draws a dragged line of another length
        self.x_axis = bqplot.Axis(
            scale=self.x_scale, label="", grid_lines="dashed", tick_format="~g"
        )
        self.y_axis = bqplot.Axis(
            scale=self.y_scale,
            label="",
            side="left",
            grid_lines="dashed",
            tick_format="~g",
            label_offset="46px",
        )
        self.line = bqplot.Lines(
            x=np.zeros(0),
            y=np.zeros(0),
            scales={"x": self.x_scale, "y": self.y_scale},
            stroke_width=1.5,
            colors=["#1f77b4"],
        )
        self.figure = bqplot.Figure(
            marks=[self.line],
            axes=[self.x_axis, self.y_axis],
            # room above the axes for the title (smaller than bqplot's, widgets.css)
            fig_margin={"top": 32, "bottom": 45, "left": 70, "right": 28},
            layout=ipywidgets.Layout(width="100%", min_width="240px"),
            animation_duration=0,
            padding_y=0.05,
        )
        self.figure.add_class("usidw-plot-figure")
        self.figure.add_class("usidw-profile-figure")
        super().__init__([self.figure], **kwargs)

    @property
    def title(self) -> str:
        """The text above the plot: which line the profile is taken along."""
        return self.figure.title

    @title.setter
    def title(self, text: str) -> None:
        if self.figure.title != text:
            self.figure.title = text

    def show(self, x: np.ndarray, y: np.ndarray, xlabel: str, ylabel: str) -> None:
        """Draw ``y`` (in the display unit ``ylabel`` names) against ``x`` (likewise)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with self.line.hold_sync():
            self.line.x, self.line.y = x, y
        for axis, label, values in ((self.x_axis, xlabel, x), (self.y_axis, ylabel, y)):
            fmt = tick_format(values)
            with axis.hold_sync():
                if axis.label != label:
                    axis.label = label
                if axis.tick_format != fmt:
                    axis.tick_format = fmt


def scaled(values: np.ndarray, shift: int) -> np.ndarray:
    """Values in their stored unit as shown in a display unit of ``shift``
    (``numbers.DisplayUnit``): ``v * 10**shift``, as ``js/src/profile.js`` scales them."""
    if shift == 0:
        return values
    return values * 10.0**shift if shift > 0 else values / 10.0**-shift
