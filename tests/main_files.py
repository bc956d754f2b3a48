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
