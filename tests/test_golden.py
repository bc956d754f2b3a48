"""The rules the browser computes too, checked against the golden tables both sides share
(``tests/golden/*.json``, written by ``tests/golden/make_golden.py``;
``js/tests/golden.test.js`` checks the JavaScript functions against the same files)."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from held_steps import record

from usid_widgets.model import numbers
from usid_widgets.model.ahead import Ahead
from usid_widgets.model.binning import bin_2d
from usid_widgets.model.profile import sample_line
from usid_widgets.model.snapshot import color_indices, color_limits
from usid_widgets.widgets import mirror as mirror_module
from usid_widgets.widgets.spectrum import SpectrumPlot, nice_ticks, step_mark

GOLDEN = Path(__file__).resolve().parent / "golden"
PACKAGE = Path(__file__).resolve().parent.parent / "usid_widgets"
TABLES = (
    "color_limits",
    "color_index",
    "held_line",
    "step_mark",
    "nice_ticks",
    "binned_cells",
    "held_steps",
    "numbers",
    "line_profile",
    "npy_files",
)


def cases(name: str) -> list[dict]:
    table = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert table["rule"] and table["cases"], name
    return table["cases"]


def num(v) -> float:
    """A number of a table: ``"NaN"`` and ``"+-Infinity"`` are strings there."""
    return float(v)


def nums(values) -> np.ndarray:
    return np.array([num(v) for v in values], dtype=np.float64)


def same_numbers(got, want, what: str) -> None:
    """Equal numbers, NaN equal to NaN, no tolerance."""
    got = [float(v) for v in np.asarray(got, dtype=np.float64).reshape(-1)]
    want = [num(v) for v in want]
    assert len(got) == len(want), what
    for i, (a, b) in enumerate(zip(got, want, strict=True)):
        assert a == b or (math.isnan(a) and math.isnan(b)), f"{what} [{i}]: {a!r} != {b!r}"


def names(name: str) -> list[str]:
    return [c["name"] for c in cases(name)]


def test_every_table_is_checked_on_both_sides():
    on_disk = sorted(p.stem for p in GOLDEN.glob("*.json"))
    assert on_disk == sorted(TABLES)
    node = (GOLDEN.parent.parent / "js" / "tests" / "golden.test.js").read_text(encoding="utf-8")
    for name in TABLES:
        assert f'cases("{name}")' in node, f"js/tests/golden.test.js does not read {name}"


@pytest.mark.parametrize("case", cases("color_limits"), ids=names("color_limits"))
def test_color_limits(case):
    values = nums(case["values"]).astype(np.float32)  # frames travel as float32
    clim = None if case["clim"] is None else nums(case["clim"]).tolist()
    got = color_limits(values, clim, nums(case["percentiles"]).tolist(), case["scale"])
    same_numbers(got, case["expected"], case["name"])


@pytest.mark.parametrize("case", cases("color_index"), ids=names("color_index"))
def test_color_index(case):
    got = color_indices(nums(case["values"]), num(case["lo"]), num(case["hi"]), case["scale"])
    assert got.tolist() == case["expected"], case["name"]


@pytest.mark.parametrize("case", cases("held_line"), ids=names("held_line"))
def test_held_line(case):
    lines, count = case["lines"], case["count"]
    ahead = Ahead(
        (lines["target"],),
        lines["along"],
        lines["start"],
        dict(lines["at"]),
        np.zeros((count, 1)),
        np.zeros((count, 1), np.float32),
    )
    j = ahead.line(case["index"])
    assert (-1 if j is None else j) == case["expected"], case["name"]


@pytest.mark.parametrize("case", cases("step_mark"), ids=names("step_mark"))
def test_step_mark(case):
    got = step_mark(nums(case["x"]), nums(case["y"]), case["step"])
    if case["expected"] is None:
        assert got is None, case["name"]
    else:
        same_numbers(got, case["expected"], case["name"])


@pytest.mark.parametrize("case", cases("nice_ticks"), ids=names("nice_ticks"))
def test_nice_ticks(case):
    got = nice_ticks(num(case["lo"]), num(case["hi"]), case["count"])
    same_numbers(got, case["expected"], case["name"])


@pytest.mark.parametrize("case", cases("numbers"), ids=names("numbers"))
def test_numbers(case):
    a, want = case["args"], case["expected"]
    kind = case["kind"]
    if kind == "parse_unit":
        p = numbers.parse_unit(a[0])
        assert (None if p is None else list(p)) == want
    elif kind == "display_unit":
        assert list(numbers.display_unit(a[0], num(a[1]))) == want
    elif kind == "format_number":
        assert numbers.format_number(num(a[0]), a[1]) == want
    elif kind == "format_quantity":
        assert numbers.format_quantity(num(a[0]), a[1]) == want
    elif kind == "tick_labels":
        assert numbers.tick_labels(nums(a[0]), num(a[1])) == want
    elif kind == "unit_ticks":
        unit, values, labels = numbers.unit_ticks(num(a[0]), num(a[1]), a[2], a[3])
        assert (unit, labels) == (want["unit"], want["labels"])
        same_numbers(values, want["values"], case["name"])
    else:
        raise AssertionError(f"unknown kind {kind}")


@pytest.mark.parametrize("case", cases("binned_cells"), ids=names("binned_cells"))
def test_binned_cells(case):
    """The block of a frame cell is what bin_2d averaged into it; the click lands in it."""
    h, w = case["full_shape"]
    r0, c0 = case["offset"]
    f, (r, c) = case["binning"], case["cell"]
    b0, b1, b2, b3 = case["expected"]["block"]
    image = np.full((h, w), np.nan)
    image[b0:b1, b2:b3] = np.arange((b1 - b0) * (b3 - b2)).reshape(b1 - b0, b3 - b2)
    wr0, wr1, wc0, wc1 = case["expected"]["window"]
    frame = bin_2d(image[wr0:wr1, wc0:wc1], f)
    assert list(frame.shape) == case["shape"]
    inside = np.isfinite(frame)
    assert np.flatnonzero(inside).tolist() == [r * frame.shape[1] + c]
    assert frame[r, c] == pytest.approx(image[b0:b1, b2:b3].mean())
    fr, fc = case["expected"]["full"]
    assert b0 <= fr < b1 and b2 <= fc < b3
    assert (wr0, wc0) == (r0, c0)


@pytest.mark.parametrize("case", cases("line_profile"), ids=names("line_profile"))
def test_line_profile(case):
    image = nums(case["image"]).reshape(case["shape"])
    t, values = sample_line(image, case["start"], case["end"], case["width"])
    want = case["expected"]
    same_numbers(t, want["t"], f"{case['name']}: t")
    same_numbers(values, want["values"], f"{case['name']}: values")
    (r0, c0), (r1, c1) = case["start"], case["end"]
    length = np.sqrt((r1 - r0) ** 2 + (c1 - c0) ** 2)
    same_numbers(t * length, want["pixels"], f"{case['name']}: pixels")


def test_held_steps(tmp_path):
    """The kernel still sends and records what the table says (js/tests/golden.test.js
    replays it through link.js: the browser ends with the same values)."""
    want = cases("held_steps")
    got = json.loads(json.dumps(record(tmp_path), allow_nan=False))
    assert [s["name"] for s in got] == [s["name"] for s in want]
    for g, w in zip(got, want, strict=True):
        assert g["initial"] == w["initial"], f"{w['name']}: opened"
        assert len(g["steps"]) == len(w["steps"])
        for i, (gs, ws) in enumerate(zip(g["steps"], w["steps"], strict=True)):
            what = f"{w['name']}, step {i} to {ws['index']} (regenerate: make_golden.py)"
            assert gs["index"] == ws["index"], what
            assert gs["messages"] == ws["messages"], what
            for role, traits in ws["state"].items():
                assert gs["state"][role] == traits, f"{what}: {role}"
            assert gs["state"].keys() == ws["state"].keys(), what


def test_every_mirror_call_site_is_in_the_sessions(tmp_path, monkeypatch):
    """Each place the kernel records a value without sending it runs in the held_steps
    sessions, whose values js/tests/golden.test.js proves the browser computes too."""
    sites = set()
    for path in PACKAGE.rglob("*.py"):
        for no, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bmirror\(", text) and not text.lstrip().startswith("def "):
                sites.add((path.name, no))
    assert len(sites) >= 10
    hit = set()

    def caller() -> None:
        frame = sys._getframe(2)
        hit.add((Path(frame.f_code.co_filename).name, frame.f_lineno))

    real = mirror_module.mirror

    def recorded(widget, **values):
        caller()
        return real(widget, **values)

    for module in list(sys.modules.values()):
        if module is not mirror_module and getattr(module, "mirror", None) is real:
            monkeypatch.setattr(module, "mirror", recorded)
    plot_mirror = SpectrumPlot.mirror

    def recorded_plot(self, y, step):
        caller()
        return plot_mirror(self, y, step)

    monkeypatch.setattr(SpectrumPlot, "mirror", recorded_plot)
    record(tmp_path)
    assert sorted(sites - hit) == []


@pytest.mark.parametrize("case", cases("npy_files"), ids=names("npy_files"))
def test_npy_files(case):
    import io

    from usid_widgets.model.export import wire_array

    array = np.frombuffer(bytes.fromhex(case["data"]), case["descr"]).reshape(case["shape"])
    buf = io.BytesIO()
    np.save(buf, array)
    assert buf.getvalue().hex() == case["npy"], case["name"]
    # what the kernel sends of that array is the table's input
    data, descr, shape = wire_array(array)
    assert (data.hex(), descr, shape) == (case["data"], case["descr"], case["shape"])
