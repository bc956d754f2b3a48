"""The view as code: ``w.state`` round trips through ``explorer(path, **state)`` and through
the code of ``w.code()``, option by option."""

from __future__ import annotations

import json

import numpy as np
import pytest

from usid_widgets import datasets, explorer
from usid_widgets.model.state import (
    STATE_KEYS,
    call_code,
    changed,
    mask_from_runs,
    mask_runs,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("state")
    return {
        "spectral": str(datasets.band_excitation(folder / "be.h5", size=(12, 16), n_freq=24)),
        "complex": str(datasets.beps(folder / "beps.h5", size=(6, 8), n_freq=12, n_dc=8)),
        "stem4d": str(datasets.four_d_stem(folder / "4d.h5", scan=12, detector=16)),
        "sparse": str(datasets.sparse_scan(folder / "sparse.h5", n_points=40, n_freq=16)),
    }


def _disk(shape, r0, c0, radius):
    rows, cols = np.indices(shape)
    return (rows - r0) ** 2 + (cols - c0) ** 2 <= radius**2


ANNULUS = _disk((16, 16), 8, 8, 6) & ~_disk((16, 16), 8, 8, 2)
FIT = "/Measurement_000/Channel_000/Raw_Data-SHO_Fit_000/Frequency"

# Each option changed from what its dataset opens on: (file, options).
CASES = {
    "dataset": ("sparse", {"dataset": FIT}),
    "component": ("complex", {"component": "phase"}),
    "image_dims": ("complex", {"image_dims": ["X", "Frequency"]}),
    "plot_dim": ("complex", {"plot_dim": "DC_Offset"}),
    "plot_dim None": ("spectral", {"plot_dim": None}),
    "plot_x": ("spectral", {"plot_x": "index"}),
    "index": ("complex", {"index": {"Y": 1, "X": 7, "DC_Offset": 3, "Field": 0}}),
    "roi": ("spectral", {"roi": {"Y": [2, 5], "X": [3, 9]}}),
    "interval": ("stem4d", {"interval": {"Q_y": [4, 9], "Q_x": [2, 12]}}),
    "roi_mask": ("spectral", {"roi_mask": _disk((12, 16), 5, 7, 3.5)}),
    "roi_mask points": ("sparse", {"roi_mask": np.arange(40) % 3 == 0}),
    "interval_mask": ("stem4d", {"interval_mask": ANNULUS}),
    "zoom": ("spectral", {"zoom": {"Y": [1, 9], "X": [4, 12]}}),
    "line": ("spectral", {"line": [[1, 2.5], [9, 14]]}),
    "line_width": ("spectral", {"line": [[0, 0], [11, 15]], "line_width": 3}),
    "line_on": ("stem4d", {"line_on": "plane", "line": [[2, 3], [12, 13.5]]}),
    "pins": (
        "spectral",
        {
            "pins": [
                {"Y": 3, "X": 5},
                {"roi": {"Y": [2, 5], "X": [3, 9]}},
                {"roi_mask": _disk((12, 16), 6, 8, 2.5)},
            ]
        },
    ),
    "compare": (
        "stem4d",
        {"pins": [{"Y": 2, "X": 3}, {"Y": 9, "X": 10}], "compare": [1, 0]},
    ),
    "colormap": ("spectral", {"colormap": "magma"}),
    "reverse_colormap": ("spectral", {"reverse_colormap": True}),
    "scale": ("spectral", {"scale": "symlog"}),
    "clim": ("spectral", {"clim": [0.125, 3.0000000000000004]}),
    "lock_clim": ("spectral", {"lock_clim": True}),
    "auto_percentiles": ("spectral", {"auto_percentiles": [2.0, 97.5]}),
    "several": (
        "complex",
        {
            "component": "real",
            "plot_dim": "DC_Offset",
            "index": {"Frequency": 2, "Y": 0},
            "roi": {"Y": [1, 3], "X": [0, 8]},
            "colormap": "cividis",
            "clim": [-1.5, 2.25],
        },
    ),
}


def test_every_state_key_has_a_round_trip_case():
    covered = {key for _file, options in CASES.values() for key in options}
    assert covered == set(STATE_KEYS), "add a case to CASES for each new state key"


def _same_arrays(a, b):
    for name in ("image", "spectrum", "plane"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            np.testing.assert_array_equal(x, y, err_msg=name)
    pa, pb = a.profile, b.profile  # a line's profile comes back with the line
    assert (pa is None) == (pb is None), "profile"
    if pa is not None:
        np.testing.assert_array_equal(pa.values, pb.values, err_msg="profile")
        np.testing.assert_array_equal(pa.distance, pb.distance, err_msg="profile distance")


@pytest.mark.parametrize("case", list(CASES))
def test_state_round_trip(files, case):
    name, options = CASES[case]
    w = explorer(files[name])
    default = w.state
    for key, value in options.items():
        setattr(w, key, value if key != "image_dims" else tuple(value))
    state = w.state
    assert state != default, f"{case}: the option changed nothing"
    for key, value in options.items():
        if key.endswith("_mask"):
            assert state[key] == mask_runs(value)
        elif key == "index":
            assert {k: state[key][k] for k in value} == value
        elif key == "pins":  # a region pin's mask as runs, over the dims it was drawn on
            assert len(state[key]) == len(value)
            for got, pin in zip(state[key], value, strict=True):
                if "roi_mask" in pin:
                    assert got == {"roi_mask": mask_runs(pin["roi_mask"]), "dims": ["Y", "X"]}
                else:
                    assert got == pin
        else:
            assert state[key] == value, key
    # plain JSON: it survives a dump and a load as it is
    assert json.loads(json.dumps(state)) == state
    # the keywords bring back an equal view
    back = explorer(files[name], **state)
    assert back.state == state
    _same_arrays(w, back)
    # so does the code, run as a user pastes it
    code = w.code()
    space = {"explorer": explorer}
    exec(f"restored = {code}", space)
    assert space["restored"].state == state
    _same_arrays(w, space["restored"])
    # and the dict assigned to an explorer opened on the defaults
    again = explorer(files[name])
    again.state = state
    assert again.state == state
    for x in (w, back, space["restored"], again):
        x.close()


def test_code_lists_only_what_differs(files, monkeypatch):
    import os

    monkeypatch.chdir(os.path.dirname(files["spectral"]))
    w = explorer("be.h5")  # the path as the user typed it
    assert w.code() == 'explorer("be.h5", dataset="/Measurement_000/Channel_000/Raw_Data")'
    w.colormap, w.index = "magma", {"X": 2}
    code = w.code()
    assert 'colormap="magma"' in code and 'index={"X": 2}' in code
    assert "Y" not in code.split("index=")[1].split("}")[0], "an unmoved dim is left out"
    assert "scale" not in code and "roi" not in code
    # too long for one line: one argument a line, as black writes it
    w.roi = {"Y": (2, 5), "X": (3, 9)}
    lines = w.code().splitlines()
    assert lines[0] == "explorer(" and lines[-1] == ")"
    assert all(line.startswith("    ") and line.endswith(",") for line in lines[1:-1])
    assert all(len(line) <= 88 for line in lines)
    w.close()


def test_code_names_the_file_of_an_h5py_object(files):
    import h5py

    with h5py.File(files["spectral"], "r") as f:
        w = explorer(f["/Measurement_000/Channel_000/Raw_Data"])
        first = w.code().split(",")[0]  # the first argument, on whichever line
        assert first.replace("explorer(", "").strip() == f'"{files["spectral"]}"'
        w.close()


def test_unknown_keys_are_named_with_the_valid_ones(files):
    with pytest.raises(TypeError, match=r"'colour'.*valid keywords: dataset, component"):
        explorer(files["spectral"], colour="magma")
    w = explorer(files["spectral"])
    with pytest.raises(TypeError, match=r"'pinz'.*valid keywords: dataset"):
        w.state = {"pinz": []}
    w.close()


def test_mask_runs_round_trip_and_refuse_what_they_cannot_be():
    rng = np.random.default_rng(3)
    for shape in [(1, 1), (7, 5), (40,), (16, 16)]:
        mask = rng.random(shape) > 0.6
        runs = mask_runs(mask)
        assert json.loads(json.dumps(runs)) == runs
        np.testing.assert_array_equal(mask_from_runs(runs, "roi_mask"), mask)
    assert mask_runs(np.array([[True, True], [True, False]])) == {"shape": [2, 2], "runs": [0, 3]}
    assert mask_runs(np.zeros((2, 3), bool)) == {"shape": [2, 3], "runs": []}
    with pytest.raises(ValueError, match=r"roi_mask in a state is a boolean array or"):
        mask_from_runs({"runs": [0, 1]}, "roi_mask")
    with pytest.raises(ValueError, match="ends past the 4 cells"):
        mask_from_runs({"shape": [2, 2], "runs": [3, 2]}, "roi_mask")


def test_a_mask_in_the_state_is_restored_as_a_mask(files):
    mask = _disk((12, 16), 5, 7, 3.5)
    w = explorer(files["spectral"], roi_mask=mask_runs(mask))
    np.testing.assert_array_equal(w.roi_mask, mask)
    w.close()


def test_changed_and_call_code_are_plain():
    assert changed({"index": {"Y": 1, "X": 2}, "scale": "log"}, {"index": {"Y": 1, "X": 0}}) == {
        "index": {"X": 2},
        "scale": "log",
    }
    assert call_code("explorer", "a.h5", {"clim": [0.1, 2.0], "zoom": None}) == (
        'explorer("a.h5", clim=[0.1, 2.0], zoom=None)'
    )
