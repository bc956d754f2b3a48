"""Write the golden tables: the rules both the kernel and the browser compute, specified once.

Each ``<rule>.json`` holds a ``"rule"`` (what is computed, and by which function on each side)
and ``"cases"``: inputs and the expected output. ``tests/test_golden.py`` checks the Python
functions against them, ``js/tests/golden.test.js`` the JavaScript ones. Expected outputs come
from the Python implementation, checked here against numpy's ground truth where there is one
(``np.percentile``) or against the rule as written (the tick values, the cells of a binned
frame); a table changes only by running this script, and the diff shows what moved.

Numbers that JSON cannot hold are the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"``
(``Number(s)`` in JavaScript, ``float(s)`` in Python read them back).

Run from the repository root: ``PYTHONPATH=. python tests/golden/make_golden.py``.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

from usid_widgets.model import numbers
from usid_widgets.model.ahead import Ahead
from usid_widgets.model.binning import bin_2d
from usid_widgets.model.profile import sample_line
from usid_widgets.model.snapshot import color_indices, color_limits, normalize
from usid_widgets.widgets.spectrum import nice_ticks, step_mark

HERE = Path(__file__).resolve().parent
F32 = np.float32
sys.path.insert(0, str(HERE.parent))  # tests/: the sessions of held_steps.py


def num(v):
    """A JSON number, or the string of a non-finite one."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def nums(values) -> list:
    return [num(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def write(name: str, rule: str, cases: list[dict]) -> None:
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), f"{name}: case names repeat"
    # one case a line: a regenerated table's diff names the cases that moved
    lines = ",\n".join(json.dumps(c, allow_nan=False) for c in cases)
    text = f'{{"rule": {json.dumps(rule)},\n "cases": [\n{lines}\n]}}\n'
    (HERE / f"{name}.json").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# NPY files (the download menu)


def npy_cases() -> list[dict]:
    """Arrays of every dtype the download menu sends, with numpy's own file of each."""
    import io

    rng = np.random.default_rng(5)
    arrays = {
        "f8 2-D": rng.normal(size=(3, 4)).astype("<f8"),
        "f4 2-D": rng.normal(size=(2, 5)).astype("<f4"),
        "f4 non-finite": np.array([np.nan, np.inf, -np.inf, 0.1], "<f4"),
        "i1": np.arange(-6, 6, dtype="|i1").reshape(3, 4),
        "i2": np.arange(12, dtype="<i2").reshape(4, 3) * -1000,
        "i4 1-D": np.arange(7, dtype="<i4") * 123456,
        "i8 beyond 2**53": np.array([[2**62, -(2**40)]], "<i8"),
        "u1": np.arange(6, dtype="|u1").reshape(2, 3) * 40,
        "u2": np.arange(6, dtype="<u2").reshape(3, 2) * 10000,
        "u4": np.arange(4, dtype="<u4") * 4000000000 // 3,
        "u8": np.array([2**63 + 5], "<u8"),
        "b1": np.array([[True, False, True]]),
        "f8 header of 128 bytes": rng.normal(size=(40, 3)).astype("<f8"),
        "f8 empty": np.zeros((0, 3), "<f8"),
    }
    out = []
    for name, a in arrays.items():
        buf = io.BytesIO()
        np.save(buf, a)
        data, npy = a.tobytes().hex(), buf.getvalue().hex()
        out.append({"name": name, "descr": a.dtype.str, "shape": list(a.shape)})
        out[-1].update(data=data, npy=npy)
    return out


# ---------------------------------------------------------------------------------------------
# colour limits


def limits_cases() -> list[dict]:
    rng = np.random.default_rng(20261207)
    cases = []

    def case(name, values, clim=None, percentiles=(0.5, 99.5), scale="linear", truth=None):
        values = np.asarray(values, dtype=F32).reshape(-1)  # frames travel as float32
        lo, hi = color_limits(values, clim, [float(p) for p in percentiles], scale)
        if truth is not None:  # numpy's ground truth of the percentile cases
            assert (lo, hi) == tuple(float(t) for t in truth), (name, lo, hi, truth)
        cases.append(
            {
                "name": name,
                "values": nums(values),
                "clim": None if clim is None else nums(clim),
                "percentiles": nums(percentiles),
                "scale": scale,
                "expected": [num(lo), num(hi)],
            }
        )

    def pct(values, ps, positive=False):
        v = np.asarray(values, dtype=F32).astype(np.float64)
        v = v[np.isfinite(v) & ((v > 0) if positive else True)]
        return np.percentile(v, ps)

    uniform = rng.random(400)
    case("uniform, default percentiles", uniform, truth=pct(uniform, [0.5, 99.5]))
    normal = rng.normal(3, 2, 600).astype(F32)
    normal[::37] = np.nan
    normal[5], normal[50] = np.inf, -np.inf
    case("NaN and +-inf left out", normal, truth=pct(normal, [0.5, 99.5]))
    case(
        "percentiles 0 and 100: min and max",
        normal,
        percentiles=(0, 100),
        truth=pct(normal, [0, 100]),
    )
    case("percentiles 2, 98", normal, percentiles=(2, 98), truth=pct(normal, [2, 98]))
    case("percentiles given high first", normal, percentiles=(75, 25), truth=pct(normal, [25, 75]))
    case(
        "percentiles clamped to 0 .. 100",
        normal,
        percentiles=(-5, 150),
        truth=pct(normal, [0, 100]),
    )
    case(
        "a NaN percentile is the default",
        normal,
        percentiles=("NaN", 90),
        truth=pct(normal, [0.5, 90]),
    )
    # numpy interpolates from the nearer of the two order statistics: a + (b - a) t below a
    # fraction of 1/2, b - (b - a) (1 - t) from it; the other form differs in the last bit
    found = 0
    for trial in range(2000):
        v = rng.normal(rng.normal() * 100, rng.random() * 50 + 1e-3, 11 + trial % 50).astype(F32)
        ps = (float(rng.integers(0, 50)) + 0.1, 100 - float(rng.integers(0, 50)) - 0.3)
        s = np.sort(v.astype(np.float64))
        differs = False
        for p in ps:
            pos = (p / 100) * (s.size - 1)
            k = math.floor(pos)
            t = pos - k
            if t >= 0.5 and k + 1 < s.size:
                a, b = s[k], s[k + 1]
                differs |= a + t * (b - a) != b - (b - a) * (1 - t)
        if differs:
            case(f"interpolation from the nearer end, {found}", v, percentiles=ps, truth=pct(v, ps))
            found += 1
            if found == 3:
                break
    assert found == 3
    heavy = np.concatenate([rng.random(600) * 1e-3, [1e6, 5e5, -2e5]])
    case("most values in one histogram bin", heavy, truth=pct(heavy, [0.5, 99.5]))
    ints = np.repeat(np.arange(5), 40)
    case("many equal values", ints, percentiles=(10, 90), truth=pct(ints, [10, 90]))
    huge = np.array([-3.4e38, 3.4e38, 0, 1, -1] * 20)
    case("float32's largest values", huge, percentiles=(0, 100), truth=pct(huge, [0, 100]))
    case("constant data: c +- |c|/2", np.full(50, 3.0))
    case("constant negative data", np.full(7, -2.0))
    case("constant zero data: -1 .. 1", np.zeros(9))
    case("a single value", [5.0])
    case("all NaN: 0 .. 1", np.full(6, np.nan))
    case("only +-inf: 0 .. 1", [np.inf, -np.inf, np.inf])
    case("no values: 0 .. 1", [])
    logn = rng.lognormal(0, 3, 500).astype(F32)
    logn[:40] = 0
    logn[40:80] = -logn[40:80]
    logn[80:90] = np.nan
    case("log: positive values only", logn, scale="log", truth=pct(logn, [0.5, 99.5], True))
    case(
        "log: percentiles 0, 100",
        logn,
        percentiles=(0, 100),
        scale="log",
        truth=pct(logn, [0, 100], True),
    )
    case("log: no positive value: 1 .. 10", [-1.0, 0.0, -5.0, np.nan], scale="log")
    case("log: constant c: c/10 .. 10c", np.full(5, 4.0), scale="log")
    case(
        "symlog: percentiles of every finite value",
        normal * 100,
        scale="symlog",
        truth=pct(normal * 100, [0.5, 99.5]),
    )
    case("symlog: constant data", np.full(4, -8.0), scale="symlog")
    values = np.array([0.5, 2.0, 7.0, np.nan, -3.0])
    case("manual limits", values, clim=(1.0, 4.0))
    case("manual limits given high first", values, clim=(4.0, 1.0))
    case("manual equal limits are widened", values, clim=(2.0, 2.0))
    case("manual limits with a NaN are ignored: automatic", values, clim=(np.nan, 4.0))
    case("manual limits with inf are ignored: automatic", values, clim=(1.0, np.inf))
    case(
        "log, manual lo <= 0: the smallest positive value", values, clim=(-1.0, 100.0), scale="log"
    )
    case("log, manual lo <= 0 above the data: hi / 1000", [5.0, 9.0], clim=(0.0, 0.5), scale="log")
    case("log, manual hi <= 0: 1 .. 10", values, clim=(-5.0, 0.0), scale="log")
    case("log, manual equal limits", values, clim=(5.0, 5.0), scale="log")
    return cases


# ---------------------------------------------------------------------------------------------
# value -> colormap entry


def index_cases() -> list[dict]:
    rng = np.random.default_rng(7)
    cases = []

    def case(name, values, lo, hi, scale="linear"):
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        cases.append(
            {
                "name": name,
                "values": nums(values),
                "lo": num(lo),
                "hi": num(hi),
                "scale": scale,
                "expected": [int(i) for i in color_indices(values, lo, hi, scale)],
            }
        )

    edges = np.arange(257) / 256
    below, above = np.nextafter(edges, -1), np.nextafter(edges, 2)
    ends = [-1.0, -np.inf, np.inf, 2.0, np.nan, 0.0, 1.0]
    case("linear 0 .. 1: the edges of every entry", np.r_[edges, below, above, ends], 0.0, 1.0)
    # Limits and values where (v - lo) / span and (v - lo) * (1 / span) round apart: the
    # browser multiplies (js/src/raster.js), so does normalize
    awkward = []
    while len(awkward) < 4:
        lo = rng.normal() * 10.0 ** rng.integers(-4, 4)
        hi = lo + abs(rng.normal()) * 10.0 ** rng.integers(-4, 4)
        span = hi - lo
        b = lo + span * np.arange(257) / 256
        x = np.r_[b, np.nextafter(b, -np.inf), np.nextafter(b, np.inf)]
        with np.errstate(all="ignore"):
            split = np.floor((x - lo) / span * 256) != np.floor((x - lo) * (1 / span) * 256)
        if split.any():
            awkward.append((lo, hi, x[split]))
    for i, (lo, hi, x) in enumerate(awkward):
        case(f"linear: division and multiplication round apart, {i}", x, lo, hi)
    spread = rng.normal(0, 1, 300).astype(F32)
    case("linear: float32 values", spread, -1.7, 2.3)
    case("limits given high first", [0.0, 0.5, 1.0, 1.5], 1.0, 0.0)
    case("equal limits are widened (3 -> 1.5 .. 4.5)", [1.5, 2.9, 3.0, 4.49, 4.5], 3.0, 3.0)

    # log10 and its inverse are the C library's in numpy and V8's own in the browser: they
    # may differ in the last bit, so these cases keep clear of the entries' edges
    def clear(values, lo, hi, scale):
        values = np.asarray(values, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            u = normalize(values, lo, hi, scale) * 256
            near = np.isfinite(u) & (np.abs(u - np.round(u)) < 1e-6)
        return values[~near]

    logv = np.r_[rng.lognormal(0, 4, 300), [0.0, -1.0, np.nan, np.inf, 1e-300, 1e300]]
    case("log 1e-2 .. 1e3", clear(logv, 1e-2, 1e3, "log"), 1e-2, 1e3, "log")
    case(
        "log, lo <= 0: the smallest positive value",
        clear(logv, -1.0, 50.0, "log"),
        -1.0,
        50.0,
        "log",
    )
    symv = np.r_[rng.normal(0, 300, 300), [0.0, np.nan, np.inf, -np.inf, 1e-9, -1e-9]]
    case("symlog -100 .. 1000", clear(symv, -100.0, 1000.0, "symlog"), -100.0, 1000.0, "symlog")
    case("symlog 0 .. 5", clear(symv / 100, 0.0, 5.0, "symlog"), 0.0, 5.0, "symlog")
    return cases


# ---------------------------------------------------------------------------------------------
# held lines, the plot's marker, ticks, cells of a binned frame


def held_line_cases() -> list[dict]:
    lines = {"target": "plot", "along": "X", "start": 5, "at": {"Y": 2}}
    cases = []

    def case(name, index, lines=lines, count=3):
        ahead = Ahead(
            ("plot",),
            lines["along"],
            lines["start"],
            dict(lines["at"]),
            np.zeros((count, 1)),
            np.zeros((count, 1), np.float32),
        )
        j = ahead.line(index)
        cases.append(
            {
                "name": name,
                "index": index,
                "lines": lines,
                "count": count,
                "expected": -1 if j is None else j,
            }
        )

    case("the first held line", {"Y": 2, "X": 5, "F": 0})
    case("a middle line", {"Y": 2, "X": 6, "F": 9})
    case("the last held line", {"Y": 2, "X": 7, "F": 0})
    case("one past the last", {"Y": 2, "X": 8, "F": 0})
    case("one before the first", {"Y": 2, "X": 4, "F": 0})
    case("another scan row", {"Y": 3, "X": 6, "F": 0})
    case("the index lacks the along dim", {"Y": 2, "F": 0})
    case("the index lacks a fixed dim", {"X": 6, "F": 0})
    case(
        "no fixed dims", {"X": 0, "Ky": 1}, {"target": "second", "along": "X", "start": 0, "at": {}}
    )
    case(
        "several fixed dims",
        {"T": 1, "Y": 2, "X": 3},
        {"target": "plot", "along": "X", "start": 3, "at": {"T": 1, "Y": 2}},
        1,
    )
    case(
        "one fixed dim of several differs",
        {"T": 0, "Y": 2, "X": 3},
        {"target": "plot", "along": "X", "start": 3, "at": {"T": 1, "Y": 2}},
        1,
    )
    case("no line held", {"Y": 2, "X": 5}, count=0)
    return cases


def step_mark_cases() -> list[dict]:
    x = [300.0, 310.0, 320.0, 330.0]
    cases = []

    def case(name, x, y, step):
        placed = step_mark(np.asarray(x, float), np.asarray(y, float), step)
        cases.append(
            {
                "name": name,
                "x": nums(x),
                "y": nums(y),
                "step": step,
                "expected": None if placed is None else nums(placed),
            }
        )

    y = [1.0, 2.0, 3.0, 4.0]
    case("a middle step", x, y, 2)
    case("the first step", x, y, 0)
    case("the last step", x, y, 3)
    case("past the end", x, y, 4)
    case("before the start", x, y, -1)
    case("no step", x, y, None)
    case("a NaN value at the step: the kernel's", x, [1.0, np.nan, 3.0, 4.0], 1)
    case("NaN elsewhere", x, [1.0, np.nan, 3.0, 4.0], 2)
    case("+inf at the step", x, [1.0, np.inf, 3.0, 4.0], 1)
    case("-inf at the step", x, [1.0, -np.inf, 3.0, 4.0], 1)
    case("a NaN x at the step", [300.0, np.nan, 320.0, 330.0], y, 1)
    case("a line shorter than x", x, [1.0, 2.0], 3)
    case("an empty line", [], [], 0)
    return cases


def tick_cases() -> list[dict]:
    cases = []

    def case(name, lo, hi, count=5):
        values = nice_ticks(lo, hi, count)
        if math.isfinite(lo) and math.isfinite(hi) and values.size:
            # the rule as written: multiples of a 1, 2 or 5 step inside [lo, hi]
            d = np.diff(values)
            assert np.allclose(d, d[0]) and values[0] >= lo - 1e-9 * abs(d[0]), name
        cases.append(
            {"name": name, "lo": num(lo), "hi": num(hi), "count": count, "expected": nums(values)}
        )

    case("0 .. 1", 0.0, 1.0)
    case("a frequency sweep", 300.0, 320.0)
    case("-1 .. 1", -1.0, 1.0)
    case("steps of 0.2: 0.6, not 0.6000000000000001", 0.0, 0.9)
    case("0.1 .. 0.7", 0.1, 0.7)
    case("bias -0.07603 .. 5.075", -0.07603, 5.075)
    case("nanometres", 1e-9, 3e-9)
    case("negative decimals", -0.35, -0.05)
    case("millions", 1e6, 5e6)
    case("an index axis", 0.0, 2047.0)
    case("ten ticks", 0.0, 1.0, 10)
    case("three ticks", 0.0, 100.0, 3)
    case("one tick asked", 0.0, 7.0, 1)
    case("a NaN end", math.nan, 1.0)
    case("an infinite end", 0.0, math.inf)
    return cases


def number_cases() -> list[dict]:
    cases = []

    def case(kind, name, args, expected):
        cases.append({"name": f"{kind}: {name}", "kind": kind, "args": args, "expected": expected})

    for unit in [
        "m",
        "nm",
        "µm",
        "μm",
        "um",
        "kHz",
        "pm",
        "mV",
        "cm",
        "Pa",
        "cd",
        "eV",
        "meV",
        "kg",
        "Ω",
        "rad",
        "mrad",
        "a.u.",
        "counts",
        "deg",
        "°",
        "%",
        "",
        "m/s",
        "Hz ",
    ]:
        p = numbers.parse_unit(unit)
        case("parse_unit", repr(unit), [unit], None if p is None else list(p))
    for name, unit, mag in [
        ("metres of a micrometre scan", "m", 2.5e-6),
        ("nanometres up to 5000: micrometres", "nm", 5000.0),
        ("nanometres below 1000 stay", "nm", 999.0),
        ("exactly 1000 nm is 1 µm", "nm", 1000.0),
        ("picometres of an amplitude", "m", 5.3e-11),
        ("kilohertz from hertz", "Hz", 3.4e5),
        ("kHz of megahertz values", "kHz", 2500.0),
        ("millivolts below 1", "mV", 0.5),
        ("volts", "V", 10.0),
        ("zero magnitude keeps the unit", "nm", 0.0),
        ("NaN magnitude keeps the unit", "V", math.nan),
        ("an unknown unit", "a.u.", 3e-5),
        ("no unit", "", 1e9),
        ("beyond yotta", "Hz", 1e30),
        ("below yocto", "m", 1e-30),
        ("centimetres", "cm", 0.5),
    ]:
        case("display_unit", name, [unit, num(mag)], list(numbers.display_unit(unit, mag)))
    for name, v, digits in [
        ("zero", 0.0, 4),
        ("negative zero", -0.0, 4),
        ("an integer", 3.0, 4),
        ("rounded to 4 digits", 12.3456, 4),
        ("small", -0.00123, 4),
        ("five-digit whole numbers in full", 12345.6, 4),
        ("just below 1e5", 99999.4, 4),
        ("rounding up to 1e5", 99999.7, 4),
        ("large", 123456.0, 4),
        ("very large", 1.2e7, 4),
        ("very small", 3.404e-5, 4),
        ("tiny negative", -1.5e-9, 4),
        ("3 digits", 2.345678, 3),
        ("a half up", 0.00125, 2),
        ("NaN", math.nan, 4),
        ("inf", math.inf, 4),
        ("-inf", -math.inf, 4),
        ("float noise", 0.30000000000000004, 4),
    ]:
        case("format_number", name, [num(v), digits], numbers.format_number(v, digits))
    for name, v, unit in [
        ("nanometres from metres", 5e-7, "m"),
        ("micrometres", 2.5e-6, "m"),
        ("a readout", 2.52e-6, "m"),
        ("kilohertz", 3.4e5, "Hz"),
        ("negative picometres", -1.23e-11, "m"),
        ("zero volts", 0.0, "V"),
        ("zero in nm", 0.0, "nm"),
        ("negative zero", -0.0, "V"),
        ("nm to µm", 5743.0, "nm"),
        ("um to nm", 0.5, "um"),
        ("kHz stays", 340.0, "kHz"),
        ("kHz to MHz", 2500.0, "kHz"),
        ("pm to nm", 1500.0, "pm"),
        ("mV to V", 1234.5, "mV"),
        ("mV to µV", 0.012, "mV"),
        ("rounds up to the next prefix", 999.96e-9, "m"),
        ("an unknown unit", 3.404e-5, "a.u."),
        ("counts", 12000.0, "counts"),
        ("degrees", -12.5, "°"),
        ("no unit", 1.2e7, ""),
        ("NaN", math.nan, "V"),
        ("inf", math.inf, "m"),
        ("-inf", -math.inf, "m"),
        ("beyond yotta", 3e30, "Hz"),
        ("below yocto", 2e-30, "m"),
        ("centimetres", 2.5, "cm"),
        ("millimetres", 2.5, "mm"),
    ]:
        case("format_quantity", name, [num(v), unit], numbers.format_quantity(v, unit))
    for name, values, step in [
        ("halves", [0.0, 0.5, 1.0, 1.5], 0.5),
        ("whole", [-4.0, -2.0, 0.0, 2.0, 4.0], 2.0),
        ("hundredths", [0.05, 0.1, 0.15], 0.05),
        ("no -0", [-1e-17, 0.5], 0.5),
        ("ten thousands", [0.0, 10000.0, 20000.0], 10000.0),
        ("tiny: exponents", [1e-9, 1.5e-9, 2e-9], 5e-10),
        ("huge: exponents", [0.0, 5e8, 1e9, 1.5e9], 5e8),
        ("far from zero", [1000.001, 1000.0015, 1000.002], 0.0005),
    ]:
        case("tick_labels", name, [nums(values), num(step)], numbers.tick_labels(values, step))
    for name, lo, hi, unit, count in [
        ("metres of a micrometre scan", 0.0, 2e-6, "m", 5),
        ("nanometres up to 5000", 0.0, 5000.0, "nm", 5),
        ("a sweep in hertz", 336.9e3, 342.7e3, "Hz", 5),
        ("negative millivolts", -0.8, 0.3, "V", 5),
        ("an unknown unit, small", 0.0, 3e-5, "a.u.", 5),
        ("no unit", -0.07603, 5.075, "", 5),
        ("an image edge a half cell out", -2.5e-8, 1.0025e-6, "m", 4),
        ("degenerate", 1e-6, 1e-6, "m", 5),
    ]:
        du, values, labels = numbers.unit_ticks(lo, hi, unit, count)
        case(
            "unit_ticks",
            name,
            [num(lo), num(hi), unit, count],
            {"unit": du, "values": nums(values), "labels": labels},
        )
    return cases


def cell_cases() -> list[dict]:
    cases = []

    def case(name, full, offset, f, cell):
        h, w = full
        r0, c0 = offset
        window = np.full((h - r0, w - c0), np.nan)
        shape = list(bin_2d(window, f).shape) if f > 1 else [h - r0, w - c0]
        # the full-image cells the kernel averaged into frame cell `cell` (bin_2d)
        br0, bc0 = r0 + cell[0] * f, c0 + cell[1] * f
        block = [br0, min(h, br0 + f), bc0, min(w, bc0 + f)]
        probe = np.full((h, w), np.nan)
        probe[block[0] : block[1], block[2] : block[3]] = 1.0
        binned = bin_2d(probe[r0:, c0:], f)
        assert np.flatnonzero(np.isfinite(binned).reshape(-1)).tolist() == [
            cell[0] * shape[1] + cell[1]
        ], name
        middle = [min(h - 1, br0 + f // 2), min(w - 1, bc0 + f // 2)]
        assert block[0] <= middle[0] < block[1] and block[2] <= middle[1] < block[3], name
        cases.append(
            {
                "name": name,
                "full_shape": list(full),
                "offset": list(offset),
                "binning": f,
                "shape": shape,
                "cell": list(cell),
                "expected": {"full": middle, "block": block, "window": [r0, h, c0, w]},
            }
        )

    case("unbinned", (12, 16), (0, 0), 1, (3, 5))
    case("binned by 2", (12, 16), (0, 0), 2, (3, 5))
    case("binned by 3, the last short block", (10, 10), (0, 0), 3, (3, 3))
    case("binned by 4, a one-row last block", (9, 13), (0, 0), 4, (2, 3))
    case("a zoomed window binned by 2", (20, 20), (4, 6), 2, (2, 1))
    case("a zoomed window, the last block", (20, 21), (5, 4), 4, (3, 4))
    return cases


def _rule_profile(image, start, end, width):
    """The line-profile rule as model/profile.py words it, one sample at a time."""
    h, w = image.shape
    r0, c0 = start
    dr, dc = end[0] - r0, end[1] - c0
    length = math.sqrt(dr * dr + dc * dc)
    n = math.ceil(length) + 1 if length > 0 else 1
    nr, nc = (-dc / length, dr / length) if length > 0 else (0.0, 0.0)

    def at(r, c):
        if not (0 <= r <= h - 1 and 0 <= c <= w - 1):
            return math.nan
        i, j = math.floor(r), math.floor(c)
        fr, fc = r - i, c - j
        i1, j1 = (i + 1 if fr > 0 else i), (j + 1 if fc > 0 else j)
        a, b, cv, d = (
            float(image[i, j]),
            float(image[i, j1]),
            float(image[i1, j]),
            float(image[i1, j1]),
        )
        return (a * (1 - fc) + b * fc) * (1 - fr) + (cv * (1 - fc) + d * fc) * fr

    ts, out = [], []
    for k in range(n):
        t = k / (n - 1) if n > 1 else 0.0
        total, count = 0.0, 0
        for j in range(width):
            o = j - (width - 1) / 2
            v = at(r0 + t * dr + o * nr, c0 + t * dc + o * nc)
            if math.isfinite(v):
                total, count = total + v, count + 1
        ts.append(t)
        out.append(total / count if count else math.nan)
    return ts, out


def profile_cases() -> list[dict]:
    rng = np.random.default_rng(17)
    ramp = np.arange(20, dtype=np.float64).reshape(4, 5)  # value = 5 r + c
    noisy = rng.normal(0, 10, size=(7, 9)).astype(F32).astype(np.float64)
    holes = noisy.copy()
    holes[3, 4] = np.nan
    holes[2, 5] = np.nan
    row = np.array([[1.0, 4.0, 2.0, 8.0]])
    cases = []

    def case(name, image, start, end, width=1):
        t, values = sample_line(image, start, end, width)
        rule_t, rule_v = _rule_profile(image, start, end, width)
        assert nums(t) == nums(rule_t) and nums(values) == nums(rule_v), name
        length = math.sqrt((end[0] - start[0]) ** 2 + (end[1] - start[1]) ** 2)
        cases.append(
            {
                "name": name,
                "shape": list(image.shape),
                "image": nums(image),
                "start": list(start),
                "end": list(end),
                "width": width,
                "expected": {"t": nums(t), "values": nums(values), "pixels": nums(t * length)},
            }
        )

    case("along a row, integer ends: the pixels themselves", ramp, (1, 0), (1, 4))
    case("down a column", ramp, (0, 2), (3, 2))
    case("backwards along a row", ramp, (2, 4), (2, 1))
    case("diagonal: ceil(L) + 1 samples", ramp, (0, 0), (3, 4))
    case("fractional ends", noisy, (0.25, 0.5), (5.75, 7.1))
    case("a whole last row and column (no neighbour past the edge)", noisy, (6, 0), (6, 8))
    case("ends on the last pixel exactly", noisy, (0, 0), (6, 8))
    case("zero length: one sample", noisy, (2.5, 3.25), (2.5, 3.25))
    case("zero length with a width: the width is ignored", noisy, (2, 3), (2, 3), 5)
    case("width 3 across a row", noisy, (3, 1), (3, 7), 3)
    case("width 2: offsets -0.5 and 0.5", noisy, (1.5, 1), (4, 6.5), 2)
    case("width 5 leaving the image: the samples inside averaged", noisy, (0, 0), (0, 8), 5)
    case("ends outside the image: NaN there", noisy, (-1.5, -2), (3, 10))
    case("wholly outside: NaN", ramp, (5, 0), (6, 3))
    case("NaN cells leave the band's mean", holes, (3, 0), (3, 8), 3)
    case("NaN cell in the line: its neighbours' interpolations are NaN", holes, (3.5, 2), (3.5, 6))
    case("single-row image", row, (0, 0.5), (0, 3))
    return cases


def main() -> None:
    write(
        "color_limits",
        "Colour limits of a frame (float32 values): `clim` when it is two finite numbers, else "
        "the `percentiles` (sorted, clamped to 0..100, NaN -> default 0.5 / 99.5) of the finite "
        "values (positive ones in log scale) with numpy's 'linear' interpolation; then made "
        "valid for the scale: swapped if reversed, constant c -> c +- |c|/2 ([-1, 1] for 0, "
        "[c/10, 10c] in log), none -> [0, 1] ([1, 10] in log), a log lo <= 0 -> the smallest "
        "positive value (or hi / 1000). Python: model/snapshot.py color_limits; JS: "
        "limits.js createLimits().inForce (scales.js autoLimits, validLimits).",
        limits_cases(),
    )
    write(
        "color_index",
        "Colormap entry of a value between limits lo, hi: limits made valid (as color_limits, "
        "the smallest positive value from these values), t = (f(v) - f(lo)) * (1 / (f(hi) - "
        "f(lo))) with f the scale's transform (symlog: sign(v) log10(1 + |v| / C), C = "
        "max(|lo|, |hi|) / 1000), entry floor(256 t) clipped to 0..255; -1 (no colour) for NaN "
        "and, in log scale, values <= 0. Log and symlog cases keep clear of the entries' edges "
        "by 1e-6 of an entry (log10 may differ in the last bit between libm and V8). Python: "
        "model/snapshot.py color_indices (normalize, the PNG); JS: raster.js colorize and "
        "pointBuckets (scales.js makeNorm, colormaps.js lutIndex).",
        index_cases(),
    )
    write(
        "held_line",
        "Which of the `count` held lines the index selects: the index equals lines.at on every "
        "fixed dim and j = index[along] - start is in 0..count-1; else -1 (Python: None). "
        "Python: model/ahead.py Ahead.line; JS: link.js lineOf.",
        held_line_cases(),
    )
    write(
        "step_mark",
        "Where the browser puts the plot's marker (x, x) and dot (x, y) at `step` on the line "
        "on show: [x[step], y[step]] when step is a step of both x and y and both values are "
        "finite, else null (the kernel places them: at a NaN, the dot at the bottom). Python: "
        "widgets/spectrum.py step_mark (SpectrumPlot.set_step records or sends by it); JS: "
        "link.js stepUpdates.",
        step_mark_cases(),
    )
    write(
        "nice_ticks",
        "About `count` round tick values over lo < hi: d3-array's ticks (step 1, 2 or 5 times "
        "a power of ten by d3's thresholds sqrt 50, sqrt 10, sqrt 2 on span / count; multiples "
        "i * step for a step >= 1, quotients i / (1 / step) below, i from round(lo / step) "
        "moved inside [lo, hi]); empty for a non-finite end. Python: model/numbers.py "
        "nice_ticks (widgets/spectrum.py nice_ticks, the plot's x axis); JS: d3-array through "
        "format.js niceTicks (ticks.js linearTicks; heatmap axes, colorbar).",
        tick_cases(),
    )
    write(
        "numbers",
        "The one number formatter (docs/ARCHITECTURE.md, Numbers on screen). `parse_unit`: "
        "prefix + known SI base unit, or null. `display_unit`: the unit of a set whose "
        "largest magnitude is `magnitude`, values shown as v * 10^shift, largest in [1, 1000). "
        "`format_number`: plain decimals in [1e-3, 1e5), exponent form outside, NaN, ∞, -∞, "
        "0. `format_quantity`: a single value in the prefix that suits it. `tick_labels`: "
        "labels of ticks spaced by `step`, never an SI suffix. `unit_ticks`: linear ticks of "
        "a set in `unit`: display unit, values (data unit), labels. Python: model/numbers.py; "
        "JS: format.js (parseUnit, displayUnit, formatNumber, formatQuantity, tickLabels, "
        "unitTicks).",
        number_cases(),
    )
    write(
        "binned_cells",
        "Cells of a frame binned by f showing the window of the full image from `offset`: "
        "frame cell (r, c) is the mean of full-image cells block = [r0 + r f, min(H, r0 + (r+1) "
        "f)) x [c0 + c f, min(W, c0 + (c+1) f)) (the last block may be short); a click on it "
        "selects `full` = the middle of its block, clipped to the image; the frame shows "
        "`window`. Python: model/binning.py bin_2d (what it averages); JS: cells.js toFull, "
        "boxToFull, viewOf.",
        cell_cases(),
    )
    write(
        "line_profile",
        "Values of an image along a line from `start` to `end` ([row, col], index "
        "coordinates: pixel [r, c] centred on the integer point, fractions allowed): n = "
        "ceil(L) + 1 samples (L = sqrt(dr*dr + dc*dc) pixels; 1 sample when L = 0) at t_k = "
        "k / (n - 1), `pixels` = t_k L from the start; `width` w averages the lines at "
        "perpendicular offsets j - (w - 1) / 2 along (-dc, dr) / L (the finite samples' mean, "
        "NaN where none is); bilinear: i = floor(r), fr = r - i, i1 = fr > 0 ? i + 1 : i (same "
        "for columns), ((a (1 - fc) + b fc) (1 - fr)) + ((c (1 - fc) + d fc) fr); NaN outside "
        "[0, H - 1] x [0, W - 1]. Python: model/profile.py sample_line; JS: profile.js "
        "sampleLine.",
        profile_cases(),
    )
    write(
        "npy_files",
        "NPY files of the download menu, format 1.0 as numpy.save writes it (magic, version 1.0, "
        "header length, the dict with descr / fortran_order False / shape padded with spaces "
        "to 64 bytes, then the C-ordered little-endian bytes): `npy` from the bytes `data` of "
        "dtype `descr` and `shape`. Python: numpy.save (model/export.py wire_array sends "
        "`data`, `descr`, `shape`); JS: export.js npyFile.",
        npy_cases(),
    )
    with tempfile.TemporaryDirectory() as folder:
        from held_steps import record

        sessions = record(Path(folder))
    write(
        "held_steps",
        "Explorer sessions (tests/held_steps.py): for each step, the traits the kernel sent to "
        "the views js/src/link.js drives, in order, and every value of those traits the kernel "
        "holds afterwards, including those it recorded without sending (widgets/mirror.py). "
        "Replaying the messages into models driven by link.js startLinks must give exactly "
        "those values. Python: the explorer (tests/test_golden.py re-records the sessions); "
        "JS: link.js startLinks (updates, lineOf, stepUpdates). Steps of origin `ask` are a "
        "request for maps ahead (`request`) and the kernel's `answer` (js/src/frames.js; "
        "widgets/frames.py): the replay hands the answer to the hub's request in flight.",
        sessions,
    )


if __name__ == "__main__":
    main()
