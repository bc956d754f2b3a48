"""``Explorer``: the tree, the image, the sliders and the spectrum of a Main dataset, linked."""

from __future__ import annotations

import operator
import os
import time
import weakref
from typing import Any

import h5py
import ipywidgets
import numpy as np
import traitlets
from ipywidgets.widgets.widget_description import DescriptionStyle

from ..model.ahead import Ahead, lines_ahead, scan_dim
from ..model.slicing import Plan, Slicer, check_plan, default_component, default_plan, mask_key
from ..reader import MainDataset, NotMainDatasetError, find_main
from ..reader.blocks import DEFAULT_CACHE_BYTES
from ..reader.masks import check_mask, points_in_polygon, polygon_mask
from ..reader.validate import main_problems
from .heatmap import COLORMAPS, SCALES, Heatmap
from .mirror import mirror
from .sliders import DimensionSliders
from .spectrum import MAX_LINE, SpectrumPlot, axis_label
from .static_view import StaticPicture
from .tree import FileTree

_LINKED = ("colormap", "reverse_colormap", "scale", "clim", "lock_clim", "auto_percentiles")


def _describe(name: str, units: str) -> str:
    return axis_label(name, units)


class _Array(traitlets.Any):
    """A trait for numpy arrays that notifies whenever a new object is assigned.

    traitlets decides whether to notify with ``old == new``: for arrays that is an element-wise
    comparison of the whole image (146 ms for a 2048 x 2048 map) before it gives up.
    """

    def set(self, obj: Any, value: Any) -> None:
        new = self._validate(obj, value)
        old = obj._trait_values.get(self.name, self.default_value)
        obj._trait_values[self.name] = new
        if old is not new:
            obj._notify_trait(self.name, old, new)


