"""Benchmark of the usid_widgets reader against plain h5py and pyUSID 0.0.12.

One run on one machine, printing medians and ratios: this is a measurement, not a timed unit
test (shared machines are noisy, so nothing here passes or fails on a time).

The script writes, into a temporary folder that it deletes afterwards, two USID files holding
the same ``N x N`` float32 image (``N * N`` positions x 1 spectroscopic step):

* ``current``: ancillary position columns in the current pyUSID order (slowest dimension, Y,
  first), written by :func:`usid_widgets.writer.write_image`;
* ``old``: the same data with the position columns in the order of pyUSID < 0.0.7 files
  (fastest dimension, X, first), written with :func:`usid_widgets.writer.write_ancillary` and
  :func:`usid_widgets.writer.write_main_raw`.

Where ``usid_widgets.writer`` is missing or fails, both are written with plain h5py following
the format rules instead (the output says which writer was used).

For each file, on a warm file cache, it times (median and min of ``--repeat`` runs, each after
one untimed warm-up call):

1. the floor: a plain h5py read of the map, ``f[path][:, 0].reshape(N, N)``, and of one
   spectrum, ``f[path][row, :]``, on an open file;
2. usid_widgets: ``MainDataset(file, path)`` (opens the file and analyses the ancillary
   datasets in full), the map ``isel(<spectroscopic dim>=0)``, both together, the whole N-d
   array ``isel()`` and a spectrum ``isel(Y=y, X=x)``;
3. pyUSID 0.0.12, if installed: ``USIDataset(h5_main)`` (the file opened with h5py inside the
   timing, like ``MainDataset(file, path)``) and ``get_n_dim_form()``, which is what
   ``visualize()`` computes before drawing. pyUSID calls ``np.product``, which numpy 2 removed;
   the script then sets ``np.product = np.prod`` before importing pyUSID and says so.

It checks that every approach returns the same numbers (pyUSID keeps the file's column order
of the position dimensions, so on the old file its array is ours transposed), and measures
the peak resident memory growth of each approach in a fresh subprocess of its own.

Run: ``python benchmarks/bench_reader.py [--size N] [--repeat R]``. ``--profile`` adds a
cProfile of ``MainDataset`` opening; ``--skip-pyusid`` leaves pyUSID out.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import importlib.util
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np

import usid_widgets
from usid_widgets import MainDataset
from usid_widgets.reader import check_main, to_str_list

DSET = "/Measurement_000/Channel_000/Raw_Data"
N_SPECTRA = 200  # spectra read per timed repetition (one read is a few microseconds)
PYUSID_MISSING = "pyUSID not installed: pip install pyUSID to compare"
CHILD_APPROACHES = (
    "h5py map",
    "usid_widgets open",
    "usid_widgets open + map",
    "pyUSID USIDataset + get_n_dim_form",
)


# ------------------------------------------------------------------------------------------
# test files


def make_image(n: int) -> np.ndarray:
    """A reproducible ``n x n`` float32 image (rows = Y, columns = X)."""
    return np.random.default_rng(12345).random((n, n), dtype=np.float32)


def _position_grid(ny: int, nx: int, x_first: bool) -> np.ndarray:
    """Position indices ``(ny * nx, 2)`` of a Y-slow, X-fast scan; columns X, Y if ``x_first``."""
    y, x = np.divmod(np.arange(ny * nx, dtype=np.int64), nx)
    return np.stack([x, y] if x_first else [y, x], axis=1)


def write_by_hand(path: str, image: np.ndarray, x_first: bool) -> None:
    """Write ``image`` with plain h5py, following the format rules (docs: usid-format.md).

    Used when ``usid_widgets.writer`` is missing or fails. The rows of the Main dataset are
    Y slow, X fast; ``x_first`` only swaps the columns of the position ancillary datasets.
    """
    ny, nx = image.shape
    pos = _position_grid(ny, nx, x_first)
    labels = [b"X", b"Y"] if x_first else [b"Y", b"X"]
    with h5py.File(path, "w") as f:
        group = f.create_group(DSET.rsplit("/", 1)[0])
        anc = {
            "Position_Indices": (pos.astype(np.uint32), labels, [b"px", b"px"]),
            "Position_Values": (pos.astype(np.float32), labels, [b"px", b"px"]),
            "Spectroscopic_Indices": (np.zeros((1, 1), np.uint32), [b"arb"], [b"a.u."]),
            "Spectroscopic_Values": (np.ones((1, 1), np.float32), [b"arb"], [b"a.u."]),
        }
        main = group.create_dataset("Raw_Data", data=image.reshape(-1, 1))
        str_type = h5py.string_dtype("utf-8")
        main.attrs.create("quantity", "intensity", dtype=str_type)
        main.attrs.create("units", "a.u.", dtype=str_type)
        for name, (data, labs, units) in anc.items():
            dset = group.create_dataset(name, data=data)
            dset.attrs["labels"] = np.array(labs)
            dset.attrs["units"] = np.array(units)
            main.attrs[name] = dset.ref


def write_with_package(path: str, image: np.ndarray, x_first: bool) -> str:
    """Write ``image`` with ``usid_widgets.writer``; returns the functions used."""
    from usid_widgets import writer

    if not x_first:
        writer.write_image(path, image, quantity="intensity", units="a.u.")
        return "usid_widgets.writer.write_image"
    ny, nx = image.shape
    pos = _position_grid(ny, nx, x_first=True)
    with h5py.File(path, "w") as f:
        group = f.create_group(DSET.rsplit("/", 1)[0])
        pi, pv = writer.write_ancillary(
            group, "Position", pos, pos, ["X", "Y"], ["px", "px"], kind="position"
        )
        si, sv = writer.write_ancillary(
            group, "Spectroscopic", [[0]], [[1.0]], ["arb"], ["a.u."], kind="spectroscopic"
        )
        writer.write_main_raw(
            group,
            "Raw_Data",
            image.reshape(-1, 1),
            pos_inds=pi,
            pos_vals=pv,
            spec_inds=si,
            spec_vals=sv,
            quantity="intensity",
            units="a.u.",
        )
    return "usid_widgets.writer.write_ancillary + write_main_raw"


def write_test_file(path: str, image: np.ndarray, x_first: bool) -> str:
    """Write one test file at ``DSET``: with the package's writer if it works, else by hand.

    ``x_first`` stores the position columns X, Y like pyUSID < 0.0.7 (the STEM, PFM and AFM
    files), otherwise Y, X like the current pyUSID. Returns which writer was used.
    """
    try:
        how = write_with_package(path, image, x_first)
    except Exception as exc:  # missing or broken writer: the benchmark still runs
        if os.path.exists(path):
            os.remove(path)
        write_by_hand(path, image, x_first)
        how = f"h5py by hand (usid_widgets.writer: {type(exc).__name__}: {exc})"
    with h5py.File(path, "r") as f:
        check_main(f[DSET])
    return how


def warm_file_cache(path: str) -> None:
    """Read the whole file once so that every timing sees it in the OS page cache."""
    with open(path, "rb") as fh:
        while fh.read(1 << 24):
            pass


# ------------------------------------------------------------------------------------------
# timing


@dataclass
class Timing:
    """Seconds per call of one operation: one entry per timed repetition."""

    label: str
    seconds: list[float]
    floor: str = "map"  # which floor the ratio refers to: "map" or "spectrum"

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)


def time_calls(fn: Callable[[], Any], repeat: int, per_call: int = 1) -> list[float]:
    """Time ``fn`` ``repeat`` times after one untimed warm-up call; seconds per call.

    ``fn`` may itself perform ``per_call`` operations; the time is divided by it.
    """
    fn()
    out = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) / per_call)
    return out


def clear_reader_cache() -> None:
    """Forget analysed ancillary datasets so that every open measures the full analysis.

    The reader caches the analysis of shared ancillary datasets per open file; reopening a
    file already misses that cache today, clearing it keeps the measurement honest if the
    key ever changes.
    """
    from usid_widgets.reader import main as reader_main

    cache = getattr(reader_main, "_AXIS_CACHE", None)
    if cache is not None:
        cache.clear()


# ------------------------------------------------------------------------------------------
# pyUSID


def import_pyusid() -> tuple[Any, bool] | None:
    """(pyUSID module, whether ``np.product`` had to be shimmed), or None if not installed."""
    if importlib.util.find_spec("pyUSID") is None:
        return None
    shimmed = False
    if not hasattr(np, "product"):
        # pyUSID 0.0.12 calls np.product, which numpy 2 removed.
        np.product = np.prod  # noqa: NPY003, NPY201
        shimmed = True
    import pyUSID

    return pyUSID, shimmed


def pyusid_n_dim(pyusid: Any, path: str, dset_path: str) -> tuple[np.ndarray, list[str]]:
    """pyUSID's N-d array of the Main dataset and its dimension labels."""
    with h5py.File(path, "r") as f:
        usi = pyusid.USIDataset(f[dset_path])
        return usi.get_n_dim_form(), [str(lab) for lab in usi.n_dim_labels]


