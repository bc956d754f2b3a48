"""NSID fixture files and sidpy Datasets, made with sidpy's and pyNSID's own writers.

Every ``make_*`` function builds one sidpy ``Dataset`` (``sidpy.Dataset.from_array`` and
``set_dimension`` with each dimension's ``dimension_type``, ``quantity`` and ``units``, the
data's ``data_type``, ``quantity`` and ``units``); :func:`build_catalogue` writes each into a
file of its own with ``pyNSID.hdf_io.write_nsid_dataset`` and returns a :class:`NsidCase`: the
file, the dataset's path, the sidpy object written (the truth) and the view a microscopist
expects of it.

Values are seeded and structured (``1000 i0 + 10 i1 + 0.1 i2 + ...`` plus a little noise, see
:func:`structured`): every index of every dimension changes the value differently, so a
transposed, mirrored or reshaped read disagrees with the truth. Dimension values are physical
(offsets and steps, not indices), so axes read from the wrong scale show too.

``bad_*`` functions copy a good file and break it with h5py (a dimension scale of the wrong
length, a missing scale, an unknown ``data_type``, strings with NSID attributes).
"""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h5py
import numpy as np

F32 = np.float32


def _sidpy():
    import sidpy

    return sidpy


def structured(shape: tuple[int, ...], seed: int, dtype=F32) -> np.ndarray:
    """``sum_k w_k i_k`` over the indices (weights 1000, 10, 0.1, 0.001 ...) plus seeded noise
    in [0, 1e-4 w_last): a gradient along every dim, each dim with its own step."""
    rng = np.random.default_rng(seed)
    weights = [1000.0 / 100.0**k for k in range(len(shape))]
    grids = np.indices(shape, dtype=np.float64)
    out = sum(w * g for w, g in zip(weights, grids, strict=True))
    out = out + rng.random(shape) * 1e-4 * weights[-1]
    if np.dtype(dtype).kind == "c":
        phase = rng.random(shape) * 2 * np.pi - np.pi
        return (out * np.exp(1j * phase)).astype(dtype)
    return out.astype(dtype)


@dataclass(frozen=True)
class Dim:
    """One dimension as written: name, units, quantity, sidpy dimension_type, values."""

    name: str
    units: str
    quantity: str
    dimension_type: str
    values: np.ndarray


def _axis(name, units, quantity, dim_type, n, start, step) -> Dim:
    return Dim(name, units, quantity, dim_type, start + step * np.arange(n, dtype=np.float64))


def make_sidpy(
    data: Any,
    dims: list[Dim],
    *,
    title: str,
    data_type: str,
    quantity: str,
    units: str,
    chunks: Any = "auto",
):
    """A sidpy ``Dataset`` of ``data`` with ``dims``, made by sidpy's own constructors."""
    sidpy = _sidpy()
    ds = sidpy.Dataset.from_array(data, title=title, chunks=chunks)
    ds.data_type = data_type
    ds.quantity = quantity
    ds.units = units
    ds.modality = "test fixture"
    ds.source = "tests/nsid_fixtures.py"
    ds.metadata = {"instrument": {"name": "fixture microscope", "voltage_kV": 200}}
    ds.original_metadata = {"Header": {"Magnification": 1000}}
    for i, d in enumerate(dims):
        ds.set_dimension(
            i,
            sidpy.Dimension(
                d.values,
                name=d.name,
                units=d.units,
                quantity=d.quantity,
                dimension_type=d.dimension_type,
            ),
        )
    return ds


@dataclass
class Spec:
    """What a fixture holds: its dims, data and the view a microscopist expects."""

    title: str
    data_type: str
    quantity: str
    units: str
    dims: list[Dim]
    data: np.ndarray
    kinds: list[str]  # "position" | "spectroscopic" per dim, in the array's order
    image_dims: tuple[str, str] | None
    plot_dim: str | None
    second_dims: tuple[str, str] | None = None

    def sidpy(self, chunks: Any = "auto"):
        return make_sidpy(
            self.data,
            self.dims,
            title=self.title,
            data_type=self.data_type,
            quantity=self.quantity,
            units=self.units,
            chunks=chunks,
        )


