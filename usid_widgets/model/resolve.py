"""The resolved view state: what every view of the explorer shows and how it is labelled.

The explorer's *intent* (the dims on screen, the component, the regions and intervals in
force, the plot's x mode) plus the :class:`~usid_widgets.reader.MainDataset` resolve here into
a frozen :class:`ViewState`. Every title, axis label, unit, tick mode, slider state and
message on screen is derived from it, and nowhere else: the widgets apply it. Resolution reads
no data and imports no widget, so it is tested case by case without a browser or ipywidgets
(``tests/test_resolve.py``).

Design after ndv's ``models/_resolve.py``: intent + data -> a frozen state; the controller
compares the new state with the old one and calls the views' setters for what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .numbers import display_unit_of, format_span

#: Complex components and what each is: the quantity's name suffix, and whether it keeps the
#: quantity's unit (a phase has its own unit, radians).
COMPLEX_PARTS = {
    "amplitude": ("amplitude", True),
    "phase": ("phase", False),
    "phase (degrees)": ("phase", False),
    "real": ("real part", True),
    "imaginary": ("imaginary part", True),
}
PHASE_UNITS = "rad"

#: A dimension's values serve as a linear axis when each lies within this fraction of a step
#: of the straight line through the first and the last value.
UNIFORM_TOLERANCE = 1e-2


@dataclass(frozen=True)
class Intent:
    """What the user asked for (the explorer's traits), as plain values.

    ``roi_mask`` / ``interval_mask`` are ``(dims, cells, origin)`` with ``origin`` "lasso"
    (drawn in the browser) or "mask" (set from Python), or None.
    """

    image_dims: tuple[str, str] | None = None
    plot_dim: str | None = None
    second_dims: tuple[str, str] | None = None
    points: bool = False
    component: str | None = None
    roi: dict[str, tuple[int, int]] | None = None
    interval: dict[str, tuple[int, int]] | None = None
    roi_mask: tuple[tuple[str, ...], int, str] | None = None
    interval_mask: tuple[tuple[str, ...], int, str] | None = None
    x_mode: str = "values"


@dataclass(frozen=True)
class AxisSpec:
    """One axis of a heatmap: the physical value of each cell (for the readout) and whether
    the ticks show those values (a linear axis) or cell indices (values that are not evenly
    spaced, not monotonic, or not finite have no linear axis)."""

    label: str
    units: str
    values: np.ndarray = field(compare=False, repr=False)
    ticks: str = "values"  # or "index"
    key: tuple = ()  # what the values are (dataset path, dim): compared instead of the array

    def trait(self) -> dict:
        """The ``x_axis`` / ``y_axis`` value a heatmap sends (wire: ``model.wire``)."""
        return {
            "label": self.label,
            "units": self.units,
            "values": self.values,
            "ticks": self.ticks,
        }


@dataclass(frozen=True)
class ImageView:
    """A heatmap's content: over which dims, with which title and axes, reduced how."""

    dims: tuple[str, ...]
    title: str
    x: AxisSpec | None = None
    y: AxisSpec | None = None
    reduced: tuple[str, ...] = ()  # dims summed (map) or averaged (plane) away
    message: str | None = None  # nothing to draw: this text instead
    scatter: tuple[int | None, int | None] = (None, None)  # points: coordinate columns x, y
    quantity: str = ""  # of the values drawn: the colorbar's and the readout's, with ``units``


@dataclass(frozen=True)
class PlotView:
    """The line plot: along which dim, its labels, whether its step marker means anything."""

    dim: str
    title: str
    xlabel: str
    ylabel: str
    by_index: bool
    markers: bool
    marker: bool = True  # False: the step no longer selects what the map shows
    reduced: tuple[str, ...] = ()
    #: the y label's name and the values' unit: the plot shows y in the display unit of the
    #: line on show (``SpectrumPlot.show``), ``ylabel`` names the stored unit
    yname: str = ""
    yunits: str = ""


@dataclass(frozen=True)
class SliderState:
    name: str
    hidden: bool
    inactive: str = ""  # why its step selects nothing on screen, "" when it does


@dataclass(frozen=True)
class ViewState:
    """Everything on screen that does not depend on the index."""

    quantity: str
    units: str
    image: ImageView | None
    second: ImageView | None
    plot: PlotView | None
    sliders: tuple[SliderState, ...]
    message: str

    @property
    def value_label(self) -> str:
        return axis_label(self.quantity, self.units)

    @property
    def inactive(self) -> dict[str, str]:
        return {s.name: s.inactive for s in self.sliders if s.inactive}

    @property
    def hidden(self) -> list[str]:
        return [s.name for s in self.sliders if s.hidden]


def axis_label(name: str, units: str) -> str:
    """``name (units)``, or ``name`` alone when there are no units."""
    return f"{name} ({units})" if units else name


def value_label(quantity: str, units: str, dtype: np.dtype, comp: str | None) -> tuple[str, str]:
    """The quantity and units of the values shown for component ``comp``.

    Real data keeps the file's; a complex part names itself and keeps the unit, except the
    phase, in radians (or degrees, ``°``, when asked for); a field of a compound type is
    named by the field, its unit unknown (the format stores one unit for the whole dataset,
    not per field).
    """
    if dtype.names:
        name = comp if comp in dtype.names else dtype.names[0]
        return (f"{quantity}: {name}" if quantity else name), ""
    if dtype.kind == "c":
        part, keeps = COMPLEX_PARTS.get(comp or "amplitude", COMPLEX_PARTS["amplitude"])
        angle = "°" if comp == "phase (degrees)" else PHASE_UNITS
        return f"{quantity} {part}".strip(), (units if keeps else angle)
    return quantity, units


def linear(values: np.ndarray) -> bool:
    """Whether ``values`` can be drawn as a linear axis: finite, strictly monotonic and evenly
    spaced (each within :data:`UNIFORM_TOLERANCE` of a step of the straight line through the
    ends). One value counts as linear."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0 or not np.all(np.isfinite(v)):
        return False
    if v.size == 1:
        return True
    step = (v[-1] - v[0]) / (v.size - 1)
    if step == 0:
        return False
    line = v[0] + step * np.arange(v.size)
    return bool(np.max(np.abs(v - line)) <= UNIFORM_TOLERANCE * abs(step))


def heatmap_axis(md: Any, name: str) -> AxisSpec:
    """The heatmap axis of dimension ``name``: physical ticks where the values are a linear
    axis, index ticks (with the values kept for the readout) otherwise."""
    d = md.dim(name)
    values = np.asarray(d.values, dtype=np.float64)
    key = (md.path, name)
    if linear(values):
        return AxisSpec(d.name, d.units, values, "values", key)
    if values.size and np.all(np.isfinite(values)):
        return AxisSpec(d.name, d.units, values, "index", key)
    # no usable value at all: the index is the coordinate
    return AxisSpec(f"{d.name} index", "", np.arange(values.size, dtype=np.float64), "index", key)


def describe_span(md: Any, name: str, lo: int, hi: int) -> str:
    """Steps ``lo <= i < hi`` of dim ``name`` in physical terms, both ends in the display
    unit of the whole dim, as its axis and slider show it (``numbers.format_span``):
    ``Frequency 336.9–342.7 kHz``, ``Y 0–0.7143 µm``; by its 0-based index
    (``DC_Offset indices 2–5``, ``DC_Offset index 2``, as ``w.index`` and the sliders) when
    the values are not a linear axis."""
    d = md.dim(name)
    values = np.asarray(d.values, dtype=np.float64)
    if linear(values):
        du = display_unit_of(d.units, values)
        return f"{d.name} {format_span(values[lo], values[hi - 1], d.units, du=du)}"
    return f"{d.name} index {lo}" if hi - lo == 1 else f"{d.name} indices {lo}–{hi - 1}"


def describe_range(md: Any, name: str, lo: int, hi: int) -> str:
    """:func:`describe_span` and its count: ``Frequency 330–350 kHz (21 steps)``."""
    return f"{describe_span(md, name, lo, hi)} ({_cells(hi - lo, 'step')})"


def _cells(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _region_text(md: Any, ranges: dict | None, mask: tuple | None, what: str) -> str | None:
    """The region of a reduction in words: a box's ranges, or a mask's count of cells."""
    if mask is not None:
        dims, count, origin = mask
        how = "lasso" if origin == "lasso" else "mask"
        return f"{how}, {_cells(count, what)}"
    if ranges:
        n = int(np.prod([hi - lo for lo, hi in ranges.values()]))
        parts = [describe_span(md, k, lo, hi) for k, (lo, hi) in ranges.items()]
        return f"{' × '.join(parts)}, {_cells(n, what)}"
    return None


def _reduces(md: Any, free: tuple[str, ...], side: str, ranges: dict | None, mask) -> bool:
    """Whether a view over ``free`` is a reduction over ``side``'s region (the rule of
    ``Slicer.slice``): a view over the other side's dims only, with a region in force."""
    if not free or not (ranges or mask is not None):
        return False
    other = "spectroscopic" if side == "position" else "position"
    return all(md.dim(d).kind == other for d in free)