def compare_with_pyusid(
    ours: np.ndarray, our_names: list[str], theirs: np.ndarray, their_names: list[str]
) -> str:
    """Say whether pyUSID's array equals ours, as is or up to a transposition."""
    if theirs.shape == ours.shape and np.array_equal(theirs, ours):
        return f"AGREE: identical arrays, same dimension order {our_names}"
    if sorted(their_names) == sorted(our_names):
        perm = [our_names.index(name) for name in their_names]
        if np.array_equal(theirs, ours.transpose(perm)):
            return (
                f"AGREE up to a transposition: pyUSID's {their_names} is ours {our_names} "
                f"transposed by {tuple(perm)} (pyUSID puts the file's first position column "
                "first; usid_widgets puts the slowest dimension first)"
            )
    return f"DISAGREE: pyUSID {their_names} {theirs.shape} vs usid_widgets {our_names} {ours.shape}"


# ------------------------------------------------------------------------------------------
# memory (each approach in a subprocess of its own)


def _proc_status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak RSS (VmHWM) of this process; Linux only."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _ru_maxrss_kib() -> int | None:
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def child_main(approach: str, path: str) -> None:
    """Run one approach once and print its peak RSS growth as JSON (subprocess entry point)."""
    pyusid = None
    if approach.startswith("pyUSID"):
        found = import_pyusid()
        if found is None:
            print(json.dumps({"error": PYUSID_MISSING}))
            return
        pyusid = found[0]
    with h5py.File(path, "r") as f:  # metadata only: the name of the spectroscopic dim
        spec_name = to_str_list(f[f[DSET].attrs["Spectroscopic_Indices"]].attrs["labels"])[0]
    gc.collect()
    method = "VmHWM reset via /proc/self/clear_refs"
    base = _proc_status_kib("VmRSS")
    if base is None or not _reset_peak_rss():
        method = "ru_maxrss (peak since process start: growth may be under-reported)"
        base = _ru_maxrss_kib()
    if approach == "h5py map":
        with h5py.File(path, "r") as f:
            result = f[DSET][:, 0].reshape(-1)
    elif approach == "usid_widgets open":
        with MainDataset(path, DSET):
            result = np.empty(0)
    elif approach == "usid_widgets open + map":
        with MainDataset(path, DSET) as m:
            result = m.isel({spec_name: 0})
    else:
        result, _ = pyusid_n_dim(pyusid, path, DSET)
    peak = _proc_status_kib("VmHWM") if method.startswith("VmHWM") else _ru_maxrss_kib()
    print(
        json.dumps(
            {
                "growth_kib": None if base is None or peak is None else max(0, peak - base),
                "result_kib": result.nbytes // 1024,
                "method": method,
            }
        )
    )


