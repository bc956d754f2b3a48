"""Explorer sessions recorded as the browser sees them, for ``tests/golden/held_steps.json``.

Every value the kernel records without sending it (``widgets/mirror.py``: the crosshairs, the
plot's line, marker and dot, the second heatmap's frame, the sliders' own ``index`` and
``lines``) is a value ``js/src/link.js`` computes in the browser. A session here is a few
explorers stepped through held lines, jumps, steps of the plot's dim (onto a NaN too) and a
step made in the browser; each step records, for the views ``link.js`` drives, which traits
the kernel sent (in order) and every trait value the kernel holds afterwards.
``js/tests/golden.test.js`` replays the messages into fake models driven by the real
``startLinks`` and checks that the browser ends with exactly the values the kernel holds;
``tests/test_golden.py`` checks that the kernel still records this table.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import h5py
import ipywidgets
import numpy as np
from main_files import half_steps, write_channel

from usid_widgets import explorer
from usid_widgets.model.wire import from_array_dict
from usid_widgets.writer import write_ancillary, write_main_raw

#: The traits of each view that link.js reads or sets.
TRAITS = {
    "sliders": ("index", "links", "lines"),
    "heatmap": ("selected",),
    "second": ("selected", "frame"),
    "line": ("x", "y"),
    "dot": ("x", "y"),
    "marker": ("x",),
}
#: The frames session's: also the offer of maps ahead and the map's frame (``frames.js``).
FRAME_TRAITS = {
    **TRAITS,
    "sliders": (*TRAITS["sliders"], "frames"),
    "heatmap": (*TRAITS["heatmap"], "frame"),
}


def _num(v: float) -> Any:
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def _array(ad: dict) -> dict:
    arr = from_array_dict(ad)
    return {
        "dtype": ad["dtype"],
        "shape": list(arr.shape),
        "values": [_num(v) for v in arr.reshape(-1)],
    }


def _widgets(w) -> dict[str, ipywidgets.Widget]:
    links = w.sliders.links
    out = {"sliders": w.sliders, "heatmap": w.heatmap}
    if "second" in links:
        out["second"] = w.second
    if "line" in links:
        out.update(line=w.plot.line, dot=w.plot.dot, marker=w.plot.marker)
    return out


def _value(name: str, value: Any, roles: dict[str, str]) -> Any:
    """A trait value as JSON: model ids in ``links`` as the views' roles, arrays as lists."""
    if name == "links":
        out = {k: roles.get(v, v) if isinstance(v, str) else v for k, v in value.items()}
        if "readout" in out:  # the plot's line, and the figure's DOM class (holds its model id)
            out["readout"] = {**out["readout"], "line": "line", "figure": "figure"}
        return out
    if name in ("lines", "frame"):
        return {k: _array(v) if k == "data" else v for k, v in value.items()}
    if name in ("x", "y"):
        return [_num(v) for v in np.asarray(value, dtype=np.float64).reshape(-1)]
    return value


def _state(w, traits: dict) -> dict:
    views = _widgets(w)
    roles = {v.model_id: r for r, v in views.items()}
    return {
        role: {n: _value(n, getattr(view, n), roles) for n in traits[role]}
        for role, view in views.items()
    }


class _Log:
    """Traits each view sent, in order (update and echo messages)."""

    def __init__(self, traits: dict):
        self.traits = traits
        self.sent: list[tuple[ipywidgets.Widget, list[str]]] = []
        self.answers: list[tuple[dict, list]] = []  # the kernel's answers to requests for frames
        self._original = ipywidgets.Widget._send
        log = self

        def _send(widget, msg, buffers=None):
            if widget.comm is not None and msg.get("state"):
                log.sent.append((widget, sorted(msg["state"])))
            content = msg.get("content")
            if msg.get("method") == "custom" and content.get("type") == "frames":
                log.answers.append((content, list(buffers or [])))
            if msg.get("method") == "custom" and content.get("type") == "draw_held":
                log.sent.append((widget, ["draw_held"]))
            return log._original(widget, msg, buffers)

        ipywidgets.Widget._send = _send

    def take(self, w) -> list[dict]:
        roles = {v.model_id: r for r, v in _widgets(w).items()}
        out = []
        for widget, keys in self.sent:
            role = roles.get(widget.model_id)
            kept = [k for k in keys if role and (k in self.traits[role] or k == "draw_held")]
            if kept:
                out.append({"to": role, "traits": kept})
        self.sent = []
        return out

    def close(self):
        ipywidgets.Widget._send = self._original


def _answer(content: dict, buffers: list) -> dict:
    frames = [
        {
            **f,
            "frame": _value(
                "frame", {**f["frame"], "data": {**f["frame"]["data"], "buffer": b}}, {}
            ),
        }
        for f, b in zip(content["frames"], buffers, strict=True)
    ]
    return {**content, "frames": frames}


