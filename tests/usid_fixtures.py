"""A catalogue of h5USID fixture files, written with the package's own writer.

Every ``make_*`` function writes one file into a folder and returns a :class:`Case`: the file's
path and, for each Main dataset in it (in ``visititems`` order), the truth the reader must
reproduce: the N-d array (NaN where nothing was measured), the dimensions slow -> fast, the
layout of both axes and the number of sampled positions.

The truth is computed here from the indices this module writes (each row / column is placed at
its own index tuple), never by reshaping the way a reader would, so a reader that reshapes a
permuted scan, trusts the file's column order or drops a size-1 dimension disagrees with it.

``make_invalid_*`` functions write files whose ``/Broken/Raw_Data`` fails one (or several) of the
rules of a Main dataset (docs/usid-format.md, section 1), next to a valid ``/Valid/Raw_Data``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import prod
from pathlib import Path

import h5py
import numpy as np

from usid_widgets.writer import (
    Dimension,
    create_results_group,
    write_ancillary,
    write_main,
    write_main_raw,
)

F32 = np.float32


# --------------------------------------------------------------------------------------------
# what a case promises


@dataclass
class ExpDim:
    """An expected dimension. ``name is None`` marks a raw axis (sparse positions, repeated
    steps): one axis of ``size`` entries in file order whose name and values are the reader's
    choice."""

    name: str | None
    units: str | None
    values: np.ndarray | None
    size: int
    kind: str

    @property
    def raw(self) -> bool:
        return self.name is None


@dataclass
class ExpMain:
    """The truth of one Main dataset."""

    path: str
    truth: np.ndarray
    dims: list[ExpDim]
    layout: dict[str, str]
    n_points: int
    quantity: str
    units: str
    coords: np.ndarray | None = None  # sparse: Position_Values per row, (n_points, n_pos_dims)
    note: str = ""

    @property
    def pos_dims(self) -> list[ExpDim]:
        return [d for d in self.dims if d.kind == "position"]

    @property
    def spec_dims(self) -> list[ExpDim]:
        return [d for d in self.dims if d.kind == "spectroscopic"]


@dataclass
class Case:
    name: str
    path: Path
    mains: list[ExpMain]
    tags: set[str] = field(default_factory=set)


@dataclass
class InvalidCase:
    """``dataset`` fails the rules; ``expect`` lists, per failed rule, words of which at least
    one must appear in the error message (case-insensitive); ``forbid`` lists words that must not
    (the parts of the dataset that are fine)."""

    name: str
    path: Path
    dataset: str
    valid: str
    expect: list[tuple[str, ...]]
    forbid: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# helpers


def _dim(name: str, units: str, values, kind: str) -> ExpDim:
    v = np.asarray(values, dtype=F32).astype(np.float64)
    return ExpDim(name, units, v, v.size, kind)


def _raw(size: int, kind: str) -> ExpDim:
    return ExpDim(None, None, None, size, kind)


def _place(data2d: np.ndarray, pos_idx, spec_idx, pos_sizes, spec_sizes) -> np.ndarray:
    """Scatter ``data2d[r, c]`` to ``truth[pos_idx[r], spec_idx[c]]``; unmeasured cells NaN.

    ``pos_idx`` is (n_rows, k) in the expected dims order (slowest first); ``None`` is a raw
    axis (entry r goes to position r). Likewise ``spec_idx`` (n_cols, k).
    """
    n_rows, n_cols = data2d.shape
    if pos_idx is None:
        pos_idx, pos_sizes = np.arange(n_rows)[:, None], (n_rows,)
    if spec_idx is None:
        spec_idx, spec_sizes = np.arange(n_cols)[:, None], (n_cols,)
    pos_idx, spec_idx = np.asarray(pos_idx), np.asarray(spec_idx)
    shape = tuple(pos_sizes) + tuple(spec_sizes)
    complete = prod(shape) == data2d.size
    dtype = data2d.dtype
    if not complete and dtype.kind not in "fc":
        dtype = np.dtype(np.float64)
    truth = np.zeros(shape, dtype=dtype) if complete else np.full(shape, np.nan, dtype=dtype)
    index = tuple(pos_idx[:, None, j] for j in range(pos_idx.shape[1])) + tuple(
        spec_idx[None, :, j] for j in range(spec_idx.shape[1])
    )
    seen = np.zeros(shape, dtype=np.int64)
    np.add.at(seen, index, 1)
    assert seen.max() == 1, "fixture bug: two entries at one cell"
    truth[index] = data2d
    return truth


def _anc(group, kind, idx_cols, per_index_values, labels, units, basename=None, attrs=None):
    """Write ancillary datasets from indices in file order (n, k) and the per-index values of
    each of those k dimensions."""
    idx_cols = np.asarray(idx_cols)
    vals = np.column_stack(
        [np.asarray(per_index_values[j])[idx_cols[:, j]] for j in range(idx_cols.shape[1])]
    )
    if kind == "spectroscopic":
        idx_cols, vals = idx_cols.T, vals.T
    basename = basename or ("Position" if kind == "position" else "Spectroscopic")
    return write_ancillary(group, basename, idx_cols, vals, labels, units, kind=kind, attrs=attrs)


def _grid(sizes: Sequence[int]) -> np.ndarray:
    """C-order grid indices, slowest first: (prod(sizes), len(sizes))."""
    return np.indices(sizes).reshape(len(sizes), -1).T


def _rng(name: str) -> np.random.Generator:
    return np.random.default_rng(sum(map(ord, name)))


def _distinct(rng, shape, dtype=F32) -> np.ndarray:
    """Distinct values (a permutation of 1..n plus a fraction), so misplacement shows."""
    n = prod(shape)
    base = rng.permutation(n).astype(np.float64) + 1
    if np.dtype(dtype).kind == "f":
        base = base + 0.25
    return base.astype(dtype).reshape(shape)


def _new_file(folder: Path, name: str) -> tuple[Path, h5py.File]:
    path = Path(folder) / f"{name}.h5"
    return path, h5py.File(path, "w")


def _regular_case(
    folder, name, pos, spec, data, quantity="Current", units="nA", tags=(), **kwargs
) -> Case:
    """A file written by ``write_main`` (slowest-first columns) in Measurement_000/Channel_000."""
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        write_main(g, "Raw_Data", data, pos, spec, quantity, units, **kwargs)
    p_sizes = tuple(d.size for d in pos)
    s_sizes = tuple(d.size for d in spec)
    dims = [_dim(d.name, d.units, d.values, "position") for d in pos]
    dims += [_dim(d.name, d.units, d.values, "spectroscopic") for d in spec]
    truth = np.asarray(data).reshape(p_sizes + s_sizes)
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "regular", "spectroscopic": "regular"},
        prod(p_sizes),
        quantity,
        units,
    )
    return Case(name, path, [main], set(tags))


# --------------------------------------------------------------------------------------------
# regular grids, column order


Y3 = Dimension("Y", "nm", [0.0, 1.5, 3.0])
X4 = Dimension("X", "nm", [0.0, 0.5, 1.0, 1.5])
CYCLE2 = Dimension("Cycle", "", [0, 1])
BIAS5 = Dimension("Bias", "V", [-1.0, -0.5, 0.0, 0.5, 1.0])


def make_regular_new(folder: Path) -> Case:
    """pyUSID >= 0.0.7 order: slowest dimension first (Y, X; Cycle, Bias)."""
    data = _distinct(_rng("regular_new"), (3, 4, 2, 5))
    return _regular_case(folder, "regular_new", [Y3, X4], [CYCLE2, BIAS5], data, tags={"regular"})


def make_regular_old(folder: Path) -> Case:
    """pyUSID < 0.0.7 order: fastest dimension first (X, Y; Bias, Cycle), like the STEM file."""
    name = "regular_old"
    data = _distinct(_rng(name), (3, 4, 2, 5))
    pos = _grid((3, 4))  # (y, x) per row, slowest first
    spec = _grid((2, 5))  # (cycle, bias) per column
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos[:, ::-1], [X4.values, Y3.values], ["X", "Y"], ["nm", "nm"])
        si, sv = _anc(
            g,
            "spectroscopic",
            spec[:, ::-1],
            [BIAS5.values, CYCLE2.values],
            ["Bias", "Cycle"],
            ["V", ""],
        )
        write_main_raw(
            g,
            "Raw_Data",
            data.reshape(12, 10),
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Current",
            units="nA",
        )
    dims = [
        _dim("Y", "nm", Y3.values, "position"),
        _dim("X", "nm", X4.values, "position"),
        _dim("Cycle", "", CYCLE2.values, "spectroscopic"),
        _dim("Bias", "V", BIAS5.values, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        data,
        dims,
        {"position": "regular", "spectroscopic": "regular"},
        12,
        "Current",
        "nA",
    )
    return Case(name, path, [main], {"regular", "old_order"})


# --------------------------------------------------------------------------------------------
# permuted


def make_serpentine(folder: Path) -> Case:
    """A serpentine (boustrophedon) scan: odd rows run right to left."""
    name = "serpentine"
    ny, nx, ns = 4, 5, 6
    rows = []
    for r in range(ny * nx):
        y, k = divmod(r, nx)
        rows.append((y, k if y % 2 == 0 else nx - 1 - k))
    pos = np.array(rows)
    yv, xv, bv = np.arange(ny) * 2.0, np.arange(nx) * 0.25, np.linspace(0, 5, ns)
    data2d = _distinct(_rng(name), (ny * nx, ns))
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos, [yv, xv], ["Y", "X"], ["um", "um"])
        si, sv = _anc(g, "spectroscopic", _grid((ns,)), [bv], ["Bias"], ["V"])
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Deflection",
            units="V",
        )
    truth = _place(data2d, pos, _grid((ns,)), (ny, nx), (ns,))
    dims = [
        _dim("Y", "um", yv, "position"),
        _dim("X", "um", xv, "position"),
        _dim("Bias", "V", bv, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "permuted", "spectroscopic": "regular"},
        ny * nx,
        "Deflection",
        "V",
    )
    return Case(name, path, [main], {"permuted"})


def make_descending(folder: Path) -> Case:
    """X scanned right to left in every row; the bias sweep stored from its last index down."""
    name = "descending"
    ny, nx, ns = 3, 3, 5
    pos = np.array([(r // nx, nx - 1 - r % nx) for r in range(ny * nx)])
    spec = np.arange(ns)[::-1, None]
    yv, xv = np.array([0.0, 1.0, 2.0]), np.array([10.0, 20.0, 30.0])
    bv = -1.0 + 0.5 * np.arange(ns)  # value of index i; stored columns run 1.0 .. -1.0
    data2d = _distinct(_rng(name), (ny * nx, ns))
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos, [yv, xv], ["Y", "X"], ["nm", "nm"])
        si, sv = _anc(g, "spectroscopic", spec, [bv], ["Bias"], ["V"])
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Current",
            units="pA",
        )
    truth = _place(data2d, pos, spec, (ny, nx), (ns,))
    dims = [
        _dim("Y", "nm", yv, "position"),
        _dim("X", "nm", xv, "position"),
        _dim("Bias", "V", bv, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "permuted", "spectroscopic": "permuted"},
        ny * nx,
        "Current",
        "pA",
    )
    return Case(name, path, [main], {"permuted"})


# --------------------------------------------------------------------------------------------
# sparse


FREQ3 = np.array([300.0, 310.0, 320.0])


def _sparse_file(folder, name, pos_idx, xv, yv, attrs, n_spec=3) -> Case:
    n = pos_idx.shape[0]
    data2d = _distinct(_rng(name), (n, n_spec))
    fv = FREQ3[:n_spec] if n_spec <= 3 else np.arange(n_spec) * 10.0
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos_idx, [xv, yv], ["X", "Y"], ["nm", "um"], attrs=attrs)
        si, sv = _anc(g, "spectroscopic", _grid((n_spec,)), [fv], ["Frequency"], ["kHz"])
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Cantilever Deflection",
            units="V",
        )
    coords = np.column_stack(
        [np.asarray(xv, F32)[pos_idx[:, 0]], np.asarray(yv, F32)[pos_idx[:, 1]]]
    ).astype(np.float64)
    dims = [_raw(n, "position"), _dim("Frequency", "kHz", fv, "spectroscopic")]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        data2d.copy(),
        dims,
        {"position": "sparse", "spectroscopic": "regular"},
        n,
        "Cantilever Deflection",
        "V",
        coords=coords,
    )
    return Case(name, path, [main], {"sparse"})


def make_sparse_diagonal(folder: Path) -> Case:
    """USID's sparse convention: indices 0..n-1 in every column, values at random spots."""
    rng = _rng("sparse_diagonal")
    n = 8
    xv = np.round(rng.uniform(0, 100, n), 2)
    yv = np.round(rng.uniform(0, 5, n), 3)
    pos = np.column_stack([np.arange(n), np.arange(n)])
    return _sparse_file(folder, "sparse_diagonal", pos, xv, yv, None)