def _x(n, step=0.5e-9):
    return _axis("x", "m", "distance", "SPATIAL", n, 1e-9, step)


def _y(n, step=0.25e-9):
    return _axis("y", "m", "distance", "SPATIAL", n, -2e-9, step)


def spec_image() -> Spec:
    """A square 24 x 24 height image (IMAGE)."""
    return Spec(
        "image", "IMAGE", "height", "m", [_x(24), _y(24)], structured((24, 24), 1) * 1e-9,
        ["position", "position"], ("y", "x"), None,
    )


def spec_nonsquare() -> Spec:
    """A 40 x 24 image (IMAGE): x has 40 values, y 24, so a transposed read has the wrong
    shape, not only the wrong values."""
    return Spec(
        "nonsquare", "IMAGE", "intensity", "counts", [_x(40), _y(24)],
        structured((40, 24), 2), ["position", "position"], ("y", "x"), None,
    )


def spec_spectrum() -> Spec:
    """An EELS-like spectrum of 64 energies (SPECTRUM)."""
    return Spec(
        "spectrum", "SPECTRUM", "intensity", "counts",
        [_axis("energy_loss", "eV", "energy loss", "SPECTRAL", 64, 280.0, 0.5)],
        structured((64,), 3), ["spectroscopic"], None, "energy_loss",
    )


def spec_spectral_image() -> Spec:
    """A 12 x 10 scan of 32-step spectra (SPECTRAL_IMAGE): x, y SPATIAL, energy SPECTRAL."""
    return Spec(
        "spectral_image", "SPECTRAL_IMAGE", "intensity", "counts",
        [_x(12), _y(10), _axis("energy", "eV", "energy", "SPECTRAL", 32, 100.0, 2.5)],
        structured((12, 10, 32), 4), ["position", "position", "spectroscopic"],
        ("y", "x"), "energy",
    )


def spec_stack() -> Spec:
    """6 frames of 16 x 12 images (IMAGE_STACK): frame TEMPORAL first, then x, y."""
    return Spec(
        "image_stack", "IMAGE_STACK", "intensity", "counts",
        [_axis("frame", "s", "time", "TEMPORAL", 6, 0.0, 0.1), _x(16), _y(12)],
        structured((6, 16, 12), 5), ["spectroscopic", "position", "position"],
        ("y", "x"), "frame",
    )


def spec_4dstem() -> Spec:
    """A 7 x 5 scan of 9 x 8 diffraction patterns (IMAGE_4D): x, y SPATIAL, u, v RECIPROCAL."""
    return Spec(
        "four_d_stem", "IMAGE_4D", "intensity", "counts",
        [
            _x(7),
            _y(5),
            _axis("u", "1/nm", "reciprocal distance", "RECIPROCAL", 9, -2.0, 0.5),
            _axis("v", "1/nm", "reciprocal distance", "RECIPROCAL", 8, -1.75, 0.5),
        ],
        structured((7, 5, 9, 8), 6), ["position", "position", "spectroscopic", "spectroscopic"],
        ("y", "x"), None, ("u", "v"),
    )


def spec_complex() -> Spec:
    """A complex (complex64) 8 x 6 scan of 10-frequency responses (SPECTRAL_IMAGE)."""
    return Spec(
        "complex_response", "SPECTRAL_IMAGE", "response", "V",
        [_x(8), _y(6), _axis("frequency", "Hz", "frequency", "SPECTRAL", 10, 3.0e5, 1.0e3)],
        structured((8, 6, 10), 7, np.complex64), ["position", "position", "spectroscopic"],
        ("y", "x"), "frequency",
    )


