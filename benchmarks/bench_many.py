"""Opening files of many Main datasets: the cost per Main dataset must not grow with the file.

One run that prints medians, not a timed test. For each count N it writes (into a temporary
folder deleted at the end) a file of N channels, each holding a small Main dataset written by
``usid_widgets.writer.write_main``, its four ancillary datasets and ``--extra`` plain datasets
beside them, then measures on a warm file cache:

- floor: ``h5py.File`` + ``visit`` of every name (the cheapest walk of the whole file);
- ``find_main``: the walk that checks every dataset for the rules of a Main dataset;
- ``ancillary_map``: the same walk plus the path of every ancillary dataset (what the file
  tree marks);
- ``explorer(path)``: the whole open, first view included;
- ``H5Iget_name``: HDF5's name of an ancillary dataset opened through its reference (mean
  over ten channels spread over the file), which the checks asked for every ancillary
  dataset until 2026-12-03 (x 4N: what that cost at each open).

The time per Main dataset of ``explorer`` staying flat from N=10 to N=500 says the open is
linear in the file's objects; before, it grew with N (quadratic: 0.43 s at N=50, 107-167 s at
N=500).

Run: ``python benchmarks/bench_many.py [--counts 10 100 500] [--extra 20] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

import h5py
import numpy as np

from usid_widgets import explorer, find_main
from usid_widgets.reader.tree import ancillary_map
from usid_widgets.writer import Dimension, write_main


def write_file(path: str, n_mains: int, extra: int) -> None:
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        for i in range(n_mains):
            group = f.create_group(f"Measurement_{i // 100:03d}/Channel_{i % 100:03d}")
            write_main(
                group,
                "Raw_Data",
                rng.random((4, 4, 32)).astype(np.float32),
                [Dimension("Y", "nm", np.arange(4.0)), Dimension("X", "nm", np.arange(4.0))],
                [Dimension("Bias", "V", np.linspace(-1, 1, 32))],
                quantity="Amplitude",
                units="nm",
            )
            for k in range(extra):
                group.create_dataset(f"extra_{k:02d}", data=np.arange(3))


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm: the file cache, and the imports of what fn calls
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def measure(path: str, n_mains: int, repeat: int) -> dict[str, float]:
    def floor() -> None:
        with h5py.File(path, "r") as f:
            f.visit(lambda _name: None)

    def walk(fn: Callable) -> Callable[[], None]:
        def run() -> None:
            with h5py.File(path, "r") as f:
                fn(f)

        return run

    def opened() -> None:
        explorer(path).close()

    out = {
        "floor": median_ms(floor, repeat),
        "find_main": median_ms(walk(find_main), repeat),
        "ancillary_map": median_ms(walk(ancillary_map), repeat),
        "explorer": median_ms(opened, repeat),
    }
    with h5py.File(path, "r") as f:
        # HDF5 searches the file until it meets the object: the cost depends on where it is,
        # so the mean over ten channels spread over the file (each object opened anew: HDF5
        # keeps no path for an object opened by reference)
        times = []
        for i in np.linspace(0, n_mains - 1, min(10, n_mains)).astype(int):
            main = f[f"Measurement_{i // 100:03d}/Channel_{i % 100:03d}/Raw_Data"]
            for attr in ("Position_Indices", "Spectroscopic_Values"):
                target = f[main.attrs[attr]]
                t0 = time.perf_counter()
                target.name  # noqa: B018 - the cost measured
                times.append(time.perf_counter() - t0)
        out["H5Iget_name"] = statistics.mean(times) * 1e3
        objects = []
        f.visit(objects.append)
        assert len(find_main(f)) == n_mains
    out["objects"] = len(objects)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--extra", type=int, default=20, help="plain datasets per channel (20)")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (3)")
    args = parser.parse_args(argv)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except Exception:
        commit = "?"
    print(
        f"# {datetime.datetime.now():%Y-%m-%d %H:%M}, commit {commit}, h5py {h5py.__version__} "
        f"(HDF5 {h5py.version.hdf5_version}), {os.cpu_count()} cores, "
        f"{args.extra} plain datasets per channel, median of {args.repeat}"
    )
    print(
        "| Main datasets | objects | floor (ms) | find_main (ms) | ancillary_map (ms) "
        "| explorer (ms) | explorer per Main (ms) | H5Iget_name (ms) | x 4N (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    tmp = tempfile.mkdtemp(prefix="usid_bench_many_")
    try:
        for n in args.counts:
            path = os.path.join(tmp, f"many_{n}.h5")
            write_file(path, n, args.extra)
            m = measure(path, n, args.repeat)
            print(
                f"| {n} | {m['objects']} | {m['floor']:.1f} | {m['find_main']:.1f} "
                f"| {m['ancillary_map']:.1f} | {m['explorer']:.1f} | {m['explorer'] / n:.2f} "
                f"| {m['H5Iget_name']:.2f} | {m['H5Iget_name'] * 4 * n:.0f} |",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