# 7 cells of a 4 x 4 grid, in the order they were visited: not a prefix, not a diagonal
_SCATTERED = np.array([(2, 1), (0, 3), (3, 3), (1, 0), (2, 2), (0, 0), (3, 1)])  # (x, y)
# the same visits, the fifth back at the first cell: no grid holds both
_REVISITED = np.array([(2, 1), (0, 3), (3, 3), (1, 0), (2, 1), (0, 0), (3, 1)])  # (x, y)


def make_sparse_attr(folder: Path) -> Case:
    """Cells of a grid declared sparse by ``incomplete_dimensions``, one visited twice: the
    indices cannot be placed on a grid, so a point cloud."""
    xv, yv = np.arange(4) * 25.0, np.arange(4) * 1.25
    return _sparse_file(
        folder, "sparse_attr", _REVISITED, xv, yv, {"incomplete_dimensions": ["X", "Y"]}, 4
    )


def make_sparse_type(folder: Path) -> Case:
    """The same revisited cells, declared sparse by pyUSID's ``type`` attribute (1 per dim:
    ``DimType.INCOMPLETE``)."""
    xv, yv = np.arange(4) * 25.0, np.arange(4) * 1.25
    return _sparse_file(
        folder, "sparse_type", _REVISITED, xv, yv, {"type": np.array([1, 1], dtype=np.int64)}, 4
    )