def _reduced_dims(ranges: dict | None, mask) -> tuple[str, ...]:
    if mask is not None:
        return tuple(mask[0])
    return tuple(ranges or ())


def resolve(md: Any, intent: Intent, completion: tuple[int, int] | None = None) -> ViewState:
    """The view state of ``md`` for ``intent``.

    ``completion``: ``(done, total)`` positions of a results group's computation, None when
    the dataset has no such bookkeeping; a group with nothing computed shows a message in
    place of its zeros.
    """
    quantity, units = value_label(md.quantity, md.units, md.dtype, intent.component)
    vlabel = axis_label(quantity, units)
    notes: list[str] = list(md.notes)
    uncomputed = None
    if completion is not None and completion[1] > 0 and completion[0] == 0:
        uncomputed = (
            f"Not computed yet (0 of {_cells(completion[1], 'position')}): "
            "its values are the zeros the file was created with."
        )
    elif completion is not None and 0 < completion[0] < completion[1]:
        notes.append(
            f"Computed for {completion[0]} of {_cells(completion[1], 'position')} so far: "
            "the others hold the zeros the file was created with."
        )

    interval_mask = intent.interval_mask
    roi_mask = intent.roi_mask

    # -- the map ---------------------------------------------------------------------------
    image: ImageView | None
    if intent.points:
        raw = md.pos_dims[0].name
        dims = (raw,)
        reduced = (
            _reduced_dims(intent.interval, interval_mask)
            if _reduces(md, dims, "spectroscopic", intent.interval, interval_mask)
            else ()
        )
        title = f"{quantity}: {_cells(md.n_points, 'sampled position')}"
        if reduced:
            words = _interval_words(md, intent.interval, interval_mask, intent.second_dims)
            title = f"{quantity} {words}"
        cd = md.coord_dims
        xi, yi = scatter_axes([d.name for d in cd])
        none = np.zeros(0)
        x = AxisSpec(cd[xi].name, cd[xi].units, none) if xi is not None else AxisSpec(raw, "", none)
        y = AxisSpec(cd[yi].name, cd[yi].units, none) if yi is not None else AxisSpec("", "", none)
        image = ImageView(dims, title, x=x, y=y, reduced=reduced, scatter=(xi, yi))
    elif intent.image_dims is not None:
        dims = tuple(intent.image_dims)
        r, c = (md.dim(d) for d in dims)
        reduced = (
            _reduced_dims(intent.interval, interval_mask)
            if _reduces(md, dims, "spectroscopic", intent.interval, interval_mask)
            else ()
        )
        if reduced:
            words = _interval_words(md, intent.interval, interval_mask, intent.second_dims)
            title = f"{quantity} {words}"
        else:
            title = f"{quantity}: {r.name} × {c.name}"
        image = ImageView(
            dims, title, x=heatmap_axis(md, c.name), y=heatmap_axis(md, r.name), reduced=reduced
        )
    else:
        image = ImageView(
            (),
            "",
            message=(
                "This dataset holds a single value: nothing to plot."
                if intent.plot_dim is None
                else "This dataset is a single spectrum: see the plot."
            ),
        )
    if uncomputed and image is not None:
        image = ImageView(image.dims, image.title, message=uncomputed)

    # -- the diffraction plane -------------------------------------------------------------
    second = None
    if intent.second_dims is not None:
        dims = tuple(intent.second_dims)
        r, c = (md.dim(d) for d in dims)
        if _reduces(md, dims, "position", intent.roi, roi_mask):
            region = _region_text(md, intent.roi, roi_mask, "position")
            title = f"{quantity}: {r.name} × {c.name}, mean over a region ({region})"
            reduced = _reduced_dims(intent.roi, roi_mask)
        else:
            title = f"{quantity}: {r.name} × {c.name} at the selected position"
            reduced = ()
        second = ImageView(
            dims,
            title,
            x=heatmap_axis(md, c.name),
            y=heatmap_axis(md, r.name),
            reduced=reduced,
            message=uncomputed,
        )

    # -- the plot --------------------------------------------------------------------------
    plot = None
    if intent.plot_dim is not None:
        d = md.dim(intent.plot_dim)
        by_index = intent.x_mode == "index" or not np.all(np.isfinite(d.values))
        # the plot's x in the display unit of the dim's values (widgets/display.py scales them)
        xunit = display_unit_of(d.units, np.asarray(d.values, dtype=np.float64)).unit
        xlabel = f"{d.name} index" if by_index else axis_label(d.name, xunit)
        steps = np.diff(np.asarray(d.values, dtype=np.float64))
        folds = bool(np.any(steps > 0) and np.any(steps < 0))
        if _reduces(md, (d.name,), "position", intent.roi, roi_mask):
            region = _region_text(md, intent.roi, roi_mask, "position")
            title = f"Mean over a region ({region})"
            yname = f"mean {quantity}"
            ylabel = axis_label(yname, units)
            reduced = _reduced_dims(intent.roi, roi_mask)
        else:
            title = "At the selected position"
            yname, ylabel = quantity, vlabel
            reduced = ()
        marker = not (image is not None and d.name in image.reduced)
        plot = PlotView(
            d.name,
            title,
            xlabel,
            ylabel,
            by_index,
            folds or d.size <= 32,
            marker,
            reduced,
            yname=yname,
            yunits=units,
        )

    if uncomputed:  # the other views would draw the zeros too
        second = plot = None
    # the colorbar and the readout name what each heatmap's values are
    if image is not None:
        image = replace(image, quantity=f"sum of {quantity}" if image.reduced else quantity)
    if second is not None:
        second = replace(second, quantity=f"mean {quantity}" if second.reduced else quantity)

    # -- sliders: one per dim not on screen; inactive when a view reduces its dim away and
    # no view shows data at its step
    shown = [(v, name) for v, name in ((image, "map"), (second, "plane")) if v is not None]
    if plot is not None:
        shown.append((ImageView((plot.dim,), "", reduced=plot.reduced), "spectrum"))
    on_screen = set(image.dims if image is not None else ())
    sliders = []
    for d in md.dims:
        reason = ""
        reducers = [name for v, name in shown if d.name in v.reduced]
        fixed = any(d.name not in v.dims and d.name not in v.reduced for v, _ in shown)
        if reducers and not fixed:
            if reducers[0] == "map":
                words = _interval_words(
                    md, intent.interval, interval_mask, intent.second_dims, bare=True
                )
                reason = f"the map sums {words}"
            else:
                reason = f"the {' and the '.join(reducers)} show the mean over a region"
        sliders.append(SliderState(d.name, d.size <= 1 or d.name in on_screen, reason))

    message = uncomputed or "; ".join(notes)
    return ViewState(quantity, units, image, second, plot, tuple(sliders), message)


