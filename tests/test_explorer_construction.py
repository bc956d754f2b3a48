"""What the explorer builds and sends: views made on first use, everything closed on close,
and per-step messages limited to what changed."""

from __future__ import annotations

import collections

import h5py
import ipywidgets
import numpy as np
import pytest
from ipywidgets.widgets import widget as widget_module
from main_files import half_steps, write_channel

from usid_widgets import explorer
from usid_widgets.model.wire import from_array_dict


@pytest.fixture
def image(tmp_path):
    data = np.random.default_rng(1).random((12, 16, 1)).astype(np.float32)
    return write_channel(
        tmp_path / "i.h5", data, half_steps({"Y": 12, "X": 16}), half_steps({"arb": 1}, "")
    )


@pytest.fixture
def spectral(tmp_path):
    data = np.random.default_rng(2).random((6, 8, 20)).astype(np.float32)
    path = write_channel(
        tmp_path / "s.h5", data, half_steps({"Y": 6, "X": 8}), half_steps({"F": 20}, "kHz")
    )
    return path, data


@pytest.fixture
def four_d(tmp_path):
    data = np.random.default_rng(3).random((4, 5, 6, 7)).astype(np.float32)
    pos, spec = half_steps({"Y": 4, "X": 5}), half_steps({"Ky": 6, "Kx": 7}, "1/nm")
    return write_channel(tmp_path / "d.h5", data, pos, spec), data


def _live() -> set[str]:
    return set(widget_module._instances)


def test_an_image_makes_neither_the_second_view_nor_the_plot(image):
    before = _live()
    w = explorer(image, colormap="magma")
    made = [widget_module._instances[k] for k in _live() - before]
    assert w.second_if_made is None and w.plot_if_made is None and w.progress_if_made is None
    kinds = collections.Counter(type(m).__name__ for m in made)
    assert not {"Figure", "Lines", "SpectrumPlot", "FloatProgress"} & set(kinds)
    assert kinds["Heatmap"] == 1 and len(made) <= 35, kinds
    # made on first use, and then linked and labelled like the map
    second = w.second
    assert second is w.second and second.colormap == "magma"
    assert (second.quantity, second.units) == ("Current", "nA")
    w.colormap = "gray"
    assert second.colormap == "gray"
    assert second not in w.views.children  # made, but not shown: this dataset has no plane
    w.close()


def test_each_dimensionality_makes_the_views_it_shows(spectral, four_d):
    w = explorer(spectral[0])
    assert w.plot_if_made is not None and w.second_if_made is None
    assert list(w.views.children) == [w.heatmap, w.plot]
    assert w.plot._brush is None and w.plot._message is None  # not needed yet
    w.close()
    w = explorer(four_d[0])
    assert w.second_if_made is not None and w.plot_if_made is None
    assert list(w.views.children) == [w.heatmap, w.second]
    w.plot_dim = "Kx"  # a plot asked for later is made then
    assert list(w.views.children) == [w.heatmap, w.second, w.plot]
    np.testing.assert_array_equal(w.spectrum, four_d[1][2, 2, 3, :])
    w.close()


def test_a_single_spectrum_leaves_the_map_out_of_the_views(tmp_path, spectral):
    # no map: the plot takes the row alone, without a message box beside it
    data = np.random.default_rng(4).random((1, 30)).astype(np.float32)
    curve = write_channel(tmp_path / "c.h5", data, half_steps({"X": 1}), half_steps({"Z": 30}))
    w = explorer(curve)
    assert list(w.views.children) == [w.plot]
    assert w.heatmap.frame["mode"] == "message"  # still says why, for whoever shows it alone
    # an ancillary dataset is numbers too (kind "hdf5"); here one value: nothing to plot
    w.dataset = "/Measurement_000/Channel_000/Position_Indices"
    assert w.md.kind == "hdf5" and list(w.views.children) == [w.heatmap]
    assert "single value" in w.heatmap.frame["message"]
    # a group cannot be shown: the heatmap is back in the row, saying why
    w.dataset = "/Measurement_000/Channel_000"
    assert list(w.views.children) == [w.heatmap]
    assert "cannot be shown" in w.heatmap.frame["message"]
    w.close()
    w = explorer(spectral[0])
    assert list(w.views.children) == [w.heatmap, w.plot]
    w.close()


