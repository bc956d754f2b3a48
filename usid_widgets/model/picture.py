"""The picture of a view as plain data: what ``w.to_matplotlib()`` draws and ``w.save()``
writes without a browser.

A :class:`Picture` is a row of panels, in the order the explorer shows its views: an
:class:`ImagePanel` per heatmap (the window on screen at full resolution, its extent and axis
labels in the display units the browser's axes use, the colour limits in force, the
colormap's lookup table) and a :class:`PlotPanel` for the line plot, whose ``lines`` list
is the place for every line drawn (the pinned positions', the spectrum; profiles add
theirs). Numpy only: the matplotlib drawing is :mod:`usid_widgets.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import numbers, snapshot


@dataclass
class PlotLine:
    """One line of a plot, in the plot's display units."""

    x: np.ndarray
    y: np.ndarray
    label: str = ""
    #: a CSS colour ("#1f77b4"); "" for the plot's first colour
    color: str = ""
    #: "solid", "dashed" or "dotted"
    style: str = "solid"
    #: whether each point gets a dot (the browser's markers on short lines)
    markers: bool = False


@dataclass
class PlotPanel:
    title: str
    xlabel: str
    ylabel: str
    #: every line drawn on the plot, in the order drawn (pins, profiles, the spectrum)
    lines: list[PlotLine] = field(default_factory=list)
    #: x of the selected step (the browser's dashed marker), or None
    marker: float | None = None


@dataclass
class PinMark:
    """A pin's marker on an image, in the axes' display units: a box ``(left, right, top,
    bottom)`` (a single cell: a ring at its centre), its colour and the number shown."""

    box: tuple[float, float, float, float]
    color: str
    n: int
    cell: bool


@dataclass
class ImagePanel:
    title: str
    #: the window on screen: (rows, cols) float64, row 0 at the top; for a point cloud the
    #: values of the points
    values: np.ndarray
    #: (left, right, bottom, top) edges of the window in the axes' display units (grid)
    extent: tuple[float, float, float, float]
    xlabel: str
    ylabel: str
    #: the colorbar's label, ``quantity (display unit of the limits)``
    clabel: str
    #: the colorbar's values are shown as ``value * 10**cshift`` (the display unit's prefix)
    cshift: int
    colormap: str
    reverse: bool
    scale: str
    #: limits in force, in the values' own unit
    lo: float
    hi: float
    #: point clouds: the coordinates of each point in the axes' display units, else None
    points: tuple[np.ndarray, np.ndarray] | None = None
    #: the pins' markers on it
    pins: list[PinMark] = field(default_factory=list)

    @property
    def lut(self) -> np.ndarray:
        """(256, 3) uint8: the browser's colormap table (``js/src/colormaps.json``)."""
        return snapshot.colormap_lut(self.colormap, self.reverse)

    @property
    def symlog_constant(self) -> float:
        """The constant of the symlog scale for these limits (``snapshot.normalize``)."""
        m = max(abs(self.lo), abs(self.hi))
        return m / 10**snapshot.SYMLOG_DECADES if np.isfinite(m) and m > 0 else 1.0


@dataclass
class MessagePanel:
    """A view that shows a message instead of data."""

    title: str
    message: str


@dataclass
class Picture:
    panels: list = field(default_factory=list)


def axis_scale(axis: dict | None, n: int) -> tuple[str, np.ndarray]:
    """The caption and the position of each of ``n`` cells of an axis dict (``{"label",
    "units", "values", "ticks"}``) in the caption's unit: the browser's axis (physical values
    in their display unit, or cell indices for ``ticks: "index"`` or missing values)."""
    axis = axis or {}
    label = str(axis.get("label", ""))
    units = str(axis.get("units") or "")
    values = np.asarray(axis.get("values", []), dtype=np.float64).reshape(-1)
    index = np.arange(n, dtype=np.float64)
    if axis.get("ticks") == "index" or values.size != n or not np.all(np.isfinite(values)):
        return (f"{label} index" if label else "index"), index
    du = numbers.display_unit_of(units, values)
    return numbers.axis_label(label, du.unit), values * 10.0**du.shift


