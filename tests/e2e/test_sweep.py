"""Every file we know of, every control the explorer shows for it, in a real browser.

Issue 6 ("bad input, hostile input"): ``tests/test_robustness.py`` drives every control from
Python; this drives them the way a user does, through the DOM of JupyterLab / Notebook 7, for
every file of the broken-file catalogue (``tests/broken_files.py``), every invalid-rule file and
every valid catalogue file (``tests/usid_fixtures.py``) and every real file of
``../shared/usid_data`` (when that folder exists).

One notebook per app: its first cell writes all the files once (each under a unique name) and
collects every error the kernel logs or shows outside a cell (exceptions in comm handlers,
widget callbacks); its second cell is re-run for each file with ``w = explorer(path)``, in
the same output area, as a user re-running a cell would (which also closes the explorer the
cell made before). For each file the test then operates what the widget shows, and only that:

* the tree: expands collapsed groups, focuses a plain dataset (its attributes), and switches
  to another Main dataset where there is one (first, when the file's own dataset is only a
  message: for an invalid rule, the valid neighbour is then explored);
* the heatmap toolbar: colormap (a diverging and a sequential one), reverse, every scale,
  contrast manual then auto, typed maximum and minimum, lock, drag mode (there is no
  percentile control in the toolbar: the automatic percentiles are set from Python once,
  which the browser must redraw);
* the image: a click, arrow keys (Shift too); on a grid also a shift + drag rectangle cleared
  by "Clear region", a lasso cleared by Escape, a zoom box, a pan, a double-click back to the
  whole image, Ctrl + wheel and "Reset zoom"; the same on a second heatmap (the plane of
  2 + 2 dimensional data);
* the spectrum: a click on a step, the "sum interval" mode with a brushed interval,
  back to "select step";
* the sliders: a keyboard step (in JupyterLab's command mode), frames per second, play until
  the index moves, pause;
* the dropdowns last (they re-lay the views out): image rows / columns, plot (none, then a
  dimension), component (every one), plot x (index, values); a message-only widget offers
  only the ones that have options.

The invalid-rule files after the first get their own dataset and the tree only: the valid
neighbour they switch to is the same dataset in every one of them.

After each file: no unexpected page error, no error logged by the kernel, ``w.message`` says
nothing of an unreadable view, a message names the dataset it is about, the widget is not
blank (a drawn frame, ``data-mode`` grid or points, or a visible message text), the browser and
Python agree on the colour mapping, the typed limits and the slider index (which also proves
the kernel still answers), every region and zoom cleared in the browser is gone in Python, and
no injected script ran. After the sweep every file's sha256 is unchanged. A problem with one
file is recorded and the sweep goes on (up to six files), so one run reports them together.

Runtime (two cores): JupyterLab sweeps every file (about 64) in about 2 to 2.5 minutes;
Notebook 7 runs the same code on a representative subset (:data:`NOTEBOOK_SUBSET`) in about
one minute, to keep CI within its time budget.

Debugging: ``E2E_SWEEP_ONLY=broken-strings,real-sparse_sampling`` sweeps only those files,
``E2E_SWEEP_TIMES=1`` prints what was operated on each file and how long it took,
``E2E_SWEEP_SNAPSHOTS=1`` keeps DOM snapshots in the trace (twice as slow). A screenshot of
the explorer after each file is in ``test-artifacts/<test name>/<file key>.png``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
import traceback
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .harness import KNOWN_ERRORS, artifact_dir, sanitize

TESTS_DIR = Path(__file__).resolve().parents[1]
#: The real files, found as ``tests/conftest.py`` finds them (``real_data``).
REAL_DATA = (TESTS_DIR.parent / ".." / "shared" / "usid_data").resolve()

#: Files swept in Notebook 7 (keys as written by :data:`SETUP`), each kind of widget once;
#: JupyterLab sweeps them all.
NOTEBOOK_SUBSET = (
    "broken-empty_rows",  # message only
    "broken-strings",  # message only: values that are not numbers
    "broken-with_inf",  # +-inf and NaN in the image and the plot
    "broken-hostile_names",  # markup and control characters in every name
    "broken-enormous_indices",  # a position x step image, dependent dimension
    "invalid-several",  # an invalid rule, then the valid neighbour from the tree
    "catalogue-sparse_attr",  # a point cloud
    "catalogue-complex64",  # components
    "catalogue-compound3",  # compound fields
    "catalogue-four_spec",  # N-d: sliders
    "catalogue-single_curve",  # the plot alone
    "catalogue-shared",  # several Main datasets
    "sample-four_d_stem",  # map and diffraction plane
    "real-sparse_sampling",  # a real file with results groups
    "real-simulated_STEM_Image",  # a real image
)

SETUP = r"""
import json, logging, os, shutil, sys, traceback
from pathlib import Path

