"""Streaming reductions: region mean spectra, interval maps, virtual detectors; local and dask."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets import MainDataset
from usid_widgets.reader import reduce
from usid_widgets.writer import Dimension, write_main


@pytest.fixture(scope="module")
def spectral(tmp_path_factory):
    path = tmp_path_factory.mktemp("reduce") / "s.h5"
    rng = np.random.default_rng(11)
    data = rng.normal(size=(9, 10, 30)).astype(np.float32)
    data[2, 3, 5] = np.nan  # a dropped sample must not poison the mean
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(9)), Dimension("X", "nm", np.arange(10))],
            [Dimension("F", "kHz", np.linspace(1, 2, 30))],
            quantity="A",
            units="V",
            chunks=(8, 30),
        )
    return path, data


@pytest.fixture(scope="module")
def stem4d(tmp_path_factory):
    path = tmp_path_factory.mktemp("reduce4d") / "d.h5"
    data = np.random.default_rng(5).random((4, 5, 6, 7)).astype(np.float32)
    with h5py.File(path, "w") as f:
        write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(4)), Dimension("X", "nm", np.arange(5))],
            [Dimension("Ky", "1/nm", np.arange(6)), Dimension("Kx", "1/nm", np.arange(7))],
            quantity="I",
            units="counts",
            chunks=(1, 42),  # one diffraction pattern per chunk
        )
    return path, data


def test_region_mean_matches_numpy(spectral, monkeypatch):
    path, data = spectral
    monkeypatch.setattr(reduce, "BLOCK_BYTES", 30 * 4 * 8)  # force several blocks
    seen = []
    with MainDataset(path, "/M/Raw") as m:
        mean, n = reduce.region_mean(m, {"Y": (1, 6), "X": (2, 9)}, progress=seen.append)
    truth = np.nanmean(data[1:6, 2:9].astype(np.float64), axis=(0, 1))
    np.testing.assert_allclose(mean, truth, rtol=1e-9)
    assert n == 5 * 7
    assert len(seen) > 1 and seen[-1] == 1.0 and seen == sorted(seen)


def test_interval_sum_and_virtual_detector(spectral, stem4d):
    path, data = spectral
    with MainDataset(path, "/M/Raw") as m:
        image, n = reduce.interval_sum(m, {"F": (4, 12)})
    np.testing.assert_allclose(image, np.nansum(data[:, :, 4:12], axis=2), rtol=1e-5)
    assert n == 8
    path, data = stem4d
    with MainDataset(path, "/M/Raw") as m:
        image, n = reduce.interval_sum(m, {"Ky": (1, 4), "Kx": (2, 6)})
    np.testing.assert_allclose(image, data[:, :, 1:4, 2:6].sum(axis=(2, 3)), rtol=1e-5)
    assert n == 12


def test_reduction_with_fixed_dims_and_errors(stem4d):
    path, data = stem4d
    with MainDataset(path, "/M/Raw") as m:
        mean, n = reduce.region_mean(m, {"X": (1, 3)}, {"Y": 2})
        np.testing.assert_allclose(mean, data[2, 1:3].mean(axis=0), rtol=1e-6)
        assert mean.shape == (6, 7) and n == 2
        with pytest.raises(KeyError, match="Kx"):
            reduce.region_mean(m, {"Kx": (0, 2)})
        with pytest.raises(ValueError, match="empty range"):
            reduce.interval_sum(m, {"Kx": (5, 5)})


def test_dask_cluster_gives_the_same_answer(spectral):
    distributed = pytest.importorskip("distributed")
    path, data = spectral
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as c,
        distributed.Client(c) as client,
        MainDataset(path, "/M/Raw") as m,
    ):
        local, _ = reduce.region_mean(m, {"Y": (0, 4)})
        remote, _ = reduce.region_mean(m, {"Y": (0, 4)}, client=client)
        np.testing.assert_allclose(remote, local, rtol=1e-6)
        img_local, _ = reduce.interval_sum(m, {"F": (0, 30)})
        img_remote, _ = reduce.interval_sum(m, {"F": (0, 30)}, client=client)
        np.testing.assert_allclose(img_remote, img_local, rtol=1e-5)
    np.testing.assert_allclose(local, np.nanmean(data[0:4], axis=(0, 1)), rtol=1e-6)
