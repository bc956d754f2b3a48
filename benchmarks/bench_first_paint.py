"""From running the cell to the explorer drawn, in Chromium: the open as the user sees it.

One run, printing medians; a measurement, not a timed test.

``bench_explorer.py`` times ``explorer(path)`` in Python against a plain h5py read of the
first view. A user waits for more: the kernel builds the widgets, their models travel to the
page, the page builds views and draws. This script measures that whole wait in JupyterLab
for the files of ``bench_explorer.py`` (written by its own writers in the kernel): by default
the small ones, where the Python open misses its 1.5x target.

For each file, ``--opens`` times: the second cell's source is set to
``w = explorer(path); w`` and run (``notebook:run-cell``). In the page, from that command to

- ``heatmap``: the cell's heatmap root carrying a ``data-frame-id`` (set after its first
  frame is drawn);
- ``plot``: a bqplot ``path.line`` in the cell with at least three segments (the spectrum;
  the step marker has one), or for 4D-STEM the diffraction plane's heatmap drawn;

both observed by a MutationObserver on the cell. In the kernel, the cell times
``explorer(path)`` itself. For comparison, the same run of a cell holding ``pass`` (server,
kernel and page round trip, no widget).

The server and browser are the end-to-end tests' (``tests/e2e/harness.py``).

Run: ``python benchmarks/bench_first_paint.py [--opens 5] [--only image spectral ...]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.append(str(REPO))  # for tests.e2e.harness
sys.path.append(str(HERE))  # for peers and bench_explorer

from tests.e2e.harness import (  # noqa: E402
    ErrorCollector,
    JupyterServer,
    NotebookSession,
    find_chromium,
    launch_chromium,
)

SMALL = ("image", "spectral", "nd-complex")
# what the first view draws besides the image: a bqplot line, the 4D-STEM plane, nothing
SECOND = {"image": None, "4d-stem": "plane", "logical-64g": "plane"}

SETUP = """
import sys, time
sys.path.insert(0, {here!r})
import bench_explorer as B
from usid_widgets import explorer
for name in {names!r}:
    case = B.BY_NAME[name]
    (B.write_logical if case.logical else B.write_dense)(case, name + ".h5")
