"""The explorer's line profile: ``w.line`` on a heatmap -> ``w.profile`` and the profile plot.

:class:`Profiles` takes the line drawn in the browser (a heatmap's ``line`` trait) into the
explorer's ``line`` / ``line_on``, and brings ``w.profile``, the profile plot and the heatmaps'
line traits in line with them whenever the line, its width or the image under it changes
(a slider step re-samples the new image). The sampling rule is ``model/profile.py``; the
browser draws the same profile live while the line is dragged (``js/src/profile.js``, through
the heatmap's ``profile_link``), and the kernel sends the full-resolution one on release.
"""

from __future__ import annotations

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


def _fmt(v: float) -> str:
    """A coordinate in a title: up to two decimals, no trailing zeros."""
    return f"{round(float(v), 2):g}"


class Profiles:
    """Keeps the line profile of an :class:`Explorer` in line with its ``line`` traits."""

    def __init__(self, explorer: Explorer):
        self.x = explorer
        self._yunit: tuple[Any, str, numbers.DisplayUnit] | None = None  # per image shown

    def attach(self, hm: Heatmap, on: str) -> None:
        """Follow the lines drawn on ``hm``, the heatmap ``on`` ("image" or "plane") names."""
        hm.observe(lambda change: self.drawn(change["new"], on, hm), names="line")

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
        """Compute ``w.profile`` for the line in force and show it (or hide the plot)."""
        x = self.x
        heatmaps = {"image": x.heatmap, "plane": x.second_if_made}
        on, line = x.line_on, x.line
        state = x.display.state
        array = view = None
        if line is not None and x.md is not None and state is not None:
            array = x.image if on == "image" else x.plane
            view = state.image if on == "image" else state.second
        if array is None or view is None or np.ndim(array) != 2 or view.x is None:
            if x.profile is not None:
                x.set_trait("profile", None)
            x.display.show_view(x.profile_plot_if_made, False)
            for hm in heatmaps.values():
                if hm is not None and hm.line:
                    hm.line = []
            return
        width = x.line_width
        start, end = line
        t, values = sample_line(array, start, end, width)
        spacing = physical_spacing(
            (view.y.units, view.y.values, view.y.ticks == "values"),
            (view.x.units, view.x.values, view.x.ticks == "values"),
        )
        if spacing is None:
            distance, unit = t * line_length(start, end), "pixels"
            shown, label, steps = distance, "Distance (pixels)", [1.0, 1.0]
        else:
            unit, sr, sc = spacing
            distance = t * physical_length(start, end, (sr, sc))
            h, w = array.shape
            du = numbers.display_unit(unit, physical_length((0, 0), (h - 1, w - 1), (sr, sc)))
            shown = scaled(distance, du.shift)
            label = numbers.axis_label("Distance", du.unit)
            steps = [
                float(scaled(np.float64(sr), du.shift)),
                float(scaled(np.float64(sc), du.shift)),
            ]
        units = state.units
        ydu = self._values_unit(array, units)
        profile = Profile(distance, values, unit, view.quantity, units)
        x.set_trait("profile", profile)
        plot = x.profile_plot
        plot.show(
            shown,
            scaled(values, ydu.shift),
            label,
            numbers.axis_label(view.quantity or "value", ydu.unit),
        )
        where = "map" if on == "image" else "diffraction plane"
        band = f", mean across {width} px" if width > 1 else ""
        plot.title = (
            f"Profile on the {where}: (row {_fmt(start[0])}, col {_fmt(start[1])}) to "
            f"(row {_fmt(end[0])}, col {_fmt(end[1])}){band}"
        )
        x.display.show_view(plot, True)
        hm = heatmaps[on]
        link = {"line": plot.line.model_id, "spacing": steps, "yshift": ydu.shift}
        with hm.hold_sync():
            flat = [float(start[0]), float(start[1]), float(end[0]), float(end[1])]
            if list(hm.line) != flat:
                hm.line = flat
            if hm.line_width != width:
                hm.line_width = width
            if hm.profile_link != link:
                hm.profile_link = link
        other = heatmaps["plane" if on == "image" else "image"]
        if other is not None and other.line:
            other.line = []

    def _values_unit(self, array: np.ndarray, units: str) -> numbers.DisplayUnit:
        """The display unit of the image's values (fixed per image, so that the profile the
        browser draws while dragging is in the unit the axis names)."""
        cached = self._yunit
        if cached is not None and cached[0] is array and cached[1] == units:
            return cached[2]
        du = numbers.display_unit_of(units, array)
        self._yunit = (array, units, du)
        return du
