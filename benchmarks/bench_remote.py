"""Benchmark of the explorer on a remote file (issue 19), against the same file read locally
and against the naive floor (h5py on an fsspec file with no cache).

The file, written into a temporary folder deleted at the end: a 4D-STEM scan of 64 x 64
positions x 128 x 128 detector pixels, float32 (256 MiB), stored one pattern per chunk
(chunks (1, 16384), 64 KiB): the 1 GiB benchmark file of ``bench_explorer.py`` at a quarter
of its positions, so that a run at 80 ms stays within minutes. It is served by
``tests/range_server.py`` (a real HTTP server on 127.0.0.1 honouring Range requests) with a
delay of 0, 20 and 80 ms before every answer, standing in for a network's round trip.

For each delay: ``explorer(url)`` (open + first view: the map at the central detector pixel
and the pattern at the first position), a map step (the next detector pixel, Q_x + 1), map
jumps (random detector pixels), a plane step (the next scan position, X + 1) and plane jumps
(random positions); each with its time, the requests and bytes the server counted. Next to
them: the same on the local file, and the naive floor: h5py on ``fsspec.open(url,
cache_type="none")`` reading the same slice (the map floor is measured over the first 256
positions and scaled to 4096: at 80 ms the whole map would take minutes, one request per
chunk in sequence). Also, at 0 ms, the request and byte counts of opening + a map jump +
a plane through fsspec's own caches (``readahead``, ``blockcache``, ``first``,
``background``), to compare with ``RemoteFile``.

``--full`` writes the 1 GiB layout itself (128 x 128 positions, 16,384 chunks).
``--single-ranges`` makes the server answer a multi-range request with its first range
only (as S3 and servers without multi-range support do): ``RemoteFile`` then learns it and
fetches concurrent single ranges. Each operation also reports ``rounds``: the fetches the
remote file made one after the other (round trips in sequence).

``--memory`` measures instead the peak RSS growth of a map jump and of scrubbing (10 map
steps, 10 plane steps, 5 map jumps), each in a fresh process over the open explorer, for
the remote and the local file: the same method as ``bench_reader.py`` (VmHWM after
``/proc/self/clear_refs``; the server runs in the parent process, so its memory is not
counted).

With ``--hsds``: the same file loaded with ``hsload`` into a real single-node HSDS on
127.0.0.1 (``tests/hsds_server.py``; no injected delay: HSDS answers over loopback), explored
as ``hdf5://home/tester/stem256.h5``: the same operations, the requests h5pyd sent for each
(counted on h5pyd's connection class), next to the local file and to the floor of one
h5pyd read of the same slice (``d[:, q]``, ``d[p, :]``) with no cache.

Run: ``python benchmarks/bench_remote.py [--delays 0 20 80] [--jumps 3] [--full] [--memory]
[--hsds]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from range_server import RangeServer  # noqa: E402

from usid_widgets import explorer  # noqa: E402
from usid_widgets.reader.remote import remote_of  # noqa: E402
from usid_widgets.writer import Dimension, write_main  # noqa: E402

SCAN, DET = 64, 128
DSET = "/Measurement_000/Channel_000/Raw_Data"
MIB = 2**20


def write_file(path: str) -> None:
    """The 4D-STEM file of ``SCAN`` x ``SCAN`` positions (set by ``--full``)."""
    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        g = f.create_group("Measurement_000/Channel_000")
        data = np.empty((SCAN, SCAN, DET, DET), np.float32)
        for i in range(SCAN):
            data[i] = rng.random((SCAN, DET, DET), dtype=np.float32)
        write_main(
            g,
            "Raw_Data",
            data,
            [
                Dimension("Y", "nm", np.arange(SCAN) * 2.0),
                Dimension("X", "nm", np.arange(SCAN) * 2.0),
            ],
            [
                Dimension("Q_y", "1/nm", (np.arange(DET) - DET // 2) * 0.05),
                Dimension("Q_x", "1/nm", (np.arange(DET) - DET // 2) * 0.05),
            ],
            quantity="Intensity",
            units="counts",
            chunks=(1, DET * DET),
        )


def rounds(box: dict) -> int:
    """Fetches made one after the other by the explorer's remote file so far."""
    raw = remote_of(box["w"].file) if "w" in box else None
    return raw.rounds if raw is not None else 0


def timed(srv, fn, box: dict | None = None) -> dict:
    if srv is not None:
        srv.reset()
    before = rounds(box) if box is not None else 0
    t = time.perf_counter()
    fn()
    out = {"s": time.perf_counter() - t}
    if srv is not None:
        out.update(srv.stats())
        if box is not None:
            out["rounds"] = rounds(box) - before
    return out


def step(w, **change) -> None:
    index = dict(w.index)
    index.update(change)
    w.index = index