def scatter_axes(names: list[str]) -> tuple[int | None, int | None]:
    """Columns of the sampled coordinates to draw as x and y.

    Sparse positions carry no speed order, so names decide when they can (X/Y), else the file's
    column order (first = x, as the old writers stored X first).
    """
    upper = [n.strip().upper() for n in names]
    if "X" in upper and "Y" in upper:
        return upper.index("X"), upper.index("Y")
    if not names:
        return None, None
    return 0, (1 if len(names) > 1 else None)


def _interval_words(
    md: Any, interval: dict | None, mask, detector: tuple | None, bare: bool = False
) -> str:
    """``summed over Frequency 330–350 kHz (21 steps)`` or, on two detector dims,
    ``virtual detector (lasso, 412 pixels)``."""
    if mask is not None:
        dims, count, origin = mask
        how = "lasso" if origin == "lasso" else "mask"
        text = f"virtual detector ({how}, {_cells(count, 'pixel')})"
        return text if bare else f"summed over a {text}"
    ranges = interval or {}
    if detector is not None and set(ranges) == set(detector):
        n = int(np.prod([hi - lo for lo, hi in ranges.values()]))
        box = " × ".join(describe_span(md, k, lo, hi) for k, (lo, hi) in ranges.items())
        text = f"virtual detector ({box}, {_cells(n, 'pixel')})"
        return text if bare else f"summed over a {text}"
    words = ", ".join(describe_range(md, k, lo, hi) for k, (lo, hi) in ranges.items())
    return words if bare else f"summed over {words}"
