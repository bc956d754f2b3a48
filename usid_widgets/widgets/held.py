"""The lines the browser holds beside the selected one: the kernel's side of ``js/src/link.js``.

After a spectrum (or a diffraction plane) is read, the block cache usually holds its
neighbours along the scan too. They go to the browser with the index (``sliders.lines``), and
the next steps on the map are drawn there with no kernel round trip; the kernel only records
what the browser drew (:func:`~usid_widgets.widgets.mirror.mirror`). The rule that picks the
line of an index is ``Ahead.line`` here and ``lineOf`` in ``link.js``, checked against one
golden table by both test suites.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.ahead import Ahead, lines_ahead, scan_dim
from .mirror import mirror

if TYPE_CHECKING:
    from .display import Display


class Held:
    """Which lines the browser holds (``ahead``), and the short path of a step onto them."""

    def __init__(self, display: Display):
        self.d = display
        self.ahead: Ahead | None = None
        self.prev_index: dict[str, int] | None = None  # the index before the last change
        self.token = 0

    def scrubbing(self) -> bool:
        """Whether the last index change was a step of one along the scan: then the lines
        beside it are sent ahead; after a jump (a click) the line alone, as scrubbing is not
        the likely next move."""
        x = self.d.x
        prev, index = self.prev_index, x.index
        along = scan_dim(x.slicer) if x.md is not None else None
        if prev is None or along is None or prev.keys() != index.keys():
            return False
        return abs(index[along] - prev[along]) == 1 and all(
            prev[k] == v for k, v in index.items() if k != along
        )

    def line(self, shown: tuple | None) -> int | None:
        """The line of the held lines that the browser drew for the index, if any."""
        ahead = self.ahead
        if shown is None or ahead is None or ahead.shown != shown:
            return None
        return ahead.line(self.d.x.index)

    def note(self, ahead: Ahead, j: int) -> None:
        """Line ``j`` of the held lines is on show (drawn by the browser, or taken from the
        slicer's memory): the block cache tracks the motion as if it had read it, so the
        next miss of a scrub still reads ahead."""
        md = self.d.x.md
        if ahead.rows is not None and md is not None:
            md.blocks.note_row(ahead.rows[j])

    def send(self, ahead: Ahead | None) -> None:
        self.ahead = ahead
        sliders = self.d.x.sliders
        wire = {} if ahead is None else ahead.wire_dict()
        if wire or sliders.lines:
            sliders.lines = wire

    def drop(self, target: str) -> None:
        if self.ahead is not None and self.ahead.shown[0] == target:
            self.send(None)

    def next_token(self) -> int:
        self.token += 1
        return self.token

    def lines(self, free: tuple[str, ...], shown: tuple, view) -> Ahead | None:
        """The lines beside the index that the reader holds (``view``, the one at the index,
        alone after a jump); None when there are none to send."""
        x = self.d.x
        return lines_ahead(x.slicer, x.index, free, x.component, shown, view, self.scrubbing())

    def read(self, target: str, free: tuple[str, ...], index: dict, shown: tuple) -> Ahead | None:
        """Read the line at ``index`` as new held lines (with its neighbours while scrubbing)
        if the view can follow them; None otherwise. Sends nothing."""
        x = self.d.x
        slicer, comp = x.slicer, x.component
        view = slicer.slice(index, free, comp)
        ahead = lines_ahead(slicer, index, free, comp, shown, view, self.scrubbing())
        if ahead is None:
            return None
        if target == "plot":
            axis = self.d.plot_axis(free[0])
            if not x.plot.can_follow(axis.x, axis.xlabel, axis.ylabel, axis.markers, ahead.wire):
                return None
            ahead.wire = x.plot.scaled(ahead.wire)  # as the plot draws them
            ahead.token, ahead.step = self.next_token(), free[0]
        else:
            if not x.second.can_follow(view.shape):
                return None
            ahead.token = x.second.reserve_ids(len(ahead.views))
        self.ahead = ahead
        return ahead

    def step(self, old: dict, new: dict) -> bool:
        """A move on the map while the line view follows the held lines: the browser draws
        the new line (link.js) from the lines it holds, or from the line read here and sent
        with the index as the new held lines. Records what the browser draws and sends one
        message. False when a full refresh is needed.

        The same outcome as ``Display.refresh`` (which reaches it too), without its checks:
        these are the steps and clicks made while exploring, the ones that must cost least.
        """
        d, x = self.d, self.d.x
        ahead, state = self.ahead, d.state
        dims = x.image_dims
        if ahead is None or x.md is None or state is None or not dims or x.points:
            return False
        moved = [k for k, v in new.items() if old.get(k) != v]
        if not moved or any(k not in dims for k in moved):
            return False
        target = ahead.shown[0]
        plot_dim = state.plot.dim if state.plot is not None else None
        second_dims = state.second.dims if state.second is not None else None
        line_dims = ((plot_dim,) if plot_dim else None) if target == "plot" else second_dims
        others = second_dims if target == "plot" else plot_dim
        if not line_dims or others or d.shown.get(target) != ahead.shown:
            return False
        read = False
        j = ahead.line(new)
        if j is None:
            ahead = self.read(target, line_dims, new, ahead.shown)
            if ahead is None:
                return False
            j = ahead.line(new)
            read = True
        self.note(ahead, j)
        mirror(x.heatmap, selected=[new[dims[0]], new[dims[1]]])
        if target == "plot":
            x.plot.mirror(ahead.wire[j], new[plot_dim])
            x.set_trait("spectrum", ahead.views[j])
        else:
            x.second.mirror_grid(ahead.views[j], ahead.token + j, ahead.wire[j])
            mirror(x.second, selected=[new[line_dims[0]], new[line_dims[1]]])
            x.set_trait("plane", ahead.views[j])
        d.held_key(target, line_dims)
        mirror(x.sliders, index=dict(new))
        if read:
            mirror(x.sliders, lines=ahead.wire_dict())
            x.sliders.send_index(lines=True)
        elif not x.sliders.browser_sent(new):
            # a step made in the browser is applied under the lock of what it sent: the
            # browser holds that index already (and ipywidgets echoed it)
            x.sliders.send_index()
        return True
