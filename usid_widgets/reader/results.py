"""Results groups: how much of a processing result pyUSID has computed.

A results group (``<Source>-<Tool>_<NNN>``, docs/usid-format.md section 7) written by a pyUSID
``Process`` keeps its bookkeeping in a ``completed_positions`` dataset: one entry per position,
0 where the result was not computed yet. A result interrupted or never started is all zeros
in its Main datasets, and those zeros are not data. This module owns that rule, for the tree
(a group's progress) and for :attr:`MainDataset.completion <usid_widgets.reader.MainDataset>`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .hsds import is_dataset, is_group

#: pyUSID's bookkeeping dataset of a results group (one entry per position, 0 = not computed).
COMPLETED = "completed_positions"


def completion_of(group: Any) -> tuple[int, int] | None:
    """``(positions computed, positions)`` of a group holding pyUSID's ``completed_positions``
    dataset (numbers, one per position), from its non-zero entries; None for any other group
    or object, and for bookkeeping that cannot be counted."""
    if not is_group(group):
        return None
    try:
        if COMPLETED not in group:
            return None
        done = group[COMPLETED]
        if not is_dataset(done) or done.dtype.kind not in "biuf":
            return None
        values = done[()]
        return int(np.count_nonzero(values)), int(np.size(values))
    except Exception:  # a broken link, a type numpy cannot count: no bookkeeping to trust
        return None
