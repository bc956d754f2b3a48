"""A 64 GiB logical dataset is explored in bounded memory (not a timed test).

The file holds a 512 x 512 scan x 256 x 256 detector float32 Main dataset (64 GiB logical)
chunked one diffraction pattern per chunk, of which only a few chunks are written: HDF5
allocates no space for chunks never written (they read as the fill value, 0), so the file stays
a few MB. The exploration runs in a fresh subprocess that prints its peak RSS growth above its
baseline after the imports, so that nothing the test process allocated counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import h5py
import numpy as np

from usid_widgets.writer import write_ancillary

NY = NX = 512  # scan
NK = 256  # detector side
DSET = "/Measurement_000/Channel_000/Raw_Data"
MID = (NY // 2) * NX + NX // 2  # the explorer's first position (256, 256)
ROI = {"Y": (100, 104), "X": (100, 104)}
MAX_FILE_BYTES = 200 * 10**6
MAX_GROWTH_MIB = 400  # "well under 1 GB": the block cache's budget is 128 MB


def written_rows() -> list[int]:
    """Flat positions whose pattern is written: the first view and its X neighbours, the
    region of interest, and the two corners."""
    region = [y * NX + x for y in range(*ROI["Y"]) for x in range(*ROI["X"])]
    return sorted({0, NY * NX - 1, *range(MID, MID + 4), *region})


def pattern(row: int) -> np.ndarray:
    """The diffraction pattern written at flat position ``row`` (reproducible)."""
    return np.random.default_rng(row).random(NK * NK, dtype=np.float32)


def write_logical(path: str) -> None:
    """Ancillary datasets with the package's ``write_ancillary``; the Main dataset by hand
    (docs/usid-format.md): 2-D, vlen str quantity/units, references to the four ancillaries."""
    with h5py.File(path, "w") as f:
        group = f.create_group(os.path.dirname(DSET))
        refs = {}
        for base, names, units, size in (
            ("Position", ["Y", "X"], ["nm", "nm"], NY),
            ("Spectroscopic", ["Ky", "Kx"], ["1/nm", "1/nm"], NK),
        ):
            inds = np.indices((size, size)).reshape(2, -1)  # slowest first, C order
            vals = inds * (0.5 if base == "Position" else 0.05)
            kind = "position" if base == "Position" else "spectroscopic"
            if kind == "position":
                inds, vals = inds.T, vals.T
            i, v = write_ancillary(group, base, inds, vals, names, units, kind=kind)
            refs[f"{base}_Indices"], refs[f"{base}_Values"] = i, v
        main = group.create_dataset(
            "Raw_Data", shape=(NY * NX, NK * NK), dtype=np.float32, chunks=(1, NK * NK)
        )
        text = h5py.string_dtype("utf-8")
        main.attrs.create("quantity", "Intensity", dtype=text)
        main.attrs.create("units", "counts", dtype=text)
        for role, anc in refs.items():
            main.attrs[role] = anc.ref
        for row in written_rows():
            main[row] = pattern(row)


# Runs in a fresh interpreter (sys.argv[1] = the file); the expected values are the patterns of
# pattern() (same seeds), computed after the baseline (a few MB).
CHILD = r"""
import gc, json, sys
import numpy as np
from usid_widgets import explorer

path = sys.argv[1]


def pattern(row):
    return np.random.default_rng(row).random(256 * 256, dtype=np.float32).reshape(256, 256)


def kib(key):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])


def peak_kib():
    if method == "VmHWM":
        return kib("VmHWM")
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


gc.collect()
try:  # Linux: reset the peak (VmHWM) to the current RSS, then growth = VmHWM - VmRSS now
    base = kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    method = "VmHWM"
except (OSError, TypeError):
    method = "ru_maxrss"
    base = peak_kib()

w = explorer(path)
mid_pattern = pattern(256 * 512 + 256)
roi_mean = np.mean([pattern(y * 512 + x).astype(np.float64)
                    for y in range(100, 104) for x in range(100, 104)], axis=0)
assert w.image_dims == ("Y", "X") and w.image.shape == (512, 512), w.image_dims
assert w.index == {"Y": 256, "X": 256, "Ky": 128, "Kx": 128}, w.index
assert np.array_equal(w.plane, mid_pattern), "diffraction plane at (256, 256)"
assert w.image[256, 256] == mid_pattern[128, 128] and w.image[0, 5] == 0.0
# A spectrum: the line plot along Kx at the selected position.
w.plot_dim = "Kx"
assert np.array_equal(w.spectrum, mid_pattern[128]), "spectrum along Kx"
# Scrub each slider (Kx, then Ky: every Ky step is a new pass over the 262,144 chunks).
for kx in (129, 130, 131):
    w.index = {"Kx": kx}
    assert w.image[256, 256] == mid_pattern[128, kx]
for ky in (129, 130):
    w.index = {"Ky": ky}
    assert w.image[256, 256] == mid_pattern[ky, 131]
    assert np.array_equal(w.spectrum, mid_pattern[ky])
# Move along the scan (a click on the map): the plane and spectrum follow, the map is kept.
for x in (257, 258, 300):
    w.index = {"X": x}
    assert w.plane.shape == (256, 256) and w.spectrum.shape == (256,)
assert w.plane.sum() == 0.0, "(256, 300) was never written: fill value"
# A small region of interest: plane and spectrum become its mean.
w.roi = {"Y": (100, 104), "X": (100, 104)}
assert np.allclose(w.plane, roi_mean), "region mean pattern"
assert np.allclose(w.spectrum, roi_mean[130]), "region mean spectrum"
peak = peak_kib()
print(json.dumps({"growth_kib": peak - base, "method": method,
                  "block_cache_kib": w.md.blocks.nbytes // 1024}))
"""


def test_64_gib_logical_dataset_is_explored_in_bounded_memory(tmp_path):
    path = str(tmp_path / "logical-64g.h5")
    write_logical(path)
    with h5py.File(path, "r") as f:
        dset = f[DSET]
        assert dset.shape == (NY * NX, NK * NK)
        assert dset.size * dset.dtype.itemsize == 64 * 2**30  # 64 GiB logical
    size = os.path.getsize(path)
    assert size < MAX_FILE_BYTES, f"the file takes {size / 1e6:.0f} MB on disk"

    proc = subprocess.run(
        [sys.executable, "-c", CHILD, path],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"exploration failed:\n{proc.stderr[-3000:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    growth_mib = result["growth_kib"] / 1024
    assert growth_mib < MAX_GROWTH_MIB, (
        f"peak RSS grew by {growth_mib:.0f} MiB exploring a 64 GiB dataset "
        f"({result['method']}; block cache {result['block_cache_kib'] / 1024:.0f} MiB)"
    )
