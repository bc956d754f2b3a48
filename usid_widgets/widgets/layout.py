"""The explorer's composition: which containers hold the views, and the CSS classes that let
the browser lay them out for the width the output gets.

No size is decided here. ``widgets.css`` (the "explorer layout" section) holds the rules:
the centre column is a CSS size container; where it is wide enough the views (the map and
its linked view: the plot, or the diffraction plane) sit side by side, below that they are
stacked, each taking its column's width (the heatmap sizes its image from it, the plot's
figure stretches to it). Classes on the existing containers, no extra widget: every widget
is a comm and a message at display.
"""

from __future__ import annotations

import html

import ipywidgets

#: the class of the views row: the map, then the second map and/or the plot
VIEWS_CLASS = "usidw-views"
#: the class of the centre column (controls, views, sliders): the CSS size container
CENTER_CLASS = "usidw-center"
#: the class of the spectrum plot's box inside the explorer
SPECTRUM_CLASS = "usidw-spectrum"
#: the class of the line profile's plot (after the other views)
PROFILE_CLASS = "usidw-profile"


def compose(
    tree: ipywidgets.Widget,
    controls: ipywidgets.Widget,
    heatmap: ipywidgets.Widget,
    sliders: ipywidgets.Widget,
    plain: ipywidgets.Layout,
) -> tuple[ipywidgets.HBox, ipywidgets.HBox]:
    """The views row (holding ``heatmap``; the others are added when shown) and the body:
    ``tree`` beside the centre column ``[controls, views, sliders]``. The views row takes
    ``plain``, a default layout shared with other widgets (one model fewer), never changed."""
    views = ipywidgets.HBox([heatmap], layout=plain, _dom_classes=[VIEWS_CLASS])
    center = ipywidgets.VBox(
        [controls, views, sliders],
        layout=ipywidgets.Layout(flex="1 1 0%", min_width="0"),
        _dom_classes=[CENTER_CLASS],
    )
    body = ipywidgets.HBox(
        [tree, center],
        layout=ipywidgets.Layout(align_items="flex-start"),
        _dom_classes=["usidw-body"],
    )
    return views, body


def header_html(title: str) -> str:
    """The explorer's title as the header's HTML: one line, cut at its end by CSS, the whole
    text as its tooltip (an ipywidgets ``Label`` puts its tooltip on a hidden element)."""
    text = html.escape(title)
    return f'<span title="{text}">{text}</span>'