def edges(centres: np.ndarray) -> tuple[float, float]:
    """The outer edges of evenly spaced cell centres (half a cell out; one cell: +-0.5)."""
    if centres.size == 0:
        return (-0.5, 0.5)
    if centres.size == 1:
        return (float(centres[0]) - 0.5, float(centres[0]) + 0.5)
    step = (float(centres[-1]) - float(centres[0])) / (centres.size - 1)
    return (float(centres[0]) - step / 2, float(centres[-1]) + step / 2)


def image_panel(
    title: str,
    values: np.ndarray,
    x_axis: dict | None,
    y_axis: dict | None,
    quantity: str,
    units: str,
    *,
    colormap: str,
    reverse: bool,
    scale: str,
    clim: list | None,
    percentiles: list,
) -> ImagePanel:
    """The panel of a grid window (rows x cols) with its sliced axis dicts."""
    arr = np.asarray(values, dtype=np.float64)
    xlabel, xs = axis_scale(x_axis, arr.shape[1])
    ylabel, ys = axis_scale(y_axis, arr.shape[0])
    left, right = edges(xs)
    top, bottom = edges(ys)
    return _with_limits(
        ImagePanel(title, arr, (left, right, bottom, top), xlabel, ylabel, "", 0,
                   colormap, bool(reverse), scale, 0.0, 1.0),
        quantity, units, clim, percentiles,
    )


def points_panel(
    title: str,
    x: np.ndarray,
    y: np.ndarray,
    values: np.ndarray,
    x_axis: dict | None,
    y_axis: dict | None,
    quantity: str,
    units: str,
    *,
    colormap: str,
    reverse: bool,
    scale: str,
    clim: list | None,
    percentiles: list,
) -> ImagePanel:
    """The panel of a point cloud: coordinates and one value per point."""
    out = []
    for axis, coords in ((x_axis, x), (y_axis, y)):
        c = np.asarray(coords, dtype=np.float64)
        du = numbers.display_unit_of(str((axis or {}).get("units") or ""), c)
        out.append((numbers.axis_label(str((axis or {}).get("label", "")), du.unit),
                    c * 10.0**du.shift))
    (xlabel, xs), (ylabel, ys) = out
    finite = lambda a: (float(np.nanmin(a)), float(np.nanmax(a))) if a.size else (0.0, 1.0)  # noqa: E731
    (x0, x1), (y0, y1) = finite(xs), finite(ys)
    panel = ImagePanel(title, np.asarray(values, dtype=np.float64), (x0, x1, y1, y0), xlabel,
                       ylabel, "", 0, colormap, bool(reverse), scale, 0.0, 1.0, points=(xs, ys))
    return _with_limits(panel, quantity, units, clim, percentiles)


def pin_marks(panel: ImagePanel, pins: list, offset: tuple[int, int]) -> list[PinMark]:
    """The markers of the heatmap's ``pins`` trait (boxes in full-image cells, or sampled
    points) on ``panel``, whose window starts at full-image cell ``offset`` (row, col)."""
    left, right, bottom, top = panel.extent
    rows, cols = panel.values.shape if panel.points is None else (1, 1)

    def fx(c: float) -> float:
        return left + (right - left) * (c - offset[1]) / cols

    def fy(r: float) -> float:
        return top + (bottom - top) * (r - offset[0]) / rows

    out = []
    for pin in pins or []:
        color, n = str(pin.get("color", "")), int(pin.get("n", 0))
        if "point" in pin and panel.points is not None:
            i = int(pin["point"])
            if 0 <= i < panel.points[0].size:
                x, y = float(panel.points[0][i]), float(panel.points[1][i])
                out.append(PinMark((x, x, y, y), color, n, True))
        elif "box" in pin and panel.points is None:
            r0, r1, c0, c1 = (int(v) for v in pin["box"])
            single = r1 - r0 == 1 and c1 - c0 == 1
            out.append(PinMark((fx(c0), fx(c1), fy(r0), fy(r1)), color, n, single))
    return out


def _with_limits(panel: ImagePanel, quantity: str, units: str, clim, percentiles) -> ImagePanel:
    lo, hi = snapshot.color_limits(panel.values, clim, percentiles, panel.scale)
    du = numbers.display_unit(units, max(abs(lo), abs(hi)))
    panel.lo, panel.hi = lo, hi
    panel.clabel = numbers.axis_label(quantity, du.unit)
    panel.cshift = du.shift
    return panel
