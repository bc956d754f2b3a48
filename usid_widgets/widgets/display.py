"""Applying the resolved view state and the index to the views, re-reading only what changed.

:class:`Display` is the explorer's controller: given the :class:`~usid_widgets.model.resolve.
ViewState` (what each view shows and how it is labelled) and the index, it reads the arrays
through the ``Slicer`` and calls the views' setters. Each view has a key of what its data
depends on; a view is read again only when its key changes, and its labels are set from the
state (traitlets sends only what differs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets
import numpy as np

from ..model import numbers
from ..model import pins as pinning
from ..model.intent import box, frozen
from ..model.resolve import ViewState
from ..model.slicing import mask_key
from ..reader.hsds import read_problem
from ..reader.remote import remote_problem
from .frames import DEFAULT_FRAME_CACHE_MB, FramesAhead
from .held import Held
from .mirror import mirror
from .spectrum import MAX_LINE

if TYPE_CHECKING:
    from .explorer import Explorer


@dataclass(frozen=True)
class PlotAxis:
    """The plot's x values and labels along one dim (worked out once per dim and mode)."""

    x: np.ndarray
    xlabel: str
    ylabel: tuple[str, str]  # name and stored unit: the plot picks the display unit
    markers: bool
    xunit: str = ""  # the display unit of ``x`` (the hover readout's)


