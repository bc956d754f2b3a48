"""Trait values the browser derived by itself, recorded on the Python side without a message.

The sliders' model drives the other views in the browser (``js/src/link.js``): on an index
change it moves the crosshairs and draws the neighbouring lines the kernel sent ahead. The
kernel must still hold the same state (``w.plot.line.y``, a heatmap's ``frame`` for a view
displayed later, the next comparison traitlets makes), so it records those values here.
Every call site runs in the sessions of ``tests/golden/held_steps.json``, which the browser's
``link.js`` replays to the same values (docs/ARCHITECTURE.md, "Rules on both sides of the wire").
"""

from __future__ import annotations

from typing import Any

import ipywidgets


def mirror(widget: ipywidgets.Widget, **values: Any) -> None:
    """Store ``values`` as ``widget``'s traits with no validation, notification or message.

    Only for values the browser has already applied, given in the trait's validated form
    (float64 arrays for bqplot, lists of ints, frame dicts): a slider step then costs the
    kernel one small message instead of one per view. Observers do not run: these values
    follow from the index, which was observed already.
    """
    widget._trait_values.update(values)