def test_the_layout_is_named_for_the_stylesheet(spectral):
    # widgets.css lays out the explorer by these classes (tests/e2e/test_layout.py measures it)
    w = explorer(spectral[0])
    body = w.children[-1]
    center = body.children[1]
    assert "usidw-explorer" in w._dom_classes and "usidw-body" in body._dom_classes
    assert "usidw-center" in center._dom_classes and w.views in center.children
    assert "usidw-views" in w.views._dom_classes and "usidw-spectrum" in w.plot._dom_classes
    assert "usidw-header-title" in w.title_label._dom_classes
    assert "usidw-status" in w.status._dom_classes and w.status.value == ""
    # the header: the whole title, escaped, as text and tooltip of one element
    assert w.title_label.value.count("s.h5") == 2 and "Raw_Data" in w.title_label.value
    w.close()


def test_the_progress_bar_is_made_on_the_first_long_read(image):
    w = explorer(image)
    n = len(w.children)
    bar = w.progress
    assert w.children[2] is bar and len(w.children) == n + 1
    assert bar.layout.display == "none"
    w.events.progress(1.0)  # the end of a read hides it
    assert bar.layout.display == "none"
    w.close()


# The models one explorer of a spectral image makes (45 when this was written, 52 before
# layouts were shared, the plot figure took the unit scale as its own and the pinned lines'
# mark waited for a pin): every model is a comm_open message and a model, often a view,
# built in the page before the first paint.
OPEN_MODELS = 45


def test_the_open_makes_few_models_and_sends_classes_in_the_first_message(spectral, monkeypatch):
    sent = Sent(monkeypatch)
    before = _live()
    w = explorer(spectral[0])
    made = [widget_module._instances[k] for k in _live() - before]
    kinds = collections.Counter(type(m).__name__ for m in made)
    assert len(made) <= OPEN_MODELS, f"{len(made)} models (at most {OPEN_MODELS}): {kinds}"
    # shared where they are shown and hidden together, and one plain layout for the header
    # and the views row
    c = w.controls
    assert c.row_dim.layout is c.col_dim.layout and c.plot_choice.layout is c.x_mode.layout
    assert c.component_choice.layout is not c.row_dim.layout
    assert w.title_label.layout is w.status.layout is w.views.layout
    assert w.layout is not w.views.layout  # the user's own, free to change
    assert w.plot.figure.scale_x is w.plot.figure.scale_y is w.plot.marker.scales["y"]
    assert w.plot.pinned_if_made is None  # no pin yet
    late = [kind for kind, keys in sent.take() if "_dom_classes" in keys]
    assert late == [], f"classes sent as updates after the first message by {late}"
    assert "usidw-explorer" in w._dom_classes and "usidw-controls" in c._dom_classes
    assert w.plot.figure_class in w.plot.figure._dom_classes
    w.close()


def test_the_paired_dropdowns_hide_together(tmp_path):
    data = np.random.default_rng(4).random((30,)).astype(np.float32)
    path = write_channel(
        tmp_path / "one.h5", data.reshape(1, 30), half_steps({"X": 1}), half_steps({"F": 30})
    )
    w = explorer(path)
    c = w.controls
    assert c.row_dim.layout.display == "none" and c.col_dim.layout.display == "none"
    assert c.plot_choice.layout.display is None and c.x_mode.layout.display is None
    c.hide()
    assert {d.layout.display for d in (c.row_dim, c.col_dim, c.plot_choice, c.x_mode)} == {
        "none"
    }
    w.close()


def test_close_closes_every_widget_it_made(spectral):
    before = _live()
    w = explorer(spectral[0])
    w.plot.mode.value = "interval"  # the brush too
    _ = w.second, w.progress, w.plot.message  # and the parts made on demand
    assert len(_live() - before) > 40
    w.close()
    assert _live() - before == set()


def test_a_path_that_cannot_be_opened_raises_and_leaves_nothing_behind(tmp_path, monkeypatch):
    import gc
    import sys

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    before = _live()
    with pytest.raises(FileNotFoundError):
        explorer(str(tmp_path / "missing.h5"))
    gc.collect()  # ipywidgets' __del__ closes the half-made explorer
    assert unraisable == [] and _live() - before == set()


