"""The explorer's traits, each documented under it, and their checks.

:class:`ExplorerTraits` declares what a user reads and sets on an explorer (``w.index``,
``w.roi``, ``w.image`` ...) and validates every assignment with the pure checks of
:mod:`usid_widgets.model.intent`; :class:`~usid_widgets.widgets.explorer.Explorer` adds the
views and the flow.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import traitlets

from ..model import intent as checks
from .heatmap import COLORMAPS, SCALES


class _Array(traitlets.Any):
    """A trait for numpy arrays that notifies whenever a new object is assigned.

    traitlets decides whether to notify with ``old == new``: for arrays that is an element-wise
    comparison of the whole image before it gives up.
    """

    def set(self, obj: Any, value: Any) -> None:
        new = self._validate(obj, value)
        old = obj._trait_values.get(self.name, self.default_value)
        obj._trait_values[self.name] = new
        if old is not new:
            obj._notify_trait(self.name, old, new)


def _trait_error(check, *args: Any) -> Any:
    """``check(*args)``, its ValueError as the TraitError traitlets expects (a KeyError naming
    the valid dimensions passes as it is)."""
    try:
        return check(*args)
    except ValueError as exc:
        raise traitlets.TraitError(str(exc)) from None


class ExplorerTraits(ipywidgets.VBox):
    """The traits of :class:`~usid_widgets.widgets.explorer.Explorer`. Every trait is
    observable with ``observe``; set one to drive the view from Python. Checks need the
    dataset (``self.md``) and what is on screen (``image_dims``, ``second_dims``, ``points``),
    which the explorer sets."""

    md: Any = None
    second_dims: tuple[str, str] | None = None
    points = False
    _busy = False
    drawn: dict[str, Any]  # masks drawn in the browser: kept as they are, not copied

    dataset = traitlets.Unicode("")
    """Path of the Main dataset shown; set another path to switch."""
    index = traitlets.Dict()
    """``{dimension: int}`` for every dimension; assign a dict (a partial dict is merged)."""
    image_dims = traitlets.Tuple(
        traitlets.Unicode(), traitlets.Unicode(), allow_none=True, default_value=None
    )
    """``(row dim, column dim)`` of the image, or None."""
    plot_dim = traitlets.Unicode(None, allow_none=True)
    """Dimension of the line plot, or None."""
    plot_x = traitlets.Enum(("values", "index"), default_value="values")
    """The plot's x axis: the dimension's ``"values"``, or the step ``"index"`` (the "plot x"
    dropdown)."""
    component = traitlets.Unicode(None, allow_none=True)
    """Complex part (amplitude, phase in radians, "phase (degrees)", real, imaginary) or
    compound field shown."""
    components = traitlets.List(traitlets.Unicode(), read_only=True)
    """The values ``component`` takes for this dataset (empty for real data)."""
    colormap = traitlets.Enum(COLORMAPS, default_value="viridis")
    """The heatmaps' colormap (applied in the browser)."""
    reverse_colormap = traitlets.Bool(False)
    """Whether the colormap runs backwards."""
    scale = traitlets.Enum(SCALES, default_value="linear")
    """"linear", "log" or "symlog" colour scale."""
    clim = traitlets.List(
        traitlets.Float(), allow_none=True, default_value=None, minlen=2, maxlen=2
    )
    """Manual colour limits ``[lo, hi]``, or None for automatic ones (``auto_percentiles``)."""
    lock_clim = traitlets.Bool(False)
    """Keep the limits in force while slicing."""
    auto_percentiles = traitlets.List(
        traitlets.Float(), default_value=[0.5, 99.5], minlen=2, maxlen=2
    )
    """Percentiles of the finite values that make the automatic limits."""
    roi = traitlets.Dict(default_value=None, allow_none=True)
    """``{position dim: (start, stop)}`` or None: the spectrum (and the 4D-STEM plane) show
    the mean over that region of the map."""
    interval = traitlets.Dict(default_value=None, allow_none=True)
    """``{spectroscopic dim: (start, stop)}`` or None: the map shows the sum over those steps
    (an integrated map; on the two detector dims of 4D-STEM, a virtual detector)."""
    roi_mask = _Array(None)
    """A boolean array over the map's two position dims, or None: like ``roi`` for a region of
    any shape (a lasso drawn on the map sets it). A box and a mask exclude each other."""
    interval_mask = _Array(None)
    """A boolean array over the two spectroscopic dims of the plane (4D-STEM) or of the image,
    or None: like ``interval`` for any detector shape (an annulus for dark field)."""
    zoom = traitlets.Dict(default_value=None, allow_none=True)
    """``{row dim: (start, stop), column dim: (start, stop)}`` or None: the window of the image
    on screen, sent at full resolution."""
    line = traitlets.Any(None, allow_none=True)
    """A line ``((row0, col0), (row1, col1))`` on the heatmap ``line_on`` names, in its index
    coordinates (pixel ``[r, c]`` centred on the integer point, fractions allowed), or None:
    ``profile`` holds the values along it, the profile plot shows them. Drawn in the
    heatmap's "line" drag mode (endpoints draggable; Escape or "Clear line" removes it)."""
    line_width = traitlets.Any(1)
    """Width in pixels of the band a line profile averages across (perpendicular to the
    line, one sample a pixel); 1: the line alone."""
    line_on = traitlets.Enum(("image", "plane"), default_value="image")
    """The heatmap ``line`` is drawn on: ``"image"`` (the map) or ``"plane"`` (the second
    heatmap: the 4D-STEM diffraction plane). Changing it removes the line."""
    profile = traitlets.Any(None, read_only=True)
    """The line profile (:class:`usid_widgets.model.profile.Profile`: ``distance``,
    ``values``, ``distance_unit``, ``quantity``, ``units``) of the full-resolution image
    along ``line``, or None. Read-only."""
    image = _Array(None, read_only=True)
    """The image's whole array (rows x columns, after the component and any reduction, before
    colour mapping; one value per sampled point for sparse data). Read-only."""
    spectrum = _Array(None, read_only=True)
    """The 1-D array plotted, or None. Read-only."""
    plane = _Array(None, read_only=True)
    """The 2-D array of the second heatmap (the 4D-STEM plane at the selected position, or a
    region's mean pattern), or None. Read-only."""
    pins = _Array([])
    """The pinned positions and regions, in pin order: a list of ``{position dim: index}``
    (the dims not named follow the sliders), ``{"roi": {position dim: (start, stop)}}`` (a box's
    mean) or ``{"roi_mask": bool array}`` (a region's mean; ``"dims"``: the two position dims it
    covers, else the map's). Each gets a colour, a marker on the map and its line on the plot.
    Pin in the browser with "p" on the focused map, Alt + click or the toolbar's pin button."""
    compare = traitlets.Any(None)
    """What the diffraction plane (4D-STEM) shows: None, the pattern at the selected position;
    a pin's number in ``pins`` (0-based), that pin's pattern; ``(a, b)``, pin a's pattern minus
    pin b's, drawn with a diverging colormap centred on zero. The legend's "plane" selects set
    it; it follows its pins when others are removed, and is None when one of them goes."""
    pinned_lines = _Array([], read_only=True)
    """The pinned lines plotted, in pin order (a list of 1-D arrays in the data's values, like
    ``spectrum``; empty without a plot). Read-only."""
    message = traitlets.Unicode("", read_only=True)
    """What the explorer tells the user about this dataset (layout notes, problems)."""

    @traitlets.validate("index")
    def _valid_index(self, proposal: dict) -> dict:
        new = proposal["value"]
        if self.md is None or self._busy:
            return {name: _trait_error(checks.integer, v) for name, v in new.items()}
        return _trait_error(checks.check_index, self.md, self.index, new)

    @traitlets.validate("image_dims")
    def _valid_image_dims(self, proposal: dict) -> Any:
        value = proposal["value"]
        # a ValueError, as ``check_plan`` raises it for any plan
        return value if self.md is None else checks.check_image_dims(self.md, value)

    @traitlets.validate("plot_dim")
    def _valid_plot_dim(self, proposal: dict) -> Any:
        value = proposal["value"]
        return value if self.md is None else _trait_error(checks.check_plot_dim, self.md, value)

    @traitlets.validate("component")
    def _valid_component(self, proposal: dict) -> Any:
        value = proposal["value"]
        return value if self.md is None else _trait_error(checks.check_component, self.md, value)

    @traitlets.validate("roi", "interval")
    def _valid_ranges(self, proposal: dict) -> Any:
        value = proposal["value"]
        if not value or self.md is None:
            return value or None
        kind = "position" if proposal["trait"].name == "roi" else "spectroscopic"
        return _trait_error(checks.check_ranges, self.md, value, kind)

    @traitlets.validate("roi_mask", "interval_mask")
    def _valid_mask(self, proposal: dict) -> Any:
        value, name = proposal["value"], proposal["trait"].name
        if value is None or self.md is None:
            return None
        dims = self.mask_dims(name)
        mask = _trait_error(checks.check_mask_value, self.md, name, value, dims)
        if mask is not self.drawn.get(name):
            mask = mask.copy()  # the caller's array may change later
            mask.setflags(write=False)
        return mask

    @traitlets.validate("pins")
    def _valid_pins(self, proposal: dict) -> list:
        value = proposal["value"]
        if self.md is None or (isinstance(value, (list, tuple)) and not value):
            return list(value or [])
        return _trait_error(checks.check_pins, self.md, value, self.mask_dims("roi_mask"))

    @traitlets.validate("compare")
    def _valid_compare(self, proposal: dict) -> Any:
        return _trait_error(checks.check_compare, proposal["value"], len(self.pins))

    @traitlets.validate("zoom")
    def _valid_zoom(self, proposal: dict) -> Any:
        value = proposal["value"]
        if not value or self.md is None:
            return None
        return _trait_error(checks.check_zoom, self.md, value, self.image_dims, self.points)

    @traitlets.validate("line")
    def _valid_line(self, proposal: dict) -> Any:
        value = proposal["value"]
        if self.md is None:
            return value if value is None or len(value) else None
        shape, where = self.line_shape(self.line_on)
        return _trait_error(checks.check_line, value, shape, where)

    @traitlets.validate("line_width")
    def _valid_line_width(self, proposal: dict) -> int:
        return _trait_error(checks.check_line_width, proposal["value"])

    @traitlets.validate("line_on")
    def _valid_line_on(self, proposal: dict) -> str:
        value = proposal["value"]
        if value == "plane" and self.md is not None and self.second_dims is None:
            raise traitlets.TraitError(
                'line_on="plane" needs a second heatmap (a 4D-STEM diffraction plane) on screen'
            )
        return value

    def line_shape(self, on: str) -> tuple[tuple[int, int] | None, str]:
        """The shape of the image a line ``on`` "image" or "plane" is drawn on (None when no
        such image is on screen), and its name for messages."""
        if on == "plane":
            dims, where = self.second_dims, "the diffraction plane"
        else:
            dims, where = (None if self.points else self.image_dims), "the image"
        if self.md is None or dims is None:
            return None, where
        return (self.md.dim(dims[0]).size, self.md.dim(dims[1]).size), where

    def check_pins(self, value: Any) -> list[dict]:
        """``value`` as checked pins, or a ValueError saying what is wrong."""
        return checks.check_pins(self.md, value, self.mask_dims("roi_mask"))

    def mask_dims(self, name: str) -> tuple[str, ...] | None:
        """The dims the mask trait ``name`` covers on screen now, or None."""
        if self.md is None:
            return None
        return checks.mask_dims(self.md, name, self.image_dims, self.second_dims, self.points)
