"""Jupyter widgets to explore USID (Universal Spectroscopy and Imaging Data) HDF5 files.

``from usid_widgets import explorer; display(explorer(h5_main))``. The reader
(:mod:`usid_widgets.reader`) needs only h5py and numpy: the widget classes are imported on
first use, so ``import usid_widgets.reader`` never loads ipywidgets.
"""

from typing import Any

from .reader import (
    Dimension,
    MainDataset,
    NotMainDatasetError,
    attributes,
    check_main,
    component,
    find_main,
    format_tree,
    is_main,
    print_tree,
)

__version__ = "0.1.0"

_WIDGETS = ("explorer", "Explorer", "Heatmap", "DimensionSliders", "FileTree", "SpectrumPlot")

__all__ = [
    "Dimension",
    "MainDataset",
    "NotMainDatasetError",
    "attributes",
    "check_main",
    "component",
    "find_main",
    "format_tree",
    "is_main",
    "print_tree",
    *_WIDGETS,
]


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'usid_widgets' has no attribute {name!r}")
