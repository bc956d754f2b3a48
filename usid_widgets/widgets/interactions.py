"""What the user does on the views, turned into the explorer's intent.

Clicks, dragged boxes, lassos, zooms and "Clear region" arrive as traits of the views (in
full-image cells) or as callbacks; :class:`Interactions` translates each into the explorer's
traits (``index``, ``roi``, ``interval``, the masks, ``zoom``). It keeps the masks drawn in
the browser in ``explorer.drawn``, so that a mask set from Python can be told from one drawn.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np
import traitlets

from ..model import pins as pinning
from ..reader.masks import points_in_polygon, polygon_mask
from .heatmap import Heatmap

if TYPE_CHECKING:
    from .explorer import Explorer


class Interactions:
    """The explorer's handlers of the views' events."""

    def __init__(self, explorer: Explorer):
        self.x = explorer
        self._progress_start: float | None = None
        self._progress_shown = 0.0

    def attach_map(self, hm: Heatmap) -> None:
        hm.observe(self.image_click, names="selected")
        hm.observe(self.image_roi, names="roi")
        hm.observe(lambda c: self.lasso(c["new"], "roi_mask", self.x.image_dims), names="lasso")
        hm.observe(self.image_zoom, names="zoom")
        hm.on_clear_region(lambda: self.clear_region(hm))
        hm.on_pin(self.pin)

    def attach_second(self, hm: Heatmap) -> None:
        hm.observe(self.second_roi, names="roi")
        hm.observe(
            lambda c: self.lasso(c["new"], "interval_mask", self.x.second_dims), names="lasso"
        )
        hm.on_clear_region(lambda: self.clear_region(hm))
        hm.observe(self.second_click, names="selected")

    # -- the map ----------------------------------------------------------------------------
    def image_click(self, change: dict) -> None:
        x, sel = self.x, change["new"]
        if x.md is None or not sel:
            return
        if x.points:
            x.index = {x.md.pos_dims[0].name: int(sel[0])}
        elif x.image_dims is not None and len(sel) == 2:
            r, c = (x.md.dim(d) for d in x.image_dims)
            index = x.index
            if index[r.name] == sel[0] and index[c.name] == sel[1]:
                return  # the echo of the selection the display just drew
            x.index = {
                r.name: min(r.size - 1, max(0, int(sel[0]))),
                c.name: min(c.size - 1, max(0, int(sel[1]))),
            }

    def image_roi(self, change: dict) -> None:
        x = self.x
        rect, dims = change["new"], x.image_dims
        if x.md is None or dims is None or x.points:
            return
        if len(rect) != 4:
            x.roi = None
            return
        r, c = x.md.dim(dims[0]), x.md.dim(dims[1])
        ranges = {
            r.name: (max(0, rect[0]), min(r.size, rect[1])),
            c.name: (max(0, rect[2]), min(c.size, rect[3])),
        }
        if any(lo >= hi for lo, hi in ranges.values()):
            return
        kinds = {d.name: d.kind for d in x.md.dims}
        pos = {k: v for k, v in ranges.items() if kinds[k] == "position"}
        spec = {k: v for k, v in ranges.items() if kinds[k] == "spectroscopic"}
        with x.hold_trait_notifications():  # one refresh for both halves of the box
            if pos:
                x.roi = pos
            if spec:
                x.interval = spec

    def image_zoom(self, change: dict) -> None:
        x = self.x
        rect, dims = change["new"], x.image_dims
        if x.md is None or dims is None or x.points:
            return
        zoom = (
            {dims[0]: (rect[0], rect[1]), dims[1]: (rect[2], rect[3])} if len(rect) == 4 else None
        )
        if zoom != x.zoom:
            x.zoom = zoom

    def lasso(self, vertices: list, name: str, dims: tuple[str, str] | None) -> None:
        """A lasso drawn on a heatmap becomes the mask of its side (or clears it)."""
        x = self.x
        if x.md is None or (dims is None and not x.points):
            return
        if not vertices:
            if self.x.drawn.get(name) is not None:  # the drawn lasso was cleared in the browser
                self.x.drawn[name] = None
                setattr(x, name, None)
            return
        if x.points and name == "roi_mask":
            mask = self._points_inside(vertices)
            if not mask.any():
                x.say("The region holds no sampled point: draw a larger one.")
                return
        else:
            if dims is None or x.mask_dims(name) != tuple(dims):
                x.say("A lasso selects positions on a map of two position dimensions only.")
                return
            shape = (x.md.dim(dims[0]).size, x.md.dim(dims[1]).size)
            mask = polygon_mask(vertices, shape)
            if not mask.any():
                x.say("The lasso encloses no cell centre: draw a larger region.")
                return
        self.x.drawn[name] = mask
        setattr(x, name, mask)

    def _points_inside(self, vertices: list) -> np.ndarray:
        """Sampled points inside a polygon drawn on the point cloud (``[y, x]`` data units)."""
        x = self.x
        coords = x.slicer.point_coords()
        xi, yi = x.display.state.image.scatter
        n = x.md.n_points
        px = coords[:, xi] if xi is not None else np.arange(n, dtype=float)
        py = coords[:, yi] if yi is not None else np.zeros(n)
        return points_in_polygon(vertices, py, px)

    def clear_region(self, view: Heatmap) -> None:
        """ "Clear region" on a view: every region and mask it shows goes."""
        x = self.x
        names = ["roi", "roi_mask"] if view is x.heatmap else []
        if view is x.lasso_view():
            names.append("interval_mask")
        kinds = {x.md.dim(d).kind for d in x.image_dims or ()} if x.md else set()
        if view is x.second_if_made or "spectroscopic" in kinds:
            names.append("interval")
        for name in names:
            if getattr(x, name) is not None:
                setattr(x, name, None)

    # -- pins -------------------------------------------------------------------------------
    def pin(self, cell: list[int] | None | bool) -> None:
        """Pin (or unpin, when it is pinned already) the position at ``cell`` of the map, or
        with ``cell`` None what the plot shows: the region in force, else the selected
        position; ``False``: remove every pin."""
        x = self.x
        if x.md is None:
            return
        if cell is False:
            x.pins = []
            return
        try:
            if cell is not None:
                pin = pinning.of_cell(x.md, x.image_dims or (), cell, x.points)
            elif x.roi:
                pin = {"roi": x.roi}
            elif x.mask("roi_mask") is not None:
                dims, mask = x.mask("roi_mask")
                pin = {"roi_mask": mask, "dims": dims}
            else:
                dims = (x.md.pos_dims[0].name,) if x.points else (x.image_dims or ())
                pin = pinning.of_cell(x.md, dims, [x.index[d] for d in dims], x.points)
            checked = x.check_pins([pin])[0]
        except ValueError as exc:
            x.say(f"Cannot pin: {exc}")
            return
        kept = [p for p in x.pins if not pinning.same(p, checked)]
        x.pins = kept if len(kept) < len(x.pins) else [*x.pins, checked]

    def unpin(self, which: int | None) -> None:
        """Remove pin ``which`` (from the legend), or every pin (None)."""
        x = self.x
        if which is None:
            x.pins = []
        elif 0 <= which < len(x.pins):
            x.pins = [p for i, p in enumerate(x.pins) if i != which]

    def legend_compare(self, change: dict) -> None:
        """The legend's "plane" selects: what the diffraction plane compares."""
        x, value = self.x, change["new"]
        compare = None if not value else value[0] if len(value) == 1 else tuple(value[:2])
        if compare == x.compare:
            return
        try:
            x.compare = compare
        except traitlets.TraitError as exc:
            x.say(f"Cannot compare: {exc}")

    # -- the diffraction plane and the plot -------------------------------------------------
    def second_roi(self, change: dict) -> None:
        x = self.x
        rect, dims = change["new"], x.second_dims
        if x.md is None or dims is None:
            return
        x.interval = (
            {dims[0]: (rect[0], rect[1]), dims[1]: (rect[2], rect[3])} if len(rect) == 4 else None
        )

    def second_click(self, change: dict) -> None:
        x = self.x
        sel, dims = change["new"], x.second_dims
        if x.md is not None and dims is not None and len(sel) == 2:
            x.index = {dims[0]: int(sel[0]), dims[1]: int(sel[1])}

    def plot_interval(self, start: int | None, stop: int | None) -> None:
        x = self.x
        if x.md is None or x.plot_dim is None:
            return
        x.interval = None if start is None else {x.plot_dim: (start, stop)}

    def plot_click(self, step: int) -> None:
        x = self.x
        if x.md is not None and x.plot_dim is not None:
            x.index = {x.plot_dim: step}

    def slider(self, change: dict) -> None:
        x = self.x
        if x.md is not None and change["new"] != x.index:
            x.index = {k: v for k, v in change["new"].items() if k in x.index}

    def tree_select(self, change: dict) -> None:
        x, path = self.x, change["new"]
        # any dataset with something to draw (the tree's ``view``); the array shown without
        # a file is the only one, on screen already
        if path and path != x.dataset and x.file is not None and x.tree.view_of(path):
            x.dataset = path

    def progress(self, fraction: float) -> None:
        """Show a long reduction's progress (the first half second stays quiet)."""
        x = self.x
        now = time.perf_counter()
        if fraction <= 0 or self._progress_start is None:
            self._progress_start, self._progress_shown = now, 0.0
        if fraction >= 1:
            if x.progress_if_made is not None:
                x.progress_if_made.layout.display = "none"
            self._progress_start = None
        elif now - self._progress_start > 0.5 and fraction - self._progress_shown >= 0.01:
            # at most one message per percent: a 64 GB map read sent thousands otherwise
            self._progress_shown = fraction
            x.progress.layout.display = None
            x.progress.value = fraction

    def dropped(self, *_: Any) -> None:
        """A zoomed plane travels as its window: the browser must stop drawing whole ones."""
        self.x.display.held.drop("second")