sys.path.insert(0, {tests!r})
import broken_files, usid_fixtures
from usid_widgets import explorer

# Errors the user would not see in a cell: exceptions in comm handlers are logged (logger
# "Comm"), exceptions in widget callbacks are shown with showtraceback in the log console.
sweep_errors = []

class _Collect(logging.Handler):
    def emit(self, record):
        sweep_errors.append(self.format(record))

logging.getLogger().addHandler(_Collect(logging.ERROR))
_ip = get_ipython()
_showtraceback = _ip.showtraceback

def _record_traceback(*args, **kwargs):
    sweep_errors.append(traceback.format_exc())
    return _showtraceback(*args, **kwargs)

_ip.showtraceback = _record_traceback

root = Path("sweep-data").resolve()
work = root / "make"
FILES = []

def _add(group, name, path, dataset, expect):
    dest = root / f"{{group}}-{{name}}.h5"  # unique: the title names the file
    os.replace(path, dest)
    FILES.append(dict(key=f"{{group}}-{{name}}", path=str(dest), dataset=dataset, expect=expect))

for name, make in broken_files.MAKERS.items():
    (work / name).mkdir(parents=True)
    path, dataset, expect = make(work / name)
    _add("broken", name, path, dataset, expect)
for name, case in usid_fixtures.build_invalid(work / "invalid").items():
    _add("invalid", name, case.path, case.dataset, "message")
for name, case in usid_fixtures.build_catalogue(work / "catalogue").items():
    _add("catalogue", name, case.path, None, "draw")
# The package's own 4D-STEM sample: uint16 counts on a 2 + 2 grid, map and diffraction plane.
from usid_widgets import datasets
(work / "sample").mkdir()
_add("sample", "four_d_stem", datasets.four_d_stem(work / "sample" / "s.h5", scan=8, detector=12),
     None, "draw")
shutil.rmtree(work)
real = Path({real!r})
for path in sorted(real.glob("*.h5")) if real.is_dir() else []:
    FILES.append(dict(key="real-" + path.stem, path=str(path), dataset=None, expect="draw"))
