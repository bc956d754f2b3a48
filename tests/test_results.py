"""Results never computed: the bookkeeping of pyUSID's processes (``completed_positions``) read
through ONE rule, ``reader.results.completion_of``, for the tree and for ``MainDataset``."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset, datasets
from usid_widgets.model import tree_nodes
from usid_widgets.reader.results import completion_of
from usid_widgets.widgets import FileTree

SPARSE = "sparse_sampling.h5"
CHANNEL = "/Measurement_000/Channel_000"
RAW = "/Measurement_000/Channel_000/Raw_Data"


def test_a_result_never_computed_on_the_real_file(real_file):
    path = real_file(SPARSE)
    with MainDataset(path, f"{CHANNEL}/Raw_Data-Simple_Process_006/Results") as md:
        assert md.completion == (0, 8)
        assert md.n_points == 8
        assert not md.isel().any()  # the zeros the bookkeeping explains
    with MainDataset(path, f"{CHANNEL}/Raw_Data-Simple_Process_009/Filtered_Data") as md:
        assert md.completion == (0, 8)
    with MainDataset(path, RAW) as md:
        assert md.completion is None  # measured data: no bookkeeping
    with h5py.File(path, "r") as f:
        assert completion_of(f[f"{CHANNEL}/Raw_Data-Simple_Process_000"]) == (0, 8)
        assert completion_of(f[f"{CHANNEL}/Raw_Data-Simple_Process_001"]) is None  # empty
        assert completion_of(f[CHANNEL]) is None
        assert completion_of(f[RAW]) is None  # a dataset is no results group


def test_the_sample_sparse_scan_reports_its_unfinished_fit(tmp_path):
    path = datasets.sparse_scan(tmp_path / "sp.h5")  # the defaults: 96 points, 40 % fitted
    group = f"{RAW}-SHO_Fit_000"
    with h5py.File(path, "r") as f:
        done = f[f"{group}/completed_positions"][()]
        expected = (int(np.count_nonzero(done)), 96)
    assert expected == (38, 96)
    for name in ("Frequency", "Amplitude"):
        with MainDataset(path, f"{group}/{name}") as md:
            assert md.completion == expected
    with MainDataset(path, RAW) as md:
        assert md.completion is None
    none = datasets.sparse_scan(tmp_path / "none.h5", n_points=10, completed=0.0)
    with MainDataset(none, f"{group}/Frequency") as md:
        assert md.completion == (0, 10)


def test_the_tree_shows_the_same_progress(real_file, tmp_path):
    path = real_file(SPARSE)
    with h5py.File(path, "r") as f:
        tree = FileTree(f)
        tree.reveal(f"{CHANNEL}/Raw_Data-Simple_Process_006/Results")
        for i in (0, 6, 9):
            node = tree.nodes[f"{CHANNEL}/Raw_Data-Simple_Process_{i:03d}"]
            assert node["progress"] == {"done": 0, "total": 8}
        assert tree.nodes[f"{CHANNEL}/Raw_Data-Simple_Process_001"]["progress"] is None
        assert tree.nodes[RAW]["progress"] is None
    sample = datasets.sparse_scan(tmp_path / "sp.h5")
    with h5py.File(sample, "r") as f:
        node = tree_nodes.node(f, f"{RAW}-SHO_Fit_000", {}, set())
        assert node["progress"] == {"done": 38, "total": 96}


@pytest.mark.parametrize(
    "bookkeeping",
    ["a group", "a broken link", "a string"],
)
def test_bookkeeping_that_cannot_be_counted_is_none(tmp_path, bookkeeping):
    with h5py.File(tmp_path / "b.h5", "w") as f:
        g = f.create_group("Raw_Data-Fit_000")
        if bookkeeping == "a group":
            g.create_group("completed_positions")
        elif bookkeeping == "a broken link":
            g["completed_positions"] = h5py.SoftLink("/nowhere")
        else:
            g["completed_positions"] = "all done"
        assert completion_of(g) is None
        assert tree_nodes.node(f, g.name, {}, set())["progress"] is None