_open_ms = []
"""

OPEN = """_t0 = time.perf_counter()
w = explorer({path!r})
_open_ms.append(1e3 * (time.perf_counter() - _t0))
w"""

# Run cell 2 with ``code``; resolve with ms from the command to each sign of the explorer drawn
# (``kind`` "explorer"), or of a peer's view drawn (``peers.py``: "pyusid", "minimal"): then
# ``drawn``. Checked on every DOM change and every animation frame (a canvas drawn changes no
# DOM).
RUN_AND_WATCH = """async ({name, code, plot, timeoutMs, kind = 'explorer'}) => {
  const p = findPanel(name);
  const cell = p.content.widgets[1];
  cell.model.sharedModel.setSource(code);
  p.content.activeCellIndex = 1;
  return await new Promise((resolve) => {
    const out = {heatmap: null, plot: null, idle: null, drawn: null};
    let t0 = null;
    let done = false;
    const kernel = p.sessionContext.session.kernel;
    const painted = () => {
      for (const c of cell.node.querySelectorAll('.jupyter-matplotlib canvas')) {
        if (!c.width || !c.height) continue;
        const px = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
        if (px[3] > 0) return true;
      }
      return false;
    };
    const check = () => {
      if (t0 === null || done) return;
      const now = performance.now();
      if (kind !== 'explorer') {
        if (out.drawn === null && (kind === 'minimal'
            ? !!cell.node.querySelector('.peer-min[data-drawn]') : painted())) {
          out.drawn = now - t0;
        }
        if (out.drawn !== null && kernel.status === 'idle' && cell.model.executionCount !== null) {
          out.idle = now - t0;
          done = true;
          observer.disconnect();
          resolve(out);
        } else if (now - t0 > timeoutMs) {
          done = true;
          observer.disconnect();
          resolve({...out, timeout: true});
        }
        return;
      }
      const drawnMaps = cell.node.querySelectorAll('.usidw-heatmap[data-frame-id]');
      if (drawnMaps.length && out.heatmap === null) out.heatmap = now - t0;
      if (plot === 'plane' && out.plot === null && drawnMaps.length >= 2) out.plot = now - t0;
      if (plot === 'line' && out.plot === null) {
        for (const path of cell.node.querySelectorAll('.bqplot path.line')) {
          if (((path.getAttribute('d') || '').match(/L/g) || []).length >= 3) {
            out.plot = now - t0;
            break;
          }
        }
      }
      const drawn = code === 'pass' || (out.heatmap !== null && (!plot || out.plot !== null));
      if (drawn && out.drawn === null) out.drawn = now - t0;
      if (drawn && kernel.status === 'idle' && cell.model.executionCount !== null) {
        out.idle = now - t0;
        done = true;
        observer.disconnect();
        resolve(out);
      } else if (now - t0 > timeoutMs) {
        done = true;
        observer.disconnect();
        resolve({...out, timeout: true});
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(cell.node, {subtree: true, childList: true, attributes: true});
    kernel.statusChanged.connect(check);
    const tick = () => {
      check();
      if (!done) requestAnimationFrame(tick);
    };
    cell.model.outputs.clear();
    t0 = performance.now();
    requestAnimationFrame(tick);
    window.jupyterapp.commands.execute('notebook:run-cell');
  });
}"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


PEER_FILES = ("image", "spectral", "4d-stem", "nd-complex")

WRITE = """
import sys
sys.path.insert(0, {here!r})
import bench_explorer as B
for name in {names!r}:
    case = B.BY_NAME[name]
    (B.write_logical if case.logical else B.write_dense)(case, name + ".h5")
print(B.GROUP)
"""

RESTART = """async (name) => {
  const p = findPanel(name);
  await p.sessionContext.session.kernel.restart();
}"""

IDLE = """(name) => {
  const k = findPanel(name).sessionContext.session.kernel;
  return k.connectionStatus === 'connected' && k.status === 'idle';
}"""


def run_peers(args, session: NotebookSession) -> list[tuple[str, dict[str, list[dict]]]]:
    """Open each file ``args.opens`` times with each peer (``peers.py``), each open in a fresh
    kernel (restarted, then the peer's setup cell run untimed), the peers alternating open
    by open (their order reversed every round); one more round first, not counted."""
    import bench_explorer as B
    import peers as P

    group = session.execute(WRITE.format(here=str(HERE), names=tuple(args.only)), timeout=600)
    dataset = group.strip() + "/Raw_Data"
    rows = []
    for name in args.only:
        case = B.BY_NAME[name]
        peers = P.PEERS + (("before",) if args.before else ())
        got: dict[str, list[dict]] = {peer: [] for peer in peers}
        for i in range(args.opens + 1):
            order = peers if i % 2 == 0 else peers[::-1]
            for peer in order:
                session._eval(RESTART, session.name)
                session._wait(IDLE, session.name, timeout=60)
                session.execute(P.setup_cell(peer, args.before), timeout=120)
                code = P.open_cell(peer, case, f"{name}.h5", dataset)
                plot = SECOND.get(name, "line")
                run = session._eval(
                    RUN_AND_WATCH,
                    {
                        "name": session.name,
                        "code": code,
                        "plot": plot,
                        "timeoutMs": 120_000,
                        "kind": "explorer" if peer == "before" else peer,
                    },
                )
                if run.get("timeout"):
                    errors = session.execute(
                        "import sys; print(repr(sys.last_value) "
                        "if hasattr(sys, 'last_value') else '')"
                    )
                    sys.exit(f"{name}, {peer}: not drawn within 120 s: {run} {errors}")
                if i:
                    got[peer].append(run)
        rows.append((name, got))
    return rows


def print_peers(rows, opens: int) -> None:
    print(
        f"\nthe open against its peers (peers.py), median of {opens} opens each, a fresh "
        "kernel per open, the peers alternating; ms from running the cell to the first view "
        "drawn (explorer: heatmap and plot / plane), and to the kernel idle with all drawn:"
    )
    print("pyUSID 0.0.12 runs with np.product = np.prod (numpy 2 removed np.product)")
    print(
        "| file | explorer drawn | pyUSID visualize (ipympl) drawn | minimal anywidget drawn "
        "| explorer / pyUSID | explorer / minimal | idle: explorer, pyUSID, minimal |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, got in rows:
        drawn = {p: median([r["drawn"] for r in runs]) for p, runs in got.items()}
        idle = {p: median([r["idle"] for r in runs]) for p, runs in got.items()}
        e, u, m = drawn["explorer"], drawn["pyusid"], drawn["minimal"]
        print(
            f"| {name} | {e:.0f} | {u:.0f} | {m:.0f} | {e / u:.2f}x | {e / m:.2f}x "
            f"| {idle['explorer']:.0f}, {idle['pyusid']:.0f}, {idle['minimal']:.0f} |"
        )
    if any("before" in got for _name, got in rows):
        print("\nthe explorer of --before, in the same run (ms drawn, median):")
        print("| file | before | this checkout | this / before | before / minimal |")
        print("|---|---:|---:|---:|---:|")
        for name, got in rows:
            drawn = {p: median([r["drawn"] for r in runs]) for p, runs in got.items()}
            b, e, m = drawn["before"], drawn["explorer"], drawn["minimal"]
            print(f"| {name} | {b:.0f} | {e:.0f} | {e / b:.2f}x | {b / m:.2f}x |")
    print("every open, ms drawn (explorer / pyUSID / minimal):")
    for name, got in rows:
        for p, runs in got.items():
            each = " ".join(f"{r['drawn']:.0f}" for r in runs)
            print(f"  {name} {p}: {each}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=5, help="opens per file (5)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("image", "spectral", "spectral-gzip", "4d-stem", "nd-complex", "logical-64g"),
        default=None,
        help="files of bench_explorer.py (default: the small ones; with --peers: "
        + ", ".join(PEER_FILES)
        + ")",
    )
    parser.add_argument(
        "--before",
        help="with --peers: also open each file with the explorer of this checkout (its "
        "usid_widgets first on the kernel's path), alternating with the others",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="measure the open against pyUSID's visualize() under ipympl and a minimal "
        "anywidget (peers.py), a fresh kernel per open",
    )
    args = parser.parse_args(argv)
    if args.only is None:
        args.only = list(PEER_FILES if args.peers else SMALL)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium is not installed: apt-get install -y --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="usid_bench_first_paint_"))
    try:
        with JupyterServer("lab", tmp / "server") as server, sync_playwright() as pw:
            browser = launch_chromium(pw, tmp / "chromium-env", chromium)
            print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
            print(
                f"machine: {platform.platform()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}; chromium {browser.version}, JupyterLab"
            )
            print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(120_000)
            page = context.new_page()
            errors = ErrorCollector().attach(page)
            if args.peers:
                server.write_notebook("peers.ipynb", ["pass", "pass"])
                session = NotebookSession(page, server, "peers.ipynb").open()
                rows = run_peers(args, session)
                context.close()
                browser.close()
                server.shutdown_sessions()
                print_peers(rows, args.opens)
                print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
                unexpected = errors.unexpected()
                print(f"page errors: {len(unexpected)} unexpected")
                for line in unexpected:
                    print(f"  {line}")
                return
            setup = SETUP.format(here=str(HERE), names=tuple(args.only))
            server.write_notebook("open.ipynb", [setup, "pass"])
            session = NotebookSession(page, server, "open.ipynb").open()
            session.run_all(timeout=300)
            rows = []
            for label, code, plot in [("empty cell (pass)", "pass", None)] + [
                (name, OPEN.format(path=f"{name}.h5"), SECOND.get(name, "line"))
                for name in args.only
            ]:
                runs = []
                for i in range(args.opens + 1):  # the first one warms imports and caches
                    got = session._eval(
                        RUN_AND_WATCH,
                        {"name": "open.ipynb", "code": code, "plot": plot, "timeoutMs": 60_000},
                    )
                    if got.get("timeout"):
                        sys.exit(f"{label}: the explorer was not drawn within 60 s: {got}")
                    if i:
                        runs.append(got)
                kernel = []
                if code != "pass":
                    text = session.execute(f"print(*_open_ms[-{args.opens}:]); _open_ms.clear()")
                    kernel = [float(v) for v in text.split()]
                rows.append((label, runs, kernel))
            context.close()
            browser.close()
            server.shutdown_sessions()
        print(f"\nmedian of {args.opens} runs per row (one more before them, not counted), ms:")
        print(
            "| cell | explorer(path) in the kernel | run -> heatmap drawn "
            "| run -> plot / plane drawn | run -> kernel idle, all drawn | kernel share |"
        )
        print("|---|---|---|---|---|---|")
        for label, runs, kernel in rows:
            hm = median([r["heatmap"] for r in runs if r["heatmap"] is not None])
            pl = median([r["plot"] for r in runs if r["plot"] is not None])
            idle = median([r["idle"] for r in runs])
            k = median(kernel)
            share = f"{k / idle:.0%}" if kernel else ""
            print(
                f"| {label} | {'' if not kernel else f'{k:.1f}'} | "
                f"{'' if hm != hm else f'{hm:.0f}'} | {'' if pl != pl else f'{pl:.0f}'} "
                f"| {idle:.0f} | {share} |"
            )
        print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        unexpected = errors.unexpected()
        print(f"page errors: {len(unexpected)} unexpected")
        for line in unexpected:
            print(f"  {line}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