class Display:
    """Brings every view of an :class:`Explorer` in line with its state."""

    def __init__(self, explorer: Explorer, frame_cache_mb: float = DEFAULT_FRAME_CACHE_MB):
        self.x = explorer
        self.state: ViewState | None = None
        self.keys: dict[str, Any] = {}  # per view: what its data depends on
        self.shown: dict[str, tuple | None] = {}  # per line view: what it shows, but the index
        self.held = Held(self)
        self.frames = FramesAhead(self, frame_cache_mb)
        self.pin_colors: dict[tuple, str] = {}  # by pin key: a pin keeps its colour

    def reset(self) -> None:
        """Another dataset: nothing on screen is known any more."""
        self.keys, self.shown, self.state = {}, {}, None
        self.pin_colors = {}
        self.held.send(None)

    # -- the whole refresh ------------------------------------------------------------------
    def refresh(self, state: ViewState) -> None:
        """Bring every view in line with ``state`` and the explorer's index."""
        x = self.x
        md, slicer = x.md, x.slicer
        if md is None or slicer is None:
            return
        self.state = state
        try:
            # index, links and lines leave in one message: the browser moves the crosshairs
            # and draws held lines itself (js/src/link.js)
            with x.sliders.hold_sync():
                self.labels(state)
                self.image(state)
                self.second(state)
                self.plot(state)
                self.pinned(state)
                self.links(state)
                self.sliders(state)
        except Exception as exc:  # a bad slice must not kill the widget
            if md.closed:  # HDF5's own words for this are cryptic
                x.say(f"The file of {md.path} was closed: reopen it and the explorer to go on.")
            elif remote_problem(md.file):  # the URL and what the network did
                x.say(
                    f"Could not read this view: {remote_problem(md.file)}. Move a slider "
                    "to try again."
                )
            elif read_problem(md.file, exc):  # the HSDS domain and what the server did
                x.say(
                    f"Could not read this view: {read_problem(md.file, exc)}. Move a slider "
                    "to try again."
                )
            else:
                x.say(f"Could not read this view: {type(exc).__name__}: {exc}")

    def labels(self, state: ViewState) -> None:
        """The quantity and unit of the values shown (colorbars, readouts, the plot's y)."""
        x = self.x
        x.say(state.message)
        self.label(x.heatmap, state.image, state.units)
        if x.second_if_made is not None and state.second is not None:
            self.label(x.second_if_made, state.second, state.units)

    @staticmethod
    def label(hm: Any, view: Any, units: str) -> None:
        """The quantity and unit of a heatmap's values (its colorbar and readout)."""
        if view is not None and (hm.quantity, hm.units) != (view.quantity, units):
            with hm.hold_sync():
                hm.quantity, hm.units = view.quantity, units

    def fixed_key(self, free: tuple) -> tuple:
        return tuple((k, v) for k, v in sorted(self.x.index.items()) if k not in free)

    # -- the map ----------------------------------------------------------------------------
    def image(self, state: ViewState) -> None:
        x = self.x
        md, slicer, view, index = x.md, x.slicer, state.image, x.index
        hm = x.heatmap
        # a single spectrum has no map: the plot takes the row alone, no message box beside it
        self.show_view(hm, bool(view.dims) or view.message is None or state.plot is None)
        if view.message is not None:
            key = ("message", x.dataset, view.message)
            if self.keys.get("image") != key:
                self.frames.offer(None)
                hm.title = ""
                hm.show_message(view.message)
                x.set_trait("image", None)
                self.keys["image"] = key
            return
        comp = x.component
        if x.points:
            raw = view.dims[0]
            imask = x.mask("interval_mask")
            key = ("points", x.dataset, self.fixed_key((raw,)), comp, frozen(x.interval))
            key += (mask_key(imask),)
            if self.keys.get("image") != key:
                self.frames.offer(None)
                values = slicer.slice(index, (raw,), comp, interval=x.interval, interval_mask=imask)
                coords = slicer.point_coords()
                xi, yi = view.scatter
                px = coords[:, xi] if xi is not None else np.arange(md.n_points, dtype=float)
                py = coords[:, yi] if yi is not None else np.zeros(md.n_points)
                xl = {"label": view.x.label, "units": view.x.units}
                yl = {"label": view.y.label, "units": view.y.units}
                hm.title = view.title
                hm.show_points(px, py, values, xl, yl)
                x.set_trait("image", values)
                self.keys["image"] = key
            elif hm.title != view.title:
                hm.title = view.title
            mirror(hm, selected=[index[raw]])  # the browser moves it (links)
            return
        dims = view.dims
        imask = x.mask("interval_mask")
        key = ("grid", x.dataset, dims, self.fixed_key(dims), comp, frozen(x.interval))
        key += (mask_key(imask), view.x.ticks, view.y.ticks)
        if self.keys.get("image") != key:
            held = self.frames.take(state, index)
            if held is not None:  # the browser drew it from the frames it holds (link.js)
                image = held[0]
                hm.mirror_frame(*held)
                self.frames.drawn(sent=False)
            else:
                image = slicer.image(index, dims, comp, interval=x.interval, interval_mask=imask)
                self.frames.offer(state, image)  # a new token goes before the new frame
                hm.title = view.title
                hm.show_image(image, x=view.x.trait(), y=view.y.trait())
                self.frames.drawn(sent=True)
            x.set_trait("image", image)
            self.keys["image"] = key
        elif hm.title != view.title:
            hm.title = view.title
        self.frames.offer(state, x.image)  # the window may have changed (a zoom)
        mirror(hm, selected=[index[dims[0]], index[dims[1]]])  # moved by the browser
        # an image of a position and a spectroscopic dim holds its box in roi and interval
        rect = box({**(x.interval or {}), **(x.roi or {})}, dims)
        if hm.roi != rect:
            hm.roi = rect

    # -- the diffraction plane --------------------------------------------------------------
    def second_key(self, dims: tuple[str, ...]) -> tuple:
        """What the second heatmap's image depends on (the index part 4th: held_key)."""
        x = self.x
        return (
            "second",
            x.dataset,
            dims,
            self.fixed_key(dims),
            x.component,
            frozen(x.roi),
            mask_key(x.mask("roi_mask")),
        )

    def second(self, state: ViewState) -> None:
        x, view = self.x, state.second
        if view is None or view.message is not None:
            self.held.drop("second")
            if x.second_if_made is not None:
                self.show_view(x.second_if_made, False)
            if x.plane is not None:
                x.set_trait("plane", None)
            self.keys.pop("second", None)
            return
        hm = x.second
        self.label(hm, view, state.units)
        self.show_view(hm, True)
        dims, index, comp = view.dims, x.index, x.component
        diverging = False
        if x.compare is not None and x.pins:
            diverging = self.compared(hm, view)
        elif self.keys.get("second") != (key := self.second_key(dims)):
            whole = not view.reduced  # not a region's mean
            shown = ("second", x.dataset, dims, comp) if whole else None
            held = self.held
            j = held.line(shown)
            if j is not None:
                plane = held.ahead.views[j]
                hm.mirror_grid(plane, held.ahead.token + j)
                held.note(held.ahead, j)
            else:
                plane = x.slicer.image(index, dims, comp, roi=x.roi, roi_mask=x.mask("roi_mask"))
                ahead = None
                if shown is not None and hm.can_follow(plane.shape):
                    ahead = held.lines(dims, shown, plane)
                if ahead is None or self.shown.get("second") != shown:
                    hm.show_image(plane, x=view.x.trait(), y=view.y.trait())
                if ahead is not None:
                    ahead.token = hm.reserve_ids(len(ahead.views))
                    held.send(ahead)
                    hm.mirror_grid(plane, ahead.token + ahead.line(index))
                    held.note(ahead, ahead.line(index))
                else:
                    held.drop("second")
            self.shown["second"] = shown
            x.set_trait("plane", plane)
            self.keys["second"] = key
        if hm.diverging != diverging:
            hm.diverging = diverging
        title = view.title
        if x.compare is not None and x.pins:
            labels = [pinning.label(x.md, p) for p in x.pins]
            title = pinning.plane_title(view.quantity, x.compare, labels)
        if hm.title != title:
            hm.title = title
        mirror(hm, selected=[index[dims[0]], index[dims[1]]])
        rect = box(x.interval, dims)
        if hm.roi != rect:
            hm.roi = rect

    def compared(self, hm: Any, view: Any) -> bool:
        """The plane of the pin ``compare`` names, or the difference of two pins' planes
        (read again when the pins, the component or a dim the pins do not fix change);
        whether it is a difference."""
        x = self.x
        which = pinning.compared(x.compare)
        dims = view.dims
        readings = [pinning.reading(x.pins[i], x.index) for i in which]
        at = tuple(
            tuple(sorted((k, v) for k, v in i.items() if k not in dims)) for i, _r in readings
        )
        key = (
            "compare",
            x.dataset,
            dims,
            x.component,
            tuple(pinning.key(x.pins[i]) for i in which),
            at,
        )
        self.held.drop("second")  # the browser must not draw the live planes over it
        if self.keys.get("second") != key:
            planes = [x.slicer.image(i, dims, x.component, **r) for i, r in readings]
            plane = planes[0] if len(planes) == 1 else np.subtract(*planes, dtype=np.float64)
            hm.show_image(plane, x=view.x.trait(), y=view.y.trait())
            self.shown["second"] = None
            x.set_trait("plane", plane)
            self.keys["second"] = key
        return len(which) == 2

    # -- the line plot ----------------------------------------------------------------------
    def plot_key(self, dim: str) -> tuple:
        """What the plot's line depends on (the index part 4th: held_key)."""
        x = self.x
        return (
            "plot",
            x.dataset,
            dim,
            self.fixed_key((dim,)),
            x.component,
            x.controls.x_mode.value,
            frozen(x.roi),
            mask_key(x.mask("roi_mask")),
        )

    def held_key(self, target: str, line_dims: tuple) -> None:
        """Record the view key after a held step: only the index moved, so only the key's
        fixed index part changes."""
        key = self.keys.get(target)
        if key is None:
            self.keys[target] = (
                self.plot_key(line_dims[0]) if target == "plot" else self.second_key(line_dims)
            )
        else:
            self.keys[target] = (*key[:3], self.fixed_key(line_dims), *key[4:])

    def plot_axis(self, dim: str) -> PlotAxis:
        """The plot's x and labels along ``dim`` in the state's terms; cached per state."""
        state = self.state
        cached = self.keys.get("plot_axis")
        if cached is not None and cached[0] is state:
            return cached[1]
        view = state.plot
        d = self.x.md.dim(dim)
        values = np.asarray(d.values, dtype=np.float64)
        xunit = ""
        if view.by_index:
            xs = np.arange(d.size, dtype=float)
        else:
            # the plot draws x in the display unit of the dim's values, which view.xlabel
            # names ("Frequency (kHz)", ticks 336, 338, ...): the hits, marker, dot, brush and
            # the browser's held lines all use these x; w.spectrum keeps the line's own values
            du = numbers.display_unit_of(d.units, values)
            xs = values * 10.0**du.shift if du.shift >= 0 else values / 10.0**-du.shift
            xunit = du.unit
        axis = PlotAxis(xs, view.xlabel, (view.yname, view.yunits), view.markers, xunit)
        self.keys["plot_axis"] = (state, axis)
        return axis

    def plot(self, state: ViewState) -> None:
        x, view = self.x, state.plot
        if view is None:
            self.show_view(x.plot_if_made, False)
            x.set_trait("spectrum", None)
            self.keys.pop("plot", None)
            self.held.drop("plot")
            return
        plot = x.plot
        self.show_view(plot, True)
        if plot.title != view.title:
            plot.title = view.title
        dim, index = view.dim, x.index
        key = self.plot_key(dim)
        step = index[dim] if view.marker else None
        if self.keys.get("plot") == key:
            plot.set_step(step)
            return
        axis = self.plot_axis(dim)
        whole = not view.reduced and view.marker  # the browser follows the plain line only
        shown = ("plot", x.dataset, dim, x.component, axis.xlabel) if whole else None
        held = self.held
        j = held.line(shown)
        if j is not None:
            line = held.ahead.views[j]
            plot.mirror(held.ahead.wire[j], step)
            held.note(held.ahead, j)
        else:
            line = x.slicer.line(index, dim, x.component, roi=x.roi, roi_mask=x.mask("roi_mask"))
            ahead = None
            if shown is not None and axis.x.size <= MAX_LINE:  # the browser draws lines whole
                ahead = held.lines((dim,), shown, line)
            labels = (axis.x, axis.xlabel, axis.ylabel, axis.markers)
            follow = ahead is not None and plot.can_follow(*labels, ahead.wire)
            if not follow:
                plot.show(axis.x, line, axis.xlabel, axis.ylabel, step, axis.markers)
                if ahead is not None and not plot.can_follow(*labels, ahead.wire):
                    ahead = None
            if ahead is not None:
                ahead.wire = plot.scaled(ahead.wire)  # as the plot draws them
                ahead.token, ahead.step = held.next_token(), dim
                held.send(ahead)
                plot.mirror(ahead.wire[ahead.line(index)], step)
                held.note(ahead, ahead.line(index))
            else:
                held.drop("plot")
        self.shown["plot"] = shown
        x.set_trait("spectrum", line)
        self.keys["plot"] = key

    # -- the pins ---------------------------------------------------------------------------
    def pinned(self, state: ViewState) -> None:
        """The pins' legend, their markers on the map and their lines on the plot (read again
        when the pins, the plot's context or the index of a dim a pin does not fix change)."""
        x = self.x
        pins, md = x.pins, x.md
        pin_keys = [pinning.key(p) for p in pins]
        colors = pinning.colors(pin_keys, self.pin_colors)
        self.pin_colors = dict(zip(pin_keys, colors, strict=True))
        labels = [pinning.label(md, p) for p in pins]
        items = [{"label": t, "color": c} for t, c in zip(labels, colors, strict=True)]
        if pins or x.legend_if_made is not None:
            legend = x.legend
            plane = state.second is not None and state.second.message is None
            compare = list(pinning.compared(x.compare))
            if (legend.items, legend.plane, legend.compare) != (items, plane, compare):
                with legend.hold_sync():
                    legend.items, legend.plane, legend.compare = items, plane, compare
        view = state.image
        markers = []
        if view.message is None and view.dims:
            shape = (md.n_points,) if x.points else tuple(md.dim(d).size for d in view.dims)
            for i, pin in enumerate(pins):
                m = pinning.marker(pin, view.dims, shape)
                if m is not None:
                    markers.append({**m, "color": colors[i], "label": labels[i], "n": i + 1})
        if x.heatmap.pins != markers:
            x.heatmap.pins = markers
        plot, pview = x.plot_if_made, state.plot
        if not pins or pview is None or plot is None or plot not in x.views.children:
            self.keys.pop("pins", None)
            if x.pinned_lines:
                x.set_trait("pinned_lines", [])
            if plot is not None:
                plot.show_pins([], [], [])
            return
        dim, index = pview.dim, x.index
        readings = [pinning.reading(p, index) for p in pins]
        at = tuple(tuple(sorted((k, v) for k, v in i.items() if k != dim)) for i, _r in readings)
        key = (
            x.dataset,
            dim,
            x.component,
            x.controls.x_mode.value,
            tuple(pin_keys),
            at,
        )
        if self.keys.get("pins") != key:
            lines = [x.slicer.line(i, dim, x.component, **r) for i, r in readings]
            x.set_trait("pinned_lines", lines)
            self.keys["pins"] = key
        # drawn again after a new key or a line on show of another unit or x
        drawn = (key, tuple(colors), plot.y_unit, plot.thinned)
        if self.keys.get("pins_drawn") != drawn:
            plot.show_pins(x.pinned_lines, colors, labels)
            self.keys["pins_drawn"] = drawn

    # -- the browser's links and the sliders ------------------------------------------------
    def links(self, state: ViewState) -> None:
        """Tell the browser which views follow the index (js/src/link.js)."""
        x = self.x
        links: dict[str, Any] = {"heatmap": x.heatmap.model_id}
        if state.image.message is None and state.image.dims:
            links["image"] = list(state.image.dims)
        second, plot = x.second_if_made, x.plot_if_made
        if second is not None and state.second is not None and second in x.views.children:
            links["second"] = second.model_id
            links["second_dims"] = list(state.second.dims)
        view = state.plot
        if (
            plot is not None
            and view is not None
            and view.marker
            and plot in x.views.children
            and not plot.thinned
        ):
            links["line"] = plot.line.model_id
            links["dot"] = plot.dot.model_id
            links["marker"] = plot.marker.model_id
            links["step"] = view.dim
        if plot is not None and view is not None and plot in x.views.children and not plot.thinned:
            # the hover readout under the plot (js/src/plot-readout.js): not on an envelope,
            # whose points are not steps; x and y in the display units the line is drawn in
            # (after plot(): a line of another magnitude changes the y unit)
            links["readout"] = {
                "line": plot.line.model_id,
                "figure": plot.figure_class,
                "dim": view.dim,
                "units": self.plot_axis(view.dim).xunit,
                "by_index": view.by_index,
                "value_units": plot.y_unit,
            }
        if plot is not None:
            plot.followed = "marker" in links
        if x.sliders.links != links:
            x.sliders.links = links

    def sliders(self, state: ViewState) -> None:
        # The diffraction plane's dims keep their sliders: stepping or playing them is how a
        # virtual detector pixel is scanned from the keyboard.
        x = self.x
        sliders, hidden, inactive = x.sliders, state.hidden, state.inactive
        key = ("sliders", x.dataset)
        if self.keys.get("sliders") != key:
            sliders.set_dims(x.md.dims, x.index, hidden, inactive)
            self.keys["sliders"] = key
            return
        # one message when something changed, none otherwise (no hold_sync per step)
        changes: dict[str, Any] = {}
        if sliders.index != x.index:
            changes["index"] = dict(x.index)
        if sliders.hidden != hidden:
            changes["hidden"] = hidden
        if sliders.inactive != inactive:
            changes["inactive"] = inactive
        if len(changes) > 1:
            with sliders.hold_sync():
                for name, value in changes.items():
                    setattr(sliders, name, value)
        elif changes:
            setattr(sliders, *changes.popitem())

    def show_view(self, view: ipywidgets.Widget | None, shown: bool) -> None:
        """Add or remove a view. Hidden views leave the DOM: a bqplot figure laid out with
        ``display: none`` gets a negative size and logs errors."""
        if view is None:
            return
        x = self.x
        order = [x.heatmap, x.second_if_made, x.plot_if_made, x.profile_plot_if_made]
        current = set(x.views.children)
        wanted = (current | {view}) if shown else (current - {view})
        if wanted != current:
            x.views.children = [v for v in order if v in wanted]
