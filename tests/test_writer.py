"""The writer, checked with plain h5py against what pyUSID 0.0.12 writes (docs/usid-format.md)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from usid_widgets.writer import (
    Dimension,
    create_results_group,
    write_ancillary,
    write_image,
    write_main,
    write_main_raw,
)

Y = Dimension("Y", "µm", [0.0, 0.5, 1.0])
X = Dimension("X", "µm", [0.0, 0.25, 0.5, 0.75])
CYCLE = Dimension("Cycle", "", [0, 1])
BIAS = Dimension("Bias", "V", [-1.0, 0.0, 1.0, 2.0, 3.0])
ANC = ("Position_Indices", "Position_Values", "Spectroscopic_Indices", "Spectroscopic_Values")


@pytest.fixture
def h5(tmp_path):
    with h5py.File(tmp_path / "w.h5", "w") as f:
        yield f


def _strings(value) -> list[str]:
    return [bytes(v).decode("utf-8") for v in value]


def test_dimension():
    d = Dimension("Bias", "V", [1, 2, 3])
    assert d.size == 3 and d.values.shape == (3,)
    with pytest.raises(ValueError):
        d.values[0] = 5  # read-only
    assert Dimension("S", "", 7).size == 1
    for bad in [
        ("", "V", [1]),
        ("  ", "V", [1]),
        ("B", "V", []),
        ("B", "V", [[1, 2]]),
        ("B", "V", ["a", "b"]),
    ]:
        with pytest.raises(ValueError):
            Dimension(*bad)


def test_write_main_layout(h5):
    data = np.arange(3 * 4 * 2 * 5, dtype=np.float32).reshape(3, 4, 2, 5)
    main = write_main(
        h5.create_group("M/C"), "Raw_Data", data, [Y, X], [CYCLE, BIAS], "Current", "nA"
    )
    g = h5["M/C"]
    assert main.name == "/M/C/Raw_Data"
    assert main.shape == (12, 10) and main.dtype == np.float32
    np.testing.assert_array_equal(main[()], data.reshape(12, 10))
    # object references to the four ancillary datasets next to it
    for name in ANC:
        ref = main.attrs[name]
        assert isinstance(ref, h5py.Reference)
        assert h5[ref] == g[name]
    pi, pv = g["Position_Indices"], g["Position_Values"]
    si, sv = g["Spectroscopic_Indices"], g["Spectroscopic_Values"]
    assert pi.shape == pv.shape == (12, 2) and si.shape == sv.shape == (2, 10)
    assert pi.dtype == si.dtype == np.uint32 and pv.dtype == sv.dtype == np.float32
    # current pyUSID order: slowest first; C order
    np.testing.assert_array_equal(pi[:, 0], np.repeat(np.arange(3), 4))
    np.testing.assert_array_equal(pi[:, 1], np.tile(np.arange(4), 3))
    np.testing.assert_array_equal(si[0], np.repeat([0, 1], 5))
    np.testing.assert_array_equal(si[1], np.tile(np.arange(5), 2))
    np.testing.assert_array_equal(pv[:, 1], np.tile(X.values, 3))
    np.testing.assert_array_equal(sv[1], np.tile(BIAS.values, 2))
    # labels/units: fixed-length UTF-8 bytes, one per dimension, equal on Indices and Values
    for dset, labels, units in [
        (pi, ["Y", "X"], ["µm", "µm"]),
        (pv, ["Y", "X"], ["µm", "µm"]),
        (si, ["Cycle", "Bias"], ["", "V"]),
        (sv, ["Cycle", "Bias"], ["", "V"]),
    ]:
        assert dset.attrs["labels"].dtype.kind == "S" and dset.attrs["units"].dtype.kind == "S"
        assert _strings(dset.attrs["labels"]) == labels
        assert _strings(dset.attrs["units"]) == units
        np.testing.assert_array_equal(dset.attrs["type"], [0] * len(labels))
    assert pi.attrs["units"].dtype == np.dtype("S3")  # b"\xc2\xb5m"
    # quantity/units: vlen str
    assert main.attrs["quantity"] == "Current" and main.attrs["units"] == "nA"
    assert h5py.check_string_dtype(main.attrs.get_id("quantity").dtype).length is None
    for key in ("machine_id", "timestamp", "platform"):
        assert isinstance(main.attrs[key], str) and main.attrs[key]


def test_point_reads_agree_with_dims(h5):
    """Row = ravel_multi_index of the position indices; values are the dims' values."""
    data = np.random.default_rng(0).standard_normal((3, 4, 2, 5))
    main = write_main(h5, "Raw_Data", data, [Y, X], [CYCLE, BIAS])
    pi, pv = h5["Position_Indices"][()], h5["Position_Values"][()]
    si = h5["Spectroscopic_Indices"][()]
    for r in (0, 5, 11):
        for c in (0, 7):
            y, x = pi[r]
            cy, b = si[:, c]
            assert main[r, c] == data[y, x, cy, b]
            assert pv[r, 0] == np.float32(Y.values[y])


