"""Paths of the datasets the Main datasets point to, found without HDF5's file-wide search.

h5py's ``name`` of an object opened through a reference is ``H5Iget_name``, which searches the
whole file: asked for every ancillary dataset, it made a file of 500 Main datasets take two
minutes to open. These tests spy on ``h5i.get_name`` and check that the paths are right and
that HDF5 is asked only where nothing else can tell.
"""

from __future__ import annotations

import shutil

import h5py
import numpy as np
import pytest

from usid_widgets import find_main
from usid_widgets.reader import attributes, references, validate
from usid_widgets.reader.tree import ancillary_map, main_owners
from usid_widgets.widgets import FileTree
from usid_widgets.writer import Dimension, write_ancillary, write_main, write_main_raw

ROLES = references.ANCILLARY


def _standard(group: h5py.Group, seed: int) -> h5py.Dataset:
    data = np.random.default_rng(seed).random((3, 4, 5)).astype(np.float32)
    return write_main(
        group,
        "Raw_Data",
        data,
        [Dimension("Y", "nm", np.arange(3.0)), Dimension("X", "nm", np.arange(4.0))],
        [Dimension("F", "kHz", np.arange(5.0))],
        quantity="Amplitude",
        units="nm",
    )


def _ancillary(
    group: h5py.Group, n_pos: int = 12, n_spec: int = 5, basename=("Position", "Spectroscopic")
):
    pos = write_ancillary(
        group,
        basename[0],
        np.arange(n_pos)[:, None],
        np.arange(n_pos, dtype=float)[:, None],
        ["X"],
        ["nm"],
        kind="position",
    )
    spec = write_ancillary(
        group,
        basename[1],
        np.arange(n_spec)[None],
        np.arange(n_spec, dtype=float)[None],
        ["F"],
        ["kHz"],
        kind="spectroscopic",
    )
    return pos, spec


def _raw(group, name, pos, spec, seed=0) -> h5py.Dataset:
    data = np.random.default_rng(seed).random((pos[0].shape[0], spec[0].shape[1]))
    return write_main_raw(
        group,
        name,
        data.astype(np.float32),
        pos_inds=pos[0],
        pos_vals=pos[1],
        spec_inds=spec[0],
        spec_vals=spec[1],
        quantity="Phase",
        units="rad",
    )


def write_layouts(path) -> dict[str, dict[str, str]]:
    """Main datasets in every place USID files keep ancillary datasets; {main: {role: path}}.

    - ``Channel_000`` ... ``Channel_003``: the ancillary datasets next to the Main dataset;
    - ``Channel_000/Raw_Data-Fit_000/Fit``: a results group sharing the parent's position
      datasets (its own spectroscopic ones), with a decoy ``Position_Indices`` of its own
      that the Main dataset does not use;
    - ``Odd/Data``: ancillary datasets elsewhere, under other names.
    """
    expected: dict[str, dict[str, str]] = {}
    with h5py.File(path, "w") as f:
        for i in range(4):
            main = _standard(f.create_group(f"Measurement_000/Channel_{i:03d}"), seed=i)
            home = main.name.rsplit("/", 1)[0]
            expected[main.name] = {role: f"{home}/{role}" for role in ROLES}
        channel = f["Measurement_000/Channel_000"]
        results = channel.create_group("Raw_Data-Fit_000")
        own = _ancillary(results, n_pos=3, basename=("Decoy", "Spectroscopic"))
        results.move("Decoy_Indices", "Position_Indices")  # same name as the shared one
        pos = (channel["Position_Indices"], channel["Position_Values"])
        fit = _raw(results, "Fit", pos, own[1], seed=7)
        expected[fit.name] = {
            "Position_Indices": channel["Position_Indices"].name,
            "Position_Values": channel["Position_Values"].name,
            "Spectroscopic_Indices": results["Spectroscopic_Indices"].name,
            "Spectroscopic_Values": results["Spectroscopic_Values"].name,
        }
        store = f.create_group("Shared/Axes")
        odd = _ancillary(store, basename=("pos", "spec"))
        main = _raw(f.create_group("Odd"), "Data", *odd, seed=9)
        expected[main.name] = {
            "Position_Indices": "/Shared/Axes/pos_Indices",
            "Position_Values": "/Shared/Axes/pos_Values",
            "Spectroscopic_Indices": "/Shared/Axes/spec_Indices",
            "Spectroscopic_Values": "/Shared/Axes/spec_Values",
        }
    return expected


class NameSpy:
    """The paths HDF5 was asked for (``H5Iget_name``), in order."""

    def __init__(self, monkeypatch):
        self.asked: list[str] = []
        original = h5py.h5i.get_name

        def spy(oid):
            name = original(oid)
            self.asked.append(name.decode() if name is not None else "")
            return name

        monkeypatch.setattr(h5py.h5i, "get_name", spy)

    def ancillary(self, expected: dict[str, dict[str, str]]) -> set[str]:
        """The ancillary paths among those asked."""
        paths = {p for roles in expected.values() for p in roles.values()}
        return paths & set(self.asked)