def measure_rss(approach: str, path: str) -> dict:
    """Peak RSS growth of ``approach`` in a fresh Python process."""
    cmd = [sys.executable, os.path.abspath(__file__), "--child", approach, "--file", path]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"subprocess failed ({proc.returncode}): {tail}"}
    return json.loads(lines[-1])


# ------------------------------------------------------------------------------------------
# one file


def bench_file(name: str, path: str, image: np.ndarray, repeat: int, pyusid: Any | None) -> dict:
    """Time every approach on one file; check the results agree. Returns the figures."""
    n_rows, n_cols = image.shape
    warm_file_cache(path)
    rng = np.random.default_rng(7)
    ys = rng.integers(0, n_rows, N_SPECTRA)
    xs = rng.integers(0, n_cols, N_SPECTRA)
    flat_rows = ys * n_cols + xs
    timings: list[Timing] = []
    checks: list[str] = []

    # 1. the floor
    with h5py.File(path, "r") as f:
        dset = f[DSET]
        floor_map = dset[:, 0].reshape(n_rows, n_cols)
        checks.append(f"h5py map == generated image: {np.array_equal(floor_map, image)}")
        timings.append(
            Timing(
                f"floor: h5py f[path][:, 0].reshape({n_rows}, {n_cols})",
                time_calls(lambda: dset[:, 0].reshape(n_rows, n_cols), repeat),
            )
        )

        def floor_spectra() -> None:
            for row in flat_rows:
                dset[int(row), :]

        timings.append(
            Timing(
                "floor: h5py f[path][row, :] (one spectrum)",
                time_calls(floor_spectra, repeat, N_SPECTRA),
                "spectrum",
            )
        )
        floor_spectrum = np.stack([dset[int(r), :] for r in flat_rows])

    # 2. usid_widgets
    def open_close() -> None:
        clear_reader_cache()
        MainDataset(path, DSET).close()

    timings.append(
        Timing("usid_widgets: MainDataset(file, path) open", time_calls(open_close, repeat))
    )
    with MainDataset(path, DSET) as m:
        spec = m.spec_dims[0].name
        pos_names = [d.name for d in m.pos_dims]
        our_names = m.dim_names
        ours_map = m.isel({spec: 0})
        checks.append(
            f"usid_widgets dims {our_names}, layout {m.layout['position']}; "
            f"map == generated image: {np.array_equal(ours_map, image)}"
        )
        timings.append(
            Timing(
                f"usid_widgets: isel({spec}=0) map, file open",
                time_calls(lambda: m.isel({spec: 0}), repeat),
            )
        )
        timings.append(Timing("usid_widgets: isel() whole N-d array", time_calls(m.isel, repeat)))

        def our_spectra() -> None:
            for y, x in zip(ys, xs, strict=True):
                m.isel({pos_names[0]: int(y), pos_names[1]: int(x)})

        timings.append(
            Timing(
                f"usid_widgets: isel({pos_names[0]}=y, {pos_names[1]}=x) spectrum",
                time_calls(our_spectra, repeat, N_SPECTRA),
                "spectrum",
            )
        )
        ours_spectrum = np.stack(
            [
                m.isel({pos_names[0]: int(y), pos_names[1]: int(x)})
                for y, x in zip(ys, xs, strict=True)
            ]
        )
        checks.append(
            f"usid_widgets spectra == h5py rows: {np.array_equal(ours_spectrum, floor_spectrum)}"
        )
        ours_full = m.isel()

    def open_map() -> None:
        clear_reader_cache()
        with MainDataset(path, DSET) as md:
            md.isel({spec: 0})

    timings.append(Timing("usid_widgets: open + map", time_calls(open_map, repeat)))

    # 3. pyUSID
    if pyusid is not None:
        ctor: list[float] = []
        ndim: list[float] = []

        def pyusid_once() -> None:
            t0 = time.perf_counter()
            with h5py.File(path, "r") as f:
                usi = pyusid.USIDataset(f[DSET])
                t1 = time.perf_counter()
                usi.get_n_dim_form()
                t2 = time.perf_counter()
            ctor.append(t1 - t0)
            ndim.append(t2 - t1)

        total = time_calls(pyusid_once, repeat)
        ctor, ndim = ctor[1:], ndim[1:]  # drop the warm-up call
        timings.append(Timing("pyUSID: USIDataset(h5_main) (file open included)", ctor))
        timings.append(Timing("pyUSID: get_n_dim_form()", ndim))
        timings.append(Timing("pyUSID: USIDataset + get_n_dim_form", total))
        theirs, their_names = pyusid_n_dim(pyusid, path, DSET)
        checks.append(
            "pyUSID vs usid_widgets: "
            + compare_with_pyusid(ours_full, our_names, np.asarray(theirs), their_names)
        )

    with h5py.File(path, "r") as f:
        columns = to_str_list(f[f[DSET].attrs["Position_Indices"]].attrs["labels"])
    return {
        "name": name,
        "columns": columns,
        "size_mib": os.path.getsize(path) / 2**20,
        "timings": timings,
        "checks": checks,
    }


