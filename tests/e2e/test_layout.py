"""The explorer fits the page (issue 16): map and linked view side by side when the output is
wide enough, stacked below that, and nothing clipped or scrolled sideways at a laptop's size.

Measured as a user sees it, in both apps, JupyterLab with its file browser open: the
explorer's top scrolled to the top of the notebook area, the notebook's ``scrollLeft`` reset.
"""

from __future__ import annotations

import pytest

from .harness import set_theme

HEATMAP = ".usidw-heatmap"

SPECTRAL = """
import uuid
from usid_widgets import explorer, datasets
w = explorer(datasets.band_excitation(f"be-{uuid.uuid4().hex[:8]}.h5", size=(24, 32)))
w
"""

STEM = """
import uuid
from usid_widgets import explorer, datasets
w = explorer(datasets.four_d_stem(f"stem-{uuid.uuid4().hex[:8]}.h5", scan=(16, 20), detector=24))
w
"""

NSID = """
import uuid, warnings
import h5py, numpy as np, sidpy, pyNSID
from usid_widgets import explorer
ds = sidpy.Dataset.from_array(np.random.default_rng(0).random((32, 24, 64)), title="EELS")
ds.data_type, ds.quantity, ds.units = "SPECTRAL_IMAGE", "Intensity", "counts"
for i, (name, units, n, kind) in enumerate(
    [("x", "nm", 32, "SPATIAL"), ("y", "nm", 24, "SPATIAL"), ("energy", "eV", 64, "SPECTRAL")]
):
    ds.set_dimension(i, sidpy.Dimension(np.arange(n) * 0.5, name=name, units=units,
                                        quantity=name, dimension_type=kind))
path = f"nsid-{uuid.uuid4().hex[:8]}.h5"
with h5py.File(path, "w") as f, warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    pyNSID.hdf_io.write_nsid_dataset(ds, f.create_group("Measurement_000"), main_data_name="EELS")
w = explorer(path)
w
"""

CURVE = """
import uuid
from usid_widgets import explorer, datasets
w = explorer(datasets.force_curve(f"curve-{uuid.uuid4().hex[:8]}.h5", n_points=512))
w
"""

# Scrolls the explorer's top to the top of the notebook's scroller (the first scrolling
# ancestor that is not an ipywidgets box), or its bottom to the scroller's bottom, resets
# every scrollLeft above it, and returns the boxes (viewport coordinates) and the overflows
# of the parts a user must see.
MEASURE = r"""
(atBottom) => {
  const root = document.querySelector(".usidw-explorer");
  let scroller = root.parentElement;
  while (scroller && (scroller.classList.contains("jupyter-widgets") ||
         !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY) ||
         scroller.scrollHeight <= scroller.clientHeight)) {
    scroller = scroller.parentElement;
  }
  if (scroller) {
    const [r, s] = [root.getBoundingClientRect(), scroller.getBoundingClientRect()];
    scroller.scrollTop += atBottom ? r.bottom - s.bottom : r.top - s.top;
  }
  for (let e = root; e; e = e.parentElement) if (e.scrollLeft) e.scrollLeft = 0;
  const rect = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
             height: r.height };
  };
  const over = (el) => ({ sw: el.scrollWidth, cw: el.clientWidth });
  const part = (el, name) => el ? { name, box: rect(el), ...over(el) } : null;
  const center = root.querySelector(".usidw-center");
  const views = root.querySelector(".usidw-views");
  const maps = [...views.querySelectorAll(".usidw-heatmap")].filter((e) => e.offsetParent);
  const spectrum = views.querySelector(".usidw-spectrum");
  const fig = spectrum && spectrum.querySelector(".bqplot.figure");
  const svgs = fig ? [...fig.children].filter((e) => e.tagName.toLowerCase() === "svg") : [];
  const title = root.querySelector(".usidw-header-title");
  const status = root.querySelector(".usidw-status");
  return {
    viewport: { width: innerWidth, height: innerHeight },
    top: scroller ? scroller.getBoundingClientRect().top : 0,
    bottom: scroller ? scroller.getBoundingClientRect().bottom : innerHeight,
    root: part(root, "root"),
    title: { ...part(title, "title"), text: title.textContent,
             tooltip: title.querySelector(".widget-html-content [title]")?.title,
             css: ((c) => [c.whiteSpace, c.textOverflow, c.overflowX])(
               getComputedStyle(title.querySelector(".widget-html-content"))) },
    status: { text: status.textContent, shown: !!status.offsetParent },
    controls: part(center.firstElementChild, "controls"),
    views: part(views, "views"),
    sliders: part(root.querySelector(".usidw-sliders"), "sliders"),
    viewCount: views.children.length,
    maps: maps.map((hm, i) => ({
      ...part(hm, `heatmap ${i}`),
      parts: ["usidw-colorbar", "usidw-xaxis", "usidw-yaxis", "usidw-stack", "usidw-toolbar"]
        .map((c) => ({ name: c, box: rect(hm.querySelector("." + c)) })),
      message: !!hm.querySelector(".usidw-message:not([hidden])"),
      readout: ((r) => ({ text: r.textContent, sw: r.scrollWidth, cw: r.clientWidth,
                          sh: r.scrollHeight, ch: r.clientHeight }))(
        hm.querySelector(".usidw-readout")),
    })),
    plot: spectrum ? {
      ...part(spectrum, "plot"), fig: part(fig, "figure"),
      axes: [...fig.querySelectorAll("g.axis")]
        .map((a, i) => ({ name: `plot axis ${i}`, box: rect(a) })),
      // bqplot lays a figure out again only while it is on screen
      visible: ((f, s) => f.top >= s.top - 1 && f.bottom <= s.bottom + 1)(
        fig.getBoundingClientRect(),
        scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: innerHeight }),
      laidOut: svgs.length > 0 && svgs.every((e) => {
        const r = e.getBoundingClientRect();
        return Math.abs(r.width - fig.clientWidth) < 2 && Math.abs(r.height - fig.clientHeight) < 2;
      }),
    } : null,
  };
}
"""

