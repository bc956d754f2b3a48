"""Two versions of the package opened side by side in one run: the open of the explorer, paired.

One run, printing medians and paired differences; a measurement, not a timed test.

``bench_first_paint.py`` times the open of one version; two runs of it, one per version, differ
by the machine's drift between them (50-90 ms between runs of the same code here), which hides
a change of 20-30 ms. This script opens both versions in the same server and browser, in turn:
notebook A's kernel imports the package from ``--before`` (a checkout, e.g.
``git worktree add --detach /tmp/before <rev>``), notebook B's from this repository, each in
its own browser page. Every round opens each file once in A and once in B (which goes first
alternates), so each pair of opens shares the machine's state.

Per open it records, besides the times of ``bench_first_paint.py`` (from running the cell to
the heatmap drawn, the plot drawn, and the kernel idle with all drawn), the page's main-thread
work from Chromium's ``Performance.getMetrics`` (DevTools protocol): script, layout and style
recalculation time, and the number of layouts and style recalculations. These count work done
rather than time waited, so they move much less with the machine's load.

Run: ``python benchmarks/bench_open_ab.py --before /tmp/before [--rounds 10]
[--only image spectral nd-complex]``.
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
sys.path.append(str(REPO))  # for tests.e2e.harness and bench_first_paint

from bench_first_paint import RUN_AND_WATCH, SECOND, SMALL  # noqa: E402

from tests.e2e.harness import (  # noqa: E402
    ErrorCollector,
    JupyterServer,
    NotebookSession,
    find_chromium,
    launch_chromium,
)

SETUP = """
import sys, time
sys.path.insert(0, {tree!r})
import usid_widgets
assert usid_widgets.__file__.startswith({tree!r}), usid_widgets.__file__
from usid_widgets import explorer
sys.path.insert(0, {here!r})
import bench_explorer as B
import os
for name in {names!r}:
    if not os.path.exists(name + ".h5"):
        case = B.BY_NAME[name]
        (B.write_logical if case.logical else B.write_dense)(case, name + ".h5")