SPECS = {
    "image": spec_image,
    "nonsquare": spec_nonsquare,
    "spectrum": spec_spectrum,
    "spectral_image": spec_spectral_image,
    "image_stack": spec_stack,
    "four_d_stem": spec_4dstem,
    "complex": spec_complex,
}


@dataclass
class NsidCase:
    """One NSID file written by pyNSID: ``path``, the dataset's ``dataset`` path in it, and
    ``spec`` (dims, data and the expected view)."""

    name: str
    path: Path
    dataset: str
    spec: Spec


def write_nsid(path: Path, sid: Any, group: str = "Measurement_000", name: str = "data") -> str:
    """Write ``sid`` with pyNSID's writer into a new file; the main dataset's path."""
    from pyNSID.io.hdf_io import write_nsid_dataset

    with h5py.File(path, "w") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyNSID's own deprecation notes
        dset = write_nsid_dataset(sid, f.create_group(group), main_data_name=name)
        return dset.name


def build_catalogue(folder: Path) -> dict[str, NsidCase]:
    """Every :data:`SPECS` case written by pyNSID into ``folder`` (one file each)."""
    folder = Path(folder)
    out = {}
    for name, make in SPECS.items():
        spec = make()
        path = folder / f"{name}.h5"
        dset = write_nsid(path, spec.sidpy(), name=spec.title)
        out[name] = NsidCase(name, path, dset, spec)
    return out


def write_collection(path: Path) -> dict[str, str]:
    """One file holding two NSID datasets (as the AFM files do, one per channel), a plain
    numeric dataset with no attributes, a plain one with dimension scales but no NSID
    attributes, and a strings dataset: {dataset path: kind ("nsid", "hdf5") or None}."""
    from pyNSID.io.hdf_io import write_nsid_dataset

    expected: dict[str, str | None] = {}
    with h5py.File(path, "w") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        m = f.create_group("Measurement_000")
        for k, make in enumerate((spec_image, spec_spectral_image)):
            ch = m.create_group(f"Channel_{k:03d}")
            d = write_nsid_dataset(make().sidpy(), ch, main_data_name=f"Channel_{k:03d}")
            expected[d.name] = "nsid"
        plain = f.create_dataset("plain/stack", data=structured((3, 5, 4), 8))
        expected[plain.name] = "hdf5"
        scaled = f.create_dataset("scaled/map", data=structured((6, 9), 9))
        for axis, (label, n) in enumerate((("row_mm", 6), ("col_mm", 9))):
            s = f.create_dataset(f"scaled/{label}", data=np.linspace(0, 1, n))
            s.make_scale(label)
            s.attrs["units"] = "mm"
            scaled.dims[axis].attach_scale(s)
        expected[scaled.name] = "hdf5"
        f.create_dataset("notes", data=np.array([b"a", b"b"]))
        expected["/notes"] = None
    return expected


# --------------------------------------------------------------------------------------------
# in memory: ``Spec.sidpy()`` (from numpy, one dask chunk), ``Spec.sidpy(chunks=...)``
# (chunked), and a dask array whose reads are counted


class CountingArray:
    """A numpy array that records every read: dask reads its blocks through ``__getitem__``
    (``da.from_array(counting, chunks=...)``), so ``reads`` lists the boxes computed and
    ``cells`` their total size."""

    def __init__(self, data: np.ndarray):
        self.data = data
        self.shape, self.dtype, self.ndim = data.shape, data.dtype, data.ndim
        self.reads: list[tuple] = []

    @property
    def cells(self) -> int:
        return sum(int(np.prod(self.data[key].shape)) for key in self.reads)

    def reset(self) -> None:
        self.reads.clear()

    def __getitem__(self, key):
        self.reads.append(key)
        return self.data[key]


