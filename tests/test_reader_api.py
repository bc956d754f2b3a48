"""The reader's public API: inputs it accepts, read-only access, laziness, tree and attributes."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
from usid_fixtures import CATALOGUE, make_large_chunked

import usid_widgets
from usid_widgets import (
    MainDataset,
    attributes,
    find_main,
    is_main,
    print_tree,
)

ANC = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_public_names_exported():
    for name in (
        "find_main",
        "is_main",
        "check_main",
        "NotMainDatasetError",
        "MainDataset",
        "print_tree",
        "attributes",
        "component",
    ):
        assert hasattr(usid_widgets, name), name


# -------------------------------------------------------------------------------- inputs


def test_open_by_path_is_read_only(catalogue):
    case = catalogue["regular_new"]
    before = sha256(case.path)
    md = MainDataset(case.path, case.mains[0].path)
    try:
        assert md.path == case.mains[0].path
        assert isinstance(md.file, h5py.File)
        assert md.file.mode == "r"
        assert Path(md.file.filename).resolve() == case.path.resolve()
        with pytest.raises(Exception):  # noqa: B017 - h5py raises OSError/KeyError by version
            md.file.attrs["touched"] = 1
        with pytest.raises(Exception):  # noqa: B017
            md.file.create_group("touched")
        md.isel()
    finally:
        md.close()
    assert sha256(case.path) == before


@pytest.mark.parametrize("form", ["str", "Path"])
def test_open_by_path_forms(catalogue, form):
    case = catalogue["serpentine"]
    path = str(case.path) if form == "str" else case.path
    with MainDataset(path, case.mains[0].path) as md:
        assert md.shape == case.mains[0].truth.shape


class SubclassedDataset(h5py.Dataset):
    """Like pyUSID's USIDataset: an h5py.Dataset subclass built from a dataset's id."""

    def __init__(self, dset: h5py.Dataset):
        super().__init__(dset.id)
        self.extra = "subclass"


def test_accepts_dataset_and_subclass(catalogue):
    case = catalogue["four_spec"]
    exp = case.mains[0]
    with h5py.File(case.path, "r") as f:
        plain = MainDataset(f[exp.path])
        sub = MainDataset(SubclassedDataset(f[exp.path]))
        for md in (plain, sub):
            assert md.shape == exp.truth.shape
            assert md.file == f
            assert md.dtype == f[exp.path].dtype
            np.testing.assert_array_equal(md.isel(Y=1, X=2), exp.truth[1, 2])


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_find_main_order(catalogue, name):
    case = catalogue[name]
    want = [m.path for m in case.mains]
    assert [d.name for d in find_main(str(case.path))] == want
    assert [d.name for d in find_main(case.path)] == want
    with h5py.File(case.path, "r") as f:
        found = find_main(f)
        assert [d.name for d in found] == want
        assert all(isinstance(d, h5py.Dataset) for d in found)
        assert [d.name for d in find_main(f["Measurement_000"])] == want


@pytest.mark.parametrize("bad", [np.arange(4), None, 3, {"path": "a.h5"}], ids=repr)
def test_find_main_names_what_it_accepts(bad):
    with pytest.raises(TypeError) as err:
        find_main(bad)
    message = str(err.value)
    assert "find_main() takes a file path, an h5py.File or Group, or an h5py.Dataset" in message
    assert message.endswith(f"got {type(bad).__name__}")


def test_find_main_of_an_attribute_manager_is_a_type_error(catalogue):
    with h5py.File(catalogue["regular_new"].path, "r") as f, pytest.raises(TypeError) as err:
        find_main(f.attrs)
    assert str(err.value).endswith("got AttributeManager")


@pytest.mark.parametrize("name", ["regular_new", "shared", "results"])
def test_is_main_only_on_main(catalogue, name):
    case = catalogue[name]
    mains = {m.path for m in case.mains}
    with h5py.File(case.path, "r") as f:
        datasets = []
        f.visititems(lambda n, o: datasets.append(o) if isinstance(o, h5py.Dataset) else None)
        for d in datasets:
            assert is_main(d) == (d.name in mains), d.name


def test_dtype_and_quantity(catalogue):
    for name, dtype in [
        ("image_none", np.uint8),
        ("regular_new", np.float32),
        ("complex64", np.complex64),
        ("compound_ri", np.complex64),
        ("aborted_int", np.int16),
    ]:
        exp = catalogue[name].mains[0]
        with MainDataset(catalogue[name].path, exp.path) as md:
            assert md.dtype == np.dtype(dtype), name


@pytest.mark.parametrize("name", ["utf8_units", "bytes_attrs", "str_labels"])
def test_strings_decoded(catalogue, name):
    exp = catalogue[name].mains[0]
    with MainDataset(catalogue[name].path, exp.path) as md:
        assert (md.quantity, md.units) == (exp.quantity, exp.units)
        for d, e in zip(md.dims, exp.dims, strict=True):
            assert (d.name, d.units) == (e.name, e.units)
            assert isinstance(d.name, str) and isinstance(d.units, str)


def test_isel_rejects_bad_requests(catalogue):
    case = catalogue["regular_new"]
    with MainDataset(case.path, case.mains[0].path) as md:
        with pytest.raises((KeyError, ValueError)):
            md.isel(Nope=0)
        with pytest.raises((IndexError, ValueError)):
            md.isel(Bias=5)
        np.testing.assert_array_equal(md.isel(Bias=-1), case.mains[0].truth[..., -1])


# -------------------------------------------------------------------------------- never writes


def _exercise(path: Path) -> None:
    """Everything the reader offers, on one file."""
    found = find_main(path)
    names = [d.name for d in found]
    for dset in found:
        attributes(dset)
    if found:
        found[0].file.close()
    for name in names:
        with MainDataset(path, name) as md:
            md.isel()
            for d in md.dims:
                md.isel(**{d.name: d.size - 1})
            if md.layout["position"] == "sparse":
                md.position_coords()
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: attributes(o))
    print_tree(path)
    print_tree(path, main_only=True)


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_reading_leaves_file_identical(catalogue, name, tmp_path, capsys):
    path = tmp_path / "copy.h5"
    shutil.copy2(catalogue[name].path, path)
    before, mtime = sha256(path), path.stat().st_mtime_ns
    _exercise(path)
    assert sha256(path) == before
    assert path.stat().st_mtime_ns == mtime


def test_no_writes_through_a_writable_handle(catalogue, tmp_path):
    """Given a dataset from a file the user opened r+, the reader still writes nothing: the
    file ends up byte-identical to a copy opened and closed r+ without the reader."""
    src = catalogue["results"].path
    used, control = tmp_path / "used.h5", tmp_path / "control.h5"
    shutil.copy2(src, used)
    shutil.copy2(src, control)
    with h5py.File(used, "r+") as f:
        for dset in find_main(f):
            md = MainDataset(dset)
            md.isel()
            attributes(dset)
        print_tree(f)
    with h5py.File(control, "r+"):
        pass
    assert sha256(used) == sha256(control)


# -------------------------------------------------------------------------------- laziness


class CountingFile(io.RawIOBase):
    """A read-only file object that records every (offset, length) h5py reads through it."""

    def __init__(self, path: Path):
        self._f = open(path, "rb")  # noqa: SIM115 - closed in close()
        self.reads: list[tuple[int, int]] = []

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        offset = self._f.tell()
        n = self._f.readinto(buffer)
        self.reads.append((offset, n))
        return n

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def close(self) -> None:
        self._f.close()
        super().close()


def _chunk_spans(dset: h5py.Dataset) -> np.ndarray:
    infos = [dset.id.get_chunk_info(i) for i in range(dset.id.get_num_chunks())]
    return np.array(sorted((i.byte_offset, i.byte_offset + i.size) for i in infos))


def _bytes_in(spans: np.ndarray, reads: list[tuple[int, int]]) -> int:
    """Bytes of the reads that fall inside the dataset's (disjoint, sorted) chunks."""
    if not reads:
        return 0
    starts, ends = spans[:, 0], spans[:, 1]
    below = np.concatenate([[0], np.cumsum(ends - starts)])

    def covered(x: np.ndarray) -> np.ndarray:  # chunk bytes before file offset x
        i = np.searchsorted(starts, x, side="right") - 1
        inside = np.clip(x - starts[np.maximum(i, 0)], 0, (ends - starts)[np.maximum(i, 0)])
        return np.where(i < 0, 0, below[np.maximum(i, 0)] + inside)

    r = np.array(reads, dtype=np.int64)
    return int((covered(r[:, 0] + r[:, 1]) - covered(r[:, 0])).sum())


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return make_large_chunked(tmp_path_factory.mktemp("large"))


