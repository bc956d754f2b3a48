"""Files that instruments, half-finished scripts and attackers write: the robustness catalogue.

Each maker writes one file into ``folder`` with the package's writer (then breaks it with
h5py) and returns (path, dataset path, what the explorer must still do): ``"draw"`` when a
picture can still be drawn, ``"message"`` when only a message can be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np

from usid_widgets.writer import Dimension, write_ancillary, write_main, write_main_raw

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
RTL = "\u202eevil\u202c"


def _regular(path: Path, data: np.ndarray, **kw) -> str:
    ny, nx = data.shape[:2]
    spec = [Dimension("F", "Hz", np.arange(data.shape[2]))] if data.ndim == 3 else []
    with h5py.File(path, "w") as f:
        d = write_main(
            f.create_group("M"),
            "Raw",
            data,
            [Dimension("Y", "nm", np.arange(ny)), Dimension("X", "nm", np.arange(nx))],
            spec,
            quantity=kw.get("quantity", "Q"),
            units="u",
        )
        return d.name


def empty_rows(folder: Path):
    """A Main dataset of 0 positions (an acquisition that never started), written by hand:
    the package's writer refuses to write one."""
    path = folder / "empty_rows.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group("M")
        main = g.create_dataset("Raw", shape=(0, 4), dtype=np.float32)
        anc = {
            "Position_Indices": np.zeros((0, 2), np.uint32),
            "Position_Values": np.zeros((0, 2), np.float32),
            "Spectroscopic_Indices": np.arange(4, dtype=np.uint32)[None],
            "Spectroscopic_Values": np.arange(4, dtype=np.float32)[None],
        }
        for name, arr in anc.items():
            d = g.create_dataset(name, data=arr)
            pos = name.startswith("Position")
            d.attrs["labels"] = np.array([b"Y", b"X"] if pos else [b"F"])
            d.attrs["units"] = np.array([b"nm", b"nm"] if pos else [b"Hz"])
            main.attrs[name] = d.ref
        main.attrs["quantity"] = "Q"
        main.attrs["units"] = "u"
    return path, "/M/Raw", "message"


def _retyped(name: str, dtype, values) -> Callable[[Path], tuple]:
    def make(folder: Path):
        path = folder / f"{name}.h5"
        _regular(path, np.zeros((3, 4), np.float32))
        with h5py.File(path, "a") as f:
            old = f["M/Raw"]
            attrs = dict(old.attrs)
            del f["M/Raw"]
            new = f["M"].create_dataset("Raw", data=values, dtype=dtype)
            for k, v in attrs.items():
                new.attrs[k] = v
        return path, "/M/Raw", "message" if name in ("strings", "vlen_floats") else "draw"

    return make


strings = _retyped("strings", h5py.string_dtype(), np.array([["a"]] * 12, dtype=object))
booleans = _retyped("booleans", bool, (np.arange(12) % 2 == 0).reshape(12, 1))
float16 = _retyped("float16", np.float16, np.arange(12, dtype=np.float16).reshape(12, 1))
big_endian = _retyped("big_endian", ">f8", np.arange(12, dtype=">f8").reshape(12, 1))
_ragged = np.empty((12, 1), dtype=object)
for _i in range(12):
    _ragged[_i, 0] = np.arange(_i % 3 + 1, dtype=np.float32)
vlen_floats = _retyped("vlen_floats", h5py.vlen_dtype(np.float32), _ragged)


def nan_values(folder: Path):
    path = folder / "nan_values.h5"
    name = _regular(path, np.random.default_rng(0).random((3, 4, 5)).astype(np.float32))
    with h5py.File(path, "a") as f:
        sv = f["M/Spectroscopic_Values"]
        vals = sv[()]
        vals[0, 1], vals[0, 3] = np.nan, np.inf
        sv[...] = vals
    return path, name, "draw"


def _data_file(name: str, data: np.ndarray):
    def make(folder: Path):
        path = folder / f"{name}.h5"
        return path, _regular(path, data), "draw"

    return make


all_nan = _data_file("all_nan", np.full((4, 5, 3), np.nan, np.float32))
constant = _data_file("constant", np.full((4, 5, 3), 7.0, np.float32))
with_inf = _data_file(
    "with_inf", np.array([np.inf, -np.inf, 1, 2, np.nan, 3] * 10, np.float64).reshape(4, 5, 3)
)


def bad_utf8(folder: Path):
    path = folder / "bad_utf8.h5"
    name = _regular(path, np.ones((2, 3), np.float32))
    with h5py.File(path, "a") as f:
        f["M/Raw"].attrs["quantity"] = np.bytes_(b"Height \xff\xfe")
        f["M"].attrs["comment"] = np.bytes_(b"\xc3\x28 broken")
        f["M/Position_Indices"].attrs["units"] = np.array([b"\xffm", b"nm"], dtype="S3")
        f["M/Position_Values"].attrs["units"] = np.array([b"\xffm", b"nm"], dtype="S3")
    return path, name, "draw"


def enormous_indices(folder: Path):
    """Indices that declare a grid of 2**62 cells for 6 measured positions."""
    path = folder / "enormous.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group("M")
        big = 2**32 - 1
        inds = np.array([[0, 0], [0, 2**31], [5, 7], [9, 1], [big, 3], [4, 4]], dtype=np.uint64)
        pi, pv = write_ancillary(
            g, "Position", inds, inds.astype(float), ["Y", "X"], ["nm", "nm"], kind="position"
        )
        si, sv = write_ancillary(
            g,
            "Spectroscopic",
            np.arange(2)[None],
            np.arange(2.0)[None],
            ["F"],
            ["Hz"],
            kind="spectroscopic",
        )
        write_main_raw(
            g,
            "Raw",
            np.arange(12, dtype=np.float32).reshape(6, 2),
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="Q",
            units="u",
        )
    return path, "/M/Raw", "draw"


def broken_links(folder: Path):
    path = folder / "broken_links.h5"
    name = _regular(path, np.ones((2, 3), np.float32))
    with h5py.File(path, "a") as f:
        f["M/dangling_soft"] = h5py.SoftLink("/nowhere/at/all")
        f["M/dangling_external"] = h5py.ExternalLink("missing_file.h5", "/data")
    return path, name, "draw"


def hostile_names(folder: Path):
    path = folder / "hostile.h5"
    with h5py.File(path, "w") as f:
        g = f.create_group(f"Measurement {HOSTILE}")
        d = write_main(
            g,
            f"Raw {RTL}",
            np.arange(12, dtype=np.float32).reshape(3, 4),
            [Dimension(f"Y{HOSTILE}", HOSTILE, np.arange(3)), Dimension("X", "nm", np.arange(4))],
            [],
            quantity=HOSTILE,
            units="<b>u</b>",
        )
        g.attrs["notes"] = HOSTILE * 50 + "\x07\x1b[31m\x7f" + RTL
        g.attrs[HOSTILE] = "x" * 100_000
        return path, d.name, "draw"


MAKERS: dict[str, Callable[[Path], tuple]] = {
    "empty_rows": empty_rows,
    "strings": strings,
    "booleans": booleans,
    "float16": float16,
    "big_endian": big_endian,
    "vlen_floats": vlen_floats,
    "nan_values": nan_values,
    "all_nan": all_nan,
    "constant": constant,
    "with_inf": with_inf,
    "bad_utf8": bad_utf8,
    "enormous_indices": enormous_indices,
    "broken_links": broken_links,
    "hostile_names": hostile_names,
}
