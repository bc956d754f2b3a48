"""``Explorer``: the tree, the image, the sliders and the spectrum of a Main dataset, linked.

The flow: a trait set from Python or from a view (:mod:`.interactions`) is checked by
:mod:`usid_widgets.model.intent`; a change of what is on screen resolves a new view state
(:func:`usid_widgets.model.resolve.resolve`); :class:`.display.Display` applies it and the
index to the views, reading only what changed. A step onto a line the browser holds takes
the short path :meth:`.held.Held.step`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import numpy as np
import traitlets

from ..model import intent as checks
from ..model import pins as pinning
from ..model.resolve import Intent, ViewState, resolve
from ..model.slicing import Slicer, default_plan, mask_key
from ..model.state import COLOUR_KEYS, STATE_KEYS, start_state, unknown_keys_error
from ..reader import NotMainDatasetError, Source, open_dataset
from ..reader.blocks import DEFAULT_CACHE_BYTES
from ..reader.remote import index_chunks
from . import exports
from .base import widget_tree
from .controls import Controls
from .display import Display
from .frames import DEFAULT_FRAME_CACHE_MB
from .heatmap import Heatmap
from .interactions import Interactions
from .keeping import ViewKeeping
from .layout import PROFILE_CLASS, SPECTRUM_CLASS, compose, header_html
from .legend import PinLegend
from .picture import BrowserPictures
from .profile_plot import ProfilePlot
from .profiles import Profiles
from .sliders import DimensionSliders
from .sources import (
    ARRAY_KEYWORDS,
    first_dataset,
    first_main,
    in_memory,
    open_memory,
    open_source,
    refuse_array_keywords,
    source_name,
    whole_file,
)
from .spectrum import SpectrumPlot
from .static_view import StaticPicture
from .traits import ExplorerTraits
from .tree import FileTree

_LINKED = COLOUR_KEYS  # the explorer's colour traits, linked to each heatmap's
#: Every keyword ``explorer()`` takes (the box's own, such as ``layout``, pass too).
EXPLORER_KEYWORDS = (
    *STATE_KEYS,
    "cache_bytes",
    "frame_cache_mb",
    "client",
    "storage_options",
    *ARRAY_KEYWORDS,
)


class Explorer(ViewKeeping, ExplorerTraits):
    """Live explorer of a USID Main dataset (see :func:`explorer`): the traits of
    :class:`ExplorerTraits`, the views, the flow of the module docstring, and what keeps the
    view (:class:`.keeping.ViewKeeping`: ``state``, ``code``, ``save``, ``to_matplotlib``)."""

    def __init__(
        self,
        source: Any,
        *,
        dataset: str | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        frame_cache_mb: float = DEFAULT_FRAME_CACHE_MB,
        client: Any = None,
        storage_options: dict | None = None,
        **kwargs: Any,
    ):
        # the view's options (STATE_KEYS) are applied once the dataset is open; the rest
        # (``layout`` ...) are the box's
        options = {k: kwargs.pop(k) for k in list(kwargs) if k in STATE_KEYS}
        #: ``dims``, ``quantity``, ``units``, ``name`` given for an array (``code()`` says so)
        self.described = {k: kwargs.pop(k) for k in ARRAY_KEYWORDS if kwargs.get(k) is not None}
        for k in ARRAY_KEYWORDS:
            kwargs.pop(k, None)
        unknown = [k for k in kwargs if not ipywidgets.VBox.class_traits().get(k)]
        if unknown:
            raise unknown_keys_error("explorer", unknown, EXPLORER_KEYWORDS)
        self.source_name = source_name(source)
        self._cache_bytes = int(cache_bytes)
        self._client = client
        memory = in_memory(source)
        if not memory:
            refuse_array_keywords(source, self.described)  # before a file is opened
        self.file, self._owned = open_source(source, storage_options, self._cache_bytes)
        #: an array given without a file (numpy, dask, sidpy): the one dataset to show
        self.memory: Source | None = None
        if memory:
            self.memory = open_memory(source, self._cache_bytes, **self.described)
        self.md: Source | None = None
        self.slicer: Slicer | None = None
        self.second_dims: tuple[str, str] | None = None
        self.points = False
        self._busy = False
        self._state_key: tuple | None = None
        # Every widget is a comm and a message: the views a dataset may not need (the second
        # heatmap, the bqplot spectrum, the progress bar) are made on first use.
        self.second_if_made: Heatmap | None = None
        self.plot_if_made: SpectrumPlot | None = None
        self.profile_plot_if_made: ProfilePlot | None = None
        self.progress_if_made: ipywidgets.FloatProgress | None = None
        self.legend_if_made: PinLegend | None = None
        self.drawn: dict[str, Any] = {}  # masks made from a lasso on screen
        self.display = Display(self, frame_cache_mb)
        self.events = events = Interactions(self)
        self.profiles = Profiles(self)
        # the tree sets its own width in the browser: a column, or a rail when folded
        self.tree = FileTree(
            layout=ipywidgets.Layout(
                width="auto", flex="0 0 auto", max_height="640px", overflow="auto"
            )
        )
        self.heatmap = Heatmap()
        self.sliders = DimensionSliders()
        # The header: the title on one line (ellipsised, the full text as its tooltip), the
        # status line under it only when it says something (CSS hides it empty).
        # Every Layout is a model of its own (a comm and a message at the open): the boxes and
        # labels whose layout holds only defaults and is never changed share one.
        plain = ipywidgets.Layout()
        self.title_label = ipywidgets.HTML("", layout=plain, _dom_classes=["usidw-header-title"])
        self.status = ipywidgets.Label("", layout=plain, _dom_classes=["usidw-status"])
        self.controls = Controls(
            on_image=lambda dims: setattr(self, "image_dims", dims),
            on_plot=lambda dim: setattr(self, "plot_dim", dim),
            on_component=lambda name: setattr(self, "component", name),
            on_x_mode=lambda _mode: self.refresh(),
        )
        traitlets.link((self, "plot_x"), (self.controls.x_mode, "value"))
        self.views, body = compose(self.tree, self.controls, self.heatmap, self.sliders, plain)
        self.center = body.children[1]
        # the class in the first message, not an update after it
        classes = ["usidw-explorer", *kwargs.pop("_dom_classes", ())]
        super().__init__([self.title_label, self.status, body], _dom_classes=classes, **kwargs)

        self._static = StaticPicture(self)
        self.browser_pictures = BrowserPictures(self.heatmap, self.write_matplotlib)
        self.observe(self._static.changed, names=["image", *_LINKED])
        for name in _LINKED:
            traitlets.link((self, name), (self.heatmap, name))
        events.attach_map(self.heatmap)
        self.profiles.attach(self.heatmap, "image")
        self.heatmap.on_export(lambda action, fmt: exports.answer(self, self.heatmap, action, fmt))
        self.sliders.observe(events.slider, names="index")
        self.sliders.on_msg(self.display.frames.on_msg)
        self.heatmap.observe(self.display.frames.side_changed, names="display_side")
        self.tree.observe(events.tree_select, names="selected")

        # The first view goes out in one message per view, not one per trait.
        with self.tree.hold_sync(), self.heatmap.hold_sync(), self.sliders.hold_sync():
            if self.file is not None:
                self.tree.load(self.file)
            elif self.memory is not None:  # its metadata in place of the file's tree
                self.tree.load_memory(self.memory)
            if dataset is not None:
                start = dataset
            elif self.memory is not None:
                start = self.memory.path
            elif self.file is not None and whole_file(source):
                # the Main datasets are walked once, by the tree
                start = self.tree.mains[0] if self.tree.mains else first_dataset(self.file)
            else:
                start = first_main(source, self.file)
            if start:
                self.dataset = start
            else:
                self.say("No dataset to show in this file (no numeric array): browse the tree.")
                self.heatmap.show_message("No dataset to show in this file.")
                self.controls.hide()
        self.state = options

    # -- the parts ---------------------------------------------------------------------------
    @property
    def second(self) -> Heatmap:
        """The second heatmap (4D-STEM diffraction plane); made on first use."""
        if self.second_if_made is None:
            hm = Heatmap()
            for name in _LINKED:
                traitlets.link((self, name), (hm, name))
            self.events.attach_second(hm)
            hm.on_export(lambda action, fmt: exports.answer(self, hm, action, fmt))
            hm.observe(self.events.dropped, names="zoom")
            self.profiles.attach(hm, "plane")
            hm.picture_figures = self._figure_ids()
            state = self.display.state
            if state is not None:
                self.display.label(hm, state.second or state.image, state.units)
            self.second_if_made = hm
        return self.second_if_made

    @property
    def plot(self) -> SpectrumPlot:
        """The line plot along ``plot_dim`` (bqplot); made on first use."""
        if self.plot_if_made is None:
            plot = SpectrumPlot(_dom_classes=[SPECTRUM_CLASS])
            plot.on_interval(self.events.plot_interval)
            plot.on_step_click(self.events.plot_click)
            self.plot_if_made = plot
            self._share_figures()
        return self.plot_if_made

    @property
    def profile_plot(self) -> ProfilePlot:
        """The plot of the line profile (bqplot), after the other views; made on first use."""
        if self.profile_plot_if_made is None:
            self.profile_plot_if_made = ProfilePlot(_dom_classes=[SPECTRUM_CLASS, PROFILE_CLASS])
            self._share_figures()
        return self.profile_plot_if_made

    def _figure_ids(self) -> list[str]:
        return [p.figure.model_id for p in (self.plot_if_made, self.profile_plot_if_made) if p]

    def _share_figures(self) -> None:
        """The heatmaps' browser picture holds the bqplot plots made so far (on screen)."""
        for hm in (self.heatmap, self.second_if_made):
            if hm is not None:
                hm.picture_figures = self._figure_ids()

    @property
    def legend(self) -> PinLegend:
        """The legend of the pins, under the views; made on first use."""
        if self.legend_if_made is None:
            legend = PinLegend()
            legend.on_remove(self.events.unpin)
            legend.observe(self.events.legend_compare, names="compare")
            children = list(self.center.children)
            children.insert(children.index(self.views) + 1, legend)
            self.center.children = children
            self.legend_if_made = legend
        return self.legend_if_made

    @property
    def progress(self) -> ipywidgets.FloatProgress:
        """The bar shown during long reads (hidden otherwise); made on first use."""
        if self.progress_if_made is None:
            self.progress_if_made = ipywidgets.FloatProgress(
                value=0,
                min=0,
                max=1,
                description="Reading",
                layout=ipywidgets.Layout(display="none"),
            )
            children = list(self.children)
            children.insert(min(2, len(children)), self.progress_if_made)
            self.children = children
        return self.progress_if_made

    # the dropdowns, by their names of before
    row_dim = property(lambda self: self.controls.row_dim)
    col_dim = property(lambda self: self.controls.col_dim)
    plot_choice = property(lambda self: self.controls.plot_choice)
    component_choice = property(lambda self: self.controls.component_choice)
    x_mode = property(lambda self: self.controls.x_mode)

    @property
    def view_state(self) -> ViewState | None:
        """The resolved view state on screen: every title, unit, axis and slider state."""
        return self.display.state

    def _ipython_display_(self, **kwargs: Any) -> None:
        """A static PNG of the image (for notebooks opened without a kernel), then the view."""
        self._static.display()

    def say(self, text: str) -> None:
        if self.message != text:
            self.set_trait("message", text)
            self.status.value = text

    # -- switching datasets -----------------------------------------------------------------
    @traitlets.observe("dataset")
    def _on_dataset(self, change: dict) -> None:
        path = change["new"]
        try:
            if self.memory is not None and path == self.memory.path:
                md = self.memory
            elif self.file is None:
                raise KeyError(f"no dataset {path!r}: this explorer shows {self.memory.path!r}")
            else:
                # by path: the reader opens the dataset itself, with its chunk cache
                md = open_dataset(self.file, path, cache_bytes=self._cache_bytes)
                index_chunks(self.file[path])  # a remote file's reads across chunks at once
        except NotMainDatasetError as exc:
            self._show_problem(path, exc.problems)
            return
        except Exception as exc:  # unreadable objects get a message, not a dead widget
            self._show_problem(path, [f"{type(exc).__name__}: {exc}"])
            return
        problem = checks.undrawable(md)
        if problem:
            self._show_problem(path, [problem])
            return
        self._release()
        self.md, self.slicer = md, Slicer(md)
        self.slicer.progress, self.slicer.client = self.events.progress, self._client
        md.blocks.progress = self.events.progress
        plan, start = default_plan(md), start_state(md)
        self._busy = True
        try:
            self.set_trait("components", checks.view_components(md))
            for hm in (self.heatmap, self.second_if_made):
                if hm is not None:
                    hm.forget()
            self.roi = self.interval = None
            self.pins = []
            self.roi_mask = self.interval_mask = self.zoom = None
            self.line, self.line_on = None, "image"
            self.component = start["component"]
            self.index = start["index"]
            self.image_dims = start["image_dims"]
            self.plot_dim = start["plot_dim"]
            self.second_dims, self.points = plan.second_dims, plan.points
            self.tree.current = path
            self.tree.selected = path  # so that a later click on another dataset is a change
            self.tree.reveal(path)
            units = f" ({md.units})" if md.units else ""
            what = f": {md.quantity}{units}" if md.quantity or units else ""
            where = f"  [{md.filename}]" if md.filename else ""
            self.title_label.value = header_html(f"{path}{what}{where}")
        finally:
            self._busy = False
        self.refresh()

    def _show_problem(self, path: str, problems: list[str]) -> None:
        self._release()
        text = f"{path} cannot be shown: " + "; ".join(problems)
        self.say(text)
        self.heatmap.show_message(text)
        self.display.show_view(self.heatmap, True)
        self.display.show_view(self.second_if_made, False)
        self.display.show_view(self.plot_if_made, False)
        self.controls.hide()
        if self.sliders.links:
            self.sliders.links = {}
        try:
            known = self.file is not None and path in self.file
        except Exception:  # a closed file, a broken link: no highlight, still the message
            known = False
        if known:
            self.tree.current = path  # the tree shows which dataset the message is about
            self.tree.reveal(path)
        self.set_trait("image", None)
        self.set_trait("spectrum", None)

    # -- checks of state set from Python or the browser ------------------------------------
    def mask(self, name: str):
        """The mask trait ``name`` with its dims, as the reductions take it, or None."""
        mask = getattr(self, name)
        if mask is None:  # the common case, asked several times per slider step
            return None
        dims = self.mask_dims(name)
        return None if dims is None else (dims, mask)

    def lasso_view(self) -> Heatmap:
        """The heatmap a lasso of ``interval_mask`` is drawn on."""
        return self.second if self.second_dims is not None else self.heatmap

    # -- reactions ---------------------------------------------------------------------------
    @traitlets.observe("roi", "interval", "roi_mask", "interval_mask")
    def _exclusive(self, change: dict) -> None:
        """A box and a mask of the same side exclude each other."""
        name = change["name"]
        other = {"roi": "roi_mask", "roi_mask": "roi", "interval": "interval_mask"}.get(
            name, "interval"
        )
        if change["new"] is not None and getattr(self, other) is not None:
            setattr(self, other, None)
        if name.endswith("_mask"):
            hm = self.heatmap if name == "roi_mask" else self.lasso_view()
            drawn = self.drawn
            if change["new"] is not drawn.get(name) and hm.lasso:
                # a mask from Python (or none): the outline no longer shows it
                drawn[name] = None
                hm.lasso = []
            hm.show_mask(change["new"])

    @traitlets.observe("line_on")
    def _on_line_on(self, change: dict) -> None:
        if change["old"] != change["new"]:
            self.line = None  # cells of the other heatmap

    @traitlets.observe("line", "line_width", "image", "plane")
    def _on_line(self, _change: dict) -> None:
        if not self._busy:
            self.profiles.update()

    @traitlets.observe("zoom")
    def _on_zoom(self, change: dict) -> None:
        z, dims = change["new"], self.image_dims
        rect = [*z[dims[0]], *z[dims[1]]] if z and dims else []
        if list(self.heatmap.zoom) != rect:
            self.heatmap.zoom = rect

    @traitlets.observe(
        "index",
        "image_dims",
        "plot_dim",
        "component",
        "roi",
        "interval",
        "roi_mask",
        "interval_mask",
    )
    def _on_state(self, change: dict) -> None:
        if self._busy:
            return
        name = change["name"]
        if name == "image_dims":
            # the zoom and masks were cells of the previous image
            self._busy = True
            try:
                self.heatmap.forget()
                self.zoom = self.roi_mask = None
                if self.line_on == "image":
                    self.line = None
                if self.second_dims is None:
                    self.interval_mask = None
            finally:
                self._busy = False
        if name == "index":
            display = self.display
            display.held.prev_index = change["old"]
            if display.held.step(change["old"], change["new"]):
                if self.pins and display.state is not None:
                    display.pinned(display.state)  # pinned lines follow the other sliders
                return
            if display.state is not None:  # a step changes no label: the state stands
                display.refresh(display.state)
                return
        self.refresh()

    @traitlets.observe("pins")
    def _on_pins(self, change: dict) -> None:
        compare = pinning.follow_compare(self.compare, change["old"] or [], change["new"])
        if compare != self.compare:
            self.compare = compare  # observed: the plane shows it
        if not self._busy and self.display.state is not None:
            self.display.pinned(self.display.state)

    @traitlets.observe("compare")
    def _on_compare(self, _change: dict) -> None:
        if not self._busy and self.display.state is not None:
            self.display.refresh(self.display.state)

    def intent(self) -> Intent:
        """What the user asks for now, as the resolution takes it."""
        return Intent(
            image_dims=None if self.points else self.image_dims,
            plot_dim=self.plot_dim,
            second_dims=self.second_dims,
            points=self.points,
            component=self.component,
            roi=self.roi,
            interval=self.interval,
            roi_mask=self._mask_intent("roi_mask"),
            interval_mask=self._mask_intent("interval_mask"),
            x_mode=self.controls.x_mode.value,
        )

    def _mask_intent(self, name: str) -> tuple | None:
        """A mask as the resolution names it: its dims, its count of cells, drawn or set."""
        mask = self.mask(name)
        if mask is None:
            return None
        origin = "lasso" if mask[1] is self.drawn.get(name) else "mask"
        return mask[0], int(np.count_nonzero(mask[1])), origin

    def refresh(self) -> None:
        """Resolve the view state if what is on screen changed, then apply it and the index."""
        md = self.md
        if md is None:
            return
        key = (
            self.dataset,
            self.image_dims,
            self.plot_dim,
            self.component,
            checks.frozen(self.roi),
            checks.frozen(self.interval),
            mask_key(self.mask("roi_mask")),  # by content: an id may be reused
            mask_key(self.mask("interval_mask")),
            self.roi_mask is self.drawn.get("roi_mask"),  # drawn or set: the titles say which
            self.interval_mask is self.drawn.get("interval_mask"),
            self.controls.x_mode.value,
        )
        state = self.display.state
        if state is None or key != self._state_key:
            state = resolve(md, self.intent(), md.completion)
            self._state_key = key
            self.controls.show(
                [d.name for d in md.dims if d.size > 1] or md.dim_names,
                None if self.points else self.image_dims,
                self.plot_dim,
                self.components,
                self.component,
            )
        self.display.refresh(state)

    # -- lifetime ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close every widget of the explorer (views, controls, their layouts and styles,
        bqplot's marks and scales) and the file if the explorer opened it."""
        roots = [self]
        for name in (
            "tree",
            "heatmap",
            "second_if_made",
            "sliders",
            "plot_if_made",
            "legend_if_made",
            "profile_plot_if_made",
        ):
            part = self.__dict__.get(name)  # absent when __init__ failed half-way
            if part is not None:
                roots.append(part)
        if self.__dict__.get("progress_if_made") is not None:
            roots.append(self.progress_if_made)
        for part in widget_tree(roots):
            if part is not self:
                part.close()
        super().close()
        self._release()
        # absent when the file could not be opened: ipywidgets' __del__ still calls close()
        if getattr(self, "_owned", False) and getattr(self, "file", None) is not None:
            self.file.close()
        self.file = None

    def _release(self) -> None:
        """Drop the dataset shown and its cached blocks."""
        if getattr(self, "md", None) is not None:
            self.md.blocks.clear()
        self.md = self.slicer = None
        self._state_key = None
        if "display" in self.__dict__:
            self.display.reset()
