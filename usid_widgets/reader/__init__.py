"""The reader: USID on h5py + numpy only. No widget imports; never writes to the user's file."""

from .axes import Dimension
from .errors import NotMainDatasetError
from .main import MainDataset, component
from .strings import to_str, to_str_list
from .tree import attributes, find_main, format_tree, print_tree
from .validate import check_main, is_main, main_problems

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
    "main_problems",
    "print_tree",
    "to_str",
    "to_str_list",
]
