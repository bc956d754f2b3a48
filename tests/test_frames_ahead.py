"""Maps sent ahead on the browser's request (``widgets/frames.py``, ``js/src/frames.js``).

The browser's side is replayed here as messages: a request for frames, then a step onto one
of them. What the kernel answers must be exactly the frame it would have sent for that index;
a step onto a frame it sent must cost no frame message while ``w.image`` and the heatmap's
recorded frame follow; anything that changes the frame must make the old ones unusable."""

from __future__ import annotations

import ipywidgets
import numpy as np
import pytest
from main_files import half_steps, write_channel

from usid_widgets import explorer
from usid_widgets.model.wire import from_array_dict


@pytest.fixture
def spectral(tmp_path):
    data = np.random.default_rng(5).random((6, 8, 20)).astype(np.float32)
    path = write_channel(
        tmp_path / "s.h5", data, half_steps({"Y": 6, "X": 8}), half_steps({"F": 20}, "kHz")
    )
    return path, data


class Wire:
    """Messages leaving the widgets: (widget type, method, state keys, content, buffers)."""

    def __init__(self, monkeypatch):
        self.log: list[tuple] = []
        original = ipywidgets.Widget._send

        def _send(widget, msg, buffers=None):
            content = msg.get("content")
            state = sorted(msg.get("state", {}))
            self.log.append((type(widget).__name__, msg["method"], state, content, buffers))
            return original(widget, msg, buffers)

        monkeypatch.setattr(ipywidgets.Widget, "_send", _send)

    def take(self) -> list[tuple]:
        out, self.log = self.log, []
        return out


def _ask(w, wire, want, drop=(), token=None):
    """The browser's request; the kernel's answer as [(sub, frame dict with its array)]."""
    token = w.sliders.frames["token"] if token is None else token
    wire.take()
    content = {"type": "frames", "token": token, "want": list(want), "drop": list(drop)}
    w.sliders._handle_custom_msg(content, [])
    (answer,) = [m for m in wire.take() if m[1] == "custom" and m[3].get("type") == "frames"]
    content, buffers = answer[3], answer[4] or []
    assert content["token"] == token
    assert len(buffers) == len(content["frames"])
    out = []
    for f, buf in zip(content["frames"], buffers, strict=True):
        frame = f["frame"]
        array = from_array_dict({**frame["data"], "buffer": buf})
        out.append((f["sub"], frame, array))
    return out


def _step(w, wire, **change):
    """A slider step from the browser; the messages it caused."""
    wire.take()
    w.sliders.set_state({"index": {**w.sliders.index, **change}})
    return wire.take()


def _draw_held(log) -> bool:
    return any(m[1] == "custom" and m[3].get("type") == "draw_held" for m in log)


def _frame_sent(log) -> bool:
    return any(m[0] == "Heatmap" and "frame" in m[2] for m in log)


def test_the_offer_names_the_stepped_dims_and_the_budget(spectral):
    path, _ = spectral
    w = explorer(path, frame_cache_mb=2)
    offer = w.sliders.frames
    assert offer["dims"] == ["F"]
    assert offer["sizes"] == {"F": 20}
    assert offer["bytes"] == 2 * 2**20
    assert offer["frame_bytes"] == 6 * 8 * 4
    assert explorer(path, frame_cache_mb=0).sliders.frames == {}
    with pytest.raises(ValueError, match="frame_cache_mb"):
        explorer(path, frame_cache_mb=-1)


def test_frames_asked_for_equal_the_maps_and_a_step_onto_one_sends_no_frame(spectral, monkeypatch):
    path, data = spectral
    w = explorer(path)
    wire = Wire(monkeypatch)
    f0 = w.index["F"]
    got = _ask(w, wire, [{"F": f0 + 1}, {"F": f0 + 2}])
    assert [s for s, _f, _a in got] == [{"F": f0 + 1}, {"F": f0 + 2}]
    for sub, frame, array in got:
        np.testing.assert_array_equal(array, data[:, :, sub["F"]])
        assert frame["binning"] == 1 and frame["offset"] == [0, 0]
        assert frame["full_shape"] == [6, 8]
    ids = [frame["id"] for _s, frame, _a in got]
    assert len(set(ids)) == 2 and w.heatmap.frame["id"] not in ids
    # the browser draws F + 2 from what it holds: the kernel records it and sends no frame
    log = _step(w, wire, F=f0 + 2)
    assert not _frame_sent(log), log
    # after a frame the kernel sent, the browser draws the held one again (it may have got
    # the kernel's after drawing the held one); not after another held step
    assert _draw_held(log)
    assert not _draw_held(_step(w, wire, F=f0 + 1))
    assert not _frame_sent(_step(w, wire, F=f0 + 2))
    np.testing.assert_array_equal(w.image, data[:, :, f0 + 2])
    assert w.index["F"] == f0 + 2
    assert w.heatmap.frame["id"] == ids[1]
    np.testing.assert_array_equal(from_array_dict(w.heatmap.frame["data"]), data[:, :, f0 + 2])
    # a frame not held comes from the kernel as before
    log = _step(w, wire, F=f0 + 5)
    assert _frame_sent(log)
    np.testing.assert_array_equal(w.image, data[:, :, f0 + 5])
    # held frames stay usable when the index moves elsewhere: back to F + 1 sends nothing
    assert not _frame_sent(_step(w, wire, F=f0 + 1))
    np.testing.assert_array_equal(w.image, data[:, :, f0 + 1])
    w.close()