def test_empty_dims_get_size1(h5):
    m1 = write_main(h5.create_group("a"), "Raw_Data", np.arange(12.0).reshape(3, 4), [Y, X], [])
    assert m1.shape == (12, 1)
    si = h5["a/Spectroscopic_Indices"]
    assert si.shape == (1, 1)
    assert _strings(si.attrs["labels"]) == ["arb"] and _strings(si.attrs["units"]) == ["a.u."]
    assert h5["a/Spectroscopic_Values"][0, 0] == 1
    m2 = write_main(h5.create_group("b"), "Raw_Data", np.arange(5.0), [], [BIAS])
    assert m2.shape == (1, 5)
    assert h5["b/Position_Indices"].shape == (1, 1)
    m3 = write_main(h5.create_group("c"), "Raw_Data", np.float32(7), [], [])
    assert m3.shape == (1, 1) and m3[0, 0] == 7
    assert _strings(h5["c/Position_Indices"].attrs["labels"]) == ["arb_position"]
    assert _strings(h5["b/Position_Indices"].attrs["labels"]) == ["arb"]


@pytest.mark.parametrize(
    "dtype",
    [
        np.uint8,
        np.int16,
        np.float32,
        np.float64,
        np.complex64,
        np.complex128,
        np.dtype([("amp", np.float32), ("phase", np.float32), ("q", np.float64)]),
    ],
)
def test_dtypes_pass_through(h5, dtype):
    dtype = np.dtype(dtype)
    data = np.zeros((3, 5), dtype=dtype)
    if dtype.names:
        for k, name in enumerate(dtype.names):
            data[name] = np.arange(15).reshape(3, 5) * (k + 1)
    elif dtype.kind == "c":
        data[...] = np.arange(15).reshape(3, 5) * (1 - 2j)
    else:
        data[...] = np.arange(15).reshape(3, 5)
    main = write_main(h5, "Raw_Data", data, [Y], [BIAS])
    assert main.dtype == dtype
    np.testing.assert_array_equal(main[()], data)


def test_compound_ri_reads_as_complex(h5):
    data = np.zeros((3, 5), dtype=[("r", np.float32), ("i", np.float32)])
    data["r"], data["i"] = 1, 2
    main = write_main(h5, "Raw_Data", data, [Y], [BIAS])
    assert main.dtype == np.complex64
    assert main[0, 0] == 1 + 2j


def test_chunks_and_compression(h5):
    data = np.zeros((3, 4, 5), np.float32)
    main = write_main(h5, "Raw_Data", data, [Y, X], [BIAS], chunks=(4, 5), compression="gzip")
    assert main.chunks == (4, 5) and main.compression == "gzip"


def test_bytes_quantity_kept_as_bytes(h5):
    main = write_main(h5, "Raw_Data", np.zeros((3, 5)), [Y], [BIAS], b"Current", "µA".encode())
    assert isinstance(main.attrs["quantity"], np.bytes_)
    assert main.attrs["units"].decode("utf-8") == "µA"


