"""The tree marks what a click shows (a node's ``view``) and shows an array's metadata.

Every numeric dataset of a file is viewable from the tree: USID Main datasets, NSID datasets
(written here with pyNSID's own writer) and any other numeric HDF5 array, each marked by its
kind; NSID's dimension scales are axes, not data. The kind is asked of HDF5 by attribute name
when a group is expanded: no attribute value is read for it. An array given without a file
(numpy, dask, a sidpy Dataset) is one node whose attribute rows are its dimensions and its
metadata, nested dicts flattened.
"""

from __future__ import annotations

import warnings

import h5py
import numpy as np
import pytest
from test_tree_attrs import AttrOpens

from usid_widgets import explorer
from usid_widgets.model import tree_nodes
from usid_widgets.widgets import FileTree
from usid_widgets.writer import Dimension, write_main

AFM_FILE = "AFM_PMN28Pt0000.h5"  # in the real NSID folder (conftest.real_nsid)


def _sidpy_image(title: str, shape: tuple[int, int], seed: int):
    """A sidpy IMAGE of two SPATIAL dims ``x``, ``y`` in nm, as SciFiReaders makes them."""
    sidpy = pytest.importorskip("sidpy")
    data = np.random.default_rng(seed).random(shape).astype(np.float32)
    ds = sidpy.Dataset.from_array(data, title=title)
    ds.data_type = "IMAGE"
    ds.quantity, ds.units = title, "m"
    for i, name in enumerate(("x", "y")):
        ds.set_dimension(
            i,
            sidpy.Dimension(
                np.arange(shape[i]) * 2e-9,
                name,
                units="m",
                quantity="Length",
                dimension_type="spatial",
            ),
        )
    return ds


@pytest.fixture
def mixed_file(tmp_path):
    """A USID Main dataset, two NSID images (pyNSID), a plain 3-D array with an h5py
    dimension scale, a dataset of strings, a scalar, and a dataset with a broken USID claim."""
    pynsid = pytest.importorskip("pyNSID")
    path = tmp_path / "mixed.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            np.arange(24, dtype=np.float32).reshape(2, 3, 4),
            [Dimension("Y", "nm", np.arange(2.0)), Dimension("X", "nm", np.arange(3.0))],
            [Dimension("F", "Hz", np.arange(4.0))],
            quantity="Amplitude",
            units="V",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, title in enumerate(("Height", "Phase")):
                group = f.create_group(f"NSID/Channel_{i}")
                pynsid.hdf_io.write_nsid_dataset(
                    _sidpy_image(title, (5, 7), i), group, main_data_name=title
                )
        plain = f.create_dataset("Plain/stack", data=np.arange(60, dtype=np.int16).reshape(3, 4, 5))
        f["Plain/t"] = np.arange(3.0)
        f["Plain/t"].make_scale("t")
        plain.dims[0].attach_scale(f["Plain/t"])
        f.create_dataset("Plain/names", data=np.array([b"a", b"bc"]))
        f["Plain/scalar"] = 3.0
        broken = f.create_dataset("Plain/claims_usid", data=np.zeros((4, 4)))
        broken.attrs["Position_Indices"] = f["Plain/stack"].ref  # not a USID ancillary
    return path


NSID_IMAGE = "/NSID/Channel_0/Height/Height"


def _all_nodes(tree: FileTree) -> dict:
    for group in ("/Measurement_000", "/Measurement_000/Channel_000", "/NSID", "/Plain"):
        tree.expand(group)
    for i in range(2):
        tree.expand(f"/NSID/Channel_{i}")
        tree.expand(f"/NSID/Channel_{i}/{('Height', 'Phase')[i]}")
    return tree.nodes