THEMES = ("JupyterLab Light", "JupyterLab Dark")


def _wait_drawn(page, count: int) -> None:
    page.wait_for_function(
        """([sel, n]) => [...document.querySelectorAll(sel)]
            .filter((e) => e.dataset.mode === "grid").length >= n""",
        arg=[HEATMAP, count],
    )


SIZES = ((1024, 768), (1400, 1000), (1600, 1000))


def _measure(page, at_bottom: bool = False) -> dict:
    """The layout once it has settled, the explorer's top (or bottom) at the notebook area's:
    two measures 400 ms apart equal (the heatmaps redraw at their new size, bqplot relays out
    300 ms after a resize) and bqplot's svg the size of its figure when it is on screen."""
    page.wait_for_function(
        """([measure, atBottom]) => {
            const m = JSON.stringify((0, eval)(measure)(atBottom));
            const same = m === window.__usidwLast;
            window.__usidwLast = m;
            const plot = JSON.parse(m).plot;
            return same && (!plot || !plot.visible || plot.laidOut);
        }""",
        arg=[MEASURE, at_bottom],
        polling=400,
        timeout=15_000,
    )
    return page.evaluate(MEASURE, at_bottom)


def _measure_all(page, screenshot, name: str) -> list[dict]:
    """Measures (and screenshots) with the explorer's top at the top of the notebook area,
    and with its bottom at the bottom when it is taller than that area."""
    found = [_measure(page)]
    screenshot(name)
    if found[0]["root"]["box"]["bottom"] > found[0]["bottom"] + 1:
        found.append(_measure(page, at_bottom=True))
        screenshot(f"{name}-bottom")
    # a plot is checked where it is on screen (bqplot lays out only what is seen)
    assert all(m["plot"] is None for m in found) or any(m["plot"]["visible"] for m in found)
    return found


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def _check_fits(m: dict, where: str) -> None:
    """Nothing clipped, nothing to scroll sideways: every part's content within its box, the
    colorbar and the axes inside their view and the viewport's width."""
    screen = {"left": 0, "right": m["viewport"]["width"], "top": -1e9, "bottom": 1e9}
    parts = [m["root"], m["controls"], m["views"], m["sliders"], *m["maps"]]
    if m["plot"] and m["plot"]["visible"]:
        # bqplot lays a figure out again (to a new width) only while it is on screen: off
        # screen its SVG keeps the width of before a resize, which no one sees; it is
        # checked in the measurement where it is seen (_measure_all asserts there is one)
        parts += [m["plot"], m["plot"]["fig"]]
    for p in parts:
        assert p["sw"] <= p["cw"], f"{where}: {p['name']} scrolls sideways ({p['sw']} > {p['cw']})"
        assert _inside(p["box"], screen), f"{where}: {p['name']} leaves the window {p['box']}"
    for hm in m["maps"]:
        assert _inside(hm["box"], m["views"]["box"]), f"{where}: {hm['name']} outside the views"
        for q in hm["parts"]:
            if q["name"] == "usidw-toolbar":
                continue  # its own width: another part of issue 16
            assert q["box"] and q["box"]["width"] > 0, f"{where}: {hm['name']} has no {q['name']}"
            assert _inside(q["box"], hm["box"]), (
                f"{where}: {hm['name']} cuts {q['name']}: {q['box']}"
            )
        r = hm["readout"]
        assert r["text"] and r["sw"] <= r["cw"] and r["sh"] <= r["ch"], f"{where}: readout cut {r}"
    if m["plot"]:
        assert _inside(m["plot"]["box"], m["views"]["box"]), f"{where}: plot outside the views"
        assert len(m["plot"]["axes"]) == 2, where
        for q in m["plot"]["axes"] if m["plot"]["visible"] else []:
            assert _inside(q["box"], m["plot"]["fig"]["box"]), (
                f"{where}: {q['name']} cut: {q['box']}"
            )
    # the header: one line, cut at the end with the whole title as its tooltip
    title = m["title"]
    assert title["text"] and title["tooltip"] == title["text"], where
    assert title["css"] == ["nowrap", "ellipsis", "hidden"], where
    assert title["box"]["height"] <= 32, f"{where}: the title on two lines"
    assert title["box"]["right"] <= m["root"]["box"]["right"] + 1, f"{where}: title runs off"
    assert not m["status"]["shown"] and not m["status"]["text"], f"{where}: empty status shown"


