"""Jupyter widgets to explore USID (Universal Spectroscopy and Imaging Data) HDF5 files, NSID
files, any numeric HDF5 dataset, numpy / dask arrays and sidpy Datasets.

``from usid_widgets import explorer; display(explorer(h5_main))``. The reader
(:mod:`usid_widgets.reader`) needs only h5py and numpy: the widget classes are imported on
first use, so ``import usid_widgets.reader`` never loads ipywidgets.
"""

from typing import Any

from .reader import (
    Dimension,
    MainDataset,
    NDDataset,
    NotMainDatasetError,
    Source,
    attributes,
    check_main,
    component,
    find_datasets,
    find_main,
    format_tree,
    from_array,
    from_sidpy,
    is_main,
    open_dataset,
    print_tree,
)

__version__ = "0.1.0"

_WIDGETS = ("explorer", "Explorer", "Heatmap", "DimensionSliders", "FileTree", "SpectrumPlot")

__all__ = [
    "Dimension",
    "MainDataset",
    "NDDataset",
    "NotMainDatasetError",
    "Source",
    "attributes",
    "check_main",
    "component",
    "find_datasets",
    "find_main",
    "format_tree",
    "from_array",
    "from_sidpy",
    "is_main",
    "open_dataset",
    "print_tree",
    *_WIDGETS,
]


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'usid_widgets' has no attribute {name!r}")
