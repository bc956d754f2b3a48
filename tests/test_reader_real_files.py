"""The reader on the five real files (../shared/usid_data, read-only; skipped when absent).

Expected values come from the files themselves, read here with plain h5py and placed by their
own indices, and from the folder's README (which datasets exist, in which order).
"""

from __future__ import annotations

import hashlib

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset, attributes, find_main, is_main, print_tree

STEM, PFM, AFM, SPARSE = (
    "simulated_STEM_Image.h5",
    "SingFreqPFM_0003.h5",
    "AFM_Force_Curve.h5",
    "sparse_sampling.h5",
)
_C0 = "/Measurement_000/Channel_000"
MAINS = {
    STEM: [f"{_C0}/Raw_Data"],
    PFM: [f"/Measurement_000/Channel_{k:03d}/Raw_Data" for k in range(4)],
    AFM: [f"{_C0}/Raw_Data"],
    SPARSE: [
        f"{_C0}/Raw_Data",
        f"{_C0}/Raw_Data-Simple_Process_006/Results",
        f"{_C0}/Raw_Data-Simple_Process_007/Results",
        f"{_C0}/Raw_Data-Simple_Process_009/Filtered_Data",
        f"{_C0}/Raw_Data-Simple_Process_010/Filtered_Data",
        f"{_C0}/Raw_Data-Simple_Process_011/Filtered_Data",
        "/Measurement_000/Channel_001/Raw_Data",
    ],
}


def _labels(dset: h5py.Dataset) -> list[str]:
    return [bytes(v).decode() for v in dset.attrs["labels"]]


def _anc(main: h5py.Dataset, name: str) -> h5py.Dataset:
    return main.file[main.attrs[name]]