def _check_together(m: dict, where: str) -> None:
    """Map and linked view side by side, and both with the sliders within the notebook's
    area (the window less the app's bars)."""
    a, b = m["maps"][0]["box"], (m["maps"][1] if len(m["maps"]) > 1 else m["plot"])["box"]
    assert a["top"] < b["bottom"] and b["top"] < a["bottom"], f"{where}: stacked: {a} {b}"
    assert a["right"] <= b["left"] or b["right"] <= a["left"], f"{where}: overlap: {a} {b}"
    window = {
        "left": 0,
        "right": m["viewport"]["width"],
        "top": m["top"] - 1,
        "bottom": m["bottom"],
    }
    for name, box in (("map", a), ("linked view", b), ("sliders", m["sliders"]["box"])):
        assert _inside(box, window, 0), f"{where}: the {name} is not in the window: {box}"


@pytest.mark.parametrize(
    ("cells", "linked"),
    [(SPECTRAL, "plot"), (STEM, "second"), (NSID, "plot")],
    ids=["2+1", "2+2", "nsid"],
)
def test_map_and_linked_view_fit_the_page(
    open_notebook, page, page_errors, screenshot, cells, linked
):
    # the sizes of issue 16, JupyterLab with its file browser open (the default)
    session = open_notebook([cells])
    session.run_all()
    _wait_drawn(page, 2 if linked == "second" else 1)
    for theme in THEMES:
        set_theme(page, theme)
        slug = theme.split()[-1].lower()
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            where = f"{theme} {width}x{height}"
            found = _measure_all(page, screenshot, f"{slug}-{width}x{height}")
            for m in found:
                assert len(m["maps"]) == (2 if linked == "second" else 1), where
                assert (m["plot"] is not None) == (linked == "plot"), where
                _check_fits(m, where)
            if width >= 1400:
                _check_together(found[0], where)
    # the status line shows only while it has something to say
    status = page.locator(".usidw-explorer .usidw-status")
    session.execute("w.say('A note about this dataset.')")
    status.wait_for(state="visible")
    assert status.inner_text() == "A note about this dataset."
    session.execute("w.say('')")
    status.wait_for(state="hidden")
    page_errors.assert_clean()


def test_a_single_spectrum_takes_the_whole_row(open_notebook, page, page_errors, screenshot):
    session = open_notebook([CURVE])
    session.run_all()
    page.wait_for_selector(".usidw-views .usidw-spectrum .bqplot.figure")
    for theme in THEMES:
        set_theme(page, theme)
        slug = theme.split()[-1].lower()
        for width, height in (SIZES[0], SIZES[-1]):
            page.set_viewport_size({"width": width, "height": height})
            where = f"{theme} {width}x{height}"
            for m in _measure_all(page, screenshot, f"{slug}-{width}x{height}"):
                # no map and no message box beside the plot: the plot alone, as wide as the row
                assert m["viewCount"] == 1 and not m["maps"], where
                assert abs(m["plot"]["box"]["width"] - m["views"]["box"]["width"]) <= 1, where
                assert abs(m["plot"]["fig"]["box"]["height"] - 320) <= 1, where
                _check_fits(m, where)
    page_errors.assert_clean()