def _incomplete_file(folder: Path, name: str, attrs: dict) -> Case:
    """7 scattered cells of a 4 x 4 grid (``_SCATTERED``) with ``attrs`` declaring the
    dimensions incomplete: the grid, NaN in the 9 cells never sampled."""
    xv, yv = np.arange(4) * 25.0, np.arange(4) * 1.25
    case = _sparse_file(folder, name, _SCATTERED, xv, yv, attrs, 4)
    sparse = case.mains[0]
    fv = np.arange(4) * 10.0
    # Y changes 5 times along the rows, X 6 times: Y is the slower dim, so rows = Y
    truth = _place(sparse.truth, _SCATTERED[:, ::-1], _grid((4,)), (4, 4), (4,))
    dims = [
        _dim("Y", "um", yv, "position"),
        _dim("X", "nm", xv, "position"),
        _dim("Frequency", "kHz", fv, "spectroscopic"),
    ]
    main = ExpMain(
        sparse.path,
        truth,
        dims,
        {"position": "incomplete", "spectroscopic": "regular"},
        len(_SCATTERED),
        sparse.quantity,
        sparse.units,
    )
    return Case(name, case.path, [main], {"incomplete"})


def make_incomplete_attr(folder: Path) -> Case:
    """Scattered cells of a grid, declared by ``incomplete_dimensions``: placed on the grid."""
    return _incomplete_file(folder, "incomplete_attr", {"incomplete_dimensions": ["X", "Y"]})


def make_incomplete_type(folder: Path) -> Case:
    """The same cells declared by pyUSID's ``type`` attribute (``DimType.INCOMPLETE``)."""
    return _incomplete_file(folder, "incomplete_type", {"type": np.array([1, 1], dtype=np.int64)})


# --------------------------------------------------------------------------------------------
# incomplete, dependent, repeated


def _aborted(folder: Path, name: str, dtype) -> Case:
    ny, nx, ns, measured = 4, 5, 3, 13
    yv, xv, bv = np.arange(ny) * 1.0, np.arange(nx) * 2.0, np.array([-2.0, 0.0, 2.0])
    pos = _grid((ny, nx))[:measured]
    data2d = _distinct(_rng(name), (measured, ns), dtype)
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos, [yv, xv], ["Y", "X"], ["nm", "nm"])
        si, sv = _anc(g, "spectroscopic", _grid((ns,)), [bv], ["Bias"], ["V"])
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Current",
            units="nA",
        )
    # The Indices alone define the shape: the scan stopped in row 2, so Y has 3 distinct
    # indices (rows 3.. never started and nothing in the file says they were planned).
    ny_seen = len(np.unique(pos[:, 0]))
    truth = _place(data2d, pos, _grid((ns,)), (ny_seen, nx), (ns,))
    dims = [
        _dim("Y", "nm", yv[:ny_seen], "position"),
        _dim("X", "nm", xv, "position"),
        _dim("Bias", "V", bv, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "incomplete", "spectroscopic": "regular"},
        measured,
        "Current",
        "nA",
    )
    return Case(name, path, [main], {"incomplete"})


