"""The one bundle every anywidget view of the package loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets
import traitlets

STATIC = Path(__file__).resolve().parent.parent / "static"

# (widget class, the traits anywidget adds with their values) -> the subclass holding them
_SUBCLASSES: dict[tuple, type] = {}


class BundleWidget(anywidget.AnyWidget):
    """Base of the package's anywidget views: one ES module bundle, dispatched on ``_kind``."""

    _esm = STATIC / "widgets.js"
    _css = STATIC / "widgets.css"
    _kind = traitlets.Unicode("").tag(sync=True)

    def add_traits(self, **traits: Any) -> None:
        """Add ``traits``, reusing the subclass an earlier instance made for the same ones.

        anywidget adds ``_esm``, ``_css`` and its id at every ``__init__``, and traitlets
        makes a new class for each call: ~0.6 ms per widget, most of its creation. Instances
        of one class given equal traits (the same bundle) share one subclass instead.
        """
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