def test_each_dataset_is_marked_by_what_a_click_shows(mixed_file):
    with h5py.File(mixed_file, "r") as f:
        nodes = _all_nodes(FileTree(f))
        view = {p: n["view"] for p, n in nodes.items() if n["kind"] == "dataset"}
        scale = {p for p, n in nodes.items() if n["is_scale"]}
    assert set(view.values()) <= {*tree_nodes.VIEWS, None}
    assert view["/Measurement_000/Channel_000/Raw_Data"] == "usid"
    assert nodes["/Measurement_000/Channel_000/Raw_Data"]["is_main"]
    assert view[NSID_IMAGE] == "nsid"
    assert view["/NSID/Channel_1/Phase/Phase"] == "nsid"
    assert view["/Plain/stack"] == "hdf5"
    # USID's ancillary datasets are numbers too: viewable as plain arrays
    assert view["/Measurement_000/Channel_000/Position_Indices"] == "hdf5"
    assert view["/Plain/names"] is None and view["/Plain/scalar"] is None
    # the axes: pyNSID's scales and the h5py one, not data
    assert scale == {
        "/NSID/Channel_0/Height/x",
        "/NSID/Channel_0/Height/y",
        "/NSID/Channel_1/Phase/x",
        "/NSID/Channel_1/Phase/y",
        "/Plain/t",
    }
    assert all(view[p] is None for p in scale)
    assert {n["is_scale"] for n in nodes.values() if n["kind"] == "group"} == {False}
    # a dataset that claims USID and is not a Main dataset: the explorer says why on a click
    assert view["/Plain/claims_usid"] == "hdf5"
    assert nodes["/Plain/claims_usid"]["note"] == "not a valid USID Main dataset"
    assert nodes["/Plain/stack"]["note"] == ""


def test_the_kinds_are_found_without_reading_an_attribute(mixed_file, monkeypatch):
    """Expanding the groups asks HDF5 whether attributes exist; none is read (the USID Main
    dataset's own check aside, done once by the tree's ``load``)."""
    with h5py.File(mixed_file, "r") as f:
        tree = FileTree(f)
        opens = AttrOpens(monkeypatch)
        nodes = _all_nodes(tree)
        assert nodes[NSID_IMAGE]["view"] == "nsid"
        assert nodes[NSID_IMAGE]["attrs"] is None  # not read until focused
        assert opens.groups == {} and opens.datasets == {}


def test_a_click_on_any_viewable_dataset_switches_the_explorer(mixed_file):
    w = explorer(str(mixed_file))
    try:
        assert w.dataset == "/Measurement_000/Channel_000/Raw_Data"
        _all_nodes(w.tree)
        w.tree.selected = NSID_IMAGE  # as the browser sets it on a click
        assert w.dataset == NSID_IMAGE and w.md.kind == "nsid"
        assert w.tree.current == NSID_IMAGE
        assert "Height (m)" in w.title_label.value
        assert w.image.shape == (7, 5)  # sidpy's plot: the first dim (x) along the columns
        w.tree.selected = "/Plain/stack"
        assert w.dataset == "/Plain/stack" and w.md.kind == "hdf5"
        # an axis and a dataset of strings are not views: nothing changes
        for path in ("/NSID/Channel_0/Height/x", "/Plain/names", "/Plain/t", "/nowhere"):
            w.tree.selected = path
            assert w.dataset == "/Plain/stack", path
        # a broken USID claim: switched to, and answered with what is wrong
        w.tree.selected = "/Plain/claims_usid"
        assert w.dataset == "/Plain/claims_usid"
        assert w.message.startswith("/Plain/claims_usid cannot be shown")
        w.tree.selected = "/Measurement_000/Channel_000/Raw_Data"
        assert w.md.kind == "usid" and w.image is not None
    finally:
        w.close()


def test_a_dataset_of_a_group_not_expanded_yet_switches_too(mixed_file):
    """``selected`` set from Python for a dataset the tree has not loaded: its kind is asked
    of the file then."""
    w = explorer(str(mixed_file))
    try:
        assert "/NSID/Channel_1/Phase/Phase" not in w.tree.nodes
        w.tree.selected = "/NSID/Channel_1/Phase/Phase"
        assert w.dataset == "/NSID/Channel_1/Phase/Phase"
        assert w.tree.nodes["/NSID/Channel_1/Phase/Phase"]["view"] == "nsid"  # revealed
        w.tree.selected = "/NSID/Channel_1/Phase/x"
        assert w.dataset == "/NSID/Channel_1/Phase/Phase"
    finally:
        w.close()


def test_the_real_afm_file_channels_are_nsid_and_switch(real_nsid):
    w = explorer(str(real_nsid / AFM_FILE))
    try:
        first = "/Measurement_000/Channel_0/Channel_0/Channel_0"
        assert w.dataset == first
        node = w.tree.nodes[first]
        assert node["view"] == "nsid" and not node["is_main"]
        assert w.tree.nodes["/Measurement_000/Channel_0/Channel_0/x"]["is_scale"]
        assert w.tree.nodes["/Measurement_000/Channel_0/Channel_0/original_metadata"]["kind"] == (
            "group"
        )
        before = w.image.copy()
        w.tree.selected = "/Measurement_000/Channel_3/Channel_3/Channel_3"
        assert "PhaseRetrace (deg)" in w.title_label.value
        assert not np.array_equal(before, w.image)
    finally:
        w.close()