# ------------------------------------------------------------------------------------------
# output


def print_table(result: dict) -> None:
    """One table per file: operation, median and min in ms, ratio to its floor."""
    timings: list[Timing] = result["timings"]
    floors = {"map": timings[0].median, "spectrum": timings[1].median}
    print(
        f"\n== {result['name']} file: Position_Indices columns {result['columns']}, "
        f"{result['size_mib']:.1f} MiB"
    )
    width = max(len(t.label) for t in timings) + 2
    print(f"{'operation':<{width}}{'median ms':>12}{'min ms':>12}{'x floor':>10}  floor")
    for t in timings:
        ratio = t.median / floors[t.floor]
        print(
            f"{t.label:<{width}}{1e3 * t.median:>12.3f}{1e3 * t.best:>12.3f}"
            f"{ratio:>10.1f}  {t.floor}"
        )
    for line in result["checks"]:
        print("  check: " + line)


def headline(result: dict) -> str | None:
    """'usid_widgets open+map / pyUSID get_n_dim_form' for one file, or None without pyUSID."""
    by_label = {t.label: t for t in result["timings"]}
    ours = by_label["usid_widgets: open + map"].median
    theirs = by_label.get("pyUSID: USIDataset + get_n_dim_form")
    if theirs is None:
        return None
    ratio = ours / theirs.median
    return (
        f"{result['name']} file: usid_widgets open+map / pyUSID USIDataset+get_n_dim_form = "
        f"{1e3 * ours:.1f} ms / {1e3 * theirs.median:.1f} ms = {ratio:.4f} "
        f"({100 * ratio:.2f} %, pyUSID {1 / ratio:.0f}x slower)"
    )