def test_map_and_spectrum_read_only_what_they_need(large):
    """On a 16 MB (65536, 64) float32 dataset chunked (1024, 8), a map needs one column of
    chunks (1/8 of the data) and a spectrum one row of chunks (1/64); measured as the bytes h5py
    fetches from the file inside the dataset's chunks, with h5py's default chunk cache."""
    exp = large.mains[0]
    counting = CountingFile(large.path)
    try:
        with h5py.File(counting, "r") as f:
            dset = f[exp.path]
            spans = _chunk_spans(dset)
            data_bytes = int((spans[:, 1] - spans[:, 0]).sum())
            assert data_bytes >= dset.size * 4  # uncompressed: every chunk is allocated

            counting.reads.clear()
            md = MainDataset(dset)
            assert _bytes_in(spans, counting.reads) <= data_bytes * 0.01, "opening read data"

            counting.reads.clear()
            image = md.isel(Bias=10)
            map_bytes = _bytes_in(spans, counting.reads)
            assert image.shape == (256, 256)
            np.testing.assert_array_equal(image, exp.truth[..., 10])
            assert 0 < map_bytes <= data_bytes * 0.25, f"map: {map_bytes} of {data_bytes} bytes"

            counting.reads.clear()
            spectrum = md.isel(Y=100, X=37)
            spec_bytes = _bytes_in(spans, counting.reads)
            np.testing.assert_array_equal(spectrum, exp.truth[100, 37])
            assert 0 < spec_bytes <= data_bytes * 0.05, f"spectrum: {spec_bytes} bytes"

            # the counter is sound: a block of 2 x 6 chunks nothing touched before is seen whole
            counting.reads.clear()
            dset[4096:6144, 16:]
            assert _bytes_in(spans, counting.reads) >= 2048 * 48 * 4
    finally:
        counting.close()


