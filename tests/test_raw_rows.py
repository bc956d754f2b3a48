"""Row windows of blocked chunks read straight from the file (reader/raw_rows.py): the same
values as h5py on every shape, type and edge, and h5py's own read wherever they could not be."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from main_files import MAIN, half_steps, write_channel

from usid_widgets import MainDataset
from usid_widgets.reader.raw_rows import RawRows


def _dataset(tmp_path, shape, chunks, dtype="float32", **kwargs):
    path = tmp_path / "d.h5"
    rng = np.random.default_rng(sum(shape) + sum(chunks))
    data = (rng.random(shape) * 100).astype(dtype)
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=data, chunks=chunks, **kwargs)
    return path, data


def _raw(f) -> RawRows:
    raw = RawRows.for_dataset(f["d"])
    assert raw is not None
    assert raw.read(0, 1) is None  # the first read is always h5py's
    return raw


@pytest.mark.parametrize(
    ("shape", "chunks"),
    [((64, 48), (16, 16)), ((70, 50), (16, 16)), ((33, 100), (8, 32)), ((40, 9), (40, 4))],
)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "uint8", ">f4", "<i8"])
def test_every_window_equals_h5py(tmp_path, shape, chunks, dtype):
    path, data = _dataset(tmp_path, shape, chunks, dtype)
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        rc = chunks[0]
        for band in range(0, shape[0], rc):
            for r0, r1 in ((band, min(band + rc, shape[0])), (band + 1, min(band + 3, shape[0]))):
                if r0 >= r1:
                    continue
                got = raw.read(r0, r1)
                assert got is not None and raw.on
                np.testing.assert_array_equal(got, data[r0:r1])
                assert got.dtype == f["d"].dtype
        # across bands: one run per chunk and band, each band's rows in place
        for r0, r1 in ((rc - 1, rc + 1), (1, shape[0]), (0, shape[0])):
            r1 = min(r1, shape[0])
            if r0 < r1:
                np.testing.assert_array_equal(raw.read(r0, r1), data[r0:r1])
        assert raw.on


def test_without_preadv_the_windows_are_the_same(tmp_path, monkeypatch):
    import usid_widgets.reader.raw_rows as raw_rows

    monkeypatch.setattr(raw_rows, "_HAS_PREADV", False)  # as on Windows
    path, data = _dataset(tmp_path, (70, 50), (16, 16), ">f4")
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        for r0, r1 in ((0, 16), (17, 20), (64, 70)):
            np.testing.assert_array_equal(raw.read(r0, r1), data[r0:r1])


def test_chunks_never_written_read_as_the_fill_value(tmp_path):
    path = tmp_path / "f.h5"
    with h5py.File(path, "w") as f:
        d = f.create_dataset("d", shape=(32, 64), chunks=(8, 16), dtype="f4", fillvalue=7.5)
        d[8:16, 16:32] = 1.0  # one chunk written; HDF5 allocates nothing for the others
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        for r0 in range(0, 32, 8):
            got = raw.read(r0, r0 + 8)
            np.testing.assert_array_equal(got, f["d"][r0 : r0 + 8])
        assert raw.on and (raw.read(8, 9)[0, 16:32] == 1.0).all()


def test_layouts_and_files_hdf5_must_read(tmp_path):
    cases = {
        "gzip": dict(shape=(64, 48), chunks=(16, 16), compression="gzip"),
        "one row per chunk": dict(shape=(64, 48), chunks=(1, 48)),
        "chunks span the row": dict(shape=(64, 48), chunks=(16, 48)),
    }
    for name, kw in cases.items():
        path, _ = _dataset(tmp_path, **kw)
        with h5py.File(path, "r") as f:
            assert RawRows.for_dataset(f["d"]) is None, name
    path, _ = _dataset(tmp_path, (64, 48), (16, 16))
    with h5py.File(path, "r+") as f:  # a file open for writing may change under us
        assert RawRows.for_dataset(f["d"]) is None
    with h5py.File(path, "r", driver="core") as f:  # no file descriptor to read from
        assert RawRows.for_dataset(f["d"]) is None
    path = tmp_path / "c.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=np.ones((64, 48), "c8"), chunks=(16, 16), compression="gzip")
        pair = np.dtype([("r", "<f4"), ("pad", "<f4"), ("i", "<f4")])  # not numpy's complex
        f.create_dataset("p", data=np.zeros((64, 48), pair), chunks=(1, 48))
    with h5py.File(path, "r") as f:
        assert RawRows.for_dataset(f["d"]) is None  # filtered, complex or not
        assert RawRows.for_dataset(f["p"]) is None


@pytest.mark.parametrize(
    ("shape", "chunks"),
    [((64, 48), (1, 48)), ((64, 48), (16, 48)), ((70, 50), (16, 16)), ((64, 48), None)],
)
@pytest.mark.parametrize("dtype", ["complex64", "complex128", ">c8"])
def test_complex_rows_are_read_raw_whatever_the_chunks(tmp_path, shape, chunks, dtype):
    """HDF5 stores complex as a compound of two floats and converts it on every read; the
    bytes are numpy's complex layout, so even one row per chunk is read raw."""
    rng = np.random.default_rng(len(dtype))
    data = (rng.random(shape) + 1j * rng.random(shape)).astype(dtype)
    data[3, 5] = complex(np.nan, 1.0)
    path = tmp_path / "c.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=data, chunks=chunks)
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        for r0, r1 in ((3, 4), (0, 1), (5, 21), (shape[0] - 2, shape[0]), (0, shape[0])):
            got = raw.read(r0, r1)
            assert got is not None and raw.on and got.dtype == f["d"].dtype
            np.testing.assert_array_equal(got, data[r0:r1])


