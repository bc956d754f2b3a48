"""Benchmark of the explorer on big datasets, against the plain h5py read of the same slices.

One run on one machine, printing medians and ratios: a measurement, not a timed unit test
(shared machines are noisy, so nothing here passes or fails on a time; the targets below are
reported as met or missed).

The script writes, into a temporary folder that it deletes afterwards, six USID files with the
package's writer (``usid_widgets.writer.write_main`` with ``chunks=``; the 64 GB logical one with
``write_ancillary`` and a Main dataset created by hand with h5py, of which only a few chunks are
written: HDF5 allocates nothing for chunks never written, so the file stays a few MB):

========== =============================================================== ===================
name       data                                                            chunks
========== =============================================================== ===================
image      2048 x 2048 image, float32 (4,194,304 positions x 1 step)       (65536, 1)
spectral   128 x 128 x 1024 spectral image, float32 (64 MiB)               (128, 128): blocks
spectral-  the same, gzip-compressed (``write_main(..., compression=...)``)  (128, 128), gzip
gzip
4d-stem    128 x 128 scan x 128 x 128 detector, float32 (1 GiB)            (1, 16384): one
                                                                           pattern per chunk
nd-complex 32 x 32 x 64 DC_Offset x 2 Field x 16 Frequency, complex64      (1, 2048): one
           (16 MiB)                                                        position per chunk
logical-64g 512 x 512 scan x 256 x 256 detector, float32 (64 GiB logical)  (1, 65536)
========== =============================================================== ===================

For each file, on a warm file cache, it measures four *levels* on the same sequence of slices:

1. ``h5py floor``: a plain h5py read of each slice on screen, on an open file: the map is one
   column ``dset[:, col]``, the spectrum (or diffraction plane) one run of a row
   ``dset[row, c0:c1]``;
2. ``MainDataset``: ``md.isel(...)`` of the same slices (the reader and its block cache);
3. ``Slicer``: ``Slicer.image`` / ``Slicer.line`` (complex component, LRU of results);
4. ``explorer``: ``w.index = {...}`` on ``w = explorer(path)``, which returns once ``w.image``,
   ``w.spectrum`` / ``w.plane`` and the frames sent to the browser are updated.

The operations: open and show the first view (``explorer(path)``; at the other levels the open
plus the reads of the same first view; the floor is ``h5py.File`` plus those reads); a map
update when scrubbing the fastest map-only slider to the next index, and when jumping to random
values of every dimension the map depends on; a spectrum (plane) update when scrubbing X to the
next index and when jumping to a random position. Each operation's time is printed as a ratio
to the floor of the same slices measured in the same run. Views updated by an index change are
those the explorer re-reads: on the N-d dataset a jump of DC_Offset / Field changes the map AND
the spectrum, so its floor reads both.

Under each open the script also builds, empty, the view widgets the explorer shows (the
image's ``Heatmap``, the bqplot ``SpectrumPlot``, the plane's ``Heatmap``) and prints floor +
that time as a ratio to the floor: a lower bound of the open that no reader change moves.

Garbage collection: ``gc.collect()`` runs before each open and once before each sequence of
changes, never between the steps of a sequence (as in a kernel, where a full collection is
rare); each operation reports the median of its steps. Until 2026-11-24 it ran before every
step, which empties CPython's free lists and made every Python-side step pay fresh
allocations (a served explorer step measured 0.4-0.6 ms that way, 0.1-0.2 ms without).

Rounds: the four levels run one after the other ``--rounds`` times (3 by default) and each
operation's samples from every round are pooled before the median. The floor and the
explorer are then measured in the same minutes: on these shared machines the cost of the
same 0.1 ms read drifts by 2x from one minute to the next, and with one round per level a
ratio carried that drift (a spectrum jump measured 1.08x to 3.67x in three runs of the same
code on 2026-12-03).

Bytes sent to the browser: ``ipywidgets.Widget._send`` is wrapped to add up the binary buffers
of every message (the Heatmap ``frame`` and axes, bqplot's line arrays...) and the size of the
JSON part, serialised as the kernel's session does (``json.dumps``, outside the buffers). The
serialisation is therefore inside the explorer's times, as it is in a kernel.

Peak memory: the explorer level runs once more for each file in a fresh subprocess, which
prints its peak RSS growth above its baseline after the imports (Linux: VmHWM reset through
``/proc/self/clear_refs``; elsewhere ``ru_maxrss``).

Targets (explorer level, x the floor): a jump to a random index <= 1.2, the next index while
scrubbing <= 0.3, open + first view <= 1.5, peak memory while exploring the 1 GiB dataset under
300 MB above the baseline.

Run: ``python benchmarks/bench_explorer.py [--only NAME ...] [--rounds N] [--profile]
[--skip-memory]``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import h5py
import ipywidgets
import numpy as np
from bench_reader import (
    _proc_status_kib,
    _reset_peak_rss,
    _ru_maxrss_kib,
    clear_reader_cache,
    reader_source,
    warm_file_cache,
)

import usid_widgets
from usid_widgets import MainDataset, explorer
from usid_widgets.model.slicing import Slicer, default_component, default_plan
from usid_widgets.writer import Dimension, write_ancillary, write_main

GROUP = "/Measurement_000/Channel_000"
DSET = f"{GROUP}/Raw_Data"
LEVELS = ("h5py floor", "MainDataset", "Slicer", "explorer")
TARGETS = {"open": 1.5, "next": 0.3, "random": 1.2}
MEMORY_TARGET_MB = 300  # peak RSS growth while exploring the 1 GiB dataset, in MB (10**6)
MIB = 2**20


# ------------------------------------------------------------------------------------------
# the datasets


@dataclass(frozen=True)
class Axis:
    """One dimension: values ``start + step * arange(size)``."""

    name: str
    size: int
    units: str
    start: float = 0.0
    step: float = 1.0

    def dimension(self) -> Dimension:
        return Dimension(self.name, self.units, self.start + self.step * np.arange(self.size))


@dataclass(frozen=True)
class Case:
    """One benchmark dataset and how long its sequences are."""

    name: str
    title: str
    pos: tuple[Axis, ...]
    spec: tuple[Axis, ...]
    dtype: str
    chunks: tuple[int, int]
    steps: int  # scrub steps per sequence
    jumps: int  # random jumps per sequence
    opens: int  # timed opens
    logical: bool = False  # only a few chunks written (see write_logical)
    # the spectrum / plane sequences: cheap steps, so long enough for a steady median
    line_steps: int = 30
    line_jumps: int = 30
    quantity: str = "Intensity"
    units: str = "counts"
    compression: str | None = None  # an HDF5 filter of the Main dataset (write_main's)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(a.size for a in self.pos + self.spec)

    @property
    def raw_shape(self) -> tuple[int, int]:
        return (
            int(np.prod([a.size for a in self.pos])),
            int(np.prod([a.size for a in self.spec] or [1])),
        )

    @property
    def logical_bytes(self) -> int:
        return int(np.prod(self.raw_shape)) * np.dtype(self.dtype).itemsize


def _nm(name: str, n: int, step: float = 1.0) -> Axis:
    return Axis(name, n, "nm", 0.0, step)


SPECTRAL = Case(
    "spectral",
    "128 x 128 x 1024 spectral image, float32",
    (_nm("Y", 128, 10.0), _nm("X", 128, 10.0)),
    (Axis("Frequency", 1024, "kHz", 300.0, 0.02),),
    "float32",
    (128, 128),
    steps=20,
    jumps=15,
    opens=3,
    quantity="Amplitude",
    units="nm",
)
CASES = (
    Case(
        "image",
        "2048 x 2048 image, float32",
        (_nm("Y", 2048, 0.5), _nm("X", 2048, 0.5)),
        (),
        "float32",
        (65536, 1),
        steps=20,
        jumps=15,
        opens=3,
    ),
    SPECTRAL,
    replace(
        SPECTRAL,
        name="spectral-gzip",
        title="the same spectral image, gzip-compressed (level 4)",
        compression="gzip",
    ),
    Case(
        "4d-stem",
        "128 x 128 scan x 128 x 128 detector, float32 (1 GiB)",
        (_nm("Y", 128, 2.0), _nm("X", 128, 2.0)),
        (Axis("Ky", 128, "1/nm", -3.2, 0.05), Axis("Kx", 128, "1/nm", -3.2, 0.05)),
        "float32",
        (1, 128 * 128),
        steps=12,
        jumps=6,
        opens=3,
    ),
    Case(
        "nd-complex",
        "32 x 32 x 64 DC_Offset x 2 Field x 16 Frequency, complex64",
        (_nm("Y", 32, 50.0), _nm("X", 32, 50.0)),
        (
            Axis("DC_Offset", 64, "V", -10.0, 20.0 / 63),
            Axis("Field", 2, ""),
            Axis("Frequency", 16, "kHz", 335.0, 2.0),
        ),
        "complex64",
        (1, 64 * 2 * 16),
        steps=15,
        jumps=15,
        opens=3,
        quantity="Piezoresponse",
        units="pm",
    ),
    Case(
        "logical-64g",
        "512 x 512 scan x 256 x 256 detector, float32 (64 GiB logical, a few chunks written)",
        (_nm("Y", 512, 1.0), _nm("X", 512, 1.0)),
        (Axis("Ky", 256, "1/nm", -6.4, 0.05), Axis("Kx", 256, "1/nm", -6.4, 0.05)),
        "float32",
        (1, 256 * 256),
        steps=6,
        jumps=3,
        opens=2,
        logical=True,
    ),
)
BY_NAME = {c.name: c for c in CASES}


def make_data(case: Case, seed: int = 0) -> np.ndarray:
    """Reproducible values in the case's N-d shape (random: no compression, no shortcut)."""
    rng = np.random.default_rng(seed)
    if np.dtype(case.dtype).kind == "c":
        re = rng.random(case.shape, dtype=np.float32)
        im = rng.random(case.shape, dtype=np.float32)
        return (re + 1j * im).astype(case.dtype)
    return rng.random(case.shape, dtype=np.float32).astype(case.dtype, copy=False)


