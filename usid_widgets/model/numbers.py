"""Numbers on screen: the Python twin of ``js/src/format.js`` (the one formatter of the views),
specified with it by ``tests/golden/numbers.json``.

- A unit is prefixable when it is a known SI base unit (:data:`SI_BASES`), alone or after one
  SI prefix (``nm``, ``µm``, ``um``, ``kHz``, ``mV``, ``cm``). Any other unit (``a.u.``,
  ``counts``, ``deg``, ``°``, ``%``, ``m/s``, ``""``) is shown as it is, never prefixed.
- A set of values sharing a unit (an axis, a colorbar, a slider's range) gets ONE display
  unit: the prefix putting the largest magnitude in [1, 1000) (yocto to yotta), never a prefix
  on top of a prefixed unit (:func:`display_unit`).
- A single value: 4 significant digits in the prefix that suits it (``500 nm``, ``2.5 µm``,
  ``340 kHz``, ``-12.3 pm``, ``0 V``; :func:`format_quantity`).
- Plain decimals for magnitudes in [1e-3, 1e5), exponent form outside (``3.404e-5``,
  ``1.2e+7``, JavaScript's and d3's); ``NaN``, ``∞``, ``-∞`` (without unit); negative zero
  is ``0``; minus is ``-``. Rounding as JavaScript's ``toPrecision`` / ``toFixed``: half away
  from zero on the exact binary value.

No widget imports (``tests/test_layers.py``).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import numpy as np

#: Known SI (and SI-accepted) base units that take a prefix.
SI_BASES = (
    "m", "s", "Hz", "V", "A", "F", "N", "W", "T", "Pa", "C", "J", "eV", "g", "Ω", "S", "K",
    "mol", "cd", "rad", "Wb", "H",
)  # fmt: skip

#: Prefixes a unit may carry, with their power of ten (``u`` and Greek ``μ`` read as micro).
PREFIX_POWER = {
    "y": -24, "z": -21, "a": -18, "f": -15, "p": -12, "n": -9, "µ": -6, "μ": -6, "u": -6,
    "m": -3, "c": -2, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18, "Z": 21, "Y": 24,
}  # fmt: skip

#: Prefix shown for each power of ten, -24 .. 24 by 3 (micro is U+00B5).
PREFIX_SYMBOL = {
    -24: "y", -21: "z", -18: "a", -15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 0: "",
    3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E", 21: "Z", 24: "Y",
}  # fmt: skip

#: Everyday magnitudes shown as plain decimals: [PLAIN_LO, PLAIN_HI).
PLAIN_LO, PLAIN_HI = 1e-3, 1e5


class ParsedUnit(NamedTuple):
    prefix: str
    base: str
    power: int


class DisplayUnit(NamedTuple):
    """``unit``: the unit shown; a value in the data's unit is shown as ``value * 10**shift``
    (:func:`to_display`)."""

    unit: str
    shift: int


def parse_unit(unit: str) -> ParsedUnit | None:
    """``unit`` as prefix + known base unit, or None when it takes no prefix."""
    u = str(unit or "").strip()
    if not u:
        return None
    if u in SI_BASES:
        return ParsedUnit("", u, 0)
    first, rest = u[0], u[1:]
    if first in PREFIX_POWER and rest in SI_BASES:
        return ParsedUnit(first, rest, PREFIX_POWER[first])
    return None


def _scaled(v: float, k: int) -> float:
    """``v * 10**k``, dividing for negative k (as format.js: 1e-6, not 1e-6 + ulp)."""
    return v * 10.0**k if k >= 0 else v / 10.0**-k


def _engineering_power(m: float) -> int:
    e = math.floor(math.log10(m) / 3 + 1e-9) * 3
    return max(-24, min(24, e))


def display_unit(unit: str, magnitude: float) -> DisplayUnit:
    """The unit to show a set of values in whose largest magnitude is ``magnitude``."""
    u = str(unit or "")
    p = parse_unit(u)
    if p is None or not (magnitude > 0 and math.isfinite(magnitude)):
        return DisplayUnit(u, 0)
    e = _engineering_power(_scaled(magnitude, p.power))
    return DisplayUnit(PREFIX_SYMBOL[e] + p.base, p.power - e)


def display_unit_of(unit: str, values) -> DisplayUnit:
    """The display unit of the finite values of ``values`` (in ``unit``)."""
    a = np.abs(np.asarray(values, dtype=np.float64).reshape(-1))
    a = a[np.isfinite(a)]
    return display_unit(unit, float(a.max()) if a.size else 0.0)


def to_display(v: float, du: DisplayUnit) -> float:
    """A value in the data's unit as shown in ``du``."""
    return _scaled(float(v), du.shift)