class Explorer(ipywidgets.VBox):
    """Live explorer of a USID Main dataset (see :func:`explorer`).

    Traits (all observable with ``observe``; set them to drive the view from Python):

    - ``dataset``: path of the Main dataset shown; set another path to switch.
    - ``index``: ``{dimension: int}`` for every dimension; assign a dict (partial dicts are
      merged into the current index).
    - ``image_dims``: ``(row dim, column dim)`` of the image, or None.
    - ``plot_dim``: dimension of the line plot, or None.
    - ``component``: complex part (amplitude, phase, real, imaginary) or compound field.
    - ``colormap``, ``reverse_colormap``, ``scale``, ``clim`` (None = automatic),
      ``lock_clim``, ``auto_percentiles``: the image's colour mapping (applied in the browser).
    - ``roi``: ``{position dim: (start, stop)}`` or None: the spectrum (and the 4D-STEM
      plane) show the mean over that region of the map.
    - ``interval``: ``{spectroscopic dim: (start, stop)}`` or None: the map shows the sum over
      those steps (an integrated map; on the two detector dims of 4D-STEM, a virtual detector).
    - ``roi_mask``: a boolean array over the map's two position dims (``image_dims``) or
      None: like ``roi`` for any shape of region (a lasso drawn on the map sets it; set it to
      ``w.image > threshold`` for the mean spectrum of the bright cells).
    - ``interval_mask``: a boolean array over the two spectroscopic dims of the diffraction
      plane (4D-STEM) or of the image, or None: like ``interval`` for any detector shape (an
      annulus for a virtual dark-field image; a lasso drawn on the plane sets it). A region
      and its mask exclude each other: setting one clears the other.
    - ``zoom``: ``{row dim: (start, stop), column dim: (start, stop)}`` or None: the window
      of the image on screen, sent at full resolution (drag a box on the map, Ctrl + wheel;
      double-click for the whole image).
    - ``image``: the image's whole array (rows x columns, after the component and any
      reduction, before colour mapping; for sparse data one value per sampled point; ``zoom``
      says which part is on screen). Read-only.
    - ``spectrum``: the 1-D array plotted, or None. Read-only.
    - ``plane``: the 2-D array of the second heatmap (the 4D-STEM diffraction plane at the
      selected position, or the region's mean pattern), or None. Read-only.
    - ``message``: what the explorer tells the user about this dataset (layout notes, errors).
    """

    dataset = traitlets.Unicode("")
    # integers, checked by _valid_index (with a value trait, traitlets would check each
    # value again on every slider step: ~2 us of a 25 us step)
    index = traitlets.Dict()
    image_dims = traitlets.Tuple(
        traitlets.Unicode(), traitlets.Unicode(), allow_none=True, default_value=None
    )
    plot_dim = traitlets.Unicode(None, allow_none=True)
    component = traitlets.Unicode(None, allow_none=True)
    components = traitlets.List(traitlets.Unicode(), read_only=True)
    colormap = traitlets.Enum(COLORMAPS, default_value="viridis")
    reverse_colormap = traitlets.Bool(False)
    scale = traitlets.Enum(SCALES, default_value="linear")
    clim = traitlets.List(
        traitlets.Float(), allow_none=True, default_value=None, minlen=2, maxlen=2
    )
    lock_clim = traitlets.Bool(False)
    auto_percentiles = traitlets.List(
        traitlets.Float(), default_value=[0.5, 99.5], minlen=2, maxlen=2
    )
    roi = traitlets.Dict(default_value=None, allow_none=True)
    interval = traitlets.Dict(default_value=None, allow_none=True)
    roi_mask = _Array(None)
    interval_mask = _Array(None)
    zoom = traitlets.Dict(default_value=None, allow_none=True)
    image = _Array(None, read_only=True)
    spectrum = _Array(None, read_only=True)
    plane = _Array(None, read_only=True)
    message = traitlets.Unicode("", read_only=True)

    def __init__(
        self,
        source: Any,
        *,
        dataset: str | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        client: Any = None,
        **kwargs: Any,
    ):
        self._cache_bytes = int(cache_bytes)
        self._client = client
        self._file, self._owned = _open_source(source)
        self.md: MainDataset | None = None
        self._slicer: Slicer | None = None
        self._keys: dict[str, Any] = {}
        self._busy = False
        self._busy_controls = False
        self._second_dims: tuple[str, str] | None = None
        self._progress_start: float | None = None
        self._progress_shown = 0.0
        self._points = False
        self._drawn: dict[str, np.ndarray] = {}  # masks made from a lasso on screen
        self._ahead: Ahead | None = None  # the lines the browser holds (sliders.lines)
        self._prev_index: dict[str, int] | None = None  # before the last index change
        self._shown: dict[str, tuple] = {}  # per line view: what it shows, but the index

        # Every widget is a comm and a message (ipywidgets Layouts and Styles included): the
        # views a dataset may not need (the second heatmap, the bqplot spectrum, the progress
        # bar) are made on first use, and controls whose layout and style never change alone
        # share them.
        self._second: Heatmap | None = None
        self._plot: SpectrumPlot | None = None
        self._progress: ipywidgets.FloatProgress | None = None
        self.tree = FileTree(
            layout=ipywidgets.Layout(
                width="250px", min_width="200px", max_height="640px", overflow="auto"
            )
        )
        self.heatmap = Heatmap()
        self.sliders = DimensionSliders()
        self.title_label = ipywidgets.Label("", style={"font_weight": "bold"})
        self.status = ipywidgets.Label("")
        wide = DescriptionStyle(description_width="initial")
        # rows and columns are shown and hidden together (_fill_controls): one layout
        image_layout = ipywidgets.Layout(width="auto")
        plot_layout = ipywidgets.Layout(width="auto")
        self.row_dim = ipywidgets.Dropdown(
            description="Image rows", style=wide, layout=image_layout
        )
        self.col_dim = ipywidgets.Dropdown(
            description="Image columns", style=wide, layout=image_layout
        )
        self.plot_choice = ipywidgets.Dropdown(description="Plot", style=wide, layout=plot_layout)
        self.component_choice = ipywidgets.Dropdown(
            description="Component", style=wide, layout=ipywidgets.Layout(width="auto")
        )
        self.x_mode = ipywidgets.Dropdown(
            description="Plot x",
            options=[("values", "values"), ("index", "index")],
            value="values",
            style=wide,
            layout=plot_layout,
        )
        controls = ipywidgets.HBox(
            [self.row_dim, self.col_dim, self.plot_choice, self.component_choice, self.x_mode],
            layout=ipywidgets.Layout(flex_flow="row wrap", grid_gap="4px 12px"),
        )
        # Image(s) and spectrum share one wrapping row: side by side when the output is wide,
        # stacked when it is narrow; the sliders stay under both.
        self.views = views = ipywidgets.HBox(
            [self.heatmap],
            layout=ipywidgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        center = ipywidgets.VBox(
            [controls, views, self.sliders], layout=ipywidgets.Layout(flex="1 1 0%", min_width="0")
        )
        body = ipywidgets.HBox(
            [self.tree, center], layout=ipywidgets.Layout(align_items="flex-start")
        )
        super().__init__([self.title_label, self.status, body], **kwargs)
        self.add_class("usidw-explorer")

        self._static = StaticPicture(self)
        self.observe(self._static.changed, names=["image", *_LINKED])

        for name in _LINKED:
            traitlets.link((self, name), (self.heatmap, name))
        self.heatmap.observe(self._on_image_click, names="selected")
        self.heatmap.observe(self._on_image_roi, names="roi")
        self.heatmap.observe(self._on_image_lasso, names="lasso")
        self.heatmap.observe(self._on_image_zoom, names="zoom")
        self.heatmap.on_clear_region(lambda: self._clear_region(self.heatmap))
        self.sliders.observe(self._on_slider, names="index")
        self.tree.observe(self._on_tree_select, names="selected")
        self.row_dim.observe(self._on_dim_choice, names="value")
        self.col_dim.observe(self._on_dim_choice, names="value")
        self.plot_choice.observe(self._on_plot_choice, names="value")
        self.component_choice.observe(self._on_component_choice, names="value")
        self.x_mode.observe(lambda _c: self._refresh(), names="value")

        # The first view goes out in one message per view, not one per trait.
        with self.tree.hold_sync(), self.heatmap.hold_sync(), self.sliders.hold_sync():
            if self._file is not None:
                self.tree.load(self._file)
            if dataset is not None:
                start = dataset
            elif self._file is not None and _whole_file(source):
                start = self.tree.mains[0] if self.tree.mains else None  # walked once
            else:
                start = _first_main(source, self._file)
            if start:
                self.dataset = start
            else:
                self._say("No USID Main dataset in this file: browse it in the tree.")
                self.heatmap.show_message("No USID Main dataset in this file.")
                self._hide_controls()

    # -- views made on first use ------------------------------------------------------------
    @property
    def second(self) -> Heatmap:
        """The second heatmap (4D-STEM diffraction plane); made on first use."""
        if self._second is None:
            hm = Heatmap()
            for name in _LINKED:
                traitlets.link((self, name), (hm, name))
            hm.observe(self._on_second_roi, names="roi")
            hm.observe(self._on_second_lasso, names="lasso")
            hm.on_clear_region(lambda: self._clear_region(hm))
            hm.observe(self._on_second_click, names="selected")
            # a zoomed plane travels as its window: the browser must stop drawing whole ones
            hm.observe(lambda _c: self._drop_ahead("second"), names="zoom")
            if self.md is not None:
                hm.quantity, hm.units = self.md.quantity, self.md.units
            self._second = hm
        return self._second

    @property
    def plot(self) -> SpectrumPlot:
        """The line plot along ``plot_dim`` (bqplot); made on first use."""
        if self._plot is None:
            plot = SpectrumPlot(layout=ipywidgets.Layout(width="380px", min_width="300px"))
            plot.on_interval(self._on_plot_interval)
            plot.on_step_click(self._on_plot_click)
            self._plot = plot
        return self._plot

    @property
    def progress(self) -> ipywidgets.FloatProgress:
        """The bar shown during long reads (hidden otherwise); made on first use."""
        if self._progress is None:
            self._progress = ipywidgets.FloatProgress(
                value=0,
                min=0,
                max=1,
                description="Reading",
                layout=ipywidgets.Layout(display="none"),
            )
            children = list(self.children)
            children.insert(min(2, len(children)), self._progress)
            self.children = children
        return self._progress

    def _ipython_display_(self, **kwargs: Any) -> None:
        """A static PNG of the image (for notebooks opened without a kernel), then the view."""
        self._static.display()

    # -- switching datasets -----------------------------------------------------------------
    @traitlets.observe("dataset")
    def _on_dataset(self, change: dict) -> None:
        path = change["new"]
        try:
            # by path: the reader opens the dataset itself, with its chunk cache
            md = MainDataset(self._file, path, cache_bytes=self._cache_bytes)
        except NotMainDatasetError as exc:
            self._show_problem(path, exc.problems)
            return
        except Exception as exc:  # unreadable objects get a message, not a dead widget
            self._show_problem(path, [f"{type(exc).__name__}: {exc}"])
            return
        problem = _undrawable(md)
        if problem:
            self._show_problem(path, [problem])
            return
        self._release()
        self.md, self._slicer, self._keys = md, Slicer(md), {}
        self._send_ahead(None)
        self._shown = {}
        self._slicer.progress, self._slicer.client = self._on_progress, self._client
        md.blocks.progress = self._on_progress
        plan = default_plan(md)
        self._busy = True
        try:
            self.set_trait("components", md.components)
            for hm in (self.heatmap, self._second):
                if hm is not None:
                    hm.forget()
            self.roi = self.interval = None
            self.roi_mask = self.interval_mask = self.zoom = None
            self.component = default_component(md)
            self.index = {d.name: d.size // 2 for d in md.dims}
            self.image_dims = plan.image_dims
            self.plot_dim = plan.plot_dim
            self._second_dims = plan.second_dims
            self._points = plan.points
            self._fill_controls()
            self.tree.current = path
            self.tree.selected = path  # so that a later click on another dataset is a change
            self.tree.reveal(path)
            units = f" ({md.units})" if md.units else ""
            self.title_label.value = f"{path}: {md.quantity}{units}  [{md.filename}]"
            note = plan.message or "; ".join(md.notes)
            self._say(note)
            for hm in (self.heatmap, self._second):
                if hm is not None:
                    hm.quantity, hm.units = md.quantity, md.units
        finally:
            self._busy = False
        self._refresh()

    def _show_problem(self, path: str, problems: list[str]) -> None:
        self._release()
        text = f"{path} cannot be shown: " + "; ".join(problems)
        self._say(text)
        self.heatmap.show_message(text)
        self._show_view(self._second, False)
        self._show_view(self._plot, False)
        self._hide_controls()
        self._send_ahead(None)
        self._shown = {}
        if self.sliders.links:
            self.sliders.links = {}
        try:
            known = self._file is not None and path in self._file
        except Exception:  # a closed file, a broken link: no highlight, still the message
            known = False
        if known:
            self.tree.current = path  # the tree shows which dataset the message is about
            self.tree.reveal(path)
        self.set_trait("image", None)
        self.set_trait("spectrum", None)

    def _hide_controls(self) -> None:
        """No dataset on screen: no empty dropdowns either."""
        for dd in (self.row_dim, self.col_dim, self.plot_choice, self.component_choice):
            dd.layout.display = "none"
        self.x_mode.layout.display = "none"

    def _say(self, text: str) -> None:
        self.set_trait("message", text)
        self.status.value = text

    # -- validation of state set from Python ----------------------------------------------
    @traitlets.validate("index")
    def _valid_index(self, proposal: dict) -> dict:
        new = proposal["value"]
        if self.md is None or self._busy:
            return {name: _integer(value) for name, value in new.items()}
        merged = dict(self.index)
        for name, value in new.items():
            d = self.md.dim(name)  # KeyError names the valid dimensions
            i = _integer(value)
            if not 0 <= i < d.size:
                raise traitlets.TraitError(
                    f"index {value} out of range for {name!r} of size {d.size}"
                )
            merged[name] = i
        return merged

    @traitlets.validate("image_dims")
    def _valid_image_dims(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is not None and self.md is not None:
            value = (str(value[0]), str(value[1]))
            check_plan(self.md, Plan(value, None))
        return value

    @traitlets.validate("plot_dim")
    def _valid_plot_dim(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is not None and self.md is not None and value not in self.md.dim_names:
            raise traitlets.TraitError(
                f"no dimension {value!r}; dimensions are {self.md.dim_names}"
            )
        return value

    @traitlets.validate("component")
    def _valid_component(self, proposal: dict) -> Any:
        value = proposal["value"]
        if self.md is not None and self.md.components and value not in self.md.components:
            raise traitlets.TraitError(
                f"component must be one of {self.md.components}, not {value!r}"
            )
        return value

    @traitlets.validate("roi", "interval")
    def _valid_ranges(self, proposal: dict) -> Any:
        value = proposal["value"]
        if not value:
            return None
        if self.md is None:
            return value
        kind = "position" if proposal["trait"].name == "roi" else "spectroscopic"
        out = {}
        for name, rng in value.items():
            d = self.md.dim(name)
            if d.kind != kind:
                raise traitlets.TraitError(f"{name!r} is not a {kind} dimension")
            lo, hi = int(rng[0]), int(rng[1])
            if not 0 <= lo < hi <= d.size:
                raise traitlets.TraitError(
                    f"range {rng} of {name!r} must satisfy 0 <= start < stop <= {d.size}"
                )
            out[name] = (lo, hi)
        return out

    @traitlets.validate("roi_mask", "interval_mask")
    def _valid_mask(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is None or self.md is None:
            return None
        name = proposal["trait"].name
        dims = self._mask_dims(name)
        if dims is None:
            kind = "position" if name == "roi_mask" else "spectroscopic"
            raise traitlets.TraitError(f"{name} needs an image of two {kind} dimensions on screen")
        shape = tuple(self.md.dim(d).size for d in dims)
        try:
            mask = check_mask(value, shape, f"{name} over {dims}")
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None
        if mask is not self._drawn.get(name):
            mask = mask.copy()  # the caller's array may change later
            mask.setflags(write=False)
        return mask

    def _mask_dims(self, name: str) -> tuple[str, ...] | None:
        """The dims a mask trait covers: the map's (roi_mask; the sampled points' one dim for
        sparse data) or the plane's (interval_mask)."""
        if self.md is None:
            return None
        if self._points and name == "roi_mask":
            return (self.md.pos_dims[0].name,)
        kind = "position" if name == "roi_mask" else "spectroscopic"
        candidates = [self.image_dims]
        if name == "interval_mask":
            candidates.insert(0, self._second_dims)
        for dims in candidates:
            if dims and all(self.md.dim(d).kind == kind for d in dims):
                return tuple(dims)
        return None

    @traitlets.validate("zoom")
    def _valid_zoom(self, proposal: dict) -> Any:
        value = proposal["value"]
        if not value or self.md is None:
            return None
        dims = self.image_dims
        if dims is None or self._points or set(value) != set(dims):
            raise traitlets.TraitError(f"zoom takes a range for each image dimension {dims}")
        out = {}
        for name in dims:
            lo, hi = int(value[name][0]), int(value[name][1])
            size = self.md.dim(name).size
            if not 0 <= lo < hi <= size:
                raise traitlets.TraitError(
                    f"zoom range {value[name]} of {name!r} must satisfy 0 <= start < stop <= {size}"
                )
            out[name] = (lo, hi)
        if all(out[d] == (0, self.md.dim(d).size) for d in dims):
            return None
        return out

    @traitlets.observe("roi", "interval", "roi_mask", "interval_mask")
    def _exclusive(self, change: dict) -> None:
        """A box and a mask of the same side exclude each other."""
        other = {"roi": "roi_mask", "roi_mask": "roi", "interval": "interval_mask"}.get(
            change["name"], "interval"
        )
        if change["new"] is not None and getattr(self, other) is not None:
            setattr(self, other, None)
        name = change["name"]
        if name.endswith("_mask"):
            hm = self.heatmap if name == "roi_mask" else self._lasso_view()
            if change["new"] is not self._drawn.get(name) and hm.lasso:
                # a mask from Python (or none): the outline no longer shows it
                self._drawn[name] = None
                hm.lasso = []
            hm.show_mask(change["new"])

    def _clear_region(self, view: Heatmap) -> None:
        """ "Clear region" on a view: every region and mask it shows goes."""
        names = ["roi", "roi_mask"] if view is self.heatmap else []
        if view is self._lasso_view():
            names.append("interval_mask")
        kinds = {self.md.dim(d).kind for d in self.image_dims or ()} if self.md else set()
        if view is self.second or "spectroscopic" in kinds:
            names.append("interval")
        for name in names:
            if getattr(self, name) is not None:
                setattr(self, name, None)

    def _lasso_view(self):
        return self.second if self._second_dims is not None else self.heatmap

    @traitlets.observe("zoom")
    def _on_zoom(self, change: dict) -> None:
        z, dims = change["new"], self.image_dims
        box = [*z[dims[0]], *z[dims[1]]] if z and dims else []
        if list(self.heatmap.zoom) != box:
            self.heatmap.zoom = box

    _STATE = ("index", "image_dims", "plot_dim", "component", "roi", "interval")

    @traitlets.observe(*_STATE, "roi_mask", "interval_mask")
    def _on_state(self, change: dict) -> None:
        if change["name"] == "image_dims" and not self._busy:
            # the zoom and masks were cells of the previous image
            self._busy = True
            try:
                self.heatmap.forget()
                self.zoom = self.roi_mask = None
                if self._second_dims is None:
                    self.interval_mask = None
            finally:
                self._busy = False
        if not self._busy:
            if change["name"] == "index":
                self._prev_index = change["old"]
                if self._held_step(change["old"], change["new"]):
                    return
            if change["name"] in ("image_dims", "plot_dim", "component"):
                self._fill_controls()  # the dropdowns show these; an index step leaves them
            self._refresh()

    def _held_step(self, old: dict, new: dict) -> bool:
        """A move on the map while the line view follows the held lines: the browser draws
        the new line (link.js) from the lines it holds, or from the line read here and sent
        with the index as the new held lines. Records what the browser draws and sends one
        message. False when ``_refresh`` is needed.

        The same outcome as ``_refresh`` (which reaches it too), without its checks: these
        are the steps and clicks made while exploring, the ones that must cost least.
        """
        ahead, md = self._ahead, self.md
        dims = self.image_dims
        if ahead is None or md is None or not dims or self._points or self._busy:
            return False
        moved = [k for k, v in new.items() if old.get(k) != v]
        if not moved or any(k not in dims for k in moved):
            return False
        target = ahead.shown[0]
        line_dims = (
            ((self.plot_dim,) if self.plot_dim else None) if target == "plot" else self._second_dims
        )
        others = self._second_dims if target == "plot" else self.plot_dim
        if not line_dims or others or self._shown.get(target) != ahead.shown:
            return False
        read = False
        j = ahead.line(new)
        if j is None:
            ahead = self._read_ahead(target, line_dims, new, ahead.shown)
            if ahead is None:
                return False
            j = ahead.line(new)
            read = True
        self._note_held(ahead, j)
        mirror(self.heatmap, selected=[new[dims[0]], new[dims[1]]])
        if target == "plot":
            self.plot.mirror(ahead.wire[j], new[self.plot_dim])
            self.set_trait("spectrum", ahead.views[j])
            self._held_key("plot", line_dims)
        else:
            self.second.mirror_grid(ahead.views[j], ahead.token + j, ahead.wire[j])
            mirror(self.second, selected=[new[line_dims[0]], new[line_dims[1]]])
            self.set_trait("plane", ahead.views[j])
            self._held_key("second", line_dims)
        mirror(self.sliders, index=dict(new))
        if read:
            mirror(self.sliders, lines=ahead.wire_dict())
            self.sliders.send_index(lines=True)
        elif self.sliders._property_lock.get("index") != new:
            # a step made in the browser is applied under the lock of what it sent: the
            # browser holds that index already (and ipywidgets echoed it)
            self.sliders.send_index()
        return True

    def _held_key(self, target: str, line_dims: tuple) -> None:
        """Record the view key after a held step: only the index moved, so only the key's
        fixed index part changes (``_second_key`` / ``_plot_key`` whole cost ~4 µs)."""
        key = self._keys.get(target)
        if key is None:
            self._keys[target] = (
                self._plot_key(line_dims[0]) if target == "plot" else self._second_key(line_dims)
            )
        else:
            self._keys[target] = (*key[:3], self._fixed_key(line_dims), *key[4:])

    def _read_ahead(
        self, target: str, free: tuple[str, ...], index: dict, shown: tuple
    ) -> Ahead | None:
        """Read the line at ``index`` as new held lines (with its neighbours while scrubbing)
        if the view can follow them; None otherwise. Sends nothing."""
        md, slicer, comp = self.md, self._slicer, self.component
        view = slicer.slice(index, free, comp)
        ahead = lines_ahead(slicer, index, free, comp, shown, view, self._scrubbing())
        if ahead is None:
            return None
        if target == "plot":
            x, xlabel, markers = self._plot_axis(md.dim(free[0]), self.x_mode.value)
            ylabel = _describe(md.quantity, md.units)
            if not self.plot.can_follow(x, xlabel, ylabel, markers, ahead.wire):
                return None
            ahead.token, ahead.step = self._next_token(), free[0]
        else:
            if not self.second.can_follow(view.shape):
                return None
            ahead.token = self.second.reserve_ids(len(ahead.views))
        self._ahead = ahead
        return ahead

    # -- drawing ----------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Bring every view in line with the state, re-reading only what changed."""
        md, slicer = self.md, self._slicer
        if md is None or slicer is None:
            return
        try:
            # index, links and lines leave in one message: the browser moves the crosshairs
            # and draws held lines itself (js/src/link.js)
            with self.sliders.hold_sync():
                self._refresh_image(md, slicer)
                self._refresh_second(md, slicer)
                self._refresh_plot(md, slicer)
                self._refresh_links()
                self._refresh_sliders(md)
        except Exception as exc:  # a bad slice must not kill the widget
            if not md.h5.id.valid:  # HDF5's own words for this are cryptic
                self._say(f"The file of {md.path} was closed: reopen it and the explorer to go on.")
            else:
                self._say(f"Could not read this view: {type(exc).__name__}: {exc}")

    def _fixed_key(self, free: tuple) -> tuple:
        return tuple((k, v) for k, v in sorted(self.index.items()) if k not in free)

    def _refresh_image(self, md: MainDataset, slicer: Slicer) -> None:
        index, comp = self.index, self.component
        if self._points:
            raw = md.pos_dims[0].name
            key = ("points", self.dataset, self._fixed_key((raw,)), comp)
            if self._keys.get("image") != key:
                values = slicer.points(index, comp)
                coords = slicer.point_coords()
                cd = md.coord_dims
                xi, yi = _scatter_axes([d.name for d in cd])
                x = coords[:, xi] if xi is not None else np.arange(md.n_points, dtype=float)
                y = coords[:, yi] if yi is not None else np.zeros(md.n_points)
                xl = (
                    {"label": cd[xi].name, "units": cd[xi].units}
                    if xi is not None
                    else {"label": raw, "units": ""}
                )
                yl = (
                    {"label": cd[yi].name, "units": cd[yi].units}
                    if yi is not None
                    else {"label": "", "units": ""}
                )
                self.heatmap.title = f"{md.quantity}: {md.n_points} sampled positions"
                self.heatmap.show_points(x, y, values, xl, yl)
                self.set_trait("image", values)
                self._keys["image"] = key
            mirror(self.heatmap, selected=[index[raw]])  # the browser moves it (links)
            return
        dims = self.image_dims
        if dims is None:
            if self._keys.get("image") != ("none", self.dataset):
                self.heatmap.show_message(
                    default_plan(md).message or "This dataset is a single spectrum: see the plot."
                )
                self.set_trait("image", None)
                self._keys["image"] = ("none", self.dataset)
            return
        imask = self._mask("interval_mask")
        key = (
            "grid",
            self.dataset,
            dims,
            self._fixed_key(dims),
            comp,
            _frozen(self.interval),
            mask_key(imask),
        )
        if self._keys.get("image") != key:
            image = slicer.image(index, dims, comp, interval=self.interval, interval_mask=imask)
            r, c = md.dim(dims[0]), md.dim(dims[1])
            self.heatmap.title = f"{md.quantity}: {r.name} × {c.name}"
            self.heatmap.show_image(
                image,
                x=_axis(c),
                y=_axis(r),
            )
            self.set_trait("image", image)
            self._keys["image"] = key
        mirror(self.heatmap, selected=[index[dims[0]], index[dims[1]]])  # moved by the browser
        # an image of a position and a spectroscopic dim holds its box in roi and interval
        box = _box({**(self.interval or {}), **(self.roi or {})}, dims)
        if self.heatmap.roi != box:
            self.heatmap.roi = box

    def _refresh_second(self, md: MainDataset, slicer: Slicer) -> None:
        dims = self._second_dims
        if dims is None:
            self._drop_ahead("second")
            if self._second is not None:
                self._show_view(self._second, False)
            if self.plane is not None:
                self.set_trait("plane", None)
            return
        self._show_view(self.second, True)
        key = self._second_key(dims)
        if self._keys.get("second") != key:
            hm = self.second
            whole = not self.roi and self._mask("roi_mask") is None  # not a region's mean
            shown = ("second", self.dataset, dims, self.component) if whole else None
            j = self._held_line(shown)
            if j is not None:
                plane = self._ahead.views[j]
                hm.mirror_grid(plane, self._ahead.token + j)
                self._note_held(self._ahead, j)
            else:
                plane = slicer.image(
                    self.index, dims, self.component, roi=self.roi, roi_mask=self._mask("roi_mask")
                )
                ahead = None
                if shown is not None and hm.can_follow(plane.shape):
                    ahead = lines_ahead(
                        slicer, self.index, dims, self.component, shown, plane, self._scrubbing()
                    )
                if ahead is None or self._shown.get("second") != shown:
                    r, c = md.dim(dims[0]), md.dim(dims[1])
                    hm.title = f"{md.quantity}: {r.name} × {c.name} at the selected position"
                    hm.show_image(plane, x=_axis(c), y=_axis(r))
                if ahead is not None:
                    ahead.token = hm.reserve_ids(len(ahead.views))
                    self._send_ahead(ahead)
                    hm.mirror_grid(plane, ahead.token + ahead.line(self.index))
                    self._note_held(ahead, ahead.line(self.index))
                else:
                    self._drop_ahead("second")
            self._shown["second"] = shown
            self.set_trait("plane", plane)
            self._keys["second"] = key
        mirror(self.second, selected=[self.index[dims[0]], self.index[dims[1]]])
        box = _box(self.interval, dims)
        if self.second.roi != box:
            self.second.roi = box

    def _second_key(self, dims: tuple[str, str]) -> tuple:
        """What the second heatmap's image depends on (the index part 4th: _held_key)."""
        return (
            "second",
            self.dataset,
            dims,
            self._fixed_key(dims),
            self.component,
            _frozen(self.roi),
            mask_key(self._mask("roi_mask")),
        )

    def _plot_key(self, dim: str) -> tuple:
        """What the plot's line depends on (the index part 4th: _held_key)."""
        return (
            "plot",
            self.dataset,
            dim,
            self._fixed_key((dim,)),
            self.component,
            self.x_mode.value,
            _frozen(self.roi),
            mask_key(self._mask("roi_mask")),
        )

    def _show_view(self, view: ipywidgets.Widget, shown: bool) -> None:
        """Add or remove a view. Hidden views leave the DOM: a bqplot figure laid out with
        ``display: none`` gets a negative size and logs errors."""
        order = [self.heatmap, self._second, self._plot]
        current = set(self.views.children)
        wanted = (current | {view}) if shown else (current - {view})
        if wanted != current:
            self.views.children = [v for v in order if v in wanted]

    def _refresh_plot(self, md: MainDataset, slicer: Slicer) -> None:
        dim = self.plot_dim
        if dim is None:
            self._show_view(self._plot, False)
            self.set_trait("spectrum", None)
            self._keys.pop("plot", None)
            self._drop_ahead("plot")
            return
        self._show_view(self.plot, True)
        key = self._plot_key(dim)
        d = md.dim(dim)
        if self._keys.get("plot") != key:
            plot, step = self.plot, self.index[dim]
            x, xlabel, markers = self._plot_axis(d, self.x_mode.value)
            ylabel = _describe(md.quantity, md.units)
            whole = not self.roi and self._mask("roi_mask") is None  # not a region's mean
            shown = ("plot", self.dataset, dim, self.component, xlabel) if whole else None
            j = self._held_line(shown)
            if j is not None:
                line = self._ahead.views[j]
                plot.mirror(self._ahead.wire[j], step)
                self._note_held(self._ahead, j)
            else:
                line = slicer.line(
                    self.index, dim, self.component, roi=self.roi, roi_mask=self._mask("roi_mask")
                )
                ahead = None
                if shown is not None and x.size <= MAX_LINE:  # the browser draws lines whole
                    ahead = lines_ahead(
                        slicer, self.index, (dim,), self.component, shown, line, self._scrubbing()
                    )
                follow = ahead is not None and plot.can_follow(
                    x, xlabel, ylabel, markers, ahead.wire
                )
                if not follow:
                    plot.show(x, line, xlabel, ylabel, step, markers)
                    if ahead is not None and not plot.can_follow(
                        x, xlabel, ylabel, markers, ahead.wire
                    ):
                        ahead = None
                if ahead is not None:
                    ahead.token, ahead.step = self._next_token(), dim
                    self._send_ahead(ahead)
                    plot.mirror(ahead.wire[ahead.line(self.index)], step)
                    self._note_held(ahead, ahead.line(self.index))
                else:
                    self._drop_ahead("plot")
            self._shown["plot"] = shown
            self.set_trait("spectrum", line)
            self._keys["plot"] = key
        else:
            self.plot.set_step(self.index[dim])

    # -- lines held in the browser (sliders.lines; js/src/link.js) ---------------------------
    def _scrubbing(self) -> bool:
        """Whether the last index change was a step of one along the scan: then the lines
        beside it are sent ahead; after a jump (a click) the line alone, as scrubbing is not
        the likely next move."""
        prev, index, md = self._prev_index, self.index, self.md
        along = scan_dim(self._slicer) if md is not None else None
        if prev is None or along is None or prev.keys() != index.keys():
            return False
        return abs(index[along] - prev[along]) == 1 and all(
            prev[k] == v for k, v in index.items() if k != along
        )

    def _held_line(self, shown: tuple | None) -> int | None:
        """The line of the held lines that the browser drew for the index, if any."""
        ahead = self._ahead
        if shown is None or ahead is None or ahead.shown != shown:
            return None
        return ahead.line(self.index)

    def _note_held(self, ahead: Ahead, j: int) -> None:
        """Line ``j`` of the held lines is on show (drawn by the browser, or taken from the
        slicer's memory): the block cache tracks the motion as if it had read it, so the
        next miss of a scrub still reads ahead."""
        if ahead.rows is not None and self.md is not None:
            self.md.blocks.note_row(ahead.rows[j])

    def _send_ahead(self, ahead: Ahead | None) -> None:
        self._ahead = ahead
        wire = {} if ahead is None else ahead.wire_dict()
        if wire or self.sliders.lines:
            self.sliders.lines = wire

    def _drop_ahead(self, target: str) -> None:
        if self._ahead is not None and self._ahead.shown[0] == target:
            self._send_ahead(None)

    def _next_token(self) -> int:
        self._token = getattr(self, "_token", 0) + 1
        return self._token

    def _refresh_links(self) -> None:
        """Tell the browser which views follow the index (js/src/link.js)."""
        links: dict[str, Any] = {"heatmap": self.heatmap.model_id}
        if self._points and self.md is not None:
            links["image"] = [self.md.pos_dims[0].name]
        elif self.image_dims:
            links["image"] = list(self.image_dims)
        if self._second is not None and self._second_dims and self._second in self.views.children:
            links["second"] = self._second.model_id
            links["second_dims"] = list(self._second_dims)
        plot = self._plot
        if plot is not None and self.plot_dim and plot in self.views.children and not plot.thinned:
            links["line"] = self._plot.line.model_id
            links["dot"] = self._plot.dot.model_id
            links["marker"] = self._plot.marker.model_id
            links["step"] = self.plot_dim
        if self._plot is not None:
            self._plot.followed = "marker" in links
        if self.sliders.links != links:
            self.sliders.links = links

    def _plot_axis(self, d: Any, x_mode: str) -> tuple[np.ndarray, str, bool]:
        """(x values, x label, markers) of the plot along ``d``; worked out once per dim and
        mode, not per spectrum."""
        key = (self.dataset, d.name, x_mode)
        cached = self._keys.get("plot_axis")
        if cached is not None and cached[0] == key:
            return cached[1]
        by_index = x_mode == "index" or _axis(d)["units"] is None
        x = np.arange(d.size, dtype=float) if by_index else d.values
        xlabel = f"{d.name} index" if by_index else _describe(d.name, d.units)
        steps = np.diff(d.values)
        folds = bool(np.any(steps > 0) and np.any(steps < 0))
        out = (x, xlabel, folds or d.size <= 32)
        self._keys["plot_axis"] = (key, out)
        return out

    def _refresh_sliders(self, md: MainDataset) -> None:
        # The diffraction plane's dims keep their sliders: stepping or playing them is how a
        # virtual detector pixel is scanned from the keyboard.
        on_screen = set(self.image_dims or ())
        if self._points:
            on_screen.add(md.pos_dims[0].name)
        hidden = [d.name for d in md.dims if d.size <= 1 or d.name in on_screen]
        key = ("sliders", self.dataset)
        if self._keys.get("sliders") != key:
            self.sliders.set_dims(md.dims, self.index, hidden)
            self._keys["sliders"] = key
        else:
            # one message when something changed, none otherwise (no hold_sync per step)
            index, changes = self.index, {}
            if self.sliders.index != index:
                changes["index"] = dict(index)
            if self.sliders.hidden != hidden:
                changes["hidden"] = hidden
            if len(changes) > 1:
                with self.sliders.hold_sync():
                    self.sliders.index, self.sliders.hidden = changes["index"], hidden
            elif changes:
                setattr(self.sliders, *changes.popitem())

    # -- events from the views --------------------------------------------------------------
    def _on_image_click(self, change: dict) -> None:
        sel = change["new"]
        if self.md is None or not sel:
            return
        if self._points:
            self.index = {self.md.pos_dims[0].name: int(sel[0])}
        elif self.image_dims is not None and len(sel) == 2:
            r, c = (self.md.dim(d) for d in self.image_dims)
            index = self.index
            if index[r.name] == sel[0] and index[c.name] == sel[1]:
                return  # the echo of the selection _refresh_image just drew
            self.index = {
                r.name: min(r.size - 1, max(0, int(sel[0]))),
                c.name: min(c.size - 1, max(0, int(sel[1]))),
            }

    def _on_image_roi(self, change: dict) -> None:
        box, dims = change["new"], self.image_dims
        if self.md is None or dims is None or self._points:
            return
        if len(box) != 4:
            self.roi = None
            return
        kinds = {d.name: d.kind for d in self.md.dims}
        r, c = self.md.dim(dims[0]), self.md.dim(dims[1])
        ranges = {
            r.name: (max(0, box[0]), min(r.size, box[1])),
            c.name: (max(0, box[2]), min(c.size, box[3])),
        }
        if any(lo >= hi for lo, hi in ranges.values()):
            return
        pos = {k: v for k, v in ranges.items() if kinds[k] == "position"}
        spec = {k: v for k, v in ranges.items() if kinds[k] == "spectroscopic"}
        with self.hold_trait_notifications():  # one refresh for both halves of the box
            if pos:
                self.roi = pos
            if spec:
                self.interval = spec

    def _on_image_lasso(self, change: dict) -> None:
        self._lasso(change["new"], "roi_mask", self.image_dims)

    def _on_second_lasso(self, change: dict) -> None:
        self._lasso(change["new"], "interval_mask", self._second_dims)

    def _lasso(self, vertices: list, name: str, dims: tuple[str, str] | None) -> None:
        """A lasso drawn on a heatmap becomes the mask of its side (or clears it)."""
        if self.md is None or (dims is None and not self._points):
            return
        if not vertices:
            if self._drawn.get(name) is not None:  # the drawn lasso was cleared in the browser
                self._drawn[name] = None
                setattr(self, name, None)
            return
        if self._points and name == "roi_mask":
            mask = self._points_inside(vertices)
            if not mask.any():
                self._say("The region holds no sampled point: draw a larger one.")
                return
        else:
            if dims is None or self._mask_dims(name) != tuple(dims):
                self._say("A lasso selects positions on a map of two position dimensions only.")
                return
            shape = (self.md.dim(dims[0]).size, self.md.dim(dims[1]).size)
            mask = polygon_mask(vertices, shape)
            if not mask.any():
                self._say("The lasso encloses no cell centre: draw a larger region.")
                return
        self._drawn[name] = mask
        setattr(self, name, mask)

    def _points_inside(self, vertices: list) -> np.ndarray:
        """Sampled points inside a polygon drawn on the point cloud (``[y, x]`` data units)."""
        coords = self._slicer.point_coords()
        xi, yi = _scatter_axes([d.name for d in self.md.coord_dims])
        n = self.md.n_points
        x = coords[:, xi] if xi is not None else np.arange(n, dtype=float)
        y = coords[:, yi] if yi is not None else np.zeros(n)
        return points_in_polygon(vertices, y, x)

    def _on_image_zoom(self, change: dict) -> None:
        box, dims = change["new"], self.image_dims
        if self.md is None or dims is None or self._points:
            return
        zoom = {dims[0]: (box[0], box[1]), dims[1]: (box[2], box[3])} if len(box) == 4 else None
        if zoom != self.zoom:
            self.zoom = zoom

    def _mask(self, name: str):
        """The mask trait ``name`` with its dims, as the reductions take it, or None."""
        mask = getattr(self, name)
        if mask is None:  # the common case, asked several times per slider step
            return None
        dims = self._mask_dims(name)
        return None if dims is None else (dims, mask)

    def _on_second_roi(self, change: dict) -> None:
        box, dims = change["new"], self._second_dims
        if self.md is None or dims is None:
            return
        self.interval = (
            {dims[0]: (box[0], box[1]), dims[1]: (box[2], box[3])} if len(box) == 4 else None
        )

    def _on_plot_interval(self, start: int | None, stop: int | None) -> None:
        if self.md is None or self.plot_dim is None:
            return
        self.interval = None if start is None else {self.plot_dim: (start, stop)}

    def _on_progress(self, fraction: float) -> None:
        """Show a long reduction's progress (the first half second stays quiet)."""
        now = time.perf_counter()
        if fraction <= 0 or self._progress_start is None:
            self._progress_start, self._progress_shown = now, 0.0
        if fraction >= 1:
            if self._progress is not None:
                self._progress.layout.display = "none"
            self._progress_start = None
        elif now - self._progress_start > 0.5 and fraction - self._progress_shown >= 0.01:
            # at most one message per percent: a 64 GB map read sent thousands otherwise
            self._progress_shown = fraction
            self.progress.layout.display = None
            self.progress.value = fraction

    def _on_second_click(self, change: dict) -> None:
        sel, dims = change["new"], self._second_dims
        if self.md is not None and dims is not None and len(sel) == 2:
            self.index = {dims[0]: int(sel[0]), dims[1]: int(sel[1])}

    def _on_slider(self, change: dict) -> None:
        if self.md is not None and change["new"] != self.index:
            self.index = {k: v for k, v in change["new"].items() if k in self.index}

    def _on_plot_click(self, step: int) -> None:
        if self.md is not None and self.plot_dim is not None:
            self.index = {self.plot_dim: step}

    def _on_tree_select(self, change: dict) -> None:
        path = change["new"]
        if path and path != self.dataset and self._file is not None and path in self._file:
            if not main_problems(self._file[path]):
                self.dataset = path

    # -- controls ---------------------------------------------------------------------------
    def _fill_controls(self) -> None:
        md = self.md
        if md is None:
            return
        self._busy_controls = True
        try:
            names = [d.name for d in md.dims if d.size > 1] or md.dim_names
            grid = self.image_dims is not None and not self._points
            labelled = [(_short(n), n) for n in names]
            for dd, value in (
                (self.row_dim, self.image_dims[0] if grid else None),
                (self.col_dim, self.image_dims[1] if grid else None),
            ):
                dd.options = labelled
                dd.value = value if value in names else None
                dd.layout.display = None if grid else "none"
            self.plot_choice.options = [("none", "")] + labelled
            self.plot_choice.value = self.plot_dim or ""
            self.plot_choice.layout.display = self.x_mode.layout.display = None
            comps = md.components
            self.component_choice.options = comps
            self.component_choice.value = self.component if comps else None
            self.component_choice.layout.display = None if comps else "none"
        finally:
            self._busy_controls = False

    def _on_dim_choice(self, change: dict) -> None:
        if self._busy_controls or self.image_dims is None:
            return
        rows, cols = self.row_dim.value, self.col_dim.value
        if rows is None or cols is None:
            return
        if rows == cols:  # picking the other axis' dimension swaps the two
            if change["owner"] is self.row_dim:
                cols = change["old"] if change["old"] != rows else self.image_dims[0]
            else:
                rows = change["old"] if change["old"] != cols else self.image_dims[1]
        self.image_dims = (rows, cols)

    def _on_plot_choice(self, change: dict) -> None:
        if not self._busy_controls:
            self.plot_dim = change["new"] or None

    def _on_component_choice(self, change: dict) -> None:
        if not self._busy_controls and change["new"] is not None:
            self.component = change["new"]

    # -- lifetime ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close every widget of the explorer (views, controls, their layouts and styles,
        bqplot's marks and scales) and the file if the explorer opened it."""
        roots = [self]
        for name in ("tree", "heatmap", "_second", "sliders", "_plot", "_progress"):
            part = self.__dict__.get(name)  # absent when __init__ failed half-way
            if part is not None:
                roots.append(part)
        for part in _widget_tree(roots):
            if part is not self:
                part.close()
        super().close()
        self._release()
        # absent when the file could not be opened: ipywidgets' __del__ still calls close()
        if getattr(self, "_owned", False) and getattr(self, "_file", None) is not None:
            self._file.close()
        self._file = None

    def _release(self) -> None:
        """Drop the dataset shown and its cached blocks."""
        if getattr(self, "md", None) is not None:
            self.md.blocks.clear()
        self.md = self._slicer = None
        self._keys = {}


def _widget_tree(roots: list[ipywidgets.Widget]) -> list[ipywidgets.Widget]:
    """The widgets reachable from ``roots`` through their synced traits (children, layout,
    style, bqplot marks / axes / scales...), roots first; parts a view keeps outside its traits
    (a SpectrumPlot's brush) are listed by its ``parts()``."""
    seen: dict[int, ipywidgets.Widget] = {}
    todo = list(roots)
    while todo:
        w = todo.pop()
        if id(w) in seen or not isinstance(w, ipywidgets.Widget):
            continue
        seen[id(w)] = w
        if hasattr(w, "parts"):
            todo.extend(w.parts())
        for key in getattr(w, "keys", ()):
            value = w._trait_values.get(key)
            stack = [value]
            while stack:
                v = stack.pop()
                if isinstance(v, ipywidgets.Widget):
                    todo.append(v)
                elif isinstance(v, (list, tuple)):
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.values())
    return list(seen.values())


def _whole_file(source: Any) -> bool:
    """Whether the explorer opens on the first Main dataset of the whole file (the tree's)."""
    return isinstance(source, (str, os.PathLike)) or (
        isinstance(source, h5py.Group) and source.name == "/"
    )


def _short(text: str, limit: int = 40) -> str:
    """Display text of a name: long (or hostile) names are cut, never the data."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _box(ranges: dict | None, dims: tuple[str, str]) -> list[int]:
    """The rectangle ``ranges`` covers on an image of ``dims``, [] when it does not cover both."""
    if not ranges or not all(d in ranges for d in dims):
        return []
    return [*ranges[dims[0]], *ranges[dims[1]]]


def _integer(value: Any) -> int:
    """An index value as an int: Python and numpy integers, never floats or strings."""
    try:
        return operator.index(value)
    except TypeError:
        raise traitlets.TraitError(f"index values must be integers, not {value!r}") from None


def _frozen(ranges: dict | None) -> tuple:
    return tuple(sorted((k, tuple(v)) for k, v in (ranges or {}).items()))


def _axis(d: Any) -> dict:
    """Axis of a dimension for a heatmap; its index when the values cannot serve as one."""
    values = np.asarray(d.values, dtype=np.float64)
    if values.size and np.all(np.isfinite(values)):
        return {"label": d.name, "units": d.units, "values": values}
    return {
        "label": f"{d.name} index",
        "units": None,
        "values": np.arange(values.size, dtype=np.float64),
    }


def _undrawable(md: MainDataset) -> str | None:
    """Why this Main dataset cannot be drawn at all, or None."""
    dtype = md.dtype
    kinds = [dtype[n].kind for n in dtype.names] if dtype.names else [dtype.kind]
    if not any(k in "biufc" for k in kinds):
        return f"its values are not numbers (dtype {dtype}): nothing to draw"
    if 0 in md.raw_shape:
        return f"it is empty (shape {md.raw_shape}): nothing was measured"
    return None


# Explorers by the notebook cell that made them: re-running a cell closes the explorer it made
# before, so its file handle and caches do not pile up in the kernel.
_BY_CELL: dict[str, weakref.ref] = {}


def _cell_id() -> str | None:
    """Id of the notebook cell being run (sent by JupyterLab / Notebook 7), or None."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent() if kernel is not None else None
        return (parent or {}).get("metadata", {}).get("cellId")
    except Exception:
        return None


def _replace_in_cell(w: Explorer) -> None:
    cell = _cell_id()
    if not cell:
        return
    old = _BY_CELL.get(cell)
    previous = old() if old is not None else None
    if previous is not None and previous is not w:
        previous.close()
    _BY_CELL[cell] = weakref.ref(w)


def _scatter_axes(names: list[str]) -> tuple[int | None, int | None]:
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


def _open_source(source: Any) -> tuple[h5py.File | None, bool]:
    if isinstance(source, (str, os.PathLike)):
        return h5py.File(source, "r"), True
    if isinstance(source, (h5py.Dataset, h5py.Group)):
        return source.file, False
    if isinstance(source, MainDataset):
        return source.file, False
    raise TypeError(
        "explorer() takes a Main dataset (h5py.Dataset or pyUSID USIDataset), an h5py.File or "
        f"Group, a MainDataset, or a file path; got {type(source).__name__}"
    )


def _first_main(source: Any, file: h5py.File | None) -> str | None:
    if isinstance(source, MainDataset):
        return source.path
    if isinstance(source, h5py.Dataset):
        return source.name
    group = source if isinstance(source, h5py.Group) else file
    mains = find_main(group) if group is not None else []
    return mains[0].name if mains else None


def explorer(
    source: Any,
    *,
    dataset: str | None = None,
    index: dict[str, int] | None = None,
    image_dims: tuple[str, str] | None = None,
    plot_dim: str | None = None,
    component: str | None = None,
    colormap: str = "viridis",
    reverse_colormap: bool = False,
    scale: str = "linear",
    clim: tuple[float, float] | None = None,
    lock_clim: bool = False,
    auto_percentiles: tuple[float, float] = (0.5, 99.5),
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    client: Any = None,
    roi: dict[str, tuple[int, int]] | None = None,
    interval: dict[str, tuple[int, int]] | None = None,
    roi_mask: np.ndarray | None = None,
    interval_mask: np.ndarray | None = None,
    zoom: dict[str, tuple[int, int]] | None = None,
) -> Explorer:
    """A live explorer of a USID Main dataset: ``display(explorer(h5_main))``.

    ``source`` is a Main dataset (``h5py.Dataset`` or pyUSID ``USIDataset``), a
    :class:`~usid_widgets.MainDataset`, an ``h5py.File``/``Group`` or a file path (the explorer
    then opens on the first Main dataset, or on ``dataset``). A path is opened read-only.
    The other arguments set the initial state (see :class:`Explorer`); ``cache_bytes`` bounds
    the memory kept for neighbouring slices (default 128 MB; for compressed data a quarter of
    it holds HDF5's decompressed chunks); ``client`` (a
    ``dask.distributed.Client``) runs the region / interval reductions on its cluster.
    """
    w = Explorer(source, dataset=dataset, cache_bytes=cache_bytes, client=client)
    _replace_in_cell(w)
    w.colormap, w.reverse_colormap, w.scale = colormap, reverse_colormap, scale
    w.clim = list(clim) if clim is not None else None
    w.lock_clim, w.auto_percentiles = lock_clim, list(auto_percentiles)
    if w.md is not None:
        if component is not None:
            w.component = component
        if image_dims is not None:
            w.image_dims = tuple(image_dims)
        if plot_dim is not None:
            w.plot_dim = plot_dim
        if index:
            w.index = dict(index)
        if roi:
            w.roi = roi
        if interval:
            w.interval = interval
        if roi_mask is not None:
            w.roi_mask = roi_mask
        if interval_mask is not None:
            w.interval_mask = interval_mask
        if zoom:
            w.zoom = zoom
    return w
