"""What one read-only open of a file has told the checks is not asked again, and never outlives
the open: a file changed and reopened is checked afresh, a writable file always."""

from __future__ import annotations

import collections

import h5py
import numpy as np
import pytest
from usid_fixtures import INVALID

from usid_widgets import MainDataset, NotMainDatasetError, check_main, explorer, find_main
from usid_widgets.reader import attributes, references, validate
from usid_widgets.reader.tree import ancillary_map
from usid_widgets.writer import Dimension, write_main

RAW = "/Measurement_000/Channel_000/Raw_Data"


def _write(path, data=None):
    data = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3) if data is None else data
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("Measurement_000/Channel_000"),
            "Raw_Data",
            data,
            [Dimension("Y", "nm", np.arange(4.0)), Dimension("X", "nm", np.arange(5.0))],
            [Dimension("F", "kHz", np.arange(3.0))],
            quantity="Amplitude",
            units="nm",
        )
    return path


class AttrReads:
    """(object path, attribute) -> number of h5py attribute reads."""

    def __init__(self, monkeypatch):
        self.count: collections.Counter = collections.Counter()
        original = h5py.AttributeManager.__getitem__
        counter = self.count

        def spy(manager, name):
            counter[(h5py.h5i.get_name(manager._id).decode(), name)] += 1
            return original(manager, name)

        monkeypatch.setattr(h5py.AttributeManager, "__getitem__", spy)


def _messages(path: str, dataset: str, mode: str) -> list[list[str]]:
    """The problems of ``dataset`` asked three times on one open, and of every object."""
    with h5py.File(path, mode) as f:
        out = [validate.main_problems(f[dataset]) for _ in range(3)]
        objs: list = []
        f.visititems(lambda _n, o: objs.append(o))
        out += [validate.main_problems(o) for o in objs]
        out.append([str(references.deref(f[dataset], a)[1]) for a in references.ANCILLARY])
        return out


@pytest.mark.parametrize("name", list(INVALID))
def test_read_only_and_writable_opens_report_the_same(invalid_cases, tmp_path, name):
    case = invalid_cases[name]
    copy = tmp_path / "copy.h5"
    copy.write_bytes(case.path.read_bytes())
    read_only = _messages(str(case.path), case.dataset, "r")
    assert _messages(str(copy), case.dataset, "r+") == read_only
    assert read_only[0]  # the broken dataset is reported, every time
    assert read_only[0] == read_only[1] == read_only[2]


def test_a_file_changed_between_opens_is_checked_again(tmp_path):
    path = _write(tmp_path / "a.h5")
    with h5py.File(path, "r") as f:
        check_main(f[RAW])
        assert [d.name for d in find_main(f)] == [RAW]
    with h5py.File(path, "r+") as f:
        del f[RAW].attrs["quantity"]
        f["Measurement_000/Channel_000/Position_Indices"].attrs["labels"] = [b"Y"]
    with h5py.File(path, "r") as f:
        with pytest.raises(NotMainDatasetError) as info:
            check_main(f[RAW])
        text = str(info.value)
        assert "'quantity' is missing" in text and "1 labels for 2 dimension(s)" in text
        assert find_main(f) == []
        assert "quantity" not in attributes(f[RAW])
    with h5py.File(path, "r+") as f:
        f[RAW].attrs["quantity"] = "Phase"
        f["Measurement_000/Channel_000/Position_Indices"].attrs["labels"] = [b"Y", b"X"]
    with MainDataset(path, RAW) as m:
        assert m.quantity == "Phase"


def test_a_writable_file_is_read_afresh_within_one_open(tmp_path):
    path = _write(tmp_path / "w.h5")
    with h5py.File(path, "r+") as f:
        assert validate.is_main(f[RAW])
        assert attributes(f[RAW])["quantity"] == "Amplitude"
        f[RAW].attrs["quantity"] = "Phase"
        assert attributes(f[RAW])["quantity"] == "Phase"
        del f[RAW].attrs["Spectroscopic_Values"]
        assert validate.main_problems(f[RAW]) == ["attribute 'Spectroscopic_Values' is missing"]
        assert references.deref(f[RAW], "Spectroscopic_Values")[0] is None
        assert ancillary_map(f) == {}
        f[RAW].attrs["Spectroscopic_Values"] = f["Measurement_000/Channel_000/Position_Values"].ref
        assert references.deref(f[RAW], "Spectroscopic_Values")[0].name.endswith("Position_Values")


def test_one_open_reads_each_attribute_once(tmp_path, monkeypatch):
    path = _write(tmp_path / "once.h5")
    reads = AttrReads(monkeypatch)
    with h5py.File(path, "r") as f:
        for _ in range(3):
            assert [d.name for d in find_main(f)] == [RAW]
            check_main(f[RAW])
            assert len(ancillary_map(f)) == 4
            assert attributes(f[RAW])["quantity"] == "Amplitude"
    checked = {(RAW, "quantity"), (RAW, "units"), *((RAW, a) for a in references.ANCILLARY)}
    assert checked <= set(reads.count)
    assert all(reads.count[key] == 1 for key in checked), reads.count
    labels = [k for k in reads.count if k[1] == "labels"]
    assert len(labels) == 4 and all(reads.count[k] == 1 for k in labels)
    # a new open asks again
    with h5py.File(path, "r") as f:
        check_main(f[RAW])
    assert reads.count[(RAW, "quantity")] == 2


