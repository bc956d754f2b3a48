"""Both themes, read as a user reads them: every text of the explorer (tree with its selected
row, attribute table, heatmaps, colorbar, axes, readouts, sliders, bqplot's axes and title)
meets WCAG AA contrast in JupyterLab Light and Dark, at a laptop's and a desktop's size, on a
map + plot (2+1) and a map + diffraction plane (2+2) dataset, and a results group not computed
yet (its message box). Screenshots of each case are
saved (``E2E_KEEP_ARTIFACTS=1``) to be looked at.
"""

from __future__ import annotations

import pytest

from .contrast import contrast_report, low_contrast
from .harness import set_theme

THEMES = ("JupyterLab Light", "JupyterLab Dark")

DATASETS = {
    "spectral": """
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.band_excitation(f"be-{uuid.uuid4().hex[:8]}.h5"))
w
""",
    # a results group never computed: the message box, and "not computed" in the tree
    "uncomputed": """
from usid_widgets import explorer, datasets
import uuid
path = datasets.sparse_scan(f"sp-{uuid.uuid4().hex[:8]}.h5", n_points=12, completed=0)
w = explorer(path)
w.dataset = [p for p in w.tree.mains if "Process" in p or "Fit" in p][0]
w
""",
    "stem": """
from usid_widgets import explorer, datasets
import uuid
w = explorer(datasets.four_d_stem(f"4d-{uuid.uuid4().hex[:8]}.h5", scan=8, detector=12))
w
""",
}


def _wait_drawn(page, kind: str) -> None:
    mode = "message" if kind == "uncomputed" else "grid"
    page.wait_for_function(
        "(mode) => { const h = document.querySelector('.usidw-heatmap');"
        " return !!h && h.dataset.mode === mode; }",
        arg=mode,
    )
    if kind == "uncomputed":
        page.wait_for_function("() => document.querySelector('.usidw-not-computed')")
    elif kind == "spectral":
        page.wait_for_function("() => document.querySelector('.bqplot .axislabel')")
    else:
        page.wait_for_function(
            "() => document.querySelectorAll('.usidw-heatmap[data-mode=grid]').length === 2"
        )
    page.wait_for_function("() => document.querySelector('.usidw-tree .usidw-current')")


def test_the_helper_sees_a_low_contrast_text(open_notebook, page):
    # a check that cannot fail is no check: grey on grey is reported, black on white is not
    open_notebook(["1"])
    page.evaluate(
        """() => {
            const box = document.createElement('div');
            box.className = 'usidw-probe';
            box.style.cssText = 'background: #ffffff; padding: 4px';
            box.innerHTML = '<span style="color: #aaaaaa">faint</span>'
              + '<span style="color: #000000">plain</span>'
              + '<svg width="60" height="20">'
              + '<text x="0" y="15" style="fill: #bbbbbb">svg</text></svg>';
            document.body.appendChild(box);
        }"""
    )
    report = contrast_report(page, ".usidw-probe")
    assert report["checked"] == 3
    assert sorted(f["text"] for f in report["failures"]) == ["faint", "svg"]


@pytest.mark.parametrize("kind", sorted(DATASETS))
def test_every_text_reads_in_both_themes(open_notebook, page, page_errors, screenshot, kind):
    session = open_notebook([DATASETS[kind]])
    session.run_all()
    _wait_drawn(page, kind)
    # the tree unfolded (a narrow explorer folds it), its selected row the dataset on screen;
    # focused, so the details show too
    session.execute("w.tree.collapsed = False")
    page.locator(".usidw-tree .usidw-current").first.click()
    failed = []
    for theme in THEMES:
        set_theme(page, theme)
        slug = theme.split()[-1].lower()
        for width, height in ((1024, 768), (1600, 1000)):
            page.set_viewport_size({"width": width, "height": height})
            page.locator(".usidw-explorer").first.scroll_into_view_if_needed()
            report = contrast_report(page)
            assert report["checked"] > 30, report  # the tree, the views and the plot were seen
            failed += [(slug, width, f) for f in report["failures"]]
            screenshot(f"{kind}-{slug}-{width}x{height}")
            # the lower half: the plot or the diffraction plane, and the sliders
            page.locator(".usidw-explorer").first.evaluate(
                "(el) => el.scrollIntoView({block: 'end'})"
            )
            screenshot(f"{kind}-{slug}-{width}x{height}-lower")
    assert failed == [], "\n".join(map(repr, failed))
    assert low_contrast(page, ".usidw-explorer .bqplot") == []
    page_errors.assert_clean()