@pytest.mark.parametrize(
    ("data_shape", "pos", "spec", "match"),
    [
        ((3, 4, 6), [Y, X], [BIAS], "shape"),
        ((4, 3, 5), [Y, X], [BIAS], "shape"),
        ((12, 5), [Y, X], [BIAS], "shape"),
        ((3, 3, 5), [Y, Dimension("Y", "nm", [0, 1, 2])], [BIAS], "unique"),
        ((3, 5), [Dimension("Bias", "V", [0, 1, 2])], [BIAS], "unique"),
    ],
)
def test_write_main_rejects(h5, data_shape, pos, spec, match):
    with pytest.raises(ValueError, match=match):
        write_main(h5, "Raw_Data", np.zeros(data_shape), pos, spec)
    assert "Raw_Data" not in h5 and "Position_Indices" not in h5  # nothing half-written


def test_write_main_rejects_names(h5):
    with pytest.raises(ValueError):
        write_main(h5, "", np.zeros((3, 5)), [Y], [BIAS])
    write_main(h5, "Raw_Data", np.zeros((3, 5)), [Y], [BIAS])
    with pytest.raises(ValueError, match="already"):
        write_main(h5, "Other", np.zeros((3, 5)), [Y], [BIAS])  # ancillary names taken
    with pytest.raises(ValueError):
        write_main(h5, "Raw_Data", np.zeros((3, 5)), [Y], [BIAS])


def test_shared_ancillary(h5):
    m = h5.create_group("Measurement_000")
    pi, pv = write_ancillary(
        m,
        "Position",
        [[0, 0], [1, 0], [0, 1], [1, 1]],
        [[0, 0], [1, 0], [0, 1], [1, 1]],
        ["X", "Y"],
        ["m", "m"],
        kind="position",
    )
    si, sv = write_ancillary(
        m, "Spectroscopic", [0], [1.0], ["arb"], ["a.u."], kind="spectroscopic"
    )
    assert si.shape == (1, 1)
    mains = [
        write_main_raw(
            m.create_group(f"Channel_{k:03d}"),
            "Raw_Data",
            np.full((4, 1), k),
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity=f"q{k}",
            units="m",
        )
        for k in range(4)
    ]
    addr = {h5py.h5o.get_info(h5[mm.attrs["Position_Indices"]].id).addr for mm in mains}
    assert len(addr) == 1
    assert [mm.attrs["quantity"] for mm in mains] == ["q0", "q1", "q2", "q3"]


def test_write_ancillary_orientation_and_attrs(h5):
    pi, pv = write_ancillary(
        h5,
        "Position",
        np.arange(5),
        np.arange(5) * 2.5,
        ["X"],
        ["nm"],
        kind="position",
        attrs={"incomplete_dimensions": ["X"]},
    )
    assert pi.shape == (5, 1)
    assert _strings(pv.attrs["incomplete_dimensions"]) == ["X"]
    si, _ = write_ancillary(
        h5,
        "Spectroscopic",
        np.arange(7),
        np.arange(7.0),
        ["B"],
        ["V"],
        kind="spectroscopic",
        attrs={"type": [1]},
    )
    assert si.shape == (1, 7)
    np.testing.assert_array_equal(si.attrs["type"], [1])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"indices": [[0, 1]], "values": [[0.0, 1.0]], "labels": ["X"], "units": ["nm"]}, "labels"),
        (
            {"indices": [[0], [1]], "values": [[0.0]], "labels": ["X"], "units": ["nm"]},
            "same shape",
        ),
        (
            {"indices": [[-1], [1]], "values": [[0.0], [1.0]], "labels": ["X"], "units": ["nm"]},
            "between",
        ),
        (
            {"indices": [[0.5], [1]], "values": [[0.0], [1.0]], "labels": ["X"], "units": ["nm"]},
            "integers",
        ),
        (
            {
                "indices": [[0, 1]],
                "values": [[0.0, 1.0]],
                "labels": ["X", "X"],
                "units": ["nm", "nm"],
            },
            "duplicate",
        ),
        (
            {
                "indices": [[0, 1]],
                "values": [[0.0, 1.0]],
                "labels": ["X", ""],
                "units": ["nm", "nm"],
            },
            "non-empty",
        ),
        (
            {
                "indices": np.zeros((2, 2, 2)),
                "values": np.zeros((2, 2, 2)),
                "labels": ["X"],
                "units": ["nm"],
            },
            "2-D",
        ),
    ],
)
def test_write_ancillary_rejects(h5, kwargs, match):
    with pytest.raises(ValueError, match=match):
        write_ancillary(h5, "Position", kind="position", **kwargs)
    with pytest.raises(ValueError, match="kind"):
        write_ancillary(h5, "P", [0], [0.0], ["X"], ["nm"], kind="positions")


