"""The explorer's line profile: ``w.line`` on a heatmap -> ``w.profile`` and the profile plot.

:class:`Profiles` takes the line drawn in the browser (a heatmap's ``line`` trait) into the
explorer's ``line`` / ``line_on``, and brings ``w.profile``, the profile plot and the heatmaps'
line traits in line with them whenever the line, its width or the image under it changes
(a slider step re-samples the new image). The sampling rule is ``model/profile.py``; the
browser draws the same profile live while the line is dragged (``js/src/profile.js``, through
the heatmap's ``profile_link``), and the kernel sends the full-resolution one on release.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import traitlets

from ..model import numbers
from ..model.profile import (
    Profile,
    line_length,
    physical_length,
    physical_spacing,
    sample_line,
)
from .heatmap import Heatmap
from .profile_plot import scaled

if TYPE_CHECKING:
    from .explorer import Explorer


@dataclass(frozen=True)
class ProfileAxes:
    """How a profile on one heatmap is measured and labelled."""

    array: np.ndarray  # the full-resolution image sampled
    quantity: str  # of its values
    units: str  # of its values (stored)
    unit: str  # of the distance: the axes' shared unit, or "pixels"
    spacing: tuple[float, float]  # row and column step in ``unit``
    xshift: int  # the distance shown as d * 10**xshift (``xlabel``'s display unit)
    xlabel: str
    yshift: int  # the values shown as v * 10**yshift (``ylabel``'s display unit)
    ylabel: str

    def length(self, start: Any, end: Any) -> float:
        """The line's length in ``unit``."""
        if self.unit == "pixels":
            return line_length(start, end)
        return physical_length(start, end, self.spacing)

    @property
    def steps(self) -> list[float]:
        """The row and column steps in the plot's distance unit (the browser's ``spacing``)."""
        return [float(scaled(np.float64(v), self.xshift)) for v in self.spacing]


class Profiles:
    """Keeps the line profile of an :class:`Explorer` in line with its ``line`` traits."""

    def __init__(self, explorer: Explorer):
        self.x = explorer
        self._yunit: tuple[Any, str, numbers.DisplayUnit] | None = None  # per image shown

    def attach(self, hm: Heatmap, on: str) -> None:
        """Follow the lines drawn on ``hm``, the heatmap ``on`` ("image" or "plane") names."""
        hm.observe(lambda change: self.drawn(change["new"], on, hm), names="line")
        hm.observe(lambda _change: self.update(), names="drag_mode")

    def drawn(self, value: list, on: str, hm: Heatmap) -> None:
        """A line drawn, moved or cleared in the browser on the heatmap ``on``."""
        x = self.x
        if x.md is None:
            return
        line = ((value[0], value[1]), (value[2], value[3])) if len(value) == 4 else None
        if line is None and on != x.line_on:
            return  # the other heatmap's line going: nothing of ours
        try:
            if on != x.line_on:
                x.line_on = on  # removes the line of the other heatmap
            if line != x.line:
                x.line = line
        except traitlets.TraitError as exc:
            x.say(f"The line was not taken: {exc}")
            self.update()  # the heatmap shows the line in force again

    def update(self) -> None:
        """Compute ``w.profile`` for the line in force and show it; with no line, a heatmap in
        the "line" drag mode gets the plot ready (empty, labelled) so that the first line
        drawn shows its profile live; else the plot goes."""
        x = self.x
        heatmaps = {"image": x.heatmap, "plane": x.second_if_made}
        line = x.line
        if line is not None:
            on = x.line_on
        else:
            modes = [k for k, hm in heatmaps.items() if hm is not None and hm.drag_mode == "line"]
            on = modes[0] if modes else None
        axes = self.axes(on) if on is not None else None
        if axes is None:
            if x.profile is not None:
                x.set_trait("profile", None)
            x.display.show_view(x.profile_plot_if_made, False)
            for hm in heatmaps.values():
                if hm is not None and hm.line:
                    hm.line = []
            return
        plot = x.profile_plot
        where = "map" if on == "image" else "diffraction plane"
        width = x.line_width
        if line is None:
            if x.profile is not None:
                x.set_trait("profile", None)
            plot.show(np.zeros(0), np.zeros(0), axes.xlabel, axes.ylabel)
            plot.title = f"Line profile: drag a line on the {where}"
        else:
            start, end = line
            t, values = sample_line(axes.array, start, end, width)
            distance = t * axes.length(start, end)
            profile = Profile(distance, values, axes.unit, axes.quantity, axes.units)
            x.set_trait("profile", profile)
            plot.show(
                scaled(distance, axes.xshift), scaled(values, axes.yshift), axes.xlabel, axes.ylabel
            )
            band = f" ({width} px wide)" if width > 1 else ""
            plot.title = f"Line profile on the {where}{band}"
        x.display.show_view(plot, True)
        flat = [] if line is None else [float(v) for p in line for v in p]
        for key, hm in heatmaps.items():
            if hm is None:
                continue
            mine = key == on
            own = axes if mine else self.axes(key)
            link = (
                {"line": plot.line.model_id, "spacing": own.steps, "yshift": own.yshift}
                if own is not None
                else {}
            )
            with hm.hold_sync():
                shown = flat if mine else []
                if list(hm.line) != shown:
                    hm.line = shown
                if hm.line_width != width:
                    hm.line_width = width
                if hm.profile_link != link:
                    hm.profile_link = link

    def axes(self, on: str) -> ProfileAxes | None:
        """How a profile on the heatmap ``on`` is measured and labelled, or None when that
        heatmap shows no image of a grid now."""
        x = self.x
        state = x.display.state
        if x.md is None or state is None:
            return None
        array = x.image if on == "image" else x.plane
        view = state.image if on == "image" else state.second
        if array is None or view is None or np.ndim(array) != 2 or view.x is None or x.points:
            return None
        spacing = physical_spacing(
            (view.y.units, view.y.values, view.y.ticks == "values"),
            (view.x.units, view.x.values, view.x.ticks == "values"),
        )
        ydu = self._values_unit(array, state.units)
        ylabel = numbers.axis_label(view.quantity or "value", ydu.unit)
        common = {"array": array, "quantity": view.quantity, "units": state.units}
        if spacing is None:
            return ProfileAxes(
                **common, unit="pixels", spacing=(1.0, 1.0), xshift=0, xlabel="Distance (pixels)",
                yshift=ydu.shift, ylabel=ylabel,
            )  # fmt: skip
        unit, sr, sc = spacing
        h, w = array.shape
        du = numbers.display_unit(unit, physical_length((0, 0), (h - 1, w - 1), (sr, sc)))
        return ProfileAxes(
            **common, unit=unit, spacing=(sr, sc), xshift=du.shift,
            xlabel=numbers.axis_label("Distance", du.unit), yshift=ydu.shift, ylabel=ylabel,
        )  # fmt: skip

    def _values_unit(self, array: np.ndarray, units: str) -> numbers.DisplayUnit:
        """The display unit of the image's values (fixed per image, so that the profile the
        browser draws while dragging is in the unit the axis names)."""
        cached = self._yunit
        if cached is not None and cached[0] is array and cached[1] == units:
            return cached[2]
        du = numbers.display_unit_of(units, array)
        self._yunit = (array, units, du)
        return du
