"""The base of the package's anywidget views: their modules, their one stylesheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets
import traitlets

STATIC = Path(__file__).resolve().parent.parent / "static"

# (widget class, the traits anywidget adds with their values) -> the subclass holding them
_SUBCLASSES: dict[tuple, type] = {}

# anywidget puts a view's ``_css`` in a ``<style>`` named by ``_anywidget_id``, which it makes
# from the class: each class would add its own copy of the one stylesheet to the page, and the
# browser would match every element against every copy. One name for all keeps one copy.
STYLE_ID = "usid_widgets"


class BundleWidget(anywidget.AnyWidget):
    """Base of the package's anywidget views. Each subclass sets ``_esm`` to its view's module
    (``static/<kind>.js``, built from ``js/src/entries/``) and ``_kind`` to the view it
    renders; all share ``widgets.css``."""

    _css = STATIC / "widgets.css"
    _kind = traitlets.Unicode("").tag(sync=True)

    def add_traits(self, **traits: Any) -> None:
        """Add ``traits``, reusing the subclass an earlier instance made for the same ones.

        anywidget adds ``_esm``, ``_css`` and its id at every ``__init__``, and traitlets
        makes a new class for each call: ~0.6 ms per widget, most of its creation. Instances
        of one class given equal traits (the same bundle) share one subclass instead.
        """
        if "_anywidget_id" in traits:
            traits["_anywidget_id"] = traitlets.Unicode(STYLE_ID).tag(sync=True)
        try:
            key = (type(self), tuple(sorted((n, t.default_value) for n, t in traits.items())))
            sub = _SUBCLASSES.get(key)
        except TypeError:  # a default that cannot be hashed: the plain path
            super().add_traits(**traits)
            return
        if sub is None:
            super().add_traits(**traits)
            _SUBCLASSES[key] = type(self)
            return
        self.__class__ = sub
        for name, trait in traits.items():
            getattr(sub, name).instance_init(self)
            if "sync" in trait.metadata:  # what ipywidgets.Widget.add_traits does next
                self.keys.append(name)
                self.send_state(name)


def widget_tree(roots: list[ipywidgets.Widget]) -> list[ipywidgets.Widget]:
    """The widgets reachable from ``roots`` through their synced traits (children, layout,
    style, bqplot marks / axes / scales...), roots first; parts a view keeps outside its traits
    (a SpectrumPlot's brush) are listed by its ``parts()``."""
    seen: dict[int, ipywidgets.Widget] = {}
    todo = list(roots)
    while todo:
        w = todo.pop()
        if id(w) in seen or not isinstance(w, ipywidgets.Widget):
            continue
        seen[id(w)] = w
        if hasattr(w, "parts"):
            todo.extend(w.parts())
        for key in getattr(w, "keys", ()):
            value = w._trait_values.get(key)
            stack = [value]
            while stack:
                v = stack.pop()
                if isinstance(v, ipywidgets.Widget):
                    todo.append(v)
                elif isinstance(v, (list, tuple)):
                    stack.extend(v)
                elif isinstance(v, dict):
                    stack.extend(v.values())
    return list(seen.values())
