"""``DimensionSliders``: a slider per dimension not on screen, with play."""

from __future__ import annotations

from typing import Any

import numpy as np
import traitlets

from ..model.wire import array_dict
from .base import STATIC, BundleWidget


class DimensionSliders(BundleWidget):
    """One slider per dimension in ``dims`` not listed in ``hidden``, with play.

    The browser keeps at most one index change in flight and waits for the ``served`` message
    this class sends once the change has been handled, so a slow kernel never builds a backlog.
    Each synced trait is documented under it.
    """

    _esm = STATIC / "sliders.js"
    _kind = traitlets.Unicode("sliders").tag(sync=True)
    dims = traitlets.List(traitlets.Dict()).tag(sync=True)
    """``[{"name", "units", "size", "values": float64 (size,)}]``, every dimension."""
    index = traitlets.Dict(value_trait=traitlets.Int()).tag(sync=True)
    """``{name: int}`` for every dim in ``dims``."""
    hidden = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """Names without a slider (on screen, or size 1)."""
    fps = traitlets.Float(5.0, min=0.1, max=60.0).tag(sync=True)
    """Play speed in frames per second."""
    links = traitlets.Dict().tag(sync=True)
    """The views this model drives in the browser (``js/src/link.js``): ``{"heatmap": model
    id, "image": [row dim, col dim] (a point cloud: [dim]), "second": model id,
    "second_dims": [dim, dim], "line": id, "dot": id, "marker": id, "step": the plot's dim}``;
    absent keys are views not shown (no marker while the plot's step selects nothing). On
    every change of ``index`` the browser sets each heatmap's ``selected`` to the index of its
    dims, and puts the plot's marker and dot at ``index[step]`` on the line on show (where its
    value is finite). ``"readout": {"line": id, "figure": the figure's DOM class, "dim",
    "units": the dim's, "by_index": bool, "value_units"}`` (absent on an envelope) drives the
    plot's hover readout, in the browser alone (``js/src/plot-readout.js``)."""
    lines = traitlets.Dict().tag(sync=True)
    """Lines the kernel already holds beside the selected one, so that the next slider steps
    are drawn in the browser without a round trip; ``{}`` for none, else ``{"target": "plot" |
    "second", "token": int, "along": dim, "start": int, "at": {dim: int}, "data": array (n,
    ...)}``, plus ``"step": dim`` (plot: the dim of the dot) or ``"frame": {"full_shape",
    "binning", "offset"}`` (second: the frame template; the frame of line ``j`` has id ``token
    + j``). When ``index`` equals ``at`` on those dims and ``index[along] - start`` is a line
    ``j`` of ``data``, the browser draws line ``j``: the plot's line ``y`` and dot ``y`` (at
    ``index[step]``), or the second heatmap's ``frame``. The explorer records the same values
    on the Python side (:func:`usid_widgets.widgets.mirror.mirror`)."""
    frames = traitlets.Dict().tag(sync=True)
    """The maps offered ahead (``js/src/frames.js``, ``widgets/frames.py``): ``{}`` for none,
    else ``{"token": int, "dims": [dims whose step changes the map], "sizes": {dim: size},
    "bytes": the browser's budget, "frame_bytes": one frame's data}``. The browser asks with
    ``{"type": "frames", "token", "want": [{dim: int}], "drop": [{dim: int}]}`` and gets
    ``{"type": "frames", "token", "frames": [{"sub": {dim: int}, "frame": a heatmap frame}]}``
    with one buffer per frame; a new token means the frames held are stale."""
    inactive = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    """``{name: reason}`` for dims whose step selects nothing on screen (a map summed over an
    interval of that dim, views averaged over a region): the browser shows the slider
    disabled, with the reason in place of the value."""

    def set_dims(
        self,
        dims: list[Any],
        index: dict[str, int],
        hidden: list[str],
        inactive: dict[str, str] | None = None,
    ) -> None:
        """Replace the dimensions (``reader.Dimension`` objects) in one message."""
        with self.hold_sync():
            self.dims = [
                {
                    "name": d.name,
                    "units": d.units,
                    "size": int(d.size),
                    "values": array_dict(np.asarray(d.values, dtype=np.float64), "float64"),
                }
                for d in dims
            ]
            self.index = dict(index)
            self.hidden = list(hidden)
            self.inactive = dict(inactive or {})

    def browser_sent(self, index: dict[str, int]) -> bool:
        """Whether ``index`` is the one the browser sent and is being applied now: the browser
        shows it already, and ipywidgets echoes it."""
        return self._property_lock.get("index") == index

    def send_index(self, lines: bool = False) -> None:
        """Send ``index`` (with ``lines``: and the held lines) as ``send_state`` would,
        built directly.

        The hot messages of slider steps and jumps: ``send_state`` asks traitlets for the
        traits' serializers and walks the whole state for binary buffers, ~5 µs of a ~20 µs
        step; here the one buffer a ``lines`` dict holds (``data.buffer``) is known.
        """
        values = self._trait_values
        state: dict[str, Any] = {"index": values["index"]}
        paths: list[list[str]] = []
        buffers: list[Any] = []
        if lines:
            held = values["lines"]
            data = held.get("data")
            if data is not None:
                buffers.append(data["buffer"])
                paths.append(["lines", "data", "buffer"])
                held = {**held, "data": {k: v for k, v in data.items() if k != "buffer"}}
            state["lines"] = held
        lock = self._property_lock
        if lock:  # what send_state does for values echoed while the browser's change is applied
            for name in state.keys() & lock.keys():
                lock[name] = values[name]
        self._send({"method": "update", "state": state, "buffer_paths": paths}, buffers=buffers)

    def set_state(self, sync_data: dict) -> None:
        # Observers of ``index`` run inside set_state; once it returns the change is served.
        super().set_state(sync_data)
        if "index" in sync_data:
            self.send({"type": "served"})