def test_the_explorer_reads_fewer_attributes(tmp_path, monkeypatch):
    path = _write(tmp_path / "e.h5")
    reads = AttrReads(monkeypatch)
    w = explorer(str(path))
    assert w.dataset == RAW
    assert w.tree.nodes[RAW]["attrs"] is None  # read when the browser focuses it:
    w.tree.load_attributes(RAW)
    node = w.tree.nodes[RAW]
    assert node["is_main"] and dict(node["attrs"])["quantity"] == "Amplitude"
    assert dict(node["attrs"])["Position_Indices"] == (
        "<reference to /Measurement_000/Channel_000/Position_Indices>"
    )
    w.close()
    # the checks, the reader and the tree share what this open read
    assert reads.count[(RAW, "quantity")] <= 2
    assert reads.count[(RAW, "Position_Indices")] <= 2
    assert sum(reads.count.values()) <= 40, reads.count


def test_attributes_returns_arrays_the_caller_may_change(tmp_path):
    path = _write(tmp_path / "c.h5")
    with h5py.File(path, "r") as f:
        check_main(f[RAW])
        anc = f["Measurement_000/Channel_000/Position_Indices"]
        anc.attrs  # noqa: B018
        first = attributes(anc)
        first["type"][:] = 7
        assert first["labels"] == ["Y", "X"]
        first["labels"].append("Z")
        second = attributes(anc)
        np.testing.assert_array_equal(second["type"], [0, 0])
        assert second["labels"] == ["Y", "X"]
        check_main(f[RAW])


def test_dereferenced_datasets_are_what_h5py_returns(tmp_path):
    path = _write(tmp_path / "d.h5")
    for mode in ("r", "r+"):
        with h5py.File(path, mode) as f:
            raw = f[RAW]
            for attr in references.ANCILLARY:
                ours, problem = references.deref(raw, attr)
                theirs = f[raw.attrs[attr]]
                assert problem is None and type(ours) is type(theirs)
                assert ours.name == theirs.name and ours.id == theirs.id
                assert ours.file.mode == mode
                np.testing.assert_array_equal(ours[()], theirs[()])
                with pytest.raises((OSError, ValueError, TypeError)) if mode == "r" else _no():
                    ours[0, 0] = 1  # a read-only file stays read-only through our datasets


class _no:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_swmr_readers_and_closed_files_are_not_memoized(tmp_path):
    path = tmp_path / "s.h5"
    with h5py.File(path, "w", libver="latest") as f:
        f.create_dataset("x", data=np.zeros(3))
    with h5py.File(path, "r", swmr=True) as f:
        op, _ = references.open_of(f["x"])
        assert op is not None and op.memo is None and op.readonly
    with h5py.File(path, "r") as f:
        x = f["x"]
        op, _ = references.open_of(x)
        assert op.memo is not None
    assert references.open_of(x) == (None, -1)  # closed: nothing to key on
    assert validate.main_problems(x)  # still a message, not an exception
    assert not validate.is_main(x)


def test_the_memo_keeps_a_few_opens(tmp_path):
    path = _write(tmp_path / "m.h5")
    for _ in range(references.MAX_OPENS + 5):
        with h5py.File(path, "r") as f:
            check_main(f[RAW])
    assert len(references._OPENS) <= references.MAX_OPENS


def test_read_attr_is_h5py_read_once(tmp_path, monkeypatch):
    path = _write(tmp_path / "r.h5")
    reads = AttrReads(monkeypatch)
    anc = "/Measurement_000/Channel_000/Position_Indices"
    with h5py.File(path, "r") as f:
        check_main(f[RAW])
        assert references.read_attr(f[RAW], "quantity") == f[RAW].attrs["quantity"] == "Amplitude"
        labels = references.read_attr(f[anc], "labels")
        np.testing.assert_array_equal(labels, f[anc].attrs["labels"])
        labels[0] = b"Z"  # a copy
        assert references.read_attr(f[anc], "labels")[0] == b"Y"
        np.testing.assert_array_equal(references.read_attr(f[anc], "type"), [0, 0])
        with pytest.raises(KeyError):
            references.read_attr(f[RAW], "no such attribute")
    assert reads.count[(RAW, "quantity")] == 2  # the check, then our h5py comparison
    assert reads.count[(anc, "labels")] == 2
    with h5py.File(path, "r+") as f:
        f[RAW].attrs["quantity"] = "Phase"
        assert references.read_attr(f[RAW], "quantity") == "Phase"
        f[RAW].attrs["quantity"] = "Height"
        assert references.read_attr(f[RAW], "quantity") == "Height"
