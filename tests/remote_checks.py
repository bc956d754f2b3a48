"""Checks shared by the tests of remote sources (HTTP/S3 in test_remote.py, HSDS in
test_hsds.py): an explorer on a remote copy must show what one on the local file shows."""

from __future__ import annotations

import numpy as np


def same_views(w, local) -> None:
    """``w`` and ``local`` show the same message, map, spectrum and plane."""
    assert w.message == local.message
    np.testing.assert_array_equal(w.image, local.image)
    for name in ("spectrum", "plane"):
        a, b = getattr(w, name), getattr(local, name)
        assert (a is None) == (b is None), name
        if a is not None:
            np.testing.assert_array_equal(a, b)


def step(w, **change) -> None:
    """Move ``w`` to ``change`` in the dims named, as a slider does."""
    index = dict(w.index)
    index.update(change)
    w.index = index


def region_views_equal(w, local) -> None:
    """A region of positions, then an interval of steps, reduce alike on both (the cube of
    the remote tests: dims Y, X, Energy); both explorers are closed at the end."""
    try:
        for x in (w, local):
            x.roi = {"Y": (3, 9), "X": (2, 11)}
        assert w.spectrum is not None
        same_views(w, local)
        for x in (w, local):
            x.interval = {"Energy": (10, 900)}
        same_views(w, local)
    finally:
        w.close()
        local.close()