def placed_image(main: h5py.Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(image[y, x], y values, x values) of a 2-D scan, each row placed by its own indices."""
    inds, vals = _anc(main, "Position_Indices"), _anc(main, "Position_Values")
    labels = _labels(inds)
    yi, xi = inds[:, labels.index("Y")], inds[:, labels.index("X")]
    image = np.full((yi.max() + 1, xi.max() + 1), np.nan)
    image[yi, xi] = main[:, 0]
    vals = vals[()]

    def first(idx: np.ndarray, label: str) -> np.ndarray:
        col = labels.index(label)
        return np.array([vals[np.flatnonzero(idx == i)[0], col] for i in range(idx.max() + 1)])

    return image, first(yi, "Y").astype(np.float64), first(xi, "X").astype(np.float64)


@pytest.mark.parametrize("name", list(MAINS))
def test_find_main_order(real_file, name):
    path = real_file(name)
    found = find_main(path)
    try:
        assert [d.name for d in found] == MAINS[name]
    finally:
        if found:
            found[0].file.close()
    with h5py.File(path, "r") as f:
        assert [d.name for d in find_main(f)] == MAINS[name]


@pytest.mark.parametrize("name", list(MAINS))
def test_files_untouched(real_file, name, capsys):
    path = real_file(name)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for dset_path in MAINS[name]:
        with MainDataset(path, dset_path) as md:
            md.isel()
            assert md.file.mode == "r"
    print_tree(path)
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: attributes(o))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# ------------------------------------------------------------------------------ STEM


def test_stem_equals_tif(real_file):
    tifffile = pytest.importorskip("tifffile")
    tif = tifffile.imread(real_file("simulated_STEM_Image.tif"))
    with MainDataset(real_file(STEM), MAINS[STEM][0]) as md:
        assert [d.name for d in md.pos_dims] == ["Y", "X"]
        assert [d.name for d in md.spec_dims] == ["None"]
        assert md.shape == (256, 256, 1)
        assert md.layout == {"position": "regular", "spectroscopic": "regular"}
        assert md.dtype == np.uint8
        assert (md.quantity, md.units) == ("Intensity", "a.u.")
        image = md.isel(**{"None": 0})  # a dim name that is a Python keyword
        assert image.shape == tif.shape == (256, 256)
        np.testing.assert_array_equal(image, tif)
        np.testing.assert_array_equal(md.isel()[..., 0], tif)
        # row 5 and column 7 alone
        np.testing.assert_array_equal(md.isel(Y=5)[..., 0], tif[5])
        np.testing.assert_array_equal(md.isel(X=7)[..., 0], tif[:, 7])


def test_stem_axes_from_position_values(real_file):
    path = real_file(STEM)
    with h5py.File(path, "r") as f:
        image, yv, xv = placed_image(f[MAINS[STEM][0]])
    with MainDataset(path, MAINS[STEM][0]) as md:
        y, x = md.pos_dims
        assert (y.units, x.units) == ("nm", "nm")
        np.testing.assert_array_equal(y.values, yv)
        np.testing.assert_array_equal(x.values, xv)
        assert x.values[-1] == pytest.approx(5e-9, rel=1e-3)  # as stored, whatever the units say
        np.testing.assert_array_equal(md.isel(**{"None": 0}), image)


# ------------------------------------------------------------------------------ PFM


def test_pfm_channels(real_file):
    path = real_file(PFM)
    with h5py.File(path, "r") as f:
        truths = [placed_image(f[p]) for p in MAINS[PFM]]
        quantities = [f[p].attrs["quantity"] for p in MAINS[PFM]]
    dims = []
    for p, (image, yv, xv), q in zip(MAINS[PFM], truths, quantities, strict=True):
        with MainDataset(path, p) as md:
            assert md.quantity == q and md.units == "m"
            assert md.shape == (128, 128, 1)
            assert md.layout == {"position": "regular", "spectroscopic": "regular"}
            np.testing.assert_array_equal(md.isel(arb=0), image)
            np.testing.assert_array_equal(md.pos_dims[0].values, yv)
            np.testing.assert_array_equal(md.pos_dims[1].values, xv)
            dims.append([(d.name, d.units, tuple(d.values)) for d in md.dims])
    assert all(d == dims[0] for d in dims)
    assert len({q for q in quantities}) == 4


def test_pfm_shared_ancillary_in_tree(real_file, capsys):
    path = real_file(PFM)
    with h5py.File(path, "r") as f:
        for name in ("Position_Indices", "Spectroscopic_Values"):
            assert not is_main(f[f"Measurement_000/{name}"])
    print_tree(path)
    text = capsys.readouterr().out
    for name in (
        "Position_Indices",
        "Position_Values",
        "Spectroscopic_Indices",
        "Spectroscopic_Values",
    ):
        lines = [ln for ln in text.splitlines() if name in ln]
        assert len(lines) == 1, f"{name}: shared, so listed once:\n{text}"
        assert "ancillary" in lines[0].lower()
        for k in range(4):
            assert f"Channel_{k:03d}" in lines[0], f"{name} should name Channel_{k:03d}"
    main_lines = [ln for ln in text.splitlines() if "Raw_Data" in ln and "main" in ln.lower()]
    assert len(main_lines) == 4


# ------------------------------------------------------------------------------ AFM


def test_afm_force_curve(real_file):
    path = real_file(AFM)
    with h5py.File(path, "r") as f:
        main = f[MAINS[AFM][0]]
        raw = main[0]
        z = _anc(main, "Spectroscopic_Values")[0].astype(np.float64)
    with MainDataset(path, MAINS[AFM][0]) as md:
        assert md.n_points == 1
        assert md.shape == (1, 2045)
        assert md.layout == {"position": "regular", "spectroscopic": "regular"}
        (x,) = md.pos_dims
        assert (x.name, x.size, x.units) == ("X", 1, "a. u.")
        (zd,) = md.spec_dims
        assert (zd.name, zd.units) == ("Z", "m")
        np.testing.assert_array_equal(zd.values, z)  # not sorted, not folded
        steps = np.diff(zd.values)
        assert (steps > 0).any() and (steps < 0).any()
        np.testing.assert_array_equal(md.isel(X=0), raw)
        np.testing.assert_array_equal(md.isel()[0], raw)
        assert md.isel(Z=2044).shape == (1,) and md.isel(Z=2044)[0] == raw[-1]


# ------------------------------------------------------------------------------ sparse


@pytest.mark.parametrize("dset_path", MAINS[SPARSE])
def test_sparse_file(real_file, dset_path):
    path = real_file(SPARSE)
    with h5py.File(path, "r") as f:
        main = f[dset_path]
        raw = main[()]
        pos_vals = _anc(main, "Position_Values")[()].astype(np.float64)
        freq = _anc(main, "Spectroscopic_Values")[()]
    with MainDataset(path, dset_path) as md:
        assert md.layout["position"] == "sparse"
        assert md.n_points == 8
        assert len(md.pos_dims) == 1 and md.pos_dims[0].size == 8
        assert md.shape == (8,) + raw.shape[1:]
        np.testing.assert_array_equal(md.isel().reshape(raw.shape), raw)
        np.testing.assert_array_equal(md.isel(**{md.pos_dims[0].name: 3}).reshape(-1), raw[3])
        coords = np.asarray(md.position_coords(), dtype=np.float64)
        assert coords.shape == (8, 2)
        assert sorted(map(tuple, coords.T)) == sorted(map(tuple, pos_vals.T))
        if raw.shape[1] == 3:
            (fd,) = md.spec_dims
            assert (fd.name, fd.units) == ("Frequency", "kHz")
            np.testing.assert_array_equal(fd.values, freq[0].astype(np.float64))


def test_sparse_units_decoded(real_file):
    with h5py.File(real_file(SPARSE), "r") as f:
        attrs = attributes(f["Measurement_000/Channel_001/Position_Indices"])
        assert list(np.atleast_1d(attrs["units"])) == ["nm", "um"]
        assert list(np.atleast_1d(attrs["labels"])) == ["X", "Y"]
        assert list(np.atleast_1d(attrs["incomplete_dimensions"])) == ["X", "Y"]
        grp = attributes(f["Measurement_000/Channel_000/Raw_Data-Simple_Process_006"])
        assert grp["tool"] == "Simple_Process"
