"""What keeps a view after the session: as data (``w.state``), as code (``w.code()``) and as a
picture (``w.save``, ``w.to_matplotlib()``). Mixed into
:class:`~usid_widgets.widgets.explorer.Explorer`; the rules of the state (its keys, their
JSON form, the code) are in :mod:`usid_widgets.model.state`, the picture's panels in
:mod:`usid_widgets.widgets.picture`."""

from __future__ import annotations

import os
from typing import Any

from ..model.state import (
    DATA_KEYS,
    STATE_KEYS,
    Name,
    call_code,
    changed,
    from_plain,
    plain,
    start_state,
    unknown_keys_error,
)
from .picture import SavedPicture, explorer_picture


class ViewKeeping:
    """``state``, ``defaults``, ``code``, ``to_matplotlib`` and ``save`` of an explorer (which
    provides the traits of ``STATE_KEYS``, ``md``, ``dataset``, ``source_name``, ``memory``
    and ``described`` (an array in memory and the keywords describing it), ``views``,
    ``heatmap`` and the browser's pictures ``browser_pictures``)."""

    @property
    def state(self) -> dict[str, Any]:
        """Everything that decides the view, as a plain JSON-ready dict (keys:
        ``model.state.STATE_KEYS``; tuples as lists, a mask as ``{"shape", "runs"}``):
        ``explorer(path, **w.state)`` brings this view back. Assigning a dict (or part of
        one) applies it in the order of ``STATE_KEYS``."""
        return {key: plain(getattr(self, key)) for key in STATE_KEYS}

    @state.setter
    def state(self, values: dict[str, Any]) -> None:
        unknown = [k for k in values if k not in STATE_KEYS]
        if unknown:
            raise unknown_keys_error("state", unknown, STATE_KEYS)
        for key in STATE_KEYS:
            if key not in values:
                continue
            value = from_plain(key, values[key])
            if key != "dataset" and key in DATA_KEYS and self.md is None:
                continue  # nothing on screen to apply it to
            if key == "dataset" and value == self.dataset:
                continue
            setattr(self, key, value)

    def defaults(self) -> dict[str, Any]:
        """The state this explorer's dataset opens on (what :meth:`code` leaves out)."""
        traits = self.traits()
        out = {k: plain(traits[k].default()) for k in STATE_KEYS if k in traits}
        if self.md is not None:
            out.update(plain(start_state(self.md)))
        out.pop("dataset", None)
        return out

    def code(self, func: str = "explorer") -> str:
        """The Python call that brings this view back: ``explorer("file.h5", dataset=...,
        ...)`` with the file as it was given (an h5py object: its file's name), the dataset
        and every option that differs from what the dataset opens on; one argument a line
        when it does not fit in 88 characters. The toolbar's "Copy as code" copies it.

        An array in memory is not written out: the call names it ``data`` (and its dims
        ``dims``), after a comment saying so."""
        state = self.state
        dataset = state.pop("dataset")
        if self.memory is None:
            head, source = "", self.source_name
            options = {"dataset": dataset} if self.md is not None else {}
        else:
            names = ["data", "dims"] if "dims" in self.described else ["data"]
            head = f"# {', '.join(names)}: as given to explorer() (code holds no arrays)\n"
            source = Name("data")
            options = {k: Name(k) if k == "dims" else v for k, v in self.described.items()}
        options.update(changed(state, self.defaults()))
        return head + call_code(func, source, options)

    # -- the picture ----------------------------------------------------------------------
    def to_matplotlib(self):
        """A matplotlib ``Figure`` of the views on screen, in their order: each heatmap's
        window at full resolution with the browser's colormap (reversed or not), limits,
        scale, axis labels in the same units, title and colorbar; the plot's lines with its
        axis labels, legend and the selected step. Needs matplotlib
        (``pip install "usid_widgets[figures]"``)."""
        from .. import figures

        return figures.figure(explorer_picture(list(self.views.children)))

    def save(self, path) -> SavedPicture:
        """Write the view as a PNG at ``path``: the browser's picture (the "Save image"
        button's: twice the size on screen) when a view is live, else matplotlib's
        (:meth:`to_matplotlib`), else ImportError naming the extra to install.

        The kernel hears the browser only between cells: the browser's picture is written
        just after the cell calling ``save`` ends; the returned :class:`SavedPicture` says
        when it is (``done``) and what went wrong (``error``)."""
        path = os.fspath(path)
        if self.browser_pictures.live and self.heatmap in self.views.children:
            return self.browser_pictures.request(path)
        self.write_matplotlib(path)
        saved = SavedPicture(path, "matplotlib")
        saved.done = True
        return saved

    def write_matplotlib(self, path: str) -> None:
        """matplotlib's picture of the views at ``path`` (the fallback of :meth:`save`)."""
        from .. import figures

        figures.write_png(explorer_picture(list(self.views.children)), path)
