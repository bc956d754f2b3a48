"""Small USID files written by the package's own writer, for tests that need one Main dataset."""

from __future__ import annotations

import h5py
import numpy as np

from usid_widgets.writer import Dimension, write_main

CHANNEL = "Measurement_000/Channel_000"
MAIN = f"{CHANNEL}/Raw_Data"


def write_channel(path, data, pos, spec, **kwargs) -> str:
    """``data`` as ``/Measurement_000/Channel_000/Raw_Data`` (Current, nA) in a new file;
    ``kwargs`` go to ``write_main`` (``chunks``, ``compression``...)."""
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group(CHANNEL),
            "Raw_Data",
            data,
            pos,
            spec,
            quantity="Current",
            units="nA",
            **kwargs,
        )
    return str(path)


def half_steps(sizes: dict[str, int], units: str = "nm") -> list[Dimension]:
    """Dimensions of the given sizes with values 0, 0.5, 1, ..."""
    return [Dimension(n, units, np.arange(s) * 0.5) for n, s in sizes.items()]


def write_patterns(path, seed: int = 0) -> tuple[str, np.ndarray]:
    """A 6 x 5 scan of 8 x 8 diffraction patterns (float32), one pattern per chunk,
    unfiltered; returns the path and the data."""
    data = np.random.default_rng(seed).random((6, 5, 8, 8)).astype(np.float32)
    pos, spec = half_steps({"Y": 6, "X": 5}), half_steps({"Ky": 8, "Kx": 8})
    return write_channel(path, data, pos, spec, chunks=(1, 64)), data