"""

#: Python's side of the final check of each file, printed as one JSON line.
STATE = """
import json as _json
_h = w.heatmap
print(_json.dumps(dict(
    md=w.md is not None, dataset=w.dataset, message=w.message, colormap=_h.colormap,
    reverse=_h.reverse_colormap, scale=_h.scale, clim=_h.clim, lock=_h.lock_clim,
    sliders={{k: v for k, v in w.sliders.index.items() if k not in w.sliders.hidden}},
    index=w.index, errors=sweep_errors[{start}:],
    regions={{k: v for k, v in dict(
        roi=w.roi, interval=w.interval, zoom=w.zoom,
        roi_mask=w.roi_mask is not None or None, interval_mask=w.interval_mask is not None or None,
    ).items() if v}},
)))
"""

EXPLORER = ".usidw-explorer"

#: A JS function of the explorer element: what it shows, for the test to decide what to do.
INVENTORY = """(ex) => {
  const shown = (e) => {
    if (!e || e.hidden || !e.isConnected) return false;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    for (let n = e; n && n !== ex.parentElement; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden") return false;
    }
    return true;
  };
  const heatmaps = [...ex.querySelectorAll(".usidw-heatmap")].map((h) => {
    const msg = h.querySelector(".usidw-message");
    return {
      mode: h.dataset.mode || "", frameId: h.dataset.frameId || "", clim: h.dataset.clim || "",
      colormap: h.dataset.colormap, reverse: h.dataset.reverse, scale: h.dataset.scale,
      toolbar: shown(h.querySelector(".usidw-toolbar")),
      canvas: shown(h.querySelector("canvas[role=img]")),
      message: shown(msg) ? msg.textContent : null,
    };
  });
  const dropdowns = {};
  for (const dd of ex.querySelectorAll(".widget-dropdown")) {
    const label = dd.querySelector("label");
    const sel = dd.querySelector("select");
    if (!label || !sel) continue;
    dropdowns[label.textContent] = {
      shown: shown(sel), id: sel.id, value: sel.value,
      options: [...sel.options].map((o) => o.value),
    };
  }
  const sliders = [...ex.querySelectorAll(".usidw-sliders input[type=range]")]
    .filter(shown)
    .map((r) => ({name: r.getAttribute("aria-label"), value: Number(r.value), max: Number(r.max)}));
  const tree = [...ex.querySelectorAll("[role=treeitem]")].map((li) => {
    const row = li.querySelector(":scope > .usidw-node-row");
    return {
      path: li.dataset.path, group: li.hasAttribute("aria-expanded"),
      expanded: li.getAttribute("aria-expanded") === "true",
      dataset: li.classList.contains("usidw-kind-dataset"),
      main: !!(row && row.querySelector(".usidw-badge-usid")),
      viewable: li.classList.contains("usidw-viewable"),
      current: li.getAttribute("aria-selected") === "true",
    };
  });
  const figure = ex.querySelector(".bqplot.figure");
  return {
    heatmaps, dropdowns, sliders, tree,
    plot: !!figure && shown(figure),
    bars: figure && shown(figure) ? figure.querySelectorAll(".bar").length : 0,
    modeButtons: [...ex.querySelectorAll(".widget-toggle-button")].filter(shown).length,
    loading: !!ex.querySelector(".usidw-tree .usidw-loading"),
  };
}"""


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _unexpected(errors: list[tuple[str, str, str]]) -> list[str]:
    return [
        f"{kind}: {message}\n    at {where}"
        for kind, message, where in errors
        if not any(k.matches(kind, message, where) for k in KNOWN_ERRORS)
    ]


def run_cell(session, index: int, source: str, timeout: float = 60.0) -> None:
    """Replace the source of code cell ``index`` and run it (the app's own run-cell command),
    in its own output area; wait until it has run and the kernel is idle; raise on an error
    output."""
    session._eval(
        """async ({name, index, source}) => {
          const p = findPanel(name);
          window.jupyterapp.shell.activateById(p.id);
          const nb = p.content;
          const cell = nb.widgets[index];
          cell.model.sharedModel.setSource(source);
          cell.model.setMetadata("sweep_before", cell.model.executionCount ?? -1);
          nb.deselectAll();
          nb.activeCellIndex = index;
          nb.mode = "command";
          await window.jupyterapp.commands.execute("notebook:run-cell");
        }""",
        {"name": session.name, "index": index, "source": source},
    )
    state = session._wait(
        """({name, index}) => {
          const p = findPanel(name);
          const cell = p.content.widgets[index];
          for (const o of cell.model.outputs.toJSON()) {
            if (o.output_type === "error") {
              return {error: o.ename + ": " + o.evalue + "\\n" + o.traceback.join("\\n")};
            }
          }
          const n = cell.model.executionCount;
          const k = p.sessionContext.session.kernel;
          const ran = n !== null && n !== cell.model.getMetadata("sweep_before");
          return ran && k.status === "idle" ? {error: null} : false;
        }""",
        {"name": session.name, "index": index},
        timeout,
    )
    if state["error"]:
        raise AssertionError(f"cell {index} failed:\n{state['error']}")


#: What the sweep reads of the map when a dataset has none (a single spectrum: the plot alone).
NO_MAP = {"mode": "none", "toolbar": False, "canvas": False, "message": None}


class Sweep:
    """Drives one explorer on the page (the only one in the notebook)."""

    def __init__(self, page, session, entry: dict) -> None:
        self.page = page
        self.session = session
        self.entry = entry
        self.ex = page.locator(EXPLORER).first
        self.done = _Log()  # what was operated, for the failure message
        self.problems: list[str] = []  # what went wrong without stopping the sweep
        self.typed_clim: list[float] | None = None

    # -- looking --------------------------------------------------------------------------
    def inventory(self) -> dict:
        return self.ex.evaluate(INVENTORY)

    def wait_drawn(self, index: int = 0, not_id: str | None = None) -> None:
        """Wait until heatmap ``index`` shows a frame (grid, points or message) not ``not_id``."""
        self.page.wait_for_function(
            """([sel, i, old]) => {
              const ex = document.querySelector(sel);
              const h = ex && ex.querySelectorAll(".usidw-heatmap")[i];
              const id = h && h.dataset.frameId;
              return !!id && id !== old && ["grid", "points", "message"].includes(h.dataset.mode);
            }""",
            arg=[EXPLORER, index, not_id],
        )

    def wait_shown(self, not_id: str | None = None) -> None:
        """Wait until the explorer shows its view: the map's frame (not ``not_id``), or, for a
        dataset with no map (a single spectrum), the plot alone in the views row."""
        self.page.wait_for_function(
            """([sel, old]) => {
              const ex = document.querySelector(sel);
              if (!ex) return false;
              const h = ex.querySelector(".usidw-heatmap");
              if (h) return !!h.dataset.frameId && h.dataset.frameId !== old &&
                ["grid", "points", "message"].includes(h.dataset.mode);
              return !!ex.querySelector(".usidw-views .usidw-spectrum .bqplot.figure");
            }""",
            arg=[EXPLORER, not_id],
        )

    def wait_tree_loaded(self) -> None:
        self.page.wait_for_function(
            "(sel) => !document.querySelector(sel + ' .usidw-tree .usidw-loading')", arg=EXPLORER
        )

    def heatmap(self, i: int = 0):
        return self.ex.locator(".usidw-heatmap").nth(i)

    def tree_row(self, index: int):
        return (
            self.ex.locator("[role=treeitem]")
            .nth(index)
            .locator("xpath=./div[contains(@class, 'usidw-node-row')]")
        )

    # -- the tree ---------------------------------------------------------------------------
    def tree(self, max_expand: int = 4) -> list[str]:
        """Expand up to ``max_expand`` collapsed groups, focus a dataset a click does not
        show (strings, scalars); return the Main datasets that are not on screen."""
        for _ in range(max_expand):
            inv = self.inventory()
            closed = [i for i, t in enumerate(inv["tree"]) if t["group"] and not t["expanded"]]
            if not closed:
                break
            self.tree_row(closed[0]).click()
            self.wait_tree_loaded()
            self.done.append(f"expand {inv['tree'][closed[0]]['path']}")
        inv = self.inventory()
        plain = [i for i, t in enumerate(inv["tree"]) if t["dataset"] and not t["viewable"]]
        if plain:
            self.tree_row(plain[0]).click()
            self.ex.get_by_role("table", name="Attributes").or_(
                self.ex.locator(".usidw-details-empty")
            ).first.wait_for()
            self.done.append(f"focus {inv['tree'][plain[0]]['path']}")
        return [t["path"] for t in inv["tree"] if t["main"] and not t["current"]]

    def switch_to(self, path: str) -> None:
        inv = self.inventory()
        i = next(i for i, t in enumerate(inv["tree"]) if t["path"] == path)
        old = (inv["heatmaps"] or [NO_MAP])[0].get("frameId")
        self.tree_row(i).click()
        self.page.wait_for_function(
            """([sel, path]) => [...document.querySelectorAll(sel + " [role=treeitem]")]
                 .some((li) => li.dataset.path === path
                               && li.getAttribute("aria-selected") === "true")""",
            arg=[EXPLORER, path],
        )
        self.wait_shown(not_id=old)
        self.done.append(f"switch to {path}")

    # -- the heatmap ------------------------------------------------------------------------
    def toolbar(self, i: int = 0) -> None:
        hm = self.heatmap(i)
        cmap = hm.get_by_label("Colormap", exact=True)
        for name in ("coolwarm", "magma"):  # the diverging one, then a sequential one
            cmap.select_option(name)
        hm.get_by_label("Reverse colormap").check()
        scale = hm.get_by_label("Scale", exact=True)
        for name in ("log", "symlog", "linear"):
            scale.select_option(name)
        contrast = hm.get_by_label("Contrast", exact=True)
        contrast.select_option("manual")
        hm.get_by_label("Lock contrast").check()
        contrast.select_option("auto")
        # Typed limits: the lower half of the limits in force (finite, lo < hi).
        clim = self.inventory()["heatmaps"][i]["clim"]
        lo, hi = (float(v) for v in clim.split(",")) if clim else (0.0, 1.0)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            lo, hi = 0.0, 1.0
        mid = f"{lo + (hi - lo) / 2:.6g}"
        low = f"{lo:.6g}"
        if float(low) >= float(mid):
            low, mid = "0", "1"
        hm.get_by_label("Maximum").fill(mid)
        self.page.keyboard.press("Enter")
        hm.get_by_label("Minimum").fill(low)
        self.page.keyboard.press("Enter")
        self.typed_clim = [float(low), float(mid)]
        self.done.append(f"toolbar {i}")

    def shows(self, locator, what: str, state: str = "visible", timeout: float = 5.0) -> bool:
        """Wait until ``locator`` is in ``state``; record a problem (and go on) if it is not."""
        try:
            locator.wait_for(state=state, timeout=timeout * 1000)
            return True
        except PlaywrightTimeoutError:
            self.problems.append(f"{what}: not {state} within {timeout} s")
            return False

    def drag(self, canvas, path: list[tuple[float, float]], key: str | None = None) -> None:
        """Press at the first point of ``path`` (fractions of the canvas, scrolled into view
        first), move through the others, release; with ``key`` held down."""
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        at = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in path]
        self.page.mouse.move(*at[0])
        if key:
            self.page.keyboard.down(key)
        self.page.mouse.down()
        for x, y in at[1:]:
            self.page.mouse.move(x, y, steps=3)
        self.page.mouse.up()
        if key:
            self.page.keyboard.up(key)

    def image(self, i: int, mode: str) -> None:
        """Click and arrow keys; on a grid also: a shift + drag rectangle cleared by "Clear
        region", a lasso cleared by Escape, a zoom box, a pan, a double-click back to the
        whole image, Ctrl + wheel and "Reset zoom"."""
        hm = self.heatmap(i)
        canvas = hm.locator("canvas[role=img]")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        canvas.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.6})
        for key in ("ArrowRight", "ArrowDown", "Shift+ArrowLeft", "Shift+ArrowUp"):
            self.page.keyboard.press(key)  # the click focused the canvas
        self.done.append(f"image {i}: click, arrows")
        if mode != "grid":
            return
        clear = hm.get_by_role("button", name="Clear region")
        reset = hm.get_by_role("button", name="Reset zoom")
        drag_mode = hm.get_by_label("Drag mode")

        self.drag(canvas, [(0.2, 0.2), (0.8, 0.9)], key="Shift")
        # Python has the rectangle (as w.roi on position dims, w.interval on spectroscopic
        # ones) and keeps it on screen, with its Clear region button, until it is cleared.
        view = "w.heatmap" if i == 0 else "w.second"
        self.session.wait_for_kernel("w.roi is not None or w.interval is not None", "True")
        kept = self.session.execute(f"print({view}.roi, w.roi, w.interval)").strip()
        if kept.startswith("[] "):
            self.problems.append(
                f"image {i}: the rectangle dragged on it is not kept on screen: {view}.roi, "
                f"w.roi, w.interval = {kept}; its Clear region button vanishes with it"
            )
        elif self.shows(clear, f"image {i}: a rectangle region, its Clear region button"):
            clear.click()
            self.shows(clear, f"image {i}: Clear region clicked, the button", "hidden")
        self.done.append(f"image {i}: rectangle, Clear region")

        drag_mode.select_option("lasso")
        self.drag(canvas, [(0.1, 0.1), (0.9, 0.2), (0.5, 0.9), (0.1, 0.1)])
        if self.shows(clear, f"image {i}: a lasso region, its Clear region button"):
            canvas.focus()
            self.page.keyboard.press("Escape")
            self.shows(clear, f"image {i}: Escape pressed, Clear region", "hidden")
        self.done.append(f"image {i}: lasso, Escape")

        drag_mode.select_option("zoom")
        rows, cols = canvas.evaluate("(c) => [c.height, c.width]")
        if max(rows, cols) < 3:  # a window of 2 cells a side or more is the whole image
            return
        self.drag(canvas, [(0.1, 0.1), (0.45, 0.45)])
        if self.shows(reset, f"image {i}: a zoom box, Reset zoom"):
            drag_mode.select_option("pan")
            self.drag(canvas, [(0.6, 0.6), (0.3, 0.4)])
            canvas.dblclick()
            self.shows(reset, f"image {i}: double-clicked, Reset zoom", "hidden")
        drag_mode.select_option("zoom")
        self.done.append(f"image {i}: zoom box, pan, double-click")

        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        self.page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.3 * box["height"])
        self.page.keyboard.down("Control")
        self.page.mouse.wheel(0, -600)
        self.page.keyboard.up("Control")
        if self.shows(reset, f"image {i}: Ctrl + wheel, Reset zoom"):
            reset.click()
            self.shows(reset, f"image {i}: Reset zoom clicked, the button", "hidden")
        self.done.append(f"image {i}: Ctrl + wheel, Reset zoom")

    # -- the spectrum -----------------------------------------------------------------------
    def spectrum(self, n_bars: int) -> None:
        bars = self.ex.locator(".bqplot.figure .bar")
        k = n_bars // 3
        bars.nth(k).scroll_into_view_if_needed()
        bar = bars.nth(k).bounding_box()
        x, y = bar["x"] + bar["width"] / 2, bar["y"] + 0.2 * bar["height"]
        # The step whose column is uppermost there: where x folds back (a force curve's
        # approach and retract) two steps share a column.
        k = bars.evaluate_all(
            "(bars, [x, y]) => bars.indexOf("
            "document.elementsFromPoint(x, y).find((e) => bars.includes(e)))",
            [x, y],
        )
        # a column per step up to 256 steps; past that, the middle step of its run
        step = self.session.execute(
            "from usid_widgets.widgets.spectrum import hit_steps; "
            f"print(int(hit_steps(w.md.dim(w.plot_dim).size)[{k}]))"
        ).strip()
        self.page.mouse.click(x, y)
        self.kernel_says("w.index[w.plot_dim]", step, f"the click on column {k} of the plot")
        self.done.append(f"spectrum: click column {k}, step {step}")
        drag = self.ex.get_by_role("button", name="sum interval")
        if not drag.is_visible():
            return
        drag.click()
        overlay = self.ex.locator(".bqplot.figure .brushintsel .overlay")
        overlay.wait_for(state="attached")
        # From just inside the left end of the x range to beyond its right end (the brush
        # stops there): the last step is inside however few steps there are.
        box = overlay.bounding_box()
        y = box["y"] + 0.5 * box["height"]
        self.page.mouse.move(box["x"] + 0.05 * box["width"], y)
        self.page.mouse.down()
        self.page.mouse.move(box["x"] + 1.1 * box["width"], y, steps=4)
        self.page.mouse.up()
        # (Switching back before the brush reached Python can leave its interval applied:
        # the brush's update may be sent after the mode's; a user is slower than this.)
        self.kernel_says("w.interval is not None", "True", "an interval brushed on the plot")
        self.ex.get_by_role("button", name="select step").click()
        self.kernel_says("w.interval", "None", "back to click mode, the interval")
        self.done.append("spectrum: interval brushed, back to click mode")

    def kernel_says(self, expr: str, expected: str, what: str, timeout: float = 5.0) -> None:
        """Wait until Python prints ``expected`` for ``expr``; record a problem if it does not."""
        try:
            self.session.wait_for_kernel(expr, expected, timeout=timeout)
        except AssertionError as exc:
            self.problems.append(f"{what}: {exc}")

    # -- the sliders ------------------------------------------------------------------------
    def settle_sliders(self, timeout: float = 15.0) -> dict:
        """Wait until the sliders shown and Python's ``w.sliders.index`` agree; return them."""
        deadline = time.monotonic() + timeout
        code = (
            "print(json.dumps({k: v for k, v in w.sliders.index.items() "
            "if k not in w.sliders.hidden}))"
        )
        while True:
            py = json.loads(self.session.execute(code).strip())
            shown = {sl["name"]: sl["value"] for sl in self.inventory()["sliders"]}
            if shown == py:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"sliders {shown} never matched Python's {py}")

    def sliders(self) -> None:
        """A keyboard step on the first slider (checked in Python), then play and pause."""
        shown = self.settle_sliders()
        name, value = next(iter(shown.items()))
        size = next(sl["max"] for sl in self.inventory()["sliders"] if sl["name"] == name) + 1
        slider = self.ex.locator(".usidw-sliders input[type=range]").nth(0)
        self.session.enter_command_mode()  # where JupyterLab's shortcuts would take the keys
        slider.focus()
        key, step = ("ArrowLeft", -1) if value == size - 1 else ("ArrowRight", 1)
        self.page.keyboard.press(key)
        self.session.wait_for_kernel(f"w.sliders.index[{name!r}]", str(value + step), timeout=15)
        fps = self.ex.get_by_label("Frames per second")
        fps.fill("20")
        self.page.keyboard.press("Enter")
        before = slider.input_value()
        play = self.ex.get_by_role("button", name=f"Play {name}", exact=True)
        play.click()
        self.page.wait_for_function(
            "([el, v]) => el.value !== v", arg=[slider.element_handle(), before]
        )
        self.ex.get_by_role("button", name=f"Pause {name}", exact=True).click()
        self.done.append(f"slider {name}: key step, play, pause")

    # -- the dropdowns ----------------------------------------------------------------------
    def dropdowns(self) -> None:
        def select(label: str, value: str) -> None:
            dd = self.inventory()["dropdowns"].get(label)
            if not dd or not dd["shown"] or value not in dd["options"]:
                return
            self.ex.locator(f'select[id="{dd["id"]}"]').select_option(value)
            self.done.append(f"{label} = {value}")

        dds = self.inventory()["dropdowns"]
        for label in ("rows", "columns"):
            dd = dds.get(label)
            if dd and dd["shown"]:
                others = [o for o in dd["options"] if o != dd["value"]]
                if others:
                    select(label, others[-1])
        plot = self.inventory()["dropdowns"].get("plot")
        if plot and plot["shown"] and len(plot["options"]) > 1:
            select("plot", "none")
            select("plot", plot["options"][-1])
        comp = self.inventory()["dropdowns"].get("component")
        if comp and comp["shown"]:
            for value in [o for o in comp["options"] if o != comp["value"]]:
                select("component", value)
        select("plot x", "index")
        select("plot x", "values")


