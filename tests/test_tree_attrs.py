"""The tree reads attributes only for the item the user looks at.

Instrument groups carry hundreds of attributes (851 on ``/Measurement_000`` of the real PFM
file): reading them for every group the first view lists was most of the time to open such a
file. Nodes carry their attribute count; the browser asks for the attributes (an ``attrs``
message) when an item is focused.
"""

from __future__ import annotations

import collections

import h5py
import numpy as np
import pytest

from usid_widgets import attributes, explorer
from usid_widgets.model import tree_nodes
from usid_widgets.widgets import FileTree
from usid_widgets.writer import Dimension, write_main

PFM = "SingFreqPFM_0003.h5"


class AttrOpens:
    """Attributes opened (their values read) through h5py, per object path and kind."""

    def __init__(self, monkeypatch):
        self.groups: collections.Counter = collections.Counter()
        self.datasets: collections.Counter = collections.Counter()
        original = h5py.h5a.open

        def spy(loc, *args, **kwargs):
            path = h5py.h5i.get_name(loc).decode()
            kind = h5py.h5i.get_type(loc)
            if kind == h5py.h5i.GROUP or kind == h5py.h5i.FILE:
                self.groups[path] += 1
            elif kind == h5py.h5i.DATASET:
                self.datasets[path] += 1
            return original(loc, *args, **kwargs)

        monkeypatch.setattr(h5py.h5a, "open", spy)


@pytest.fixture
def instrument_file(tmp_path):
    """A Main dataset under a group of 400 instrument attributes (and a few on the root)."""
    path = tmp_path / "instrument.h5"
    with h5py.File(path, "w") as f:
        f.attrs["software"] = "acquire 1.2"
        meas = f.create_group("Measurement_000")
        for i in range(400):
            meas.attrs[f"setting_{i:03d}"] = np.float64(i) / 7
        meas.attrs["notes"] = "x" * 1000
        write_main(
            meas.create_group("Channel_000"),
            "Raw_Data",
            np.arange(12, dtype=np.float32).reshape(3, 4),
            [Dimension("Y", "nm", np.arange(3.0)), Dimension("X", "nm", np.arange(4.0))],
            [],
            quantity="Height",
            units="m",
        )
        f.create_group("Empty")
    return path


def test_the_first_view_reads_no_attribute_of_a_group(instrument_file, monkeypatch):
    opens = AttrOpens(monkeypatch)
    with h5py.File(instrument_file, "r") as f:
        tree = FileTree(f)
        tree.reveal("/Measurement_000/Channel_000/Raw_Data")
    assert opens.groups == {}
    nodes = tree.nodes
    assert nodes["/Measurement_000"]["attrs"] is None
    assert nodes["/Measurement_000"]["n_attrs"] == 401
    assert nodes["/"]["attrs"] is None and nodes["/"]["n_attrs"] == 1
    assert nodes["/Empty"]["attrs"] == [] and nodes["/Empty"]["n_attrs"] == 0  # none to ask
    # nor of a dataset: the checks of the Main dataset read its own, the tree none
    assert nodes["/Measurement_000/Channel_000/Raw_Data"]["attrs"] is None


def test_the_explorer_opens_without_reading_group_attributes(instrument_file, monkeypatch):
    opens = AttrOpens(monkeypatch)
    w = explorer(str(instrument_file))
    assert w.tree.nodes["/Measurement_000"]["attrs"] is None
    assert opens.groups == {}


