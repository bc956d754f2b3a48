"""The answers to the download menu of an explorer's heatmaps: the image on screen (the
window of ``w.image`` or ``w.plane`` the view shows, at full resolution, in its own dtype),
the plotted line with its x values, and the view as code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..model.export import axis_note, file_stem, ranges_text, wire_array
from ..model.pins import label as pin_label

if TYPE_CHECKING:
    from .explorer import Explorer
    from .heatmap import Heatmap


def answer(w: Explorer, hm: Heatmap, action: str, fmt: str) -> tuple[dict, list[bytes]]:
    """The content and buffers of the answer to ``action`` (``"image"``, ``"plot"``,
    ``"code"``) asked from the heatmap ``hm``; a ValueError says why there is none."""
    if action == "code":
        return {"code": w.code()}, []
    if w.md is None or w.view_state is None:
        raise ValueError("No dataset on screen.")
    if action == "plot":
        return plot(w)
    if action == "image":
        return image(w, hm, fmt)
    raise ValueError(f"Unknown download {action!r}.")


def position(w: Explorer, shown: tuple[str, ...]) -> list[str]:
    """The steps of the dims that are not on a view's axes (size 1 and reduced ones left out)."""
    reduced = set(w.roi or {}) | set(w.interval or {})
    return [
        f"{d.name}{w.index[d.name]}"
        for d in w.md.dims
        if d.name not in shown and d.size > 1 and d.name not in reduced
    ]


def position_note(w: Explorer, shown: tuple[str, ...]) -> str:
    """``position: Y = 3 (0.47 µm), X = 5 (0.79 µm)``: the steps and values of the dims not
    on a view's axes (size 1 left out)."""
    parts = []
    for d in w.md.dims:
        if d.name in shown or d.size < 2:
            continue
        i = w.index[d.name]
        unit = f" {d.units}" if d.units else ""
        parts.append(f"{d.name} = {i} ({np.asarray(d.values)[i]}{unit})")
    return "position: " + (", ".join(parts) if parts else "none (every dim on the axes)")


def image(w: Explorer, hm: Heatmap, fmt: str) -> tuple[dict, list[bytes]]:
    state = w.view_state
    second = hm is w.second_if_made
    view = state.second if second else state.image
    array = w.plane if second else w.image
    if view is None or array is None:
        raise ValueError("No image on screen.")
    where = position(w, view.dims)
    if not second:
        where += [f"sum-{r}" for r in ranges_text(w.interval)]
        where += ["sum-mask"] if w.interval_mask is not None and w.second_dims is None else []
    else:
        where += [f"mean-{r}" for r in ranges_text(w.roi)]
        where += ["mean-mask"] if w.roi_mask is not None else []
    quantity = view.quantity or state.quantity
    unit = f" ({state.units})" if state.units else ""
    notes = [
        view.title,
        f"file: {w.source_name}, dataset: {w.dataset}",
        f"values: {quantity}{unit}, full resolution",
        position_note(w, view.dims),
    ]
    if array.ndim == 1:  # sparse: one value per sampled point
        data, descr, shape = wire_array(array)
        name = file_stem(w.source_name, w.dataset, "points", where)
        if fmt == "csv":
            index, idescr, _ = wire_array(np.arange(array.size, dtype=np.int64))
            columns = [
                {"label": "point", "descr": idescr},
                {"label": f"{quantity}{unit}", "descr": descr},
            ]
            return {"name": name, "notes": notes, "columns": columns}, [index, data]
        return {"name": name, "descr": descr, "shape": shape, "notes": notes}, [data]
    r0, r1, c0, c1 = hm.zoom or (0, array.shape[0], 0, array.shape[1])
    window = array[r0:r1, c0:c1]
    if hm.zoom:
        where.append(f"window-{view.dims[0]}{r0}-{r1}-{view.dims[1]}{c0}-{c1}")
        notes.append(
            f"window of the {array.shape[0]} x {array.shape[1]} image: rows {r0}:{r1}, "
            f"columns {c0}:{c1}"
        )
    for name, spec, lo, hi in (("rows", view.y, r0, r1), ("columns", view.x, c0, c1)):
        if spec is not None:
            values = np.asarray(spec.values)[lo:hi]
            notes.append(axis_note(name, spec.label, spec.units, values, spec.ticks))
    data, descr, shape = wire_array(window)
    name = file_stem(w.source_name, w.dataset, "plane" if second else "image", where)
    return {"name": name, "descr": descr, "shape": shape, "notes": notes}, [data]


def plot(w: Explorer) -> tuple[dict, list[bytes]]:
    state = w.view_state
    view, line = state.plot, w.spectrum
    if view is None or line is None:
        raise ValueError("No line plot on screen.")
    dim = w.md.dim(view.dim)
    if view.by_index:
        x = np.arange(dim.size, dtype=np.int64)
        xlabel = f"{dim.name} step"
    else:
        x = np.asarray(dim.values)
        xlabel = f"{dim.name} ({dim.units})" if dim.units else dim.name
    ylabel = f"{view.yname} ({view.yunits})" if view.yunits else view.yname
    xs, xdescr, _ = wire_array(x)
    ys, ydescr, _ = wire_array(line)
    where = position(w, (view.dim,))
    where += [f"mean-{r}" for r in ranges_text(w.roi)]
    where += ["mean-mask"] if w.roi_mask is not None else []
    notes = [
        view.title,
        f"file: {w.source_name}, dataset: {w.dataset}",
        position_note(w, (view.dim,)),
    ]
    columns = [{"label": xlabel, "descr": xdescr}, {"label": ylabel, "descr": ydescr}]
    buffers = [xs, ys]
    # the pinned lines, in pin order, each named as the legend names it
    for n, (pin, pinned) in enumerate(zip(w.pins, w.pinned_lines, strict=False), start=1):
        data, descr, _ = wire_array(pinned)
        columns.append({"label": f"pin {n}: {pin_label(w.md, pin)}: {ylabel}", "descr": descr})
        buffers.append(data)
    name = file_stem(w.source_name, w.dataset, "plot", where)
    return {"name": name, "notes": notes, "columns": columns}, buffers


def reply(hm: Heatmap, content: Any, answer_of) -> None:
    """Answer the export request ``content`` sent by ``hm``'s browser view."""
    action, fmt = str(content.get("action", "")), str(content.get("format", ""))
    try:
        body, buffers = answer_of(action, fmt)
    except ValueError as exc:
        body, buffers = {"error": str(exc)}, []
    hm.send({"type": "export", "action": action, "format": fmt, **body}, buffers=buffers)
