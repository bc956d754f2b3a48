"""``explorer()``: an :class:`Explorer` with its initial state, and its lifetime in a notebook
(re-running a cell closes the explorer that cell made before)."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from ..reader.blocks import DEFAULT_CACHE_BYTES
from .explorer import Explorer

# Explorers by the notebook cell that made them: re-running a cell closes the explorer it made
# before, so its file handle and caches do not pile up in the kernel.
_BY_CELL: dict[str, weakref.ref] = {}


def cell_id() -> str | None:
    """Id of the notebook cell being run (sent by JupyterLab / Notebook 7), or None."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent() if kernel is not None else None
        return (parent or {}).get("metadata", {}).get("cellId")
    except Exception:
        return None


def replace_in_cell(w: Explorer) -> None:
    cell = cell_id()
    if not cell:
        return
    old = _BY_CELL.get(cell)
    previous = old() if old is not None else None
    if previous is not None and previous is not w:
        previous.close()
    _BY_CELL[cell] = weakref.ref(w)


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
    line: tuple[tuple[float, float], tuple[float, float]] | None = None,
    line_width: int = 1,
    line_on: str = "image",
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
    replace_in_cell(w)
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
        w.line_width = line_width
        w.line_on = line_on
        if line is not None:
            w.line = line
    return w