def write_dense(case: Case, path: str) -> str:
    """The whole array through ``usid_widgets.writer.write_main`` with the case's chunks."""
    data = make_data(case)
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group(GROUP),
            "Raw_Data",
            data,
            [a.dimension() for a in case.pos],
            [a.dimension() for a in case.spec],
            quantity=case.quantity,
            units=case.units,
            chunks=case.chunks,
            compression=case.compression,
        )
    extra = f", compression={case.compression!r}" if case.compression else ""
    return f"write_main(..., chunks={case.chunks}{extra})"


def logical_rows(case: Case) -> list[int]:
    """Flat positions whose chunk the logical file holds: the middle of the scan (the first
    view) and the next scrub steps, the two ends."""
    ny, nx = (a.size for a in case.pos)
    mid = (ny // 2) * nx + nx // 2
    return sorted({0, ny * nx - 1, *range(mid, mid + case.line_steps + 2)})


def write_logical(case: Case, path: str) -> str:
    """A Main dataset of the case's logical size of which only :func:`logical_rows` are written.

    The ancillary datasets come from ``write_ancillary`` (grid in C order, slowest dimension
    first); the Main dataset is created with h5py following docs/usid-format.md (2-D, vlen str
    ``quantity`` / ``units``, object references to the four ancillary datasets).
    """
    rng = np.random.default_rng(1)
    with h5py.File(path, "w") as f:
        group = f.create_group(GROUP)
        refs = {}
        for base, axes in (("Position", case.pos), ("Spectroscopic", case.spec)):
            sizes = [a.size for a in axes]
            inds = np.indices(sizes).reshape(len(sizes), -1)
            vals = np.stack([a.dimension().values[inds[i]] for i, a in enumerate(axes)])
            kind = "position" if base == "Position" else "spectroscopic"
            if kind == "position":  # (n_rows, n_dims); spectroscopic stays (n_dims, n_cols)
                inds, vals = inds.T, vals.T
            h5_inds, h5_vals = write_ancillary(
                group,
                base,
                inds,
                vals,
                [a.name for a in axes],
                [a.units for a in axes],
                kind=kind,
            )
            refs[f"{base}_Indices"], refs[f"{base}_Values"] = h5_inds, h5_vals
        main = group.create_dataset(
            "Raw_Data", shape=case.raw_shape, dtype=case.dtype, chunks=case.chunks
        )
        text = h5py.string_dtype("utf-8")
        main.attrs.create("quantity", case.quantity, dtype=text)
        main.attrs.create("units", case.units, dtype=text)
        for role, anc in refs.items():
            main.attrs[role] = anc.ref
        for row in logical_rows(case):
            main[row] = rng.random(case.raw_shape[1], dtype=np.float32)
    return (
        f"write_ancillary + h5py create_dataset(shape={case.raw_shape}, chunks={case.chunks}), "
        f"{len(logical_rows(case))} chunks written"
    )


# ------------------------------------------------------------------------------------------
# what the explorer shows, and the same slices read with plain h5py


class Geometry:
    """The explorer's views of one Main dataset as flat rows / columns of the 2-D dataset.

    Names and sizes come from the reader's metadata (``md.dims``) and the view from the
    explorer's default plan; the floor reads themselves are plain h5py.
    """

    def __init__(self, md: MainDataset):
        plan = default_plan(md)
        self.names = [d.name for d in md.dims]
        self.sizes = {d.name: d.size for d in md.dims}
        self.pos = [d.name for d in md.pos_dims]
        self.spec = [d.name for d in md.spec_dims]
        self.comp = default_component(md)
        self.complex = md.dtype.kind == "c"
        assert plan.image_dims is not None, "every benchmark dataset shows a map"
        self.image_dims = tuple(plan.image_dims)
        self.plot_dim = plan.plot_dim
        self.second_dims = tuple(plan.second_dims) if plan.second_dims else None
        self.line_dims: tuple[str, ...] = (
            (self.plot_dim,) if self.plot_dim else (self.second_dims or ())
        )
        self.line_name = (
            "spectrum" if self.plot_dim else ("plane" if self.second_dims else "selection")
        )
        shown = [n for n in self.pos if self.sizes[n] > 1]
        if list(self.image_dims) != shown:
            raise ValueError(f"the map must show every position dim, got {self.image_dims}")
        if self.line_dims and list(self.line_dims) != self.spec[-len(self.line_dims) :]:
            raise ValueError(
                f"the line view must be the fastest spectroscopic dims: {self.line_dims}"
            )

    def start(self) -> dict[str, int]:
        """The explorer's first index: the middle of every dimension."""
        return {n: s // 2 for n, s in self.sizes.items()}

    def row(self, state: dict[str, int]) -> int:
        return int(
            np.ravel_multi_index([state[n] for n in self.pos], [self.sizes[n] for n in self.pos])
        )

    def col(self, state: dict[str, int], zero: tuple[str, ...] = ()) -> int:
        return int(
            np.ravel_multi_index(
                [0 if n in zero else state[n] for n in self.spec],
                [self.sizes[n] for n in self.spec],
            )
        )

    def line_run(self, state: dict[str, int]) -> tuple[int, int]:
        c0 = self.col(state, zero=self.line_dims)
        return c0, c0 + int(np.prod([self.sizes[n] for n in self.line_dims]))

    def changed(self, before: dict[str, int], after: dict[str, int]) -> tuple[str, ...]:
        """Views an index change makes the explorer re-read: ``map``, ``line``, or only the
        ``selection`` marker when neither depends on what changed."""
        moved = {n for n in self.names if before[n] != after[n]}
        out = []
        if moved - set(self.image_dims):
            out.append("map")
        if self.line_dims and moved - set(self.line_dims):
            out.append("line")
        return tuple(out) or ("selection",)

    def views_label(self, views: tuple[str, ...]) -> str:
        return " + ".join(self.line_name if v == "line" else v for v in views)

    # -- the floor: plain h5py -------------------------------------------------------------
    def floor_read(self, dset: h5py.Dataset, state: dict[str, int], views: tuple[str, ...]):
        out = {}
        if "map" in views:
            out["map"] = dset[:, self.col(state)]
        if "line" in views:
            c0, c1 = self.line_run(state)
            out["line"] = dset[self.row(state), c0:c1]
        if "selection" in views:
            out["selection"] = dset[self.row(state), :]
        return out

    def as_view(self, name: str, raw: np.ndarray) -> np.ndarray:
        """A floor read shaped and converted like the explorer's array (for the checks)."""
        if self.complex:
            raw = np.abs(raw)
        if name == "map":
            return raw.reshape([self.sizes[n] for n in self.image_dims])
        return raw.reshape([self.sizes[n] for n in self.line_dims])


@dataclass
class Op:
    """A sequence of index changes measured together (median over its changes)."""

    label: str
    kind: str  # "next" or "random": which target applies
    changes: list[dict[str, int]]
    views: str = ""


def make_ops(geo: Geometry, case: Case, seed: int = 7) -> list[Op]:
    """Scrub and jump sequences for the map and the line view, applied one after the other
    from the explorer's first index. Random jumps never revisit a slice (no LRU hit)."""
    rng = np.random.default_rng(seed)
    map_dims = [n for n in geo.names if n not in geo.image_dims and geo.sizes[n] > 1]
    map_only = [n for n in map_dims if n in geo.line_dims] or map_dims
    state = geo.start()
    seen_map = {tuple(state[n] for n in map_dims)}
    seen_pos = {tuple(state[n] for n in geo.image_dims)}
    ops: list[Op] = []

    def scrub(dim: str, seen: set, key_dims: list[str], n: int) -> list[dict[str, int]]:
        out = []
        for _ in range(n):
            state[dim] = (state[dim] + 1) % geo.sizes[dim]
            seen.add(tuple(state[n] for n in key_dims))
            out.append({dim: state[dim]})
        return out

    def jump(dims: list[str], seen: set, n: int) -> list[dict[str, int]]:
        out = []
        for _ in range(n):
            for _attempt in range(1000):
                pick = {n: int(rng.integers(geo.sizes[n])) for n in dims}
                if tuple(pick[n] for n in dims) not in seen:
                    break
            seen.add(tuple(pick[n] for n in dims))
            state.update(pick)
            out.append(pick)
        return out

    if map_dims:
        step_dim = map_only[-1]
        steps = scrub(step_dim, seen_map, map_dims, case.steps)
        ops.append(Op(f"map: next {step_dim}", "next", steps))
        jumps = jump(map_dims, seen_map, case.jumps)
        ops.append(Op(f"map: random ({', '.join(map_dims)})", "random", jumps))
    x, pos = geo.image_dims[1], list(geo.image_dims)
    # never past the last X: a wrap to 0 would be a jump, not the next index
    n = min(case.line_steps, geo.sizes[x] - 1 - state[x])
    ops.append(Op(f"{geo.line_name}: next {x}", "next", scrub(x, seen_pos, pos, n)))
    jumps = jump(pos, seen_pos, case.line_jumps)
    ops.append(Op(f"{geo.line_name}: random ({', '.join(pos)})", "random", jumps))
    return ops


# ------------------------------------------------------------------------------------------
# bytes on the wire


class WireMeter:
    """Adds up what the widgets send: binary buffers and the JSON of each message.

    Two kinds of messages leave a widget: the ``comm_open`` that creates its model in the
    browser (its whole state: for an anywidget, the 100 KB bundle) and the ``update``
    messages of ``send_state``. Both are counted. ``Widget._send`` is also called before a
    widget has its comm (anywidget adds its ``_esm`` trait that way): ipywidgets drops those,
    so they are not counted.
    """

    def __init__(self) -> None:
        self.buffers = 0
        self.json = 0
        self.messages = 0
        self._original: Callable | None = None

    def _count(self, msg: Any, buffers: Any) -> None:
        self.messages += 1
        self.json += len(json.dumps(msg, default=str, ensure_ascii=False).encode())
        self.buffers += sum(memoryview(b).nbytes for b in buffers or ())

    def install(self) -> WireMeter:
        if self._original is not None:
            return self
        import comm

        original = ipywidgets.Widget._send
        original_open = comm.create_comm
        meter = self

        def _send(widget: Any, msg: Any, buffers: Any = None) -> Any:
            if widget.comm is not None:
                meter._count(msg, buffers)
            return original(widget, msg, buffers)

        def create_comm(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("target_name") == "jupyter.widget":
                meter._count(kwargs.get("data"), kwargs.get("buffers"))
            return original_open(*args, **kwargs)

        self._original = original
        ipywidgets.Widget._send = _send
        comm.create_comm = create_comm
        return self

    def reset(self) -> None:
        self.buffers = self.json = self.messages = 0

    def snapshot(self) -> tuple[int, int, int]:
        return self.buffers, self.json, self.messages


METER = WireMeter()


# ------------------------------------------------------------------------------------------
# the four levels


class Level:
    """Open a dataset and show the first view; apply index changes. Subclasses per level."""

    name = ""

    def __init__(self, path: str, geo: Geometry):
        self.path, self.geo = path, geo

    def open(self) -> Any:
        raise NotImplementedError

    def apply(self, ctx: Any, before: dict, after: dict, change: dict, views: tuple) -> Any:
        raise NotImplementedError

    def close(self, ctx: Any) -> None:
        ctx.close()

    def first_views(self) -> tuple[str, ...]:
        return ("map", "line") if self.geo.line_dims else ("map",)


class FloorLevel(Level):
    name = "h5py floor"

    def open(self) -> Any:
        f = h5py.File(self.path, "r")
        self.geo.floor_read(f[DSET], self.geo.start(), self.first_views())
        return f

    def apply(self, ctx, before, after, change, views):
        return self.geo.floor_read(ctx[DSET], after, views)


class ReaderLevel(Level):
    name = "MainDataset"

    def open(self) -> Any:
        md = MainDataset(self.path, DSET)
        self._read(md, self.geo.start(), self.first_views())
        return md

    def _read(self, md: MainDataset, state: dict, views: tuple) -> Any:
        geo, out = self.geo, {}
        if "map" in views:
            out["map"] = md.isel({n: state[n] for n in geo.names if n not in geo.image_dims})
        if "line" in views:
            out["line"] = md.isel({n: state[n] for n in geo.names if n not in geo.line_dims})
        return out

    def apply(self, ctx, before, after, change, views):
        return self._read(ctx, after, views)


class SlicerLevel(ReaderLevel):
    name = "Slicer"

    def open(self) -> Any:
        md = MainDataset(self.path, DSET)
        slicer = Slicer(md)
        self._read(slicer, self.geo.start(), self.first_views())
        return slicer

    def _read(self, slicer: Slicer, state: dict, views: tuple) -> Any:
        geo, out = self.geo, {}
        if "map" in views:
            out["map"] = slicer.image(state, geo.image_dims, geo.comp)
        if "line" in views:
            if geo.plot_dim:
                out["line"] = slicer.line(state, geo.plot_dim, geo.comp)
            else:
                out["line"] = slicer.image(state, geo.second_dims, geo.comp)
        return out

    def close(self, ctx: Any) -> None:
        ctx.md.close()


class ExplorerLevel(Level):
    name = "explorer"

    def open(self) -> Any:
        return explorer(self.path)

    def apply(self, ctx, before, after, change, views):
        ctx.index = change


def run_level(level: Level, case: Case, ops: list[Op]) -> dict:
    """Time ``case.opens`` opens, then every op's changes on the last one opened.

    Returns ``{"open": [s], op label: [s per change], "sent": {label: [(buffers, json, n)]},
    "blocks": (hits, misses)}``; the explorer level also records the bytes sent and checks its
    arrays against plain h5py at the end of each op.
    """
    out: dict[str, Any] = {"open": [], "sent": {}, "read": {}, "checks": []}
    ctx = None
    for _ in range(case.opens):
        if ctx is not None:
            level.close(ctx)
            ctx = None
        clear_reader_cache()
        gc.collect()
        METER.reset()
        t0 = time.perf_counter()
        ctx = level.open()
        out["open"].append(time.perf_counter() - t0)
    out["sent"]["open"] = [METER.snapshot()]
    if isinstance(level, ExplorerLevel):
        out["views"] = views_alone(ctx, case.opens)
    state = level.geo.start()
    for op in ops:
        times, sent, read = [], [], []
        # One collection per sequence, not per step: a full collection empties CPython's free
        # lists (and the CPU caches), so the step after it pays for allocations a kernel
        # serving slider steps does not; that penalised the Python levels, not the h5py floor
        # (served explorer steps: 0.4-0.6 ms after gc.collect(), 0.1-0.2 ms without).
        gc.collect()
        for change in op.changes:
            before = dict(state)
            state.update(change)
            views = level.geo.changed(before, state)
            if not op.views:
                op.views = level.geo.views_label(views)
            if views == ("selection",) and level.name in ("MainDataset", "Slicer"):
                continue  # nothing to read: only the explorer moves its marker
            METER.reset()
            misses = _misses(ctx)
            t0 = time.perf_counter()
            level.apply(ctx, before, state, change, views)
            times.append(time.perf_counter() - t0)
            sent.append(METER.snapshot())
            if misses is not None and _misses(ctx) > misses:
                read.append(times[-1])
        out[op.label] = times
        out["sent"][op.label] = sent
        out["read"][op.label] = read
        if isinstance(level, ExplorerLevel):
            out["checks"].append(check_explorer(ctx, level.geo, state, op.label))
    if isinstance(level, ExplorerLevel):
        out["blocks"] = (ctx.md.blocks.hits, ctx.md.blocks.misses, ctx.md.blocks.nbytes)
    level.close(ctx)
    return out


def views_alone(w: Any, n: int) -> list[float]:
    """Seconds to build, empty, the view widgets the explorer ``w`` shows (n times).

    The first view cannot cost less than its read plus these: with the image's heatmap and
    the bqplot line plot (13 models) they are a lower bound of the open that no reader
    change moves.
    """
    kinds = [type(v) for v in w.views.children if v.layout.display != "none"]
    times = []
    for _ in range(n):
        gc.collect()
        t0 = time.perf_counter()
        made = [kind() for kind in kinds]
        times.append(time.perf_counter() - t0)
        for widget in made:
            widget.close()
    return times


def _pool(a: dict, b: dict) -> dict:
    """The samples of two rounds of one level as one (``run_level``'s layout)."""
    out = dict(b)  # "blocks": the last round's cache
    for key, value in a.items():
        if isinstance(value, list):
            out[key] = value + b[key]
        elif key in ("sent", "read"):
            out[key] = {label: value[label] + b[key][label] for label in value}
    return out


def _misses(ctx: Any) -> int | None:
    """Block-cache misses so far of a level's dataset (None for plain h5py)."""
    md = getattr(ctx, "md", ctx)
    blocks = getattr(md, "blocks", None)
    return None if blocks is None else blocks.misses


def check_explorer(w: Any, geo: Geometry, state: dict, label: str) -> str:
    """The explorer's arrays equal plain h5py reads of the same slices (after ``label``)."""
    with h5py.File(w.md.filename, "r") as f:
        views = ("map", "line") if geo.line_dims else ("map",)
        raw = geo.floor_read(f[DSET], state, views)
    ok = w.index == state and np.array_equal(w.image, geo.as_view("map", raw["map"]))
    if "line" in raw:
        shown = w.spectrum if geo.plot_dim else w.plane
        ok = ok and np.array_equal(shown, geo.as_view("line", raw["line"]))
    return f"after {label!r}: explorer arrays == h5py reads: {ok}"


# ------------------------------------------------------------------------------------------
# memory (a fresh subprocess per dataset)


def child_main(case_name: str, path: str) -> None:
    """Explore ``path`` like the explorer level and print the peak RSS growth as JSON."""
    case = BY_NAME[case_name]
    gc.collect()
    method = "VmHWM reset via /proc/self/clear_refs"
    base = _proc_status_kib("VmRSS")
    if base is None or not _reset_peak_rss():
        method = "ru_maxrss (peak since process start: growth may be under-reported)"
        base = _ru_maxrss_kib()
    w = explorer(path)
    after_open = _proc_status_kib("VmHWM") if method.startswith("VmHWM") else _ru_maxrss_kib()
    geo = Geometry(w.md)
    state = geo.start()
    for op in make_ops(geo, case):
        for change in op.changes:
            state.update(change)
            w.index = change
    peak = _proc_status_kib("VmHWM") if method.startswith("VmHWM") else _ru_maxrss_kib()
    print(
        json.dumps(
            {
                "baseline_kib": base,
                "open_growth_kib": None if base is None else max(0, after_open - base),
                "growth_kib": None if base is None or peak is None else max(0, peak - base),
                "block_cache_kib": w.md.blocks.nbytes // 1024,
                "method": method,
            }
        )
    )


def measure_rss(case: Case, path: str) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", case.name, "--file", path]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"subprocess failed ({proc.returncode}): {tail}"}
    return json.loads(lines[-1])


# ------------------------------------------------------------------------------------------
# output


def _cell(value: float | None, width: int, digits: int) -> str:
    """A right-aligned number, or a dash when there is none."""
    return f"{value:{width}.{digits}f}" if value is not None else "-".rjust(width)


def _verdict(ratio: float | None, target: float | None) -> str:
    if ratio is None or target is None:
        return ""
    return f"<= {target}: {'met' if ratio <= target else 'MISSED'}"


def print_case(case: Case, info: dict, results: dict[str, dict], ops: list[Op]) -> list[dict]:
    """One table per dataset; returns the explorer-level rows for the summary."""
    print(
        f"\n== {case.name}: {case.title}; chunks {case.chunks}; "
        f"{info['size_mib']:.1f} MiB on disk (Main dataset {case.logical_bytes / MIB:,.0f} MiB)"
    )
    print(f"   written with {info['how']}")
    header = (
        f"{'operation':<44}{'views':<16}{'level':<13}{'median ms':>10}{'max ms':>10}"
        f"{'x floor':>9}  {'KiB sent (buffers + JSON)':<27}target"
    )
    print(header)
    summary = []
    rows = [("open + first view", "open", "first view")] + [
        (op.label, op.kind, op.views) for op in ops
    ]
    for label, kind, views in rows:
        key = "open" if kind == "open" else label
        floor = results["h5py floor"][key]
        floor_med = statistics.median(floor) if floor else None
        for i, level in enumerate(LEVELS):
            times = results[level][key]
            ratio = statistics.median(times) / floor_med if times and floor_med else None
            sent = results[level]["sent"].get(key) if level == "explorer" else None
            sent_txt = ""
            if sent:
                buf = statistics.median(s[0] for s in sent) / 1024
                js = statistics.median(s[1] for s in sent) / 1024
                sent_txt = f"{buf:,.1f} + {js:,.1f}"
            # Targets are about data views; an image's selection marker has no floor to beat.
            target = TARGETS[kind] if views != "selection" else None
            verdict = _verdict(ratio, target) if level == "explorer" else ""
            print(
                f"{label if i == 0 else '':<44}{views if i == 0 else '':<16}{level:<13}"
                f"{_cell(1e3 * statistics.median(times) if times else None, 10, 3)}"
                f"{_cell(1e3 * max(times) if times else None, 10, 3)}"
                f"{_cell(ratio, 9, 2)}  "
                f"{sent_txt:<27}{verdict}"
            )
            read = results[level]["read"].get(key) if kind != "open" else None
            if level == "explorer" and read is not None and times and floor_med:
                med = statistics.median(read) if read else None
                print(
                    f"{'':<60}{'':<13}{len(read)} of {len(times)} changes read the file "
                    "(block cache miss)"
                    + (
                        f": median {1e3 * med:.3f} ms = {med / floor_med:.2f} x floor"
                        if read
                        else ""
                    )
                )
            built = results[level].get("views") if kind == "open" else None
            least = None
            if level == "explorer" and built and floor_med:
                least = (floor_med + statistics.median(built)) / floor_med
                print(
                    f"{'':<60}{'':<13}views alone: {1e3 * statistics.median(built):.3f} ms to "
                    f"build the shown views empty; floor + that = {least:.2f} x floor"
                )
            if level == "explorer":
                summary.append(
                    {
                        "case": case.name,
                        "op": label,
                        "kind": kind,
                        "ratio": ratio,
                        "target": target,
                        "median_ms": 1e3 * statistics.median(times) if times else None,
                        "least": least,
                    }
                )
    hits, misses, nbytes = results["explorer"]["blocks"]
    print(
        f"   explorer block cache after all ops: {hits} hits, {misses} misses, "
        f"{nbytes / MIB:.1f} MiB held"
    )
    checks = results["explorer"]["checks"]
    for line in dict.fromkeys(checks):  # one line per op and outcome, in order
        n = checks.count(line)
        print(f"   check: {line}" + (f" (in {n} rounds)" if n > 1 else ""))
    return summary


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def print_environment(args: argparse.Namespace) -> None:
    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"numpy {np.__version__}, h5py {h5py.__version__} (HDF5 {h5py.version.hdf5_version})")
    print(f"ipywidgets {ipywidgets.__version__}")
    print(f"usid_widgets {usid_widgets.__version__} from {reader_source()}")
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(f"load average at start: {_load()}")


def profile_case(case: Case, path: str, geo: Geometry, ops: list[Op], top: int) -> None:
    """cProfile of the explorer on one dataset: open + first view, then every op's changes."""
    clear_reader_cache()
    for title, run in (("open + first view", None), ("all index changes", ops)):
        profiler = cProfile.Profile()
        if run is None:
            profiler.enable()
            w = explorer(path)
            profiler.disable()
        else:
            for op in run:
                for change in op.changes:
                    profiler.enable()
                    w.index = change
                    profiler.disable()
            w.close()
        for sort in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats(sort)
            stats.print_stats(top)
            print(f"\n== cProfile {case.name}: {title}, by {sort}")
            print(_trim_profile(out.getvalue()))


def _trim_profile(text: str) -> str:
    """The stats table without pstats' header lines and with shortened paths."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(usid_widgets.__file__)))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    keep = [lines[i] for i in range(len(lines)) if i == 0 or i >= start]
    site = os.path.dirname(os.path.dirname(np.__file__))
    return "\n".join(ln.replace(root + os.sep, "").replace(site + os.sep, "") for ln in keep)


# ------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", nargs="+", choices=list(BY_NAME), help="run these datasets (default: all)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="times the levels run in turn, pooled (3)"
    )
    parser.add_argument("--skip-memory", action="store_true", help="no RSS subprocesses")
    parser.add_argument("--profile", action="store_true", help="cProfile the explorer")
    parser.add_argument("--profile-top", type=int, default=18, help="rows per profile (18)")
    parser.add_argument("--child", choices=list(BY_NAME), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    METER.install()
    if args.child:
        child_main(args.child, args.file)
        return
    print_environment(args)
    cases = [BY_NAME[n] for n in args.only] if args.only else list(CASES)
    tmp = tempfile.mkdtemp(prefix="usid_bench_explorer_")
    summary: list[dict] = []
    memory: dict[str, dict] = {}
    try:
        for case in cases:
            path = os.path.join(tmp, f"{case.name}.h5")
            t0 = time.perf_counter()
            how = write_logical(case, path) if case.logical else write_dense(case, path)
            info = {"how": how, "size_mib": os.path.getsize(path) / MIB}
            print(f"\n{case.name}: written in {time.perf_counter() - t0:.1f} s with {how}")
            gc.collect()
            warm_file_cache(path)
            with MainDataset(path, DSET) as md:
                geo = Geometry(md)
            ops = make_ops(geo, case)
            levels = (FloorLevel, ReaderLevel, SlicerLevel, ExplorerLevel)
            results: dict[str, dict] = {}
            for r in range(args.rounds):
                for cls in levels:
                    t0 = time.perf_counter()
                    out = run_level(cls(path, geo), case, ops)
                    results[cls.name] = _pool(results[cls.name], out) if r else out
                    print(
                        f"  round {r + 1}/{args.rounds}, {cls.name}: measured in "
                        f"{time.perf_counter() - t0:.1f} s",
                        flush=True,
                    )
            summary += print_case(case, info, results, ops)
            if not args.skip_memory:
                memory[case.name] = measure_rss(case, path)
                rss = memory[case.name]
                if "error" in rss:
                    print(f"   peak RSS: {rss['error']}")
                else:
                    print(
                        f"   peak RSS growth while exploring (fresh subprocess): "
                        f"{rss['growth_kib'] / 1024:.1f} MiB "
                        f"({rss['growth_kib'] * 1024 / 1e6:.0f} MB; after open + first view "
                        f"{rss['open_growth_kib'] / 1024:.1f} MiB); baseline after imports "
                        f"{rss['baseline_kib'] / 1024:.1f} MiB; {rss['method']}"
                    )
            if args.profile:
                profile_case(case, path, geo, ops, args.profile_top)
            os.remove(path)  # the 1 GiB file need not outlive its measurement
        print_summary(summary, memory)
        print(f"load average at the end: {_load()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def print_summary(summary: list[dict], memory: dict[str, dict]) -> None:
    print("\n== targets (explorer level, median x the h5py floor of the same slices)")
    for row in summary:
        if row["target"] is None:
            continue
        verdict = "met" if row["ratio"] <= row["target"] else "MISSED"
        least = row.get("least")
        print(
            f"{row['case']:<14}{row['op']:<44}{row['median_ms']:10.3f} ms {row['ratio']:8.2f}x"
            f"  target <= {row['target']}: {verdict}"
            + (f" (floor + views alone: {least:.2f}x)" if least is not None else "")
        )
    rss = memory.get("4d-stem")
    if rss and "growth_kib" in rss:
        mb = rss["growth_kib"] * 1024 / 1e6
        verdict = "met" if mb < MEMORY_TARGET_MB else "MISSED"
        print(
            f"{'4d-stem':<14}{'peak RSS growth while exploring':<44}{mb:10.0f} MB"
            f"{'':10}  target < {MEMORY_TARGET_MB} MB: {verdict}"
        )


if __name__ == "__main__":
    main()
