"""Bad input, hostile input and the user's data: never crash, never lie, never write.

Every file of the robustness catalogue, the invalid catalogue and the real files is explored
with every control; the explorer draws what can be drawn or says what is wrong, raises
nothing, does not flood warnings, and leaves each file's bytes unchanged.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import warnings
from pathlib import Path

import broken_files
import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset, NotMainDatasetError, explorer
from usid_widgets.widgets.heatmap import COLORMAPS, SCALES


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def exercise(w) -> None:
    """Click through every control the way a curious student would."""
    for path in list(w.tree.nodes):
        w.tree.expand(path)
    md = w.md
    if md is None:
        return
    for d in md.dims:
        for i in sorted({0, d.size // 2, d.size - 1}):
            w.index = {d.name: i}
    for cmap in COLORMAPS:
        w.colormap = cmap
    for scale in SCALES:
        w.scale = scale
    w.heatmap.set_state({"clim": [0.0, 1.0], "lock_clim": True, "reverse_colormap": True})
    w.heatmap.set_state({"clim": None, "lock_clim": False})
    for comp in w.components:
        w.component = comp
    names = [d.name for d in md.dims if d.size > 1]
    if not md.is_sparse:
        for a in names:
            for b in names:
                if a != b:
                    w.image_dims = (a, b)
    for n in [*names, None]:
        w.plot_dim = n
    w.x_mode.value = "index"
    w.x_mode.value = "values"
    w.heatmap.set_state({"selected": [0, 0] if not md.is_sparse else [0]})
    pos = [d for d in md.pos_dims if d.size > 1 and not md.is_sparse]
    spec = [d for d in md.spec_dims if d.size > 1]
    if pos:
        w.roi = {pos[0].name: (0, pos[0].size)}
        w.roi = None
    if spec:
        w.interval = {spec[0].name: (0, spec[0].size)}
        w.interval = None


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    return {name: make(folder) for name, make in broken_files.MAKERS.items()}


@pytest.mark.parametrize("name", list(broken_files.MAKERS))
def test_broken_file_gets_a_picture_or_a_message(broken, name):
    path, dataset, expect = broken[name]
    digest = _sha(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w = explorer(str(path), dataset=dataset)
        if expect == "draw":
            assert w.md is not None, w.message
            assert w.image is not None or w.spectrum is not None
        else:
            assert w.md is None and dataset in w.message
            assert w.heatmap.frame["mode"] == "message" and dataset in w.heatmap.frame["message"]
        exercise(w)
        assert "Could not read" not in w.message, w.message
        w.close()
    assert len(caught) <= 3, [str(c.message) for c in caught]
    assert _sha(path) == digest


def test_every_invalid_main_dataset_is_named_in_a_message(invalid_cases):
    for case in invalid_cases.values():
        digest = _sha(case.path)
        with pytest.raises(NotMainDatasetError) as err:
            MainDataset(case.path, case.dataset)
        assert isinstance(err.value, ValueError) and case.dataset in str(err.value)
        w = explorer(str(case.path), dataset=case.dataset)
        assert case.dataset in w.message and w.md is None
        w.dataset = case.valid  # the valid neighbour still opens from the same explorer
        assert w.md is not None and w.image is not None or w.spectrum is not None
        w.close()
        assert _sha(case.path) == digest


def test_catalogue_and_real_files_are_explored_and_untouched(catalogue, real_data):
    files = [c.path for c in catalogue.values()] + sorted(real_data.glob("*.h5"))
    digests = {p: _sha(p) for p in files}
    for path in files:
        w = explorer(str(path))
        for dataset in sorted(w.tree._mains):
            w.dataset = dataset
            exercise(w)
            assert "Could not read" not in w.message, (path, dataset, w.message)
        w.close()
    assert {p: _sha(p) for p in files} == digests


def test_hostile_strings_stay_text(broken):
    path, dataset, _ = broken["hostile_names"]
    w = explorer(str(path))
    assert w.dataset == dataset
    group = "/Measurement " + broken_files.HOSTILE
    w.tree.load_attributes(group)  # as the browser asks when the group is focused
    attrs = dict(w.tree.nodes[group]["attrs"])
    assert broken_files.HOSTILE in attrs
    assert all(len(v) <= 300 for v in attrs.values())  # truncated for display...
    with h5py.File(path, "r") as f:  # ...never in the data
        assert len(f[group].attrs[broken_files.HOSTILE]) == 100_000
    assert w.heatmap.quantity == broken_files.HOSTILE  # passed on as text, escaped by the view
    w.close()


def test_file_closed_under_the_explorer_gives_a_message(tmp_path):
    path = tmp_path / "closing.h5"
    broken_files._regular(path, np.random.default_rng(0).random((3, 4, 40)).astype(np.float32))
    f = h5py.File(path, "r")
    w = explorer(f["M/Raw"])
    f.close()
    w.index = {"F": 39}  # outside the cached window: a real read of the closed file
    assert (
        "closed" in w.message.lower()
        or "not open" in w.message.lower()
        or "invalid" in w.message.lower()
    )
    w.tree.expand("/M")
    w.close()


def test_rerunning_a_cell_closes_the_explorer_it_made_before(tmp_path, monkeypatch):
    module = sys.modules["usid_widgets.widgets.opening"]

    path = tmp_path / "rerun.h5"
    broken_files._regular(path, np.ones((3, 4, 5), np.float32))
    monkeypatch.setattr(module, "cell_id", lambda: "cell-1")
    first = explorer(str(path))
    handle = first.file
    second = explorer(str(path))  # the same cell run again
    assert not handle.id.valid, "the first explorer's file must be closed"
    assert first.md is None and second.md is not None
    monkeypatch.setattr(module, "cell_id", lambda: "cell-2")
    third = explorer(str(path))  # another cell: both stay
    assert second.md is not None and third.md is not None
    second.close()
    third.close()
    gc.collect()


def test_close_releases_the_file_and_the_cache(tmp_path):
    path = tmp_path / "close.h5"
    broken_files._regular(path, np.ones((30, 40, 50), np.float32))
    w = explorer(str(path))
    md = w.md
    for f in range(10):
        w.index = {"F": f}
    assert md.blocks.nbytes > 0
    handle = w.file
    w.close()
    assert md.blocks.nbytes == 0 and not handle.id.valid


def test_many_rapid_slider_events_end_in_the_right_state(tmp_path):
    path = tmp_path / "rapid.h5"
    data = np.random.default_rng(1).random((8, 9, 300)).astype(np.float32)
    broken_files._regular(path, data)
    w = explorer(str(path))
    served = []
    w.sliders.send = lambda content, buffers=None: served.append(content)
    for f in range(300):  # 300 events as a browser would send them, one after the other
        w.sliders.set_state({"index": {**w.sliders.index, "F": f}})
    assert w.index["F"] == 299 and len(served) == 300
    np.testing.assert_array_equal(w.image, data[:, :, 299])
    w.close()


def test_reference_into_another_file_is_reported(tmp_path):
    """An object reference copied from another file points at nothing meaningful here."""
    other = tmp_path / "other.h5"
    broken_files._regular(other, np.ones((3, 4), np.float32))
    path = tmp_path / "crossref.h5"
    broken_files._regular(path, np.ones((5, 6), np.float32))
    with h5py.File(other, "r") as src, h5py.File(path, "a") as dst:
        dst["M/Raw"].attrs["Position_Values"] = src["M/Raw"].attrs["Position_Values"]
    digest = _sha(path)
    w = explorer(str(path), dataset="/M/Raw")
    if w.md is None:  # the address means nothing in this file: reported by name
        assert "/M/Raw" in w.message and "Position_Values" in w.message
    else:  # or it lands on a dataset of the right shape: still drawn, never a crash
        assert w.image is not None
    w.close()
    assert _sha(path) == digest


def test_file_deleted_while_shown_keeps_working(tmp_path):
    path = tmp_path / "deleted.h5"
    data = np.random.default_rng(2).random((4, 5, 6)).astype(np.float32)
    broken_files._regular(path, data)
    w = explorer(str(path))
    path.unlink()  # the open handle keeps the data readable on POSIX systems
    w.index = {"F": 5}
    np.testing.assert_array_equal(w.image, data[:, :, 5])
    w.close()


def test_two_displays_of_one_explorer_share_its_state(tmp_path):
    """Both views of a displayed-twice explorer render the same models, so they stay in sync."""
    path = tmp_path / "twice.h5"
    broken_files._regular(path, np.ones((4, 5, 6), np.float32))
    w = explorer(str(path))
    first, second = w._repr_mimebundle_(), w._repr_mimebundle_()
    key = "application/vnd.jupyter.widget-view+json"
    assert first[key]["model_id"] == second[key]["model_id"] == w.model_id
    w.close()