"""

OPEN = "w = explorer({path!r}); w"

# Logs every websocket message of the page: [time, direction, bytes, what, made by the kernel
# at]. The listener is added in the constructor, before JupyterLab sets ``onmessage``, so it
# sees a message first.
WS_LOG = """(() => {
  const log = [];
  window.__usidwWs = log;
  const Native = window.WebSocket;
  const size = (d) => (typeof d === 'string' ? d.length : (d.byteLength ?? d.size ?? 0));
  // what a message is, from the kernel websocket protocol v1 (offsets, then channel, header,
  // parent header, metadata, content, buffers) or v0 (one JSON text)
  const describe = (d) => {
    try {
      let header, content;
      if (typeof d === 'string') {
        const m = JSON.parse(d);
        header = m.header; content = m.content;
      } else {
        const view = new DataView(d);
        const n = Number(view.getBigUint64(0, true));
        const at = (i) => Number(view.getBigUint64(8 * (i + 1), true));
        const text = (i) => new TextDecoder().decode(new Uint8Array(d, at(i), at(i + 1) - at(i)));
        header = JSON.parse(text(1));
        content = n > 5 ? JSON.parse(text(4)) : {};
      }
      const data = content.data || {};
      const bits = [header.msg_type];
      if (content.execution_state) bits.push(content.execution_state);
      if (data.method) bits.push(data.method);
      if (content.comm_id) bits.push(content.comm_id.slice(0, 8));
      if (data.state) {
        const keys = Object.keys(data.state).filter((k) => !k.startsWith('_'));
        bits.push(keys.slice(0, 6).join(','));
      }
      if (data.state && data.state._model_name) bits.push(data.state._model_name);
      if (data.content && data.content.type) bits.push(data.content.type);
      if (content.text) bits.push(JSON.stringify(content.text).slice(0, 100));
      // when the kernel made it, on the page's clock (one machine, one clock)
      const made = Date.parse(header.date) - performance.timeOrigin;
      return [bits.join(' '), made];
    } catch (err) {
      return ['?', NaN];
    }
  };
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      const seen = (e) => log.push([performance.now(), 'in', size(e.data), ...describe(e.data)]);
      this.addEventListener('message', seen);
    }
    send(d) {
      log.push([performance.now(), 'out', size(d), ...describe(d)]);
      return super.send(d);
    }
  };
})();"""

# From the first message sent (the execute request) on: messages in and out, when the last one
# came in, and when the kernel made its execute_reply (its own time).
WS_SUMMARY = """(mark) => {
  const log = window.__usidwWs.slice(mark);
  const first = log.find((m) => m[1] === 'out');
  if (!first) return null;
  const ins = log.filter((m) => m[1] === 'in');
  return {
    wsIn: ins.length, wsOut: log.length - ins.length,
    wsBytes: ins.reduce((s, m) => s + m[2], 0),
    lastIn: ins.length ? ins[ins.length - 1][0] - first[0] : null,
    kernel: (() => {
      const reply = ins.find((m) => m[3].startsWith('execute_reply'));
      return reply ? reply[4] - first[0] : null;
    })(),
    messages: log.map((m) => [
      Math.round(m[0] - first[0]), Math.round(m[4] - first[0]), m[1], m[2], m[3],
    ]),
  };
}"""

# DevTools metrics that count the page's work (seconds, or counts)
METRICS = (
    "ScriptDuration",
    "LayoutDuration",
    "RecalcStyleDuration",
    "LayoutCount",
    "RecalcStyleCount",
    "TaskDuration",
)


def metrics(cdp) -> dict[str, float]:
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: got.get(name, 0.0) for name in METRICS}


def where(frame: dict) -> str:
    """A profile node's function, named by its script: the package's bundle is loaded by
    anywidget from a blob: URL."""
    url = frame.get("url", "")
    if url.startswith("blob:"):
        src = "bundle"
    elif url:
        src = url.rsplit("/", 1)[-1].split("?")[0][:40]
    else:
        src = ""
    name = frame.get("functionName") or "(anonymous)"
    return (
        f"{src}:{name}:{frame.get('lineNumber', 0)}:{frame.get('columnNumber', 0)}" if src else name
    )


def self_times(profile: dict) -> dict[str, float]:
    """ms of self time per function of a DevTools CPU profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    out: dict[str, float] = {}
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        key = where(nodes[node_id]["callFrame"])
        out[key] = out.get(key, 0.0) + delta / 1e3
    return out


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="checkout of the version to compare")
    parser.add_argument("--after", default=str(REPO), help="checkout of B (this one)")
    parser.add_argument("--rounds", type=int, default=10, help="opens per file and version")
    parser.add_argument("--only", nargs="+", default=list(SMALL), help="files of bench_explorer")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the page's JavaScript (DevTools Profiler) and print where "
        "B spends more than A, summed over the opens",
    )
    parser.add_argument(
        "--dump",
        action="store_true",
        help="print every websocket message of the last open of each version",
    )
    args = parser.parse_args(argv)
    before = str(Path(args.before).resolve())
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium is not installed")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="usid_bench_open_ab_"))
    try:
        with JupyterServer("lab", tmp / "server") as server, sync_playwright() as pw:
            browser = launch_chromium(pw, tmp / "chromium-env", chromium)
            print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
            print(
                f"machine: {platform.platform()}, {os.cpu_count()} cores; "
                f"chromium {browser.version}, JupyterLab"
            )
            after = str(Path(args.after).resolve())
            print(f"A = {before}, B = {after}")
            print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
            sides = {}
            for label, tree in (("A", before), ("B", after)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.set_default_timeout(120_000)
                context.add_init_script(WS_LOG)
                page = context.new_page()
                errors = ErrorCollector().attach(page)
                setup = SETUP.format(tree=tree, here=str(HERE), names=tuple(args.only))
                server.write_notebook(f"{label}.ipynb", [setup, "pass"])
                session = NotebookSession(page, server, f"{label}.ipynb").open()
                session.run_all(timeout=300)
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable")
                sides[label] = (page, session, cdp, errors)

            def open_once(label: str, name: str) -> dict:
                page, session, cdp, _ = sides[label]
                page.bring_to_front()
                m0 = metrics(cdp)
                mark = page.evaluate("window.__usidwWs.length")
                if args.profile:
                    cdp.send("Profiler.enable")
                    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
                    cdp.send("Profiler.start")
                got = session._eval(
                    RUN_AND_WATCH,
                    {
                        "name": f"{label}.ipynb",
                        "code": OPEN.format(path=f"{name}.h5"),
                        "plot": SECOND.get(name, "line"),
                        "timeoutMs": 60_000,
                    },
                )
                if got.get("timeout"):
                    sys.exit(f"{label} {name}: not drawn within 60 s: {got}")
                m1 = metrics(cdp)
                if args.profile:
                    got["profile"] = self_times(cdp.send("Profiler.stop")["profile"])
                got.update({k: m1[k] - m0[k] for k in METRICS})
                got.update(page.evaluate(WS_SUMMARY, mark) or {})
                return got

            results: dict[tuple[str, str], list[dict]] = {}
            for name in args.only:
                for label in "AB":  # warm imports and caches, not counted
                    open_once(label, name)
                for r in range(args.rounds):
                    for label in "AB" if r % 2 == 0 else "BA":
                        results.setdefault((name, label), []).append(open_once(label, name))
            if args.profile:
                for name in args.only:
                    total = {}
                    for label, sign in (("A", -1), ("B", 1)):
                        for run in results[(name, label)]:
                            for key, ms in run["profile"].items():
                                total[key] = total.get(key, 0.0) + sign * ms / args.rounds
                    by_script = {}
                    for key, ms in total.items():
                        script = key.split(":")[0] if ":" in key else key
                        by_script[script] = by_script.get(script, 0.0) + ms
                    print(f"\n{name}: B - A, self ms per open, by script")
                    for key, ms in sorted(by_script.items(), key=lambda kv: -abs(kv[1]))[:12]:
                        print(f"  {ms:+7.1f} {key}")
                    print(f"{name}: B - A, self ms per open, by function")
                    for key, ms in sorted(total.items(), key=lambda kv: -abs(kv[1]))[:25]:
                        print(f"  {ms:+7.1f} {key}")
            if args.dump:
                for (name, label), runs in results.items():
                    print(
                        f"\n{name} {label}: ms after the execute request: received, made "
                        "by the kernel; direction, bytes, what"
                    )
                    for t, made, way, size, what in runs[-1]["messages"]:
                        print(
                            f"  {t:6d} {made if made is not None else '':>6} {way:3s} "
                            f"{size:8d} {what}"
                        )
            for _, _, _, errors in sides.values():
                for line in errors.unexpected():
                    print(f"  page error: {line}")
            server.shutdown_sessions()
            browser.close()

        print(f"\nmedians over {args.rounds} paired opens (ms; counts for *Count):")
        cols = [
            "heatmap",
            "plot",
            "idle",
            "kernel",
            "lastIn",
            "wsIn",
            "wsOut",
            "wsBytes",
            "ScriptDuration",
            "LayoutDuration",
            "RecalcStyleDuration",
            "TaskDuration",
            "LayoutCount",
            "RecalcStyleCount",
        ]
        print("| file | version | " + " | ".join(cols) + " |")
        print("|---|---|" + "---|" * len(cols))
        for name in args.only:
            for label in "AB":
                runs = results[(name, label)]
                cells = []
                for c in cols:
                    vals = [r[c] for r in runs if r.get(c) is not None]
                    v = median(vals)
                    scale = 1e3 if c.endswith("Duration") else 1
                    cells.append("" if v != v else f"{v * scale:.1f}")
                print(f"| {name} | {label} | " + " | ".join(cells) + " |")
            pa, pb = results[(name, "A")], results[(name, "B")]
            diffs = [b["idle"] - a["idle"] for a, b in zip(pa, pb, strict=True)]
            work = [
                1e3 * (b["TaskDuration"] - a["TaskDuration"]) for a, b in zip(pa, pb, strict=True)
            ]
            kern = [b["kernel"] - a["kernel"] for a, b in zip(pa, pb, strict=True)]
            print(
                f"| {name} | B - A, median of pairs | | | {median(diffs):+.1f} "
                f"| {median(kern):+.1f} | | | | | | | | {median(work):+.1f} | | |"
            )
        print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
