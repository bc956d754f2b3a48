"""Matplotlib figures of a view (``w.to_matplotlib()``, and ``w.save()`` without a browser).

matplotlib is an optional extra (``pip install "usid_widgets[figures]"``), imported here only
when a figure is made: ``import usid_widgets`` never imports it. The colours are the
browser's: each colormap is a ``ListedColormap`` of the 256 entries of
``js/src/colormaps.json``, and a value gets entry ``floor(256 t)`` as in the browser
(``tests/golden/color_index.json``), for every scale (log and symlog through the same
forward function as ``model/snapshot.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .model.picture import ImagePanel, MessagePanel, Picture, PlotPanel

EXTRA = "figures"
INSTALL = f'pip install "usid_widgets[{EXTRA}]"'

#: the size of one panel, inches
PANEL_SIZE = (4.6, 4.0)
DPI = 150
#: matplotlib's line styles for the plot's
_STYLES = {"solid": "-", "dashed": "--", "dotted": ":"}
#: the browser's dashed marker of the selected step (``widgets/spectrum.py``)
MARKER_COLOR = "#d62728"


def require_matplotlib() -> Any:
    """The ``matplotlib`` module, or ImportError naming the extra to install."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ImportError(
            f"usid_widgets needs matplotlib to draw this figure in the kernel: {INSTALL} "
            "(or pip install matplotlib)"
        ) from exc
    return matplotlib


def colormap(panel: ImagePanel) -> Any:
    """The browser's colormap of ``panel`` as a matplotlib ``ListedColormap`` (256 entries,
    reversed when the view is); NaN (and log values <= 0) transparent, as on screen."""
    require_matplotlib()
    from matplotlib.colors import ListedColormap

    name = f"usidw_{panel.colormap}{'_r' if panel.reverse else ''}"
    cmap = ListedColormap(panel.lut.astype(np.float64) / 255.0, name=name)
    return cmap.with_extremes(bad=(0.0, 0.0, 0.0, 0.0))


def norm(panel: ImagePanel) -> Any:
    """The matplotlib norm mapping values to ``t`` as the browser does for the panel's scale
    and limits (``snapshot.normalize``)."""
    require_matplotlib()
    from matplotlib.colors import FuncNorm, LogNorm, Normalize

    lo, hi = panel.lo, panel.hi
    if panel.scale == "log":
        return LogNorm(vmin=lo, vmax=hi)
    if panel.scale == "symlog":
        c = panel.symlog_constant

        def forward(v: np.ndarray) -> np.ndarray:
            return np.sign(v) * np.log10(1 + np.abs(v) / c)

        def inverse(f: np.ndarray) -> np.ndarray:
            return np.sign(f) * c * (10.0 ** np.abs(f) - 1)

        return FuncNorm((forward, inverse), vmin=lo, vmax=hi)
    return Normalize(vmin=lo, vmax=hi)


def _image(fig: Any, ax: Any, panel: ImagePanel) -> None:
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import FuncFormatter

    cmap, nrm = colormap(panel), norm(panel)
    values = panel.values
    if panel.scale == "log":  # no colour at or below 0, as in the browser
        values = np.where(values > 0, values, np.nan)
    if panel.points is not None:
        xs, ys = panel.points
        mappable = ax.scatter(xs, ys, c=values, cmap=cmap, norm=nrm, s=12)
        ax.invert_yaxis()
    else:
        mappable = ax.imshow(
            np.ma.masked_invalid(values), cmap=cmap, norm=nrm, extent=panel.extent,
            origin="upper", interpolation="nearest", aspect="equal",
        )
    for pin in panel.pins:  # as the browser's markers: a ring on a cell, else the box
        left, right, top, bottom = pin.box
        cx, cy = (left + right) / 2, (top + bottom) / 2
        if pin.cell:
            ax.plot([cx], [cy], marker="o", markersize=11, markerfacecolor="none",
                    markeredgecolor=pin.color, markeredgewidth=2)
        else:
            ax.add_patch(Rectangle((min(left, right), min(top, bottom)), abs(right - left),
                                   abs(bottom - top), fill=False, edgecolor=pin.color,
                                   linewidth=2))
        ax.annotate(str(pin.n), (max(left, right), min(top, bottom)), color=pin.color,
                    fontsize="small", fontweight="bold", xytext=(2, 2),
                    textcoords="offset points", annotation_clip=False)
    ax.set_xlabel(panel.xlabel)
    ax.set_ylabel(panel.ylabel)
    ax.set_title(panel.title, fontsize="medium", wrap=True)
    bar = fig.colorbar(mappable, ax=ax, fraction=0.046, pad=0.04)
    bar.set_label(panel.clabel)
    if panel.cshift:  # tick labels in the display unit of the label, as the browser's
        k = 10.0**panel.cshift
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v * k:.4g}"))


def _plot(ax: Any, panel: PlotPanel) -> None:
    for line in panel.lines:
        kwargs = {"label": line.label or None, "linestyle": _STYLES.get(line.style, "-"),
                  "linewidth": 1.5}
        if line.color:
            kwargs["color"] = line.color
        if line.markers:
            kwargs.update(marker="o", markersize=3)
        ax.plot(line.x, line.y, **kwargs)
    if panel.marker is not None and np.isfinite(panel.marker):
        ax.axvline(panel.marker, color=MARKER_COLOR, linestyle="--", linewidth=1)
    ax.set_xlabel(panel.xlabel)
    ax.set_ylabel(panel.ylabel)
    if panel.title:
        ax.set_title(panel.title, fontsize="medium", wrap=True)
    ax.grid(True, linestyle="--", alpha=0.4)
    if any(line.label for line in panel.lines):
        ax.legend(fontsize="small")


def figure(picture: Picture) -> Any:
    """A matplotlib ``Figure`` (not registered with pyplot) of ``picture``'s panels in a row."""
    require_matplotlib()
    from matplotlib.figure import Figure

    n = max(1, len(picture.panels))
    fig = Figure(figsize=(PANEL_SIZE[0] * n, PANEL_SIZE[1]), dpi=DPI, layout="constrained")
    axes = fig.subplots(1, n, squeeze=False)[0]
    for ax, panel in zip(axes, picture.panels, strict=False):
        if isinstance(panel, ImagePanel):
            _image(fig, ax, panel)
        elif isinstance(panel, PlotPanel):
            _plot(ax, panel)
        elif isinstance(panel, MessagePanel):
            ax.set_axis_off()
            ax.set_title(panel.title, fontsize="medium")
            ax.text(0.5, 0.5, panel.message, ha="center", va="center", wrap=True,
                    transform=ax.transAxes)
    if not picture.panels:
        axes[0].set_axis_off()
        axes[0].text(0.5, 0.5, "Nothing on screen", ha="center", va="center")
    return fig


def write_png(picture: Picture, path: str) -> None:
    """Write ``picture`` as a PNG at ``path`` through matplotlib (ImportError without it)."""
    figure(picture).savefig(path, format="png", dpi=DPI)


__all__ = ["colormap", "figure", "norm", "require_matplotlib", "write_png"]