def _session(w, steps: list[tuple[str, dict]], traits: dict = TRAITS) -> dict:
    log = _Log(traits)
    try:
        out = {"initial": _state(w, traits), "steps": []}
        for origin, change in steps:
            if origin == "ask":  # the browser asks for frames ahead (js/src/frames.js)
                request = {"type": "frames", "token": w.sliders.frames["token"], **change}
                w.sliders._handle_custom_msg(request, [])
                (answer,) = log.answers
                log.answers = []
                out["steps"].append(
                    {
                        "origin": origin,
                        "index": dict(w.index),
                        "request": request,
                        "answer": _answer(*answer),
                        "messages": log.take(w),
                        "state": _state(w, traits),
                    }
                )
                continue
            index = {**w.index, **change}
            if origin == "browser":  # the user moved a slider: the browser's own index first
                w.sliders.set_state({"index": {**w.sliders.index, **change}})
            else:
                w.index = change
            assert w.index == index
            out["steps"].append(
                {
                    "origin": origin,
                    "index": index,
                    "messages": log.take(w),
                    "state": _state(w, traits),
                }
            )
        return out
    finally:
        log.close()
        w.close()


def _spectra(folder: Path) -> dict:
    data = np.random.default_rng(11).random((6, 8, 20)).astype(np.float32)
    data[2, 5, 7] = np.nan  # a spectrum the browser cannot draw alone; a NaN at a step
    path = write_channel(
        folder / "spectra.h5", data, half_steps({"Y": 6, "X": 8}), half_steps({"F": 20}, "kHz")
    )
    w = explorer(path)
    steps = [
        ("python", {"X": 5}),  # a step along the scan (from X = 4): lines ahead
        ("python", {"X": 6}),  # a held line
        ("browser", {"X": 7}),  # a held line, the step made in the browser
        ("python", {"X": 6, "F": 3}),  # a held line and the plot's step at once
        ("python", {"F": 9}),  # a step of the plot's own dim: marker and dot
        ("python", {"Y": 2, "X": 5}),  # a jump onto the spectrum with a NaN
        ("python", {"F": 7}),  # onto the NaN: the kernel's dot
        ("python", {"F": 8}),
        ("python", {"X": 6}),  # off it, along the scan
        ("browser", {"X": 7}),
        ("python", {"Y": 0, "X": 0, "F": 0}),  # a jump to the first cell
    ]
    return _session(w, steps)


def _planes(folder: Path) -> dict:
    data = np.random.default_rng(12).random((4, 5, 6, 7)).astype(np.float32)
    pos, spec = half_steps({"Y": 4, "X": 5}), half_steps({"Ky": 6, "Kx": 7}, "1/nm")
    w = explorer(write_channel(folder / "planes.h5", data, pos, spec))
    steps = [  # from Y = 2, X = 2
        ("python", {"X": 3}),  # along the scan: planes ahead
        ("python", {"X": 4}),  # a held plane
        ("browser", {"X": 3}),  # a held plane, the step made in the browser
        ("browser", {"X": 0}),  # a jump made in the browser
        ("python", {"Y": 3}),  # another scan row: not held
        ("python", {"Ky": 2, "Kx": 5}),  # the map's dims: the crosshair of the plane
        ("browser", {"X": 2}),
    ]
    return _session(w, steps)


def _points(folder: Path) -> dict:
    n = 6
    path = folder / "points.h5"
    with h5py.File(path, "w") as f:
        grp = f.create_group("M")
        inds = np.repeat(np.arange(n)[:, None], 2, axis=1)
        xy = np.array([[0, 5], [1, 3], [2, 2], [4, 4], [3, 0], [5, 1]], dtype=float)
        pi, pv = write_ancillary(
            grp, "Position", inds, xy, ["X", "Y"], ["nm", "nm"], kind="position"
        )
        si, sv = write_ancillary(
            grp,
            "Spectroscopic",
            np.arange(4)[None, :],
            np.arange(4.0)[None, :],
            ["F"],
            ["Hz"],
            kind="spectroscopic",
        )
        data = np.random.default_rng(13).random((n, 4)).astype(np.float32)
        write_main_raw(
            grp,
            "Raw",
            data,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Q",
            units="u",
        )
    w = explorer(str(path))
    name = w.md.pos_dims[0].name
    assert w.index == {name: 3, "F": 2}
    steps = [("python", {name: 4}), ("python", {"F": 0}), ("browser", {name: 1})]
    return _session(w, steps)


def _frames(folder: Path) -> dict:
    data = np.random.default_rng(14).random((3, 4, 12)).astype(np.float32)
    path = write_channel(
        folder / "frames.h5", data, half_steps({"Y": 3, "X": 4}), half_steps({"F": 12}, "kHz")
    )
    w = explorer(path, index={"F": 5})
    steps = [
        ("ask", {"want": [{"F": 6}, {"F": 4}, {"F": 7}], "drop": []}),
        ("browser", {"F": 6}),  # a held frame, the step made in the browser
        ("python", {"F": 7}),  # a held frame, the step made in Python
        ("python", {"Y": 0, "X": 1}),  # the map's own dims: its frame stays
        ("browser", {"F": 4}),
        ("python", {"F": 0}),  # not held: the kernel's frame
        ("browser", {"F": 7}),  # held still: the held frame over the kernel's
    ]
    return _session(w, steps, FRAME_TRAITS)


def record(folder: Path) -> list[dict]:
    """The sessions, each ``{"name", "initial", "steps"}``; files are written in ``folder``."""
    return [
        {"name": name, **make(Path(folder))}
        for name, make in (
            ("spectra", _spectra),
            ("planes", _planes),
            ("points", _points),
            ("frames", _frames),
        )
    ]