def test_a_dropped_frame_is_sent_again_and_requests_outside_the_offer_get_nothing(
    spectral, monkeypatch
):
    path, data = spectral
    w = explorer(path)
    wire = Wire(monkeypatch)
    _ask(w, wire, [{"F": 3}, {"F": 4}])
    # the next request drops F = 3: the browser lets it go when this answer arrives
    assert [s for s, _f, _a in _ask(w, wire, [{"F": 5}], drop=[{"F": 3}])] == [{"F": 5}]
    assert _frame_sent(_step(w, wire, F=3))
    np.testing.assert_array_equal(w.image, data[:, :, 3])
    assert not _frame_sent(_step(w, wire, F=4))
    # out of range, unknown dims, frames already held, another token: nothing
    assert _ask(w, wire, [{"F": 20}, {"F": -1}, {"X": 2}, {"F": 5}, "F"]) == []
    assert _ask(w, wire, [{"F": 7}], token=w.sliders.frames["token"] - 1) == []
    w.close()


def test_the_kernel_keeps_no_more_frames_than_the_budget(spectral, monkeypatch):
    path, _ = spectral
    w = explorer(path, frame_cache_mb=3 * 6 * 8 * 4 / 2**20)  # three frames
    wire = Wire(monkeypatch)
    got = _ask(w, wire, [{"F": f} for f in range(5, 12)])
    assert [s["F"] for s, _f, _a in got] == [5, 6, 7]
    w.close()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda w: setattr(w, "zoom", {"Y": (1, 5), "X": (2, 7)}), lambda d, w: d[:, :, 3]),
        (lambda w: setattr(w, "image_dims", ("Y", "F")), lambda d, w: d[:, w.index["X"], :]),
        (lambda w: setattr(w, "interval", {"F": (2, 6)}), lambda d, w: d[:, :, 2:6].sum(-1)),
    ],
    ids=["zoom", "image_dims", "interval"],
)
def test_anything_that_changes_the_frame_makes_the_held_ones_stale(
    spectral, monkeypatch, change, expected
):
    path, data = spectral
    w = explorer(path)
    wire = Wire(monkeypatch)
    token = w.sliders.frames["token"]
    _ask(w, wire, [{"F": 3}, {"F": 4}])
    change(w)
    w.index = {"F": 3}
    assert w.sliders.frames.get("token") != token
    # nothing sent under the old token counts as held: the frame on record is the one of
    # the map now on show, in the window on show
    np.testing.assert_allclose(w.image, expected(data, w), rtol=1e-6)
    r0, r1, c0, c1 = w.heatmap.zoom or (0, w.image.shape[0], 0, w.image.shape[1])
    np.testing.assert_allclose(
        from_array_dict(w.heatmap.frame["data"]), w.image[r0:r1, c0:c1], rtol=1e-6
    )
    assert _ask(w, wire, [{"F": 4}], token=token) == []
    w.close()


def test_a_zoom_made_in_the_browser_makes_the_next_step_send_its_frame(spectral, monkeypatch):
    path, data = spectral
    w = explorer(path)
    wire = Wire(monkeypatch)
    _ask(w, wire, [{"F": 3}])
    w.heatmap.set_state({"zoom": [1, 5, 2, 7]})
    log = _step(w, wire, F=3)
    assert _frame_sent(log)
    np.testing.assert_array_equal(from_array_dict(w.heatmap.frame["data"]), data[1:5, 2:7, 3])
    w.close()


def test_a_new_display_side_that_rebins_the_map_makes_the_held_frames_stale(tmp_path, monkeypatch):
    data = np.random.default_rng(6).random((64, 64, 5)).astype(np.float32)
    path = write_channel(
        tmp_path / "b.h5", data, half_steps({"Y": 64, "X": 64}), half_steps({"F": 5}, "kHz")
    )
    w = explorer(path)
    wire = Wire(monkeypatch)
    token = w.sliders.frames["token"]
    _ask(w, wire, [{"F": 3}])
    binning = w.heatmap.binning
    w.heatmap.set_state({"display_side": 16})  # a smaller box: the map travels binned
    assert w.heatmap.binning != binning
    assert w.sliders.frames["token"] != token
    assert _frame_sent(_step(w, wire, F=3))
    assert w.heatmap.frame["binning"] == w.heatmap.binning
    w.close()