def explore(source, srv, jumps: int, seed: int = 1) -> dict:
    """The explorer's operations on ``source``: a dict of name -> [measurements]."""
    rng = np.random.default_rng(seed)
    gc.collect()
    box = {}
    res = {"open + first view": [timed(srv, lambda: box.setdefault("w", explorer(source)), box)]}
    w = box["w"]
    res["map step (Q_x + 1)"] = [timed(srv, lambda: step(w, Q_x=w.index["Q_x"] + 1), box)]
    res["map jump (random Q)"] = []
    for _ in range(jumps):
        qy, qx = (int(v) for v in rng.integers(0, DET, 2))
        res["map jump (random Q)"].append(
            timed(srv, lambda qy=qy, qx=qx: step(w, Q_y=qy, Q_x=qx), box)
        )
    res["plane step (X + 1)"] = []
    for _ in range(5):
        res["plane step (X + 1)"].append(timed(srv, lambda: step(w, X=w.index["X"] + 1), box))
    res["plane jump (random Y, X)"] = []
    for _ in range(jumps):
        y, x = (int(v) for v in rng.integers(0, SCAN, 2))
        res["plane jump (random Y, X)"].append(timed(srv, lambda y=y, x=x: step(w, Y=y, X=x), box))
    w.close()
    return res


def naive(url: str, srv, rows: int = 256) -> dict:
    """h5py on an fsspec file with no cache: the open, the map (first ``rows`` positions,
    scaled to all), the plane (one row)."""
    import fsspec

    res = {}
    fobj = fsspec.open(url, "rb", cache_type="none").open()
    box = {}
    res["open"] = timed(srv, lambda: box.setdefault("f", h5py.File(fobj, "r")))
    d = box["f"][DSET]
    part = timed(srv, lambda: d[:rows, 5000])
    scale = d.shape[0] / rows
    res["map"] = {k: v * scale for k, v in part.items()}
    res["plane"] = timed(srv, lambda: d[1234, :])
    box["f"].close()
    return res


def fsspec_caches(url: str, srv) -> list[tuple]:
    """Requests and bytes of open + map jump + plane through fsspec's own caches."""
    import fsspec

    rows = []
    for cache in ("readahead", "blockcache", "first", "background"):
        for block in (64 * 2**10, 5 * MIB):
            fobj = fsspec.open(url, "rb", cache_type=cache, block_size=block).open()
            srv.reset()
            t = time.perf_counter()
            with h5py.File(fobj, "r") as f:
                d = f[DSET]
                opened = srv.stats()
                d[:, 8000]
                mapped = srv.stats()
                d[2000, :]
            s = time.perf_counter() - t
            end = srv.stats()
            rows.append((cache, block, opened, mapped, end, s))
            fobj.close()
    return rows


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def _peak_growth(fn) -> int:
    """Peak RSS growth (KiB) while ``fn`` runs: VmHWM reset via /proc/self/clear_refs."""
    gc.collect()
    base = _status_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    fn()
    return max(0, _status_kib("VmHWM") - base)


def memory_child(source: str) -> None:
    """Open ``source`` in the explorer, then print the peak RSS growth of a map jump and of
    scrubbing as JSON (subprocess entry point)."""
    w = explorer(source)
    rng = np.random.default_rng(3)
    out = {"map jump": _peak_growth(lambda: step(w, Q_y=17, Q_x=101))}

    def scrub() -> None:
        for _ in range(10):
            step(w, Q_x=(w.index["Q_x"] + 1) % DET)
        for _ in range(10):
            step(w, X=(w.index["X"] + 1) % SCAN)
        for _ in range(5):
            qy, qx = (int(v) for v in rng.integers(0, DET, 2))
            step(w, Q_y=qy, Q_x=qx)

    out["scrubbing"] = _peak_growth(scrub)
    raw = remote_of(w.file)
    out["remote cache"] = raw.held // 1024 if raw is not None else 0
    out["rss"] = _status_kib("VmRSS")
    w.close()
    print(json.dumps(out))


def memory(path: str, url: str) -> None:
    print("\npeak RSS growth (KiB; VmHWM after clear_refs, each source in a fresh process)")
    for name, source in (("local", path), ("remote", url)):
        env = dict(os.environ, BENCH_REMOTE_SCAN=str(SCAN))
        done = subprocess.run(
            [sys.executable, __file__, "--memory-child", source],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        m = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"  {name:7s} map jump {m['map jump']:8d} KiB; scrubbing {m['scrubbing']:8d} KiB; "
            f"remote cache after {m['remote cache']:7d} KiB; RSS {m['rss'] / 1024:6.0f} MiB"
        )


def summary(items: list[dict]) -> dict:
    return {k: statistics.median(i[k] for i in items) for k in items[0]}


def fmt(m: dict) -> str:
    s = f"{m['s'] * 1e3:9.1f} ms"
    if "requests" in m:
        s += f" {m['requests']:6.0f} req {m['bytes'] / 1024:9.1f} KiB"
    if "rounds" in m:
        s += f" {m['rounds']:4.0f} rounds"
    return s


class HsdsCount:
    """Requests sent by h5pyd (every connection), in the RangeServer's ``reset`` / ``stats``
    terms (no bytes: h5pyd streams the answers)."""

    def __init__(self):
        from h5pyd import httpconn

        self.n = 0
        for verb in ("GET", "PUT", "POST", "DELETE"):
            send = getattr(httpconn.HttpConn, verb)

            def counted(conn, *args, _send=send, **kwargs):
                self.n += 1
                return _send(conn, *args, **kwargs)

            setattr(httpconn.HttpConn, verb, counted)

    def reset(self) -> None:
        self.n = 0

    def stats(self) -> dict:
        return {"requests": self.n, "bytes": 0}


