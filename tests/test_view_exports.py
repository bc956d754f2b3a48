"""The download menu's answers, kernel side (the NPY files the browser writes from them are
checked against numpy's own in the golden table ``npy_files``, tests/test_golden.py)."""

from __future__ import annotations

import numpy as np
import pytest

from usid_widgets import Heatmap, datasets, explorer
from usid_widgets.model.export import file_stem, safe_name, wire_array
from usid_widgets.widgets import exports


def test_wire_array_is_little_endian_c_order_in_a_dtype_the_browser_writes():
    a = np.arange(12, dtype=">f8").reshape(3, 4)[:, 1:3]
    data, descr, shape = wire_array(a)
    assert descr == "<f8" and shape == [3, 2]
    np.testing.assert_array_equal(np.frombuffer(data, "<f8").reshape(3, 2), a)
    assert wire_array(np.ones(2, np.float16))[1] == "<f4"
    assert wire_array(np.ones(2, ">i4"))[1] == "<i4"


def test_file_names_are_safe_and_say_what_and_where():
    assert safe_name("/Measurement_000/Channel 0:µ") == "Measurement_000-Channel-0"
    assert (
        file_stem("data/be.h5", "/Measurement_000/Channel_000/Raw_Data", "image", ["Frequency48"])
        == "be_Measurement_000-Channel_000-Raw_Data_image_Frequency48"
    )


@pytest.fixture(scope="module")
def spectral(tmp_path_factory):
    return str(datasets.band_excitation(tmp_path_factory.mktemp("x") / "be.h5", size=(12, 16)))


def test_image_answer_is_the_window_on_screen_in_its_dtype(spectral):
    w = explorer(spectral)
    w.zoom = {"Y": (2, 9), "X": (4, 12)}
    content, (data,) = exports.answer(w, w.heatmap, "image", "npy")
    window = w.image[2:9, 4:12]
    assert content["descr"] == window.dtype.newbyteorder("<").str
    assert content["shape"] == [7, 8]
    np.testing.assert_array_equal(np.frombuffer(data, content["descr"]).reshape(7, 8), window)
    assert content["name"] == (
        "be_Measurement_000-Channel_000-Raw_Data_image_Frequency48_window-Y2-9-X4-12"
    )
    notes = "\n".join(content["notes"])
    assert "full resolution" in notes and "rows 2:9, columns 4:12" in notes
    y = np.asarray(w.md.dim("Y").values)[2:9]
    assert f"rows: Y ({w.md.dim('Y').units}) values: {y[0]}, {y[1]}," in notes
    w.close()


def test_plot_answer_has_x_values_units_and_the_line(spectral):
    w = explorer(spectral, index={"Y": 3, "X": 5})
    content, (xs, ys) = exports.answer(w, w.heatmap, "plot", "csv")
    freq = w.md.dim("Frequency")
    x = np.frombuffer(xs, content["columns"][0]["descr"])
    np.testing.assert_array_equal(x, freq.values)
    np.testing.assert_array_equal(np.frombuffer(ys, content["columns"][1]["descr"]), w.spectrum)
    assert content["columns"][0]["label"] == f"Frequency ({freq.units})"
    assert content["columns"][1]["label"] == f"{w.md.quantity} ({w.md.units})"
    assert content["name"] == "be_Measurement_000-Channel_000-Raw_Data_plot_Y3_X5"
    assert content["notes"][2].startswith("position: Y = 3 (")
    w.plot_x = "index"
    content, (xs, _ys) = exports.answer(w, w.heatmap, "plot", "csv")
    assert content["columns"][0]["label"] == "Frequency step"
    np.testing.assert_array_equal(np.frombuffer(xs, "<i8"), np.arange(freq.size))
    w.plot_dim = None
    with pytest.raises(ValueError, match="No line plot on screen"):
        exports.answer(w, w.heatmap, "plot", "csv")
    assert exports.answer(w, w.heatmap, "code", "")[0]["code"] == w.code()
    w.close()


def test_plot_answer_has_a_column_per_pin_named_as_the_legend(spectral):
    w = explorer(spectral, index={"Y": 3, "X": 5})
    w.pins = [{"Y": 1, "X": 2}, {"roi": {"Y": (0, 4), "X": (0, 4)}}]
    content, buffers = exports.answer(w, w.heatmap, "plot", "csv")
    assert len(content["columns"]) == len(buffers) == 4
    ylabel = f"{w.md.quantity} ({w.md.units})"
    labels = [item["label"] for item in w.legend.items]
    for n, (column, data, line) in enumerate(
        zip(content["columns"][2:], buffers[2:], w.pinned_lines, strict=True), start=1
    ):
        assert column["label"] == f"pin {n}: {labels[n - 1]}: {ylabel}"
        np.testing.assert_array_equal(np.frombuffer(data, column["descr"]), line)
    np.testing.assert_array_equal(w.pinned_lines[0], w.md.isel(Y=1, X=2).reshape(-1))
    w.close()


def test_the_heatmap_replies_to_the_browser(spectral):
    w = explorer(spectral)
    sent = []
    w.heatmap.send = lambda content, buffers=None: sent.append((content, buffers))
    w.heatmap._on_msg(w.heatmap, {"type": "export", "action": "plot", "format": "csv"}, [])
    content, buffers = sent[-1]
    assert content["type"] == "export" and content["action"] == "plot" and len(buffers) == 2
    w.plot_dim = None
    w.heatmap._on_msg(w.heatmap, {"type": "export", "action": "plot", "format": "csv"}, [])
    assert sent[-1][0]["error"] == "No line plot on screen." and sent[-1][1] == []
    w.close()
    alone = Heatmap()
    alone.send = lambda content, buffers=None: sent.append((content, buffers))
    alone.show_image(np.arange(6.0).reshape(2, 3))
    alone._on_msg(alone, {"type": "export", "action": "image", "format": "npy"}, [])
    assert sent[-1][0]["shape"] == [2, 3] and sent[-1][0]["name"] == "image"
    alone._on_msg(alone, {"type": "export", "action": "code", "format": ""}, [])
    assert sent[-1][0]["error"] == "A heatmap on its own offers its image only."
    alone.close()


def test_a_point_cloud_downloads_one_value_per_sampled_point(tmp_path):
    path = str(datasets.sparse_scan(tmp_path / "sparse.h5", n_points=30, n_freq=12))
    w = explorer(path)
    content, (data,) = exports.answer(w, w.heatmap, "image", "npy")
    assert content["shape"] == [30] and content["name"].startswith("sparse_")
    assert "_points_Frequency6" in content["name"]
    np.testing.assert_array_equal(np.frombuffer(data, content["descr"]), w.image)
    content, (index, values) = exports.answer(w, w.heatmap, "image", "csv")
    assert [c["label"] for c in content["columns"]] == [
        "point",
        f"{w.view_state.quantity} ({w.view_state.units})",
    ]
    np.testing.assert_array_equal(np.frombuffer(index, "<i8"), np.arange(30))
    np.testing.assert_array_equal(np.frombuffer(values, content["columns"][1]["descr"]), w.image)
    w.close()