def _round_sig(v: float, digits: int) -> Decimal:
    """``v`` to ``digits`` significant digits, half away from zero (``toPrecision``)."""
    d = Decimal(v)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _trim(text: str) -> str:
    """Trailing zeros of the fraction removed (d3's ``~``)."""
    if "e" in text:
        mant, exp = text.split("e")
        return _trim(mant) + "e" + exp
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _fixed(v: float, decimals: int) -> str:
    """``v.toFixed(decimals)`` trimmed, without a minus on zero."""
    d = Decimal(v).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = _trim(f"{d:f}")
    return "0" if text in ("-0", "0") else text


def _exponent(v: float, decimals: int) -> str:
    """``v.toExponential(decimals)`` trimmed: ``3.404e-5``, ``1.2e+7``."""
    d = Decimal(v)
    e = d.adjusted()
    m = (d.scaleb(-e)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if abs(m) >= 10:  # 9.99e-6 rounded up to 10e-6
        e += 1
        m = (d.scaleb(-e)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{_trim(f'{m:f}')}e{'+' if e >= 0 else '-'}{abs(e)}"


def format_number(v: float, digits: int = 4) -> str:
    """A number without unit, ``digits`` significant digits: plain decimals (trailing zeros
    trimmed, whole numbers up to 99999 in full) for magnitudes in [1e-3, 1e5), exponent form
    outside (``3.404e-5``, ``1.2e+7``). ``NaN``, ``∞``, ``-∞``; zero (also -0) is ``0``."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == 0:
        return "0"
    if abs(v) >= 10**digits:
        n = _js_round(v)
        return str(n) if abs(n) < PLAIN_HI else _exponent(v, digits - 1)
    r = _round_sig(v, digits)
    if PLAIN_LO <= abs(float(r)) < PLAIN_HI:
        return _trim(f"{r:f}")
    return _exponent(v, digits - 1)


def format_quantity(v: float, unit: str, digits: int = 4) -> str:
    """A single value with its unit in the prefix that suits it, ``digits`` significant digits
    (``500 nm``, ``2.5 µm``, ``340 kHz``, ``-12.3 pm``, ``0 V``); units that take no prefix keep
    the plain number (``3.404e-5 a.u.``). Non-finite values carry no unit."""
    v = float(v)
    u = str(unit or "")
    if not math.isfinite(v):
        return format_number(v, digits)
    p = parse_unit(u)
    if p is None or v == 0:
        return _join(format_number(v, digits), u)
    base = abs(_scaled(v, p.power))
    e = _engineering_power(base)
    if e < 24 and abs(float(_round_sig(_scaled(base, -e), digits))) >= 1000:
        e += 3  # a value that rounds up to 1000 of a prefix is 1 of the next
    return _join(format_number(_scaled(v, p.power - e), digits), PREFIX_SYMBOL[e] + p.base)


def format_in(v: float, du: DisplayUnit, digits: int = 4) -> str:
    """A value of a set shown in the set's display unit: ``0.0028 µm``."""
    v = float(v)
    if not math.isfinite(v):
        return format_number(v, digits)
    return _join(format_number(to_display(v, du), digits), du.unit)


def format_span(
    a: float, b: float, unit: str, digits: int = 4, du: DisplayUnit | None = None
) -> str:
    """Two ends of a range in one display unit (``du``, else that of the two ends):
    ``336.9–342.7 kHz``; one value when they are the same."""
    du = du or display_unit_of(unit, [a, b])
    if a == b:
        return format_in(a, du, digits)
    text = f"{format_number(to_display(a, du), digits)}–{format_number(to_display(b, du), digits)}"
    return _join(text, du.unit)


def _join(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit else text


def _exponent_of(x: float) -> int:
    """Decimal exponent of a positive number as its shortest text has it (JS
    ``toExponential()``): 1e-7 -> -7, 0.25 -> -1."""
    return Decimal(repr(float(x))).adjusted()


def tick_labels(values, step: float) -> list[str]:
    """Labels of tick values spaced by ``step`` (both in the display unit): the fewest
    decimals that tell them apart, trailing zeros trimmed, when the largest magnitude is in
    [1e-3, 1e5) or zero; else exponent form with the digits the step needs. Never an SI
    suffix: the prefix is the caption's unit."""
    values = [float(v) for v in values]
    if not values:
        return []
    m = max(abs(v) for v in values)
    if not (step > 0 and math.isfinite(step)):
        step = m or 1.0
    if m == 0 or PLAIN_LO <= m < PLAIN_HI:
        decimals = min(20, max(0, -_exponent_of(step)))
        return [_fixed(v, decimals) for v in values]
    digits = min(20, max(0, _exponent_of(m) - _exponent_of(step)))
    return ["0" if v == 0 else _exponent(v, digits) for v in values]


def _js_round(x: float) -> int:
    """JavaScript's ``Math.round``: halves up."""
    return math.floor(x + 0.5)


def _tick_spec(start: float, stop: float, count: float) -> tuple[int, int, float]:
    """d3-array's ``tickSpec``."""
    step = (stop - start) / max(0, count)
    power = math.floor(math.log10(step))
    error = step / 10.0**power
    factor = 10 if error >= 50**0.5 else 5 if error >= 10**0.5 else 2 if error >= 2**0.5 else 1
    if power < 0:
        inc = 10.0**-power / factor
        i1, i2 = _js_round(start * inc), _js_round(stop * inc)
        if i1 / inc < start:
            i1 += 1
        if i2 / inc > stop:
            i2 -= 1
        inc = -inc
    else:
        inc = 10.0**power * factor
        i1, i2 = _js_round(start / inc), _js_round(stop / inc)
        if i1 * inc < start:
            i1 += 1
        if i2 * inc > stop:
            i2 -= 1
    if i2 < i1 and 0.5 <= count < 2:
        return _tick_spec(start, stop, count * 2)
    return i1, i2, inc


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[np.ndarray, float]:
    """About ``count`` round values from ``min(lo, hi)`` to ``max(lo, hi)``, ascending, and
    their step: d3-array's ``ticks`` and ``tickStep`` (``format.js: niceTicks``). Empty for a
    non-finite end; the single value for an empty span."""
    lo, hi = float(lo), float(hi)
    lo, hi = min(lo, hi), max(lo, hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return np.zeros(0), math.nan
    if lo == hi:
        return np.array([lo + 0.0]), 0.0
    i1, i2, inc = _tick_spec(lo, hi, count)
    if i2 < i1:
        return np.zeros(0), math.nan
    idx = np.arange(i1, i2 + 1, dtype=np.float64)
    values = idx / -inc if inc < 0 else idx * inc
    return values + 0.0, (1 / -inc if inc < 0 else inc)  # + 0.0: no -0


def unit_ticks(
    lo: float, hi: float, unit: str, count: int = 5
) -> tuple[str, np.ndarray, list[str]]:
    """Linear ticks of a set of values in ``unit`` over [lo, hi]: the display unit, the tick
    values in the data's unit and their labels in the display unit (``format.js: unitTicks``)."""
    ends = [abs(v) for v in (float(lo), float(hi)) if math.isfinite(v)]
    du = display_unit(unit, max(ends, default=0.0))
    values, step = nice_ticks(to_display(lo, du), to_display(hi, du), count)
    labels = tick_labels(values, step)
    return du.unit, np.array([_scaled(float(v), -du.shift) for v in values]), labels


def axis_label(name: str, unit: str) -> str:
    """``name (unit)``, or the name alone."""
    if not unit:
        return name
    return f"{name} ({unit})" if name else f"({unit})"


def d3_tick_format(values) -> str:
    """d3 format of plot tick labels of ``values`` (already in their display unit): plain
    numbers (``~g``: up to 6 significant digits, trailing zeros trimmed) for magnitudes in
    [1e-3, 1e5) or zero, exponent form (``.3~e``) outside. Never an SI suffix."""
    a = np.abs(np.asarray(values, dtype=np.float64).reshape(-1))
    a = a[np.isfinite(a)]
    big = float(a.max()) if a.size else 0.0
    return "~g" if big == 0 or PLAIN_LO <= big < PLAIN_HI else ".3~e"