def hsds_rows(path: str, local: dict, jumps: int) -> None:
    """The explorer on the file in a real HSDS, next to the local file and h5pyd's floor."""
    from hsds_server import HsdsServer

    with tempfile.TemporaryDirectory() as tmp, HsdsServer(tmp) as server:
        t = time.perf_counter()
        domain = server.load(path, server.home() + "stem256.h5")
        print(f"\nHSDS on 127.0.0.1 (hsload took {time.perf_counter() - t:.0f} s)")
        os.environ.update({k: v for k, v in server.env.items() if k.startswith("HS_")})
        count = HsdsCount()
        remote = {k: summary(v) for k, v in explore("hdf5:/" + domain, count, jumps).items()}
        import h5pyd

        f = h5pyd.File(domain, "r")
        d = f[DSET]
        floor = {
            "map": timed(count, lambda: d[:, 5000]),
            "plane": timed(count, lambda: d[1234, :]),
        }
        f.close()
        print(f"  {'operation':28s} {'HSDS (median)':>32s} {'local':>12s}")
        for k, m in remote.items():
            line = f"{m['s'] * 1e3:9.1f} ms {m['requests']:6.0f} req"
            print(f"  {k:28s} {line:>32s} {local[k]['s'] * 1e3:9.1f} ms")
        print(
            f"  h5pyd floor (one read, no cache): map {floor['map']['s'] * 1e3:.1f} ms "
            f"{floor['map']['requests']} req; plane {floor['plane']['s'] * 1e3:.1f} ms "
            f"{floor['plane']['requests']} req"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--delays", type=float, nargs="*", default=[0, 20, 80])
    ap.add_argument("--jumps", type=int, default=3)
    ap.add_argument("--skip-caches", action="store_true")
    ap.add_argument("--full", action="store_true", help="the 1 GiB layout (128 x 128 scan)")
    ap.add_argument("--single-ranges", action="store_true")
    ap.add_argument("--memory", action="store_true", help="peak RSS growth instead")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    ap.add_argument("--hsds", action="store_true", help="also the file in a local HSDS")
    args = ap.parse_args()
    global SCAN
    if args.full:
        SCAN = 128
    if args.memory_child:
        SCAN = int(os.environ["BENCH_REMOTE_SCAN"])
        memory_child(args.memory_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stem256.h5")
        write_file(path)
        print(
            f"file: {SCAN} x {SCAN} scan x {DET} x {DET} detector float32, chunks (1, "
            f"{DET * DET}), {os.path.getsize(path) / MIB:.0f} MiB"
        )
        local = {k: summary(v) for k, v in explore(path, None, args.jumps).items()}
        if args.hsds:
            hsds_rows(path, local, args.jumps)
        with RangeServer({"stem256.h5": path}) as srv:
            url = srv.url("stem256.h5")
            if args.single_ranges:
                srv.multirange = "first"
            if args.memory:
                memory(path, url)
                return
            if not args.skip_caches:
                print(
                    "\nfsspec's caches at 0 ms (cumulative requests / KiB after open, map, plane)"
                )
                for cache, block, o, m, e, s in fsspec_caches(url, srv):
                    print(
                        f"  {cache:10s} block {block // 1024:5d} KiB: open {o['requests']:4d} req "
                        f"{o['bytes'] / 1024:8.0f} KiB; +map {m['requests']:5d} req "
                        f"{m['bytes'] / 1024:9.0f} KiB; +plane {e['requests']:5d} req "
                        f"{e['bytes'] / 1024:9.0f} KiB; {s:6.2f} s"
                    )
            for delay in args.delays:
                srv.delay = delay / 1e3
                remote = {k: summary(v) for k, v in explore(url, srv, args.jumps).items()}
                floor = naive(url, srv)
                print(f"\ndelay {delay:g} ms per request")
                print(f"  {'operation':28s} {'remote (median)':>52s} {'local':>12s}")
                for k, m in remote.items():
                    print(f"  {k:28s} {fmt(m):>52s} {local[k]['s'] * 1e3:9.1f} ms")
                print(
                    f"  naive floor: open {fmt(floor['open'])}; map {fmt(floor['map'])} "
                    f"(256 rows x {SCAN * SCAN // 256}); plane {fmt(floor['plane'])}"
                )
                rt = delay / 1e3
                if rt:
                    o = remote["open + first view"]["s"]
                    print(
                        f"  open + first view = {o / rt:.0f} round trips (target 10); "
                        f"plane step / naive plane = "
                        f"{remote['plane step (X + 1)']['s'] / floor['plane']['s']:.2f}x; "
                        f"map step / naive map = "
                        f"{remote['map step (Q_x + 1)']['s'] / floor['map']['s']:.3f}x "
                        "(target 0.3x)"
                    )


if __name__ == "__main__":
    main()