def test_write_main_raw_checks_shapes(h5, tmp_path):
    pi, pv = write_ancillary(
        h5, "Position", np.arange(4), np.arange(4.0), ["X"], ["nm"], kind="position"
    )
    si, sv = write_ancillary(
        h5, "Spectroscopic", np.arange(3), np.arange(3.0), ["B"], ["V"], kind="spectroscopic"
    )
    anc = {"pos_inds": pi, "pos_vals": pv, "spec_inds": si, "spec_vals": sv}
    for shape in [(5, 3), (4, 2), (12,), (4, 3, 1)]:
        with pytest.raises(ValueError):
            write_main_raw(h5, "Raw_Data", np.zeros(shape), **anc)
    with pytest.raises(ValueError, match="Position_Values"):
        write_main_raw(h5, "Raw_Data", np.zeros((4, 3)), **{**anc, "pos_vals": sv})
    with h5py.File(tmp_path / "other.h5", "w") as other:
        with pytest.raises(ValueError, match="another file"):
            write_main_raw(other, "Raw_Data", np.zeros((4, 3)), **anc)
    assert "Raw_Data" not in h5
    main = write_main_raw(h5, "Raw_Data", np.ones((4, 3)), **anc, attrs={"note": "ok"})
    assert main.attrs["note"] == "ok" and main.attrs["quantity"] == ""


def test_write_image_file_and_group(tmp_path):
    image = np.arange(6 * 9, dtype=np.uint16).reshape(6, 9)
    path = tmp_path / "img.h5"
    name = write_image(path, image, x=np.linspace(0, 8, 9), xy_units="nm")
    assert name == "/Measurement_000/Channel_000/Raw_Data"
    assert write_image(path, image.T) == "/Measurement_001/Channel_000/Raw_Data"
    with h5py.File(path, "r") as f:
        main = f[name]
        assert main.shape == (54, 1) and main.dtype == np.uint16
        np.testing.assert_array_equal(main[:, 0], image.reshape(-1))  # row-major: X fastest
        pi = f[main.attrs["Position_Indices"]]
        assert _strings(pi.attrs["labels"]) == ["Y", "X"]
        assert _strings(pi.attrs["units"]) == ["nm", "nm"]
        pv = f[main.attrs["Position_Values"]]
        np.testing.assert_array_equal(pv[:9, 1], np.linspace(0, 8, 9).astype(np.float32))
        assert main.attrs["quantity"] == "intensity" and main.attrs["units"] == "a.u."
    with h5py.File(tmp_path / "g.h5", "w") as f:
        dset = write_image(f, image)
        assert isinstance(dset, h5py.Dataset) and dset.name == name
    with pytest.raises(ValueError):
        write_image(tmp_path / "bad.h5", np.zeros((2, 3, 4)))
    with pytest.raises(ValueError):
        write_image(tmp_path / "bad2.h5", image, x=np.arange(3))


def test_write_image_reads_back_oriented(tmp_path):
    """Through the reader: rows = Y, columns = X, row 0 first."""
    from usid_widgets import MainDataset

    image = np.random.default_rng(1).integers(0, 255, (7, 11)).astype(np.uint8)
    path = tmp_path / "img.h5"
    name = write_image(path, image)
    with MainDataset(path, name) as md:
        assert [d.name for d in md.pos_dims] == ["Y", "X"]
        np.testing.assert_array_equal(md.isel(arb=0), image)


def test_results_group(h5):
    src = write_main(h5.create_group("C"), "Raw_Data", np.zeros((3, 5)), [Y], [BIAS])
    g0 = create_results_group(src, "Simple_Process")
    g1 = create_results_group(src, "Simple_Process")
    assert g0.name == "/C/Raw_Data-Simple_Process_000"
    assert g1.name == "/C/Raw_Data-Simple_Process_001"
    assert g0.attrs["tool"] == "Simple_Process" and g0.attrs["num_source_dsets"] == 1
    assert h5[g0.attrs["source_000"]] == src
    with pytest.raises(ValueError):
        create_results_group(src, "Bad-Name")