def make_aborted(folder: Path) -> Case:
    """An aborted 4 x 5 scan: only the first 13 cells were measured (rows 0, 1 and 3 cells of
    row 2); the reader shows a 3 x 5 grid with the last 2 cells NaN."""
    return _aborted(folder, "aborted", F32)


def make_aborted_int(folder: Path) -> Case:
    """The same aborted scan with int16 data: the NaN-filled result must be float."""
    return _aborted(folder, "aborted_int", np.int16)


def make_dependent(folder: Path) -> Case:
    """A spectroscopic 'Field' (off, on) that is a function of the Bias step: dropping it leaves
    a complete Bias grid."""
    name = "dependent"
    ny, nx, nb = 2, 3, 8
    bv = np.array([0.0, 1.0, 2.0, 3.0, 3.0, 2.0, 1.0, 0.0])
    spec = np.column_stack([np.arange(nb) // 4, np.arange(nb)])  # (field, bias)
    data2d = _distinct(_rng(name), (ny * nx, nb))
    yv, xv = np.arange(ny) * 1.0, np.arange(nx) * 1.0
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", _grid((ny, nx)), [yv, xv], ["Y", "X"], ["nm", "nm"])
        si, sv = _anc(
            g, "spectroscopic", spec, [np.array([0.0, 1.0]), bv], ["Field", "Bias"], ["", "V"]
        )
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Amplitude",
            units="nm",
        )
    truth = data2d.reshape(ny, nx, nb)
    dims = [
        _dim("Y", "nm", yv, "position"),
        _dim("X", "nm", xv, "position"),
        _dim("Bias", "V", bv, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "regular", "spectroscopic": "dependent"},
        ny * nx,
        "Amplitude",
        "nm",
        note="Field is dependent on Bias",
    )
    return Case(name, path, [main], {"dependent"})


def make_repeated(folder: Path) -> Case:
    """Two bias sweeps without a Cycle dimension: the Bias index never resets, combinations
    repeat, so the spectroscopic axis can only be shown raw."""
    name = "repeated"
    ny, nx, nb = 2, 3, 5
    spec = np.concatenate([np.arange(nb), np.arange(nb)])[:, None]
    bv = np.linspace(-2, 2, nb)
    data2d = _distinct(_rng(name), (ny * nx, 2 * nb))
    yv, xv = np.arange(ny) * 1.0, np.arange(nx) * 1.0
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", _grid((ny, nx)), [yv, xv], ["Y", "X"], ["nm", "nm"])
        si, sv = _anc(g, "spectroscopic", spec, [bv], ["Bias"], ["V"])
        write_main_raw(
            g,
            "Raw_Data",
            data2d,
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Current",
            units="nA",
        )
    truth = data2d.reshape(ny, nx, 2 * nb)
    dims = [
        _dim("Y", "nm", yv, "position"),
        _dim("X", "nm", xv, "position"),
        _raw(2 * nb, "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        truth,
        dims,
        {"position": "regular", "spectroscopic": "irregular"},
        ny * nx,
        "Current",
        "nA",
    )
    return Case(name, path, [main], {"irregular"})


# --------------------------------------------------------------------------------------------
# size-1 dimensions, few and many dimensions


def make_image_none(folder: Path) -> Case:
    """A uint8 image like the STEM file: X first (old order), spectroscopic label ``None``."""
    name = "image_none"
    ny, nx = 5, 6
    image = (_distinct(_rng(name), (ny, nx), np.float64) * 7 % 256).astype(np.uint8)
    pos = _grid((ny, nx))
    yv, xv = np.arange(ny) * 1e-9, np.arange(nx) * 1e-9
    path, f = _new_file(folder, name)
    with f:
        g = f.create_group("Measurement_000/Channel_000")
        pi, pv = _anc(g, "position", pos[:, ::-1], [xv, yv], ["X", "Y"], ["nm", "nm"])
        si, sv = _anc(g, "spectroscopic", np.zeros((1, 1), int), [[0.0]], ["None"], ["a.u."])
        write_main_raw(
            g,
            "Raw_Data",
            image.reshape(-1, 1),
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Intensity",
            units="a.u.",
            chunks=(7, 1),
        )
    dims = [
        _dim("Y", "nm", yv, "position"),
        _dim("X", "nm", xv, "position"),
        _dim("None", "a.u.", [0.0], "spectroscopic"),
    ]
    main = ExpMain(
        "/Measurement_000/Channel_000/Raw_Data",
        image.reshape(ny, nx, 1),
        dims,
        {"position": "regular", "spectroscopic": "regular"},
        ny * nx,
        "Intensity",
        "a.u.",
    )
    return Case(name, path, [main], {"size1", "uint8", "old_order"})


def make_single_curve(folder: Path) -> Case:
    """One spectrum: a size-1 position dimension ``arb`` (write_main's default)."""
    zv = Dimension("Z", "m", np.linspace(0, 1e-6, 12))
    data = _distinct(_rng("single_curve"), (12,))
    case = _regular_case(folder, "single_curve", [], [zv], data, "Deflection", "m", {"size1"})
    m = case.mains[0]
    m.truth = data.reshape(1, 12)
    m.dims.insert(0, _dim("arb", "a.u.", [1.0], "position"))
    m.n_points = 1
    return case


def make_single_step(folder: Path) -> Case:
    """A size-1 ``Single_Step`` between two real spectroscopic dimensions."""
    pos = [Dimension("Y", "nm", [0.0, 1.0, 2.0]), Dimension("X", "nm", [0.0, 1.0])]
    spec = [CYCLE2, Dimension("Single_Step", "a.u.", [0]), Dimension("Bias", "V", [0, 1, 2, 3])]
    data = _distinct(_rng("single_step"), (3, 2, 2, 1, 4))
    return _regular_case(folder, "single_step", pos, spec, data, tags={"size1"})


def make_single_position_2d(folder: Path) -> Case:
    """One position with two position dims: Position_Indices has shape (1, 2)."""
    pos = [Dimension("Y", "um", [7.0]), Dimension("X", "um", [2.5])]
    spec = [Dimension("Bias", "V", np.linspace(-3, 3, 7))]
    data = _distinct(_rng("single_position_2d"), (1, 1, 7))
    return _regular_case(folder, "single_position_2d", pos, spec, data, tags={"size1"})


def make_three_pos(folder: Path) -> Case:
    pos = [
        Dimension("Z", "nm", [0.0, 5.0]),
        Dimension("Y", "nm", [0.0, 1.0, 2.0]),
        Dimension("X", "nm", [0.0, 1.0, 2.0, 3.0]),
    ]
    spec = [Dimension("Bias", "V", [-1.0, 0.0, 1.0])]
    data = _distinct(_rng("three_pos"), (2, 3, 4, 3))
    return _regular_case(folder, "three_pos", pos, spec, data, tags={"regular", "ndim"})


def make_four_spec(folder: Path) -> Case:
    pos = [Dimension("Y", "nm", [0.0, 1.0]), Dimension("X", "nm", [0.0, 1.0, 2.0])]
    spec = [
        Dimension("Field", "", [0, 1]),
        Dimension("Cycle", "", [0, 1]),
        Dimension("Frequency", "kHz", [300.0, 310.0, 320.0]),
        Dimension("Bias", "V", [-1.5, -0.5, 0.5, 1.5]),
    ]
    data = _distinct(_rng("four_spec"), (2, 3, 2, 2, 3, 4))
    return _regular_case(folder, "four_spec", pos, spec, data, tags={"regular", "ndim"})


# --------------------------------------------------------------------------------------------
# data types


def _typed(folder: Path, name: str, data: np.ndarray, tags: set[str]) -> Case:
    pos = [Dimension("Y", "nm", [0.0, 1.0, 2.0]), Dimension("X", "nm", [0.0, 1.0, 2.0, 3.0])]
    spec = [Dimension("Frequency", "kHz", [300.0, 305.0, 310.0, 315.0, 320.0])]
    return _regular_case(folder, name, pos, spec, data, "Response", "V", tags)


def make_complex64(folder: Path) -> Case:
    rng = _rng("complex64")
    data = (_distinct(rng, (3, 4, 5)) + 1j * (_distinct(rng, (3, 4, 5)) - 30)).astype(np.complex64)
    return _typed(folder, "complex64", data, {"complex"})


def make_complex128(folder: Path) -> Case:
    rng = _rng("complex128")
    data = _distinct(rng, (3, 4, 5), np.float64) * np.exp(1j * rng.uniform(-3, 3, (3, 4, 5)))
    return _typed(folder, "complex128", data.astype(np.complex128), {"complex"})


def make_compound_ri(folder: Path) -> Case:
    """A compound with members r and i: h5py reads it back as complex64."""
    rng = _rng("compound_ri")
    data = np.zeros((3, 4, 5), dtype=[("r", F32), ("i", F32)])
    data["r"], data["i"] = _distinct(rng, (3, 4, 5)), -_distinct(rng, (3, 4, 5))
    case = _typed(folder, "compound_ri", data, {"compound", "complex"})
    case.mains[0].truth = (data["r"] + 1j * data["i"]).astype(np.complex64)
    return case


COMPOUND3 = np.dtype([("amplitude", F32), ("phase", F32), ("quality", np.float64)])


def make_compound3(folder: Path) -> Case:
    """A three-field compound (band-excitation fit results)."""
    rng = _rng("compound3")
    data = np.zeros((3, 4, 5), dtype=COMPOUND3)
    for k, fname in enumerate(COMPOUND3.names):
        data[fname] = _distinct(rng, (3, 4, 5)) * (k + 1)
    return _typed(folder, "compound3", data, {"compound"})


# --------------------------------------------------------------------------------------------
# shared ancillary datasets, strings, values


def make_shared(folder: Path) -> Case:
    """Four channels sharing one ancillary set in Measurement_000 (like the PFM file)."""
    name = "shared"
    ny, nx = 4, 6
    yv, xv = np.arange(ny) * 1e-8, np.arange(nx) * 1e-8
    quantities = ["HeightRetrace", "AmplitudeRetrace", "DeflectionRetrace", "PhaseRetrace"]
    units = ["m", "m", "m", "deg"]
    rng = _rng(name)
    images = [_distinct(rng, (ny, nx)) * (k + 1) for k in range(4)]
    path, f = _new_file(folder, name)
    with f:
        m = f.create_group("Measurement_000")
        pi, pv = _anc(m, "position", _grid((ny, nx))[:, ::-1], [xv, yv], ["X", "Y"], ["m", "m"])
        si, sv = _anc(m, "spectroscopic", np.zeros((1, 1), int), [[1.0]], ["arb"], ["a.u."])
        for k in range(4):
            g = m.create_group(f"Channel_{k:03d}")
            write_main_raw(
                g,
                "Raw_Data",
                images[k].reshape(-1, 1),
                pos_inds=pi,
                pos_vals=pv,
                spec_inds=si,
                spec_vals=sv,
                quantity=quantities[k],
                units=units[k],
            )
    mains = []
    for k in range(4):
        dims = [
            _dim("Y", "m", yv, "position"),
            _dim("X", "m", xv, "position"),
            _dim("arb", "a.u.", [1.0], "spectroscopic"),
        ]
        mains.append(
            ExpMain(
                f"/Measurement_000/Channel_{k:03d}/Raw_Data",
                images[k].reshape(ny, nx, 1),
                dims,
                {"position": "regular", "spectroscopic": "regular"},
                ny * nx,
                quantities[k],
                units[k],
            )
        )
    return Case(name, path, mains, {"shared", "old_order"})


def make_utf8_units(folder: Path) -> Case:
    """Non-ASCII units (µm, µA) in labels/units and the main units; a non-ASCII label."""
    pos = [Dimension("Y", "µm", [0.0, 0.5, 1.0]), Dimension("X", "µm", [0.0, 0.5])]
    spec = [Dimension("Température", "°C", [20.0, 40.0, 60.0, 80.0])]
    data = _distinct(_rng("utf8_units"), (3, 2, 4))
    return _regular_case(folder, "utf8_units", pos, spec, data, "Courant", "µA", {"strings"})


def make_bytes_attrs(folder: Path) -> Case:
    """``quantity``/``units`` stored as fixed-length bytes instead of vlen str."""
    pos = [Dimension("Y", "nm", [0.0, 1.0]), Dimension("X", "nm", [0.0, 1.0, 2.0])]
    spec = [Dimension("Bias", "V", [0.0, 1.0])]
    data = _distinct(_rng("bytes_attrs"), (2, 3, 2))
    case = _regular_case(
        folder, "bytes_attrs", pos, spec, data, b"Current", "µA".encode(), {"strings"}
    )
    case.mains[0].quantity, case.mains[0].units = "Current", "µA"
    return case


def make_str_labels(folder: Path) -> Case:
    """Ancillary labels/units stored as vlen str arrays (some writers do) instead of bytes."""
    case = make_regular_new(folder)
    path = Path(folder) / "str_labels.h5"
    path.write_bytes(case.path.read_bytes())
    with h5py.File(path, "r+") as f:
        g = f["Measurement_000/Channel_000"]
        for dname in ("Position_Indices", "Position_Values"):
            g[dname].attrs.create("labels", ["Y", "X"], dtype=h5py.string_dtype())
            g[dname].attrs.create("units", ["nm", "nm"], dtype=h5py.string_dtype())
        for dname in ("Spectroscopic_Indices", "Spectroscopic_Values"):
            g[dname].attrs.create("labels", ["Cycle", "Bias"], dtype=h5py.string_dtype())
            g[dname].attrs.create("units", ["", "V"], dtype=h5py.string_dtype())
    return Case("str_labels", path, case.mains, {"strings"})


def make_nonmonotonic(folder: Path) -> Case:
    """A force curve: Z rises (approach) then falls (retract); indices are plain 0..n-1."""
    n = 40
    zv = np.concatenate([np.linspace(0, 1, n // 2), np.linspace(1, 0.05, n // 2)]) * 1e-6
    data = _distinct(_rng("nonmonotonic"), (2, n))
    case = _regular_case(
        folder,
        "nonmonotonic",
        [Dimension("X", "a. u.", [0.0, 1.0])],
        [Dimension("Z", "m", zv)],
        data,
        "Deflection",
        "m",
        {"nonmonotonic"},
    )
    return case


def make_results(folder: Path) -> Case:
    """Raw_Data plus a results group ``Raw_Data-Simple_Process_000`` (Main ``Results`` sharing
    the source's position datasets, ``completed_positions``) and an empty second one."""
    name = "results"
    case = _regular_case(
        folder, name, [Y3, X4], [BIAS5], _distinct(_rng(name), (3, 4, 5)), tags={"results"}
    )
    result = _distinct(_rng(name + "r"), (12, 1))
    with h5py.File(case.path, "r+") as f:
        src = f["Measurement_000/Channel_000/Raw_Data"]
        grp = create_results_group(src, "Simple_Process")
        si, sv = write_ancillary(
            grp, "Spectroscopic", [[0]], [[0.0]], ["arb"], [""], kind="spectroscopic"
        )
        write_main_raw(
            grp,
            "Results",
            result,
            pos_inds=f[src.attrs["Position_Indices"]],
            pos_vals=f[src.attrs["Position_Values"]],
            spec_inds=si,
            spec_vals=sv,
            quantity="Results",
            units="Units",
        )
        done = np.zeros(12, np.uint8)
        done[:5] = 1
        grp.create_dataset("completed_positions", data=done)
        create_results_group(src, "Simple_Process")  # an empty, unfinished one
    dims = [
        _dim("Y", "nm", Y3.values, "position"),
        _dim("X", "nm", X4.values, "position"),
        _dim("arb", "", [0.0], "spectroscopic"),
    ]
    case.mains.append(
        ExpMain(
            "/Measurement_000/Channel_000/Raw_Data-Simple_Process_000/Results",
            result.reshape(3, 4, 1),
            dims,
            {"position": "regular", "spectroscopic": "regular"},
            12,
            "Results",
            "Units",
        )
    )
    return case


def make_large_chunked(folder: Path, ny=256, nx=256, ns=64, chunks=(1024, 8)) -> Case:
    """A 16 MB float32 (65536, 64) Main dataset chunked for maps; for laziness tests."""
    pos = [Dimension("Y", "nm", np.arange(ny) * 1.0), Dimension("X", "nm", np.arange(nx) * 1.0)]
    spec = [Dimension("Bias", "V", np.linspace(-1, 1, ns))]
    data = np.random.default_rng(3).standard_normal((ny, nx, ns)).astype(F32)
    return _regular_case(folder, "large_chunked", pos, spec, data, chunks=chunks, tags={"large"})


CATALOGUE: dict[str, Callable[[Path], Case]] = {
    "regular_new": make_regular_new,
    "regular_old": make_regular_old,
    "serpentine": make_serpentine,
    "descending": make_descending,
    "sparse_diagonal": make_sparse_diagonal,
    "sparse_attr": make_sparse_attr,
    "sparse_type": make_sparse_type,
    "incomplete_attr": make_incomplete_attr,
    "incomplete_type": make_incomplete_type,
    "aborted": make_aborted,
    "aborted_int": make_aborted_int,
    "dependent": make_dependent,
    "repeated": make_repeated,
    "image_none": make_image_none,
    "single_curve": make_single_curve,
    "single_step": make_single_step,
    "single_position_2d": make_single_position_2d,
    "three_pos": make_three_pos,
    "four_spec": make_four_spec,
    "complex64": make_complex64,
    "complex128": make_complex128,
    "compound_ri": make_compound_ri,
    "compound3": make_compound3,
    "shared": make_shared,
    "utf8_units": make_utf8_units,
    "bytes_attrs": make_bytes_attrs,
    "str_labels": make_str_labels,
    "nonmonotonic": make_nonmonotonic,
    "results": make_results,
}


def build_catalogue(folder: Path) -> dict[str, Case]:
    """Write every catalogue file into ``folder`` (one subfolder per case)."""
    out = {}
    for name, make in CATALOGUE.items():
        sub = Path(folder) / name
        sub.mkdir(parents=True, exist_ok=True)
        out[name] = make(sub)
    return out


# --------------------------------------------------------------------------------------------
# invalid files: one per rule of a Main dataset, plus one failing several


MISSING = ("missing", "not found", "absent", "no attribute", "lacks", "has no")
REFS = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")


def _valid_pair(f: h5py.File) -> h5py.Dataset:
    """/Valid/Raw_Data (a control) and /Broken/Raw_Data (to be broken), both valid for now."""
    data = np.arange(12 * 5, dtype=F32).reshape(3, 4, 5)
    for gname in ("Valid", "Broken"):
        write_main(f.create_group(gname), "Raw_Data", data, [Y3, X4], [BIAS5], "Current", "nA")
    return f["Broken/Raw_Data"]


def _invalid(folder, name, breaker, expect, forbid=()) -> InvalidCase:
    path = Path(folder) / f"{name}.h5"
    with h5py.File(path, "w") as f:
        breaker(f, _valid_pair(f))
    return InvalidCase(name, path, "/Broken/Raw_Data", "/Valid/Raw_Data", expect, tuple(forbid))


def _not_2d(f, d):
    g = f["Broken"]
    attrs = dict(d.attrs)
    del g["Raw_Data"]
    new = g.create_dataset("Raw_Data", data=np.zeros((12, 5, 1), F32))
    for k, v in attrs.items():
        new.attrs[k] = v


def _missing_ref(attr):
    def breaker(f, d):
        del d.attrs[attr]

    return breaker


def _dangling(f, d):
    g = f["Broken"]
    tmp = g.create_dataset("Position_Values_old", data=g["Position_Values"][()])
    for k, v in g["Position_Values"].attrs.items():
        tmp.attrs[k] = v
    d.attrs["Position_Values"] = tmp.ref
    del g["Position_Values_old"]  # last write to the file: its space is not reused


def _ref_to_group(f, d):
    d.attrs["Spectroscopic_Indices"] = f["Broken"].ref


def _ref_is_text(f, d):
    d.attrs["Position_Indices"] = "/Broken/Position_Indices"


def _anc_1d(f, d):
    g = f["Broken"]
    attrs = dict(g["Position_Indices"].attrs)
    del g["Position_Indices"]
    new = g.create_dataset("Position_Indices", data=np.arange(12, dtype=np.uint32))
    for k, v in attrs.items():
        new.attrs[k] = v
    d.attrs["Position_Indices"] = new.ref


def _missing_main_attr(attr):
    def breaker(f, d):
        del d.attrs[attr]

    return breaker


def _replace_anc(g, dname, data):
    attrs = dict(g[dname].attrs)
    del g[dname]
    new = g.create_dataset(dname, data=data)
    for k, v in attrs.items():
        new.attrs[k] = v
    return new


def _pos_rows(f, d):
    g = f["Broken"]
    for dname in ("Position_Indices", "Position_Values"):
        d.attrs[dname] = _replace_anc(g, dname, g[dname][:10]).ref


def _spec_cols(f, d):
    g = f["Broken"]
    for dname in ("Spectroscopic_Indices", "Spectroscopic_Values"):
        d.attrs[dname] = _replace_anc(g, dname, g[dname][:, :4]).ref


def _del_anc_attr(dname, key):
    def breaker(f, d):
        del f["Broken"][dname].attrs[key]

    return breaker


def _labels_count(f, d):
    for dname in ("Position_Indices", "Position_Values"):
        f["Broken"][dname].attrs["labels"] = np.array([b"Y"])


def _labels_disagree(f, d):
    f["Broken/Position_Values"].attrs["labels"] = np.array([b"X", b"Y"])


def _several(f, d):
    del d.attrs["quantity"]
    del d.attrs["Spectroscopic_Values"]
    _pos_rows(f, d)
    del f["Broken/Spectroscopic_Indices"].attrs["labels"]


SHAPE = ("shape", "rows", "(10, 2)", "(1, 4)")
TWO_D = ("2-d", "2d", "two-dimensional", "two dimensional")
REF_WORDS = ("dangling", "points to nothing", "dereference", "does not exist", "invalid", "broken")

INVALID: dict[str, tuple[Callable, list[tuple[str, ...]], tuple[str, ...]]] = {
    "not_2d": (_not_2d, [TWO_D], REFS),
    **{
        f"missing_{a}": (_missing_ref(a), [(a,), MISSING], tuple(r for r in REFS if r != a))
        for a in REFS
    },
    "dangling_reference": (
        _dangling,
        [("Position_Values",), REF_WORDS],
        ("Position_Indices", "Spectroscopic_"),
    ),
    "reference_to_group": (
        _ref_to_group,
        [("Spectroscopic_Indices",), ("group", "not a dataset")],
        ("Position_",),
    ),
    "reference_is_text": (
        _ref_is_text,
        [("Position_Indices",), ("reference",)],
        ("Spectroscopic_",),
    ),
    "ancillary_not_2d": (
        _anc_1d,
        [("Position_Indices",), TWO_D + ("shape",)],
        ("Spectroscopic_",),
    ),
    "missing_quantity": (
        _missing_main_attr("quantity"),
        [("quantity",), MISSING],
        ("Position_", "Spectroscopic_"),
    ),
    "missing_units": (
        _missing_main_attr("units"),
        [("'units'", '"units"', "units attribute", "attribute units"), MISSING],
        ("Position_", "Spectroscopic_"),
    ),
    "position_rows_mismatch": (
        _pos_rows,
        [("Position_Indices", "Position_Values"), SHAPE],
        ("Spectroscopic_",),
    ),
    "spectroscopic_cols_mismatch": (
        _spec_cols,
        [("Spectroscopic_Indices", "Spectroscopic_Values"), SHAPE],
        ("Position_",),
    ),
    "ancillary_missing_labels": (
        _del_anc_attr("Spectroscopic_Values", "labels"),
        [("Spectroscopic_Values",), ("labels",)],
        ("Position_",),
    ),
    "ancillary_missing_units": (
        _del_anc_attr("Position_Indices", "units"),
        [("Position_Indices",), ("units",)],
        ("Spectroscopic_",),
    ),
    "labels_count_mismatch": (
        _labels_count,
        [("Position_Indices", "Position_Values"), ("labels",)],
        ("Spectroscopic_",),
    ),
    "labels_disagree": (
        _labels_disagree,
        [("Position_",), ("labels",)],
        ("Spectroscopic_",),
    ),
    "several": (
        _several,
        [
            ("quantity",),
            ("Spectroscopic_Values",),
            ("Position_Indices", "Position_Values"),
            SHAPE,
            ("labels",),
        ],
        (),
    ),
}


def build_invalid(folder: Path) -> dict[str, InvalidCase]:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return {
        name: _invalid(folder, name, breaker, expect, forbid)
        for name, (breaker, expect, forbid) in INVALID.items()
    }


# --------------------------------------------------------------------------------------------
# comparing a reader's view with a case


def align(reader_dims, exp: ExpMain) -> list[int]:
    """Axis permutation taking ``exp.truth`` to the reader's dims order.

    Named dims match by name and kind; a raw expected dim matches the reader's dim of the same
    kind that no name claims. Only size-1 dims may legitimately move (their speed is undefined);
    :func:`check_dim_order` asserts that.
    """
    perm, used = [], set()
    for d in reader_dims:
        hit = [
            i
            for i, e in enumerate(exp.dims)
            if i not in used and e.kind == d.kind and e.name == d.name
        ]
        if not hit:
            hit = [
                i for i, e in enumerate(exp.dims) if i not in used and e.kind == d.kind and e.raw
            ]
        assert hit, (
            f"{exp.path}: reader dim {d.name!r} ({d.kind}) matches no expected dim "
            f"{[(e.name, e.kind) for e in exp.dims]}"
        )
        perm.append(hit[0])
        used.add(hit[0])
    assert len(perm) == len(exp.dims), (
        f"{exp.path}: reader has dims {[d.name for d in reader_dims]}, expected "
        f"{[e.name for e in exp.dims]}"
    )
    return perm


def check_dim_order(perm: list[int], exp: ExpMain) -> None:
    """Dims larger than 1 must come in the expected order (positions then spectroscopic, each
    slowest first); size-1 dims may sit anywhere."""
    big = [p for p in perm if exp.dims[p].size > 1]
    assert big == sorted(big), (
        f"{exp.path}: dims out of order: got {[exp.dims[p].name for p in perm]}, expected "
        f"{[e.name for e in exp.dims]} (size-1 dims may move)"
    )


#: the (X, Y) in nm of the points of :func:`write_point_cloud`
POINT_CLOUD_XY = np.array([[0, 5], [1, 3], [2, 2], [4, 4], [3, 0], [5, 1]], dtype=float)


def write_point_cloud(path: Path) -> np.ndarray:
    """A scan of 6 sampled points (``POINT_CLOUD_XY``; each its own index in both position
    columns, so no grid: a point cloud) x 4 steps of "F" (Hz); returns its (6, 4) float32 data,
    ``arange(24)``."""
    n = len(POINT_CLOUD_XY)
    with h5py.File(path, "w") as f:
        grp = f.create_group("M")
        inds = np.repeat(np.arange(n)[:, None], 2, axis=1)
        pi, pv = write_ancillary(
            grp, "Position", inds, POINT_CLOUD_XY, ["X", "Y"], ["nm", "nm"], kind="position"
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
        data = np.arange(n * 4, dtype=np.float32).reshape(n, 4)
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
    return data