def sidpy_counting(spec: Spec, chunks: tuple[int, ...]):
    """(sidpy Dataset over a dask array of a :class:`CountingArray`, the counter)."""
    import dask.array as da

    counter = CountingArray(spec.data)
    arr = da.from_array(counter, chunks=chunks, asarray=False, lock=False, fancy=False)
    ds = make_sidpy(
        arr,
        spec.dims,
        title=spec.title,
        data_type=spec.data_type,
        quantity=spec.quantity,
        units=spec.units,
    )
    counter.reset()
    return ds, counter


# --------------------------------------------------------------------------------------------
# broken NSID files (a good pyNSID file, copied and broken with h5py)


@dataclass
class BadCase:
    """``dataset`` in ``path`` is broken; ``words`` must all appear in the message about it."""

    name: str
    path: Path
    dataset: str
    words: tuple[str, ...]
    drawable: bool  # True: shown with a note; False: ValueError


def _copy(good: NsidCase, folder: Path, name: str) -> Path:
    path = Path(folder) / f"{name}.h5"
    shutil.copy(good.path, path)
    return path


def _replace_scale(dset: h5py.Dataset, axis: int, values: np.ndarray | None) -> None:
    """Detach the scale of ``axis``; with ``values`` attach a new scale (same name and
    attributes) holding them."""
    scale = dset.dims[axis][0]
    name, parent = scale.name, scale.parent
    attrs = {k: scale.attrs[k] for k in scale.attrs if k not in ("CLASS", "NAME", "REFERENCE_LIST")}
    label = dset.dims[axis].label
    dset.dims[axis].detach_scale(scale)
    del parent[name]
    if values is None:
        return
    new = parent.create_dataset(name, data=values)
    for k, v in attrs.items():
        new.attrs[k] = v
    new.make_scale(label)
    dset.dims[axis].attach_scale(new)


def bad_wrong_length(good: NsidCase, folder: Path) -> BadCase:
    """The ``y`` scale of a good image holds 3 values more than the axis has indices."""
    path = _copy(good, folder, "wrong_length")
    n = good.spec.dims[1].values.size
    with h5py.File(path, "r+") as f:
        _replace_scale(f[good.dataset], 1, np.arange(n + 3, dtype=np.float64))
    return BadCase("wrong_length", path, good.dataset, ("'y'", f"{n + 3} values", f"{n}"), True)


def bad_missing_scale(good: NsidCase, folder: Path) -> BadCase:
    """The ``y`` scale of a good image detached and deleted: dimension 1 has none."""
    path = _copy(good, folder, "missing_scale")
    with h5py.File(path, "r+") as f:
        _replace_scale(f[good.dataset], 1, None)
    return BadCase("missing_scale", path, good.dataset, ("dimension 1", "no dimension scale"), True)


def bad_data_type(good: NsidCase, folder: Path) -> BadCase:
    """A good image whose ``data_type`` is not one of sidpy's."""
    path = _copy(good, folder, "unknown_data_type")
    with h5py.File(path, "r+") as f:
        f[good.dataset].attrs["data_type"] = "HOLOGRAM"
    return BadCase("unknown_data_type", path, good.dataset, ("data_type", "'HOLOGRAM'"), True)


def bad_strings(good: NsidCase, folder: Path) -> BadCase:
    """A dataset of strings carrying NSID's attributes, beside a good image."""
    path = _copy(good, folder, "strings")
    with h5py.File(path, "r+") as f:
        d = f.create_dataset("Measurement_000/labels", data=np.array([b"grain", b"boundary"]))
        for k, v in (("quantity", "label"), ("units", ""), ("data_type", "SPECTRUM")):
            d.attrs[k] = v
        name = d.name
    return BadCase("strings", path, name, ("strings", "not numbers"), False)


BAD = {
    "wrong_length": bad_wrong_length,
    "missing_scale": bad_missing_scale,
    "unknown_data_type": bad_data_type,
    "strings": bad_strings,
}


def build_bad(good: NsidCase, folder: Path) -> dict[str, BadCase]:
    return {name: make(good, folder) for name, make in BAD.items()}
