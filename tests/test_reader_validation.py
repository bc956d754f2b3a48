"""Rules of a Main dataset: one broken file per rule, every failure named in ONE message."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from usid_fixtures import INVALID

from usid_widgets import MainDataset, NotMainDatasetError, check_main, find_main, is_main

NAMES = list(INVALID)


def _message(case) -> str:
    with h5py.File(case.path, "r") as f:
        with pytest.raises(NotMainDatasetError) as info:
            check_main(f[case.dataset])
    return str(info.value)


def test_error_is_a_value_error():
    assert issubclass(NotMainDatasetError, ValueError)


@pytest.mark.parametrize("name", NAMES)
def test_broken_dataset_rejected(invalid_cases, name):
    case = invalid_cases[name]
    with h5py.File(case.path, "r") as f:
        assert is_main(f[case.valid]), "the control dataset must stay valid"
        check_main(f[case.valid])  # no exception
        assert not is_main(f[case.dataset])
        assert [d.name for d in find_main(f)] == [case.valid]
        with pytest.raises(NotMainDatasetError):
            MainDataset(f[case.dataset])
    with pytest.raises(NotMainDatasetError):
        MainDataset(case.path, case.dataset)


@pytest.mark.parametrize("name", NAMES)
def test_message_names_dataset_and_rules(invalid_cases, name):
    case = invalid_cases[name]
    message = _message(case)
    low = message.lower()
    assert case.dataset in message, f"the message must name the dataset:\n{message}"
    for words in case.expect:
        assert any(w.lower() in low for w in words), (
            f"{name}: none of {words} in the message:\n{message}"
        )
    for word in case.forbid:
        assert word.lower() not in low, f"{name}: {word!r} is fine but reported:\n{message}"


def test_several_rules_in_one_message(invalid_cases):
    """The file breaking four rules gets all four in one message."""
    message = _message(invalid_cases["several"])
    low = message.lower()
    assert "quantity" in low
    assert "spectroscopic_values" in low
    # the shortened position datasets
    assert any(s in message for s in ("(10, 2)", "10 rows", "10 positions")), message
    assert "labels" in low


def test_group_and_non_dataset_rejected(invalid_cases):
    case = invalid_cases["missing_quantity"]
    with h5py.File(case.path, "r") as f:
        assert not is_main(f["Valid"])
        assert not is_main(f)
        with pytest.raises(NotMainDatasetError):
            check_main(f["Valid"])


def test_bytes_and_empty_strings_are_valid(tmp_path):
    """quantity/units may be bytes or empty: both are valid."""
    from usid_widgets.writer import Dimension, write_main

    path = tmp_path / "strings.h5"
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("A"),
            "Raw_Data",
            np.zeros((2, 3)),
            [Dimension("X", "nm", [0, 1])],
            [Dimension("Bias", "V", [0, 1, 2])],
            "",
            "",
        )
        write_main(
            f.create_group("B"),
            "Raw_Data",
            np.zeros((2, 3)),
            [Dimension("X", "nm", [0, 1])],
            [Dimension("Bias", "V", [0, 1, 2])],
            b"I",
            b"nA",
        )
    with h5py.File(path, "r") as f:
        assert is_main(f["A/Raw_Data"]) and is_main(f["B/Raw_Data"])
        assert MainDataset(f["A/Raw_Data"]).quantity == ""
        md = MainDataset(f["B/Raw_Data"])
        assert (md.quantity, md.units) == ("I", "nA")
