"""Lines sent to the browser ahead of the slider: the kernel's side of ``js/src/link.js``.

When the explorer reads a spectrum (or a diffraction plane) the block cache has usually read
its neighbours along the scan too (the chunk holds them, or a scrub read ahead). Those lines
cost nothing more to send with the index; the browser then draws the next slider steps itself,
and a step from Python, or from a slider, costs the kernel one small message and no read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .binning import finite32
from .slicing import Slicer
from .wire import array_dict

#: Largest block of lines sent ahead, in bytes on the wire.
LINES_BYTES = 2**20


@dataclass
class Ahead:
    """Lines ``start, start + 1, ...`` of the position dim ``along`` with the dims of ``at``
    fixed, as the explorer's arrays hold them (``views``) and as the browser gets them
    (``wire``: float32, or float64 for a plot of float64 data)."""

    shown: tuple  # ("plot" | "second", what else the lines depend on besides the index)
    along: str
    start: int
    at: dict[str, int]
    views: np.ndarray
    wire: np.ndarray
    token: int = 0
    step: str = ""  # the plot's dim: the browser moves the dot to index[step]
    rows: np.ndarray | None = None  # flat rows of the lines

    def line(self, index: dict[str, int]) -> int | None:
        """Which line ``index`` selects, or None: link.js ``lineOf``, by the golden table
        tests/golden/held_line.json."""
        for name, value in self.at.items():
            if index.get(name) != value:
                return None
        j = index.get(self.along, -1) - self.start
        return j if 0 <= j < len(self.views) else None

    def wire_dict(self) -> dict:
        """The ``lines`` trait of the sliders (see ``DimensionSliders``)."""
        target = self.shown[0]
        out = {
            "target": target,
            "token": int(self.token),
            "along": self.along,
            "start": int(self.start),
            "at": dict(self.at),
            "data": array_dict(self.wire, self.wire.dtype.name),
        }
        if target == "plot":
            out["step"] = self.step
        else:
            h, w = self.wire.shape[1:]
            out["frame"] = {"binning": 1, "full_shape": [h, w], "offset": [0, 0]}
        return out


def _exact32(dtype: np.dtype) -> bool:
    """Whether float32 holds every value of ``dtype`` exactly."""
    return (dtype.kind == "f" and dtype.itemsize <= 4) or (
        dtype.kind in "iub" and dtype.itemsize <= 2
    )


def scan_dim(slicer: Slicer) -> str | None:
    """The position dim that changes fastest along the file's rows (the scan's X), if any."""
    moving = [d.name for d in slicer.md.pos_dims if d.size > 1]
    return moving[-1] if moving else None


def lines_ahead(
    slicer: Slicer,
    index: dict[str, int],
    free: tuple[str, ...],
    comp: str | None,
    shown: tuple,
    view: np.ndarray,
    neighbours: bool = True,
) -> Ahead | None:
    """The lines over ``free`` beside ``index`` that the reader holds in memory, or None;
    ``view`` (the one at ``index``, just read) alone without ``neighbours``.

    Reads nothing: after the view at ``index`` was read, its block is in the cache.
    """
    md = slicer.md
    along = scan_dim(slicer)
    if along is None or along in free or md.dim(along).kind != "position":
        return None
    if neighbours:
        sizes = [md.dim(d).size for d in free]
        item = 8 if shown[0] == "plot" and not _exact32(md.dtype) else 4
        per_line = max(1, int(np.prod(sizes)) * item)
        held = slicer.held_lines(index, free, comp, along, max_lines=LINES_BYTES // per_line)
        if held is None:
            return None
        start, views, rows = held
    else:  # a jump: the line just read, nothing to look up
        start, views = int(index[along]), view[None]
        rows = np.array([md.position_row(index)])
    if shown[0] == "plot" and not _exact32(views.dtype):
        wire = np.ascontiguousarray(views, dtype=np.float64)
    else:  # the plot's values exactly in half the bytes; heatmaps are float32 anyway
        wire = np.ascontiguousarray(finite32(views))
    at = {n: int(index[n]) for n in md.dim_names if n != along and n not in free}
    return Ahead(shown, along, start, at, views, wire, rows=rows)