def _owners(expected: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for main, roles in expected.items():
        for role in ROLES:
            owners.setdefault(roles[role], []).append(main)
    return owners


@pytest.fixture
def layouts(tmp_path):
    path = tmp_path / "layouts.h5"
    return path, write_layouts(path)


def test_a_read_only_walk_names_every_ancillary_dataset_without_asking_hdf5(layouts, monkeypatch):
    path, expected = layouts
    spy = NameSpy(monkeypatch)
    with h5py.File(path, "r") as f:
        mains, owners = main_owners(f)
        assert sorted(m.name for m in mains) == sorted(expected)
        assert {k: sorted(v) for k, v in owners.items()} == {
            k: sorted(v) for k, v in _owners(expected).items()
        }
        for main in mains:
            assert references.ancillary_paths(main) == expected[main.name]
    assert spy.ancillary(expected) == set()
    assert spy.asked  # the spy sees h5py's names: the Main datasets' own were asked


def test_a_writable_file_asks_hdf5_only_where_no_group_above_holds_the_dataset(
    layouts, monkeypatch
):
    path, expected = layouts
    spy = NameSpy(monkeypatch)
    with h5py.File(path, "r+") as f:  # no memo, so no index of the walk: the places above
        for main in find_main(f):
            assert references.ancillary_paths(main) == expected[main.name]
    # next to the Main dataset or in the group above: found there; the odd ones: asked
    assert spy.ancillary(expected) == set(expected["/Odd/Data"].values())


def test_the_decoy_next_to_a_results_dataset_is_not_taken_for_the_shared_one(layouts):
    path, expected = layouts
    fit = "/Measurement_000/Channel_000/Raw_Data-Fit_000/Fit"
    for mode in ("r", "r+"):
        with h5py.File(path, mode) as f:
            paths = references.ancillary_paths(f[fit])  # no walk before: the places above
            assert paths["Position_Indices"] == "/Measurement_000/Channel_000/Position_Indices"
            assert paths == expected[fit]


def test_a_walk_of_a_group_names_datasets_outside_it(layouts):
    path, expected = layouts
    fit = "/Measurement_000/Channel_000/Raw_Data-Fit_000/Fit"
    with h5py.File(path, "r") as f:
        owners = ancillary_map(f["Measurement_000/Channel_000/Raw_Data-Fit_000"])
    assert set(owners) == set(expected[fit].values())
    assert all(users == [fit] for users in owners.values())


def test_a_link_to_another_file_at_the_same_address_is_not_the_dataset(tmp_path):
    """Addresses repeat across files: the file number is compared too."""
    path = tmp_path / "a.h5"
    with h5py.File(path, "w") as f:
        _standard(f.create_group("M/C"), seed=0)
    shutil.copy(path, tmp_path / "b.h5")  # same bytes: same addresses
    with h5py.File(path, "r+") as f:
        shared = f["M/C"]
        pos = (shared["Position_Indices"], shared["Position_Values"])
        spec = (shared["Spectroscopic_Indices"], shared["Spectroscopic_Values"])
        other = f.create_group("M/D")
        _raw(other, "Raw_Data", pos, spec, seed=3)
        other["Position_Indices"] = h5py.ExternalLink(
            str(tmp_path / "b.h5"), "/M/C/Position_Indices"
        )
    for mode in ("r", "r+"):
        with h5py.File(path, mode) as f:
            linked = h5py.h5o.get_info(f["M/D/Position_Indices"].id)
            ours = h5py.h5o.get_info(f["M/C/Position_Indices"].id)
            assert linked.addr == ours.addr and linked.fileno != ours.fileno  # the trap
            paths = references.ancillary_paths(f["M/D/Raw_Data"])
        assert paths["Position_Indices"] == "/M/C/Position_Indices", mode


def test_problem_messages_and_reference_attributes_name_the_dataset(layouts, monkeypatch):
    path, expected = layouts
    with h5py.File(path, "r+") as f:
        f["Measurement_000/Channel_001/Position_Indices"].attrs["labels"] = np.array([b"X"])
        f["Measurement_000/Channel_001/Raw_Data"].attrs["mask"] = f["Shared/Axes/pos_Values"].ref
    spy = NameSpy(monkeypatch)
    with h5py.File(path, "r") as f:
        find_main(f)
        problems = validate.main_problems(f["Measurement_000/Channel_001/Raw_Data"])
        shown = attributes(f["Measurement_000/Channel_001/Raw_Data"])
    assert any(
        "(/Measurement_000/Channel_001/Position_Indices) has 1 labels" in p for p in problems
    )
    assert shown["mask"] == "<reference to /Shared/Axes/pos_Values>"
    assert (
        shown["Position_Indices"] == "<reference to /Measurement_000/Channel_001/Position_Indices>"
    )
    assert spy.ancillary(expected) == set()


def test_the_file_tree_marks_the_users_of_every_ancillary_dataset(layouts):
    path, expected = layouts
    with h5py.File(path, "r") as f:
        tree = FileTree(f)
        tree.reveal("/Shared/Axes/pos_Indices")
        tree.reveal("/Measurement_000/Channel_000/Raw_Data-Fit_000/Fit")
        nodes = tree.nodes
        tree.close()
    assert nodes["/Shared/Axes/pos_Indices"]["ancillary_of"] == ["/Odd/Data"]
    shared = nodes["/Measurement_000/Channel_000/Position_Indices"]["ancillary_of"]
    assert sorted(shared) == sorted(
        [
            "/Measurement_000/Channel_000/Raw_Data",
            "/Measurement_000/Channel_000/Raw_Data-Fit_000/Fit",
        ]
    )
    assert (
        nodes["/Measurement_000/Channel_000/Raw_Data-Fit_000/Position_Indices"]["ancillary_of"]
        == []
    )


def test_a_file_too_big_for_the_memo_is_still_named_right(layouts, monkeypatch):
    """More datasets than the memo may hold: no index, the places above and HDF5 remain."""
    path, expected = layouts
    monkeypatch.setattr(references, "MAX_ENTRIES", 5)
    spy = NameSpy(monkeypatch)
    with h5py.File(path, "r") as f:
        mains, owners = main_owners(f)
        assert {m.name: references.ancillary_paths(m) for m in mains} == expected
    assert {k: sorted(v) for k, v in owners.items()} == {
        k: sorted(v) for k, v in _owners(expected).items()
    }
    assert spy.ancillary(expected) == set(expected["/Odd/Data"].values())