def test_complex_chunks_never_written_read_as_the_fill_value(tmp_path):
    path = tmp_path / "f.h5"
    with h5py.File(path, "w") as f:
        d = f.create_dataset("d", shape=(16, 8), chunks=(1, 8), dtype="c8", fillvalue=1 + 2j)
        d[4] = 3j
        f.create_dataset("e", shape=(16, 8), dtype="c8", fillvalue=1 + 2j)  # contiguous, empty
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        np.testing.assert_array_equal(raw.read(2, 8), f["d"][2:8])
        assert raw.on and (raw.read(4, 5) == 3j).all() and (raw.read(9, 10) == 1 + 2j).all()
        raw = RawRows.for_dataset(f["e"])
        assert raw.read(0, 1) is None  # h5py's
        assert raw.on and (raw.read(3, 9) == 1 + 2j).all() and raw.read(3, 9).shape == (6, 8)


def test_contiguous_numbers_are_left_to_hdf5(tmp_path):
    path = tmp_path / "n.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=np.ones((64, 48), "f4"))
    with h5py.File(path, "r") as f:
        assert f["d"].chunks is None and RawRows.for_dataset(f["d"]) is None


def test_a_first_read_that_differs_from_h5py_turns_the_path_off(tmp_path, monkeypatch):
    path, data = _dataset(tmp_path, (64, 48), (16, 16))
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        real = raw._read
        monkeypatch.setattr(raw, "_read", lambda *a: real(*a) + 1)
        assert raw.read(16, 32) is None and not raw.on  # the caller reads through h5py
        assert raw.read(0, 16) is None
    with h5py.File(path, "r") as f:
        raw = _raw(f)
        monkeypatch.setattr(raw, "_read", lambda *a: (_ for _ in ()).throw(OSError("gone")))
        assert raw.read(16, 32) is None and not raw.on


def test_spectra_through_main_dataset_use_it_and_match(tmp_path):
    data = np.random.default_rng(4).random((32, 16, 40)).astype(np.float32)
    pos, spec = half_steps({"Y": 32, "X": 16}), half_steps({"F": 40}, "Hz")
    path = write_channel(tmp_path / "s.h5", data, pos, spec, chunks=(64, 16))
    with MainDataset(path, MAIN) as md:
        raw = md.blocks.raw
        assert raw is not None
        rng = np.random.default_rng(0)
        for _ in range(12):
            y, x = int(rng.integers(32)), int(rng.integers(16))
            np.testing.assert_array_equal(md.isel(Y=y, X=x), data[y, x])
        assert raw.on and raw.checked and raw.reads > 1


@pytest.mark.parametrize("chunks", [(1, 40), None])
def test_complex_spectra_through_main_dataset_use_it_and_match(tmp_path, chunks):
    rng = np.random.default_rng(5)
    data = (rng.random((8, 16, 40)) + 1j * rng.random((8, 16, 40))).astype(np.complex64)
    pos, spec = half_steps({"Y": 8, "X": 16}), half_steps({"F": 40}, "Hz")
    path = write_channel(tmp_path / "c.h5", data, pos, spec, chunks=chunks)
    with MainDataset(path, MAIN) as md:
        raw = md.blocks.raw
        assert raw is not None
        for y, x in ((0, 0), (3, 9), (3, 10), (7, 15), (0, 5)):
            np.testing.assert_array_equal(md.isel(Y=y, X=x), data[y, x])
        assert raw.on and raw.checked and raw.reads > 1


def test_datasets_of_too_many_chunks_are_left_to_hdf5(tmp_path, monkeypatch):
    import usid_widgets.reader.raw_rows as raw_rows

    path, data = _dataset(tmp_path, (64, 48), (16, 16))  # 4 x 3 = 12 chunks
    with h5py.File(path, "r") as f:
        monkeypatch.setattr(raw_rows, "MAX_CHUNKS", 11)
        assert RawRows.for_dataset(f["d"]) is None  # its index would cost more than it saves
        monkeypatch.setattr(raw_rows, "MAX_CHUNKS", 12)
        raw = _raw(f)
        np.testing.assert_array_equal(raw.read(16, 32), data[16:32])
        assert raw._index.shape == (4, 3) and raw._index.dtype == np.int64
