"""Jupyter widgets to explore USID (Universal Spectroscopy and Imaging Data) HDF5 files."""

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
]
