"""The reader: USID, NSID and any numeric HDF5 dataset on h5py + numpy only, and arrays in
memory (numpy, dask, sidpy). No widget imports; never writes to the user's file."""

from .arrays import from_array, from_sidpy
from .axes import Dimension
from .errors import NotMainDatasetError
from .main import MainDataset, component
from .nd import NDDataset
from .nsid import is_nsid, nsid_problems
from .open import dataset_kind, find_datasets, open_dataset
from .source import Source
from .strings import to_str, to_str_list
from .tree import attributes, find_main, format_tree, print_tree
from .validate import check_main, is_main, main_problems

__all__ = [
    "Dimension",
    "MainDataset",
    "NDDataset",
    "NotMainDatasetError",
    "Source",
    "attributes",
    "check_main",
    "component",
    "dataset_kind",
    "find_datasets",
    "find_main",
    "from_array",
    "from_sidpy",
    "is_nsid",
    "nsid_problems",
    "open_dataset",
    "format_tree",
    "is_main",
    "main_problems",
    "print_tree",
    "to_str",
    "to_str_list",
]
