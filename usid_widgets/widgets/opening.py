"""``explorer()``: an :class:`Explorer` with its initial state, and its lifetime in a notebook
(re-running a cell closes the explorer that cell made before)."""

from __future__ import annotations

import weakref
from typing import Any

from ..model.state import STATE_KEYS, unknown_keys_error
from ..reader.blocks import DEFAULT_CACHE_BYTES
from .explorer import EXPLORER_KEYWORDS, Explorer
from .frames import DEFAULT_FRAME_CACHE_MB

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
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    frame_cache_mb: float = DEFAULT_FRAME_CACHE_MB,
    client: Any = None,
    storage_options: dict | None = None,
    dims: Any = None,
    quantity: str | None = None,
    units: str | None = None,
    name: str | None = None,
    **options: Any,
) -> Explorer:
    """A live explorer of a USID Main dataset: ``display(explorer(h5_main))``.

    ``source`` is a Main dataset (``h5py.Dataset`` or pyUSID ``USIDataset``), a
    :class:`~usid_widgets.MainDataset`, an ``h5py.File``/``Group`` or a file path (the explorer
    then opens on the first Main dataset, or on ``dataset``). A path is opened read-only.
    ``options`` set the initial state, any of ``model.state.STATE_KEYS``: ``dataset``,
    ``component``, ``image_dims``, ``plot_dim``, ``plot_x``, ``index``, ``roi``, ``interval``,
    ``roi_mask``, ``interval_mask``, ``zoom``, ``colormap``, ``reverse_colormap``, ``scale``,
    ``clim``, ``lock_clim``, ``auto_percentiles``, ``pins``, ``compare``, ``line_on``,
    ``line_width``, ``line`` (each the explorer trait of that name), so
    ``explorer(path, **w.state)`` brings back the view of ``w``; another keyword raises
    ``TypeError``. ``cache_bytes`` bounds the memory kept for neighbouring slices (default
    128 MB; for compressed data a quarter of it holds HDF5's decompressed chunks);
    ``frame_cache_mb`` bounds the maps the browser holds ahead of the sliders (default 64; 0:
    none, every step waits for the kernel); ``client``
    (a ``dask.distributed.Client``) runs the region / interval reductions on its cluster.

    ``source`` may also be a numpy or dask array or a sidpy ``Dataset`` (no tree). A plain
    array is described by ``dims`` (one entry per axis: a name or ``(name, units, values)``,
    see :func:`usid_widgets.reader.from_array`), ``quantity``, ``units`` and ``name``; these
    four raise ``TypeError`` with any other source (its dims come from the file or object).

    ``source`` may be a URL (``https://...``, ``s3://...``: read through fsspec, the extra
    ``usid_widgets[remote]``; ``storage_options`` go to fsspec, e.g. S3 credentials and
    ``client_kwargs={"endpoint_url": ...}``) or a file opened with ``fsspec.open``. Its
    bytes fetched are kept within ``cache_bytes`` too (the remote file's own cache, next to
    the cache of slices).
    """
    unknown = [k for k in options if k not in STATE_KEYS]
    if unknown:
        raise unknown_keys_error("explorer", unknown, EXPLORER_KEYWORDS)
    described = {"dims": dims, "quantity": quantity, "units": units, "name": name}
    w = Explorer(
        source,
        cache_bytes=cache_bytes,
        frame_cache_mb=frame_cache_mb,
        client=client,
        storage_options=storage_options,
        **described,
        **options,
    )
    replace_in_cell(w)
    return w