class _Log(list):
    """Steps done, each with the seconds since the previous one."""

    def __init__(self) -> None:
        super().__init__()
        self.t = time.monotonic()

    def append(self, step: str) -> None:
        now = time.monotonic()
        super().append(f"{step} ({now - self.t:.2f} s)")
        self.t = now


def _not_blank(inv: dict) -> str | None:
    """Why the widget looks blank, or None when it shows a frame or a readable message."""
    hms = inv["heatmaps"]
    if not hms:
        return None if inv["plot"] else "neither a heatmap nor a plot in the explorer"
    h = hms[0]
    if h["mode"] in ("grid", "points") and h["canvas"] and h["frameId"]:
        return None
    if h["mode"] == "message" and h["message"] and h["message"].strip():
        return None
    return f"blank heatmap: {h}"


def _sweep_one(
    page, session, entry: dict, page_errors, shots: Path, full: bool = True
) -> list[str]:
    """Open ``entry`` in the explorer cell and operate everything it shows; return problems.

    ``full=False`` (the invalid-rule files after the first): their own dataset and the tree
    are operated, but not the controls of the valid neighbour, which is the same dataset in
    every one of those files.
    """
    s = Sweep(page, session, entry)
    problems = s.problems
    n_errors = len(page_errors.errors)
    kernel_errors = int(session.execute("print(len(sweep_errors))").strip())
    dataset = f", dataset={entry['dataset']!r}" if entry["dataset"] else ""
    # the sweep operates the tree: unfolded at any width
    run_cell(session, 1, f"w = explorer({entry['path']!r}{dataset})\nw.tree.collapsed = False\nw")
    s.done.append("cell run")
    s.wait_shown()
    s.wait_tree_loaded()
    s.done.append("drawn")

    shown = session.execute("print(w.dataset)").strip()
    # a single spectrum is the plot alone: no map, no toolbar, nothing to colour
    first = (s.inventory()["heatmaps"] or [NO_MAP])[0]
    if entry["expect"] == "message" and shown not in (first["message"] or ""):
        problems.append(f"the message does not name {shown}: {first['message']!r}")
    if first["mode"] == "message":
        s.dropdowns()  # what a message-only widget offers: the ones with options
    others = [p for p in s.tree() if p != shown]
    if first["mode"] == "message" and others:
        s.switch_to(others.pop(0))  # an invalid rule: explore the valid neighbour
    inv = s.inventory()
    hms = inv["heatmaps"] or [NO_MAP]
    for i, h in enumerate(hms if full else []):
        if h["toolbar"] and i == 0:
            s.toolbar(0)
        elif h["toolbar"]:  # the second heatmap's toolbar is linked to the first's
            s.heatmap(i).get_by_label("Colormap", exact=True).select_option("plasma")
            s.done.append(f"toolbar {i}: colormap")
        if h["canvas"] and h["mode"] in ("grid", "points"):
            s.image(i, h["mode"])
    if full and hms[0]["toolbar"]:
        # No percentile control in the toolbar: set them from Python; the browser redraws.
        session.execute("w.auto_percentiles = [2.0, 98.0]")
    if full and inv["bars"]:
        s.spectrum(inv["bars"])
    if full and inv["sliders"]:
        s.sliders()
    if full:
        s.dropdowns()
    if others:
        s.switch_to(others[0])

    # Settle: Python and the browser agree on the colour mapping and on the sliders.
    deadline = time.monotonic() + 15
    while True:
        py = json.loads(session.execute(STATE.format(start=kernel_errors)).strip())
        inv = s.inventory()
        browser = {"sliders": {sl["name"]: sl["value"] for sl in inv["sliders"]}}
        python = {"sliders": py["sliders"]}
        if inv["heatmaps"]:  # the colour mapping, where there is a map to colour
            h = inv["heatmaps"][0]
            browser.update(colormap=h["colormap"], reverse=h["reverse"] == "true")
            browser["scale"] = h["scale"]
            python.update(colormap=py["colormap"], reverse=py["reverse"], scale=py["scale"])
        if browser == python or time.monotonic() > deadline:
            break

    if browser != python:
        problems.append(f"browser {browser} and Python {python} disagree")
    if py["errors"]:
        problems.append("the kernel logged errors:\n" + "\n".join(py["errors"]))
    if "Could not read" in py["message"]:
        problems.append(f"w.message: {py['message']}")
    if entry["expect"] == "draw" and not py["md"]:
        problems.append(f"expected a picture, got the message {py['message']!r}")
    if s.typed_clim is not None and py["md"]:
        if not (
            py["lock"]
            and py["clim"]
            and all(
                math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
                for a, b in zip(py["clim"], s.typed_clim, strict=True)
            )
        ):
            problems.append(f"typed limits {s.typed_clim} (locked) not in Python: {py}")
    if py["regions"]:
        problems.append(f"regions left in Python after clearing them all: {py['regions']}")
    blank = _not_blank(inv)
    if blank:
        problems.append(blank)
    if not page.evaluate("() => window.__pwned === undefined"):
        problems.append("an injected script ran")
    problems += _unexpected(page_errors.errors[n_errors:])
    s.done.append("checked")
    s.ex.screenshot(path=str(shots / f"{sanitize(entry['key'])}.png"))
    s.done.append("screenshot")
    if problems:
        problems.insert(0, "operated: " + "; ".join(s.done))
    if os.environ.get("E2E_SWEEP_TIMES"):
        print(entry["key"], "; ".join(s.done))
    return problems