def test_views_of_one_class_share_one_subclass_and_sync_their_own_module(spectral):
    from usid_widgets.widgets.base import STATIC, STYLE_ID

    a, b = explorer(spectral[0]), explorer(spectral[0])
    css = (STATIC / "widgets.css").read_text()
    modules = set()
    for x, y in ((a.heatmap, b.heatmap), (a.sliders, b.sliders), (a.tree, b.tree)):
        assert type(x) is type(y)  # anywidget's traits added once per class, not per view
        module = (STATIC / f"{x._kind}.js").read_text()
        modules.add(module)
        for view in (x, y):
            state = view.get_state()
            # each view sends only its own module, and the one stylesheet under one name
            assert state["_esm"] == module and state["_css"] == css and css.strip()
            assert state["_anywidget_id"] == STYLE_ID
    assert len(modules) == 3
    # the sliders' module links the views; the map's holds the colormaps; the tree neither
    heatmap, sliders, tree = (
        (STATIC / f"{kind}.js").read_text() for kind in ("heatmap", "sliders", "tree")
    )
    assert "viridis" in heatmap and "viridis" not in tree and "viridis" not in sliders
    assert len(heatmap) + len(sliders) + len(tree) < 2 * len(heatmap)
    a.heatmap._esm = "changed"  # a trait value is still each view's own
    assert b.heatmap._esm == heatmap
    a.close()
    b.close()


def test_the_file_is_walked_once(spectral, monkeypatch):
    walks = []
    original = h5py.h5o.visit  # under visititems, and what find_main calls

    def counting(oid, func, *args, **kwargs):
        walks.append(h5py.h5i.get_name(oid).decode())
        return original(oid, func, *args, **kwargs)

    monkeypatch.setattr(h5py.h5o, "visit", counting)
    w = explorer(spectral[0])
    assert walks == ["/"] and w.dataset == "/Measurement_000/Channel_000/Raw_Data"
    w.close()
    walks.clear()
    with h5py.File(spectral[0], "r") as f:  # a group: its own first Main dataset
        w = explorer(f["Measurement_000"])
        assert w.dataset == "/Measurement_000/Channel_000/Raw_Data"
        w.close()


class Sent:
    """Messages that left each widget type (update messages of widgets with a comm)."""

    def __init__(self, monkeypatch):
        self.log: list[tuple[str, list[str]]] = []
        original = ipywidgets.Widget._send

        def _send(widget, msg, buffers=None):
            if widget.comm is not None:
                self.log.append((type(widget).__name__, sorted(msg.get("state", {}))))
            return original(widget, msg, buffers)

        monkeypatch.setattr(ipywidgets.Widget, "_send", _send)

    def take(self) -> list[tuple[str, list[str]]]:
        out, self.log = self.log, []
        return out


def test_a_spectrum_step_is_one_message_and_the_browser_draws_the_line(spectral, monkeypatch):
    path, data = spectral  # contiguous, 6 x 8 positions: the reader holds 8 rows per window
    w = explorer(path)
    y, x = w.index["Y"], w.index["X"]
    held = w.sliders.lines  # the first view is a jump: the line alone
    assert held["target"] == "plot" and held["along"] == "X" and held["at"] == {"Y": y}
    assert (held["start"], held["data"]["shape"][0]) == (x, 1)
    sent = Sent(monkeypatch)
    w.index = {"X": x + 1}  # a step along the scan: the spectra beside it go ahead
    assert sent.take() == [("DimensionSliders", ["index", "lines"])]
    held = w.sliders.lines
    start, n = held["start"], held["data"]["shape"][0]
    assert n > 2 and start <= x + 1 < start + n
    x = next(t for t in range(start, start + n) if t != x + 1)
    w.index = {"X": x}
    assert sent.take() == [("DimensionSliders", ["index"])]  # no line, no dot, no crosshair
    # the kernel holds what the browser drew from the held lines
    np.testing.assert_array_equal(w.spectrum, data[y, x])
    # drawn in the display unit of the line (pA for values in nA below 1)
    shown = w.plot.scaled(data[y, x].astype(np.float64))
    assert w.plot.y_axis.label.endswith("(pA)")
    np.testing.assert_allclose(w.plot.line.y, shown, rtol=1e-6)
    assert list(w.plot.dot.y) == [pytest.approx(float(shown[10]))]
    assert w.heatmap.selected == [y, x]
    # a spectrum not held: read, and sent with the new held lines in the same message
    w.index = {"Y": (y + 2) % 6}
    assert sent.take() == [("DimensionSliders", ["index", "lines"])]
    np.testing.assert_array_equal(w.spectrum, data[(y + 2) % 6, x])
    assert w.sliders.lines["at"] == {"Y": (y + 2) % 6}
    # a step of the plot's own slider: the map; the browser moves the marker and the dot onto
    # the line it shows (link.js stepUpdates), the kernel records where
    assert w.sliders.links["marker"] == w.plot.marker.model_id
    assert w.sliders.links["step"] == "F"
    w.index = {"F": 4}
    log = sent.take()
    assert not any(kind in ("Lines", "Scatter") for kind, _keys in log), log
    assert ("DimensionSliders", ["index"]) in log
    assert list(w.plot.marker.x) == [2.0, 2.0] and list(w.plot.marker.y) == [0.0, 1.0]
    assert list(w.plot.dot.x) == [2.0]
    assert list(w.plot.dot.y) == [pytest.approx(float(data[(y + 2) % 6, x, 4]) * 1e3)]  # pA
    w.index = {"F": 4}  # nothing changed: nothing sent
    assert sent.take() == []
    w.close()


