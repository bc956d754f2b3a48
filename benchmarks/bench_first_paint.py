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

# Run cell 2 with ``code``; resolve with ms from the command to each sign of the explorer drawn.
RUN_AND_WATCH = """async ({name, code, plot, timeoutMs}) => {
  const p = findPanel(name);
  const cell = p.content.widgets[1];
  cell.model.sharedModel.setSource(code);
  p.content.activeCellIndex = 1;
  return await new Promise((resolve) => {
    const out = {heatmap: null, plot: null, idle: null};
    let t0 = null;
    const kernel = p.sessionContext.session.kernel;
    const check = () => {
      if (t0 === null) return;
      const now = performance.now();
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
      if (drawn && kernel.status === 'idle' && cell.model.executionCount !== null) {
        out.idle = now - t0;
        observer.disconnect();
        resolve(out);
      } else if (now - t0 > timeoutMs) {
        observer.disconnect();
        resolve({...out, timeout: true});
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(cell.node, {subtree: true, childList: true, attributes: true});
    kernel.statusChanged.connect(check);
    cell.model.outputs.clear();
    t0 = performance.now();
    window.jupyterapp.commands.execute('notebook:run-cell');
  });
}"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=5, help="opens per file (5)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("image", "spectral", "spectral-gzip", "4d-stem", "nd-complex", "logical-64g"),
        default=list(SMALL),
        help="files of bench_explorer.py (default: the small ones)",
    )
    args = parser.parse_args(argv)
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