# -- arrays without a file ------------------------------------------------------------------


def test_metadata_rows_flatten_nested_dicts_and_stop_at_the_limit():
    rows = tree_nodes.metadata_rows(
        {
            "title": "scan",
            "metadata": {"experiment": {"voltage": 200.0, "tilt": {}}, "detector": "HAADF"},
            "values": np.arange(40.0),
            "notes": "x" * 1000,
        }
    )
    assert rows[:4] == [
        ["title", "scan"],
        ["metadata/experiment/voltage", "200.0"],
        ["metadata/experiment/tilt", "{}"],
        ["metadata/detector", "HAADF"],
    ]
    assert rows[4][0] == "values" and rows[4][1].endswith("... (40 values)]")
    assert rows[5] == ["notes", "x" * (tree_nodes.MAX_TEXT - 1) + "…"]
    many = {"original_metadata": {f"tag_{i:04d}": i for i in range(1000)}}
    rows = tree_nodes.metadata_rows(many)
    assert len(rows) == tree_nodes.MAX_ATTRS + 1
    assert rows[0] == ["original_metadata/tag_0000", "0"]
    assert rows[-1] == ["…", f"{1000 - tree_nodes.MAX_ATTRS} more attributes"]
    # a dict holding itself is cut at a depth, not followed forever
    loop: dict = {}
    loop["again"] = loop
    rows = tree_nodes.metadata_rows({"loop": loop})
    assert len(rows) == 1 and rows[0][0].count("/again") == tree_nodes.MAX_DEPTH - 1


def test_a_sidpy_dataset_shows_its_metadata_in_place_of_the_tree():
    ds = _sidpy_image("Height", (6, 9), 3)
    ds.modality = "AFM"
    ds.source = "test"
    ds.metadata = {"experiment": {"voltage": 200, "detector": {"name": "HAADF"}}}
    ds.original_metadata = {f"tag_{i:04d}": i for i in range(300)}
    w = explorer(ds)
    try:
        assert list(w.tree.nodes) == ["Height"]
        assert w.tree.current == "Height" == w.dataset
        node = w.tree.nodes["Height"]
        assert (node["kind"], node["view"], node["shape"], node["dtype"]) == (
            "dataset",
            "sidpy",
            [6, 9],
            "float32",
        )
        rows = node["attrs"]
        assert node["n_attrs"] == len(rows) == tree_nodes.MAX_ATTRS + 1  # read, shown at once
        shown = dict(rows)
        assert shown["dimensions/x"] == "6 values, 0–10 nm"
        assert shown["dimensions/y"] == "9 values, 0–16 nm"
        assert [shown[k] for k in ("title", "quantity", "units", "data_type", "modality")] == [
            "Height",
            "Height",
            "m",
            "IMAGE",
            "AFM",
        ]
        assert shown["source"] == "test"
        assert shown["metadata/experiment/voltage"] == "200"
        assert shown["metadata/experiment/detector/name"] == "HAADF"
        assert shown["original_metadata/tag_0000"] == "0"
        assert rows[-1] == ["…", f"{2 + 6 + 2 + 300 - tree_nodes.MAX_ATTRS} more attributes"]
        # the one node is on screen already: a click changes nothing
        w.tree.selected = "Height"
        assert w.dataset == "Height" and w.md.kind == "sidpy"
    finally:
        w.close()


def test_a_numpy_array_shows_its_dimensions_and_quantity():
    from usid_widgets.reader.arrays import from_array

    md = from_array(
        np.zeros((4, 5, 6)),
        dims=[("t", "s", np.arange(4) * 0.5), "y", ("x", "µm", np.linspace(0, 1, 6))],
        quantity="Counts",
        units="e",
        name="stack",
    )
    w = explorer(md)
    try:
        assert w.memory is not None and w.file is None
        node = w.tree.nodes["stack"]
        assert node["view"] == "array" and node["shape"] == [4, 5, 6]
        assert node["attrs"] == [
            ["dimensions/t", "4 values, 0–1.5 s"],
            ["dimensions/y", "5 values, 0–4"],
            ["dimensions/x", "6 values, 0–1 µm"],
            ["quantity", "Counts"],
            ["units", "e"],
        ]
    finally:
        w.close()
    w = explorer(np.ones((3, 2)))
    try:
        assert w.tree.nodes == {"array": w.tree.nodes["array"]}
        assert [k for k, _ in w.tree.nodes["array"]["attrs"]] == [
            "dimensions/dim_0",
            "dimensions/dim_1",
        ]
    finally:
        w.close()
