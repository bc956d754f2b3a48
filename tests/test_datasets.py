"""``usid_widgets.datasets``: every generator writes a valid, physically plausible h5USID file."""

from __future__ import annotations

import time

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset, datasets, find_main, is_main
from usid_widgets.reader import to_str_list

RAW = "/Measurement_000/Channel_000/Raw_Data"


def _main(path, dataset=RAW) -> MainDataset:
    with h5py.File(path, "r") as f:
        assert is_main(f[dataset]), f"{dataset} in {path} is not a USID Main dataset"
    return MainDataset(path, dataset)


def _dims(md: MainDataset) -> list[tuple[str, str, int]]:
    return [(d.name, d.units, d.size) for d in md.dims]


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """Files written with path=None go to a temporary folder, never to the user's cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(datasets.ENV_DATA_DIR, str(folder))
    return folder


# --------------------------------------------------------------------------------------------
# the registry, paths and determinism, for every generator


def test_registry_lists_every_generator():
    assert datasets.list_datasets() == [
        "stem_image",
        "band_excitation",
        "four_d_stem",
        "beps",
        "force_curve",
        "sparse_scan",
    ]
    assert all(callable(datasets.ALL[name]) for name in datasets.list_datasets())


@pytest.mark.parametrize("name", list(datasets.ALL))
def test_default_file_is_small_fast_valid_and_in_the_data_folder(name, data_folder):
    start = time.perf_counter()
    path = datasets.ALL[name]()
    elapsed = time.perf_counter() - start
    assert path.parent == data_folder.resolve() and path.suffix == ".h5"
    assert elapsed < 2.0, f"{name} took {elapsed:.2f} s"
    assert path.stat().st_size < 5e6, f"{name}: {path.stat().st_size} bytes"
    mains = find_main(str(path))
    assert mains and mains[0].name == RAW
    for dset in mains:
        md = MainDataset(dset)
        assert md.quantity and md.units, f"{dset.name}: quantity/units missing"
        for d in md.coord_dims + md.spec_coord_dims:
            assert d.units or d.name == "Field", f"{dset.name}: dimension {d.name} has no units"
    with h5py.File(path, "r") as f:
        meas = f["Measurement_000"]
        assert bool(meas.attrs["simulated"])
        assert meas.attrs["generator"] == f"usid_widgets.datasets.{name}"
        # current pyUSID order: slowest position dimension first (Y before X)
        labels = to_str_list(f[RAW].parent["Position_Indices"].attrs["labels"])
        assert labels[:2] == ["Y", "X"]
    assert not list(data_folder.glob(".*.part")), "temporary files left behind"


@pytest.mark.parametrize("name", list(datasets.ALL))
def test_same_seed_same_data_other_seed_other_data(name, tmp_path):
    gen = datasets.ALL[name]
    a = gen(tmp_path / "a.h5", seed=3)
    b = gen(tmp_path / "b.h5", seed=3)
    c = gen(tmp_path / "c.h5", seed=4)
    assert a == (tmp_path / "a.h5").resolve()
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb, h5py.File(c, "r") as fc:
        ra, rb, rc = fa[RAW][()], fb[RAW][()], fc[RAW][()]
        np.testing.assert_array_equal(ra, rb)
        assert not np.array_equal(ra, rc)
        assert fa["Measurement_000"].attrs["seed"] == 3


def test_path_none_reuses_the_file_of_the_same_arguments(data_folder):
    first = datasets.band_excitation(size=8, n_freq=10)
    stamp = first.stat().st_mtime_ns
    again = datasets.band_excitation(size=8, n_freq=10)
    other = datasets.band_excitation(size=8, n_freq=10, seed=1)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert other != first and other.parent == first.parent


def test_explicit_path_is_overwritten(tmp_path):
    path = tmp_path / "sub" / "x.h5"
    datasets.stem_image(path, size=16)
    datasets.stem_image(path, size=(8, 12))
    assert _main(path).shape == (8, 12, 1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: datasets.stem_image(size=0),
        lambda: datasets.stem_image(size=(4, 4, 4)),
        lambda: datasets.band_excitation(n_freq=1),
        lambda: datasets.four_d_stem(detector=(0, 5)),
        lambda: datasets.beps(n_dc=2),
        lambda: datasets.force_curve(n_points=3),
        lambda: datasets.sparse_scan(n_points=20, grid=4),
        lambda: datasets.sparse_scan(completed=1.5),
    ],
)
def test_bad_sizes_raise(call):
    with pytest.raises(ValueError):
        call()


# --------------------------------------------------------------------------------------------
# each generator's physics


def test_stem_image_lattice(tmp_path):
    md = _main(datasets.stem_image(tmp_path / "s.h5"))
    assert _dims(md) == [("Y", "nm", 256), ("X", "nm", 256), ("arb", "a.u.", 1)]
    assert (md.quantity, md.units, md.dtype) == ("Intensity", "a.u.", np.uint8)
    image = md.isel(arb=0)
    assert image.min() < 20 and image.max() > 235, "the image spans the uint8 range"
    x = md.dim("X").values
    px = x[1] - x[0]
    assert px == pytest.approx(0.025, rel=1e-5) and x[0] == 0
    # strongest spatial frequency: the (100) or (110) lattice reflection of a = 0.3905 nm
    power = np.abs(np.fft.fft2(image - image.mean())) ** 2
    k = np.fft.fftfreq(image.shape[0], d=px)
    kk = np.hypot(*np.meshgrid(k, k, indexing="ij"))
    power[kk < 1.0] = 0  # drop slow thickness variations
    peak = kk.flat[np.argmax(power)]
    a = 0.3905
    assert min(abs(peak - 1 / a), abs(peak - np.sqrt(2) / a)) < 0.08 * peak
    # atomic columns: bright spots are rare, most pixels are dark background
    assert np.median(image) < 0.6 * np.percentile(image, 99)


def test_stem_image_size_argument(tmp_path):
    md = _main(datasets.stem_image(tmp_path / "s.h5", size=(40, 64), pixel_size=0.05))
    assert md.shape == (40, 64, 1)
    assert md.dim("Y").values[-1] == pytest.approx(39 * 0.05, rel=1e-5)


def test_band_excitation_peak_drifts_across_the_map(tmp_path):
    md = _main(datasets.band_excitation(tmp_path / "be.h5"))
    assert _dims(md) == [("Y", "µm", 64), ("X", "µm", 64), ("Frequency", "kHz", 96)]
    assert (md.quantity, md.units, md.dtype) == ("Amplitude", "pm", np.float32)
    freq = md.dim("Frequency").values
    assert 300 < freq[0] < freq[-1] < 400
    data = md.isel()
    peak = freq[np.argmax(data, axis=-1)]  # (Y, X)
    left, right = np.median(peak[:, :8]), np.median(peak[:, -8:])
    assert right - left > 10, f"peak at {left:.1f} kHz left, {right:.1f} kHz right"
    top, bottom = np.median(peak[:8]), np.median(peak[-8:])
    assert bottom > top
    # a resonance, not noise: the peak stands far above the off-resonance level
    height = data.max(axis=-1)
    base = np.median(data, axis=-1)
    assert np.median(height / np.maximum(base, 1e-3)) > 5
    assert 40 < np.percentile(height, 90) < 200  # pm


def test_band_excitation_sizes(tmp_path):
    md = _main(datasets.band_excitation(tmp_path / "be.h5", size=(5, 7), n_freq=20))
    assert md.shape == (5, 7, 20)


def test_four_d_stem_disks(tmp_path):
    path = datasets.four_d_stem(tmp_path / "4d.h5")
    md = _main(path)
    assert _dims(md) == [
        ("Y", "nm", 32),
        ("X", "nm", 32),
        ("Q_y", "1/nm", 40),
        ("Q_x", "1/nm", 40),
    ]
    assert (md.quantity, md.units) == ("Intensity", "counts")
    qx, qy = md.dim("Q_x").values, md.dim("Q_y").values
    assert qx[20] == 0 and qy[20] == 0 and qx[1] - qx[0] == pytest.approx(0.25)
    data = md.isel().astype(float)
    mean = data[16:, 4:14].mean(axis=(0, 1))  # lower left: in the left grain, off the hole
    centre = mean[20, 20]
    g = int(round(1 / 0.3905 / 0.25))  # first-order disk of the left grain, in pixels
    disk = mean[20, 20 + g]
    between = mean[20, 20 + g // 2]
    assert centre > 2 * disk > 0
    assert disk > 3 * between > 0, "no diffraction disk at the first-order position"
    # the disk's intensity varies across the scan: bright in the left grain, dark in the hole
    dark_field = data[:, :, 20, 20 + g]
    assert dark_field.std() > 0.3 * dark_field.mean()
    assert dark_field[:, :6].mean() < dark_field[:, 8:16].mean()  # hole / thin edge vs grain
    # the central disk: a bright-field image darkens as the specimen thickens to the right
    bright = data[:, :, 20, 20]
    assert bright[:, :4].mean() > bright[:, -4:].mean()


def test_four_d_stem_sizes(tmp_path):
    md = _main(datasets.four_d_stem(tmp_path / "4d.h5", scan=(6, 9), detector=(16, 24)))
    assert md.shape == (6, 9, 16, 24)


def test_beps_hysteresis(tmp_path):
    md = _main(datasets.beps(tmp_path / "beps.h5"))
    assert _dims(md) == [
        ("Y", "µm", 12),
        ("X", "µm", 16),
        ("DC_Offset", "V", 24),
        ("Field", "", 2),
        ("Frequency", "kHz", 32),
    ]
    assert (md.quantity, md.units) == ("Piezoresponse", "pm")
    assert md.dtype == np.complex64
    assert md.components == ["amplitude", "phase", "real", "imaginary"]
    dc = md.dim("DC_Offset").values
    assert dc.max() == pytest.approx(10) and dc.min() == pytest.approx(-10)
    assert np.any(np.diff(dc) > 0) and np.any(np.diff(dc) < 0), "DC is a triangle, not a ramp"
    data = md.isel(Field=0)  # remanent: (Y, X, DC, Frequency)
    resonance = np.argmax(np.abs(data).mean(axis=(0, 1, 2)))
    r = data[..., resonance]  # (Y, X, DC)
    at_zero = np.flatnonzero(dc == 0)
    assert at_zero.size == 2  # the start of the cycle and the way down
    # the two remanent states at 0 V point in opposite directions: the loop is open
    overlap = np.real(r[..., at_zero[0]] * np.conj(r[..., at_zero[1]]))
    assert np.mean(overlap < 0) > 0.9
    up, down = np.argmax(dc), np.argmin(dc)
    assert np.mean(np.real(r[..., up] * np.conj(r[..., down])) < 0) > 0.9
    assert 20 < np.median(np.abs(r)) < 80  # pm at resonance


def test_beps_sizes(tmp_path):
    md = _main(datasets.beps(tmp_path / "b.h5", size=3, n_freq=5, n_dc=8))
    assert md.shape == (3, 3, 8, 2, 5)


def test_force_curve_approach_then_retract(tmp_path):
    md = _main(datasets.force_curve(tmp_path / "fc.h5"))
    assert _dims(md) == [("Y", "µm", 1), ("X", "µm", 1), ("Z", "nm", 2048)]
    assert (md.quantity, md.units) == ("Force", "nN")
    z = md.dim("Z").values
    force = md.isel(Y=0, X=0)
    turn = int(np.argmax(z))
    assert 1000 <= turn <= 1048
    assert np.all(np.diff(z[: turn + 1]) >= 0) and np.all(np.diff(z[turn:]) <= 0)
    approach, retract = force[: turn + 1], force[turn:]
    assert 5 < force[turn] < 20, "loading force at full extension"
    assert abs(np.median(approach[:200])) < 0.5, "no force far from the surface"
    # adhesion: the retract curve goes much further negative than the approach curve
    assert retract.min() < approach.min() - 1.5
    assert -8 < retract.min() < -1
    # contact point: the approach force rises from zero between 100 and 200 nm
    rising = z[: turn + 1][approach > 1.0]
    assert 100 < rising.min() < 200


def test_force_curve_size(tmp_path):
    md = _main(datasets.force_curve(tmp_path / "fc.h5", n_points=101))
    assert md.shape == (1, 1, 101)


def test_sparse_scan_and_partial_results(tmp_path):
    path = datasets.sparse_scan(tmp_path / "sp.h5", n_points=50, n_freq=30, completed=0.3)
    md = _main(path)
    assert md.layout["position"] == "sparse" and md.n_points == 50
    assert [(d.name, d.units) for d in md.coord_dims] == [("Y", "µm"), ("X", "µm")]
    coords = md.position_coords()
    assert coords.shape == (50, 2) and len({tuple(c) for c in coords}) == 50
    assert coords.min() >= 0 and coords.max() <= 4
    freq = md.dim("Frequency").values
    spectra = md.isel()
    group = f"{RAW}-SHO_Fit_000"
    mains = [d.name for d in find_main(str(path))]
    assert mains == [RAW, f"{group}/Amplitude", f"{group}/Frequency"]
    with h5py.File(path, "r") as f:
        res = f[group]
        assert res.attrs["tool"] == "SHO_Fit"
        assert f[res.attrs["source_000"]].name == RAW
        done = res["completed_positions"][()]
        assert done.dtype == np.uint8 and done.shape == (50,)
        assert done.sum() == 15 and np.all(done[:15] == 1)
        assert res.attrs["last_pixel"] == 15
        fit_f = res["Frequency"][()][:, 0]
        fit_a = res["Amplitude"][()][:, 0]
        # shared position datasets: the results use the raw data's Position_Indices
        assert f[res["Frequency"].attrs["Position_Indices"]].name == f"{RAW}".replace(
            "Raw_Data", "Position_Indices"
        )
    assert np.all(fit_f[done == 0] == 0) and np.all(fit_a[done == 0] == 0)
    ok = done == 1
    step = freq[1] - freq[0]
    np.testing.assert_allclose(fit_f[ok], freq[np.argmax(spectra[ok], axis=1)], atol=step)
    assert np.all(fit_a[ok] > 20)
    assert _main(path, f"{group}/Frequency").units == "kHz"


def test_sparse_scan_completed_bounds(tmp_path):
    for completed, expected in ((0.0, 0), (1.0, 10)):
        path = datasets.sparse_scan(tmp_path / f"{expected}.h5", n_points=10, completed=completed)
        with h5py.File(path, "r") as f:
            assert f[f"{RAW}-SHO_Fit_000/completed_positions"][()].sum() == expected