def test_the_index_message_is_what_send_state_would_send(spectral, monkeypatch):
    path, _data = spectral
    w = explorer(path)
    msgs: list[tuple] = []
    monkeypatch.setattr(
        ipywidgets.Widget,
        "_send",
        lambda widget, msg, buffers=None: msgs.append((msg, list(buffers or []))),
    )

    def both(keys, lines):
        msgs.clear()
        w.sliders.send_state(keys)
        w.sliders.send_index(lines=lines)
        (a, a_buffers), (b, b_buffers) = msgs
        assert a == b
        assert [bytes(x) for x in a_buffers] == [bytes(x) for x in b_buffers]
        return a, a_buffers

    msg, buffers = both("index", False)
    assert msg["state"] == {"index": w.index} and buffers == []
    w.index = {"X": w.index["X"] + 1}  # a scrub: held lines, one binary buffer
    assert w.sliders.lines["data"]["shape"][0] > 1
    msg, buffers = both(["index", "lines"], True)
    assert msg["buffer_paths"] == [["lines", "data", "buffer"]] and len(buffers) == 1
    assert "buffer" in w.sliders.lines["data"]  # the trait's own dict is left whole
    w.sliders.lines = {}
    msg, buffers = both(["index", "lines"], True)
    assert msg["state"]["lines"] == {} and buffers == []
    # while the browser's own change of index is applied, the lock takes the value sent
    w.sliders._property_lock = {"index": {"X": -1}}
    w.sliders.send_index()
    assert w.sliders._property_lock == {"index": w.sliders.index}
    w.sliders._property_lock = {}
    w.close()


