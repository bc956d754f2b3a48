"""``SpectrumPlot``: the line plot along one dimension, drawn by bqplot."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from typing import Any

import bqplot
import ipywidgets
import numpy as np

from ..model import numbers
from .mirror import mirror

#: Most click columns drawn (one SVG rect each, which bqplot draws one by one): a plot of
#: 1,024 steps took ~160 ms more to appear in Chromium than without them, 8,192 steps ~1 s.
#: Past it a column covers several steps and a click selects the middle one: a plot a few
#: hundred pixels wide cannot be aimed finer.
MAX_HITS = 256


#: Longest line drawn as it is. bqplot draws a line as one SVG path: in Chromium a spectrum of
#: 65,536 steps took 1.6 s to appear, 262,144 steps 22 s, and again at every step. A longer
#: line is drawn as its envelope (:func:`envelope`), what a plot a few hundred pixels wide
#: shows of it anyway; ``Explorer.spectrum`` keeps every value.
MAX_LINE = 2048


def envelope(x: np.ndarray, y: np.ndarray, most: int = MAX_LINE) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` itself up to ``most`` points; else the minimum and the maximum of each of
    ``most // 2`` runs of consecutive steps, in step order (NaN left out; a run of NaN only
    is a gap)."""
    n = y.size
    if n <= most:
        return x, y
    g = -(-n // (most // 2))  # steps per run
    runs = -(-n // g)
    block = np.full(runs * g, np.nan)
    block[:n] = y
    block = block.reshape(runs, g)
    nan = np.isnan(block)
    lo = np.where(nan, np.inf, block).argmin(axis=1)
    hi = np.where(nan, -np.inf, block).argmax(axis=1)
    base = np.arange(runs) * g
    picks = np.stack([base + np.minimum(lo, hi), base + np.maximum(lo, hi)], axis=1)
    picks = np.minimum(picks.reshape(-1), n - 1)  # a run of NaN only picks its first step
    return x[picks], y[picks]


def nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """About ``count`` round values from ``lo`` to ``hi``, 1, 2 or 5 times a power of ten apart
    (d3-array's ticks, ``model/numbers.py: nice_ticks``); empty for an empty or non-finite
    span. Specified with ``js/src/format.js: niceTicks`` by ``tests/golden/nice_ticks.json``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return np.zeros(0)
    return numbers.nice_ticks(lo, hi, count)[0]


def hit_steps(n: int, most: int = MAX_HITS) -> np.ndarray:
    """The step each click column stands for: every step up to ``most``, else the middle
    steps of ``ceil(n / most)``-step runs."""
    if n <= most:
        return np.arange(n)
    g = -(-n // most)
    starts = np.arange(0, n, g)
    return (starts + np.minimum(starts + g, n) - 1) // 2


def step_mark(x: np.ndarray, y: np.ndarray, step: int | None) -> tuple[float, float] | None:
    """Where the browser puts the marker (x) and the dot (x, y) at ``step`` on the line on
    show, or None where it leaves them to the kernel (no such step, or a value there that is
    not finite): ``js/src/link.js: stepUpdates``, specified with it by
    ``tests/golden/step_mark.json``."""
    if step is None or not 0 <= step < min(len(x), len(y)):
        return None
    xv, yv = float(x[step]), float(y[step])
    return (xv, yv) if math.isfinite(xv) and math.isfinite(yv) else None


def axis_label(name: str, units: str) -> str:
    return f"{name} ({units})" if units else name


class SpectrumPlot(ipywidgets.VBox):
    """Values along the plot dimension at the selected position, with a step marker.

    Clicking anywhere in the plot's column above a step selects that step: an invisible bar
    per step catches the click (bqplot has no click-to-coordinate event; past
    :data:`MAX_HITS` steps a bar per run of steps, see :func:`hit_steps`), and
    :meth:`on_step_click` callbacks receive its index. bqplot sends the arrays as binary buffers.
    """

    #: Whether the browser moves the marker and dot on a step of the plot's dim (the
    #: explorer's sliders drive them, js/src/link.js): then :meth:`set_step` records the
    #: step's marker and dot without sending them, when their value there is finite.
    followed = False

    def __init__(self, **kwargs):
        self.x_scale = bqplot.LinearScale(allow_padding=False)
        self.y_scale = bqplot.LinearScale()
        self.x_axis = bqplot.Axis(
            scale=self.x_scale, label="", grid_lines="dashed", num_ticks=5, tick_format="~g"
        )
        self.y_axis = bqplot.Axis(
            scale=self.y_scale,
            label="",
            side="left",
            grid_lines="dashed",
            tick_format="~g",
            label_offset="46px",  # clear of six-character tick labels such as -1.5e-9
        )
        self.line = bqplot.Lines(
            x=np.zeros(0),
            y=np.zeros(0),
            scales={"x": self.x_scale, "y": self.y_scale},
            stroke_width=1.5,
            marker_size=8,
        )
        # The pinned lines (one colour each), under the line of the selected position: made
        # at the first pin (a mark is a model and a view built in the page at the open).
        self.pinned_if_made: bqplot.Lines | None = None
        # The click layer and the step marker have their own fixed 0..1 y scale: full-height
        # columns and a full-height marker that never need resending when the data range
        # changes (a spectrum update sends the line and the dot only), and that do not
        # stretch the data's y range.
        unit = bqplot.LinearScale(min=0.0, max=1.0)
        self.marker = bqplot.Lines(
            x=np.zeros(2),
            y=np.array([0.0, 1.0]),
            scales={"x": self.x_scale, "y": unit},
            colors=["#d62728"],
            line_style="dashed",
        )
        self.dot = bqplot.Scatter(
            x=np.zeros(1),
            y=np.zeros(1),
            scales={"x": self.x_scale, "y": self.y_scale},
            colors=["#d62728"],
            default_size=40,
        )
        self.hits = bqplot.Bars(
            x=np.zeros(0),
            y=np.zeros(0),
            base=0.0,
            scales={"x": self.x_scale, "y": unit},
            padding=0.0,
            opacities=[0.0],
            interactions={"click": "select"},
            selected_style={"opacity": "0"},
            unselected_style={"opacity": "0"},
            colors=["#888888"],
        )
        #: the class naming this plot's figure in the DOM: the browser's hover readout finds
        #: it there (js/src/plot-readout.js, through the sliders' ``links["readout"]``)
        self.figure_class = figure_class = f"usidw-fig-{uuid.uuid4().hex}"
        self.figure = bqplot.Figure(
            marks=[self.hits, self.line, self.marker, self.dot],
            axes=[self.x_axis, self.y_axis],
            fig_margin={"top": 32, "bottom": 45, "left": 70, "right": 28},  # title above the axes
            # the width of its column; the height from bqplot's stylesheet (320 px), or in the
            # explorer from widgets.css (matched to the map's beside it)
            layout=ipywidgets.Layout(width="100%", min_width="240px"),
            animation_duration=0,
            padding_y=0.05,
            # the figure's own 0..1 scales (bqplot makes two new models by default; the
            # figure sets their range itself, so the marks' padding is untouched): the unit one
            scale_x=unit,
            scale_y=unit,
            # themed by widgets.css; the classes in the first message, not updates after it
            _dom_classes=["usidw-plot-figure", figure_class],
        )
        self._message: ipywidgets.Label | None = None  # made when there is something to say
        self._brush: bqplot.interacts.BrushIntervalSelector | None = None  # made on first use
        # What the mouse does on the plot, as a small two-option switch above it (the
        # heatmap's "drag:" select says the same for the image).
        self.mode = ipywidgets.ToggleButtons(
            options=[("select step", "step"), ("sum interval", "interval")],
            value="step",
            tooltips=[
                "Click on the plot: select that step",
                "Drag on the plot: sum the data over an interval of steps",
            ],
            style={"button_width": "auto"},
            layout=ipywidgets.Layout(width="auto"),
            _dom_classes=["usidw-plot-mode"],
        )
        super().__init__([self.mode, self.figure], **kwargs)
        self._click_callbacks: list[Callable[[int], None]] = []
        self._interval_callbacks: list[Callable[[int | None, int | None], None]] = []
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._hit_steps = np.zeros(0, dtype=np.int64)  # the step of each click column
        #: whether the line on show is the envelope of a longer one (:data:`MAX_LINE`): the
        #: browser cannot then draw lines or place the marker by step (js/src/link.js)
        self.thinned = False
        self._labels: tuple | None = None  # of the last all-finite line shown
        #: the y values' stored unit (None: a plain label, nothing scaled) and the display
        #: unit of the line on show: y is drawn as ``y * 10**shift``
        self._yunit: str | None = None
        self._ydu = numbers.DisplayUnit("", 0)
        self._step: int | None = None
        self.hits.observe(self._on_hit, names="selected")
        self.mode.observe(self._on_mode, names="value")

    @property
    def pinned(self) -> bqplot.Lines:
        """The mark of the pinned lines, under the line of the selected position; made on
        first use."""
        if self.pinned_if_made is None:
            self.pinned_if_made = bqplot.Lines(
                x=np.zeros(0),
                y=np.zeros(0),
                scales={"x": self.x_scale, "y": self.y_scale},
                stroke_width=1.5,
                visible=False,
            )
            marks = list(self.figure.marks)
            marks.insert(marks.index(self.line), self.pinned_if_made)
            self.figure.marks = marks
        return self.pinned_if_made

    @property
    def message(self) -> ipywidgets.Label:
        """The line under the plot saying why it is empty; made on first use."""
        if self._message is None:
            self._message = ipywidgets.Label("")
            self.children = [*self.children, self._message]
        return self._message

    @property
    def brush(self) -> bqplot.interacts.BrushIntervalSelector:
        """The interval selector of the "sum interval" mode; made on first use."""
        if self._brush is None:
            self._brush = bqplot.interacts.BrushIntervalSelector(
                scale=self.x_scale, color="#d62728"
            )
            self._brush.observe(self._on_brush, names=["brushing"])
        return self._brush

    @property
    def title(self) -> str:
        """The text above the plot: what the line is (at the selected position, a mean)."""
        return self.figure.title

    @title.setter
    def title(self, text: str) -> None:
        self.figure.title = text

    def parts(self) -> list[ipywidgets.Widget]:
        """Widgets of this plot that no synced trait holds at the moment (for closing)."""
        return [w for w in (self._brush, self.figure, self._message) if w is not None]

    def on_step_click(self, callback: Callable[[int], None]) -> None:
        self._click_callbacks.append(callback)

    def on_interval(self, callback: Callable[[int | None, int | None], None]) -> None:
        """``callback(start, stop)`` with step indices when an interval is dragged, or
        ``(None, None)`` when it is cleared."""
        self._interval_callbacks.append(callback)

    def interval_indices(self, selected: Any) -> tuple[int, int] | None:
        """Steps whose x lies within the brushed x range, as (start, stop)."""
        if selected is None or len(selected) != 2 or self._x.size == 0:
            return None
        lo, hi = sorted(float(v) for v in selected)
        inside = np.flatnonzero((self._x >= lo) & (self._x <= hi))
        if inside.size == 0:
            return None
        return int(inside.min()), int(inside.max()) + 1

    def _emit_interval(self, rng: tuple[int, int] | None) -> None:
        for callback in list(self._interval_callbacks):
            callback(*(rng or (None, None)))

    def _on_brush(self, change: dict) -> None:
        # The drag has ended. bqplot may deliver the brush's last update after the user has
        # already switched back to selecting steps: that interval is no longer wanted.
        if not change["new"] and self.mode.value == "interval":
            self._emit_interval(self.interval_indices(self.brush.selected))

    def _on_mode(self, change: dict) -> None:
        # A selector overlay takes the mouse: clicks on steps only work without it.
        if change["new"] == "interval":
            self.figure.interaction = self.brush
        else:
            self.figure.interaction = None
            if self._brush is not None:
                self._brush.selected = None
            self._emit_interval(None)

    def show(
        self,
        x: np.ndarray,
        y: np.ndarray,
        xlabel: str,
        ylabel: str | tuple[str, str],
        step: int | None,
        markers: bool,
    ) -> None:
        """Plot ``y`` against ``x`` with the marker at index ``step``. ``ylabel``: the label,
        or ``(name, unit)`` of values stored in ``unit``: then the line is drawn in its display
        unit (``model/numbers.py``: "Amplitude (pm)" for values in metres, plain ticks)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if isinstance(ylabel, tuple):
            name, unit = ylabel
            du = numbers.display_unit_of(unit, y)
            self._yunit, self._ydu = unit, du
            ytext = numbers.axis_label(name, du.unit)
            y = self.scaled(y)
        else:
            self._yunit, self._ydu = None, numbers.DisplayUnit("", 0)
            ytext = ylabel
        ok = np.isfinite(y)
        finite = y[ok]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        # bqplot draws a marker at a NaN point, +-inf, and the axes of an all-NaN line with
        # NaN coordinates (console errors): it gets NaN (a gap in the line) for non-finite
        # values, markers only when every value is finite, and no line when none is.
        line_x = x if finite.size else np.zeros(0)
        line_y = np.where(ok, y, np.nan) if finite.size else np.zeros(0)
        self.thinned = line_y.size > MAX_LINE
        if self.thinned:  # its x depends on y: sent whole every time
            line_x, line_y = envelope(line_x, line_y)
        same_x = x is self._x or (x.shape == self._x.shape and np.array_equal(x, self._x))
        same_line_x = same_x and not self.thinned and np.shape(self.line.x) == line_x.shape
        marker = "circle" if markers and ok.all() and not self.thinned else None
        if marker is None:  # off before the values arrive (bqplot applies them in turn)
            self.line.marker = None
        with self.line.hold_sync():
            # A step of another slider changes only y: resend only y.
            if same_line_x:
                self.line.y = line_y
            else:
                self.line.x, self.line.y = line_x, line_y
            if not same_x:
                self._hit_steps = hit_steps(x.size)
                with self.hits.hold_sync():
                    self.hits.x = x[self._hit_steps]
                    self.hits.y = np.ones(self._hit_steps.shape)
                # The x axis spans the steps, with round ticks: left to itself, bqplot widens
                # it by half a click column on each side and spaces num_ticks evenly over
                # that, on values such as -0.07603 and 5.075.
                xs = x[np.isfinite(x)]
                span = (float(xs.min()), float(xs.max())) if xs.size else (0.0, 0.0)
                ticks = nice_ticks(*span)
                with self.x_scale.hold_sync():
                    self.x_scale.min, self.x_scale.max = span if ticks.size else (None, None)
                self.x_axis.tick_values = ticks if ticks.size else None
            self.x_axis.label, self.y_axis.label = xlabel, ytext
            for axis, values in ((self.x_axis, x), (self.y_axis, finite)):
                fmt = tick_format(values)
                if axis.tick_format != fmt:
                    axis.tick_format = fmt
            text = "" if finite.size else "No measured values here (all NaN)."
            if text or self._message is not None:
                self.message.value = text
        self.line.marker = marker  # on after the (finite) values
        self._x, self._y = x, y
        self._labels = (xlabel, ylabel, markers) if finite.size == y.size else None
        self.set_step(step, (lo, hi))

    def show_pins(self, lines: list[np.ndarray], colors: list[str], labels: list[str]) -> None:
        """Overlay ``lines`` (values in their stored unit, over the x of the line on show) in
        ``colors``, drawn in the display unit of the line on show (:meth:`scaled`); a line of
        more than :data:`MAX_LINE` steps as its envelope. Call after :meth:`show`."""
        if not lines:
            if self.pinned_if_made is not None and self.pinned_if_made.visible:
                self.pinned_if_made.visible = False
            return
        mark = self.pinned
        xs, ys = [], []
        for y in lines:
            y = self.scaled(np.asarray(y, dtype=np.float64))
            y = np.where(np.isfinite(y), y, np.nan)
            x, y = envelope(self._x, y)
            xs.append(x)
            ys.append(y)
        with mark.hold_sync():
            mark.x, mark.y = np.array(xs), np.array(ys)
            mark.colors, mark.labels = list(colors), list(labels)
            mark.visible = True

    @property
    def y_unit(self) -> str:
        """The unit the line's y values are drawn in (the display unit of the line on show);
        "" for a plain label."""
        return self._ydu.unit if self._yunit is not None else ""

    def scaled(self, lines: np.ndarray) -> np.ndarray:
        """Values in their stored unit as the plot draws them (in the display unit of the line
        on show): the held lines sent to the browser, which draws them as they come."""
        k = self._ydu.shift
        if k == 0:
            return lines
        return lines * 10.0**k if k > 0 else lines / 10.0**-k

    def can_follow(
        self,
        x: np.ndarray,
        xlabel: str,
        ylabel: str | tuple[str, str],
        markers: bool,
        lines: np.ndarray,
    ) -> bool:
        """Whether :meth:`show` of any row of ``lines`` (float64, in the stored unit) would
        change only the line's and the dot's y: the same x, labels and markers as the finite
        line on show now, every value finite, the same display unit and tick format. Those
        rows, :meth:`scaled`, can then be drawn by the browser alone (js/src/link.js) and
        recorded with :meth:`mirror`."""
        if x.size > MAX_LINE or self._labels != (xlabel, ylabel, markers):
            return False  # the browser draws lines whole, not as envelopes
        if not (x is self._x or (x.shape == self._x.shape and np.array_equal(x, self._x))):
            return False
        if lines.ndim != 2 or lines.shape[1] != x.size or lines.shape[0] == 0:
            return False
        plain_ticks = self.y_axis.tick_format == numbers.d3_tick_format([1.0])
        if lines.shape[0] == 1:  # a jump: the same test on two numbers, ~3x faster
            hi, lo = float(lines.max()), float(lines.min())
            if not (math.isfinite(hi) and math.isfinite(lo)):
                return False
            big = max(abs(hi), abs(lo))
            if self._yunit is not None and numbers.display_unit(self._yunit, big) != self._ydu:
                return False
            big = abs(float(self.scaled(np.float64(big))))
            return (big == 0 or 1e-3 <= big < 1e5) == plain_ticks
        # NaN and +-inf show in the extremes: two reductions test finiteness and the size
        hi, lo = lines.max(axis=1), lines.min(axis=1)
        if not (np.isfinite(hi).all() and np.isfinite(lo).all()):
            return False
        big = np.maximum(np.abs(hi), np.abs(lo)).astype(np.float64)
        if self._yunit is not None and not self._same_unit(big):
            return False
        big = np.abs(self.scaled(big))
        plain = (big == 0) | ((big >= 1e-3) & (big < 1e5))
        return bool((plain == plain_ticks).all())

    def _same_unit(self, big: np.ndarray) -> bool:
        """Whether lines of largest magnitudes ``big`` (stored unit) all get the display unit
        of the line on show (``numbers.display_unit``, for many lines at once)."""
        p = numbers.parse_unit(self._yunit or "")
        if p is None:
            return True  # never prefixed
        zero = big == 0  # keeps the stored unit
        if zero.any() and self._ydu != numbers.display_unit(self._yunit, 0.0):
            return False
        base = big[~zero] * 10.0**p.power
        with np.errstate(divide="ignore"):
            e = np.clip(np.floor(np.log10(base) / 3 + 1e-9) * 3, -24, 24)
        return bool((p.power - e == self._ydu.shift).all())

    def mirror(self, y: np.ndarray, step: int | None) -> None:
        """Record ``y`` (finite, accepted by :meth:`can_follow`) as the line on show:
        the browser drew it, with the dot at ``step``. Moves the marker if ``step`` moved."""
        y = np.asarray(y, dtype=np.float64)
        mirror(self.line, y=y)
        self._y = y
        if step is not None and 0 <= step < y.size:
            mirror(self.dot, y=np.array([y[step]]))
        if step != self._step or not self.dot.visible:
            self.set_step(step)

    def set_step(self, step: int | None, yrange: tuple[float, float] | None = None) -> None:
        """Move the marker to index ``step`` (None hides it)."""
        self._step = step
        if step is None or not 0 <= step < self._x.size:
            self.marker.visible = self.dot.visible = False
            return
        placed = step_mark(self._x, self._y, step)
        if (
            self.followed
            and placed is not None
            and self.marker.visible
            and self.dot.visible
            and np.shape(self.line.x) == self._x.shape
        ):
            # the browser places both on the line on show (js/src/link.js stepUpdates)
            xv, yv = placed
            mirror(self.marker, x=np.array((xv, xv)))
            mirror(self.dot, x=np.array((xv,)), y=np.array((yv,)))
            return
        xv = float(self._x[step])
        yv = float(self._y[step]) if self._y.size > step else 0.0
        if not np.isfinite(yv):  # the dot at the bottom, placed by the kernel
            if yrange is None:
                finite = self._y[np.isfinite(self._y)]
                yrange = (float(finite.min()), 0.0) if finite.size else (0.0, 1.0)
            yv = yrange[0]
        # Only what moved is sent: the marker (full height) when the step does, the dot when
        # the step or its value does; one message per mark at most.
        _assign(self.marker, {"x": (xv, xv), "visible": True})
        _assign(self.dot, {"x": (xv,), "y": (yv,), "visible": True})

    def _on_hit(self, change: dict) -> None:
        sel = change["new"]
        if sel is None or len(sel) == 0:
            return
        column = int(np.asarray(sel).reshape(-1)[0])
        if not 0 <= column < self._hit_steps.size:
            return
        step = int(self._hit_steps[column])
        for callback in list(self._click_callbacks):
            callback(step)


def _assign(mark: Any, values: dict[str, Any]) -> None:
    """Set the traits of ``mark`` whose value differs (tuples: float arrays), in one message."""
    changed = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            old = mark._trait_values.get(name)
            if old is not None and len(old) == len(value) and all(map(float.__eq__, old, value)):
                continue
            value = np.array(value, dtype=np.float64)
        elif mark._trait_values.get(name) == value:
            continue
        changed[name] = value
    if len(changed) == 1:
        setattr(mark, *changed.popitem())
    elif changed:
        with mark.hold_sync():
            for name, value in changed.items():
                setattr(mark, name, value)


def tick_format(values: np.ndarray) -> str:
    """d3 format of an axis' tick labels: ``model/numbers.py: d3_tick_format`` (plain numbers
    for everyday magnitudes, exponents for very small or large ones, never an SI suffix: the
    x values arrive in their display unit, named by the axis label)."""
    return numbers.d3_tick_format(values)