def reader_source() -> str:
    """Where the imported usid_widgets lives, with its git commit when it is a checkout."""
    folder = os.path.dirname(os.path.dirname(os.path.abspath(usid_widgets.__file__)))

    def git(*cmd: str) -> str:
        proc = subprocess.run(
            ["git", "-C", folder, *cmd], capture_output=True, text=True, check=False
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "usid_widgets")
    except OSError:  # no git
        commit, dirty = "", ""
    if not commit:
        return folder
    return f"{folder} (git {commit}{', uncommitted changes in usid_widgets' if dirty else ''})"


def print_environment(args: argparse.Namespace, pyusid_info: tuple[Any, bool] | None) -> None:
    """Date, machine and versions the figures belong to."""
    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    cores = os.cpu_count()
    print(f"machine: {platform.platform()}, {cores} cores, Python {platform.python_version()}")
    print(f"numpy {np.__version__}, h5py {h5py.__version__} (HDF5 {h5py.version.hdf5_version})")
    print(f"usid_widgets {usid_widgets.__version__} from {reader_source()}")
    if pyusid_info is None:
        print(PYUSID_MISSING)
    else:
        module, shimmed = pyusid_info
        shim = (
            "; np.product was missing (numpy 2): set np.product = np.prod before importing it"
            if shimmed
            else ""
        )
        print(f"pyUSID {getattr(module, '__version__', '?')}{shim}")
    n = args.size
    print(
        f"data: {n} x {n} float32 image = {n * n} positions x 1 step; "
        f"{args.repeat} timed repetitions after 1 warm-up; spectra: mean of {N_SPECTRA} reads"
    )


def profile_open(path: str) -> None:
    """cProfile of MainDataset opening (ancillary analysis): the top functions by own time."""
    clear_reader_cache()
    MainDataset(path, DSET).close()
    profiler = cProfile.Profile()
    for _ in range(3):
        clear_reader_cache()
        profiler.enable()
        MainDataset(path, DSET).close()
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print("\n== cProfile of 3 x MainDataset(file, path) on the current-order file")
    print(out.getvalue().strip())


# ------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2048, help="image is SIZE x SIZE (2048)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (5)")
    parser.add_argument("--skip-pyusid", action="store_true", help="do not compare with pyUSID")
    parser.add_argument("--skip-memory", action="store_true", help="no RSS subprocesses")
    parser.add_argument("--profile", action="store_true", help="cProfile MainDataset opening")
    parser.add_argument("--child", choices=CHILD_APPROACHES, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.size < 2 or args.repeat < 1:
        parser.error("--size must be >= 2 and --repeat >= 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args.child, args.file)
        return
    pyusid_info = None if args.skip_pyusid else import_pyusid()
    print_environment(args, pyusid_info)
    pyusid = None if pyusid_info is None else pyusid_info[0]
    image = make_image(args.size)
    tmp = tempfile.mkdtemp(prefix="usid_bench_")
    try:
        files = {"current": os.path.join(tmp, "current.h5"), "old": os.path.join(tmp, "old.h5")}
        for name, path in files.items():
            how = write_test_file(path, image, x_first=name == "old")
            print(f"{name} file written with {how}")
        results = [
            bench_file(name, path, image, args.repeat, pyusid) for name, path in files.items()
        ]
        for result in results:
            print_table(result)
        print()
        if pyusid is None:
            print(PYUSID_MISSING)
        for result in results if pyusid is not None else []:
            print(f"HEADLINE {headline(result)}")
        if not args.skip_memory:
            print("\n== peak RSS growth, each approach once in a fresh subprocess")
            approaches = [a for a in CHILD_APPROACHES if pyusid or not a.startswith("pyUSID")]
            for name, path in files.items():
                for approach in approaches:
                    rss = measure_rss(approach, path)
                    if "error" in rss:
                        print(f"{name:>8} {approach:<40} {rss['error']}")
                        continue
                    print(
                        f"{name:>8} {approach:<40} {rss['growth_kib'] / 1024:8.1f} MiB "
                        f"(result array {rss['result_kib'] / 1024:.1f} MiB)"
                    )
            print(f"  method: {rss.get('method', '?')}")
        if args.profile:
            profile_open(files["current"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