def test_a_step_made_in_the_browser_is_not_sent_back(spectral, monkeypatch):
    """The browser applied the step it sent (link.js drew the held line): ipywidgets echoes
    its index, and the held step adds nothing but the "served" message."""
    path, data = spectral
    w = explorer(path)
    w.index = {"X": w.index["X"] + 1}  # a scrub: lines held on both sides
    held = w.sliders.lines
    x = next(
        t
        for t in range(held["start"], held["start"] + held["data"]["shape"][0])
        if t != w.index["X"]
    )
    msgs: list[tuple[str, str, list]] = []
    original = ipywidgets.Widget._send

    def _send(widget, msg, buffers=None):
        msgs.append((type(widget).__name__, msg["method"], sorted(msg.get("state", {}))))
        return original(widget, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", _send)
    w.sliders.set_state({"index": {**w.sliders.index, "X": x}})
    assert msgs == [
        ("DimensionSliders", "echo_update", ["index"]),
        ("DimensionSliders", "custom", []),  # served
    ]
    np.testing.assert_array_equal(w.spectrum, data[w.index["Y"], x])
    assert w.sliders.index == w.index and w.index["X"] == x
    # a step to a line not held: its lines go out, with the index
    msgs.clear()
    w.sliders.set_state({"index": {**w.sliders.index, "Y": (w.index["Y"] + 3) % 6}})
    assert ("DimensionSliders", "update", ["index", "lines"]) in msgs
    w.close()


def test_held_steps_keep_the_keys_the_views_are_compared_by(spectral, four_d):
    """A held step records each view's key by changing its index part alone: after a scrub
    the keys equal the ones computed whole, so the next refresh re-reads nothing it holds
    and nothing it does not."""
    for (path, data), target, key in (
        (spectral, "plot", lambda w: w.display.plot_key("F")),
        (four_d, "second", lambda w: w.display.second_key(w.second_dims)),
    ):
        w = explorer(path)
        refreshes: list[int] = []

        def counted(refresh=w.refresh, refreshes=refreshes) -> None:
            refreshes.append(1)
            refresh()

        w.refresh = counted
        for y in (1, 0):
            for x in range(data.shape[1]):
                w.index = {"Y": y, "X": x}
                assert w.display.keys[target] == key(w), (target, y, x)
        assert len(refreshes) < data.shape[1], "the scrub took no held step"
        w.close()


def test_a_line_the_browser_cannot_draw_alone_is_sent_by_the_kernel(tmp_path, monkeypatch):
    data = np.random.default_rng(5).random((2, 6, 9)).astype(np.float32)
    data[0, 1] *= 1e6  # another display unit (µA) than its neighbours (pA)
    data[0, 4, 4] = np.nan  # a gap: markers off, the dot at the bottom
    path = write_channel(
        tmp_path / "t.h5", data, half_steps({"Y": 2, "X": 6}), half_steps({"F": 9}, "kHz")
    )
    w = explorer(path)  # at Y = 1, X = 3, a row of look-alike spectra: held in the browser
    w.index = {"X": 4}
    sent = Sent(monkeypatch)
    w.index = {"X": 5}
    assert sent.take() == [("DimensionSliders", ["index"])]
    w.index = {"Y": 0, "X": 0}  # a jump to a plain spectrum: sent as the one held line
    assert sent.take() == [("DimensionSliders", ["index", "lines"])]
    np.testing.assert_allclose(w.plot.line.y, data[0, 0] * 1e3, rtol=1e-6)  # pA
    for x in range(1, 6):  # scrubbing a row with odd spectra: the kernel sends each line
        w.index = {"X": x}
        log = sent.take()
        np.testing.assert_array_equal(w.spectrum, data[0, x])
        assert ("Lines", ["y"]) in log or (x == 4 and ("Lines", ["marker", "y"]) in log), log
        assert w.sliders.lines == {}
        if x == 1:
            assert w.plot.y_axis.label.endswith("(µA)") and w.plot.y_axis.tick_format == "~g"
        if x == 4:
            assert w.plot.line.marker is None
    w.index = {"Y": 1, "X": 0}  # back to the plain row: held lines again
    assert w.sliders.lines["at"] == {"Y": 1}
    np.testing.assert_allclose(w.plot.line.y, data[1, 0] * 1e3, rtol=1e-6)
    w.index = {"X": 1}
    assert w.sliders.lines["data"]["shape"][0] > 1
    np.testing.assert_allclose(w.plot.line.y, data[1, 1] * 1e3, rtol=1e-6)
    w.close()


def test_a_nan_value_puts_the_dot_at_the_bottom(tmp_path, monkeypatch):
    data = np.random.default_rng(4).random((2, 3, 9)).astype(np.float32)
    data[1, 1, 4] = np.nan
    path = write_channel(
        tmp_path / "n.h5", data, half_steps({"Y": 2, "X": 3}), half_steps({"F": 9}, "kHz")
    )
    w = explorer(path)
    w.index = {"Y": 1, "X": 1, "F": 4}
    finite = data[1, 1][np.isfinite(data[1, 1])]
    assert list(w.plot.dot.y) == [pytest.approx(float(finite.min()) * 1e3)]  # in pA
    w.close()


def test_a_step_onto_a_nan_value_sends_the_dot(tmp_path, monkeypatch):
    """link.js places no dot at a NaN (stepUpdates): the kernel sends it, at the bottom."""
    data = np.random.default_rng(4).random((2, 3, 9)).astype(np.float32)
    data[1, 1, 4] = np.nan
    path = write_channel(
        tmp_path / "n.h5", data, half_steps({"Y": 2, "X": 3}), half_steps({"F": 9}, "kHz")
    )
    w = explorer(path)
    w.index = {"Y": 1, "X": 1, "F": 3}
    assert "marker" in w.sliders.links  # the browser moves marker and dot where it can
    sent = Sent(monkeypatch)
    w.index = {"F": 4}
    log = sent.take()
    assert ("Lines", ["x"]) in log and ("Scatter", ["x", "y"]) in log, log
    finite = data[1, 1][np.isfinite(data[1, 1])]
    assert list(w.plot.dot.y) == [pytest.approx(float(finite.min()) * 1e3)]  # in pA
    w.index = {"F": 5}  # a finite value again: the browser's, nothing sent for the plot
    assert not any(kind in ("Lines", "Scatter") for kind, _keys in sent.take())
    assert list(w.plot.dot.y) == [pytest.approx(float(data[1, 1, 5]) * 1e3)]
    w.close()


def test_held_lines_go_when_their_view_goes(spectral, four_d, monkeypatch):
    path, data = spectral
    w = explorer(path)
    w.index = {"X": w.index["X"] + 1}
    assert w.sliders.lines["target"] == "plot"
    w.plot_dim = None  # no plot: the browser must stop drawing into it
    assert w.sliders.lines == {} and "line" not in w.sliders.links
    w.index = {"X": w.index["X"] + 1}
    assert w.spectrum is None and w.sliders.index == w.index
    w.plot_dim = "F"
    np.testing.assert_array_equal(w.spectrum, data[w.index["Y"], w.index["X"]])
    w.close()
    path, data = four_d
    w = explorer(path)
    w.index = {"X": w.index["X"] + 1}
    assert w.sliders.lines["target"] == "second"
    w.second.zoom = [0, 3, 0, 3]  # a zoomed plane travels as its window: no whole planes
    assert w.sliders.lines == {}
    w.index = {"X": w.index["X"] - 1}
    np.testing.assert_array_equal(w.plane, data[w.index["Y"], w.index["X"]])
    assert w.second.frame["data"]["shape"] == [3, 3]
    w.close()


def test_without_a_block_cache_every_plane_is_still_shown(four_d):
    path, data = four_d
    w = explorer(path, cache_bytes=0)  # nothing held: no lines ahead while scrubbing
    for x in (3, 4, 0):
        w.index = {"X": x}
        want = data[w.index["Y"], x]
        np.testing.assert_array_equal(w.plane, want)
        shown = from_array_dict(w.second.frame["data"])
        np.testing.assert_array_equal(shown, want)
    w.close()


@pytest.mark.parametrize("shown", [[0.5, 2.0, 3.0], [1e-6, 2e-6, 3e-6], [0.0, 0.0, 0.0]])
def test_one_line_follows_exactly_when_a_block_of_lines_would(shown):
    """``SpectrumPlot.can_follow`` on one line (a jump) takes a shorter path than on a block
    of held lines: both must agree, and agree with what ``show`` would change."""
    from usid_widgets.widgets.spectrum import SpectrumPlot

    plot = SpectrumPlot()
    x = np.array([0.0, 1.0, 2.0])
    plot.show(x, np.array(shown), "F (Hz)", "A (V)", 1, True)
    candidates = [
        [1.0, 2.0, 4.0],
        [1e-6, 5e-6, 2e-6],
        [0.0, 0.0, 0.0],
        [1e6, 2.0, 3.0],
        [1.0, np.nan, 3.0],
        [1.0, np.inf, 3.0],
        [-np.inf, 2.0, 3.0],
        [-9.9e4, 2.0, 3.0],
        [-1.2e5, 2.0, 3.0],
    ]
    for y in candidates:
        one = np.array([y], dtype=np.float32)
        block = np.repeat(one, 2, axis=0)  # two rows: the vectorised path
        assert plot.can_follow(x, "F (Hz)", "A (V)", True, one) == plot.can_follow(
            x, "F (Hz)", "A (V)", True, block
        ), y
        if plot.can_follow(x, "F (Hz)", "A (V)", True, one):
            before = plot.y_axis.tick_format
            plot.show(x, one[0].astype(float), "F (Hz)", "A (V)", 1, True)
            assert plot.y_axis.tick_format == before  # following changed only the line's y
            plot.show(x, np.array(shown), "F (Hz)", "A (V)", 1, True)
    assert not plot.can_follow(x, "F (Hz)", "B (V)", True, np.ones((1, 3)))  # other labels
    plot.close()