# -------------------------------------------------------------------------------- tree, attrs


def _line(text: str, name: str) -> str:
    """The tree line whose item name (after the branch characters) is ``name``."""
    hits = []
    for ln in text.splitlines():
        words = ln.lstrip("│├└─ \t").split()
        if words and words[0].rstrip("/") == name:
            hits.append(ln)
    assert hits, f"no line for {name!r} in:\n{text}"
    return hits[0]


def test_print_tree_marks_main_and_ancillary(catalogue, capsys):
    path = catalogue["results"].path
    print_tree(path)
    text = capsys.readouterr().out
    main = _line(text, "Raw_Data")
    results = _line(text, "Results")
    plain = _line(text, "completed_positions")
    anc = _line(text, "Position_Indices")
    assert "main" in main.lower() and "main" in results.lower()
    assert "main" not in plain.lower() and "ancillary" not in plain.lower()
    assert "ancillary" in anc.lower() and "main" not in anc.replace("Raw_Data", "").lower()
    # Spectroscopic_Indices of the results group belongs to Results
    res_spec = [ln for ln in text.splitlines() if "Spectroscopic_Indices" in ln]
    assert len(res_spec) == 2 and all("ancillary" in ln.lower() for ln in res_spec)


def test_print_tree_main_only(catalogue, capsys):
    path = catalogue["results"].path
    print_tree(path, main_only=True)
    text = capsys.readouterr().out
    assert "Raw_Data" in text and "Results" in text
    for hidden in ANC + ("completed_positions", "Raw_Data-Simple_Process_001"):
        assert hidden not in text, hidden


def test_print_tree_accepts_file_and_group(catalogue, capsys):
    case = catalogue["shared"]
    with h5py.File(case.path, "r") as f:
        print_tree(f)
        whole = capsys.readouterr().out
        print_tree(f["Measurement_000/Channel_002"])
        part = capsys.readouterr().out
    assert all(f"Channel_{k:03d}" in whole for k in range(4))
    assert "Raw_Data" in part and "Channel_001" not in part


def _no_bytes(value) -> bool:
    if isinstance(value, (bytes, np.bytes_)):
        return False
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "SO" or all(_no_bytes(v) for v in value.reshape(-1))
    if isinstance(value, (list, tuple)):
        return all(_no_bytes(v) for v in value)
    return True


def test_attributes_decode_utf8_and_bytes(catalogue):
    with h5py.File(catalogue["utf8_units"].path, "r") as f:
        g = f["Measurement_000/Channel_000"]
        for dname in ANC[:2]:
            units = attributes(g[dname])["units"]
            assert "µm" in units and _no_bytes(units)
            assert "µm" in list(np.atleast_1d(units)) or units == "µm, µm"
        assert attributes(g["Raw_Data"])["units"] == "µA"
        spec = attributes(g["Spectroscopic_Values"])
        assert "Température" in spec["labels"] and "°C" in spec["units"]
    with h5py.File(catalogue["bytes_attrs"].path, "r") as f:
        raw = f["Measurement_000/Channel_000/Raw_Data"]
        assert isinstance(raw.attrs["quantity"], np.bytes_)  # the fixture really holds bytes
        attrs = attributes(raw)
        assert attrs["quantity"] == "Current" and attrs["units"] == "µA"
        assert all(_no_bytes(v) for v in attrs.values())
        assert attrs["machine_id"] and isinstance(attrs["timestamp"], str)


def test_attributes_keep_numbers(catalogue):
    with h5py.File(catalogue["results"].path, "r") as f:
        grp = f["Measurement_000/Channel_000/Raw_Data-Simple_Process_000"]
        attrs = attributes(grp)
        assert attrs["tool"] == "Simple_Process"
        assert int(attrs["num_source_dsets"]) == 1
        assert "source_000" in attrs
