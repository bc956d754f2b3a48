"""``Heatmap``: a canvas image (or point cloud) with colorbar, axes, contrast and colormaps."""

from __future__ import annotations

from typing import Any

import numpy as np
import traitlets

from ..model.binning import ASSUMED_DISPLAY_SIDE, bin_1d, bin_2d, display_binning, finite32
from ..model.export import wire_array
from ..model.wire import array_dict, from_array_dict
from .base import STATIC, BundleWidget
from .exports import reply
from .mirror import mirror

COLORMAPS = ("viridis", "magma", "inferno", "plasma", "cividis", "gray", "coolwarm")
SCALES = ("linear", "log", "symlog")
DRAG_MODES = ("zoom", "pan", "rectangle", "lasso", "line")


class Heatmap(BundleWidget):
    """An image drawn in the browser from a float32 buffer.

    Colormap, reversal, scale and contrast are applied in the browser without a kernel round
    trip; their traits sync back so Python sees what the user chose. Each synced trait is
    documented under it; the wire format of arrays is in docs/ARCHITECTURE.md. Grid cells in
    ``selected``, ``roi``, ``lasso`` and ``zoom`` are cells of the full image given to
    :meth:`show_image`, whatever the zoom and binning on screen.
    """

    _esm = STATIC / "heatmap.js"
    _kind = traitlets.Unicode("heatmap").tag(sync=True)
    frame = traitlets.Dict().tag(sync=True)
    """What to draw (set with :meth:`show_image`, :meth:`show_points`, :meth:`show_message`):
    ``{"id", "mode": "grid", "data": float32 (rows, cols), "binning": f, "full_shape": [H, W],
    "offset": [r0, c0]}`` (the window of the full H x W image at ``offset``, binned by ``f``),
    ``{"id", "mode": "points", "x", "y": float64 (n,), "values": float32 (n,)}`` or
    ``{"id", "mode": "message", "message": str}`` (nothing to draw: the text instead)."""
    x_axis = traitlets.Dict().tag(sync=True)
    """``{"label", "units", "values": float64 (n,), "ticks": "values" | "index"}``: the physical
    coordinate of each column (grid; points: label and units only). ``ticks: "index"``: the
    values are no linear axis (``model.resolve.linear``), the ticks count cells and the
    readout gives the values."""
    y_axis = traitlets.Dict().tag(sync=True)
    """As ``x_axis``, for the rows (row 0 at the top)."""
    title = traitlets.Unicode("").tag(sync=True)
    """Shown above the image; also the canvas' accessible name."""
    quantity = traitlets.Unicode("").tag(sync=True)
    """The quantity of the values: the colorbar's label ``quantity (units)`` and the readout."""
    units = traitlets.Unicode("").tag(sync=True)
    """The unit of the values (no parentheses on the colorbar when empty)."""
    colormap = traitlets.Enum(COLORMAPS, default_value="viridis").tag(sync=True)
    """One of :data:`COLORMAPS` (coolwarm is diverging)."""
    reverse_colormap = traitlets.Bool(False).tag(sync=True)
    """Whether the colormap runs backwards."""
    scale = traitlets.Enum(SCALES, default_value="linear").tag(sync=True)
    """One of :data:`SCALES`."""
    clim = traitlets.List(
        traitlets.Float(), allow_none=True, default_value=None, minlen=2, maxlen=2
    ).tag(sync=True)
    """Manual limits ``[lo, hi]``, or None for automatic ones from ``auto_percentiles``."""
    auto_percentiles = traitlets.List(
        traitlets.Float(), default_value=[0.5, 99.5], minlen=2, maxlen=2
    ).tag(sync=True)
    """Percentiles of the finite values that make the automatic limits."""
    lock_clim = traitlets.Bool(False).tag(sync=True)
    """Keep the limits in force when new frames arrive."""
    selected = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    """``[row, col]`` (grid) or ``[point]`` (points) selected; ``[]`` for none."""
    roi = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    """A dragged rectangle ``[row0, row1, col0, col1]`` (half-open, full-image cells), ``[]``
    for none. The explorer turns it into ``w.roi`` (mean spectrum) or, on the diffraction
    plane, ``w.interval`` (virtual detector), and shows a ``w.roi`` set from Python."""
    lasso = traitlets.List(traitlets.List(traitlets.Float()), default_value=[]).tag(sync=True)
    """A polygon drawn in "lasso" mode (written by the browser), vertices ``[row, col]`` in
    full-image cell units (cell ``(r, c)`` spans ``[r, r+1) x [c, c+1)``), ``[]`` for none.
    Setting it clears ``roi`` and vice versa. The explorer rasterises it
    (``reader.masks.polygon_mask``: cell centres, even-odd) into ``w.roi_mask`` /
    ``w.interval_mask``."""
    zoom = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    """The window on screen ``[row0, row1, col0, col1]`` (half-open), ``[]`` for the whole
    image. Set by a drag, Ctrl + wheel, pan, keys "+" / "-" (about the selection) or
    double-click / "Reset zoom" / "0" (``[]``) in the browser, which stretches the current
    frame with a CSS transform until the kernel answers with the frame of that window at full
    resolution (binned only while it has more cells than the box has device pixels,
    :meth:`wire_binning`); or from Python. A point
    cloud is zoomed in the browser only (``data-zoom`` in data units), not through this."""
    drag_mode = traitlets.Enum(DRAG_MODES, default_value="zoom").tag(sync=True)
    """What a drag on the image does: ``"zoom"``, ``"pan"``, ``"rectangle"``, ``"lasso"`` or
    ``"line"`` (a line profile; Shift + drag is always a rectangle)."""
    line = traitlets.List(traitlets.Float(), default_value=[]).tag(sync=True)
    """A line ``[row0, col0, row1, col1]`` in index coordinates of the full image (pixel
    ``[r, c]`` centred on the integer point), ``[]`` for none: drawn in the "line" drag mode
    (its ends dragged after; Escape or "Clear line" sets ``[]``), or from Python. The
    explorer turns it into ``w.line``."""
    line_width = traitlets.Int(1).tag(sync=True)
    """Width in pixels of the band the profile averages across (drawn as the band's
    edges)."""
    profile_link = traitlets.Dict().tag(sync=True)
    """Where the browser draws the profile while the line is dragged, ``{}`` for nowhere:
    ``{"line": model id of the profile plot's bqplot Lines, "spacing": [row step, col step]
    in the plot's distance unit ([1, 1]: pixels), "yshift": k}`` (values drawn as
    ``v * 10**k``, the plot's display unit)."""
    region_mask = traitlets.Dict().tag(sync=True)
    """Cells of a region that is not a rectangle (set with :meth:`show_mask`), as the frame
    shows them: ``{"data": uint8 array}`` with 1 inside (a binned cell: any of its cells
    inside), ``{}`` for none. The browser dims the rest; "Clear region" / Escape send the
    custom message ``{"type": "clear_region"}`` (a mask has no trait to clear there)."""
    snapshot_keys = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    """Keys of the static PNG outputs standing in for this view when no kernel runs; the live
    view hides the output (``.jp-OutputArea-child``) whose PNG carries one of them in its
    tEXt chunk ``usid_widgets``."""
    aspect = traitlets.Enum(("equal", "auto"), default_value="equal").tag(sync=True)
    """``"equal"`` (cell aspect from the physical axes) or ``"auto"`` (square cells)."""
    picture_figures = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    """Model ids of the bqplot Figures the browser's picture ("Save image", ``w.save``) holds
    beside the heatmaps, when they are on screen in the same explorer (the explorer sets its
    plot's); ``[]``: the heatmaps alone."""

    pins = traitlets.List(traitlets.Dict(), default_value=[]).tag(sync=True)
    """The pins' markers (written by Python): ``[{"box": [r0, r1, c0, c1]} or {"point": i},
    "color": "#rrggbb", "label": str, "n": number shown}, ...]`` in full-image cells (a
    one-cell box: a position; ``"centre": true``: the centroid of a region of any shape). The
    browser asks to pin with the custom messages ``{"type": "pin", "cell": [row, col] | [point]
    | null}`` (null: what the plot shows, the region in force or the selected position) and
    ``{"type": "clear_pins"}``."""

    display_side = traitlets.Int(ASSUMED_DISPLAY_SIDE).tag(sync=True)
    """Longest side of the image box in device pixels (CSS side x ``devicePixelRatio``),
    written by the browser when it first draws and whenever it changes (window resize,
    layout switch, full screen, browser zoom, another screen); until then
    ``model.binning.ASSUMED_DISPLAY_SIDE``. Frames are binned to it
    (``model.binning.display_binning``): a change that calls for another factor resends the
    frame on screen, sharper or lighter."""

    diverging = traitlets.Bool(False).tag(sync=True)
    """Draw a difference (written by Python): the diverging colormap coolwarm, limits centred
    on zero (the larger magnitude of the automatic limits on both sides), whatever
    ``colormap``, ``scale`` and ``clim`` say."""

    _frame_id = 0

    @traitlets.validate("clim")
    def _valid_clim(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is not None and not (
            np.isfinite(value[0]) and np.isfinite(value[1]) and value[0] < value[1]
        ):
            raise traitlets.TraitError(
                f"clim must be two finite numbers lo < hi, or None; got {value}"
            )
        return value

    def _next_id(self) -> int:
        self._frame_id += 1
        return self._frame_id

    #: Longest side sent to the browser whatever the screen; larger images travel binned
    #: (mean of f x f blocks), and so does an image with more cells than the box has device
    #: pixels (:attr:`display_side`).
    max_side = 1024
    #: Binning factor of the frame on screen.
    binning = 1

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._grid: tuple[np.ndarray, dict | None, dict | None] | None = None
        self._mask: np.ndarray | None = None
        self._mask_sent: tuple = ()
        self._npoints = -1
        self._clear_callbacks: list = []
        self._exporter = self._export_own
        self._pin_callbacks: list = []
        self.on_msg(self._on_msg)

    def on_export(self, callback) -> None:
        """Answer the download menu with ``callback(action, format) -> (content, buffers)``
        (``widgets/exports.py``); on its own a heatmap offers its image only."""
        self._exporter = callback

    def _export_own(self, action: str, _format: str) -> tuple[dict, list[bytes]]:
        if action != "image" or self._grid is None:
            raise ValueError("A heatmap on its own offers its image only.")
        image = self._grid[0]
        r0, r1, c0, c1 = self.zoom or (0, image.shape[0], 0, image.shape[1])
        data, descr, shape = wire_array(image[r0:r1, c0:c1])
        content = {"name": "image", "descr": descr, "shape": shape, "notes": [self.title]}
        return content, [data]

    def on_clear_region(self, callback) -> None:
        """Call ``callback()`` when the user clears the region in the browser ("Clear region"
        or Escape), also when the region is a mask set from Python."""
        self._clear_callbacks.append(callback)

    def on_pin(self, callback) -> None:
        """Call ``callback(cell)`` when the user pins in the browser ("p", Alt + click, the pin
        button; ``cell`` None: what the plot shows), ``callback(False)`` for "Clear pins"."""
        self._pin_callbacks.append(callback)

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind in ("pin", "clear_pins"):
            cell = content.get("cell") if kind == "pin" else False
            if (
                cell is None
                or cell is False
                or (isinstance(cell, list) and all(isinstance(v, int) for v in cell))
            ):
                for callback in list(self._pin_callbacks):
                    callback(cell)
            return
        if kind == "clear_region":
            with self.hold_sync():
                self.roi, self.lasso = [], []
            for callback in list(self._clear_callbacks):
                callback()
        elif isinstance(content, dict) and content.get("type") == "export":
            reply(self, content, self._exporter)

    def show_mask(self, mask: np.ndarray | None) -> None:
        """Show a region of any shape: ``mask`` is a boolean array of the image's shape (the
        cells outside it are dimmed), None for none."""
        self._mask = None if mask is None else np.asarray(mask, dtype=bool)
        self._mask_sent = ()
        self._send_mask()

    def _send_mask(self) -> None:
        grid, mask = self._grid, self._mask
        # A slider step sends a new frame but leaves the mask as it was on screen: resend it
        # only when the mask, the window or the binning changed.
        sent = (id(mask), tuple(self.zoom), self.binning, grid is None, self._npoints)
        if mask is not None and sent == self._mask_sent and self.region_mask:
            return
        self._mask_sent = sent
        if mask is not None and grid is None and mask.shape == (self._npoints,):
            self.region_mask = {"data": array_dict(mask.astype(np.uint8), "uint8")}
            return
        if grid is None or mask is None or mask.shape != grid[0].shape:
            if self.region_mask:
                self.region_mask = {}
            return
        r0, r1, c0, c1 = self.zoom or (0, mask.shape[0], 0, mask.shape[1])
        window = mask[r0:r1, c0:c1]
        f = self.binning
        if f > 1:
            h, w = window.shape
            padded = np.zeros((-(-h // f) * f, -(-w // f) * f), dtype=bool)
            padded[:h, :w] = window
            window = padded.reshape(padded.shape[0] // f, f, -1, f).any(axis=(1, 3))
        self.region_mask = {"data": array_dict(window.astype(np.uint8), "uint8")}

    def show_image(self, image: np.ndarray, x: dict | None = None, y: dict | None = None) -> None:
        """Draw a 2-D array (rows x columns). ``x``/``y``: ``{"label", "units", "values"}``.

        The browser gets the window :attr:`zoom` of it (all of it when not zoomed); a window
        with more cells than the image box has device pixels (:attr:`display_side`), or
        longer than :attr:`max_side`, is sent as means of ``f x f`` blocks (NaN-aware,
        :meth:`wire_binning`), with its axes binned alike, so a 2048 x 2048 map shown 440
        device pixels wide travels as 512 x 512 (1 MB), not 16 MB. A new image of
        another shape shows whole. The array is kept (not copied) to answer zooms.
        """
        image = np.asarray(image)
        if image.ndim != 2:
            raise ValueError(f"an image is 2-D, got shape {image.shape}")
        old = self._grid
        self._grid = (image, x, y)
        if self.zoom and (old is None or old[0].shape != image.shape):
            self.zoom = []  # observed: sends the whole image
            return
        self._send_grid()

    def forget(self) -> None:
        """Drop the kept image, the zoom and the regions without sending anything: the caller
        shows a new image next (another dataset, other dims)."""
        self._grid = self._mask = None
        with self.hold_sync():
            self.zoom, self.roi, self.lasso, self.region_mask = [], [], [], {}

    @traitlets.validate("zoom")
    def _valid_zoom(self, proposal: dict) -> Any:
        box = list(proposal["value"])
        if not box:
            return box
        shape = self._grid[0].shape if getattr(self, "_grid", None) else None
        if shape is None:
            return []
        if len(box) != 4 or not (
            0 <= box[0] < box[1] <= shape[0] and 0 <= box[2] < box[3] <= shape[1]
        ):
            raise traitlets.TraitError(
                f"zoom must be [row0, row1, col0, col1] within the image {shape}, got {box}"
            )
        return [] if box == [0, shape[0], 0, shape[1]] else box

    @traitlets.observe("zoom")
    def _on_zoom(self, _change: dict) -> None:
        if self._grid is not None:
            self._send_grid()

    def wire_binning(self, shape: tuple[int, int]) -> int:
        """Binning factor of a window of ``shape`` sent now (``model.binning.display_binning``
        for :attr:`display_side` and :attr:`max_side`)."""
        return display_binning(shape, self.display_side, self.max_side)

    @traitlets.observe("display_side")
    def _on_display_side(self, _change: dict) -> None:
        if self._grid is None or self.frame.get("mode") != "grid":
            return
        image = self._grid[0]
        r0, r1, c0, c1 = self.zoom or (0, image.shape[0], 0, image.shape[1])
        if self.wire_binning((r1 - r0, c1 - c0)) != self.binning:
            self._send_grid()

    def window_frame(self, image: np.ndarray, frame_id: int) -> dict:
        """The frame of ``image`` in the window on show (:attr:`zoom`, binned by
        :meth:`wire_binning`): what :meth:`show_image` sends, and a frame sent ahead
        (``widgets/frames.py``)."""
        r0, r1, c0, c1 = self.zoom or (0, image.shape[0], 0, image.shape[1])
        window = image[r0:r1, c0:c1]
        f = self.wire_binning(window.shape)
        return {
            "id": int(frame_id),
            "mode": "grid",
            "data": array_dict(finite32(bin_2d(window, f))),
            "binning": f,
            "full_shape": list(image.shape),
            "offset": [int(r0), int(c0)],
        }

    def _send_grid(self) -> None:
        image, x, y = self._grid
        frame = self.window_frame(image, self._next_id())
        (r0, c0), f = frame["offset"], frame["binning"]
        r1, c1 = self.zoom[1::2] if self.zoom else image.shape
        self.binning = f
        with self.hold_sync():
            for axis, rng, name in ((x, (c0, c1), "x_axis"), (y, (r0, r1), "y_axis")):
                if axis is not None:
                    values = np.asarray(axis["values"], float)[rng[0] : rng[1]]
                    setattr(self, name, _axis({**axis, "values": bin_1d(values, f)}))
            self.frame = frame
            self._send_mask()

    def mirror_frame(self, image: np.ndarray, frame: dict) -> None:
        """Record that the browser drew ``frame`` (made by :meth:`window_frame` for ``image``
        in the window on show) from the frames it holds: the kept image answers the next zoom."""
        _old, x, y = self._grid
        self._grid = (image, x, y)
        mirror(self, frame=frame)

    def reserve_ids(self, n: int) -> int:
        """The first of ``n`` frame ids set aside for frames the browser makes itself."""
        first = self._frame_id + 1
        self._frame_id += max(0, int(n))
        return first

    def can_follow(self, shape: tuple[int, ...]) -> bool:
        """Whether an image of ``shape`` would travel whole as the image on show now does:
        a grid of that shape, not zoomed, not binned (see :meth:`mirror_grid`)."""
        grid = self._grid
        return (
            grid is not None
            and grid[0].shape == tuple(shape)
            and not self.zoom
            and self.binning == 1
            and self.wire_binning(tuple(shape)) == 1
        )

    def grid_frame(self, image: np.ndarray, frame_id: int, wire: np.ndarray | None = None) -> dict:
        """The frame of a whole, unbinned image (what js/src/link.js builds in the browser);
        ``wire``: the image as float32 already, when the caller holds it."""
        return {
            "id": int(frame_id),
            "mode": "grid",
            "data": array_dict(finite32(image) if wire is None else wire),
            "binning": 1,
            "full_shape": list(image.shape),
            "offset": [0, 0],
        }

    def mirror_grid(self, image: np.ndarray, frame_id: int, wire: np.ndarray | None = None) -> None:
        """Record that the browser drew ``image`` (accepted by :meth:`can_follow`) as frame
        ``frame_id``: the kept image answers the next zoom, the frame a view shown later.
        ``wire``: ``image`` as the float32 the browser drew, when the caller holds it."""
        _old, x, y = self._grid
        self._grid = (image, x, y)
        mirror(self, frame=self.grid_frame(image, frame_id, wire))

    def shown(self) -> dict | None:
        """What is on screen, at full resolution: ``{"mode": "grid", "image": window,
        "x_axis", "y_axis"}`` (the zoomed window of the kept image and its axis dicts cut to
        it), ``{"mode": "points", "x", "y", "values"}``, or None (a message, nothing)."""
        frame = self.frame
        if self._grid is not None and frame.get("mode") == "grid":
            image, x, y = self._grid
            r0, r1, c0, c1 = self.zoom or (0, image.shape[0], 0, image.shape[1])
            cut = [
                None if axis is None else {**axis, "values": np.asarray(axis["values"], float)[a:b]}
                for axis, a, b in ((x, c0, c1), (y, r0, r1))
            ]
            window = image[r0:r1, c0:c1]
            return {"mode": "grid", "image": window, "x_axis": cut[0], "y_axis": cut[1]}
        if frame.get("mode") == "points":
            arrays = {k: from_array_dict(frame[k]) for k in ("x", "y", "values")}
            return {"mode": "points", **arrays}
        return None

    def show_points(
        self, x: np.ndarray, y: np.ndarray, values: np.ndarray, xlabel: dict, ylabel: dict
    ) -> None:
        """Draw a point cloud (sparse sampling): coordinates and one value per point."""
        self._grid = None
        self._npoints = len(values)
        with self.hold_sync():
            self.zoom = []
            self.x_axis = _axis({**xlabel, "values": np.asarray(x)})
            self.y_axis = _axis({**ylabel, "values": np.asarray(y)})
            self.frame = {
                "id": self._next_id(),
                "mode": "points",
                "x": array_dict(x, "float64"),
                "y": array_dict(y, "float64"),
                "values": array_dict(finite32(values)),
            }
            self._send_mask()

    def show_message(self, message: str) -> None:
        """Nothing to draw: show ``message`` inside the widget instead."""
        self._grid, self._npoints = None, -1
        self.zoom = []
        self.frame = {"id": self._next_id(), "mode": "message", "message": str(message)}


def _axis(axis: dict) -> dict:
    return {
        "label": str(axis.get("label", "")),
        "units": str(axis.get("units") or ""),
        "values": array_dict(np.asarray(axis.get("values", []), dtype=np.float64), "float64"),
        "ticks": "index" if axis.get("ticks") == "index" else "values",
    }