def test_the_attrs_message_fills_the_item_it_names(instrument_file, monkeypatch):
    with h5py.File(instrument_file, "r") as f:
        tree = FileTree(f)
        opens = AttrOpens(monkeypatch)
        tree._on_msg(tree, {"type": "attrs", "path": "/Measurement_000"}, [])
        rows = tree.nodes["/Measurement_000"]["attrs"]
        assert len(rows) == tree_nodes.MAX_ATTRS + 1
        assert rows[0] == ["notes", "x" * (tree_nodes.MAX_TEXT - 1) + "…"]
        assert rows[1] == ["setting_000", "0.0"]
        assert rows[2] == ["setting_001", str(np.float64(1) / 7)]
        assert rows[-1] == ["…", f"{401 - tree_nodes.MAX_ATTRS} more attributes"]
        # the rows shown, and no more, were read
        assert opens.groups == {"/Measurement_000": tree_nodes.MAX_ATTRS}
        assert tree.nodes["/"]["attrs"] is None  # the others still unread
        # asked again: read once
        tree._on_msg(tree, {"type": "attrs", "path": "/Measurement_000"}, [])
        assert opens.groups == {"/Measurement_000": tree_nodes.MAX_ATTRS}
        # a Main dataset: its references named by path
        path = "/Measurement_000/Channel_000/Raw_Data"
        tree.reveal(path)
        tree._on_msg(tree, {"type": "attrs", "path": path}, [])
        attrs = dict(tree.nodes[path]["attrs"])
        assert attrs["quantity"] == "Height"
        assert (
            attrs["Position_Indices"]
            == "<reference to /Measurement_000/Channel_000/Position_Indices>"
        )
        # paths the tree does not hold are ignored
        before = dict(tree.nodes)
        tree._on_msg(tree, {"type": "attrs", "path": "/nowhere"}, [])
        tree._on_msg(tree, {"type": "attrs"}, [])
        assert tree.nodes == before


def test_attributes_that_cannot_be_read_are_said_so(tmp_path):
    with h5py.File(tmp_path / "b.h5", "w") as f:
        f.create_group("g").attrs["ok"] = 1
        f["gone"] = h5py.SoftLink("/nowhere")
        tree = FileTree(f)
        assert tree.nodes["/gone"]["attrs"] == [] and tree.nodes["/gone"]["n_attrs"] == 0
        rows = tree_nodes.attribute_rows(f, "/gone")
        assert rows[0][0] == "…" and rows[0][1].startswith("cannot be opened")
        tree.load_attributes("/g")
        assert tree.nodes["/g"]["attrs"] == [["ok", "1"]]


def test_the_real_pfm_file_opens_without_its_851_attributes(real_file, monkeypatch):
    path = real_file(PFM)
    opens = AttrOpens(monkeypatch)
    w = explorer(str(path))
    node = w.tree.nodes["/Measurement_000"]
    assert node["attrs"] is None and node["n_attrs"] == 851
    assert opens.groups == {}
    w.tree.load_attributes("/Measurement_000")
    assert len(w.tree.nodes["/Measurement_000"]["attrs"]) == tree_nodes.MAX_ATTRS + 1
    assert opens.groups["/Measurement_000"] == tree_nodes.MAX_ATTRS
    assert w.tree.nodes["/Measurement_000"]["attrs"][-1] == ["…", "651 more attributes"]


def test_attributes_limit_reads_the_first_ones(instrument_file, monkeypatch):
    with h5py.File(instrument_file, "r") as f:
        every = attributes(f["Measurement_000"])
        opens = AttrOpens(monkeypatch)
        first = attributes(f["Measurement_000"], limit=3)
        assert list(first.items()) == list(every.items())[:3]
        assert opens.groups == {"/Measurement_000": 3}
        assert attributes(f["Measurement_000"], limit=1000) == every


def test_dimension_scale_references_read_as_the_paths_they_point_to(tmp_path):
    # NSID files attach one scale per axis: DIMENSION_LIST on the data, REFERENCE_LIST on each
    # scale. The tree shows where they point, not "[array([<HDF5 object reference>]..."
    with h5py.File(tmp_path / "scaled.h5", "w") as f:
        data = f.create_dataset("g/data", data=np.zeros((3, 4)))
        for axis, name in enumerate(("x", "y")):
            scale = f.create_dataset(f"g/{name}", data=np.arange(data.shape[axis]))
            scale.make_scale(name)
            data.dims[axis].attach_scale(scale)
    with h5py.File(tmp_path / "scaled.h5", "r") as f:
        attrs = attributes(f["g/data"])
        assert attrs["DIMENSION_LIST"] == "<reference to /g/x>; <reference to /g/y>"
        assert attributes(f["g/y"])["REFERENCE_LIST"] == "(<reference to /g/data>, 1)"