def test_every_file_every_control(jupyter, open_notebook, page, page_errors, screenshot, test_name):
    started = time.monotonic()
    page.set_default_timeout(15_000)
    # Wide and tall enough for the image and the plot side by side, and the explorer whole
    # in each screenshot.
    page.set_viewport_size({"width": 1600, "height": 1800})
    if not os.environ.get("E2E_SWEEP_SNAPSHOTS"):
        # Thousands of actions: a DOM snapshot of the whole app per action would double the
        # time. The trace still lists every action (E2E_SWEEP_SNAPSHOTS=1 restores them).
        page.context.tracing.stop()
        page.context.tracing.start(snapshots=False, screenshots=False)
    setup = SETUP.format(tests=str(TESTS_DIR), real=str(REAL_DATA))
    session = open_notebook([setup, "w = None"])
    session.run_all()
    files = json.loads(session.execute("print(json.dumps(FILES))").strip())
    assert len(files) >= 59, [f["key"] for f in files]
    if jupyter.app == "notebook":
        files = [f for f in files if f["key"] in NOTEBOOK_SUBSET]
        missing_real = {k for k in NOTEBOOK_SUBSET if k.startswith("real-")}
        assert len(files) >= len(NOTEBOOK_SUBSET) - len(missing_real)
    only = os.environ.get("E2E_SWEEP_ONLY")  # "key,key": sweep just these (debugging)
    if only:
        files = [f for f in files if f["key"] in only.split(",")]
    digests = {f["path"]: _sha(f["path"]) for f in files}
    shots = artifact_dir(test_name)

    failures: dict[str, list[str]] = {}
    invalid_seen = False
    for entry in files:
        full = not (entry["key"].startswith("invalid-") and invalid_seen)
        invalid_seen = invalid_seen or entry["key"].startswith("invalid-")
        try:
            problems = _sweep_one(page, session, entry, page_errors, shots, full)
        except Exception as exc:  # a timeout or a failed cell: record, go on with the next
            where = traceback.extract_tb(exc.__traceback__)
            here = [f"line {f.lineno} ({f.name})" for f in where if f.filename == __file__]
            problems = [f"{type(exc).__name__}: {exc} at {', '.join(here)}"]
            try:
                page.screenshot(path=str(shots / f"{sanitize(entry['key'])}-failed.png"))
            except Exception:
                pass
        if problems:
            failures[entry["key"]] = problems
            if len(failures) >= 6:
                break
    screenshot("last-file")
    session.execute("w.close()")
    changed = [p for p, d in digests.items() if _sha(p) != d]
    elapsed = time.monotonic() - started
    print(f"swept {len(files)} files in {elapsed:.0f} s ({jupyter.app})")
    assert not failures, "\n\n".join(f"{k}:\n" + "\n".join(v) for k, v in failures.items())
    assert not changed, f"files changed by exploring them: {changed}"
    page_errors.assert_clean()
